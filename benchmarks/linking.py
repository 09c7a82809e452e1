"""The cost of storing and linking an article as a store grows (`make bench`; issues 13 and 14).

The corpus articles (German SpkAtt, English PolNeAR, train and dev) are analysed once; the
analysed documents are then stored again and again into one fresh store, each copy with a text
made unique by an appended line (so no duplicate check stops it; every span stays where it was)
and a publication date that moves on at ``--per-day`` articles a day, as a news flow would.
Timed (process CPU, so per core): what ``quotetrail ingest`` does after the analysis — the
near-duplicate signature and look-up, then ``SQLiteStore.add``: writing the spans, entity
linking, claim grouping and story clustering in one transaction. The split by phase (entities,
claims, stories; "spans" is the rest: rows, search index, commit) is measured by wrapping those
steps. End to end adds the analysis's own CPU per word, measured on the corpus at the start.
Memory: the current RSS at each mark, and its growth per 1,000 articles since the previous mark
(the analysed corpus the benchmark holds, pickled, ~80 MB, is part of the RSS but does not grow).
The point is a flat cost per article and flat memory from 1k to 100k.

With ``--hash`` the claim tables are dumped and hashed at the end of each run, so a change
meant to keep outputs can be checked against the code before it; with ``--sql`` every SQL
statement's CPU time over the last 1,000 articles is summed by statement text.

With ``--corpus-cache FILE`` the analysed corpus is read from FILE when it exists (and written
there otherwise), so runs that compare store code skip the minute of analysis; the analysis
rate printed is then the one measured when the file was written. ``--profile-out FILE`` saves
the profile's full statistics (``pstats``) beside the 25 lines printed.

Articles are committed in batches, as ``quotetrail ingest`` commits them (``SQLiteStore.batched``);
``--batch 1`` commits each, as before batches. ``--profile`` uses a CPU-time timer.

Usage: python benchmarks/linking.py [--sizes 1000,10000] [--per-day 200] [--profile] [--hash] [--sql]
                                    [--corpus-cache FILE] [--profile-out FILE] [--batch N]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pickle
import platform
import pstats
import re
import resource
import sqlite3
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from quotetrail.analysis import default_pipeline
from quotetrail.evaluate.corpora import data_dir, load_doc
from quotetrail.ingest.dedup import signature
from quotetrail.link.claims import ClaimLinker
from quotetrail.link.entities import EntityLinker
from quotetrail.model import Document
from quotetrail.store.sqlite import SQLiteStore

PHASES = {"entities": 0.0, "claims": 0.0, "stories": 0.0}
# what linking writes; ids are assigned in order, so equal outputs give equal dumps
CLAIM_TABLES = ("claim_groups", "claim_members", "claim_keys", "quote_bigrams", "quote_shingles")


def claims_hash(db: sqlite3.Connection) -> str:
    """A SHA-256 over every row of the claim tables, in a fixed order."""
    h = hashlib.sha256()
    for table in CLAIM_TABLES:
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        order = ", ".join(f'"{c}"' for c in cols)
        for row in db.execute(f"SELECT {order} FROM {table} ORDER BY {order}"):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


class TimedConnection:
    """A connection whose execute/executemany add their CPU time up by statement text (the
    numbers of an IN list folded), for finding the statements whose cost grows."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self.on = False
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def _timed(self, fn: str, sql: str, *args: object) -> object:
        if not self.on:
            return getattr(self._db, fn)(sql, *args)
        t0 = time.process_time()
        out = getattr(self._db, fn)(sql, *args)
        if fn == "execute" and sql.lstrip().upper().startswith("SELECT"):
            out = out.fetchall()  # the rows are read where the statement runs
        key = re.sub(r"\?(, \?)+", "?…", " ".join(sql.split()))[:160]
        self.spent[key] += time.process_time() - t0
        self.calls[key] += 1
        return _Rows(out) if isinstance(out, list) else out

    def execute(self, sql: str, *args: object) -> object:
        return self._timed("execute", sql, *args)

    def executemany(self, sql: str, *args: object) -> object:
        return self._timed("executemany", sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self._db, name)

    def report(self, articles: int) -> None:
        print(f"  SQL by statement, ms per article over the last {articles:,} (calls per article):")
        for key, spent in sorted(self.spent.items(), key=lambda kv: -kv[1])[:20]:
            print(f"    {1000 * spent / articles:6.2f} ({self.calls[key] / articles:5.1f})  {key}")


