"""What the rule stages share: the attribution under construction (:class:`Found`) and the
state the rules build on one article (:class:`Base`).

``Base`` holds the document's read-only :class:`~.context.Context` (``self.ctx``) and its quote
segments (``self.quotes``, stage 1) and collects what the rules find in ``self.found``; the
rule steps in the subclasses read the context through ``ctx`` and change only ``found``,
``cue_lemma``, ``sent_inter``/``inter_at`` and the segments' ``used`` marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.quotes import Quotes, Segment, find_quotes
from quotetrail.model import Document, Form, Span

__all__ = ["Base", "Found", "Segment"]


@dataclass
class Found:
    """An attribution under construction, in token indices (end exclusive)."""

    content: tuple[int, int]  # character offsets
    form: Form
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    sentence: int
    pos: int  # token index that orders attributions in the text
    segment: Segment | None = None
    medium: tuple[int, int] | None = None
    intermediary: Span | None = None
    speaker_name: str | None = None
    speaker_ref: Span | None = None
    speaker_label: str | None = None
    consumed_verb: int = -1
    cue_parts: tuple[tuple[int, int], ...] = ()  # further pieces of the cue (frame.py)
    # whom the speaker speaks for ("Cameron's spokesman" -> Cameron): tokens, name, label
    principal: tuple[int, int] | None = None
    principal_name: str | None = None
    principal_label: str | None = None
    # what made it: the rule (a method of cues.py, a pattern list of the language's data) or
    # "model", with " + model" when the labeller agreed with a rule (`article N --explain`)
    rule: str = ""


class Base:
    """The rules' state on one article; the steps live in the subclasses."""

    def __init__(self, doc: Document) -> None:
        self.ctx = Context(doc)
        self.quotes: Quotes = find_quotes(self.ctx)
        self.found: list[Found] = []
        self.sent_inter: dict[int, Span] = {}  # "wie X berichtet" per sentence
        self.inter_at: dict[int, tuple[int, int, int, int]] = {}  # phrase, outlet tokens
        self.cue_lemma: dict[int, str] = {}  # separable verbs: token -> full lemma

    def __getattr__(self, name: str) -> Any:
        """``ex.toks``, ``ex.in_quote``, ``ex.mention(i)``: the Featurizer, training and tests
        read the context and the quote segments through the extractor."""
        if name in ("ctx", "quotes") or name.startswith("__"):
            raise AttributeError(name)
        if name in Quotes.__dataclass_fields__:
            return getattr(self.quotes, name)
        return getattr(self.ctx, name)

    def add(self, f: Found, rule: str) -> None:
        ctx = self.ctx
        f.rule = rule
        if f.cue and f.cue[1] - f.cue[0] > 1 and f.cue[0] in self.cue_lemma:
            c0, c1 = f.cue
            # a separable verb whose particle is far away: the cue must not swallow the content
            if ctx.toks[c0].start < f.content[1] and f.content[0] < ctx.toks[c1 - 1].end:
                f.cue = (c0, c0 + 1)
                f.cue_parts = (*f.cue_parts, (c1 - 1, c1))  # the particle: "sagte … zu"
        self.found.append(f)

    def direct(
        self,
        seg: Segment,
        s: int,
        cue: tuple[int, int] | None,
        spk: tuple[int, int] | None,
        pos: int,
        cue_parts: tuple[tuple[int, int], ...] = (),
        rule: str = "quote",
    ) -> None:
        ctx = self.ctx
        quotes = self.quotes
        for other in quotes.chains[seg.chain]:  # not every segment of the article (issue 14)
            if not other.used:
                other.used = True
                sent = ctx.toks[min(other.open + 1, len(ctx.toks) - 1)].sent
                self.add(
                    Found(
                        (other.start, other.end),
                        "direct",
                        cue,
                        spk,
                        sent if other is not seg else s,
                        other.open,
                        cue_parts=cue_parts,
                    ),
                    rule,
                )
        seg.used = True

