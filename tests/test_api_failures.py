"""The orchestrator survives failures it did not foresee: a loader that raises instead of
returning an IngestError still costs only its own item, with one line naming it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import quotetrail.api as api
from quotetrail.ingest import IngestOptions, Item
from quotetrail.model import Article
from quotetrail.store import SQLiteStore

TEXTS = {
    "de.txt": "Die Ministerin Eva Roth sagte am Montag, die Brücke werde im Frühjahr eröffnet.\n",
    "en.txt": "Mayor Tom Kahl said on Monday that the bridge would open in the spring.\n",
}


@pytest.mark.parametrize("broken", ["de.txt", "en.txt"])
def test_a_loader_crash_costs_only_its_item(
    fresh_store: SQLiteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    folder = tmp_path / "in"  # apart from the store's file in tmp_path
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    real_load = api.load

    def load(item: Item, options: IngestOptions | None = None) -> Iterator[Article | object]:
        if item.locator.endswith(broken):
            raise ValueError("parser tripped over a byte")  # a bug, not an IngestError
        yield from real_load(item, options)

    monkeypatch.setattr(api, "load", load)
    report = api.ingest([str(folder)], fresh_store, IngestOptions())
    assert report.failures == [f"{folder / broken}: ValueError: parser tripped over a byte"]
    assert len(report.added) == 1
    [kept] = [name for name in TEXTS if name != broken]
    [stored] = fresh_store.articles()
    assert stored["origin"].endswith(kept)
