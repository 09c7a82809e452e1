"""Stage 4d, passive cues after the join: "Am Montag wurde mitgeteilt, dass …", "Von der Stadt
wurde bestätigt, dass …", "Wie am Dienstag bekanntgegeben wurde, …".

The verb rules read a passive cue's subject as what was said about, not as the speaker, so they
find no statement here, and the labeller misses many. This stage runs once the statements of
an article are known and adds one only to a sentence that has none: the cue is the passive
auxiliary with the participle of a speech verb (cues.json) in one clause, the statement is the
clause after it (a dass/ob-clause, or the main clause after a "wie" clause), the speaker the
agent after "von"/"vom" when the clause names one, else nobody.

Input: the context, the quote segments, the speakers (for the agent's phrase), the joined
``Found`` list; output: the added statements (rule "passive_cue").
"""

from __future__ import annotations

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.continuation import sentences_with_statements
from quotetrail.analysis.attribution.lexicon import fold, lemma_of
from quotetrail.analysis.attribution.quotes import Quotes
from quotetrail.analysis.attribution.speakers import Speakers

CLAUSE_MARKS = frozenset(",;:")


def passive_statements(ctx: Context, quotes: Quotes, speakers: Speakers, found: list[Found]) -> list[Found]:
    lex, toks, low = ctx.lex, ctx.toks, ctx.low
    if not lex.passive or not lex.complementizers:
        return []
    have = sentences_with_statements(ctx, found)
    added: list[Found] = []
    for s, (a, b) in sorted(ctx.sent_range.items()):
        if s in have or any(quotes.in_quote[k] for k in range(a, b)):
            continue
        # the first clause of the sentence: up to its first comma
        c = next((k for k in range(a, b) if toks[k].text in CLAUSE_MARKS), b)
        if c + 1 >= b or toks[c].text != ",":
            continue
        aux = next((k for k in range(a, c) if low[k] in lex.passive), None)
        part = next(
            (
                k
                for k in range(a, c)
                if k != aux and toks[k].text[:1].islower()
                and (
                    # a participle, not the infinitive
                    (lemma_of(toks[k]) in lex.verbs and fold(toks[k]) != lemma_of(toks[k]))
                    or low[k] in lex.passive_predicatives  # "wurde bekannt (gegeben)"
                )
            ),
            None,
        )
        if aux is None or part is None:
            continue
        opener = low[a] in lex.clause_openers  # "Wie … mitgeteilt wurde, …"
        if not opener and low[c + 1] not in lex.complementizers:
            continue
        ca, cb = ctx.trim(c + 1, b)
        if ca >= cb:
            continue
        spk = None
        agent = next((k for k in range(a, c) if low[k] in lex.agent_markers), None)
        if agent is not None:
            spk = speakers.np_after(agent + 1, c)
            if spk is not None and spk[1] > c:
                spk = None
        c0, c1 = min(aux, part), max(aux, part)
        # "wurde mitgeteilt" is one cue; "wurde am Montag mitgeteilt" a cue in two pieces
        parts = ((c1, c1 + 1),) if c1 > c0 + 1 else ()
        f = Found(ctx.chars(ca, cb), "indirect", (c0, c0 + 1 if parts else c1 + 1), spk, s, c0, cue_parts=parts)
        f.rule = "passive_cue"
        added.append(f)
    return added
