"""Screenshots of every page for the README (`make screenshots`), over examples/ plus the
real scraped samples in ../shared/samples: ingest into a fresh store, serve it on loopback,
open each page in the system Chromium and save PNGs under docs/screenshots/.

Usage: python tools/screenshots.py [--samples DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from quotetrail.api import ingest
from quotetrail.serve.web import create_app
from quotetrail.serve.web.live import CHROMIUM_ARGS, chromium_path, serving
from quotetrail.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]


def build(db: Path, samples: Path) -> None:
    store = SQLiteStore(db)
    report = ingest([str(ROOT / "examples"), *([str(samples)] if samples.is_dir() else [])], store)
    store.close()
    print(report.summary())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "samples")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    browser_path = chromium_path()
    if browser_path is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screens.db"
        build(db, args.samples)
        store = SQLiteStore(db)
        rutte = next(iter(store.speakers(q="Rutte", limit=1)), None) if hasattr(store, "speakers") else None
        drift = store.claim_groups(drift=True, limit=50) if hasattr(store, "claim_groups") else []
        sample = next((a for a in store.articles(limit=100) if a["site"] == "Chas Pravdy"), None)
        article_id = sample["id"] if sample else store.articles(limit=1)[0]["id"]
        # the group the samples are about (one figure framed differently by two sources), else
        # the one spanning most articles
        group = max(drift, default=None, key=lambda g: (
            any(m.get("article_id") == article_id for m in g["members"]),
            len({m.get("article_id") for m in g["members"]})))
        store.close()
        shots = [("search", "/?q=Krieg", 1280, False), ("article", f"/articles/{article_id}", 1280, True),
                 ("home", "/", 1280, False), ("claims-drift", "/claims?drift=true", 1280, False),
                 ("stories", "/stories", 1280, False), ("article-phone", f"/articles/{article_id}", 390, False), ("search-phone", "/?q=Streik", 390, False)]
        if rutte:
            shots.insert(2, ("speaker", f"/speakers/{rutte['id']}", 1280, True))
        if group:
            shots.insert(3, ("claim-group", f"/claims/{group['id']}", 1280, True))
        with serving(create_app(db)) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
            for name, path, width, full in shots:
                page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
                page.goto(base + path)
                if name == "article":  # show a statement's details as keyboard focus does
                    page.focus("mark.q[tabindex]")
                page.screenshot(path=str(args.out / f"{name}.png"), full_page=full)
                page.close()
                print(f"{args.out / (name + '.png')}  {path}")
            browser.close()


if __name__ == "__main__":
    main()
