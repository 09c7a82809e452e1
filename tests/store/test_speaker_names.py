"""A statement is shown and found under its speaker's one name, whatever this article called
them (issue 13: one entity per real speaker, "Rutte" and "Mark Rutte" alike)."""

from __future__ import annotations

from datetime import date

from quotetrail.api import analyse
from quotetrail.model import Article
from quotetrail.store import SQLiteStore

FULL = "Die Ministerin Eva Roth sagte am Freitag, 300 Häuser seien betroffen. Mehr sagte sie nicht."
SURNAME = "„Die Deiche halten dem Hochwasser stand“, sagte Roth am Montag in Kiel."


def _surname_only(store: SQLiteStore) -> int:
    """Two articles: one names Eva Roth in full, the next quotes her by surname alone."""
    store.add(analyse(Article(text=FULL, origin="full.txt", lang="de", published=date(2026, 11, 13))))
    later = Article(text=SURNAME, origin="surname.txt", lang="de", published=date(2026, 11, 16))
    return store.add(analyse(later)).article_id


def test_quotes_filtered_by_full_name_include_those_made_under_the_surname(fresh_store: SQLiteStore) -> None:
    later = _surname_only(fresh_store)
    quotes = fresh_store.quotes(speaker="Eva Roth")
    said_under_surname = [q for q in quotes if q["article_id"] == later and q["speaker"]["text"] == "Roth"]
    assert said_under_surname, [(q["article_id"], q["speaker"]) for q in quotes]
    assert said_under_surname[0]["speaker_entity_name"] == "Eva Roth"


def test_search_results_name_the_speaker_entity(fresh_store: SQLiteStore) -> None:
    later = _surname_only(fresh_store)
    hits = [r for r in fresh_store.search("Deiche") if r["kind"] == "quote"]
    assert [r["article_id"] for r in hits] == [later]
    assert hits[0]["speaker_entity_name"] == "Eva Roth" and hits[0]["speaker"]["text"] == "Roth"
    assert [r["article_id"] for r in fresh_store.search("Deiche", speaker="Eva Roth", kind="quote")] == [later]


def test_a_spokespersons_quote_in_search_says_on_whose_behalf(fresh_store: SQLiteStore) -> None:
    text = ("Die Ministerin Eva Roth besuchte am Montag den Hafen. Ein Sprecher von Roth sagte, die Deiche "
            "hielten dem Hochwasser stand.")
    fresh_store.add(analyse(Article(text=text, origin="behalf.txt", lang="de", published=date(2026, 11, 16))))
    (hit,) = fresh_store.search("Deiche", kind="quote")
    assert hit["speaker"]["text"] == "Ein Sprecher von Roth" and hit["principal_name"] == "Eva Roth"
    assert hit["principal_entity_id"] is not None


def test_a_speakers_own_trail_names_each_statement_by_the_entity(fresh_store: SQLiteStore) -> None:
    # on Eva Roth's page the statement she made as "Roth" reads "said by Eva Roth", as elsewhere
    later = _surname_only(fresh_store)
    said = next(q for q in fresh_store.quotes(speaker="Eva Roth") if q["article_id"] == later)
    trail = fresh_store.trail(said["speaker_entity_id"])
    mine = next(q for q in trail if q["id"] == said["id"])
    assert mine["speaker_entity_name"] == "Eva Roth" and mine["speaker"]["text"] == "Roth"
