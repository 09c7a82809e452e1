"""Stories in the store: assigning each new article online, and reading stories back.

A mixin of :class:`~quotetrail.store.sqlite.SQLiteStore`. The clusterer
(:class:`~quotetrail.link.stories.StoryClusterer`) keeps a live window in memory; its state
is saved in ``story_state`` every :data:`SAVE_EVERY` articles (inside that article's
transaction) and when the store closes. After a crash the saved state may be a few articles
old: story ids already handed out are never reused, the window just starts from that state.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date
from typing import Any

from quotetrail.link.names import skeleton, surname
from quotetrail.link.stories import StoryClusterer, StoryConfig, features_from_document
from quotetrail.model import Document

# Saving re-encodes the whole live state (several MB once the retention window fills): every
# 1,000 articles costs about 1.5 ms an article; after a crash the articles since the last save
# keep their stories, only the window the next run starts from is that much older.
SAVE_EVERY = 1000
_OUTLETS = ("MEDIA", "MISC")  # who reports is no part of what a story is about


class StoryWrites:
    db: sqlite3.Connection
    _stories: StoryClusterer | None
    _unsaved_stories: int

    def _transaction(self) -> AbstractContextManager[None]:  # provided by SQLiteStore
        raise NotImplementedError

    # -- writing ----------------------------------------------------------------------
    def _clusterer(self) -> StoryClusterer:
        if self._stories is None:
            row = self.db.execute("SELECT state, next_id FROM story_state WHERE id = 1").fetchone()
            used = self.db.execute("SELECT COALESCE(max(id), 0) FROM stories").fetchone()[0]
            clusterer = None
            if row is not None:
                try:
                    clusterer = StoryClusterer.from_state(row[0])
                except (ValueError, KeyError, TypeError):
                    clusterer = None  # a state of another version: start a fresh window
            if clusterer is None or clusterer.next_id <= used:
                # no state, or it is older than the stories stored since: never reuse an id
                clusterer = StoryClusterer(StoryConfig(first_id=used + 1))
            self._stories = clusterer
        return self._stories

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
        features = replace(features, entities=tuple(keys), names=names, published=published)
        clusterer = self._clusterer()
        story_id = clusterer.add(features)
        day = published.isoformat()
        self.db.execute(
            "INSERT INTO stories (id, label, first, last, size) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT (id) DO UPDATE SET label = excluded.label, size = size + 1, "
            "first = min(first, excluded.first), last = max(last, excluded.last)",
            (story_id, clusterer.label(story_id), day, day),
        )
        self.db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
        self._unsaved_stories += 1
        if self._unsaved_stories >= SAVE_EVERY:
            self._save_stories()

    def _save_stories(self) -> None:
        if self._stories is None:
            return
        self.db.execute(
            "INSERT INTO story_state (id, state, next_id) VALUES (1, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET state = excluded.state, next_id = excluded.next_id",
            (self._stories.to_state(), self._stories.next_id),
        )
        self._unsaved_stories = 0

    # -- reading ----------------------------------------------------------------------
    def stories(self, *, limit: int = 50, offset: int = 0, min_articles: int = 1) -> list[dict[str, Any]]:
        """Stories, largest and most recent first, with their articles, speakers and dates."""
        rows = self.db.execute(
            "SELECT id FROM stories WHERE size >= ? ORDER BY size DESC, last DESC, id LIMIT ? OFFSET ?",
            (min_articles, limit, offset),
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
