"""In a real browser (Playwright driving the system Chromium): the parts of a statement look
different from each other and the legend names them, the provenance chain leads to the earlier
article's exact span, and the drift page of 20 groups stays short on a desktop screen.

Skipped, with the reason, when Playwright or Chromium is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from quotetrail.serve.web import create_app
from quotetrail.serve.web.live import serving
from tests.serve.web.fakes import LinkedStore
from tests.serve.web.test_chain_pages import SITE, fill_chain

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")

DESKTOP = {"width": 1280, "height": 900}
DRIFT_MAX_PX = 5000  # issue 17: 20 groups were 34,000 px tall


@pytest.fixture(scope="module")
def chain_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("chain") / "chain.db"
    fill_chain(db)
    with serving(create_app(open_store=lambda: LinkedStore(db))) as base:
        yield base


LOOK = """el => { const s = getComputedStyle(el);
  return [s.outlineStyle, s.textDecorationLine, s.textDecorationStyle, s.fontStyle, s.fontVariantCaps,
          s.fontWeight, s.backgroundColor].join('|'); }"""


def test_roles_look_different_and_the_legend_names_them(browser: Any, chain_site: str) -> None:
    pg = browser.new_page(viewport=DESKTOP)
    pg.goto(f"{chain_site}/articles/2")  # the quote passed on by an intermediary
    looks = {role: pg.eval_on_selector(f".text mark.q.{role}", LOOK)
             for role in ("content", "cue", "speaker", "referent", "intermediary")}
    assert len(set(looks.values())) == len(looks), looks
    pg.goto(f"{chain_site}/articles/1")  # the radio interview
    looks["medium"] = pg.eval_on_selector(".text mark.q.medium", LOOK)
    assert len(set(looks.values())) == len(looks), looks
    legend = pg.inner_text("ul.keys.roles")
    assert "medium" in legend and "where it was said" in legend
    pg.goto(f"{chain_site}/articles/2")
    legend = pg.inner_text("ul.keys.roles")
    assert "intermediary" in legend.casefold() and "who passed it on" in legend
    pg.close()


def test_the_chain_leads_to_the_earlier_articles_span(browser: Any, chain_site: str) -> None:
    pg = browser.new_page(viewport=DESKTOP)
    pg.goto(f"{chain_site}/articles/2")
    chain = pg.locator("ol.chain").first
    assert chain.is_visible()
    steps = [s.strip() for s in chain.locator("li.step").all_inner_texts()]
    assert steps[0].startswith("said by Eva Roth") and steps[1].startswith("via Laut <b>Hafenblatt</b>")
    assert steps[2] == f"reported by {SITE}"
    chain.locator(".r-earlier a").first.click()
    pg.wait_for_url("**/articles/1#q*")
    target = pg.evaluate("location.hash")
    assert pg.locator(f"mark{target}").inner_text().startswith("Die Brücke")
    pg.close()


def drift_group(i: int) -> dict[str, Any]:
    """A group at its largest (the store reads 12 members) where every later member changed
    four things, with long words: the worst case for the list page's height."""
    said = ("Die Regierung werde die Brücke über den Kanal nicht vor dem Frühjahr freigeben, weil die "
            "Prüfung der Pfeiler länger dauere als geplant und die Kosten weiter stiegen ") * 2
    members = [{"id": 100 * i + j, "article_id": 100 * i + j, "title": f"Ein langer Titel über die Brücke, Folge {j}",
                "site": f"Zeitung Nummer {j}", "published": f"2026-11-{10 + j:02d}", "span": {"text": said},
                "value": 300.0 + j, "value_high": None, "comparator": "=", "unit": None,
                "counted": {"text": "Lastwagen"}, "scope": None, "hedge": {"text": "rund"}}
               for j in range(12)]
    kinds = [("hedge", "dropped: “rund”"), ("value", "different: 300 → 3000"), ("counted", "broader: “Lastwagen” → “Fahrzeuge”"),
             ("attribution", "the ministry → unnamed reports")]
    differences = [{"a": 0, "b": j, "kind": k, "detail": d + " " + said[:80]} for j in range(1, 12) for k, d in kinds]
    return {"id": i, "kind": "figure", "label": f"Rund 300 Lastwagen am Tag über die Kanalbrücke · Gruppe {i}",
            "members": members, "differences": differences, "seriousness": 3}


class DriftStore(LinkedStore):  # type: ignore[misc,valid-type]
    def claim_groups(self, *, drift: bool = False, limit: int = 50, offset: int = 0, **_: Any) -> list[dict[str, Any]]:
        return [drift_group(i) for i in range(1, 26)][offset:offset + limit]


def test_drift_page_of_20_groups_fits_5000_px_on_a_desktop(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    db = tmp_path_factory.mktemp("drift") / "drift.db"
    LinkedStore(db).close()
    with serving(create_app(open_store=lambda: DriftStore(db))) as base:
        pg = browser.new_page(viewport=DESKTOP)
        pg.goto(f"{base}/claims?drift=true")
        assert pg.locator("section.group").count() == 20
        height = pg.evaluate("document.documentElement.scrollHeight")
        assert height < DRIFT_MAX_PX, f"drift page is {height} px tall for 20 groups"
        # the rest is on the next page, reached by the pager
        pg.click("a[rel=next]")
        pg.wait_for_url("**offset=20*")
        assert pg.locator("section.group").count() == 5
        pg.close()
