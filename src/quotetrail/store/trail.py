"""Reading the trail across articles: speakers, a speaker's statements in time order.

A mixin of :class:`~quotetrail.store.sqlite.SQLiteStore`; the rows are written by the linkers
in :mod:`quotetrail.link` during :meth:`SQLiteStore.add`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

from quotetrail.link.claims import compare_figures, compare_quotes, seriousness
from quotetrail.link.entities import EntityLinker, Seed, builtin_variants
from quotetrail.link.names import skeleton
from quotetrail.store.listing import article_filter, order_by

DRIFT_RANKED = 500  # the most widely travelled groups whose changes are ranked for --drift

# The date a statement is sorted and counted by: its own date where the text gives it for
# sure, else the publication date where that is known for sure, else (only when nothing is
# certain) the guessed one.
CERTAIN_DATE = (
    "CASE WHEN t.date_value IS NOT NULL AND COALESCE(t.date_how, 'given') != 'guessed' THEN t.date_value "
    "WHEN a.published IS NOT NULL AND a.inferred NOT LIKE '%published%' THEN a.published "
    "ELSE COALESCE(t.date_value, a.published) END"
)
# ... and whether it is certain
DATE_CERTAIN = (
    "(t.date_value IS NOT NULL AND COALESCE(t.date_how, 'given') != 'guessed') "
    "OR (a.published IS NOT NULL AND a.inferred NOT LIKE '%published%')"
)

_SPEAKER_SQL = f"""
SELECT e.id, e.name, e.type, e.wikidata, e.partial,
  (SELECT count(*) FROM attributions t WHERE t.speaker_entity_id = e.id) AS statements,
  (SELECT count(DISTINCT t.article_id) FROM attributions t WHERE t.speaker_entity_id = e.id) AS articles,
  (SELECT count(DISTINCT l.article_id) FROM entity_links l WHERE l.entity_id = e.id) AS mentioned,
  (SELECT min({CERTAIN_DATE}) FROM attributions t JOIN articles a ON a.id = t.article_id
     WHERE t.speaker_entity_id = e.id AND ({DATE_CERTAIN})) AS first,
  (SELECT max({CERTAIN_DATE}) FROM attributions t JOIN articles a ON a.id = t.article_id
     WHERE t.speaker_entity_id = e.id AND ({DATE_CERTAIN})) AS last,
  (SELECT count(*) FROM attributions t JOIN articles a ON a.id = t.article_id
     WHERE t.speaker_entity_id = e.id AND NOT ({DATE_CERTAIN})) AS uncertain
FROM entities e
"""


def year_guessed(row: sqlite3.Row) -> bool:
    """Whether quotetrail guessed the year of the row's publication date (``inferred``): every
    page that shows the date says so."""
    return "published" in json.loads(row["inferred"] or "[]")


def statement_when(r: sqlite3.Row) -> tuple[str | None, str]:
    """The date a statement is shown with and how it was found: "given", "relative" (a
    phrase such as "on Tuesday" resolved against the publication date), "guessed" (a year the
    text does not give), "published" (no date in its clause: the publication date), or
    "published, year guessed"."""
    if r["date_value"]:
        return r["date_value"], r["date_how"] or "given"
    guessed = year_guessed(r) if "inferred" in r.keys() else False
    return r["article_published"], "published, year guessed" if guessed else "published"


def date_note(item: dict[str, Any]) -> str:
    """How sure a shown date is, in a few words: "said", "said · “on Tuesday”", "said · year
    guessed", "published", "published · year guessed"."""
    source = item.get("date_source") or "published"
    date = item.get("date") if isinstance(item.get("date"), dict) else None
    if source == "relative":
        return f"said · “{date['text']}”" if date and date.get("text") else "said · relative date"
    if source == "guessed":
        return "said · year guessed"
    if source == "given":
        return "said"
    return "published · year guessed" if "guessed" in source else "published"


def _certain(m: dict[str, Any]) -> str | None:
    """A claim member's date to sort by, as CERTAIN_DATE sorts statements."""
    if m["date_source"] in ("given", "relative"):
        return m["when"]  # type: ignore[no-any-return]
    if m.get("published") and not m.get("published_guessed"):
        return m["published"]  # type: ignore[no-any-return]
    return m["when"] or m.get("published")  # type: ignore[no-any-return]


