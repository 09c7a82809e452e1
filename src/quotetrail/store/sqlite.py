"""The default store: one SQLite file, WAL mode, schema migrations, FTS5 search.

Where a span is stored: :meth:`SQLiteStore.add` writes every span of a Document with its
offsets in one transaction (inside :meth:`SQLiteStore.batched`, one savepoint of a batch's), so
a crash never leaves half an article behind.
"""

from __future__ import annotations

import bisect
import json
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from quotetrail.analysis.lemma import lemma_of
from quotetrail.errors import StoreError
from quotetrail.ingest.dedup import NearDuplicateIndex
from quotetrail.link.claims import ClaimLinker
from quotetrail.link.entities import EntityLinker
from quotetrail.link.stories import StoryClusterer
from quotetrail.model import Article, Attribution, Document, Span
from quotetrail.store.base import AddResult
from quotetrail.store.listing import article_filter, order_by
from quotetrail.store.stories import StoryWrites
from quotetrail.store.trail import CERTAIN_DATE, TrailQueries, year_guessed
from quotetrail.store.watch import WatchState

_SPAN_FIELDS = ("cue", "speaker", "speaker_ref", "medium", "intermediary", "principal")


def _migrations() -> list[tuple[int, str]]:
    files = resources.files("quotetrail.store") / "migrations"
    found = []
    for f in files.iterdir():
        m = re.match(r"(\d+)_.*\.sql$", f.name)
        if m:
            found.append((int(m.group(1)), f.read_text(encoding="utf-8")))
    return sorted(found)


# A statement's speaker matches a filter by the name this article gave ("Rutte"), the words it
# used ("der NATO-Chef") or the name of the entity they were linked to ("Mark Rutte"), so a
# filter by the full name finds the statements made under a surname alone. Three arguments.
SPEAKER_MATCH = ("({t}.speaker_name LIKE ? OR {t}.speaker_text LIKE ? OR {t}.speaker_entity_id IN "
                 "(SELECT id FROM entities WHERE name LIKE ?))")
# What a search result needs to show a statement's speaker as the rest of the product does
# (serve/speakers.py); the query joins ``entities se``.
QUOTE_SPEAKER_COLUMNS = ("t.speaker_name, t.speaker_entity_id, se.name AS speaker_entity_name, t.speaker_start, "
                         "t.speaker_end, t.speaker_text, t.speaker_ref_start, t.speaker_ref_end, t.speaker_ref_text, "
                         "t.principal_name, t.principal_entity_id")

def _span(row: sqlite3.Row, prefix: str) -> dict[str, Any] | None:
    if row[f"{prefix}_start"] is None:
        return None
    return {"start": row[f"{prefix}_start"], "end": row[f"{prefix}_end"], "text": row[f"{prefix}_text"]}


def _cue_text(cue: dict[str, Any] | None, parts: list[dict[str, Any]]) -> str | None:
    """The cue as a reader sees it: "hat … angekündigt" (see Attribution.cue_text)."""
    if cue is None:
        return None
    return " … ".join(p["text"] for p in sorted([cue, *parts], key=lambda p: p["start"]))


def _lemmas(doc: Document, within: Span | None = None) -> str:
    """Space-joined lemmas of the word tokens (inside ``within``), for inflection-blind search."""
    toks = doc.tokens
    if within is not None:  # tokens are in text order: bisect instead of a walk over all
        lo = bisect.bisect_left(toks, within.start, key=lambda t: t.start)
        hi = bisect.bisect_right(toks, within.end, key=lambda t: t.start)
        toks = [t for t in toks[lo:hi] if t.end <= within.end]
    return " ".join(t.lemma or t.text for t in toks if t.kind == "word")


def date_how(at: Attribution, article: Article) -> str | None:
    """How a statement's date was found: "given", "relative", "guessed" (no year in the text,
    or resolved against a publication date whose year was guessed); None without one."""
    d = at.date
    if d is None or d.value is None:
        return None
    if d.inferred or (d.relative and "published" in article.inferred):
        return "guessed"
    return "relative" if d.relative else "given"


def _check_spans(doc: Document) -> None:
    """Refuse a Document whose spans do not cover their text: a stored item that points at
    the wrong characters would break the promise that everything shown can be traced back."""
    text = doc.text
    found: list[tuple[str, Span | None]] = [("mention", m.span) for m in doc.mentions]
    found += [("date", d.span) for d in doc.dates]
    for i, at in enumerate(doc.attributions):
        found += [(f"attribution {i} {name}", getattr(at, name)) for name in ("content", *_SPAN_FIELDS)]
        found += [(f"attribution {i} cue part", p) for p in at.cue_parts]
        found.append((f"attribution {i} date", at.date.span if at.date else None))
    for i, f in enumerate(doc.figures):
        found += [(f"figure {i} {name}", getattr(f, name)) for name in ("span", "counted", "scope", "hedge")]
        if f.attribution is not None and not 0 <= f.attribution < len(doc.attributions):
            raise StoreError(f"figure {i} points to attribution {f.attribution}, which does not exist")
    for what, span in found:
        if span is not None and not (0 <= span.start <= span.end <= len(text) and text[span.start : span.end] == span.text):
            raise StoreError(f"{what} ({span.start}-{span.end}, {span.text!r}) does not match the article text")


