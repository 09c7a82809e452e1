"""The SQLite store on hand-built documents (independent of the analysis quality)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from quotetrail.errors import StoreError
from quotetrail.ingest.dedup import signature
from quotetrail.link.entities import EntityLinker
from quotetrail.store import SQLiteStore, open_store
from quotetrail.store import sqlite as sqlite_module
from tests.conftest import SAMPLE, make_document

LANGS = ["de", "en"]

LONG = {
    "de": (
        "Die Ministerin Eva Roth sagte am Freitag, 300 Häuser seien betroffen. Der Rat tagte bis spät in die "
        "Nacht, die Feuerwehr pumpte Keller leer und sperrte zwei Brücken. Anwohner berichteten von Wasser in "
        "den Straßen, die Schulen blieben geschlossen. Am Wochenende soll der Pegel wieder sinken."
    ),
    "en": (
        "Minister Eva Roth said on Friday that 300 houses were damaged. The council met until late at night, "
        "firefighters pumped out cellars and closed two bridges. Residents reported water in the streets and "
        "schools stayed closed. The river is expected to fall again over the weekend."
    ),
}


def _assert_anchored(text: str, span: dict | None) -> None:
    if span is not None:
        assert text[span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize("lang", LANGS)
def test_added_document_round_trips_with_offsets(fresh_store: SQLiteStore, lang: str) -> None:
    doc = make_document(lang=lang, site="Beispielblatt", author="Ina Vogt")
    doc.article.inferred = {"published"}
    doc.article.dropped = ["2 Min. Lesezeit"]
    result = fresh_store.add(doc)
    assert result.status == "added"
    stored = fresh_store.article(result.article_id)
    assert stored is not None and stored["text"] == doc.text
    assert (stored["site"], stored["author"], stored["lang"]) == ("Beispielblatt", "Ina Vogt", lang)
    assert stored["inferred"] == ["published"] and stored["dropped"] == ["2 Min. Lesezeit"]
    [q] = stored["attributions"]
    assert q["speaker_name"] == "Eva Roth" and q["form"] == "indirect"
    assert q["content"]["text"] == SAMPLE[lang]["content"] and q["cue"]["text"] == SAMPLE[lang]["cue"]
    assert q["date"] == {**q["date"], "text": SAMPLE[lang]["date"], "value": "2026-11-13"}
    for key in ("content", "cue", "speaker", "date"):
        _assert_anchored(stored["text"], q[key])
    [f] = stored["figures"]
    assert f["value"] == 300 and f["claimed_by"] == "Eva Roth" and f["counted"]["text"] == SAMPLE[lang]["counted"]
    for key in ("span", "counted", "scope", "hedge"):
        _assert_anchored(stored["text"], f[key])
    [m] = stored["mentions"]
    assert (m["name"], m["label"]) == ("Eva Roth", "PER")
    [d] = stored["dates"]
    assert (d["text"], d["value"], d["relative"]) == (SAMPLE[lang]["date"], "2026-11-13", True)
    for item in (m, d):
        _assert_anchored(stored["text"], item)
    json.dumps(stored)  # plain data, serialisable as is


def test_same_article_twice_is_stored_once(fresh_store: SQLiteStore) -> None:
    first = fresh_store.add(make_document())
    again = fresh_store.add(make_document(origin="elsewhere"))
    assert again.status == "duplicate" and again.article_id == first.article_id
    assert fresh_store.count() == 1 and len(fresh_store.quotes()) == 1
    assert fresh_store.find_by_hash(make_document().article.content_hash) == first.article_id


def test_entity_is_shared_across_articles(fresh_store: SQLiteStore) -> None:
    fresh_store.add(make_document(lang="de"))
    fresh_store.add(make_document(lang="en"))
    assert fresh_store.db.execute("SELECT count(*) FROM entities").fetchone()[0] == 1
    ids = {r[0] for r in fresh_store.db.execute("SELECT speaker_entity_id FROM attributions")}
    assert len(ids) == 1 and None not in ids


def _fail_in_entities(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> int:
        # the article row and its entity links are already written by now
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr(EntityLinker, "_speaker", fail)


def _fail_in_figures(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    original = sqlite_module._cols

    def fail_at_figure_span(span):  # type: ignore[no-untyped-def]
        if span is not None and span.text == "300":
            raise OSError("disk full (simulated)")
        return original(span)

    monkeypatch.setattr(sqlite_module, "_cols", fail_at_figure_span)


@pytest.mark.parametrize("breaker", [_fail_in_entities, _fail_in_figures], ids=["entities", "figures"])
def test_crash_mid_write_leaves_nothing_of_that_article(
    fresh_store: SQLiteStore, store_target: str | Path, monkeypatch: pytest.MonkeyPatch, breaker
) -> None:  # type: ignore[no-untyped-def]
    earlier = fresh_store.add(make_document(lang="en"))
    broken = make_document("Der Minister Paul Kern sagte am Freitag, 300 Häuser seien betroffen, Eva Roth schwieg.")
    breaker(fresh_store, monkeypatch)
    with pytest.raises((sqlite3.OperationalError, OSError)):
        fresh_store.add(broken)
    monkeypatch.undo()
    fresh_store.close()
    with open_store(store_target) as reopened:  # what is on disk, not what a connection caches
        assert reopened.count() == 1
        for table, n in (("mentions", 1), ("attributions", 1), ("figures", 1), ("dates", 1)):
            assert reopened.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n, table
        assert reopened.find_by_hash(broken.article.content_hash) is None
        kept = reopened.article(earlier.article_id)
        assert kept is not None and kept["text"] == SAMPLE["en"]["text"] and kept["attributions"]
        assert reopened.add(broken).status == "added"  # nothing half-written blocks a retry


def test_quotes_filter_by_speaker_lang_and_since(fresh_store: SQLiteStore) -> None:
    fresh_store.add(make_document(lang="de"))
    fresh_store.add(make_document(lang="en"))
    assert len(fresh_store.quotes(speaker="Roth")) == 2
    assert fresh_store.quotes(speaker="Kern") == []
    assert [q["article"]["lang"] for q in fresh_store.quotes(lang="en")] == ["en"]
    assert len(fresh_store.quotes(since="2026-11-13")) == 2  # the date the statement was made
    assert fresh_store.quotes(since="2026-11-14") == []
    assert len(fresh_store.quotes(limit=1)) == 1 and len(fresh_store.quotes(limit=1, offset=1)) == 1


@pytest.mark.parametrize(("lang", "query", "hit"), [("de", "sagen", "sagte"), ("en", "say", "said")])
def test_search_finds_other_inflections_in_articles(fresh_store: SQLiteStore, lang: str, query: str, hit: str) -> None:
    added = fresh_store.add(make_document(lang=lang, title="Hochwasser"))
    [r] = [r for r in fresh_store.search(query) if not r["quote"]]
    assert (r["article_id"], r["title"]) == (added.article_id, "Hochwasser")
    [(start, end)] = r["highlights"]
    assert r["snippet"][start:end] == hit


@pytest.mark.parametrize(("lang", "query"), [("de", "Haus"), ("en", "house")])
def test_search_finds_other_inflections_in_quotes(fresh_store: SQLiteStore, lang: str, query: str) -> None:
    added = fresh_store.add(make_document(lang=lang))
    [q] = [r for r in fresh_store.search(query) if r["quote"]]
    assert q["article_id"] == added.article_id and q["speaker_name"] == "Eva Roth"
    [(start, end)] = q["highlights"]
    assert q["snippet"][start:end] == SAMPLE[lang]["counted"]


def test_search_ignores_diacritics_and_requires_every_word(fresh_store: SQLiteStore) -> None:
    fresh_store.add(make_document())
    assert fresh_store.search("Hauser betroffen")  # without the umlaut
    assert fresh_store.search("Häuser Kanzler") == []


RANKING = {
    "de": ("Deich", " Am Deich wachten nachts Helfer, der Deich wurde erhöht, und hinter dem Deich stapelten "
           "Freiwillige Sandsäcke, bis der Deich wieder sicher war.",
           " Die Feuerwehr pumpte Keller leer, Schulen blieben geschlossen, Busse fuhren Umwege, und ein Deich "
           "im Norden galt als sicher."),
    "en": ("levee", " Volunteers guarded the levee at night, the levee was raised, and behind the levee people "
           "stacked sandbags until the levee was safe again.",
           " Firefighters pumped out cellars, schools stayed closed, buses took detours, and a levee in the "
           "north was said to be safe."),
}


@pytest.mark.parametrize("lang", LANGS)
def test_search_ranks_the_article_most_about_the_words_first(fresh_store: SQLiteStore, lang: str) -> None:
    word, about_text, aside_text = RANKING[lang]
    # stored first, so the newest-first tie order would put it last: only ranking lifts it
    about = fresh_store.add(make_document(SAMPLE[lang]["text"] + about_text, lang=lang))
    aside = fresh_store.add(make_document(SAMPLE[lang]["text"] + aside_text, lang=lang))
    assert "added" == about.status == aside.status
    assert [r["article_id"] for r in fresh_store.search(word, kind="article")] == [about.article_id,
                                                                                   aside.article_id]


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "NEAR(", "*", "", "title:x", "a\"b"])
def test_search_syntax_is_neutralised(fresh_store: SQLiteStore, query: str) -> None:
    fresh_store.add(make_document())
    assert isinstance(fresh_store.search(query), list)  # must not raise


@pytest.mark.parametrize("lang", LANGS)
def test_near_duplicate_is_recorded_as_copy(fresh_store: SQLiteStore, lang: str) -> None:
    text = LONG[lang]
    first = fresh_store.add(make_document(text, lang=lang), signature=signature(text))
    copy_text = text + " (dpa)"
    copy = make_document(copy_text, lang=lang, origin="copy.txt", site="Other Paper")
    result = fresh_store.add(copy, signature=signature(copy_text))
    assert (result.status, result.article_id) == ("copy", first.article_id)
    assert result.similarity is not None and result.similarity >= 0.85
    assert fresh_store.add(copy, signature=signature(copy_text)).status == "duplicate"  # recorded once
    assert fresh_store.count() == 1
    stored = fresh_store.article(first.article_id)
    assert stored is not None
    assert [(c["origin"], c["site"]) for c in stored["copies"]] == [("copy.txt", "Other Paper")]


def test_near_duplicate_index_is_rebuilt_on_open(store_path: Path) -> None:
    text = LONG["de"]
    with open_store(store_path) as store:
        first = store.add(make_document(text), signature=signature(text))
    with open_store(store_path) as store:
        near = store.find_near_duplicate(signature(text + " (dpa)"))
        assert near is not None and near[0] == first.article_id
        assert store.find_near_duplicate(signature(LONG["en"])) is None


def test_articles_and_export(fresh_store: SQLiteStore) -> None:
    ids = [fresh_store.add(make_document(lang=lang)).article_id for lang in LANGS]
    assert sorted(a["id"] for a in fresh_store.articles()) == ids
    assert [a["lang"] for a in fresh_store.articles(lang="de")] == ["de"]
    exported = list(fresh_store.export())
    assert [e["id"] for e in exported] == ids
    assert all(e["attributions"] and e["figures"] and e["text"] for e in exported)


def test_schema_is_versioned_and_newer_db_refused(store_path: Path) -> None:
    store = open_store(store_path)
    assert store.version == max(n for n, _ in sqlite_module._migrations())
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.db.execute("PRAGMA user_version = 999")
    store.close()
    with pytest.raises(StoreError, match="newer than this quotetrail knows"):
        open_store(store_path)


def test_old_database_is_migrated_and_keeps_its_articles(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps = sqlite_module._migrations()
    monkeypatch.setattr(sqlite_module, "_migrations", lambda: steps[:1])
    with open_store(store_path) as v1:
        assert v1.version == 1
        v1.db.execute("BEGIN")  # a version-1 writer: no lemma column for quotes yet
        v1.db.execute("INSERT INTO articles (content_hash, origin, words, text) VALUES ('h', 'old', 3, 'Sie sagte nein.')")
        v1.db.execute("INSERT INTO attributions (article_id, seq, form, sentence, content_start, content_end, "
                      "content_text) VALUES (1, 0, 'direct', 0, 10, 14, 'nein')")
        v1.db.execute("COMMIT")
    monkeypatch.undo()
    with open_store(store_path) as store:
        assert store.version == steps[-1][0]
        assert store.count() == 1
        assert [r["quote"] for r in store.search("nein")] == [False, True]


def test_failed_migration_is_rolled_back(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps = sqlite_module._migrations()
    open_store(store_path).close()
    broken = (steps[-1][0] + 1, "CREATE TABLE extra (x INTEGER);\nINSERT INTO no_such_table VALUES (1);")
    monkeypatch.setattr(sqlite_module, "_migrations", lambda: [*steps, broken])
    with pytest.raises(StoreError, match=f"migration {broken[0]} failed"):
        open_store(store_path)
    monkeypatch.undo()
    with open_store(store_path) as store:
        assert store.version == steps[-1][0]
        assert store.db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0


def test_wal_mode(sqlite_store: SQLiteStore) -> None:
    assert sqlite_store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_store_offers_everything_a_store_must(fresh_store: SQLiteStore) -> None:
    from quotetrail.store import Store

    assert isinstance(fresh_store, Store)
    assert json.loads(json.dumps(fresh_store.add(make_document()).to_dict())) == {
        "status": "added", "article_id": 1, "similarity": None}


def test_split_cue_is_stored_in_pieces(fresh_store: SQLiteStore) -> None:
    from quotetrail.analysis import default_pipeline
    from quotetrail.model import Article

    text = "Die Ministerin Anke Rohde gab am Montag bekannt, dass die Schule schließt."
    doc = default_pipeline()(Article(text=text, origin="cue.txt", lang="de"))
    stored = fresh_store.article(fresh_store.add(doc).article_id)
    assert stored is not None
    [q] = stored["attributions"]
    assert q["cue"]["text"] == "gab" and [p["text"] for p in q["cue_parts"]] == ["bekannt"]
    assert q["cue_text"] == "gab … bekannt"
    for part in q["cue_parts"]:
        _assert_anchored(stored["text"], part)
