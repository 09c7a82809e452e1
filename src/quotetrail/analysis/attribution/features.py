"""Token features for the attribution sequence labeller.

One feature list per token, computed from an :class:`Extractor` that has already run the rules
(its quote segments, mentions and rule attributions are part of the features). The rules are
precise and the model learns where to trust them and where to reach further.
Sequences are sentences; what crosses a sentence boundary (quote state, the previous sentence's
cue) is passed in as features.
"""

from __future__ import annotations

import bisect

from quotetrail import lang as langdata
from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.lexicon import fold, lemma_of, qchar
from quotetrail.analysis.attribution.resolve import Extractor

# a window of two tokens each side: words at distance 2, richer features at distance 1
NEAR = frozenset("vL")  # the cue words distances are measured to
LEFT_EDGE = ["-1w=<s>"]
RIGHT_EDGE = ["1w=<e>"]


_SHAPES: dict[str, str] = {}


class _Prefixed(dict[str, str]):
    """prefix + value strings for the few-valued features, built once each."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, value: str) -> str:
        self[value] = got = self.prefix + value
        return got


_F = {p: _Prefixed(p) for p in ("m=", "r=", "rf=", "qm=", "-1m=", "-1r=", "-1q=", "1m=", "1r=", "1q=")}
# per (language, cue rates): token key -> the strings of Featurizer.static; emptied when full
# (frequent forms come back at once; each entry costs about 1.5 kB)
CACHE_FORMS = 20_000
_STATIC: dict[tuple[str, int], dict[tuple[str, str | None, str], tuple]] = {}


def shape(text: str) -> str:
    """Coarse word shape: "Xx", "x", "X", "d", "p" and mixtures, collapsed."""
    got = _SHAPES.get(text)
    if got is not None:
        return got
    out = []
    for c in text[:6]:
        k = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else "p"
        if not out or out[-1] != k:
            out.append(k)
    got = "".join(out)
    if len(_SHAPES) < 100_000:
        _SHAPES[text] = got
    return got


def bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 12:
        return "7-12"
    return "13+"


def rule_roles(ex: Extractor, found: list[Found]) -> tuple[list[str], list[str]]:
    """Per token: the role the rules gave it ("C", "S", "M" or "") and the rule form."""
    n = len(ex.toks)
    role = [""] * n
    form = [""] * n
    ends = [t.end for t in ex.toks]
    for f in found:
        c0, c1 = f.content
        k = bisect.bisect_right(ends, c0)
        while k < n and ex.toks[k].start < c1:
            role[k] = "M"
            form[k] = f.form
            k += 1
    for f in found:  # cue and source win over a content that contains them
        if f.speaker:
            for k in range(*f.speaker):
                role[k] = "S"
        if f.cue:
            for k in range(*f.cue):
                role[k] = "C"
    return role, form


class Featurizer:
    """Feature lists for every token of one analysed article."""

    def __init__(
        self, ex: Extractor, found: list[Found], learned: dict[str, float] | None = None
    ) -> None:
        self.ex = ex
        # lemma -> share of its training occurrences that annotators marked as a cue
        self.learned = learned or {}
        self.lex = ex.lex
        names = langdata.load(ex.doc.lang, "names") or {}
        self.titles = frozenset(str(w).casefold() for w in names.get("titles", []))
        self.title_suffixes = tuple(str(w).casefold() for w in names.get("title_suffixes", []))
        self.role, self.form = rule_roles(ex, found)
        self.cache = _STATIC.setdefault((ex.doc.lang, id(self.learned)), {})

    def cue_word(self, k: int) -> str:
        """"v" for a cue verb of the lexicon, "a" for a predicative adjective, "" otherwise."""
        t = self.ex.toks[k]
        if t.kind != "word":
            return ""
        lex = self.lex
        lem = self.ex.cue_lemma.get(k) or lemma_of(t)
        if lem in lex.verbs or fold(t) in lex.verbs or lem in lex.by_base:
            return "v"
        if fold(t) in lex.adjectives:
            return "a"
        if fold(t) in lex.source_nouns or lem in lex.source_nouns:
            return "n"
        rate = self.learned.get(lem, 0.0)
        if rate >= 0.5:
            return "L"  # a cue the training data knows and the lexicon does not
        if rate >= 0.15:
            return "l"
        return ""

    def word_class(self, k: int) -> str:
        """A closed-class tag from the lexicons, a POS stand-in."""
        t = self.ex.toks[k]
        low, lex = fold(t), self.lex
        if t.kind != "word":
            return t.kind + ":" + (qchar(t) and "q" or t.text[:1])
        if low in lex.pronouns:
            return "pron"
        if low in lex.possessives:
            return "poss"
        if low in lex.determiners:
            return "det"
        if low in lex.complementizers:
            return "comp"
        if low in lex.auxiliaries:
            return "aux"
        if low in lex.relatives:
            return "rel"
        if low in lex.medium_preps or low in lex.source_preps:
            return "prep"
        if low in lex.adverbs or low in lex.prefield_adverbials:
            return "adv"
        if low in self.titles or (self.title_suffixes and low.endswith(self.title_suffixes)):
            return "title"
        return ""

    def static(self, k: int) -> tuple[str, str, list[str], list[str], list[str], str, str]:
        """What depends on the token alone, as ready strings: (cue class, word class, own,
        left-neighbour and right-neighbour features, the two distance-2 words). Cached per
        word form across articles: building the strings was half the labeller's time."""
        t = self.ex.toks[k]
        key = None
        if k not in self.ex.cue_lemma:
            key = (t.text, t.lemma, t.kind)
            got = self.cache.get(key)
            if got is not None:
                return got
        low, lem = fold(t), lemma_of(t)
        c, w, sh = self.cue_word(k), self.word_class(k), shape(t.text)
        got = (
            c, w,
            ["w=" + low, "l=" + lem, "sh=" + sh, "suf=" + low[-3:], "wc=" + w, "cue=" + c],
            ["-1w=" + low, "-1l=" + lem, "-1wc=" + w, "-1cue=" + c, "-1sh=" + sh],
            ["1w=" + low, "1l=" + lem, "1wc=" + w, "1cue=" + c, "1sh=" + sh],
            "-2w=" + low, "2w=" + low,
        )
        if key is not None:
            if len(self.cache) > CACHE_FORMS:
                self.cache.clear()
            self.cache[key] = got
        return got

    def document(self) -> list[list[list[str]]]:
        """Feature lists per sentence, in sentence order."""
        ex = self.ex
        toks = ex.toks
        n = len(toks)
        stat = [self.static(k) for k in range(n)]
        cue = [x[0] for x in stat]
        low = [fold(t) for t in toks]
        # German Konjunktiv I ("sei", "habe", "werde", "gehe"): the mark of reported speech
        subj = [ex.de and ex.subjunctive(t) for t in toks]
        lem = [lemma_of(t) for t in toks]
        ment = []
        for k in range(n):
            m = ex.mention(k)
            ment.append(m.label if m is not None else "")
        qmark = []
        for k in range(n):
            if k in ex.seg_open:
                qmark.append("open")
            elif k in ex.seg_close:
                qmark.append("close")
            elif qchar(toks[k]):
                qmark.append("stray")
            else:
                qmark.append("")
        # commas before each token, so the commas between two tokens are one subtraction
        commas_before = [0] * (n + 1)
        comps_before = [0] * (n + 1)  # dass/that/ob: a reported clause starts
        colons_before = [0] * (n + 1)
        comps = self.lex.complementizers
        for k in range(n):
            commas_before[k + 1] = commas_before[k] + (toks[k].text == ",")
            comps_before[k + 1] = comps_before[k] + (low[k] in comps)
            colons_before[k + 1] = colons_before[k] + (toks[k].text == ":")
        role = self.role
        left = [
            [*stat[j][3], _F["-1m="][ment[j]], _F["-1r="][role[j]], _F["-1q="][qmark[j]]]
            for j in range(n)
        ]
        right = [
            [*stat[j][4], _F["1m="][ment[j]], _F["1r="][role[j]], _F["1q="][qmark[j]]]
            for j in range(n)
        ]
        far_left = [x[5] for x in stat]
        far_right = [x[6] for x in stat]
        out: list[list[list[str]]] = []
        prev_cue = prev_rule = prev_quote_end = False
        for s in sorted(ex.sent_range):
            a, b = ex.sent_range[s]
            cues = [k for k in range(a, b) if cue[k] in NEAR and not ex.in_quote[k]]
            sent_feats = [
                "s:cue" if cues else "s:nocue",
                "s:quote" if any(ex.in_quote[a:b]) else "s:noquote",
                "s:rule" if any(self.role[a:b]) else "s:norule",
                "p:cue" if prev_cue else "p:nocue",
                "p:rule" if prev_rule else "p:norule",
                "p:qend" if prev_quote_end else "p:noq",
                "s:subj" if any(subj[a:b]) else "s:nosubj",
            ]
            para_start = a == 0 or "\n" in ex.text[toks[a - 1].end : toks[a].start]
            if para_start:
                sent_feats.append("s:para")
            seq: list[list[str]] = []
            # nearest cue verb for every token of the sentence: one pass each way
            near = [-1] * (b - a)
            last = -1
            for k in range(a, b):
                if cue[k] in NEAR and not ex.in_quote[k]:
                    last = k
                near[k - a] = last
            last = -1
            for k in range(b - 1, a - 1, -1):
                if cue[k] in NEAR and not ex.in_quote[k]:
                    last = k
                c = near[k - a]
                if last >= 0 and (c < 0 or last - k < k - c):
                    near[k - a] = last
            stray_ahead = False
            ahead = [False] * (b - a)
            for k in range(b - 1, a - 1, -1):
                ahead[k - a] = stray_ahead
                if qmark[k] == "stray":
                    stray_ahead = True
                elif qmark[k] == "open":
                    stray_ahead = False
            for k in range(a, b):
                f = [
                    "bias",
                    *stat[k][2],
                    _F["m="][ment[k]],
                    _F["r="][role[k]],
                    _F["rf="][self.form[k]],
                    "q=in" if ex.in_quote[k] else "q=out",
                    _F["qm="][qmark[k]],
                    *sent_feats,
                ]
                if subj[k]:
                    f.append("subj")
                if ahead[k - a]:
                    f.append("qa")  # a closing mark later whose opener was in an earlier line
                if k == a:
                    f.append("first")
                if k == b - 1:
                    f.append("last")
                # nearest cue verb of the sentence: direction, distance, commas between
                c = near[k - a]
                if c == k:
                    f.append("dc=0")
                elif c >= 0:
                    d = "<" if c > k else ">"
                    f.append("dc=" + d + bucket(abs(c - k)))
                    commas = abs(commas_before[c] - commas_before[k])
                    f.append("dcc=" + d + str(min(commas, 2)))
                    f.append("dcl=" + d + lem[c])
                    if comps_before[c] != comps_before[k]:
                        f.append("dcomp=" + d)
                    if colons_before[c] != colons_before[k]:
                        f.append("dcol=" + d)
                    f.append("dcr=" + d + self.role[k])
                # neighbours, from strings built once per token
                f += left[k - 1] if k > a else LEFT_EDGE
                f += right[k + 1] if k + 1 < b else RIGHT_EDGE
                f.append(far_left[k - 2] if k - 2 >= a else "-2w=<s>")
                f.append(far_right[k + 2] if k + 2 < b else "2w=<e>")
                if k > a:
                    f.append("bi=" + low[k - 1] + "|" + low[k])
                seq.append(f)
            out.append(seq)
            prev_cue = bool(cues)
            prev_rule = any(self.role[a:b])
            prev_quote_end = ex.in_quote[b - 1] or qmark[b - 1] == "open"
        return out