def _cols(span: Span | None) -> tuple[int | None, int | None, str | None]:
    return (span.start, span.end, span.text) if span is not None else (None, None, None)


class SQLiteStore(StoryWrites, TrailQueries, WatchState):
    """Articles and everything extracted from them, in one SQLite file."""

    # search ranks at most this many matches per list, the most recently stored: ranking costs
    # about 2 µs a match, and 500 left a search page a fifth dearer under load than 200
    RANKED = 200
    # what a write that lost a race on a unique key raises (PostgresStore: psycopg's)
    INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
    DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)  # any failure of the database
    # None: `add` links online (link/entities.py, link/claims.py, store/stories.py); `load
    # --links` sets the links a Spark batch computed instead (batch/linked.py, BatchLinks)
    linking: Any = None
    # `batched`: an ingest of many articles commits every this many articles or seconds,
    # whichever comes first (docs/PERFORMANCE.md: the COMMIT, FTS5 flushing its pending index
    # data, cost several ms an article; a batch bounds how long another writer waits)
    BATCH_ARTICLES = 50
    BATCH_SECONDS = 1.0
    BATCHES = True  # False where savepoints are not offered (PostgresStore): one commit an article
    _batch: _Batch | None = None  # the open batch, inside `batched`

    def __init__(self, path: str | Path = "quotetrail.db") -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)  # wait out another writer
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open database {self.path}: {exc}; check that its folder exists and is writable"
            ) from exc
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:  # e.g. --db pointing at some other file
            self.db.close()
            raise StoreError(f"cannot use {self.path} as a quotetrail database: {exc}") from exc
        self._migrate()
        self._near: NearDuplicateIndex | None = None
        self._stories: StoryClusterer | None = None
        self._story_seq = self._story_saved = 0

    # ------------------------------------------------------------------ schema
    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        steps = _migrations()
        latest = steps[-1][0]
        if self.version > latest:
            raise StoreError(
                f"{self.path} has schema version {self.version}, newer than this quotetrail "
                f"knows ({latest}); upgrade quotetrail"
            )
        for number, sql in steps:
            if number <= self.version:
                continue
            try:
                self.db.execute("BEGIN")
                for statement in _statements(sql):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
                self.db.execute("COMMIT")
            except sqlite3.Error as exc:
                self.db.execute("ROLLBACK")
                raise StoreError(f"migration {number} failed on {self.path}: {exc}") from exc

    def after_copy(self) -> None:
        """Bring the store's own counters up to rows `quotetrail copy` wrote with their ids (in
        its transaction); SQLite's AUTOINCREMENT counter follows explicit ids by itself."""

    @contextmanager
    def batched(self, articles: int | None = None, seconds: float | None = None) -> Iterator[None]:
        """Within this block, articles are committed in batches (``articles`` or ``seconds``,
        whichever is reached first, and at its end) instead of one transaction each.

        Each article is still all or nothing (a savepoint: a failing one leaves no row and the
        batch goes on). A crash loses at most the batch not yet committed, as a whole, story log
        included; running the same ingest again stores it (content hashes make that idempotent).
        """
        if self._batch is not None or not self.BATCHES:
            yield
            return
        self._batch = _Batch(self.BATCH_ARTICLES if articles is None else articles,
                             self.BATCH_SECONDS if seconds is None else seconds)
        batch = self._batch
        try:
            yield
        finally:
            self._batch = None
            self._end_batch(batch.done)

    def _end_batch(self, done: int) -> None:
        """Commit the open batch, if any (``done`` articles in it)."""
        if self.db.in_transaction:
            try:
                self.db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._batch_lost()
                raise StoreError(f"could not commit the last {done} articles to {self.path} ({exc}); "
                                 "run the same ingest again to store them") from exc

    def _batch_lost(self) -> None:
        """The open batch was rolled back as a whole: what this process keeps in memory about
        the articles in it (story window, near-duplicate index) is ahead of the store."""
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self._stories, self._story_seq, self._near = None, 0, None

    def close(self) -> None:
        self.db.close()  # nothing to save: every article's story is in the log (store/stories.py)

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def find_by_hash(self, content_hash: str) -> int | None:
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? "
            "UNION ALL SELECT article_id FROM article_copies WHERE content_hash = ? LIMIT 1",
            (content_hash, content_hash),
        ).fetchone()
        return row[0] if row else None

    def find_near_duplicate(self, signature: bytes) -> tuple[int, float] | None:
        if self._near is None:
            self._near = NearDuplicateIndex()
            for row in self.db.execute("SELECT id, minhash FROM articles WHERE minhash IS NOT NULL"):
                self._near.add(row[0], row[1])
        return self._near.query(signature)

    def add_copy(self, article: Article, of: int, similarity: float) -> AddResult:
        """Record ``article`` as a near-duplicate of article ``of`` (its text is not stored again)."""
        with self._transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO article_copies (article_id, content_hash, origin, url, site, published, similarity) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (of, article.content_hash, article.origin, article.url, article.site,
                 article.published.isoformat() if article.published else None, similarity),
            )
        return AddResult("copy", of, similarity)

    def add(self, doc: Document, signature: bytes | None = None) -> AddResult:
        """Store an analysed article and all its spans in one transaction.

        An article already stored (same normalised-content hash) changes nothing; with a
        ``signature``, a near-duplicate of a stored article is recorded as its copy instead.
        """
        a = doc.article
        existing = self.find_by_hash(a.content_hash)
        if existing is not None:
            return AddResult("duplicate", existing)
        _check_spans(doc)
        if signature is not None:
            near = self.find_near_duplicate(signature)
            if near is not None:
                return self.add_copy(a, near[0], near[1])
        try:
            article_id = self._write(doc, signature)
        except self.INTEGRITY_ERRORS:
            # another writer stored the same text between our check and our write
            existing = self.find_by_hash(a.content_hash)
            if existing is None:
                raise
            return AddResult("duplicate", existing)
        if signature is not None and self._near is not None:
            self._near.add(article_id, signature)
        return AddResult("added", article_id)

    def _write(self, doc: Document, signature: bytes | None) -> int:
        """Insert the article and all its spans in one transaction; returns the new id."""
        a = doc.article
        with self._story_guard(), self._transaction():
            source_id = self._source_id(a.site)
            cur = self.db.execute(
                "INSERT INTO articles (content_hash, origin, url, title, source_id, author, published, "
                "published_time, lang, inferred, dropped, words, text, lemmas, minhash, analysed_chars) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.content_hash, a.origin, a.url, a.title, source_id, a.author,
                 a.published.isoformat() if a.published else None, a.published_time, a.lang,
                 json.dumps(sorted(a.inferred)), json.dumps(a.dropped, ensure_ascii=False), a.words,
                 a.text, _lemmas(doc), signature, doc.analysed_chars),  # None: all analysed
            )
            article_id = int(cur.lastrowid or 0)
            linking = self.linking
            links = (linking.entity_linker(self.db) if linking else EntityLinker(self.db)).link(article_id, doc)
            # one statement per table, not per span (an article has ~140 spans)
            self.db.executemany(
                'INSERT INTO mentions (article_id, entity_id, start, "end", text, label, role) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(article_id, links.by_name[(m.name, m.label)], m.span.start, m.span.end, m.span.text,
                  m.label, m.role) for m in doc.mentions],
            )
            self.db.executemany(
                'INSERT INTO dates (article_id, start, "end", text, value, granularity, relative, inferred) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(article_id, d.span.start, d.span.end, d.span.text,
                  d.value.isoformat() if d.value else None, d.granularity, int(d.relative), int(d.inferred))
                 for d in doc.dates],
            )
            # Explicit ids, so the rows go in with executemany: SQLite gives a new row max(id) + 1,
            # and this transaction holds the write lock, so these are the ids it would have given.
            first_at = self._next_id("attributions")
            attribution_ids = list(range(first_at, first_at + len(doc.attributions)))
            self.db.executemany(
                "INSERT INTO attributions (id, article_id, seq, form, sentence, speaker_name, speaker_entity_id, "
                "content_start, content_end, content_text, cue_start, cue_end, cue_text, "
                "speaker_start, speaker_end, speaker_text, speaker_ref_start, speaker_ref_end, speaker_ref_text, "
                "medium_start, medium_end, medium_text, intermediary_start, intermediary_end, intermediary_text, "
                "date_start, date_end, date_text, date_value, content_lemmas, cue_parts, "
                "principal_start, principal_end, principal_text, principal_name, principal_entity_id, date_how, made_by) "
                f"VALUES ({', '.join('?' * 38)})",
                [(attribution_ids[seq], article_id, seq, at.form, at.sentence, at.speaker_name, links.speakers[seq],
                  *_cols(at.content), *_cols(at.cue), *_cols(at.speaker), *_cols(at.speaker_ref),
                  *_cols(at.medium), *_cols(at.intermediary),
                  *_cols(at.date.span if at.date else None),
                  at.date.value.isoformat() if at.date and at.date.value else None,
                  _lemmas(doc, at.content),
                  json.dumps([[p.start, p.end, p.text] for p in at.cue_parts], ensure_ascii=False)
                  if at.cue_parts else None,
                  *_cols(at.principal), at.principal_name, links.principals[seq], date_how(at, a),
                  at.made_by)
                 for seq, at in enumerate(doc.attributions)],
            )
            first_fig = self._next_id("figures")
            figure_ids = list(range(first_fig, first_fig + len(doc.figures)))
            self.db.executemany(
                'INSERT INTO figures (id, article_id, attribution_id, sentence, start, "end", text, value, value_high, '
                "comparator, unit, counted_start, counted_end, counted_text, scope_start, scope_end, scope_text, "
                f"hedge_start, hedge_end, hedge_text) VALUES ({', '.join('?' * 20)})",
                [(fid, article_id,
                  attribution_ids[f.attribution] if f.attribution is not None else None,
                  f.sentence, *_cols(f.span), f.value, f.value_high, f.comparator, f.unit,
                  *_cols(f.counted), *_cols(f.scope), *_cols(f.hedge))
                 for fid, f in zip(figure_ids, doc.figures, strict=True)],
            )
            if linking:
                linking.link_claims(self.db, article_id, doc, figure_ids, attribution_ids)
                linking.assign_story(self.db, article_id, doc)
            else:
                ClaimLinker(self.db).link(article_id, doc, figure_ids, attribution_ids, links.speakers)
                self._assign_story(article_id, doc, links.by_name, links.speakers)
        return article_id

    def _next_id(self, table: str) -> int:
        """The id SQLite would give the next row of ``table`` (an INTEGER PRIMARY KEY without
        AUTOINCREMENT: one more than the largest); only inside the write transaction."""
        return int(self.db.execute(f"SELECT COALESCE(max(id), 0) + 1 FROM {table}").fetchone()[0])

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def _source_id(self, name: str | None) -> int | None:
        if not name:
            return None
        self.db.execute("INSERT OR IGNORE INTO sources (name) VALUES (?)", (name,))
        return int(self.db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()[0])

    # ------------------------------------------------------------------ reading
    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def _article_meta(self, row: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": row["id"], "title": row["title"], "site": row["site"], "author": row["author"],
            "url": row["url"], "origin": row["origin"], "published": row["published"],
            "published_time": row["published_time"], "lang": row["lang"],
            "inferred": json.loads(row["inferred"]), "words": row["words"],
            "analysed_chars": row["analysed_chars"],  # None, or where the analysed part ends
        }

    _ARTICLE_SQL = "SELECT a.*, s.name AS site FROM articles a LEFT JOIN sources s ON s.id = a.source_id"

    def articles(self, *, limit: int = 50, offset: int = 0, lang: str | None = None,
                 site: str | None = None, since: str | None = None,
                 until: str | None = None, sort: str | None = None) -> list[dict[str, Any]]:
        """Newest first, or by ``sort`` (see :mod:`quotetrail.store.listing`); ``since``/``until``
        bound the publication date (inclusive)."""
        where, args = article_filter(lang=lang, site=site, since=since, until=until)
        order = order_by("articles", sort, "a.published DESC, a.id")
        rows = self.db.execute(
            f"{self._ARTICLE_SQL} WHERE {' AND '.join(['1', *where])} ORDER BY {order} LIMIT ? OFFSET ?",
            (*args, limit, offset),
        )
        return [self._article_meta(r) for r in rows]

    def article(self, article_id: int) -> dict[str, Any] | None:
        row = self.db.execute(f"{self._ARTICLE_SQL} WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        out = self._article_meta(row)
        out["text"] = row["text"]
        out["dropped"] = json.loads(row["dropped"])
        out["copies"] = [dict(r) for r in self.db.execute(
            "SELECT origin, url, site, published, similarity FROM article_copies WHERE article_id = ?", (article_id,))]
        out["attributions"] = self.quotes(article_id=article_id, limit=10_000)
        out["figures"] = self.figures(article_id=article_id, limit=10_000)
        out["mentions"] = [
            {"start": r["start"], "end": r["end"], "text": r["text"], "label": r["label"], "name": r["name"]}
            for r in self.db.execute(
                'SELECT m.start, m."end", m.text, m.label, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id '
                "WHERE m.article_id = ? ORDER BY m.start", (article_id,))
        ]
        out["dates"] = [
            {"start": r["start"], "end": r["end"], "text": r["text"], "value": r["value"],
             "granularity": r["granularity"], "relative": bool(r["relative"]), "inferred": bool(r["inferred"])}
            for r in self.db.execute('SELECT * FROM dates WHERE article_id = ? ORDER BY start', (article_id,))
        ]
        return out

    def quotes(self, *, speaker: str | None = None, lang: str | None = None, since: str | None = None,
               article_id: int | None = None, ids: list[int] | None = None, limit: int = 100,
               offset: int = 0, form: str | None = None, until: str | None = None,
               text: str | None = None, site: str | None = None) -> list[dict[str, Any]]:
        """Attributions, oldest statement first. ``since``/``until`` bound the date of the
        statement (the publication date where the text gives none); ``text`` must match
        every word of the content in any inflection."""
        where, args = article_filter(lang=lang, site=site)  # the dates bound the statement, below
        where.insert(0, "1")
        if ids is not None:
            where.append(f"t.id IN ({', '.join('?' * len(ids)) or 'NULL'})")
            args += ids
        if speaker:
            where.append(SPEAKER_MATCH.format(t="t"))
            args += [f"%{speaker}%"] * 3
        if since:
            where.append("COALESCE(t.date_value, a.published) >= ?")
            args.append(since)
        if until:
            where.append("COALESCE(t.date_value, a.published) <= ?")
            args.append(until)
        if form:
            where.append("t.form = ?")
            args.append(form)
        if text is not None:
            found = self._quotes_matching(text)
            if found is None:
                return []  # no words to look for: nothing matches
            where.append(found[0])
            args += found[1]
        if article_id is not None:
            where.append("t.article_id = ?")
            args.append(article_id)
        rows = self.db.execute(
            "SELECT t.*, a.title AS article_title, a.published AS article_published, a.lang AS lang, "
            "a.inferred AS inferred, s.name AS site, se.name AS speaker_entity_name "
            "FROM attributions t JOIN articles a ON a.id = t.article_id "
            "LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN entities se ON se.id = t.speaker_entity_id "
            f"WHERE {' AND '.join(where)} "
            # by the certain date, as the trail runs: a guessed year sorts nothing before a printed date
            f"ORDER BY {CERTAIN_DATE}, a.published, t.article_id, t.seq LIMIT ? OFFSET ?",
            (*args, limit, offset),
        )
        return [self._quote(r) for r in rows]

    def _quotes_matching(self, text: str) -> tuple[str, list[Any]] | None:
        """The condition on ``t`` (attributions) that its content holds every word of ``text``
        in any inflection, and its arguments; None when ``text`` has no words."""
        match, _ = _fts_query(text)
        if not match:
            return None
        return "t.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", [match]

    def _quote(self, r: sqlite3.Row) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": r["id"], "article_id": r["article_id"], "form": r["form"],
            "speaker_name": r["speaker_name"], "speaker_entity_id": r["speaker_entity_id"],
            # the entity's own name ("Mark Rutte" where this article wrote "Rutte")
            "speaker_entity_name": r["speaker_entity_name"],
            "principal_name": r["principal_name"], "principal_entity_id": r["principal_entity_id"],
            "sentence": r["sentence"], "content": _span(r, "content"), "made_by": r["made_by"],
        }
        for name in _SPAN_FIELDS:
            out[name] = _span(r, name)
        parts = json.loads(r["cue_parts"]) if r["cue_parts"] else []
        out["cue_parts"] = [{"start": a, "end": b, "text": t} for a, b, t in parts]
        out["cue_text"] = _cue_text(out["cue"], out["cue_parts"])
        out["date"] = ({**(_span(r, "date") or {}), "value": r["date_value"], "how": r["date_how"]}
                       if r["date_start"] is not None else None)
        out["article"] = {"title": r["article_title"], "published": r["article_published"],
                          "site": r["site"], "lang": r["lang"],
                          "published_guessed": year_guessed(r)}  # shown as such wherever the date is
        return out

    def figures(self, *, claimed_by: str | None = None, lang: str | None = None, since: str | None = None,
                article_id: int | None = None, ids: list[int] | None = None, limit: int = 100,
                offset: int = 0, until: str | None = None) -> list[dict[str, Any]]:
        """Figures, oldest article first; ``claimed_by`` matches part of the speaker of the
        statement the figure sits in, ``since``/``until`` the article's publication date."""
        where, args = article_filter(lang=lang, since=since, until=until)
        where.insert(0, "1")
        if ids is not None:
            where.append(f"f.id IN ({', '.join('?' * len(ids)) or 'NULL'})")
            args += ids
        if claimed_by:
            where.append(SPEAKER_MATCH.format(t="t"))
            args += [f"%{claimed_by}%"] * 3
        if article_id is not None:
            where.append("f.article_id = ?")
            args.append(article_id)
        rows = self.db.execute(
            "SELECT f.*, t.speaker_name AS claimed_by, t.speaker_entity_id AS claimed_by_entity, "
            "t.form AS claim_form, a.title AS article_title, a.lang AS lang, "
            "a.published AS article_published, s.name AS site FROM figures f "
            "JOIN articles a ON a.id = f.article_id LEFT JOIN sources s ON s.id = a.source_id "
            f"LEFT JOIN attributions t ON t.id = f.attribution_id WHERE {' AND '.join(where)} "
            "ORDER BY a.published, f.article_id, f.start LIMIT ? OFFSET ?",
            (*args, limit, offset),
        )
        return [
            {
                "id": r["id"], "article_id": r["article_id"],
                "span": {"start": r["start"], "end": r["end"], "text": r["text"]},
                "value": r["value"], "value_high": r["value_high"], "comparator": r["comparator"],
                "unit": r["unit"], "counted": _span(r, "counted"), "scope": _span(r, "scope"),
                "hedge": _span(r, "hedge"), "attribution_id": r["attribution_id"],
                "claimed_by": r["claimed_by"], "claimed_by_entity": r["claimed_by_entity"],
                "claim_form": r["claim_form"],
                "predicates": (r["predicates"] or "").split(), "subject": r["subject"],
                "article": {"title": r["article_title"], "published": r["article_published"], "site": r["site"],
                            "lang": r["lang"]},
            }
            for r in rows
        ]

    def search(self, query: str, *, limit: int = 20, offset: int = 0, kind: str | None = None,
               lang: str | None = None, site: str | None = None, speaker: str | None = None,
               since: str | None = None, until: str | None = None, hits: bool = True) -> list[dict[str, Any]]:
        """Articles and quotes matching every word of ``query`` as written or as any inflection
        (German and English lemmas), articles first, each best first.

        Each result has ``article_id``, ``title``, ``quote`` (did it hit a quote), a plain
        ``snippet`` and the ``highlights`` ([start, end) in the snippet) of the hits, and
        ``hits``: the [start, end) of each matching word in the article text itself.
        ``limit``/``offset`` page through each of the two lists; ``kind`` ("article" or
        "quote") asks for one of them. ``speaker`` (part of a name) keeps the quotes of that
        speaker and the articles that quote them; ``since``/``until`` bound the publication
        date (inclusive). ``hits=False`` leaves ``hits`` empty (a results page needs only
        the snippet, and finding every hit in a long article costs more than the search).

        When more than ``RANKED`` articles (or quotes) match, only the ``RANKED`` most recently
        stored of them are ranked and paged through, and each result of that list has
        ``capped`` true: a word as common as "said" would otherwise cost time for every match.
        More words or a filter narrow the matches and reach older ones.
        """
        match, forms = _fts_query(query)
        if not match:
            return []
        where, args = article_filter(lang=lang, site=site, since=since, until=until)
        article_where, quote_where = list(where), list(where)
        article_args, quote_args = list(args), list(args)
        if speaker:
            article_where.append("EXISTS (SELECT 1 FROM attributions x WHERE x.article_id = a.id "
                                 f"AND {SPEAKER_MATCH.format(t='x')})")
            quote_where.append(SPEAKER_MATCH.format(t="t"))
            for extra in (article_args, quote_args):
                extra += [f"%{speaker}%"] * 3
        results: list[dict[str, Any]] = []
        if kind in (None, "article"):
            rows, capped = self._article_matches(query, match, article_where, article_args, limit, offset)
            for r in rows:
                results.append({"kind": "article", "quote": False, "article_id": r["id"], "title": r["title"],
                                "published": r["published"], "published_guessed": year_guessed(r),
                                "capped": capped,
                                "hits": _hits(r["text"], r["lang"], forms) if hits else [],
                                **_snippet_or_lemma_hit(r["snip"], r["text"], r["lang"], forms)})
        if kind in (None, "quote"):
            rows, capped = self._quote_matches(query, match, quote_where, quote_args, limit, offset)
            for r in rows:
                results.append({"kind": "quote", "quote": True, "article_id": r["article_id"], "title": r["title"],
                                "published": r["published"], "published_guessed": year_guessed(r),
                                "attribution_id": r["id"], "capped": capped,
                                "speaker_name": r["speaker_name"], "speaker_entity_id": r["speaker_entity_id"],
                                "speaker_entity_name": r["speaker_entity_name"],
                                "speaker": _span(r, "speaker"), "speaker_ref": _span(r, "speaker_ref"),
                                "principal_name": r["principal_name"], "principal_entity_id": r["principal_entity_id"],
                                "lang": r["lang"],
                                "content": {"start": r["content_start"], "end": r["content_end"]},
                                "hits": _hits(r["content_text"], r["lang"], forms, base=r["content_start"]) if hits else [],
                                **_snippet_or_lemma_hit(r["snip"], r["content_text"], r["lang"], forms)})
        return results

    def _article_matches(self, query: str, match: str, where: list[str], args: list[Any], limit: int,
                         offset: int) -> tuple[list[Any], bool]:
        """A page of the articles ``a`` matching ``query`` (``match``: its FTS5 form), best first,
        with id, title, published, lang, text and a snippet marked by \x02 … \x03 (snip)."""
        return self._best(
            "articles_fts", "articles_fts.rowid AS id, a.title, a.published, a.inferred, a.lang, a.text, "
            "snippet(articles_fts, 1, char(2), char(3), '…', 16) AS snip",
            "JOIN articles a ON a.id = articles_fts.rowid", where, args, match, limit, offset)

    def _quote_matches(self, query: str, match: str, where: list[str], args: list[Any], limit: int,
                       offset: int) -> tuple[list[Any], bool]:
        """As :meth:`_article_matches`, for the statements ``t`` (of articles ``a``)."""
        return self._best(
            "quotes_fts", f"t.id, t.article_id, {QUOTE_SPEAKER_COLUMNS}, t.content_start, t.content_end, "
            "t.content_text, a.title, a.published, a.inferred, a.lang, "
            "snippet(quotes_fts, 0, char(2), char(3), '…', 16) AS snip",
            "JOIN attributions t ON t.id = quotes_fts.rowid JOIN articles a ON a.id = t.article_id "
            "LEFT JOIN entities se ON se.id = t.speaker_entity_id",
            where, args, match, limit, offset)

    def _best(self, fts: str, columns: str, joins: str, where: list[str], args: list[Any], match: str,
              limit: int, offset: int) -> tuple[list[sqlite3.Row], bool]:
        """A page of the rows matching ``match`` in the FTS5 table ``fts``, best (bm25) first,
        and whether the ranking was capped.

        One query, ordered by the FTS table's own ``rank``: FTS5 then sorts the matches itself
        and SQLite evaluates ``columns`` (``snippet()``, joined rows) only for the rows of the
        page. Ordered by a ``bm25()`` column instead, SQLite made a snippet for every match
        before sorting (thousands for a common word: the quote search's 20 ms).

        Ranking still scores every match, about 1.5 µs each: a word in 4,000 of 10,000
        articles cost 5-9 ms a search. So when more than ``RANKED`` rows match, only the
        ``RANKED`` most recently stored of them are ranked (capped); FTS5 finds where they
        begin by walking its index newest first, which scores nothing."""
        cond = "".join(f" AND {w}" for w in where)
        params: list[Any] = [match, *args]
        older = self.db.execute(  # the joins only when a filter needs them: a lookup per match
            f"SELECT {fts}.rowid FROM {fts} {joins if where else ''} WHERE {fts} MATCH ?{cond} "
            f"ORDER BY {fts}.rowid DESC LIMIT 1 OFFSET ?", (*params, self.RANKED)).fetchone()
        if older is not None:
            cond += f" AND {fts}.rowid > ?"
            params.append(older[0])
        rows = self.db.execute(
            f"SELECT {columns} FROM {fts} {joins} WHERE {fts} MATCH ?{cond} ORDER BY {fts}.rank LIMIT ? OFFSET ?",
            (*params, limit, offset)).fetchall()
        return rows, older is not None

    def facets(self) -> dict[str, list[str]]:
        """The sites and languages stored, for filter menus."""
        # index lookups only (schema 6): one per site, and a skip from each language to the next
        return {
            "sites": [r[0] for r in self.db.execute(
                "SELECT name FROM sources s WHERE EXISTS (SELECT 1 FROM articles a WHERE a.source_id = s.id) "
                "ORDER BY name")],
            "langs": [r[0] for r in self.db.execute(
                "WITH RECURSIVE l(lang) AS (SELECT min(lang) FROM articles UNION ALL "
                "SELECT (SELECT min(lang) FROM articles WHERE lang > l.lang) FROM l WHERE l.lang IS NOT NULL) "
                "SELECT lang FROM l WHERE lang IS NOT NULL")],
        }

    FACET_CAP = 20_000  # counting more matching articles than this per page view is not cheap

    def facet_counts(self, *, lang: str | None = None, site: str | None = None, since: str | None = None,
                     until: str | None = None) -> dict[str, Any] | None:
        """How many of the articles the filters keep come from each site and are in each
        language, most first, and were published in each month, newest first; None when more than ``FACET_CAP`` match (the counts would cost
        a scan per page view; the menus of :meth:`facets` still list every value)."""
        where, args = article_filter(lang=lang, site=site, since=since, until=until)
        cond = " AND ".join(["1", *where])
        total = self.db.execute(f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {cond} LIMIT ?)",
                                (*args, self.FACET_CAP + 1)).fetchone()[0]
        if total > self.FACET_CAP:
            return None
        sites = self.db.execute(
            f"SELECT s.name, count(*) AS n FROM articles a JOIN sources s ON s.id = a.source_id WHERE {cond} "
            "GROUP BY s.name ORDER BY n DESC, s.name", args).fetchall()
        langs = self.db.execute(
            f"SELECT a.lang, count(*) AS n FROM articles a WHERE {cond} AND a.lang IS NOT NULL "
            "GROUP BY a.lang ORDER BY n DESC, a.lang", args).fetchall()
        months = self.db.execute(  # the date-range facet: publication months, newest first
            f"SELECT substr(a.published, 1, 7) AS m, count(*) FROM articles a WHERE {cond} "
            "AND a.published GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]*' GROUP BY m ORDER BY m DESC", args).fetchall()
        return {"total": total, "sites": [[r[0], r[1]] for r in sites], "langs": [[r[0], r[1]] for r in langs],
                "months": [[r[0], r[1]] for r in months]}

    def export(self) -> Iterator[dict[str, Any]]:
        for (article_id,) in self.db.execute("SELECT id FROM articles ORDER BY id").fetchall():
            item = self.article(article_id)
            if item is not None:
                yield item


