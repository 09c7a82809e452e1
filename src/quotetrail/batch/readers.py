"""Inputs of a batch: which files are read (on the driver) and how one file becomes records
(on an executor).

Every file is one unit of work. Files of a kind ``ingest`` knows (plain text, HTML, JSON Lines,
feeds) are loaded by ``quotetrail.ingest.load``, the very code ``ingest`` runs; a WARC response
is what ``ingest`` would have fetched from its URL, so it goes through ingest's page path
(declared charset, HTML extraction with trafilatura); a Parquet row is a JSON Lines record. A
record is a plain dict (picklable, Spark-friendly): the loaded article's fields, or ``error``
with the one-line reason ("ITEM: REASON") when it could not be loaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from quotetrail.errors import IngestError, safe_name
from quotetrail.ingest import IngestOptions, Item, _apply_options, _from_page, expand, load
from quotetrail.ingest.jsonl import _article as jsonl_article
from quotetrail.ingest.url import Fetched
from quotetrail.model import Article

# the media types a WARC response is analysed as a page for (others are images, scripts …)
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# Parquet rows are read in batches of this many (memory stays flat on large files)
_PARQUET_BATCH = 1024


@dataclass(frozen=True)
class Unit:
    """One input file: ``index`` orders the units as given (the order ``ingest`` would read)."""

    index: int
    kind: str  # an ingest Item kind, or "warc" / "parquet"
    path: str


def kind_of(path: str) -> str | None:
    """The batch-only kinds, by file name; None for the kinds ``ingest`` decides."""
    name = path.lower()
    if name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(".parquet"):
        return "parquet"
    return None


def units(inputs: Sequence[str]) -> tuple[list[Unit], list[str]]:
    """The files of ``inputs`` (folders walked as ``ingest`` walks them) and the lines of the
    inputs that do not exist. URLs and stdin are refused: a batch reads archives."""
    found: list[Unit] = []
    missing: list[str] = []
    for arg in inputs:
        if arg == "-" or "://" in arg:
            missing.append(str(IngestError(arg, "batch reads files and folders, not URLs or stdin; "
                                           "use `quotetrail ingest` for those")))
            continue
        for item in expand([arg]):
            if isinstance(item, IngestError):
                missing.append(str(item))
            else:
                found.append(Unit(len(found), kind_of(item.locator) or item.kind, item.locator))
    return found, missing


def read_unit(unit: Unit, options: IngestOptions) -> Iterator[dict[str, Any]]:
    """Every record of one file, in file order; never raises (a failure is a record)."""
    try:
        if unit.kind == "warc":
            loaded: Iterator[Article | IngestError] = _warc(unit.path, options)
        elif unit.kind == "parquet":
            loaded = _parquet(unit.path, options)
        else:
            loaded = load(Item(unit.kind, unit.path), options)
        for n, result in enumerate(loaded):
            yield record(unit.index, n, result)
    except Exception as exc:  # a reader bug on one odd file costs that file's remaining records
        yield record(unit.index, 1 << 30, IngestError(safe_name(unit.path), f"{type(exc).__name__}: {exc}"))


def record(unit: int, n: int, result: Article | IngestError) -> dict[str, Any]:
    """A loaded article or a failure as a flat record; (unit, n) is its place in the input."""
    if isinstance(result, IngestError):
        return {"unit": unit, "n": n, "origin": result.item, "error": str(result)}
    a = result
    return {
        "unit": unit, "n": n, "origin": a.origin, "error": None, "content_hash": a.content_hash,
        "text": a.text, "title": a.title, "site": a.site, "author": a.author, "url": a.url,
        "published": a.published.isoformat() if a.published else None,
        "published_time": a.published_time, "lang": a.lang, "inferred": sorted(a.inferred),
        "dropped": list(a.dropped), "notes": list(a.notes),
    }


def article_of(rec: dict[str, Any]) -> Article:
    """The Article a record holds (the inverse of :func:`record`)."""
    return Article(
        text=rec["text"], origin=rec["origin"], title=rec["title"], site=rec["site"],
        author=rec["author"], url=rec["url"],
        published=date.fromisoformat(rec["published"]) if rec["published"] else None,
        published_time=rec["published_time"], lang=rec["lang"], inferred=set(rec["inferred"] or ()),
        dropped=list(rec["dropped"] or ()), notes=list(rec["notes"] or ()),
    )


# ---------------------------------------------------------------------------------- WARC
def _warc(path: str, options: IngestOptions) -> Iterator[Article | IngestError]:
    """The pages of a WARC/WARC.gz file: each HTML (or plain-text) response with status 2xx,
    as ingest would load the page from its URL. Requests, metadata, redirects, error pages and
    images are no articles and are passed over. The origin is ``FILE@OFFSET``, the record's byte
    offset, which is how archive indexes (CDX) point at a record."""
    from warcio.archiveiterator import ArchiveIterator  # the `spark` extra

    shown = safe_name(path)
    read = 0
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for rec in records:
                if rec.format != "warc":  # warcio reads anything as an old ARC file: garbage too
                    raise ValueError("not a WARC record")
                read += 1
                if rec.rec_type not in ("response", "resource"):
                    continue
                if rec.http_headers is not None:
                    status = rec.http_headers.get_statuscode() or ""
                    if not status.startswith("2"):
                        continue
                    ctype = rec.http_headers.get_header("Content-Type") or ""
                else:  # a resource record: the block is the document itself
                    ctype = rec.rec_headers.get_header("Content-Type") or ""
                media, _, params = ctype.partition(";")
                media = media.strip().lower()
                if media and media not in _PAGE_TYPES:
                    continue
                url = rec.rec_headers.get_header("WARC-Target-URI") or ""
                body = rec.content_stream().read(options.max_bytes + 1)
                # only after the read: asking for the offset first skips the record's content
                origin = f"{shown}@{records.get_record_offset()}"
                if len(body) > options.max_bytes:
                    yield IngestError(origin, f"too large (over {options.max_bytes} bytes)")
                    continue
                yield _page(body, media or "text/html", _charset(params), url, origin, options)
        except Exception as exc:  # a truncated or corrupt archive: keep what was read before
            yield IngestError(shown, f"unreadable after {read} records ({type(exc).__name__}: {exc})")


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"').lower()
    return None


def _page(body: bytes, media: str, charset: str | None, url: str, origin: str,
          options: IngestOptions) -> Article | IngestError:
    """One archived page through ingest's fetched-page path, then its options, as ``load``."""
    try:
        article = _from_page(Fetched(url or origin, media, body, charset), url or origin, options)
    except IngestError as exc:
        return IngestError(origin, exc.reason)
    article.origin = origin
    _apply_options(article, options)
    return article


# ------------------------------------------------------------------------------- Parquet
def _parquet(path: str, options: IngestOptions) -> Iterator[Article | IngestError]:
    """Each row as a JSON Lines record: ``text`` or ``html``, and url, title, date, source or
    site, lang, author; the origin is ``FILE:ROW`` (rows counted from 1, as lines are)."""
    import pyarrow.parquet as pq  # the `spark` extra

    shown = safe_name(path)
    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=_PARQUET_BATCH):
        for row in batch.to_pylist():
            number += 1
            where = f"{shown}:{number}"
            try:
                fields = {k: v for k, v in row.items() if v is not None}
                article = jsonl_article(fields, where)
            except IngestError as exc:
                yield exc
                continue
            _apply_options(article, options)
            yield article

