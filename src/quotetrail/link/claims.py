"""The same figure or quote across articles, and what changed between them.

Where a claim group is made: :class:`ClaimLinker` runs in the store's transaction for each new
article. A figure joins a group of figures that count the same kind of thing (same unit, same
concept from ``lang/<code>/claims.json`` or same subject, within a factor of two, in articles
that share a named entity); a quote joins a group of quotes that share most of their word
4-grams, that it holds or that hold it, or, said in other words, a key phrase (three close
content words by lemma) by the same speaker or an unknown one. The differences of a pair are named by :func:`compare_figures` and
:func:`compare_quotes` when the group is read, so a better comparison applies to old groups too.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import math
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache, lru_cache
from typing import Any

from quotetrail import lang as langdata
from quotetrail.link.names import fold, is_pronoun
from quotetrail.link.unnamed import unnamed_label
from quotetrail.model import Attribution, Document, Figure, Mention, Span, Token

WINDOW = timedelta(days=90)  # a claim travels within weeks; the same number a year on is news of its own
QUOTE_MIN_WORDS = 6  # shorter contents ("es sei normal") recur by chance
QUOTE_OVERLAP = 0.4  # share of the shorter quote's 4-grams found in the group
QUOTE_SHARED = 2  # and at least this many of them: one shared 4-gram is a set phrase, not a quote
SHINGLE = 4
CANDIDATES = 500  # figures of the same kind looked at per new figure
TAKEN = -1  # "the sentence already stands in the group this would join"
RESTATED_MIN = 3  # content words a restatement shares with its original, at least
RESTATED_LOOKBACK = 300  # the speaker's most recent statements compared with a new one
RESTATED_SHARE = 0.5  # and this share of all their content words
KEY_SHARED = 1  # key phrases a statement shares with a group to join it (with a named entity)
KEY_SPAN = 6  # tokens a key phrase's three content words lie within ("ban Muslims from entering")
SHARED = 1  # named entities two articles must share for a claim of one to join the other's group
TOPIC = 4  # groups of the window a key phrase or 4-gram indexes, from which on it names a topic
QUOTE_LONGER = 0.2  # share of the longer text's 4-grams shared, unless the shorter is a quotation
QUOTE_OTHER = 0.5  # that share when another known speaker said the group's words
SMALL = 10  # exact counts below this ("two men", "three weeks") are everywhere: grouped only as casualties


# -- what a figure counts ----------------------------------------------------------------
@dataclass(frozen=True)
class Counted:
    predicates: frozenset[str]  # killed, wounded, ...
    subject: str | None  # people, soldiers, ... or the head word itself
    concept: str | None  # casualties, ...
    noun: str | None = None  # the head word as written, for labels ("voters")

    @property
    def label(self) -> str | None:
        return self.concept or self.noun or self.subject

    @property
    def key(self) -> str | None:
        return self.concept or self.subject

    def keys(self, unit: str | None) -> list[str]:
        """Keys a group of the same counted thing is found by (see ClaimLinker)."""
        out = [f"{unit or ''}|c:{self.concept}"] if self.concept else []
        return out + ([f"{unit or ''}|s:{self.subject}"] if self.subject else [])


@cache
def _claims_data(lang: str) -> dict[str, Any]:
    return langdata.load(lang if lang in langdata.SUPPORTED else "en", "claims") or {}


def counted_of(words: list[tuple[str, str]], lang: str, unit: str | None = None,
               before: list[tuple[str, str]] = ()) -> Counted:  # type: ignore[assignment]
    """What a figure counts, from the (word, lemma) pairs after it: predicates ("killed"), a
    subject ("people", or the head noun's lemma: "email"), a concept for counts of people
    ("casualties": killed, wounded, …; never "30,000 emails that are missing" nor a sum of
    money), and the head noun as written for labels."""
    data = _claims_data(lang)
    people = set(data.get("subjects", {}).values()) - set(data.get("durations", ()))
    preds: set[str] = set()
    subject = None
    for word, lemma in before:  # "killing nine people": the predicate before the number
        for form in (word.casefold(), lemma.casefold()):
            preds.update(data.get("predicates", {}).get(form, ()))
    for word, lemma in words:
        for form in (word.casefold(), lemma.casefold()):
            if form in data.get("predicates", {}):
                preds.update(data["predicates"][form])
                break
        else:
            for form in (word.casefold(), lemma.casefold()):
                if subject is None and form in data.get("subjects", {}):
                    subject = data["subjects"][form]
    noun = None
    if subject is not None and subject in data.get("durations", ()):
        # "fünf Jahre Haft": what lasts; "seit fünf Jahren" alone counts nothing to compare
        after = [(w, lem) for w, lem in words if data["subjects"].get(w.casefold()) != subject
                 and data["subjects"].get(lem.casefold()) != subject]
        noun = _head_noun(after, lang)
        subject = f"{subject}:{fold(noun[1])}" if noun else None
    else:
        noun = _head_noun(words, lang)
        if subject is None and noun is not None:
            subject = fold(noun[1])
    concept = None
    if unit is None and (subject is None or subject in people or subject in preds or fold(noun[1] if noun else "") in _predicate_lemmas(lang)):
        for name, labels in data.get("concepts", {}).items():
            if preds & set(labels):
                concept = name
                break
    return Counted(frozenset(preds), subject, concept, noun[0] if noun else None)


@cache
def _predicate_lemmas(lang: str) -> frozenset[str]:
    return frozenset(fold(w) for w in _claims_data(lang).get("predicates", {}))


def _head_noun(words: list[tuple[str, str]], lang: str) -> tuple[str, str] | None:
    """The first word after a number that can say what it counts: no function word ("of",
    "to", "who"), no speech verb ("said"), a noun (capitalised) in German."""
    code = lang if lang in langdata.SUPPORTED else "en"
    stop = _function_words((code,), units=True)
    verbs = _speech_verbs(code)
    for word, lemma in words[:6]:
        low, lem = word.casefold(), lemma.casefold()
        if len(word) < 2 or not word.isalpha() or low in stop or lem in stop or lem in verbs or low in verbs:
            continue
        if code == "de" and not word[:1].isupper():
            continue
        return word, lemma
    return None


@cache
def _function_words(langs: tuple[str, ...], units: bool = False) -> frozenset[str]:
    """The stopwords of ``langs`` (a language without a list reads English's), with ``units``
    also the words of a figure's own unit or scale ("percent", "million"): built once, asked
    for every statement and every candidate."""
    out: set[str] = set()
    for lang in langs:
        code = lang if lang in langdata.SUPPORTED else "en"
        out |= langdata.wordset(code, "stopwords")
        if units:
            out |= frozenset(_claims_data(code).get("not_counted", ()))
    return frozenset(out)


@cache
def _role_words(langs: tuple[str, ...]) -> frozenset[str]:
    """The folded one-word titles of ``langs``' names data ("candidate", "nominee", "secretary")
    and the role words of their claims data ("presidential"): a title says who speaks, not what
    is said, and "Democratic presidential candidate" tied the statements of every article that
    named a candidate into one quote group."""
    out: set[str] = set()
    for lang in langs:
        code = lang if lang in langdata.SUPPORTED else "en"
        names = langdata.load(code, "names") or {}
        out |= {fold(t).strip(".") for t in names.get("titles", ()) if " " not in t}
        out |= {fold(w) for w in _claims_data(code).get("role_words", ())}
    return frozenset(w for w in out if w)


@cache
def _quote_stopwords(lang: str) -> frozenset[str]:
    """What no 4-gram or key phrase of ``lang`` counts as content: function words, units and
    titles. Built once: the union was made anew for every statement (10-30 us each)."""
    return _function_words((lang, "en"), units=True) | _role_words((lang,))


@cache
def _speech_verbs(lang: str) -> frozenset[str]:
    from quotetrail.analysis.attribution.lexicon import lexicon  # the cue verbs of the language

    return frozenset(lexicon(lang).verbs)


def figure_words(doc: Document, f: Figure, toks: list[Token] | None = None) -> list[tuple[str, str]]:
    """Words that say what a figure counts: its counted span, else the rest of its clause.
    ``toks``: the tokens of the figure's sentence, when the caller has them at hand."""
    toks = doc.sentence_tokens(f.sentence) if toks is None else toks
    if f.counted is not None:
        inside = [t for t in toks if f.counted.start <= t.start and t.end <= f.counted.end and t.kind == "word"]
    else:
        inside = []
    clause = []
    after = [t for t in toks if t.start >= f.span.end and t.sent == f.sentence]
    aside = [s for s in (f.scope, f.hedge) if s is not None]  # "last month", "reportedly": not what is counted
    for t in after:
        if t.kind == "punct" and t.text in ",;:.!?":
            break
        if t.kind == "word" and not any(s.start <= t.start < s.end for s in aside):
            clause.append(t)
    seen = {id(t) for t in inside}
    return [(t.text, t.lemma or t.text) for t in inside + [t for t in clause if id(t) not in seen]]


def figure_counted(doc: Document, f: Figure, toks: list[Token],
                   mentions_at: dict[int, list[tuple[int, Mention]]]) -> Counted | None:
    """What a figure counts as the claim linker keys it, or None when it is no claim to group.
    ``toks``: its sentence's tokens; ``mentions_at``: the article's mentions (with their place
    in ``doc.mentions``) by first character. Pure, so the Spark batch (batch/link.py) keys
    figures exactly as :meth:`ClaimLinker.link` does."""
    if f.value is None or f.value == 0:
        return None
    before = [(t.text, t.lemma or t.text) for t in toks if t.end <= f.span.start and t.kind == "word"][-2:]
    counted = counted_of(figure_words(doc, f, toks), doc.lang, f.unit, before)
    if counted.key is None and f.unit not in (None, "%") and f.scope is not None:
        # "2.5 million euros a day": an amount per day, said with no noun
        per = scope_label(f.scope.text, doc.lang)
        if per:
            counted = Counted(counted.predicates, f"per:{per}", None, per)
    if f.unit is None and abs(f.value) < SMALL and counted.concept is None and ":" not in (counted.subject or ""):
        return None  # "two men", "three states": everywhere; "nine people killed", "six weeks of leave" are claims
    if counted.key is None and f.unit == "%":
        # "Clinton leads Trump 46 percent to 39 percent": a share of whom the clause names first
        named = [m for _, m in sorted((x for t in toks for x in mentions_at.get(t.start, ())),
                                      key=lambda x: x[0])  # in doc.mentions order, as before
                 if m.label in ("PER", "ORG") and m.span.end <= f.span.start]
        if named:
            counted = Counted(frozenset(), "@" + fold(named[-1].name), None, named[-1].name)
    return counted if counted.key is not None else None


def figures_counted(doc: Document) -> list[Counted | None]:
    """:func:`figure_counted` of every figure of ``doc``, in order: the article's tokens by
    sentence and its mentions by first character are indexed once (a figure looks up those at
    its sentence's tokens, not every mention against every token: quadratic in a long article,
    issue 14). The store's linker and both Spark paths key figures through this."""
    if not doc.figures:
        return []  # a quarter of the corpus articles: no walk over their tokens and mentions
    by_sentence: dict[int, list[Token]] = {}
    for t in doc.tokens:
        by_sentence.setdefault(t.sent, []).append(t)
    mentions_at: dict[int, list[tuple[int, Mention]]] = {}
    for n, m in enumerate(doc.mentions):
        mentions_at.setdefault(m.span.start, []).append((n, m))
    return [figure_counted(doc, f, by_sentence.get(f.sentence, []), mentions_at) for f in doc.figures]


# -- comparisons ------------------------------------------------------------------------
COMPARATOR_NAMES = {
    "=": "exact", ">": "more than", ">=": "at least", "<": "less than", "<=": "at most",
    "~": "about", "unspecific": "unspecific",
}


def _sig_digits(x: float) -> int:
    digits = f"{abs(x):.12g}".replace(".", "").lstrip("0").rstrip("0")
    return max(1, len(digits))


def _round_sig(x: float, n: int) -> float:
    if x == 0:
        return 0.0
    return round(x, -int(math.floor(math.log10(abs(x)))) + (n - 1))


def value_relation(a: float | None, b: float | None) -> str:
    """equal, within rounding (equal at the precision of the rounder one), or different."""
    if a is None or b is None:
        return "equal" if a == b else "different"
    if a == b:
        return "equal"
    n = min(_sig_digits(a), _sig_digits(b))
    return "within rounding" if _round_sig(a, n) == _round_sig(b, n) else "different"


APPROXIMATE = frozenset({"~", ">", ">=", "<", "<=", "unspecific"})
APPROX_TOLERANCE = 0.15  # "nearly $1 billion" is "$916 million" rounded; 80 and 84 dead are two counts
ROUND_FROM = 1000  # below this a number with a trailing zero is as likely exact as rounded
ROUND_CLOSE = 0.1  # and a rounding moves a number by less than this share
BAND = 1.5  # a group's members lie within this factor of its first figure (candidates by index)


def same_quantity(a: float, a_cmp: str, b: float, b_cmp: str) -> bool:
    """The same quantity as two articles write it: equal, equal at the precision of the
    rounder one ("40,000" / "40.000" / "about 40,000"), or within :data:`APPROX_TOLERANCE`
    when one of them says it is approximate ("nearly $1 billion" / "$916 million")."""
    rel = value_relation(a, b)
    if rel == "equal":
        return True
    close = abs(a - b) <= ROUND_CLOSE * max(abs(a), abs(b))
    if rel == "within rounding" and min(abs(a), abs(b)) >= ROUND_FROM and close:
        return True  # "40,000" and "41,200" one figure rounded; "80" / "84" dead and "30,000" / "34,000" emails two
    if a_cmp in APPROXIMATE or b_cmp in APPROXIMATE:
        return abs(a - b) <= APPROX_TOLERANCE * max(abs(a), abs(b))
    return False


def _text(span: dict[str, Any] | None) -> str:
    return span["text"] if span else ""


def claimant(member: dict[str, Any]) -> str:
    """Who a figure's article says claims it: a named speaker, the phrase that names the source
    ("the port operator", "einem Sprecher des Betreibers"), unnamed reports, or the author."""
    who = member.get("claimed_by")
    if who and member.get("claimed_by_entity") is not None:
        return who
    lang = (member.get("article") or {}).get("lang")
    if who:
        # a hedge such as "According to the port operator" names its source: only a phrase that
        # names nobody ("Berichten zufolge") is unnamed reports
        if label := unnamed_label(who, lang):
            return label
        return f"{who} (unresolved)" if is_pronoun(who, lang or "en") else who
    if member.get("claim_form") == "reported" or member.get("hedge") or member.get("attribution_id") is not None:
        return "unnamed reports"  # "heißt es", "reportedly": a statement nobody signs
    return "the author (no source given)"


def _claimant_is_phrase(member: dict[str, Any]) -> bool:
    """The claimant is a description in the article's words, not an entity or a kind."""
    return claimant(member) == member.get("claimed_by") and member.get("claimed_by_entity") is None


def compare_figures(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, str]]:
    """Named differences from figure ``a`` (earlier) to ``b``: value, comparator, counted,
    scope, hedge, attribution."""
    out: list[dict[str, str]] = []
    rel = value_relation(a["value"], b["value"])
    if rel != "equal" or a.get("value_high") != b.get("value_high"):
        out.append({"kind": "value", "detail": f"{rel}: “{a['span']['text']}” → “{b['span']['text']}”"})
    if a["comparator"] != b["comparator"]:
        out.append({"kind": "comparator", "detail": f"{COMPARATOR_NAMES.get(a['comparator'], a['comparator'])} "
                    f"(“{a['span']['text']}”) → {COMPARATOR_NAMES.get(b['comparator'], b['comparator'])} "
                    f"(“{b['span']['text']}”)"})
    pa, pb = set(a.get("predicates") or ()), set(b.get("predicates") or ())
    wa, wb = _text(a.get("counted")) or "(not said)", _text(b.get("counted")) or "(not said)"
    if pa != pb and pa and pb:
        if pb < pa:
            how = "narrower"
        elif pb > pa:
            how = "broader"
        else:
            how = "different"
        out.append({"kind": "counted", "detail": f"{how}: “{wa}” ({' or '.join(sorted(pa))}) → "
                    f"“{wb}” ({' or '.join(sorted(pb))})"})
    elif a.get("subject") != b.get("subject") and a.get("subject") and b.get("subject"):
        out.append({"kind": "counted", "detail": f"different subject: “{wa}” → “{wb}”"})
    sa, sb = _text(a.get("scope")), _text(b.get("scope"))
    la, lb = ((m.get("article") or {}).get("lang") or "en" for m in (a, b))
    same_scope = fold(sa) == fold(sb) or (
        sa and sb and (scope_label(sa, la) or sa) == (scope_label(sb, lb) or sb)
    )
    if not same_scope:
        if sa and sb and la != lb and not (scope_label(sa, la) and scope_label(sb, lb)):
            pass  # two languages, a scope we cannot map: not evidence of a change
        elif sa and not sb:
            out.append({"kind": "scope", "detail": f"dropped: “{sa}”"})
        elif sb and not sa:
            out.append({"kind": "scope", "detail": f"added: “{sb}”"})
        else:
            out.append({"kind": "scope", "detail": f"“{sa}” → “{sb}”"})
    ha, hb = _text(a.get("hedge")), _text(b.get("hedge"))
    if bool(ha) != bool(hb):
        out.append({"kind": "hedge", "detail": f"dropped: “{ha}”" if ha else f"added: “{hb}”"})
    ca, cb = claimant(a), claimant(b)
    if _claimant_is_phrase(a) and _claimant_is_phrase(b) and la != lb:
        pass  # "einem Sprecher des Betreibers" / "the port operator": two languages, no evidence
    elif fold(ca) != fold(cb):
        out.append({"kind": "attribution", "detail": f"{ca} → {cb}"})
    return out


def scope_label(text: str, lang: str) -> str | None:
    """A language-independent label of a time scope ("pro Tag", "a day" -> "per day")."""
    folded = f" {fold(text)} "
    for label, phrases in _claims_data(lang).get("scopes", {}).items():
        if any(f" {fold(p)} " in folded for p in phrases):
            return label
    return None


def word_diff(a: str, b: str) -> list[dict[str, str]]:
    """Word-level changes from quote ``a`` to ``b``: replaced, deleted and inserted words."""
    wa, wb = a.split(), b.split()
    ka, kb = [fold(w) for w in wa], [fold(w) for w in wb]
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=ka, b=kb, autojunk=False).get_opcodes():
        if op != "equal":
            out.append({"op": op, "from": " ".join(wa[i1:i2]), "to": " ".join(wb[j1:j2])})
    return out


