"""Stage 5, form: the form a statement ends with, once its cue is settled.

The rules and the labeller give a form as they find a statement (direct when it is a quotation,
indirect for a clause, reported for a speech act's object); three things only the settled cue
and content show revise it here. Input: the context, the quote segments, one ``Found``.
"""

from __future__ import annotations

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.lexicon import fold
from quotetrail.analysis.attribution.quotes import Quotes
from quotetrail.model import Form


def final_form(ctx: Context, quotes: Quotes, f: Found) -> Form:
    form = f.form
    if form == "reported" and phrase_cue(ctx, f):
        # "laut X", "nach Angaben von X", "X zufolge", "heißt es" introduce the rest of
        # the sentence: a proposition, indirect speech as the annotation standard counts it
        form = "indirect"
    if form != "direct" and quoted_whole(ctx, quotes, f):
        form = "direct"  # "heißt es in dem Schreiben: „…“": a quotation
    if form == "indirect" and f.cue is None and ctx.lex.subjunctive:
        # "Er sagte, … Die Regierung werde …": no cue of its own, the statement goes on
        # in the subjunctive (or "soll") from one before it — free indirect speech
        form = "free_indirect"
    return form


def quoted_whole(ctx: Context, quotes: Quotes, f: Found) -> bool:
    """The content is one quotation (its words all inside quote marks)."""
    i, j = ctx.token_range(f.content)
    return j - i >= 2 and all(quotes.in_quote[k] for k in range(i, j))


def phrase_cue(ctx: Context, f: Found) -> bool:
    """The cue opens a phrase pattern ("laut", "nach Angaben", "zufolge") before a content of
    three words or more."""
    if not f.cue:
        return False
    first = fold(ctx.toks[f.cue[0]])
    i, j = ctx.token_range(f.content)
    return first in ctx.lex.pattern_firsts and j - i >= 3
