"""``quotetrail copy SRC DST``: a whole store into an empty one, SQLite or PostgreSQL either
way, with every id kept, so links, permalinks and exports made from the source still hold.

Rows are copied table by table, referenced tables first (the order comes from the schema's
foreign keys), in one transaction on the destination: a failed copy leaves it empty. Search
indexes are not copied: each store builds its own from the rows (FTS5 triggers on SQLite,
expression indexes on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from graphlib import TopologicalSorter
from pathlib import Path

from quotetrail.errors import StoreError
from quotetrail.store import open_store
from quotetrail.store.sqlite import SQLiteStore

BATCH = 500  # rows per INSERT batch and per read: a large store is not held in memory at once
# the one table whose SQLite rowid is data (the order sources were first watched); PostgreSQL
# has it as a column
_ROWID_TABLES = {"watch_sources"}


def schema() -> list[tuple[str, list[str], list[str], list[str]]]:
    """Each table both stores have, referenced tables first: its name, columns, key columns (to
    read it in pages; none: read at once) and the columns referencing the table itself
    (written after its rows)."""
    store = SQLiteStore(":memory:")  # the schema as migrations leave it: the same tables on PostgreSQL
    mem = store.db
    try:
        names = [r[0] for r in mem.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT IN "
            "(SELECT name || suffix FROM (SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%') "
            "CROSS JOIN (SELECT '_data' AS suffix UNION SELECT '_idx' UNION SELECT '_content' "
            "UNION SELECT '_docsize' UNION SELECT '_config'))")]
        graph: dict[str, set[str]] = {}
        info: dict[str, tuple[list[str], list[str], list[str]]] = {}
        for name in names:
            fks = mem.execute(f"PRAGMA foreign_key_list({name})").fetchall()
            graph[name] = {fk[2] for fk in fks if fk[2] != name}
            cols = mem.execute(f"PRAGMA table_info({name})").fetchall()
            columns = [c[1] for c in cols]
            key = [c[1] for c in sorted((c for c in cols if c[5]), key=lambda c: c[5])]
            if name in _ROWID_TABLES:
                columns.append("rowid")
                key = ["rowid"]
            info[name] = (columns, key, [fk[3] for fk in fks if fk[2] == name])
    finally:
        mem.close()
    order = list(TopologicalSorter(graph).static_order())
    return [(name, *info[name]) for name in order]


def _q(column: str) -> str:
    return f'"{column}"'


def copy_store(src: str | Path, dst: str | Path, log: Callable[[str], None] | None = None) -> dict[str, int]:
    """Copy the store at ``src`` into the empty (or new) store at ``dst``; rows copied per table."""
    if str(src) == str(dst):
        raise StoreError("source and destination are the same store")
    tables = schema()
    source = open_store(src)
    try:
        target = open_store(dst)
        try:
            return _copy(source, target, tables, log)
        finally:
            target.close()
    finally:
        source.close()


def _copy(source: SQLiteStore, target: SQLiteStore,
          tables: list[tuple[str, list[str], list[str], list[str]]],
          log: Callable[[str], None] | None) -> dict[str, int]:
    for name, *_ in tables:
        if target.db.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone():
            raise StoreError(f"the destination already holds data (table {name}); copy only into an empty store")
    counts: dict[str, int] = {}
    source.db.execute("BEGIN")  # one moment of the source, though others write to it meanwhile
    target.db.execute("BEGIN IMMEDIATE")
    try:
        for name, columns, key, own in tables:
            read = ", ".join(_q(c) for c in columns)
            later = [columns.index(c) for c in own]
            rows_done = 0
            insert = f"INSERT INTO {name} ({read}) VALUES ({', '.join('?' * len(columns))})"
            order = ", ".join(_q(c) for c in key or columns)
            last: tuple[object, ...] | None = None
            pending: list[tuple[object, ...]] = []
            while True:  # keyset pages: each read is one indexed range
                where, args = "", ()
                if last is not None:
                    if not key:
                        break  # no key to page by (a table of links): read at once
                    where = f" WHERE ({order}) > ({', '.join('?' * len(key))})"
                    args = last
                limit = f" LIMIT {BATCH}" if key else ""
                rows = source.db.execute(f"SELECT {read} FROM {name}{where} ORDER BY {order}{limit}",
                                         args).fetchall()
                if not rows:
                    break
                values = [tuple(None if i in later else _value(v) for i, v in enumerate(r)) for r in rows]
                target.db.executemany(insert, values)
                pending += [(*(r[i] for i in later), *(r[columns.index(c)] for c in key)) for r in rows
                            if any(r[i] is not None for i in later)]
                rows_done += len(rows)
                last = tuple(rows[-1][columns.index(c)] for c in key)
                if len(rows) < BATCH:
                    break
            if pending:  # a column naming a row of its own table: set once all its rows exist
                sets = ", ".join(f"{_q(columns[i])} = ?" for i in later)
                match = " AND ".join(f"{_q(c)} = ?" for c in key)
                target.db.executemany(f"UPDATE {name} SET {sets} WHERE {match}", pending)
            counts[name] = rows_done
            if log and rows_done:
                log(f"{name}: {rows_done}")
        target.after_copy()
        target.db.execute("COMMIT")
    except BaseException:
        target.db.execute("ROLLBACK")
        raise
    finally:
        source.db.execute("COMMIT")  # only read: ends the snapshot
    return counts


def _value(v: object) -> object:
    return bytes(v) if isinstance(v, memoryview) else v
