"""A PostgreSQL connection that speaks the store's SQL.

The store's queries are written once, in SQLite's dialect with ``?`` placeholders (store/,
link/entities.py, link/claims.py). :class:`PgConnection` offers the part of
``sqlite3.Connection`` they use (``execute``, ``executemany``, rows read by name or position,
``lastrowid``) and rewrites each statement once (cached) where the dialects differ:

- ``?`` → ``%s`` (values are bound by psycopg's client-side cursor, which quotes them as
  literals, so loosely typed SQL such as ``? IS NULL`` works as in SQLite);
- ``INSERT OR IGNORE`` → ``ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` → an upsert on the
  table's primary key; a single-row ``INSERT`` gets ``RETURNING`` its key, for ``lastrowid``;
- ``LIKE`` → ``ILIKE`` (SQLite's LIKE ignores ASCII case; the text columns use the "C"
  collation, so ILIKE too folds ASCII only), ``GLOB`` → ``~``, ``instr`` → ``strpos``,
  ``INDEXED BY`` dropped;
- every ``ORDER BY`` term gets SQLite's NULL order (first when ascending, last when
  descending), so listings come in the same order on both stores;
- ``BEGIN IMMEDIATE`` (a write transaction) → ``BEGIN`` plus a transaction-scoped advisory
  lock: writers take turns as they do on SQLite, across processes and machines, which the
  story window and the ``max(id) + 1`` ids need (store/stories.py, SQLiteStore._next_id).

Anything else must be written so that both dialects take it (``TRUE``, ``CASE``, aliased
subqueries); the store contract tests run every query on both (tests/store/conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import ClientCursor

# pg_advisory_xact_lock key held by every write transaction: "qtrl" as an integer
WRITE_LOCK = 0x7174726C

_TOKEN = re.compile(
    r"""'(?:[^']|'')*'          # string literal
      | "(?:[^"]|"")*"          # quoted identifier
      | [A-Za-z_][A-Za-z_0-9]*  # word
      | \d+(?:\.\d+)?           # number
      | \s+
      | .""",
    re.VERBOSE | re.DOTALL,
)
_ENDS_ORDER = {"LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "RETURNING"}
_NOT_NULL_KEYS = {"id", "rowid", "seq"}  # never NULL: no NULLS clause, so indexes still give the order


class Row(tuple):  # type: ignore[type-arg]
    """A result row read by position or column name, as ``sqlite3.Row``."""

    _names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return super().__getitem__(self._names[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self._names)


class Cursor:
    """The result of one statement: its rows, and ``lastrowid`` after a single-row INSERT."""

    def __init__(self, rows: list[Row], lastrowid: int | None = None, rowcount: int = -1) -> None:
        self._rows = iter(rows)
        self.lastrowid = lastrowid
        self.rowcount = rowcount

    def fetchone(self) -> Row | None:
        return next(self._rows, None)

    def fetchall(self) -> list[Row]:
        return list(self._rows)

    def __iter__(self) -> Iterator[Row]:
        return self._rows


def _tokens(sql: str) -> list[str]:
    return _TOKEN.findall(sql)


def _upper(tok: str) -> str:
    return tok.upper() if tok[:1].isalpha() or tok[:1] == "_" else tok


def _glob_to_regex(literal: str) -> str:
    """``'*[^ -~]*'`` → ``'^.*[^ -~].*$'``: GLOB is case-sensitive and anchored, as ``~`` is when anchored."""
    body = literal[1:-1].replace("''", "'")
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = body.index("]", i + 2)
            out.append(body[i : j + 1])
            i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "'^" + "".join(out).replace("'", "''") + "$'"


def _null_order(toks: list[str], start: int) -> list[str]:
    """The tokens from ``start`` (just after ORDER BY) with a NULLS clause on each term."""
    out: list[str] = []
    term: list[str] = []
    depth = 0

    def flush() -> None:
        words = [_upper(t) for t in term if not t.isspace()]
        if words and "NULLS" not in words:
            bare = [w for w in words if w not in ("ASC", "DESC")]
            key = bare[-1].lower().strip('"') if bare else ""
            if not (len(bare) in (1, 3) and key in _NOT_NULL_KEYS and (len(bare) == 1 or bare[1] == ".")):
                tail = len(term)
                while tail and term[tail - 1].isspace():
                    tail -= 1
                term[tail:tail] = [" NULLS LAST" if words[-1] == "DESC" else " NULLS FIRST"]
        out.extend(term)
        term.clear()

    i = start
    while i < len(toks):
        tok = toks[i]
        up = _upper(tok)
        if depth == 0 and (up in _ENDS_ORDER or tok in (")", ";")):
            break
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        if depth == 0 and tok == ",":
            flush()
            out.append(tok)
        else:
            term.append(tok)
        i += 1
    flush()
    return out + toks[i:]


def _qualify_update(toks: list[str], start: int, table: str, columns: set[str]) -> None:
    """In an upsert's ``DO UPDATE SET … [WHERE …]`` (from ``start``), name the table of each
    column read: PostgreSQL finds ``n`` in ``SET n = n + 1`` ambiguous (the table's or
    EXCLUDED's); the columns assigned stay bare, as SET wants them."""
    prev = ""
    for i in range(start, len(toks)):
        tok = toks[i]
        if tok.isspace():
            continue
        after = next((t for t in toks[i + 1 :] if not t.isspace()), "")
        assigned = after == "=" and prev.upper() in ("SET", ",")
        if tok.lower() in columns and prev != "." and after not in (".", "(") and not assigned:
            toks[i] = f"{table}.{tok}"
        prev = tok


# what may follow a subquery in FROM when it has no alias
_NOT_ALIAS = {"WHERE", "ORDER", "GROUP", "LIMIT", "OFFSET", "JOIN", "LEFT", "INNER", "CROSS", "OUTER", "ON",
              "UNION", "EXCEPT", "INTERSECT", "HAVING", "WINDOW", "USING", "RETURNING"}


def _alias_subqueries(toks: list[str]) -> list[str]:
    """``FROM (SELECT …)`` without an alias gets one: SQLite and PostgreSQL 16 take it bare,
    PostgreSQL 15 (Debian 12's) refuses it."""
    out: list[str] = []
    subquery: list[bool] = []  # per open parenthesis: whether it opens a subquery in FROM/JOIN
    n = 0
    for i, tok in enumerate(toks):
        out.append(tok)
        if tok == "(":
            before = next((_upper(t) for t in reversed(out[:-1]) if not t.isspace()), "")
            after = next((_upper(t) for t in toks[i + 1 :] if not t.isspace()), "")
            subquery.append(before in ("FROM", "JOIN") and after == "SELECT")
        elif tok == ")" and subquery and subquery.pop():
            after = next((t for t in toks[i + 1 :] if not t.isspace()), "")
            if after in ("", ")", ",", ";") or _upper(after) in _NOT_ALIAS:
                n += 1
                out.append(f" AS _sub{n}")
    return out


@lru_cache(maxsize=2048)
def translate(sql: str, keys: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()) -> tuple[str, str | None]:
    """``sql`` in PostgreSQL's dialect, and the column an INSERT returns for ``lastrowid``.
    ``keys`` gives each table's primary key columns (for upserts and RETURNING) and all its
    columns."""
    pk = {table: key for table, key, _ in keys}
    toks = _alias_subqueries(_tokens(sql))
    if _upper(next((t for t in toks if not t.isspace()), "")) == "INSERT":
        table = _insert_table(toks) or ""
        for n, tok in enumerate(toks):
            if _upper(tok) == "UPDATE" and n > 2 and "CONFLICT" in [_upper(t) for t in toks[:n]]:
                columns = {c for t, _, cols in keys if t == table for c in cols}
                _qualify_update(toks, n + 1, table, columns)
                break
    out: list[str] = []
    conflict = ""
    returning: str | None = None
    i = 0
    words = [(_upper(t), n) for n, t in enumerate(toks) if not t.isspace()]
    first = words[0][0] if words else ""
    while i < len(toks):
        tok = toks[i]
        up = _upper(tok)
        nxt = [(_upper(t), n) for n, t in enumerate(toks[i + 1 : i + 12], i + 1) if not t.isspace()]
        if tok == "?":
            out.append("%s")
        elif tok[:1] == "'":
            out.append(tok.replace("%", "%%"))
        elif tok == "%":
            out.append("%%")
        elif up == "INSERT" and len(nxt) >= 3 and nxt[0][0] == "OR" and nxt[1][0] in ("IGNORE", "REPLACE"):
            table = toks[nxt[3][1]] if nxt[2][0] == "INTO" else ""
            if nxt[1][0] == "IGNORE":
                conflict = " ON CONFLICT DO NOTHING"
            else:
                cols = _columns(toks, nxt[3][1] + 1)
                key = pk.get(table, ())
                sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in cols if c.strip('"') not in key)
                conflict = f" ON CONFLICT ({', '.join(key)}) DO " + (f"UPDATE SET {sets}" if sets else "NOTHING")
            out.append("INSERT")
            i = nxt[1][1] + 1
            continue
        elif up == "INDEXED" and nxt and nxt[0][0] == "BY":
            i = nxt[1][1] + 1  # drop "INDEXED BY name" (and the space after it)
            continue
        elif up == "GLOB" and nxt and toks[nxt[0][1]][:1] == "'":
            out.append("~ " + _glob_to_regex(toks[nxt[0][1]]).replace("%", "%%"))
            i = nxt[0][1] + 1
            continue
        elif up == "INSTR" and nxt and nxt[0][0] == "(":
            out.append("strpos")
        elif tok == "1" and out and _upper(next((t for t in reversed(out) if not t.isspace()), "")) == "WHERE":
            out.append("TRUE")  # the store's "WHERE 1 AND …": PostgreSQL wants a boolean
        elif up == "LIKE":
            out.append("ILIKE")
        elif up == "COLLATE" and nxt and nxt[0][0] == "NOCASE":
            # SQLite's NOCASE folds ASCII only, as lower() does under the "C" collation
            j = len(out)
            while j and out[j - 1].isspace():
                j -= 1
            start = j
            while start and (out[start - 1] == "." or _upper(out[start - 1])[:1].isalpha()
                             or out[start - 1][:1] in "_\""):
                start -= 1
            out[start:j] = ["lower(", *out[start:j], ')']
            out.append('COLLATE "C"')
            i = nxt[0][1] + 1
            continue
        elif up == "ORDER" and nxt and nxt[0][0] == "BY":
            out.append(tok)
            out.extend(toks[i + 1 : nxt[0][1] + 1])
            rest = _null_order(toks, nxt[0][1] + 1)
            # translate what follows the ORDER BY terms too (placeholders in LIMIT ?)
            tail, tail_returning = translate("".join(rest), keys)
            out.append(tail)
            sql_out = "".join(out)
            return _finish(sql_out, conflict, first, toks, pk, tail_returning)
        else:
            out.append(tok)
        i += 1
    if first == "INSERT":
        table = _insert_table(toks)
        key = pk.get(table or "", ())
        if len(key) == 1:
            returning = key[0]
    return _finish("".join(out), conflict, first, toks, pk, returning)


