"""Batched writes (`SQLiteStore.batched`, what `quotetrail ingest` uses): the same store as one
transaction an article, a failing article still costs only itself, and a crash loses at most the
batch not yet committed, which the same ingest run again stores."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import quotetrail
from quotetrail.api import ingest
from quotetrail.errors import StoreError
from quotetrail.link.entities import EntityLinker
from quotetrail.store import open_store

# sentences written for these tests: two stories, quotes, figures and people across articles
TEXTS = {
    "a_flood": "Die Ministerin Eva Roth sagte am Freitag, 300 Häuser seien in Kleinfeld überflutet. "
               "Die Feuerwehr pumpte die ganze Nacht Keller leer.",
    "b_flood": "Nach dem Hochwasser in Kleinfeld sagte Eva Roth, 300 Häuser seien überflutet. "
               "Der Bürgermeister Jonas Berger forderte schnelle Hilfe für die Anwohner.",
    "c_vote": "Bei der Wahl in Altdorf erhielt Jonas Berger 61 Prozent der Stimmen. "
              "Berger sagte, er wolle zuerst die Schulen sanieren.",
    "d_vote": "Der neue Bürgermeister von Altdorf, Jonas Berger, sagte, die Schulen kämen zuerst. "
              "Die Wahlbeteiligung lag bei 48 Prozent.",
    "e_flood": "Minister Eva Roth said on Friday that 300 houses in Kleinfeld were flooded. "
               "Firefighters pumped out cellars all night.",
}
# FTS5's own tables hold its index segments, which depend on when commits happen: compared by
# searching instead
_SKIP = ("sqlite_", "articles_fts", "quotes_fts")


def _folder(tmp: Path) -> Path:
    folder = tmp / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows (but FTS5's), without the time of ingest."""
    con = sqlite3.connect(db)
    out = {}
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        if table.startswith(_SKIP):
            continue
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
        out[table] = con.execute(f"SELECT {', '.join(repr(c) for c in cols)} FROM {table} ORDER BY 1").fetchall()
    con.close()
    return out


def _searches(db: Path) -> list[object]:
    with open_store(db) as store:
        return [store.search(q) for q in ("Roth", "Schulen", "houses", "Häuser überflutet")]


def _ingest(folder: Path, db: Path, articles: int | None) -> None:
    with open_store(db) as store:
        if articles is None:
            store.BATCHES = False  # one transaction an article, as before batches
        else:
            store.BATCH_ARTICLES = articles
        report = ingest([str(folder)], store)
    assert len(report.added) == len(TEXTS) and not report.failures


@pytest.mark.parametrize("articles", [2, 50])
def test_batched_ingest_stores_what_one_transaction_an_article_stores(tmp_path: Path, articles: int) -> None:
    folder = _folder(tmp_path)
    _ingest(folder, tmp_path / "single.db", None)
    _ingest(folder, tmp_path / "batched.db", articles)
    single = _dump(tmp_path / "single.db")
    assert single["attributions"] and single["figures"] and single["claim_members"]
    assert _dump(tmp_path / "batched.db") == single
    found = _searches(tmp_path / "single.db")
    assert all(found) and _searches(tmp_path / "batched.db") == found


def test_a_failing_article_in_a_batch_costs_only_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    real = EntityLinker.link

    def fail_on_vote(self: EntityLinker, article_id: int, doc: object) -> object:
        if "Altdorf erhielt" in doc.article.text:  # type: ignore[attr-defined]
            raise sqlite3.OperationalError("disk I/O error (simulated)")
        return real(self, article_id, doc)  # type: ignore[arg-type]

    monkeypatch.setattr(EntityLinker, "link", fail_on_vote)
    with open_store(tmp_path / "s.db") as store:
        report = ingest([str(folder)], store)
    assert len(report.added) == 4 and len(report.failures) == 1 and "c_vote.txt" in report.failures[0]
    monkeypatch.undo()
    with open_store(tmp_path / "s.db") as store:  # what is on disk
        origins = {Path(r[0]).stem for r in store.db.execute("SELECT origin FROM articles")}
        assert origins == set(TEXTS) - {"c_vote"}
        assert ingest([str(folder)], store).added  # the failed one goes in on a second run
    with open_store(tmp_path / "s.db") as store:
        assert store.count() == len(TEXTS)


