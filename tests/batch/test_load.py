"""`quotetrail load` of a batch leaves a store that answers as the store `ingest` filled from
the same texts: the same articles and ids, quotes, figures, entities, claim groups, stories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quotetrail.batch.load import load
from quotetrail.store import open_store
from tests.batch.conftest import Batch


def answers(path: Path) -> dict[str, Any]:
    """What a user sees, minus origins (a Parquet row is FILE:ROW, a WARC page FILE@OFFSET,
    where ingest read the same texts as JSON Lines and HTML files)."""
    store = open_store(path)
    try:
        return strip({
            "articles": list(store.export()),
            "speakers": store.speakers(limit=1000),
            "claims": store.claim_groups(limit=1000),
            "stories": store.stories(limit=1000),
            "search": store.search("Container", limit=50),
        })
    finally:
        store.close()


def strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k != "origin"}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def test_load_gives_the_same_store_as_ingest(batch_run: Batch, tmp_path: Path) -> None:
    store = open_store(tmp_path / "loaded.db")
    try:
        report = load(batch_run.out, store)
    finally:
        store.close()
    ref = batch_run.reference_report
    # (exact duplicates never reach load: the batch dropped them, test_job checks how many)
    assert (len(report.added), report.copies) == (len(ref.added), ref.copies)
    assert report.copies >= 1  # the near-duplicate became a copy, as in ingest
    assert not report.failures
    got, want = answers(tmp_path / "loaded.db"), answers(batch_run.reference)
    assert len(got["articles"]) == len(want["articles"]) > 50
    assert got["claims"] and got["stories"] and got["speakers"]
    for key in want:
        assert got[key] == want[key], key


def test_loading_twice_adds_nothing(batch_run: Batch, tmp_path: Path) -> None:
    store = open_store(tmp_path / "twice.db")
    try:
        first = load(batch_run.out, store)
        again = load(batch_run.out, store)
        assert again.added == [] and again.duplicates == len(first.added) + first.copies
        assert store.count() == len(first.added)
    finally:
        store.close()
