"""HTML pages: main text and metadata with trafilatura, htmldate as the date fallback."""

from __future__ import annotations

from datetime import date

import trafilatura
from htmldate import find_date

from quotetrail.errors import IngestError
from quotetrail.model import Article


def parse_html(html: str, origin: str, url: str | None = None) -> Article:
    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise IngestError(origin, f"HTML could not be parsed ({type(exc).__name__})") from exc
    if result is None or not (result.text or "").strip():
        raise IngestError(origin, "no article text found in the HTML")
    text = "\n\n".join(p.strip() for p in result.text.split("\n") if p.strip())
    article = Article(
        text=text,
        origin=origin,
        title=result.title,
        site=result.sitename or None,
        author=result.author,
        url=result.url or url,
    )
    published = result.date
    if not published:
        try:
            published = find_date(html, extensive_search=False)
        except Exception:  # htmldate is a best-effort fallback
            published = None
        if published:
            article.inferred.add("published")
    if published:
        try:
            article.published = date.fromisoformat(published[:10])
        except ValueError:
            article.inferred.discard("published")
    if article.site is None and result.hostname:
        article.site = result.hostname
        article.inferred.add("site")
    return article
