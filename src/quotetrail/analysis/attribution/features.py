"""Token features for the attribution sequence labeller.

One feature list per token, computed from an :class:`Extractor` that has already run the rules
(its quote segments, mentions and rule attributions are part of the features). The rules are
precise and the model learns where to trust them and where to reach further.
Sequences are sentences; what crosses a sentence boundary (quote state, the previous sentence's
cue) is passed in as features.
"""

from __future__ import annotations

import bisect
from itertools import accumulate

import numpy as np

from quotetrail import lang as langdata
from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.crf import CRFModel
from quotetrail.analysis.attribution.lexicon import fold, lemma_of, qchar
from quotetrail.analysis.attribution.resolve import Extractor

# a window of two tokens each side: words at distance 2, richer features at distance 1
NEAR = frozenset("vL")  # the cue words distances are measured to
LEFT_EDGE = ["-1w=<s>"]
RIGHT_EDGE = ["1w=<e>"]


_SHAPES: dict[str, str] = {}
_SENT_FLAGS = (
    ("s:cue", "s:nocue"), ("s:quote", "s:noquote"), ("s:rule", "s:norule"), ("p:cue", "p:nocue"),
    ("p:rule", "p:norule"), ("p:qend", "p:noq"), ("s:subj", "s:nosubj"),
)


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
# word forms whose attribute ids are kept (about 350 bytes each)
ID_FORMS = 50_000
_STATIC: dict[tuple[str, int], dict[tuple[str, str | None, str], tuple]] = {}


class _Tables:
    """One model's attribute ids for what repeats: per word form (static()'s strings: own 6,
    as left neighbour 5, as right neighbour 5, the two distance-2 words) and per combination
    of mention, rule role, rule form, quote state and quote mark (m r rf q qm, -1m -1r -1q,
    1m 1r 1q). Rows of arrays, so a document's ids are one gather."""

    def __init__(self, model: CRFModel) -> None:
        self.model = model
        self.forms: dict[tuple[str, str | None, str], tuple[str, int]] = {}
        self.form_ids = np.empty((4096, 18), dtype=np.int32)
        self.n_forms = 0
        self.combos: dict[tuple[str, str, str, bool, str], int] = {}
        self.combo_ids = np.empty((0, 11), dtype=np.int32)

    def add_form(self, strings: tuple[str | None, ...]) -> int:
        if self.n_forms == len(self.form_ids):
            self.form_ids = np.concatenate([self.form_ids, np.empty_like(self.form_ids)])
        get, z = self.model.ids.get, self.model.zero
        self.form_ids[self.n_forms] = [z if x is None else get(x, z) for x in strings]
        self.n_forms += 1
        return self.n_forms - 1

    def combo(self, key: tuple[str, str, str, bool, str]) -> int:
        ment, role, form, inq, qmark = key
        get, z = self.model.ids.get, self.model.zero
        row = [
            get(x, z)
            for x in (
                "m=" + ment, "r=" + role, "rf=" + form, "q=in" if inq else "q=out", "qm=" + qmark,
                "-1m=" + ment, "-1r=" + role, "-1q=" + qmark, "1m=" + ment, "1r=" + role, "1q=" + qmark,
            )
        ]
        self.combo_ids = np.concatenate([self.combo_ids, np.array([row], dtype=np.int32)])
        self.combos[key] = got = len(self.combos)
        return got


# per (language, cue rates, model); the form rows start again past ID_FORMS forms
_TABLES: dict[tuple[str, int, int], _Tables] = {}


