"""Statement dating as a stage of its own (analysis/attribution/dating.py), on sentences
written for these tests: the stage is given the spans and answers with the date and its flag."""

from __future__ import annotations

from datetime import date

import pytest

from quotetrail.analysis.attribution.dating import date_statement, how_found
from quotetrail.analysis.dates import find_date_mentions
from quotetrail.analysis.segment import segment
from quotetrail.model import Article, DateMention, Document, Span

FRIDAY = date(2016, 8, 19)


def dated(text: str, cue: str, content: str, lang: str = "en", speaker: str | None = None,
          quoted: bool = False) -> tuple[str | None, str]:
    """The date (ISO, None for none of its own) and flag the stage gives the statement whose
    cue, content and speaker are the first occurrences of those words."""
    doc = segment(Document(article=Article(text=text, origin="test", lang=lang, published=FRIDAY)))
    toks = doc.tokens

    def tokens_of(words: str) -> tuple[int, int]:
        at = text.index(words)
        inside = [i for i, t in enumerate(toks) if at <= t.start and t.end <= at + len(words)]
        return inside[0], inside[-1] + 1

    c = text.index(content)
    result = date_statement(
        text, toks, sentence=(0, len(toks)), content=(c, c + len(content)), cue=tokens_of(cue),
        speaker=tokens_of(speaker) if speaker else None, dates=find_date_mentions(text, lang, FRIDAY),
        lang=lang, quoted=quoted,
    )
    value = result.mention.value.isoformat() if result.mention and result.mention.value else None
    return value, result.how


@pytest.mark.parametrize(
    ("text", "cue", "content", "speaker", "expected"),
    [
        ("The mayor said on Tuesday that the port would stay open.", "said", "the port would stay open",
         "The mayor", ("2016-08-16", "relative")),
        ("The mayor said on August 3, 2016 that the port would stay open.", "said", "the port would stay open",
         "The mayor", ("2016-08-03", "given")),
        ("The mayor said on August 3 that the port would stay open.", "said", "the port would stay open",
         "The mayor", ("2016-08-03", "guessed")),
        # the content's date is what the statement is about, not when it was made
        ("The mayor said the port would open on Monday.", "said", "the port would open on Monday",
         "The mayor", (None, "published")),
        # a relative clause of the speaker is another clause
        ("The mayor, who arrived on Monday, said the port would stay open.", "said", "the port would stay open",
         "The mayor", (None, "published")),
    ],
)
def test_the_stage_answers_with_the_date_of_the_statements_clause_and_its_flag(
    text: str, cue: str, content: str, speaker: str, expected: tuple[str | None, str]
) -> None:
    assert dated(text, cue, content, speaker=speaker) == expected


def test_a_statement_without_cue_or_speaker_has_only_the_publication_date() -> None:
    text = "The port would stay open on Monday."
    doc = segment(Document(article=Article(text=text, origin="test", lang="en", published=FRIDAY)))
    result = date_statement(text, doc.tokens, sentence=(0, len(doc.tokens)), content=(0, len(text)), cue=None,
                            speaker=None, dates=find_date_mentions(text, "en", FRIDAY), lang="en")
    assert (result.mention, result.how) == (None, "published")


def test_a_date_without_a_value_is_no_date_of_its_own() -> None:
    # without a publication date a weekday cannot be resolved: the flag must not claim one
    assert how_found(DateMention(Span(0, 6, "Monday"), None, "day", True, False)) == "published"


