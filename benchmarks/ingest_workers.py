"""End-to-end `ingest` with one process and with worker processes (`make bench`; issue 14).

Builds a folder of ``--articles`` plain-text files from the shared corpora at run time (English
PolNeAR and German SpkAtt texts, train + dev; past the ~1,650 originals, new texts are the first
half of one article joined to the second half of another, so none is a duplicate or a
near-duplicate), then ingests the folder into a fresh store once per ``--workers`` value, each
run in a fresh process, as `quotetrail ingest DIR --workers N` would.

Reported per run: wall time, CPU time of the writer and of its workers (``getrusage``), words/s
of wall time, words/s per core (words / all CPU seconds), and the speed-up in wall time against
one process. On a machine other jobs share, wall time is what those jobs leave over (the load
average before each run is printed beside it), so the speed-up is also estimated from CPU time
alone: on idle cores a run takes as long as its busiest process or as its whole CPU time spread
over the cores, whichever is longer.

Usage: python benchmarks/ingest_workers.py [--articles 1000] [--workers 1,2] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def corpus_texts(data: Path) -> list[str]:
    texts = []
    for split in ("train", "dev"):
        texts += [f.read_text(encoding="utf-8") for f in sorted((data / "polnear" / split / "text").glob("*.txt"))]
        for f in sorted((data / "spkatt-news" / split).glob("*.json")):
            doc = json.loads(f.read_text(encoding="utf-8"))
            texts.append("\n".join(" ".join(s["Tokens"]) for s in doc["Sentences"]))
    return texts


def build_folder(texts: list[str], n: int, folder: Path) -> int:
    """``n`` articles, interleaving the languages; returns their words."""
    order = [t for pair in zip(texts[: len(texts) // 2], texts[len(texts) // 2 :], strict=False) for t in pair]
    words = 0
    for i in range(n):
        base, rnd = order[i % len(order)], i // len(order)
        if rnd:  # halves of two different articles: a new text, no near-duplicate of either
            other = order[(i + 7 * rnd) % len(order)]
            base = base[: len(base) // 2] + "\n" + other[len(other) // 2 :]
        (folder / f"{i:06d}.txt").write_text(base, encoding="utf-8")
        words += len(base.split())
    return words


def one_run(folder: Path, workers: int) -> dict[str, float]:
    """Ingest ``folder`` into a fresh store (runs in its own process)."""
    from quotetrail.api import ingest
    from quotetrail.store import open_store

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        wall, cpu = time.perf_counter(), time.process_time()
        report = ingest([str(folder)], store, workers=workers)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"workers": workers, "wall": wall, "writer_cpu": cpu, "added": len(report.added),
            "copies": report.copies, "failed": report.failed, "load": load,
            "writer_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = os.environ.get("QUOTETRAIL_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    parser.add_argument("--data", type=Path, default=Path(default))
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to compare")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # internal: one run on this folder
    args = parser.parse_args()
    if args.run:
        print(json.dumps(one_run(args.run, int(args.workers))))
        return 0
    if not args.data.is_dir():
        print(f"No corpora at {args.data}: set QUOTETRAIL_DATA or put shared/data beside the repo. Nothing measured.")
        return 0
    texts = corpus_texts(args.data)
    if not texts:
        print(f"No spkatt-news or polnear texts under {args.data}. Nothing measured.")
        return 0
    print(f"quotetrail ingest --workers benchmark — Python {platform.python_version()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        words = build_folder(texts, args.articles, folder)
        print(f"  {args.articles:,} articles, {words:,} words in {folder}")
        base = base_bound = None
        for workers in (int(w) for w in args.workers.split(",")):
            # the workers are children of multiprocessing's fork server, not of the writer, so
            # their CPU time is counted here, once the run's whole process tree has ended
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run([sys.executable, __file__, "--run", str(folder), "--workers", str(workers)],
                                 capture_output=True, text=True, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            r = json.loads(out.stdout)
            # the whole run's CPU minus the writer's ingest: the workers, the fork server and
            # the run's start-up (imports, building the folder list), which one process pays too
            r["workers_cpu"] = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) - r["writer_cpu"]
            r["worker_rss_mb"] = after.ru_maxrss / 1024
            cpu = r["writer_cpu"] + r["workers_cpu"]
            # what the wall time would be on idle cores, from CPU time alone: the busiest
            # process, or all the work spread over the cores, whichever is longer
            cores = os.cpu_count() or 1
            bound = cpu if workers == 1 else max(r["writer_cpu"], r["workers_cpu"] / workers, cpu / min(cores, workers + 1))
            base_bound = base_bound or bound
            base = base or r["wall"]
            print(f"  --workers {workers}: {r['wall']:.1f} s wall, CPU {r['writer_cpu']:.1f} s writer + "
                  f"{r['workers_cpu']:.1f} s rest; {words / r['wall']:,.0f} words/s, "
                  f"{words / cpu:,.0f} words/s per core, {args.articles / r['wall']:.1f} articles/s; "
                  f"speed-up {base / r['wall']:.2f}x; {r['added']} added, {r['copies']} copies, "
                  f"{r['failed']} failed; load average before {r['load']:.1f}; peak RSS writer "
                  f"{r['writer_rss_mb']:,.0f} MB, largest process of all runs so far {r['worker_rss_mb']:,.0f} MB")
            print(f"      on {cores} idle cores (from CPU time): {bound:.1f} s, speed-up {base_bound / bound:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
