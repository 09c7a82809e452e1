"""Search results say when quotetrail guessed an article's publication year, as every other
page does (issue 13: wherever a date is shown, a guessed year is marked)."""

from __future__ import annotations

from quotetrail.store import SQLiteStore
from tests.conftest import make_document


def test_a_search_result_marks_a_guessed_publication_year(fresh_store: SQLiteStore) -> None:
    guessed = make_document(title="Guessed", inferred={"published"})
    printed = make_document("Die Ministerin Eva Roth sagte am Freitag, 300 Häuser seien betroffen. Sonst nichts.",
                            title="Printed")
    g = fresh_store.add(guessed).article_id
    p = fresh_store.add(printed).article_id
    results = fresh_store.search("Häuser")
    by_kind = {(r["kind"], r["article_id"]): r["published_guessed"] for r in results}
    assert by_kind[("article", g)] is True and by_kind[("article", p)] is False
    assert by_kind[("quote", g)] is True and by_kind[("quote", p)] is False
