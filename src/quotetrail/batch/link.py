"""Cross-article linking in Spark, as joins over blocks (`quotetrail batch --link`).

The store links article by article in input order (link/entities.py, link/claims.py,
link/stories.py); each decision reads what earlier articles left. What of that is a property of
a *pair* of rows, and so a join over a block key, runs here; no process ever holds the archive.
The keys and comparisons are the store linkers' own functions, never copies:

``entities``
    every mention (name, label) filed under the key the entity linker looks it up by
    (:func:`quotetrail.link.entities.referent_key`: possessive dropped, built-in variant
    resolved, :func:`~quotetrail.link.names.skeleton` folded). One entity per (label, key);
    its name is the one written at its first mention in input order, as the store names a new
    entity; ids count up in that order. Tables ``entities`` and ``entity_mentions``.
``figure_pairs`` / ``figure_groups``
    two figures of different articles that the claim linker could put in one group: a shared
    claim key (unit and concept or subject, from :func:`quotetrail.link.claims.figure_counted`,
    computed at analysis time), values in the same or a neighbouring bucket of width
    :data:`BUCKET` on a log scale, dates in the same or a neighbouring :data:`WINDOW`-day window
    (an undated or guessed date meets every window, as in the store); then the store's own tests
    on each pair: :func:`~quotetrail.link.claims.same_quantity`, predicates that do not
    contradict, dates within the window, and a named entity in common (not an outlet). The
    groups are the connected components of those pairs (label propagation: a few joins per
    step), each named by its first figure in input order.
``quote_pairs`` / ``quote_groups``
    two whole statements (:data:`~quotetrail.link.claims.QUOTE_MIN_WORDS` words or more) that
    the claim linker could put in one quote group: blocks of one word 4-gram
    (:func:`~quotetrail.link.claims.shingles`, the hashes the store indexes quotes by) x date
    window, then the store's test on the 4-grams two statements share
    (:func:`~quotetrail.link.claims.quote_share`); and one speaker's restatements: blocks of
    (speaker key, content word) x window, then :func:`~quotetrail.link.claims.restates`. A
    4-gram or word in more than :data:`QUOTE_BLOCK_MAX` statements of a window is no block.
    Groups: connected components, as the figures'.
``story_pairs``
    two articles within the stories' window that share at least :data:`STORY_SHARED` of their
    story keys (the entity and figure keys of link/stories.py); keys found in more than
    :data:`STORY_KEY_MAX` articles of a window are no block (they tie everything, as the
    clusterer's LSH buckets keep only their latest entries). ``story_links``: each article's
    partner among them for ``load --links``, the earlier article it shares most keys with.

What stays in the store, and why the answers differ there by design (docs/ARCHITECTURE.md):
merges across keys (a bare surname, a transliteration, a middle name, a role) and the greedy,
order-dependent choices (a figure joins the largest fitting group, one sentence one member,
the same quantity as every member; a story's centroid and TF-IDF weights as they were when
the article came).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotetrail.batch.job import PARTITIONS, BatchError
from quotetrail.link.claims import QUOTE_MIN_WORDS, WINDOW, quote_share, restates, same_quantity
from quotetrail.link.stories import StoryConfig

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

LINKS = "links"  # the folder under the batch's --out
LINK_SUMMARY = "_summary.json"
# bucket width on a log scale: same_quantity never accepts values further apart than 15 %
# (APPROX_TOLERANCE), so two figures it could join lie in the same or neighbouring buckets
BUCKET = math.log(1.2)
STORY_WINDOW = StoryConfig().window_days  # days around an article a story candidate may lie (the clusterer's window)
STORY_SHARED = 2  # story keys two articles share to be a story candidate pair
# an article's words the clusterer's lemma channel weighs most (TF-IDF over the batch) that
# count as story keys "l:<lemma>": two reports of one event share few names, often none of
# their figures, but their rare words
STORY_LEMMAS = 5
STORY_LEMMA_MIN = 4  # letters of such a lemma, at least ("sagen", "year" are everywhere anyway)
STORY_KEY_MAX = 200  # articles a story key may have in one window and still be a block
SOURCES = ("MEDIA", "MISC")  # who reports, not who is reported on: no shared entity (link/claims.py)
QUOTE_BLOCK_MAX = 500  # statements a 4-gram (or a speaker's word) may have in one window and still be a block
MAX_STEPS = 40  # label propagation steps; a component wider than that is reported, not hidden


@dataclass
class LinkReport:
    entities: int = 0
    mentions: int = 0
    figure_pairs: int = 0
    figure_groups: int = 0  # groups of two figures or more
    quote_pairs: int = 0
    quote_groups: int = 0  # groups of two statements or more
    story_pairs: int = 0
    steps: int = 0  # label propagation steps the figure groups took
    converged: bool = True
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"linked in Spark: {self.entities} entities from {self.mentions} mentions, "
                f"{self.figure_pairs} figure pairs in {self.figure_groups} groups, "
                f"{self.quote_pairs} quote pairs in {self.quote_groups} groups, {self.story_pairs} story pairs")


# ----------------------------------------------------------------------- executor side
def _keyed(rows: Iterable[Any]) -> Iterator[tuple[str, str, str, str, str]]:
    from quotetrail.link.entities import referent_key

    for r in rows:
        written, name, key = referent_key(r["name"], r["label"])
        yield r["name"], r["label"], written, name, key


def _statements(rows: Iterable[Any]) -> Iterator[tuple[str, int, int, str | None, list[int], list[str]]]:
    """A statement's 4-grams and, with a speaker, its content words and speaker key: what the
    claim linker compares a whole statement by (``ClaimLinker._quote``, ``_restated``)."""
    from quotetrail.link.claims import QUOTE_MIN_WORDS, content_words, shingles
    from quotetrail.link.entities import referent_key

    for r in rows:
        text, lang = r["text"], r["language"]
        if len(text.split()) < QUOTE_MIN_WORDS:  # a phrase: grouped in the store only
            continue
        speaker = referent_key(r["speaker_name"], "PER")[2] if r["speaker_name"] else None
        yield (r["content_hash"], r["seq"], r["sentence"], speaker, sorted(shingles(text, lang)),
               sorted(content_words(text, lang)) if speaker else [])


def _quote_fits(shared: int, a_count: int, b_count: int) -> bool:
    return quote_share(shared, a_count, b_count) is not None


def _restates(a_words: list[str], b_words: list[str]) -> bool:
    return restates(frozenset(a_words), frozenset(b_words))


def _fits(a_value: float, a_cmp: str, a_preds: list[str] | None, b_value: float, b_cmp: str,
          b_preds: list[str] | None) -> bool:
    """The claim linker's test of a candidate figure (link/claims.py ``ClaimLinker._figure``)."""
    if not same_quantity(a_value, a_cmp, b_value, b_cmp):
        return False
    return not (a_preds and b_preds and not set(a_preds) & set(b_preds))


