"""The PostgreSQL store: the same tables, queries and answers as the SQLite store, on a server
several processes and machines write to at once.

:class:`PostgresStore` is :class:`~quotetrail.store.sqlite.SQLiteStore` over a
:class:`~quotetrail.store.pg.PgConnection`, which adapts the shared SQL; only what the two
databases really do differently is written here: opening, migrations (versioned in the table
``quotetrail_schema``, applied on open under a lock so two processes opening a new store do
not both apply them) and full-text search (PostgreSQL's text search with the german and
english configurations by the article's language, ranked by ``ts_rank``).

Concurrent writers: every article is one transaction that first takes the store's write lock
(an advisory lock, store/pg.py), so articles are written one at a time as on SQLite, ids are
allocated by the database (``max(id) + 1`` under that lock), and the unique constraint on
``articles.content_hash`` refuses a second copy of an article another process stored
meanwhile (SQLiteStore.add then answers "duplicate").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

import psycopg

from quotetrail.errors import StoreError
from quotetrail.store import shown
from quotetrail.store.pg import WRITE_LOCK, PgConnection
from quotetrail.store.sqlite import _WORD, QUOTE_SPEAKER_COLUMNS, SQLiteStore, _lemma, _migrations

# ts_headline's fragment around the hits, about as long as FTS5's 16-token snippet
_HEADLINE = "StartSel=\x02, StopSel=\x03, MaxWords=16, MinWords=8, MaxFragments=1, FragmentDelimiter=…"
WATCH_LOCK = WRITE_LOCK + 1  # held by the one `quotetrail watch` of a store
_CONFIGS = {"de": "pg_catalog.german", "en": "pg_catalog.english"}


def pg_migration(sql: str) -> list[str]:
    """A migration's statements in PostgreSQL's types: TEXT compares byte-wise ("C"
    collation) as in SQLite, REAL is a double, BLOB is bytea, word hashes are 64-bit, and a
    table with an ``id INTEGER PRIMARY KEY`` gets SQLite's id allocation (max + 1) by trigger."""
    out: list[str] = []
    for statement in _split(sql):
        statement = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', statement)
        statement = re.sub(r"\bREAL\b", "DOUBLE PRECISION", statement)
        statement = re.sub(r"\bBLOB\b", "BYTEA", statement)
        statement = re.sub(r"\bhash INTEGER\b", "hash BIGINT", statement)
        out.append(statement)
        table = re.match(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+) \(\s*id INTEGER PRIMARY KEY", statement)
        if table:
            out.append(f"CREATE TRIGGER {table[1]}_id BEFORE INSERT ON {table[1]} FOR EACH ROW "
                       "WHEN (NEW.id IS NULL) EXECUTE FUNCTION quotetrail_next_id()")
    return out


def _split(sql: str) -> list[str]:
    """Statements of a migration; a function body between $$ … $$ stays whole."""
    out, buf = [], []
    for line in sql.splitlines():
        if not line.strip() or (line.strip().startswith("--") and not buf):
            continue
        buf.append(line)
        joined = "\n".join(buf)
        if line.rstrip().endswith(";") and joined.count("$$") % 2 == 0:
            out.append(joined.rstrip().rstrip(";"))
            buf = []
    if buf:
        out.append("\n".join(buf))
    return out


def pg_migrations() -> list[tuple[int, str]]:
    """The shared migrations, each replaced by its PostgreSQL version where one exists
    (migrations/postgresql/: FTS5, AUTOINCREMENT and the like have no translation)."""
    own = {}
    for f in (resources.files("quotetrail.store") / "migrations" / "postgresql").iterdir():
        m = re.match(r"(\d+)_.*\.sql$", f.name)
        if m:
            own[int(m.group(1))] = f.read_text(encoding="utf-8")
    return [(n, own.get(n, sql)) for n, sql in _migrations()]


class PostgresStore(SQLiteStore):
    """Articles and everything extracted from them, in a PostgreSQL database."""

    INTEGRITY_ERRORS = (psycopg.errors.UniqueViolation,)
    DB_ERRORS = (psycopg.Error,)
    BATCHES = False  # `batched` is SQLite's (savepoints through PgConnection untried): a commit an article

    def __init__(self, url: str) -> None:  # noqa: D107 - SQLiteStore.__init__ opens a file
        self.path = url
        try:
            self.db = PgConnection(url)  # type: ignore[assignment]
        except psycopg.Error as exc:
            raise StoreError(f"cannot open database {shown(url)}: {_first_line(exc)}") from exc
        try:
            self._migrate()
            self.db.load_keys()  # type: ignore[attr-defined]
        except BaseException:
            self.db.close()
            raise
        self._near = None
        self._stories = None
        self._story_seq = self._story_saved = 0

    # ------------------------------------------------------------------ schema
    @property
    def version(self) -> int:
        row = self.db.execute("SELECT to_regclass('quotetrail_schema') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return 0
        row = self.db.execute("SELECT max(version) FROM quotetrail_schema").fetchone()
        return int(row[0] or 0) if row else 0

    def _migrate(self) -> None:
        conn: psycopg.Connection[Any] = self.db.conn  # type: ignore[attr-defined]
        steps = pg_migrations()
        latest = steps[-1][0]
        if self.version >= latest:
            self._check_version(latest)
            return
        try:
            with conn.transaction():
                conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")  # one process migrates
                conn.execute("CREATE TABLE IF NOT EXISTS quotetrail_schema (version INTEGER NOT NULL)")
                self._check_version(latest)
                done = self.version
                for number, sql in steps:
                    if number <= done:
                        continue
                    for statement in pg_migration(sql):
                        conn.execute(statement)  # no parameters: psycopg leaves % as it is
                    conn.execute("INSERT INTO quotetrail_schema (version) VALUES (%s)", (number,))
        except psycopg.Error as exc:
            raise StoreError(f"migration failed on {shown(self.path)}: {_first_line(exc)}") from exc

    def _check_version(self, latest: int) -> None:
        if self.version > latest:
            raise StoreError(
                f"{shown(self.path)} has schema version {self.version}, newer than this quotetrail "
                f"knows ({latest}); upgrade quotetrail"
            )

    def after_copy(self) -> None:
        # identity columns hand out numbers from a sequence, which rows copied with theirs skip
        for table, column in (("story_log", "seq"), ("watch_sources", "rowid")):
            self.db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                            f"COALESCE(max({column}), 0) + 1, FALSE) FROM {table}")

    def __enter__(self) -> PostgresStore:
        return self

    @contextmanager
    def only_watcher(self) -> Iterator[None]:
        """Hold the store's watch lock while ``quotetrail watch`` runs (a session advisory
        lock: released when the process ends, however it ends), or refuse to start."""
        row = self.db.execute(f"SELECT pg_try_advisory_lock({WATCH_LOCK})").fetchone()
        if not row or not row[0]:
            raise StoreError(f"another watch is running on {shown(self.path)}; stop it first or use another store")
        try:
            yield
        finally:
            if not self.db.conn.closed:  # type: ignore[attr-defined]
                self.db.execute(f"SELECT pg_advisory_unlock({WATCH_LOCK})")

    # ------------------------------------------------------------------ search
    def _tsquery(self, query: str, config: str, quotes: bool = False) -> tuple[str, list[Any]]:
        """Every word of ``query``, each as written (in ``config``) or as its German or English
        lemma (as is, like the stored lemmas): SQL for a tsquery and its arguments."""
        terms, args = [], []
        for word in _WORD.findall(query):
            forms = sorted({f.lower() for f in (word, _lemma(word, "de"), _lemma(word, "en"))})
            parts = ["plainto_tsquery('pg_catalog.simple', ?)"] * len(forms)
            args += forms
            if not quotes:
                parts.insert(0, f"plainto_tsquery('{config}', ?)")
                args.insert(len(args) - len(forms), word)
            terms.append("(" + " || ".join(parts) + ")")
        return " && ".join(terms), args

    def _article_match(self, query: str) -> tuple[str, list[Any]]:
        """A condition on ``a`` that its title, text or lemmas hold every word of ``query``: the
        query in the configuration of the article's language, so the index serves each."""
        doc = "quotetrail_article_doc(a.lang, a.title, a.text, a.lemmas)"
        parts, args = [], []
        for lang, config in _CONFIGS.items():
            q, q_args = self._tsquery(query, config)
            parts.append(f"(a.lang = '{lang}' AND {doc} @@ ({q}))")
            args += q_args
        q, q_args = self._tsquery(query, "pg_catalog.simple")
        parts.append(f"(COALESCE(a.lang, '') NOT IN ({', '.join(repr(k) for k in _CONFIGS)}) AND {doc} @@ ({q}))")
        return "(" + " OR ".join(parts) + ")", args + q_args

    def _ranked(self, query: str, config_of: str) -> tuple[str, list[Any]]:
        """The tsquery of ``query`` in the configuration of the row's language (``config_of``:
        the SQL of that language), for ranking and headlines."""
        cases, args = [], []
        for lang, config in _CONFIGS.items():
            q, q_args = self._tsquery(query, config)
            cases.append(f"WHEN '{lang}' THEN ({q})")
            args += q_args
        q, q_args = self._tsquery(query, "pg_catalog.simple")
        return f"(CASE {config_of} {' '.join(cases)} ELSE ({q}) END)", args + q_args

    def _article_matches(self, query: str, match: str, where: list[str], args: list[Any], limit: int,
                         offset: int) -> tuple[list[Any], bool]:
        cond, cond_args = self._article_match(query)
        filters = "".join(f" AND {w}" for w in where)
        # the RANKED most recently stored matches, as on SQLite: ranking reads each one's text
        found = self.db.execute(
            f"SELECT a.id FROM articles a WHERE {cond}{filters} ORDER BY a.id DESC LIMIT ?",
            (*cond_args, *args, self.RANKED + 1)).fetchall()
        capped = len(found) > self.RANKED
        ids = [r[0] for r in found[: self.RANKED]]
        if not ids:
            return [], capped
        q, q_args = self._ranked(query, "lang")
        config = ("(CASE lang " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _CONFIGS.items())
                  + " ELSE 'pg_catalog.simple' END)::regconfig")
        rows = self.db.execute(
            f"SELECT id, title, published, inferred, lang, text, ts_headline({config}, text, {q}, ?) AS snip "
            f"FROM (SELECT a.*, ts_rank(quotetrail_article_doc(lang, title, text, lemmas), {q}) AS score "
            f"FROM articles a WHERE a.id IN ({', '.join('?' * len(ids))}) "
            "ORDER BY score DESC, a.id DESC LIMIT ? OFFSET ?) AS best ORDER BY score DESC, id DESC",
            (*q_args, _HEADLINE, *q_args, *ids, limit, offset)).fetchall()
        return rows, capped

    def _quote_matches(self, query: str, match: str, where: list[str], args: list[Any], limit: int,
                       offset: int) -> tuple[list[Any], bool]:
        q, q_args = self._tsquery(query, "pg_catalog.simple", quotes=True)
        doc = "quotetrail_quote_doc(t.content_text, t.content_lemmas)"
        filters = "".join(f" AND {w}" for w in where)
        joins = "JOIN articles a ON a.id = t.article_id " if where else ""
        found = self.db.execute(
            f"SELECT t.id FROM attributions t {joins}WHERE {doc} @@ ({q}){filters} ORDER BY t.id DESC LIMIT ?",
            (*q_args, *args, self.RANKED + 1)).fetchall()
        capped = len(found) > self.RANKED
        ids = [r[0] for r in found[: self.RANKED]]
        if not ids:
            return [], capped
        rows = self.db.execute(
            f"SELECT t.id, t.article_id, {QUOTE_SPEAKER_COLUMNS}, t.content_start, t.content_end, t.content_text, "
            f"a.title, a.published, a.inferred, a.lang, ts_headline('pg_catalog.simple', t.content_text, ({q}), ?) AS snip "
            "FROM attributions t JOIN articles a ON a.id = t.article_id LEFT JOIN entities se ON se.id = t.speaker_entity_id "
            f"WHERE t.id IN ({', '.join('?' * len(ids))}) "
            f"ORDER BY ts_rank({doc}, ({q})) DESC, t.id DESC LIMIT ? OFFSET ?",
            (*q_args, _HEADLINE, *ids, *q_args, limit, offset)).fetchall()
        return rows, capped

    def _quotes_matching(self, text: str) -> tuple[str, list[Any]] | None:
        if not _WORD.search(text):
            return None
        q, args = self._tsquery(text, "pg_catalog.simple", quotes=True)
        return f"quotetrail_quote_doc(t.content_text, t.content_lemmas) @@ ({q})", args


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
