"""What keeps search cheap under load: lemma dictionaries loaded once per process, forms
searched once, and common words ranked among their newest matches only."""

from __future__ import annotations

import threading
import time

import pytest

from quotetrail.store import SQLiteStore, sqlite
from tests.conftest import SAMPLE, make_document


def test_a_language_is_loaded_by_one_thread_while_the_others_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    loading, loaded = threading.Event(), threading.Event()
    beside_the_load: list[str] = []

    def lemma_of(word: str, lang: str) -> str:
        if loading.is_set():
            beside_the_load.append(word)
        elif not loaded.is_set():
            loading.set()
            time.sleep(0.1)  # the dictionary load
            loaded.set()
            loading.clear()
        return word

    monkeypatch.setattr(sqlite, "lemma_of", lemma_of)
    monkeypatch.setattr(sqlite, "_LEMMA_LANGS", set())
    first = threading.Thread(target=sqlite._lemma, args=("first", "xx"))
    first.start()
    time.sleep(0.02)
    others = [threading.Thread(target=sqlite._lemma, args=(f"word{i}", "xx")) for i in range(6)]
    for t in others:
        t.start()
    for t in [first, *others]:
        t.join()
    assert beside_the_load == []  # they waited instead of loading their own copy
    assert sqlite._LEMMA_LANGS == {"xx"}


def test_forms_the_index_cannot_tell_apart_are_searched_once() -> None:
    match, forms = sqlite._fts_query("Container")  # the English lemma is "container"
    assert match.lower().count('"container"') == 1
    assert forms == {"container"}


def _add(store: SQLiteStore, n: int, lang: str) -> list[int]:
    start = store.count()
    return [store.add(make_document(f"Bericht {start + i}. {SAMPLE[lang]['text']}", lang=lang,
                                    origin=f"{lang}{start + i}")).article_id for i in range(n)]


def test_a_common_word_is_ranked_among_its_newest_matches_only(fresh_store: SQLiteStore) -> None:
    ids = _add(fresh_store, 5, "de")
    fresh_store.RANKED = 2
    found = fresh_store.search("Häuser")
    assert sorted(r["article_id"] for r in found if r["kind"] == "article") == ids[-2:]
    assert sorted(r["article_id"] for r in found if r["kind"] == "quote") == ids[-2:]
    assert all(r["capped"] for r in found)
    assert fresh_store.search("Häuser", offset=2) == []  # paging ends with the ranked ones
    # another word narrows the matches below the cap, and the oldest article is found
    [oldest] = [r for r in fresh_store.search("Häuser Bericht 0") if r["kind"] == "article"]
    assert oldest["article_id"] == ids[0] and not oldest["capped"]


def test_the_cap_counts_the_matches_a_filter_keeps(fresh_store: SQLiteStore) -> None:
    german = _add(fresh_store, 3, "de")
    english = _add(fresh_store, 2, "en")
    fresh_store.RANKED = 2
    assert sorted(r["article_id"] for r in fresh_store.search("Roth", kind="article")) == english
    assert sorted(r["article_id"] for r in fresh_store.search("Roth", kind="article", lang="de")) == german[-2:]
    fresh_store.RANKED = 3
    assert not any(r["capped"] for r in fresh_store.search("Roth", lang="de"))


def test_filter_menus_come_from_indexes_and_are_current(fresh_store: SQLiteStore) -> None:
    assert fresh_store.facets() == {"sites": [], "langs": []}
    fresh_store.add(make_document(site="Nordblatt"))
    fresh_store.add(make_document(SAMPLE["en"]["text"], lang="en", site="Ledger"))
    fresh_store.add(make_document("Ohne Quelle: " + SAMPLE["de"]["text"]))
    assert fresh_store.facets() == {"sites": ["Ledger", "Nordblatt"], "langs": ["de", "en"]}


def test_filter_menus_read_indexes_not_article_rows(sqlite_store: SQLiteStore) -> None:
    plans = [" ".join(r[3] for r in sqlite_store.db.execute("EXPLAIN QUERY PLAN " + sql))
             for sql in ("SELECT 1 FROM articles WHERE source_id = 1", "SELECT min(lang) FROM articles WHERE lang > 'de'")]
    assert all("INDEX" in p for p in plans), plans  # no scan of the article rows
