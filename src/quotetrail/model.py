"""The shared document model.

Every stage reads and writes these types. Every extracted item carries character offsets
(``start``/``end``, end exclusive) into ``Article.text`` — the exact text that is stored — so
whatever is shown can be traced back to the characters it came from.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Form = Literal["direct", "indirect", "free_indirect", "reported"]


@dataclass(slots=True, frozen=True)
class Span:
    """A stretch of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


_WS = re.compile(r"\s+")


def normalise_for_hash(text: str) -> str:
    """Text as compared for exact duplicates: NFC, case-folded, whitespace collapsed."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


@dataclass
class Article:
    """One ingested article: the text exactly as analysed and stored, plus metadata.

    ``inferred`` names the metadata fields the product guessed (``"published"``, ``"lang"``,
    ``"site"``, ...) rather than read from the input or got from the user.
    """

    text: str
    origin: str  # file path, URL, "stdin" or "file.jsonl:LINE"
    title: str | None = None
    site: str | None = None
    author: str | None = None
    url: str | None = None
    published: date | None = None
    published_time: str | None = None  # "HH:MM" when the source gives one
    lang: str | None = None
    inferred: set[str] = field(default_factory=set)
    # Boilerplate or header lines that were removed from the input, kept for transparency.
    dropped: list[str] = field(default_factory=list)
    # What ingest had to repair or fall back on ("repaired mojibake"), shown when ingesting.
    notes: list[str] = field(default_factory=list)

    # (text, its hash): computed once per text, recomputed if the text is replaced
    _hash: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def content_hash(self) -> str:
        if self._hash is None or self._hash[0] is not self.text:
            self._hash = (self.text, hashlib.sha256(normalise_for_hash(self.text).encode("utf-8")).hexdigest())
        return self._hash[1]

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(slots=True)
class Sentence:
    start: int
    end: int


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    sent: int  # index into Document.sentences
    lemma: str = ""
    # coarse class from the tokenizer: "word", "num", "punct", "quote"
    kind: str = "word"


@dataclass(slots=True)
class Mention:
    """A named thing in the text: a person, organisation, place, or media outlet."""

    span: Span
    label: Literal["PER", "ORG", "LOC", "MEDIA", "MISC"]
    # the fullest name the article gives this referent ("Mark Rutte" for a later "Rutte")
    name: str
    # the role key the text ties to this person ("nato.head" for "NATO-Generalsekretär Mark
    # Rutte"); lets the cross-article linker resolve a bare "der NATO-Chef" elsewhere
    role: str | None = None


@dataclass(slots=True)
class DateMention:
    span: Span
    value: date | None  # resolved calendar date (first day for a week/month)
    granularity: Literal["day", "week", "month", "year"] = "day"
    relative: bool = False  # resolved against the publication date
    inferred: bool = False  # e.g. a year the text does not give


@dataclass(slots=True)
class Attribution:
    """Who said what: speaker, cue, content, and how it reached this article."""

    content: Span
    form: Form
    cue: Span | None = None
    cue_parts: tuple[Span, ...] = ()  # the rest of a split cue: "hat" ... "angekündigt"
    speaker: Span | None = None  # as written: "Rutte", "er", "ein Sprecher"
    speaker_name: str | None = None  # resolved: "Mark Rutte"; the description if unresolved
    speaker_ref: Span | None = None  # where the resolved name was found, for pronouns
    # on whose behalf the speaker speaks: "Cameron's" in "Cameron's spokesman", "Clinton" in
    # "the Clinton campaign", "his" in "his aides" (principal_name: the resolved name)
    principal: Span | None = None
    principal_name: str | None = None
    medium: Span | None = None  # "in einem Interview mit dem Nordkurier", "Truth Social"
    intermediary: Span | None = None  # the outlet that passed it on: "Politico", "Sky News"
    date: DateMention | None = None  # when it was said, if the sentence says
    sentence: int = 0
    # which rule (analysis/attribution/statements.py; "pattern_*": a list in lang/<code>/attribution.json)
    # or "model" found it; "<rule> + model" when both did — shown by `article N --explain`
    made_by: str | None = None

    @property
    def cue_text(self) -> str | None:
        """The cue as a reader sees it, pieces joined by an ellipsis: "kündigte … an"."""
        if self.cue is None:
            return None
        return " … ".join(p.text for p in sorted((self.cue, *self.cue_parts), key=lambda p: p.start))


@dataclass(slots=True)
class Figure:
    """A number the article reports, normalised, with what it counts and who claims it."""

    span: Span  # the number expression: "über 20.000", "mehr als eine Million"
    value: float | None  # None for unspecific quantities ("Tausende")
    comparator: Literal["=", ">", ">=", "<", "<=", "~", "unspecific"] = "="
    value_high: float | None = None  # upper bound of a range
    unit: str | None = None  # "%", "EUR", "USD", ...; None for counts
    counted: Span | None = None  # "Soldaten", "Menschen getötet oder verletzt"
    scope: Span | None = None  # "im vergangenen Monat", "seit Beginn des Konflikts"
    hedge: Span | None = None  # "Berichten zufolge", "reportedly"
    attribution: int | None = None  # index into Document.attributions
    sentence: int = 0


@dataclass
class Document:
    """An article with everything the analysis pipeline found in it."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    # set when the text was longer than the analysis bound: the analysed part is
    # text[:analysed_chars] and every span lies in it (analysis/pipeline.py, issue 14)
    analysed_chars: int | None = None

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def lang(self) -> str:
        return self.article.lang or "other"

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.article.text, start, end)

    def sentence_tokens(self, index: int) -> list[Token]:
        return [t for t in self.tokens if t.sent == index]
