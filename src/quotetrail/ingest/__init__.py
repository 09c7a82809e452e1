"""Ingest: turn paths, folders, URLs, feeds, JSON Lines and stdin into Articles.

``expand`` turns command-line arguments into Items; ``load`` turns one Item into Articles. Bad
input never raises: it comes back as an :class:`IngestError` with a one-line reason, so one bad
item never stops a batch.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from quotetrail.errors import IngestError, safe_name
from quotetrail.ingest.feeds import parse_feed
from quotetrail.ingest.html import parse_html
from quotetrail.ingest.jsonl import parse_jsonl
from quotetrail.ingest.text import (
    decode,
    decode_noted,
    parse_scraped_text,
    refuse_binary,
    repair_mojibake,
)
from quotetrail.ingest.url import Fetched, fetch
from quotetrail.model import Article

__all__ = ["IngestOptions", "Item", "expand", "load", "load_text"]

_KINDS = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
_SKIP_NAMES = {"readme.md", "readme.txt", "readme"}


@dataclass
class IngestOptions:
    date: date | None = None  # --date: overrides what the input says or lacks
    source: str | None = None  # --source: the site
    lang: str | None = None  # --lang: skip detection
    allow_private: bool = False
    proxy: str | None = None  # --proxy: a proxy URL, "direct", or None for the environment's
    timeout: float = 15.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    today: date | None = None  # reference for yearless header dates


@dataclass(frozen=True)
class Item:
    kind: str  # "text" | "html" | "jsonl" | "feed" | "url" | "stdin"
    locator: str


def _is_url(arg: str) -> bool:
    return urlsplit(arg).scheme in ("http", "https")


def _file_item(path: Path) -> Item:
    return Item(_KINDS.get(path.suffix.lower(), "text"), str(path))


def expand(inputs: Sequence[str], options: IngestOptions | None = None) -> Iterator[Item | IngestError]:
    for arg in inputs:
        if arg == "-":
            yield Item("stdin", "-")
        elif _is_url(arg):
            yield Item("url", arg)
        else:
            path = Path(arg)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    rel = child.relative_to(path)
                    if child.is_file() and not any(p.startswith(".") for p in rel.parts) and child.name.lower() not in _SKIP_NAMES:
                        yield _file_item(child)
            elif path.is_file():
                yield _file_item(path)
            else:
                yield IngestError(arg, "no such file or directory")


def load(item: Item, options: IngestOptions | None = None) -> Iterator[Article | IngestError]:
    options = options or IngestOptions()
    try:
        for result in _load(item, options):
            if isinstance(result, Article):
                _apply_options(result, options)
            yield result
    except IngestError as exc:
        yield exc
    except OSError as exc:
        yield IngestError(item.locator, f"cannot be read ({exc.strerror or exc})")


def load_text(text: str, origin: str, options: IngestOptions | None = None, *,
              html: bool = False) -> Iterator[Article | IngestError]:
    """One article from text already in memory (the HTTP API's body): scraped plain text, or
    HTML when ``html``; like :func:`load`, bad input comes back as an IngestError."""
    options = options or IngestOptions()
    try:
        if html:
            article = parse_html(text, origin)
        else:
            article = parse_scraped_text(text, origin, options.today or date.today())
    except IngestError as exc:
        yield exc
        return
    _apply_options(article, options)
    yield article


def _load(item: Item, options: IngestOptions) -> Iterator[Article | IngestError]:
    today = options.today or date.today()
    if item.kind == "url":
        yield from _load_url(item.locator, options)
        return
    if item.kind == "stdin":
        data = sys.stdin.buffer.read(options.max_bytes + 1)
        if len(data) > options.max_bytes:
            raise IngestError("stdin", f"too large (over {options.max_bytes} bytes)")
        text, notes = decode_noted(data, "stdin")
        yield _noted(parse_scraped_text(text, "stdin", today), notes)
        return
    path = Path(item.locator)
    # the name as stored and printed: a name that is no UTF-8 or holds control characters
    # would fail to store or forge output lines (the file itself is opened by its real name)
    origin = safe_name(item.locator)
    size = path.stat().st_size
    if size > options.max_bytes:
        raise IngestError(origin, f"too large ({size} bytes; limit {options.max_bytes})")
    data = path.read_bytes()
    if item.kind == "feed":
        yield from parse_feed(data, origin, lambda link: _from_page(_fetch(link, options), link, options))
        return
    if item.kind == "jsonl":
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # lines are split as UTF-8 bytes
            data = decode(data, origin).encode("utf-8")
        refuse_binary(data, origin)
        yield from parse_jsonl(data, origin)
        return
    text, notes = decode_noted(data, origin)
    if item.kind == "html" or (item.kind == "text" and text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))):
        yield _noted(parse_html(text, origin), notes)
    else:
        yield _noted(parse_scraped_text(text, origin, today), notes)


def _noted(article: Article, notes: list[str]) -> Article:
    article.notes[:0] = notes  # decoding came first
    return article


def _fetch(url: str, options: IngestOptions) -> Fetched:
    return fetch(url, timeout=options.timeout, max_bytes=options.max_bytes,
                 max_redirects=options.max_redirects, allow_private=options.allow_private,
                 proxy=options.proxy)


def _from_page(got: Fetched, url: str, options: IngestOptions) -> Article:
    text, notes = _decode_page(got, url)
    if got.content_type == "text/plain":
        article = parse_scraped_text(text, url, options.today or date.today())
        article.url = got.url
        return _noted(article, notes)
    return _noted(parse_html(text, url, got.url), notes)


def _decode_page(got: Fetched, url: str) -> tuple[str, list[str]]:
    """The declared charset when the body is valid in it, else the same decoding as files
    (a wrong charset header must not turn into replacement characters or mojibake unsaid)."""
    if got.encoding:
        try:
            text = got.body.decode(got.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            refuse_binary(text, url)
            text, repaired = repair_mojibake(text)
            return text, [repaired] if repaired else []
    return decode_noted(got.body, url)


def _is_feed(got: Fetched) -> bool:
    if got.content_type in ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml"):
        return True
    head = got.body[:2000].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head)


def _load_url(url: str, options: IngestOptions) -> Iterator[Article | IngestError]:
    got = _fetch(url, options)
    if _is_feed(got):
        yield from parse_feed(got.body, url, lambda link: _from_page(_fetch(link, options), link, options))
    else:
        yield _from_page(got, url, options)


def _apply_options(article: Article, options: IngestOptions) -> None:
    """What the user said wins over what the input says or what was guessed."""
    if options.date:
        article.published = options.date
        article.inferred.discard("published")
    if options.source:
        article.site = options.source
        article.inferred.discard("site")
    if options.lang:
        article.lang = options.lang
    if article.site is None and article.url:
        article.site = urlsplit(article.url).hostname
        article.inferred.add("site")
