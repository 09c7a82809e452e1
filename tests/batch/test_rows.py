"""An analysed Document survives the trip through batch rows unchanged: `load` stores what the
batch analysed, without analysing again. No Spark needed."""

from __future__ import annotations

from datetime import date

from quotetrail.analysis import default_pipeline
from quotetrail.batch.rows import article_row, document
from quotetrail.ingest.dedup import signature
from quotetrail.model import Article

TABLES = ("attributions", "figures", "mentions", "dates")


def test_a_document_rebuilt_from_its_rows_equals_the_analysed_one() -> None:
    text = ("Die Ministerin Eva Roth sagte am Freitag im Interview mit dem Radio, rund 300 Häuser "
            "seien betroffen. Laut ihrem Sprecher kostet der Wiederaufbau mehr als 2 Millionen Euro. "
            "„Wir helfen sofort“, erklärte Roth.")
    article = Article(text=text, origin="t.txt", title="Hochwasser", site="Lokalblatt",
                      published=date(2026, 11, 13), published_time="08:15", inferred={"lang"},
                      dropped=["Anzeige"], notes=["a note"])
    doc = default_pipeline()(article)
    assert doc.attributions and doc.figures and doc.mentions and doc.dates  # all kinds round-trip
    sig = signature(text)
    row = article_row(doc, {"content_hash": article.content_hash, "unit": 0, "n": 0}, sig)
    assert (row["month"], row["language"]) == ("2026-11", "de")
    assert row["signature"] == sig
    assert document(row, *(row[t] for t in TABLES)) == doc


def test_an_article_without_date_or_language_goes_to_the_unknown_partition() -> None:
    doc = default_pipeline()(Article(text="12345 67890", origin="n.txt"))
    row = article_row(doc, {"content_hash": "h", "unit": 0, "n": 0}, b"")
    assert row["month"] == "unknown"
    assert document(row, *(row[t] for t in TABLES)) == doc
