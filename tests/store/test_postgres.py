"""What only the PostgreSQL store does: its schema versions, several processes writing one
database at once, its own text search configurations, its errors. (The behaviour both stores
share is tested once, in the other tests here, against both.)"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quotetrail.errors import StoreError
from quotetrail.store import open_store
from tests.conftest import SAMPLE, make_document

ROOT = Path(__file__).resolve().parents[2]

# Short articles written for this test: each names a speaker and a quotation, no two alike.
ARTICLES = {
    "de_brücke.txt": "Brücke in Lindau gesperrt\n\nDie Bürgermeisterin Clara Brandt sagte am Montag, die "
                     "Brücke bleibe bis zum Sommer gesperrt. Pendler müssen einen Umweg fahren.",
    "de_schule.txt": "Neue Schule in Kappeln\n\nDer Schulleiter Jonas Weber sagte, 420 Kinder würden ab "
                     "Herbst dort lernen. Der Bau habe zwei Jahre gedauert.",
    "de_fähre.txt": "Fähre fährt wieder\n\n„Wir sind froh, dass der Betrieb läuft“, sagte Reederin Anke "
                    "Sommer am Dienstag. Die Fähre war drei Wochen ausgefallen.",
    "en_library.txt": "Library reopens in Dunmore\n\nThe librarian Ruth Hale said on Monday that the "
                      "reading room would open every evening. The roof had been repaired.",
    "en_market.txt": "Farmers market moves\n\n\"We needed more space,\" organiser Tom Reed said on "
                     "Saturday. The market now fills the old station square.",
    "en_bus.txt": "Night buses return\n\nCity councillor Maya Lind said that 12 night routes would run "
                  "again from March. Drivers had been hard to find.",
}


def _ingest(folder: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "QUOTETRAIL_DB": url}
    return subprocess.Popen([sys.executable, "-m", "quotetrail", "ingest", str(folder)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_two_processes_ingesting_one_folder_at_once_store_each_article_once(tmp_path: Path, pg_url: str) -> None:
    news = tmp_path / "news"
    news.mkdir()
    for name, text in ARTICLES.items():
        (news / name).write_text(text, encoding="utf-8")
    # both start on an empty database: they also race to create the schema
    runs = [_ingest(news, pg_url), _ingest(news, pg_url)]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert all("0 failed" in out for out in outputs), outputs
    with open_store(pg_url) as store:
        rows = store.db.execute("SELECT id, origin, content_hash FROM articles ORDER BY id").fetchall()
        assert sorted(Path(r[1]).name for r in rows) == sorted(ARTICLES)  # each once, none lost
        assert [r[0] for r in rows] == list(range(1, len(ARTICLES) + 1))  # ids from the database, no gaps
        concurrent = _extracted(store)
    # everything extracted is there once: as much as one process alone stores
    alone = _ingest(news, str(tmp_path / "alone.db"))
    assert alone.communicate(timeout=600) and alone.returncode == 0
    with open_store(tmp_path / "alone.db") as store:
        assert concurrent == _extracted(store)


def _add_all(url: str, order: list[int]) -> None:
    with open_store(url) as store:
        for i in order:
            store.add(make_document(SAMPLE["de"]["text"] + f" Meldung {i}: {' '.join(['Pegel'] * i)}."))


def test_processes_racing_to_store_the_same_articles_store_each_once(pg_url: str) -> None:
    # no analysis in between: the writes themselves overlap, in opposite orders
    open_store(pg_url).close()
    numbers = list(range(1, 25))
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_add_all, args=(pg_url, order)) for order in (numbers, numbers[::-1])]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
    assert [w.exitcode for w in workers] == [0, 0]
    with open_store(pg_url) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY id")]
        assert ids == list(range(1, len(numbers) + 1))
        assert store.db.execute("SELECT count(DISTINCT article_id), count(*) FROM attributions").fetchone()[:] == (
            len(numbers), len(numbers))


def _extracted(store) -> dict[str, tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    """Per article (by file name): how many statements, mentions and figures it has."""
    out = {}
    for article_id, origin in store.db.execute("SELECT id, origin FROM articles").fetchall():
        out[Path(origin).name] = tuple(
            store.db.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?", (article_id,)).fetchone()[0]
            for table in ("attributions", "mentions", "figures"))
    return out


def _versions() -> list[tuple[int, str]]:
    from quotetrail.store.postgres import pg_migrations

    return pg_migrations()


def test_schema_is_versioned_and_a_newer_database_is_refused(pg_url: str) -> None:
    with open_store(pg_url) as store:
        latest = store.version
        assert latest == len(_versions())
        store.db.execute("INSERT INTO quotetrail_schema (version) VALUES (?)", (latest + 1,))
    with pytest.raises(StoreError, match=f"schema version {latest + 1}, newer"):
        open_store(pg_url)


def test_reopening_applies_no_migration_twice(pg_url: str) -> None:
    with open_store(pg_url) as store:
        store.add(make_document())
    with open_store(pg_url) as store:
        assert store.count() == 1
        assert store.db.execute("SELECT count(*) FROM quotetrail_schema").fetchone()[0] == len(_versions())


def test_an_unreachable_database_is_one_line_without_the_password(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url("no_such_db").replace("postgres@", "postgres:sekrit@")
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert "\n" not in message and "sekrit" not in message and "no_such_db" in message


def test_one_watch_per_database(pg_url: str) -> None:
    with open_store(pg_url) as first, open_store(pg_url) as second:
        with first.only_watcher():
            with pytest.raises(StoreError, match="another watch is running"):
                with second.only_watcher():
                    pass
        with second.only_watcher():  # released when the first stopped
            pass


def test_without_psycopg_a_postgresql_url_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    monkeypatch.delitem(sys.modules, "quotetrail.store.postgres", raising=False)
    monkeypatch.delitem(sys.modules, "quotetrail.store.pg", raising=False)
    with pytest.raises(StoreError, match=r"pip install 'quotetrail\[postgres\]'"):
        open_store("postgresql://someone@db.example/quotes")


def test_cli_on_a_missing_database_is_one_error_line(pg_server) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from quotetrail.serve.cli import app

    url = pg_server.url("missing_db")
    result = CliRunner().invoke(app, ["quotes", "--db", url])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"Error: cannot open database {url}:") and "missing_db" in line


def test_shared_sql_with_sqlite_only_forms_runs_on_this_server(pg_url: str) -> None:
    with open_store(pg_url) as store:
        store.add(make_document())
        assert store.db.execute("SELECT count(*) FROM (SELECT 1 FROM articles a WHERE 1 AND a.lang = ? LIMIT ?)",
                                ("de", 5)).fetchone()[0] == 1
        for title in ("beta", "Alpha", "gamma", "Ärger"):
            store.db.execute("INSERT INTO sources (name) VALUES (?)", (title,))
        names = [r[0] for r in store.db.execute("SELECT name FROM sources ORDER BY name COLLATE NOCASE, id")]
        assert names == ["Alpha", "beta", "gamma", "Ärger"]  # as SQLite: ASCII folded, then bytes
