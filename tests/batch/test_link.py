"""Linking in Spark (`batch --link`) gives the groups the store's linkers give on the same
articles, where they can be the same (docs/ARCHITECTURE.md says where and why they differ)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quotetrail.batch.link import Agreement, link, store_agreement
from quotetrail.batch.load import load
from quotetrail.store import open_store
from tests.batch.conftest import Batch


def test_spark_links_group_as_the_store_links(linked: tuple[Any, Agreement]) -> None:
    report, agreed = linked
    print(report.summary())
    print(agreed.summary(), agreed.entities_merged, agreed.entities_split, agreed.components_split)
    assert report.converged
    # every (label, key) group of mentions is one store entity; the store only joins groups
    # across keys (a bare surname to the full name), never splits one
    assert agreed.entity_groups > 5 and not agreed.entities_split
    assert agreed.entities_same + sum(e.count(",") + 1 for e in agreed.entities_merged) >= agreed.entity_groups
    # Spark's figure groups are the store's: the pairs of members agree both ways (the
    # components of the pairs are regrouped as the store groups, the same quantity as every
    # member, not left whole)
    both, in_spark, in_store = agreed.pairs["figures"]
    assert agreed.figure_groups > 10 and in_store > 100
    assert both / in_spark > 0.9 and both / in_store > 0.9
    assert agreed.story_pairs and agreed.story_pairs_found > 0
    # whole statements: Spark's groups are the store's quote groups, mostly (the store also
    # joins statements through the phrases quoted inside them)
    both, in_spark, in_store = agreed.pairs["quotes"]
    assert report.quote_groups >= 2 and in_store > 100
    assert both / in_spark > 0.95 and both / in_store > 0.75
    assert agreed.pairs["entities"][0] == agreed.pairs["entities"][1] == agreed.pairs["entities"][2]


def test_linking_twice_is_refused(batch_run: Batch, spark: Any, linked: tuple[Any, Agreement]) -> None:
    from quotetrail.batch.job import BatchError

    with pytest.raises(BatchError, match="exists already"):
        link(batch_run.out, spark)
    assert (Path(batch_run.out) / "links" / "entities").is_dir()


def test_load_check_links_prints_how_the_store_agrees(batch_run: Batch, linked: tuple[Any, Agreement],
                                                      tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from quotetrail.serve.cli import app

    result = CliRunner().invoke(app, ["load", str(batch_run.out), "--db", str(tmp_path / "q.db"), "--check-links"])
    assert result.exit_code == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if line.startswith("links: ")]
    assert said == [f"links: {linked[1].summary()}"]


def test_load_with_the_spark_links_answers_as_the_online_store_where_they_agree(
        batch_run: Batch, linked: tuple[Any, Agreement], online: Path, tmp_path: Path) -> None:
    store = open_store(tmp_path / "links.db")
    try:
        report = load(batch_run.out, store, links=True)
        assert not report.failures and report.copies >= 1
        reference = open_store(online)
        try:
            # the batch's names are all written in full: Spark's entity blocks are the store's
            # entities, so the speakers answer the same
            assert store.speakers(limit=1000) == reference.speakers(limit=1000)
            pairs = store_agreement(store.db, reference.db)
        finally:
            reference.close()
    finally:
        store.close()
    print(pairs)
    assert pairs["entities"][0] == pairs["entities"][1] == pairs["entities"][2] > 100
    # most of the online claim pairs; more besides, since Spark's groups are components
    # (transitive: "about 100" ties 95 and 105) where the store's are greedy
    for kind in ("figures", "quotes"):
        both, mine, theirs = pairs[kind]
        assert theirs > 50 and both / theirs > 0.7 and both / mine > 0.1, kind
    both, mine, theirs = pairs["stories"]
    assert both > 0 and mine > 0



def statements(spark: Any, speakers: list[str | None]) -> Any:
    """One statement per speaker, each in its own article of one day, all holding key phrase 5."""
    from datetime import date

    day = date(2026, 3, 2)
    rows = [(f"h{i}", 0, 0, 0, i, day, sp, (day - date(1970, 1, 1)).days // 90, 5) for i, sp in enumerate(speakers)]
    return spark.createDataFrame(rows, "content_hash string, seq int, sentence int, file int, pos int, day date, "
                                       "speaker string, win long, k long")


def test_a_key_phrase_of_one_claimant_is_no_topic_however_often_said(spark: Any) -> None:
    """The store counts the groups a key phrase indexes: one person's paraphrases and those of
    unknown speakers join one group (one claimant), so five statements of one known speaker
    still pair by the phrase; four known speakers make four groups, a topic's phrase."""
    from quotetrail.batch.link import QUOTE_BLOCK_MAX, _pairs_over

    cols = ("content_hash", "seq", "sentence", "file", "pos", "day", "speaker")
    one = statements(spark, ["donald trump", "donald trump", None, "donald trump", None])
    assert _pairs_over(one, ["k"], QUOTE_BLOCK_MAX, cols, claimants=True).count() == 10
    four = statements(spark, ["ann lee", "bo ek", None, "cy ray", "di orr"])
    assert _pairs_over(four, ["k"], QUOTE_BLOCK_MAX, cols, claimants=True).count() == 0


def test_a_4_gram_of_a_topic_counts_for_no_statement(spark: Any) -> None:
    """The store drops a 4-gram that indexes TOPIC (4) groups of the window: four statements
    holding it that join no earlier one start four groups, and a later pair sharing it and one
    other 4-gram shares one, not two."""
    from datetime import date

    from quotetrail.batch.link import _without_topics

    day = date(2026, 3, 1)
    win = (day - date(1970, 1, 1)).days // 90
    stmts = spark.createDataFrame([(f"h{i}", 0, win, [7, 100 + i]) for i in range(4)],
                                  "content_hash string, seq int, win long, shingles array<long>")
    pair = spark.createDataFrame([("h8", 0, "h9", 0, day, ["7", "9"], 2)],
                                 "a_content_hash string, a_seq int, b_content_hash string, b_seq int, b_day date, "
                                 "blocks array<string>, shared int")
    none = spark.createDataFrame([], "content_hash string, seq int")
    assert [r["shared"] for r in _without_topics(pair, stmts, none).collect()] == [1]
    # one of the four joined an earlier statement: three groups, no topic yet
    one = spark.createDataFrame([("h3", 0)], "content_hash string, seq int")
    assert [r["shared"] for r in _without_topics(pair, stmts, one).collect()] == [2]
    # a statement of another window starts no group of this one
    later = spark.createDataFrame([("h8", 0, "h9", 0, date(2026, 9, 1), ["7", "9"], 2)], pair.schema)
    assert [r["shared"] for r in _without_topics(later, stmts, none).collect()] == [2]
