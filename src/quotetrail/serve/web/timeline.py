"""A speaker's statements as points on a time line, computed here so the template only draws
(the SVG is built by Jinja from these numbers, every label escaped)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

WIDTH, HEIGHT, PAD, STEP = 720, 120, 28, 11


@dataclass
class Point:
    x: float
    y: float
    form: str
    label: str
    anchor: str  # the list item the point links to
    certain: bool = True  # False: the year was guessed (the point is drawn hollow)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def timeline(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Points for the items with a ``when`` date; statements on the same day stack upwards."""
    dated = [(d, q) for q in items if (d := _day(q.get("when"))) is not None]
    if not dated:
        return {"points": [], "ticks": [], "width": WIDTH, "height": HEIGHT, "undated": len(items)}
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    span = max((last - first).days, 1)
    inner = WIDTH - 2 * PAD
    base = HEIGHT - PAD
    stack: Counter[date] = Counter()
    points = []
    for d, q in sorted(dated, key=lambda item: item[0]):
        x = PAD + inner * ((d - first).days / span if last > first else 0.5)
        y = max(PAD / 2, base - 8 - STEP * stack[d])
        stack[d] += 1
        content = (q.get("content") or {}).get("text", "")
        certain = "guessed" not in str(q.get("date_source") or "")
        when = d.isoformat() + ("" if certain else " (year guessed)")
        label = f"{when} · {str(q.get('form') or '').replace('_', ' ')} · {content[:120]}"
        points.append(Point(round(x, 1), round(y, 1), str(q.get("form", "")), label, f"t{q['id']}", certain))
    ticks = [{"x": PAD, "label": first.isoformat()}]
    if last > first:
        ticks.append({"x": PAD + inner, "label": last.isoformat()})
    return {"points": points, "ticks": ticks, "width": WIDTH, "height": HEIGHT, "base": base,
            "pad": PAD, "undated": len(items) - len(dated), "guessed": sum(not p.certain for p in points)}
