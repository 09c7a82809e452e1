"""Shared fixtures: a fresh store in a temp file, and hand-built documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from quotetrail.model import Article, Attribution, DateMention, Document, Figure, Mention, Span
from quotetrail.store import SQLiteStore, open_store

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def fresh_store(store_path: Path) -> Iterator[SQLiteStore]:
    store = open_store(store_path)
    yield store
    store.close()


def make_document(text: str = "Die Ministerin Eva Roth sagte, 300 Häuser seien betroffen.", **meta: object) -> Document:
    """A Document built by hand: one attribution, one figure inside it, one date, one mention."""
    article = Article(text=text, origin=str(meta.pop("origin", "test")), lang="de",
                      published=date(2026, 11, 12), **meta)  # type: ignore[arg-type]
    doc = Document(article)

    def span(s: str) -> Span:
        i = text.index(s)
        return Span.of(text, i, i + len(s))

    doc.mentions = [Mention(span("Eva Roth"), "PER", "Eva Roth")]
    content = span("300 Häuser seien betroffen")
    doc.attributions = [Attribution(content=content, form="indirect", cue=span("sagte"),
                                    speaker=span("Eva Roth"), speaker_name="Eva Roth")]
    doc.figures = [Figure(span=span("300"), value=300.0, counted=span("Häuser"), attribution=0)]
    doc.dates = [DateMention(span("Ministerin"), date(2026, 11, 12))] if "Ministerin" in text else []
    return doc


@pytest.fixture(name="make_document")
def make_document_fixture():  # type: ignore[no-untyped-def]
    return make_document
