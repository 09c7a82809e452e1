"""`quotetrail batch` against `ingest`: the same articles with the same spans, offsets, figures
and dates; WARC pages extracted as ingest extracts the same HTML; bad records counted, not fatal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quotetrail.model import Article
from quotetrail.store import open_store
from tests.batch.conftest import Batch, read_table

ARTICLE_KEYS = ("title", "site", "author", "url", "published", "published_time", "lang", "inferred",
                "words", "analysed_chars", "text", "dropped")
ATTRIBUTION_KEYS = ("form", "speaker_name", "principal_name", "sentence", "content", "cue", "speaker",
                    "speaker_ref", "medium", "intermediary", "principal", "cue_parts", "cue_text")
FIGURE_KEYS = ("span", "value", "value_high", "comparator", "unit", "counted", "scope", "hedge",
               "claimed_by", "claim_form")


def by_hash(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["content_hash"], []).append(r)
    return out


def stored(path: Path) -> dict[str, dict[str, Any]]:
    """Every article `ingest` stored, by content hash, and the hashes of recorded copies."""
    store = open_store(path)
    try:
        return {Article(text=a["text"], origin="").content_hash: a for a in store.export()}
    finally:
        store.close()


def test_every_article_ingest_stores_is_in_the_batch_with_the_same_analysis(batch_run: Batch) -> None:
    articles = {r["content_hash"]: r for r in read_table(batch_run.out, "articles")}
    nested = {t: by_hash(read_table(batch_run.out, t)) for t in ("attributions", "figures", "mentions", "dates")}
    reference = stored(batch_run.reference)
    assert len(reference) > 50
    assert set(reference) <= set(articles)
    compared_attributions = compared_figures = 0
    for h, ref in reference.items():
        row = articles[h]
        assert {k: row[k] for k in ARTICLE_KEYS} == {k: ref[k] for k in ARTICLE_KEYS}, ref["origin"]
        got = sorted(nested["attributions"].get(h, []), key=lambda a: a["seq"])
        want = ref["attributions"]
        assert [{k: a[k] for k in ATTRIBUTION_KEYS} for a in got] == \
            [{k: a[k] for k in ATTRIBUTION_KEYS} for a in want], ref["origin"]
        for a, w in zip(got, want, strict=True):  # export's statement date, and how it was found
            assert (a["date"] and {k: a["date"][k] for k in w["date"]}) == w["date"], ref["origin"]
        compared_attributions += len(want)
        figures = sorted(nested["figures"].get(h, []), key=lambda f: f["seq"])
        assert [{k: f[k] for k in FIGURE_KEYS} for f in figures] == \
            [{k: f[k] for k in FIGURE_KEYS} for f in ref["figures"]], ref["origin"]
        compared_figures += len(figures)
        mentions = sorted(nested["mentions"].get(h, []), key=lambda m: m["start"])
        assert [(m["start"], m["end"], m["text"], m["label"]) for m in mentions] == \
            [(m["start"], m["end"], m["text"], m["label"]) for m in ref["mentions"]], ref["origin"]
        dates = sorted(nested["dates"].get(h, []), key=lambda d: d["start"])
        assert [{k: d[k] for k in ref["dates"][0]} for d in dates] == ref["dates"] if ref["dates"] else not dates
    assert compared_attributions > 150 and compared_figures > 100  # the comparison saw real work


def test_warc_pages_are_extracted_as_ingest_extracts_the_same_html(batch_run: Batch) -> None:
    articles = read_table(batch_run.out, "articles")
    from_warc = sorted((a for a in articles if a["origin"].startswith(str(batch_run.inputs.warc))),
                       key=lambda a: a["n"])
    # the four pages; the request, image, 404, redirect and metadata records are no articles
    assert [a["url"] for a in from_warc] == [f"https://gazette.example/port/{i}" for i in range(4)]
    assert all("@" in a["origin"] for a in from_warc)  # FILE@OFFSET, as archive indexes point
    reference = stored(batch_run.reference)
    for a in from_warc:
        ref = reference[a["content_hash"]]
        assert ref["origin"].endswith(".html")
        assert (a["text"], a["title"], a["site"], a["published"]) == \
            (ref["text"], ref["title"], ref["site"], ref["published"])
        assert "Home | Port" not in a["text"] and "all rights reserved" not in a["text"]  # boilerplate gone


def test_bad_records_are_counted_and_the_rest_is_analysed(batch_run: Batch) -> None:
    report = batch_run.report
    assert report.rejects == batch_run.inputs.expected_rejects
    rejects = read_table(batch_run.out, "rejects")
    assert len(rejects) == report.rejects
    reasons = "\n".join(r["error"] for r in rejects)
    assert "needs a non-empty 'text' or 'html' field" in reasons
    assert "'yesterday' is not YYYY-MM-DD" in reasons
    assert "missing.jsonl: no such file or directory" in reasons
    assert "broken.warc: unreadable after 0 records" in reasons
    # the same failures as ingest reports for the same records (those it can read)
    assert sum("news.jsonl" in r for r in batch_run.reference_report.failures) == \
        sum("news.jsonl" in r["error"] for r in rejects) == 3
    assert report.analysed == len(read_table(batch_run.out, "articles"))


def test_exact_duplicates_are_analysed_once(batch_run: Batch) -> None:
    articles = read_table(batch_run.out, "articles")
    hashes = [a["content_hash"] for a in articles]
    assert len(hashes) == len(set(hashes))
    assert batch_run.report.duplicates == batch_run.inputs.duplicates
    # the first in input order is the one kept, as ingest keeps it
    first = {a["content_hash"]: (a["unit"], a["n"]) for a in articles}
    ref = stored(batch_run.reference)
    dup = next(h for h, a in ref.items() if a["title"] == "Port 0")
    assert first[dup] == (0, 0)


def test_tables_are_partitioned_by_month_and_language(batch_run: Batch) -> None:
    folders = {p.relative_to(batch_run.out / "attributions").as_posix()
               for p in (batch_run.out / "attributions").glob("month=*/language=*")}
    assert {"month=2026-10/language=de", "month=2026-10/language=en", "month=2026-11/language=de",
            "month=2026-11/language=en"} <= folders
    for a in read_table(batch_run.out, "articles"):
        month = a["published"][:7] if a["published"] else "unknown"  # undated text files
        assert (a["month"], a["language"]) == (month, a["lang"])
    assert batch_run.report.rows == {t: len(read_table(batch_run.out, t))
                                     for t in ("articles", "attributions", "figures", "mentions", "dates")}
