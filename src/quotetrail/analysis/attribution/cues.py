"""Stage 2: cue finding — which words are speech cues.

Input: the :class:`~.context.Context` and the quote segments. ``verb_cue(k, a, b)`` says whether
token ``k`` of the sentence ``[a, b)`` is a cue: a speech verb by lemma (separable particles:
"hob ... hervor"), a predicative cue ("zeigte sich überzeugt"); ``phrase_spans`` finds phrase
cues ("mit den Worten"). The statement rules (``statements``), the speaker finder and the
resolution ask it. Output besides the answers: ``cue_lemma``, the full lemma of each separable
verb found with its particle far away (token -> lemma), which the frame and the labeller's
features read.
"""

from __future__ import annotations

from operator import or_

from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.lexicon import AttrLexicon, fold, is_quote, lemma_of
from quotetrail.analysis.attribution.phrases import apposition_end
from quotetrail.analysis.attribution.quotes import Quotes

_CUE_WORDS: dict[int, tuple[AttrLexicon, frozenset[str], frozenset[str]]] = {}


def _cue_words(lex: AttrLexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The lemmas and the forms that make a token a cue word candidate (verb_cue), per lexicon."""
    got = _CUE_WORDS.get(id(lex))
    if got is None or got[0] is not lex:
        got = _CUE_WORDS[id(lex)] = (
            lex, frozenset(lex.by_base) | frozenset(lex.verbs), frozenset(lex.verbs) | frozenset(lex.adjectives)
        )
    return got[1], got[2]


class CueFinder:
    """Cue words of one document; remembers the separable verbs it has seen (``cue_lemma``)."""

    def __init__(self, ctx: Context, quotes: Quotes) -> None:
        self.ctx = ctx
        self.quotes = quotes
        self.cue_lemma: dict[int, str] = {}  # separable verbs: token -> full lemma
        # per token: could it be a cue word at all (verb_cue's own test, asked of every token)
        by_lemma, by_form = _cue_words(ctx.lex)
        self.cue_word = list(map(or_, map(by_lemma.__contains__, ctx.lem), map(by_form.__contains__, ctx.low)))

    def verb_cue(self, k: int, a: int, b: int) -> tuple[int, int, int] | None:
        """(finite verb, cue start, cue end) for a cue at ``k``."""
        if not self.cue_word[k]:
            return None  # the test below, answered once per token in advance
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        t = toks[k]
        lem, low = ctx.lem[k], ctx.low[k]
        if t.kind != "word" or (
            # an English headline in title case capitalises its verbs too ("Says", not "Tell")
            t.text[:1].isupper() and k != a and not (ctx.title_case(t.sent) and low != lem)
        ):
            return None  # German nouns and names are capitalised; cue verbs are not
        if not (lem in lex.by_base or lem in lex.verbs or low in lex.verbs or low in lex.adjectives):
            return None  # no cue word: all that follows would return None (its checks are pure)
        if not ctx.de and not self.english_verb(k, a, b):
            return None
        if ctx.de and k == a + 1 and ctx.low[a] in lex.expletives and ctx.subjunctive(t):
            return None  # "Es drohe ein Streik, sagte er": reported words, not a speech act
        far = self.separable_particle(k, b, lem) if lem in lex.by_base else None
        if ctx.de and k > a and far is None and self.participle_adjective(k, b):
            return None  # "die geforderten Änderungen" (but "Das teilte Sprecher X mit": a verb)
        if far is not None:
            self.cue_lemma[k] = far[1]
            return k, k, far[0] + 1
        if lem in lex.by_base and ctx.de and k > a and self.clause_end(k + 1, b):
            # a verb-final clause with the particle written apart: "wie X heute bekannt gab"
            prev = fold(toks[k - 1])
            for particle, _full in lex.by_base[lem]:
                if prev == particle:
                    self.cue_lemma[k - 1] = _full
                    return k, k - 1, k + 1
        info = lex.verbs.get(lem) or lex.verbs.get(low)
        # a particle verb counts without its particle only in its own fused forms
        # ("hinzugefügt", "hervorzuheben"), not as the bare base ("points" without "out")
        if info is not None and not ("particle" in info and "base" not in info):
            if not ctx.de and info.get("noun") and low == lem and not self.after_subject(k, a):
                return None  # "Battleground state", "the claim": base form of a noun-like verb
            if info.get("with") and not self.followed_by(k + 1, b, info["with"]):
                return None  # "sprach von …" reports speech, "sprach mit ihm" does not
            if info.get("not_with") and (
                self.followed_by(k + 1, b, info["not_with"]) or self.preceded_by(k - 1, a, info["not_with"])
            ):
                return None  # "Der Sturm forderte zwölf Todesopfer", "Zwölf Todesopfer forderte …": no demand
            return k, k, k + 1
        if (
            low in lex.adjectives
            and k + 1 < b
            and (toks[k + 1].text in ",:" or fold(toks[k + 1]) in lex.complementizers)
        ):
            for c in range(k - 1, max(a, k - 3) - 1, -1):
                if lemma_of(toks[c]) in lex.copulas and fold(toks[c]) not in lex.reflexives:
                    return c, c, k + 1
        return None

    def english_verb(self, k: int, a: int, b: int) -> bool:
        """English cue words double as nouns and participles: keep the finite uses."""
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        prev = fold(toks[k - 1]) if k > a else ""
        if (
            prev in lex.determiners
            or prev in ("'s", "’s", "s", "'", "’")
            or prev[-2:] in ("'s", "’s")
        ):
            return False  # "the statement", "Trump's claim"
        if k + 1 < b and fold(toks[k + 1]) in lex.agent_markers:
            return False  # passive "written by"
        if self.gerund(k) and prev not in lex.auxiliaries and prev != ",":
            return False  # "before asking", "by announcing" (", saying …" is kept)
        return True

    def gerund(self, k: int) -> bool:
        ctx = self.ctx
        return bool(ctx.lex.gerund_suffix) and fold(ctx.toks[k]).endswith(ctx.lex.gerund_suffix)

    def separable_particle(self, k: int, b: int, lem: str) -> tuple[int, str] | None:
        """The particle of the separable verb at ``k`` where it closes the clause ("gab … bekannt"),
        over appositions and short quotations, with the full lemma; None when there is none."""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        for particle, full in lex.by_base.get(lem, ()):
            p = k + 1
            while p < min(b, k + 20):
                q = toks[p]
                if q.text == "," and ctx.de:
                    # "Davon geht X, der zuständige Minister, aus": over an apposition
                    close = apposition_end(ctx, quotes, p, b)
                    if close is not None:
                        p = close + 1
                        continue
                seg = quotes.seg_open.get(p)
                if seg is not None and 0 < seg.close - p <= 6:
                    p = seg.close + 1  # "wies die Vorwürfe als „haltlos“ zurück": a short quotation
                    continue
                if q.kind == "punct" or fold(q) in lex.complementizers:
                    break
                if fold(q) == particle and self.clause_end(p + 1, b):
                    return p, full
                p += 1
        return None

    def clause_end(self, p: int, b: int) -> bool:
        """A separable particle closes its clause ("gab … an," but not "an Tankstellen")."""
        ctx = self.ctx
        if p >= b:
            return True
        t = ctx.toks[p]
        low = fold(t)
        return (
            t.kind == "punct"
            or is_quote(t)
            or low in ctx.lex.complementizers
            or low in ctx.lex.clause_breaks
        )

    def participle_adjective(self, k: int, b: int) -> bool:
        """German "die geforderten Änderungen": an inflected participle before its noun."""
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        if fold(toks[k - 1]) in lex.determiners:
            # "die geforderten Änderungen", but not "Das meldet die Zeitung", "Das sagte Merkel"
            return k + 1 < b and ctx.is_cap(toks[k + 1]) and ctx.mention(k + 1) is None
        low = fold(toks[k])
        particle = next((p for p in lex.particles if low.startswith(p + lex.participle_prefix)), "")
        return (
            k + 1 < b
            and ctx.is_cap(toks[k + 1])
            and bool(lex.participle_prefix)
            # "die geforderten", "den vorgeschlagenen Einsatz"
            and low[len(particle):].startswith(lex.participle_prefix)
            and low.endswith(lex.participle_adj_endings)
            and not low.endswith(lex.participle_not_endings)
            and fold(toks[k - 1]) not in lex.auxiliaries
        )

    def after_subject(self, k: int, a: int) -> bool:
        """English base form after a pronoun or modal: "they claim", "will state"."""
        ctx = self.ctx
        if k == a:
            return False
        prev = fold(ctx.toks[k - 1])
        return prev in ctx.lex.pronouns or prev in ctx.lex.auxiliaries or prev in ctx.lex.adverbs

    def preceded_by(self, k: int, a: int, words: list[str]) -> bool:
        """One of ``words`` earlier in the clause, after a comma or quotation."""
        return self.in_clause(range(k, a - 1, -1), words)

    def followed_by(self, k: int, b: int, words: list[str]) -> bool:
        """One of ``words`` later in the clause, before a comma or quotation."""
        return self.in_clause(range(k, b), words)

    def in_clause(self, positions: range, words: list[str]) -> bool:
        ctx = self.ctx
        for x in positions:
            t = ctx.toks[x]
            if t.text in ",;:" or is_quote(t):
                return False
            if fold(t) in words:
                return True
        return False

    def phrase_spans(self, a: int, b: int) -> list[tuple[int, int]]:
        """Where the cue phrases ("mit den Worten") stand in ``[a, b)``, outside quotations."""
        ctx = self.ctx
        quotes = self.quotes
        out = []
        for phrase in ctx.lex.frame_phrases:
            n = len(phrase)
            out.extend(
                (k, k + n) for k in range(a, b - n + 1)
                if not quotes.in_quote[k] and tuple(ctx.low[k : k + n]) == phrase
            )
        return out

    def next_cue_clause(self, start: int, a: int, b: int) -> int:
        """Where a coordinated clause with a cue of its own begins ("bestätigte, dass …, und
        gab an, …"): the statement ends before it; else ``b``."""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        for k in range(start + 1, b - 2):
            if toks[k].text != "," or quotes.in_quote[k] or fold(toks[k + 1]) not in lex.clause_breaks:
                continue
            x = k + 2
            while x < b and fold(toks[x]) in lex.adverbs:
                x += 1
            if x < b and self.verb_cue(x, a, b):
                return k
        return b

    def passive_request(self, a: int, b: int, c0: int) -> bool:
        """German "Die Anwohner wurden aufgefordert, die Fenster zu schließen": a request verb
        in the passive reports the request; its subject is the addressee, not the speaker."""
        ctx = self.ctx
        if not ctx.de:
            return False
        requests = ctx.lex.passive_requests
        if lemma_of(ctx.toks[c0]) not in requests and self.cue_lemma.get(c0) not in requests:
            return False
        return any(ctx.low[k] in ctx.lex.passive for k in range(max(a, c0 - 8), min(b, c0 + 3)) if k != c0)