class _Rows(list):  # type: ignore[type-arg]
    """Fetched rows that answer a cursor's fetchone/fetchall."""

    def fetchone(self) -> object:
        return self[0] if self else None

    def fetchall(self) -> list[object]:
        return list(self)


def _timed(cls: type, name: str, phase: str) -> None:
    """Wrap ``cls.name`` so its process CPU time adds up in PHASES[phase]."""
    inner = getattr(cls, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        t0 = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            PHASES[phase] += time.process_time() - t0

    setattr(cls, name, wrapper)


def rss_mb() -> float:
    """The current resident set size (Linux /proc; the peak where that is missing)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def corpus_documents(limit: int | None) -> tuple[list[bytes], float]:
    """The analysed corpus documents, each pickled, and the analysis's CPU seconds per word.

    Pickled, because as objects they took ~550 MB, which hid the store path's own memory in
    the RSS figures (82 MB pickled); each copy is unpickled outside the timed part."""
    data = data_dir()
    ids = [f"polnear/{s}/{p.stem}" for s in ("train", "dev") for p in sorted((data / "polnear" / s / "text").glob("*.txt"))]
    ids += [f"spkatt-news/{s}/{p.stem}" for s in ("train", "dev") for p in sorted((data / "spkatt-news" / s).glob("*.json"))]
    pipeline = default_pipeline()
    pipeline(load_doc(ids[0]).article)  # warm-up: lemma tables and models load once per process
    docs: list[bytes] = []
    spent = 0.0
    words = 0
    for i in ids[:limit]:
        article = load_doc(i).article
        t0 = time.process_time()
        doc = pipeline(article)
        spent += time.process_time() - t0
        words += doc.article.words
        docs.append(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    return docs, spent / max(1, words)


def copy_of(doc: Document, n: int, day: date) -> Document:
    """The same analysis under a new, unique text (a line appended) and a new date."""
    article = replace(doc.article, text=doc.article.text + f"\n\n[{n}]", published=day, origin=f"bench-{n}")
    return replace(doc, article=article)


def cached_corpus(path: Path | None, limit: int | None) -> tuple[list[bytes], float]:
    """:func:`corpus_documents`, read from ``path`` when it holds them for this ``limit``."""
    if path is not None and path.exists():
        with path.open("rb") as f:
            saved = pickle.load(f)
        if saved["limit"] == limit:
            return saved["docs"], saved["per_word"]
    docs, per_word = corpus_documents(limit)
    if path is not None:
        with path.open("wb") as f:
            pickle.dump({"limit": limit, "docs": docs, "per_word": per_word}, f, protocol=pickle.HIGHEST_PROTOCOL)
    return docs, per_word


def run(docs: list[bytes], size: int, per_day: int, profile: bool, analysis_per_word: float,
        dump: bool = False, sql: bool = False, profile_out: Path | None = None, batch: int | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        if batch is not None:
            store.BATCH_ARTICLES = batch
        with store.batched():  # as `quotetrail ingest` writes (--batch 1: a commit an article)
            _run(store, docs, size, per_day, profile, analysis_per_word, dump, sql, profile_out)
        store.close()


def _run(store: SQLiteStore, docs: list[bytes], size: int, per_day: int, profile: bool, analysis_per_word: float,
         dump: bool, sql: bool, profile_out: Path | None) -> None:
    timed = TimedConnection(store.db) if sql else None
    if timed is not None:
        store.db = timed  # type: ignore[assignment]
    start = date(2020, 1, 1)
    marks = {1_000, 5_000, 10_000, 20_000, 50_000, 100_000, size}
    prof = cProfile.Profile(time.process_time) if profile else None  # CPU time: the machine is shared
    words = block_words = 0
    spent = block_spent = 0.0
    phases_before = dict(PHASES)
    last_mark, last_rss = 0, rss_mb()
    for n in range(size):
        doc = copy_of(pickle.loads(docs[n % len(docs)]), n, start + timedelta(days=n // per_day))
        profiling = prof is not None and n >= size - 1000
        if timed is not None:
            timed.on = n >= size - 1000
        t0 = time.process_time()
        if profiling:
            prof.enable()  # type: ignore[union-attr]
        # the copies are near-duplicates of each other by construction, so the look-up's
        # answer is ignored and each is stored; its signature is indexed as add() would
        sig = signature(doc.article.text)
        store.find_near_duplicate(sig)
        added = store.add(doc)
        if store._near is not None:
            store._near.add(added.article_id, sig)
        if profiling:
            prof.disable()  # type: ignore[union-attr]
        took = time.process_time() - t0
        spent += took
        block_spent += took
        words += doc.article.words
        block_words += doc.article.words
        if n + 1 in marks or (n + 1) % 10_000 == 0:
            count = n + 1 - last_mark
            split = {k: 1000 * (PHASES[k] - phases_before[k]) / count for k in PHASES}
            split["spans"] = 1000 * block_spent / count - sum(split.values())
            rss = rss_mb()
            print(f"  {n + 1:>7,} articles: {1000 * block_spent / count:5.1f} ms CPU per article over the last "
                  f"{count:,} ({', '.join(f'{k} {v:.1f}' for k, v in split.items())}); "
                  f"{block_words / block_spent:,.0f} words/s per core storing and linking, "
                  f"{block_words / (block_spent + analysis_per_word * block_words):,.0f} end to end; "
                  f"RSS {rss:,.0f} MB ({1000 * (rss - last_rss) / count:+.1f} MB per 1,000)", flush=True)
            last_mark, last_rss, block_words, block_spent = n + 1, rss, 0, 0.0
            phases_before = dict(PHASES)
    print(f"  {size:,} articles, {words:,} words in {spent:.1f} s CPU: {words / spent:,.0f} words/s per core "
          f"storing and linking, {words / (spent + analysis_per_word * words):,.0f} words/s per core end to end "
          f"(analysis included); peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB",
          flush=True)
    if timed is not None:
        timed.report(min(1000, size))
    if dump:
        print(f"  claim tables sha256 {claims_hash(store.db)}", flush=True)  # type: ignore[arg-type]
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        if profile_out is not None:
            prof.dump_stats(profile_out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--per-day", type=int, default=200)
    ap.add_argument("--limit", type=int, default=None, help="corpus documents to recombine")
    ap.add_argument("--profile", action="store_true", help="cProfile the last 1,000 articles")
    ap.add_argument("--hash", action="store_true", help="hash the claim tables at the end of each run")
    ap.add_argument("--sql", action="store_true", help="time each SQL statement over the last 1,000 articles")
    ap.add_argument("--corpus-cache", type=Path, default=None,
                    help="read the analysed corpus from this file, or write it there")
    ap.add_argument("--profile-out", type=Path, default=None, help="save the full profile (pstats) here")
    ap.add_argument("--batch", type=int, default=None,
                    help="articles a commit (default: the store's, as ingest; 1: a commit an article)")
    args = ap.parse_args()
    if not (data_dir() / "polnear").is_dir():
        raise SystemExit(f"corpora not found under {data_dir()}; set QUOTETRAIL_DATA")
    print(f"linking benchmark — {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores, {args.per_day} articles a day")
    docs, per_word = cached_corpus(args.corpus_cache, args.limit)
    print(f"  analysed {len(docs):,} corpus articles once: {1 / per_word:,.0f} words/s per core")
    _timed(EntityLinker, "link", "entities")
    _timed(ClaimLinker, "link", "claims")
    _timed(SQLiteStore, "_assign_story", "stories")
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"store grown to {size:,} articles:")
        run(docs, size, args.per_day, args.profile, per_word, args.hash, args.sql, args.profile_out, args.batch)


if __name__ == "__main__":
    main()
