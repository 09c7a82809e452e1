"""A speaker's statement said again in other words (most content words shared, no word 4-gram
in common) joins the group of the first saying. The speaker's earlier statements are read
once per article (ClaimLinker._said_before), so several statements of one speaker in one
article, and statements of other speakers, must each still find their own original."""

from __future__ import annotations

from datetime import date, timedelta

from quotetrail.model import Article, Attribution, Document, Mention, Span
from quotetrail.store import SQLiteStore

TAX = "the harbour tax will pay for new ferries and cleaner cranes"
TAX_AGAIN = "cleaner cranes and new ferries are what harbour tax money pays for"
SCHOOL = "every village school keeps its teachers while enrolment keeps falling"
SCHOOL_AGAIN = "while enrolment keeps falling, teachers stay in every village school"
START = date(2026, 3, 2)


def _doc(said: list[tuple[str, str]], day: date, origin: str) -> Document:
    """An article of statements, each (speaker, content), one sentence each."""
    text = " ".join(f"{who} said {content}." for who, content in said)
    doc = Document(Article(text=text, origin=origin, lang="en", site="Testblatt", published=day))
    at = 0
    for n, (who, content) in enumerate(said):
        at = text.index(f"{who} said {content}.", at)
        speaker = Span.of(text, at, at + len(who))
        start = at + len(who) + len(" said ")
        doc.mentions.append(Mention(speaker, "PER", who))
        doc.attributions.append(Attribution(content=Span.of(text, start, start + len(content)), form="indirect",
                                            speaker=speaker, speaker_name=who, sentence=n))
    return doc


def _group_of(store: SQLiteStore, content: str) -> int:
    [row] = store.db.execute("SELECT group_id FROM claim_members WHERE text = ?", (content,)).fetchall()
    return int(row[0])


def test_restatements_find_their_originals_after_many_other_statements(fresh_store: SQLiteStore) -> None:
    fresh_store.add(_doc([("Marta Nowak", TAX)], START, "tax"))
    fresh_store.add(_doc([("Marta Nowak", SCHOOL)], START + timedelta(days=1), "school"))
    # many other statements of the same speaker between the first sayings and the restatements
    for n in range(30):
        other = f"the committee number {n} of the city council will publish its report on trams"
        fresh_store.add(_doc([("Marta Nowak", other.replace("number", "volume" if n % 2 else "number"))],
                             START + timedelta(days=2), f"other-{n}"))
    # one article, two restatements of hers and one of another speaker, who never said it
    fresh_store.add(_doc([("Marta Nowak", TAX_AGAIN), ("Tomas Berg", TAX_AGAIN.replace("money", "revenue")),
                          ("Marta Nowak", SCHOOL_AGAIN)], START + timedelta(days=3), "again"))
    assert _group_of(fresh_store, TAX_AGAIN) == _group_of(fresh_store, TAX)
    assert _group_of(fresh_store, SCHOOL_AGAIN) == _group_of(fresh_store, SCHOOL)
    berg = _group_of(fresh_store, TAX_AGAIN.replace("money", "revenue"))
    assert berg not in (_group_of(fresh_store, TAX), _group_of(fresh_store, SCHOOL))
