"""Figures: numbers an article reports, normalised, with what they count, when, and who says so.

Conventions (what a :class:`~quotetrail.model.Figure` holds):

- ``span`` is the whole number expression: comparator, number, scale word and unit —
  "über 20.000", "mehr als eine Million", "1,5 Mio. Euro", "30 Prozent", "$3bn", "Tausende".
  The unit is inside the span because it is part of the quantity; what is counted is not.
- ``value`` is a float ("1,5 Mio." -> 1500000). Ranges ("zwischen 10 und 20", "10 bis 20") give the
  low end in ``value`` and the high end in ``value_high``, with the comparator of the whole
  ("=" unless one stands before). "fast"/"nearly" read as "<" (just under), "bis zu"/"up to" as "<=".
- Plural quantity words with no number ("Tausende", "thousands", "mehrere Millionen") have
  ``value`` None and comparator "unspecific"; their order of magnitude is in the span and
  :func:`magnitude` recovers it (1000 for "Tausende"), so no guessed number is stored.
- Durations ("30 Tage") are figures: they are counted like anything else ("Tage").
  Calendar dates, years standing alone ("2025", "1980er"), clock times ("03:30", "15 Uhr"),
  German ordinals ("am 22."), labels ("Artikel 5", "F-16") and numbers inside a time-scope
  phrase ("in den vergangenen 24 Stunden") are not.
- ``counted`` is the noun phrase after the number ("ukrainische Soldaten"), extended over a
  coordinated or passive participle predicate ("Menschen getötet oder verletzt"), or, when the
  noun is the subject of a finite auxiliary or modal, up to the verb that closes the clause
  ("Menschen mussten dafür später fliehen", "people have been killed"). Spans are contiguous.
- ``scope``: a time-scope phrase in the same clause (data patterns plus the sentence's dates);
  ``hedge``: the nearest hedge in the sentence ("Berichten zufolge", "laut ...", "reportedly");
  ``attribution``: the attribution whose content contains the figure.

All words are data: ``lang/<code>/figures.json``. Regexes are compiled once per language.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from quotetrail import lang as langdata
from quotetrail.analysis.pipeline import component
from quotetrail.analysis.spans import SpanIndex
from quotetrail.model import Document, Figure, Span

__all__ = ["Parsed", "find_figures", "magnitude", "parse_figure", "parse_number"]

Comparator = Literal["=", ">", ">=", "<", "<=", "~", "unspecific"]

# spaces inside one expression: no line breaks (a scraped line break ends a paragraph)
_W = r"[ \t\u00a0\u202f]+"
_WO = r"[ \t\u00a0\u202f]*"  # optional space (not "_W?", which would make "+" lazy)
# "20.000", "1,5", and space-grouped thousands as French, Polish or Russian write them ("20 000")
_DIGITS = r"\d{1,3}(?: \d{3})+(?![\d.,])|\d+(?:[.,\u00a0\u202f]\d+)*"
_TOKEN = re.compile(
    r"(?P<w>[^\W\d_](?:[\w'’-]*\w)?)|(?P<n>\d+(?:[.,]\d+)*)|(?P<nl>\n)|(?P<p>[^\w\s])"
)
_CLAUSE_BREAK = re.compile(r"[;:()\[\]–—\n]|,(?!\d)|\s-\s")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A number expression, normalised."""

    value: float | None
    comparator: Comparator = "="
    value_high: float | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "w", "n", "nl", "p"
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.casefold()


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest first, spaces inside a phrase matching any run of spaces."""
    items = sorted({w for w in words if w}, key=len, reverse=True)
    if not items:
        return r"(?!x)x"  # matches nothing: the language has no such words
    return "|".join(_W.join(re.escape(p) for p in w.split()) for w in items)


def _cf(d: dict[str, Any]) -> dict[str, Any]:
    return {" ".join(k.casefold().split()): v for k, v in d.items() if not k.startswith("_")}


def _words(items: list[str] | None) -> frozenset[str]:
    """A word list compared with casefolded tokens: casefolded too ("straße" -> "strasse")."""
    return frozenset(w.casefold() for w in items or [])


class _Grammar:
    """The compiled number grammar and word lists of one language."""

    def __init__(self, lang: str) -> None:
        data: dict[str, Any] = langdata.load(lang, "figures") or {}
        self.lang = lang
        self.decimal: str = data.get("decimal", "")
        self.group: str = data.get("group", "")
        self.numbers: dict[str, float] = _cf(data.get("numbers", {}))
        self.joiners: list[str] = list(data.get("joiners", []))
        self.compound: bool = bool(data.get("compound_numbers", False))
        self.articles = frozenset(w.casefold() for w in data.get("articles", []))
        self.scales: dict[str, float] = _cf(data.get("scales", {}))
        self.scales_attached: dict[str, float] = _cf(data.get("scales_attached", {}))
        self.unspecific: dict[str, float] = _cf(data.get("unspecific", {}))
        self.vague = frozenset(" ".join(w.casefold().split()) for w in data.get("vague_leads", []))
        self.comparators: dict[str, Comparator] = _cf(data.get("comparators", {}))
        self.units_before: dict[str, str] = _cf(data.get("units_before", {}))
        self.units_after: dict[str, str] = _cf(data.get("units_after", {}))
        self.range_not_after = _words(data.get("range_not_after"))
        self.ordinal_period: bool = bool(data.get("ordinal_period", False))
        self.ordinal_before = _words(data.get("ordinal_before"))
        self.year_before = _words(data.get("year_before"))
        self.year_next_noun: str = data.get("year_next_noun", "")
        # German: nouns are capitalised, participles close the clause (verb-final order)
        self.nouns_capitalised: bool = bool(data.get("nouns_capitalised", False))
        self.year_next_stop = _words(data.get("year_next_stop"))
        self.time_after = _words(data.get("time_after"))
        self.time_before = _words(data.get("time_before"))
        self.label_before = _words(data.get("label_before"))
        self.months = _words(data.get("months"))
        self.np_skip = [tuple(s.casefold().split()) for s in data.get("np_skip", [])]
        self.np_skip.sort(key=len, reverse=True)
        self.np_stop = _words(data.get("np_stop"))
        self.participle_coord = _words(data.get("participle_coord"))
        self.participle_irregular = _words(data.get("participle_irregular"))
        self.passive_aux = _words(data.get("passive_aux"))
        self.plural_irregular = _words(data.get("plural_irregular"))
        self.plural_suffixes = tuple(data.get("plural_suffixes", []))
        self.participle_suffixes = tuple(data.get("participle_suffixes", []))
        self.adjective_endings = tuple(data.get("adjective_endings", []))
        self.adverb_suffixes = tuple(data.get("adverb_suffixes", []))
        self.plural_not = tuple(data.get("plural_not", []))
        self.finite_aux = _words(data.get("finite_aux"))
        self.predicate_gap: int = int(data.get("predicate_gap", 0))
        self.clause_words = _words(data.get("clause_breaks"))
        self.scope_preps = _words(data.get("scope_preps"))
        self.reportative = _words(data.get("reportative_modals"))
        self.reportative_end = _words(data.get("reportative_end"))
        self.hedge_max: int = int(data.get("hedge_source_max", 5))
        self.expr = self._compile_expr()
        self.firsts = self._compile_firsts()
        self.word_morph = re.compile(_alt(list(self.numbers) + self.joiners), re.IGNORECASE)
        patterns = data.get("scope_patterns", [])
        self.scope = (
            re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)
            if patterns
            else None
        )
        hedges = data.get("hedges", [])
        self.hedge = (
            re.compile(r"(?<!\w)(?:" + _alt(hedges) + r")(?!\w)", re.IGNORECASE) if hedges else None
        )
        after = data.get("hedge_source_after", [])
        self.hedge_after = (
            re.compile(r"(?<!\w)(?:" + _alt(after) + r")(?!\w)", re.IGNORECASE) if after else None
        )
        before = data.get("hedge_source_before", [])
        self.hedge_before = (
            re.compile(r"(?<!\w)(?:" + _alt(before) + r")(?!\w)", re.IGNORECASE) if before else None
        )

    def adjective_like(self, word: str) -> bool:
        return bool(self.adjective_endings) and word.endswith(self.adjective_endings)

    def _compile_expr(self) -> re.Pattern[str]:
        b, e = r"(?<![\w])", r"(?!\w)"
        cmp_ = _alt(self.comparators)
        scale = _alt(self.scales)
        att = _alt(self.scales_attached)
        unit_b = _alt(self.units_before)
        unit_a = _alt(self.units_after)
        morph = _alt(self.numbers)
        if self.compound:
            joiner = _alt(self.joiners)
            words = rf"(?:{morph})(?:(?:{joiner})?(?:{morph}))*"
        else:
            seps = [_W] + [
                (_W + re.escape(j) + _W) if j.isalpha() else re.escape(j) for j in self.joiners
            ]
            words = rf"(?:{morph})(?:(?:{'|'.join(seps)})(?:{morph}))*"
        article = _alt(self.articles)

        def numx(i: int) -> str:
            # the number itself: digits (maybe with an attached scale), number words, or an
            # article standing for 1 before a scale word ("eine Million")
            return (
                rf"(?:(?P<ub{i}>{unit_b}){_WO})?"
                rf"(?:{b}(?P<art{i}>{article})(?={_W}(?:{scale}){e})"
                rf"|(?<![\w.,:/])(?<![^\W\d_]-)(?P<d{i}>{_DIGITS})"
                rf"(?:(?P<as{i}>{att})(?!\w)|(?![\w:/]|-[^\W\d_]|[.,]\d))"
                rf"|{b}(?P<w{i}>{words}){e})"
                rf"(?:{_W}(?P<s{i}>{scale})(?![\w]))?"
                rf"(?:{_WO}(?P<u{i}>{unit_a})(?![\w]))?"
            )

        data: dict[str, Any] = langdata.load(self.lang, "figures") or {}
        between = _alt(data.get("range_between", []))
        and_ = _alt(data.get("range_and", []))
        to = _alt(data.get("range_to", []))
        vague = _alt(self.vague)
        unspec = _alt(self.unspecific)
        pattern = (
            rf"(?:{b}(?P<cmp>{cmp_}){_W})?"
            rf"(?:{b}(?P<btw>{between}){_W}{numx(1)}{_W}(?:{and_}){_W}{numx(2)}"
            rf"|{numx(3)}(?:{_WO}(?P<to>{to}){_WO}{numx(4)})?"
            rf"|{b}(?:(?P<vl>{vague}){_W}(?P<vs>{scale})|(?P<un>{unspec})(?:{_W}(?P<us>{scale}))?)"
            rf"(?![\w])(?:{_WO}(?P<uu>{unit_a})(?![\w]))?)"
        )
        return re.compile(pattern, re.IGNORECASE)

    def _compile_firsts(self) -> re.Pattern[str]:
        """Where an ``expr`` match can begin: a digit or the first three letters of a word
        that can open it (comparator, "zwischen", article, number word, vague or unspecific
        quantity), with no word character before (every such branch starts with that
        lookbehind), or the start of a unit before the number (which has none). A shorter
        word goes on as the pattern demands: into the next word of a phrase ("a few"), an
        article into the scale word after it. The same IGNORECASE as ``expr``, which compares
        character by character."""
        data: dict[str, Any] = langdata.load(self.lang, "figures") or {}
        space = _W[:-1]  # one character of _W

        def heads(ws: Iterable[str], then: str = "") -> set[str]:
            out = set()
            for w in ws:
                first, *more = w.split() or [""]
                if len(first) >= 3 or not (more or then):
                    out.add(re.escape(first[:3]))
                elif more:  # "in excess of": the spaces and the next word's start, as in _alt
                    out.add(re.escape(first) + _W + re.escape(more[0][:2]))
                elif first:
                    out.add(re.escape(first) + then)
            return out

        # an article opens a match only before a scale word ("eine Million", "a million")
        scales = "|".join(sorted({re.escape(w.split()[0][:2]) for w in self.scales if w.split()}))
        words = heads(self.articles, then=f"{_W}(?:{scales})" if scales else space) | heads(
            [*self.comparators, *data.get("range_between", []), *self.numbers, *self.vague, *self.unspecific]
        )
        units = heads(self.units_before)

        def alt(hs: set[str]) -> str:
            return "".join("|" + h for h in sorted(hs - {""}, key=lambda h: (-len(h), h)))

        # never an empty match: search() steps past every place this finds
        return re.compile(r"(?<!\w)(?:\d" + alt(words) + ")" + alt(units), re.IGNORECASE)

    def search(self, text: str, pos: int) -> re.Match[str] | None:
        """``expr.search(text, pos)``, three times faster: the big pattern is tried only where
        a match can begin (``firsts``), in order, so the first match is the leftmost, as
        search's (lookbehinds see the text before ``pos`` either way)."""
        starts, match = self.firsts.search, self.expr.match
        while (c := starts(text, pos)) is not None:
            m = match(text, c.start())
            if m is not None:
                return m
            pos = c.start() + 1
        return None

    # -- numbers ---------------------------------------------------------------------------

    def digits(self, text: str) -> float | None:
        """'20.000' -> 20000 in German, '20,000' -> 20000 in English; None for '22.10.2025'."""
        s = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        seps = [c for c in s if c in ".,"]
        if not seps:
            return float(s)
        parts = re.split(r"[.,]", s)
        if len(set(seps)) == 2:
            # both marks: the last one is the decimal mark, the other groups thousands
            dec = seps[-1]
            head, _, frac = s.rpartition(dec)
            grouped = head.split("," if dec == "." else ".")
            if any(len(g) != 3 for g in grouped[1:]) or head.count(dec):
                return None
            return float("".join(grouped) + "." + frac)
        if len(seps) > 1:
            # the same mark repeated can only group thousands ("1.234.567")
            if all(len(p) == 3 for p in parts[1:]):
                return float("".join(parts))
            return None
        sep = seps[0]
        if len(parts[1]) == 3 and (sep == self.group or not self.decimal):
            return float("".join(parts))
        return float(parts[0] + "." + parts[1])

    def words(self, text: str) -> float | None:
        """'zweiundzwanzig' -> 22, 'two hundred and fifty' -> 250."""
        total = current = 0.0
        found = False
        for m in self.word_morph.finditer(text):
            v = self.numbers.get(" ".join(m.group().casefold().split()))
            if v is None:
                continue  # a joiner
            found = True
            if v == 100:
                current = (current or 1) * 100
            elif v >= 1000:
                total += (current or 1) * v
                current = 0
            else:
                current += v
        return total + current if found else None

    def numx(self, m: re.Match[str], i: int) -> tuple[float | None, bool, str | None]:
        """Value, whether a scale word was given, and unit of the i-th number in a match."""
        if m.group(f"art{i}"):
            base: float | None = 1.0
        elif m.group(f"d{i}"):
            base = self.digits(m.group(f"d{i}"))
        else:
            base = self.words(m.group(f"w{i}") or "")
        scaled = False
        if base is not None:
            if m.group(f"as{i}"):
                base *= self.scales_attached[m.group(f"as{i}").casefold()]
                scaled = True
            if m.group(f"s{i}"):
                base *= self.scales[" ".join(m.group(f"s{i}").casefold().split())]
                scaled = True
        unit = None
        if m.group(f"ub{i}"):
            unit = self.units_before.get(m.group(f"ub{i}").casefold())
        if m.group(f"u{i}"):
            unit = self.units_after.get(" ".join(m.group(f"u{i}").casefold().split()))
        return base, scaled, unit

    def parse(self, m: re.Match[str], single: bool = False) -> Parsed | None:
        cmp_: Comparator = "="
        if m.group("cmp"):
            cmp_ = self.comparators[" ".join(m.group("cmp").casefold().split())]
        if m.group("vl") or m.group("un"):
            unit = m.group("uu")
            return Parsed(
                None,
                "unspecific",
                None,
                self.units_after.get(" ".join(unit.casefold().split())) if unit else None,
            )
        lo_i, hi_i = (1, 2) if m.group("btw") else (3, 4)
        lo, lo_scaled, lo_unit = self.numx(m, lo_i)
        if lo is None:
            return None
        if single or not (m.group("btw") or m.group("to")):
            return Parsed(lo, cmp_, None, lo_unit)
        hi, hi_scaled, hi_unit = self.numx(m, hi_i)
        if hi is None:
            return None
        if not lo_scaled and hi_scaled:
            # "1,5 bis 2 Millionen": the scale of the upper end also applies to the lower one
            mult = hi / (self.numx_plain(m, hi_i) or 1)
            if lo * mult <= hi:
                lo *= mult
        return Parsed(lo, cmp_, hi, hi_unit or lo_unit)

    def numx_plain(self, m: re.Match[str], i: int) -> float | None:
        if m.group(f"art{i}"):
            return 1.0
        if m.group(f"d{i}"):
            return self.digits(m.group(f"d{i}"))
        return self.words(m.group(f"w{i}") or "")


