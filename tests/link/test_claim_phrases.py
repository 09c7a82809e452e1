"""Quoted phrases found again inside a longer quotation, whatever letters they are written in:
the candidate filter runs in SQLite on folded text and must not lose a phrase whose folded
form still has non-ASCII letters (Polish "ł", Danish "ø" survive accent folding)."""

from __future__ import annotations

from datetime import date

import pytest

from quotetrail.model import Article, Attribution, Document, Mention, Span
from quotetrail.store import SQLiteStore


def _doc(text: str, content: str, day: str) -> Document:
    def span(s: str) -> Span:
        i = text.index(s)
        return Span.of(text, i, i + len(s))

    doc = Document(Article(text=text, origin=f"test-{day}-{len(text)}", lang="en", site="Testblatt",
                           published=date.fromisoformat(day)))
    doc.mentions = [Mention(span("Marta Nowak"), "PER", "Marta Nowak")]
    doc.attributions = [Attribution(content=span(content), form="indirect", speaker=span("Marta Nowak"),
                                    speaker_name="Marta Nowak")]
    return doc


@pytest.mark.parametrize("phrase", ["zbyt mało i za późno", "for lidt og for sent", "too little too late"])
def test_a_quoted_phrase_joins_the_longer_quotation_it_stands_in(fresh_store: SQLiteStore, phrase: str) -> None:
    first = f'Marta Nowak said the offer was "{phrase}, and the harbour workers know it" on Monday.'
    second = f'Marta Nowak repeated that the offer was "{phrase}".'
    fresh_store.add(_doc(first, f'the offer was "{phrase}, and the harbour workers know it"', "2026-03-02"))
    fresh_store.add(_doc(second, f'the offer was "{phrase}"', "2026-03-04"))
    groups = fresh_store.claim_groups(kind="quote")
    assert any(g["articles"] == 2 for g in groups), groups


def test_a_statement_repeated_within_one_article_joins_the_group_its_first_saying_made(
        fresh_store: SQLiteStore) -> None:
    # the 4-gram candidates of an article's statements are looked up once, before any of its
    # groups exist: the second saying must still find the group the first one made
    said = "the new ferry timetable will cut the harbour workers' journeys by half next spring"
    text = f"Marta Nowak said {said}. Later Marta Nowak said again {said}."
    first = text.index(said)
    second = text.index(said, first + 1)
    doc = Document(Article(text=text, origin="test-twice", lang="en", site="Testblatt",
                           published=date(2026, 3, 2)))
    doc.mentions = [Mention(Span.of(text, text.index("Marta Nowak"), text.index("Marta Nowak") + 11), "PER",
                            "Marta Nowak")]
    doc.attributions = [
        Attribution(content=Span.of(text, first, first + len(said)), form="indirect", speaker_name="Marta Nowak",
                    sentence=0),
        Attribution(content=Span.of(text, second, second + len(said)), form="indirect", speaker_name="Marta Nowak",
                    sentence=1),
    ]
    fresh_store.add(doc)
    rows = fresh_store.db.execute("SELECT group_id, sentence FROM claim_members ORDER BY sentence").fetchall()
    assert [r[1] for r in rows] == [0, 1]
    assert rows[0][0] == rows[1][0], "the second saying made a group of its own"
