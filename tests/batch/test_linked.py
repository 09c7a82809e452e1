"""`load --links` takes entities, claim groups and stories from the links a batch made in Spark,
not from the online linkers. Batch and link tables written here with pyarrow (no Spark); the
Spark-made links are checked against `ingest` in test_link.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from quotetrail.batch.job import TABLES, BatchError
from quotetrail.batch.load import load
from quotetrail.batch.rows import article_row
from quotetrail.ingest.dedup import signature
from quotetrail.model import Article, Attribution, Document, Mention, Span
from quotetrail.store import open_store

pa = pytest.importorskip("pyarrow", reason="load needs pyarrow (the spark extra)")
ds = pytest.importorskip("pyarrow.dataset", reason="load needs pyarrow (the spark extra)")

# three statements by one person: the first two share no words (online, two claims), Spark's
# links (written below) make them one group; the third article is on something else
SAID = [
    "The new bridge over the river will open before the winter holidays",
    "Our engineers finished checking every cable of the construction last week",
    "Rents in the old town have risen faster than anywhere else this year",
]


def article(i: int) -> Document:
    text = f'Eva Roth said: "{SAID[i]}."'
    doc = Document(Article(text=text, origin=f"in.jsonl:{i + 1}", lang="en", published=date(2025, 3, 3 + i)))
    start = text.index('"') + 1
    doc.mentions = [Mention(Span(0, 8, "Eva Roth"), "PER", "Eva Roth")]
    doc.attributions = [Attribution(content=Span(start, start + len(SAID[i]), SAID[i]), form="direct",
                                    cue=Span(9, 13, "said"), speaker=Span(0, 8, "Eva Roth"),
                                    speaker_name="Eva Roth")]
    return doc


def write_batch(out: Path, spark_links: bool = True) -> list[str]:
    rows = [article_row(d, {"content_hash": d.article.content_hash, "unit": 0, "n": i}, signature(d.article.text))
            for i, d in enumerate(article(i) for i in range(3))]
    part = {"month": "2025-03", "language": "en"}

    def write(folder: Path, data: list[dict[str, Any]]) -> None:
        ds.write_dataset(pa.Table.from_pylist(data), str(folder), format="parquet",
                         partitioning=["month", "language"], partitioning_flavor="hive")

    write(out / "articles", [{k: v for k, v in r.items() if k not in TABLES[1:]} for r in rows])
    for table in ("attributions", "mentions"):
        write(out / table, [{"content_hash": r["content_hash"], **x, **part} for r in rows for x in r[table]])
    for table in ("figures", "dates"):  # tables with no rows: only a folder
        (out / table).mkdir()
    hashes = [r["content_hash"] for r in rows]
    if spark_links:
        links = out / "links"
        write(links / "entity_mentions", [
            {"content_hash": h, "seq": 0, "start": 0, "name": "Eva Roth", "label": "PER", "entity": 1,
             "key": "eva roth", "canonical": "Eva Roth", **part} for h in hashes])
        write(links / "quote_groups", [{"content_hash": h, "seq": 0, "group": "0:0:0", **part} for h in hashes[:2]])
        write(links / "story_links", [{"content_hash": hashes[1], "partner": hashes[0], "shared": 2, **part}])
        (links / "figure_groups").mkdir()
    return hashes


def test_load_links_groups_and_tells_stories_as_spark_linked(tmp_path: Path) -> None:
    write_batch(tmp_path / "out")
    for links in (True, False):
        store = open_store(tmp_path / f"{links}.db")
        try:
            report = load(tmp_path / "out", store, links=links)
            assert len(report.added) == 3 and not report.failures
            claims = store.claim_groups(limit=10)
            stories = [s for s in store.stories(limit=10) if s["size"] > 1]
            speakers = store.speakers(limit=10)
        finally:
            store.close()
        assert [s["name"] for s in speakers] == ["Eva Roth"] and speakers[0]["statements"] == 3
        if links:
            # the two statements Spark grouped are one claim, the articles Spark paired one story
            assert len(claims) == 1 and claims[0]["articles"] == 2
            assert len(stories) == 1 and stories[0]["size"] == 2
        else:  # online, the two statements share no words: no claim
            assert claims == []


def test_load_links_without_links_is_refused(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from quotetrail.serve.cli import app

    write_batch(tmp_path / "out", spark_links=False)
    with pytest.raises(BatchError, match="holds no links"):
        load(tmp_path / "out", open_store(tmp_path / "direct.db"), links=True)
    result = CliRunner().invoke(app, ["load", str(tmp_path / "out"), "--db", str(tmp_path / "q.db"), "--links"])
    assert result.exit_code != 0
    assert "holds no links" in result.stderr and "nothing was stored" in result.stderr
    assert not (tmp_path / "q.db").exists()
