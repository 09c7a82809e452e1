import sqlite3

import pytest

from quotetrail.errors import StoreError
from quotetrail.store import SQLiteStore, open_store


def test_added_document_round_trips_with_offsets(fresh_store: SQLiteStore, make_document) -> None:
    doc = make_document()
    result = fresh_store.add(doc)
    assert result.status == "added"
    stored = fresh_store.article(result.article_id)
    assert stored is not None and stored["text"] == doc.text
    [q] = stored["attributions"]
    assert q["speaker_name"] == "Eva Roth" and q["form"] == "indirect"
    for key in ("content", "cue", "speaker"):
        assert stored["text"][q[key]["start"] : q[key]["end"]] == q[key]["text"]
    [f] = stored["figures"]
    assert f["value"] == 300 and f["claimed_by"] == "Eva Roth" and f["counted"]["text"] == "Häuser"


def test_same_article_twice_is_stored_once(fresh_store: SQLiteStore, make_document) -> None:
    first = fresh_store.add(make_document())
    again = fresh_store.add(make_document(origin="elsewhere"))
    assert again.status == "duplicate" and again.article_id == first.article_id
    assert fresh_store.count() == 1


def test_crash_mid_write_leaves_nothing_of_that_article(fresh_store: SQLiteStore, make_document, monkeypatch) -> None:
    fresh_store.add(make_document())
    broken = make_document("Der Minister Paul Kern sagte, 300 Häuser seien betroffen, Eva Roth schwieg.")
    original = fresh_store._entity_id
    calls = {"n": 0}

    def fail_later(name: str, type_: str) -> int:
        calls["n"] += 1
        if calls["n"] > 1:
            raise sqlite3.OperationalError("disk I/O error (simulated)")
        return original(name, type_)

    monkeypatch.setattr(fresh_store, "_entity_id", fail_later)
    with pytest.raises(sqlite3.OperationalError):
        fresh_store.add(broken)
    monkeypatch.undo()
    assert fresh_store.count() == 1
    assert len(fresh_store.quotes()) == 1
    rows = fresh_store.db.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert rows == 1


def test_quotes_filter_by_speaker_and_since(fresh_store: SQLiteStore, make_document) -> None:
    fresh_store.add(make_document())
    assert len(fresh_store.quotes(speaker="Roth")) == 1
    assert fresh_store.quotes(speaker="Kern") == []
    assert fresh_store.quotes(since="2027-01-01") == []


def test_search_finds_other_inflections(fresh_store: SQLiteStore, make_document) -> None:
    from quotetrail.api import analyse
    from quotetrail.model import Article

    fresh_store.add(analyse(Article(text="Der Minister sagte nichts dazu.", origin="t", lang="de")))
    fresh_store.add(make_document())
    hits = fresh_store.search("sagen")  # the texts only say "sagte"
    assert [h["kind"] for h in hits].count("article") == 1
    quote_hits = [h for h in fresh_store.search("Häuser") if h["kind"] == "quote"]
    [q] = quote_hits
    start, end = q["highlights"][0]
    assert q["snippet"][start:end] == "Häuser"


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "NEAR(", "*", ""])
def test_search_syntax_is_neutralised(fresh_store: SQLiteStore, make_document, query: str) -> None:
    fresh_store.add(make_document())
    fresh_store.search(query)  # must not raise


def test_near_duplicate_is_recorded_as_copy(fresh_store: SQLiteStore, make_document) -> None:
    from quotetrail.ingest.dedup import signature

    text = ("Die Ministerin Eva Roth sagte, 300 Häuser seien betroffen. " * 3) + "Der Rat tagte bis spät in die Nacht."
    doc = make_document(text)
    first = fresh_store.add(doc, signature=signature(text))
    copy_text = text + " (dpa)"
    near = fresh_store.find_near_duplicate(signature(copy_text))
    assert near is not None and near[0] == first.article_id
    copy = make_document(copy_text, origin="copy.txt").article
    fresh_store.add_copy(copy, near[0], near[1])
    fresh_store.add_copy(copy, near[0], near[1])  # idempotent
    assert fresh_store.count() == 1
    assert [c["origin"] for c in fresh_store.article(first.article_id)["copies"]] == ["copy.txt"]


def test_schema_is_versioned_and_newer_db_refused(store_path) -> None:
    store = open_store(store_path)
    assert store.version >= 1
    store.db.execute("PRAGMA user_version = 999")
    store.close()
    with pytest.raises(StoreError, match="newer than this quotetrail knows"):
        open_store(store_path)


def test_wal_mode(fresh_store: SQLiteStore) -> None:
    assert fresh_store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
