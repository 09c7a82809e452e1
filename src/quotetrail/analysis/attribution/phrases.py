"""Noun-phrase structure that both cue finding and speaker finding ask about."""

from __future__ import annotations

from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.lexicon import fold
from quotetrail.analysis.attribution.quotes import Quotes


def apposition_end(ctx: Context, quotes: Quotes, p: int, b: int) -> int | None:
    """The comma that closes a German apposition opened at the comma ``p``: an article,
    adjectives and a noun ("…, der zuständige Minister, …"), not a relative clause (which
    has a verb) nor a quotation; None otherwise."""
    toks, lex = ctx.toks, ctx.lex
    if p + 2 >= b or toks[p].text != ",":
        return None
    m = ctx.mention(p + 1)
    if m is not None and m.label == "PER" and fold(toks[p + 1]) not in lex.determiners:
        # a name: "geht nach einem Treffen mit dem Leiter, Joachim Rücker, davon aus"
        k = p + 1
        while k < b and ctx.mention(k) is m:
            k += 1
        return k if k < b and toks[k].text == "," else None
    if fold(toks[p + 1]) not in lex.determiners:
        # a role without an article: "sagte Tim Hale, Kommandant der Garde, ohne …" (nouns,
        # articles, prepositions and adjectives up to a comma, the last word a noun)
        if not ctx.is_cap(toks[p + 1]) or quotes.in_quote[p + 1]:
            return None
        for x in range(p + 2, min(b, p + 12)):
            t = toks[x]
            if t.text == ",":
                return x if ctx.is_cap(toks[x - 1]) else None
            low = fold(t)
            if quotes.in_quote[x] or not (
                ctx.is_cap(t) or low in lex.determiners or low in lex.prepositions or ctx.is_adj(t)
            ):
                return None
        return None
    # adjectives, or an attribute of its own ("eine in Rangun ansässige Gruppe"), then the
    # noun: the word before the closing comma is capitalised
    for x in range(p + 2, min(b, p + 16)):
        t = toks[x]
        if t.text == ",":
            return x if ctx.is_cap(toks[x - 1]) else None
        if (
            (t.kind == "punct" and t.text not in ".()-")
            or quotes.in_quote[x]
            or (t.text[:1].islower() and (ctx.lem[x] in lex.verbs or ctx.lem[x] in lex.by_base))
        ):
            return None
    return None
