"""One Spark session and one batch run shared by the batch tests (a session takes ~20 s to
start; package-scoped, so its JVM and model-holding Python workers end with these tests), over inputs written here from sentences made up for the tests: JSON Lines, a folder of
plain text, Parquet and a WARC archive, with duplicates and bad records among them. Next to the
batch, the same texts go through ``ingest`` into a SQLite store: the reference."""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from quotetrail.ingest import IngestOptions

TODAY = date(2026, 12, 1)  # yearless header dates resolve against it on both paths

DE_NAMES = ["Jana Keller", "Tobias Brandt", "Miriam Ostrowski", "Henrik Vogt", "Lea Sommer"]
EN_NAMES = ["Laura Finch", "Owen Mercer", "Priya Raman", "Daniel Hollis", "Grace Whitlock"]
DE_ROLES = ["Sprecherin der Hafenbehörde", "Bürgermeister von Lindau", "Chef der Gewerkschaft"]
EN_ROLES = ["a spokeswoman for the port authority", "the mayor of Ashford", "the union's leader"]
MONTHS_DE = {10: "Oktober", 11: "November"}
MONTHS_EN = {10: "October", 11: "November"}


def german(i: int) -> str:
    name, other = DE_NAMES[i % 5], DE_NAMES[(i + 2) % 5]
    month = 10 + (i // 2) % 2
    return (f"{name}, {DE_ROLES[i % 3]}, sagte am Dienstag: „Rund {100 + 7 * i} Container stehen "
            f"still.“ Nach Angaben der Gewerkschaft sind {40 + i} Beschäftigte im Ausstand. {other} "
            f"erklärte, die Verhandlungen würden am {1 + i % 27}. {MONTHS_DE[month]} fortgesetzt. "
            "Die Lage im Hafen bleibe angespannt, hieß es am Abend aus dem Rathaus.")


def english(i: int) -> str:
    name, other = EN_NAMES[i % 5], EN_NAMES[(i + 3) % 5]
    month = 10 + (i // 2) % 2
    return (f'"About {200 + 3 * i} containers are stuck at the quay," said {name}, '
            f"{EN_ROLES[i % 3]}, on Tuesday. According to the union, {60 + i} workers have walked "
            f"out. {other} told reporters that talks would resume on {MONTHS_EN[month]} "
            f"{1 + i % 27}. The city council said the situation remained tense.")


def record(i: int) -> dict[str, Any]:
    lang = "de" if i % 2 else "en"
    text = german(i) if lang == "de" else english(i)
    month = 10 + (i // 2) % 2
    rec: dict[str, Any] = {"title": f"Hafen {i}" if lang == "de" else f"Port {i}", "text": text,
                           "date": f"2026-{month}-{1 + i % 28:02d}", "source": "Hafenblatt" if i % 3 else None,
                           "url": f"https://news.example/{i}"}
    if i % 4 == 0:
        rec["lang"] = lang  # the others are detected
    return {k: v for k, v in rec.items() if v is not None}


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{url}"><meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2026-11-{day:02d}T09:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/port">Port</a></nav><article><h1>{title}</h1>
<p>{first}</p><p>{second}</p></article><footer>Harbour Gazette, all rights reserved</footer>
</body></html>"""


def page(i: int) -> tuple[str, str]:
    url = f"https://gazette.example/port/{i}"
    html = PAGE.format(title=f"Port strike, day {i}", url=url, day=3 + i, first=english(50 + i),
                       second=english(70 + i))
    return url, html


@dataclass
class Inputs:
    batch: list[str]  # what `batch` reads
    ingest: list[str]  # the same texts in forms `ingest` reads (Parquet as JSON Lines, WARC as HTML)
    warc: Path
    expected_rejects: int
    duplicates: int


def write_inputs(root: Path) -> Inputs:
    import pyarrow as pa
    import pyarrow.parquet as pq

    root.mkdir(parents=True, exist_ok=True)
    jsonl = root / "news.jsonl"
    lines = [json.dumps(record(i), ensure_ascii=False) for i in range(40)]
    lines.insert(10, json.dumps(record(3), ensure_ascii=False))  # an exact duplicate
    near = record(5)
    near["text"] = near["text"][:-1] + "!"  # a near-duplicate, stored as a copy
    lines.insert(20, json.dumps(near, ensure_ascii=False))
    lines.insert(30, "{this is no JSON")  # bad records: the rest of the file still counts
    lines.insert(31, json.dumps({"title": "no text at all"}))
    lines.insert(32, json.dumps({"text": "Sie sagte: Ja.", "date": "yesterday"}))
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")

    texts = root / "texts"
    texts.mkdir()
    for i in range(60, 66):
        (texts / f"{i}.txt").write_text(f"Hafen {i}\n\n{german(i)}\n\n{german(i + 40)}\n", encoding="utf-8")

    rows = [record(i) for i in range(100, 116)] + [record(0)]  # the last: a duplicate across files
    rows.insert(5, {"title": "empty", "text": "   "})  # bad: no text
    table = pa.Table.from_pylist([{k: r.get(k) for k in ("title", "text", "date", "source", "url", "lang")}
                                  for r in rows])
    pq.write_table(table, root / "more.parquet")
    as_jsonl = root / "ingest-only" / "more.jsonl"  # the same rows for `ingest`
    as_jsonl.parent.mkdir()
    as_jsonl.write_text("\n".join(json.dumps({k: v for k, v in r.items() if v is not None}, ensure_ascii=False)
                                  for r in rows) + "\n", encoding="utf-8")

    warc = root / "crawl.warc.gz"
    pages = root / "ingest-only" / "pages"
    pages.mkdir()
    write_warc(warc, pages)
    garbage = root / "broken.warc"
    garbage.write_bytes(b"this is not an archive\n" * 20)
    return Inputs(
        batch=[str(jsonl), str(texts), str(root / "more.parquet"), str(warc), str(garbage),
               str(root / "missing.jsonl")],
        ingest=[str(jsonl), str(texts), str(as_jsonl), str(pages)],
        warc=warc,
        # 3 bad JSON Lines records, 1 bad Parquet row, the unreadable archive, the missing file
        expected_rejects=6,
        duplicates=2,
    )


def write_warc(path: Path, pages: Path) -> None:
    """Four article pages, each also saved as a file for `ingest`, among records that are no
    articles: a request, an image, a 404 page, a redirect, and metadata."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)

        def response(url: str, status: str, ctype: str, body: bytes) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        writer.write_record(writer.create_warc_record("https://gazette.example/port/0", "request",
                                                      payload=io.BytesIO(b"GET /port/0 HTTP/1.1\r\n\r\n")))
        for i in range(4):
            url, html = page(i)
            response(url, "200 OK", "text/html; charset=utf-8", html.encode("utf-8"))
            (pages / f"{i}.html").write_text(html, encoding="utf-8")
            if i == 1:
                response("https://gazette.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
                response("https://gazette.example/gone", "404 Not Found", "text/html",
                         b"<html><body><p>Not found, sorry; the page you asked for is gone.</p></body></html>")
                response("https://gazette.example/old", "301 Moved Permanently", "text/html", b"")
                writer.write_record(writer.create_warc_record(
                    "https://gazette.example/port/1", "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                    warc_content_type="application/warc-fields"))


def spark_missing() -> str | None:
    """Why the Spark tests cannot run here, or None."""
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
        import warcio  # noqa: F401
    except ImportError as exc:
        return f"the spark extra is not installed ({exc.name}): pip install '.[spark]'"
    java_home = os.environ.get("JAVA_HOME")
    if not shutil.which("java") and not (java_home and (Path(java_home) / "bin" / "java").exists()):
        return "Spark needs Java 17 (no java on PATH, no JAVA_HOME)"
    return None


@pytest.fixture(scope="package")
def spark() -> Iterator[Any]:
    reason = spark_missing()
    if reason:
        pytest.skip(reason)
    from quotetrail.batch.job import session

    s = session("local[2]", app="quotetrail tests")
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


@dataclass
class Batch:
    inputs: Inputs
    out: Path
    report: Any
    reference: Path  # the SQLite store `ingest` filled from the same texts
    reference_report: Any


@pytest.fixture(scope="package")
def batch_run(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Batch:
    from quotetrail.api import ingest
    from quotetrail.batch.job import run
    from quotetrail.store import open_store

    root = tmp_path_factory.mktemp("batch")
    inputs = write_inputs(root / "in")
    report = run(inputs.batch, root / "out", spark, partitions=2, options=IngestOptions(today=TODAY))
    store = open_store(root / "ingest.db")
    try:
        ref = ingest(inputs.ingest, store, IngestOptions(today=TODAY), workers=1)
    finally:
        store.close()
    return Batch(inputs, root / "out", report, root / "ingest.db", ref)


def read_table(out: Path, table: str) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    return ds.dataset(str(out / table), format="parquet", partitioning="hive").to_table().to_pylist()


@pytest.fixture(scope="package")
def online(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where ``linked`` loads the batch, linked online (the reference of the Spark links)."""
    return tmp_path_factory.mktemp("linked") / "loaded.db"


@pytest.fixture(scope="package")
def linked(batch_run: Batch, spark: Any, online: Path) -> tuple[Any, Any]:
    """The batch linked in Spark (``batch --link``), and how its links agree with the store
    ``load`` linked online (:class:`quotetrail.batch.link.Agreement`)."""
    from quotetrail.batch.link import compare, link
    from quotetrail.batch.load import load
    from quotetrail.store import open_store

    report = link(batch_run.out, spark)
    store = open_store(online)
    try:
        load(batch_run.out, store)
        return report, compare(batch_run.out, store.db)
    finally:
        store.close()
