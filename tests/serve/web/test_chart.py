"""A figure's values over time as server-rendered SVG: geometry from the members, labels escaped,
a title and description for screen readers, nothing to run."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from quotetrail.serve.web.chart import value_chart


def member(value: float | None, published: str | None, comparator: str = "=", high: float | None = None,
           site: str = "Nordblatt", text: str = "300 Häuser") -> dict[str, Any]:
    return {"id": 1, "value": value, "value_high": high, "comparator": comparator, "unit": None,
            "span": {"start": 0, "end": len(text), "text": text},
            "article": {"published": published, "site": site, "title": "Bericht"}}


def test_points_go_right_with_time_and_up_with_value() -> None:
    ch = value_chart([member(300, "2026-11-10"), member(450, "2026-11-12", ">"), member(300, "2026-11-20")])
    assert ch is not None
    xs, ys = [p["x"] for p in ch["points"]], [p["y"] for p in ch["points"]]
    assert xs[0] == ch["left"] and xs[2] == ch["right"] and xs[0] < xs[1] < xs[2]
    assert ys[1] < ys[0] == ys[2]  # SVG's y grows downwards: the larger value is higher up
    assert [p["letter"] for p in ch["points"]] == ["A", "B >", "C"]
    assert [t["label"] for t in ch["y_ticks"]] == ["300", "450"]
    assert "> 450" in ch["desc"] and ch["line"].count(",") == 3


def test_a_range_is_a_bar_and_members_without_value_or_date_are_left_out() -> None:
    ch = value_chart([member(100, "2026-11-10", high=200), member(150, "2026-11-11"),
                      member(None, "2026-11-12", "unspecific", text="Hunderte"), member(120, None)])
    assert ch is not None and len(ch["points"]) == 2
    bar = ch["points"][0]
    assert bar["y_high"] is not None and bar["y_high"] < bar["y"]
    assert ch["points"][1]["y_high"] is None


def test_a_guessed_year_is_a_hollow_point_that_says_so() -> None:
    a, b = member(300, "2026-11-10"), member(300, "2026-11-12")
    a["article_id"], b["article_id"] = 4, 5
    ch = value_chart([a, b], guessed={5})
    assert ch is not None
    assert [p["guessed"] for p in ch["points"]] == [False, True]
    assert "2026-11-12 (year guessed)" in ch["points"][1]["label"] and "guessed" not in ch["points"][0]["label"]


def test_one_point_or_equal_values_draw_no_nonsense() -> None:
    assert value_chart([member(300, "2026-11-10")]) is None
    flat = value_chart([member(300, "2026-11-10"), member(300, "2026-11-10")])
    assert flat is not None
    assert flat["points"][0]["y"] == flat["points"][1]["y"]
    assert flat["points"][0]["label_dy"] != flat["points"][1]["label_dy"]  # labels not on top of each other
    assert flat["points"][0]["x"] == (flat["left"] + flat["right"]) / 2


def test_the_claim_page_draws_the_chart_with_escaped_labels(client: TestClient) -> None:
    page = client.get("/claims/1").text
    svg = re.search(r"<svg[^>]*role=\"img\"[^>]*>.*?</svg>", page, re.S)
    assert svg is not None
    assert "<title id=\"chart-title\">" in svg.group() and "<desc id=\"chart-desc\">" in svg.group()
    assert svg.group().count('<circle class="val"') == 3
    assert "<script" not in svg.group() and not re.search(r"\son\w+=", svg.group())
    # each point links to its source's row on the same page
    for href in re.findall(r'<a href="(#m\d+)">', svg.group()):
        assert f'id="{href[1:]}"' in page


def test_claim_cards_link_to_the_exact_figure(client: TestClient) -> None:
    page = client.get("/claims/1").text
    links = re.findall(r'href="/articles/(\d+)#(f\d+)"', page)
    assert len(links) >= 3
    for article_id, anchor in links:
        article = client.get(f"/articles/{article_id}").text
        assert re.search(rf'<span class="f f-span" data-f="{anchor[1:]}" id="{anchor}"', article)