# ------------------------------------------------------------------------- driver side
def _read(spark: SparkSession, out: Path, table: str) -> DataFrame:
    path = out / table
    if not path.is_dir():
        raise BatchError(f"{out} holds no {table!r} table; is it the --out folder of `quotetrail batch`?")
    return spark.read.parquet(str(path))


def link(out: Path, spark: SparkSession, *, partitions: int | None = None,
         story_lemmas: int = STORY_LEMMAS) -> LinkReport:
    """Link the batch in ``out`` into Parquet tables under ``out/links``; ``partitions``: of
    every shuffle (default: 4 per core, as the batch); ``story_lemmas``: an article's most
    distinctive lemmas that count as story keys beside its names and figures."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    target = out / LINKS
    if target.exists():
        raise BatchError(f"{target} exists already; the links of this batch were made (nothing was changed)")
    # Spark's default of 200 shuffle partitions makes every join of a small batch hundreds of
    # empty tasks (seconds each on a busy machine), and cached frames keep that many
    spark.conf.set("spark.sql.shuffle.partitions",
                   str(partitions or max(2, 4 * spark.sparkContext.defaultParallelism)))
    report = LinkReport()
    # an article's place in the input (a figure's "unit" is its measure: renamed apart)
    articles = _read(spark, out, "articles").select(
        "content_hash", F.col("unit").alias("file"), F.col("n").alias("pos"), "published", "inferred", "story_keys",
        *PARTITIONS)
    # the claim linker's date: none when the publication date was guessed
    articles = articles.withColumn("day", F.when(F.array_contains("inferred", "published"), F.lit(None))
                                   .otherwise(F.to_date("published"))).persist()
    mentions = _read(spark, out, "mentions").select("content_hash", "seq", "start", "name", "label", "month", "language")

    # -- entities: one per (label, key); few distinct names, so the key is computed once a name
    names = mentions.select("name", "label").distinct()
    key_schema = T.StructType([T.StructField(c, T.StringType()) for c in ("name", "label", "written", "canonical", "key")])
    keyed = spark.createDataFrame(names.rdd.mapPartitions(_keyed), key_schema)
    placed = (mentions.join(keyed, ["name", "label"])
              .join(articles.select("content_hash", "file", "pos"), "content_hash")
              .withColumn("at", F.struct("file", "pos", "seq")).persist())
    groups = placed.groupBy("label", "key").agg(
        F.min(F.struct("at", "canonical")).alias("first"), F.count("*").alias("mentions"),
        F.countDistinct("content_hash").alias("articles"))
    # ids in order of first mention: a distributed sort and zipWithIndex, no single partition
    ordered = groups.orderBy("first.at").rdd.zipWithIndex().map(
        lambda x: (x[1] + 1, x[0]["label"], x[0]["key"], x[0]["first"]["canonical"], x[0]["mentions"], x[0]["articles"]))
    entities = spark.createDataFrame(ordered, "entity long, label string, key string, name string, "
                                              "mentions long, articles long").persist()
    entities.write.parquet(str(target / "entities"))
    # with the block's key and name, so `load --links` reads an article's entities with its partition
    entity_mentions = placed.drop("canonical").join(entities.select("entity", "label", "key", F.col("name").alias("canonical")),
                                  ["label", "key"]).select(
        "content_hash", "seq", "start", "name", "label", "entity", "key", "canonical", "month", "language")
    entity_mentions.write.partitionBy("month", "language").parquet(str(target / "entity_mentions"))
    report.entities = entities.count()
    report.mentions = placed.count()

    # -- figure pairs: blocks of claim key x value bucket x date window
    figures = (_read(spark, out, "figures")
               .where((F.size("claim_keys") > 0) & F.col("value").isNotNull() & (F.col("value") != 0))
               .join(articles.select("content_hash", "file", "pos", "day"), "content_hash")
               .select("content_hash", "seq", "file", "pos", "day", "value", "comparator", "predicates",
                       F.explode("claim_keys").alias("key"))
               .withColumn("bucket", F.signum("value") * F.floor(F.log(F.abs("value")) / BUCKET))
               .withColumn("win", F.floor(F.datediff("day", F.lit("1970-01-01")) / WINDOW.days))
               .persist())
    near = F.array(F.lit(-1), F.lit(0), F.lit(1))
    left = figures.alias("a")
    right = _neighbours(figures, near)
    dated = left.join(right, ["key", "bucket", "win"]).where(F.col("a.content_hash") != F.col("b.content_hash"))
    # an undated figure meets every figure of its key and bucket (the store's window lets it)
    undated = (left.where(F.col("a.day").isNull()).join(
        _neighbours(figures, near, windows=False), ["key", "bucket"])
        .where(F.col("a.content_hash") != F.col("b.content_hash")))
    cols = [F.col(f"{s}.{c}").alias(f"{s}_{c}") for s in ("a", "b")
            for c in ("content_hash", "seq", "file", "pos", "day", "value", "comparator", "predicates")]
    pairs = dated.select(*cols).unionByName(undated.select(*cols)).unionByName(
        undated.select(*[F.col(f"{o}.{c}").alias(f"{s}_{c}") for s, o in (("a", "b"), ("b", "a"))
                         for c in ("content_hash", "seq", "file", "pos", "day", "value", "comparator", "predicates")]))
    # each pair once, first in input order on the left
    pairs = pairs.where(F.struct("a_file", "a_pos", "a_seq") < F.struct("b_file", "b_pos", "b_seq")).dropDuplicates(
        ["a_content_hash", "a_seq", "b_content_hash", "b_seq"])
    fits = F.udf(_fits, T.BooleanType())
    pairs = pairs.where(
        (F.col("a_day").isNull() | F.col("b_day").isNull() | (F.abs(F.datediff("a_day", "b_day")) <= WINDOW.days))
        & fits("a_value", "a_comparator", "a_predicates", "b_value", "b_comparator", "b_predicates"))
    # a named entity in common (an outlet or a platform ties nothing)
    named = (entity_mentions.where(~F.col("label").isin(*SOURCES)).select("content_hash", "entity").distinct())
    articles_pairs = pairs.select("a_content_hash", "b_content_hash").distinct()
    sharing = (articles_pairs.join(named.withColumnRenamed("content_hash", "a_content_hash"), "a_content_hash")
               .join(named.withColumnRenamed("content_hash", "b_content_hash"), ["b_content_hash", "entity"])
               .select("a_content_hash", "b_content_hash").distinct())
    pairs = pairs.join(sharing, ["a_content_hash", "b_content_hash"], "left_semi").select(
        "a_content_hash", "a_seq", "a_file", "a_pos", "b_content_hash", "b_seq", "b_file", "b_pos").persist()
    pairs.select("a_content_hash", "a_seq", "b_content_hash", "b_seq").write.parquet(str(target / "figure_pairs"))
    report.figure_pairs = pairs.count()
    components, report.steps, report.converged = _components(pairs)
    if not report.converged:
        report.notes.append(f"figure groups: label propagation stopped after {MAX_STEPS} steps")
    _by_partition(components, articles).write.partitionBy(*PARTITIONS).parquet(str(target / "figure_groups"))
    report.figure_groups = components.select("group").distinct().count()

    # -- quote pairs: blocks of one 4-gram, or of a speaker's content word, x date window
    quote_pairs = _quote_pairs(spark, out, articles).persist()
    quote_pairs.select("a_content_hash", "a_seq", "b_content_hash", "b_seq", "how").write.parquet(
        str(target / "quote_pairs"))
    report.quote_pairs = quote_pairs.count()
    q_components, q_steps, q_converged = _components(quote_pairs)
    report.steps = max(report.steps, q_steps)
    if not q_converged:
        report.converged = False
        report.notes.append(f"quote groups: label propagation stopped after {MAX_STEPS} steps")
    _by_partition(q_components, articles).write.partitionBy(*PARTITIONS).parquet(str(target / "quote_groups"))
    report.quote_groups = q_components.select("group").distinct().count()
    quote_pairs.unpersist()

    # -- story pairs: blocks of story key x window, frequent keys left out
    keys = articles.select("content_hash", F.explode("story_keys").alias("key"))
    if story_lemmas:
        keys = keys.unionByName(_lemma_keys(_read(spark, out, "articles"), story_lemmas))
    story_days = (articles.where(F.col("day").isNotNull()).select("content_hash", "file", "pos", "day")
                  .join(keys, "content_hash")
                  .withColumn("win", F.floor(F.datediff("day", F.lit("1970-01-01")) / STORY_WINDOW)))
    blocks = story_days.groupBy("key", "win").agg(F.count("*").alias("size"))
    story_days = story_days.join(blocks.where(F.col("size") <= STORY_KEY_MAX), ["key", "win"]).persist()
    s_right = (story_days.withColumn("d", F.explode(near)).withColumn("win", F.col("win") + F.col("d"))
               .drop("d").alias("b"))
    story_pairs = (story_days.alias("a").join(s_right, ["key", "win"])
                   .where(F.struct("a.file", "a.pos") < F.struct("b.file", "b.pos"))
                   .where(F.abs(F.datediff("a.day", "b.day")) <= STORY_WINDOW)
                   .select(F.col("a.content_hash").alias("a_content_hash"),
                           F.col("b.content_hash").alias("b_content_hash"), "key")
                   .groupBy("a_content_hash", "b_content_hash")
                   .agg(F.countDistinct("key").alias("shared"), F.sort_array(F.collect_set("key")).alias("keys"))
                   .where(F.col("shared") >= STORY_SHARED)).persist()
    story_pairs.write.parquet(str(target / "story_pairs"))
    report.story_pairs = story_pairs.count()
    # each article's story partner for `load --links`: of the earlier articles it pairs with,
    # the one sharing most keys (the first in input order of equals); an article without one
    # starts a story
    partner = (story_pairs.join(articles.select(F.col("content_hash").alias("a_content_hash"),
                                                F.col("file").alias("a_file"), F.col("pos").alias("a_pos")),
                                "a_content_hash")
               .groupBy("b_content_hash")
               .agg(F.max(F.struct("shared", (-F.col("a_file")).alias("f"), (-F.col("a_pos")).alias("p"),
                                   "a_content_hash")).alias("best"))
               .select(F.col("b_content_hash").alias("content_hash"), F.col("best.a_content_hash").alias("partner"),
                       F.col("best.shared").alias("shared")))
    (partner.join(articles.select("content_hash", *PARTITIONS), "content_hash")
     .write.partitionBy(*PARTITIONS).parquet(str(target / "story_links")))

    (target / LINK_SUMMARY).write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
    for frame in (articles, placed, entities, figures, pairs, story_days, story_pairs):
        frame.unpersist()
    return report


def _quote_pairs(spark: SparkSession, out: Path, articles: DataFrame) -> DataFrame:
    """Pairs of whole statements the claim linker could group: sharing enough 4-grams (any two
    statements of different sentences), or restating each other (one speaker, two articles);
    both within the claims' window (an undated or guessed date meets every window)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    schema = T.StructType([
        T.StructField("content_hash", T.StringType()), T.StructField("seq", T.IntegerType()),
        T.StructField("sentence", T.IntegerType()), T.StructField("speaker", T.StringType()),
        T.StructField("shingles", T.ArrayType(T.LongType())), T.StructField("words", T.ArrayType(T.StringType())),
    ])
    raw = _read(spark, out, "attributions").select(
        "content_hash", "seq", "sentence", "speaker_name", F.col("content.text").alias("text"), "language")
    stmts = (spark.createDataFrame(raw.rdd.mapPartitions(_statements), schema)
             .join(articles.select("content_hash", "file", "pos", "day"), "content_hash")
             .withColumn("win", F.floor(F.datediff("day", F.lit("1970-01-01")) / WINDOW.days))
             .withColumn("n_shingles", F.size("shingles")).persist())
    cols = ("content_hash", "seq", "sentence", "file", "pos", "day", "n_shingles", "words")

    def pairs_over(items: DataFrame, keys: list[str]) -> DataFrame:
        """(a, b) of ``items`` in one block of ``keys`` x window, first in input order on the
        left, with how many blocks they share."""
        sizes = items.groupBy(*keys, "win").agg(F.count("*").alias("size"))
        items = items.join(sizes.where(F.col("size") <= QUOTE_BLOCK_MAX), [*keys, "win"], "left_semi")
        near = F.array(F.lit(-1), F.lit(0), F.lit(1))
        right = (items.where(F.col("day").isNotNull()).withColumn("d", F.explode(near))
                 .withColumn("win", F.col("win") + F.col("d")).drop("d").alias("b"))
        dated = items.alias("a").join(right, [*keys, "win"])
        undated = items.where(F.col("day").isNull()).alias("a").join(items.alias("b"), keys)
        flipped = items.where(F.col("day").isNull()).alias("b").join(items.alias("a"), keys)
        sel = [F.col(f"{s}.{c}").alias(f"{s}_{c}") for s in ("a", "b") for c in cols] + [
            F.concat_ws("|", *[F.col(k).cast("string") for k in keys]).alias("block")]
        both = dated.select(*sel).unionByName(undated.select(*sel)).unionByName(flipped.select(*sel))
        both = both.where(F.struct("a_file", "a_pos", "a_seq") < F.struct("b_file", "b_pos", "b_seq"))
        return (both.groupBy(*[f"{s}_{c}" for s in ("a", "b") for c in cols])
                .agg(F.countDistinct("block").alias("shared"))
                .where(F.col("a_day").isNull() | F.col("b_day").isNull()
                       | (F.abs(F.datediff("a_day", "b_day")) <= WINDOW.days)))

    by_shingle = pairs_over(stmts.select(*cols, "win", F.explode("shingles").alias("h")), ["h"])
    fits = F.udf(_quote_fits, T.BooleanType())
    said = (by_shingle.where(((F.col("a_content_hash") != F.col("b_content_hash"))
                             | (F.col("a_sentence") != F.col("b_sentence")))
                             & fits("shared", "a_n_shingles", "b_n_shingles"))
            .withColumn("how", F.lit("4-grams")))
    spoken = stmts.where(F.col("speaker").isNotNull() & (F.size("words") > 0))
    by_word = pairs_over(spoken.select(*cols, "speaker", "win", F.explode("words").alias("w")), ["speaker", "w"])
    again = F.udf(_restates, T.BooleanType())
    restated = (by_word.where((F.col("a_content_hash") != F.col("b_content_hash")) & again("a_words", "b_words"))
                .withColumn("how", F.lit("restated")))
    keep = [f"{s}_{c}" for s in ("a", "b") for c in ("content_hash", "seq", "file", "pos")]
    both = said.select(*keep, "how").unionByName(restated.select(*keep, "how"))
    # a pair found both ways once, as 4-grams
    return both.groupBy(*keep).agg(F.min("how").alias("how"))


