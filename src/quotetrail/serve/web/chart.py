"""A figure's values over time as the numbers of a small SVG chart: one point per member of a
claim group (its publication date, its value; a range as a bar). Computed here so the template
only draws, and every label goes through Jinja's escaping; no script is needed to read it."""

from __future__ import annotations

from datetime import date
from typing import Any

from quotetrail.serve.render import COMPARATOR_WORDS, figure_value
from quotetrail.serve.web.views import letter

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 200, 84, 24, 16, 34


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _number(x: float) -> str:
    return f"{x:,.10g}"


def value_chart(members: list[dict[str, Any]], label: str | None = None,
                guessed: set[int] | frozenset[int] = frozenset()) -> dict[str, Any] | None:
    """Geometry for the chart of the figure members with a value and a publication date, or
    None with fewer than two such members (a single point says nothing about change).
    ``members`` are raw store members (``value``, ``value_high``, ``article``/``published``);
    their index is their letter in the group (A is the earliest). ``guessed``: articles whose
    publication year was guessed; their points are drawn hollow and say so."""
    rows = []
    for i, m in enumerate(members):
        d = _day(m.get("published") or (m.get("article") or {}).get("published"))
        low = m.get("value")
        if d is None or not isinstance(low, int | float) or m.get("comparator") == "unspecific":
            continue
        high = m.get("value_high")
        rows.append((d, float(low), float(high) if isinstance(high, int | float) else None, i, m))
    if len(rows) < 2:
        return None
    first, last = min(r[0] for r in rows), max(r[0] for r in rows)
    lo = min(r[1] for r in rows)
    hi = max(r[2] if r[2] is not None else r[1] for r in rows)
    values = sorted({r[1] for r in rows} | {r[2] for r in rows if r[2] is not None})
    if hi == lo:  # all equal: a flat line in the middle, not a division by zero
        pad = abs(lo) * 0.1 or 1.0
    else:  # a margin so the lowest and highest point do not sit on the frame
        pad = (hi - lo) * 0.08
    lo, hi = lo - pad, hi + pad
    days = max((last - first).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(d: date) -> float:
        return round(LEFT + inner_w * ((d - first).days / days if last > first else 0.5), 1)

    def y_of(v: float) -> float:
        return round(TOP + inner_h * (1 - (v - lo) / (hi - lo)), 1)

    points = []
    for d, low, high, i, m in sorted(rows, key=lambda r: (r[0], r[3])):
        site = m.get("site") or (m.get("article") or {}).get("site") or ""
        written = (m.get("span") or {}).get("text") or m.get("text") or ""
        value = figure_value(m) if "comparator" in m and "span" in m else (
            _number(low) + (f"–{_number(high)}" if high is not None else ""))
        unsure = m.get("article_id") in guessed
        when = d.isoformat() + (" (year guessed)" if unsure else "")
        points.append({
            "guessed": unsure, "x": x_of(d), "y": y_of(low), "y_high": y_of(high) if high is not None else None,
            # "more than 40,000" and "40,000" sit on one line: the letter carries the comparator
            "letter": f"{letter(i)} {COMPARATOR_WORDS.get(str(m.get('comparator')), '')}".strip(),
            "href": f"#m{i}",
            "label": f"{letter(i)}: {value} (“{written}”) · {site} · {when}",
        })
    # labels stacked on the same spot would overlap: nudge each later one up a line
    seen: dict[tuple[float, float], int] = {}
    for p in points:
        key = (p["x"], p["y"])
        p["label_dy"] = -8 - 12 * seen.get(key, 0)
        seen[key] = seen.get(key, 0) + 1
    # the values themselves are the ticks (a few), so a reader sees them without hovering
    shown = values if len(values) <= 5 else [values[0], values[-1]]
    y_ticks = [{"y": y_of(v), "label": _number(v)} for v in shown]
    x_ticks = [{"x": x_of(first), "label": first.isoformat(), "anchor": "start"}]
    if last > first:
        x_ticks.append({"x": x_of(last), "label": last.isoformat(), "anchor": "end"})
    described = "; ".join(p["label"] for p in points)
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
            "base": HEIGHT - BOTTOM, "points": points, "x_ticks": x_ticks, "y_ticks": y_ticks,
            "title": f"Values of “{label or 'this figure'}” by publication date",
            "desc": f"{len(points)} sources, oldest first: {described}",
            "line": " ".join(f"{p['x']},{p['y']}" for p in points)}
