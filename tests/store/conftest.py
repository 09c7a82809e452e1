"""The store contract runs against both stores: ``fresh_store`` and ``store_target`` are
parametrised over SQLite and PostgreSQL (a throwaway server, tests/pgserver.py; without one
the PostgreSQL half skips, saying why). Tests of one store's own machinery (WAL, FTS5 plans,
advisory locks) ask for ``sqlite_store`` or ``pg_url`` instead."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quotetrail.store import SQLiteStore, open_store


@pytest.fixture(params=["sqlite", "postgres"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """What `--db` would name: a SQLite file, or the URL of an empty PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "test.db"
    return request.getfixturevalue("pg_url")  # type: ignore[no-any-return]


@pytest.fixture
def fresh_store(store_target: str | Path) -> Iterator[SQLiteStore]:
    store = open_store(store_target)
    yield store
    store.close()


@pytest.fixture
def sqlite_store(store_path: Path) -> Iterator[SQLiteStore]:
    store = open_store(store_path)
    yield store
    store.close()