def _lemma_keys(articles: DataFrame, top: int) -> DataFrame:
    """(content_hash, "l:<lemma>") for each article's ``top`` lemmas by TF-IDF over the batch, of
    lemmas found in two articles or more of its language (one in a single article pairs none)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    words = (articles.select("content_hash", "language", F.explode("tokens").alias("t"))
             .where((F.col("t.kind") == "word") & (F.length("t.lemma") >= STORY_LEMMA_MIN)
                    & F.col("t.text").rlike("^[a-zäöüß]"))  # lowercase: names are keys already
             .select("content_hash", "language", F.lower("t.lemma").alias("lemma")))
    tf = words.groupBy("content_hash", "language", "lemma").agg(F.count("*").alias("tf"))
    df = tf.groupBy("language", "lemma").agg(F.count("*").alias("df"))
    n = articles.groupBy("language").agg(F.count("*").alias("n"))
    scored = (tf.join(df.where(F.col("df") >= 2), ["language", "lemma"]).join(n, "language")
              .withColumn("score", F.col("tf") * F.log(F.col("n") / F.col("df"))))
    rank = Window.partitionBy("content_hash").orderBy(F.desc("score"), "lemma")
    return (scored.withColumn("r", F.row_number().over(rank)).where(F.col("r") <= top)
            .select("content_hash", F.concat(F.lit("l:"), "lemma").alias("key")))


def _by_partition(groups: DataFrame, articles: DataFrame) -> DataFrame:
    """Group rows with their article's month and language, the partitions `load` reads by."""
    return groups.join(articles.select("content_hash", *PARTITIONS), "content_hash")


