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


@component(name="lemmatize", requires=("tokens", "lang"), assigns=("lemmas",))
def lemmatize(doc: Document) -> Document:
    lang = doc.lang
    for tok in doc.tokens:
        tok.lemma = lemma_of(tok.text, lang) if tok.kind == "word" else tok.text
    return doc
