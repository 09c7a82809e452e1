"""Where a long ingest's memory grows (issue 14): RSS, tracemalloc and cache sizes per block.

Feeds ``--articles`` new articles through the whole one-process ingest path (duplicate check,
analysis, ``store.add`` with entity, claim and story linking) into a fresh SQLite store, as
``quotetrail ingest --workers 1`` does. The articles are built at run time from the shared
corpora's texts (PolNeAR English and SpkAtt German, train + dev; past the ~1,650 originals, the
first half of one joined to the second half of another, as ``benchmarks/ingest_workers.py``
builds them), with a publication date moving on at ``--per-day`` articles a day.

Every ``--every`` articles it prints: the current RSS and its growth per 1,000 articles, CPU ms
per article over the block, every module-level cache or container of quotetrail (and of the
libraries it caches through: simplemma) whose size changed, and with ``--trace`` the allocation
sites (tracemalloc, ``--frames`` deep) whose live memory grew most since the previous mark. Tracing
slows the run about twofold and its bookkeeping is part of the RSS, so RSS figures are taken from
a run without ``--trace``.

With ``--stories-only`` only the story clusterer is fed (the corpus analysed once, its story
features reused with new ids and dates), and its traced memory printed per block. With
``--cache-bounds`` it prints what each bounded word cache holds when full.

Usage: python tools/memory_growth.py [--articles 5000] [--every 1000] [--trace] [--frames 6]
       [--top 12] [--per-day 200] [--dates flow|cycle] [--stories-only] [--cache-bounds] [--data DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE / 2**20


def corpus_texts(data: Path) -> list[str]:
    """English and German corpus texts, interleaved (as the ingest benchmarks read them)."""
    en = [f.read_text(encoding="utf-8") for s in ("train", "dev")
          for f in sorted((data / "polnear" / s / "text").glob("*.txt"))]
    de = []
    for s in ("train", "dev"):
        for f in sorted((data / "spkatt-news" / s).glob("*.json")):
            doc = json.loads(f.read_text(encoding="utf-8"))
            de.append("\n".join(" ".join(x["Tokens"]) for x in doc["Sentences"]))
    return [t for pair in zip(en, de, strict=False) for t in pair] + en[len(de):] + de[len(en):]


def articles(texts: list[str], n: int, per_day: int, cycle: bool) -> Iterator[tuple[int, str, date]]:
    """``n`` distinct texts: the originals, then halves of two different ones joined. Dated as
    a news flow (``per_day`` a day onwards), or with ``cycle`` as ``benchmarks/batch.py`` dates
    its archive: the 15th of month ``i % 12`` of one year, so dates arrive out of order."""
    start = date(2020, 1, 1)
    for i in range(n):
        base, rnd = texts[i % len(texts)], i // len(texts)
        if rnd:
            other = texts[(i + 7 * rnd) % len(texts)]
            base = base[: len(base) // 2] + "\n" + other[len(other) // 2 :]
        yield i, base, date(2026, 1 + i % 12, 15) if cycle else start + timedelta(days=i // per_day)


def container_sizes() -> dict[str, int]:
    """Entries of every module-level lru_cache/cache and dict/set/list of quotetrail and
    simplemma, by qualified name (a growing one is a candidate for the growth)."""
    out: dict[str, int] = {}
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("quotetrail", "simplemma", "lingua")):
            continue
        for attr, value in list(vars(module).items()):
            if getattr(value, "__module__", name) != name and not isinstance(value, dict | set | list):
                continue  # imported from elsewhere: counted in its own module
            if hasattr(value, "cache_info"):
                out[f"{name}.{attr}()"] = value.cache_info().currsize
            elif isinstance(value, dict | set | list) and not attr.startswith("__"):
                size = len(value)
                if isinstance(value, dict):  # a dict of per-language caches counts their entries,
                    for v in value.values():  # also inside a tuple (entities._ROLE_STARTS)
                        for part in v if isinstance(v, tuple) else (v,):
                            size += len(part) if isinstance(part, dict | set | list) else 0
                out[f"{name}.{attr}"] = size
    return out


def store_sizes(store: object) -> dict[str, int]:
    """The store's in-memory state that lives as long as the store: the near-duplicate index
    and the story clusterer's live window."""
    out: dict[str, int] = {}
    near, stories = getattr(store, "_near", None), getattr(store, "_stories", None)
    if near is not None:
        out["store near-duplicate index: articles"] = len(near._ids)
    if stories is not None:
        out["store story clusterer: live stories"] = len(stories._stories)
        out["store story clusterer: live articles"] = len(stories._live)
        out["store story clusterer: band buckets"] = len(stories._buckets)
        out["store story clusterer: document frequencies"] = len(stories.df)
    return out