def _neighbours(figures: DataFrame, near: Any, *, windows: bool = True) -> DataFrame:
    """The right side of a block join: each figure in its own and the neighbouring value
    buckets (and date windows), so a pair across a bucket edge still meets."""
    from pyspark.sql import functions as F

    out = figures.withColumn("d", F.explode(near)).withColumn("bucket", F.col("bucket") + F.col("d")).drop("d")
    if windows:
        out = (out.where(F.col("day").isNotNull()).withColumn("d", F.explode(near))
               .withColumn("win", F.col("win") + F.col("d")).drop("d"))
    return out.alias("b")


def _components(pairs: DataFrame) -> tuple[DataFrame, int, bool]:
    """Connected components of the figure pairs by label propagation: every figure takes the
    smallest (file, pos, seq) among its neighbours' labels until none changes. A step is two
    joins over the pairs; the steps grow with a group's diameter, not with the archive."""
    from pyspark.sql import functions as F

    a = F.struct(F.col("a_file").alias("file"), F.col("a_pos").alias("pos"), F.col("a_seq").alias("seq"))
    b = F.struct(F.col("b_file").alias("file"), F.col("b_pos").alias("pos"), F.col("b_seq").alias("seq"))
    edges = (pairs.select(a.alias("u"), b.alias("v"), F.col("a_content_hash").alias("u_hash"),
                          F.col("b_content_hash").alias("v_hash"))
             .unionByName(pairs.select(b.alias("u"), a.alias("v"), F.col("b_content_hash").alias("u_hash"),
                                       F.col("a_content_hash").alias("v_hash")))).persist()
    nodes = edges.select(F.col("u").alias("node"), F.col("u_hash").alias("content_hash")).distinct()
    labels = nodes.withColumn("group", F.col("node")).localCheckpoint()
    steps, converged = 0, False
    while steps < MAX_STEPS:
        steps += 1
        offered = (edges.join(labels.select(F.col("node").alias("v"), F.col("group").alias("offer")), "v")
                   .groupBy("u").agg(F.min("offer").alias("offer")))
        updated = (labels.join(offered, labels["node"] == offered["u"], "left")
                   .select("node", "content_hash", F.least("group", F.coalesce("offer", "group")).alias("group"))
                   .localCheckpoint())  # cuts the plan, which would grow by two joins a step
        changed = updated.join(labels.select("node", F.col("group").alias("old")), "node").where(
            F.col("group") != F.col("old")).limit(1).count()
        labels.unpersist()
        labels = updated
        if not changed:
            converged = True
            break
    edges.unpersist()
    return (labels.select("content_hash", F.col("node.seq").alias("seq"),
                          F.col("group.file").alias("group_file"), F.col("group.pos").alias("group_pos"),
                          F.col("group.seq").alias("group_seq"))
            .withColumn("group", F.concat_ws(":", "group_file", "group_pos", "group_seq"))), steps, converged