class _Ids(dict[str, int]):
    """Attribute id of prefix + value, for the few-valued features; looked up once each."""

    def __init__(self, prefix: str, model: CRFModel) -> None:
        super().__init__()
        self.prefix = prefix
        self.model = model

    def __missing__(self, value: str) -> int:
        self[value] = got = self.model.ids.get(self.prefix + value, self.model.zero)
        return got


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
        info = lex.verbs.get(lem) or lex.verbs.get(fold(t))
        if (info is not None and not info.get("with")) or lem in lex.by_base:
            # a verb that is a cue only with a companion ("sprach von") depends on its
            # clause, which this per-form feature cannot see: the rules decide on it
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

    def static(
        self, k: int, keep: bool = True
    ) -> tuple[str, str, list[str], list[str], list[str], str, str]:
        """What depends on the token alone, as ready strings: (cue class, word class, own,
        left-neighbour and right-neighbour features, the two distance-2 words). Cached per
        word form across articles (building the strings was half the labeller's time), unless
        not ``keep``: id_matrix keeps the forms' attribute ids instead."""
        t = self.ex.toks[k]
        key = None
        if keep and k not in self.ex.cue_lemma:
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

    # -- the same features as attribute ids, for CRFModel -------------------------------
    # One row per token, one column per place a feature can take in document()'s list for it,
    # in that order; a feature that is absent, or unknown to the model, is the model's zero
    # row. Summed in column order this gives crfsuite's scores for document()'s lists exactly
    # (see crf.py). Columns:
    #   0 bias, 1-6 own (w l sh suf wc cue), 7-11 m r rf q qm, 12-18 the sentence flags,
    #   19 s:para, 20 subj, 21 qa, 22 first, 23 last, 24-29 dc dcc dcl dcomp dcol dcr,
    #   30-37 left neighbour, 38-45 right neighbour, 46 -2w, 47 2w, 48 bi
    COLUMNS = 49

    def id_matrix(self, model: CRFModel) -> tuple[np.ndarray, list[tuple[int, int]]] | None:
        """Attribute ids (tokens, COLUMNS) and each sentence's rows, in sentence order; None
        when the sentences are not consecutive runs of tokens (document() then)."""
        ex = self.ex
        toks = ex.toks
        n = len(toks)
        bounds = [ex.sent_range[s] for s in sorted(ex.sent_range)]
        if [a for a, _ in bounds] != [0, *(b for _, b in bounds[:-1])] or bounds[-1][1] != n:
            return None
        ids, z = model.ids, model.zero

        def one(name: str) -> int:
            return ids.get(name, z)

        tables = _TABLES.get(key := (ex.doc.lang, id(self.learned), id(model)))
        if tables is None or tables.model is not model:
            tables = _TABLES[key] = _Tables(model)
        if len(tables.forms) > ID_FORMS:
            tables.forms.clear()
            tables.n_forms = 0
        # word forms: cue class and row of ids, as static() (a separable verb's token is not
        # cached: its cue lemma is the article's)
        forms = tables.forms
        keys = [(t.text, t.lemma, t.kind) for t in toks]
        got = [forms.get(x) for x in keys]
        redo = set(ex.cue_lemma)
        if None in got:
            redo.update(k for k, g in enumerate(got) if g is None)
        for k in sorted(redo):
            strings = self.static(k, keep=False)  # the id tables keep what is needed
            got[k] = entry = (strings[0], tables.add_form((*strings[2], *strings[3], *strings[4], *strings[5:7])))
            if k not in ex.cue_lemma:
                forms[keys[k]] = entry
        cue = [g[0] for g in got]
        sid = tables.form_ids[[g[1] for g in got]]
        low = ex.low
        subj = ex.subjunctives() if ex.de else [False] * n
        mentions = ex.doc.mentions
        ment = [mentions[i].label if i >= 0 else "" for i in ex.mention_at]
        seg_open, seg_close = ex.seg_open, ex.seg_close
        qmark = [
            "open" if k in seg_open else "close" if k in seg_close else "stray" if q else ""
            for k, q in enumerate(ex.qc)
        ]
        role, form, in_quote = self.role, self.form, ex.in_quote
        combos, new_combo = tables.combos, tables.combo
        crow = [
            combos.get(x) if x in combos else new_combo(x)
            for x in zip(ment, role, form, in_quote, qmark, strict=True)
        ]
        cids = tables.combo_ids[crow]
        # 32-bit ids (a model has far fewer attributes): the matrix is the analysis's largest
        # array, one row per token of the article
        idx = np.full((n, self.COLUMNS), z, dtype=np.int32)
        idx[:, 0] = one("bias")
        idx[:, 1:7] = sid[:, 0:6]
        idx[:, 7:12] = cids[:, 0:5]
        # what a token gives its right neighbour as "-1..." and its left one as "1..."
        as_left = np.concatenate([sid[:, 6:11], cids[:, 5:8]], axis=1)
        as_right = np.concatenate([sid[:, 11:16], cids[:, 8:11]], axis=1)
        lengths = [b - a for a, b in bounds]
        starts = np.array([a for a, _ in bounds], dtype=np.intp)
        pos = np.arange(n) - np.repeat(starts, lengths)  # position in the sentence
        to_end = np.repeat(starts + lengths, lengths) - np.arange(n) - 1  # tokens after it
        first, last = pos == 0, to_end == 0
        idx[1:, 30:38] = as_left[:-1]
        idx[first, 30:38] = [one("-1w=<s>")] + [z] * 7
        idx[:-1, 38:46] = as_right[1:]
        idx[last, 38:46] = [one("1w=<e>")] + [z] * 7
        idx[2:, 46] = sid[:-2, 16]
        idx[pos < 2, 46] = one("-2w=<s>")
        idx[:-2, 47] = sid[2:, 17]
        idx[to_end < 2, 47] = one("2w=<e>")
        idx[first, 22] = one("first")
        idx[last, 23] = one("last")
        idx[np.array(subj, dtype=bool), 20] = one("subj")
        bi_get = ids.get
        idx[1:, 48] = [bi_get("bi=" + x + "|" + y, z) for x, y in zip(low[:-1], low[1:], strict=True)]
        idx[first, 48] = z
        flags = [(one(yes), one(no)) for yes, no in _SENT_FLAGS]
        para = one("s:para")
        f_qa, f_dc0 = one("qa"), one("dc=0")
        dc_, dcc_, dcl_, dcr_ = ({d: _Ids(p + d, model) for d in "<>"} for p in ("dc=", "dcc=", "dcl=", "dcr="))
        dcomp_ = {d: one("dcomp=" + d) for d in "<>"}
        dcol_ = {d: one("dcol=" + d) for d in "<>"}
        # per direction: ids by distance and by commas between (0, 1, 2+), then by lemma,
        # the two flags, by role
        longest = max(b - a for a, b in bounds)
        by_dir = {
            d: (
                [dc_[d][bucket(i)] for i in range(longest)],
                [dcc_[d][str(i)] for i in range(3)],
                dcl_[d], dcomp_[d], dcol_[d], dcr_[d],
            )
            for d in "<>"
        }
        commas_before = comps_before = colons_before = lem = None
        sent_rows = []
        prev_cue = prev_rule = prev_quote_end = False
        for a, b in bounds:
            cues = [k for k in range(a, b) if cue[k] in NEAR and not in_quote[k]]
            any_rule = any(role[a:b])
            sent = (
                bool(cues), any(in_quote[a:b]), any_rule, prev_cue, prev_rule, prev_quote_end,
                any(subj[a:b]),
            )
            para_start = a == 0 or "\n" in ex.text[toks[a - 1].end : toks[a].start]
            sent_rows.append(
                [yes if x else no for x, (yes, no) in zip(sent, flags, strict=True)] + [para if para_start else z]
            )
            if "stray" in qmark[a:b]:
                # a closing mark later whose opener was in an earlier line
                stray_ahead = False
                for k in range(b - 1, a - 1, -1):
                    if stray_ahead:
                        idx[k, 21] = f_qa
                    if qmark[k] == "stray":
                        stray_ahead = True
                    elif qmark[k] == "open":
                        stray_ahead = False
            if cues:
                if lem is None:
                    lem = ex.lem
                    comps = self.lex.complementizers
                    commas_before = [0, *accumulate(t.text == "," for t in toks)]
                    comps_before = [0, *accumulate(x in comps for x in low)]
                    colons_before = [0, *accumulate(t.text == ":" for t in toks)]
                # nearest cue verb for every token of the sentence: one pass each way
                near = [-1] * (b - a)
                last_cue = -1
                for k in range(a, b):
                    if cue[k] in NEAR and not in_quote[k]:
                        last_cue = k
                    near[k - a] = last_cue
                last_cue = -1
                for k in range(b - 1, a - 1, -1):
                    if cue[k] in NEAR and not in_quote[k]:
                        last_cue = k
                    c = near[k - a]
                    if last_cue >= 0 and (c < 0 or last_cue - k < k - c):
                        near[k - a] = last_cue
                rows = []
                for k in range(a, b):
                    c = near[k - a]
                    if c == k:
                        rows.append((f_dc0, z, z, z, z, z))
                        continue
                    # a sentence with a cue has one nearest to every token
                    dc, dcc, dcl, dcomp, dcol, dcr = by_dir["<" if c > k else ">"]
                    commas = commas_before[c] - commas_before[k]
                    rows.append(
                        (
                            dc[c - k if c > k else k - c],
                            dcc[min(commas if commas >= 0 else -commas, 2)],
                            dcl[lem[c]],
                            dcomp if comps_before[c] != comps_before[k] else z,
                            dcol if colons_before[c] != colons_before[k] else z,
                            dcr[role[k]],
                        )
                    )
                idx[a:b, 24:30] = rows
            prev_cue = bool(cues)
            prev_rule = any_rule
            prev_quote_end = in_quote[b - 1] or qmark[b - 1] == "open"
        idx[:, 12:20] = np.repeat(np.array(sent_rows, dtype=np.intp), lengths, axis=0)
        return idx, bounds
