"""The trained sequence labeller (CRF) and how its tags become attributions.

Tags per token: ``B-``/``I-`` with ``C`` (cue), ``S`` (source) and ``M`` (message/content), or
``O``. Assembly links every content to its nearest cue and that cue's nearest source; content
that runs on over sentences without a cue of their own continues the attribution before it.
The rules run first; their output is a feature, and their direct quotes with a cue and a
speaker are kept as they are (they are precise and carry the speaker naming the tests pin).

The join (``join_with_model``), decided span kind by span kind:

- statement: a rule statement stands when the model's contents agree with it (``agrees``), when
  it is nested in another or holds one (``nested``), or when the model's cue-less content ran
  over its cue (``swallowed``); otherwise the model's stands. A model statement no rule
  statement overlaps is added when its cue is a speech word (``speech_cue``).
- content: the agreeing rule's boundaries; a German model content that is only part of a
  quotation over several sentences is the whole quotation (``whole_quote``).
- cue: the rule's cue, widened to the model's around it unless what that adds is a medium,
  an auxiliary, a date, an object or demonstrative pronoun (``widen``); a German model content
  that swallowed its verb ("„…“ bezeichnet worden") or separable particle gives them to the
  cue (``cue_after_quote``, ``particle_to_cue``).
- source: the rule's, widened like the cue; a German model statement with neither cue nor
  source before its comma takes the verb and the noun phrase after it ("sagte der 64-jährige
  …, die Brücke werde …", ``subject_after_cue``).
"""

from __future__ import annotations

import json
import os
import threading
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.crf import CRFModel
from quotetrail.analysis.attribution.cues import CueFinder
from quotetrail.analysis.attribution.features import Featurizer
from quotetrail.analysis.attribution.lexicon import (
    QUOTE_MARKS,
    fold,
    lemma_of,
    model_file,
)
from quotetrail.analysis.attribution.quotes import Quotes
from quotetrail.analysis.spans import SpanIndex
from quotetrail.model import Form

if TYPE_CHECKING:  # engine runs this stage; features.py imports the engine
    from quotetrail.analysis.attribution.engine import Extractor

ROLES = ("C", "S", "M")
MODEL_NAME = "attribution.crfsuite"
QUOTE_CHARS = frozenset("".join(QUOTE_MARKS) + "\"'")
# a content this many tokens long is evidence enough of reported speech on its own
MIN_LEN = 4


def model_path(lang: str) -> Path | None:
    """The model for ``lang``: from ``$QUOTETRAIL_MODELS/<lang>/`` when that is set (a model
    you trained yourself), else the shipped one; None when there is none (rules alone)."""
    return model_file(lang, MODEL_NAME)


class Tagger:
    """A crfsuite tagger; one per thread because crfsuite taggers keep state."""

    def __init__(self, path: Path, learned: dict[str, float] | None = None) -> None:
        self.path = path
        self.learned = learned or {}
        self.local = threading.local()

    def tag(self, seq: list[list[str]]) -> list[str]:
        tagger = getattr(self.local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.path))
            self.local.tagger = tagger
        return tagger.tag(seq)

    @cached_property
    def model(self) -> CRFModel | None:
        """The weights as arrays: tagging from attribute ids gives crfsuite's tags at a
        fraction of the cost of handing it strings (crf.py); None if unreadable."""
        return CRFModel.load(self.path)


def shipped_tagger(lang: str) -> Tagger | None:
    """The tagger for ``lang``, looked up again whenever ``$QUOTETRAIL_MODELS`` changes: a
    tagger cached by language alone kept serving a models folder after it was unset."""
    return _tagger(lang, os.environ.get("QUOTETRAIL_MODELS"))


@cache
def _tagger(lang: str, own: str | None) -> Tagger | None:
    path = model_path(lang)
    if path is None:
        return None
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:  # a stripped install: the rules still work
        return None
    cues = path.with_name(path.name.removesuffix(".crfsuite") + ".cues.json")
    learned = json.loads(cues.read_text(encoding="utf-8")) if cues.is_file() else {}
    return Tagger(path, learned)


@dataclass
class Piece:
    role: str
    start: int  # token indices, end exclusive
    end: int
    sent: int
    cont: bool = False  # opens its sentence with "I-": goes on from the sentence before