def test_a_batch_commits_every_n_articles_and_at_its_end(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    seen: list[int] = []
    watcher = None
    with open_store(tmp_path / "s.db") as store:
        watcher = sqlite3.connect(tmp_path / "s.db")  # another process's view: committed rows only

        def after_each(report: object) -> None:
            seen.append(watcher.execute("SELECT count(*) FROM articles").fetchone()[0])

        store.BATCH_ARTICLES = 2
        store.BATCH_SECONDS = 3600.0
        ingest([str(folder)], store, on_progress=lambda *a: after_each(None))
        assert seen == [0, 2, 2, 4, 4]  # committed after the 2nd and 4th, not after each
    assert watcher.execute("SELECT count(*) FROM articles").fetchone()[0] == len(TEXTS)
    watcher.close()


_CHILD = """
import sys
from quotetrail.api import ingest
from quotetrail.errors import StoreError
from quotetrail.store import open_store
store = open_store(sys.argv[1])
store.BATCH_ARTICLES, store.BATCH_SECONDS = 3, 3600.0
def stop_after(item, done, total):
    if done == 4:  # one batch of 3 committed, the 4th article only in the open batch
        print("stop", flush=True)
        sys.stdin.readline()  # killed here
ingest([sys.argv[2]], store, on_progress=stop_after)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
def test_after_kill_9_mid_batch_a_second_run_gives_the_store_of_a_clean_run(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _ingest(folder, tmp_path / "clean.db", None)
    src = str(Path(quotetrail.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    db = tmp_path / "crashed.db"
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(db), str(folder)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None and proc.stdout.readline() == "stop\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    with open_store(db) as store:
        assert store.count() == 3  # the committed batch, whole; nothing of the open one
        report = ingest([str(folder)], store)
    assert len(report.added) == 2 and report.duplicates == 3
    assert _dump(db) == _dump(tmp_path / "clean.db")
    assert _searches(db) == _searches(tmp_path / "clean.db")


def test_a_batch_sqlite_rolled_back_whole_is_reported_and_a_second_run_restores_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLite ends the whole transaction itself on some errors (disk full, I/O): the articles of
    # the open batch before the failing one are gone too, and the process must not go on as if not
    folder = _folder(tmp_path)
    _ingest(folder, tmp_path / "clean.db", None)
    real = EntityLinker.link

    def full_disk_on_vote(self: EntityLinker, article_id: int, doc: object) -> object:
        if "Altdorf erhielt" in doc.article.text:  # type: ignore[attr-defined]
            self.db.execute("ROLLBACK")  # what SQLite does on SQLITE_FULL
            raise sqlite3.OperationalError("database or disk is full (simulated)")
        return real(self, article_id, doc)  # type: ignore[arg-type]

    monkeypatch.setattr(EntityLinker, "link", full_disk_on_vote)
    db = tmp_path / "s.db"
    with open_store(db) as store:
        report = ingest([str(folder)], store)
    [failure] = report.failures
    assert "c_vote.txt" in failure and "and the 2 written before it" in failure and "\n" not in failure
    assert "run the same ingest again" in failure
    monkeypatch.undo()
    with open_store(db) as store:
        # a_flood and b_flood went with the batch; what came after the failure was stored
        assert {Path(r[0]).stem for r in store.db.execute("SELECT origin FROM articles")} == {"d_vote", "e_flood"}
        assert len(ingest([str(folder)], store).added) == 3
    with open_store(db) as store, open_store(tmp_path / "clean.db") as clean:
        # same articles, and the same stories (ids differ: the order of ingest did)
        def groups(s: object) -> set[frozenset[str]]:
            rows = s.db.execute("SELECT origin, story_id FROM articles").fetchall()  # type: ignore[attr-defined]
            out: dict[int, set[str]] = {}
            for origin, story in rows:
                out.setdefault(story, set()).add(Path(origin).stem)
            return {frozenset(g) for g in out.values()}

        assert groups(store) == groups(clean)


class _FailingCommits:
    """A connection whose COMMIT fails as a full disk would make it (and SQLite then rolls back)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._writing = False

    def execute(self, sql: str, *args: object) -> object:
        self._writing = self._writing or sql == "BEGIN IMMEDIATE"  # read transactions commit fine
        if sql == "COMMIT" and self._writing:
            self._db.execute("ROLLBACK")
            raise sqlite3.OperationalError("database or disk is full (simulated)")
        return self._db.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self._db, name)


def test_a_failed_commit_at_the_end_of_an_ingest_says_what_was_lost_and_a_rerun_stores_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    db = tmp_path / "s.db"
    with open_store(db) as store:
        store.BATCH_SECONDS = 3600.0  # one batch: committed when the ingest ends
        real = store.db
        store.db = _FailingCommits(real)  # type: ignore[assignment]
        with pytest.raises(StoreError, match=r"could not commit the last 5 articles .*run the same ingest again"):
            ingest([str(folder)], store)
        store.db = real
        assert store.count() == 0
        assert len(ingest([str(folder)], store).added) == len(TEXTS)
