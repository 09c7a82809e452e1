"""`load` reads a batch in input order without re-reading its partitions, however the input
mixes months. Tables written here with pyarrow (no Spark)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quotetrail.batch import load as batch_load
from quotetrail.batch.job import TABLES
from quotetrail.batch.rows import article_row
from quotetrail.model import Article, Document, Mention, Span

pa = pytest.importorskip("pyarrow", reason="load needs pyarrow (the spark extra)")
ds = pytest.importorskip("pyarrow.dataset", reason="load needs pyarrow (the spark extra)")


def write_batch(out: Path, n: int, months: int) -> None:
    """``n`` one-sentence articles whose months cycle through ``months`` in input order."""
    rows = []
    for i in range(n):
        text = f"Eva Roth schrieb den Bericht Nummer {i}."
        doc = Document(Article(text=text, origin=f"in.jsonl:{i + 1}", lang="de",
                               published=date(2025, 1 + i % months, 1)))
        doc.mentions = [Mention(Span(0, 8, "Eva Roth"), "PER", "Eva Roth")]
        rows.append(article_row(doc, {"content_hash": doc.article.content_hash, "unit": 0, "n": i}, b""))
    nested = {"mentions": [{"content_hash": r["content_hash"], **m, "month": r["month"], "language": r["language"]}
                           for r in rows for m in r["mentions"]]}
    articles = [{k: v for k, v in r.items() if k not in TABLES[1:]} for r in rows]
    for table, data in (("articles", articles), *nested.items()):
        ds.write_dataset(pa.Table.from_pylist(data), str(out / table), format="parquet",
                         partitioning=["month", "language"], partitioning_flavor="hive")
    for table in ("attributions", "figures", "dates"):  # tables with no rows: only a folder
        (out / table).mkdir()


def test_each_partition_is_read_once_and_articles_come_in_input_order(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    write_batch(tmp_path, 60, months=12)
    reads: list[object] = []
    real = batch_load._partition
    monkeypatch.setattr(batch_load, "_partition", lambda tables, where: reads.append(where) or real(tables, where))
    docs = list(batch_load.documents(tmp_path))
    assert [d.article.origin for d, _ in docs] == [f"in.jsonl:{i + 1}" for i in range(60)]
    assert [m.span.text for d, _ in docs for m in d.mentions] == ["Eva Roth"] * 60
    assert len(reads) == 12
