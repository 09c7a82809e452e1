"""`quotetrail batch`: the analysis of an archive as one Apache Spark job.

1. The driver lists the input files (units); each unit is read on an executor by
   :mod:`quotetrail.batch.readers` into records (loaded articles or failures).
2. Exact duplicates go before any analysis: of the records with one content hash, the first in
   input order is kept (the one ``ingest`` would store); the others are counted.
3. Each partition is analysed by the default pipeline, built once per Python worker (a
   module-level cache: Spark reuses its Python workers across tasks, so an executor core loads
   the language models once, not once per task or per article).
4. The analysed articles are written as Parquet tables (articles, attributions, figures,
   mentions, dates; rejects for what failed), partitioned by publication month and language.

One bad record never stops the job: a file that cannot be read, a record that cannot be loaded
and an article whose analysis raises each become a row of ``rejects`` with its one-line reason.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotetrail.batch.readers import Unit, article_of, read_unit, units
from quotetrail.batch.rows import UNKNOWN, article_row
from quotetrail.errors import IngestError, QuotetrailError
from quotetrail.ingest import IngestOptions

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

TABLES = ("articles", "attributions", "figures", "mentions", "dates")
PARTITIONS = ("month", "language")
SUMMARY = "_summary.json"


class BatchError(QuotetrailError):
    """The batch cannot start (no Spark, no inputs, an output folder in the way)."""


@dataclass
class BatchReport:
    files: int = 0
    records: int = 0  # articles and failures the readers produced
    duplicates: int = 0  # exact duplicates dropped before the analysis
    analysed: int = 0
    rejects: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # rows written per table
    failures: list[str] = field(default_factory=list)  # the first reject lines, for the terminal

    def summary(self) -> str:
        return (f"{self.analysed} articles analysed from {self.files} files, {self.duplicates} exact "
                f"duplicates skipped, {self.rejects} rejected")


# --------------------------------------------------------------------- executor side
_pipeline: Any = None


def _cached_pipeline() -> Any:
    """The default pipeline, built once per Python worker process and kept for its next tasks."""
    global _pipeline
    if _pipeline is None:
        from quotetrail.analysis import default_pipeline
        from quotetrail.ingest.dedup import signature

        _pipeline = (default_pipeline(), signature)
    return _pipeline


def read_partition(part: Iterable[Unit], options: IngestOptions) -> Iterator[dict[str, Any]]:
    for unit in part:
        yield from read_unit(unit, options)


def analyse_partition(records: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Each record analysed, as an article row with its nested rows, or as a failure."""
    pipeline, signature = _cached_pipeline()
    for row in records:
        rec = row.asDict(recursive=True) if hasattr(row, "asDict") else row
        try:
            doc = pipeline(article_of(rec))
            yield {**article_row(doc, rec, signature(doc.article.text)), "error": None}
        except Exception as exc:  # the same line ingest reports for a failing article
            yield {"content_hash": rec["content_hash"], "unit": rec["unit"], "n": rec["n"],
                   "origin": rec["origin"], "month": UNKNOWN, "language": UNKNOWN,
                   "error": str(IngestError(rec["origin"], f"{type(exc).__name__}: {exc}"))}


