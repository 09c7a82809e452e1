"""Storage of articles and everything extracted from them (SQLite by default)."""

from __future__ import annotations

from pathlib import Path

from quotetrail.store.base import AddResult, Store
from quotetrail.store.sqlite import SQLiteStore

__all__ = ["AddResult", "SQLiteStore", "Store", "open_store"]


def open_store(path: str | Path = "quotetrail.db") -> SQLiteStore:
    return SQLiteStore(path)
