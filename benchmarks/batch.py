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
3. Spark's overhead per task: a job of ``--tasks`` empty Python tasks on the same session;
4. with ``--only links``: ``batch`` then ``batch --link`` (the linking in Spark) on one
   session, then ``load --links`` and, for comparison, ``load`` linking online, each into a
   fresh SQLite store (CPU time of this process: load runs in it); then how the two stores'
   groups agree (member-pair precision and recall of the ``--links`` store against the online
   one, and of Spark's groups against the online store: ``load --check-links``).

From these it prints articles/s (wall, and per CPU second of the Python workers: the per-core
analysis rate) and a projection for ``--project`` articles on ``--nodes`` nodes of ``--cores``
cores. On a shared machine wall time is what other jobs leave over: the load average is printed
beside each run and the projection uses CPU time only.

Memory: a thread samples the memory (PSS) of the whole process tree (writer and ingest
workers; driver, JVM and Python workers) every second; the peak of that sum is printed. With
``--every N`` the ingest run prints a line per N articles (wall, CPU of the tree, PSS), so the cost
per article can be read block by block as the store grows. ``--folder DIR`` keeps the built
articles there (built once, reused by later runs); ``--only`` runs one side, so the two long runs
can be started as separate background jobs.

With ``--only links --reuse DIR`` the batch's tables (``DIR/out``) and the online store
(``DIR/online.db``) are kept in DIR and reused by later runs, so a change to the Spark linking is
measured by ``batch --link`` and ``load --links`` alone on the same analysed articles (the analysis
and the online load are the hour of the run on this machine); the links of an earlier run are
replaced. With ``--quotes`` as well, only the quote links are made again
(``batch.link.relink_quotes``), the earlier run's entities, figures and stories kept: a change to
the quote rules measured in a fraction of the linking's time.

Usage: python benchmarks/batch.py [--articles 2000] [--data DIR] [--nodes 20 --cores 16]
       [--only ingest|batch|links] [--folder DIR] [--every 5000] [--batch-runs cold,warm] [--reuse DIR]
       [--quotes]
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
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_workers import corpus_texts  # noqa: E402  (the corpora, read the same way)

_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


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


def _tree(root: int) -> dict[int, tuple[str, float, int]]:
    """``root`` and its descendants: pid -> (name, CPU seconds, resident bytes)."""
    parents: dict[int, int] = {}
    stats: dict[int, tuple[str, float, int]] = {}
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
        stats[int(entry.name)] = (name, sum(int(f) for f in fields[11:15]) / _TICK, int(fields[21]) * _PAGE)
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [p for p, pp in parents.items() if pp == pid and p not in tree]
    return {pid: stats[pid] for pid in tree if pid in stats}


# the last CPU seen of every process of the tree: Spark's Python daemon ignores SIGCHLD, so a
# worker that ends is reaped by the kernel and its CPU reaches no parent's total; the sampler
# thread (PeakRss) reads the tree every second, so at most its last second is missed
_seen: dict[int, tuple[str, float]] = {}


def tree_cpu(root: int) -> dict[str, float]:
    """CPU seconds of ``root`` and its descendants, by kind: java, python (the driver is
    ``root``, the others are Spark's Python workers, or ingest's), those that ended included."""
    for pid, (name, cpu, _rss) in _tree(root).items():
        _seen[pid] = (name, max(cpu, _seen.get(pid, (name, 0.0))[1]))
    out = {"driver": 0.0, "java": 0.0, "workers": 0.0}
    for pid, (name, cpu) in _seen.items():
        kind = "driver" if pid == root else "java" if name == "java" else "workers"
        out[kind] += cpu
    return out


def _pss(pid: int) -> int:
    """Proportional set size in bytes: pages shared by forked workers are counted once overall."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class PeakRss:
    """Samples the memory of this process tree (the sum of its processes' PSS, so pages the
    forked workers share are not counted twice) every second; ``peak`` in MB."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def now(self) -> float:
        return sum(_pss(pid) for pid in _tree(os.getpid())) / 2**20

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self.peak = max(self.peak, self.now())
            tree_cpu(os.getpid())  # remembers the CPU of workers that may end before the next look

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_ingest(folder: Path, every: int) -> dict[str, float]:
    from quotetrail.api import IngestReport, ingest
    from quotetrail.store import open_store

    load = os.getloadavg()[0]
    rss = PeakRss()
    last = {"n": 0, "wall": time.perf_counter(), "cpu": 0.0}

    def progress(report: IngestReport) -> None:
        # one line per block of ``every`` articles: the cost per article as the store grows
        if every and report.articles % every == 0 and report.articles != last["n"]:
            cpu, wall = sum(tree_cpu(os.getpid()).values()), time.perf_counter()
            n = report.articles - last["n"]
            print(f"PROGRESS {report.articles} articles: block {1000 * (wall - last['wall']) / n:.1f} ms wall, "
                  f"{1000 * (cpu - last['cpu']) / n:.1f} ms CPU per article; PSS now {rss.now():.0f} MB, "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
            last.update(n=report.articles, wall=wall, cpu=cpu)

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        last["cpu"] = sum(tree_cpu(os.getpid()).values())
        wall = time.perf_counter()
        report = ingest([str(folder)], store, workers=2, on_article=progress)
        wall = time.perf_counter() - wall
    return {"wall": wall, "added": len(report.added), "failed": report.failed, "load": load,
            "peak_mb": rss.stop(), "writer_max_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_batch(folder: Path, tasks: int, runs: list[str], articles: int) -> dict[str, float]:
    from quotetrail.batch.job import run, session

    load = os.getloadavg()[0]
    rss = PeakRss()
    started = time.perf_counter()
    spark = session("local[2]")
    spark.sparkContext.setLogLevel("ERROR")
    start_wall = time.perf_counter() - started
    out: dict[str, float] = {"start": start_wall, "load": load}
    # the first run pays for the JIT and the Python workers' imports and model loads; the
    # second, on a warm session, is what each further part of a long job costs
    for run_name in runs:
        before = tree_cpu(os.getpid())
        with tempfile.TemporaryDirectory() as tmp:
            wall = time.perf_counter()
            # tasks of ~2,000 articles, as the projection assumes (8 at least: 4 per core)
            report = run([str(folder)], Path(tmp) / "out", spark, partitions=max(8, articles // 2000))
            wall = time.perf_counter() - wall
        after = tree_cpu(os.getpid())
        out |= {f"{run_name}_wall": wall, **{f"{run_name}_cpu_{k}": after[k] - before[k] for k in after}}
        print(f"PROGRESS batch {run_name} done in {wall:.0f} s; peak PSS so far {rss.peak:.0f} MB", flush=True)
    # the overhead of one task: a job of empty Python tasks (their workers are warm by now)
    sc = spark.sparkContext
    sc.parallelize(range(tasks), tasks).mapPartitions(lambda it: it).count()  # warm-up
    t = time.perf_counter()
    sc.parallelize(range(tasks), tasks).mapPartitions(lambda it: it).count()
    per_task = (time.perf_counter() - t) / tasks * 2  # two task slots ran them side by side
    peak = rss.stop()
    spark.stop()
    return out | {"analysed": report.analysed, "rejects": report.rejects, "per_task": per_task, "peak_mb": peak}


def run_links(folder: Path, articles: int, reuse: Path | None = None, quotes: bool = False) -> dict[str, Any]:
    """batch, batch --link, load --links and load (online) of ``folder``; CPU and agreement.
    ``reuse``: keep the batch's tables and the online store there, and take them from there
    when an earlier run left them (only the linking and ``load --links`` run again); with
    ``quotes`` and an earlier run's links there, only the quote links are made again."""
    import shutil

    from quotetrail.batch.job import run, session
    from quotetrail.batch.link import LINKS, compare, link, relink_quotes, store_agreement
    from quotetrail.batch.load import load
    from quotetrail.store import open_store

    out: dict[str, Any] = {"load": os.getloadavg()[0]}
    rss = PeakRss()
    spark = session("local[2]")
    spark.sparkContext.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory() as scratch:
        tmp = reuse or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        batch_out = tmp / "out"
        relink = quotes and reuse is not None and (batch_out / LINKS / "entity_mentions").is_dir()
        if reuse and (batch_out / LINKS).exists() and not relink:
            shutil.rmtree(batch_out / LINKS)  # the links of an earlier run: made again below
        for step in ("batch", "link"):
            if step == "batch" and reuse and (batch_out / "_summary.json").exists():
                out |= {"analysed": json.loads((batch_out / "_summary.json").read_text())["analysed"],
                        "batch_wall": 0.0, "batch_cpu": 0.0}
                print("PROGRESS batch: the tables of an earlier run reused (not timed)", flush=True)
                continue
            before, wall = tree_cpu(os.getpid()), time.perf_counter()
            if step == "batch":
                report = run([str(folder)], batch_out, spark, partitions=max(8, articles // 2000))
                out["analysed"] = report.analysed
            else:
                out["linked"] = (relink_quotes(batch_out, spark) if relink else link(batch_out, spark)).summary()
            after = tree_cpu(os.getpid())
            out[f"{step}_wall"] = time.perf_counter() - wall
            out[f"{step}_cpu"] = sum(after[k] - before[k] for k in after)
            print(f"PROGRESS {step} done in {out[f'{step}_wall']:.0f} s wall, {out[f'{step}_cpu']:.0f} s CPU",
                  flush=True)
        spark.stop()
        stores = {}
        for mode in ("links", "online"):
            path = tmp / f"{mode}.db"
            if reuse and mode == "online" and path.exists():
                out |= {"load_online_wall": 0.0, "load_online_cpu": 0.0, "load_online_added": 0}
                stores[mode] = path
                print("PROGRESS load (online): the store of an earlier run reused (not timed)", flush=True)
                continue
            if path.exists():
                path.unlink()  # an earlier run's `load --links` store
            cpu, wall = time.process_time(), time.perf_counter()
            with open_store(path) as store:
                loaded = load(batch_out, store, links=mode == "links")
            out[f"load_{mode}_wall"] = time.perf_counter() - wall
            out[f"load_{mode}_cpu"] = time.process_time() - cpu
            out[f"load_{mode}_added"] = len(loaded.added)
            stores[mode] = path
            print(f"PROGRESS load ({mode}) done in {out[f'load_{mode}_wall']:.0f} s wall", flush=True)
        with open_store(stores["links"]) as mine, open_store(stores["online"]) as online:
            out["agreement"] = store_agreement(mine.db, online.db)  # type: ignore[attr-defined]
            out["spark_vs_online"] = compare(batch_out, online.db).pairs  # type: ignore[attr-defined]
    out["peak_mb"] = rss.stop()
    return out


def _scores(pairs: dict[str, Any]) -> str:
    return "; ".join(f"{kind} P {both / mine if mine else 0:.2f} R {both / theirs if theirs else 0:.2f} "
                     f"({both}/{mine}/{theirs})" for kind, (both, mine, theirs) in pairs.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = os.environ.get("QUOTETRAIL_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    parser.add_argument("--data", type=Path, default=Path(default))
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--tasks", type=int, default=200, help="empty tasks for the per-task overhead")
    parser.add_argument("--project", type=int, default=10_000_000)
    parser.add_argument("--nodes", type=int, default=20)
    parser.add_argument("--cores", type=int, default=16, help="cores per node")
    parser.add_argument("--only", choices=("ingest", "batch", "links"),
                        help="run one side only (links: batch, --link and load --links)")
    parser.add_argument("--folder", type=Path, help="build the articles here once and reuse them")
    parser.add_argument("--every", type=int, default=0, help="ingest: a progress line per N articles")
    parser.add_argument("--batch-runs", default="cold,warm", help="batch runs on one session (cold,warm or cold)")
    parser.add_argument("--reuse", type=Path, help="links: keep the batch tables and the online store here, "
                        "and reuse them when there (only batch --link and load --links run again)")
    parser.add_argument("--quotes", action="store_true", help="links with --reuse: make only the quote links "
                        "again, keeping an earlier run's entities, figures and stories")
    parser.add_argument("--run", choices=("ingest", "batch", "links"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    runs = args.batch_runs.split(",")
    if args.run:
        result = (run_ingest(args.folder, args.every) if args.run == "ingest"
                  else run_links(args.folder, args.articles, args.reuse, args.quotes) if args.run == "links"
                  else run_batch(args.folder, args.tasks, runs, args.articles))
        print("RESULT " + json.dumps(result))
        return 0
    if not args.data.is_dir():
        print(f"No corpora at {args.data}: set QUOTETRAIL_DATA or put shared/data beside the repo. Nothing measured.")
        return 0
    texts = corpus_texts(args.data)
    if not texts:
        print(f"No spkatt-news or polnear texts under {args.data}. Nothing measured.")
        return 0
    print(f"quotetrail batch benchmark — Python {platform.python_version()}, {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp) / "articles"
        folder.mkdir(parents=True, exist_ok=True)
        words = build_jsonl(texts, args.articles, folder) if not any(folder.iterdir()) else sum(
            len(json.loads(line)["text"].split()) for f in folder.glob("*.jsonl")
            for line in f.read_text(encoding="utf-8").splitlines())
        print(f"  {args.articles:,} articles, {words:,} words", flush=True)
        results = {}
        for kind in [args.only] if args.only else ["ingest", "batch"]:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            child = subprocess.Popen([sys.executable, __file__, "--run", kind, "--folder", str(folder),
                                      "--tasks", str(args.tasks), "--every", str(args.every), "--articles", str(args.articles),
                                      "--batch-runs", args.batch_runs,
                                      *(["--reuse", str(args.reuse)] if args.reuse else []),
                                      *(["--quotes"] if args.quotes else [])],
                                     stdout=subprocess.PIPE, text=True)
            assert child.stdout is not None
            result = ""
            for line in child.stdout:  # progress lines as they come (the runs take long)
                if line.startswith("RESULT "):
                    result = line[7:]
                elif line.startswith("PROGRESS "):
                    print("  " + line[9:], end="", flush=True)
            if child.wait():
                raise SystemExit(f"the {kind} run failed (exit {child.returncode})")
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            r = json.loads(result)
            r["cpu_all"] = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            results[kind] = r
        if "ingest" in results:
            i = results["ingest"]
            print(f"  ingest --workers 2: {i['wall']:.1f} s wall, {args.articles / i['wall']:.1f} articles/s, "
                  f"CPU {i['cpu_all']:.1f} s ({args.articles / i['cpu_all']:.1f} articles, "
                  f"{words / i['cpu_all']:,.0f} words per CPU second); {i['added']} added, {i['failed']} failed; "
                  f"peak PSS of writer + workers {i['peak_mb']:,.0f} MB (writer alone {i['writer_max_mb']:,.0f} MB); "
                  f"load average before {i['load']:.1f}")
        if "links" in results:
            k = results["links"]
            steps = {"batch": k["batch_cpu"], "batch --link": k["link_cpu"], "load --links": k["load_links_cpu"]}
            total = sum(steps.values())
            walls = k["batch_wall"] + k["link_wall"] + k["load_links_wall"]
            print("  " + "; ".join(f"{name}: {k[w]:.1f} s wall, {cpu:.1f} s CPU"
                                   for (name, cpu), w in zip(steps.items(), ("batch_wall", "link_wall",
                                                                             "load_links_wall"), strict=True)))
            print(f"  batch + link + load --links: {walls:.1f} s wall ({args.articles / walls:.1f} articles/s), "
                  f"{total:.1f} s CPU ({k['analysed'] / total:.1f} articles per CPU second); "
                  f"load --links {1000 * k['load_links_cpu'] / max(1, k['load_links_added']):.1f} ms CPU per stored "
                  "article, load online "
                  + (f"{1000 * k['load_online_cpu'] / k['load_online_added']:.1f} ms; " if k["load_online_added"]
                     else "reused (not timed); ")
                  + f"peak PSS {k['peak_mb']:,.0f} MB; load average before {k['load']:.1f}")
            print(f"  {k['linked']}")
            print(f"  load --links store against the online one (member pairs): {_scores(k['agreement'])}")
            print(f"  Spark's groups against the online store: {_scores(k['spark_vs_online'])}")
        if "batch" not in results:
            return 0
        b = results["batch"]
        for run_name in runs:
            cpu = {k: b[f"{run_name}_cpu_{k}"] for k in ("driver", "java", "workers")}
            print(f"  batch local[2], {run_name} session: job {b[f'{run_name}_wall']:.1f} s wall, "
                  f"{args.articles / b[f'{run_name}_wall']:.1f} articles/s; CPU {sum(cpu.values()):.1f} s "
                  f"(Python workers {cpu['workers']:.1f}, JVM {cpu['java']:.1f}, driver {cpu['driver']:.1f})")
        print(f"  session start {b['start']:.1f} s wall; {b['analysed']} analysed, {b['rejects']} rejected; "
              f"peak PSS of driver + JVM + workers {b['peak_mb']:,.0f} MB; load average before {b['load']:.1f}")
        last = runs[-1]
        per_core = b["analysed"] / b[f"{last}_cpu_workers"]
        jvm_share = b[f"{last}_cpu_java"] / b["analysed"]
        print(f"  per core ({last}): {per_core:.1f} articles, {words / b[f'{last}_cpu_workers']:,.0f} words per CPU "
              f"second of the Python workers; JVM {1000 * jvm_share:.1f} ms CPU per article; "
              f"overhead per task {1000 * b['per_task']:.0f} ms")
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