# ------------------------------------------------------------------------ driver side
def session(master: str = "local[*]", app: str = "quotetrail batch") -> SparkSession:
    """A Spark session; in local mode its Python workers run this interpreter (the one that
    has quotetrail and its models), elsewhere the cluster's configured Python."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise BatchError("the batch needs pyspark: pip install 'quotetrail[spark]'") from exc
    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName(app)
    # Python rows go to the JVM through Arrow batches; keep the UI off in local mode (a port
    # per session, nothing to see for a job that ends)
    builder = builder.config("spark.ui.enabled", "false" if master.startswith("local") else "true")
    try:
        return builder.getOrCreate()
    except Exception as exc:  # no Java, a master that cannot be reached: one line
        raise BatchError(f"Spark could not start ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                         "it needs Java 17 (JAVA_HOME) and a reachable --master") from exc


def active_session() -> SparkSession | None:
    """The session already running in this process (a notebook's, a test's), if any."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def check_out(out: Path) -> None:
    """Refuse an output folder that holds anything: a second batch would mix into the first."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BatchError(f"{out} is not an empty folder; write a batch into a new one (nothing was changed)")


def run(inputs: Sequence[str], out: Path, spark: SparkSession, *, partitions: int | None = None,
        options: IngestOptions | None = None, keep_failures: int = 20) -> BatchReport:
    """Analyse ``inputs`` into Parquet tables under ``out`` (which must not hold output yet)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from quotetrail.batch import schema

    check_out(out)
    found, missing = units(inputs)
    if not found and not missing:
        raise BatchError("no input files found")
    # one date for yearless header lines on every executor, as ingest takes today's
    options = options or IngestOptions()
    options.today = options.today or date.today()
    sc = spark.sparkContext
    parts = partitions or max(2, 4 * sc.defaultParallelism)
    spark.conf.set("spark.sql.shuffle.partitions", str(parts))
    report = BatchReport(files=len(found))

    unit_rdd = sc.parallelize(found, max(1, min(len(found), parts)))
    records = spark.createDataFrame(
        unit_rdd.mapPartitions(lambda part: read_partition(part, options)), schema.RECORD)
    records = records.persist()
    loaded = records.where(F.col("error").isNull())
    first = Window.partitionBy("content_hash").orderBy("unit", "n")
    kept = (loaded.withColumn("_rank", F.row_number().over(first)).where(F.col("_rank") == 1)
            .drop("_rank", "error").repartition(parts))
    analysed = spark.createDataFrame(kept.rdd.mapPartitions(analyse_partition), schema.ANALYSED)
    analysed = analysed.persist()

    # every Spark job costs seconds of scheduling: the counts come from two aggregations over
    # the cached frames, not from counting each table
    ok = F.col("error").isNull()
    read = records.agg(F.count("*").alias("all"), F.sum(ok.cast("int")).alias("ok")).first()
    done = analysed.agg(F.count("*").alias("all"), F.sum(ok.cast("int")).alias("ok"),
                        *(F.sum(F.when(ok, F.size(t)).otherwise(0)).alias(t) for t in TABLES[1:])).first()
    report.records = read["all"] + len(missing)
    report.analysed = done["ok"] or 0
    report.duplicates = (read["ok"] or 0) - done["all"]
    report.rejects = read["all"] - (read["ok"] or 0) + done["all"] - report.analysed + len(missing)
    report.rows = {"articles": report.analysed, **{t: done[t] or 0 for t in TABLES[1:]}}

    good = analysed.where(ok).drop("error")
    article_cols = [f.name for f in schema.ARTICLE_FIELDS]
    good.select(*article_cols).write.partitionBy(*PARTITIONS).parquet(str(out / "articles"))
    for table in TABLES[1:]:
        rows = good.select("content_hash", *PARTITIONS, F.explode(table).alias("r")).select(
            "content_hash", "r.*", *PARTITIONS)
        rows.write.partitionBy(*PARTITIONS).parquet(str(out / table))
    failed = F.col("error").isNotNull()
    rejects = (records.where(failed).select("unit", "n", "origin", "error")
               .unionByName(analysed.where(failed).select("unit", "n", "origin", "error")))
    if missing:
        rejects = rejects.unionByName(spark.createDataFrame(
            [{"unit": -1, "n": i, "origin": line.split(": ", 1)[0], "error": line}
             for i, line in enumerate(missing)], schema.REJECT))
    # one small file in input order (rejects are few; a sort would cost a sampling job)
    rejects = rejects.coalesce(1).sortWithinPartitions("unit", "n")
    rejects.write.parquet(str(out / "rejects"))
    if report.rejects:
        report.failures = [r["error"] for r in rejects.limit(keep_failures).collect()]
    (out / SUMMARY).write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2) + "\n",
                               encoding="utf-8")
    records.unpersist()
    analysed.unpersist()
    return report
