"""Story clustering: cost per article over long streams, and a look at real clusters (`make bench`).

Timing: a few hundred corpus articles (German SpkAtt, English PolNeAR) are analysed once with the
default pipeline; their story features are then recombined and perturbed into synthetic streams
of 1,000 / 10,000 / 100,000 articles at a steady number of articles per day, and only
``StoryClusterer.add`` is timed (process CPU time, so other jobs on the machine do not inflate
it). Flat cost per article from 1k to 100k is the point.

Quality (``--quality``): clusters the real corpus articles in date order (dates from PolNeAR's
metadata and SpkAtt's document names) plus the two German samples, prints every story with more
than one article by title, and compares LSH candidates with scoring every live story.

Store (``--store``): the same streams through the store's story assignment
(``SQLiteStore._store_story``: log catch-up, scoring, the stories row and log entry, checkpoints),
by one connection or several taking turns as concurrent ingests would; also the cost of a new
process's first article (checkpoint plus the log after it).

Usage: python benchmarks/clustering.py [--sizes 1000,10000,100000] [--base N] [--per-day N]
       python benchmarks/clustering.py --store [--sizes 1000,10000] [--writers 1,2] [--per-day 200]
              [--partition DIR] [--features FILE]
       python benchmarks/clustering.py --quality [--split dev]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from quotetrail.analysis import default_pipeline
from quotetrail.link.stories import (
    StoryClusterer,
    StoryConfig,
    StoryFeatures,
    features_from_document,
)
from quotetrail.model import Article
from quotetrail.store.sqlite import SQLiteStore
from quotetrail.store.stories import SAVE_EVERY

_SPKATT_NAME = re.compile(r"^\d+ - (?P<title>.*) \((?P<date>\d{4}-\d{2}-\d{2})\)$")


@dataclass
class CorpusDoc:
    lang: str
    text: str
    published: date | None
    title: str


def spkatt(data: Path, splits: tuple[str, ...], limit: int | None) -> list[CorpusDoc]:
    out: list[CorpusDoc] = []
    for split in splits:
        for f in sorted((data / "spkatt-news" / split).glob("*.json")):
            doc = json.loads(f.read_text(encoding="utf-8"))
            m = _SPKATT_NAME.match(doc.get("DocumentName", ""))
            text = "\n".join(" ".join(s["Tokens"]) for s in doc["Sentences"])
            out.append(CorpusDoc("de", text, date.fromisoformat(m["date"]) if m else None,
                                 m["title"] if m else f.stem))
    return out[:limit]


def polnear(data: Path, splits: tuple[str, ...], limit: int | None) -> list[CorpusDoc]:
    meta: dict[str, tuple[date | None, str]] = {}
    with open(data / "polnear" / "metadata.tsv", encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            try:
                published: date | None = date.fromisoformat(row.get("publication_date", ""))
            except ValueError:
                published = None
            meta[row["filename"]] = (published, f"{row.get('publisher')}: {row.get('title')}")
    out: list[CorpusDoc] = []
    for split in splits:
        for f in sorted((data / "polnear" / split / "text").glob("*.txt")):
            published, title = meta.get(f.stem, (None, f.stem))
            out.append(CorpusDoc("en", f.read_text(encoding="utf-8"), published, title))
    return out[:limit]


def analysed(docs: list[CorpusDoc]) -> list[StoryFeatures]:
    pipeline = default_pipeline()
    return [
        features_from_document(
            pipeline(Article(text=d.text, origin="bench", lang=d.lang, published=d.published)), i)
        for i, d in enumerate(docs)
    ]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- timing on synthetic streams


class SyntheticStream:
    """Recombined corpus features: each synthetic story starts from one corpus article and its
    follow-ups keep most of that article's lemmas, entities and figures, with words from other
    articles mixed in. Articles arrive at ``per_day`` a day, so the window holds a steady number."""

    def __init__(self, bases: list[StoryFeatures], per_day: int, seed: int = 7) -> None:
        self.bases = bases
        self.per_day = per_day
        self.rng = random.Random(seed)
        self.active: list[tuple[int, StoryFeatures]] = []  # (start day, base)
        self.n = 0

    def _mix(self, items: tuple[str, ...], other: tuple[str, ...], keep: float) -> tuple[str, ...]:
        rng = self.rng
        kept = [t for t in items if rng.random() < keep]
        extra = [t for t in other if rng.random() < (1 - keep) / 2]
        return tuple(kept + extra)

    def next(self) -> StoryFeatures:
        rng, day = self.rng, self.n // self.per_day
        self.active = [(d, b) for d, b in self.active if day - d <= 5]
        if not self.active or rng.random() < 0.35:
            base = rng.choice(self.bases)
            self.active.append((day, base))
        else:
            base = rng.choice(self.active)[1]
        other = rng.choice(self.bases)
        f = StoryFeatures(
            article_id=self.n,
            published=date(2000, 1, 1) + timedelta(days=day),
            lang=base.lang,
            lemmas=self._mix(base.lemmas, other.lemmas if other.lang == base.lang else (), 0.75),
            entities=self._mix(base.entities, other.entities, 0.8),
            figures=self._mix(base.figures, (), 0.7),
            names={**other.names, **base.names},
        )
        self.n += 1
        return f


def time_stream(bases: list[StoryFeatures], size: int, per_day: int) -> dict[str, float]:
    stream = SyntheticStream(bases, per_day)
    clusterer = StoryClusterer()
    cpu = 0.0
    last_chunk = 0.0
    chunk = 1000
    stories: set[int] = set()
    for start in range(0, size, chunk):
        batch = [stream.next() for _ in range(min(chunk, size - start))]
        t0 = time.process_time()
        for f in batch:
            done = clusterer.assign(f)
            stories.add(done.story)
            stories.difference_update(absorbed for absorbed, _ in done.merges)
        last_chunk = time.process_time() - t0
        cpu += last_chunk
    state = clusterer.to_state()
    return {"size": size, "cpu": cpu, "us": 1e6 * cpu / size, "us_last": 1e6 * last_chunk / min(chunk, size),
            "stories": len(stories), "live_stories": len(clusterer.live_stories()),
            "live_articles": clusterer.live_articles, "state_kb": len(state) / 1024,
            "rss": peak_mb()}


def timing(data: Path, sizes: list[int], base: int, per_day: int) -> None:
    docs = spkatt(data, ("train",), base // 2) + polnear(data, ("train",), base // 2)
    t0 = time.process_time()
    bases = [f for f in analysed(docs) if f.lemmas]
    print(f"quotetrail story clustering benchmark — Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, one process")
    print(f"  {len(bases)} corpus articles analysed once ({time.process_time() - t0:.1f} s CPU, not counted); "
          f"synthetic streams at {per_day} articles/day, window {StoryConfig().window_days} days")
    print(f"  {'articles':>8} {'CPU s':>7} {'µs/article':>10} {'last 1k':>8} {'stories':>8} "
          f"{'live stories':>12} {'live articles':>13} {'state KB':>8} {'peak RSS MB':>11}")
    for size in sizes:
        r = time_stream(bases, size, per_day)
        print(f"  {r['size']:>8,} {r['cpu']:>7.1f} {r['us']:>10,.0f} {r['us_last']:>8,.0f} {r['stories']:>8,} "
              f"{r['live_stories']:>12,} {r['live_articles']:>13,} {r['state_kb']:>8,.0f} {r['rss']:>11,.0f}")


# ---------------------------------------------------------------- the same streams through the store


def _store_one(store: SQLiteStore, n: int, f: StoryFeatures) -> float:
    """Store a bare article row and its story in one transaction; the CPU of the story part."""
    with store._transaction():
        cur = store.db.execute(
            "INSERT INTO articles (content_hash, origin, words, text, published) VALUES (?, 'bench', 0, '', ?)",
            (f"h{n}", f.published.isoformat() if f.published else None))
        article_id = int(cur.lastrowid or 0)
        t0 = time.process_time()
        store._store_story(article_id, replace(f, article_id=article_id))
        return time.process_time() - t0


def time_store(bases: list[StoryFeatures], size: int, per_day: int, writers: int, tmp: Path,
               partition: Path | None = None) -> dict[str, float]:
    """Story assignment as the store does it (``SQLiteStore._store_story``: catching up on the
    log, scoring, the stories row, the log entry, a checkpoint every SAVE_EVERY entries), for
    a synthetic stream stored by ``writers`` connections taking turns article by article, as
    that many concurrent ingest processes would (each replays the others' entries)."""
    db = tmp / f"stories-{size}-{writers}.db"
    stores = [SQLiteStore(db) for _ in range(writers)]
    stream = SyntheticStream(bases, per_day)
    saving = {"cpu": 0.0, "n": 0}
    for store in stores:
        real = store._save_stories

        def timed(real: Callable[[], None] = real) -> None:
            t0 = time.process_time()
            real()
            saving["cpu"] += time.process_time() - t0
            saving["n"] += 1

        store._save_stories = timed  # type: ignore[method-assign]
    cpu = last_chunk = 0.0
    chunk = 1000
    for start in range(0, size, chunk):
        spent = 0.0
        for n in range(start, min(start + chunk, size)):
            spent += _store_one(stores[n % writers], n, stream.next())
        last_chunk = spent / (min(start + chunk, size) - start)
        cpu += spent
    # then, untimed, the articles up to the next checkpoint but one: the most a new process
    # ever replays (the checkpoint plus SAVE_EVERY - 1 log entries)
    behind = "SELECT (SELECT max(seq) FROM story_log) - (SELECT coalesce(max(seq), 0) FROM story_checkpoint)"
    for n in range(size, size + SAVE_EVERY - 1 - stores[0].db.execute(behind).fetchone()[0]):
        _store_one(stores[0], n, stream.next())
    log_bytes = stores[0].db.execute("SELECT coalesce(avg(length(features)), 0) FROM story_log").fetchone()[0]
    if partition is not None:  # which story each article got: compare two commits with diff
        partition.mkdir(parents=True, exist_ok=True)
        with open(partition / f"stories-{size}-{writers}.tsv", "w") as out:
            for article_id, story_id in stores[0].db.execute("SELECT id, story_id FROM articles ORDER BY id"):
                out.write(f"{article_id}\t{story_id}\n")
    for store in stores:
        store.close()
    reopened = SQLiteStore(db)  # a new process: checkpoint plus the log after it
    entries = reopened.db.execute(behind).fetchone()[0]
    t0 = time.process_time()
    reopened._clusterer()
    opening = time.process_time() - t0
    reopened.close()
    return {"size": size, "writers": writers, "us": 1e6 * cpu / size, "us_last": 1e6 * last_chunk,
            "saves": saving["n"], "save_ms": 1000 * saving["cpu"] / max(1, saving["n"]),
            "log_kb": log_bytes / 1024, "open_ms": 1000 * opening, "behind": entries,
            "db_mb": db.stat().st_size / 1e6}


def cached_bases(data: Path, base: int, cache: Path | None) -> list[StoryFeatures]:
    """The analysed corpus articles, from ``cache`` when given and present (analysing is most of a
    short run, and two commits compared must see the same features)."""
    if cache is not None and cache.is_file():
        return [StoryFeatures.from_dict(d) for d in json.loads(cache.read_text())]
    docs = spkatt(data, ("train",), base // 2) + polnear(data, ("train",), base // 2)
    bases = [f for f in analysed(docs) if f.lemmas]
    if cache is not None:
        cache.write_text(json.dumps([f.to_dict() for f in bases], ensure_ascii=False))
    return bases


def timing_store(data: Path, sizes: list[int], base: int, per_day: int, writers: list[int],
                 partition: Path | None = None, cache: Path | None = None) -> None:
    bases = cached_bases(data, base, cache)
    print(f"quotetrail story assignment in the store — Python {platform.python_version()}, "
          f"{os.cpu_count()} cores; {len(bases)} corpus articles recombined at {per_day} articles/day, "
          f"checkpoint every {SAVE_EVERY} log entries")
    print(f"  {'articles':>8} {'writers':>7} {'µs/article':>10} {'last 1k':>8} {'checkpoints':>11} "
          f"{'ms each':>7} {'log entry KB':>12} {'open: entries':>13} {'open ms':>7} {'db MB':>6}")
    print("  (open: a new process's first article at worst, the checkpoint plus the log entries after it)")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            for w in writers:
                r = time_store(bases, size, per_day, w, Path(tmp), partition)
                print(f"  {r['size']:>8,} {r['writers']:>7} {r['us']:>10,.0f} {r['us_last']:>8,.0f} "
                      f"{r['saves']:>11} {r['save_ms']:>7,.0f} {r['log_kb']:>12.1f} {r['behind']:>13,} "
                      f"{r['open_ms']:>7,.0f} {r['db_mb']:>6,.1f}", flush=True)


# ---------------------------------------------------------------- quality on real articles


def samples(root: Path) -> list[CorpusDoc]:
    from quotetrail.ingest import IngestOptions, expand, load

    options = IngestOptions()
    out = []
    for item in expand([str(root)], options):
        for a in load(item, options):  # type: ignore[arg-type]
            if isinstance(a, Article):
                out.append(CorpusDoc(a.lang or "de", a.text, a.published, f"sample: {a.title}"))
    return out


def quality(data: Path, split: str, samples_dir: Path) -> None:
    docs = spkatt(data, (split,), None) + polnear(data, (split,), None)
    if samples_dir.is_dir():
        docs += samples(samples_dir)
    docs.sort(key=lambda d: (d.published or date.min, d.lang, d.title))
    feats = analysed(docs)
    runs = {}
    for name, config in (("lsh", StoryConfig()), ("exhaustive", StoryConfig(exhaustive=True))):
        clusterer = StoryClusterer(config)
        ids, into = [], {}
        for f in feats:
            done = clusterer.assign(f)
            ids.append(done.story)
            into.update(done.merges)  # absorbed -> survivor: earlier articles follow their story
        for i, sid in enumerate(ids):
            while sid in into:
                sid = into[sid]
            ids[i] = sid
        labels: dict[int, str] = {}
        for sid in set(ids):
            if clusterer.info(sid):
                labels[sid] = clusterer.label(sid)
        runs[name] = (ids, clusterer, labels)
    ids, _, _ = runs["lsh"]
    ex, _, _ = runs["exhaustive"]
    pairs = lambda a: {(i, j) for i in range(len(a)) for j in range(i + 1, len(a)) if a[i] == a[j]}  # noqa: E731
    p_lsh, p_ex = pairs(ids), pairs(ex)
    print(f"{len(docs)} articles ({split} split + samples) → {len(set(ids))} stories; "
          f"same-story pairs: LSH {len(p_lsh)}, exhaustive {len(p_ex)}, shared {len(p_lsh & p_ex)}")
    members: dict[int, list[int]] = defaultdict(list)
    for i, sid in enumerate(ids):
        members[sid].append(i)
    # Labels are only kept for live stories; rebuild them per story for the printout.
    for sid, idx in sorted(members.items(), key=lambda kv: -len(kv[1])):
        if len(idx) < 2:
            continue
        c = StoryClusterer()
        for i in idx:
            c.add(feats[i])
        print(f"\n  story {sid} ({len(idx)} articles): {c.label(c.live_stories()[-1])}")
        for i in idx:
            d = docs[i]
            print(f"    {d.published} {d.lang} {d.title[:110]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = os.environ.get("QUOTETRAIL_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    parser.add_argument("--data", type=Path, default=Path(default))
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--base", type=int, default=400, help="corpus articles to analyse (half per language)")
    parser.add_argument("--per-day", type=int, default=50)
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--store", action="store_true", help="time story assignment through the store")
    parser.add_argument("--writers", default="1,2", help="with --store: connections taking turns")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--samples", type=Path, default=None)
    parser.add_argument("--partition", type=Path, default=None,
                        help="with --store: write each run's article -> story map (TSV) into this folder")
    parser.add_argument("--features", type=Path, default=None,
                        help="with --store: cache of the analysed corpus articles (JSON), read if present")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"No corpora at {args.data}: set QUOTETRAIL_DATA or put shared/data beside the repo. Nothing measured.")
        return 0
    if args.quality:
        quality(args.data, args.split, args.samples or args.data.parent / "samples")
    elif args.store:
        timing_store(args.data, [int(s) for s in args.sizes.split(",")], args.base, args.per_day,
                     [int(w) for w in args.writers.split(",")], args.partition, args.features)
    else:
        timing(args.data, [int(s) for s in args.sizes.split(",")], args.base, args.per_day)
    return 0


if __name__ == "__main__":
    sys.exit(main())