def compare_quotes(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, str]]:
    """Named differences from quote ``a`` (earlier) to ``b``: words, form, attribution."""
    out: list[dict[str, str]] = []
    changes = word_diff((a.get("claim") or a["content"])["text"], (b.get("claim") or b["content"])["text"])
    if changes:
        parts = []
        for c in changes[:6]:
            if c["op"] == "replace":
                parts.append(f"“{c['from']}” → “{c['to']}”")
            elif c["op"] == "delete":
                parts.append(f"dropped “{c['from']}”")
            else:
                parts.append(f"added “{c['to']}”")
        kind = "altered" if a["form"] == "direct" and b["form"] == "direct" else "words"
        out.append({"kind": kind, "detail": "; ".join(parts) + (" …" if len(changes) > 6 else ""),
                    "changes": changes})  # type: ignore[dict-item]
    if a["form"] != b["form"]:
        out.append({"kind": "form", "detail": f"{a['form']} → {b['form']}"})
    sa = a.get("speaker_entity_id") or a.get("speaker_name")
    sb = b.get("speaker_entity_id") or b.get("speaker_name")
    if sa != sb:
        out.append({"kind": "attribution", "detail": f"{a.get('speaker_name') or '(unnamed)'} → "
                    f"{b.get('speaker_name') or '(unnamed)'}"})
    return out


