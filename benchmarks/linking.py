"""The cost of storing and linking an article as a store grows (`make bench`; issues 13 and 14).

The corpus articles (German SpkAtt, English PolNeAR, train and dev) are analysed once; the
analysed documents are then stored again and again into one fresh store, each copy with a text
made unique by an appended line (so no duplicate check stops it; every span stays where it was)
and a publication date that moves on at ``--per-day`` articles a day, as a news flow would.
Only ``SQLiteStore.add`` is timed: writing the spans, entity linking, claim grouping and story
clustering in one transaction. The point is a flat cost per article from 1k to 100k.

Usage: python benchmarks/linking.py [--sizes 1000,10000] [--per-day 200] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import resource
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from quotetrail.analysis import default_pipeline
from quotetrail.evaluate.corpora import data_dir, load_doc
from quotetrail.model import Document
from quotetrail.store.sqlite import SQLiteStore


def corpus_documents(limit: int | None) -> list[Document]:
    data = data_dir()
    ids = [f"polnear/{s}/{p.stem}" for s in ("train", "dev") for p in sorted((data / "polnear" / s / "text").glob("*.txt"))]
    ids += [f"spkatt-news/{s}/{p.stem}" for s in ("train", "dev") for p in sorted((data / "spkatt-news" / s).glob("*.json"))]
    pipeline = default_pipeline()
    docs = [pipeline(load_doc(i).article) for i in ids[:limit]]
    return docs


def copy_of(doc: Document, n: int, day: date) -> Document:
    """The same analysis under a new, unique text (a line appended) and a new date."""
    article = replace(doc.article, text=doc.article.text + f"\n\n[{n}]", published=day, origin=f"bench-{n}")
    return replace(doc, article=article)


def run(docs: list[Document], size: int, per_day: int, profile: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        story: list[float] = []  # CPU of each article's story assignment (issue 14)
        assign = store._assign_story

        def timed_story(*args: Any) -> None:
            t = time.process_time()
            assign(*args)
            story.append(time.process_time() - t)

        store._assign_story = timed_story  # type: ignore[method-assign]
        start = date(2020, 1, 1)
        block: list[float] = []
        marks = {1_000, 5_000, 10_000, 20_000, 50_000, 100_000, size}
        prof = cProfile.Profile() if profile else None
        words = 0
        t_all = time.process_time()
        for n in range(size):
            doc = copy_of(docs[n % len(docs)], n, start + timedelta(days=n // per_day))
            words += doc.article.words
            t0 = time.process_time()
            if prof and n >= size - 1000:
                prof.enable()
            store.add(doc)
            if prof and n >= size - 1000:
                prof.disable()
            block.append(time.process_time() - t0)
            if n + 1 in marks or (n + 1) % 10_000 == 0:
                last = block[-1000:]
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"  {n + 1:>7,} articles: {1000 * sum(last) / len(last):6.1f} ms CPU per article "
                      f"over the last {len(last):,} (store + link; stories "
                      f"{1000 * sum(story[-1000:]) / len(story[-1000:]):.2f} ms), peak RSS {rss:,.0f} MB", flush=True)
        total = time.process_time() - t_all
        print(f"  {size:,} articles, {words:,} words in {total:.1f} s CPU: {words / total:,.0f} words/s "
              f"for storing and linking alone", flush=True)
        store.close()
        if prof:
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--per-day", type=int, default=200)
    ap.add_argument("--limit", type=int, default=None, help="corpus documents to recombine")
    ap.add_argument("--profile", action="store_true", help="cProfile the last 1,000 articles")
    args = ap.parse_args()
    if not (data_dir() / "polnear").is_dir():
        raise SystemExit(f"corpora not found under {data_dir()}; set QUOTETRAIL_DATA")
    print(f"linking benchmark — {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores, {args.per_day} articles a day")
    t0 = time.process_time()
    docs = corpus_documents(args.limit)
    print(f"  analysed {len(docs):,} corpus articles once in {time.process_time() - t0:.1f} s CPU")
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"store grown to {size:,} articles:")
        run(docs, size, args.per_day, args.profile)


if __name__ == "__main__":
    main()