# ------------------------------------------------------------------ against the store
@dataclass
class Agreement:
    """How the Spark links compare with a store's (``load`` of the same batch)."""

    entity_groups: int = 0  # Spark's (label, key) groups
    entities_same: int = 0  # ... whose mentions are exactly one store entity's
    entities_merged: list[str] = field(default_factory=list)  # store entities joining several groups
    entities_split: list[str] = field(default_factory=list)  # groups whose mentions went to several
    figure_groups: int = 0  # store figure groups of two members or more
    figure_within: int = 0  # ... inside one Spark component
    figure_equal: int = 0  # ... equal to one
    components_split: list[str] = field(default_factory=list)  # components the store made several groups of
    story_pairs: int = 0  # article pairs the store put in one story, dated within the window
    story_pairs_found: int = 0  # ... that are Spark story pairs
    # pairs of members in one group, in both, in Spark's groups, in the store's: entities
    # (mentions), figures, quotes (whole statements)
    pairs: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def pair_scores(self) -> str:
        """Precision and recall of Spark's member pairs against the store's, per kind."""
        out = []
        for kind, (both, spark, store) in self.pairs.items():
            p = f"{both / spark:.2f}" if spark else "-"
            r = f"{both / store:.2f}" if store else "-"
            out.append(f"{kind} P {p} R {r} ({both} of {spark} Spark / {store} store pairs)")
        return "; ".join(out)

    def summary(self) -> str:
        return (f"entities: {self.entities_same} of {self.entity_groups} Spark groups are a store entity, "
                f"{len(self.entities_merged)} store entities join several (merges across keys), "
                f"{len(self.entities_split)} groups split; figure groups: {self.figure_equal} of "
                f"{self.figure_groups} equal a Spark group, {self.figure_within} inside one; story pairs: "
                f"{self.story_pairs_found} of {self.story_pairs} found; member pairs: {self.pair_scores()}")


