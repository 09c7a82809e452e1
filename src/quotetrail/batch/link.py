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
    connected components of those pairs (label propagation: a few joins per step) are only
    where groups are looked for: each component's figures are taken in input order and join
    groups as the store's linker decides (:func:`_replay`: the same quantity as every member,
    the group of the most articles), so a chain 100 / about 110 / about 125 is two groups, not
    one. Each group is named by its first figure in input order.
``quote_pairs`` / ``quote_groups``
    two whole statements (:data:`~quotetrail.link.claims.QUOTE_MIN_WORDS` words or more, with
    4-grams) that the claim linker could put in one quote group, by its own rules: blocks of
    one word 4-gram (:func:`~quotetrail.link.claims.shingles`) x date window, then
    :func:`~quotetrail.link.claims.quote_share` and :func:`~quotetrail.link.claims.one_saying`
    (the share of the longer text; half of it between two known speakers), or one's folded
    words inside the other's (another speaker's only when they
    :func:`~quotetrail.link.claims.says_something`, and in articles sharing a named entity);
    blocks of one key phrase (:func:`~quotetrail.link.claims.key_phrases` of the statement's
    tokens) x window, held by fewer than :data:`~quotetrail.link.claims.TOPIC` known speakers
    (more are a topic's words), one claimant (:func:`~quotetrail.link.claims.one_claimant`), a named entity
    in common; and one speaker's restatements: blocks of (speaker, content word) x window,
    then :func:`~quotetrail.link.claims.restates`. A 4-gram or word in more than
    :data:`QUOTE_BLOCK_MAX` statements of a window is no block. Groups: each component's
    statements replayed in input order as the store looks (:func:`_replay`): the best 4-gram
    share with a group's *first* statement (the store indexes a group by its first
    statement's 4-grams and key phrases), then words held by or holding a member's, then a
    first statement's key phrase, then a restated member.
``story_pairs``
    two articles within the stories' window that share at least :data:`STORY_SHARED` of their
    story keys (the entity and figure keys of link/stories.py); keys found in more than
    :data:`STORY_KEY_MAX` articles of a window are no block (they tie everything, as the
    clusterer's LSH buckets keep only their latest entries). ``story_links``: each article's
    partner among them for ``load --links``, the earlier article it shares most keys with.

What stays in the store, and why the answers differ there by design (docs/ARCHITECTURE.md):
merges across keys (a bare surname, a transliteration, a middle name, a role); quoted phrases
inside statements (their groups, and the statements they tie together); a story's centroid and
TF-IDF weights as they were when the article came. The claim groups' greedy, order-dependent
choices are replayed per component in input order (:func:`_replay`), with what a component
cannot see: a store's candidate limits, its entity merges other than a bare surname's (the
shared-entity test reads Spark's key blocks), and the moment of the topic counts (the store
counts the groups a 4-gram or key phrase indexes when a statement arrives, Spark what makes
those groups over the whole window).
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
from quotetrail.link.claims import (
    QUOTE_MIN_WORDS,
    TOPIC,
    WINDOW,
    most_articles,
    one_claimant,
    one_saying,
    quote_share,
    restates,
    same_quantity,
    says_something,
)
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


def _statements(articles: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Each whole statement of each article (its tokens and statements in one row): what the
    claim linker compares it by (``ClaimLinker._quote``, ``_containing``, ``_keyed``,
    ``_restated``): its 4-grams, folded words, key phrases (of its tokens), speaker key and
    form, and with a speaker its content words. A statement without 4-grams is a phrase to the
    store (grouped there only)."""
    from quotetrail.link.claims import QUOTE_MIN_WORDS, content_words, key_phrases, shingles
    from quotetrail.link.entities import referent_key
    from quotetrail.link.names import fold

    for a in articles:
        lang, tokens = a["lang"] or "other", a["tokens"] or []  # Document.lang
        for r in a["statements"]:
            text = r["content"]["text"]
            mine = shingles(text, lang) if len(text.split()) >= QUOTE_MIN_WORDS else set()
            if not mine:
                continue
            lo, hi = r["content"]["start"], r["content"]["end"]
            keys = key_phrases([t for t in tokens if lo <= t["start"] < hi], lang)
            speaker = referent_key(r["speaker_name"], "PER")[2] if r["speaker_name"] else None
            yield (a["content_hash"], r["seq"], r["sentence"], speaker, r["form"], lang, sorted(mine),
                   sorted(content_words(text, lang)) if speaker else [], " ".join(fold(text).split()),
                   sorted(keys))


def _speaker_names(rows: Iterable[Any]) -> Iterator[tuple[str, str, str, bool, str]]:
    """Each distinct (name, lang) a person is written as (a PER mention, a statement's
    speaker): its key (:func:`~quotetrail.link.entities.referent_key`), whether it is a full
    name, and the key of its surname, by the entity linker's own functions."""
    from quotetrail.link.entities import referent_key
    from quotetrail.link.names import is_full_name, skeleton, surname

    for r in rows:
        _written, canonical, key = referent_key(r["name"], "PER")
        full = is_full_name(canonical)
        yield r["name"], r["lang"], key, full, skeleton(surname(canonical, r["lang"])) if full else key


def people_of(names: Iterable[tuple[str, bool]]) -> dict[str, str]:
    """The person each name key of one surname block stands for, as the entity linker ends up
    linking them (``EntityLinker._bare_surname``, ``_settle_surname``): a bare surname is the
    one person known by that surname in full, and stays itself when none or several are.
    ``names``: (key, full name) of the block; only keys that change are returned."""
    names = set(names)
    full = {k for k, is_full in names if is_full}
    if len(full) != 1:
        return {}
    (person,) = full
    return {k: person for k, is_full in names if not is_full}


def _said_again(shared: int, a_count: int, b_count: int, a_speaker: str | None, b_speaker: str | None,
                a_form: str, b_form: str, a_folded: str, b_folded: str, same_article: bool,
                lang: str) -> str | None:
    """How the claim linker would put statement ``b`` (the later) in ``a``'s group, of two
    sharing ``shared`` 4-grams: "4-grams" (most of them shared, :func:`quote_share`, and one
    saying, :func:`one_saying`), "contained" (one's words inside the other's, one speaker:
    ``ClaimLinker._containing``), "contained-other" (the same, another speaker: then also a
    named entity in common, checked by the caller), or None."""
    shorter_direct = (b_form if b_count <= a_count else a_form) == "direct"
    other = a_speaker is not None and b_speaker is not None and a_speaker != b_speaker
    if quote_share(shared, b_count, a_count) is not None and one_saying(
            shared, b_count, a_count, lambda: other, lambda: shorter_direct):
        return "4-grams"
    if same_article:  # containment is looked for in other articles only
        return None
    mine, theirs = f" {b_folded} ", f" {a_folded} "
    if mine not in theirs and theirs not in mine:
        return None
    if b_speaker is not None and a_speaker == b_speaker:
        return "contained"
    if mine == theirs or says_something(min(mine, theirs, key=len), lang):
        return "contained-other"
    return None


def _one_claimant(a_speaker: str | None, b_speaker: str | None) -> bool:
    """A key phrase joins ``b`` to ``a``'s group when one claimant said both
    (:func:`one_claimant`)."""
    return one_claimant(b_speaker, {a_speaker} if a_speaker else set())


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


def _inputs(spark: SparkSession, out: Path, partitions: int | None, *extra: str) -> tuple[DataFrame, DataFrame]:
    """What every linking pass reads: the articles (their place in the input, the claim
    linker's day, ``extra`` columns; persisted) and the mentions, with the session's shuffle
    partitions set for the batch's size."""
    from pyspark.sql import functions as F

    # Spark's default of 200 shuffle partitions makes every join of a small batch hundreds of
    # empty tasks (seconds each on a busy machine), and cached frames keep that many
    spark.conf.set("spark.sql.shuffle.partitions",
                   str(partitions or max(2, 4 * spark.sparkContext.defaultParallelism)))
    # an article's place in the input (a figure's "unit" is its measure: renamed apart)
    articles = _read(spark, out, "articles").select(
        "content_hash", F.col("unit").alias("file"), F.col("n").alias("pos"), "published", "inferred", *extra,
        *PARTITIONS)
    # the claim linker's date: none when the publication date was guessed
    articles = articles.withColumn("day", F.when(F.array_contains("inferred", "published"), F.lit(None))
                                   .otherwise(F.to_date("published"))).persist()
    mentions = _read(spark, out, "mentions").select("content_hash", "seq", "start", "name", "label", "month", "language")
    return articles, mentions


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
    report = LinkReport()
    articles, mentions = _inputs(spark, out, partitions, "story_keys")

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
               .select("content_hash", "seq", "sentence", "file", "pos", "day", "value", "comparator", "predicates",
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
    fig_cols = ("content_hash", "seq", "sentence", "file", "pos", "day", "value", "comparator", "predicates")
    cols = [F.col(f"{s}.{c}").alias(f"{s}_{c}") for s in ("a", "b") for c in fig_cols]
    pairs = dated.select(*cols).unionByName(undated.select(*cols)).unionByName(
        undated.select(*[F.col(f"{o}.{c}").alias(f"{s}_{c}") for s, o in (("a", "b"), ("b", "a"))
                         for c in fig_cols]))
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
        *[f"{s}_{c}" for s in ("a", "b") for c in ("content_hash", "seq", "sentence", "file", "pos", "value",
                                                   "comparator")]).persist()
    pairs.select("a_content_hash", "a_seq", "b_content_hash", "b_seq").write.parquet(str(target / "figure_pairs"))
    report.figure_pairs = pairs.count()
    components, report.steps, report.converged = _components(pairs)
    if not report.converged:
        report.notes.append(f"figure groups: label propagation stopped after {MAX_STEPS} steps")
    figure_groups = _regroup(spark, pairs, components, "figure").persist()
    _by_partition(figure_groups, articles).write.partitionBy(*PARTITIONS).parquet(str(target / "figure_groups"))
    report.figure_groups = _groups_of_two(figure_groups)
    figure_groups.unpersist()

    _link_quotes(spark, out, target, articles, named, mentions, report)

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


def _link_quotes(spark: SparkSession, out: Path, target: Path, articles: DataFrame, named: DataFrame,
                 mentions: DataFrame, report: LinkReport) -> None:
    """``quote_pairs`` and ``quote_groups`` under ``target``, counted in ``report``."""
    # -- quote pairs: blocks of one 4-gram, or of a speaker's content word, x date window
    # the statements carry their articles' tokens into a join: Spark would broadcast a side it
    # guessed small and run out of driver memory (1,000 articles did), so these joins shuffle
    broadcast = spark.conf.get("spark.sql.autoBroadcastJoinThreshold", "10MB")
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    try:
        quote_pairs = _quote_pairs(spark, out, articles, named, mentions).persist()
        quote_pairs.select("a_content_hash", "a_seq", "b_content_hash", "b_seq", "how").write.parquet(
            str(target / "quote_pairs"))
        report.quote_pairs = quote_pairs.count()
        q_components, q_steps, q_converged = _components(quote_pairs)
        report.steps = max(report.steps, q_steps)
        if not q_converged:
            report.converged = False
            report.notes.append(f"quote groups: label propagation stopped after {MAX_STEPS} steps")
        quote_groups = _regroup(spark, quote_pairs, q_components, "quote").persist()
        _by_partition(quote_groups, articles).write.partitionBy(*PARTITIONS).parquet(str(target / "quote_groups"))
        report.quote_groups = _groups_of_two(quote_groups)
        quote_groups.unpersist()
    finally:  # a notebook's session keeps its setting
        spark.conf.set("spark.sql.autoBroadcastJoinThreshold", broadcast)
    quote_pairs.unpersist()


def relink_quotes(out: Path, spark: SparkSession, *, partitions: int | None = None) -> LinkReport:
    """Make the quote tables of a batch linked before (``out/links``) again, the other links
    kept: what a change to the quote rules costs and gives, measured without linking entities,
    figures and stories again (benchmarks/batch.py ``--quotes``). Reads the batch's tables and
    the links' ``entity_mentions``; returns the report with the new quote counts."""
    import shutil

    from pyspark.sql import functions as F

    target = out / LINKS
    if not (target / "entity_mentions").is_dir():
        raise BatchError(f"{target} holds no links to keep; run `quotetrail batch --link` first")
    summary = target / LINK_SUMMARY
    report = LinkReport(**json.loads(summary.read_text(encoding="utf-8")))
    for table in ("quote_pairs", "quote_groups"):
        shutil.rmtree(target / table, ignore_errors=True)
    articles, mentions = _inputs(spark, out, partitions)
    named = (spark.read.parquet(str(target / "entity_mentions")).where(~F.col("label").isin(*SOURCES))
             .select("content_hash", "entity").distinct())
    _link_quotes(spark, out, target, articles, named, mentions, report)
    summary.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    articles.unpersist()
    return report

def _quote_pairs(spark: SparkSession, out: Path, articles: DataFrame, named: DataFrame,
                 mentions: DataFrame) -> DataFrame:
    """Pairs of whole statements the claim linker could group, by its own rules: sharing
    enough 4-grams as one saying, or one's words inside the other's (any two statements of
    different sentences; another speaker's only in articles sharing a named entity); a key
    phrase in common that is no topic's (fewer than :data:`~quotetrail.link.claims.TOPIC`
    known speakers of the window hold it), one claimant, articles sharing a named entity; or
    restating each other (one speaker, two articles). All within the claims' window (an
    undated or guessed date meets every window). ``named``: (content_hash, entity) of the
    named entities of each article, no outlet; ``mentions``: the batch's mentions, for the
    people known by full name.

    A speaker is compared as the person the entity linker makes of it (:func:`people_of`, over
    blocks of one surname): "Trump" is "Donald Trump" when he is the only Trump named in full,
    as the store's speaker entities are. A key phrase is a topic's when the statements of the
    window holding it have :data:`~quotetrail.link.claims.TOPIC` known speakers or more: the
    store counts the groups the phrase indexes, and a paraphrase joins a group of one
    claimant, so each known speaker is about one group (unknown speakers join theirs)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    schema = T.StructType([
        T.StructField("content_hash", T.StringType()), T.StructField("seq", T.IntegerType()),
        T.StructField("sentence", T.IntegerType()), T.StructField("speaker", T.StringType()),
        T.StructField("form", T.StringType()), T.StructField("lang", T.StringType()),
        T.StructField("shingles", T.ArrayType(T.LongType())), T.StructField("words", T.ArrayType(T.StringType())),
        T.StructField("folded", T.StringType()), T.StructField("keys", T.ArrayType(T.LongType())),
    ])
    said = (_read(spark, out, "attributions")
            .select("content_hash", F.struct("seq", "sentence", "speaker_name", "form", "content").alias("s"))
            .groupBy("content_hash").agg(F.collect_list("s").alias("statements")))
    with_tokens = _read(spark, out, "articles").select("content_hash", "lang", "tokens").join(said, "content_hash")
    stmts = spark.createDataFrame(with_tokens.rdd.mapPartitions(_statements), schema)
    # the person a speaker key stands for: blocks of one surname key, full names and bare
    # surnames of statements and PER mentions (one task a surname, whatever the archive)
    written = (_read(spark, out, "attributions").where(F.col("speaker_name").isNotNull())
               .select(F.col("speaker_name").alias("name"), F.col("language").alias("lang"))
               .unionByName(mentions.where(F.col("label") == "PER")
                            .select("name", F.col("language").alias("lang"))).distinct())
    names = spark.createDataFrame(written.rdd.mapPartitions(_speaker_names),
                                  "name string, lang string, key string, full boolean, sur string")
    people = (names.select("sur", "key", "full").distinct().rdd
              .map(lambda r: (r["sur"], (r["key"], r["full"]))).groupByKey()
              .flatMap(lambda block: people_of(block[1]).items()))
    people = spark.createDataFrame(people, "speaker string, person string")
    stmts = (stmts.join(people, "speaker", "left")
             .withColumn("speaker", F.coalesce("person", "speaker")).drop("person")
             .join(articles.select("content_hash", "file", "pos", "day"), "content_hash")
             .withColumn("win", F.floor(F.datediff("day", F.lit("1970-01-01")) / WINDOW.days))
             .withColumn("n_shingles", F.size("shingles")).persist())
    cols = ("content_hash", "seq", "sentence", "file", "pos", "day", "n_shingles", "words", "speaker", "form",
            "folded", "lang")

    other_article = F.col("a_content_hash") != F.col("b_content_hash")
    by_shingle = _pairs_over(stmts.select(*cols, "win", F.explode("shingles").alias("h")), ["h"], QUOTE_BLOCK_MAX, cols)
    again = F.udf(_said_again, T.StringType())
    how = again("shared", "a_n_shingles", "b_n_shingles", "a_speaker", "b_speaker", "a_form", "b_form",
                "a_folded", "b_folded", ~other_article, "b_lang")
    candidates = by_shingle.where(other_article | (F.col("a_sentence") != F.col("b_sentence"))).persist()
    # The store's 4-gram topic rule: a 4-gram indexing TOPIC groups or more of the window counts
    # for no statement. A group is indexed by its first statement's 4-grams, so the groups of a
    # 4-gram are about the statements holding it that join no earlier one by 4-grams (found
    # with every 4-gram counted); the pairs are then tested again without the topics' 4-grams.
    joined = (candidates.where(how == "4-grams")
              .select(F.col("b_content_hash").alias("content_hash"), F.col("b_seq").alias("seq")).distinct())
    said_pairs = _without_topics(candidates, stmts, joined).withColumn("how", how).where(F.col("how").isNotNull())
    # a key phrase of TOPIC known speakers or more in a window is a topic's: no block
    by_key = _pairs_over(stmts.select(*cols, "win", F.explode("keys").alias("k")), ["k"], QUOTE_BLOCK_MAX, cols,
                        claimants=True)
    keyed = (by_key.where(other_article & F.udf(_one_claimant, T.BooleanType())("a_speaker", "b_speaker"))
             .withColumn("how", F.lit("keyed")))
    spoken = stmts.where(F.col("speaker").isNotNull() & (F.size("words") > 0))
    by_word = _pairs_over(spoken.select(*cols, "win", F.explode("words").alias("w")), ["speaker", "w"],
                          QUOTE_BLOCK_MAX, cols)
    restated = (by_word.where(other_article & F.udf(_restates, T.BooleanType())("a_words", "b_words"))
                .withColumn("how", F.lit("restated")))
    keep = [f"{s}_{c}" for s in ("a", "b") for c in ("content_hash", "seq", "sentence", "file", "pos", "speaker")]
    said_pairs = said_pairs.withColumn("share", F.col("shared") / F.least("a_n_shingles", "b_n_shingles"))
    keyed, restated = keyed.withColumn("share", F.lit(0.0)), restated.withColumn("share", F.lit(0.0))
    keep += ["share"]
    both = (said_pairs.select(*keep, "how").unionByName(keyed.select(*keep, "how"))
            .unionByName(restated.select(*keep, "how")))
    # another speaker's words inside, and a key phrase, join only articles sharing a named entity
    need = both.where(F.col("how").isin("contained-other", "keyed"))
    sharing = (need.select("a_content_hash", "b_content_hash").distinct()
               .join(named.withColumnRenamed("content_hash", "a_content_hash"), "a_content_hash")
               .join(named.withColumnRenamed("content_hash", "b_content_hash"), ["b_content_hash", "entity"])
               .select("a_content_hash", "b_content_hash").distinct())
    both = both.where(~F.col("how").isin("contained-other", "keyed")).unionByName(
        need.join(sharing, ["a_content_hash", "b_content_hash"], "left_semi").select(*keep, "how"))
    # a pair found several ways once, by the first of the store's order of looking
    rank = (F.when(F.col("how") == "4-grams", 1).when(F.col("how").startswith("contained"), 2)
            .when(F.col("how") == "keyed", 3).otherwise(4))
    keep.remove("share")
    return both.groupBy(*keep).agg(F.min(F.struct(rank.alias("rank"), "how"))["how"].alias("how"),
                                   F.collect_set("how").alias("hows"), F.max("share").alias("share"))


def _pairs_over(items: DataFrame, keys: list[str], most: int, cols: tuple[str, ...], *,
                claimants: bool = False) -> DataFrame:
    """(a, b) of ``items`` (their ``cols``, "win" and ``keys``) in one block of ``keys`` x
    window (of ``most`` items at the most, and with ``claimants`` fewer than TOPIC known
    speakers), first in input order on the left, with how many blocks they share (``shared``)
    and which (``blocks``)."""
    from pyspark.sql import functions as F

    counts = [F.count("*").alias("size")] + ([F.countDistinct("speaker").alias("speakers")] if claimants else [])
    sizes = items.groupBy(*keys, "win").agg(*counts)
    kept = (F.col("size") <= most) & (F.col("speakers") < TOPIC if claimants else F.lit(True))
    items = items.join(sizes.where(kept), [*keys, "win"], "left_semi")
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
            .agg(F.countDistinct("block").alias("shared"), F.collect_set("block").alias("blocks"))
            .where(F.col("a_day").isNull() | F.col("b_day").isNull()
                   | (F.abs(F.datediff("a_day", "b_day")) <= WINDOW.days)))


def _without_topics(candidates: DataFrame, stmts: DataFrame, joined: DataFrame) -> DataFrame:
    """``candidates`` (pairs of statements with the 4-grams they share as ``blocks`` and their
    count ``shared``) with the 4-grams of a topic no longer counted: those that the statements
    (``stmts``: content_hash, seq, win, shingles) of the later statement's window starting a
    group hold :data:`~quotetrail.link.claims.TOPIC` times or more. ``joined``: (content_hash,
    seq) of the statements that join an earlier one by 4-grams, so start no group (the store
    indexes a group by its first statement's 4-grams)."""
    from pyspark.sql import functions as F

    topics = (stmts.select("content_hash", "seq", "win", F.explode("shingles").alias("h"))
              .join(joined, ["content_hash", "seq"], "left_anti").groupBy("h", "win").agg(F.count("*").alias("groups"))
              .where(F.col("groups") >= TOPIC).select(F.col("h").cast("string").alias("block"), "win"))
    pair_key = ["a_content_hash", "a_seq", "b_content_hash", "b_seq"]
    topical = (candidates.select(*pair_key, F.explode("blocks").alias("block"),
                                 F.floor(F.datediff("b_day", F.lit("1970-01-01")) / WINDOW.days).alias("win"))
               .join(topics, ["block", "win"], "left_semi").groupBy(*pair_key).agg(F.count("*").alias("topical")))
    return (candidates.join(topical, pair_key, "left")
            .withColumn("shared", F.col("shared") - F.coalesce("topical", F.lit(0))).drop("topical"))


def _regroup(spark: SparkSession, pairs: DataFrame, components: DataFrame, kind: str) -> DataFrame:
    """The claim groups the store makes of each connected component of ``pairs``: the
    component's members in input order, each joining a group as :class:`ClaimLinker` decides
    (:func:`_replay`); a component is one task's, however large the archive. (content_hash,
    seq, group), the group named by its first member."""
    from pyspark.sql import functions as F

    keyed = pairs.join(components.select(F.col("content_hash").alias("a_content_hash"), F.col("seq").alias("a_seq"),
                                         "group"), ["a_content_hash", "a_seq"])
    rows = keyed.rdd.map(lambda r: (r["group"], r)).groupByKey().flatMap(lambda g: _replay(kind, g[1]))
    return spark.createDataFrame(rows, "content_hash string, seq int, group string")


def _groups_of_two(groups: DataFrame) -> int:
    from pyspark.sql import functions as F

    return groups.groupBy("group").agg(F.count("*").alias("n")).where(F.col("n") > 1).count()


def _replay(kind: str, edges: Iterable[Any]) -> Iterator[tuple[str, int, str]]:
    """One component's groups (``kind`` "figure" or "quote"), its pairs ``edges`` (a before b
    in input order) replayed in input order with the store's choices:

    - a figure joins, of the groups of its earlier partners, those whose every member is the
      same quantity (:func:`same_quantity`), the one found in the most articles, the most
      recent of equals (:func:`most_articles`);
    - a statement joins the group whose first statement it shares most 4-grams with (as one
      saying: the store indexes a group by its first statement's 4-grams and key phrases),
      else a group with a member holding its words or held by them (its speaker's first),
      else a group whose first statement shares a key phrase, else one whose member it
      restates (each by :func:`most_articles`);
    - one sentence is one member of a group; a statement or figure with none starts a group.
    """
    node: dict[tuple[str, int], dict[str, Any]] = {}
    earlier: dict[tuple[str, int], list[tuple[tuple[str, int], Any]]] = {}
    for e in edges:
        a, b = (e["a_content_hash"], e["a_seq"]), (e["b_content_hash"], e["b_seq"])
        for ref, side in ((a, "a"), (b, "b")):
            node.setdefault(ref, {c[2:]: e[c] for c in e.asDict() if c.startswith(side + "_")})
        earlier.setdefault(b, []).append((a, e))
    order = sorted(node, key=lambda r: (node[r]["file"], node[r]["pos"], r[1]))
    group_of: dict[tuple[str, int], int] = {}
    members: list[list[tuple[str, int]]] = []
    taken: set[tuple[int, str, int]] = set()  # (group, article, sentence)
    for ref in order:
        me = node[ref]

        def free(fits: list[tuple[int, str]], me: dict[str, Any] = me) -> list[tuple[int, str]]:
            return [(g, art) for g, art in fits if (g, me["content_hash"], me["sentence"]) not in taken]

        partners = [(group_of[p], p, e) for p, e in earlier.get(ref, ()) if p in group_of]
        gid: int | None
        if kind == "figure":
            fits = [(g, p[0]) for g, p, _ in partners]
            odd = {g for g, _ in fits if any(not same_quantity(me["value"], me["comparator"], node[m]["value"],
                                                               node[m]["comparator"]) for m in members[g])}
            gid = most_articles(free([(g, art) for g, art in fits if g not in odd]))
        else:
            first = [(g, p, e) for g, p, e in partners if members[g][0] == p]
            shares = sorted(((e["share"], -g) for g, p, e in first
                             if "4-grams" in e["hows"] and free([(g, p[0])])), reverse=True)
            gid = -shares[0][1] if shares else None  # the best share; of equals, the first group
            for how, among in (("contained", partners), ("contained-other", partners), ("keyed", first),
                               ("restated", partners)):
                if gid is None:
                    gid = most_articles(free([(g, p[0]) for g, p, e in among if how in e["hows"]]))
        if gid is None:
            gid = len(members)
            members.append([])
        members[gid].append(ref)
        group_of[ref] = gid
        taken.add((gid, me["content_hash"], me["sentence"]))
    for ref in order:
        head = node[members[group_of[ref]][0]]
        yield ref[0], ref[1], f"{head['file']}:{head['pos']}:{members[group_of[ref]][0][1]}"


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

