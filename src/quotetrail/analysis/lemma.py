"""Lemmas with simplemma, cached per (language, word form): news repeats its words."""

from __future__ import annotations

from functools import lru_cache

import simplemma

from quotetrail.analysis.pipeline import component
from quotetrail.model import Document

# simplemma's own language list; anything else gets the lower-cased form as lemma.
_SUPPORTED = frozenset(simplemma.strategies.dictionaries.dictionary_factory.SUPPORTED_LANGUAGES)


@lru_cache(maxsize=200_000)
def lemma_of(word: str, lang: str) -> str:
    if lang not in _SUPPORTED:
        return word.lower()
    return simplemma.lemmatize(word, lang=lang)


# per language, word -> lemma: a dict lookup per token is several times cheaper than going
# through lemma_of's lru_cache wrapper; bounded like it
_LEMMAS: dict[str, dict[str, str]] = {}


@component(name="lemmatize", requires=("tokens", "lang"), assigns=("lemmas",))
def lemmatize(doc: Document) -> Document:
    lang = doc.lang
    known = _LEMMAS.setdefault(lang, {})
    if len(known) > 200_000:
        known.clear()
    find = lemma_of.__wrapped__
    for tok in doc.tokens:
        if tok.kind == "word":
            lem = known.get(tok.text)
            if lem is None:
                lem = known[tok.text] = find(tok.text, lang)
            tok.lemma = lem
        else:
            tok.lemma = tok.text
    return doc
