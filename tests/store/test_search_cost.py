"""What keeps search cheap under load: lemma dictionaries loaded once per process."""

from __future__ import annotations

import threading
import time

import pytest

from quotetrail.store import sqlite


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