@cache
def _grammar(lang: str) -> _Grammar:
    return _Grammar(lang if lang in langdata.SUPPORTED else "other")


def parse_figure(text: str, lang: str) -> Parsed | None:
    """Normalise one number expression: ``parse_figure("über 20.000", "de")`` gives
    ``Parsed(20000.0, ">")``; None when the text is no number expression."""
    g = _grammar(lang)
    m = g.expr.fullmatch(text.strip())
    return g.parse(m) if m else None


def parse_number(text: str, lang: str) -> float | None:
    """A bare number in digits or words: '20.000', '1,5', 'zweiundzwanzig', 'twenty-five'."""
    g = _grammar(lang)
    text = text.strip()
    if text[:1].isdigit():
        return g.digits(text) if re.fullmatch(_DIGITS, text) else None
    rest = g.word_morph.sub("", text)
    return g.words(text) if not re.sub(r"[\s-]+", "", rest) else None


def magnitude(text: str, lang: str) -> float | None:
    """Order of magnitude of an unspecific quantity: 'Tausende' -> 1000, 'Hunderte Millionen'
    -> 1e8; None when the text names no unspecific quantity."""
    g = _grammar(lang)
    m = g.expr.fullmatch(text.strip())
    if not m or not (m.group("vl") or m.group("un")):
        return None
    if m.group("vl"):
        return g.scales[" ".join(m.group("vs").casefold().split())]
    base = g.unspecific[" ".join(m.group("un").casefold().split())]
    if m.group("us"):
        base *= g.scales[" ".join(m.group("us").casefold().split())]
    return base


