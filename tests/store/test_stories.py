"""Stories in the store: articles get a story as they are ingested, across runs and languages."""

from __future__ import annotations

import os
import pickle
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import quotetrail
from quotetrail.api import analyse
from quotetrail.model import Article, Document
from quotetrail.store import open_store, stories
from tests.link.test_entities import add

DE = ("Die Hafenbeauftragte Anna Keller sagte am Montag in Bremerhaven, der Streik der Hafenarbeiter "
      "lege den Containerumschlag lahm. Gewerkschafter Paul Brandt sagte, die Hafenarbeiter forderten "
      "mehr Lohn.")
EN = ("Port commissioner Anna Keller said on Monday that the dockworkers' strike in Bremerhaven had "
      "halted container traffic. Union leader Paul Brandt said the dockworkers wanted higher pay.")
OTHER = "Die Bürgermeisterin Lena Vogt sagte, die neue Bibliothek öffne im Frühjahr mit längeren Öffnungszeiten."


def test_same_event_in_two_languages_is_one_story_and_an_unrelated_article_is_not(store_target: str | Path) -> None:
    store = open_store(store_target)
    a = add(store, DE, day="2026-06-01")
    b = add(store, EN, day="2026-06-01", lang="en")
    c = add(store, OTHER, day="2026-06-02")
    story_of = dict(store.db.execute("SELECT id, story_id FROM articles").fetchall())
    assert story_of[a] == story_of[b] != story_of[c]
    [story] = store.stories(min_articles=2)
    assert {x["id"] for x in story["articles"]} == {a, b}
    assert {s["name"] for s in story["speakers"]} == {"Anna Keller", "Paul Brandt"}
    assert (story["first"], story["last"]) == ("2026-06-01", "2026-06-01")
    keller = store.find_speaker("Anna Keller")[0]
    assert [s["id"] for s in store.speaker(keller["id"])["stories"]] == [story["id"]]
    store.close()


def test_a_later_ingest_run_continues_the_stories(store_target: str | Path) -> None:
    path = store_target
    store = open_store(path)
    a = add(store, DE, day="2026-06-01")
    store.close()  # saves the live window
    store = open_store(path)
    b = add(store, EN, day="2026-06-02", lang="en")
    story_of = dict(store.db.execute("SELECT id, story_id FROM articles").fetchall())
    assert story_of[a] == story_of[b]
    store.close()


def test_a_lost_window_never_reuses_a_story_id(store_target: str | Path) -> None:
    path = store_target
    store = open_store(path)
    add(store, DE, day="2026-06-01")
    store.db.execute("DELETE FROM story_log")  # as if the window were lost (an older store)
    store.close()
    store = open_store(path)
    add(store, OTHER, day="2026-06-02")
    ids = [r[0] for r in store.db.execute("SELECT story_id FROM articles ORDER BY id")]
    assert len(set(ids)) == 2
    assert store.db.execute("SELECT count(*) FROM stories").fetchone()[0] == 2
    store.close()


def test_stores_taking_turns_across_checkpoints_keep_the_window_of_one_run(
        tmp_path: Path, docs: dict[str, Document], monkeypatch: pytest.MonkeyPatch) -> None:
    # two connections to one file, as two processes would have; a checkpoint every 2 articles,
    # so each store finds the log entries after its window pruned and starts from a checkpoint
    monkeypatch.setattr(stories, "SAVE_EVERY", 2)
    order = [docs[k] for k in ("bridge1", "strike", "football", "bridge2", "strike_en", "library", "bridge_en")]
    one = open_store(tmp_path / "one.db")
    for doc in order:
        one.add(doc)
    shared = [open_store(tmp_path / "shared.db"), open_store(tmp_path / "shared.db")]
    for i, doc in enumerate(order):
        shared[i % 2].add(doc)
    assert shared[0]._clusterer().to_state() == one._clusterer().to_state()
    assert shared[1]._clusterer().to_state() == one._clusterer().to_state()
    assert _partition(tmp_path / "shared.db") == _partition(tmp_path / "one.db")
    # the log keeps the entries since the checkpoint before the last one, no more
    assert shared[0].db.execute("SELECT count(*) FROM story_log").fetchone()[0] <= 4
    # a store further behind than that starts from the checkpoint
    behind = open_store(tmp_path / "shared.db")
    behind._clusterer()
    for doc in _docs(("late1", FOOTBALL + " Heute.", "de"), ("late2", ELECTION + " Heute.", "de"),
                     ("late3", OTHER + " Heute.", "de"), ("late4", DE + " Heute.", "de"),
                     ("late5", EN + " Today.", "en")):
        shared[0].add(doc)
    assert behind._clusterer().to_state() == shared[0]._clusterer().to_state()
    for store in (one, *shared, behind):
        store.close()