@pytest.mark.parametrize(
    ("text", "cue", "content", "speaker", "expected"),
    [
        # an adverbial between the speaker and the cue is the cue's clause; an apposition is not
        ("The mayor, during two interviews on Tuesday, praised the dockers.", "praised", "the dockers",
         "The mayor", ("2016-08-16", "relative")),
        ("The mayor, fresh from a win on Tuesday, praised the dockers.", "praised", "the dockers",
         "The mayor", (None, "published")),
        # a participle after a comma goes on the clause before it, and so does its time
        ("The mayor, a former docker, spoke at the harbour on Tuesday, praising the dockers.", "praising",
         "the dockers", "The mayor, a former docker", ("2016-08-16", "relative")),
        # a participle after the cue's clause that dates its medium
        ("The mayor told the radio in an interview, taped Tuesday, that the port stays open.", "told",
         "the port stays open", "The mayor", ("2016-08-16", "relative")),
        # a relative clause of a dated event
        ("Her speech on Tuesday, in which she praised the dockers, was short.", "praised", "the dockers",
         "she", ("2016-08-16", "relative")),
        # a date that opens an object right after the cue is the cue's
        ("The captain pleaded guilty in August 2015 to two counts of fraud.", "pleaded guilty",
         "in August 2015 to two counts of fraud", "The captain", ("2015-08-01", "given")),
        # a date that names a thing in the speaker phrase is not the statement's
        ("The candidate for the November 8 election said the port stays open.", "said",
         "the port stays open", "The candidate for the November 8 election", (None, "published")),
        # a complementizer opens a clause: its date is what is said
        ("The mayor promised that in 2017 the port would grow.", "promised", "that in 2017 the port would grow",
         "The mayor", (None, "published")),
        # an opening phrase dates the sentence's statement after a colon, not after a long clause
        ("It was clear: On August 3, 2016, the mayor said the port stays open.", "said", "the port stays open",
         "the mayor", ("2016-08-03", "given")),
        ("The mayor and the union met on Tuesday to talk about wages and, after hours, the mayor said the port "
         "stays open.", "said", "the port stays open", "the mayor", (None, "published")),
        # an event named by a possessive date is no date of the statement ("At Tuesday's meeting, …" is)
        ("Tuesday's strike was the third time the union said it would stop work.", "said", "it would stop work",
         "the union", (None, "published")),
        ("At Tuesday's meeting, the mayor said the port stays open.", "said", "the port stays open",
         "the mayor", ("2016-08-16", "relative")),
        # the speaker and the cue in another clause than the date
        ("The mayors met on Tuesday to talk about the strike, offering help amid worries that the port closes.",
         "worries", "that the port closes", "The mayors", (None, "published")),
        # a clause of the same time right after the date
        ("The protest grew on Tuesday as Anna Keller, the union's leader, attacked the port.", "attacked",
         "the port", "the union's leader", ("2016-08-16", "relative")),
        # a month after an article: a month without its year (guessed)
        ("At a March meeting of the council, the mayor argued that the port stays open.", "argued",
         "that the port stays open", "the mayor", ("2016-03-01", "guessed")),
        # "until Tuesday" is a limit, not the time of the statement
        ("And until Tuesday, the mayor refused to comment on wages.", "refused", "to comment on wages",
         "the mayor", (None, "published")),
        # a month and a year without a preposition
        ("The mayor wrote in a June 2012 letter that the port stays open.", "wrote", "the port stays open",
         "The mayor", ("2012-06-01", "given")),
    ],
)
def test_the_clause_of_the_statement_decides(
    text: str, cue: str, content: str, speaker: str, expected: tuple[str | None, str]
) -> None:
    assert dated(text, cue, content, speaker=speaker) == expected


def test_a_quotation_that_opens_with_a_date_is_what_is_said() -> None:
    text = "“Tuesday was a bad day,” the mayor said."
    assert dated(text, "said", "Tuesday was a bad day", speaker="the mayor", quoted=True) == (None, "published")


def test_a_document_dated_in_the_speaker_phrase_dates_what_it_says() -> None:
    text = "Die Bilanz einer gestern vorgestellten Studie zeigt, dass der Hafen wächst."
    speaker = "Die Bilanz einer gestern vorgestellten Studie"
    assert dated(text, "zeigt", "dass der Hafen wächst", "de", speaker=speaker) == ("2016-08-18", "relative")


def test_the_cues_sentence_dates_a_statement_whose_content_stands_in_the_headline() -> None:
    # the headline is taken as the content of the next sentence's "according to": that
    # sentence's date ("a report Tuesday") still dates it
    from importlib import import_module

    from test_attribution import STEPS

    text = ("Report: Keller to speak at union rally.\n\nBremen union leader Anna Keller will speak at the union "
            "rally in Bremen later this month, according to a report Tuesday from Radio Weser, the station in "
            "Bremen, Germany.")
    doc = Document(article=Article(text=text, origin="test", lang="en", published=FRIDAY))
    for module, name in STEPS:
        doc = getattr(import_module(f"quotetrail.analysis.{module}"), name)(doc)
    headline = next(a for a in doc.attributions if a.content.text.startswith("Keller to speak"))
    assert headline.date is not None and headline.date.value == date(2016, 8, 16)