# How serious a change is for a fact-checker: a dropped hedge, a changed comparator or value,
# a broadened count or a changed claimant change what the claim says; a scope or words less so.
SERIOUSNESS = {
    ("hedge", "dropped"): 3, ("comparator", ""): 3, ("attribution", ""): 3,
    ("counted", "broader"): 3, ("counted", "different"): 2, ("counted", "narrower"): 2,
    ("value", "different"): 3, ("value", "within rounding"): 1, ("scope", ""): 2,
    ("altered", ""): 2, ("words", ""): 1, ("form", ""): 1, ("hedge", "added"): 1,
}


def seriousness(difference: dict[str, Any]) -> int:
    """How much a named difference changes a claim (0-3; see :data:`SERIOUSNESS`)."""
    kind, detail = difference.get("kind", ""), str(difference.get("detail", ""))
    for (k, prefix), weight in SERIOUSNESS.items():
        if k == kind and detail.startswith(prefix):
            return weight
    return 1


# -- grouping at ingest -------------------------------------------------------------------
# double quotation marks, or two apostrophes as some papers write them (single marks are
# apostrophes too often: "don't", "Clinton's")
_QUOTED = re.compile(r"(?:''|[\"“„«»])([^\"“”„«»]{2,300}?)(?:''|[\"”“«»])")


def shingles(text: str, lang: str = "en") -> set[int]:
    """Stable 63-bit hashes of the word 4-grams of a quote (folded, punctuation dropped) that
    hold at least two content words: "it's going to be" is said by everyone, and in English a
    capitalised word is a name, which ties no two statements ("former Secretary of State
    Hillary Clinton")."""
    raw = _SPLIT.sub(" ", text).split()
    words = [_fold_word(w) for w in raw]
    # numbers and their units are the figures' business ("2.5 million euros a day" said by two
    # people is one figure, not one quote)
    stop = _quote_stopwords(lang)
    content = [w not in stop and len(w) > 1 and (lang == "de" or not r[:1].isupper()) for w, r in zip(words, raw, strict=True)]
    out = set()
    for i in range(max(0, len(words) - SHINGLE + 1)):
        if sum(content[i : i + SHINGLE]) >= 2:
            out.add(_hash(" ".join(words[i : i + SHINGLE])))
    return out