# -- the component ---------------------------------------------------------------------------


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    return [
        _Tok(m.lastgroup or "p", m.start(), m.end(), m.group())
        for m in _TOKEN.finditer(text, start, end)
    ]


def _word_before(text: str, pos: int, floor: int) -> str:
    """The word (case-folded, with a trailing period kept) that ends right before ``pos``."""
    m = re.search(r"([^\W\d_][\w'’-]*\.?|§|#)\s*$", text[max(floor, pos - 40) : pos])
    return m.group(1).casefold() if m else ""


def _word_after(text: str, pos: int, ceil: int) -> str:
    m = re.match(r"\s*([^\W\d_][\w'’-]*\.?|%|\$|€|£)", text[pos : min(ceil, pos + 40)])
    return m.group(1) if m else ""


class _Scanner:
    """Finds the figures of one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.g = _grammar(doc.lang)
        sents = doc.sentences or []
        self.bounds = [(s.start, s.end) for s in sents] or [(0, len(self.text))]
        self.starts = [b[0] for b in self.bounds]
        self.dates = sorted((d.span.start, d.span.end) for d in doc.dates)
        self.date_starts = [d[0] for d in self.dates]
        # the smallest content holding a figure is found through an index, not by asking every
        # attribution for every figure (quadratic in a long article, issue 14)
        self.contents = SpanIndex(range(len(doc.attributions)), lambda i: self._content(i))
        # a date that says when something was said ("Am Freitag meldete ...") scopes no figure
        self.said_on = {(a.date.span.start, a.date.span.end) for a in doc.attributions if a.date}
        self._scopes: dict[int, list[tuple[int, int]]] = {}
        self._hedges: dict[int, list[tuple[int, int]]] = {}
        self.in_sentence: dict[int, list[tuple[int, int]]] = {}  # figure spans by sentence

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def in_date(self, start: int, end: int) -> bool:
        i = bisect_right(self.dates, (end, end))
        return any(s < end and start < e for s, e in self.dates[max(0, i - 3) : i])

    def run(self) -> list[Figure]:
        out: list[Figure] = []
        pos, text, g = 0, self.text, self.g
        while True:
            m = g.search(text, pos)
            if m is None:
                break
            fig = self.figure(m)
            if fig is not None:
                out.append(fig)
                self.in_sentence.setdefault(fig.sentence, []).append((fig.span.start, fig.span.end))
            # a range cut back to its first number goes on right after that number
            pos = fig.span.end if fig is not None else m.end()
        for fig in out:
            if fig.scope is None:
                fig.scope = self.scope_elsewhere(fig)
        return out

    def scope_elsewhere(self, fig: Figure) -> Span | None:
        """A scope in another clause of the sentence that holds no figure of its own
        ("Seit Februar, so das Ministerium, sind 300 Soldaten desertiert")."""
        si, start, end = fig.sentence, fig.span.start, fig.span.end
        s_start, s_end = self.bounds[si]
        free = []
        for s, e in self.scopes(si):
            c_start, c_end = self.clause(s_start, s_end, s, e)
            if not any(c_start <= fs and fe <= c_end for fs, fe in self.in_sentence[si]):
                free.append((s, e))
        if not free:
            return None
        s, e = min(free, key=lambda se: max(0, se[0] - end, start - se[1]))
        return Span.of(self.text, s, e)

    def figure(self, m: re.Match[str]) -> Figure | None:
        g, text = self.g, self.text
        start, end = m.span()
        parsed = g.parse(m)
        if m.group("to") and (
            _word_before(text, start, 0) in g.range_not_after
            or (
                parsed is not None
                and parsed.value_high is not None
                and parsed.value is not None
                and parsed.value > parsed.value_high
            )
        ):
            # "from 10 to 20" is a change and "47 percent to 44 percent" a score, not ranges:
            # keep the first number only
            parsed = g.parse(m, single=True)
            end = max(m.end(n) for n in ("d3", "w3", "art3", "as3", "s3", "u3") if m.group(n))
        if parsed is None:
            return None
        si = self.sentence_of(start)
        s_start, s_end = self.bounds[si]
        if end > s_end or self.in_date(start, end) or self.in_scope(si, start, end):
            return None
        if self.not_a_figure(m, parsed, start, end, s_start, s_end):
            return None
        span = Span.of(text, start, end)
        counted = self.counted(start, end, s_start, s_end)
        return Figure(
            span=span,
            value=parsed.value,
            comparator=parsed.comparator,
            value_high=parsed.value_high,
            unit=parsed.unit,
            counted=counted,
            scope=self.pick(self.scopes(si), si, start, end),
            hedge=self.pick(self.hedges(si), si, start, end, hedge=True),
            attribution=self.attribution(start, end),
            sentence=si,
        )

    # -- numbers that are no figures --------------------------------------------------------

    def not_a_figure(
        self, m: re.Match[str], p: Parsed, start: int, end: int, s_start: int, s_end: int
    ) -> bool:
        g, text = self.g, self.text
        if p.comparator == "unspecific":
            return False
        i = 1 if m.group("btw") else 3
        ends = (i, i + 1)
        bare = not (p.unit or any(m.group(f"{k}{j}") for k in ("s", "as", "art") for j in ends))
        if m.group(f"w{i}") and not m.group(f"s{i}") and p.value == 1:
            return True  # "ein"/"eins"/"one" alone is an article or a pronoun
        if not bare:
            return False
        years = [m.group(f"d{j}") for j in ends if m.group(f"d{j}")]
        year_like = bool(years) and all(re.fullmatch(r"1\d{3}|2[01]\d{2}", y) for y in years)
        if m.group("btw"):
            return year_like and len(years) == 2  # "zwischen 2014 und 2022"
        digits = m.group("d3") or ""
        before = _word_before(text, start, s_start)
        after = _word_after(text, end, s_end)
        if before in g.label_before or text[start - 1 : start] == "#":
            return True
        follow = text[end : end + 12].lstrip().casefold()
        if any(
            follow.startswith(w) and not follow[len(w) : len(w) + 1].isalnum() for w in g.time_after
        ):
            return True
        if re.fullmatch(r"\d{1,2}[.,]\d{2}", digits) and before in g.time_before:
            return True  # "um 15.30"
        if (before in g.months or after.casefold() in g.months) and (
            year_like or (p.value is not None and p.value <= 31)
        ):
            return True  # "22. Oktober", "October 22", "März 2025" (but "Since March 300 ...")
        if g.ordinal_period and text[end : end + 1] == "." and digits and "," not in digits:
            rest = text[end + 1 : s_end].strip()
            if rest[:1].isalpha() or rest[:1].isdigit() or before in g.ordinal_before:
                return True  # "der 3. Weltkrieg", "am 22."
            if _word_after(text, end + 1, min(len(text), end + 40)).casefold() in g.months:
                return True  # "15.\nMärz": a date the segmenter cut in two
        if re.fullmatch(r"\d{8,}", digits):
            return True  # ids, timestamps, phone numbers: no figure is written so
        if self.g.group == "." and re.fullmatch(r"\d{1,2}\.\d{1,2}", digits):
            return True  # "29.06", "15.30": where "." groups thousands, a day or a time
        if year_like:
            return not (
                len(years) == 1
                and before not in g.year_before
                and self.noun_like(after)
                and not (m.group("to"))
            )
        return False

    def noun_like(self, word: str) -> bool:
        g = self.g
        low = word.casefold()
        if not word or not word[0].isalpha() or low in g.year_next_stop or low in g.months:
            return False
        # "capitalised": German nouns; any other setting ("never") keeps bare years as years
        return g.year_next_noun == "capitalised" and word[0].isupper()

    def in_scope(self, si: int, start: int, end: int) -> bool:
        # a number inside a time-scope phrase ("in den vergangenen 24 Stunden") is no figure
        return any(
            s <= start and end <= e and not (s == start and e == end)
            for s, e in self.scope_matches(si)
        )

    # -- what is counted --------------------------------------------------------------------

    def counted(self, start: int, end: int, s_start: int, s_end: int) -> Span | None:
        g = self.g
        toks = _tokens(self.text, end, min(s_end, end + 300))
        i = 0
        for seq in g.np_skip:  # "Prozent der Befragten", "thousands of people"
            if len(toks) > len(seq) and tuple(t.low for t in toks[: len(seq)]) == seq:
                i = len(seq)
                break
        head = self.noun_phrase(toks, i)
        if head is None:
            return None
        first, last = head
        # "Dabei wurden 23 Menschen getötet": a passive auxiliary before the figure in its clause
        c_start = self.clause(s_start, s_end, end, end)[0]
        before = {t.low for t in _tokens(self.text, c_start, start) if t.kind == "w"}
        last = self.predicate(toks, last, bool(before & g.passive_aux))
        return Span.of(self.text, toks[first].start, toks[last].end)

    def noun_phrase(self, toks: Sequence[_Tok], i: int) -> tuple[int, int] | None:
        g = self.g
        if g.nouns_capitalised:
            # German: lower-case modifiers, then the capitalised head noun
            j = i
            while j < len(toks) and j - i <= 3 and toks[j].kind == "w":
                t = toks[j]
                if t.text[0].isupper():
                    return (i, j)
                if t.low in g.np_stop:
                    return None
                j += 1
            return None
        # English: up to three content words, stopping at function words and participles; the
        # head is the last plural-looking one ("voters" in "voters reject", no part of speech)
        j, head = i, None
        while j < len(toks) and j - i < 3 and toks[j].kind == "w":
            t = toks[j]
            adverb = bool(g.adverb_suffixes) and t.low.endswith(g.adverb_suffixes)
            if t.low in g.np_stop or adverb or (j > i and self.participle(t)):
                break
            if t.low in g.plural_irregular or (
                t.low.endswith(g.plural_suffixes) and not t.low.endswith(g.plural_not)
            ):
                head = j
            j += 1
        return (i, head) if head is not None else None

    def participle(self, t: _Tok) -> bool:
        g = self.g
        if t.kind != "w" or not t.text[0].islower() or t.low in g.np_stop:
            return False
        # a shape, not a part of speech: German "getötet", "sterben"; English "killed"
        return (
            len(t.low) >= 4
            and bool(g.participle_suffixes)
            and t.low.endswith(g.participle_suffixes)
        ) or t.low in g.participle_irregular

    def participles(self, toks: Sequence[_Tok], i: int) -> tuple[int, int]:
        """Index of the last participle of a coordinated group at ``i`` and how many it has."""
        g, last, n = self.g, i - 1, 0
        while i < len(toks) and self.participle(toks[i]):
            last, n = i, n + 1
            if i + 2 < len(toks) and toks[i + 1].low in g.participle_coord:
                i += 2
            else:
                break
        return last, n

    def predicate(self, toks: Sequence[_Tok], head: int, passive_before: bool = False) -> int:
        """Extend the counted noun over a predicate that says what happened to it."""
        g = self.g
        german = g.nouns_capitalised
        nxt = head + 1
        last, n = self.participles(toks, nxt)
        if n:
            after = toks[last + 1].low if last + 1 < len(toks) else ""
            if not german or n > 1 or after in g.passive_aux or passive_before:
                return last  # "Menschen getötet oder verletzt (worden)", "people killed"
        # "Menschen mussten dafür später fliehen", "people have been killed"
        j = nxt
        aux = 0
        while j < len(toks) and toks[j].low in g.finite_aux and aux < 3:
            j, aux = j + 1, aux + 1
        if not aux:
            return head
        gap = 0
        while True:
            last, n = self.participles(toks, j)
            # German verb-final clauses: the verb closes the clause, so nothing may follow it
            if n and (not german or self.clause_ends(toks, last + 1)):
                return last
            if j >= len(toks) or gap >= g.predicate_gap or toks[j].kind != "w":
                return head
            if toks[j].low in g.clause_words:
                return head
            j, gap = j + 1, gap + 1

    def clause_ends(self, toks: Sequence[_Tok], i: int) -> bool:
        if i >= len(toks):
            return True
        t = toks[i]
        return t.kind in ("p", "nl") or t.low in self.g.clause_words or t.low in self.g.passive_aux

    # -- scope, hedge, attribution ----------------------------------------------------------

    def scope_matches(self, si: int) -> list[tuple[int, int]]:
        """Scope-pattern matches in a sentence."""
        if si not in self._scopes:
            s_start, s_end = self.bounds[si]
            found = []
            if self.g.scope is not None:
                found = [m.span() for m in self.g.scope.finditer(self.text, s_start, s_end)]
            self._scopes[si] = found
        return self._scopes[si]

    def scopes(self, si: int) -> list[tuple[int, int]]:
        s_start, s_end = self.bounds[si]
        spans = list(self.scope_matches(si))
        # only the dates that start in the sentence, not all of the article's
        lo, hi = bisect_left(self.date_starts, s_start), bisect_right(self.date_starts, s_end)
        for ds, de in self.dates[lo:hi]:
            if s_start <= ds and de <= s_end and (ds, de) not in self.said_on:
                # "seit Februar", "since March": the preposition belongs to the scope
                m = re.search(r"([^\W\d_]+)[ \u00a0]+$", self.text[max(s_start, ds - 30) : ds])
                if m and m.group(1).casefold() in self.g.scope_preps:
                    ds -= len(m.group())
                spans.append((ds, de))
        return _merge(spans)

    def hedges(self, si: int) -> list[tuple[int, int]]:
        if si in self._hedges:
            return self._hedges[si]
        g, text = self.g, self.text
        s_start, s_end = self.bounds[si]
        spans: list[tuple[int, int]] = []
        if g.hedge is not None:
            spans += [m.span() for m in g.hedge.finditer(text, s_start, s_end)]
        if g.hedge_after is not None:
            for m in g.hedge_after.finditer(text, s_start, s_end):
                e = self.source_forward(m.end(), s_end)
                if e is not None:
                    spans.append((m.start(), e))
        if g.hedge_before is not None:
            for m in g.hedge_before.finditer(text, s_start, s_end):
                s = self.source_backward(s_start, m.start())
                if s is not None:
                    spans.append((s, m.end()))
        # re-tokenised only when a reportative word is in the sentence at all (a token's
        # case-folded text is part of the sentence's): most sentences with a figure have none
        if g.reportative and any(w in text[s_start:s_end].casefold() for w in g.reportative):
            toks = _tokens(text, s_start, s_end)
            for i, t in enumerate(toks):
                if t.low in g.reportative:
                    for u in toks[i + 1 :]:
                        if u.kind in ("p", "nl"):
                            break
                        if u.low in g.reportative_end:
                            spans.append((t.start, t.end))
                            break
        self._hedges[si] = _merge(spans)
        return self._hedges[si]

    def source_forward(self, pos: int, s_end: int) -> int | None:
        """End of the source after 'laut'/'according to': up to its last name-like word."""
        g = self.g
        end = None
        for n, t in enumerate(_tokens(self.text, pos, s_end)):
            if t.kind != "w" or n >= g.hedge_max or t.low in g.numbers:
                break
            if t.text[0].isupper() or (not g.nouns_capitalised and t.low not in g.np_stop):
                end = t.end
            elif t.low not in g.np_stop and not g.adjective_like(t.low):
                break
        return end

    def source_backward(self, s_start: int, pos: int) -> int | None:
        """Start of the source before 'zufolge': back over its words, from a capitalised one."""
        g = self.g
        toks = [t for t in _tokens(self.text, max(s_start, pos - 120), pos)]
        start = None
        for n, t in enumerate(reversed(toks)):
            if t.kind != "w" or n >= g.hedge_max:
                break
            if t.text[0].isupper():
                start = t.start
            elif t.low not in g.np_stop and not g.adjective_like(t.low):
                break
        return start

    def pick(
        self, spans: list[tuple[int, int]], si: int, start: int, end: int, hedge: bool = False
    ) -> Span | None:
        """The nearest candidate in the figure's clause; for hedges, else in the sentence
        (a hedge may also sit inside the figure: "an estimated 10,000")."""
        if not hedge:
            spans = [(s, e) for s, e in spans if e <= start or s >= end]
        if not spans:
            return None
        s_start, s_end = self.bounds[si]
        c_start, c_end = self.clause(s_start, s_end, start, end)
        near = [(s, e) for s, e in spans if c_start <= s and e <= c_end]
        if not near and hedge:
            near = spans
        if not near:
            return None
        s, e = min(near, key=lambda se: max(0, se[0] - end, start - se[1]))
        return Span.of(self.text, s, e)

    def clause(self, s_start: int, s_end: int, start: int, end: int) -> tuple[int, int]:
        text = self.text
        left = s_start
        for m in _CLAUSE_BREAK.finditer(text, s_start, start):
            left = m.end()
        m = _CLAUSE_BREAK.search(text, end, s_end)
        return left, (m.start() if m else s_end)

    def _content(self, i: int) -> tuple[int, int]:
        c = self.doc.attributions[i].content
        return c.start, c.end

    def attribution(self, start: int, end: int) -> int | None:
        """The attribution whose content is the smallest holding the figure (the first of
        equal ones)."""
        best: tuple[int, int] | None = None
        for i in self.contents.containing(start, end):
            c = self.doc.attributions[i].content
            size = c.end - c.start
            if best is None or size < best[0]:
                best = (size, i)
        return best[1] if best else None


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


@component("find_figures", requires=("tokens", "attributions", "dates"), assigns=("figures",))
def find_figures(doc: Document) -> Document:
    """Numbers with value, comparator, unit, what they count, time scope, hedge and source."""
    doc.figures = _Scanner(doc).run()
    return doc
