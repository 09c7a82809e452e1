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


def test_a_scene_date_without_a_year_is_marked_guessed_on_the_trail(store: SQLiteStore) -> None:
    # the quotation takes its day from the sentence that sets the scene ("on August 3", no
    # year): the trail shows that day with the guessed year marked, and the speaker's first
    # and last dates are the certain publication date, not the guessed year
    from quotetrail.api import analyse
    from quotetrail.model import Article
    from quotetrail.store.trail import date_note

    text = ('At a rally in Iowa on August 3, Senator Jane Miller attacked the budget. '
            '"We will win this fight," she said.')
    store.add(analyse(Article(text=text, origin="test", lang="en", published=date(2016, 8, 19), title="Rally")))
    (miller,) = store.find_speaker("Jane Miller")
    (item,) = [i for i in store.trail(miller["id"]) if i["content"]["text"].startswith("We will win")]
    assert (item["when"], item["date_source"]) == ("2016-08-03", "guessed")
    assert (item["date"]["text"], date_note(item)) == ("on August 3", "said · year guessed")
    assert (miller["first"], miller["last"]) == ("2016-08-19", "2016-08-19")
