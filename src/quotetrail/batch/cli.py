"""The `batch` and `load` commands. Spark, warcio and pyarrow are imported only when they run,
so the rest of the command line starts as fast without the ``spark`` extra."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from quotetrail.errors import QuotetrailError


def register(app: typer.Typer) -> None:
    app.command()(batch)
    app.command()(load)


def batch(
    inputs: Annotated[list[str], typer.Argument(help="Files and folders: JSON Lines, Parquet, plain text, HTML, WARC/WARC.gz.")],
    out: Annotated[Path, typer.Option("--out", help="New folder for the Parquet tables.")],
    master: Annotated[str, typer.Option("--master", help="Spark master: local[*], spark://…, yarn, k8s://…")] = "local[*]",
    partitions: Annotated[int | None, typer.Option("--partitions", min=1, help="Analysis tasks (default: 4 per core).")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="Publication date (YYYY-MM-DD) the input lacks or gets wrong.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Site name the input lacks or gets wrong.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language code (de, en, …) instead of detection.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The summary as JSON.")] = False,
    link_: Annotated[bool, typer.Option("--link", help="Also link across articles in Spark (entities, figure groups, story candidates) into OUT/links.")] = False,
) -> None:
    """Analyse an archive as an Apache Spark job into Parquet tables (needs the `spark` extra: pyspark, Java 17)."""
    from quotetrail.batch.job import active_session, check_out, run, session
    from quotetrail.batch.link import link
    from quotetrail.ingest import IngestOptions
    from quotetrail.serve.cli import _fail, _json, _parse_date, err

    options = IngestOptions(date=_parse_date(date_, "--date"), source=source, lang=lang)
    try:
        check_out(out)  # before Spark's start, which takes seconds
        shared = active_session()  # a notebook's session is used, and left running
        spark = shared or session(master)
        try:
            spark.sparkContext.setLogLevel("ERROR")  # Spark's own INFO/WARN lines drown the report
            report = run(inputs, out, spark, partitions=partitions, options=options)
            linked = link(out, spark, partitions=partitions) if link_ else None
        finally:
            if shared is None:
                spark.stop()
    except QuotetrailError as exc:
        raise _fail(str(exc)) from exc
    for line in report.failures:
        err.print(f"error: {line}", markup=False)
    if report.rejects > len(report.failures):
        err.print(f"error: … {report.rejects - len(report.failures)} more in {out / 'rejects'}", markup=False)
    if as_json:
        _json(asdict(report) | ({"links": asdict(linked)} if linked else {}))
    else:
        err.print(f"{report.summary()}; tables in {out}", markup=False)
        if linked:
            err.print(f"{linked.summary()}; in {out / 'links'}", markup=False)
    if report.rejects:
        raise typer.Exit(1)


def load(
    folder: Annotated[Path, typer.Argument(help="The --out folder of `quotetrail batch`.")],
    # not a Path: that would fold the // of a postgresql:// URL
    db: Annotated[str | None, typer.Option("--db", help="SQLite file or postgresql:// URL (default: $QUOTETRAIL_DB or ./quotetrail.db).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
    check_links: Annotated[bool, typer.Option("--check-links", help="Compare the store's links with those `batch --link` made in Spark (SQLite stores).")] = False,
    links: Annotated[bool, typer.Option("--links", help="Take entities, claim groups and stories from the links `batch --link` made in Spark instead of linking online: linear, nothing cross-article in memory; no merges across name keys, no quoted-phrase groups.")] = False,
) -> None:
    """Store a batch's articles and link them (entities, claims, stories) as `ingest` would, or with --links as Spark linked them."""
    from quotetrail.batch.link import LINKS, compare
    from quotetrail.batch.load import load as run_load
    from quotetrail.serve.cli import _fail, _open, _report, err

    if not folder.is_dir():
        raise _fail(f"no batch output at {folder}")
    if (check_links or links) and not (folder / LINKS).is_dir():
        raise _fail(f"{folder} holds no links; make them with `quotetrail batch … --link` (nothing was stored)")
    store = _open(db, create=True)
    if check_links and type(store).__name__ != "SQLiteStore":  # compare() reads SQLite's tables
        store.close()
        raise _fail("--check-links reads a SQLite store (nothing was stored)")
    try:
        report = run_load(folder, store, links=links)
        if check_links:
            err.print(f"links: {compare(folder, store.db).summary()}", markup=False)  # type: ignore[attr-defined]
    except QuotetrailError as exc:
        raise _fail(str(exc)) from exc
    except ImportError as exc:
        raise _fail(f"load needs pyarrow ({exc.name}): pip install 'quotetrail[spark]'") from exc
    finally:
        store.close()
    _report(report, as_json)