# ----------------------------------------------------------------- several processes, crashes
# Articles analysed once here, pickled, and stored by child processes (analysis is not what is
# tested; it would only slow the children down).

FOOTBALL = ("Der Fußballverein aus Hamburg hat seinen Trainer entlassen. Nach fünf Niederlagen in Folge "
            "zog der Vorstand die Konsequenzen. Die Fans hatten im Stadion lautstark protestiert.")
ELECTION = ("Bei der Bürgermeisterwahl in Kleinfeld hat der Kandidat Jonas Berger 61 Prozent der Stimmen "
            "erhalten. Berger sagte, er wolle zuerst die Schulen sanieren. Die Wahlbeteiligung lag bei "
            "48 Prozent.")
_CHILD = """
import pickle, sys
from pathlib import Path
from quotetrail.store import open_store, stories
db, docs_file = sys.argv[1:3]
docs = pickle.loads(Path(docs_file).read_bytes())
store = open_store(db)
print("ready", flush=True)
for doc in docs:  # one article each time the parent says so
    sys.stdin.readline()
    assert store.add(doc).status == "added"
    print("stored", flush=True)
sys.stdin.readline()  # a SIGKILL may come here: no close, nothing saved on the way out
store.close()
"""


def _docs(*items: tuple[str, str, str]) -> list[Document]:
    return [analyse(Article(text=text, origin=f"test:{name}", lang=lang, site="Testblatt",
                            published=date(2026, 6, 1))) for name, text, lang in items]


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    from tests.link.test_stories import BRIDGE_DE_1, BRIDGE_DE_2, BRIDGE_EN

    items = [("bridge1", BRIDGE_DE_1, "de"), ("bridge2", BRIDGE_DE_2, "de"), ("bridge_en", BRIDGE_EN, "en"),
             ("strike", DE, "de"), ("strike_en", EN, "en"), ("library", OTHER, "de"),
             ("football", FOOTBALL, "de"), ("election", ELECTION, "de")]
    return {d.article.origin.removeprefix("test:"): d for d in _docs(*items)}