_SPLIT = re.compile(r"[^\w]+")


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold(word)

_PUNCT_ANY = re.compile(r"[^\w\s]")


def content_words(text: str, lang: str) -> set[str]:
    """The folded words of a statement that carry its meaning (no function words), with a
    plural 's' dropped, for comparing restatements (``text`` folded already or not)."""
    return set(_content_words(text, lang))


# Each new statement of a speaker is compared with up to RESTATED_LOOKBACK of their earlier
# ones, so the same stored texts come back article after article (47 word sets an attempt,
# 60 % of claim linking on long articles). Bounded: a few kB an entry at most.
@lru_cache(maxsize=8192)
def _content_words(text: str, lang: str) -> frozenset[str]:
    stop = _function_words((lang, "en"))
    out = set()
    for w in (text if text == text.casefold() and not _PUNCT_ANY.search(text) else fold(text)).split():
        if len(w) > 2 and w not in stop and not w.isdigit():
            out.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return frozenset(out)


def _bigrams(words: list[str]) -> list[int]:
    """Hashes of the word pairs that hold a content word ("extremely careless", not "of the":
    a pair of function words would make every quote a candidate)."""
    stop = _function_words(("en", "de"))
    pairs = {_hash(f"{a} {b}") for a, b in zip(words, words[1:], strict=False) if a not in stop or b not in stop}
    return list(pairs)


def key_phrases(tokens: list[Token], lang: str) -> list[int]:
    """Hashes of the runs of three content words, by lemma, that lie close together and hold
    two words that are no name: what a paraphrase keeps of a statement ("ban trawlers from
    entering the northern harbour" / "a ban on trawlers entering the northern harbour": "ban trawler
    enter"). Function words, units, numbers and speech verbs are no content words; in English
    a capitalised word is a name, which alone ties no two statements."""
    stop = _quote_stopwords(lang)
    verbs = _speech_verbs(lang if lang in langdata.SUPPORTED else "en")
    words: list[tuple[int, str, bool]] = []  # (token index, lemma, is a name)
    for i, t in enumerate(tokens):
        if t.kind != "word" or len(t.text) < 3:
            continue
        lemma = _fold_word(t.lemma or t.text)
        if lemma in stop or _fold_word(t.text) in stop or lemma in verbs:
            continue
        name = lang != "de" and t.text[:1].isupper()
        words.append((i, lemma[:-1] if lemma.endswith("s") and len(lemma) > 4 else lemma, name))
    out = set()
    for a, b, c in zip(words, words[1:], words[2:], strict=False):
        if c[0] - a[0] < KEY_SPAN and (a[2] + b[2] + c[2]) <= 1:
            out.add(_hash(f"k:{a[1]} {b[1]} {c[1]}"))
    return list(out)


def quote_share(shared: int, mine: int, theirs: int) -> float | None:
    """The share of the shorter statement's 4-grams that two statements (``mine`` and
    ``theirs`` 4-grams) have in common, when ``shared`` of them make one quote of the two;
    None when they are two. Also the test of a quote pair in Spark (batch/link.py)."""
    share = shared / max(1, min(mine, theirs))
    return share if share >= QUOTE_OVERLAP and shared >= min(QUOTE_SHARED, mine, theirs) else None


