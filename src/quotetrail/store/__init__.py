"""Storage of articles and everything extracted from them: a SQLite file by default, or a
PostgreSQL database (``postgresql://…``); :func:`open_store` picks by the name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from quotetrail.store.base import AddResult, Store
from quotetrail.store.sqlite import SQLiteStore

if TYPE_CHECKING:  # psycopg is an optional dependency (the `postgres` extra)
    from quotetrail.store.postgres import PostgresStore

__all__ = ["AddResult", "SQLiteStore", "Store", "is_postgres", "open_store", "shown"]

SCHEMES = ("postgresql://", "postgres://")


def is_postgres(target: str | Path | None) -> bool:
    """Whether ``target`` (a --db value or $QUOTETRAIL_DB) names a PostgreSQL database."""
    return isinstance(target, str) and target.startswith(SCHEMES)


def shown(target: str | Path) -> str:
    """A store's name for messages: a URL without its password."""
    if not is_postgres(target):
        return str(target)
    parts = urlsplit(str(target))
    if parts.password is None:
        return str(target)
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


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
