"""Language identification with lingua.

German and English are what the pipeline analyses fully; a handful of other European
languages are in the detector so that an article in one of them is recognised as such (and
degrades to segmentation and figures) instead of being forced into German or English.
Text too short or too mixed to tell gets the code ``"xx"``.
"""

from __future__ import annotations

from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from quotetrail.analysis.pipeline import component
from quotetrail.model import Document

UNKNOWN = "xx"
_LANGUAGES = (
    Language.GERMAN,
    Language.ENGLISH,
    Language.FRENCH,
    Language.SPANISH,
    Language.ITALIAN,
    Language.DUTCH,
    Language.POLISH,
    Language.PORTUGUESE,
    Language.RUSSIAN,
    Language.UKRAINIAN,
)
# A prefix this long decides reliably; detection cost grows with length. 1,000 characters gave
# the same language as 2,000 for all 1,654 corpus articles at 60 % of the cost (2026-11-23).
_SAMPLE_CHARS = 1000


@cache
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*_LANGUAGES)
        .with_minimum_relative_distance(0.1)
        .build()
    )


def _letters(text: str, least: int) -> bool:
    """Whether ``text`` holds ``least`` letters; stops at the last one needed (counting all
    1,000 characters of every article cost a fifth of language identification)."""
    for ch in text:
        if ch.isalpha():
            least -= 1
            if not least:
                return True
    return least <= 0


def detect(text: str) -> str:
    """ISO 639-1 code of the text's language, or ``"xx"`` when it cannot be told."""
    sample = text[:_SAMPLE_CHARS]
    if not _letters(sample, 10):
        return UNKNOWN
    found = _detector().detect_language_of(sample)
    if found is None:
        return UNKNOWN
    code: IsoCode639_1 = found.iso_code_639_1
    return code.name.lower()


@component(name="detect_language", requires=("article",), assigns=("lang",))
def detect_language(doc: Document) -> Document:
    if not doc.article.lang:
        doc.article.lang = detect(doc.text)
        doc.article.inferred.add("lang")
    return doc
