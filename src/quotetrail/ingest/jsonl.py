"""JSON Lines: one article per line (text or html, url, title, date, source, lang, author)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from quotetrail.errors import IngestError
from quotetrail.ingest.html import parse_html
from quotetrail.ingest.text import decode_8bit
from quotetrail.model import Article


def parse_jsonl(data: bytes | str, origin: str) -> Iterator[Article | IngestError]:
    """One article or error per line. Lines are decoded one by one, so a NUL byte refuses
    only its line and a repaired encoding is noted on the article of that line. Lines end at
    "\n" only: U+2028 and other separators are allowed inside JSON strings."""
    if isinstance(data, str):  # text already decoded by a caller
        data = data.encode("utf-8", "surrogatepass")
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{origin}:{number}"
        if b"\x00" in raw:
            yield IngestError(where, "contains a NUL byte, not text")
            continue
        line, notes = decode_8bit(raw)
        try:
            article = _article(json.loads(line), where)
            article.notes.extend(notes)
            yield article
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"not valid JSON ({exc.msg})")
        except IngestError as exc:
            yield exc


def _article(record: object, where: str) -> Article:
    if not isinstance(record, dict):
        raise IngestError(where, "a line must be a JSON object")
    if isinstance(record.get("text"), str) and record["text"].strip():
        article = Article(text=record["text"].strip(), origin=where)
    elif isinstance(record.get("html"), str):
        article = parse_html(record["html"], where, record.get("url"))
    else:
        raise IngestError(where, "needs a non-empty 'text' or 'html' field")
    if "\x00" in article.text:  # written as \u0000 in the JSON
        raise IngestError(where, "contains a NUL character, not text")
    article.url = record.get("url") or article.url
    article.title = record.get("title") or article.title
    article.author = record.get("author") or article.author
    article.site = record.get("source") or record.get("site") or article.site
    article.lang = record.get("lang") or None
    if record.get("date"):
        try:
            article.published = date.fromisoformat(str(record["date"])[:10])
            article.inferred.discard("published")
        except ValueError as exc:
            raise IngestError(where, f"date {record['date']!r} is not YYYY-MM-DD") from exc
    return article
