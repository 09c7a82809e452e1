"""What the stages pass along: an attribution under construction (:class:`Found`), in token
indices, from the rule or labeller that found it to the resolution that makes it an
:class:`~quotetrail.model.Attribution`."""

from __future__ import annotations

from dataclasses import dataclass

from quotetrail.analysis.attribution.quotes import Segment
from quotetrail.model import Form, Span

__all__ = ["Found", "Segment"]


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
    # what made it: the rule (a method of statements.py or patterns.py, a pattern list of the language's data) or
    # "model", with " + model" when the labeller agreed with a rule (`article N --explain`)
    rule: str = ""
    # how a description or pronoun was tied to the name it stands for (naming.py HOW_*), if it was
    speaker_how: str = ""
