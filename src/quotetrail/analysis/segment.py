"""Sentences and tokens with character offsets, tuned for German and English news.

One regular expression finds tokens; a second pass merges abbreviations ("Dr.", "Mio.") and
decides sentence ends. A full stop ends a sentence only when whitespace and an upper-case word,
a digit or an opening quote follow, and it is not an abbreviation or a German ordinal ("am 22.
Oktober"). A line break always ends a sentence: scraped text puts headlines and paragraphs on
lines of their own, and a headline has no full stop. A sentence also ends after
``MAX_SENTENCE_TOKENS`` tokens: text without sentence marks or line breaks would otherwise be one
sentence, and the steps that look across a sentence would cost time quadratic in its length
(issue 14). The longest sentence in both evaluation corpora has 220 tokens.
"""

from __future__ import annotations

import re
from functools import cache

from quotetrail import lang as langdata
from quotetrail.analysis.pipeline import component
from quotetrail.model import Document, Sentence, Token

QUOTE_CHARS = frozenset("„“”\"»«‚‘’'`")
_TERMINAL = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_CLOSERS = frozenset("“”\"»«‘’')]")
_ENDERS = _TERMINAL | _CLOSERS  # tokens after which a sentence can end other than at a line break
MAX_SENTENCE_TOKENS = 400

_TOKEN = re.compile(
    r"""
    (?P<url>https?://[^\s<>"“”„«»]+[^\s<>"“”„«».,;:!?)])
  | (?P<abbr>(?:[^\W\d_]\.){2,})                       # U.S., z.B., e.g., a.m.
  | (?P<num>\d+(?:[.,:/]\d+)*(?:-?[^\W\d_]+)?)          # 20.000, 1,5, 3.5, 03:30, 1980er, 30-jährige
  | (?P<word>[^\W\d_][\w]*(?:[-'’][\w]+)*-?)            # NATO-Generalsekretär, Trump's, Ein-
  | (?P<quote>''|``|[„“”"»«‚‘’'`])
  | (?P<punct>\.\.\.|[?!]{2}|\S)
    """,
    re.VERBOSE,
)


@cache
def _abbreviations(lang: str) -> frozenset[str]:
    return frozenset(langdata.load(lang, "abbreviations") or [])


@cache
def _segment_data(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    data = langdata.load(lang, "segment") or {}
    return frozenset(data.get("ordinal_before", [])), frozenset(data.get("months", []))


@cache
def _both_abbreviations(lang: str) -> frozenset[str]:
    return _abbreviations(lang) | _abbreviations("en" if lang == "de" else "de")


def tokenize(text: str, lang: str) -> list[Token]:
    """Tokens with offsets; ``sent`` is filled in by :func:`split_sentences`."""
    abbreviations = _both_abbreviations(lang)
    tokens: list[Token] = []
    append = tokens.append
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        start, end = m.span()
        word = m.group()
        if kind == "punct" and word == "." and tokens:
            prev = tokens[-1]
            # "Dr." / "Mio." / an initial "F." followed by a capitalised name: one token.
            if prev.end == start and prev.kind == "word" and (
                prev.text + "." in abbreviations
                or (len(prev.text) == 1 and prev.text.isupper() and _next_is_upper(text, end))
            ):
                tokens[-1] = Token(prev.start, end, text[prev.start : end], 0, kind="word")
                continue
        if kind == "url" or kind == "abbr":
            kind = "word"
        elif kind == "num" and not word[-1].isdigit():
            kind = "word"  # "1980er", "30-jährige"
        append(Token(start, end, word, 0, "", kind))
    return tokens


def _next_is_upper(text: str, pos: int) -> bool:
    m = re.compile(r"[ \t]+(\w)").match(text, pos)
    return bool(m and m.group(1).isupper())


def split_sentences(text: str, tokens: list[Token], lang: str) -> list[Sentence]:
    """Assign ``Token.sent`` and return the sentences (each spans its first to last token)."""
    ordinal_before, months = _segment_data(lang)
    keep_together = _attributed_quotes(text, tokens)
    sentences: list[Sentence] = []
    first = 0
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if i + 1 < n and i + 1 - first < MAX_SENTENCE_TOKENS:
            if i in keep_together:
                continue
            if tok.text in _ENDERS:
                if not _ends_sentence(text, tokens, i, ordinal_before, months):
                    continue
            elif "\n" not in text[tok.end : tokens[i + 1].start]:
                continue  # what _ends_sentence says for a token that is no sentence mark
        for t in tokens[first : i + 1]:
            t.sent = len(sentences)
        sentences.append(Sentence(tokens[first].start, tok.end))
        first = i + 1
    return sentences


# Double quote marks and the marks that may close them; single marks are mostly apostrophes.
_QUOTE_PAIRS = {"„": "“”\"", "»": "«", "«": "»", "“": "”“\"", "\"": "\"", "”": "”", "``": "''"}


def _attributed_quotes(text: str, tokens: list[Token]) -> set[int]:
    """Token indices inside a quotation followed by ", cue" in the same paragraph.

    „Was heißt das? Das ist unklar“, fragte er. stays one sentence, so the cue after the
    quote and the quoted sentences are seen together.
    """
    inside: set[int] = set()
    stack: list[int] = []
    for i, tok in enumerate(tokens):
        if i and "\n" in text[tokens[i - 1].end : tok.start]:
            stack.clear()  # quotes do not pair across paragraphs here
        if tok.kind != "quote":
            continue
        if stack and tok.text in _QUOTE_PAIRS.get(tokens[stack[-1]].text, ""):
            opener = stack.pop()
            after = tokens[i + 1].text if i + 1 < len(tokens) else ""
            before = tokens[i - 1].text
            # „…“, sagte er  |  "…," he said  |  „…?“ fragte er
            if after == "," or before == "," or (before in "?!" and after[:1].islower()):
                inside.update(range(opener, i))
        elif tok.text in _QUOTE_PAIRS:
            stack.append(i)
    return inside


def _ends_sentence(
    text: str,
    tokens: list[Token],
    i: int,
    ordinal_before: frozenset[str],
    months: frozenset[str],
) -> bool:
    tok, nxt = tokens[i], tokens[i + 1]
    gap = text[tok.end : nxt.start]
    if "\n" in gap:
        return True
    if not gap:
        return False  # '."' or '?“': the closing mark belongs to this sentence
    if tok.text in _TERMINAL:
        terminal = tok
    elif tok.text in _CLOSERS and i > 0 and tokens[i - 1].text in _TERMINAL:
        terminal = tokens[i - 1]
    else:
        return False
    head = nxt.text[:1]
    if not (head.isupper() or head.isdigit() or nxt.kind == "quote" or head in "(["):
        return False  # "... sagte er. und" never; lower case continues the sentence
    if terminal.text == "." and terminal is tok and i > 0:
        prev = tokens[i - 1]
        if prev.kind == "num" and prev.end == tok.start and prev.text.isdigit() and len(prev.text) <= 3:
            # German ordinal: "am 22. Oktober", "der 3. Platz", "im 19. Jahrhundert"
            if nxt.text.casefold().rstrip(".") in months:
                return False
            if i > 1 and tokens[i - 2].text.casefold() in ordinal_before:
                return False
    return True


@component(name="segment", requires=("lang",), assigns=("sentences", "tokens"))
def segment(doc: Document) -> Document:
    tokens = tokenize(doc.text, doc.lang)
    doc.sentences = split_sentences(doc.text, tokens, doc.lang) if tokens else []
    doc.tokens = tokens
    return doc
