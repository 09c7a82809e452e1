"""What every stage of attribution reads about one article: its tokens, sentences, lemmas,
mentions, dates and language data, indexed once, with the span helpers built on them.

A :class:`Context` is made once per document (``Context(doc)``) and only read afterwards: a
stage that takes it cannot change what another stage sees. What stages produce (quote segments,
found attributions) they return or keep themselves.
"""

from __future__ import annotations

import bisect
from itertools import repeat
from operator import attrgetter

from quotetrail.analysis.attribution.lexicon import (
    ASCII_QUOTES,
    END_PUNCT,
    QUOTE_MARKS,
    fold,
    konjunktiv,
    lemma_of,
    lexicon,
)
from quotetrail.analysis.entities import paragraph_of, paragraph_starts
from quotetrail.model import DateMention, Document, Mention, Span, Token

_SENT, _START, _TEXT, _LEMMA = (attrgetter(x) for x in ("sent", "start", "text", "lemma"))
# qchar() of a token's text: the quote mark it stands for, for the texts that stand for one
_QCHAR = {
    text: mark
    for text in (*QUOTE_MARKS, *ASCII_QUOTES)
    if (mark := ASCII_QUOTES.get(text, text)) in QUOTE_MARKS
}


class Context:
    """One document's indexes (read-only once built) and the helpers that only read them."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.toks = doc.tokens
        self.lex = lexicon(doc.lang)
        self.de = doc.lang == "de"
        n = len(self.toks)
        # token range of each sentence: from its first token to past its last, in the order
        # the sentences first appear
        sents = list(map(_SENT, self.toks))
        first = {s: i for i, s in zip(range(n - 1, -1, -1), reversed(sents), strict=True)}
        last = {s: i for i, s in enumerate(sents, 1)}
        self.sent_range: dict[int, tuple[int, int]] = {s: (first[s], last[s]) for s in dict.fromkeys(sents)}
        self.starts = list(map(_START, self.toks))
        # fold() and lemma_of() of every token, for the loops that ask at every token
        texts = list(map(_TEXT, self.toks))
        self.low = list(map(str.casefold, texts))
        self.lem = [(lemma or text).casefold() for lemma, text in zip(map(_LEMMA, self.toks), texts, strict=True)]
        self.qc = list(map(_QCHAR.get, texts, repeat("")))  # qchar() of every token
        self.mention_at: list[int] = [-1] * n
        for m_i, m in enumerate(doc.mentions):
            i = bisect.bisect_left(self.starts, m.span.start)
            while i < n and self.toks[i].end <= m.span.end:
                self.mention_at[i] = m_i
                i += 1
        self.para_starts = paragraph_starts(self.text)
        self.dates_by_sent: dict[int, list[DateMention]] = {}
        self.per_by_sent: dict[int, list[Mention]] = {}
        self.first_named: dict[str, Span] = {}  # a person's name -> where it is first written
        self.leads: dict[int, Span] = {}  # paragraphs opened by "Outlet:"
        self._index_mentions_and_dates()
        self._titled: dict[int, bool] = {}  # title_case() per sentence, asked often

    def _index_mentions_and_dates(self) -> None:
        sent_ids = sorted(self.sent_range)
        sent_starts = [self.toks[self.sent_range[s][0]].start for s in sent_ids]
        for d in self.doc.dates:
            idx = bisect.bisect_right(sent_starts, d.span.start) - 1
            if idx >= 0:
                self.dates_by_sent.setdefault(sent_ids[idx], []).append(d)
        for m in self.doc.mentions:
            if m.label == "PER":
                i = bisect.bisect_left(self.starts, m.span.start)
                if i < len(self.toks):
                    self.per_by_sent.setdefault(self.toks[i].sent, []).append(m)
                if m.span.text == m.name:
                    self.first_named.setdefault(m.name, m.span)
        # paragraphs opened by an outlet and a colon
        for m in self.doc.mentions:
            if m.label == "MEDIA" and (m.span.start == 0 or self.text[m.span.start - 1] == "\n"):
                i = bisect.bisect_left(self.starts, m.span.end)
                if i < len(self.toks) and self.toks[i].text == ":":
                    self.leads[paragraph_of(self.para_starts, m.span.start)] = m.span

    # -- span helpers -------------------------------------------------------------------------
    def span(self, i: int, j: int) -> Span:
        return self.doc.span(self.toks[i].start, self.toks[j - 1].end)

    def mention(self, i: int) -> Mention | None:
        k = self.mention_at[i] if 0 <= i < len(self.toks) else -1
        return self.doc.mentions[k] if k >= 0 else None

    def title_case(self, s: int) -> bool:
        """An English headline in title case ("Senator Says Plan Will Fail"): its capitals
        mark no names, so a capitalised cue verb counts there."""
        hit = self._titled.get(s)
        if hit is None:
            a, b = self.sent_range[s]
            long = [t.text for t in self.toks[a:b] if t.kind == "word" and len(t.text) > 3]
            caps = sum(1 for w in long if w[:1].isupper())
            hit = self._titled[s] = not self.de and len(long) >= 3 and caps >= 0.8 * len(long)
        return hit

    def is_cap(self, t: Token) -> bool:
        return t.kind == "word" and t.text[:1].isupper()

    def is_adverb(self, t: Token) -> bool:
        """A listed adverb, or a lowercase word with the language's adverb ending ("sharply")."""
        low, lex = fold(t), self.lex
        return low in lex.adverbs or (
            bool(lex.adverb_suffix)
            and t.text[:1].islower()
            and len(low) > len(lex.adverb_suffix) + 2
            and low.endswith(lex.adverb_suffix)
            and low not in lex.adverb_suffix_not
        )

    def is_adj(self, t: Token) -> bool:
        low = fold(t)
        return (
            t.kind == "word"
            # "die 56-jährige Angestellte": a number joined to an adjective
            and (t.text[:1].islower() or (t.text[:1].isdigit() and "-" in t.text and t.text.rsplit("-", 1)[1][:1].islower()))
            and low not in self.lex.adverbs
            and low not in self.lex.auxiliaries
            and low not in self.lex.medium_preps
            and low not in self.lex.complementizers
            and low not in self.lex.prefield_adverbials
            and (not self.lex.adjective_endings or low.endswith(self.lex.adjective_endings))
        )

    def trim(self, a: int, b: int) -> tuple[int, int]:
        """Drop trailing sentence punctuation (outside quotes) and leading commas."""
        while b > a and self.toks[b - 1].kind == "punct" and self.toks[b - 1].text in END_PUNCT:
            b -= 1
        while a < b and self.toks[a].kind == "punct" and self.toks[a].text in END_PUNCT:
            a += 1
        return a, b

    def tidy(self, i: int, j: int) -> tuple[int, int]:
        while j > i and self.toks[j - 1].kind == "punct" and self.toks[j - 1].text != ")":
            j -= 1
        return i, j

    def token_range(self, chars: tuple[int, int]) -> tuple[int, int]:
        """The tokens (start, end exclusive) that a character span such as a content covers."""
        return bisect.bisect_left(self.starts, chars[0]), bisect.bisect_left(self.starts, chars[1])

    def chars(self, i: int, j: int) -> tuple[int, int]:
        return self.toks[i].start, self.toks[j - 1].end

    def date_token(self, i: int) -> bool:
        t = self.toks[i]
        return any(d.span.start <= t.start < d.span.end for d in self.dates_of(t.sent))

    def dates_of(self, s: int) -> list[DateMention]:
        return self.dates_by_sent.get(s, [])

    # -- reported patterns ---------------------------------------------------------------
    def match_seq(self, k: int, b: int, seq: tuple[str, ...]) -> bool:
        if k + len(seq) > b:
            return False
        return all(
            fold(self.toks[k + n]) == w or lemma_of(self.toks[k + n]) == w
            for n, w in enumerate(seq)
        )

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

    def middle_field(self, i: int, j: int) -> tuple[int, int]:
        toks, lex = self.toks, self.lex
        i, j = self.trim(i, j)
        while i < j and (
            fold(toks[i]) in lex.adverbs
            or fold(toks[i]) in lex.auxiliaries
            or self.medium_at(i, j) is not None
            or self.date_token(i)
        ):
            med = self.medium_at(i, j)
            i = med[1] if med else i + 1
        return self.trim(i, j)

    # -- 5. medium, intermediary, date, speaker names --------------------------------------
    def medium_at(self, i: int, b: int) -> tuple[int, int] | None:
        toks, lex = self.toks, self.lex
        if fold(toks[i]) not in lex.medium_preps:
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
            if fold(toks[j]) in lex.medium_nouns:
                j += 1  # "press conference"
                continue
            if fold(toks[j]) in lex.medium_links or fold(toks[j]) in lex.medium_preps:
                nxt = self.medium_head(j + 1, b)
                if nxt is None:
                    if j + 1 < b and self.is_name_word(toks[j + 1]):
                        # an outlet the gazetteer does not know: "Interview mit Radio Weserwelle"
                        j += 1
                        while j < b and self.is_name_word(toks[j]):
                            j += 1
                    break
                j = nxt
                continue
            break
        return i, j

    def is_name_word(self, tok: Token) -> bool:
        return tok.kind == "word" and tok.text[:1].isupper() and fold(tok) not in self.lex.determiners

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
            if fold(toks[p]) in lex.medium_nouns or lemma_of(toks[p]) in lex.medium_nouns:
                return p + 1
            if toks[p].kind != "word" or (
                fold(toks[p]) not in lex.medium_links and not self.is_adj(toks[p]) and self.de
            ):
                return None
        return None

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
        if after[0] >= after[1] or (p0 > a and self.toks[p0 - 1].text == ","):
            return before  # "…, according to a draft seen by Reuters.
        if whole_if_middle:
            return self.trim(a, b)
        return after if after[1] - after[0] >= before[1] - before[0] else before

    def subjunctives(self) -> list[bool]:
        """subjunctive() of every token, from the folded forms at hand."""
        lex = self.lex
        return [
            t.kind == "word"
            and t.text[:1].islower()
            and low not in lex.not_subjunctive
            and (low in lex.subjunctive or (lem.endswith("en") and low == lem[:-1] and len(low) > 3))
            for t, low, lem in zip(self.toks, self.low, self.lem, strict=True)
        ]

    def subjunctive(self, t: Token) -> bool:
        return konjunktiv(t, self.lex)

    def bare_name_end(self, i: int, j: int) -> int:
        """End of two or three capitalised words with no article that open ``[i, j)``: a name
        the gazetteers do not know ("Lotte Brandauer vom Institut …"); ``i`` when there is none."""
        toks, lex = self.toks, self.lex
        if fold(toks[i]) in lex.determiners:
            return i
        k = i
        while (
            k < j and k - i < 3 and self.is_cap(toks[k]) and any(c.islower() for c in toks[k].text)
        ):
            k += 1
        if k - i < 2 or (k < j and self.is_cap(toks[k])):
            return i
        return k
