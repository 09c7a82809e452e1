"""Search results point into the article: ``hits`` are [start, end) offsets of every word that
matches the query as written or as another inflection, in the article or in a quote."""

from __future__ import annotations

import pytest

from quotetrail.api import analyse
from quotetrail.model import Article
from quotetrail.store import SQLiteStore

CASES = [
    ("de", "Das Haus am Hafen brannte. Die Feuerwehr rettete zwei Häuser, ein drittes Haus stand leer.",
     "Hauses", ["Haus", "Häuser", "Haus"]),
    ("en", "The house by the harbour burned. Firefighters saved two houses; a third house was empty.",
     "houses", ["house", "houses", "house"]),
]


@pytest.mark.parametrize(("lang", "text", "query", "words"), CASES, ids=[c[0] for c in CASES])
def test_article_hits_are_offsets_of_every_inflection(
    fresh_store: SQLiteStore, lang: str, text: str, query: str, words: list[str]
) -> None:
    article_id = fresh_store.add(analyse(Article(text=text, origin=f"{lang}.txt", lang=lang))).article_id
    [r] = [r for r in fresh_store.search(query) if not r["quote"]]
    assert r["article_id"] == article_id
    assert [text[s:e] for s, e in r["hits"]] == words


@pytest.mark.parametrize(
    ("lang", "text", "query", "word"),
    [
        ("de", "Der Bürgermeister Jan Weber sagte: „Wir bauen die Brücken neu.“ Dann ging er.", "Brücke", "Brücken"),
        ("en", 'Mayor Jan Weber said: "We will rebuild the bridges." Then he left.', "bridge", "bridges"),
    ],
)
def test_quote_hits_are_offsets_in_the_article_not_the_quote(
    fresh_store: SQLiteStore, lang: str, text: str, query: str, word: str
) -> None:
    fresh_store.add(analyse(Article(text=text, origin=f"{lang}.txt", lang=lang)))
    [q] = [r for r in fresh_store.search(query) if r["quote"]]
    [(start, end)] = q["hits"]
    assert text[start:end] == word
    assert q["content"]["start"] <= start and end <= q["content"]["end"]


def test_hits_ignore_diacritics_like_the_index(fresh_store: SQLiteStore) -> None:
    text = "Zwei Häuser am Hafen brannten in der Nacht."
    fresh_store.add(analyse(Article(text=text, origin="de.txt", lang="de")))
    [r] = [r for r in fresh_store.search("Hauser") if not r["quote"]]
    assert [text[s:e] for s, e in r["hits"]] == ["Häuser"]
