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


def dated(text: str, cue: str, content: str, lang: str = "en", speaker: str | None = None) -> tuple[str | None, str]:
    """The date (ISO, None for none of its own) and flag the stage gives the statement whose
    cue, content and speaker are the first occurrences of those words."""
    doc = segment(Document(article=Article(text=text, origin="test", lang=lang, published=FRIDAY)))
    toks = doc.tokens

    def tokens_of(words: str) -> tuple[int, int]:
        at = text.index(words)
        inside = [i for i, t in enumerate(toks) if at <= t.start and t.end <= at + len(words)]
        return inside[0], inside[-1] + 1

    c = text.index(content)
    frame = [tokens_of(cue)] + ([tokens_of(speaker)] if speaker else [])
    result = date_statement(
        text, toks, (0, len(toks)), (c, c + len(content)), frame, find_date_mentions(text, lang, FRIDAY)
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
    result = date_statement(text, doc.tokens, (0, len(doc.tokens)), (0, len(text)), [],
                            find_date_mentions(text, "en", FRIDAY))
    assert (result.mention, result.how) == (None, "published")


def test_a_date_without_a_value_is_no_date_of_its_own() -> None:
    # without a publication date a weekday cannot be resolved: the flag must not claim one
    assert how_found(DateMention(Span(0, 6, "Monday"), None, "day", True, False)) == "published"
