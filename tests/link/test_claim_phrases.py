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
