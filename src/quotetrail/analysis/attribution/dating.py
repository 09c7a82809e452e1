"""Statement dating: which date of its sentence says when a statement was made.

A stage of its own with explicit inputs, so the extractor (and a rebuilt engine) only hands over
the statement's spans: the cue, the speaker, the cue's other parts, the content, the sentence's
tokens and the dates found in it. The answer is the :class:`DateMention` that dates the
statement (or None: the publication date stands) and how it was found, the flag the trail
shows beside every date.

The rule follows the annotation guide of docs/EVALUATION.md: a date dates a statement when it
modifies the cue or its clause ("said Tuesday", "told reporters on July 21", "sagte am
Freitag", "On Monday, X said"); never a date in the content ("will vote on Friday") or in
another clause ("X, who arrived Monday, said"; "since he quit in February, X said").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from quotetrail.analysis.dates import unquote_titles
from quotetrail.model import DateMention, Token

How = Literal["given", "relative", "guessed", "published"]

# what separates a date from the cue's clause: punctuation and words that open another clause
_CLAUSE_BREAK = re.compile(
    r"[,;:—–―()\"“”„»«]|\s-\s|\b(?:who|which|that|when|since|after|before|because|while|where|"
    r"dass|als|nachdem|bevor|seit|weil|wo)\b"
)
_OPENERS = " \t\n\"'„“”»«‚‘’-"  # what may stand before a date that opens its sentence


@dataclass(frozen=True, slots=True)
class Dated:
    """A statement's own date (None: nothing in its clause dates it) and how it was found."""

    mention: DateMention | None
    how: How


def how_found(mention: DateMention | None) -> How:
    """The flag of a statement's date: "given" (a calendar date), "relative" (a phrase resolved
    against the publication date), "guessed" (no year in the text), "published" (no date of
    its own). A publication date whose own year was guessed is the store's to add."""
    if mention is None or mention.value is None:
        return "published"
    if mention.inferred:
        return "guessed"
    return "relative" if mention.relative else "given"


def date_statement(
    text: str,
    tokens: Sequence[Token],
    sentence: tuple[int, int],
    content: tuple[int, int],
    frame: Sequence[tuple[int, int]],
    dates: Sequence[DateMention],
) -> Dated:
    """The date that dates one statement.

    ``text``: the article; ``tokens``: its tokens; ``sentence``: the statement's sentence as a
    token range; ``content``: the content's character offsets; ``frame``: token ranges of the
    cue, the speaker and the cue's other parts (empty: nothing to date); ``dates``: the dates
    found in the sentence. Of the dates in the cue's or the speaker's clause, the nearest wins.
    """
    if not frame:
        return Dated(None, "published")
    a = min(tokens[r[0]].start for r in frame)
    b = max(tokens[r[1] - 1].end for r in frame)
    sentence_start = tokens[sentence[0]].start
    text = unquote_titles(text)  # „Süddeutsche Zeitung“, “Hannity,”: a name, no clause edge
    best: tuple[int, DateMention] | None = None
    for d in dates:
        if content[0] <= d.span.start < content[1]:
            continue  # "will vote on Friday": what the statement is about
        if d.span.end <= a:
            between = text[d.span.end : a]
            if _CLAUSE_BREAK.search(between):
                # "On Monday, X said", "At Monday's debate, X said": a date in the phrase
                # that opens the sentence, then one comma and the cue's clause
                opens = not _CLAUSE_BREAK.search(text[sentence_start : d.span.start].strip(_OPENERS))
                head, comma, rest = between.partition(",")
                if not (opens and comma and not _CLAUSE_BREAK.search(head) and not _CLAUSE_BREAK.search(rest)):
                    continue
        elif d.span.start >= b:
            between = text[b : d.span.start]
            if _CLAUSE_BREAK.search(between):
                continue
        else:
            # inside the speaker phrase: "a study released Tuesday shows", but not in its
            # apposition or relative clause ("X, who quit in February, said")
            if _CLAUSE_BREAK.search(text[a : d.span.start]):
                continue
            between = ""
        if best is None or len(between) < best[0]:
            best = (len(between), d)
    mention = best[1] if best else None
    return Dated(mention, how_found(mention))
