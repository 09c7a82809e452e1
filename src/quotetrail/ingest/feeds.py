"""RSS and Atom feeds: every entry's page is fetched; the entry's own text is the fallback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import feedparser

from quotetrail.errors import IngestError
from quotetrail.ingest.html import parse_html
from quotetrail.model import Article

_MIN_FALLBACK_WORDS = 40  # an entry summary shorter than this is a teaser, not the article


def parse_feed(
    data: bytes, origin: str, fetch_page: Callable[[str], Article]
) -> Iterator[Article | IngestError]:
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"malformed feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        yield IngestError(origin, reason)
        return
    for n, entry in enumerate(feed.entries, start=1):
        link = entry.get("link")
        where = link or f"{origin}#entry{n}"
        try:
            if not link:
                raise IngestError(where, "entry has no link")
            article = fetch_page(link)
        except IngestError as exc:
            article = _from_entry(entry, where)
            if article is None:
                yield exc
                continue
        _fill(article, entry, feed.feed.get("title"))
        yield article


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