def _first_key(m: dict[str, Any], member_id: int) -> tuple[bool, str, str, int, int]:
    """Where a claim member stands in its group, oldest first: by the certain date (see
    _certain), on the same day the article published first, and members whose only date is a
    guessed year after every member with a certain one, so a guess is never shown as where a
    claim was found first."""
    guess = m["date_source"] not in ("given", "relative") and bool(m.get("published_guessed"))
    return guess, _certain(m) or "", m.get("published") or "", m["article_id"], member_id


class TrailQueries:
    db: sqlite3.Connection

    # provided by SQLiteStore
    def _quote(self, r: sqlite3.Row) -> dict[str, Any]:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    # -- entities -------------------------------------------------------------------
    def seed_entities(self, seeds: Iterable[Seed]) -> int:
        """Declare entities and aliases from a user's file (see :class:`Seed`)."""
        with self._transaction():
            return EntityLinker(self.db).seed(seeds)

    def speakers(self, *, limit: int = 50, offset: int = 0, q: str | None = None,
                 type: str | None = None, speaking: bool = False, sort: str | None = None,
                 lang: str | None = None, site: str | None = None, since: str | None = None,
                 until: str | None = None) -> list[dict[str, Any]]:
        """Entities, those quoted most first or by ``sort`` (see :mod:`quotetrail.store.listing`);
        ``q`` matches any of their names; ``lang``/``site``/``since``/``until`` keep those
        quoted in an article they select (the counts stay the speaker's whole trail)."""
        where, args = ["e.merged_into IS NULL"], []
        in_articles, in_args = article_filter(lang=lang, site=site, since=since, until=until)
        if in_articles:
            where.append("e.id IN (SELECT t.speaker_entity_id FROM attributions t JOIN articles a ON a.id = t.article_id "
                         f"WHERE {' AND '.join(in_articles)})")
            args += in_args
        if q:
            where.append(
                "(e.name LIKE ? OR e.id IN (SELECT entity_id FROM entity_aliases WHERE alias LIKE ?) "
                "OR e.id IN (SELECT entity_id FROM entity_links WHERE name LIKE ?))"
            )
            args += [f"%{q}%"] * 3
        if type:
            where.append("e.type = ?")
            args.append(type.upper())
        sql = f"{_SPEAKER_SQL} WHERE {' AND '.join(where)}"
        if speaking:
            sql = f"SELECT * FROM ({sql}) AS e WHERE statements > 0"  # PostgreSQL wants the alias
        rows = self.db.execute(
            f"SELECT * FROM ({sql}) AS e ORDER BY {order_by('speakers', sort, 'statements DESC, articles DESC, name')} "
            "LIMIT ? OFFSET ?",
            (*args, limit, offset),
        ).fetchall()
        return [self._speaker_row(r) for r in rows]

    def speaker(self, entity_id: int) -> dict[str, Any] | None:
        """One entity with its aliases and the stories it appears in; a merged id gives the
        entity it was merged into."""
        target = self.canonical_entity(entity_id)
        if target is None:
            return None
        row = self.db.execute(f"{_SPEAKER_SQL} WHERE e.id = ?", (target,)).fetchone()
        out = self._speaker_row(row)
        out["stories"] = self._entity_stories(target)
        out["links"] = [
            {"rule": r["rule"], "n": r["n"]}
            for r in self.db.execute(
                "SELECT rule, count(*) AS n FROM entity_links WHERE entity_id = ? GROUP BY rule ORDER BY n DESC, rule",  # ties: one order on both stores
                (target,),
            )
        ]
        return out

    def canonical_entity(self, entity_id: int) -> int | None:
        seen = set()
        while entity_id not in seen:
            seen.add(entity_id)
            row = self.db.execute("SELECT merged_into FROM entities WHERE id = ?", (entity_id,)).fetchone()
            if row is None:
                return None
            if row[0] is None:
                return entity_id
            entity_id = int(row[0])
        return entity_id

    def _entity_stories(self, entity_id: int) -> list[dict[str, Any]]:
        return []  # stories arrive with the story clusterer

    def _speaker_row(self, r: sqlite3.Row) -> dict[str, Any]:
        eid = r["id"]
        names = [
            x[0]
            for x in self.db.execute(
                "SELECT alias FROM entity_aliases WHERE entity_id = ? "
                "UNION SELECT name FROM entity_links WHERE entity_id = ? "
                "UNION SELECT e.name FROM entities e WHERE e.merged_into = ?",
                (eid, eid, eid),
            )
        ]
        aliases = sorted({n for n in names if n != r["name"]}, key=str.casefold)
        return {
            "id": eid, "name": r["name"], "type": r["type"], "wikidata": r["wikidata"],
            "partial": bool(r["partial"]), "aliases": aliases, "statements": r["statements"],
            # articles with a statement of theirs; ``mentioned``: articles that name them at all
            "articles": r["articles"], "mentioned": r["mentioned"], "first": r["first"], "last": r["last"],
            # statements whose date is only guessed: left out of first/last, counted here
            "uncertain_dates": r["uncertain"],
        }

    def find_speaker(self, text: str) -> list[dict[str, Any]]:
        """Entities a user may mean by ``text``: an id, any name or alias, or a surname."""
        if text.strip().isdigit():
            one = self.speaker(int(text))
            return [one] if one else []
        keys = {skeleton(text)}
        keys |= {skeleton(canonical) for (key, _type), canonical in builtin_variants().items() if key in keys}
        marks = ", ".join("?" * len(keys))
        ids = {
            r[0]
            for r in self.db.execute(
                f"SELECT entity_id FROM entity_aliases WHERE key IN ({marks}) "
                f"UNION SELECT entity_id FROM entity_links WHERE key IN ({marks}) "
                f"UNION SELECT id FROM entities WHERE surname IN ({marks}) AND type = 'PER'",
                (*keys, *keys, *keys),
            )
        }
        found = {self.canonical_entity(i) for i in ids}
        out = [self.speaker(i) for i in sorted(i for i in found if i is not None)]
        return [s for s in out if s is not None]

    def trail(self, entity_id: int, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """The speaker's statements in time order: the date the text gives for the statement,
        else the article's publication date (``date_source`` says which). Statements made on
        the speaker's behalf (a spokesperson, aide, campaign) come with ``on_behalf`` true:
        they are someone else's words, shown as such."""
        target = self.canonical_entity(entity_id)
        if target is None:
            return []
        rows = self.db.execute(
            "SELECT t.*, a.title AS article_title, a.published AS article_published, a.lang AS lang, "
            "a.inferred AS inferred, s.name AS site, se.name AS speaker_entity_name "
            "FROM attributions t JOIN articles a ON a.id = t.article_id "
            "LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN entities se ON se.id = t.speaker_entity_id "
            "WHERE t.id IN (SELECT id FROM attributions WHERE speaker_entity_id = ? "
            "UNION SELECT id FROM attributions WHERE principal_entity_id = ?) "
            f"ORDER BY {CERTAIN_DATE}, a.published, t.article_id, t.seq LIMIT ? OFFSET ?",
            (target, target, limit, offset),
        )
        out = []
        for r in rows:
            item = self._quote(r)
            item["when"], item["date_source"] = statement_when(r)
            item["on_behalf"] = r["speaker_entity_id"] != target
            out.append(item)
        return out

    # -- claim groups -------------------------------------------------------------------
    def claim_groups(self, *, drift: bool = False, kind: str | None = None, limit: int = 50,
                     offset: int = 0) -> list[dict[str, Any]]:
        """Figures and quotes found in two or more articles, each member compared with the
        earliest; ``drift`` keeps only groups where something changed, the most serious change
        first (a dropped hedge or changed comparator before a reworded quote)."""
        where, args = ["1"], []
        if kind:
            where.append("g.kind = ?")
            args.append(kind)
        rows = self.db.execute(
            "SELECT g.id FROM claim_groups g JOIN claim_members m ON m.group_id = g.id "
            f"WHERE {' AND '.join(where)} GROUP BY g.id HAVING count(DISTINCT m.article_id) > 1 "
            "ORDER BY count(DISTINCT m.article_id) DESC, g.id LIMIT ?",
            (*args, DRIFT_RANKED if drift else offset + limit),
        ).fetchall()
        groups = [g for (gid,) in rows if (g := self.claim_group(gid)) is not None]
        if drift:
            groups = [g for g in groups if g["differences"]]
            groups.sort(key=lambda g: (-g["seriousness"], -g["articles"], g["id"]))
        return groups[offset : offset + limit]

    def claim_group_of(self, *, figure_id: int | None = None, attribution_id: int | None = None,
                       at: int | None = None) -> int | None:
        """The group a member is in, for permalinks that outlive group ids (serve/exports.py,
        claim_permalink): a figure's group; of a statement's groups (its whole quote, a quoted
        fragment), the one whose member span starts at ``at``, else the oldest."""
        column, member = ("figure_id", figure_id) if figure_id is not None else ("attribution_id", attribution_id)
        row = self.db.execute(
            f"SELECT group_id FROM claim_members WHERE {column} = ? ORDER BY start = ? DESC, group_id LIMIT 1",
            (member, at),
        ).fetchone()
        return int(row[0]) if row else None

    def claim_group(self, group_id: int, *, max_members: int = 12) -> dict[str, Any] | None:
        """One group: its members oldest first (each with the span it stands for, ``claim``),
        and what changed from the earliest to each later one."""
        row = self.db.execute("SELECT id, kind, label FROM claim_groups WHERE id = ?", (group_id,)).fetchone()
        if row is None:
            return None
        member_rows = self.db.execute(
            'SELECT figure_id, attribution_id, start, "end", text FROM claim_members WHERE group_id = ?', (group_id,)
        ).fetchall()
        claims = {(r[0] if row["kind"] == "figure" else r[1]): r for r in member_rows}
        if row["kind"] == "figure":
            members = self.figures(ids=[r[0] for r in member_rows], limit=max_members)
            compare = compare_figures
        else:
            members = self.quotes(ids=[r[1] for r in member_rows], limit=max_members)
            compare = compare_quotes
        guessed = self.guessed_publication(sorted({m["article_id"] for m in members}))
        said = self._statement_dates([m["id"] if row["kind"] == "quote" else m.get("attribution_id")
                                      for m in members])
        for m in members:
            m["published"] = m["article"].get("published")
            m["published_guessed"] = m["article_id"] in guessed
            # the date of the statement the member stands in, as the trail shows it
            d = said.get(m["id"] if row["kind"] == "quote" else m.get("attribution_id"))
            m["when"], m["date_source"] = (d["value"], d["how"]) if d else (
                m["published"], "published, year guessed" if m["published_guessed"] else "published")
            m["date_text"] = d["text"] if d else None
            c = claims.get(m["id"])
            m["claim"] = ({"start": c[2], "end": c[3], "text": c[4]} if c is not None and c[2] is not None
                          else m.get("span") or m.get("content"))
        # oldest first by the certain date; a member whose only date is a guessed year last
        members.sort(key=lambda m: _first_key(m, m["id"]))
        differences = []
        for j in range(1, len(members)):  # each later member against the earliest, not every pair
            if members[j]["article_id"] == members[0]["article_id"]:
                continue
            for d in compare(members[0], members[j]):
                differences.append({"a": 0, "b": j, "seriousness": seriousness(d), **d})
        differences.sort(key=lambda d: (-d["seriousness"], d["b"]))
        return {
            "id": row["id"], "kind": row["kind"], "label": row["label"], "size": len(member_rows),
            "articles": len({m["article_id"] for m in members}), "members": members,
            "differences": differences, "first": members[0] if members else None,
            "seriousness": max((d["seriousness"] for d in differences), default=0),
        }

    # -- provenance: where a statement's claim was stored first (ux-chain-drift) ----------
    def claim_origins(self, attribution_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        """For each statement, the claim groups it belongs to (as a quote, or through a figure
        it claims), each with the group's earliest member in the order :meth:`claim_group`
        uses (see _first_key): its article, span and the anchor of that span
        on the article page. Only groups found in two or more articles count, as in
        :meth:`claim_groups`; statements in none are absent."""
        if not attribution_ids:
            return {}
        marks = ", ".join("?" * len(attribution_ids))
        rows = self.db.execute(
            f"SELECT group_id, attribution_id FROM claim_members WHERE attribution_id IN ({marks}) "
            "UNION SELECT m.group_id, f.attribution_id FROM claim_members m JOIN figures f ON f.id = m.figure_id "
            f"WHERE m.article_id IN (SELECT article_id FROM attributions WHERE id IN ({marks})) "
            f"AND f.attribution_id IN ({marks})",
            (*attribution_ids, *attribution_ids, *attribution_ids),
        ).fetchall()
        groups = sorted({r[0] for r in rows})
        if not groups:
            return {}
        gmarks = ", ".join("?" * len(groups))
        members = self.db.execute(
            "SELECT m.group_id, g.kind, g.label, m.article_id, m.attribution_id, m.figure_id, "
            "COALESCE(m.start, f.start, t.content_start) AS start, COALESCE(m.\"end\", f.\"end\", t.content_end) AS \"end\", "
            "COALESCE(m.text, f.text, t.content_text) AS text, a.title, a.published, a.inferred, s.name AS site, "
            "st.date_value, st.date_how "
            "FROM claim_members m JOIN claim_groups g ON g.id = m.group_id JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN figures f ON f.id = m.figure_id "
            "LEFT JOIN attributions t ON t.id = m.attribution_id "
            "LEFT JOIN attributions st ON st.id = COALESCE(m.attribution_id, f.attribution_id) "
            f"WHERE m.group_id IN ({gmarks})",
            groups,
        ).fetchall()
        earliest: dict[int, dict[str, Any]] = {}
        articles: dict[int, set[int]] = {}
        for r in members:
            mid = r["figure_id"] if r["kind"] == "figure" else r["attribution_id"]
            guessed = year_guessed(r)
            # the order claim_group shows: by the certain date, so a guessed year never comes first
            said = r["date_value"] is not None
            key = _first_key({"when": r["date_value"] if said else r["published"], "published": r["published"],
                              "published_guessed": guessed, "article_id": r["article_id"],
                              "date_source": (r["date_how"] or "given") if said else "published"}, mid or 0)
            articles.setdefault(r["group_id"], set()).add(r["article_id"])
            best = earliest.get(r["group_id"])
            if best is None or key < best["_key"]:
                anchor = f"f{r['figure_id']}" if r["kind"] == "figure" else f"q{r['attribution_id']}"
                earliest[r["group_id"]] = {
                    "_key": key, "group_id": r["group_id"], "kind": r["kind"], "label": r["label"],
                    "article_id": r["article_id"], "attribution_id": r["attribution_id"],
                    "figure_id": r["figure_id"], "anchor": anchor,
                    "span": {"start": r["start"], "end": r["end"], "text": r["text"]},
                    "title": r["title"], "site": r["site"], "published": r["published"],
                    "published_guessed": guessed,
                }
        out: dict[int, list[dict[str, Any]]] = {}
        for gid, aid in sorted({(r[0], r[1]) for r in rows}):
            if len(articles[gid]) < 2:
                continue
            first = {k: v for k, v in earliest[gid].items() if k != "_key"}
            out.setdefault(aid, []).append({**first, "articles": len(articles[gid])})
        return out

    def _statement_dates(self, attribution_ids: list[int | None]) -> dict[int, dict[str, Any]]:
        """The own dates of these statements (those that have one): value, how, phrase."""
        ids = sorted({i for i in attribution_ids if i is not None})
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT id, date_value, date_how, date_text FROM attributions WHERE id IN ({marks}) "
            "AND date_value IS NOT NULL", ids,
        ).fetchall()
        return {int(r[0]): {"value": r[1], "how": r[2] or "given", "text": r[3]} for r in rows}

    def guessed_publication(self, article_ids: list[int]) -> set[int]:
        """Of these articles, those whose publication year was guessed (not printed), so a page
        listing them by date can say which dates are not certain."""
        if not article_ids:
            return set()
        marks = ", ".join("?" * len(article_ids))
        rows = self.db.execute(
            f"SELECT id FROM articles WHERE id IN ({marks}) AND inferred LIKE '%published%'", article_ids
        ).fetchall()
        return {int(r[0]) for r in rows}
