"""Stories in the store: articles get a story as they are ingested, across runs and languages."""

from __future__ import annotations

from pathlib import Path

from quotetrail.store import open_store
from tests.link.test_entities import add

DE = ("Die Hafenbeauftragte Anna Keller sagte am Montag in Bremerhaven, der Streik der Hafenarbeiter "
      "lege den Containerumschlag lahm. Gewerkschafter Paul Brandt sagte, die Hafenarbeiter forderten "
      "mehr Lohn.")
EN = ("Port commissioner Anna Keller said on Monday that the dockworkers' strike in Bremerhaven had "
      "halted container traffic. Union leader Paul Brandt said the dockworkers wanted higher pay.")
OTHER = "Die Bürgermeisterin Lena Vogt sagte, die neue Bibliothek öffne im Frühjahr mit längeren Öffnungszeiten."


def test_same_event_in_two_languages_is_one_story_and_an_unrelated_article_is_not(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
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


def test_a_later_ingest_run_continues_the_stories(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    a = add(store, DE, day="2026-06-01")
    store.close()  # saves the live window
    store = open_store(path)
    b = add(store, EN, day="2026-06-02", lang="en")
    story_of = dict(store.db.execute("SELECT id, story_id FROM articles").fetchall())
    assert story_of[a] == story_of[b]
    store.close()


def test_a_lost_window_never_reuses_a_story_id(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    add(store, DE, day="2026-06-01")
    store._unsaved_stories = 0  # as if the process died before saving its window
    store.close()
    store = open_store(path)
    add(store, OTHER, day="2026-06-02")
    ids = [r[0] for r in store.db.execute("SELECT story_id FROM articles ORDER BY id")]
    assert len(set(ids)) == 2
    assert store.db.execute("SELECT count(*) FROM stories").fetchone()[0] == 2
    store.close()
