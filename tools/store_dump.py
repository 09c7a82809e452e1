"""Hash every table of a SQLite store, to check that a change meant to keep outputs kept them.

Prints one line per table: its name, its row count and a SHA-256 over its rows in a fixed order,
leaving out the time of ingest (``ingested_at``) and FTS5's own tables (their index segments
depend on when commits happened, not on what is stored; compare searches instead). Two stores
written from the same input by two versions of the code print the same lines when they hold the
same rows (`diff` the outputs).

Usage: python tools/store_dump.py STORE.db
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys

_SKIP = ("sqlite_", "articles_fts", "quotes_fts")


def table_hashes(path: str) -> list[tuple[str, int, str]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = []
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            if table.startswith(_SKIP):
                continue
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")') if r[1] != "ingested_at"]
            order = ", ".join(f'"{c}"' for c in cols)
            h, n = hashlib.sha256(), 0
            for row in con.execute(f'SELECT {order} FROM "{table}" ORDER BY {order}'):
                h.update(repr(tuple(row)).encode())
                n += 1
            out.append((table, n, h.hexdigest()))
        return out
    finally:
        con.close()


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        for table, n, digest in table_hashes(sys.argv[1]):
            print(f"{table}\t{n}\t{digest}")
    except sqlite3.Error as exc:
        print(f"error: {sys.argv[1]!r}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
