"""Stories in the store: assigning each new article online, and reading stories back.

A mixin of :class:`~quotetrail.store.sqlite.SQLiteStore`. The clusterer
(:class:`~quotetrail.link.stories.StoryClusterer`) keeps its live window in memory, but the
store is what it follows: every article appends its story features and story to ``story_log``
in the article's own transaction, and ``story_checkpoint`` holds the window as of one log entry
(``seq``), taken every :data:`SAVE_EVERY` entries (entries older than the previous checkpoint
are then pruned): the live stories as rows of ``story_window``, of which a checkpoint rewrites
only those that took an article since the previous one, and the rest of the window in one row. Inside each article's write transaction (``BEGIN IMMEDIATE``: one writer at
a time) a process first replays the log entries other processes appended since its last
article, so two concurrent ingests assign stories as one sequential run would, and new story
ids come from the ``stories`` table. After a crash nothing is lost: the next process starts
from the checkpoint and replays the log, which holds exactly the articles that were committed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from quotetrail.link.names import skeleton, surname
from quotetrail.link.stories import StoryClusterer, StoryFeatures, features_from_document
from quotetrail.model import Document
from quotetrail.store.listing import article_filter, order_by

# A checkpoint writes the stories changed since the previous one and re-encodes the rest of the
# window (document frequencies, LSH buckets); a process that opens the store decodes it and
# replays fewer than this many log entries (~1 ms each, no scoring), outside the write lock
# (docs/PERFORMANCE.md, measured on a loaded machine).
SAVE_EVERY = 1000
_OUTLETS = ("MEDIA", "MISC")  # who reports is no part of what a story is about


class StoryWrites:
    db: sqlite3.Connection
    _stories: StoryClusterer | None
    _story_seq: int  # the last story_log entry applied to _stories
    _story_saved: int  # the log entry of the checkpoint

    def _transaction(self) -> AbstractContextManager[None]:  # provided by SQLiteStore
        raise NotImplementedError

    # -- writing ----------------------------------------------------------------------
    @contextmanager
    def _story_guard(self) -> Iterator[None]:
        """Around an article's transaction: if it fails after the clusterer took the article
        (or replayed entries), the window in memory is ahead of the store, so drop it.

        A process's first article loads the window before the transaction (a read transaction:
        checkpoint and log of one moment), so other writers do not wait for the checkpoint to be
        decoded and the log replayed; inside, only what was appended meanwhile is replayed."""
        if self._stories is None:
            self.db.execute("BEGIN")
            try:
                self._clusterer()
            finally:
                self.db.execute("COMMIT")
        applied = self._story_seq
        try:
            yield
        except BaseException:
            if self._story_seq != applied:
                self._stories = None
                self._story_seq = 0
            raise

    def _clusterer(self) -> StoryClusterer:
        """The window as of the newest log entry of any process. Call inside a transaction (the
        write transaction when assigning: no other process can append meanwhile)."""
        saved, oldest, newest = self.db.execute(
            "SELECT coalesce((SELECT seq FROM story_checkpoint WHERE id = 1), 0), "
            "(SELECT min(seq) FROM story_log), coalesce((SELECT max(seq) FROM story_log), 0)"
        ).fetchone()
        head = max(saved, newest)
        self._story_saved = saved
        missing = self._story_seq < saved and (oldest is None or oldest > self._story_seq + 1)
        if self._stories is None or missing or self._story_seq > head:
            # first use, or entries after our window are pruned, or the store is not the one we
            # followed: start from the checkpoint
            self._stories = self._load_checkpoint()
            self._story_seq = saved
        if self._story_seq < head:
            rows = self.db.execute(
                "SELECT seq, story_id, features FROM story_log WHERE seq > ? ORDER BY seq", (self._story_seq,)
            )
            for seq, story_id, features in rows:
                self._stories.replay(StoryFeatures.from_dict(json.loads(features)), story_id)
                self._story_seq = seq
        return self._stories

    def _load_checkpoint(self) -> StoryClusterer:
        row = self.db.execute("SELECT state FROM story_checkpoint WHERE id = 1").fetchone()
        if row is not None:
            try:
                if StoryClusterer.is_apart(row[0]):
                    rows = (r[0] for r in self.db.execute("SELECT state FROM story_window ORDER BY story_id"))
                    return StoryClusterer.from_parts(row[0], rows)
                return StoryClusterer.from_state(row[0])  # whole, as written before schema 13
            except (ValueError, KeyError, TypeError):
                pass  # a state of another version: start a fresh window
        return StoryClusterer()  # its own ids are never used: new stories get theirs from the table

    def _assign_story(self, article_id: int, doc: Document, entities: dict[tuple[str, str], int]) -> None:
        features = features_from_document(doc, article_id)
        # canonical entity ids, so "EU" and "Europäische Union" count as one key; people by the
        # key of their surname, which a later merge of entities does not change ("Keller" in a
        # blog stored before the news that names "Anna Keller"; "Selenskyj" and "Zelensky")
        keys, names = [], {}
        for m in doc.mentions:
            if m.label in _OUTLETS or (m.name, m.label) not in entities:
                continue
            key = (f"p:{skeleton(surname(m.name, doc.lang))}" if m.label == "PER"
                   else f"e:{entities[(m.name, m.label)]}")
            keys.append(key)
            names.setdefault(key, m.name.split()[-1] if m.label == "PER" else m.name)
        published = doc.article.published or date.today()  # undated: the day it arrived
        self._store_story(article_id, replace(features, entities=tuple(keys), names=names, published=published))

    def _store_story(self, article_id: int, features: StoryFeatures) -> None:
        """Assign a dated article its story and log it, inside the article's transaction."""
        assert features.published is not None
        day = features.published.isoformat()

        def new_story() -> int:  # ids from the table, so no two processes hand out the same
            cur = self.db.execute("INSERT INTO stories (label, first, last, size) VALUES ('', ?, ?, 0)", (day, day))
            return int(cur.lastrowid or 0)

        clusterer = self._clusterer()
        story_id = clusterer.add(features, new_story)
        self.db.execute(
            "UPDATE stories SET label = ?, size = size + 1, first = CASE WHEN ? < first THEN ? ELSE first END, "
            "last = CASE WHEN ? > last THEN ? ELSE last END WHERE id = ?",  # SQL both stores take (no 2-argument min)
            (clusterer.label(story_id), day, day, day, day, story_id),
        )
        self.db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
        cur = self.db.execute(
            "INSERT INTO story_log (article_id, story_id, features) VALUES (?, ?, ?)",
            (article_id, story_id, json.dumps(features.to_dict(), ensure_ascii=False, separators=(",", ":"))),
        )
        self._story_seq = int(cur.lastrowid or 0)
        if self._story_seq - self._story_saved >= SAVE_EVERY:
            self._save_stories()

    def _save_stories(self) -> None:
        """Checkpoint the window at the newest log entry (ours: we hold the write lock) and
        prune the entries the previous checkpoint includes: a process less than one interval
        behind still replays them instead of decoding the checkpoint."""
        if self._stories is None:
            return
        self.db.execute("DELETE FROM story_log WHERE seq <= ?", (self._story_saved,))
        # only the stories that changed since the last checkpoint (any process's: each replays
        # every entry, so its own changes since its last checkpoint or load include them)
        rest, rows, removed = self._stories.checkpoint()
        if removed is None:
            self.db.execute("DELETE FROM story_window")
        else:
            self.db.executemany("DELETE FROM story_window WHERE story_id = ?", ((sid,) for sid in sorted(removed)))
        self.db.executemany("INSERT OR REPLACE INTO story_window (story_id, state) VALUES (?, ?)", rows.items())
        self.db.execute(
            "INSERT INTO story_checkpoint (id, seq, state) VALUES (1, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, state = excluded.state",
            (self._story_seq, rest),
        )
        self._story_saved = self._story_seq

    # -- reading ----------------------------------------------------------------------
    def stories(self, *, limit: int = 50, offset: int = 0, min_articles: int = 1, sort: str | None = None,
                lang: str | None = None, site: str | None = None, since: str | None = None,
                until: str | None = None) -> list[dict[str, Any]]:
        """Stories, largest and most recent first or by ``sort`` (see :mod:`quotetrail.store.listing`),
        with their articles, speakers and dates; ``lang``/``site``/``since``/``until`` keep the
        stories with an article they select."""
        where, args = article_filter(lang=lang, site=site, since=since, until=until)
        chosen = f" AND id IN (SELECT a.story_id FROM articles a WHERE {' AND '.join(where)})" if where else ""
        rows = self.db.execute(
            f"SELECT id FROM stories WHERE size >= ?{chosen} "
            f"ORDER BY {order_by('stories', sort, 'size DESC, last DESC, id')} LIMIT ? OFFSET ?",
            (min_articles, *args, limit, offset),
        ).fetchall()
        return [s for s in (self.story(r[0]) for r in rows) if s is not None]

    def story(self, story_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        articles = [
            {"id": r[0], "title": r[1], "site": r[2], "published": r[3], "lang": r[4]}
            for r in self.db.execute(
                "SELECT a.id, a.title, s.name, a.published, a.lang FROM articles a "
                "LEFT JOIN sources s ON s.id = a.source_id WHERE a.story_id = ? ORDER BY a.published, a.id",
                (story_id,),
            )
        ]
        speakers = [
            {"id": r[0], "name": r[1], "statements": r[2]}
            for r in self.db.execute(
                "SELECT e.id, e.name, count(*) AS n FROM attributions t JOIN articles a ON a.id = t.article_id "
                "JOIN entities e ON e.id = t.speaker_entity_id WHERE a.story_id = ? "
                "GROUP BY e.id ORDER BY n DESC, e.name LIMIT 20",
                (story_id,),
            )
        ]
        return {"id": row["id"], "label": row["label"], "size": row["size"], "first": row["first"],
                "last": row["last"], "articles": articles, "speakers": speakers}

    def _entity_stories(self, entity_id: int) -> list[dict[str, Any]]:
        return [
            {"id": r[0], "label": r[1], "first": r[2], "last": r[3], "size": r[4]}
            for r in self.db.execute(
                "SELECT DISTINCT s.id, s.label, s.first, s.last, s.size FROM entity_links l "
                "JOIN articles a ON a.id = l.article_id JOIN stories s ON s.id = a.story_id "
                "WHERE l.entity_id = ? ORDER BY s.last DESC LIMIT 50",
                (entity_id,),
            )
        ]