def _snippet(marked: str) -> dict[str, Any]:
    """A snippet as plain text plus the [start, end) of each hit in it (no markup to escape)."""
    plain: list[str] = []
    hits: list[list[int]] = []
    pos = 0
    for i, part in enumerate(marked.split("\x02")):
        hit, sep, rest = part.partition("\x03") if i else ("", "", part)
        if sep:
            hits.append([pos, pos + len(hit)])
            plain.append(hit)
            pos += len(hit)
        plain.append(rest)
        pos += len(rest)
    return {"snippet": "".join(plain), "highlights": hits}


_WORD = re.compile(r"\w+")
_LEMMA_LOCK = threading.Lock()
_LEMMA_LANGS: set[str] = set()  # languages whose lemma dictionary is loaded in this process


def _lemma(word: str, lang: str) -> str:
    """``lemma_of``, but the first call per language runs under a lock. simplemma loads a
    language's dictionary on first use (about 2 s) and does not lock: threads that miss at once
    each load their own copy, so ten concurrent first searches in a fresh server process took
    19 s (the load benchmark's 20 s p99 for the API search)."""
    if lang not in _LEMMA_LANGS:
        with _LEMMA_LOCK:
            if lang not in _LEMMA_LANGS:
                lemma_of(word, lang)
                _LEMMA_LANGS.add(lang)
    return lemma_of(word, lang)


