"""In a real browser, over the examples/ articles analysed for real: no page scrolls sideways
on a 390 px phone, a statement row shows every column there, light and dark themes keep text
and highlights readable, and a column header sorts the list.

Skipped, with the reason, when Playwright or Chromium is not installed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from quotetrail.api import ingest
from quotetrail.serve.web import create_app
from quotetrail.serve.web.live import serving
from tests.serve.web.conftest import TOKEN
from tests.serve.web.fakes import LinkedStore

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
PHONE = 390

# Written for this test: a title with one very long word and a long statement, the things
# that push a narrow page wider than the screen.
LONG = ("Hafenarbeitergewerkschaftsvorstandsvorsitzendenstellvertreterwahl in Nordenham\n\n"
        "Die Sprecherin Jana Voss sagte am Montag der Zeitung, die Verhandlungen über die "
        "Hafenarbeitergewerkschaftsvorstandsvorsitzendenstellvertreterwahl würden bis zum "
        "Frühjahr dauern, weil 1.200 Mitglieder per Brief abstimmen müssten.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    db = tmp_path_factory.mktemp("layout") / "examples.db"
    store = LinkedStore(db)
    assert ingest([str(EXAMPLES)], store).ok
    store.close()
    app = create_app(open_store=lambda: LinkedStore(db), token=TOKEN)
    with TestClient(app) as c:
        r = c.post("/api/v1/ingest", json={"text": LONG, "source": "Kreisblatt Wesermarsch", "date": "2026-11-20"},
                   headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        articles = c.get("/api/v1/articles", params={"limit": 100}).json()["items"]
        # the article with the most statements: its table is the widest
        most = max(articles, key=lambda a: len(c.get(f"/api/v1/articles/{a['id']}").json()["attributions"]))
        speaker = c.get("/api/v1/speakers", params={"limit": 1}).json()["items"][0]
        group = next(iter(c.get("/api/v1/claims", params={"limit": 1}).json()["items"]), None)
        story = c.get("/api/v1/stories", params={"limit": 1}).json()["items"][0]
    paths = {"home": "/", "search": "/?q=Streik", "article": f"/articles/{most['id']}",
             "long": f"/articles/{r.json()['added'][0]}", "speakers": "/speakers",
             "speaker": f"/speakers/{speaker['id']}", "claims": "/claims", "drift": "/claims?drift=true",
             "stories": "/stories", "story": f"/stories/{story['id']}", "sources": "/sources"}
    if group:
        paths["claim"] = f"/claims/{group['id']}"
    with serving(create_app(open_store=lambda: LinkedStore(db), token=TOKEN)) as base:
        yield {"base": base, "paths": paths}


def open_page(browser: Any, url: str, width: int = 1280, scheme: str = "light") -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    pg = context.new_page()
    pg.goto(url)
    return pg


@pytest.mark.parametrize("name", ["home", "search", "article", "long", "speakers", "speaker", "claims", "drift",
                                  "claim", "stories", "story", "sources"])
def test_no_page_scrolls_sideways_on_a_phone(browser: Any, site: dict[str, Any], name: str) -> None:
    if name not in site["paths"]:
        pytest.skip("the examples form no claim group")
    pg = open_page(browser, site["base"] + site["paths"][name], PHONE)
    width = pg.evaluate("document.documentElement.scrollWidth")
    pg.context.close()
    assert width <= PHONE, f"{site['paths'][name]} is {width} px wide on a {PHONE} px phone"


def test_a_statement_row_shows_cue_source_and_date_on_a_phone(browser: Any, site: dict[str, Any]) -> None:
    pg = open_page(browser, site["base"] + site["paths"]["article"], PHONE)
    cells = pg.evaluate("""() => [...document.querySelectorAll('table.list')[0].querySelectorAll('tbody td')]
        .filter(td => td.textContent.trim())
        .map(td => ({label: td.dataset.label || '', right: td.getBoundingClientRect().right,
                     shown: td.getBoundingClientRect().width > 0}))""")
    pg.context.close()
    assert cells
    assert {"Speaker", "Said", "Cue"} <= {c["label"] for c in cells}  # each value says what it is
    off = [c for c in cells if not c["shown"] or c["right"] > PHONE]
    assert off == [], f"{len(off)} of {len(cells)} statement cells lie beyond the right edge"


def luminance(rgb: str) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (float(x) for x in re.findall(r"[\d.]+", rgb)[:3])
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# What must stay readable: the text, muted text, links, a speaker's tinted statement, a search hit.
COLOURS = """sel => { const el = document.querySelector(sel); if (!el) return null;
    let bg = 'rgba(0, 0, 0, 0)';
    for (let e = el; e && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg); e = e.parentElement)
        bg = getComputedStyle(e).backgroundColor;
    return {fg: getComputedStyle(el).color, bg}; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_and_highlights_keep_their_contrast(browser: Any, site: dict[str, Any], scheme: str) -> None:
    checks = [("article", "main p, main h1"), ("article", "dl.meta dd"), ("article", "mark.q.content"),
              ("article", "main a"), ("search", "mark.hit"), ("speakers", ".meta")]
    seen = {}
    for name, sel in checks:
        pg = open_page(browser, site["base"] + site["paths"][name], scheme=scheme)
        colours = pg.evaluate(COLOURS, sel)
        body = pg.evaluate("getComputedStyle(document.body).backgroundColor")
        pg.context.close()
        assert colours is not None, f"no {sel} on {name}"
        seen[sel] = round(contrast(colours["fg"], colours["bg"]), 1)
    assert (luminance(body) < 0.05) == (scheme == "dark")  # the theme follows the system's
    assert all(ratio >= 4.5 for ratio in seen.values()), seen  # WCAG AA for body text


def test_a_header_click_sorts_and_marks_the_column(browser: Any, site: dict[str, Any]) -> None:
    pg = open_page(browser, site["base"] + "/speakers?lang=de")
    pg.click("table.list th a:has-text('Name')")
    pg.wait_for_url("**sort=name**")
    names = pg.eval_on_selector_all("table.list tbody td:first-child > a", "els => els.map(e => e.textContent)")
    th = pg.eval_on_selector("th[aria-sort]", "e => [e.textContent.trim(), e.getAttribute('aria-sort')]")
    url = pg.url
    pg.context.close()
    assert names == sorted(names, key=str.casefold) and len(names) >= 2
    assert th == ["Name ▲", "ascending"]
    assert "lang=de" in url  # the filter survived the click
