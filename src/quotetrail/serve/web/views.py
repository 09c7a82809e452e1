"""Link-layer items shaped for the templates: a claim group's members as comparable cards
with the fields a named difference points at, and trail items with one date each. Accepts
members with their article nested ({"article": {...}}) or flat (title/site/published)."""

from __future__ import annotations

import string
from typing import Any

from quotetrail.link.claims import claimant
from quotetrail.serve.render import figure_value

# Which field of a member card each kind of difference marks.
_FIGURE_FIELDS = (("value", {"value", "comparator"}), ("counted", {"counted"}), ("scope", {"scope"}),
                  ("hedge", {"hedge"}), ("claimed by", {"attribution"}))
_QUOTE_FIELDS = (("speaker", {"attribution"}), ("form", set()), ("cue", set()), ("via", {"attribution"}))


def letter(i: int) -> str:
    return string.ascii_uppercase[i] if 0 <= i < 26 else str(i + 1)


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return "" if value is None else str(value)


def _member_field(m: dict[str, Any], name: str) -> str:
    if name == "value":
        return figure_value(m) if "comparator" in m and "span" in m else _text(m.get("value"))
    if name == "claimed by":
        if "comparator" in m and "span" in m:  # a figure: named source, unnamed reports or author
            return claimant(m)
        return _text(m.get("claimed_by") or m.get("speaker_name"))
    if name == "speaker":
        return _text(m.get("speaker_name") or m.get("speaker"))
    if name == "via":
        return _text(m.get("intermediary"))
    return _text(m.get(name))


def group_view(g: dict[str, Any]) -> dict[str, Any]:
    kinds_of: dict[int, set[str]] = {}
    for d in g.get("differences", []):
        for i in (d.get("a"), d.get("b")):
            if isinstance(i, int):
                kinds_of.setdefault(i, set()).add(str(d.get("kind")))
    fields = _FIGURE_FIELDS if g.get("kind") == "figure" else _QUOTE_FIELDS
    members = []
    for i, m in enumerate(g.get("members", [])):
        art = m.get("article") or {}
        marks = kinds_of.get(i, set())
        text = m.get("text") if isinstance(m.get("text"), str) else _text(m.get("span") or m.get("content"))
        members.append({
            "letter": letter(i), "article_id": m.get("article_id"), "anchor": _anchor(m, g.get("kind")),
            "title": m.get("title") or art.get("title"), "site": m.get("site") or art.get("site"),
            "published": m.get("published") or art.get("published"),
            "text": text, "text_differs": "words" in marks, "differs": bool(marks),
            "fields": [{"name": name, "value": _member_field(m, name), "differs": bool(marks & kinds)}
                       for name, kinds in fields],
        })
    differences = [{"a": letter(d["a"]), "b": letter(d["b"]), "kind": d.get("kind"), "detail": d.get("detail")}
                   for d in g.get("differences", []) if isinstance(d.get("a"), int) and isinstance(d.get("b"), int)]
    return {"id": g.get("id"), "kind": g.get("kind"), "label": g.get("label"), "members": members,
            "differences": differences}


def _anchor(m: dict[str, Any], kind: Any) -> str:
    """Where in the article page a member sits: its statement, if it is one."""
    return f"#q{m['id']}" if kind == "quote" and "id" in m else ""


def trail_view(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each trail item with ``when`` (YYYY-MM-DD or None): the statement's date, else the
    publication date, whichever name the store gives it."""
    out = []
    for q in items:
        when = q.get("when")
        if when is None:
            when = q["date"] if isinstance(q.get("date"), str) else (q.get("date") or {}).get("value")
        when = when or (q.get("article") or {}).get("published")
        out.append({**q, "when": when})
    return out
