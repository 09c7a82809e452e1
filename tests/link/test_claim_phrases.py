"""Quoted phrases found again inside a longer quotation, whatever letters they are written in:
the candidate filter runs in SQLite on folded text and must not lose a phrase whose folded
form still has non-ASCII letters (Polish "ł", Danish "ø" survive accent folding)."""

from __future__ import annotations

from datetime import date

import pytest

from quotetrail.model import Article, Attribution, Document, Mention, Span
from quotetrail.store import SQLiteStore


def _doc(text: str, content: str, day: str, speaker: str = "Marta Nowak") -> Document:
    def span(s: str) -> Span:
        i = text.index(s)
        return Span.of(text, i, i + len(s))

    doc = Document(Article(text=text, origin=f"test-{day}-{len(text)}", lang="en", site="Testblatt",
                           published=date.fromisoformat(day)))
    doc.mentions = [Mention(span(speaker), "PER", speaker)]
    doc.attributions = [Attribution(content=span(content), form="indirect", speaker=span(speaker),
                                    speaker_name=speaker)]
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


def _quote_groups_with(store: SQLiteStore, words: str) -> list[dict]:
    return [g for g in store.claim_groups(kind="quote")
            if any(words in m["claim"]["text"].casefold() for m in g["members"])]


def test_a_statement_that_holds_a_phrase_quoted_earlier_joins_its_group(fresh_store: SQLiteStore) -> None:
    from tests.link.test_entities import add

    add(fresh_store, 'Mayor Marta Lindqvist said the ferry would stay "open for every family in town" as long '
        "as she holds office.", day="2026-03-02", lang="en")
    add(fresh_store, 'Marta Lindqvist told the council: "The harbour board has argued about money for a decade '
        'and the ferry will stay open for every family in town."', day="2026-03-05", lang="en", site="Zweitblatt")
    [group] = _quote_groups_with(fresh_store, "open for every family in town")
    assert group["articles"] == 2


def test_a_phrase_quoted_and_said_again_in_one_sentence_makes_one_group(fresh_store: SQLiteStore) -> None:
    # Lindqvist says the tax "keeps the harbour alive", Berg says it in the same sentence: one
    # saying of this sentence, so one group, which a later quotation of the phrase joins
    text = 'Marta Nowak said it "keeps the harbour alive" and Tomas Berg replied: "It keeps the harbour alive."'
    doc = Document(Article(text=text, origin="test-echo", lang="en", site="Testblatt", published=date(2026, 3, 2)))

    def span(s: str, after: int = 0) -> Span:
        i = text.index(s, after)
        return Span.of(text, i, i + len(s))

    doc.mentions = [Mention(span("Marta Nowak"), "PER", "Marta Nowak"), Mention(span("Tomas Berg"), "PER", "Tomas Berg")]
    doc.attributions = [
        Attribution(content=span('it "keeps the harbour alive"'), form="indirect", speaker=span("Marta Nowak"),
                    speaker_name="Marta Nowak", sentence=0),
        Attribution(content=span("It keeps the harbour alive"), form="direct", speaker=span("Tomas Berg"),
                    speaker_name="Tomas Berg", sentence=0),
    ]
    fresh_store.add(doc)
    fresh_store.add(_doc('Marta Nowak repeated that the tax "keeps the harbour alive".',
                         'the tax "keeps the harbour alive"', "2026-03-04"))
    fresh_store.add(_doc('Tomas Berg repeated that the tax "keeps the harbour alive".',
                         'the tax "keeps the harbour alive"', "2026-03-06", "Tomas Berg"))
    # before: Nowak's repetition joined her phrase's group, Berg's his own saying's
    groups = _quote_groups_with(fresh_store, "keeps the harbour alive")
    assert len(groups) == 1, [[m["claim"]["text"] for m in g["members"]] for g in groups]
    assert groups[0]["articles"] == 3


def test_a_statement_in_other_words_joins_by_its_key_phrase(fresh_store: SQLiteStore) -> None:
    from tests.link.test_entities import add

    add(fresh_store, "Mayor Marta Lindqvist said she would ban delivery trucks from entering the old harbour "
        "district before the summer.", day="2026-03-02", lang="en")
    add(fresh_store, "The council debated Marta Lindqvist's plan, and critics said a ban on delivery trucks "
        "entering the old harbour district would hurt the shops.", day="2026-03-05", lang="en", site="Zweitblatt")
    [group] = _quote_groups_with(fresh_store, "delivery trucks")
    assert group["articles"] == 2


def test_two_people_sharing_a_key_phrase_make_two_claims(fresh_store: SQLiteStore) -> None:
    from tests.link.test_entities import add

    add(fresh_store, "Mayor Marta Lindqvist said the old harbour district needs rising sea walls before the "
        "winter storms.", day="2026-03-02", lang="en")
    add(fresh_store, "Councillor Tomas Berg said in a debate with Marta Lindqvist that nobody wants rising sea walls "
        "in front of the beach.", day="2026-03-05", lang="en", site="Zweitblatt")
    assert _quote_groups_with(fresh_store, "sea walls") == []


def _unattributed(text: str, content: str, day: str) -> Document:
    doc = _doc(text, content, day)
    doc.attributions[0].speaker, doc.attributions[0].speaker_name = None, None
    return doc


def test_a_single_quoted_word_without_a_speaker_joins_the_word_said_by_someone(fresh_store: SQLiteStore) -> None:
    fresh_store.add(_doc('Marta Nowak called the ferry plan "reckless" on Monday.', 'the ferry plan "reckless"',
                         "2026-03-02"))
    # the later article names her, but the attribution step found no speaker for the phrase
    fresh_store.add(_unattributed('The ferry plan, "reckless" in the words of Marta Nowak, was dropped.',
                                  'The ferry plan, "reckless"', "2026-03-04"))
    [group] = _quote_groups_with(fresh_store, "reckless")
    assert group["articles"] == 2


def test_a_single_quoted_word_without_a_speaker_starts_no_claim(fresh_store: SQLiteStore) -> None:
    fresh_store.add(_unattributed('Marta Nowak doubts the "experts" of the ferry board.', 'the "experts"',
                                  "2026-03-02"))
    fresh_store.add(_unattributed('The "experts" of the ferry board answered Marta Nowak.', 'The "experts"',
                                  "2026-03-04"))
    assert _quote_groups_with(fresh_store, "experts") == []
