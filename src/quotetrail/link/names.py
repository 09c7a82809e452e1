"""Name keys for linking across articles: one key for the spellings of one name.

``skeleton`` folds case, accents and transliteration variants (rules in
``lang/common/translit.json``), so "Wladimir Selenskyj", "Vladimir Zelensky" and
"Volodymyr Zelenskyy"'s surnames meet. Keys are for comparing only; the store shows names as
the articles wrote them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from quotetrail import lang as langdata
from quotetrail.analysis.entities import lexicon

_PUNCT = re.compile(r"[^\w\s]")
_DOUBLE = re.compile(r"(.)\1+")


# every combining mark (what NFKD splits off a letter): the few a text holds are removed with
# one C call each, not a Python test per character (six times cheaper on German text; folding
# runs several times per statement in claim linking, issue 14)
@cache
def _combining() -> frozenset[str]:
    return frozenset(chr(c) for c in range(0x110000) if unicodedata.combining(chr(c)))


# Outside Latin, Greek and Cyrillic a mark is part of the word: a Devanagari or Thai vowel sign
# (category Mc, or Mn of combining class 0) survives the accent strip above, and "[^\w\s]" would
# split the name at it ("नरेन्द्र" read as "नर नदर"): punctuation is what is neither word, space nor mark.
@cache
def _punct_not_marks() -> re.Pattern[str]:
    planes = (*range(0x30000), *range(0xE0000, 0xE1000))  # no marks elsewhere: a fifth of the scan
    marks = [c for c in planes if unicodedata.category(chr(c)).startswith("M")]
    ranges: list[str] = []
    start = prev = marks[0]
    for c in [*marks[1:], -1]:
        if c != prev + 1:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
            start = c
        prev = c
    return re.compile(r"[^\w\s" + "".join(ranges) + "]")


@cache
def _rules() -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in langdata.load("common", "translit").get("rules", []))


def fold(text: str) -> str:
    """Case-folded, accent-free, punctuation as space: "NATO-Generalsekretär" -> "nato generalsekretar"."""
    text = text.casefold()
    if not text.isascii():  # accents to strip (most English text has none: skip the per-character walk)
        text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
        for mark in _combining().intersection(text):
            text = text.replace(mark, "")
        return " ".join(_punct_not_marks().sub(" ", text).split())
    return " ".join(_PUNCT.sub(" ", text).split())  # \s is what str.split splits on: as _SPACE.sub + strip


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The comparison key of a name: folded, transliteration rules applied, doubles collapsed."""
    text = fold(name)
    for a, b in _rules():
        text = text.replace(a, b)
    return _DOUBLE.sub(r"\1", text)


def surname(name: str, lang: str) -> str:
    """The family name of a full name, with its particles ("von der Leyen")."""
    words = name.split()
    particles = lexicon(lang).particles
    i = len(words) - 1
    while i > 1 and words[i - 1] in particles:
        i -= 1
    return " ".join(words[i:])


def is_full_name(name: str) -> bool:
    """A first name (or initial) and a surname, as opposed to a bare surname."""
    return len(name.split()) >= 2


@cache
def _role_lookup(lang: str) -> dict[str, str]:
    lex = lexicon(lang)
    return {fold(phrase): key for phrase, (key, _gender) in lex.roles.items()}


def role_key(description: str, lang: str) -> str | None:
    """The role a description names ("Der Kremlchef" -> "ru.head"), if the names data knows it.

    The leading determiner is dropped by trying the phrase without its first word.
    """
    lookup = _role_lookup(lang if lang in langdata.SUPPORTED else "en")
    words = fold(description).split()
    for start in (0, 1):
        phrase = " ".join(words[start:])
        if phrase in lookup:
            return lookup[phrase]
    return None


@cache
def _function_words(lang: str) -> frozenset[str]:
    code = lang if lang in langdata.SUPPORTED else "en"
    att = langdata.load(code, "attribution") or {}
    words: set[str] = set()
    for key in ("pronouns", "possessives", "relatives", "determiners", "demonstratives", "object_pronouns"):
        words |= {str(w).casefold() for w in att.get(key, [])}
    contractions = {"s", "ve", "ll", "d", "re", "m"}  # "I've", "they're": folded to two words
    return frozenset(words | contractions | langdata.wordset(code, "stopwords"))


def is_pronoun(name: str, lang: str) -> bool:
    """ "he", "Her", "who", "they", "I've", "sie": a word that stands for someone the text
    named elsewhere (or nobody), never a name of its own."""
    words = fold(name).split()
    return bool(words) and len(words) <= 2 and all(w in _function_words(lang) or w in _function_words("en") for w in words)
