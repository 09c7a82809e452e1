"""Who said what: rule-based attributions over tokens, lemmas, mentions and dates.

The extractor is a chain of small steps, each a method of :class:`_Extractor`, so a trained
model can later replace one step (say, content boundaries) without touching the others:

1. ``quotes``      pair quote marks into segments; a quote left open at the end of a paragraph
                   continues when the next paragraph opens with a quote mark (news convention);
2. ``cues``        speech verbs by lemma (separable particles: "hob ... hervor"), predicative
                   cues ("zeigte sich überzeugt"), and phrase patterns ("laut X", "X zufolge",
                   "Berichten zufolge", "according to X", ", so X.");
3. ``speaker``     the subject before the finite verb, or the noun phrase after it when the
                   first position holds an adverbial or the verb follows a quote;
4. ``content``     an attached quote (direct), a dass/that- or comma-clause after the cue
                   (indirect), what precedes ", sagte X." (indirect) or a plain object (reported);
5. ``medium``, ``intermediary``, ``date``; then pronoun speakers are resolved to the nearest
   fitting named speaker or subject before them.

All word lists are data: ``lang/<code>/cues.json`` and ``lang/<code>/attribution.json``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cache

from quotetrail import lang as langdata
from quotetrail.analysis.entities import paragraph_of, paragraph_starts, person_gender
from quotetrail.analysis.pipeline import component
from quotetrail.model import Attribution, DateMention, Document, Form, Mention, Span, Token

__all__ = ["find_attributions"]

# Double quote marks only: single marks are mostly apostrophes or nested quotes.
_OPENERS = frozenset('„»«“"')
_CLOSERS = frozenset('“”«»"')
_PAIRS = {"„": '“”"', "»": "«", "«": "»", "“": '”"', '"': '"', "”": "”"}
_END_PUNCT = frozenset(".!?;:,–—-")
_NP_LIMIT = 16  # longest prefield taken as a speaker, in tokens
_BACK_SENTENCES = 6  # how far a pronoun looks back for its antecedent


@dataclass
class AttrLexicon:
    verbs: dict[str, dict[str, object]] = field(default_factory=dict)
    by_base: dict[str, list[tuple[str, str]]] = field(
        default_factory=dict
    )  # base -> (particle, lemma)
    adjectives: frozenset[str] = frozenset()
    copulas: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    source_after: list[tuple[str, ...]] = field(default_factory=list)
    source_link: frozenset[str] = frozenset()
    source_before: list[tuple[str, ...]] = field(default_factory=list)
    unnamed: list[tuple[str, ...]] = field(default_factory=list)
    so_end: frozenset[str] = frozenset()
    inter_lead: frozenset[str] = frozenset()
    inter_verbs: frozenset[str] = frozenset()
    inter_skip: frozenset[str] = frozenset()
    medium_preps: frozenset[str] = frozenset()
    medium_nouns: frozenset[str] = frozenset()
    medium_links: frozenset[str] = frozenset()
    pronouns: dict[str, dict[str, object]] = field(default_factory=dict)
    determiners: frozenset[str] = frozenset()
    prefield_adverbials: frozenset[str] = frozenset()
    adverbs: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    clause_breaks: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    np_stops: frozenset[str] = frozenset()
    source_skip: frozenset[str] = frozenset()
    subjunctive: frozenset[str] = frozenset()
    demonstratives: frozenset[str] = frozenset()
    temporal: frozenset[str] = frozenset()
    source_nouns: frozenset[str] = frozenset()
    source_preps: frozenset[str] = frozenset()
    impersonal: list[tuple[str, ...]] = field(default_factory=list)
    anaphoric: frozenset[str] = frozenset()
    not_subjunctive: frozenset[str] = frozenset()
    pattern_firsts: frozenset[str] = frozenset()


def _fs(items: object) -> frozenset[str]:
    return frozenset(str(w).casefold() for w in (items or []))  # type: ignore[attr-defined]


@cache
def lexicon(code: str) -> AttrLexicon:
    if code not in langdata.SUPPORTED:
        return AttrLexicon()
    cues = langdata.load(code, "cues") or {}
    pats = langdata.load(code, "attribution") or {}
    verbs: dict[str, dict[str, object]] = {k: v for k, v in cues.get("verbs", {}).items()}
    by_base: dict[str, list[tuple[str, str]]] = {}
    for lemma, info in verbs.items():
        if "particle" in info:
            by_base.setdefault(str(info.get("base", lemma)), []).append(
                (str(info["particle"]), lemma)
            )
    adj = cues.get("adjectives", {})

    def seqs(key: str) -> list[tuple[str, ...]]:
        return [tuple(w.casefold() for w in p) for p in pats.get(key, [])]

    source_after, source_before, unnamed = (
        seqs("source_after"),
        seqs("source_before"),
        seqs("unnamed"),
    )
    inter = pats.get("intermediary", {})
    med = pats.get("medium", {})
    return AttrLexicon(
        verbs=verbs,
        by_base=by_base,
        adjectives=_fs(adj.get("words")),
        copulas=_fs(adj.get("copulas")),
        complementizers=_fs(cues.get("complementizers")),
        source_after=source_after,
        source_link=_fs(pats.get("source_link")),
        source_before=source_before,
        unnamed=unnamed,
        so_end=_fs(pats.get("so_end")),
        inter_lead=_fs(inter.get("lead")),
        inter_verbs=_fs(inter.get("verbs")),
        inter_skip=_fs(inter.get("skip")),
        medium_preps=_fs(med.get("prepositions")),
        medium_nouns=_fs(med.get("nouns")),
        medium_links=_fs(med.get("links")),
        pronouns={k.casefold(): v for k, v in pats.get("pronouns", {}).items()},
        determiners=_fs(pats.get("determiners")),
        prefield_adverbials=_fs(pats.get("prefield_adverbials")),
        adverbs=_fs(pats.get("adverbs")),
        auxiliaries=_fs(pats.get("auxiliaries")),
        clause_breaks=_fs(pats.get("clause_breaks")),
        relatives=_fs(pats.get("relatives")),
        np_stops=_fs(pats.get("np_stops")),
        source_skip=_fs(pats.get("source_skip")),
        subjunctive=_fs(pats.get("subjunctive", {}).get("words")),
        demonstratives=_fs(pats.get("demonstratives")),
        temporal=_fs(pats.get("temporal")),
        source_nouns=_fs(pats.get("source_nouns")),
        source_preps=_fs(pats.get("source_preps")),
        impersonal=seqs("impersonal"),
        anaphoric=_fs(pats.get("anaphoric")),
        not_subjunctive=_fs(pats.get("subjunctive", {}).get("exclude")),
        pattern_firsts=frozenset(p[0] for p in source_after + source_before + unnamed)
        | frozenset(p[0] for p in seqs("impersonal"))
        | _fs(pats.get("source_preps"))
        | _fs(pats.get("anaphoric")),
    )


@dataclass
class _Segment:
    """A quoted stretch: the opening mark's token, the closing mark's token (or -1)."""

    open: int
    close: int
    start: int  # content characters, inside the marks
    end: int
    chain: int
    used: bool = False


@dataclass
class _Found:
    """An attribution under construction, in token indices (end exclusive)."""

    content: tuple[int, int]  # character offsets
    form: Form
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    sentence: int
    pos: int  # token index that orders attributions in the text
    segment: _Segment | None = None
    medium: tuple[int, int] | None = None
    intermediary: Span | None = None
    speaker_name: str | None = None
    speaker_ref: Span | None = None
    speaker_label: str | None = None
    consumed_verb: int = -1


def _low(t: Token) -> str:
    return t.text.casefold()


def _lem(t: Token) -> str:
    return (t.lemma or t.text).casefold()


_ASCII_QUOTES = {"''": '"', "``": "“", "“": "“"}  # TeX-style pairs some sources use


def _qchar(t: Token) -> str:
    """The double quote mark a token stands for, or "" (single marks are apostrophes)."""
    text = _ASCII_QUOTES.get(t.text, t.text)
    return text if len(text) == 1 and text in _OPENERS | _CLOSERS else ""


def _is_quote(t: Token) -> bool:
    return bool(_qchar(t))


class _Extractor:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.toks = doc.tokens
        self.lex = lexicon(doc.lang)
        self.de = doc.lang == "de"
        n = len(self.toks)
        # token range of each sentence
        self.sent_range: dict[int, tuple[int, int]] = {}
        for i, t in enumerate(self.toks):
            a, _ = self.sent_range.get(t.sent, (i, i))
            self.sent_range[t.sent] = (a, i + 1)
        self.starts = [t.start for t in self.toks]
        self.mention_at: list[int] = [-1] * n
        for m_i, m in enumerate(doc.mentions):
            i = bisect.bisect_left(self.starts, m.span.start)
            while i < n and self.toks[i].end <= m.span.end:
                self.mention_at[i] = m_i
                i += 1
        self.in_quote = [False] * n
        self.segments: list[_Segment] = []
        self.seg_open: dict[int, _Segment] = {}
        self.seg_close: dict[int, _Segment] = {}
        self.para_starts = paragraph_starts(self.text)
        self.found: list[_Found] = []
        self.sent_inter: dict[int, Span] = {}  # "wie X berichtet" per sentence
        self.inter_at: dict[int, tuple[int, int, int, int]] = {}  # phrase, outlet tokens
        self.cue_lemma: dict[int, str] = {}  # separable verbs: token -> full lemma

    # -- helpers -------------------------------------------------------------------------
    def span(self, i: int, j: int) -> Span:
        return self.doc.span(self.toks[i].start, self.toks[j - 1].end)

    def mention(self, i: int) -> Mention | None:
        k = self.mention_at[i] if 0 <= i < len(self.toks) else -1
        return self.doc.mentions[k] if k >= 0 else None

    def is_cap(self, t: Token) -> bool:
        return t.kind == "word" and t.text[:1].isupper()

    def is_adj(self, t: Token) -> bool:
        low = _low(t)
        return (
            t.kind == "word"
            and t.text[:1].islower()
            and low not in self.lex.adverbs
            and low not in self.lex.auxiliaries
            and low not in self.lex.medium_preps
            and low not in self.lex.complementizers
            and low not in self.lex.prefield_adverbials
            and (not self.de or low.endswith(("e", "en", "er", "es", "em")))
        )

    def trim(self, a: int, b: int) -> tuple[int, int]:
        """Drop trailing sentence punctuation (outside quotes) and leading commas."""
        while b > a and self.toks[b - 1].kind == "punct" and self.toks[b - 1].text in _END_PUNCT:
            b -= 1
        while a < b and self.toks[a].kind == "punct" and self.toks[a].text in _END_PUNCT:
            a += 1
        return a, b

    # -- 1. quotes -----------------------------------------------------------------------
    def quotes(self) -> None:
        toks, text = self.toks, self.text
        open_i = -1
        open_ch = ""
        chain = 0
        for i, t in enumerate(toks):
            q = _qchar(t)
            new_para = i > 0 and "\n" in text[toks[i - 1].end : t.start]
            if new_para and open_i >= 0:
                # open at the paragraph end: continue only if this paragraph opens a quote
                self.add_segment(open_i, -1, toks[i - 1].end, chain)
                if q in _OPENERS:
                    open_i, open_ch = i, q
                    continue
                open_i = -1
                chain += 1
            if not q:
                continue
            if open_i >= 0 and q in _PAIRS.get(open_ch, ""):
                self.add_segment(open_i, i, t.start, chain)
                open_i = -1
                chain += 1
            elif open_i < 0 and q in _OPENERS and q != "”":
                open_i, open_ch = i, q
        if open_i >= 0:
            self.add_segment(open_i, -1, toks[-1].end, chain)

    def add_segment(self, o: int, c: int, end: int, chain: int) -> None:
        start = self.toks[o].end
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        while end > start and self.text[end - 1] in ",":
            end -= 1  # "…," said X: the comma belongs to the frame
        if end <= start:
            return
        seg = _Segment(o, c, start, end, chain)
        self.segments.append(seg)
        self.seg_open[o] = seg
        if c >= 0:
            self.seg_close[c] = seg
        for k in range(o + 1, c if c >= 0 else len(self.toks)):
            if self.toks[k].start >= end:
                break
            self.in_quote[k] = True

    # -- 2. cues -------------------------------------------------------------------------
    def sentence(self, s: int, a: int, b: int) -> None:
        toks, lex = self.toks, self.lex
        consumed: set[int] = set()
        self.intermediary_phrase(s, a, b, consumed)
        # phrase patterns first: their words are not verbs of their own
        k = a
        while k < b:
            if self.in_quote[k] or k in consumed:
                k += 1
                continue
            if _low(toks[k]) in lex.pattern_firsts or _lem(toks[k]) in lex.pattern_firsts:
                n = self.pattern(s, a, b, k)
                if n:
                    consumed.update(range(k, k + n))
                    k += n
                    continue
            if _low(toks[k]) in lex.so_end and k > a and toks[k - 1].text == ",":
                if self.so_end(s, a, b, k):
                    consumed.add(k)
            k += 1
        for k in range(a, b):
            if self.in_quote[k] or k in consumed:
                continue
            cue = self.verb_cue(k, a, b)
            if cue is not None:
                self.from_verb(s, a, b, cue)
        self.headline_speaker(s, a, b)
        self.dash_signature(s, a, b)

    def headline_speaker(self, s: int, a: int, b: int) -> None:
        """ "Rutte: Europe must rearm" — a named person and a colon open the paragraph."""
        toks = self.toks
        if a > 0 and "\n" not in self.text[toks[a - 1].end : toks[a].start]:
            return
        m = self.mention(a)
        if m is None or m.label != "PER":
            return
        j = a
        while j < b and self.mention(j) is m:
            j += 1
        if j + 1 >= b or toks[j].text != ":":
            return
        if j + 1 in self.seg_open:
            self.direct(self.seg_open[j + 1], s, (j, j + 1), (a, j), j)
            return
        ca, cb = self.trim(j + 1, b)
        if ca < cb:
            self.add(_Found(self.chars(ca, cb), "indirect", (j, j + 1), (a, j), s, j))

    def dash_signature(self, s: int, a: int, b: int) -> None:
        """'"…" ― Jane Doe': a quote signed with a dash and a name."""
        toks = self.toks
        for k in range(a + 1, b - 1):
            if toks[k].text in ("―", "—", "–") and k - 1 in self.seg_close:
                seg = self.seg_close[k - 1]
                spk = self.np_after(k + 1, b)
                if (
                    spk is not None
                    and not seg.used
                    and self.trim(spk[1], b)[0] >= self.trim(spk[1], b)[1]
                ):
                    self.direct(seg, s, (k, k + 1), spk, k)

    def verb_cue(self, k: int, a: int, b: int) -> tuple[int, int, int] | None:
        """(finite verb, cue start, cue end) for a cue at ``k``."""
        toks, lex = self.toks, self.lex
        t = toks[k]
        if t.kind != "word" or (t.text[:1].isupper() and k != a):
            return None  # German nouns and names are capitalised; cue verbs are not
        lem, low = _lem(t), _low(t)
        if not self.de and not self.english_verb(k, a, b):
            return None
        if self.de and k > a and self.participle_adjective(k, b):
            return None
        if lem in lex.by_base:
            for particle, _full in lex.by_base[lem]:
                for p in range(k + 1, min(b, k + 12)):
                    q = toks[p]
                    if q.kind == "punct" or _is_quote(q) or _low(q) in lex.complementizers:
                        break
                    if _low(q) == particle and self.clause_end(p + 1, b):
                        self.cue_lemma[k] = _full
                        return k, k, p + 1
        if lem in lex.verbs or low in lex.verbs:  # also "hinzugefügt", "hervorzuheben"
            return k, k, k + 1
        if (
            low in lex.adjectives
            and k + 1 < b
            and (toks[k + 1].text in ",:" or _low(toks[k + 1]) in lex.complementizers)
        ):
            for c in range(k - 1, max(a, k - 3) - 1, -1):
                if _lem(toks[c]) in lex.copulas and _low(toks[c]) not in ("sich",):
                    return c, c, k + 1
        return None

    def clause_end(self, p: int, b: int) -> bool:
        """A separable particle closes its clause ("gab … an," but not "an Tankstellen")."""
        if p >= b:
            return True
        t = self.toks[p]
        low = _low(t)
        return (
            t.kind == "punct"
            or _is_quote(t)
            or low in self.lex.complementizers
            or low in self.lex.clause_breaks
        )

    def participle_adjective(self, k: int, b: int) -> bool:
        """German "die geforderten Änderungen": an inflected participle before its noun."""
        toks, lex = self.toks, self.lex
        if _low(toks[k - 1]) in lex.determiners:
            return True
        low = _low(toks[k])
        return (
            k + 1 < b
            and self.is_cap(toks[k + 1])
            and low.endswith(("ene", "enen", "ener", "te", "ten", "ter", "tes", "tem"))
            and _low(toks[k - 1]) not in lex.auxiliaries
            and not low.endswith(("ierte", "ete"))
            and low.startswith("ge")
        )

    def english_verb(self, k: int, a: int, b: int) -> bool:
        """English cue words double as nouns and participles: keep the finite uses."""
        toks, lex = self.toks, self.lex
        prev = _low(toks[k - 1]) if k > a else ""
        if prev in lex.determiners or prev in ("'s", "’s", "s", "'", "’"):
            return False  # "the statement", "Trump's claim"
        if k + 1 < b and _low(toks[k + 1]) == "by":
            return False  # passive "written by"
        if _low(toks[k]).endswith("ing") and prev not in lex.auxiliaries and prev != ",":
            return False  # "before asking", "by announcing" (", saying …" is kept)
        return True

    def subject_before(self, a: int, f: int) -> tuple[int, int] | None:
        """English: the noun phrase ending right before the verb ("the spokesman for X")."""
        toks, lex = self.toks, self.lex
        j = f
        while j > a and (_low(toks[j - 1]) in lex.adverbs or _low(toks[j - 1]) in lex.auxiliaries):
            j -= 1
        if j > a and _low(toks[j - 1]) in lex.pronouns:
            return j - 1, j
        if j - 1 > a and toks[j - 1].text == ")":
            # "Rep. Gwen Moore (D-Wis.) said": step over the parenthesis
            k = j - 1
            while k > a and toks[k].text != "(" and j - k < 12:
                k -= 1
            if toks[k].text == "(":
                subj = self.subject_before(a, k)
                return (subj[0], j) if subj else None
        i = j
        while i > a and j - i < 8:
            u = toks[i - 1]
            low = _low(u)
            if u.kind != "word" or self.in_quote[i - 1]:
                if u.text in ("-", "'s", "’s", ".") and i - 1 > a:
                    i -= 1
                    continue
                break
            if self.mention(i - 1) is None and (
                low in lex.np_stops or low in lex.pronouns or low in lex.auxiliaries
            ):
                break
            i -= 1
        while i < j and _low(toks[i]) in lex.prefield_adverbials and self.mention(i) is None:
            i += 1
        if i >= j:
            return None
        return i, j

    # -- 3. speaker ----------------------------------------------------------------------
    def np_after(self, i: int, b: int) -> tuple[int, int] | None:
        toks, lex = self.toks, self.lex
        while i < b and _low(toks[i]) in lex.adverbs:
            i += 1
        if i >= b:
            return None
        t = toks[i]
        if _low(t) in lex.pronouns:
            return i, i + 1
        j = i
        head = False
        linked = False  # inside "des Ministeriums" / "of the physics institute"
        while j < b and j - i < 10:
            u = toks[j]
            low = _low(u)
            m = self.mention(j)
            if m is not None:
                head = True
                while j < b and self.mention(j) is m:
                    j += 1
                continue
            if j in self.seg_open and j > i and _low(toks[j - 1]) in lex.determiners:
                seg = self.seg_open[j]
                if seg.close > j and seg.close - j <= 5:
                    head = True  # die „Automobilwoche“
                    j = seg.close + 1
                    continue
            if u.kind != "word" or self.in_quote[j]:
                break
            if (
                head
                and low in lex.clause_breaks
                and j + 1 < b
                and self.is_cap(toks[j + 1])
                and toks[j - 1].text.endswith("-")
            ):
                j += 1  # "Kongress- und Verteidigungskreise"
                continue
            if ((low in lex.determiners) and (not head or linked)) or (
                self.is_cap(u) and low not in lex.medium_preps
            ):
                head = head or self.is_cap(u)
                j += 1
                continue
            if head and low in lex.source_link and j + 1 < b:
                nxt = toks[j + 1]
                if self.is_cap(nxt) or _low(nxt) in lex.determiners:
                    linked = True
                    j += 1
                    continue
                break
            if self.is_adj(u) and (not head or linked):
                j += 1
                continue
            if (
                not self.de
                and (head is False or linked)
                and u.text[:1].islower()
                and low not in lex.medium_preps
                and low not in lex.np_stops
            ):
                j += 1  # English common nouns: "a spokesman", "officials"
                head = head or low not in lex.determiners
                continue
            break
        return (i, j) if j > i and head else None

    def prefield(self, a: int, f: int) -> tuple[int, int]:
        """The first position before the finite verb ``f``: from the clause start to ``f``."""
        toks = self.toks
        cs = a
        k = f - 1
        while k >= a:
            if toks[k].text == ")":
                # "Rainer Brüderle (FDP) sagte": a parenthesis belongs to the noun phrase
                while k > a and toks[k].text != "(":
                    k -= 1
                k -= 1
                continue
            if (
                toks[k].text in ",:;(–—"
                or _is_quote(toks[k])
                or _low(toks[k]) in self.lex.complementizers
            ):
                cs = k + 1
                break
            k -= 1
        while cs < f and _low(toks[cs]) in self.lex.clause_breaks:
            cs += 1
        return cs, f

    def speaker_for(self, a: int, b: int, f: int, cue_end: int) -> tuple[int, int] | None:
        toks, lex = self.toks, self.lex
        # the finite verb may be an auxiliary before a participle cue ("hat ... gebeten")
        cs, _ = self.prefield(a, f)
        if cs > a and toks[cs - 1].text == "," and _low(toks[cs]) in lex.relatives:
            return None  # "…, den die Zeitung zitiert": a relative clause, not the main clause
        if not self.de:
            if _low(toks[f]).endswith("ing") and f > a and toks[f - 1].text == ",":
                # "Clinton mocked the complaint, saying …": the subject of the sentence
                return self.np_after(a, f)
            if cs == f == a:
                return None  # "Asked about …, X said": a participle clause, not a cue
            if cs == f and f - 2 > a and toks[f - 1].text == "," and not _is_quote(toks[f - 2]):
                # "Richard Roe, director of the institute, said": name plus apposition
                k = f - 2
                while k > a and toks[k].text != "," and not _is_quote(toks[k]) and f - k < 30:
                    k -= 1
                if k > a and toks[k].text == ",":
                    head = self.subject_before(a, k)
                    if head is not None:
                        return head[0], f - 1
                return None
            if cs < f:
                subj = self.subject_before(a, f)
                if (
                    subj
                    and lex.verbs.get(_lem(toks[f]), {}).get("noun")
                    and not _low(toks[f]).endswith("ed")
                ):
                    # "initial reports", "his claims": the word is a noun unless a name,
                    # pronoun or capitalised subject stands before it
                    last = toks[subj[1] - 1]
                    if not (self.is_cap(last) or _low(last) in lex.pronouns):
                        return None
                return subj
        for k in range(cs, f):
            if _low(toks[k]) in lex.auxiliaries:
                f = k
                break
        if f - 1 >= a and _low(toks[f - 1]) in lex.clause_breaks:
            return None  # "… und forderten": the subject belongs to the first conjunct
        cs, fe = self.prefield(a, f)
        if not self.de:
            while fe > cs and (
                _low(toks[fe - 1]) in lex.adverbs or _low(toks[fe - 1]) in lex.auxiliaries
            ):
                fe -= 1
            while (
                cs < fe and _low(toks[cs]) in lex.prefield_adverbials and self.mention(cs) is None
            ):
                cs += 1
        if cs < fe and self.adverbial_prefield(cs, fe):
            cs = fe = f  # "Dies gab Airbus bekannt", "Erst vergangene Woche kündigte X an"
            return self.np_after(max(f + 1, cue_end) if f == cue_end - 1 else f + 1, b)
        if cs < fe:
            first = toks[cs]
            if (
                fe - cs <= _NP_LIMIT
                and (_low(first) not in lex.prefield_adverbials or self.mention(cs) is not None)
                and first.kind == "word"
                and (
                    self.is_cap(first)
                    or _low(first) in lex.pronouns
                    or _low(first) in lex.determiners
                    or not self.de
                )
            ):
                return self.tidy(cs, fe)
        elif cs == fe and fe - 1 > a and toks[fe - 1].text == "," and not _is_quote(toks[fe - 2]):
            # "Der NATO-Generalsekretär, Mark Rutte, sagte" / "Wolfgang Roe, Chef von X, nennt":
            # a subject with an apposition between commas before the verb
            k = fe - 2
            while k > a and toks[k].text != "," and not _is_quote(toks[k]) and fe - k < 30:
                k -= 1
            if k > a and toks[k].text == ",":
                c2, _ = self.prefield(a, k)
                first = toks[c2] if c2 < k else None
                if (
                    first is not None
                    and (self.is_cap(first) or _low(first) in lex.determiners)
                    and _low(first) not in lex.prefield_adverbials
                    and not self.adverbial_prefield(c2, k)
                ):
                    return c2, fe - 1
        after = max(f + 1, cue_end) if f == cue_end - 1 else f + 1
        return self.np_after(after, b)

    def adverbial_prefield(self, i: int, j: int) -> bool:
        """A first position that is no subject: a demonstrative object ("Dies") or a time
        expression ("Erst vergangene Woche", "Am Freitag")."""
        toks, lex = self.toks, self.lex
        if j - i == 1 and _low(toks[i]) in lex.demonstratives:
            return True
        words = [k for k in range(i, j) if toks[k].kind != "punct"]
        return (
            bool(words)
            and all(
                self.date_token(k)
                or _low(toks[k]) in lex.adverbs
                or _lem(toks[k]) in lex.temporal
                or _low(toks[k]) in lex.prefield_adverbials
                or self.is_adj(toks[k])
                for k in words
            )
            and any(self.date_token(k) or _lem(toks[k]) in lex.temporal for k in words)
        )

    def tidy(self, i: int, j: int) -> tuple[int, int]:
        while j > i and self.toks[j - 1].kind == "punct" and self.toks[j - 1].text != ")":
            j -= 1
        return i, j

    # -- 4. content ----------------------------------------------------------------------
    def from_verb(self, s: int, a: int, b: int, cue: tuple[int, int, int]) -> None:
        toks, lex = self.toks, self.lex
        f, c0, c1 = cue
        if self.as_clause(s, a, b, c0, c1):
            return
        spk = self.speaker_for(a, b, f, c1)
        if spk is None:
            # "X sagte …, und fügte hinzu, …": a coordinated cue shares the earlier speaker
            here = toks[c0].start
            earlier = [
                g
                for g in self.found
                if g.sentence == s
                and g.speaker
                and g.pos < c0
                and not g.content[0] <= here < g.content[1]
            ]
            if not earlier:
                return  # no speaker, no attribution: too often a false cue
            spk = earlier[-1].speaker
        block0 = min(c0, spk[0]) if spk else c0
        block1 = max(c1, spk[1]) if spk else c1
        # speaker after a participle cue? then the speaker is inside the middle field
        if spk and spk[0] > c1:
            block1 = spk[1]
        # 4a. quote right before: „…“, sagte X / "…," X said
        k = block0 - 1
        while k >= a and toks[k].kind == "punct" and toks[k].text in ",–—":
            k -= 1
        if k >= a and k in self.seg_close:
            seg = self.seg_close[k]
            self.direct(seg, s, (c0, c1), spk, f)
            return
        # 4b. quote right after: X sagte: „…“ (adverbials may sit between)
        for p in range(block1, b):
            u = toks[p]
            if p in self.seg_open:
                self.direct(self.seg_open[p], s, (c0, c1), spk, f)
                return
            if u.text in ".;!?" or _low(u) in lex.complementizers:
                break
            if u.text in ",:" and p + 1 < b and p + 1 in self.seg_open:
                self.direct(self.seg_open[p + 1], s, (c0, c1), spk, f)
                return
            if u.text in ",:":
                break
        # 4c. cue and speaker close the sentence: "…, sagte er." / "…, he said."
        if self.closes_sentence(spk, c0, c1, b) and block0 > a and toks[block0 - 1].text == ",":
            ca, cb = self.trim(self.lead_skip(a, block0), block0 - 1)
            if ca < cb:
                self.add(_Found(self.chars(ca, cb), "indirect", (c0, c1), spk, s, c0))
            return
        # 4d. clause after the cue
        sep = -1
        for p in range(block1, b):
            u = toks[p]
            if _low(u) in lex.complementizers or u.text in ",:" or p in self.seg_open:
                sep = p
                break
        form: Form = "indirect"
        if sep >= 0 and toks[sep].text == ",":
            start = sep + 1
        elif sep >= 0 and toks[sep].text == ":":
            gap = [p for p in range(block1, sep) if _low(toks[p]) not in lex.adverbs]
            start = gap[0] if gap and _low(toks[gap[0]]) in lex.determiners else sep + 1
        elif sep >= 0:
            start = sep
        else:
            start = block1
            info = lex.verbs.get(self.cue_lemma.get(c0, _lem(toks[c0])), {})
            if info.get("addressee"):
                obj = self.np_after(start, b)
                if obj:
                    start = obj[1]
            if self.de and not info.get("np"):
                return  # "bittet Putin": an object, not a statement
            if c1 - c0 > 1 and (not spk or spk[1] <= c1):
                # "wies die Vorwürfe zurück": the object sits between verb and particle
                start = max(c0 + 1, spk[1] if spk and spk[0] > c0 else c0 + 1)
                ca, cb = self.middle_field(start, c1 - 1)
                if ca < cb:
                    self.add(_Found(self.chars(ca, cb), "reported", (c0, c1), spk, s, c0))
                return
            form = "reported" if self.de or info.get("np") else "indirect"
            while start < b and _low(toks[start]) in lex.adverbs:
                start += 1
        ca, cb = self.trim(start, b)
        if ca >= cb and self.de and spk and block0 > a:
            # "Trump hatte ... die Gespräche gelobt": the object sits before the participle
            ca, cb = self.middle_field(spk[1], c0)
            form = "reported"
        if ca < cb:
            self.add(_Found(self.chars(ca, cb), form, (c0, c1), spk, s, c0))

    def closes_sentence(self, spk: tuple[int, int] | None, c0: int, c1: int, b: int) -> bool:
        """Cue and speaker are adjacent and only adverbials, dates or a medium follow."""
        if spk is not None:
            lo, hi = (spk[1], c0) if spk[0] < c0 else (c1, spk[0])
            if any(_low(self.toks[k]) not in self.lex.adverbs for k in range(lo, hi)):
                return False
        end = max(c1, spk[1]) if spk else c1
        rest = self.middle_field(end, b)
        if rest[0] >= rest[1]:
            return True
        # a short adverbial with no clause of its own: "…, sagte er am Dienstag in Berlin."
        toks = self.toks
        return (
            rest[1] - rest[0] <= 6
            and _low(toks[rest[0]]) in self.lex.prefield_adverbials
            and not any(
                toks[k].text in ",:"
                or _low(toks[k]) in self.lex.complementizers
                or k in self.seg_open
                for k in range(rest[0], rest[1])
            )
        )

    def as_clause(self, s: int, a: int, b: int, c0: int, c1: int) -> bool:
        """ "…, wie Alan Stern betont." / "…, as the mayor said.": the speaker sits between
        "wie"/"as" and a cue that closes the sentence; the content is what comes before."""
        toks, lex = self.toks, self.lex
        cs = -1
        for k in range(c0 - 1, max(a, c0 - 16), -1):
            if _low(toks[k]) in lex.inter_lead and toks[k - 1].text == ",":
                cs = k
                break
            if toks[k].text in ":;" or _is_quote(toks[k]) or _low(toks[k]) in lex.complementizers:
                break
        if cs < 0 or c0 - cs < 2 or not self.closes_sentence(None, c0, c1, b):
            return False
        # "wie Alan Stern, Direktor des …, betont": the name before the apposition
        end = next((k for k in range(cs + 1, c0) if toks[k].text == ","), c0)
        spk = self.np_after(cs + 1, end) or self.tidy(cs + 1, end)
        if _low(toks[spk[0]]) in lex.determiners and spk[1] - spk[0] == 1:
            return False
        q = cs - 2
        if q >= a and q in self.seg_close:
            self.direct(self.seg_close[q], s, (c0, c1), spk, c0)
            return True
        ca, cb = self.trim(self.lead_skip(a, cs - 1), cs - 1)
        if ca < cb:
            self.add(_Found(self.chars(ca, cb), "indirect", (c0, c1), spk, s, c0))
        return True

    def middle_field(self, i: int, j: int) -> tuple[int, int]:
        toks, lex = self.toks, self.lex
        i, j = self.trim(i, j)
        while i < j and (
            _low(toks[i]) in lex.adverbs
            or _low(toks[i]) in lex.auxiliaries
            or self.medium_at(i, j) is not None
            or self.date_token(i)
        ):
            med = self.medium_at(i, j)
            i = med[1] if med else i + 1
        return self.trim(i, j)

    def date_token(self, i: int) -> bool:
        t = self.toks[i]
        return any(d.span.start <= t.start < d.span.end for d in self.dates_of(t.sent))

    def lead_skip(self, a: int, b: int) -> int:
        """Skip a leading "Politico:" so the content starts after it."""
        m = self.mention(a)
        if m is not None and m.label == "MEDIA":
            i = a
            while i < b and self.mention(i) is m:
                i += 1
            if i < b and self.toks[i].text == ":":
                return i + 1
        return a

    def chars(self, i: int, j: int) -> tuple[int, int]:
        return self.toks[i].start, self.toks[j - 1].end

    def direct(
        self,
        seg: _Segment,
        s: int,
        cue: tuple[int, int] | None,
        spk: tuple[int, int] | None,
        pos: int,
    ) -> None:
        for other in self.segments:
            if other.chain == seg.chain and not other.used:
                other.used = True
                sent = self.toks[min(other.open + 1, len(self.toks) - 1)].sent
                self.add(
                    _Found(
                        (other.start, other.end),
                        "direct",
                        cue,
                        spk,
                        sent if other is not seg else s,
                        other.open,
                    )
                )
        seg.used = True

    def add(self, f: _Found) -> None:
        if f.cue and f.cue[1] - f.cue[0] > 1 and f.cue[0] in self.cue_lemma:
            c0, c1 = f.cue
            # a separable verb whose particle is far away: the cue must not swallow the content
            if self.toks[c0].start < f.content[1] and f.content[0] < self.toks[c1 - 1].end:
                f.cue = (c0, c0 + 1)
        self.found.append(f)

    # -- reported patterns ---------------------------------------------------------------
    def match_seq(self, k: int, b: int, seq: tuple[str, ...]) -> bool:
        if k + len(seq) > b:
            return False
        return all(
            _low(self.toks[k + n]) == w or _lem(self.toks[k + n]) == w for n, w in enumerate(seq)
        )

    def pattern(self, s: int, a: int, b: int, k: int) -> int:
        lex, toks = self.lex, self.toks
        for seq in lex.impersonal:
            if self.match_seq(k, b, seq):
                # "In einer Erklärung heißt es, …": the first position names the source
                n = len(seq)
                cs, _ = self.prefield(a, k)
                src = (cs, k) if cs < k and not self.adverbial_prefield(cs, k) else None
                ca, cb = self.sides(a, b, cs, k + n)
                if ca < cb:
                    self.add(_Found(self.chars(ca, cb), "reported", (k, k + n), src, s, k))
                return n
        if _low(toks[k]) in lex.anaphoric:
            # "Demnach …": the source named just before
            ca, cb = self.sides(a, b, k, k + 1)
            if ca < cb:
                f = _Found(self.chars(ca, cb), "reported", (k, k + 1), (k, k + 1), s, k)
                f.speaker_label = "ANAPH"
                self.add(f)
            return 1
        if _low(toks[k]) in lex.source_preps and not any(
            self.match_seq(k, b, q) for q in lex.source_after
        ):
            # "nach jüngsten Untersuchungen", "nach Schätzungen der Polizei"
            j = k + 1
            while (
                j < b and j - k <= 3 and (self.is_adj(toks[j]) or _low(toks[j]) in lex.determiners)
            ):
                j += 1
            if j < b and (_lem(toks[j]) in lex.source_nouns or _low(toks[j]) in lex.source_nouns):
                src: tuple[int, int] | None = (k + 1, j + 1)
                end = j + 1
                if end < b and _low(toks[end]) in lex.source_link | lex.source_skip:
                    linked = self.np_after(end + (_low(toks[end]) in lex.source_skip), b)
                    if linked:
                        src, end = linked, linked[1]
                ca, cb = self.sides(a, b, k, end, whole_if_middle=True)
                if ca < cb:
                    self.add(_Found(self.chars(ca, cb), "reported", (k, j + 1), src, s, k))
                return end - k
            return 0
        for seq in lex.unnamed:
            if self.match_seq(k, b, seq):
                n = len(seq)
                ca, cb = self.sides(a, b, k, k + n, whole_if_middle=True)
                if ca < cb:
                    self.add(_Found(self.chars(ca, cb), "reported", (k, k + n), None, s, k))
                return n
        for seq in lex.source_after:
            if self.match_seq(k, b, seq):
                n = len(seq)
                i = k + n
                if i < b and _low(toks[i]) in lex.source_skip:
                    i += 1
                src = self.np_after(i, b)
                if src is None:
                    return 0
                ca, cb = self.sides(a, b, k, src[1], whole_if_middle=True)
                if ca < cb:
                    self.add(_Found(self.chars(ca, cb), "reported", (k, k + n), src, s, k))
                return n
        for seq in lex.source_before:
            if self.match_seq(k, b, seq):
                src = self.np_before(a, k)
                if src is None:
                    return 0
                ca, cb = self.sides(a, b, src[0], k + len(seq), whole_if_middle=True)
                if ca < cb:
                    self.add(_Found(self.chars(ca, cb), "reported", (k, k + len(seq)), src, s, k))
                return len(seq)
        return 0

    def np_before(self, a: int, k: int) -> tuple[int, int] | None:
        toks, lex = self.toks, self.lex
        i = k
        head = False
        while i > a and k - i < 8:
            u = toks[i - 1]
            low = _low(u)
            if u.kind != "word":
                break
            if self.is_cap(u) or self.mention(i - 1) is not None:
                head = True
            elif low in lex.determiners or low in lex.source_link or self.is_adj(u):
                pass
            else:
                break
            i -= 1
        while i < k and _low(toks[i]) in lex.prefield_adverbials and self.mention(i) is None:
            i += 1
        return (i, k) if head and i < k else None

    def sides(
        self, a: int, b: int, p0: int, p1: int, whole_if_middle: bool = False
    ) -> tuple[int, int]:
        """Content around a phrase at ``[p0, p1)``: what follows it, or what precedes it."""
        a = self.lead_skip(a, b)
        for k in range(p0 - 1, a - 1, -1):
            if self.toks[k].text in ":;":  # "…: Berichten zufolge …" starts a clause of its own
                a = k + 1
                break
        before = self.trim(a, p0)
        after = self.trim(p1, b)
        if before[0] >= before[1]:
            return after
        if after[0] >= after[1]:
            return before
        if whole_if_middle:
            return self.trim(a, b)
        return after if after[1] - after[0] >= before[1] - before[0] else before

    def so_end(self, s: int, a: int, b: int, k: int) -> bool:
        """ "…, so Russlands Präsident." — the speaker closes the sentence."""
        src = self.np_after(k + 1, b)
        if src is None or self.trim(src[1], b)[0] < self.trim(src[1], b)[1]:
            return False
        q = k - 2
        if q >= a and q in self.seg_close:
            self.direct(self.seg_close[q], s, (k, k + 1), src, k)
            return True
        ca, cb = self.trim(self.lead_skip(a, k), k - 1)
        if ca < cb:
            self.add(_Found(self.chars(ca, cb), "indirect", (k, k + 1), src, s, k))
        return True

    def intermediary_phrase(self, s: int, a: int, b: int, consumed: set[int]) -> None:
        """ "Wie Sky News berichtet, …" / "as Politico reported": the outlet passing it on."""
        toks, lex = self.toks, self.lex
        for k in range(a, b):
            if _low(toks[k]) not in lex.inter_lead or self.in_quote[k]:
                continue
            i = k + 1
            while i < b and (_low(toks[i]) in lex.inter_skip or _low(toks[i]) in lex.determiners):
                i += 1
            m = self.mention(i)
            j = i
            if m is not None and m.label in ("MEDIA", "ORG"):
                while j < b and self.mention(j) is m:
                    j += 1
            while j < b and _low(toks[j]) in lex.inter_skip:
                j += 1
            if (
                j > i
                and j < b
                and (_low(toks[j]) in lex.inter_verbs or _lem(toks[j]) in lex.inter_verbs)
            ):
                n = i + sum(1 for x in range(i, j) if self.mention(x) is m)
                self.sent_inter[s] = self.span(i, n)
                self.inter_at[s] = (k, j + 1, i, n)
                consumed.update(range(k, j + 1))
                return

    # -- 5. medium, intermediary, date, speaker names --------------------------------------
    def medium_at(self, i: int, b: int) -> tuple[int, int] | None:
        toks, lex = self.toks, self.lex
        if _low(toks[i]) not in lex.medium_preps:
            return None
        j = self.medium_head(i + 1, b)
        if j is None:
            return None
        while j < b:
            m = self.mention(j)
            if m is not None and m.label in ("MEDIA", "MISC", "ORG", "PER"):
                while j < b and self.mention(j) is m:
                    j += 1
                continue
            if _low(toks[j]) in lex.medium_nouns:
                j += 1  # "press conference"
                continue
            if _low(toks[j]) in lex.medium_links or _low(toks[j]) in lex.medium_preps:
                nxt = self.medium_head(j + 1, b)
                if nxt is None:
                    break
                j = nxt
                continue
            break
        return i, j

    def medium_head(self, i: int, b: int) -> int | None:
        """End of a medium noun or platform/outlet within 3 tokens of ``i``."""
        toks, lex = self.toks, self.lex
        for p in range(i, min(b, i + 3)):
            m = self.mention(p)
            if m is not None and m.label in ("MEDIA", "MISC"):
                j = p
                while j < b and self.mention(j) is m:
                    j += 1
                return j
            if _low(toks[p]) in lex.medium_nouns or _lem(toks[p]) in lex.medium_nouns:
                return p + 1
            if toks[p].kind != "word" or (
                _low(toks[p]) not in lex.medium_links and not self.is_adj(toks[p]) and self.de
            ):
                return None
        return None

    def dates_of(self, s: int) -> list[DateMention]:
        return self.dates_by_sent.get(s, [])

    def finish(self) -> list[Attribution]:
        toks, doc = self.toks, self.doc
        self.found.sort(key=lambda f: (f.content[0], f.pos))
        # drop duplicates: a quote chain seen from two cues
        seen: set[tuple[int, int]] = set()
        found: list[_Found] = []
        for f in self.found:
            if f.content in seen:
                continue
            seen.add(f.content)
            found.append(f)
        found.sort(key=lambda f: (f.sentence, f.pos))
        for f in found:
            a, b = self.sent_range[f.sentence]
            f.medium = self.medium_for(f, a, b)
            self.name_speaker(f)
        self.resolve_pronouns(found)
        self.assign_intermediaries(found)
        out = []
        for f in found:
            date = None
            for d in self.dates_of(f.sentence):
                if not (f.content[0] <= d.span.start < f.content[1]):
                    date = d
                    break
            out.append(
                Attribution(
                    content=doc.span(*f.content),
                    form=f.form,
                    cue=self.span(*f.cue) if f.cue else None,
                    speaker=self.span(*f.speaker) if f.speaker else None,
                    speaker_name=f.speaker_name,
                    speaker_ref=f.speaker_ref,
                    medium=self.span(*f.medium) if f.medium else None,
                    intermediary=f.intermediary,
                    date=date,
                    sentence=f.sentence,
                )
            )
        del toks
        return out

    def medium_for(self, f: _Found, a: int, b: int) -> tuple[int, int] | None:
        toks = self.toks
        c0, c1 = f.content
        for i in range(a, b):
            if c0 <= toks[i].start < c1:
                continue
            med = self.medium_at(i, b)
            if med is not None and not (c0 <= toks[med[1] - 1].start < c1):
                return med
        # "told Reuters" / "sagte gegenüber Bloomberg": an outlet right after the cue
        if f.cue:
            m = self.mention(f.cue[1])
            if m is not None and m.label == "MEDIA" and not (c0 <= m.span.start < c1):
                i = f.cue[1]
                j = i
                while j < b and self.mention(j) is m:
                    j += 1
                return i, j
        return None

    def name_speaker(self, f: _Found) -> None:
        if f.speaker is None:
            return
        i, j = f.speaker
        best: Mention | None = None
        for k in range(i, j):
            m = self.mention(k)
            if m is None or m is best:
                continue
            if k - 1 > i and _low(self.toks[k - 1]) in self.lex.source_link:
                break  # "Der Sprecher von Angela Merkel" is not Angela Merkel
            # the head of "Stein spokeswoman Melezia Figueroa" is the last name
            if best is None or m.label == "PER" or best.label != "PER":
                best = m
        whole = best is not None and (
            best.label == "PER"
            or all(
                self.mention(k) is best or _low(self.toks[k]) in self.lex.determiners
                for k in range(i, j)
            )
        )
        if best is not None and best.label != "LOC" and whole:
            f.speaker_name = best.name
            f.speaker_label = best.label
            if best.name != best.span.text:
                f.speaker_ref = self.first_named.get(best.name)
            return
        f.speaker_name = self.bare_name(i, j) or self.span(i, j).text
        if j - i == 1 and _low(self.toks[i]) in self.lex.pronouns:
            f.speaker_label = "PRON"

    def bare_name(self, i: int, j: int) -> str | None:
        """A speaker starting with two or three capitalised words and no article is a name
        the gazetteers do not know ("Sascha Kempf vom Institut …")."""
        toks, lex = self.toks, self.lex
        if _low(toks[i]) in lex.determiners:
            return None
        k = i
        while (
            k < j and k - i < 3 and self.is_cap(toks[k]) and any(c.islower() for c in toks[k].text)
        ):
            k += 1
        if k - i < 2 or (k < j and self.is_cap(toks[k])):
            return None
        return self.span(i, k).text

    def resolve_pronouns(self, found: list[_Found]) -> None:
        by_sent: dict[int, list[_Found]] = {}
        for f in found:
            by_sent.setdefault(f.sentence, []).append(f)
        for n, f in enumerate(found):
            if f.speaker_label == "ANAPH":
                # "Demnach": the last source named within two sentences
                prev = [
                    g
                    for g in found[:n]
                    if g.speaker_name
                    and g.speaker_label != "ANAPH"
                    and f.sentence - g.sentence <= 2
                ]
                if prev and prev[-1].speaker:
                    f.speaker_name = prev[-1].speaker_name
                    f.speaker_ref = prev[-1].speaker_ref or self.span(*prev[-1].speaker)
                continue
            if f.speaker_label != "PRON" or f.speaker is None:
                continue
            info = self.lex.pronouns.get(_low(self.toks[f.speaker[0]]), {})
            if info.get("first") or info.get("number") == "pl":
                continue  # "ich" / "we" outside quotes: leave as written
            gender = str(info.get("gender", ""))
            ref = self.antecedent(f, gender, by_sent)
            if ref is not None:
                f.speaker_name, f.speaker_ref = ref

    def fits(self, name: str, gender: str) -> bool:
        g = person_gender(self.doc.lang, name)
        return not g or not gender or g == gender

    def antecedent(
        self, f: _Found, gender: str, by_sent: dict[int, list[_Found]]
    ) -> tuple[str, Span | None] | None:
        for s in range(f.sentence, max(-1, f.sentence - _BACK_SENTENCES), -1):
            for g in by_sent.get(s, []):
                if s == f.sentence and g.pos >= f.pos:
                    continue
                if g.speaker_label in ("PER", "PRON", None) and g.speaker_name and g is not f:
                    if g.speaker_label is None and not self.looks_named(g):
                        continue
                    if g.speaker_label == "PRON" and g.speaker_ref is None:
                        continue
                    if self.fits(g.speaker_name, gender):
                        ref = g.speaker_ref if g.speaker_label == "PRON" else None
                        if ref is None and g.speaker:
                            ref = self.first_named.get(g.speaker_name) or self.span(*g.speaker)
                        return g.speaker_name, ref
            if s == f.sentence:
                continue
            for m in self.per_by_sent.get(s, []):
                if self.fits(m.name, gender):
                    return m.name, self.first_named.get(m.name, m.span)
        return None

    def looks_named(self, g: _Found) -> bool:
        """An unrecognised speaker that is a bare capitalised name ("Putin")."""
        if g.speaker is None:
            return False
        i, j = g.speaker
        return j - i <= 2 and all(
            self.is_cap(self.toks[k]) and _low(self.toks[k]) not in self.lex.determiners
            for k in range(i, j)
        )

    def assign_intermediaries(self, found: list[_Found]) -> None:
        # "wie Sky News berichtet" names the outlet for its sentence
        for f in found:
            inter = self.sent_inter.get(f.sentence)
            if inter is not None and f.speaker and self.span(*f.speaker) != inter:
                f.intermediary = inter
        # an outlet as speaker passes on what its content quotes: "Politico reported that X said"
        for outer in found:
            if outer.speaker_label == "MEDIA" and outer.speaker:
                for inner in found:
                    if inner is not outer and inner.intermediary is None and inner.cue:
                        if outer.content[0] <= self.toks[inner.cue[0]].start < outer.content[1]:
                            inner.intermediary = self.span(*outer.speaker)
        # "Politico: …" opening a paragraph, carried on while the same speakers go on
        by_para: dict[int, list[_Found]] = {}
        for f in found:
            by_para.setdefault(paragraph_of(self.para_starts, f.content[0]), []).append(f)
        carried: Span | None = None
        speakers: set[str] = set()
        last_para = -2
        for p in sorted(by_para):
            lead = self.leads.get(p)
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

    def run(self) -> list[Attribution]:
        if not self.toks or not self.lex.verbs:
            return []
        self.dates_by_sent: dict[int, list[DateMention]] = {}
        sent_starts = [
            self.toks[a].start for a, _ in (self.sent_range[s] for s in sorted(self.sent_range))
        ]
        sent_ids = sorted(self.sent_range)
        for d in self.doc.dates:
            idx = bisect.bisect_right(sent_starts, d.span.start) - 1
            if idx >= 0:
                self.dates_by_sent.setdefault(sent_ids[idx], []).append(d)
        self.per_by_sent: dict[int, list[Mention]] = {}
        self.first_named: dict[str, Span] = {}
        for m in self.doc.mentions:
            if m.label == "PER":
                i = bisect.bisect_left(self.starts, m.span.start)
                if i < len(self.toks):
                    self.per_by_sent.setdefault(self.toks[i].sent, []).append(m)
                if m.span.text == m.name:
                    self.first_named.setdefault(m.name, m.span)
        # paragraphs opened by an outlet and a colon
        self.leads: dict[int, Span] = {}
        for m in self.doc.mentions:
            if m.label == "MEDIA" and (m.span.start == 0 or self.text[m.span.start - 1] == "\n"):
                i = bisect.bisect_left(self.starts, m.span.end)
                if i < len(self.toks) and self.toks[i].text == ":":
                    self.leads[paragraph_of(self.para_starts, m.span.start)] = m.span
        self.quotes()
        for s in sorted(self.sent_range):
            a, b = self.sent_range[s]
            self.sentence(s, a, b)
        self.standalone_quotes()
        self.free_indirect()
        self.outlet_reports()
        return self.finish()

    def subjunctive(self, t: Token) -> bool:
        low, lem = _low(t), _lem(t)
        if t.kind != "word" or not t.text[:1].islower() or low in self.lex.not_subjunctive:
            return False
        return low in self.lex.subjunctive or (
            lem.endswith("en") and low == lem[:-1] and len(low) > 3
        )

    def free_indirect(self) -> None:
        """German reported speech goes on in the subjunctive without a new cue:
        "Er sagte, die Lage sei ernst. Man habe alles versucht." — the second sentence too."""
        if not self.lex.subjunctive:
            return
        last: dict[int, _Found] = {}
        for f in self.found:
            if f.speaker and f.cue and f.form != "reported":
                if f.sentence not in last or last[f.sentence].pos < f.pos:
                    last[f.sentence] = f
        have = {f.sentence for f in self.found}
        sents = sorted(self.sent_range)
        for prev, s in zip(sents, sents[1:], strict=False):
            src = last.get(prev)
            if src is None or s in have:
                continue
            a, b = self.sent_range[s]
            if any(self.in_quote[k] for k in range(a, b)) or not any(
                self.subjunctive(self.toks[k]) for k in range(a, b)
            ):
                continue
            if (
                paragraph_of(self.para_starts, self.toks[a].start)
                - paragraph_of(self.para_starts, src.content[0])
                > 1
            ):
                continue
            # another named person in the sentence is likely its own subject
            src_name = self.mention(src.speaker[0]) if src.speaker else None
            others = [
                k
                for k in range(a, b)
                if (m := self.mention(k)) is not None
                and m.label == "PER"
                and m is not src_name
                and (src_name is None or m.name != src_name.name)
            ]
            if others:
                continue
            ca, cb = self.trim(a, b)
            if ca < cb:
                g = _Found(self.chars(ca, cb), "indirect", None, src.speaker, s, a)
                self.add(g)
                last[s] = _Found(g.content, g.form, src.cue, src.speaker, s, a)

    def outlet_reports(self) -> None:
        """ "Wie Reuters berichtet, …" with no other speaker: the outlet is the source."""
        have = {f.sentence for f in self.found}
        for s, (p0, p1, o0, o1) in self.inter_at.items():
            if s in have:
                continue
            a, b = self.sent_range[s]
            ca, cb = self.sides(a, b, p0, p1)
            if ca < cb:
                self.add(_Found(self.chars(ca, cb), "reported", (p1 - 1, p1), (o0, o1), s, p0))

    def standalone_quotes(self) -> None:
        """A quote standing as its own sentence continues the last speaker before it."""
        toks = self.toks
        for seg in self.segments:
            if seg.used:
                continue
            if any(f.content[0] <= seg.start < f.content[1] for f in self.found):
                continue  # a partial quote inside reported speech
            s = toks[seg.open].sent
            a, _ = self.sent_range[s]
            words = sum(
                1
                for k in range(seg.open, len(toks))
                if toks[k].start < seg.end and toks[k].kind == "word"
            )
            if words < 4 or (seg.open != a and toks[seg.open - 1].text != ":"):
                continue
            prev = [
                f
                for f in self.found
                if f.pos < seg.open
                and f.speaker
                and f.form != "reported"
                and f.cue
                and s - f.sentence <= 3
            ]
            if not prev:
                continue
            last = max(prev, key=lambda f: f.pos)
            chain = [o for o in self.segments if o.chain == seg.chain and not o.used]
            for o in chain:
                o.used = True
                self.add(
                    _Found(
                        (o.start, o.end),
                        "direct",
                        None,
                        last.speaker,
                        toks[o.open + 1].sent if o.open + 1 < len(toks) else s,
                        o.open,
                    )
                )


@component(
    "find_attributions",
    requires=("tokens", "lemmas", "mentions", "dates"),
    assigns=("attributions",),
)
def find_attributions(doc: Document) -> Document:
    """Direct quotes, indirect and reported speech with speaker, cue, medium and intermediary."""
    doc.attributions = _Extractor(doc).run()
    return doc
