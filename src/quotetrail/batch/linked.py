"""`quotetrail load --links`: an article stored with the links a Spark batch computed.

``batch --link`` wrote, per month-and-language partition, each mention's entity block, each
figure's and whole statement's group, and each article's story partner (batch/link.py). `load`
reads them with the article's own partition, and the store's write path (``SQLiteStore._write``)
asks this object instead of the online linkers, so storing an article costs the same whatever
the store holds and nothing cross-article is held in memory:

- **entities**: the store's entity linker (speakers, principals, roles: per article, as
  ``ingest``), but a name resolves to the entity of its Spark block only: one entity per (label,
  name key), found by the key in the store's alias index or created under the block's name. No
  merge across keys (a bare surname, a transliteration, a middle name): those need who was
  known before, the order-dependent part that stays online.
- **claims**: each figure the claim linker would key, and each whole statement, joins the store
  group of its Spark group (a component of pairs; ``claim_groups.key`` holds the Spark group's
  name), or a group of its own; one sentence stands once in a group, as online. The groups are
  indexed (claim keys, 4-grams) as online, so a later ``ingest`` into the store finds them.
  Quoted phrases inside statements are not grouped (Spark does not link them).
- **stories**: an article joins the story of its Spark story partner (the earlier article it
  shares most story keys with), or starts one labelled by its most named entities. The online
  clusterer's log is not written: a later ``ingest`` starts its stories afresh.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from typing import Any

from quotetrail.link.claims import (
    QUOTE_MIN_WORDS,
    figures_counted,
    shingles,
)
from quotetrail.link.entities import EntityLinker, is_full_name
from quotetrail.link.names import fold, skeleton
from quotetrail.model import Document, Span

LINK_TABLES = ("entity_mentions", "figure_groups", "quote_groups", "story_links")
_OUTLETS = ("MEDIA", "MISC")  # who reports names no story (store/stories.py)


class BlockEntities(EntityLinker):
    """The store's entity linker with Spark's blocks as its only rule for a name."""

    def __init__(self, db: sqlite3.Connection, names: dict[tuple[str, str], str]) -> None:
        super().__init__(db)
        self.names = names  # (name as written, label) -> the name of its Spark block
        self._block_name: str | None = None

    def _link_referent(self, article_id: int, written: str, label: str, lang: str) -> int:
        self._block_name = self.names.get((written, label))
        return super()._link_referent(article_id, written, label, lang)

    def _resolve(self, name: str, label: str, lang: str) -> tuple[int, str]:
        key = skeleton(name)
        hit = self.db.execute(
            "SELECT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.key = ? AND e.type = ? AND e.merged_into IS NULL ORDER BY e.id LIMIT 1", (key, label),
        ).fetchone()
        if hit is not None:
            return int(hit[0]), "alias"
        named = self._block_name if self._block_name and skeleton(self._block_name) == key else name
        if label == "PER" and not is_full_name(named):
            return self._partial(named, key), "new"  # a bare surname: by its surname key, as online
        return self._create(named, label, full=label == "PER", lang=lang), "new"


class BatchLinks:
    """The links of one batch for the article being stored: ``rows`` holds that article's rows
    of :data:`LINK_TABLES` (set by batch/load.py before each ``store.add``)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def entity_linker(self, db: sqlite3.Connection) -> EntityLinker:
        return BlockEntities(db, {(r["name"], r["label"]): r["canonical"]
                                  for r in self.rows.get("entity_mentions", ())})

    # -- claims ------------------------------------------------------------------------
    def link_claims(self, db: sqlite3.Connection, article_id: int, doc: Document, figure_ids: list[int],
                    attribution_ids: list[int]) -> None:
        day = None if "published" in doc.article.inferred else doc.article.published
        first = day.isoformat() if day else None
        taken: set[tuple[int, int]] = set()  # (group, sentence): one sentence, one member
        groups = {r["seq"]: r["group"] for r in self.rows.get("figure_groups", ())}
        for seq, (f, fid, counted) in enumerate(zip(doc.figures, figure_ids, figures_counted(doc), strict=True)):
            if counted is None or f.value is None:
                continue
            db.execute("UPDATE figures SET predicates = ?, subject = ? WHERE id = ?",
                       (" ".join(sorted(counted.predicates)), counted.subject, fid))
            gid, _ = self._group(db, "figure", groups.get(seq), f.sentence, taken,
                                 f"{f.span.text} · {counted.label}", first)
            db.executemany("INSERT OR IGNORE INTO claim_keys (key, group_id, first, value) "
                           "VALUES (?, ?, (SELECT first FROM claim_groups WHERE id = ?), ?)",
                           [(k, gid, gid, f.value) for k in counted.keys(f.unit)])
            self._member(db, gid, article_id, f.sentence, f.span, figure_id=fid)
        groups = {r["seq"]: r["group"] for r in self.rows.get("quote_groups", ())}
        for seq, (at, aid) in enumerate(zip(doc.attributions, attribution_ids, strict=True)):
            words = at.content.text.split()
            mine = shingles(at.content.text, doc.lang) if len(words) >= QUOTE_MIN_WORDS else set()
            if not mine:  # a phrase: Spark links none
                continue
            label = " ".join(words[:10]) + ("…" if len(words) > 10 else "")
            gid, new = self._group(db, "quote", groups.get(seq), at.sentence, taken, label, first, len(mine))
            if new:  # found by its first statement's 4-grams, as online
                db.executemany("INSERT OR IGNORE INTO quote_shingles (hash, group_id, first) VALUES (?, ?, ?)",
                               [(h, gid, first) for h in mine])
            self._member(db, gid, article_id, at.sentence, at.content, attribution_id=aid)

    @staticmethod
    def _group(db: sqlite3.Connection, kind: str, spark_group: str | None, sentence: int,
               taken: set[tuple[int, int]], label: str, first: str | None, count: int = 0) -> tuple[int, bool]:
        """The store group of a Spark group (made on its first member), or a new one of its own
        (no Spark group, or this sentence stands in it already); and whether it is new."""
        key = f"spark:{spark_group}" if spark_group else ""
        if key:
            row = db.execute("SELECT id FROM claim_groups WHERE kind = ? AND key = ?", (kind, key)).fetchone()
            if row is not None and (row[0], sentence) not in taken:
                taken.add((row[0], sentence))
                return int(row[0]), False
            if row is not None:
                key = ""
        gid = int(db.execute("INSERT INTO claim_groups (kind, key, label, shingles, first) VALUES (?, ?, ?, ?, ?)",
                             (kind, key, label, count, first)).lastrowid or 0)
        taken.add((gid, sentence))
        return gid, True

    @staticmethod
    def _member(db: sqlite3.Connection, gid: int, article_id: int, sentence: int, span: Span, *,
                figure_id: int | None = None, attribution_id: int | None = None) -> None:
        db.execute(
            'INSERT INTO claim_members (group_id, figure_id, attribution_id, article_id, sentence, start, "end", text, '
            "folded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (gid, figure_id, attribution_id, article_id, sentence, span.start, span.end, span.text,
             None if figure_id is not None else fold(span.text)),
        )

    # -- stories -----------------------------------------------------------------------
    def assign_story(self, db: sqlite3.Connection, article_id: int, doc: Document) -> None:
        day = (doc.article.published or date.today()).isoformat()  # undated: the day it arrived, as online
        story = None
        for r in self.rows.get("story_links", ()):
            row = db.execute(
                "SELECT a.story_id FROM articles a WHERE a.content_hash = ? UNION ALL "
                "SELECT a.story_id FROM article_copies c JOIN articles a ON a.id = c.article_id "
                "WHERE c.content_hash = ?", (r["partner"], r["partner"])).fetchone()
            story = row[0] if row else None
        if story is None:
            named = Counter(m.name.split()[-1] if m.label == "PER" else m.name
                            for m in doc.mentions if m.label not in _OUTLETS)
            label = " · ".join(n for n, _ in sorted(named.items(), key=lambda x: (-x[1], x[0]))[:3])
            story = int(db.execute("INSERT INTO stories (label, first, last, size) VALUES (?, ?, ?, 0)",
                                   (label, day, day)).lastrowid or 0)
        db.execute("UPDATE stories SET size = size + 1, first = CASE WHEN ? < first THEN ? ELSE first END, "
                   "last = CASE WHEN ? > last THEN ? ELSE last END WHERE id = ?", (day, day, day, day, story))
        db.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story, article_id))
