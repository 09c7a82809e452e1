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

When an article makes two stories merge (link/stories.py, "Merges"), the same transaction moves
the absorbed story's articles, size and dates to the survivor, deletes its row and records the
move in ``story_merges`` (so its id still finds the story); the log entry keeps the story the
article joined and lists the merges, which every process replays in order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from quotetrail import lang as langdata
from quotetrail.link.entities import _bare_name
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


def _story_key(name: str, label: str, entity_id: int | None, lang: str) -> str:
    return f"p:{skeleton(surname(name, lang))}" if label == "PER" else f"e:{entity_id}"


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
        # inside a batch (SQLiteStore.batched) the write transaction is open: load in it
        if self._stories is None and not getattr(self.db, "in_transaction", False):
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
                "SELECT seq, story_id, features, merges FROM story_log WHERE seq > ? ORDER BY seq",
                (self._story_seq,),
            )
            for seq, story_id, features, merges in rows:
                self._stories.replay(StoryFeatures.from_dict(json.loads(features)), story_id,
                                     json.loads(merges) if merges else ())
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

    def _assign_story(self, article_id: int, doc: Document, entities: dict[tuple[str, str], int],
                      speakers: Iterable[int | None] = ()) -> None:
        features = features_from_document(doc, article_id)
        # canonical entity ids, so "EU" and "Europäische Union" count as one key; people by the
        # key of their surname, which a later merge of entities does not change ("Keller" in a
        # blog stored before the news that names "Anna Keller"; "Selenskyj" and "Zelensky")
        keys, names = [], {}
        for m in doc.mentions:
            if m.label in _OUTLETS or (m.name, m.label) not in entities:
                continue
            key = _story_key(m.name, m.label, entities[(m.name, m.label)], doc.lang)
            keys.append(key)
            names.setdefault(key, m.name.split()[-1] if m.label == "PER" else m.name)
        # A speaker the entity step found no mention of ("sagte Keller": the surname read as the
        # noun) is still who the story is about: once each, by its entity if linked, else as a
        # person when it is written as a bare name (the test the entity linker applies).
        speakers = list(speakers)
        named = set(entities.values())
        unnamed = sorted({e for e in speakers if e is not None and e not in named})
        found: list[tuple[str, str, int | None]] = []
        if unnamed:
            found += self.db.execute(
                f"SELECT name, type, id FROM entities WHERE id IN ({', '.join('?' * len(unnamed))}) ORDER BY id",
                unnamed).fetchall()
        stop = langdata.wordset(doc.lang, "stopwords")
        for at, eid in zip(doc.attributions, speakers, strict=False):
            name = at.speaker_name
            if (eid is None and name and not stop.intersection(name.casefold().split())  # "Der Hafenbetreiber"
                    and _bare_name(doc, at.speaker_ref or at.speaker, name)):
                found.append((name, "PER", None))
        for name, label, eid in found:
            key = _story_key(name, label, eid, doc.lang)
            if label not in _OUTLETS and key not in names:
                keys.append(key)
                names[key] = name.split()[-1] if label == "PER" else name
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
        done = clusterer.assign(features, new_story)
        for absorbed, survivor in done.merges:
            self._merge_story_rows(absorbed, survivor)
        story_id = done.story
        self.db.execute(
            "UPDATE stories SET label = ?, size = size + 1, first = CASE WHEN ? < first THEN ? ELSE first END, "
            "last = CASE WHEN ? > last THEN ? ELSE last END WHERE id = ?",  # SQL both stores take (no 2-argument min)
            (clusterer.label(story_id), day, day, day, day, story_id),
        )
        self.db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
        cur = self.db.execute(
            "INSERT INTO story_log (article_id, story_id, features, merges) VALUES (?, ?, ?, ?)",
            (article_id, done.joined, json.dumps(features.to_dict(), ensure_ascii=False, separators=(",", ":")),
             json.dumps(done.merges) if done.merges else None),
        )
        self._story_seq = int(cur.lastrowid or 0)
        if self._story_seq - self._story_saved >= SAVE_EVERY:
            self._save_stories()

    def _merge_story_rows(self, absorbed: int, survivor: int) -> None:
        """The clusterer merged two stories: the survivor takes the other's articles, size and
        dates, and the other's row goes (inside the article's transaction, so a crash leaves
        both or neither; a process that replays the log merges its window the same way)."""
        row = self.db.execute("SELECT size, first, last FROM stories WHERE id = ?", (absorbed,)).fetchone()
        if row is None:  # the store lost the row (a window older than its table): nothing to move
            return
        size, first, last = row[0], row[1], row[2]
        self.db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (survivor, absorbed))
        self.db.execute(
            "UPDATE stories SET size = size + ?, first = CASE WHEN first IS NULL OR ? < first THEN ? ELSE first END, "
            "last = CASE WHEN last IS NULL OR ? > last THEN ? ELSE last END WHERE id = ?",
            (size, first, first, last, last, survivor),
        )
        self.db.execute("DELETE FROM stories WHERE id = ?", (absorbed,))
        self.db.execute("UPDATE story_merges SET survivor = ? WHERE survivor = ?", (survivor, absorbed))
        self.db.execute("INSERT INTO story_merges (absorbed, survivor) VALUES (?, ?)", (absorbed, survivor))

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
        """A story with its articles and speakers; the id of a story merged into another gives
        the one that holds its articles now (its ``id`` says which)."""
        row = self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            moved = self.db.execute("SELECT survivor FROM story_merges WHERE absorbed = ?", (story_id,)).fetchone()
            row = moved and self.db.execute("SELECT * FROM stories WHERE id = ?", (moved[0],)).fetchone()
            if not row:
                return None
        story_id = row["id"]
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
