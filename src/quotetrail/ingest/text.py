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

from quotetrail import lang as langdata
from quotetrail.errors import IngestError
from quotetrail.model import Article

_LANGS = ("de", "en")


# ---------------------------------------------------------------------------- decoding
def decode(data: bytes, item: str, *, nul_lines: bool = False) -> str:
    """Bytes to text: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252/Latin-1.

    Binary data and empty files raise :class:`IngestError` instead of turning into mojibake.
    ``nul_lines``: a stray NUL byte does not refuse the whole file (JSON Lines refuse the line
    that holds it); mostly control characters still mean binary.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(item, "not valid UTF-16 despite its byte-order mark") from exc
    elif not nul_lines and b"\x00" in data[:65536]:
        raise IngestError(item, "binary file (contains NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and controls / len(sample) > 0.01:
        raise IngestError(item, "binary file (control characters), not text")
    if not text.strip():
        raise IngestError(item, "empty: no text to ingest")
    return text


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