def stories_only(texts: list[str], pipeline: object, args: argparse.Namespace) -> None:
    """The story clusterer alone (``--stories-only``): the corpus's features are computed once,
    then ``--articles`` copies, dated as ``--dates`` says, go through one clusterer, and its
    traced memory is printed per block; cheap enough to reach 100k articles on a loaded machine."""
    from dataclasses import replace

    from quotetrail.link.stories import StoryClusterer, features_from_document
    from quotetrail.model import Article

    feats = [features_from_document(pipeline(Article(text=t, origin=f"c{i}")), i)  # type: ignore[operator]
             for i, t in enumerate(texts)]
    clusterer = StoryClusterer()
    tracemalloc.start(1)
    last, cpu = 0.0, time.process_time()
    for i, _, day in articles(texts, args.articles, args.per_day, args.dates == "cycle"):
        clusterer.add(replace(feats[i % len(feats)], article_id=i, published=day))
        if (i + 1) % args.every == 0:
            traced = tracemalloc.get_traced_memory()[0] / 2**20
            print(f"{i + 1:>7,} articles: clusterer {traced:,.1f} MB ({1000 * (traced - last) / args.every:+.2f} MB "
                  f"per 1,000), live stories {len(clusterer.live_stories()):,}, live articles "
                  f"{clusterer.live_articles:,}, terms {len(clusterer.df):,}; "
                  f"{1000 * (time.process_time() - cpu) / args.every:.2f} ms CPU per article", flush=True)
            last, cpu = traced, time.process_time()


