"""Dates in the list of statements (``quotes``) as a user reads them: a guessed year or a
relative phrase is marked, a guessed publication year too, and the list runs by the certain
date, as the trail does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quotetrail.model import DateMention
from quotetrail.store import SQLiteStore
from tests.conftest import make_document

SECOND = "Laut Polizei sagte Eva Roth am Freitag, 300 Häuser seien betroffen. Der Streik dauert an."


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "quotes.db")


def _guessed_year(doc_text: str | None = None) -> object:
    """An article printed 2026-11-16 whose statement is dated by a day without a year, the
    year guessed (2026-11-01)."""
    doc = make_document(doc_text, title="Guessed", site="Nordblatt")
    when = doc.attributions[0].date
    assert when is not None
    doc.attributions[0].date = DateMention(when.span, date(2026, 11, 1), relative=False, inferred=True)
    doc.dates = [doc.attributions[0].date]
    return doc


def test_quotes_run_by_the_certain_date_not_a_guessed_year(store: SQLiteStore) -> None:
    guessed = store.add(_guessed_year()).article_id  # type: ignore[arg-type]
    sure = make_document(SECOND, title="Sure", site="Hafenblog")
    sure.article.published = date(2026, 11, 12)
    sure.attributions[0].date = DateMention(sure.attributions[0].date.span, date(2026, 11, 10), relative=True)  # type: ignore[union-attr]
    certain = store.add(sure).article_id
    # the guessed 2026-11-01 is no certain date: that statement runs by its printed 2026-11-16
    assert [q["article_id"] for q in store.quotes(limit=10)] == [certain, guessed]


def test_the_quotes_table_marks_a_guessed_year_and_a_guessed_publication_year(store: SQLiteStore) -> None:
    from rich.console import Console

    from quotetrail.serve.render import quotes_table

    store.add(_guessed_year())  # type: ignore[arg-type]
    blog = make_document(SECOND, title="Blog", site="Hafenblog")
    blog.article.inferred = {"published"}
    blog.attributions[0].date = None
    store.add(blog)
    console = Console(width=220, record=True)
    console.print(quotes_table(store.quotes(limit=10)))
    shown = console.export_text()
    assert "2026-11-01 · said · year guessed" in shown
    assert "published 2026-11-16 · year guessed" in shown


def test_a_dated_statement_still_shows_its_form_and_cue(store: SQLiteStore) -> None:
    # the date goes to the "where" cell; the "how" cell keeps the form and the cue
    from rich.console import Console

    from quotetrail.serve.render import quotes_table

    store.add(make_document(title="Dated", site="Nordblatt"))  # "sagte … am Freitag": a relative date
    console = Console(width=220, record=True)
    console.print(quotes_table(store.quotes(limit=10)))
    shown = console.export_text()
    assert "indirect" in shown and "cue: sagte" in shown
    assert "2026-11-13 · said" in shown
