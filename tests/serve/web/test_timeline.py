"""A speaker's time line: one point per dated statement, a guessed year drawn apart."""

from __future__ import annotations

from typing import Any

from quotetrail.serve.web.timeline import timeline


def item(qid: int, when: str | None, source: str = "given", form: str = "direct") -> dict[str, Any]:
    return {"id": qid, "when": when, "date_source": source, "form": form, "content": {"text": "Die Brücke bleibt zu"}}


def test_a_guessed_year_is_marked_on_its_point_and_counted() -> None:
    plot = timeline([item(1, "2026-03-13", "guessed"), item(2, "2026-03-15", "published, year guessed"),
                     item(3, "2026-03-20", "relative"), item(4, None, "published")])
    certain = {p.anchor: p.certain for p in plot["points"]}
    assert certain == {"t1": False, "t2": False, "t3": True}
    assert "(year guessed)" in plot["points"][0].label and "guessed" not in plot["points"][2].label
    assert plot["guessed"] == 2 and plot["undated"] == 1


def test_same_day_statements_stack_upwards() -> None:
    plot = timeline([item(1, "2026-03-13"), item(2, "2026-03-13"), item(3, "2026-03-14")])
    a, b, c = plot["points"]
    assert a.x == b.x < c.x and b.y < a.y == c.y
