"""The bundled examples/ (what `make demo` shows) come out as they were written to."""

from datetime import date
from pathlib import Path

import pytest

from quotetrail.api import ingest
from quotetrail.ingest import IngestOptions
from quotetrail.store import SQLiteStore, open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    s = open_store(tmp_path_factory.mktemp("ex") / "q.db")
    report = ingest([str(EXAMPLES)], s, IngestOptions(today=date(2026, 11, 22)))
    assert report.ok, report.failures
    assert len(report.added) == 6
    return s


def _t(span: dict | None) -> str:
    return span["text"] if span else ""


def test_reingest_adds_nothing(store: SQLiteStore) -> None:
    again = ingest([str(EXAMPLES)], store)
    assert (again.added, again.duplicates) == ([], 6)


def test_boilerplate_not_stored(store: SQLiteStore) -> None:
    for item in store.export():
        for junk in ("Lesezeit", "Informationsquelle", "Comments", "min read", "• En", "Teilen", "Kommentare"):
            assert junk not in item["text"], (item["origin"], junk)


def test_direct_quote_and_pronoun_speaker(store: SQLiteStore) -> None:
    keller = store.quotes(speaker="Keller")
    assert any(q["form"] == "direct" and q["content"]["text"].startswith("Wir bleiben hier") for q in keller)
    assert any(_t(q["speaker"]) == "Sie" and q["speaker_name"] == "Anna Keller" for q in keller)


def test_intermediaries_and_medium(store: SQLiteStore) -> None:
    quotes = store.quotes(limit=1000)
    via = {_t(q["intermediary"]) for q in quotes}
    assert {"Nordkurier Online", "Hafenkurier"} <= via
    assert any("Radio Weserwelle" in _t(q["medium"]) for q in quotes)


def test_hedged_figure_and_its_unhedged_repeat(store: SQLiteStore) -> None:
    forty = [f for f in store.figures(limit=1000) if f["value"] == 40000]
    hedged = [f for f in forty if f["hedge"]]
    assert any(f["comparator"] == ">" and "Berichten zufolge" in _t(f["hedge"]) for f in hedged)
    assert any(f["article"]["site"] == "North Sea Ledger" and f["hedge"] is None for f in forty)


def test_relative_dates_resolved(store: SQLiteStore) -> None:
    direct = [q for q in store.quotes(speaker="Keller") if q["date"]]
    assert any(q["date"]["text"] == "am Dienstag" and q["date"]["value"] == "2026-11-10" for q in direct)


def test_yearless_blog_date_is_inferred(store: SQLiteStore) -> None:
    [blog] = [a for a in store.articles() if a["author"] == "Jonas Weber"]
    assert blog["published"] == "2026-11-14" and "published" in blog["inferred"]
