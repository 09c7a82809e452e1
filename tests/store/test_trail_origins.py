"""Where a statement's claim was stored first (``claim_origins``, read for the provenance chain):
through a figure it claims, the earliest member of the figure's group by publication date,
with the anchor of that member's span on its article page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quotetrail.store import SQLiteStore
from tests.conftest import make_document

SECOND = "Laut Polizei sagte Eva Roth am Freitag, 300 Häuser seien betroffen. Der Streik dauert an."


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore(tmp_path / "origins.db")
    if not hasattr(s, "claim_origins"):
        pytest.skip("this store has no claim origins")
    return s


def test_a_statement_points_to_the_earliest_member_of_its_figures_group(store: SQLiteStore) -> None:
    late = store.add(make_document(title="Später", site="Nordblatt")).article_id  # published 2026-11-16
    doc = make_document(SECOND, title="Früher", site="Südkurier")
    doc.article.published = date(2026, 11, 14)
    early = store.add(doc).article_id
    quotes = {q["article_id"]: q["id"] for q in store.quotes(limit=10)}
    figures = {f["article_id"]: f["id"] for f in store.figures(limit=10)}
    origins = store.claim_origins(list(quotes.values()))
    for article_id in (late, early):  # both statements claim the figure; the group starts at "Früher"
        (o,) = origins[quotes[article_id]]
        assert o["kind"] == "figure" and o["article_id"] == early
        assert o["anchor"] == f"f{figures[early]}" and o["span"]["text"] == "300"
        assert o["published"] == "2026-11-14" and o["site"] == "Südkurier" and o["articles"] == 2
        assert not o["published_guessed"]


def test_statements_in_no_group_are_absent(store: SQLiteStore) -> None:
    store.add(make_document(title="Allein", site="Nordblatt"))
    (qid,) = [q["id"] for q in store.quotes(limit=10)]
    assert store.claim_origins([qid]) == {} and store.claim_origins([]) == {}


def test_guessed_publication_names_the_articles_whose_year_was_guessed(store: SQLiteStore) -> None:
    printed = store.add(make_document(title="Datiert", site="Nordblatt")).article_id
    doc = make_document(SECOND, title="Blog", site="Hafenblog")
    doc.article.inferred = {"published"}
    guessed = store.add(doc).article_id
    assert store.guessed_publication([printed, guessed]) == {guessed}
    assert store.guessed_publication([]) == set()


def test_a_guessed_year_never_makes_a_member_the_earliest(store: SQLiteStore) -> None:
    # the first article's year was guessed (printed without one): its statement cannot be
    # shown as where the claim was found first, ahead of one whose date is certain
    guessed = make_document(title="Ohne Jahr", site="Nordblatt", inferred={"published"})
    guessed.article.published = date(2026, 1, 5)
    guessed.attributions[0].date = None  # no date of its own: only the guessed publication date
    g = store.add(guessed).article_id
    printed = make_document(SECOND, title="Mit Datum", site="Südkurier")
    p = store.add(printed).article_id
    quotes = {q["article_id"]: q["id"] for q in store.quotes(limit=10)}
    origins = store.claim_origins(list(quotes.values()))
    assert {o["article_id"] for qid in quotes.values() for o in origins[qid]} == {p}
    (group,) = {o["group_id"] for o in origins[quotes[g]]}
    first = store.claim_group(group)["members"][0]
    assert first["article_id"] == p