def restates(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """One speaker's two statements in other words: most content words (:func:`content_words`)
    shared. Also the test of a restatement pair in Spark (batch/link.py)."""
    shared = mine & theirs
    return len(shared) >= RESTATED_MIN and len(shared) >= RESTATED_SHARE * len(mine | theirs)


def one_saying(shared: int, mine: int, theirs: int, other_speaker: Callable[[], bool],
               shorter_direct: Callable[[], bool]) -> bool:
    """Whether ``shared`` 4-grams make two statements (``mine`` and ``theirs`` 4-grams) one
    saying: a sizeable share of the longer text too, or the shorter is a direct quotation (a
    quote shortened); half the longer text when ``other_speaker()`` (two known speakers). The
    two tests are called only when needed (the store asks its database). Also the test of a
    quote pair in Spark (batch/link.py)."""
    longer = max(mine, theirs)
    if shared >= QUOTE_OTHER * longer:
        return True
    if other_speaker():
        return False
    if shared >= QUOTE_LONGER * longer:
        return True
    return shorter_direct()


def says_something(phrase: str, lang: str) -> bool:
    """Whether a phrase (folded) holds two content words that are no title: "no matter what",
    "it's time" or "I'll tell you" inside another speaker's sentence is how people talk, and
    tied four speakers' unrelated sentences into one group."""
    return len(_content_words(phrase, lang) - _role_words((lang,))) >= 2


def one_claimant(speaker: Any, known: set[Any]) -> bool:
    """Whether a statement of ``speaker`` (None: not known) may join a group paraphrased by the
    ``known`` speakers: a paraphrase is one claimant's, so an unknown speaker joins a group of
    at most one known speaker, a known speaker only a group with no other."""
    return len(known) <= 1 if speaker is None else known <= {speaker}


def most_articles(fits: list[tuple[int, Any]]) -> int | None:
    """Of fitting (group, article) pairs, the group found in the most articles, the most
    recent (highest) of equals; None when none fits."""
    size: dict[int, set[Any]] = {}
    for gid, art in fits:
        size.setdefault(gid, set()).add(art)
    return max(size, key=lambda g: (len(size[g]), g)) if size else None


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


def quoted_fragments(content: Span) -> list[Span]:
    """The words inside quotation marks within a statement ("… had been “extremely careless”
    with …"): the pieces that travel word for word from article to article."""
    out = []
    for m in _QUOTED.finditer(content.text):
        inner = m.group(1).strip(" ,.;:!?")
        if not inner or not any(c.isalpha() for c in inner):
            continue
        start = content.start + m.start(1) + m.group(1).index(inner)
        out.append(Span(start, start + len(inner), inner))
    return out


# one statement for every 4-gram row, so an article's go in one executemany (quote_shingles has
# no unique key: nothing to ignore)
_SHINGLES_SQL = ("INSERT INTO quote_shingles (hash, group_id, first) VALUES "
                 "(?, ?, (SELECT first FROM claim_groups WHERE id = ?))")


class ClaimLinker:
    """Puts one article's figures and quotes into claim groups, in the caller's transaction.

    A figure joins the group of the same quantity (:func:`same_quantity`) of the same counted
    thing (unit and concept or head noun, ``key``) in an article within :data:`WINDOW` that
    shares a named entity with this one. A quote joins a group when most of its word 4-grams
    are the group's (a statement repeated or shortened), and each quoted phrase inside a
    statement ("extremely careless") joins the group of the same words said by the same
    speaker, or, with two words or more, in an article within the window that shares a named
    entity. One sentence is never two members of one group; every member keeps its span."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def link(self, article_id: int, doc: Document, figure_ids: list[int], attribution_ids: list[int],
             speakers: list[int | None] | None = None) -> None:
        if not doc.figures and not doc.attributions:
            return  # nothing to group: no query for the article's entities (issue 14)
        self.article_id = article_id
        self.lang = doc.lang
        self.day = None if "published" in doc.article.inferred else doc.article.published
        self.entities = {
            r[0] for r in self.db.execute(
                "SELECT DISTINCT m.entity_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
                "WHERE m.article_id = ? AND e.type NOT IN ('MEDIA', 'MISC')", (article_id,))  # who reports is no link
        }
        self.taken: set[tuple[int, int]] = set()  # (group, sentence): one sentence, one member
        # sentence -> (group, folded words) of its members so far: a phrase a sentence already
        # stands for ("That makes me smart" quoted in Clinton's sentence and said by Trump in it)
        self.placed: dict[int, list[tuple[int, str]]] = {}
        self.folded: dict[str, str] = {}  # this article's texts, folded (_fold)
        self.shares: dict[int, bool] = {}  # article -> names enough of this one's entities (_sharing)
        self.keyed_hits: tuple[list[int], dict[int, int]] | None = None  # _containing for _keyed
        self.said: dict[int, tuple[list[tuple[int, int, frozenset[str]]], dict[str, list[int]]]] = {}  # _said_before
        # writes nothing reads back while this article is linked, sent in one executemany per
        # statement at the end (_later, _flush) instead of one call each
        self.pending: list[tuple[str, tuple[Any, ...]]] = []
        # the keys of figure groups this article creates are written after all its figures:
        # such a group has only this article's members, so it is never a candidate here
        # (article_id != ?), yet the candidate query scanned every one of them in the value
        # band, quadratic in a long article's figures (issue 14)
        self.own_groups: set[int] = set()
        self.own_keys: list[tuple[str, int, int, float]] = []
        self.tokens, self.starts = doc.tokens, [t.start for t in doc.tokens]
        for f, fid, counted in zip(doc.figures, figure_ids, figures_counted(doc), strict=True):
            self._figure(f, fid, counted)
        self.db.executemany(
            "INSERT OR IGNORE INTO claim_keys (key, group_id, first, value) "
            "VALUES (?, ?, (SELECT first FROM claim_groups WHERE id = ?), ?)",
            self.own_keys,
        )
        self._index_shingles(doc)
        for n, (at, aid) in enumerate(zip(doc.attributions, attribution_ids, strict=True)):
            speaker = speakers[n] if speakers else None
            whole = len(at.content.text.split()) >= QUOTE_MIN_WORDS
            if whole:
                self._quote(aid, at, speaker)
            elif at.form == "direct":
                self._fragment(aid, at, at.content, speaker)  # “That makes me smart”
            for frag in quoted_fragments(at.content):
                if not (whole and frag.start == at.content.start and frag.end == at.content.end):
                    self._fragment(aid, at, frag, speaker)
        self._flush()

    def _later(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Write ``rows`` with ``sql`` at the end of the article (:meth:`_flush`): only for rows
        no query of this article reads — a figure's counted words (candidates are other
        articles' figures), statements' members (every quote query asks for other articles'
        members), 4-grams and 4-gram counts (read once, before the statements; the article's
        own are kept in memory from then on)."""
        self.pending += [(sql, row) for row in rows]

    def _flush(self) -> None:
        """The rows :meth:`_later` kept, one executemany per statement (each table's rows in the
        order they were made, so they get the row ids they would have got one by one)."""
        by_sql: dict[str, list[tuple[Any, ...]]] = {}
        for sql, row in self.pending:
            by_sql.setdefault(sql, []).append(row)
        for sql, rows in by_sql.items():
            self.db.executemany(sql, rows)
        self.pending = []

    # -- figures ---------------------------------------------------------------------------
    def _figure(self, f: Figure, fid: int, counted: Counted | None) -> None:
        if counted is None or f.value is None:
            return
        keys = counted.keys(f.unit)
        self._later("UPDATE figures SET predicates = ?, subject = ? WHERE id = ?",
                    [(" ".join(sorted(counted.predicates)), counted.subject, fid)])
        lo, hi = sorted((f.value * (1 - APPROX_TOLERANCE), f.value * (1 + APPROX_TOLERANCE)))
        marks = ", ".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT DISTINCT m.group_id, x.value, x.comparator, m.article_id, x.predicates FROM claim_keys k "
            "JOIN claim_members m ON m.group_id = k.group_id JOIN figures x ON x.id = m.figure_id "
            "JOIN articles a ON a.id = m.article_id "
            f"WHERE k.key IN ({marks}) AND k.value BETWEEN ? AND ? AND {self._first_window('k')} "
            f"AND x.value BETWEEN ? AND ? AND m.article_id != ? AND {self._window('a')} ORDER BY m.group_id DESC LIMIT ?",
            (*keys, min(lo / BAND, lo * BAND), max(hi / BAND, hi * BAND), *self._first_args(), lo, hi,
             self.article_id, *self._window_args(), CANDIDATES),
        ).fetchall()
        fits = [
            (gid, art) for gid, value, cmp, art, preds in rows
            if same_quantity(f.value, f.comparator, value, cmp)
            # "1.200 getötet" and "1.200 geflohen": people both, counted for another reason
            and not (counted.predicates and preds and not counted.predicates & set(preds.split()))
        ]
        # the same quantity as every member, not as one of them ("roughly 40" joins no 44 to a 46)
        odd = self._odd_groups({gid for gid, _ in fits}, f)
        fits = [(gid, art) for gid, art in fits if gid not in odd]
        gid = self._best_group(fits, f.sentence)
        if gid is None:
            gid = self._new_group("figure", keys[0], f"{f.span.text} · {counted.label}")
            self.own_groups.add(gid)
        if gid in self.own_groups:
            self.own_keys += [(k, gid, gid, f.value) for k in keys]  # written after the figures
        else:
            self.db.executemany(
                "INSERT OR IGNORE INTO claim_keys (key, group_id, first, value) "
                "VALUES (?, ?, (SELECT first FROM claim_groups WHERE id = ?), ?)",
                [(k, gid, gid, f.value) for k in keys],
            )
        self._member(gid, f.sentence, f.span, figure_id=fid)

    def _odd_groups(self, groups: set[int], f: Figure) -> set[int]:
        """Those of ``groups`` with a member that is not the same quantity as ``f``."""
        if not groups:
            return set()
        marks = ", ".join("?" * len(groups))
        return {
            gid for gid, value, cmp in self.db.execute(
                "SELECT m.group_id, x.value, x.comparator FROM claim_members m JOIN figures x ON x.id = m.figure_id "
                f"WHERE m.group_id IN ({marks})", tuple(groups))
            if value is None or not same_quantity(f.value or 0, f.comparator, value, cmp)
        }

    # -- quotes ----------------------------------------------------------------------------
    def _quote(self, aid: int, at: Attribution, speaker: int | None) -> None:
        """A whole statement: it joins the group most of whose word 4-grams it shares (said
        again, shortened); the phrases quoted inside it are grouped by :meth:`_fragment`."""
        mine = self.shingled[at.content.text]  # computed for every whole statement by _index_shingles
        if not mine:  # few content words ("No, I said she's the one behind it"): as a phrase
            self._fragment(aid, at, at.content, speaker)
            return
        # 4-grams that index TOPIC groups or more are a topic's words (see _specific)
        counts = self._shingle_hits([h for h in mine if len(self.shingle_groups.get(h, ())) < TOPIC])
        best = None
        for gid, n in counts.items():
            size = self.shingle_sizes.get(gid, 0)
            share = quote_share(n, len(mine), size)
            if (share is not None and (gid, at.sentence) not in self.taken and (best is None or share > best[1])
                    and self._not_a_phrase_of(gid, n, len(mine), size, at, speaker)):
                best = (gid, share)
        words = self._fold(at.content.text).split()
        keys = self._keys(at.content)
        gid = best[0] if best else self._containing(words, at.sentence, speaker, least=2, keys=keys)
        if gid is None:
            gid = self._keyed(keys, at.sentence, speaker)
        if gid is None:
            gid = self._restated(at.content.text, at.sentence, speaker)
        if gid == TAKEN:
            return
        if gid is None and (here := self._said_here(words, at.sentence)) is not None:
            # the sentence already stands in a group for these words: that group is found by
            # this statement's 4-grams from now on, no second group of the same saying
            self._later(_SHINGLES_SQL, [(h, here, here) for h in mine])
            self._later("UPDATE claim_groups SET shingles = max(shingles, ?) WHERE id = ?", [(len(mine), here)])
            for h in mine:
                self.shingle_groups.setdefault(h, []).append(here)
            self.shingle_sizes[here] = max(self.shingle_sizes.get(here, 0), len(mine))
            return
        new = gid is None
        if gid is None:
            label = " ".join(at.content.text.split()[:10]) + ("…" if len(at.content.text.split()) > 10 else "")
            gid = self._new_group("quote", "", label, shingle_count=len(mine))
            self._later(_SHINGLES_SQL, [(h, gid, gid) for h in mine])  # first: this article's day
            for h in mine:  # later statements of this article find it as the query would have
                self.shingle_groups.setdefault(h, []).append(gid)
            self.shingle_sizes[gid] = len(mine)
        self._member(gid, at.sentence, at.content, attribution_id=aid)
        if new:
            self._index_keys(gid, keys)

    def _not_a_phrase_of(self, gid: int, n: int, mine: int, size: int, at: Attribution,
                         speaker: int | None) -> bool:
        """Whether ``n`` shared 4-grams make this statement (``mine`` 4-grams) and group
        ``gid``'s (``size``) one saying: they are a sizeable share of the longer text too, or
        the shorter is a direct quotation (a quote shortened). A noun phrase of one statement
        inside a long other ("the Democratic nominee's private email server") is a topic.
        Between two known speakers half the longer text is shared: a quote given to another
        person is repeated whole, two people naming one matter share a phrase of it
        (:func:`one_saying`)."""
        def other_speaker() -> bool:
            return speaker is not None and any(sp not in (None, speaker) for (sp,) in self.db.execute(
                "SELECT DISTINCT t.speaker_entity_id FROM claim_members m JOIN attributions t "
                "ON t.id = m.attribution_id WHERE m.group_id = ?", (gid,)))

        def shorter_direct() -> bool:
            if mine <= size:
                return at.form == "direct"
            row = self.db.execute(
                "SELECT t.form FROM claim_members m JOIN attributions t ON t.id = m.attribution_id "
                "WHERE m.group_id = ? ORDER BY m.rowid LIMIT 1", (gid,)).fetchone()
            return bool(row) and row[0] == "direct"

        return one_saying(n, mine, size, other_speaker, shorter_direct)

    def _fragment(self, aid: int, at: Attribution, frag: Span, speaker: int | None) -> None:
        """A short quoted phrase: it joins a group that holds the same words, or holds them
        inside a longer quotation, or whose phrase it holds ("makes me smart" / "That makes
        me smart")."""
        words = self._fold(frag.text).split()
        if not words or (len(words) == 1 and len(words[0]) < 5):
            return
        # a single quoted word is a claim beside its speaker ("rapists"); without one it may
        # join the group of that word, not start one (scare quotes: "experts")
        lone = len(words) == 1 and speaker is None
        stop = _function_words((self.lang,))
        if all(w[:1].isupper() for w in frag.text.split() if w[:1].isalpha() and w.casefold() not in stop):
            return  # a quoted name or title ("Donald Trump", "the Northern Ports Fishing Agreement")
        keys = self._keys(frag)
        gid = self._containing(words, at.sentence, speaker, keys=keys)
        if lone and gid is None:
            return
        if gid is None:
            gid = self._keyed(keys, at.sentence, speaker)
        if gid is None:
            gid = self._restated(frag.text, at.sentence, speaker)
        if gid == TAKEN:
            return  # this sentence already stands in that group (its whole statement does)
        if gid is None and (here := self._said_here(words, at.sentence)) is not None:
            gid, member = here, False  # found by this phrase from now on, not a second member
        else:
            member = True
        new = gid is None
        if gid is None:
            gid = self._new_group("quote", "q:" + " ".join(words), frag.text if len(frag.text) <= 80 else frag.text[:79] + "…")
        self.db.executemany(
            "INSERT INTO quote_bigrams (hash, group_id, first) VALUES (?, ?, (SELECT first FROM claim_groups WHERE id = ?))",
            [(h, gid, gid) for h in _bigrams(words) or [_hash(words[0])]],
        )
        if member:
            self._member(gid, at.sentence, frag, attribution_id=aid)
        if new:
            self._index_keys(gid, keys)

    def _keys(self, span: Span) -> list[int]:
        """The key phrases (:func:`key_phrases`) of the words within ``span``."""
        lo = bisect.bisect_left(self.starts, span.start)
        hi = bisect.bisect_left(self.starts, span.end, lo)
        return key_phrases(self.tokens[lo:hi], self.lang)

    def _index_keys(self, gid: int, keys: list[int]) -> None:
        # only a group's first statement is indexed: a later member joined by one key phrase
        # would lend the group its other phrases, and on a season of news the group chained
        # every statement that mentions "a private email server" (40 members, 12 articles)
        # beside the phrase bigrams: a key hash is made of three words with a prefix, no pair
        self.db.executemany("INSERT INTO quote_bigrams (hash, group_id, first) VALUES "
                            "(?, ?, (SELECT first FROM claim_groups WHERE id = ?))", [(h, gid, gid) for h in keys])

    def _keyed(self, keys: list[int], sentence: int, speaker: int | None) -> int | None:
        """A group that shares a key phrase with these words (a paraphrase: "a ban on trawlers
        entering the northern harbour"), said by the same speaker or one not known on either
        side (two people's "climate change is real" are two claims), in an article within the
        window that shares a named entity; TAKEN when this sentence already stands in such a
        group."""
        if not keys:
            return None
        hits = self.keyed_hits if self.keyed_hits is not None and self.keyed_hits[0] == keys else None
        self.keyed_hits = None
        specific = self._specific(keys)  # a topic's phrases join nothing
        if not specific:
            return None
        if specific != keys:
            keys, hits = specific, None
        groups = sorted((g for g, n in (hits[1] if hits else self._hits(keys)[0]).items() if n >= KEY_SHARED),
                        reverse=True)[:CANDIDATES]
        if not groups:
            return None
        rows = self.db.execute(
            "SELECT DISTINCT m.group_id, m.article_id, t.speaker_entity_id FROM claim_members m "
            "JOIN attributions t ON t.id = m.attribution_id JOIN articles a ON a.id = m.article_id "
            f"WHERE m.group_id IN ({', '.join('?' * len(groups))}) AND m.article_id != ? AND {self._window('a')}",
            (*groups, self.article_id, *self._window_args()),
        ).fetchall()
        # A paraphrase is one claimant's: a statement whose speaker is not known may join a
        # group of at most one known speaker, a known speaker only a group with no other. (Per
        # member, an unknown speaker on either side let a group of one topic gather statements
        # of a dozen people who all spoke of "a private email server".)
        known: dict[int, set[int]] = {}
        for gid, _art, sp in rows:
            if sp is not None:
                known.setdefault(gid, set()).add(sp)
        fits = [(gid, art) for gid, art, _sp in rows
                if one_claimant(speaker, known.get(gid, set()))]
        if any((g, sentence) in self.taken for g, _ in fits):
            return TAKEN
        return self._best_group(fits, sentence)

    def _specific(self, keys: list[int]) -> list[int]:
        """Those of ``keys`` that index fewer than :data:`TOPIC` groups of the window. A saying
        that travels stays one group, so its phrases index one; a phrase that many statements
        of different speakers use ("a private email server") indexes a group for each: a
        topic, which joins nothing. One indexed count per key, linear in its postings."""
        counts: dict[int, int] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            counts.update(self.db.execute(
                f"SELECT hash, count(DISTINCT group_id) FROM quote_bigrams WHERE hash IN ({', '.join('?' * len(chunk))}) "
                f"AND {self._first_window('quote_bigrams')} GROUP BY hash",
                (*chunk, *self._first_args()),
            ).fetchall())
        return [k for k in keys if counts.get(k, 0) < TOPIC]

    def _said_here(self, words: list[str], sentence: int) -> int | None:
        """The group of a member of this sentence that these words hold: the same saying again
        ("That makes me smart" quoted inside Clinton's sentence, then said by Trump in it). A
        shorter phrase inside a member makes a group of its own, so that the phrase quoted
        alone elsewhere finds it ("mind is shot" inside "the justice's mind is shot")."""
        mine = " " + " ".join(words) + " "
        for gid, theirs in self.placed.get(sentence, ()):
            if theirs in mine:
                return gid
        return None

    def _containing(self, words: list[str], sentence: int, speaker: int | None, *, least: int = 1,
                    keys: list[int] | None = None) -> int | None:
        """A group one of whose members holds these words, or is held by them, said by the same
        speaker, or (from two words on) in an article within the window sharing a named
        entity; TAKEN when this sentence already stands in such a group. ``least``: word pairs
        a candidate group shares at the least (a whole statement looks for phrases of three
        words and more it holds, so a group sharing one pair of its words is none). ``keys``:
        the key phrases :meth:`_keyed` asks next when nothing is found here; their groups come
        with the same query (nothing is written between the two)."""
        hits, keyed = self._hits(_bigrams(words) or [_hash(words[0])], keys or [])
        self.keyed_hits = (keys, keyed) if keys else None
        groups = sorted((g for g, n in hits.items() if n >= least), reverse=True)[:CANDIDATES]
        if not groups:
            return None
        mine = " " + " ".join(words) + " "
        fits_same: list[tuple[int, int]] = []
        fits_other: list[tuple[int, int]] = []
        marks = ", ".join("?" * len(groups))
        # Most candidates hold neither these words nor are held by them: SQLite drops those by
        # the same substring test on the stored folded text, so Python sees only the few left.
        # Rows the test below would fold again (no folded text, or folded text with uppercase
        # or non-ASCII letters, which folding could still change) are all passed through.
        for gid, art, text, sp in self.db.execute(
            "SELECT m.group_id, m.article_id, COALESCE(m.folded, m.text), t.speaker_entity_id "
            "FROM claim_members m INDEXED BY claim_members_phrase "  # the filter reads the index, not the rows
            "JOIN attributions t ON t.id = m.attribution_id JOIN articles a ON a.id = m.article_id "
            f"WHERE m.group_id IN ({marks}) AND m.attribution_id IS NOT NULL AND m.article_id != ? "
            f"AND {self._window('a')} "
            "AND (m.folded IS NULL OR m.folded GLOB '*[^ -~]*' OR m.folded GLOB '*[A-Z]*' "
            "OR instr(' ' || m.folded || ' ', ?) > 0 OR instr(?, ' ' || m.folded || ' ') > 0)",
            (*groups, self.article_id, *self._window_args(), mine, mine),
        ):
            theirs = " " + (text or "") + " " if text and text == text.casefold() else " " + fold(text or "") + " "
            if mine not in theirs and theirs not in mine:
                continue
            if speaker is not None and sp == speaker:
                fits_same.append((gid, art))
            elif mine == theirs or (min(len(words), len(theirs.split())) >= 3
                                    and says_something(min(mine, theirs, key=len), self.lang)):
                # another speaker: the same words, or a phrase of three words and more inside
                # a longer one ("far too careless in the way they kept …")
                fits_other.append((gid, art))
        if any((g, sentence) in self.taken for g, _ in fits_same + fits_other):
            return TAKEN
        gid = self._best_group(fits_same, sentence, need_entity=False) if fits_same else None
        return gid if gid is not None else self._best_group(fits_other, sentence)

    def _restated(self, text: str, sentence: int, speaker: int | None) -> int | None:
        """A group of the same speaker's statement in other words: most content words shared
        ("ban trawlers from entering the northern harbour" / "a temporary ban on trawlers entering
        the northern harbour"), within the window."""
        mine = _content_words(text, self.lang)
        if speaker is None or len(mine) < RESTATED_MIN:
            return None
        rows, by_word = self._said_before(speaker)
        # the rows sharing a word, counted through the word index, instead of two set operations
        # with each of up to RESTATED_LOOKBACK rows: most of them share no word with this one
        shared: dict[int, int] = {}
        for word in mine:
            for i in by_word.get(word, ()):
                shared[i] = shared.get(i, 0) + 1
        fits = []
        for i in sorted(shared):
            n, (gid, art, other) = shared[i], rows[i]
            if n >= RESTATED_MIN and n >= RESTATED_SHARE * (len(mine) + len(other) - n):  # restates(), by the index
                fits.append((gid, art))
        if any((g, sentence) in self.taken for g, _ in fits):
            return TAKEN
        return self._best_group(fits, sentence, need_entity=False)

    def _said_before(self, speaker: int) -> tuple[list[tuple[int, int, frozenset[str]]], dict[str, list[int]]]:
        """The members (group, article, content words) of the speaker's most recent statements
        in other articles within the window, and for each content word the members that hold
        it. Read once per speaker and article, not once per statement and phrase: the answer
        cannot change while this article is linked (its own statements are stored before
        linking, and the members it adds are of this article)."""
        got = self.said.get(speaker)
        if got is None:
            rows = [
                (gid, art, _content_words(theirs or "", self.lang)) for gid, art, theirs in self.db.execute(
                    "SELECT m.group_id, m.article_id, COALESCE(m.folded, m.text) FROM "
                    "(SELECT id FROM attributions WHERE speaker_entity_id = ? ORDER BY id DESC LIMIT ?) t "
                    "JOIN claim_members m ON m.attribution_id = t.id JOIN articles a ON a.id = m.article_id "
                    f"WHERE m.article_id != ? AND {self._window('a')}",
                    (speaker, RESTATED_LOOKBACK, self.article_id, *self._window_args()),
                )
            ]
            by_word: dict[str, list[int]] = {}
            for i, (_, _, words) in enumerate(rows):
                for word in words:
                    by_word.setdefault(word, []).append(i)
            got = self.said[speaker] = (rows, by_word)
        return got

    def _index_shingles(self, doc: Document) -> None:
        """The groups (first seen within the window) indexed by any 4-gram of this article's
        whole statements, and their 4-gram counts: two queries an article, not two a statement
        (11 statements an article, each query paying its own planning and index descent)."""
        hashes: set[int] = set()
        # text -> its 4-grams, kept for _quote (they were computed twice a statement)
        self.shingled: dict[str, set[int]] = {}
        for at in doc.attributions:
            if len(at.content.text.split()) >= QUOTE_MIN_WORDS:
                got = self.shingled.get(at.content.text)
                if got is None:
                    got = self.shingled[at.content.text] = shingles(at.content.text, self.lang)
                hashes |= got
        self.shingle_groups: dict[int, list[int]] = {}  # hash -> groups, ascending
        self.shingle_sizes: dict[int, int] = {}
        found = list(hashes)
        for i in range(0, len(found), 500):
            chunk = found[i : i + 500]
            for h, gid in self.db.execute(
                f"SELECT DISTINCT hash, group_id FROM quote_shingles WHERE hash IN ({', '.join('?' * len(chunk))}) "
                f"AND {self._first_window('quote_shingles')} ORDER BY group_id",
                (*chunk, *self._first_args()),
            ):
                self.shingle_groups.setdefault(h, []).append(gid)
        ids = sorted({gid for gids in self.shingle_groups.values() for gid in gids})
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            self.shingle_sizes.update(self.db.execute(
                f"SELECT id, shingles FROM claim_groups WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            ).fetchall())

    def _shingle_hits(self, hashes: list[int]) -> dict[int, int]:
        """Group -> how many of ``hashes`` index it, from :meth:`_index_shingles`, in the order
        :meth:`_hits` gave them (by chunk of 500, ascending group in each; the first of equal
        shares wins, so the order is part of the output)."""
        counts: dict[int, int] = {}
        for i in range(0, len(hashes), 500):
            chunk: dict[int, int] = {}
            for h in hashes[i : i + 500]:
                for gid in self.shingle_groups.get(h, ()):
                    chunk[gid] = chunk.get(gid, 0) + 1
            for gid in sorted(chunk):
                counts[gid] = counts.get(gid, 0) + chunk[gid]
        return counts

    def _hits(self, hashes: list[int], also: list[int] | None = None) -> tuple[dict[int, int], dict[int, int]]:
        """Group -> how many of ``hashes`` (word pairs or key phrases) it is indexed by, among the
        groups first seen within the window (older ones are out of reach, so the cost stays
        flat); the same for ``also``, from the same query. The group and hash come from the
        index (quote_bigrams_window) and are counted here: no table row, no temporary B-tree."""
        mine, theirs = set(hashes), set(also or ())
        found = sorted(mine | theirs)
        counts: dict[int, int] = {}
        other: dict[int, int] = {}
        for i in range(0, len(found), 500):
            chunk = found[i : i + 500]
            for gid, h in self.db.execute(
                f"SELECT DISTINCT group_id, hash FROM quote_bigrams WHERE hash IN ({', '.join('?' * len(chunk))}) "
                f"AND {self._first_window('quote_bigrams')}",
                (*chunk, *self._first_args()),
            ):
                if h in mine:
                    counts[gid] = counts.get(gid, 0) + 1
                if h in theirs:
                    other[gid] = other.get(gid, 0) + 1
        return counts, other

    # -- shared ----------------------------------------------------------------------------
    def _window(self, alias: str) -> str:
        """Members of articles within the window, of groups first seen within it (a guessed
        publication date, a year the page did not print, bounds nothing)."""
        return (f"({alias}.published IS NULL OR ? IS NULL OR ({alias}.published BETWEEN ? AND ? "
                f"AND COALESCE((SELECT first FROM claim_groups WHERE id = m.group_id) BETWEEN ? AND ?, TRUE)) "
                f"OR {alias}.inferred LIKE '%published%')")

    def _first_window(self, alias: str) -> str:
        """A group first seen within the window (or undated, or when this article is)."""
        return f"(? IS NULL OR {alias}.first IS NULL OR {alias}.first BETWEEN ? AND ?)"

    def _first_args(self) -> tuple[str | None, ...]:
        if self.day is None:
            return None, None, None
        return self.day.isoformat(), (self.day - WINDOW).isoformat(), (self.day + WINDOW).isoformat()

    def _window_args(self) -> tuple[str | None, ...]:
        if self.day is None:
            return None, None, None, None, None
        lo, hi = (self.day - WINDOW).isoformat(), (self.day + WINDOW).isoformat()
        return self.day.isoformat(), lo, hi, lo, hi

    def _best_group(self, fits: list[tuple[int, int]], sentence: int, *, need_entity: bool = True) -> int | None:
        """The most recent fitting group whose article shares a named entity with this one,
        and that holds nothing of this sentence yet."""
        fits = [(gid, art) for gid, art in fits if (gid, sentence) not in self.taken]
        if not fits:
            return None
        if need_entity:
            shared = self._sharing({art for _, art in fits})
            fits = [(gid, art) for gid, art in fits if art in shared]
        if not fits:
            return None
        return most_articles(fits)

    def _sharing(self, articles: set[int]) -> set[int]:
        """Those of ``articles`` that name :data:`SHARED` or more of this article's people,
        organisations and places: one name in common ("Trump" in 2016) ties nothing."""
        need = min(SHARED, len(self.entities))
        if not need or not articles:
            return set()
        # the same candidate articles come back for figure after figure and quote after quote
        # of one article (1.2 ms an article asked again); the answer cannot change meanwhile
        ask = [a for a in articles if a not in self.shares]
        if ask:
            a_marks, e_marks = ", ".join("?" * len(ask)), ", ".join("?" * len(self.entities))
            found = {
                r[0] for r in self.db.execute(
                    f"SELECT article_id FROM mentions WHERE article_id IN ({a_marks}) AND entity_id IN ({e_marks}) "
                    "GROUP BY article_id HAVING count(DISTINCT entity_id) >= ?",
                    (*ask, *self.entities, need),
                )
            }
            self.shares.update((a, a in found) for a in ask)
        return {a for a in articles if self.shares[a]}

    def _fold(self, text: str) -> str:
        """:func:`fold` of a statement or phrase of this article, folded once (it is asked again
        for its member row and its sentence's phrases)."""
        got = self.folded.get(text)
        if got is None:
            got = self.folded[text] = fold(text)
        return got

    def _new_group(self, kind: str, key: str, label: str, shingle_count: int = 0) -> int:
        return int(self.db.execute(
            "INSERT INTO claim_groups (kind, key, label, shingles, first) VALUES (?, ?, ?, ?, ?)",
            (kind, key, label, shingle_count, self.day.isoformat() if self.day else None),
        ).lastrowid or 0)

    def _member(self, gid: int, sentence: int, span: Span, *, figure_id: int | None = None,
                attribution_id: int | None = None) -> None:
        self.taken.add((gid, sentence))
        folded = None if figure_id is not None else self._fold(span.text)
        if folded is not None:
            self.placed.setdefault(sentence, []).append((gid, " " + " ".join(folded.split()) + " "))
        sql = ('INSERT INTO claim_members (group_id, figure_id, attribution_id, article_id, sentence, start, "end", '
               "text, folded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        row = (gid, figure_id, attribution_id, self.article_id, sentence, span.start, span.end, span.text, folded)
        if figure_id is not None:
            self.db.execute(sql, row)  # a later figure's same-quantity check reads every member of its group
        else:
            self._later(sql, [row])
