"""What `quotetrail watch` remembers between runs: per source its validators, schedule and
health, and the feed entries already handled.

A mixin of :class:`~quotetrail.store.sqlite.SQLiteStore` (tables in migration 010). Each call
is its own short transaction, so a watch stopped at any point leaves a state the next run
resumes from: a source whose poll did not finish keeps its old validators and is due at once,
and only the entries that were not yet handled are fetched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

# failed polls in a row after which a source is listed as failing rather than erroring once
FAILING_AFTER = 3
_FIELDS = ("etag", "last_modified", "next_poll", "failures", "last_error", "last_poll", "last_result")


def iso(seconds: float | None) -> str | None:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds") if seconds is not None else None


def health(failures: int, last_poll: float | None) -> str:
    if last_poll is None:
        return "not polled yet"
    if failures >= FAILING_AFTER:
        return "failing"
    return "error" if failures else "ok"


class WatchState:
    db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[None]:  # provided by SQLiteStore
        raise NotImplementedError

    def watch_register(self, url: str, *, interval: float, lang: str | None, site: str | None) -> dict[str, Any]:
        """Add ``url`` (or update its settings, keeping its state) and return its state."""
        with self._transaction():
            self.db.execute(
                "INSERT INTO watch_sources (url, interval, lang, site) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET interval = excluded.interval, lang = excluded.lang, "
                "site = excluded.site", (url, interval, lang, site))
        row = self.db.execute("SELECT * FROM watch_sources WHERE url = ?", (url,)).fetchone()
        return {k: row[k] for k in (*_FIELDS, "added")}

    def watch_save(self, url: str, *, added: int = 0, **fields: Any) -> None:
        """Write the given state fields of ``url``; ``added`` is added to its running total."""
        unknown = set(fields) - set(_FIELDS)
        if unknown:
            raise ValueError(f"not watch state: {', '.join(sorted(unknown))}")
        sets = "".join(f", {k} = ?" for k in fields)
        with self._transaction():
            self.db.execute(f"UPDATE watch_sources SET added = added + ?{sets} WHERE url = ?",
                            (added, *fields.values(), url))

    def watch_done(self, url: str, entries: Iterable[str]) -> set[str]:
        """Which of ``entries`` need no fetch: handled before (or given up on)."""
        wanted = list(entries)
        done: set[str] = set()
        for i in range(0, len(wanted), 500):  # SQLite's limit on parameters
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            done.update(r[0] for r in self.db.execute(
                f"SELECT entry FROM watch_entries WHERE source = ? AND done = 1 AND entry IN ({marks})",
                (url, *chunk)))
        return done

    def watch_entry(self, url: str, entry: str, *, ok: bool, now: float, max_tries: int) -> bool:
        """Record one attempt at an entry; True when it is done (stored, or out of tries)."""
        with self._transaction():
            self.db.execute(
                "INSERT INTO watch_entries (source, entry, done, tries, seen) VALUES (?, ?, 0, 1, ?) "
                "ON CONFLICT (source, entry) DO UPDATE SET tries = tries + 1, seen = excluded.seen",
                (url, entry, now))
            self.db.execute("UPDATE watch_entries SET done = CASE WHEN ? OR tries >= ? THEN 1 ELSE 0 END "
                            "WHERE source = ? AND entry = ?", (bool(ok), max_tries, url, entry))
            row = self.db.execute("SELECT done FROM watch_entries WHERE source = ? AND entry = ?",
                                  (url, entry)).fetchone()
        return bool(row[0])

    def watch_listed(self, url: str, entries: Iterable[str], *, now: float, keep: float) -> None:
        """The feed still lists ``entries``; forget entries it has not listed for ``keep`` seconds
        (a feed drops old entries, and the table would otherwise grow for ever)."""
        with self._transaction():
            self.db.executemany("UPDATE watch_entries SET seen = ? WHERE source = ? AND entry = ?",
                                ((now, url, e) for e in entries))
            self.db.execute("DELETE FROM watch_entries WHERE source = ? AND seen < ?", (url, now - keep))

    def watch_sources(self) -> list[dict[str, Any]]:
        """Every source watched so far with its health, in the order they were added."""
        rows = self.db.execute(
            "SELECT w.*, (SELECT count(*) FROM watch_entries e WHERE e.source = w.url AND e.done = 1) AS entries "
            "FROM watch_sources w ORDER BY w.rowid").fetchall()
        return [{
            "url": r["url"], "site": r["site"], "lang": r["lang"], "interval": r["interval"],
            "health": health(r["failures"], r["last_poll"]), "failures": r["failures"],
            "last_poll": iso(r["last_poll"]), "last_result": r["last_result"], "last_error": r["last_error"],
            "next_poll": iso(r["next_poll"]), "added": r["added"], "entries_seen": r["entries"],
        } for r in rows]
