"""Link-layer items shaped for the templates: a claim group's members as comparable cards
with the fields a named difference points at, and trail items with one date each. Accepts
members with their article nested ({"article": {...}}) or flat (title/site/published)."""

from __future__ import annotations

import string
from typing import Any

from quotetrail.link.claims import claimant, seriousness
from quotetrail.serve.render import figure_value
from quotetrail.serve.speakers import shown_speaker
from quotetrail.store.trail import date_note

# Which field of a member card each kind of difference marks (a field is marked only where a
# difference of its kind was named AND its value differs from the earliest member's).
_FIGURE_FIELDS = (("value", {"value", "comparator"}), ("counted", {"counted"}), ("scope", {"scope"}),
                  ("hedge", {"hedge"}), ("claimed by", {"attribution"}))
_QUOTE_FIELDS = (("speaker", {"attribution"}), ("form", {"form"}), ("cue", set()), ("via", None))
# None: no named kind compares it, so any change of value counts (who passed a quote on is part
# of its provenance); set(): never marked (a cue in two languages is no change of the claim)
_TEXT_KINDS = {"words", "altered"}
SERIOUSNESS_WORDS = {3: "changes the claim", 2: "notable change", 1: "minor change", 0: "no change"}
SHOWN_CHANGES = 3  # later members summarised per group on the list pages; the group page has all


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


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def real_difference(earliest: str, value: str) -> bool:
    """Whether a shown value differs from the earliest member's: empty against empty, or the
    same words in another case or spacing, is no difference."""
    return bool(earliest.strip() or value.strip()) and not _same(earliest, value)


def group_view(g: dict[str, Any], *, shown_changes: int | None = None) -> dict[str, Any]:
    """A claim group for the pages: members oldest first, each later one compared with the
    earliest only (A), its named changes ranked by seriousness. ``shown_changes`` keeps, for
    the list pages, the earliest and that many changed members, the most serious first."""
    diffs_of: dict[int, list[dict[str, Any]]] = {}
    for d in g.get("differences", []):
        a, b = d.get("a"), d.get("b")
        if a == 0 and isinstance(b, int) and b > 0:  # against the earliest; older stores listed pairs
            sev = d.get("seriousness")
            diffs_of.setdefault(b, []).append(
                {"kind": str(d.get("kind")), "detail": d.get("detail"),
                 "seriousness": sev if isinstance(sev, int) else seriousness(d)})
    fields = _FIGURE_FIELDS if g.get("kind") == "figure" else _QUOTE_FIELDS
    raw = g.get("members", [])
    first_values = {name: _member_field(raw[0], name) for name, _ in fields} if raw else {}
    first_text = _member_text(raw[0]) if raw else ""
    members = []
    for i, m in enumerate(raw):
        art = m.get("article") or {}
        changes = sorted(diffs_of.get(i, []), key=lambda d: -d["seriousness"])
        kinds = {d["kind"] for d in changes}
        text = _member_text(m)
        shown = []
        for name, marking in fields:
            value = _member_field(m, name)
            differs = i > 0 and real_difference(first_values[name], value) and (
                marking is None or bool(kinds & marking))
            shown.append({"name": name, "value": value, "differs": differs})
        text_differs = i > 0 and bool(kinds & _TEXT_KINDS) and real_difference(first_text, text)
        members.append({
            "index": i, "letter": letter(i), "article_id": m.get("article_id"), "anchor": _anchor(m, g.get("kind")),
            "title": m.get("title") or art.get("title"), "site": m.get("site") or art.get("site"),
            "published": m.get("published") or art.get("published"),
            "text": text, "text_differs": text_differs, "fields": shown, "changes": changes,
            "differs": text_differs or any(f["differs"] for f in shown) or bool(changes),
            "seriousness": max((d["seriousness"] for d in changes), default=0),
            "attribution_id": m.get("attribution_id") if g.get("kind") == "figure" else m.get("id"),
        })
    changed = [m for m in members[1:] if m["changes"]]
    top = max((m["seriousness"] for m in changed), default=0)
    summary = sorted(changed, key=lambda m: (-m["seriousness"], m["index"]))
    if shown_changes is not None:
        summary = summary[:shown_changes]
    differences = [{"a": "A", "b": m["letter"], "kind": d["kind"], "detail": d["detail"],
                    "seriousness": d["seriousness"]}
                   for m in members for d in m["changes"]]
    differences.sort(key=lambda d: -d["seriousness"])
    return {"id": g.get("id"), "kind": g.get("kind"), "label": g.get("label"), "members": members,
            "earliest": members[0] if members else None, "changed": summary, "changed_count": len(changed),
            "not_shown": len(members) - 1 - len(summary), "differences": differences,
            "seriousness": top, "seriousness_words": SERIOUSNESS_WORDS.get(top, ""),
            "sites": len({m["site"] or m["article_id"] for m in members})}


