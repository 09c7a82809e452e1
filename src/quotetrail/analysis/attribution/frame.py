"""Stage 5 (during resolution): the whole cue, which German often splits around the clause.

A speech verb rarely stands alone: "hat ... angekündigt", "gab ... bekannt", "wie ... mitteilte",
"bezeichnete ... als", "has also said". Annotators mark every piece, and a reader checking the
cue wants to see them too. This step turns the cue found so far (a verb, or a verb with its far
particle and everything in between) into the cue's pieces: the main one stays in ``Found.cue``,
the others go to ``Found.cue_parts``. Prepositional cues keep the preposition alone ("nach
Angaben der Polizei": the cue is "nach", the source "Angaben der Polizei").

Word lists: ``auxiliaries``, ``reflexives``, ``clause_breaks``, ``source_preps`` and the
``cue_frame`` block (clause openers such as "wie", companions such as "als") of
``lang/<code>/attribution.json``; verb particles come from ``cues.json``.
"""

from __future__ import annotations

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.cues import CueFinder
from quotetrail.analysis.attribution.lexicon import OPENERS, cue_tails, fold, is_quote, lemma_of
from quotetrail.analysis.attribution.quotes import Quotes

Range = tuple[int, int]
MAX_TAIL = 4  # words; the training counts tails up to this length
TAIL_RATE = 0.5  # a tail joins the cue when annotators included it at least this often
TAIL_TAKEN = 0.8  # ... and is taken from the start of the content when they nearly always did


