"""Token features for the attribution sequence labeller.

One feature list per token, computed from an :class:`Extractor` that has already run the rules
(its quote segments, mentions and rule attributions are part of the features). The rules are
precise and the model learns where to trust them and where to reach further.
Sequences are sentences; what crosses a sentence boundary (quote state, the previous sentence's
cue) is passed in as features.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import repeat
from operator import attrgetter, itemgetter

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
_ROLES = ("", "C", "S", "M")  # rule_roles()'s values
_FORM_KEY = attrgetter("text", "lemma", "kind")  # what a word form's cached features depend on
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
        self.pairs: dict[tuple[str, str], int] | None = None  # bigram attributes by word pair

    def add_forms(self, batch: list[tuple[str, ...]]) -> range:
        """Rows for the strings of new word forms, stored in one assignment (a row at a time
        was half the cost of a form the tables had not seen)."""
        get, z = self.model.ids.get, self.model.zero
        rows = [[get(x, z) for x in strings] for strings in batch]
        start, end = self.n_forms, self.n_forms + len(rows)
        while end > len(self.form_ids):
            self.form_ids = np.concatenate([self.form_ids, np.empty_like(self.form_ids)])
        if rows:
            self.form_ids[start:end] = rows
        self.n_forms = end
        return range(start, end)

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


    def bigrams(self, low: list[str]) -> list[int]:
        """Ids of "bi=" + left + "|" + right for each token after the first (its left
        neighbour and itself): looked up by the pair, without building every string."""
        ids, z = self.model.ids, self.model.zero
        if self.pairs is None:
            self.pairs = {}
            for name, i in ids.items():
                left, sep, right = name[3:].partition("|")
                if name.startswith("bi=") and sep and "|" not in right:
                    self.pairs[left, right] = i
        got = list(map(self.pairs.get, zip(low[:-1], low[1:], strict=True), repeat(z)))
        if "|" in "".join(low):  # a word holding "|" splits its pair's name ambiguously
            for k, (x, y) in enumerate(zip(low[:-1], low[1:], strict=True)):
                if "|" in x or "|" in y:
                    got[k] = ids.get("bi=" + x + "|" + y, z)
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
        keys = list(map(_FORM_KEY, toks))
        got = list(map(forms.get, keys))
        redo = set(ex.cue_lemma)
        if None in got:
            redo.update(k for k, g in enumerate(got) if g is None)
        cue_lemma = ex.cue_lemma
        batch: list[tuple] = []  # static() of each new form (once per form, for every cue verb)
        row_of: dict[int, int] = {}  # token -> its position in batch
        first_of: dict[tuple, int] = {}  # new form -> its position in batch
        for k in sorted(redo):
            if k not in cue_lemma and keys[k] in first_of:
                row_of[k] = first_of[keys[k]]
                continue
            row_of[k] = len(batch)
            if k not in cue_lemma:
                first_of[keys[k]] = len(batch)
            batch.append(self.static(k, keep=False))  # the id tables keep what is needed
        rows = tables.add_forms([(*x[2], *x[3], *x[4], *x[5:7]) for x in batch])
        for k, b in row_of.items():
            got[k] = entry = (batch[b][0], rows[b])
            if k not in cue_lemma:
                forms[keys[k]] = entry
        cue = list(map(itemgetter(0), got))
        sid = tables.form_ids[list(map(itemgetter(1), got))]
        texts = list(map(itemgetter(0), keys))
        low = ex.low
        subj = ex.subjunctives() if ex.de else [False] * n
        mentions = ex.doc.mentions
        ment = [mentions[i].label if i >= 0 else "" for i in ex.mention_at]
        seg_open, seg_close = ex.seg_open, ex.seg_close
        qmark = ["stray" if q else "" for q in ex.qc]
        for k in seg_close:
            qmark[k] = "close"
        for k in seg_open:  # an opening mark wins over a closing one
            qmark[k] = "open"
        role, form, in_quote = self.role, self.form, ex.in_quote
        combos, new_combo = tables.combos, tables.combo
        crow = list(map(combos.get, zip(ment, role, form, in_quote, qmark, strict=True)))
        if None in crow:
            for k, (c, x) in enumerate(zip(crow, zip(ment, role, form, in_quote, qmark, strict=True), strict=True)):
                if c is None:
                    crow[k] = combos[x] if x in combos else new_combo(x)
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
        ends = starts + lengths
        at = np.arange(n)
        start_of = np.repeat(starts, lengths)  # first token of each token's sentence
        end_of = np.repeat(ends, lengths)
        pos = at - start_of  # position in the sentence
        to_end = end_of - at - 1  # tokens after it
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
        subj_at = np.fromiter(subj, dtype=bool, count=n)
        idx[subj_at, 20] = one("subj")
        idx[1:, 48] = tables.bigrams(low)
        idx[first, 48] = z
        # the sentence flags, as counts per sentence (reduceat over each sentence's tokens)
        quoted = np.fromiter(in_quote, dtype=bool, count=n)
        is_cue = np.fromiter(map(NEAR.__contains__, cue), dtype=bool, count=n) & ~quoted
        opens = np.zeros(n, dtype=bool)
        opens[list(seg_open)] = True
        has_cue = np.add.reduceat(is_cue, starts) > 0
        any_rule = np.add.reduceat(np.fromiter(map(bool, role), dtype=bool, count=n), starts) > 0
        # the sentence before: its cue, its rules, and whether it ended in or opening a quote
        ended_open = quoted[ends - 1] | opens[ends - 1]
        sent = (
            has_cue, np.add.reduceat(quoted, starts) > 0, any_rule,
            _after(has_cue), _after(any_rule), _after(ended_open), np.add.reduceat(subj_at, starts) > 0,
        )
        sent_cols = [np.where(x, one(yes), one(no)) for x, (yes, no) in zip(sent, _SENT_FLAGS, strict=True)]
        para = one("s:para")
        text = ex.text
        sent_cols.append(
            np.array([para if a == 0 or "\n" in text[toks[a - 1].end : toks[a].start] else z for a, _ in bounds])
        )
        idx[:, 12:20] = np.repeat(np.stack(sent_cols, axis=1), lengths, axis=0)
        # a closing mark later whose opener was in an earlier line: only sentences with a stray mark
        strays = np.fromiter(map("stray".__eq__, qmark), dtype=bool, count=n)
        if strays.any():
            f_qa = one("qa")
            for s in np.flatnonzero(np.add.reduceat(strays, starts)).tolist():
                a, b = bounds[s]
                stray_ahead = False
                for k in range(b - 1, a - 1, -1):
                    if stray_ahead:
                        idx[k, 21] = f_qa
                    if qmark[k] == "stray":
                        stray_ahead = True
                    elif qmark[k] == "open":
                        stray_ahead = False
        if has_cue.any():
            self._cue_columns(idx, model, bounds, cue, is_cue, start_of, end_of, texts, low)
        return idx, bounds

    def _cue_columns(
        self, idx: np.ndarray, model: CRFModel, bounds: list[tuple[int, int]], cue: list[str],
        is_cue: np.ndarray, start_of: np.ndarray, end_of: np.ndarray, texts: list[str], low: list[str],
    ) -> None:
        """Columns 24-29: the nearest cue word of the token's sentence (the nearer one, the
        one before on a tie): direction, distance, commas between (0, 1, 2+), its lemma,
        whether a complementizer or a colon lies between, the token's rule role."""
        ids, z = model.ids, model.zero
        n = len(cue)
        at = np.arange(n)
        # the last cue at or before each token, and the first at or after it, in its sentence
        before = np.maximum.accumulate(np.where(is_cue, at, -1))
        before[before < start_of] = -1
        after = np.minimum.accumulate(np.where(is_cue, at, n)[::-1])[::-1]
        after[after >= end_of] = -1
        near = np.where((after >= 0) & ((before < 0) | (after - at < at - before)), after, before)
        idx[near == at, 24] = ids.get("dc=0", z)
        k = np.flatnonzero((near >= 0) & (near != at))
        c = near[k]
        left = c > k  # the cue is after the token: "<"
        dist = np.abs(c - k)
        longest = max(b - a for a, b in bounds)
        lem = self.ex.lem
        commas = _counts_before(map(",".__eq__, texts), n)
        comps_before = _counts_before(map(self.lex.complementizers.__contains__, low), n)
        colons = _counts_before(map(":".__eq__, texts), n)
        commas_between = np.minimum(np.abs(commas[c] - commas[k]), 2)
        comp_between = comps_before[c] != comps_before[k]
        colon_between = colons[c] != colons[k]
        role_at = np.fromiter(map(_ROLES.index, self.role), dtype=np.intp, count=n)[k]
        cue_at = np.flatnonzero(is_cue).tolist()
        cols = []
        for d in "<>":
            dc_, dcc_, dcl_, dcr_ = (_Ids(p + d, model) for p in ("dc=", "dcc=", "dcl=", "dcr="))
            lemma_id = np.full(n, z, dtype=np.int32)
            lemma_id[cue_at] = [dcl_[lem[x]] for x in cue_at]
            cols.append(
                (
                    np.array([dc_[bucket(i)] for i in range(longest)], dtype=np.int32)[dist],
                    np.array([dcc_[str(i)] for i in range(3)], dtype=np.int32)[commas_between],
                    lemma_id[c],
                    np.where(comp_between, ids.get("dcomp=" + d, z), z),
                    np.where(colon_between, ids.get("dcol=" + d, z), z),
                    np.array([dcr_[r] for r in _ROLES], dtype=np.int32)[role_at],
                )
            )
        for j, (lt, gt) in enumerate(zip(*cols, strict=True)):
            idx[k, 24 + j] = np.where(left, lt, gt)


def _counts_before(flags: Iterable[bool], n: int) -> np.ndarray:
    """How many of the first k flags are set, for k = 0 .. n."""
    out = np.zeros(n + 1, dtype=np.intp)
    np.cumsum(np.fromiter(flags, dtype=bool, count=n), out=out[1:])
    return out


def _after(flags: np.ndarray) -> np.ndarray:
    """Each sentence's flag for the sentence before it (False for the first)."""
    out = np.zeros_like(flags)
    out[1:] = flags[:-1]
    return out
