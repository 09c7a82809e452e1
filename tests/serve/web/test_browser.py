"""In a real browser (Playwright driving the system Chromium): nothing an article contains
executes, the pages click through search → article → speaker → claim group, work from the
keyboard and fit a phone screen, and load nothing from anywhere but this server.

Skipped, with the reason, when Playwright or Chromium is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from quotetrail.serve.web import create_app
from quotetrail.serve.web.live import serving
from tests.serve.web.conftest import TOKEN, fill
from tests.serve.web.fakes import FakeLinkStore

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

# Written for this test: every field an article can fill carries markup that would run if
# anything were inserted unescaped.
HOSTILE = """<script>window.pwned = 1</script>Alarm im Hafen <img src=x onerror="window.pwned=2;alert(2)">

Der Hafenmeister <b onmouseover="window.pwned=3">Olaf Jensen</b> sagte am Freitag: "Rund 300 Container <svg onload=window.pwned=4> seien betroffen, <a href="javascript:window.pwned=5">hier</a>." '"><script>alert(6)</script>
Berichten zufolge wurden mehr als 40.000 Container "<iframe src=javascript:window.pwned=7>" umgeschlagen, sagte Jensen.
"""
PAYLOAD_SOURCE = '<img src=x onerror="window.pwned=8">Hafenblatt'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    db: Path = tmp_path_factory.mktemp("browser") / "web.db"
    fill(db)
    app = create_app(open_store=lambda: FakeLinkStore(db), token=TOKEN)
    with TestClient(app) as c:  # the hostile article goes in the way any client's would
        r = c.post("/api/v1/ingest", json={"text": HOSTILE, "source": PAYLOAD_SOURCE, "date": "2026-11-16"},
                   headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        hostile_id = r.json()["added"][0]
    with serving(create_app(open_store=lambda: FakeLinkStore(db), token=TOKEN)) as base:
        yield {"base": base, "hostile": hostile_id}


@pytest.fixture
def page(browser: Any, site: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context()
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    pg.foreign = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: None if r.url.startswith(site["base"]) else pg.foreign.append(r.url))  # type: ignore[attr-defined]
    yield pg
    context.close()


def assert_inert(pg: Any) -> None:
    assert pg.evaluate("typeof window.pwned") == "undefined"
    assert pg.dialogs == []
    handlers = pg.evaluate("""() => [...document.querySelectorAll('*')].flatMap(
        el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))""")
    assert handlers == []
    assert pg.evaluate("[...document.scripts].map(s => new URL(s.src).pathname)") == ["/static/app.js"]
    assert pg.evaluate("document.querySelectorAll('iframe, img, a[href^=\"javascript\"]').length") == 0


def test_nothing_from_an_article_executes(page: Any, site: dict[str, Any]) -> None:
    base = site["base"]
    page.goto(f"{base}/articles/{site['hostile']}")
    text = page.inner_text(".text")
    assert "<script>window.pwned = 1</script>" in text and 'onerror="window.pwned=2;alert(2)"' in text
    assert PAYLOAD_SOURCE in page.inner_text("dl.meta")
    # hover and focus every highlight, so mouse and focus payloads would have their chance
    for el in page.query_selector_all("mark.q, .f[tabindex]")[:30]:
        el.hover()
        el.focus()
    assert_inert(page)
    for url in ("/?q=script", "/?q=Container", "/?q=Jensen&site=" + PAYLOAD_SOURCE, "/",
                "/speakers", "/claims", "/claims?drift=true", "/stories", "/stories/1"):
        page.goto(base + url)
        assert_inert(page)
    page.goto(f"{base}/?q=onerror")
    assert "onerror" in page.inner_text("main")
    assert page.foreign == []


def test_click_through_search_article_speaker_claim(page: Any, site: dict[str, Any]) -> None:
    page.goto(site["base"] + "/")
    page.fill("#q", "Häuser")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=*")
    assert page.locator("mark.hit").count() >= 2
    page.click(".result.quote a >> nth=0")
    page.wait_for_url("**/articles/*")
    assert page.locator("mark.q.content").count() >= 1
    page.click(".legend a:has-text('Eva Roth')")
    page.wait_for_url("**/speakers/*")
    assert page.locator("svg circle.pt").count() == 3
    page.click("nav >> text=Drift")
    page.wait_for_url("**/claims?drift=true")
    page.click(".group h2 a >> nth=0")
    page.wait_for_url("**/claims/*")
    assert page.locator(".member").count() >= 2 and page.locator(".diff").count() >= 1
    assert page.foreign == []


def test_keyboard_reaches_statements_and_shows_details(page: Any, site: dict[str, Any]) -> None:
    page.goto(site["base"] + "/articles/2")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('mark.q')"):
            break
    else:
        pytest.fail("Tab never reached a statement")
    qid = page.evaluate("document.activeElement.dataset.q")
    assert page.is_visible(f"#tip{qid}")
    assert "indirect" in page.inner_text(f"#tip{qid}")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


@pytest.mark.parametrize("path", ["/", "/?q=Roth", "/articles/2", "/speakers/1", "/claims", "/stories"])
def test_fits_a_phone(browser: Any, site: dict[str, Any], path: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    pg = context.new_page()
    pg.goto(site["base"] + path)
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