def pair_counts(spark_of: dict[Any, Any], store_of: dict[Any, Any]) -> tuple[int, int, int]:
    """(pairs in one group on both sides, pairs in one Spark group, pairs in one store group)
    of the members two mappings member -> group hold; counted, not listed (a group of n has
    n(n-1)/2 pairs)."""
    def pairs(sizes: dict[Any, int]) -> int:
        return sum(n * (n - 1) // 2 for n in sizes.values())

    spark: dict[Any, int] = {}
    store: dict[Any, int] = {}
    both: dict[tuple[Any, Any], int] = {}
    for ref, g in spark_of.items():
        spark[g] = spark.get(g, 0) + 1
        if ref in store_of:
            both[(g, store_of[ref])] = both.get((g, store_of[ref]), 0) + 1
    for g in store_of.values():
        store[g] = store.get(g, 0) + 1
    return pairs(both), pairs(spark), pairs(store)


def compare(out: Path, db: Any) -> Agreement:
    """The Spark links in ``out/links`` against a SQLite store ``db`` (a sqlite3 connection)
    that ``load`` filled from the same batch; read with pyarrow, no Spark needed."""
    import pyarrow.dataset as ds

    def table(name: str, root: Path = out / LINKS) -> list[dict[str, Any]]:
        return ds.dataset(str(root / name), format="parquet", partitioning="hive").to_table().to_pylist()

    result = Agreement()
    article = {h: i for i, h in db.execute("SELECT id, content_hash FROM articles")}
    # entities: a mention is (article, start, label) on both sides
    store_of = {(a, start, label): e for a, start, label, e in db.execute(
        "SELECT m.article_id, m.start, m.label, coalesce(e.merged_into, e.id) FROM mentions m "
        "JOIN entities e ON e.id = m.entity_id")}
    spark_groups: dict[int, set[tuple[int, int, str]]] = {}
    for m in table("entity_mentions"):
        if m["content_hash"] in article:
            spark_groups.setdefault(m["entity"], set()).add((article[m["content_hash"]], m["start"], m["label"]))
    store_groups: dict[int, set[tuple[int, int, str]]] = {}
    for ref, e in store_of.items():
        store_groups.setdefault(e, set()).add(ref)
    names = {r["entity"]: f"{r['label']} {r['key']!r}" for r in table("entities")}
    store_names = dict(db.execute("SELECT id, name FROM entities"))
    holders: dict[int, set[int]] = {}
    result.entity_groups = len(spark_groups)
    for g, refs in spark_groups.items():
        owners = {store_of.get(r) for r in refs}
        if len(owners) > 1:
            result.entities_split.append(names[g])
        elif owners and store_groups.get(next(iter(owners))) == refs:
            result.entities_same += 1
        for o in owners:
            if o is not None:
                holders.setdefault(o, set()).add(g)
    result.pairs["entities"] = pair_counts(
        {r: g for g, refs in spark_groups.items() for r in refs},
        store_of)
    result.entities_merged = sorted(f"{store_names[e]}: {', '.join(sorted(names[g] for g in gs))}"
                                    for e, gs in holders.items() if len(gs) > 1)

    # figures: (article, start) on both sides
    starts = {(r["content_hash"], r["seq"]): r["span"]["start"] for r in table("figures", out)}
    component: dict[tuple[int, int], str] = {}
    members: dict[str, set[tuple[int, int]]] = {}
    for r in table("figure_groups"):
        if r["content_hash"] in article:
            ref = (article[r["content_hash"]], starts[(r["content_hash"], r["seq"])])
            component[ref] = r["group"]
            members.setdefault(r["group"], set()).add(ref)
    groups: dict[int, set[tuple[int, int]]] = {}
    for gid, a, start in db.execute(
            "SELECT m.group_id, f.article_id, f.start FROM claim_members m JOIN figures f ON f.id = m.figure_id"):
        groups.setdefault(gid, set()).add((a, start))
    split: dict[str, int] = {}
    for refs in groups.values():
        if len(refs) < 2:
            continue
        result.figure_groups += 1
        owners = {component.get(r) for r in refs}
        if len(owners) == 1 and None not in owners:
            result.figure_within += 1
            (c,) = owners
            split[c] = split.get(c, 0) + 1
            result.figure_equal += members[c] == refs
    result.components_split = sorted(c for c, n in split.items() if n > 1)
    result.pairs["figures"] = pair_counts(
        component, {r: gid for gid, refs in groups.items() for r in refs})

    # quotes: whole statements, (article, seq) on both sides; the store's phrase members
    # (quoted words inside a statement) are no whole statement
    q_spark = {(article[r["content_hash"]], r["seq"]): r["group"] for r in table("quote_groups")
               if r["content_hash"] in article}
    q_store = {(a, seq): gid for gid, a, seq, text in db.execute(
        "SELECT m.group_id, t.article_id, t.seq, t.content_text FROM claim_members m "
        "JOIN attributions t ON t.id = m.attribution_id "
        "WHERE m.start = t.content_start AND m.\"end\" = t.content_end")
        if len(text.split()) >= QUOTE_MIN_WORDS}
    result.pairs["quotes"] = pair_counts(q_spark, q_store)

    # stories: the store's pairs of one story among Spark's candidate pairs
    # only pairs within the window: the clusterer chains a story on beyond it (first to latest
    # article), which is its order-dependent part, not a pair's
    by_story: dict[int, list[tuple[int, date]]] = {}
    for a, story, published in db.execute(
            "SELECT id, story_id, published FROM articles WHERE story_id IS NOT NULL AND published IS NOT NULL "
            "AND inferred NOT LIKE '%published%'"):
        by_story.setdefault(story, []).append((a, date.fromisoformat(published)))
    found = {tuple(sorted((article[r["a_content_hash"]], article[r["b_content_hash"]])))
             for r in table("story_pairs") if r["a_content_hash"] in article and r["b_content_hash"] in article}
    for arts in by_story.values():
        for i, (a, day_a) in enumerate(arts):
            for b, day_b in arts[i + 1:]:
                if abs((day_a - day_b).days) > STORY_WINDOW:
                    continue
                result.story_pairs += 1
                result.story_pairs_found += tuple(sorted((a, b))) in found
    return result


def groups_of(db: Any) -> dict[str, dict[tuple[Any, ...], int]]:
    """A SQLite store's groups, member -> group, by kind, with members named by content (so two
    stores of the same batch compare whatever ids they gave): entities (mentions), figures,
    quotes (whole statements) and stories (articles)."""
    out: dict[str, dict[tuple[Any, ...], int]] = {}
    out["entities"] = {(h, start, label): e for h, start, label, e in db.execute(
        "SELECT a.content_hash, m.start, m.label, coalesce(e.merged_into, e.id) FROM mentions m "
        "JOIN entities e ON e.id = m.entity_id JOIN articles a ON a.id = m.article_id")}
    out["figures"] = {(h, start): g for h, start, g in db.execute(
        "SELECT a.content_hash, f.start, m.group_id FROM claim_members m JOIN figures f ON f.id = m.figure_id "
        "JOIN articles a ON a.id = f.article_id")}
    out["quotes"] = {(h, seq): g for h, seq, g, text in db.execute(
        "SELECT a.content_hash, t.seq, m.group_id, t.content_text FROM claim_members m "
        "JOIN attributions t ON t.id = m.attribution_id JOIN articles a ON a.id = t.article_id "
        'WHERE m.start = t.content_start AND m."end" = t.content_end') if len(text.split()) >= QUOTE_MIN_WORDS}
    out["stories"] = {(h,): s for h, s in db.execute(
        "SELECT content_hash, story_id FROM articles WHERE story_id IS NOT NULL")}
    return out


def store_agreement(db: Any, reference: Any) -> dict[str, tuple[int, int, int]]:
    """Pair counts (in both, in ``db``'s groups, in ``reference``'s) per kind: how a store
    `load --links` filled groups as one linked online (``reference``) does."""
    mine, theirs = groups_of(db), groups_of(reference)
    return {kind: pair_counts(mine[kind], theirs[kind]) for kind in mine}

