"""Stage 4: statement spans — what each rule finds: content, cue and speaker together.

Input: the context, the quote segments, the cue finder and the speaker finder. ``run()`` goes
sentence by sentence: phrase patterns first ("laut X", "X zufolge", "Berichten zufolge",
"according to X", ", so X."; ``patterns.py``), then speech verbs with what they govern — an
attached quote (direct), a dass/that- or comma-clause after the cue (indirect), what precedes
", sagte X." (indirect) or a plain object (reported); then quotes that continue a speaker, free
indirect speech and outlets as sources.

A verb cue: ``verb_frame`` finds its speaker and the stretch cue and speaker take (a
``VerbCue``); then the verb rules are tried in order and the first that applies makes the
statement — ``quote_before``, ``quote_in_frame``, ``quote_after``, ``quote_next_sentence``,
``clause_before``, ``companion_clause``, ``clause_after``.

Output: ``findings`` (``findings.py``): ``found``, each with the rule that made it
(``rules.py``), and per sentence the outlet named by "wie X berichtet" (``sent_inter``). Marks
the quote segments it attributes ``used``.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.continuation import continuation_sentences
from quotetrail.analysis.attribution.cues import CueFinder
from quotetrail.analysis.attribution.findings import Findings
from quotetrail.analysis.attribution.lexicon import fold, is_quote, lemma_of
from quotetrail.analysis.attribution.patterns import PhrasePatterns
from quotetrail.analysis.attribution.quotes import Quotes
from quotetrail.analysis.attribution.speakers import Speakers
from quotetrail.model import Form


@dataclass
class VerbCue:
    """A speech verb in its sentence ``[a, b)`` with the speaker found for it: what the verb
    rules of ``Statements.from_verb`` read."""

    s: int  # sentence
    a: int
    b: int
    verb: int  # the finite verb's token
    c0: int  # the cue's tokens
    c1: int
    lemma: str
    info: dict  # the verb's entry in cues.json
    spk: tuple[int, int] | None
    block0: int  # where cue and speaker together start and end
    block1: int


class Statements:
    """The rules over one document; ``run`` is their order."""

    def __init__(self, ctx: Context, quotes: Quotes, cues: CueFinder, speakers: Speakers) -> None:
        self.ctx = ctx
        self.quotes = quotes
        self.cues = cues
        self.speakers = speakers
        self.findings = Findings(ctx, quotes, cues)
        self.patterns = PhrasePatterns(ctx, quotes, cues, speakers, self.findings)

    def run(self) -> list[Found]:
        """All rules, sentence by sentence, then those that look across sentences."""
        ctx = self.ctx
        for s in sorted(ctx.sent_range):
            a, b = ctx.sent_range[s]
            self.sentence(s, a, b)
        self.standalone_quotes()
        self.free_indirect()
        self.outlet_reports()
        return self.findings.found

    # -- 2. cues -------------------------------------------------------------------------
    def sentence(self, s: int, a: int, b: int) -> None:
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        consumed: set[int] = set()
        self.patterns.intermediary_phrase(s, a, b, consumed)
        # phrase patterns first: their words are not verbs of their own
        low, lem = ctx.low, ctx.lem
        k = a
        while k < b:
            if quotes.in_quote[k] or k in consumed:
                k += 1
                continue
            if low[k] in lex.pattern_firsts or lem[k] in lex.pattern_firsts:
                n = self.patterns.pattern(s, a, b, k)
                if n:
                    consumed.update(range(k, k + n))
                    k += n
                    continue
            if low[k] in lex.so_end and k > a and toks[k - 1].text == ",":
                if self.patterns.so_end(s, a, b, k):
                    consumed.add(k)
            k += 1
        for k in range(a, b):
            if quotes.in_quote[k] or k in consumed:
                continue
            cue = self.cues.verb_cue(k, a, b)
            if cue is not None:
                self.from_verb(s, a, b, cue)
        self.phrase_quote(s, a, b)
        self.headline_speaker(s, a, b)
        self.dash_signature(s, a, b)

    def ends_in_infinitive(self, i: int, b: int) -> bool:
        """The clause from ``i`` ends in an infinitive with "zu": "zu verstärken", "anzutreten"."""
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        e = b
        while e > i and toks[e - 1].kind == "punct":
            e -= 1
        if e - i < 2 or not toks[e - 1].text[:1].islower():
            return False
        if ctx.low[e - 2] == lex.infinitive_marker:
            return True
        low = ctx.low[e - 1]
        return any(low.startswith(p + lex.infinitive_marker) and len(low) > len(p) + 4 for p in lex.particles)

    def phrase_quote(self, s: int, a: int, b: int) -> None:
        """ "Mit den Worten „…“ richtete er den Blick …": a cue phrase right before a quotation
        that no verb cue has taken; the speaker is the clause's subject, a name or pronoun."""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        for k, kn in self.cues.phrase_spans(a, b):
            q = kn
            # "versuchte mit den Worten zu beruhigen: „…“": an infinitive before the colon
            while q < min(b, kn + 3) and not is_quote(toks[q]) and toks[q].text != ":" and (
                toks[q].text[:1].islower()
            ):
                q += 1
            end = q
            q += toks[q].text == ":" if q < b else 0
            seg = quotes.seg_open.get(q)
            if seg is None or seg.used:
                continue
            spk = next(
                (
                    (x, x + 1) if ctx.low[x] in lex.pronouns else ctx.token_range((m.span.start, m.span.end))
                    for x in range(a, b)
                    if not quotes.in_quote[x] and not is_quote(toks[x]) and not (k <= x < q)
                    and (ctx.low[x] in lex.pronouns or ((m := ctx.mention(x)) is not None and m.label == "PER"))
                ),
                None,
            )
            c0 = k
            parts: tuple[tuple[int, int], ...] = ()
            if c0 - 2 >= a and ctx.low[c0 - 1] in lex.reflexives and toks[c0 - 2].text[:1].islower():
                c0 -= 2  # "meldete sich mit den Worten: „…“": the verb and "sich" too
            elif end == kn + 1 and ctx.low[kn] in lex.particles:
                # "schloss sich diesem Urteil mit den Worten an: „…“": the separable
                # verb's finite part, with "sich", earlier in the clause
                v = next(
                    (
                        x for x in range(a + 1, k)
                        if toks[x].kind == "word" and toks[x].text[:1].islower() and not quotes.in_quote[x]
                        and ctx.low[x] not in lex.determiners and ctx.low[x] not in lex.prepositions
                        and not ctx.is_adj(toks[x]) and ctx.low[x] not in lex.adverbs
                    ),
                    None,
                )
                if v is not None:
                    parts = ((v, v + 1 + (v + 1 < k and ctx.low[v + 1] in lex.reflexives)),)
            elif end > kn and c0 - 1 >= a and toks[c0 - 1].text[:1].islower():
                c0 -= 1  # "versuchte mit den Worten zu beruhigen": the verb before it
            verb = parts[0][0] if parts else c0
            if verb < k:
                spk = self.speakers.speaker_for(a, b, verb, verb + 1) or spk  # the verb's own subject
            if spk is not None:
                self.findings.direct(seg, s, (c0, end), spk, k, parts, rule="phrase_quote")

    def headline_speaker(self, s: int, a: int, b: int) -> None:
        """ "Rutte: Europe must rearm" — a named person and a colon open the paragraph; in a
        transcript the name is a capitalised label ("PENCE: Well, ..."), the line maybe quoted."""
        ctx = self.ctx
        quotes = self.quotes
        toks = ctx.toks
        if a > 0 and "\n" not in ctx.text[toks[a - 1].end : toks[a].start]:
            return
        seg = quotes.seg_open.get(a)
        i = a + 1 if seg is not None else a
        if i >= b:
            return
        m = ctx.mention(i)
        if m is not None and m.label == "PER":
            j = i
            while j < b and ctx.mention(j) is m:
                j += 1
        elif (k := self.transcript_label(i, b)) > i:
            j = k
            seg = seg or quotes.seg_open.get(j + 1)
            if seg is None:  # an unquoted transcript turn is still verbatim
                ca, cb = ctx.trim(j + 1, b)
                if ca < cb:
                    self.findings.add(Found(ctx.chars(ca, cb), "direct", (j, j + 1), (i, j), s, j), "transcript_turn")
                return
        elif m is None and i == a and (k := ctx.bare_name_end(a, min(b, a + 4))) > a:
            j = k
        else:
            return
        if j + 1 >= b or toks[j].text != ":":
            return
        if seg is not None:
            if not seg.used and seg.end > toks[j + 1].start:
                seg.used = True  # the whole quoted line is the speaker's turn
                self.findings.add(Found((toks[j + 1].start, seg.end), "direct", (j, j + 1), (i, j), s, j), "name_colon_quote")
            return
        if j + 1 in quotes.seg_open:
            self.findings.direct(quotes.seg_open[j + 1], s, (j, j + 1), (a, j), j, rule="name_colon_quote")
            return
        ca, cb = ctx.trim(j + 1, b)
        if ca < cb:
            self.findings.add(Found(ctx.chars(ca, cb), "indirect", (j, j + 1), (a, j), s, j), "name_colon")

    def transcript_label(self, i: int, b: int) -> int:
        """End of one to three all-capital words before a colon ("PENCE:", "JOE BIDEN:"); ``i``
        when there is none. Interview labels that are no speaker ("FRAGE:") are data."""
        ctx = self.ctx
        toks = ctx.toks
        k = i
        while k < b and k - i < 3 and toks[k].kind == "word" and len(toks[k].text) > 1 and toks[k].text.isupper():
            k += 1
        if k == i or k >= b or toks[k].text != ":":
            return i
        if any(fold(toks[x]) in ctx.lex.not_labels for x in range(i, k)):
            return i
        return k

    def dash_signature(self, s: int, a: int, b: int) -> None:
        """'"…" ― Jane Doe': a quote signed with a dash and a name."""
        ctx = self.ctx
        quotes = self.quotes
        toks = ctx.toks
        for k in range(a + 1, b - 1):
            if toks[k].text in ("―", "—", "–") and k - 1 in quotes.seg_close:
                seg = quotes.seg_close[k - 1]
                spk = self.speakers.np_after(k + 1, b)
                if (
                    spk is not None
                    and not seg.used
                    and ctx.trim(spk[1], b)[0] >= ctx.trim(spk[1], b)[1]
                ):
                    self.findings.direct(seg, s, (k, k + 1), spk, k, rule="dash_signature")

    def agent(self, a: int, i: int, b: int) -> tuple[int, int] | None:
        """The agent of a passive in its clause: "von/vom X"."""
        ctx = self.ctx
        quotes = self.quotes
        for k in range(max(a, i - 8), b):
            if ctx.toks[k].text in ",;:" and k >= i:
                break
            if ctx.low[k] in ctx.lex.agent_markers and not quotes.in_quote[k]:
                return self.speakers.np_after(k + 1, b)
        return None

    # -- 4. content ----------------------------------------------------------------------
    def from_verb(self, s: int, a: int, b: int, cue: tuple[int, int, int]) -> None:
        """The statement a speech verb governs: the first of the verb rules that applies."""
        v = self.verb_frame(s, a, b, cue)
        if v is None:
            return
        if (
            self.quote_before(v)
            or self.quote_in_frame(v)
            or self.quote_after(v)
            or self.quote_next_sentence(v)
            or self.clause_before(v)
            or self.companion_clause(v)
        ):
            return
        self.clause_after(v)

    def verb_frame(self, s: int, a: int, b: int, cue: tuple[int, int, int]) -> VerbCue | None:
        """The cue with its speaker and the stretch they take (``block0``/``block1``); None
        when the cue makes no statement of its own ("wie X sagte", the sentence before, no
        speaker)."""
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        f, c0, c1 = cue
        if self.as_clause(s, a, b, c0, c1):
            return None
        lemma = self.cues.cue_lemma.get(c0, lemma_of(toks[c0]))
        info = lex.verbs.get(lemma, {})
        spk = self.speakers.speaker_for(a, b, f, c1)
        if spk is None:
            # "X sagte …, und fügte hinzu, …": a coordinated cue shares the earlier speaker
            here = toks[c0].start
            earlier = [
                g
                for g in self.findings.found
                if g.sentence == s
                and g.speaker
                and g.pos < c0
                and not g.content[0] <= here < g.content[1]
            ]
            if earlier:
                spk = earlier[-1].speaker
            else:
                spk = self.first_conjunct_subject(a, f)
            if spk is None and not self.cues.passive_request(a, b, c0):
                return None  # no speaker, no attribution: too often a false cue
            if spk is None:
                spk = self.agent(a, c1, b)  # "wurde vom Verband aufgefordert": who asked, if said
        if spk is not None and self.the_sentence_before(s, a, b, f, (c0, c1), spk):
            return None
        block0 = min(c0, spk[0]) if spk else c0
        block1 = max(c1, spk[1]) if spk else c1
        # speaker after a participle cue? then the speaker is inside the middle field
        if spk and spk[0] > c1:
            block1 = spk[1]
        return VerbCue(s, a, b, f, c0, c1, lemma, info, spk, block0, block1)

    def quote_before(self, v: VerbCue) -> bool:
        ctx, quotes, toks, lex = self.ctx, self.quotes, self.ctx.toks, self.ctx.lex
        s, a, f, c0, c1, spk = v.s, v.a, v.verb, v.c0, v.c1, v.spk
        block0 = v.block0
        # 4a. quote right before: „…“, sagte X / "…," X said
        # (a segmenter may end the sentence at "?“": then the quote sits just before it)
        low_bound = 0 if block0 == a else a
        k = block0 - 1
        if k > low_bound and fold(toks[k]) in lex.so_end and toks[k - 1].text == ",":
            k -= 1  # "„…“, so charakterisierte ihn X"
        while k >= low_bound and toks[k].kind == "punct" and toks[k].text in ",–—":
            k -= 1
        same_paragraph = k >= 0 and "\n" not in ctx.doc.text[toks[k].end : toks[block0].start]
        # „… Raum.“ Die Regierung widersprach.: a quotation closed by a full stop is no part of
        # the next sentence ("„…“, sagte er" drops the stop)
        closed = k >= 1 and k == block0 - 1 and toks[k - 1].text == "."
        if k >= low_bound and same_paragraph and k in quotes.seg_close and not quotes.seg_close[k].used and not closed:
            seg = quotes.seg_close[k]
            self.findings.direct(seg, s, (c0, c1), spk, f, rule="verb_quote")
            return True
        return False

    def quote_in_frame(self, v: VerbCue) -> bool:
        ctx, quotes, toks, lex = self.ctx, self.quotes, self.ctx.toks, self.ctx.lex
        s, f, c0, c1, spk = v.s, v.verb, v.c0, v.c1, v.spk
        lemma = v.lemma
        # 4b. "wies die Vorwürfe als „haltlos“ zurück": a quotation after the verb's companion
        # inside a separable verb's frame
        companions = lex.companions.get(lemma)
        if ctx.de and companions and c1 - c0 > 3:
            for p in range(c0 + 2, c1 - 1):
                if p in quotes.seg_open and fold(toks[p - 1]) in companions:
                    self.findings.direct(quotes.seg_open[p], s, (c0, c1), spk, f, rule="verb_quote")
                    return True
        return False

    def quote_after(self, v: VerbCue) -> bool:
        ctx, quotes, toks, lex = self.ctx, self.quotes, self.ctx.toks, self.ctx.lex
        s, b, f, c0, c1, spk = v.s, v.b, v.verb, v.c0, v.c1, v.spk
        block1, info = v.block1, v.info
        # 4b. quote right after: X sagte: „…“ (adverbials may sit between)
        want = info.get("with")
        for p in range(block1, b):
            u = toks[p]
            if p in quotes.seg_open and p > block1 and fold(toks[p - 1]) in lex.determiners and not (
                want and p > block1 + 1 and fold(toks[p - 2]) in want
            ):
                # "beanstandet die Förderung der „Sammelstelle“": a quoted name (but "sprach
                # von einer „Katastrophe“" quotes what was said)
                break
            if p > block1 and self.quoted_name(p):
                break  # "sagte er dem Sender „Radio Nord“"
            if p in quotes.seg_open:
                self.findings.direct(quotes.seg_open[p], s, (c0, c1), spk, f, rule="verb_quote")
                return True
            if u.text in ".;!?" or fold(u) in lex.complementizers:
                break
            if ctx.de and fold(u) in lex.coordinators and p + 1 < b and toks[p + 1].text[:1].islower() and (
                fold(toks[p + 1]) not in lex.determiners
            ):
                break  # "spricht von X und fordert … „…“": the quotation belongs to the next verb
            # "… kritisierte die Entscheidung scharf: „…“", also with the quotation on the next
            # line when the colon ends the sentence
            if u.text in ",:" and p + 1 in quotes.seg_open and (p + 1 < b or (u.text == ":" and p + 1 == b)):
                self.findings.direct(quotes.seg_open[p + 1], s, (c0, c1), spk, f, rule="verb_quote")
                return True
            if u.text in ",:":
                break
        return False

    def quote_next_sentence(self, v: VerbCue) -> bool:
        quotes, toks = self.quotes, self.ctx.toks
        s, a, b, f, c0, c1, spk = v.s, v.a, v.b, v.verb, v.c0, v.c1, v.spk
        block0, block1 = v.block0, v.block1
        # 4b'. "Sie fügte hinzu." with the quotation opening the next sentence
        if (
            block0 == a
            and b < len(toks)
            and b in quotes.seg_open
            and all(toks[p].kind == "punct" for p in range(block1, b))
            and not self.cued_after(quotes.seg_open[b].close + 1)
        ):
            self.findings.direct(quotes.seg_open[b], s, (c0, c1), spk, f, rule="verb_quote")
            return True
        return False

    def cued_after(self, e: int) -> bool:
        """German: a quotation followed by ", so X" or ", sagte X" has a cue of its own ("Er
        warf der Partei Versäumnisse vor. „…“, so X."), so no cue before it takes it."""
        ctx, toks = self.ctx, self.ctx.toks
        if not ctx.de or e + 1 >= len(toks) or toks[e].text != ",":
            return False
        x = e + 1
        return fold(toks[x]) in ctx.lex.so_end or (
            self.cues.verb_cue(x, x, ctx.sent_range[toks[x].sent][1]) is not None
        )

    def clause_before(self, v: VerbCue) -> bool:
        ctx, toks, lex = self.ctx, self.ctx.toks, self.ctx.lex
        s, a, b, c0, c1, spk = v.s, v.a, v.b, v.c0, v.c1, v.spk
        block0 = v.block0
        # 4c. cue and speaker close the sentence: "…, sagte er." / "…, he said." / "…, hatte
        # er gesagt." (the finite auxiliary before the speaker)
        aux_first = ctx.de and block0 - 2 > a and fold(toks[block0 - 1]) in lex.auxiliaries and toks[block0 - 2].text == ","
        if aux_first:
            block0 -= 1
            v.block0 = block0  # the rules after this one count the auxiliary to the frame
        if (
            self.closes_sentence(spk, c0, c1, b, aux_first)
            and block0 > a
            and toks[block0 - 1].text == ","
            # "Nachdem …, hat X angekündigt": a subordinate clause before is no statement
            and not (ctx.de and (ctx.low[a] in lex.subordinators or ctx.low[a] in lex.clause_openers))
        ):
            ca, cb = ctx.trim(ctx.lead_skip(a, block0), block0 - 1)
            if ca < cb:
                self.findings.add(Found(ctx.chars(ca, cb), "indirect", (c0, c1), spk, s, c0), "verb_after_clause")
            return True
        return False

    def companion_clause(self, v: VerbCue) -> bool:
        ctx, toks = self.ctx, self.ctx.toks
        s, a, b, c0, c1, spk = v.s, v.a, v.b, v.c0, v.c1, v.spk
        block1, want = v.block1, v.info.get("with")
        if not want:
            return False
        # 4d. clause after the cue; a cue with a companion ("sprach von 800 Autos, die …")
        # reports what follows the companion, the relative clause included
        p = next((p for p in range(block1, b) if fold(toks[p]) in want), None)
        ca, cb = ctx.trim(p + 1, b) if p is not None else (0, 0)
        form = "reported"
        if p is not None and p + 2 < b and toks[p + 1].text == ",":
            # "vertritt die Ansicht, dass …": the clause after the noun is what was said
            ca, cb = ctx.trim(p + 2, self.cues.next_cue_clause(p + 2, a, b))
            form = "indirect"
        if ca < cb:
            self.findings.add(Found(ctx.chars(ca, cb), form, (c0, c1), spk, s, c0), "verb_companion")
        return True

    def clause_after(self, v: VerbCue) -> None:
        ctx, quotes, toks, lex = self.ctx, self.quotes, self.ctx.toks, self.ctx.lex
        s, a, b, c0, c1, spk = v.s, v.a, v.b, v.c0, v.c1, v.spk
        block0, block1, info = v.block0, v.block1, v.info
        sep = -1
        coord = -1  # "… und nannte sie „…“": a coordinated verb with a cue of its own
        for p in range(block1, b):
            u = toks[p]
            if ctx.de and p > block1 and ctx.low[p] in lex.coordinators and self.cues.verb_cue(p + 1, a, b):
                coord = p
                break
            if fold(u) in lex.complementizers or u.text in ",:" or p in quotes.seg_open:
                sep = p
                break
        form: Form = "indirect"
        if coord >= 0:
            ca, cb = ctx.trim(block1, coord)
            if any(ctx.low[x] == lex.infinitive_marker for x in range(block1, coord)):
                # "haben dazu aufgerufen, X zu tun, und angekündigt, …" with the commas left
                # out: the infinitive before the coordinated verb is this cue's statement
                form = "indirect"
            elif info.get("np"):
                form = "reported"  # "bestätigte die Aussage nicht und nannte sie „…“"
            else:
                return
            if ca < cb:
                self.findings.add(Found(ctx.chars(ca, cb), form, (c0, c1), spk, s, c0), "verb_coordinated")
            return
        if (
            ctx.de and sep > block1 and toks[sep].text == ","
            and any(ctx.subjunctive(toks[x]) for x in range(block1, min(sep, block1 + 3)))
        ):
            start = block1  # "sagte es sei schwierig, …": the comma after "sagte" left out
        elif sep >= 0 and toks[sep].text == ",":
            start = sep + 1
        elif sep >= 0 and toks[sep].text == ":":
            gap = [p for p in range(block1, sep) if fold(toks[p]) not in lex.adverbs]
            start = gap[0] if gap and fold(toks[gap[0]]) in lex.determiners else sep + 1
        elif sep >= 0:
            start = sep
        else:
            start = block1
            if info.get("type") == "thought" or info.get("clause"):
                return  # "voters worried about X": a thought verb needs a clause
            if info.get("addressee"):
                obj = self.speakers.np_after(start, b)
                if obj:
                    start = obj[1]
            if ctx.de and any(ctx.subjunctive(toks[x]) for x in range(start, min(b, start + 3))):
                # "sagte es sei schwierig" (the comma left out): a clause in Konjunktiv I
                ca, cb = ctx.trim(start, self.cues.next_cue_clause(start, a, b))
                if ca < cb:
                    self.findings.add(Found(ctx.chars(ca, cb), "indirect", (c0, c1), spk, s, c0), "verb_konjunktiv_clause")
                return
            if ctx.de and not info.get("np"):
                return  # "bittet Putin": an object, not a statement
            if c1 - c0 > 1 and (not spk or spk[1] <= c1):
                # "wies die Vorwürfe zurück": the object sits between verb and particle
                start = max(c0 + 1, spk[1] if spk and spk[0] > c0 else c0 + 1)
                ca, cb = ctx.middle_field(start, c1 - 1)
                if ca < cb:
                    self.findings.add(Found(ctx.chars(ca, cb), "reported", (c0, c1), spk, s, c0), "verb_object")
                return
            form = "reported" if ctx.de or info.get("np") else "indirect"
            if ctx.de and self.ends_in_infinitive(start, b):
                form = "indirect"  # "hatte angekündigt, bei der Wahl erneut anzutreten" (comma left out)
            while start < b and fold(toks[start]) in lex.adverbs:
                start += 1
        ca, cb = ctx.trim(start, self.cues.next_cue_clause(start, a, b))
        if ca >= cb and ctx.de and spk and block0 > a:
            # "Trump hatte ... die Gespräche gelobt": the object sits before the participle
            ca, cb = ctx.middle_field(spk[1], c0)
            form = "reported"
        if ca < cb:
            self.findings.add(Found(ctx.chars(ca, cb), form, (c0, c1), spk, s, c0), "verb_clause")

    def the_sentence_before(
        self, s: int, a: int, b: int, f: int, cue: tuple[int, int], spk: tuple[int, int]
    ) -> bool:
        """German "… startete die Offensive. Das meldet die Zeitung Haaretz.": a lone "Das" or
        "Dies" before the verb stands for the sentence before, which is what was said (when
        nothing but the speaker, a medium or adverbials follows the verb)."""
        ctx = self.ctx
        quotes = self.quotes
        toks = ctx.toks
        # "Das", "Dies", or a pronominal adverb: "Davon geht X aus"
        pointer = fold(toks[a]) in ctx.lex.demonstratives or fold(toks[a]) in ctx.lex.frame_words
        if not ctx.de or f - a != 1 or not pointer or s - 1 not in ctx.sent_range:
            return False
        if spk[0] < f or quotes.in_quote[a]:
            return False
        rest = [k for k in range(cue[1], b) if not (spk[0] <= k < spk[1]) and toks[k].kind != "punct"]
        if any(quotes.in_quote[k] or self.cues.verb_cue(k, a, b) or fold(toks[k]) in ctx.lex.complementizers for k in rest):
            return False
        if len(rest) > 8:
            return False
        pa, pb = ctx.sent_range[s - 1]
        if any(g.sentence == s - 1 and g.form == "direct" for g in self.findings.found):
            return False  # a quotation before: its own frame
        ca, cb = ctx.trim(pa, pb)
        if ca < cb:
            self.findings.add(Found(ctx.chars(ca, cb), "indirect", cue, spk, s, cue[0]), "sentence_before")
        return True

    def first_conjunct_subject(self, a: int, f: int) -> tuple[int, int] | None:
        """ "Trump visited the plant and said …": the subject the sentence opens with."""
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        k = f - 1
        while k > a and fold(toks[k]) in lex.adverbs:
            k -= 1
        if k <= a or fold(toks[k]) not in lex.clause_breaks or toks[k - 1].text == ",":
            return None
        first = toks[a]
        if fold(first) in lex.prefield_adverbials or not (
            ctx.is_cap(first) or fold(first) in lex.pronouns
        ):
            return None
        spk = self.speakers.np_after(a, k)
        if spk is None or any(fold(toks[i]) in lex.clause_breaks for i in range(*spk)):
            return None
        nxt = toks[spk[1]]
        # the subject must be followed by its verb, and must not be a time expression
        if (
            not nxt.text[:1].islower()
            or fold(nxt) in lex.prefield_adverbials
            or self.speakers.adverbial_prefield(*spk)
        ):
            return None
        return spk

    def closes_sentence(
        self, spk: tuple[int, int] | None, c0: int, c1: int, b: int, verb_final: bool = False
    ) -> bool:
        """Cue and speaker are adjacent and only adverbials, dates or a medium follow. In a
        German verb-final frame ("…, hatte X bei seinem Besuch in Bonn gesagt.") anything but a
        clause may stand between speaker and participle."""
        ctx = self.ctx
        quotes = self.quotes
        if spk is not None:
            lo, hi = (spk[1], c0) if spk[0] < c0 else (c1, spk[0])
            toks, lex = ctx.toks, ctx.lex
            if verb_final:
                if any(
                    toks[k].text in ",;:" or is_quote(toks[k]) or fold(toks[k]) in lex.complementizers
                    for k in range(lo, hi)
                ):
                    return False
            elif any(fold(toks[k]) not in lex.adverbs for k in range(lo, hi)):
                return False
        end = max(c1, spk[1]) if spk else c1
        rest = ctx.middle_field(end, b)
        if rest[0] >= rest[1]:
            return True
        # a short adverbial with no clause of its own: "…, sagte er am Dienstag in Berlin."
        toks = ctx.toks
        # ... or the addressee: "…, sagte er dem Sender „Radio Nord“."
        return (
            rest[1] - rest[0] <= 6
            and (
                fold(toks[rest[0]]) in ctx.lex.prefield_adverbials
                or (ctx.de and fold(toks[rest[0]]) in ctx.lex.addressee_starts)
            )
            and not any(
                toks[k].text in ",:"
                or fold(toks[k]) in ctx.lex.complementizers
                or (k in quotes.seg_open and not self.quoted_name(k))
                for k in range(rest[0], rest[1])
            )
        )

    def quoted_name(self, k: int) -> bool:
        """A short quotation right after an addressee's noun: a name ("dem Sender „Radio Nord“")."""
        ctx = self.ctx
        quotes = self.quotes
        seg = quotes.seg_open.get(k)
        return (
            seg is not None and k > 1 and ctx.is_cap(ctx.toks[k - 1]) and not quotes.in_quote[k - 1]
            and 0 < seg.close - k <= 5
            and any(fold(ctx.toks[x]) in ctx.lex.addressee_starts for x in range(max(0, k - 4), k - 1))
        )

    def as_clause(self, s: int, a: int, b: int, c0: int, c1: int) -> bool:
        """ "…, wie Alan Stern betont." / "…, as the mayor said.": the speaker sits between
        "wie"/"as" and a cue that closes the sentence; the content is what comes before."""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        cs = -1
        for k in range(c0 - 1, max(a, c0 - 16) - 1, -1):
            if fold(toks[k]) in lex.inter_lead and (k == a or toks[k - 1].text == ","):
                cs = k
                break
            if toks[k].text in ":;" or is_quote(toks[k]) or fold(toks[k]) in lex.complementizers:
                break
        if cs == a and c0 - cs >= 2 and c1 < b and toks[c1].text == ",":
            # "Wie das Ministerium mitteilte, wird …": the content follows the clause
            spk = self.speakers.np_after(cs + 1, c0)
            ca, cb = ctx.trim(c1 + 1, b)
            if spk is None or ca >= cb:
                return False
            self.findings.add(Found(ctx.chars(ca, cb), "indirect", (c0, c1), spk, s, c0), "as_clause")
            return True
        if cs <= a or c0 - cs < 2 or not self.closes_sentence(None, c0, c1, b):
            return False
        # "wie Alan Stern, Direktor des …, betont": the name before the apposition
        end = next((k for k in range(cs + 1, c0) if toks[k].text == ","), c0)
        spk = self.speakers.np_after(cs + 1, end) or ctx.tidy(cs + 1, end)
        if fold(toks[spk[0]]) in lex.determiners and spk[1] - spk[0] == 1:
            return False
        q = cs - 2
        if q >= a and q in quotes.seg_close:
            self.findings.direct(quotes.seg_close[q], s, (c0, c1), spk, c0, rule="as_clause_quote")
            return True
        ca, cb = ctx.trim(ctx.lead_skip(a, cs - 1), cs - 1)
        if ca < cb:
            self.findings.add(Found(ctx.chars(ca, cb), "indirect", (c0, c1), spk, s, c0), "as_clause")
        return True

    def standalone_quotes(self) -> None:
        """A quote standing as its own sentence continues the last speaker before it."""
        ctx = self.ctx
        quotes = self.quotes
        toks = ctx.toks
        for seg in quotes.segments:
            if seg.used:
                continue
            if any(f.content[0] <= seg.start < f.content[1] for f in self.findings.found):
                continue  # a partial quote inside reported speech
            s = toks[seg.open].sent
            a, _ = ctx.sent_range[s]
            words = 0
            for k in range(seg.open, len(toks)):
                if toks[k].start >= seg.end:
                    break  # not on to the end of the article for every quote (issue 14)
                words += toks[k].kind == "word"
            if words < 4 or (seg.open != a and toks[seg.open - 1].text != ":"):
                continue
            prev = [
                f
                for f in self.findings.found
                if f.pos < seg.open
                and f.speaker
                and f.form != "reported"
                and f.cue
                and s - f.sentence <= 3
            ]
            if not prev:
                continue
            last = max(prev, key=lambda f: f.pos)
            chain = [o for o in quotes.chains[seg.chain] if not o.used]
            for o in chain:
                o.used = True
                self.findings.add(
                    Found(
                        (o.start, o.end),
                        "direct",
                        None,
                        last.speaker,
                        toks[o.open + 1].sent if o.open + 1 < len(toks) else s,
                        o.open,
                    ),
                    "quote_continues",
                )

    def free_indirect(self) -> None:
        """German reported speech goes on in the subjunctive without a new cue:
        "Er sagte, die Lage sei ernst. Man habe alles versucht." — the second sentence too
        (over the rules' own findings; continuation.py runs it again after the labeller)."""

        def add(g: Found) -> None:
            self.findings.add(g, "free_indirect")

        may_continue = lambda f: bool(f.speaker and f.cue and f.form != "reported")  # noqa: E731
        continuation_sentences(self.ctx, self.quotes, self.findings.found, may_continue, add)

    def outlet_reports(self) -> None:
        """ "Wie Reuters berichtet, …" with no other speaker: the outlet is the source."""
        ctx = self.ctx
        have = {f.sentence for f in self.findings.found}
        for s, (p0, p1, o0, o1) in self.findings.inter_at.items():
            if s in have:
                continue
            a, b = ctx.sent_range[s]
            ca, cb = ctx.sides(a, b, p0, p1)
            if ca < cb:
                # what the outlet reports is a clause: indirect speech, as annotators count it
                self.findings.add(Found(ctx.chars(ca, cb), "indirect", (p1 - 1, p1), (o0, o1), s, p0), "outlet_reports")
