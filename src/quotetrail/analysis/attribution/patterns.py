"""Stage 4, phrase patterns: statements introduced by a phrase, not a verb.

"laut X", "X zufolge", "nach Angaben der Polizei", "Berichten zufolge", "according to X",
"In einer Erklärung heißt es", ", so X." and "wie X berichtet" (an outlet passing the statement
on). The words are per-language lists in ``lang/<code>/attribution.json``, each named; the rule
an attribution records is "pattern_" and the list's name (``rules.py``). ``pattern`` runs at a
token that can open a pattern and says how many tokens it took, so no verb rule takes them again.
"""

from __future__ import annotations

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.cues import CueFinder
from quotetrail.analysis.attribution.findings import Findings
from quotetrail.analysis.attribution.lexicon import fold, is_quote, lemma_of
from quotetrail.analysis.attribution.phrases import apposition_end
from quotetrail.analysis.attribution.quotes import Quotes
from quotetrail.analysis.attribution.speakers import Speakers
from quotetrail.model import Token


class PhrasePatterns:
    """The phrase patterns over one document's sentences; they add to ``findings``."""

    def __init__(
        self, ctx: Context, quotes: Quotes, cues: CueFinder, speakers: Speakers, findings: Findings
    ) -> None:
        self.ctx = ctx
        self.quotes = quotes
        self.cues = cues
        self.speakers = speakers
        self.findings = findings

    def pattern(self, s: int, a: int, b: int, k: int) -> int:
        ctx = self.ctx
        quotes = self.quotes
        lex, toks = ctx.lex, ctx.toks
        for seq in lex.impersonal:
            if ctx.match_seq(k, b, seq):
                # "In einer Erklärung heißt es, …": the first position names the source
                n = len(seq)
                cs, _ = self.speakers.prefield(a, k)
                src = (cs, k) if cs < k and not self.speakers.adverbial_prefield(cs, k) else None
                end = k + n
                if src is not None and k - cs == 1 and fold(toks[cs]) in lex.so_end:
                    src = None  # "So heißt es …": no source in the first position
                if src is None and end + 1 < b and fold(toks[end]) in lex.medium_preps:
                    # "So heißt es in dem Schreiben wörtlich: „…“": the document is the source
                    doc_np = self.speakers.np_after(end + 1, b)
                    if doc_np is not None:
                        src, end = doc_np, doc_np[1]
                        while end < b and (ctx.is_adverb(toks[end]) or toks[end].text in ",:"):
                            end += 1
                ca, cb = ctx.sides(a, b, cs, end)
                if ca < cb:
                    self.findings.add(Found(ctx.chars(ca, cb), "reported", (k, k + n), src, s, k), "pattern_impersonal")
                return n
        if fold(toks[k]) in lex.anaphoric:
            # "Demnach …" / "Der Abzug soll demnach …": the source named just before; the
            # sentence around it is the statement
            ca, cb = ctx.sides(a, b, k, k + 1, whole_if_middle=True)
            if ca < cb:
                f = Found(ctx.chars(ca, cb), "reported", (k, k + 1), (k, k + 1), s, k)
                f.speaker_label = "ANAPH"
                self.findings.add(f, "pattern_anaphoric")
            return 1
        if fold(toks[k]) in lex.source_preps and not any(
            ctx.match_seq(k, b, q) for q in lex.source_after
        ):
            # "nach jüngsten Untersuchungen", "nach Schätzungen der Polizei"
            j = k + 1
            while (
                j < b
                and j - k <= 3
                and (
                    ctx.is_adj(toks[j])
                    or fold(toks[j]) in lex.determiners
                    # "nach Celebis Angaben": a name in the genitive before the noun
                    or (ctx.de and ctx.is_cap(toks[j]) and toks[j].text.endswith("s") and j + 1 < b)
                )
            ):
                j += 1
            if j < b and (
                lemma_of(toks[j]) in lex.source_nouns
                or fold(toks[j]) in lex.source_nouns
                or (ctx.de and self.source_compound(toks[j]))
            ):
                src: tuple[int, int] | None = (k + 1, j + 1)
                end = j + 1
                linked = None
                if end < b and fold(toks[end]) in lex.source_link | lex.source_skip:
                    linked = self.speakers.np_after(end + (fold(toks[end]) in lex.source_skip), b)
                elif end < b and ctx.is_adj(toks[end]):
                    # a genitive without article: "nach Meinung politischer Beobachter"
                    linked = self.speakers.np_after(end, b)
                    if linked and not any(toks[x].text[:1].isupper() for x in range(*linked)):
                        linked = None
                    if linked and not self.bare_genitive(*linked):
                        linked = None  # "nach Polizeiangaben wieder einen Unfall", "weitere Filialen"
                if linked:
                    linked = self.speakers.coordinated(linked, b)
                    # the source is the whole phrase, "Angaben von Anwohnern", as annotators
                    # mark it; the speaker's name is what follows the noun (name_speaker)
                    src, end = (k + 1, linked[1]), linked[1]
                if ctx.de:
                    end = self.source_tail(k, end, a, b)
                    src = (src[0], end)
                ca, cb = ctx.sides(a, b, k, self.past_relative(end, b), whole_if_middle=True)
                if ca < cb:
                    self.findings.add(Found(ctx.chars(ca, cb), "reported", (k, j + 1), src, s, k), "pattern_source_prep")
                return end - k
            if (
                ctx.de and k - 2 >= a
                and (lemma_of(toks[k - 1]) in lex.source_nouns or fold(toks[k - 1]) in lex.source_nouns)
                and (fold(toks[k - 2]) in lex.possessives or fold(toks[k - 2]) in lex.determiners)
            ):
                # "sei ihrer Meinung nach nicht gewahrt": the preposition after its noun
                ca, cb = ctx.sides(a, b, k - 2, k + 1, whole_if_middle=True)
                if ca < cb:
                    self.findings.add(Found(ctx.chars(ca, cb), "indirect", (k, k + 1), (k - 2, k), s, k), "pattern_noun_prep")
                return 1
            return 0
        for seq in lex.unnamed:
            if ctx.match_seq(k, b, seq):
                n = len(seq)
                ca, cb = ctx.sides(a, b, k, k + n, whole_if_middle=True)
                if ca < cb:
                    self.findings.add(Found(ctx.chars(ca, cb), "reported", (k, k + n), None, s, k), "pattern_unnamed")
                return n
        for seq in lex.source_after:
            if ctx.match_seq(k, b, seq):
                n = len(seq)
                i = k + n
                if i < b and fold(toks[i]) in lex.source_skip:
                    i += 1
                src = self.speakers.np_after(i, b)
                if src is None and i in quotes.seg_open and 0 < quotes.seg_open[i].close - i <= 5:
                    src = (i, quotes.seg_open[i].close + 1)  # "laut „BBC News“": a quoted outlet
                if src is None and ctx.de and n > 1 and toks[k + n - 1].text[:1].isupper():
                    src = (k + n - 1, k + n)  # "nach Angaben" with no one named after it
                if src is None:
                    return 0
                src = self.speakers.coordinated(src, b)
                if not ctx.de:
                    # "according to a new report by Port Weekly, …": the whole phrase up to the
                    # comma or the sentence end is the source, as annotated
                    e = src[1]
                    # opening the sentence ("According to early results of polls run for X by
                    # Y, …") the phrase runs to its comma however long: the statement follows it
                    lead = all(toks[x].kind != "word" for x in range(a, k))
                    while e < b and e - i < (40 if lead else 15) and toks[e].text not in ",;:" and not quotes.in_quote[e]:
                        if e + 1 < b and fold(toks[e + 1]) in lex.agent_markers and fold(
                            toks[e]
                        ).endswith(lex.participle_suffixes):
                            break  # "a draft seen by Reuters": the outlet passed it on
                        e += 1
                    if (e - i < 15) if e == b else toks[e].text == ",":
                        src = ctx.tidy(src[0], e)
                if ctx.de and n > 1 and toks[k + n - 1].text[:1].isupper():
                    src = (k + 1, src[1])  # "nach Angaben von X": the noun is part of the source
                if ctx.de:
                    src = (src[0], self.source_tail(k, src[1], a, b))
                ca, cb = ctx.sides(a, b, k, self.past_relative(src[1], b), whole_if_middle=True)
                if ca < cb:
                    self.findings.add(Found(ctx.chars(ca, cb), "reported", (k, k + n), src, s, k), "pattern_source_after")
                return n
        for seq in lex.source_before:
            if ctx.match_seq(k, b, seq):
                src = self.speakers.np_before(a, k)
                if src is None:
                    return 0
                ca, cb = ctx.sides(a, b, src[0], k + len(seq), whole_if_middle=True)
                if ca < cb:
                    self.findings.add(Found(ctx.chars(ca, cb), "reported", (k, k + len(seq)), src, s, k), "pattern_source_before")
                return len(seq)
        return 0

    def source_tail(self, k: int, e: int, a: int, b: int) -> int:
        """German: where a source phrase opened by "laut"/"nach" at ``k`` ends, given its noun
        phrase ends at ``e``: a name in apposition between commas ("Nach Angaben von Peter
        Beck, dem Dekan, …") and at the sentence's start everything before the finite verb
        ("Nach Angaben des Beauftragten für Menschenrechte bleiben …": German puts one phrase
        before the verb). (A quoted name after "von", „Brot für alle“, was measured too: Source
        gained, Message and Joint lost on CV.)"""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        for _ in range(3):
            if e >= b:
                break
            low = fold(toks[e])
            close = apposition_end(ctx, quotes, e, b) if toks[e].text == "," else None
            if close is not None:
                e = close
                continue
            if k == ctx.lead_skip(a, b) and low in lex.prepositions and toks[e].text[:1].islower():
                x = e + 1
                while x < b and (fold(toks[x]) in lex.determiners or (ctx.is_adj(toks[x]) and not ctx.is_adverb(toks[x]))):
                    x += 1
                y = x
                while y < b and ctx.is_cap(toks[y]) and not quotes.in_quote[y]:
                    y += 1
                if y > x and y < b and toks[y].kind == "word" and toks[y].text[:1].islower():
                    e = y  # the finite verb follows: the phrase before it is the source's
                    continue
            break
        return e

    def bare_genitive(self, i: int, j: int) -> bool:
        """German genitive plural without an article ("politischer Beobachter"): adjectives
        in -er, then nouns; no article, no other lower-case word."""
        ctx = self.ctx
        toks = ctx.toks
        k = i
        while k < j and toks[k].text[:1].islower():
            low = fold(toks[k])
            if not low.endswith("er") or low in ctx.lex.determiners or low in ctx.lex.adverbs:
                return False
            k += 1
        return k > i and all(ctx.is_cap(toks[x]) for x in range(k, j))

    def past_relative(self, p: int, b: int) -> int:
        """After a German relative clause that describes the source ("Nach einer Hochrechnung,
        die auf 65 Prozent der Bezirke beruht, entfallen …"): the clause is neither source
        nor statement; else ``p``."""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        if not ctx.de or p + 2 >= b or toks[p].text != ",":
            return p
        r = p + 1 + (fold(toks[p + 1]) in lex.prepositions)
        if fold(toks[r]) not in lex.relatives:
            return p
        for x in range(r + 1, min(b, r + 30)):
            if quotes.in_quote[x] or is_quote(toks[x]):
                return p
            if toks[x].text == ",":
                return x + 1 if x - 1 > r and toks[x - 1].text[:1].islower() else p
        return p

    def source_compound(self, t: Token) -> bool:
        """German "Armeeangaben", "NASA-Angaben": a compound ending in a source noun."""
        ctx = self.ctx
        low = fold(t)
        return t.text[:1].isupper() and any(
            low.endswith(n) and len(low) > len(n) + 2 for n in ctx.lex.source_nouns if len(n) >= 6
        )

    def so_end(self, s: int, a: int, b: int, k: int) -> bool:
        """ "…, so Russlands Präsident." — the speaker closes the sentence."""
        ctx = self.ctx
        quotes = self.quotes
        src = self.speakers.np_after(k + 1, b)
        if src is None:
            return False
        r0, r1 = ctx.trim(src[1], b)
        if r0 < r1 and (
            r1 - r0 > 6
            or any(ctx.toks[x].text in ",:;" or quotes.in_quote[x] or is_quote(ctx.toks[x]) for x in range(r0, r1))
            or any(self.cues.verb_cue(x, a, b) for x in range(r0, r1))
        ):
            return False  # only "wörtlich", a date or a medium may follow the speaker
        q = k - 2
        if q >= a and q in quotes.seg_close:
            self.findings.direct(quotes.seg_close[q], s, (k, k + 1), src, k, rule="so_end_quote")
            return True
        ca, cb = ctx.trim(ctx.lead_skip(a, k), k - 1)
        if ca < cb:
            self.findings.add(Found(ctx.chars(ca, cb), "indirect", (k, k + 1), src, s, k), "so_end")
        return True

    def intermediary_phrase(self, s: int, a: int, b: int, consumed: set[int]) -> None:
        """ "Wie Sky News berichtet, …" / "as Politico reported": the outlet passing it on."""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex, low = ctx.toks, ctx.lex, ctx.low
        for k in range(a, b):
            if low[k] not in lex.inter_lead or quotes.in_quote[k]:
                continue
            i = k + 1
            while i < b and (fold(toks[i]) in lex.inter_skip or fold(toks[i]) in lex.determiners):
                i += 1
            m = ctx.mention(i)
            j = i
            if m is not None and m.label in ("MEDIA", "ORG"):
                while j < b and ctx.mention(j) is m:
                    j += 1
            while j < b and fold(toks[j]) in lex.inter_skip:
                j += 1
            if (
                j > i
                and j < b
                and (fold(toks[j]) in lex.inter_verbs or lemma_of(toks[j]) in lex.inter_verbs)
            ):
                n = i + sum(1 for x in range(i, j) if ctx.mention(x) is m)
                self.findings.sent_inter[s] = ctx.span(i, n)
                self.findings.inter_at[s] = (k, j + 1, i, n)
                consumed.update(range(k, j + 1))
                return