def load_lemmas(langs: tuple[str, ...] = ("de", "en")) -> None:
    """Load the lemma dictionaries search uses now (a server calls this before it takes requests)."""
    for lang in langs:
        _lemma("Haus", lang)  # any word: the first one loads the dictionary


def _fts_query(query: str) -> tuple[str, set[str]]:
    """An FTS5 query in which each word must match as written or as its German/English lemma,
    plus the casefolded forms searched for. FTS syntax in ``query`` is neutralised: every term
    is quoted, operators and punctuation are plain words or dropped."""
    terms, all_forms = [], set()
    for word in _WORD.findall(query):
        forms = {word, _lemma(word, "de"), _lemma(word, "en")}
        all_forms |= {f.casefold() for f in forms}
        # the index folds case, so "Container" OR "container" only doubled the work
        distinct = {f.lower(): f for f in sorted(forms)}.values()
        # unqualified terms search every column, the lemma column included
        terms.append("(" + " OR ".join('"' + f.replace('"', "") + '"' for f in distinct) + ")")
    return " AND ".join(terms), all_forms


_CONTEXT = 70  # characters of context on each side of a hit found through its lemma


_MAX_HITS = 100  # enough to mark a long article; a search result is no concordance


def _fold(word: str) -> str:
    """Casefolded without diacritics, as the FTS tokenizer (remove_diacritics 2) compares."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def _hits(text: str, lang: str | None, forms: set[str], base: int = 0) -> list[list[int]]:
    """Offsets (shifted by ``base``, the start of ``text`` in the article) of the words that
    match a searched form as written or through their lemma."""
    wanted = {_fold(f) for f in forms}
    out: list[list[int]] = []
    for m in _WORD.finditer(text):
        word = m.group()
        if _fold(word) in wanted or _fold(_lemma(word, lang or "other")) in wanted:
            out.append([base + m.start(), base + m.end()])
            if len(out) == _MAX_HITS:
                break
    return out


def _snippet_or_lemma_hit(marked: str, text: str, lang: str | None, forms: set[str]) -> dict[str, Any]:
    """FTS5's snippet marks words matched as written; when the match was only through the
    lemma column it marks nothing, so find the inflected word in ``text`` ourselves."""
    found = _snippet(marked)
    if found["highlights"]:
        return found
    hits: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        if hits and m.start() > hits[0][1] + _CONTEXT:
            break  # past the snippet: a long article need not be read to its end
        if m.group().casefold() in forms or _lemma(m.group(), lang or "de").casefold() in forms:
            hits.append(m.span())
    if not hits:
        return found
    start = max(0, hits[0][0] - _CONTEXT)
    end = min(len(text), hits[0][1] + _CONTEXT)
    # widen to word boundaries so the snippet starts and ends on whole words
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    prefix = "…" if start > 0 else ""
    snippet = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    return {"snippet": snippet,
            "highlights": [[a + shift, b + shift] for a, b in hits if a >= start and b <= end]}


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies (BEGIN … END;) whole."""
    out, buf = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        buf.append(line)
        joined = "\n".join(buf)
        if sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    return out


