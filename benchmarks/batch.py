"""`quotetrail batch` on Spark `local[2]` against `ingest --workers 2` (issue 15). Not a test.

Builds ``--articles`` articles at run time from the shared corpora's real texts (PolNeAR English,
SpkAtt German; the same construction as benchmarks/ingest_workers.py, so none is a duplicate),
written as JSON Lines files of 250 articles (an archive's usual shape; both commands read them),
then, each in a fresh process:

1. ``ingest --workers 2`` into a fresh SQLite store;
2. ``batch --master local[2]`` into a fresh folder, twice on one session (cold, then warm): the
   session start, each job, and the CPU time of every process of the run (driver, JVM, Python
   workers; read from /proc before the session stops, since the Python workers are the JVM's
   children, not ours);
3. Spark's overhead per task: a job of ``--tasks`` empty Python tasks on the same session.

From these it prints articles/s (wall, and per CPU second of the Python workers: the per-core
analysis rate) and a projection for ``--project`` articles on ``--nodes`` nodes of ``--cores``
cores. On a shared machine wall time is what other jobs leave over: the load average is printed
beside each run and the projection uses CPU time only.

Usage: python benchmarks/batch.py [--articles 2000] [--data DIR] [--nodes 20 --cores 16]
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_workers import corpus_texts  # noqa: E402  (the corpora, read the same way)

_TICK = os.sysconf("SC_CLK_TCK")


def build_jsonl(texts: list[str], n: int, folder: Path, per_file: int = 250) -> int:
    """``n`` articles as JSON Lines (languages interleaved; past the originals, halves of two
    articles joined, as benchmarks/ingest_workers.py does); returns their words."""
    order = [t for pair in zip(texts[: len(texts) // 2], texts[len(texts) // 2 :], strict=False) for t in pair]
    words, lines = 0, []
    for i in range(n):
        base, rnd = order[i % len(order)], i // len(order)
        if rnd:
            other = order[(i + 7 * rnd) % len(order)]
            base = base[: len(base) // 2] + "\n" + other[len(other) // 2 :]
        lines.append(json.dumps({"text": base, "title": f"Article {i}", "date": f"2026-{1 + i % 12:02d}-15"},
                                ensure_ascii=False))
        words += len(base.split())
    for k in range(0, n, per_file):
        (folder / f"part-{k // per_file:04d}.jsonl").write_text("\n".join(lines[k : k + per_file]) + "\n",
                                                                encoding="utf-8")
    return words


def tree_cpu(root: int) -> dict[str, float]:
    """CPU seconds of ``root`` and its descendants, by kind: java, python (the driver is
    ``root``, the others are Spark's Python workers)."""
    parents: dict[int, int] = {}
    stats: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
        # own CPU plus that of children it has reaped (a Python worker that ended)
        stats[int(entry.name)] = (name, sum(int(f) for f in fields[11:15]) / _TICK)
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [p for p, pp in parents.items() if pp == pid and p not in tree]
    out = {"driver": 0.0, "java": 0.0, "workers": 0.0}
    for pid in tree:
        name, cpu = stats.get(pid, ("", 0.0))
        kind = "driver" if pid == root else "java" if name == "java" else "workers"
        out[kind] += cpu
    return out


def run_ingest(folder: Path) -> dict[str, float]:
    from quotetrail.api import ingest
    from quotetrail.store import open_store

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        wall = time.perf_counter()
        report = ingest([str(folder)], store, workers=2)
        wall = time.perf_counter() - wall
    return {"wall": wall, "added": len(report.added), "failed": report.failed, "load": load}


def run_batch(folder: Path, tasks: int) -> dict[str, float]:
    from quotetrail.batch.job import run, session

    load = os.getloadavg()[0]
    started = time.perf_counter()
    spark = session("local[2]")
    spark.sparkContext.setLogLevel("ERROR")
    start_wall = time.perf_counter() - started
    out: dict[str, float] = {"start": start_wall, "load": load}
    # the first run pays for the JIT and the Python workers' imports and model loads; the
    # second, on a warm session, is what each further part of a long job costs
    for run_name in ("cold", "warm"):
        before = tree_cpu(os.getpid())
        with tempfile.TemporaryDirectory() as tmp:
            wall = time.perf_counter()
            report = run([str(folder)], Path(tmp) / "out", spark, partitions=8)
            wall = time.perf_counter() - wall
        after = tree_cpu(os.getpid())
        out |= {f"{run_name}_wall": wall, **{f"{run_name}_cpu_{k}": after[k] - before[k] for k in after}}
    # the overhead of one task: a job of empty Python tasks (their workers are warm by now)
    sc = spark.sparkContext
    sc.parallelize(range(tasks), tasks).mapPartitions(lambda it: it).count()  # warm-up
    t = time.perf_counter()
    sc.parallelize(range(tasks), tasks).mapPartitions(lambda it: it).count()
    per_task = (time.perf_counter() - t) / tasks * 2  # two task slots ran them side by side
    spark.stop()
    return out | {"analysed": report.analysed, "rejects": report.rejects, "per_task": per_task}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = os.environ.get("QUOTETRAIL_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    parser.add_argument("--data", type=Path, default=Path(default))
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--tasks", type=int, default=200, help="empty tasks for the per-task overhead")
    parser.add_argument("--project", type=int, default=10_000_000)
    parser.add_argument("--nodes", type=int, default=20)
    parser.add_argument("--cores", type=int, default=16, help="cores per node")
    parser.add_argument("--run", choices=("ingest", "batch"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        result = run_ingest(args.folder) if args.run == "ingest" else run_batch(args.folder, args.tasks)
        print("RESULT " + json.dumps(result))
        return 0
    if not args.data.is_dir():
        print(f"No corpora at {args.data}: set QUOTETRAIL_DATA or put shared/data beside the repo. Nothing measured.")
        return 0
    texts = corpus_texts(args.data)
    if not texts:
        print(f"No spkatt-news or polnear texts under {args.data}. Nothing measured.")
        return 0
    print(f"quotetrail batch benchmark — Python {platform.python_version()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        words = build_jsonl(texts, args.articles, folder)
        print(f"  {args.articles:,} articles, {words:,} words")
        results = {}
        for kind in ("ingest", "batch"):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run([sys.executable, __file__, "--run", kind, "--folder", str(folder),
                                  "--tasks", str(args.tasks)], capture_output=True, text=True, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            r = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))[7:])
            r["cpu_all"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            results[kind] = r
        i, b = results["ingest"], results["batch"]
        print(f"  ingest --workers 2: {i['wall']:.1f} s wall, {args.articles / i['wall']:.1f} articles/s, "
              f"CPU {i['cpu_all']:.1f} s; {i['added']} added, {i['failed']} failed; load average before {i['load']:.1f}")
        for run_name in ("cold", "warm"):
            cpu = {k: b[f"{run_name}_cpu_{k}"] for k in ("driver", "java", "workers")}
            print(f"  batch local[2], {run_name} session: job {b[f'{run_name}_wall']:.1f} s wall, "
                  f"{args.articles / b[f'{run_name}_wall']:.1f} articles/s; CPU {sum(cpu.values()):.1f} s "
                  f"(Python workers {cpu['workers']:.1f}, JVM {cpu['java']:.1f}, driver {cpu['driver']:.1f})")
        print(f"  session start {b['start']:.1f} s wall; {b['analysed']} analysed, {b['rejects']} rejected; "
              f"load average before {b['load']:.1f}")
        per_core = b["analysed"] / b["warm_cpu_workers"]
        jvm_share = b["warm_cpu_java"] / b["analysed"]
        print(f"  per core (warm): {per_core:.1f} articles per CPU second of the Python workers; "
              f"JVM {1000 * jvm_share:.1f} ms CPU per article; ingest --workers 2: "
              f"{args.articles / i['cpu_all']:.1f} articles per CPU second; overhead per task {1000 * b['per_task']:.0f} ms")
        cores = args.nodes * args.cores
        # one task per 2,000 articles (a few MB of JSON Lines: Spark's usual split size)
        tasks = args.project / 2000
        compute = args.project * (1 / per_core + jvm_share) / cores
        overhead = tasks * b["per_task"] / cores
        print(f"  projection: {args.project:,} articles on {args.nodes} nodes x {args.cores} cores = {cores} cores: "
              f"{compute / 60:.1f} min of analysis and writing + {overhead:.1f} s of task overhead "
              f"({tasks:,.0f} tasks) + session start and one pipeline load per executor core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
