"""Screenshots of every page for the README (`make screenshots`), over examples/ plus the
real scraped samples in ../shared/samples: ingest into a fresh store, serve it on loopback,
open each page in the system Chromium and save PNGs under docs/screenshots/: desktop (1280 px),
phone (390 px, `-phone`) and dark (`prefers-color-scheme: dark` emulated, `-dark`).

Usage: python tools/screenshots.py [--samples DIR] [--out DIR] [--db STORE] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from quotetrail.api import ingest
from quotetrail.serve.web import create_app
from quotetrail.serve.web.live import CHROMIUM_ARGS, chromium_path, serving
from quotetrail.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = {"desktop": 1280, "phone": 390, "dark": 1280}
MAX_HEIGHT = {"desktop": 1800, "phone": 2600, "dark": 1300}  # a long page is cut: its top says enough


def build(db: Path, samples: Path) -> None:
    store = SQLiteStore(db)
    report = ingest([str(ROOT / "examples"), *([str(samples)] if samples.is_dir() else [])], store)
    store.close()
    print(report.summary())


def pages(db: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, path, variants) of every screenshot, with ids picked from the store."""
    store = SQLiteStore(db)
    try:
        rutte = next(iter(store.speakers(q="Rutte", limit=1)), None) if hasattr(store, "speakers") else None
        drift = store.claim_groups(drift=True, limit=50) if hasattr(store, "claim_groups") else []
        sample = next((a for a in store.articles(limit=100) if a["site"] == "Chas Pravdy"), None)
        article_id = sample["id"] if sample else store.articles(limit=1)[0]["id"]
        # the group the samples are about (one figure framed differently by two sources), else
        # the one spanning most articles
        group = max(drift, default=None, key=lambda g: (
            any(m.get("article_id") == article_id for m in g["members"]),
            len({m.get("article_id") for m in g["members"]})))
        stories = store.stories(limit=20) if hasattr(store, "stories") else []
        story = max(stories, default=None, key=lambda s: len(s["articles"]))
    finally:
        store.close()
    every = ("desktop", "phone", "dark")
    shots = [("search", "/?q=Krieg", ("desktop",)), ("home", "/", every),
             ("article", f"/articles/{article_id}", every),
             ("claims-drift", "/claims?drift=true", every), ("stories", "/stories", ("desktop",)),
             ("speakers", "/speakers", ("desktop", "phone")), ("search-streik", "/?q=Streik", ("phone",))]
    if rutte:
        shots.append(("speaker", f"/speakers/{rutte['id']}", every))
    if group:
        shots.append(("claim-group", f"/claims/{group['id']}", every))
    if story:
        shots.append(("story", f"/stories/{story['id']}", every))
    return shots


def filename(name: str, variant: str) -> str:
    if name == "search-streik":  # the README's phone search picture keeps its name
        return "search-phone.png"
    return f"{name}.png" if variant == "desktop" else f"{name}-{variant}.png"


def shoot(browser: Any, base: str, path: str, variant: str, out: Path, focus: bool) -> None:
    page = browser.new_page(viewport={"width": WIDTHS[variant], "height": 900}, device_scale_factor=1,
                            color_scheme="dark" if variant == "dark" else "light")
    page.goto(base + path)
    if focus and page.locator("mark.q[tabindex]").count():  # a statement's details, as keyboard focus shows them
        page.focus("mark.q[tabindex]")
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT[variant])
    page.screenshot(path=str(out), full_page=True, clip={"x": 0, "y": 0, "width": WIDTHS[variant], "height": height})
    page.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "samples")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--db", type=Path, help="an existing store to show instead of a fresh one")
    ap.add_argument("--only", nargs="*", default=(), help="names of the pages to take (article, story, …)")
    args = ap.parse_args()
    browser_path = chromium_path()
    if browser_path is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    args.out.mkdir(parents=True, exist_ok=True)
    optipng = shutil.which("optipng")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "screens.db"
            build(db, args.samples)
        shots = [s for s in pages(db) if not args.only or s[0] in args.only]
        with serving(create_app(db)) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
            for name, path, variants in shots:
                for variant in variants:
                    out = args.out / filename(name, variant)
                    shoot(browser, base, path, variant, out, focus=name == "article")
                    if optipng:
                        subprocess.run([optipng, "-quiet", "-o2", str(out)], check=False)
                    print(f"{out}  {path}  {variant}  {out.stat().st_size // 1024} KB")
            browser.close()


if __name__ == "__main__":
    main()
