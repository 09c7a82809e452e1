"""`quotetrail load`: a batch's Parquet tables into a store, linked as ``ingest`` links.

Each article's Document is rebuilt from its rows (text, tokens, sentences, spans: everything the
analysis made) and goes through the store's own path, in input order: an exact duplicate of a
stored article is skipped, a near-duplicate (by the signature the batch computed) is recorded as
a copy, and a new article is added with ``store.add`` — which links its speakers and principals to
entities, its figures and quotes to claim groups and the article to a story, in one transaction.
So the store ends up as ``ingest`` of the same inputs would leave it; nothing is analysed again.
With ``links`` (``load --links``) the same path takes entities, claim groups and stories from the
links ``batch --link`` made in Spark instead (batch/linked.py), read with each partition.

The tables are read with pyarrow (no Spark needed here), in input order: all article keys are
held (a few dozen bytes each), and each month-and-language partition from its first article to
its last. An archive in date order keeps a few partitions open; one that mixes every month in
every file keeps them all (the whole batch) in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from quotetrail.api import IngestReport, known, record
from quotetrail.batch.job import PARTITIONS, TABLES, BatchError
from quotetrail.batch.link import LINKS
from quotetrail.batch.linked import LINK_TABLES, BatchLinks
from quotetrail.batch.rows import document
from quotetrail.errors import IngestError
from quotetrail.model import Document
from quotetrail.store.base import Store


def _dataset(out: Path, table: str) -> Any:
    import pyarrow.dataset as ds  # the `spark` extra

    path = out / table
    if not path.is_dir():
        raise BatchError(f"{out} holds no {table!r} table; is it the --out folder of `quotetrail batch`?")
    return ds.dataset(str(path), format="parquet", partitioning="hive")


def documents(out: Path) -> Iterator[tuple[Document, bytes]]:
    """Every analysed article of the batch in ``out`` as (Document, near-duplicate signature),
    in the order of the batch's input."""
    for doc, sig, _ in linked_documents(out, links=False):
        yield doc, sig


def linked_documents(out: Path, *, links: bool) -> Iterator[tuple[Document, bytes, dict[str, list[dict[str, Any]]]]]:
    """:func:`documents`, each with its rows of the Spark links (``links``: of
    :data:`~quotetrail.batch.linked.LINK_TABLES` under ``out/links``, read with its partition)."""
    import pyarrow.dataset as ds

    tables = {t: _dataset(out, t) for t in TABLES}
    if links:
        tables |= {t: _dataset(out / LINKS, t) for t in LINK_TABLES}
    keys = tables["articles"].to_table(columns=["unit", "n", *PARTITIONS]).to_pylist()
    keys.sort(key=lambda k: (k["unit"], k["n"]))
    # input order interleaves partitions (one month's German and English articles): a partition
    # is read once, when its first article comes, and dropped after its last one, so it is
    # never read twice however the input mixes months
    last = {(k["month"], k["language"]): i for i, k in enumerate(keys)}
    open_parts: dict[tuple[str, str], dict[str, Any]] = {}
    for i, key in enumerate(keys):
        part = (key["month"], key["language"])
        if part not in open_parts:
            where = (ds.field("month") == part[0]) & (ds.field("language") == part[1])
            open_parts[part] = _partition(tables, where)
        rows = open_parts[part]
        article = rows["articles"].pop((key["unit"], key["n"]))
        h = article["content_hash"]
        extra = {t: rows[t].pop(h, []) for t in rows if t not in TABLES}
        yield document(article, *(rows[t].pop(h, []) for t in TABLES[1:])), article["signature"], extra
        if last[part] == i:
            del open_parts[part]


def _partition(tables: dict[str, Any], where: Any) -> dict[str, Any]:
    """One month-and-language partition: articles by input place, other rows by article."""
    out: dict[str, Any] = {"articles": {(r["unit"], r["n"]): r
                                        for r in tables["articles"].to_table(filter=where).to_pylist()}}
    for table in tables:
        if table == "articles":
            continue
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if "month" not in tables[table].schema.names:  # a table without rows has no partitions
            out[table] = grouped
            continue
        for r in tables[table].to_table(filter=where).to_pylist():
            grouped[r["content_hash"]].append(r)
        out[table] = grouped
    return out


def load(out: Path, store: Store, on_article: Callable[[IngestReport], None] | None = None, *,
         links: bool = False) -> IngestReport:
    """Store every article of the batch in ``out``; one failing article is one line of the
    report, as in ``ingest``. ``links``: entities, claim groups and stories from the links
    ``batch --link`` made in Spark (batch/linked.py), not from the store's online linkers."""
    if links and not (out / LINKS).is_dir():
        raise BatchError(f"{out} holds no links; make them with `quotetrail batch … --link`")
    report = IngestReport()
    linking = BatchLinks() if links else None
    if linking is not None and not hasattr(store, "linking"):
        raise BatchError(f"{type(store).__name__} cannot take links from a batch")
    if linking is not None:
        store.linking = linking  # type: ignore[attr-defined]
    try:
        _load(out, store, report, linking, on_article)
    finally:
        if linking is not None:
            store.linking = None  # type: ignore[attr-defined]
    return report


def _load(out: Path, store: Store, report: IngestReport, linking: BatchLinks | None,
          on_article: Callable[[IngestReport], None] | None) -> None:
    for doc, sig, rows in linked_documents(out, links=linking is not None):
        if linking is not None:
            linking.rows = rows
        report.articles += 1
        article = doc.article
        report.notes.extend(f"{article.origin}: {note}" for note in article.notes)
        try:
            if not known(store, article, sig, report):
                record(store.add(doc, signature=sig), doc, report)
        except Exception as exc:  # one bad article never stops the load
            report.failures.append(str(IngestError(article.origin, f"{type(exc).__name__}: {exc}")))
        if on_article:
            on_article(report)