def _finish(sql: str, conflict: str, first: str, toks: list[str], pk: dict[str, tuple[str, ...]],
            returning: str | None) -> tuple[str, str | None]:
    if first == "INSERT" and returning is None:
        key = pk.get(_insert_table(toks) or "", ())
        returning = key[0] if len(key) == 1 else None
    sql = sql.rstrip().rstrip(";") + conflict
    if returning is not None and "RETURNING" not in sql.upper():
        sql += f" RETURNING {returning}"
    return sql, returning


def _insert_table(toks: list[str]) -> str | None:
    words = [t for t in toks if not t.isspace()]
    for n, w in enumerate(words[:-1]):
        if _upper(w) == "INTO":
            return words[n + 1]
    return None


def _columns(toks: list[str], start: int) -> list[str]:
    """The column list "(a, b, c)" that starts at or after ``start``."""
    cols: list[str] = []
    i = start
    while i < len(toks) and toks[i] != "(":
        i += 1
    i += 1
    while i < len(toks) and toks[i] != ")":
        if not toks[i].isspace() and toks[i] != ",":
            cols.append(toks[i])
        i += 1
    return cols


class PgConnection:
    """The subset of ``sqlite3.Connection`` the store uses, over one psycopg connection in
    autocommit mode: a statement outside BEGIN … COMMIT is its own transaction, as in SQLite
    with ``isolation_level=None``."""

    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(url, autocommit=True, cursor_factory=ClientCursor)
        self.keys: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()

    def load_keys(self) -> None:
        """Read every table's primary key (after the migrations) for upserts and RETURNING."""
        rows = self.conn.execute(
            "SELECT c.relname, array_agg(a.attname::text ORDER BY k.n) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace s ON s.oid = c.relnamespace "
            "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
            "WHERE i.indisprimary AND s.nspname = current_schema() GROUP BY c.relname"
        ).fetchall()
        columns: dict[str, list[str]] = {}
        for table, column in self.conn.execute(
            "SELECT table_name::text, column_name::text FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY ordinal_position"
        ):
            columns.setdefault(table, []).append(column)
        self.keys = tuple(sorted(
            (name, tuple(f'"{c}"' if c == "end" else c for c in key), tuple(columns.get(name, ())))
            for name, key in rows))

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        special = sql.strip().upper()
        if special == "BEGIN IMMEDIATE":
            self.conn.execute("BEGIN")
            self.conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            return Cursor([])
        if special in ("BEGIN", "BEGIN DEFERRED"):
            # a read transaction sees one moment, as SQLite's does
            self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return Cursor([])
        text, returning = translate(sql, self.keys)
        cur = self.conn.cursor()
        cur.execute(text, _params(params))
        rows = _rows(cur)
        lastrowid = None
        if returning is not None and rows:
            lastrowid = rows[0][0]
        return Cursor(rows, lastrowid, cur.rowcount)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> Cursor:
        text, returning = translate(sql, self.keys)
        if returning is not None:
            text = text[: text.rindex(" RETURNING ")]
        params = [_params(p) for p in seq]
        if params:
            with self.conn.cursor() as cur:
                cur.executemany(text, params)
        return Cursor([])

    def close(self) -> None:
        self.conn.close()


def _params(params: Sequence[Any] | dict[str, Any]) -> Sequence[Any]:
    if isinstance(params, dict):
        raise TypeError("named parameters are not used by the store")
    return tuple(params)


def _rows(cur: Any) -> list[Row]:
    if cur.description is None:
        return []
    names: dict[str, int] = {}
    for n, col in enumerate(cur.description):
        names.setdefault(col.name, n)  # as sqlite3.Row: the first of two equal names
    return [Row(values, names) for values in cur.fetchall()]
