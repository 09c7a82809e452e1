"""Plain text as scrapers deliver it: decode safely, drop boilerplate, read header metadata.

The stored text keeps the article's own characters; each kept line becomes a paragraph
(paragraphs joined by a blank line). The headline stays in the text as its first paragraph —
headlines carry statements too — and is also the article's title. Header lines such as
"Site - 23 Oktober 2025 03:30" or a bullet "- 15. März" become metadata and are dropped from the
text; boilerplate lines (language menus, "2 Min. Lesezeit", "Comments") are dropped. Both are
kept in ``Article.dropped``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import ftfy

from quotetrail import lang as langdata
from quotetrail.errors import IngestError
from quotetrail.model import Article

_LANGS = ("de", "en")


# ---------------------------------------------------------------------------- decoding
# A UTF-8 lead byte read as Windows-1252/Latin-1 ("Ã", "â") followed by what a continuation
# byte becomes ("¤", "€", "œ"): the mark of double-encoded UTF-8. Only text that has it goes
# through ftfy, which costs some 25 times more than this search.
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                       "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022"
                       "\u2026\u2030\u2039\u203a\u20ac\u2122]")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes kept by errors="surrogateescape"
_DECODED_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# C0 controls other than whitespace, as characters and as byte values
_CONTROLS = frozenset(c for n in range(32) if chr(n) not in "\n\r\t\f" for c in (chr(n), n))


def decode(data: bytes, item: str, *, nul_lines: bool = False) -> str:
    """:func:`decode_noted` without its notes."""
    return decode_noted(data, item, nul_lines=nul_lines)[0]


def decode_noted(data: bytes, item: str, *, nul_lines: bool = False) -> tuple[str, list[str]]:
    """Bytes to text and notes on what had to be repaired.

    UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252/Latin-1 (a legacy file: no note).
    UTF-8 with some bytes that are not UTF-8 (mixed encodings) keeps its UTF-8 and reads those
    bytes as Windows-1252; double-encoded UTF-8 ("BeschÃ¤ftigte") is repaired with ftfy. Each
    repair is a note, so no mojibake is stored unsaid. Binary data and empty files raise
    :class:`IngestError`. ``nul_lines``: a stray NUL byte does not refuse the whole file (JSON
    Lines refuse the line that holds it); mostly control characters still mean binary.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, notes = data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise IngestError(item, "not valid UTF-16 despite its byte-order mark") from exc
    elif not nul_lines and b"\x00" in data[:65536]:
        raise IngestError(item, "binary file (contains NUL bytes), not text")
    else:
        text, notes = decode_8bit(data)
    refuse_binary(text, item)
    return text, notes


def refuse_binary(data: str | bytes, item: str) -> None:
    """Raise unless ``data`` looks like text: not empty, control characters under 1 %."""
    sample = data[:20000]
    controls = sum(1 for ch in sample if ch in _CONTROLS)
    if sample and controls / len(sample) > 0.01:
        raise IngestError(item, "binary file (control characters), not text")
    if not data.strip():
        raise IngestError(item, "empty: no text to ingest")


def decode_8bit(data: bytes) -> tuple[str, list[str]]:
    """UTF-8, mixed UTF-8 and Windows-1252, or Windows-1252/Latin-1; then mojibake repaired."""
    text = data.decode("utf-8-sig", errors="surrogateescape")
    notes: list[str] = []
    invalid = [ord(ch) - 0xDC00 for ch in _UNDECODED.findall(text)]
    if invalid and not _DECODED_NON_ASCII.search(text):
        # not one UTF-8 sequence: a legacy 8-bit file, which is no defect
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    elif invalid:
        text = _UNDECODED.sub(_as_cp1252, text)
        lost = sum(1 for byte in invalid if byte in _CP1252_UNDEFINED)
        read = f"{len(invalid) - lost} read as Windows-1252" if len(invalid) > lost else ""
        replaced = f"{lost} replaced by U+FFFD" if lost else ""
        notes.append(f"{len(invalid)} {'byte' if len(invalid) == 1 else 'bytes'} not UTF-8 "
                     f"(mixed encodings): {', '.join(filter(None, (read, replaced)))}")
    text, repaired = repair_mojibake(text)
    return text, notes + ([repaired] if repaired else [])


