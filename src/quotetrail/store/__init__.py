"""Storage of articles and everything extracted from them: a SQLite file by default, or a
PostgreSQL database (``postgresql://…``); :func:`open_store` picks by the name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from quotetrail.store.base import AddResult, Store
from quotetrail.store.sqlite import SQLiteStore

if TYPE_CHECKING:  # psycopg is an optional dependency (the `postgres` extra)
    from quotetrail.store.postgres import PostgresStore

__all__ = ["AddResult", "SQLiteStore", "Store", "is_postgres", "open_store"]

SCHEMES = ("postgresql://", "postgres://")


def is_postgres(target: str | Path | None) -> bool:
    """Whether ``target`` (a --db value or $QUOTETRAIL_DB) names a PostgreSQL database."""
    return isinstance(target, str) and target.startswith(SCHEMES)


def open_store(path: str | Path = "quotetrail.db") -> SQLiteStore | PostgresStore:
    """The store at ``path``: a ``postgresql://`` URL opens a PostgreSQL store, anything else
    a SQLite file. Every command and the web app open stores here."""
    if is_postgres(path):
        from quotetrail.errors import StoreError

        try:
            from quotetrail.store.postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(f"{exc.name} is needed for PostgreSQL stores; "
                             "install it with: pip install 'quotetrail[postgres]'") from exc
        return PostgresStore(str(path))
    return SQLiteStore(path)
