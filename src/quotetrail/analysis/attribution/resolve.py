"""Stage 5: resolution — the statements as the product shows them.

Input: what the rules (``statements``) or the labeller joined with them (``learned``) found, and
the outlet each sentence names. ``Resolver.finish`` drops duplicates and what is no statement,
mends a quotation over several lines, recovers or shares a missing cue, splits the cue into its
pieces (``frame``), settles the form (``forms``), medium, intermediary and date, shapes the
speaker and names it (``naming``), and makes the :class:`~quotetrail.model.Attribution` spans.
"""

from __future__ import annotations

from collections.abc import Callable

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.cues import CueFinder
from quotetrail.analysis.attribution.dating import Scenes, date_statement
from quotetrail.analysis.attribution.forms import final_form
from quotetrail.analysis.attribution.frame import Frames
from quotetrail.analysis.attribution.lexicon import (
    CLOSERS,
    OPENERS,
    fold,
    is_quote,
    lemma_of,
    qchar,
)
from quotetrail.analysis.attribution.naming import SpeakerNames
from quotetrail.analysis.attribution.phrases import apposition_end
from quotetrail.analysis.attribution.quotes import Quotes
from quotetrail.analysis.attribution.speaker_head import SPEAKER_HOW
from quotetrail.analysis.attribution.speakers import Speakers
from quotetrail.analysis.entities import paragraph_of
from quotetrail.model import Attribution, Span


