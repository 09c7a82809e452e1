"""What the statement rules have found in one document, and how a rule records a finding.

``add`` takes a ``Found`` with the name of the rule that made it (``rules.py``); ``direct``
adds every segment of a quotation at once (a quotation over several paragraphs is one
statement per segment) and marks them ``used``. ``sent_inter``/``inter_at``: the outlet a
sentence names ("wie Reuters berichtet"), for the resolution and for "outlet_reports".
"""

from __future__ import annotations

from quotetrail.analysis.attribution.base import Found, Segment
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.cues import CueFinder
from quotetrail.analysis.attribution.quotes import Quotes
from quotetrail.model import Span


class Findings:
    """The rules' output for one document, filled as they run."""

    def __init__(self, ctx: Context, quotes: Quotes, cues: CueFinder) -> None:
        self.ctx = ctx
        self.quotes = quotes
        self.cues = cues
        self.found: list[Found] = []
        self.sent_inter: dict[int, Span] = {}  # "wie X berichtet" per sentence
        self.inter_at: dict[int, tuple[int, int, int, int]] = {}  # phrase, outlet tokens

    def add(self, f: Found, rule: str) -> None:
        ctx = self.ctx
        f.rule = rule
        if f.cue and f.cue[1] - f.cue[0] > 1 and f.cue[0] in self.cues.cue_lemma:
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
