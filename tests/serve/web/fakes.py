"""A store with the link layer's read methods (speakers, trail, claim groups, stories), built
from what a SQLiteStore holds, for testing the pages and endpoints against the agreed
signatures while the real ones are built elsewhere. Test code only."""

from __future__ import annotations

from typing import Any

from quotetrail.store import SQLiteStore


class FakeStories(SQLiteStore):
    """Stories (one holding every article) until the store has its own."""

    def _fake_stories(self) -> list[dict[str, Any]]:
        arts = self.articles(limit=10_000)
        if not arts:
            return []
        dates = sorted(a["published"] for a in arts if a["published"])
        return [{"id": 1, "label": "All articles",
                 "articles": [{k: a[k] for k in ("id", "title", "site", "published", "lang")} for a in arts],
                 "speakers": [{"id": s["id"], "name": s["name"]} for s in self.speakers(limit=1000)],
                 "first": dates[0] if dates else None, "last": dates[-1] if dates else None}]

    def stories(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        return self._fake_stories()[offset:offset + limit]

    def story(self, story_id: int) -> dict[str, Any] | None:
        return next((s for s in self._fake_stories() if s["id"] == story_id), None)


# The real link layer where the store has it; stories faked while they are still missing.
LinkedStore: type[SQLiteStore] = SQLiteStore if hasattr(SQLiteStore, "stories") else FakeStories


class FakeLinkStore(FakeStories):
    """Speakers are the stored entities that speak; one story holds every article; each
    article's first figure joins one claim group, whose members differ by site."""

    def _speaker_rows(self) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT e.id, e.name, e.type, count(t.id) AS statements, count(DISTINCT t.article_id) AS articles, "
            "min(COALESCE(t.date_value, a.published)) AS first, max(COALESCE(t.date_value, a.published)) AS last "
            "FROM entities e JOIN attributions t ON t.speaker_entity_id = e.id JOIN articles a ON a.id = t.article_id "
            "GROUP BY e.id ORDER BY statements DESC, e.id").fetchall()
        return [{**dict(r), "aliases": [r["name"].split()[-1]]} for r in rows]

    def speakers(self, *, limit: int = 50, offset: int = 0, q: str | None = None,
                 speaking: bool = False) -> list[dict[str, Any]]:
        rows = [r for r in self._speaker_rows() if (not q or q.casefold() in r["name"].casefold())
                and (r["statements"] or not speaking)]
        return rows[offset:offset + limit]

    def speaker(self, entity_id: int) -> dict[str, Any] | None:
        for r in self._speaker_rows():
            if r["id"] == entity_id:
                return {**r, "stories": [{"id": 1, "label": "All articles"}] if self.count() else []}
        return None

    def trail(self, entity_id: int, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        items = [q for q in self.quotes(limit=10_000) if q["speaker_entity_id"] == entity_id]
        for q in items:
            dated = q["date"] and q["date"]["value"]
            q["when"], q["date_source"] = (q["date"]["value"], "given") if dated else (q["article"]["published"], "published")
        return items[offset:offset + limit]

    def _groups(self) -> list[dict[str, Any]]:
        members = []
        for art in self.articles(limit=10_000):
            figs = self.figures(article_id=art["id"], limit=1)
            if figs:
                f = figs[0]
                members.append({**f, "article_id": art["id"], "title": art["title"], "site": art["site"],
                                "published": art["published"], "text": f["span"]["text"],
                                "start": f["span"]["start"], "end": f["span"]["end"]})
        if len(members) < 2:
            return []
        differences = [{"a": 0, "b": i, "kind": "attribution",
                        "detail": f"published by {members[0]['site']} and by {members[i]['site']}"}
                       for i in range(1, len(members)) if members[0]["site"] != members[i]["site"]]
        agreeing = {"id": 2, "kind": "figure", "label": "Same figure, same framing", "members": members[:1] * 2,
                    "differences": []}
        return [{"id": 1, "kind": "figure", "label": "A figure across sources", "members": members,
                 "differences": differences}, agreeing]

    def claim_groups(self, *, drift: bool = False, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        groups = [g for g in self._groups() if g["differences"] or not drift]
        return groups[offset:offset + limit]

    def claim_group(self, group_id: int) -> dict[str, Any] | None:
        return next((g for g in self._groups() if g["id"] == group_id), None)
