"""Dates in a claim group as a user reads them: each member says when its statement was made
and how sure that is, and the group runs oldest first by the certain date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quotetrail.store import SQLiteStore
from tests.conftest import make_document

SECOND = "Laut Polizei sagte Eva Roth am Freitag, 300 Häuser seien betroffen. Der Streik dauert an."


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "dates.db")


def test_a_claim_group_marks_guessed_years_and_sorts_by_the_certain_date(store: SQLiteStore) -> None:
    # said "am Freitag" (2026-11-13) in an article printed on 2026-11-16 …
    said = store.add(make_document(title="Gedruckt", site="Nordblatt")).article_id
    # … and repeated without a date of its own on a blog whose year was guessed (2026-11-14)
    blog = make_document(SECOND, title="Blog", site="Hafenblog")
    blog.article.published = date(2026, 11, 14)
    blog.article.inferred = {"published"}
    blog.attributions[0].date = None
    guessed = store.add(blog).article_id
    (group,) = store.claim_groups(limit=5)
    members = store.claim_group(group["id"])["members"]
    assert [m["article_id"] for m in members] == [said, guessed]  # 2026-11-13 said before a guessed 11-14
    first, second = members
    assert (first["when"], first["date_source"], first["published_guessed"]) == ("2026-11-13", "relative", False)
    assert (second["when"], second["date_source"], second["published_guessed"]) == (
        "2026-11-14", "published, year guessed", True)


def test_the_claims_view_marks_each_members_date(store: SQLiteStore) -> None:
    from rich.console import Console

    from quotetrail.serve.render import claims_view

    store.add(make_document(title="Gedruckt", site="Nordblatt"))
    blog = make_document(SECOND, title="Blog", site="Hafenblog")
    blog.article.inferred = {"published"}
    blog.attributions[0].date = None
    store.add(blog)
    (group,) = store.claim_groups(limit=5)
    console = Console(width=200, record=True)
    console.print(claims_view([store.claim_group(group["id"])]))
    shown = console.export_text()
    assert "2026-11-13 · said · “am Freitag”" in shown  # the statement's own, relative date
    assert "Hafenblog · 2026-11-16 (year guessed)" in shown
