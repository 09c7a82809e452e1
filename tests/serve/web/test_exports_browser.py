"""A trail export round-trip in a real browser (Playwright driving the system Chromium): the
speaker page's CSV link downloads the trail, and every row's offsets slice the stored text;
permalinks land where they say.

Skipped, with the reason, when Playwright or Chromium is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quotetrail.serve.web import create_app
from quotetrail.serve.web.live import CHROMIUM_ARGS, chromium_path, serving
from quotetrail.store import open_store
from tests.serve.test_exports import ARTICLES, _csv_rows, assert_offsets_hold, ferry_db

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ferry_db(tmp_path_factory.mktemp("browser-exports"))


@pytest.fixture(scope="module")
def page(db: Path) -> Iterator[tuple[Any, str]]:
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    with sync_api.sync_playwright() as p, serving(create_app(db)) as base:
        try:
            browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken install is a skip with its reason, not an error
            pytest.skip(f"Chromium at {path} does not start: {exc}")
        context = browser.new_context(accept_downloads=True)
        yield context.new_page(), base
        context.close()
        browser.close()


def test_the_csv_link_on_a_speaker_page_downloads_the_trail(page: tuple[Any, str], db: Path) -> None:
    pg, base = page
    with open_store(db) as store:
        speaker = store.find_speaker("Lindqvist")[0]
        texts = {a["id"]: a["text"] for a in store.export()}
    pg.goto(f"{base}/speakers/{speaker['id']}")
    with pg.expect_download() as got:
        pg.get_by_role("link", name="CSV", exact=True).click()
    download = got.value
    assert download.suggested_filename == f"trail-{speaker['id']}-mara-lindqvist.csv"
    rows = _csv_rows(Path(download.path()).read_text(encoding="utf-8"))
    assert {r["url"] for r in rows} == {a["url"] for a in ARTICLES}
    assert_offsets_hold(rows, texts)


def test_a_statement_permalink_opens_the_article_at_the_statement(page: tuple[Any, str], db: Path) -> None:
    pg, base = page
    with open_store(db) as store:
        q = store.quotes(limit=1)[0]
    pg.goto(f"{base}/statements/{q['id']}")
    assert pg.url == f"{base}/articles/{q['article_id']}#q{q['id']}"
    assert pg.locator(f"#q{q['id']}").is_visible()


def test_a_claim_permalink_leads_back_to_the_claim_page(page: tuple[Any, str], db: Path) -> None:
    pg, base = page
    with open_store(db) as store:
        group = store.claim_groups(limit=1)[0]
    pg.goto(f"{base}/claims/{group['id']}")
    pg.get_by_role("link", name="Permalink").click()
    pg.wait_for_url(f"{base}/claims/{group['id']}")