def pieces(tags: list[str], offset: int, sent: int) -> list[Piece]:
    out: list[Piece] = []
    # most tags are "O": visit only the others
    for i in compress(range(len(tags)), map("O".__ne__, tags)):
        tag = tags[i]
        bio, role = tag.split("-", 1)
        k = offset + i
        if bio == "I" and out and out[-1].role == role and out[-1].end == k:
            out[-1].end = k + 1
        else:
            out.append(Piece(role, k, k + 1, sent, bio == "I" and i == 0))
    return out


def label(ex: Extractor, rule_found: list[Found], tagger: Tagger) -> list[Piece]:
    """The labeller's tags over the document, as pieces; the rules' findings are features."""
    ctx = ex.ctx
    featurizer = Featurizer(ex, rule_found, tagger.learned)
    model = tagger.model
    ids = featurizer.id_matrix(model) if model is not None else None
    found_pieces: list[Piece] = []
    if ids is not None:
        tags = model.viterbi(model.states(ids[0]), ids[1])
    else:
        tags = [tagger.tag(seq) for seq in featurizer.document()]
    for s, seq_tags in zip(sorted(ctx.sent_range), tags, strict=True):
        a, _ = ctx.sent_range[s]
        found_pieces.extend(pieces(seq_tags, a, s))
    return found_pieces