class Frames:
    """Cue pieces for the statements of one document; changes only the ``Found`` it is given."""

    def __init__(self, ctx: Context, quotes: Quotes, cues: CueFinder) -> None:
        self.ctx = ctx
        self.quotes = quotes
        self.cues = cues

    def cue_frame(self, f: Found) -> None:
        """Split or extend ``f.cue`` into its pieces (token ranges), outside the content."""
        ctx = self.ctx
        if not f.cue or not ctx.lex.cue_frame:
            return
        i, j = f.cue
        lex = ctx.lex
        a, b = ctx.sent_range.get(ctx.toks[i].sent, (i, j))
        words = {fold(ctx.toks[k]) for k in range(i, j)}
        if fold(ctx.toks[i]) in lex.source_preps and j - i > 1:
            f.cue = (i, i + 1)  # "nach Angaben ...": the noun belongs to the source
            return
        if words & lex.source_preps and i not in self.cues.cue_lemma:
            return  # "zufolge", "laut": a phrase cue, complete as found (not "geht nach … aus")
        verb_lemma = self.cues.cue_lemma.get(i) or lemma_of(ctx.toks[i])
        if ctx.de:
            ci, cj = ctx.token_range(f.content)
            if ci + 2 < cj <= i and fold(ctx.toks[cj - 1]) in lex.auxiliaries and ctx.toks[cj - 2].text == ",":
                # "Der Plan sei falsch, hatte sie gesagt": the auxiliary belongs to the cue
                f.content = (f.content[0], ctx.toks[cj - 3].end)
        keep = set(range(i, j))
        if i in self.cues.cue_lemma and j - i > 2:
            # "gab er jedoch bekannt": the verb and its particle, not what stands between
            # ("wiesen darauf hin", "entschied sich dazu": the pronominal adverb and "sich" too)
            keep = {i, j - 1} | {
                k for k in range(i + 1, j - 1)
                if fold(ctx.toks[k]) in lex.auxiliaries
                or fold(ctx.toks[k]) in lex.reflexives
                or fold(ctx.toks[k]) in lex.frame_words
            }
        elif ctx.de:
            # "ist hingegen zuversichtlich", "hat außerdem angekündigt": adverbs are not the cue
            keep = {k for k in keep if k in (i, j - 1) or fold(ctx.toks[k]) not in lex.adverbs}
        keep |= self.frame_around(i, j, a, b, f, verb_lemma)
        keep |= self.learned_tail(max(keep) + 1, b, f)
        runs = runs_of(sorted(keep))
        main = next(r for r in runs if r[0] <= i < r[1])
        f.cue = main
        f.cue_parts = tuple(r for r in runs if r != main) + tuple(
            p for p in f.cue_parts if p not in runs and not any(q[0] <= p[0] < q[1] for q in runs)
        )

    def learned_tail(self, e: int, b: int, f: Found) -> set[int]:
        """The words after the cue that annotators count to it, as learnt with the model
        ("called" + "for", "said" + "in a statement"): the longest learnt tail that follows the
        cue's last word, lies outside the content and is no quotation."""
        ctx = self.ctx
        quotes = self.quotes
        tails = cue_tails(ctx.doc.lang).get(lemma_of(ctx.toks[e - 1])) if e > 0 else None
        if not tails:
            return set()
        toks = ctx.toks
        for n in range(min(MAX_TAIL, b - e), 0, -1):
            words = tuple(fold(toks[k]) for k in range(e, e + n))
            rate = tails.get(words, 0.0)
            if rate < TAIL_RATE or any(
                quotes.in_quote[k] or is_quote(toks[k]) or (f.medium and f.medium[0] <= k < f.medium[1])
                for k in range(e, e + n)
            ):
                continue  # a medium ("in a statement") is shown as such, not as cue
            inside = [k for k in range(e, e + n) if f.content[0] <= toks[k].start < f.content[1]]
            if not inside:
                return set(range(e, e + n))
            if rate >= TAIL_TAKEN and toks[e].start <= f.content[0] and e + n < b:
                # "called for a strike": a preposition the content began with belongs to the cue
                if toks[e + n].start < f.content[1]:
                    f.content = (toks[e + n].start, f.content[1])
                    return set(range(e, e + n))
        return set()

    def frame_around(self, i: int, j: int, a: int, b: int, f: Found, verb: str) -> set[int]:
        """Auxiliaries, a clause-opening "wie" and companions ("als") in the cue's clause."""
        ctx = self.ctx
        quotes = self.quotes
        lex, toks = ctx.lex, ctx.toks
        out: set[int] = set()

        def free(k: int) -> bool:
            return not (f.content[0] <= toks[k].start < f.content[1])

        # leftwards to the clause start: the finite auxiliary, a clause-opening "wie"
        k = i - 1
        while k >= a and free(k):
            t = toks[k]
            low = fold(t)
            if t.text in ",;:()" or is_quote(t) or low in lex.clause_breaks:
                break
            if low in lex.auxiliaries or (low in lex.reflexives and k == i - 1):
                out.add(k)
                if not ctx.de:
                    k -= 1
                    continue
            elif not ctx.de:
                if low in lex.frame_words:
                    out.add(k)
                    k -= 1
                    continue
                break  # English verb groups are contiguous: "has also said"
            if ctx.de and low in lex.clause_openers and (k == a or toks[k - 1].text in ",(–—-"):
                out.add(k)
                break
            if ctx.de and low in lex.frame_words and k > a:
                out.add(k)  # "wurden dazu aufgerufen" (not "Dazu sagte er", in first position)
            if ctx.de and low in lex.predicatives and k == i - 1:
                # "hat sich bereit erklärt": the predicative and the "sich" before it
                out.add(k)
                if k - 1 >= a and fold(toks[k - 1]) in lex.reflexives:
                    out.add(k - 1)
            k -= 1
        if ctx.de and verb in lex.expletive_verbs:
            # "in denen es … auch heißt, dass …": the expletive belongs to the cue
            for k in range(i - 1, a - 1, -1):
                if toks[k].text in ",;:" or not free(k):
                    break
                if fold(toks[k]) in lex.expletives:
                    out.add(k)
                    break
        if ctx.de and f.speaker and f.speaker[1] <= i and not out & set(range(a, i)):
            # "Wie der Direktor des Amtes, Karl Meier, mitteilte": the scan above stops at the
            # apposition's comma; the opener stands right before the source
            k = f.speaker[0] - 1
            if k >= a and free(k) and fold(toks[k]) in lex.clause_openers and (
                k == a or toks[k - 1].text in ",(–—-"
            ):
                out.add(k)
        if not ctx.de:
            # "said:" and "said Friday": the colon that opens the quote, a bare day after the verb
            k = j
            while k < b and free(k) and ctx.date_token(k) and ctx.is_cap(toks[k]):
                out.add(k)
                k += 1
            if k < b and free(k) and toks[k].text == ":":
                out.add(k)
            return out
        # rightwards, verb-final clauses: "mitgeteilt hatte", "erklärt habe"
        k = j
        while k < b and free(k) and fold(toks[k]) in lex.auxiliaries:
            out.add(k)
            k += 1
        if k < b and free(k) and fold(toks[k]) in lex.reflexives:
            out.add(k)  # "äußerte sich", "zeigte sich": annotators always mark "sich" with the verb
            k += 1
        # a pronominal adverb after the verb group: "verwies darauf", "begründete dies damit"
        for x in range(k, min(b, k + 3)):
            if not free(x) or toks[x].text in ",;:" or is_quote(toks[x]):
                break
            if fold(toks[x]) in lex.frame_words:
                out.add(x)
                break
        # companions: "bezeichnete ... als", "sprach ... von"
        want = lex.companions.get(verb)
        verb_final = j == b - 1 or (j < b and toks[j].text in ".!?")
        if want and ctx.de and verb_final:
            # a verb-final clause: "als „Geschäft des Jahrhunderts“ bezeichnet worden"
            for k in range(i - 1, a - 1, -1):
                t = toks[k]
                if t.text in ",;:":
                    break
                if free(k) and fold(t) in want:
                    out.add(k)
                    break
        elif want:
            for k in range(j, b):
                t = toks[k]
                if t.text in ",;:" or is_quote(t):
                    break
                if not free(k):
                    if fold(t) in want and t.start == f.content[0]:
                        out.add(k)  # "sprach von der „…“": the content began with it
                        self.content_after(k + 1, f)
                    break
                if fold(t) in want:
                    out.add(k)
                    if f.speaker and f.speaker[0] < k < f.speaker[1]:
                        f.speaker = (f.speaker[0], k)  # "sprach der Präsident von der …"
                    break
        out |= self.frame_phrase(a, b, f)
        c, e = ctx.token_range(f.content)
        if c + 2 < b and fold(toks[c]) in lex.frame_words and toks[c + 1].text == "," and not quotes.in_quote[c]:
            # "entschied sich X dazu, die Schleuse zu öffnen": the adverb points at the statement
            f.content = (toks[c + 2].start, f.content[1])
        elif fold(toks[c]) in lex.infinitive_openers and not quotes.in_quote[c]:
            # "sagte X, ohne auf Details einzugehen, dass …": the statement is the dass-clause
            for x in range(c + 1, min(e, c + 15) - 1):
                if toks[x].text == "," and fold(toks[x + 1]) in lex.complementizers:
                    f.content = (toks[x + 1].start, f.content[1])
                    break
        return out

    def frame_phrase(self, a: int, b: int, f: Found) -> set[int]:
        """A phrase that joins the clause's cue wherever it stands ("kommentierte X mit den
        Worten „…“", "wird mit den Worten zitiert"), outside quotations."""
        ctx = self.ctx
        toks = ctx.toks
        for k, kn in self.cues.phrase_spans(a, b):
            if not any(f.content[0] <= toks[x].start < f.content[1] for x in range(k, kn)):
                return set(range(k, kn))
            if toks[k].start == f.content[0] and self.content_after(kn, f):
                return set(range(k, kn))
        return set()

    def content_after(self, k: int, f: Found) -> bool:
        """Start the content at token ``k`` (past an article before a quotation: "von der
        „…“" keeps only the quotation), if anything of it is left."""
        ctx = self.ctx
        toks = ctx.toks
        e = k
        while e < len(toks) and fold(toks[e]) in ctx.lex.determiners:
            e += 1
        if e < len(toks) and toks[e].text in OPENERS:
            k = e
        if k >= len(toks) or toks[k].start >= f.content[1]:
            return False
        f.content = (toks[k].start, f.content[1])
        return True

def runs_of(ks: list[int]) -> list[Range]:
    """Sorted token indices as contiguous (start, end) runs."""
    runs: list[Range] = []
    for k in ks:
        if runs and runs[-1][1] == k:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    return runs
