"""The two stores side by side: storing hand-built articles and searching them, SQLite vs
PostgreSQL (issue 15).

Articles are built in memory (one sentence with a statement plus 40 numbered words, so no two
are near-duplicates) and stored with ``store.add``: the analysis is left out, only the store's
own cost is timed. Times are CPU seconds: this process's (``time.process_time``) and, for
PostgreSQL, the server backend's serving this connection (from /proc), so other jobs on a shared
machine do not inflate them. The search queries are the same on both, and so is what they find
(the script checks the counts).

Usage: python benchmarks/stores.py [--articles 300] [--pg postgresql://…]
       (without --pg a throwaway server is started as the tests do: tests/pgserver.py)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from quotetrail.model import Article, Attribution, Document, Span  # noqa: E402
from quotetrail.store import open_store  # noqa: E402

SENTENCE = "Die Ministerin Eva Roth sagte am Freitag, 300 Häuser seien betroffen."
WORDS = "Hafen Streik Container Gewerkschaft Lohn Schiff Kran Reederei Senat Bremen Zoll Lager".split()


def document(i: int) -> Document:
    text = SENTENCE + " " + " ".join(f"{WORDS[(i * 7 + k) % len(WORDS)]}{i * 13 + k}" for k in range(40)) + "."
    doc = Document(Article(text=text, origin=f"bench:{i}", lang="de"))
    start = text.index("300")
    content = Span.of(text, start, start + len("300 Häuser seien betroffen"))
    doc.attributions = [Attribution(content=content, form="indirect", speaker_name="Eva Roth")]
    return doc


def queries(n: int) -> list[str]:
    common = ["betroffen", "Ministerin Häuser"] * 10  # in every article: ranking is capped
    rare = [f"{WORDS[(i * 7) % len(WORDS)]}{i * 13}" for i in range(0, n, 7)]  # one article each
    return common + rare


def _server_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(target: str | Path, docs: list[Document], asked: list[str]) -> dict[str, float]:
    store = open_store(target)
    try:
        pid = store.db.execute("SELECT pg_backend_pid()").fetchone()[0] if isinstance(target, str) else None
        s0, t0 = _server_cpu(pid), time.process_time()
        for doc in docs:
            assert store.add(doc).status == "added"
        s1, t1 = _server_cpu(pid), time.process_time()
        found = sum(len(store.search(q, limit=20)) for q in asked)
        s2, t2 = _server_cpu(pid), time.process_time()
    finally:
        store.close()
    return {"add_client": t1 - t0, "add_server": s1 - s0, "search_client": t2 - t1, "search_server": s2 - s1,
            "found": found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--pg", help="an empty PostgreSQL database (default: a throwaway server)")
    args = parser.parse_args()
    docs, asked = [document(i) for i in range(args.articles)], queries(args.articles)
    server = None
    if args.pg is None:
        from tests.pgserver import Server, binaries

        bindir = binaries()
        if bindir is None:
            sys.exit("no PostgreSQL binaries found; pass --pg URL")
        server = Server(bindir)
        args.pg = server.database()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            results = {"SQLite": measure(Path(tmp) / "bench.db", docs, asked),
                       "PostgreSQL": measure(args.pg, docs, asked)}
    finally:
        if server is not None:
            server.stop()
    print(f"{args.articles} articles stored, {len(asked)} searches (limit 20); CPU seconds")
    print(f"{'store':<11} {'add: client':>12} {'server':>7} {'ms/article':>11} {'search: client':>15} {'server':>7} "
          f"{'ms/search':>10} {'results':>8}")
    for name, r in results.items():
        per_add = (r["add_client"] + r["add_server"]) / args.articles * 1000
        per_search = (r["search_client"] + r["search_server"]) / len(asked) * 1000
        print(f"{name:<11} {r['add_client']:>12.2f} {r['add_server']:>7.2f} {per_add:>11.1f} "
              f"{r['search_client']:>15.2f} {r['search_server']:>7.2f} {per_search:>10.1f} {int(r['found']):>8}")
    if results["SQLite"]["found"] != results["PostgreSQL"]["found"]:
        sys.exit("the stores found different numbers of results")


if __name__ == "__main__":
    main()