class ModelJoin:
    """The labeller's pieces as statements (``assemble``), joined with the rules' (``combine``)."""

    def __init__(self, ctx: Context, quotes: Quotes, cues: CueFinder, tagger: Tagger) -> None:
        self.ctx = ctx
        self.quotes = quotes
        self.cues = cues
        self.tagger = tagger
        # per language, in attribution.json "combine"
        c = ctx.lex.combine
        self.agree = float(c.get("agree", 0.8))
        self.shorter = bool(c.get("shorter", 0))
        self.min_rate = float(c.get("min_rate", 0.5))

    def particle_to_cue(self, f: Found) -> None:
        """"sagte den Bauern Hilfe zu": the labeller ends the content with the particle of the
        cue's separable verb; the particle is part of the cue ("sagte … zu")."""
        ctx = self.ctx
        if f.cue is None or not ctx.de:
            return
        i, k = ctx.token_range(f.content)
        k -= 1
        while k > i and ctx.toks[k].kind == "punct":
            k -= 1
        c0 = f.cue[0]
        for particle, full in ctx.lex.by_base.get(lemma_of(ctx.toks[c0]), ()):
            if k > i and fold(ctx.toks[k]) == particle and ctx.toks[k].start > ctx.toks[c0].start:
                f.content = (f.content[0], ctx.toks[k - 1].end)
                f.cue = (c0, k + 1)
                self.cues.cue_lemma[c0] = full
                return

    def cue_after_quote(self, f: Found) -> None:
        """"als „Geschäft des Jahrhunderts“ bezeichnet worden.": a content found without a cue
        that is a quotation and the verb group after it took its cue; a speech verb (the rules'
        cue finder's) right after the closing mark, and the auxiliaries after it, are the cue
        and the quotation the content (German: the model of c1 1.0 tags such verbs as content)."""
        ctx = self.ctx
        if f.cue is not None or not ctx.de:
            return
        i, j = ctx.token_range(f.content)
        while j > i and ctx.toks[j - 1].kind == "punct" and not ctx.qc[j - 1]:
            j -= 1
        close = self.quotes.seg_close
        q = next((k for k in range(j - 1, i, -1) if k in close), None)
        # the whole content is the quotation and at most three words after it
        if q is None or not q + 1 < j <= q + 4 or close[q].open != i:
            return
        if any(fold(ctx.toks[k]) not in ctx.lex.auxiliaries for k in range(q + 2, j)):
            return
        a, b = ctx.sent_range[ctx.toks[q].sent]
        v = self.cues.verb_cue(q + 1, a, b)
        if v is not None and v[1] == q + 1:
            f.content = (f.content[0], ctx.toks[q].end)
            f.cue = (q + 1, j)

    def subject_after_cue(self, f: Found) -> None:
        """"Am Montag sagte der 64-jährige in einem Interview, die Brücke werde …" with only the
        content tagged: the speech verb (the rules' cue finder's) before the comma that opens
        the content is the cue, and the noun phrase between them, opened by a determiner, the
        source (a medium in it is cut off later, resolve.py); German verb-second order."""
        ctx = self.ctx
        if f.cue is not None or f.speaker is not None or not ctx.de:
            return
        toks, lex = ctx.toks, ctx.lex
        i, _ = ctx.token_range(f.content)
        a, b = ctx.sent_range[toks[i].sent]
        if i - 1 <= a or toks[i - 1].text != ",":
            return
        for k in range(max(a, i - 10), i - 2):
            v = self.cues.verb_cue(k, a, b)
            if v is None:
                continue
            np = range(v[2], i - 1)
            if (
                len(np) >= 2
                and fold(toks[v[2]]) in lex.determiners
                and not any(self.quotes.in_quote[t] or toks[t].text in ",;:" or self.cues.cue_word[t] for t in np)
            ):
                f.cue = (v[1], v[2])
                f.speaker = (v[2], i - 1)
            return

    def whole_quote(self, f: Found, found: list[Found]) -> None:
        """A direct content that ends at a quotation's closing mark but starts after its
        opening one, at a later sentence, is the whole quotation: the quotation is the unit of
        a direct quote, unless another statement lies in its first part (German)."""
        ctx = self.ctx
        if not ctx.de or f.form != "direct":
            return
        i, j = ctx.token_range(f.content)
        seg = self.quotes.seg_close.get(j - 1)
        if seg is None or seg.open >= i - 1 or ctx.toks[seg.open].sent == ctx.toks[i].sent:
            return
        start = ctx.toks[seg.open].start
        if any(g is not f and start <= g.content[0] < f.content[0] for g in found):
            return
        f.content = (start, f.content[1])

    # -- assembly ------------------------------------------------------------------------
    def assemble(self, ps: list[Piece]) -> list[Found]:
        ctx = self.ctx
        quotes = self.quotes
        ps = [p for p in (self.strip(p) for p in ps) if p is not None]
        contents = [p for p in ps if p.role == "M"]
        # by sentence, in text order: a content looks for its cue and a cue for its source only
        # in its own sentence or the next one, and asking all of them cost quadratic time
        cues = by_sentence(p for p in ps if p.role == "C")
        sources = by_sentence(p for p in ps if p.role == "S")
        # pieces of one role never overlap, so in text order their ends rise with their starts
        source_starts = [p.start for p in ps if p.role == "S"]
        source_ends = [p.end for p in ps if p.role == "S"]
        groups: list[list[Piece]] = []
        owner: dict[int, Piece | None] = {}  # id(group head) -> cue
        for c in contents:
            cue = self.nearest(cues, c, same_sentence=True)
            prev = groups[-1] if groups else None
            if prev is not None and self.continues(prev[-1], c, cue):
                prev.append(c)
                continue
            if prev is not None and cue is not None and owner[id(prev[0])] is cue:
                # a source between the halves: the first one after prev ends before c
                q = bisect_left(source_starts, prev[-1].end)
                between = q < len(source_starts) and source_ends[q] <= c.start
                if between and not self.relative_clause(prev[0]):
                    prev.append(c)  # "X, sagte er, Y": both halves belong to one cue
                    continue
                # ", der vor den Abgeordneten betonte, er ...": the relative clause that holds
                # the cue is not content, nor is a source the model took for content (no
                # source between the halves); the longer of the two stands
                if c.end - c.start > sum(p.end - p.start for p in prev):
                    groups[-1] = [c]
                    owner[id(c)] = cue
                continue
            groups.append([c])
            owner[id(c)] = cue
        out: list[Found] = []
        last_src: Piece | None = None
        claimed = {id(c) for c in owner.values() if c is not None}
        for g in groups:
            cue = owner[id(g[0])]
            if cue is None:
                # "Er fuhr fort:" and the quote in the sentences after it
                prev = [c for c in cues.get(g[0].sent - 1, ()) if id(c) not in claimed]
                if prev and self.ends_with_colon(g[0].sent - 1):
                    cue = prev[-1]
                    claimed.add(id(cue))
            if cue is None and not ctx.de:
                # a quote paragraph whose cue follows in the next sentence
                cue = self.nearest(cues, g[-1], same_sentence=False)
            src = self.nearest(sources, cue, same_sentence=True) if cue else None
            if src is None and cue is not None and ctx.de:
                src = self.subject_person(cue, g[0])
            if src is None and cue is None:
                src = self.nearest(sources, g[0], same_sentence=True)
                if (
                    src is None
                    and ctx.de
                    and last_src is not None
                    and g[0].sent - last_src.sent <= 3
                    # a sentence with a person of its own before or early in the content is
                    # not the earlier speaker going on
                    and not self.names_someone(ctx.sent_range[g[0].sent][0], min(g[0].end, g[0].start + 5))
                ):
                    src = last_src  # free indirect speech goes on with the speaker named before
            if src is not None:
                last_src = src
            elif cue is None and (
                not ctx.de
                or self.names_someone(g[0].start, min(g[0].end, g[0].start + 5))
                or self.names_someone(ctx.sent_range[g[0].sent][0], g[0].start)
                or not any(
                    quotes.in_quote[k] or ctx.subjunctive(ctx.toks[k]) for k in range(g[0].start, g[-1].end)
                )
            ):
                # English annotations always have a cue; German free indirect speech may have
                # none, but a sentence with a subject of its own is not someone else's speech,
                # nor is one with neither quote marks nor Konjunktiv I
                continue
            c0, c1 = g[0].start, g[-1].end
            form = self.form_of(c0, c1)
            if ctx.de and cue is None and src is not None and src.end == c0 and ctx.toks[c0].text[:1].islower():
                # "Der Sender berichtete von der Bergung …" tagged source + content: the content
                # opens with the verb, a reported speech act
                form = "reported"
            out.append(
                Found(
                    ctx.chars(c0, c1),
                    form,
                    (cue.start, cue.end) if cue else None,
                    (src.start, src.end) if src else None,
                    g[0].sent,
                    cue.start if cue else c0,
                    rule="model",
                )
            )
        return out

    def subject_person(self, cue: Piece, content: Piece) -> Piece | None:
        """A cue the model found without a source ("…, mit der Begründung, …"): the first
        person named in the sentence before the cue, unless a preposition governs the name
        ("ein Treffen mit Putin"), is the sentence's subject and the speaker."""
        ctx = self.ctx
        a = ctx.sent_range[cue.sent][0]
        k = a
        while k < cue.start:
            m = ctx.mention(k)
            if m is None or m.label != "PER" or content.start <= k < content.end:
                k += 1
                continue
            j = k
            while j < cue.start and ctx.mention(j) is m:
                j += 1
            if k > a and fold(ctx.toks[k - 1]) in ctx.lex.prepositions:
                k = j
                continue
            return Piece("S", k, j, cue.sent, False)
        return None

    def strip(self, p: Piece) -> Piece | None:
        """A piece without leading punctuation or a trailing comma (a final full stop and quote
        marks stay: annotators count them to the content)."""
        ctx = self.ctx
        i, j = p.start, p.end
        while i < j and ctx.toks[i].kind == "punct":
            i += 1
        while j > i and ctx.toks[j - 1].text in ",;:–—-":
            j -= 1
        if i >= j:
            return None
        return Piece(p.role, i, j, p.sent, p.cont)

    def relative_clause(self, p: Piece) -> bool:
        ctx = self.ctx
        quotes = self.quotes
        k = p.start
        return (
            k > 0
            and ctx.toks[k - 1].text == ","
            and fold(ctx.toks[k]) in ctx.lex.relatives
            and not quotes.in_quote[k]
        )

    def ends_with_colon(self, s: int) -> bool:
        ctx = self.ctx
        rng = ctx.sent_range.get(s)
        return rng is not None and ctx.toks[rng[1] - 1].text == ":"

    def names_someone(self, i: int, j: int) -> bool:
        """A person or organisation early in the content: a subject of its own."""
        ctx = self.ctx
        return any((m := ctx.mention(k)) is not None and m.label in ("PER", "ORG") for k in range(i, j))

    def nearest(self, cands: dict[int, list[Piece]], p: Piece, same_sentence: bool) -> Piece | None:
        best: Piece | None = None
        best_d = 10**9
        near = (p.sent,) if same_sentence else (p.sent - 1, p.sent, p.sent + 1)
        for c in (c for s in near for c in cands.get(s, ())):
            d = c.start - p.end if c.start >= p.end else p.start - c.end
            d = max(d, 0) + (0 if c.sent == p.sent else 1000)
            if d < best_d:
                best, best_d = c, d
        return best

    def continues(self, prev: Piece, c: Piece, cue: Piece | None) -> bool:
        """The model tagged the sentence's content as going on from the one before."""
        return c.cont and c.sent == prev.sent + 1 and (cue is None or prev.end == c.start)

    def form_of(self, c0: int, c1: int) -> Form:
        # the marks themselves count: the labeller's content of a short quote keeps them
        ctx = self.ctx
        quotes = self.quotes
        in_quote, qc = quotes.in_quote, ctx.qc  # qc[k]: is_quote() of token k
        quoted = sum(1 for k in range(c0, c1) if in_quote[k] or qc[k])
        if 2 * quoted > c1 - c0:
            return "direct"
        if c1 - c0 >= 4:
            return "indirect"
        return "reported"

    def combine(self, rules: list[Found], model: list[Found]) -> list[Found]:
        """Rules where the model agrees or says nothing, the model where they disagree.

        Agreement means the rules' contents that overlap a model content cover most of it and
        each lies mostly inside it: the rules' own boundaries (no quote marks, one sentence
        each) and their speaker naming are then kept. Nested rule attributions ("X reported
        that Y said ...") stand as they are: the model learnt from annotations without nesting.
        """
        # indexes instead of every pair of rule and model findings: linear in the article
        by_content = SpanIndex(rules, lambda f: f.content)
        by_cue = SpanIndex(rules, lambda f: self.cue_point(f))
        in_model = SpanIndex(model, lambda f: f.content)
        keep = []
        for r in rules:
            if self.nested(r, by_content, by_cue):
                keep.append(r)
            elif self.agrees(r, by_content, in_model):
                r.rule += " + model"  # the labeller found it too
                keep.append(r)
            elif self.swallowed(r, in_model):
                keep.append(r)
        out = list(keep)
        kept = SpanIndex(keep, lambda f: f.content)
        for f in model:
            if not kept.overlapping(*f.content) and self.speech_cue(f):
                out.append(f)
        return out

    def cue_point(self, f: Found) -> tuple[int, int] | None:
        """The first character of a finding's cue, as a one-character span."""
        ctx = self.ctx
        if not f.cue:
            return None
        at = ctx.toks[f.cue[0]].start
        return at, at + 1

    def speech_cue(self, f: Found) -> bool:
        """What the model adds on its own needs a cue that is a speech word: in the lexicon or
        marked as a cue in most of its training occurrences ("agree on a plan" is not speech,
        though the English corpus counts beliefs too). Cue-less free indirect speech passes."""
        ctx = self.ctx
        if f.cue is None:
            return True
        learned = self.tagger.learned
        for k in range(*f.cue):
            t = ctx.toks[k]
            lem = self.cues.cue_lemma.get(k) or lemma_of(t)
            info = ctx.lex.verbs.get(lem)
            if info is not None and info.get("clause"):
                continue  # "agree", "hope": speech only with a clause or quote after them
            if (
                info is not None
                or lem in ctx.lex.by_base
                or fold(t) in ctx.lex.verbs
                or fold(t) in ctx.lex.adjectives
                or fold(t) in ctx.lex.pattern_firsts
                or learned.get(lem, 0.0) >= self.min_rate
                or not t.text[:1].isalnum()  # a colon or a dash: "Rutte: ..."
            ):
                return True
        return self.clause_evidence(f)

    def clause_evidence(self, f: Found) -> bool:
        """The content looks reported: quoted, a that/dass clause, or in Konjunktiv I."""
        ctx = self.ctx
        quotes = self.quotes
        toks = ctx.toks
        i, j = ctx.token_range(f.content)
        if i >= j:
            return False
        if j - i >= MIN_LEN:
            return True
        if fold(toks[i]) in ctx.lex.complementizers or (
            i > 0 and fold(toks[i - 1]) in ctx.lex.complementizers
        ):
            return True
        return any(quotes.in_quote[k] or (ctx.de and ctx.subjunctive(toks[k])) for k in range(i, j))

    def swallowed(self, r: Found, model: SpanIndex[Found]) -> bool:
        """The model's cue-less content runs over the rule's cue ("sprach von einer „…“" as
        one statement): the rule's split into cue and content stands."""
        ctx = self.ctx
        if r.cue is None:
            return False
        at = ctx.toks[r.cue[0]].start
        # a separable verb's particle inside the labeller's content ("„haltlos“ zurück"): the
        # labeller cut the verb frame apart, whatever cue it found
        parts = [ctx.toks[p[0]].start for p in r.cue_parts] if ctx.de else []
        return any(
            (m.cue is None and m.content[0] <= at < m.content[1])
            or any(m.content[0] <= x < m.content[1] for x in parts)
            for m in model.overlapping(*r.content)
        )

    def nested(self, r: Found, by_content: SpanIndex[Found], by_cue: SpanIndex[Found]) -> bool:
        """Another rule finding's cue inside this one's content, or this one's cue inside
        another's content."""
        if any(g is not r for g in by_cue.overlapping(*r.content)):
            return True
        at = self.cue_point(r)
        return at is not None and any(g is not r for g in by_content.overlapping(*at))

    def core(self, span: tuple[int, int]) -> tuple[int, int]:
        """A content without the quote marks and commas at its edges: the labeller tags them,
        the rules do not, and they are no disagreement."""
        ctx = self.ctx
        a, b = span
        text = ctx.text
        while a < b and (text[a] in QUOTE_CHARS or text[a] in ", "):
            a += 1
        while b > a and (text[b - 1] in QUOTE_CHARS or text[b - 1] in ", "):
            b -= 1
        return (a, b) if a < b else span

    def agrees(self, r: Found, rules: SpanIndex[Found], model: SpanIndex[Found]) -> bool:
        r0, r1 = r.content
        ms = model.overlapping(r0, r1)
        for m in ms:
            mc = self.core(m.content)
            inside = overlap(mc, r.content)
            if inside < self.agree * (r1 - r0) and (self.shorter or inside < mc[1] - mc[0]):
                return False  # the model's content is neither about the rule's nor within it
            m0, m1 = mc
            covered = sum(overlap(mc, g.content) for g in rules.overlapping(m0, m1))
            if covered < self.agree * (m1 - m0):
                return False
        for m in ms:
            # annotators' sources and cues run longer than the rules' heads
            r.speaker = self.outside(r, self.widen(r.speaker, m.speaker, cue=False), r.speaker)
            r.cue = self.outside(r, self.widen(r.cue, m.cue, cue=True), r.cue)
        return True

    def outside(
        self, f: Found, wide: tuple[int, int] | None, rule: tuple[int, int] | None
    ) -> tuple[int, int] | None:
        """``wide`` unless it runs into the content (the model's source then took content)."""
        ctx = self.ctx
        if wide is None or wide == rule:
            return rule
        a, b = ctx.chars(*wide)
        return rule if a < f.content[1] and f.content[0] < b else wide

    def widen(
        self, rule: tuple[int, int] | None, wide: tuple[int, int] | None, cue: bool
    ) -> tuple[int, int] | None:
        """The model's longer span around the rules' one, unless what it adds is a medium, an
        outlet, an auxiliary, a date or an "of"/"von" link: those the product keeps apart."""
        ctx = self.ctx
        quotes = self.quotes
        if rule is None or wide is None:
            return rule
        w0, w1 = ctx.tidy(*wide)
        if not (w0 <= rule[0] and rule[1] <= w1) or (w0, w1) == rule:
            return rule
        lex = ctx.lex
        for k in (*range(w0, rule[0]), *range(rule[1], w1)):
            low = fold(ctx.toks[k])
            m = ctx.mention(k)
            if (
                (m is not None and m.label == "MEDIA")
                or (cue and (low in lex.medium_preps or low in lex.so_end))
                or (k < rule[0] and low in lex.source_link)
                or low in lex.auxiliaries
                or low in lex.object_pronouns
                or (cue and low in lex.demonstratives)  # "begründete dies damit": the object
                or low in lex.temporal
                or ctx.date_token(k)
                or quotes.in_quote[k]
            ):
                return rule
        return w0, w1



def by_sentence(ps: Iterable[Piece]) -> dict[int, list[Piece]]:
    out: dict[int, list[Piece]] = {}
    for p in ps:
        out.setdefault(p.sent, []).append(p)
    return out


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def join_with_model(ex: Extractor, rule_found: list[Found], tagger: Tagger) -> list[Found]:
    """Stage 4b: the labeller's statements (the rules' ``rule_found`` are among its features),
    joined with the rules' into one list for the resolution."""
    join = ModelJoin(ex.ctx, ex.quotes, ex.cues, tagger)
    model_found = join.assemble(label(ex, rule_found, tagger))
    for f in model_found:
        join.particle_to_cue(f)
        join.cue_after_quote(f)
        join.subject_after_cue(f)
        join.whole_quote(f, model_found)
    return join.combine(rule_found, model_found)
