"""`quotetrail copy`: a store from SQLite to PostgreSQL and back comes out row for row the
same, ids and links included, and answers as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from quotetrail.serve.cli import app
from quotetrail.store import open_store
from quotetrail.store.copy import schema


def _copy(src: str | Path, dst: str | Path) -> str:
    result = CliRunner().invoke(app, ["copy", str(src), str(dst)])
    assert result.exit_code == 0, result.output
    return result.output


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (search indexes included), in a stable order."""
    db = sqlite3.connect(path)
    try:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: sorted(db.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in names}
    finally:
        db.close()


def test_examples_round_trip_sqlite_to_postgres_to_sqlite(examples_sqlite: Path, pg_url: str, tmp_path: Path) -> None:
    assert "copied 6 articles" in _copy(examples_sqlite, pg_url)
    back = tmp_path / "back.db"
    _copy(pg_url, back)
    before, after = _tables(examples_sqlite), _tables(back)
    assert before.keys() == after.keys()
    for name in before:
        assert after[name] == before[name], name
    assert sum(len(rows) for rows in before.values()) > 200  # the examples, not empty tables
    # the PostgreSQL copy answers as the original: same statements, same ids
    with open_store(examples_sqlite) as original, open_store(pg_url) as copied:
        assert copied.quotes(limit=100) == original.quotes(limit=100)
        assert copied.article(1) == original.article(1)


def test_both_stores_have_the_same_tables_and_columns_and_copy_takes_them_all(pg_url: str) -> None:
    with open_store(pg_url) as store:
        pg_columns: dict[str, set[str]] = {}
        for table, column in store.db.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"):
            pg_columns.setdefault(table, set()).add(column)
    pg_columns.pop("quotetrail_schema")  # PostgreSQL's schema version (SQLite: PRAGMA user_version)
    assert {name: set(columns) for name, columns, *_ in schema()} == pg_columns


def test_copy_into_a_store_holding_data_is_refused_and_changes_nothing(
        examples_sqlite: Path, tmp_path: Path) -> None:
    target = tmp_path / "full.db"
    _copy(examples_sqlite, target)
    before = _tables(target)
    result = CliRunner().invoke(app, ["copy", str(examples_sqlite), str(target)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: the destination already holds data (table sources); copy only into an empty store"]
    assert _tables(target) == before


def test_copy_of_a_missing_store_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["copy", str(tmp_path / "nope.db"), str(tmp_path / "new.db")])
    assert result.exit_code == 1 and result.output.strip() == f"Error: no database at {tmp_path / 'nope.db'}"
    assert not (tmp_path / "new.db").exists()
