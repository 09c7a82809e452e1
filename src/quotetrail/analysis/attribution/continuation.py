"""Stage 4c, free indirect speech after the join: statements the sentence rules cannot see.

Runs once the statements of an article are known (the rules' joined with the labeller's), so
it reads what both found and adds only sentences that have none:

- ``continue_statements``: a sentence with no cue of its own whose verb is in Konjunktiv I (or
  a reportative "soll") goes on with the speaker of the statement before it ("Er sagte, … .
  Die Regierung werde …"). ``Statements.free_indirect`` does the same over the rules' own
  findings before the labeller (its output is among the labeller's features, so it stays);
  this pass also continues what only the labeller found, and a reported speech act ("Der
  Verband forderte höhere Zuschüsse. Ohne Hilfe müsse …"), which the corpus continues as
  free indirect speech as it does indirect speech (5-fold CV, docs/EVALUATION.md).

Input: the context, the quote segments, the joined ``Found`` list; output: the list with the
added statements (form "indirect" with no cue, made free indirect by ``forms.final_form``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.lexicon import lemma_of
from quotetrail.analysis.attribution.quotes import Quotes
from quotetrail.analysis.entities import paragraph_of


def sentences_with_statements(ctx: Context, found: list[Found]) -> set[int]:
    """The sentences a statement is in: its own, and those its content runs into (the
    labeller's "…, die Lage sei ernst. Ohne Hilfe würden …" spans two)."""
    have = {f.sentence for f in found}
    order = sorted((ctx.toks[a].start, s) for s, (a, _) in ctx.sent_range.items())
    starts = [start for start, _ in order]
    for f in found:
        # the sentences that start inside the content: a slice of the sorted starts
        lo, hi = bisect_right(starts, f.content[0]), bisect_left(starts, f.content[1])
        have.update(s for _, s in order[lo:hi])
    return have


def continuation_sentences(
    ctx: Context,
    quotes: Quotes,
    found: list[Found],
    may_continue: Callable[[Found], bool],
    add: Callable[[Found], None],
    also: frozenset[str] = frozenset(),
    have: set[int] | None = None,
) -> None:
    """Each sentence after one with a statement that ``may_continue``, with none of its own,
    no quotation, a Konjunktiv I or reportative verb, in the same or the next paragraph and no
    other named person in it: ``add`` a cue-less statement of the same speaker. A continued
    sentence may itself be continued (a run of free indirect speech)."""
    if not ctx.lex.subjunctive:
        return
    last: dict[int, Found] = {}
    for f in found:
        if may_continue(f) and (f.sentence not in last or last[f.sentence].pos < f.pos):
            last[f.sentence] = f
    if have is None:  # the rules' pass: the sentences its statements are in
        have = {f.sentence for f in found}
    sents = sorted(ctx.sent_range)
    for prev, s in zip(sents, sents[1:], strict=False):
        src = last.get(prev)
        if src is None or s in have:
            continue
        a, b = ctx.sent_range[s]
        if any(quotes.in_quote[k] for k in range(a, b)) or not any(
            ctx.subjunctive(ctx.toks[k]) or ctx.low[k] in ctx.lex.reportative or ctx.low[k] in also
            for k in range(a, b)
        ):
            continue
        if paragraph_of(ctx.para_starts, ctx.toks[a].start) - paragraph_of(ctx.para_starts, src.content[0]) > 1:
            continue
        # another named person in the sentence is likely its own subject
        src_name = ctx.mention(src.speaker[0]) if src.speaker else None
        if any(
            (m := ctx.mention(k)) is not None
            and m.label == "PER"
            and m is not src_name
            and (src_name is None or m.name != src_name.name)
            for k in range(a, b)
        ):
            continue
        ca, cb = ctx.trim(a, b)
        if ca < cb:
            g = Found(ctx.chars(ca, cb), "indirect", None, src.speaker, s, a)
            add(g)
            last[s] = Found(g.content, g.form, src.cue, src.speaker, s, a)


def hearsay_sentences(ctx: Context, quotes: Quotes, found: list[Found], add: Callable[[Found], None]) -> None:
    """A sentence with no statement and no quotation whose reportative modal has a perfect
    infinitive after it ("Der Fahrer soll das Video hochgeladen haben", "Drei Menschen sollen
    verletzt worden sein"): the claim of an unnamed source, free indirect speech with no
    speaker. A plan ("Die Brücke soll 2027 fertig werden") has no perfect infinitive."""
    lex, toks, low = ctx.lex, ctx.toks, ctx.low
    if not lex.reportative or not lex.hearsay_auxiliaries:
        return
    have = sentences_with_statements(ctx, found)
    for s, (a, b) in sorted(ctx.sent_range.items()):
        if s in have or any(quotes.in_quote[k] for k in range(a, b)):
            continue
        modal = next((k for k in range(a, b) if low[k] in lex.reportative), None)
        if modal is None:
            continue
        # the perfect infinitive closes the modal's clause: stop at the next clause mark
        k = modal + 2
        while k < b and toks[k].text not in ",;:":
            w = toks[k - 1]
            if (
                low[k] in lex.hearsay_auxiliaries
                and w.kind == "word"
                and w.text[:1].islower()
                and low[k - 1].endswith(lex.hearsay_participle_endings)
                # a participle, not an adjective ("soll schlecht sein"): the lemmatizer takes
                # it to its verb, or it carries the participle's "ge" (abgebrannt)
                and (lemma_of(w) != low[k - 1] or lex.participle_prefix in low[k - 1])
            ):
                ca, cb = ctx.trim(a, b)
                if ca < cb:
                    add(Found(ctx.chars(ca, cb), "indirect", None, None, s, a))
                break
            k += 1


def continue_statements(ctx: Context, quotes: Quotes, found: list[Found]) -> list[Found]:
    """The joined statements and the free indirect sentences that continue them."""
    added: list[Found] = []

    def add(g: Found) -> None:
        g.rule = "free_indirect_after_join"
        added.append(g)

    # any statement with a cue and a speaker, reported speech acts too
    continuation_sentences(
        ctx, quotes, found, lambda f: bool(f.speaker and f.cue), add, ctx.lex.konjunktiv_ii,
        sentences_with_statements(ctx, found),
    )

    def add_hearsay(g: Found) -> None:
        g.rule = "free_indirect_hearsay"
        added.append(g)

    hearsay_sentences(ctx, quotes, [*found, *added], add_hearsay)
    return [*found, *added]  # the resolution puts them in order