class _Child:
    """A process storing its articles into ``db``, one each time it is told to."""

    def __init__(self, tmp: Path, db: str | Path, docs: list[Document], name: str) -> None:
        docs_file = tmp / f"{name}.pickle"
        docs_file.write_bytes(pickle.dumps(docs))
        src = str(Path(quotetrail.__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
        self.proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(db), str(docs_file)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        self.left = len(docs)
        assert self._line() == "ready\n"

    def _line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline()

    def _say(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def store_next(self) -> None:
        self._say()
        assert self._line() == "stored\n"
        self.left -= 1

    def finish(self) -> None:
        self._say()
        assert self.proc.wait(timeout=60) == 0


def _partition(db: str | Path) -> set[frozenset[str]]:
    """Which articles share a story (by origin), whatever the story ids."""
    store = open_store(db)
    groups: dict[int, set[str]] = {}
    for origin, story in store.db.execute("SELECT origin, story_id FROM articles"):
        groups.setdefault(story, set()).add(origin.removeprefix("test:"))
    store.close()
    return {frozenset(g) for g in groups.values()}


def _sequential(db: str | Path, docs: list[Document]) -> set[frozenset[str]]:
    store = open_store(db)
    for doc in docs:
        assert store.add(doc).status == "added"
    store.close()
    return _partition(db)


def _concurrent(tmp: Path, db: str | Path, *sets: list[Document]) -> set[frozenset[str]]:
    """Each set stored by its own process into ``db``, all open at once, taking turns article by
    article (so every process works on a window the others have changed since its last article)."""
    open_store(db).close()  # migrated once, before the children open it
    children = [_Child(tmp, db, docs, f"set{i}") for i, docs in enumerate(sets)]
    while any(c.left for c in children):
        for child in children:
            if child.left:
                child.store_next()
    for child in children:
        child.finish()
    return _partition(db)


def test_two_concurrent_ingests_give_the_stories_of_one_sequential_run(
        tmp_path: Path, store_target: str | Path, docs: dict[str, Document]) -> None:
    # each process stores articles of its own stories; ids must not collide across processes
    one = [docs["bridge1"], docs["football"], docs["bridge2"]]
    two = [docs["strike"], docs["library"], docs["strike_en"], docs["election"]]
    expected = _sequential(tmp_path / "sequential.db", one + two)
    assert expected == {frozenset({"bridge1", "bridge2"}), frozenset({"football"}),
                        frozenset({"strike", "strike_en"}), frozenset({"library"}), frozenset({"election"})}
    assert _concurrent(tmp_path, store_target, one, two) == expected


def test_concurrent_ingests_of_one_story_end_in_one_story(
        tmp_path: Path, store_target: str | Path, docs: dict[str, Document]) -> None:
    # each process must see the stories the other one opened meanwhile
    one = [docs["bridge1"], docs["strike"], docs["election"]]
    two = [docs["football"], docs["bridge2"], docs["strike_en"], docs["bridge_en"]]
    expected = _sequential(tmp_path / "sequential.db", one + two)
    assert expected == {frozenset({"bridge1", "bridge2", "bridge_en"}), frozenset({"strike", "strike_en"}),
                        frozenset({"football"}), frozenset({"election"})}
    assert _concurrent(tmp_path, store_target, one, two) == expected


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
def test_after_kill_9_the_rest_of_the_ingest_gets_the_stories_of_a_clean_run(
        tmp_path: Path, store_target: str | Path, docs: dict[str, Document]) -> None:
    order = [docs[k] for k in ("bridge1", "strike", "football", "bridge2", "strike_en", "library", "bridge_en")]
    expected = _sequential(tmp_path / "clean.db", order)
    db = store_target  # the crashed store
    child = _Child(tmp_path, db, order[:3], "first")
    for _ in range(3):
        child.store_next()
    child.proc.send_signal(signal.SIGKILL)
    child.proc.wait(timeout=30)
    assert _sequential(db, order[3:]) == expected


def test_a_failed_transaction_does_not_leave_its_story_in_memory(
        tmp_path: Path, docs: dict[str, Document], monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(tmp_path / "s.db")
    assert store.add(docs["bridge1"]).status == "added"
    real = store._assign_story

    def fail_after(*args: object) -> None:
        real(*args)  # type: ignore[arg-type]
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "_assign_story", fail_after)
    with pytest.raises(sqlite3.OperationalError):
        store.add(docs["football"])
    monkeypatch.undo()
    # the football article never reached the store, so its story must not attract anything
    assert store.add(docs["bridge2"]).status == "added"
    assert store.add(docs["football"]).status == "added"
    store.close()
    assert _partition(tmp_path / "s.db") == {frozenset({"bridge1", "bridge2"}), frozenset({"football"})}


def test_a_store_one_checkpoint_behind_replays_instead_of_decoding_it(
        tmp_path: Path, docs: dict[str, Document], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories, "SAVE_EVERY", 2)
    order = [docs[k] for k in ("bridge1", "strike", "football", "bridge2", "strike_en", "library", "bridge_en")]
    shared = [open_store(tmp_path / "shared.db"), open_store(tmp_path / "shared.db")]
    loads = []
    for store in shared:
        load = store._load_checkpoint
        monkeypatch.setattr(store, "_load_checkpoint", lambda load=load: loads.append(1) or load())
    for i, doc in enumerate(order):
        shared[i % 2].add(doc)
    assert len(loads) == 2  # each store's first article only
    for store in shared:
        store.close()


_AFTER_8 = ["ALTER TABLE articles DROP COLUMN analysed_chars", "ALTER TABLE attributions DROP COLUMN made_by",
            "DROP TABLE story_merges"]


def test_a_store_from_before_the_log_keeps_its_window(tmp_path: Path, docs: dict[str, Document]) -> None:
    # a store of schema 8 whose window (story_state) holds the bridge story: after the upgrade
    # the next bridge article still joins it, and a new story gets an id no story had
    path = tmp_path / "old.db"
    store = open_store(path)
    store.add(docs["bridge1"])
    state = store._clusterer().to_state()
    store.db.executescript(
        # undo what migrations after 8 added, so they run again on opening
        "DROP TABLE story_log; DROP TABLE story_checkpoint; DROP TABLE story_window; DELETE FROM sqlite_sequence; "
        "PRAGMA user_version = 8;"
        + "".join(f"{undo};" for undo in _AFTER_8) +
        "CREATE TABLE story_state (id INTEGER PRIMARY KEY CHECK (id = 1), state BLOB NOT NULL, "
        "next_id INTEGER NOT NULL);")
    store.db.execute("INSERT INTO story_state VALUES (1, ?, 2)", (state,))
    store.close()
    store = open_store(path)
    assert store.version >= 9
    store.add(docs["bridge2"])
    store.add(docs["football"])
    store.close()
    assert _partition(path) == {frozenset({"bridge1", "bridge2"}), frozenset({"football"})}


# ----------------------------------------------------------------- merges, order
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STRIKE = ("de_hafen_streik.txt", "en_port_strike.txt", "de_blog_hafen.txt", "en_follow_up.html")


def _ingest(db: Path, items: list[Path]) -> set[frozenset[str]]:
    from quotetrail.api import ingest
    from quotetrail.ingest import IngestOptions

    store = open_store(db)
    report = ingest([str(p) for p in items], store, IngestOptions(today=date(2026, 11, 22)))
    assert report.ok and len(report.added) == 6, report.failures
    groups: dict[int, set[str]] = {}
    for origin, story in store.db.execute("SELECT origin, story_id FROM articles"):
        groups.setdefault(story, set()).add(Path(origin).name.split(":")[0])
    sizes = dict(store.db.execute("SELECT id, size FROM stories").fetchall())
    # every story row counts its articles, and no row is left without any
    assert sizes == {story: len([o for o, s in store.db.execute("SELECT origin, story_id FROM articles")
                                 if s == story]) for story in groups}
    store.close()
    return {frozenset(g) for g in groups.values()}


def test_the_examples_give_the_same_stories_in_folder_reverse_and_date_order(tmp_path: Path) -> None:
    folder = _ingest(tmp_path / "folder.db", [EXAMPLES])  # what `make demo` does
    assert any(set(STRIKE) <= g for g in folder), folder  # the four strike articles: one story
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))
    assert _ingest(tmp_path / "reverse.db", files[::-1]) == folder
    by_date = [EXAMPLES / n for n in STRIKE] + [EXAMPLES / "briefs.jsonl"]
    assert _ingest(tmp_path / "date.db", by_date) == folder


def test_a_bridging_article_merges_two_stories_in_the_store_and_in_every_process(
        store_target: str | Path) -> None:
    from tests.link.test_stories import FLOOD_AID, FLOOD_BOTH, FLOOD_WATER

    water, aid, both = _docs(("water", FLOOD_WATER, "de"), ("aid", FLOOD_AID, "de"), ("both", FLOOD_BOTH, "de"))
    one, two = open_store(store_target), open_store(store_target)  # two processes' connections
    a = one.add(water).article_id
    c = two.add(aid).article_id
    story_of = dict(one.db.execute("SELECT id, story_id FROM articles").fetchall())
    assert story_of[a] != story_of[c]
    b = one.add(both).article_id
    # the older story survives, holds all three, and the other's row is gone
    story_of = dict(one.db.execute("SELECT id, story_id FROM articles").fetchall())
    assert story_of[a] == story_of[b] == story_of[c] == min(story_of.values())
    assert [tuple(r) for r in one.db.execute("SELECT id, size FROM stories")] == [(story_of[a], 3)]
    [story] = one.stories()
    assert [x["id"] for x in story["articles"]] == [a, c, b]
    # the absorbed story's id (a bookmark, `export --story`) shows where its articles went
    gone = max(r[0] for r in one.db.execute("SELECT story_id FROM story_log"))
    assert gone != story["id"] and one.story(gone) == story
    # the other process replays the merge from the log and ends in the same window
    assert two._clusterer().to_state() == one._clusterer().to_state()
    # and its next article goes where a single process would put it
    assert two.add(_docs(("again", FLOOD_AID + " Heute.", "de"))[0]).status == "added"
    assert len({r[0] for r in one.db.execute("SELECT story_id FROM articles")}) == 1
    one.close()
    two.close()
