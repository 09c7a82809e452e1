"""`quotetrail load --links` into PostgreSQL: the throwaway server of tests/pgserver.py (these
tests skip, saying why, where there is none), a batch and its Spark links written with pyarrow
(test_linked.py), and the answers compared with the same load into SQLite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from quotetrail.serve.cli import app
from quotetrail.store import open_store
from tests.batch.test_linked import write_batch

pytest.importorskip("pyarrow", reason="load needs pyarrow (the spark extra)")


def answers(target: str | Path) -> dict[str, Any]:
    """What a user sees of the links: speakers, claim groups with their members, stories."""
    with open_store(target) as store:
        claims = store.claim_groups(limit=100)
        return {
            "speakers": store.speakers(limit=100),
            "claims": claims,
            "members": [store.claim_group(c["id"]) for c in claims],
            "stories": store.stories(limit=100),
        }


def load_cli(folder: Path, target: str | Path, *extra: str) -> Any:
    result = CliRunner().invoke(app, ["load", str(folder), "--db", str(target), *extra])
    assert result.exit_code == 0, result.output
    return result


def test_load_links_into_postgresql_answers_as_into_sqlite(tmp_path: Path, pg_url: str) -> None:
    write_batch(tmp_path / "out")
    load_cli(tmp_path / "out", tmp_path / "q.db", "--links")
    result = load_cli(tmp_path / "out", pg_url, "--links")
    assert "3 added" in result.output
    got, want = answers(pg_url), answers(tmp_path / "q.db")
    # Spark's quote group and story partner are the store's: one claim of two articles, one story
    assert len(got["claims"]) == 1 and got["claims"][0]["articles"] == 2
    assert [s["size"] for s in got["stories"] if s["size"] > 1] == [2]
    assert got == want


def test_load_links_into_postgresql_twice_adds_nothing(tmp_path: Path, pg_url: str) -> None:
    write_batch(tmp_path / "out")
    load_cli(tmp_path / "out", pg_url, "--links")
    first = answers(pg_url)
    again = load_cli(tmp_path / "out", pg_url, "--links")
    assert "0 added, 3 already stored" in again.output
    # no second group, member or story for the articles already stored
    assert answers(pg_url) == first
    with open_store(pg_url) as store:
        assert store.count() == 3


def test_load_check_links_refuses_postgresql_before_storing(tmp_path: Path, pg_url: str) -> None:
    write_batch(tmp_path / "out")
    result = CliRunner().invoke(app, ["load", str(tmp_path / "out"), "--db", pg_url, "--check-links"])
    assert result.exit_code == 1
    assert "--check-links reads a SQLite store (nothing was stored)" in result.stderr
    with open_store(pg_url) as store:
        assert store.count() == 0


def test_load_links_of_a_spark_batch_into_postgresql_answers_as_sqlite(
        batch_run: Any, linked: Any, tmp_path: Path, pg_url: str) -> None:
    # the batch of tests/batch/conftest.py linked in Spark: figures, quotes, entities, stories
    load_cli(batch_run.out, tmp_path / "q.db", "--links")
    load_cli(batch_run.out, pg_url, "--links")
    got, want = answers(pg_url), answers(tmp_path / "q.db")
    assert got["claims"] and any(c["kind"] == "figure" for c in got["claims"])
    assert any(s["size"] > 1 for s in got["stories"])
    for key in want:
        assert got[key] == want[key], key
    with open_store(pg_url) as store, open_store(tmp_path / "q.db") as lite:
        # the figure groups are indexed by their claim keys on both, so a later `ingest` finds them
        count = "SELECT count(*) FROM claim_keys"
        assert store.db.execute(count).fetchone()[0] == lite.db.execute(count).fetchone()[0] > 0
