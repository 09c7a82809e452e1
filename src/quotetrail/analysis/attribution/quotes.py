"""Stage 1: pair quote marks into segments.

Input: the document's :class:`Context`. Output: :class:`Quotes`, the quoted stretches and which
tokens lie inside one. A quote left open at the end of a paragraph continues when the next
paragraph opens with a quote mark (news convention); the segments of one quotation share a
``chain``. Later stages mark a segment ``used`` once an attribution covers it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.lexicon import OPENERS, PAIRS


@dataclass
class Segment:
    """A quoted stretch: the opening mark's token, the closing mark's token (or -1)."""

    open: int
    close: int
    start: int  # content characters, inside the marks
    end: int
    chain: int
    used: bool = False


@dataclass
class Quotes:
    """The quote segments of one document."""

    in_quote: list[bool]  # per token: inside quote marks
    segments: list[Segment] = field(default_factory=list)
    chains: dict[int, list[Segment]] = field(default_factory=dict)  # one quotation's segments
    seg_open: dict[int, Segment] = field(default_factory=dict)  # by opening mark's token
    seg_close: dict[int, Segment] = field(default_factory=dict)  # by closing mark's token


def find_quotes(ctx: Context) -> Quotes:
    toks, text, qc = ctx.toks, ctx.text, ctx.qc
    quotes = Quotes([False] * len(toks))
    open_i = -1
    open_ch = ""
    chain = 0
    for i, t in enumerate(toks):
        q = qc[i]
        new_para = i > 0 and "\n" in text[toks[i - 1].end : t.start]
        if new_para and open_i >= 0 and not q and _closes_later(ctx, i, open_ch):
            new_para = False  # a quotation over several lines, closed further on
        if new_para and open_i >= 0:
            # open at the paragraph end: continue only if this paragraph opens a quote
            _add_segment(ctx, quotes, open_i, -1, toks[i - 1].end, chain)
            if q in OPENERS:
                open_i, open_ch = i, q
                continue
            open_i = -1
            chain += 1
        if not q:
            continue
        if open_i >= 0 and q in PAIRS.get(open_ch, ""):
            _add_segment(ctx, quotes, open_i, i, t.start, chain)
            open_i = -1
            chain += 1
        elif open_i < 0 and q in OPENERS and q != "”":
            open_i, open_ch = i, q
    if open_i >= 0:
        _add_segment(ctx, quotes, open_i, -1, toks[-1].end, chain)
    return quotes


def _closes_later(ctx: Context, i: int, open_ch: str) -> bool:
    """The next quote mark after token ``i``, within a few lines, closes ``open_ch``: the
    lines between continue the quotation (one sentence per line, as in a corpus)."""
    toks, qc = ctx.toks, ctx.qc
    for k in range(i, len(toks)):
        if toks[k].start - toks[i].start > 600:
            return False
        if qc[k]:
            return qc[k] in PAIRS.get(open_ch, "") and qc[k] != open_ch
    return False


def _add_segment(ctx: Context, quotes: Quotes, o: int, c: int, end: int, chain: int) -> None:
    text, toks = ctx.text, ctx.toks
    start = toks[o].end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end > start and text[end - 1] in ",":
        end -= 1  # "…," said X: the comma belongs to the frame
    if end <= start:
        return
    seg = Segment(o, c, start, end, chain)
    quotes.segments.append(seg)
    quotes.chains.setdefault(chain, []).append(seg)
    quotes.seg_open[o] = seg
    if c >= 0:
        quotes.seg_close[c] = seg
    for k in range(o + 1, c if c >= 0 else len(toks)):
        if toks[k].start >= end:
            break
        quotes.in_quote[k] = True
