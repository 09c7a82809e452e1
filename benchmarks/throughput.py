"""Analysis throughput and peak memory on the shared corpora (`make bench`).

One process. Rates are computed from the process's CPU time (all its threads), so they are per
core and do not drop when other jobs share the machine; wall time is printed beside them.
Peak memory is the process's peak resident set size.
Usage: python benchmarks/throughput.py [--limit N] [--by-component] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from quotetrail.analysis import default_pipeline
from quotetrail.model import Article, Document


def corpus_texts(data: Path, limit: int | None) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {"de": [], "en": []}
    for split in ("train", "dev"):
        for f in sorted((data / "spkatt-news" / split).glob("*.json")):
            doc = json.loads(f.read_text(encoding="utf-8"))
            texts["de"].append("\n".join(" ".join(s["Tokens"]) for s in doc["Sentences"]))
        for f in sorted((data / "polnear" / split / "text").glob("*.txt")):
            texts["en"].append(f.read_text(encoding="utf-8"))
    return {k: v[:limit] for k, v in texts.items()}


def peak_mb() -> float:
    # ru_maxrss is in KiB on Linux; it only grows, so "so far" after each language is honest.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(texts: dict[str, list[str]], detect: bool, by_component: bool) -> None:
    pipeline = default_pipeline()
    # Warm up both languages so one-off loading (lemma tables, detector models) is not charged
    # to whichever language happens to run first.
    for warm in ("Zum Aufwärmen sagte er, es gehe um 20.000 Menschen.", "He said 20,000 people were there."):
        pipeline(Article(text=warm, origin="warmup"))
    spent: Counter[str] = Counter()
    total_words = total_docs = 0
    total_cpu = 0.0
    label = "language detected" if detect else "language given"
    for lang, docs in texts.items():
        if not docs:
            continue
        words = sum(len(t.split()) for t in docs)
        start, cpu_start = time.perf_counter(), time.process_time()
        for text in docs:
            article = Article(text=text, origin="bench", lang=None if detect else lang)
            if by_component:
                doc = Document(article)
                for comp in pipeline.components:
                    t0 = time.perf_counter()
                    doc = comp(doc)
                    spent[comp.name] += time.perf_counter() - t0
            else:
                pipeline(article)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        total_words += words
        total_docs += len(docs)
        total_cpu += cpu
        print(f"  {lang} ({label}): {len(docs)} articles, {words:,} words, {cpu:.1f} s CPU ({elapsed:.1f} s wall) — "
              f"{len(docs) / cpu:,.1f} articles/s, {words / cpu:,.0f} words/s per core, "
              f"peak RSS so far {peak_mb():,.0f} MB")
    if not total_docs:
        return
    print(f"  all ({label}): {total_docs / total_cpu:,.1f} articles/s, {total_words / total_cpu:,.0f} words/s per core")
    if by_component:
        whole = sum(spent.values())
        for name, seconds in spent.most_common():
            print(f"    {name:<18} {seconds:6.2f} s  {100 * seconds / whole:5.1f} %")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    default = os.environ.get("QUOTETRAIL_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    parser.add_argument("--data", type=Path, default=Path(default))
    parser.add_argument("--limit", type=int, default=None, help="articles per language")
    parser.add_argument("--by-component", action="store_true")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"No corpora at {args.data}: set QUOTETRAIL_DATA or put shared/data beside the repo. Nothing measured.")
        return 0
    texts = corpus_texts(args.data, args.limit)
    if not any(texts.values()):
        print(f"No spkatt-news or polnear texts under {args.data}. Nothing measured.")
        return 0
    print(f"quotetrail analysis benchmark — Python {platform.python_version()}, {os.cpu_count()} cores, one process")
    for detect in (True, False):
        run(texts, detect, args.by_component)
    print(f"  peak memory (max RSS, whole run): {peak_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