def _member_text(m: dict[str, Any]) -> str:
    if isinstance(m.get("text"), str):
        return str(m["text"])
    return _text(m.get("claim") or m.get("span") or m.get("content"))


def _anchor(m: dict[str, Any], kind: Any) -> str:
    """Where in the article page a member sits: its statement, or its figure's number."""
    if "id" not in m:
        return ""
    return f"#q{m['id']}" if kind == "quote" else f"#f{m['id']}" if kind == "figure" else ""


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


# -- provenance chain -----------------------------------------------------------------------

def statement_date(q: dict[str, Any], article: dict[str, Any] | None = None) -> dict[str, Any]:
    """The date a statement is shown with and how sure it is: ``how`` is "given", "relative"
    (resolved against the publication date), "guessed" (year not in the text), "published"
    (no date in its clause) or "published, year guessed"; ``note`` says it in a few words."""
    art = article if article is not None else (q.get("article") or {})
    if q.get("date_source"):  # the trail says it already
        value, how = q.get("when"), str(q["date_source"])
    elif isinstance(q.get("date"), dict) and q["date"].get("value"):
        value, how = q["date"]["value"], q["date"].get("how") or "given"
    else:
        inferred = art.get("inferred") or ()
        value = art.get("published")
        how = "published, year guessed" if "published" in inferred else "published"
    return {"value": value, "how": how, "note": date_note({**q, "date_source": how}),
            "certain": how in ("given", "relative", "published")}


def resolution(q: dict[str, Any], name: str | None = None) -> str | None:
    """How the speaker was found, when the words in the text are not the name shown: a
    pronoun resolved to a name earlier in the text, or a description linked to an entity."""
    written = _text(q.get("speaker"))
    shown = name or q.get("speaker_name") or ""
    if not written or not shown:
        return None
    written_words, name_words = set(written.casefold().split()), set(shown.casefold().split())
    if written_words <= name_words or name_words <= written_words:
        return None  # "Rutte" for Mark Rutte, "Minister Eva Roth" for Eva Roth: nothing to explain
    ref = _text(q.get("speaker_ref"))
    # shown beside the name, so it says only what the name does not: the words in the text and,
    # for a pronoun, where the name was found
    if ref and not _same(ref, written) and not _same(ref, shown):
        return f"written “{written}”, named earlier as “{ref}”"
    return f"written “{written}”"


def chain(q: dict[str, Any], *, site: str | None, article_id: int | None = None,
          origins: list[dict[str, Any]] | None = None, author: str | None = None) -> dict[str, Any]:
    """One statement's provenance, in the order it travelled: speaker (and for whom they
    spoke) → medium → intermediary → this outlet, and where the same quote or figure was
    stored earlier in another article (the earliest member of its claim group)."""
    article_id = q.get("article_id") if article_id is None else article_id
    steps: list[dict[str, Any]] = [{
        "role": "speaker", "label": "said by", "text": shown_speaker(q),
        "entity_id": q.get("speaker_entity_id"), "resolved": resolution(q, shown_speaker(q)),
        "behalf": q.get("principal_name"), "behalf_id": q.get("principal_entity_id"),
    }]
    if q.get("medium"):
        steps.append({"role": "medium", "label": "in", "text": _text(q["medium"])})
    if q.get("intermediary"):
        steps.append({"role": "intermediary", "label": "via", "text": _text(q["intermediary"])})
    anchor = f"/articles/{article_id}#q{q['id']}" if article_id is not None and "id" in q else None
    # a blog without a site name is still someone's: its author reported it
    outlet = site or (f"{author} (no site named)" if author else "its article (no site named)")
    steps.append({"role": "outlet", "label": "reported by", "text": outlet, "href": anchor})
    earlier, first_of = None, None
    elsewhere = [o for o in origins or () if o.get("article_id") != article_id]
    if elsewhere:  # of several groups (the quote, a figure in it) the one found first
        o = min(elsewhere, key=lambda o: (o.get("published") or "", o["article_id"]))
        earlier = {"href": f"/articles/{o['article_id']}#{o['anchor']}", "title": o.get("title"),
                   "site": o.get("site"), "published": o.get("published"),
                   "guessed": bool(o.get("published_guessed")), "text": _text(o.get("span")),
                   "kind": o.get("kind"), "group_id": o.get("group_id"), "articles": o.get("articles")}
    else:
        spread = [o for o in origins or () if (o.get("articles") or 0) > 1]
        if spread:  # this article is where the group starts
            o = max(spread, key=lambda o: o["articles"])
            first_of = {"group_id": o["group_id"], "articles": o["articles"], "kind": o.get("kind")}
    return {"steps": steps, "earlier": earlier, "first_of": first_of}
