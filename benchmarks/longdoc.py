"""One long document: analysis time and peak memory at 1, 5 and 20 MB of text (issue 14).

The text is paragraphs of sentences written for the tests (tests/analysis/data/long_text.json:
quotes, cues, names, roles, figures, dates), German and English, picked at random. Each size
runs in a process of its own, so its peak resident set size is its own. The analysis bound
(analysis/pipeline.py, 1,000,000 characters) is lifted so the whole text is analysed: the
point is how the cost grows with the length. Seconds are the process's CPU time, so the rates
do not fall when other jobs share the machine; wall time is printed beside them.
``--store`` also writes the analysed document into a new SQLite store (linking included).

Usage: python benchmarks/longdoc.py [--sizes 1,5,20] [--lang de] [--store]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# the test's text generator: one function for the tests and this benchmark
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.analysis.textgen import long_text  # noqa: E402


def make_text(size_bytes: int, lang: str, seed: int = 1) -> str:
    return long_text(size_bytes, lang, seed=seed, measure="bytes")


def one(size_mb: float, lang: str, store: bool) -> dict[str, float]:
    """Analyse (and store) one document of ``size_mb`` MB in this process."""
    from quotetrail.analysis import build_pipeline
    from quotetrail.model import Article

    pipeline = build_pipeline()
    pipeline.max_chars = None
    pipeline(Article(text=make_text(2_000, lang), origin="warm-up", lang=lang))  # one-off loading
    text = make_text(int(size_mb * 1_000_000), lang)
    words = len(text.split())
    cpu0, wall0 = time.process_time(), time.perf_counter()
    doc = pipeline(Article(text=text, origin="longdoc", lang=lang))
    cpu_analysis = time.process_time() - cpu0
    if store:
        from quotetrail.store.sqlite import SQLiteStore

        with tempfile.TemporaryDirectory() as tmp:
            db = SQLiteStore(str(Path(tmp) / "longdoc.db"))
            db.add(doc)
            db.close()
    return {
        "mb": size_mb, "chars": len(text), "words": words, "cpu_analysis": cpu_analysis,
        "cpu": time.process_time() - cpu0, "wall": time.perf_counter() - wall0,
        "attributions": len(doc.attributions), "figures": len(doc.figures),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,5,20", help="MB of text, comma-separated")
    ap.add_argument("--lang", default="de", choices=["de", "en"])
    ap.add_argument("--store", action="store_true", help="also write it into a SQLite store")
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)  # a child process: one size
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.one, args.lang, args.store)))
        return
    print(f"Python {platform.python_version()}, {platform.machine()}, language {args.lang}"
          f"{', with the store' if args.store else ''}; CPU seconds, so per core")
    print(f"{'MB':>5} {'words':>10} {'CPU s':>8} {'analysis':>9} {'wall s':>8} {'words/s':>9} "
          f"{'s per MB':>9} {'peak RSS':>9} {'attributions':>13} {'figures':>8}")
    for size in (float(x) for x in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(size), "--lang", args.lang]
        out = subprocess.run(cmd + (["--store"] if args.store else []), capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{size:>5g} failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['mb']:>5g} {r['words']:>10,} {r['cpu']:>8.1f} {r['cpu_analysis']:>9.1f} {r['wall']:>8.1f} "
              f"{r['words'] / r['cpu']:>9,.0f} {r['cpu'] / r['mb']:>9.1f} {r['peak_mb']:>6,.0f} MB "
              f"{r['attributions']:>13,} {r['figures']:>8,}", flush=True)


if __name__ == "__main__":
    main()
