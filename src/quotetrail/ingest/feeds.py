"""RSS and Atom feeds: every entry's page is fetched; the entry's own text is the fallback."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date
from urllib.parse import urlsplit

import feedparser

from quotetrail.errors import IngestError
from quotetrail.ingest.html import parse_html
from quotetrail.model import Article

_MIN_FALLBACK_WORDS = 40  # an entry summary shorter than this is a teaser, not the article


def parse_feed(
    data: bytes, origin: str, fetch_page: Callable[[str], Article]
) -> Iterator[Article | IngestError]:
    try:
        entries, title = feed_entries(data, origin)
    except IngestError as exc:
        yield exc
        return
    for n, entry in enumerate(entries, start=1):
        yield load_entry(entry, n, origin, title, fetch_page)


def feed_entries(data: bytes, origin: str) -> tuple[list[dict], str | None]:
    """The entries of a feed and its title; an IngestError when it has none or is no feed.
    Relative entry links are resolved against a feed fetched from the web."""
    base = {"content-location": origin} if urlsplit(origin).scheme in ("http", "https") else None
    feed = feedparser.parse(data, response_headers=base)
    if not feed.entries:
        reason = f"malformed feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        raise IngestError(origin, reason)
    return list(feed.entries), feed.feed.get("title")


def entry_key(entry: dict) -> str:
    """What identifies an entry across polls: its id (guid), else its link, else a hash of its
    title and text (never its place: a new entry on top moves the others down)."""
    if entry.get("id") or entry.get("link"):
        return str(entry.get("id") or entry.get("link"))
    content = entry.get("content")
    text = content[0].get("value") if content else entry.get("summary")
    digest = hashlib.sha256(f"{entry.get('title')}\n{text}".encode()).hexdigest()[:32]
    return f"sha256:{digest}"


def load_entry(entry: dict, n: int, origin: str, feed_title: str | None,
               fetch_page: Callable[[str], Article]) -> Article | IngestError:
    """One entry's article: its page, or the entry's own text when the page fails."""
    link = entry.get("link")
    where = link or f"{origin}#entry{n}"
    try:
        if not link:
            raise IngestError(where, "entry has no link")
        article = fetch_page(link)
    except IngestError as exc:
        fallback = _from_entry(entry, where)
        if fallback is None:
            return exc
        article = fallback
    _fill(article, entry, feed_title)
    return article


def _from_entry(entry: dict, where: str) -> Article | None:
    content = entry.get("content")
    html = content[0].get("value") if content else entry.get("summary")
    if not html or len(html.split()) < _MIN_FALLBACK_WORDS:
        return None
    try:
        return parse_html(f"<html><body><article>{html}</article></body></html>", where, entry.get("link"))
    except IngestError:
        return None


def _fill(article: Article, entry: dict, feed_title: str | None) -> None:
    article.title = article.title or entry.get("title")
    article.author = article.author or entry.get("author")
    if article.site is None and feed_title:
        article.site = feed_title
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if article.published is None and parsed:
        article.published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        article.inferred.discard("published")