class Resolver:
    """Settles each statement the rules or the labeller found; ``finish`` is the order."""

    def __init__(
        self, ctx: Context, quotes: Quotes, cues: CueFinder, speakers: Speakers, frames: Frames
    ) -> None:
        self.ctx = ctx
        self.quotes = quotes
        self.cues = cues
        self.speakers = speakers
        self.frames = frames
        self.names = SpeakerNames(ctx, quotes, speakers)

    def finish(self, candidates: list[Found], sent_inter: dict[int, Span]) -> list[Attribution]:
        """The statements as the product shows them, from what the rules (and the labeller)
        found: duplicates dropped, then each one's cue, form, medium and speaker settled;
        ``sent_inter``: the outlet each sentence names (``Statements.sent_inter``)."""
        ctx = self.ctx
        toks, doc = ctx.toks, ctx.doc
        candidates.sort(key=lambda f: (f.content[0], f.pos))
        # drop duplicates: a quote chain seen from two cues
        seen: set[tuple[int, int]] = set()
        found: list[Found] = []
        for f in candidates:
            if f.content in seen or self.no_statement(f):
                continue
            seen.add(f.content)
            found.append(f)
        found.sort(key=lambda f: (f.sentence, f.pos))
        cues = {k for f in found if f.cue for k in range(*f.cue)}
        prev: Found | None = None
        for f in found:
            self.whole_quotation(f, candidates)
            self.inside_marks(f)
            if f.cue is None and prev is not None:
                self.shared_cue(f, prev)
            if f.cue is None and prev is not None:
                self.quote_after_statement(f, prev)
            if f.cue is None:
                self.recover_cue(f, cues)
            self.heading_colon(f)  # after the cue is known: the colon must follow it
            prev = f
            a, b = ctx.sent_range[f.sentence]
            if self.passive_cue(f):
                f.speaker = None  # "He has been criticized for …": said about him, not by him
            f.medium = self.medium_for(f, a, b)
            self.possessive_source(f)
            self.carried_subject(f)
            self.shape_source(f)
            self.trim_source(f)
            self.names.name_speaker(f)
            self.frames.cue_frame(f)
            f.form = final_form(ctx, self.quotes, f)
        self.names.resolve_pronouns(found)
        self.assign_intermediaries(found, sent_inter)
        out = []
        # a statement without a date of its own: the date of the sentence that sets its scene
        scenes = Scenes(
            ctx.text, toks, sentences=ctx.sent_range, paragraphs=ctx.para_starts, dates=ctx.dates_by_sent,
            people=[((m.span.start, m.span.end), m.name) for m in doc.mentions if m.label == "PER"],
            names=[(m.span.start, m.span.end) for m in doc.mentions if m.label != "PER"],
            lang=doc.lang or "", published=doc.article.published,
        )
        for f in found:
            # the cue's sentence and its dates, also when the content stands in another one
            at = toks[f.cue[0]].sent if f.cue else f.sentence
            date = scenes.dated(
                date_statement(
                    ctx.text, toks, sentence=ctx.sent_range[at], content=f.content, cue=f.cue,
                    speaker=f.speaker, cue_parts=f.cue_parts, lang=doc.lang or "", quoted=f.form == "direct",
                    dates=[d for s in sorted({f.sentence, at}) for d in ctx.dates_of(s)],
                ),
                sentence=at, content=f.content, speaker=f.speaker_name if f.speaker else None,
                where=ctx.chars(*f.speaker) if f.speaker else None,
                ref=(f.speaker_ref.start, f.speaker_ref.end) if f.speaker_ref else None,
                pronoun=f.speaker_label == "PRON" and f.speaker_ref is None,
                cued=f.cue is not None,
                quoted=f.form == "direct",
            ).mention
            out.append(
                Attribution(
                    content=doc.span(*f.content),
                    form=f.form,
                    cue=ctx.span(*f.cue) if f.cue else None,
                    cue_parts=tuple(ctx.span(*r) for r in f.cue_parts),
                    speaker=ctx.span(*f.speaker) if f.speaker else None,
                    speaker_name=f.speaker_name,
                    speaker_ref=f.speaker_ref,
                    principal=ctx.span(*f.principal) if f.principal and f.principal_name else None,
                    principal_name=f.principal_name if f.principal else None,
                    medium=ctx.span(*f.medium) if f.medium else None,
                    intermediary=f.intermediary,
                    date=date,
                    sentence=f.sentence,
                    made_by=(f.rule + (SPEAKER_HOW + f.speaker_how if f.speaker_how else "")) or None,
                )
            )
        del toks
        return out

    def passive_cue(self, f: Found) -> bool:
        """An English passive cue ("has been harshly criticized", "was accused of") with the
        subject before it and no "by" agent after it."""
        ctx = self.ctx
        if f.cue is None or f.speaker is None or ctx.de or f.speaker[0] > f.cue[0]:
            return False
        toks, lex = ctx.toks, ctx.lex
        c0, c1 = f.cue
        k = next((k for k in range(c0, c1) if fold(toks[k]) in lex.passive), None)
        if k is None:
            return False
        p = k + 1
        while p < c1 and (ctx.is_adverb(toks[p]) or fold(toks[p]) in lex.passive):
            p += 1
        if p >= c1 or not fold(toks[p]).endswith(lex.participle_suffixes) or fold(toks[p]) in lex.adjectives:
            return False  # "is convinced": a state of the subject's mind, not a passive
        return not (c1 < len(toks) and fold(toks[c1]) in lex.agent_markers)

    def shared_cue(self, f: Found, prev: Found) -> None:
        """„A“, sagte er. „B“: a quotation that follows the cue closing the quotation before it,
        with nothing between, is the same speaker's under the same cue."""
        ctx = self.ctx
        if f.form != "direct" or prev.form != "direct" or prev.cue is None or prev.speaker is None:
            return
        c1 = max(prev.cue[1], prev.speaker[1])
        if not (prev.content[1] <= ctx.toks[prev.cue[0]].start and c1 < len(ctx.toks)):
            return
        if any(ch.isalnum() for ch in ctx.text[ctx.toks[c1 - 1].end : f.content[0]]):
            return  # only the full stop and the quote mark lie between
        if f.speaker is None or f.speaker == prev.speaker:
            f.cue, f.cue_parts, f.speaker = prev.cue, prev.cue_parts, prev.speaker

    def quote_after_statement(self, f: Found, prev: Found) -> None:
        """German "X sagte, dass … sei. „Das war …“": a quotation right after a statement of
        the same speaker, with nothing between, is said under the same cue."""
        ctx = self.ctx
        if not ctx.de or f.form != "direct" or prev.cue is None or prev.speaker is None:
            return
        if f.speaker is not None and f.speaker != prev.speaker:
            return
        if f.sentence != prev.sentence + 1 or prev.content[1] > f.content[0]:
            return
        if any(ch.isalnum() for ch in ctx.text[prev.content[1] : f.content[0]]):
            return
        f.cue, f.cue_parts, f.speaker = prev.cue, prev.cue_parts, prev.speaker

    def whole_quotation(self, f: Found, candidates: list[Found]) -> None:
        """A direct quote that stops at a line end inside a quotation closed lines later (one
        sentence per line, as in a corpus, or a quote of several paragraphs) runs to the
        closing mark."""
        ctx = self.ctx
        quotes = self.quotes
        if f.form != "direct":
            return
        i, j = ctx.token_range(f.content)
        seg = quotes.seg_open.get(i) or (quotes.seg_open.get(i - 1) if i > 0 else None)
        if seg is None or seg.close < 0 or seg.end <= f.content[1]:
            return
        if any(g is not f and f.content[1] <= g.content[0] < seg.end for g in candidates):
            return  # another statement inside: each keeps its part
        # the marks stay with a content that began with the opening one (the labeller's way)
        end = ctx.toks[seg.close].end if i == seg.open else seg.end
        f.content = (f.content[0], max(f.content[1], end))

    def possessive_source(self, f: Found) -> None:
        """English "Trump's claim that …": a cue that opens with a possessive names its
        source; the possessor is the speaker, the noun the cue."""
        ctx = self.ctx
        if f.speaker is not None or f.cue is None or f.cue[1] - f.cue[0] < 2:
            return
        i = f.cue[0]
        if fold(ctx.toks[i]).endswith(ctx.lex.possessive_suffixes) and ctx.is_cap(ctx.toks[i]):
            f.speaker, f.cue = (i, i + 1), (i + 1, f.cue[1])

    def carried_subject(self, f: Found) -> None:
        """A cue joined to an earlier verb of its clause ("Romney went after X on Wednesday,
        calling it …", "The skipper scratched his beard, and then said …") speaks with the subject
        that opens the sentence, when no source of its own was found. The joining words are
        the language's ``subject_carriers`` (none listed: no such step)."""
        ctx = self.ctx
        lex, toks = ctx.lex, ctx.toks
        if not lex.subject_carriers or f.speaker is not None or f.cue is None:
            return
        k = f.cue[0]
        a, b = ctx.sent_range[toks[k].sent]
        x = k - 1
        while x > a and ctx.is_adverb(toks[x]):
            x -= 1  # "and then said"
        if x <= a or fold(toks[x]) not in lex.subject_carriers:
            return
        start = ctx.lead_skip(a, b)
        if start + 1 < x and fold(toks[start]) in lex.subject_carriers:
            start += 1  # "But the mayor toured …"
        if fold(toks[start]) in lex.prepositions or ctx.is_adverb(toks[start]):
            # "On Tuesday, the mayor toured …": the subject follows the opening phrase's comma
            comma = next((y for y in range(start + 1, min(start + 8, x)) if toks[y].text == ","), None)
            start = comma + 1 if comma is not None else start
        subj = self.speakers.np_after(start, x)
        if subj is not None and subj[1] - subj[0] == 1 and fold(toks[start]) in lex.determiners:
            # a capital "The" opening the sentence reads as a name: its noun follows
            rest = self.speakers.np_after(start + 1, x)
            subj = (start, rest[1]) if rest is not None and rest[0] == start + 1 else None
        if subj is None or subj[0] != start or subj[1] >= x or not toks[subj[1]].text.islower():
            return  # the sentence must open with the subject and its verb
        c0, c1 = f.content
        if any(c0 <= toks[t].start < c1 for t in range(*subj)):
            return
        f.speaker = subj

    def trim_source(self, f: Found) -> None:
        """No adverb, comma or open bracket at a source's end ("The experts generally",
        "President Obama effectively", "Mr. Burman (")."""
        ctx = self.ctx
        if f.speaker is None:
            return
        i, j = f.speaker
        toks = ctx.toks
        for k in range(i + 1, j - 1):
            # "Tom Fenwick, by contrast,", "X, in a statement …": no apposition but an
            # adverbial of the clause (English; the words are a list in the data)
            if toks[k].text == "," and self.clause_phrase(k + 1, j):
                j = k
                break
        while j - i > 1 and (
            toks[j - 1].text in ",(;:"
            # "President Obama effectively", "sie aber nie genau erklärten"
            or (ctx.is_adverb(toks[j - 1]) and ctx.mention(j - 1) is None)
        ):
            j -= 1
        if j - i > 1 and fold(toks[i]) in ctx.lex.source_drop_first:
            # "In der Pressemitteilung des WWF heißt es": the document is the source; "kam es
            # Informationen des Senders zufolge zu …": the expletive is not part of it
            i += 1
        f.speaker = (i, j)

    def clause_phrase(self, k: int, b: int) -> bool:
        """Token ``k`` opens a phrase of the clause, not an apposition: a word of the
        language's ``source_cut`` list ("by contrast", "for example") or a medium ("in a
        statement released by …"). German lists none: its appositions are found otherwise."""
        ctx = self.ctx
        if not ctx.lex.source_cut:
            return False
        return fold(ctx.toks[k]) in ctx.lex.source_cut or ctx.medium_at(k, b) is not None

    def heading_colon(self, f: Found) -> None:
        """A heading line ("X bittet Y, Z zu tun: Russlands Präsident reagiert"), a line of its
        own without a full stop: a colon after the cue ends the statement, what follows it is
        the heading's next part."""
        ctx = self.ctx
        quotes = self.quotes
        if f.form == "direct" or f.cue is None:
            return
        a, b = ctx.sent_range[f.sentence]
        toks, text = ctx.toks, ctx.text
        last = toks[b - 1]
        line_end = text.find("\n", last.end)
        own_line = (a == 0 or "\n" in text[toks[a - 1].end : toks[a].start]) and (
            line_end < 0 or not text[last.end : line_end].strip()
        )
        if not own_line or last.text in ".!?" or is_quote(last):
            return
        i, j = ctx.token_range(f.content)
        colon = next((k for k in range(i + 1, j) if toks[k].text == ":" and not quotes.in_quote[k]), None)
        if colon is not None and colon > f.cue[0]:
            f.content = (f.content[0], toks[colon - 1].end)

    def no_statement(self, f: Found) -> bool:
        """A content of nothing but a date, adverbs or linking words ("announced Monday
        morning", "asked about"): a cue verb without anything said."""
        ctx = self.ctx
        quotes = self.quotes
        i, j = ctx.token_range(f.content)
        lex = ctx.lex
        toks, qc = ctx.toks, ctx.qc  # qc[k]: is_quote() of token k
        words = [k for k in range(i, j) if not qc[k] and toks[k].kind != "punct"]
        if not words:
            return True  # a lone quote mark
        if len(words) == 1 and not quotes.in_quote[words[0]] and (
            fold(ctx.toks[words[0]]) in lex.demonstratives or fold(ctx.toks[words[0]]) in lex.pronouns
        ):
            return True  # "Dies gab X bekannt": the pronoun points at what was said
        m = ctx.mention(words[0])
        if m is not None and m.label in ("MEDIA", "MISC") and all(ctx.mention(k) is m for k in words):
            return True  # a quoted outlet or platform name ("„Al Jazeera“"), not a statement
        if any(quotes.in_quote[k] for k in range(i, j)):
            return False  # a quotation is a statement, however short ("Not now")
        return all(
            ctx.toks[k].kind == "punct"
            or ctx.date_token(k)
            or lemma_of(ctx.toks[k]) in lex.temporal
            or ctx.is_adverb(ctx.toks[k])
            or fold(ctx.toks[k]) in lex.np_stops
            or fold(ctx.toks[k]) in lex.prefield_adverbials
            for k in range(i, j)
        )

    def inside_marks(self, f: Found) -> None:
        """A content that is one whole quotation is the words inside its quote marks, without
        the comma that hands over to the cue (the labeller tags marks and comma; the rules never
        do)."""
        ctx = self.ctx
        i, j = ctx.token_range(f.content)
        toks = ctx.toks
        # qchar: two apostrophes stand for a mark too (''We stay,'' as some outlets write)
        if j - i < 3 or not (qchar(toks[i]) in OPENERS and qchar(toks[j - 1]) in CLOSERS):
            return
        if any(qchar(toks[k]) for k in range(i + 1, j - 1)):
            return  # two quotations and what lies between them
        e = j - 1
        if toks[e - 1].text == ",":
            e -= 1
        f.content = (toks[i + 1].start, toks[e - 1].end)

    def recover_cue(self, f: Found, taken: set[int]) -> None:
        """A statement found without a cue (the labeller tagged the content only) takes the
        nearest speech verb of its first or last sentence that lies outside the content and
        serves no other statement ("…, kritisierte der Verband"), or a closing "so X"."""
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        i0, i1 = ctx.token_range(f.content)
        if i0 >= i1:
            return
        best: tuple[int, int, int] | None = None
        sents = {toks[i0].sent, toks[i1 - 1].sent}
        before = ctx.sent_range.get(toks[i0].sent - 1)
        if before is not None and toks[before[1] - 1].text == ":":
            sents.add(toks[i0].sent - 1)  # "Die Ministerin warnte:" then the quotation
        for s in sents:
            a, b = ctx.sent_range[s]
            for k in range(a, b):
                if i0 <= k < i1 or k in taken:
                    continue
                if k == i1 + (i1 < b and toks[i1].text == ",") and fold(toks[k]) in lex.so_end:
                    hit: tuple[int, int] | None = (k, k + 1)  # "…, so der Verband."
                else:
                    v = self.cues.verb_cue(k, a, b)
                    hit = (v[1], v[2]) if v else None
                if hit and not any(i0 <= x < i1 or x in taken for x in range(*hit)):
                    d = min(abs(k - i0), abs(k - i1))
                    if best is None or d < best[0]:
                        best = (d, *hit)
        if best is not None:
            f.cue = best[1], best[2]
            taken.update(range(*f.cue))
            return
        self.cue_inside(f, i0, i1, taken)

    def cue_inside(self, f: Found, i0: int, i1: int, taken: set[int]) -> None:
        """"Celebi riet der Frau, sofort die Polizei zu rufen" tagged as content whole: a speech
        verb early in it, then a comma, colon or "dass" opening the clause, splits it into
        source, cue and content."""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        a, b = ctx.sent_range[toks[i0].sent]
        for k in range(i0, min(i1, i0 + 8)):
            if quotes.in_quote[k] or k in taken:
                continue
            v = self.cues.verb_cue(k, a, b)
            if v is None or v[2] >= i1:
                continue
            for t in range(v[2], min(i1 - 2, v[2] + 8)):
                low = fold(toks[t])
                if quotes.in_quote[t]:
                    break
                if toks[t].text in ",:" or low in lex.complementizers:
                    start = t + 1 if toks[t].text in ",:" else t
                    f.content = (toks[start].start, f.content[1])
                    f.cue = (v[1], v[2])
                    if f.speaker is None and k > i0:
                        f.speaker = (i0, k)
                    taken.update(range(*f.cue))
                    return
            return

    def medium_for(self, f: Found, a: int, b: int) -> tuple[int, int] | None:
        ctx = self.ctx
        toks = ctx.toks
        c0, c1 = f.content
        low, preps = ctx.low, ctx.lex.medium_preps
        for i in range(a, b):
            if low[i] not in preps or c0 <= toks[i].start < c1:
                continue  # medium_at() starts at a medium preposition: none at the others
            med = ctx.medium_at(i, b)
            if med is not None and not (c0 <= toks[med[1] - 1].start < c1):
                return med
        # "told Reuters" / "sagte gegenüber Bloomberg": an outlet right after the cue
        if f.cue and f.cue[1] < len(toks):
            m = ctx.mention(f.cue[1])
            if m is not None and m.label == "MEDIA" and not (c0 <= m.span.start < c1):
                # the cue's own sentence: a cue found for content in another sentence ('"…," an
                # official told Fox News.') ends its sentence elsewhere than the content's
                end = ctx.sent_range[toks[f.cue[1]].sent][1]
                i = j = f.cue[1]
                while j < end and ctx.mention(j) is m:
                    j += 1
                if j > i:
                    return i, j
        return None

    def shape_source(self, f: Found) -> None:
        """The source phrase as German annotators mark it: without a relative clause after it
        ("Celebi, die … vertritt"), with a name in apposition ("der Sprecher, Karl Meier,"), a second source
        joined by "und" ("Angaben von AFP und Reuters") and a bracketed short form ("(UNMISS)")."""
        ctx = self.ctx
        if f.speaker is None or not ctx.de:
            return
        toks, lex = ctx.toks, ctx.lex
        i, j = f.speaker
        a, b = ctx.sent_range.get(toks[i].sent, (i, j))
        taken = [f.content] + ([ctx.chars(*f.cue)] if f.cue else [])

        def free(k: int) -> bool:  # token k lies outside content and cue
            return not any(c0 <= toks[k].start < c1 for c0, c1 in taken)

        if j - i > 2 and toks[j - 2].text == "," and fold(toks[j - 1]) in lex.relatives:
            # "Der Plan stammt von Karl Meier, der sagte, …": the relative pronoun is the source
            # (named after its antecedent by name_speaker), not the clause before it
            f.speaker = (j - 1, j)
            return
        for k in range(i + 1, j - 1):
            if toks[k].text == "," and fold(toks[k + 1]) in lex.relatives and self.verb_final(k + 1, b):
                j = k
                break
        j = self.name_then_article(i, j)
        # "sagte der 81-Jährige in einem Interview": the medium is where it was said, not who
        j = next((x for x in range(i + 1, j) if ctx.medium_at(x, b) is not None), j)
        while j < b and free(j):
            t = toks[j].text
            if t == "(" and j + 2 < b and toks[j + 2].text == ")" and free(j + 2):
                j += 3  # "die UN-Mission (UNMISS)"
                continue
            if t == "," and j + 1 < b:
                m = ctx.mention(j + 1)
                end = j + 1
                while m is not None and m.label == "PER" and end < b and ctx.mention(end) is m:
                    end += 1
                if end > j + 1 and (end >= b or not free(end) or toks[end].text in ",.:"):
                    j = end  # "…, Roland Eichhorn," : the name in apposition
                    continue
            end = self.apposition_after(j, b, free)
            if end is not None:
                j = end  # "…, so Karl Berg, Präsident des Verbandes.": the role in apposition
                continue
            wide = self.speakers.coordinated((i, j), b)[1]
            if wide > j and all(free(k) for k in range(j, wide)) and (
                wide >= b or not free(wide) or toks[wide].text in ",."
            ):
                j = wide  # "AFP und Reuters"
                continue
            break
        if (i, j) != f.speaker and i < j:
            f.speaker = (i, j)

    def name_then_article(self, i: int, j: int) -> int:
        """German: a name (or a quoted or bracketed one) ends the source when an article follows
        it ("laut Karl Berg der Sprecher …", "nach Auskunft der NASA der größte Teil …"): a
        name takes no genitive after it, so the article opens the clause's next noun phrase."""
        ctx = self.ctx
        toks = ctx.toks
        for x in range(i + 1, j):
            if fold(toks[x]) not in ctx.lex.determiners or ctx.mention(x) is not None:
                continue
            prev = toks[x - 1]
            m = ctx.mention(x - 1)
            if (m is not None and m.label in ("PER", "ORG", "MEDIA")) or prev.text == ")" or (
                is_quote(prev) and prev.text in CLOSERS
            ):
                return x
        return j

    def apposition_after(self, p: int, b: int, free: Callable[[int], bool]) -> int | None:
        """German: where an apposition opened by the comma ``p`` after a source ends — a role
        with or without an article ("…, die Leiterin der Fachstelle", "…, Präsident des
        Verbandes") closed by a comma (``apposition_end``), by the sentence's last mark or by
        the statement; None for anything else (a relative clause ends in its verb)."""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        if p + 2 >= b or toks[p].text != ",":
            return None
        end = apposition_end(ctx, quotes, p, b)
        if end is not None:
            return end if all(free(x) for x in range(p, end)) else None
        first = toks[p + 1]
        if quotes.in_quote[p + 1] or not (fold(first) in lex.determiners or ctx.is_cap(first)):
            return None
        x = p + 1
        while x < b and free(x) and not (x == b - 1 and toks[x].text in ".!?"):
            t, low = toks[x], fold(toks[x])
            if t.text in "()" and x > p + 1:
                x += 1  # "(SPLA)"
                continue
            if quotes.in_quote[x] or t.kind != "word" or not (
                ctx.is_cap(t)
                or low in lex.determiners
                or low in lex.prepositions
                # an inflected adjective ("der persönliche Sprecher"), not a verb
                or (ctx.is_adj(t) and low.endswith(("e", "en", "er", "es", "em")) and ctx.lem[x] not in lex.by_base)
            ):
                return None
            x += 1
        if x - p < 3 or not ctx.is_cap(toks[x - 1]) or (x < b and free(x) and x != b - 1):
            return None
        return x

    def verb_final(self, k: int, b: int) -> bool:
        """A clause from ``k`` to the next comma that ends in a lower-case word: German puts the
        verb of a relative clause last, an apposition ends in its noun."""
        ctx = self.ctx
        quotes = self.quotes
        e = k
        while e < b and ctx.toks[e].text not in ",;:" and not quotes.in_quote[e]:
            e += 1
        last = ctx.toks[e - 1]
        if last.kind == "punct" and e - 1 > k:
            last = ctx.toks[e - 2]
        return e - k > 2 and last.kind == "word" and last.text[:1].islower()

    def assign_intermediaries(self, found: list[Found], sent_inter: dict[int, Span]) -> None:
        # "wie Sky News berichtet" names the outlet for its sentence
        ctx = self.ctx
        for f in found:
            inter = sent_inter.get(f.sentence)
            if inter is not None and f.speaker and ctx.span(*f.speaker) != inter:
                f.intermediary = inter
        # an outlet as speaker passes on what its content quotes: "Politico reported that X said"
        for outer in found:
            if outer.speaker_label == "MEDIA" and outer.speaker:
                for inner in found:
                    if inner is not outer and inner.intermediary is None and inner.cue:
                        if outer.content[0] <= ctx.toks[inner.cue[0]].start < outer.content[1]:
                            inner.intermediary = ctx.span(*outer.speaker)
        # "Politico: …" opening a paragraph, carried on while the same speakers go on
        by_para: dict[int, list[Found]] = {}
        for f in found:
            by_para.setdefault(paragraph_of(ctx.para_starts, f.content[0]), []).append(f)
        carried: Span | None = None
        speakers: set[str] = set()
        last_para = -2
        for p in sorted(by_para):
            lead = ctx.leads.get(p)
            fs = by_para[p]
            if lead is not None:
                carried, speakers = lead, set()
            elif carried is not None and (
                p != last_para + 1 or not all(f.speaker_name in speakers for f in fs)
            ):
                carried = None
            last_para = p
            if carried is None:
                continue
            for f in fs:
                if f.intermediary is None:
                    f.intermediary = carried
                if f.speaker_name:
                    speakers.add(f.speaker_name)


def __getattr__(name: str) -> object:
    """``from …resolve import Extractor`` (features.py, train.py): the engine that composes
    the stages lives in ``engine``; imported late, as ``engine`` imports this module."""
    if name == "Extractor":
        from quotetrail.analysis.attribution.engine import Extractor

        return Extractor
    raise AttributeError(name)
