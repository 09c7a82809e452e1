"""The attribution engine for one article: the stages, built once and run in order.

    ctx        = Context(doc)                       indexes of the document (context.py)
    quotes     = find_quotes(ctx)                   1. quote segments (quotes.py)
    cues       = CueFinder(ctx, quotes)             2. which words are cues (cues.py)
    speakers   = Speakers(ctx, quotes, cues)        3. the speaker of a cue (speakers.py)
    statements = Statements(ctx, quotes, cues, speakers).run()
                                                    4. the rules: content, cue, speaker (statements.py,
                                                       phrase patterns in patterns.py, output
                                                       collected in findings.py)
    join_with_model(ex, found, tagger)              4b. the trained labeller's findings joined
                                                        with the rules' (learned.py; de, en)
    continue_statements(ctx, quotes, found)         4c. free indirect sentences that go on
                                                        with any statement found (continuation.py)
    passive_statements(ctx, quotes, speakers, found)
                                                    4d. passive cues nothing else found (passive.py)
    Resolver(...).finish(found, sent_inter)         5. cue pieces (frame.py), form, medium,
                                                       intermediary, date, names (resolve.py)

Each stage takes what it reads as arguments; only ``Findings.found``, the cue finder's
``cue_lemma`` and the segments' ``used`` marks change while the stages run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.continuation import continue_statements
from quotetrail.analysis.attribution.cues import CueFinder
from quotetrail.analysis.attribution.frame import Frames
from quotetrail.analysis.attribution.passive import passive_statements
from quotetrail.analysis.attribution.quotes import Quotes, find_quotes
from quotetrail.analysis.attribution.resolve import Resolver
from quotetrail.analysis.attribution.speakers import Speakers
from quotetrail.analysis.attribution.statements import Statements
from quotetrail.model import Attribution, Document

if TYPE_CHECKING:
    from quotetrail.analysis.attribution.learned import Tagger


class Extractor:
    """The stages over one article; ``run`` gives the rules' attributions."""

    def __init__(self, doc: Document) -> None:
        self.ctx = ctx = Context(doc)
        self.quotes = quotes = find_quotes(ctx)
        self.cues = CueFinder(ctx, quotes)
        self.speakers = Speakers(ctx, quotes, self.cues)
        self.statements = Statements(ctx, quotes, self.cues, self.speakers)
        frames = Frames(ctx, quotes, self.cues)
        self.resolver = Resolver(ctx, quotes, self.cues, self.speakers, frames)

    def rules(self) -> list[Found]:
        """Stages 2-4: what the rules find (``self.found``)."""
        return self.statements.run()

    def finish(self, found: list[Found]) -> list[Attribution]:
        """Stage 5 over ``found`` (the rules', or the rules' joined with the labeller's)."""
        return self.resolver.finish(found, self.statements.findings.sent_inter)

    def run(self, tagger: Tagger | None = None) -> list[Attribution]:
        """The rules, joined with the trained labeller's findings when ``tagger`` is given (stage
        4b), then the resolution."""
        if not self.ctx.toks or not self.ctx.lex.verbs:
            return []
        found = self.rules()
        if tagger is not None:
            # imported here: learned.py's features import this module
            from quotetrail.analysis.attribution.learned import join_with_model

            found = join_with_model(self, list(found), tagger)
        # after the join, so what only the labeller found is continued too (and the labeller's
        # features, which read the rules' findings, stay as it was trained on)
        found = continue_statements(self.ctx, self.quotes, list(found))
        found += passive_statements(self.ctx, self.quotes, self.speakers, found)
        return self.finish(found)

    @property
    def found(self) -> list[Found]:
        return self.statements.findings.found

    @property
    def cue_lemma(self) -> dict[int, str]:
        return self.cues.cue_lemma

    def __getattr__(self, name: str) -> Any:
        """``ex.toks``, ``ex.in_quote``, ``ex.mention(i)``: the labeller's features and its
        training read the context and the quote segments through the extractor."""
        if name in ("ctx", "quotes") or name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.quotes if name in Quotes.__dataclass_fields__ else self.ctx, name)
        # the features ask per token: later reads find a plain attribute (context and quote
        # segments are never replaced, so the value stays the one they hold)
        setattr(self, name, value)
        return value