class _Batch:
    """The bounds of an open batch of writes (SQLiteStore.batched) and what it holds."""

    def __init__(self, articles: int, seconds: float) -> None:
        self.articles, self.seconds = max(1, articles), seconds
        self.done, self.began = 0, 0.0


class _Transaction:
    """One write: its own transaction, or, inside ``batched``, a savepoint in the batch's."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store, self.db = store, store.db

    def __enter__(self) -> None:
        batch = self.store._batch
        if batch is None:
            self.db.execute("BEGIN IMMEDIATE")
            return
        if self.db.in_transaction and time.monotonic() - batch.began >= batch.seconds:
            self.store._end_batch(batch.done)  # a slow stretch (a long analysis) still commits on time
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
            batch.done, batch.began = 0, time.monotonic()
        self.db.execute("SAVEPOINT article")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        batch = self.store._batch
        if batch is None:
            self.db.execute("ROLLBACK" if exc_type else "COMMIT")
            return
        if exc_type:
            if not self.db.in_transaction:  # SQLite rolled the whole batch back (disk full, I/O)
                self.store._batch_lost()
                raise StoreError(f"the store rolled back this article and the {batch.done} written before it "
                                 "since its last commit; run the same ingest again to store them")
            self.db.execute("ROLLBACK TO article")
            self.db.execute("RELEASE article")
            return
        self.db.execute("RELEASE article")
        batch.done += 1
        if batch.done >= batch.articles or time.monotonic() - batch.began >= batch.seconds:
            self.store._end_batch(batch.done)