def cache_bounds() -> None:
    """What each bounded word cache holds when full (``--cache-bounds``), filled with random
    5-12 letter words: the most a long ingest's caches can add, per process."""
    import random
    import string

    from quotetrail.analysis import lemma
    from quotetrail.analysis.attribution import features
    from quotetrail.link import claims, names, stories

    rng = random.Random(1)
    tracemalloc.start(1)
    for name, fill, n in (
        ("analysis.lemma._LEMMAS, one language", lambda w: lemma._LEMMAS.setdefault("de", {}).__setitem__(w, w + "e"),
         200_000),
        ("analysis.attribution.features._SHAPES", features.shape, 100_000),
        ("link.claims._fold_word", claims._fold_word, 200_000),
        ("link.stories._content_word", stories._content_word, 1 << 16),
        ("link.names.skeleton", names.skeleton, 1 << 16),
    ):
        words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 12))) for _ in range(n)]
        before = tracemalloc.get_traced_memory()[0]
        for w in words:
            fill(w)
        del words
        print(f"{name}: {n:,} entries, {(tracemalloc.get_traced_memory()[0] - before) / 2**20:.1f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--every", type=int, default=1000)
    ap.add_argument("--per-day", type=int, default=200)
    ap.add_argument("--dates", choices=("flow", "cycle"), default="flow",
                    help="flow: --per-day articles a day onwards; cycle: benchmarks/batch.py's 12 dates")
    ap.add_argument("--trace", action="store_true", help="tracemalloc: the allocation sites that grew")
    ap.add_argument("--frames", type=int, default=6)
    ap.add_argument("--trace-from", type=int, default=0,
                    help="start tracing at this many articles (tracing the whole pipeline is ~8x slower)")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--stories-only", action="store_true", help="the story clusterer's memory alone")
    ap.add_argument("--cache-bounds", action="store_true", help="the memory of each bounded word cache when full")
    args = ap.parse_args()
    if args.cache_bounds:
        return cache_bounds()

    from quotetrail.analysis import default_pipeline
    from quotetrail.api import ingest_loaded
    from quotetrail.evaluate.corpora import data_dir
    from quotetrail.model import Article
    from quotetrail.store.sqlite import SQLiteStore

    data = args.data or data_dir()
    if not (data / "polnear").is_dir():
        raise SystemExit(f"corpora not found under {data}; pass --data or set QUOTETRAIL_DATA")
    texts = corpus_texts(data)
    pipeline = default_pipeline()
    # warm-up: the models load lazily, once; not growth. lingua loads its 1-, 2-, 4- and
    # 5-gram models (~200 MB) only for the first text under 120 characters, so one is short
    for text in (texts[0], texts[1], "Der Minister sagte am Montag, er komme nicht."):
        pipeline(Article(text=text, origin="warm-up"))
    if args.stories_only:
        return stories_only(texts, pipeline, args)
    print(f"memory growth — {args.articles:,} articles, {len(texts):,} corpus texts, {args.per_day} a day, "
          f"dates {args.dates}, tracemalloc {'on, ' + str(args.frames) + ' frames' if args.trace else 'off'}; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    state: dict[str, object] = {"n": 0, "cpu": time.process_time(), "rss": rss_mb(), "sizes": container_sizes(),
                                "snap": None}
    if args.trace and not args.trace_from:
        tracemalloc.start(args.frames)
    skip = (tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib._bootstrap>"))

    def mark(n: int) -> None:
        gc.collect()  # what is still reachable, not garbage waiting for a collection
        cpu, rss, sizes = time.process_time(), rss_mb(), container_sizes() | store_sizes(store)
        count = n - int(state["n"])  # type: ignore[call-overload]
        print(f"{n:>7,} articles: RSS {rss:,.0f} MB ({1000 * (rss - state['rss']) / count:+.1f} MB per 1,000), "  # type: ignore[operator]
              f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB, "
              f"{1000 * (cpu - state['cpu']) / count:.1f} ms CPU per article, "  # type: ignore[operator]
              f"load {os.getloadavg()[0]:.1f}", flush=True)
        before = state["sizes"]
        grown = sorted(((k, v - before.get(k, 0)) for k, v in sizes.items() if v != before.get(k, 0)),  # type: ignore[attr-defined]
                       key=lambda kv: -abs(kv[1]))
        for key, diff in grown[: args.top]:
            print(f"    {key}: {sizes[key]:,} entries ({diff:+,})")
        if args.trace and n == args.trace_from:
            tracemalloc.start(args.frames)  # what is allocated from here on, and kept
        if args.trace and tracemalloc.is_tracing():
            traced, _ = tracemalloc.get_traced_memory()
            snap = tracemalloc.take_snapshot().filter_traces(skip)
            print(f"    traced {traced / 2**20:,.1f} MB; grown most since the last mark:")
            if state["snap"] is not None:
                for stat in snap.compare_to(state["snap"], "traceback")[: args.top]:  # type: ignore[arg-type]
                    if stat.size_diff <= 0:
                        break
                    # innermost first (a Traceback runs from the oldest frame)
                    where = " < ".join(f"{Path(fr.filename).name}:{fr.lineno}" for fr in list(stat.traceback)[::-1][:6])
                    print(f"      {stat.size_diff / 2**20:+7.2f} MB {stat.count_diff:+9,} blocks  {where}")
            state["snap"] = snap
        state.update(n=n, cpu=time.process_time(), rss=rss_mb(), sizes=sizes)

    def feed() -> Iterator[Article]:
        for i, text, day in articles(texts, args.articles, args.per_day, args.dates == "cycle"):
            if i and i % args.every == 0:
                mark(i)
            yield Article(text=text, origin=f"memory-{i}", title=f"Article {i}", published=day)

    tmp = tempfile.TemporaryDirectory()
    store = SQLiteStore(Path(tmp.name) / "memory.db")
    with tmp:
        mark_cpu = time.process_time()
        report = ingest_loaded(feed(), store, pipeline=pipeline)
        mark(args.articles)
        print(f"stored {len(report.added):,}, copies {report.copies:,}, duplicates {report.duplicates:,}, "
              f"failed {len(report.failures):,}; {report.words:,} words in {time.process_time() - mark_cpu:,.1f} s CPU; "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB", flush=True)
        store.close()


if __name__ == "__main__":
    main()
