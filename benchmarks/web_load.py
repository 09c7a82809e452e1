"""HTTP load on the web app (`make bench`): 20 concurrent clients against `quotetrail serve`
on loopback over a store of 10,000 articles; p50/p95 latency of the search and article pages.

The store is built once and cached (.cache/bench-10000.db): articles are recombined from the
paragraphs of examples/ and ../shared/samples (three paragraphs each, a numbered header line
so no two are alike, site and date varied), each run through the full analysis pipeline.
The load generator is a minimal keep-alive HTTP/1.1 client on asyncio in its own process, so
the server's time is not shared with a heavy client library.

Besides the 15 fixed words, one run draws its queries from the store's own index (every word
found in two or more articles, and pairs of words from one article), taken one after another:
about 8,000 distinct searches, none asked twice unless a run gets through all of them, so no
cache of any kind could help.

Usage: python benchmarks/web_load.py [--articles 10000] [--clients 20] [--seconds 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache"
SITES = ["Weserblick", "Harbour Gazette", "Nordkurier Online", "North Sea Ledger", "Chas Pravdy",
         "Kurznachrichten Nord", "Brief Wire", "Hafenblatt"]
QUERIES = ["Streik", "Rutte", "Container", "Hafen", "Krieg", "strike", "sagte", "Ukraine", "Reederei",
           "Soldaten", "port", "Angebot", "Sanktionen", "Keller", "Million"]


def paragraphs() -> dict[str, list[str]]:
    from quotetrail.ingest import IngestOptions, expand, load

    pools: dict[str, list[str]] = {"de": [], "en": []}
    inputs = [str(ROOT / "examples"), str(ROOT.parent / "shared" / "samples")]
    for item in expand([i for i in inputs if Path(i).exists()], IngestOptions()):
        for art in load(item):  # type: ignore[arg-type]
            if not hasattr(art, "text"):
                continue
            # the language is detected later, in the pipeline; these inputs are German or English
            lang = art.lang or ("en" if re.search(r"\b(the|and|said)\b", art.text) else "de")
            pools[lang] += [p.strip() for p in art.text.split("\n") if len(p.split()) >= 8]
    return pools


def build(path: Path, n: int) -> None:
    from quotetrail.analysis import default_pipeline
    from quotetrail.model import Article
    from quotetrail.store import SQLiteStore

    rng = random.Random(7)
    pools = paragraphs()
    pipeline = default_pipeline()
    tmp = path.with_suffix(".tmp")
    for f in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        f.unlink(missing_ok=True)
    store = SQLiteStore(tmp)
    start = time.monotonic()
    for i in range(n):
        lang = "de" if rng.random() < 0.6 else "en"
        paras = rng.sample(pools[lang], k=min(3, len(pools[lang])))
        long_one = i == 0  # one long article (about 60 paragraphs) for the article-page check
        if long_one:
            paras = [rng.choice(pools[lang]) for _ in range(60)]
        header = f"Bericht Nr. {i}" if lang == "de" else f"Report no. {i}"
        text = "\n\n".join([header, *paras])
        art = Article(text=text, origin=f"bench:{i}", title=f"{header}: {paras[0][:60]}",
                      site=rng.choice(SITES), lang=lang,
                      published=date(2025, 1, 1) + timedelta(days=rng.randrange(600)))
        store.add(pipeline(art))
        if i % 500 == 499:
            print(f"  {i + 1} articles, {time.monotonic() - start:.0f} s", file=sys.stderr)
    store.close()
    os.replace(tmp, path)


def varied_queries(db: Path, pairs: int = 8000) -> list[str]:
    """Every word indexed in at least two articles, and up to ``pairs`` two-word queries taken
    from one article each (so they match): distinct, shuffled."""
    rng = random.Random(3)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, row)")
    queries = [t for (t,) in con.execute("SELECT term FROM temp.vocab WHERE doc >= 2 AND term NOT GLOB '*[0-9]*'")]
    top = con.execute("SELECT max(id) FROM articles").fetchone()[0]
    wanted = len(queries) + pairs
    while len(queries) < wanted:
        row = con.execute("SELECT text FROM articles WHERE id = ?", (rng.randrange(1, top + 1),)).fetchone()
        words = re.findall(r"[^\W\d_]{4,}", row[0]) if row else []
        if len(words) >= 2:
            queries.append(" ".join(rng.sample(words, 2)))
    con.close()
    rng.shuffle(queries)
    return list(dict.fromkeys(queries))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def client(port: int, paths: list[str], deadline: float, out: list[tuple[str, float, int]],
                 order: Iterator[str] | None = None, delay: float = 0) -> None:
    """One keep-alive connection (opened after ``delay`` s), one request at a time, until the
    deadline; each path drawn at random, or the next from ``order`` (shared by all clients)."""
    await asyncio.sleep(delay)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    rng = random.Random()
    while time.monotonic() < deadline:
        path = next(order) if order is not None else rng.choice(paths)
        t0 = time.perf_counter()
        writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: keep-alive\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
        await reader.readexactly(length)
        out.append((path, time.perf_counter() - t0, status))
    writer.close()


def run_load(port: int, paths: list[str], clients: int, seconds: float,
             in_order: bool = False) -> list[tuple[str, float, int]]:
    """``in_order``: the clients take the paths one after another (repeats only once all were
    asked), instead of each at random."""
    out: list[tuple[str, float, int]] = []
    order = itertools.cycle(paths) if in_order else None

    async def main() -> None:
        deadline = time.monotonic() + seconds
        # connections 10 ms apart, as browsers arrive, not in one burst: a server process that
        # wakes to a burst accepts every waiting connection at once (one took 19 of 20)
        await asyncio.gather(*(client(port, paths, deadline, out, order, i * 0.01) for i in range(clients)))

    asyncio.run(main())
    return out


def report(name: str, results: list[tuple[str, float, int]], seconds: float) -> str:
    times = sorted(t * 1000 for _, t, _ in results)
    bad = sum(1 for _, _, s in results if s != 200)
    q = statistics.quantiles(times, n=100)
    line = (f"| {name} | {len(times)} | {len(times) / seconds:.0f} | {q[49]:.1f} | {q[94]:.1f} | {q[98]:.1f} | {bad} |")
    print(line)
    return line


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--workers", type=int, default=2, help="server processes (quotetrail serve --workers)")
    args = ap.parse_args()
    CACHE.mkdir(exist_ok=True)
    db = CACHE / f"bench-{args.articles}.db"
    if not db.exists():
        print(f"building {db} (once; cached afterwards)", file=sys.stderr)
        build(db, args.articles)
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "quotetrail"), "serve", "--db", str(db),
                               "--port", str(port), "--workers", str(args.workers)],
                              env={**os.environ, "QUOTETRAIL_TOKEN": ""})
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        rng = random.Random(1)
        searches = [f"/?q={quote(q)}" for q in QUERIES]
        articles = [f"/articles/{rng.randrange(1, args.articles + 1)}" for _ in range(500)]
        run_load(port, searches[:3] + articles[:20], 4, 2)  # warm up
        long_times = []
        for _ in range(20):  # the long article alone, no concurrency: server time, plus loopback
            long_times += [t for _, t, _ in run_load(port, ["/articles/1"], 1, 0.05)]
        print(f"\n{args.articles} articles, {args.clients} concurrent clients, {args.workers} server processes, "
              f"{args.seconds:.0f} s per run, "
              f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
              f"load average before the runs {os.getloadavg()[0]:.1f} (anything else busy skews them)\n")
        print("| page | requests | req/s | p50 ms | p95 ms | p99 ms | non-200 |\n|---|---|---|---|---|---|---|")
        report("search page `/?q=…`", run_load(port, searches, args.clients, args.seconds), args.seconds)
        varied = [f"/?q={quote(q)}" for q in varied_queries(db)]
        report(f"search page, {len(varied)} varied queries in turn",
               run_load(port, varied, args.clients, args.seconds, in_order=True), args.seconds)
        report("article page `/articles/{id}`", run_load(port, articles, args.clients, args.seconds), args.seconds)
        report("API search `/api/v1/search`", run_load(port, [f"/api/v1/search?q={quote(q)}" for q in QUERIES],
                                                       args.clients, args.seconds), args.seconds)
        print(f"\nlong article (id 1, {len(long_times)} requests one at a time): "
              f"median {statistics.median(long_times) * 1000:.1f} ms, max {max(long_times) * 1000:.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