def _as_cp1252(m: re.Match[str]) -> str:
    byte = ord(m.group()) - 0xDC00
    return "\ufffd" if byte in _CP1252_UNDEFINED else bytes([byte]).decode("cp1252")


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Double-encoded UTF-8 repaired (ftfy's encoding fixes only), with a note if it was."""
    if not _MOJIBAKE.search(text):
        return text, None
    fixed = ftfy.fix_encoding(text)
    if fixed == text:
        return text, None
    return fixed, "repaired mojibake (UTF-8 decoded as Windows-1252 or Latin-1)"


# ---------------------------------------------------------------------- header dates
@cache
def _months() -> dict[str, int]:
    months: dict[str, int] = {}
    for code in _LANGS:
        months.update(langdata.load(code, "ingest").get("months", {}))
    return months


@cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    month = "(?P<month>" + "|".join(sorted(map(re.escape, _months()), key=len, reverse=True)) + r")\.?"
    time = r"(?:,?\s+(?:um\s+|at\s+)?(?P<time>\d{1,2}:\d{2})(?:\s*Uhr)?)?"
    return (
        re.compile(rf"(?P<day>\d{{1,2}})\.?\s+{month}(?:\s+(?P<year>\d{{4}}))?{time}", re.I),
        re.compile(rf"{month}\s+(?P<day>\d{{1,2}}),?(?:\s+(?P<year>\d{{4}}))?{time}", re.I),
        re.compile(r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?:[T ](?P<time>\d{2}:\d{2}))?"),
        re.compile(rf"(?P<day>\d{{1,2}})\.(?P<mon>\d{{1,2}})\.(?P<year>\d{{4}}){time}"),
    )


@dataclass(frozen=True)
class HeaderDate:
    value: date
    time: str | None
    year_inferred: bool


def parse_header_date(s: str, today: date) -> HeaderDate | None:
    """A date line's date, time and whether its year had to be guessed; None if ``s`` is no date."""
    s = s.strip()
    for pattern in _date_patterns():
        m = pattern.fullmatch(s)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["mon"]) if groups.get("mon") else _months()[groups["month"].casefold()]
        day = int(groups["day"])
        try:
            if groups.get("year"):
                return HeaderDate(date(int(groups["year"]), month, day), groups.get("time"), False)
            # No year: the latest such day not after today.
            value = date(today.year, month, day)
            if value > today:
                value = date(today.year - 1, month, day)
            return HeaderDate(value, groups.get("time"), True)
        except ValueError:
            return None
    return None


# -------------------------------------------------------------------- boilerplate
@cache
def _boilerplate() -> re.Pattern[str]:
    patterns = [p for code in _LANGS for p in langdata.load(code, "boilerplate") or []]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """True for a boilerplate line, also as a bullet item ("- 2 Min. Lesezeit")."""
    line = line.strip()
    pattern = _boilerplate()
    return bool(pattern.fullmatch(line) or pattern.fullmatch(_BULLET_MARK.sub("", line, count=1)))


_SITE_DATE = re.compile(r"(?P<site>\S.{0,80}?)\s+[-–—|]\s+(?P<date>\d.*|[A-Za-zÄÖÜäöü]+\.?\s+\d.*)")
_BULLET_MARK = re.compile(r"^[-–*]\s+")
_BULLET = re.compile(r"[-–•*]\s+(?P<value>\S.*)")
_NAME = re.compile(r"(?:[A-ZÄÖÜ][\w'’.-]+\s+){1,3}[A-ZÄÖÜ][\w'’-]+")
_ORDINAL_END = re.compile(r"\b\d{1,2}\.$")
_HEADER_ZONE = 8  # header lines only count among the first lines of a page


def parse_scraped_text(raw: str, origin: str, today: date) -> Article:
    """Turn a scraped page's text into an Article with metadata and boilerplate removed."""
    article = Article(text="", origin=origin)
    kept: list[str] = []
    seen = 0
    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if is_boilerplate(stripped):
            article.dropped.append(stripped)
            continue
        in_header = seen <= _HEADER_ZONE
        if in_header and _read_header_line(stripped, article, today):
            article.dropped.append(stripped)
            continue
        kept.append(stripped)
    kept = _rejoin(kept)
    if not kept:
        raise IngestError(origin, "no article text left after removing boilerplate")
    article.title = kept[0]
    article.text = "\n\n".join(kept)
    return article


def _read_header_line(line: str, article: Article, today: date) -> bool:
    """Fill metadata from a header line; True when the line was header, not text."""
    bullet = _BULLET.fullmatch(line)
    if bullet:
        value = bullet.group("value").strip()
        found = parse_header_date(value, today)
        if found and article.published is None:
            _set_date(article, found)
            return True
        if _NAME.fullmatch(value) and article.author is None:
            article.author = value
            return True
        return False
    m = _SITE_DATE.fullmatch(line)
    if m:
        found = parse_header_date(m.group("date"), today)
        if found:
            article.site = article.site or m.group("site").strip()
            if article.published is None:
                _set_date(article, found)
            return True
    return False


def _set_date(article: Article, found: HeaderDate) -> None:
    article.published = found.value
    article.published_time = found.time
    if found.year_inferred:
        article.inferred.add("published")


def _rejoin(lines: list[str]) -> list[str]:
    """Undo scraper breaks inside a sentence: "am 22." + "Oktober …", or a line going on in lower case."""
    out: list[str] = []
    months = _months()
    for line in lines:
        first = line.split(maxsplit=1)[0].rstrip(".,").casefold() if line else ""
        if out and (
            (_ORDINAL_END.search(out[-1]) and first in months)
            or (line[:1].islower() and not out[-1].endswith((".", "!", "?", ":", "“", '"', "”")))
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out
