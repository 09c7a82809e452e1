"""Soak test for `quotetrail watch` (not run in CI): a local feed server that publishes a new
article every few seconds, sometimes fails and sometimes is slow, and `quotetrail watch` as
a subprocess polling it for a given time; then SIGTERM. Reports articles published vs stored,
how often each page was fetched, the server's answers, and the watcher's RSS memory and CPU
time over the run.

    python tools/soak_watch.py                     # one hour
    python tools/soak_watch.py --duration 600 --json soak.json

Articles are generated from sentences written for this script (no corpus text), varied in
every clause so no two are near-duplicates of each other.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TOWNS = ["Aurich", "Bremen", "Celle", "Emden", "Husum", "Leer", "Norden", "Verden", "Wittmund", "Jever", "Esens"]
PEOPLE = ["Eva Roth", "Tom Kahl", "Uwe Berg", "Ida Sommer", "Jan Ost", "Lea Brandt", "Nils Funk", "Pia Lorenz"]
THINGS = ["Brücken", "Schulen", "Busse", "Deiche", "Fähren", "Kliniken", "Straßen", "Häfen", "Radwege"]
EN_TOWNS = ["Ashford", "Bexley", "Carlton", "Dover", "Ely", "Frome", "Hythe", "Lydd", "Rye", "Wells"]
EN_THINGS = ["bridges", "schools", "buses", "sea walls", "ferries", "clinics", "roads", "harbours", "cycle paths"]


def article(n: int) -> tuple[str, str]:
    """Title and body of article ``n``: German for even, English for odd numbers."""
    if n % 2 == 0:
        town, person, thing = TOWNS[n % 11], PEOPLE[n % 8], THINGS[n % 9]
        title = f"{town}: {thing} bleiben gesperrt (Meldung {n})"
        body = [f"Die Verwaltung in {town} hat am Montag {100 + 7 * n} {thing} geprüft.",
                f"„Wir haben {3 + n % 17} Schäden gefunden“, sagte Sprecherin {person} am Dienstag.",
                f"Nach Angaben der Stadt kostet die Reparatur mehr als {2 + n % 13} Millionen Euro.",
                f"Bis {2030 + n % 9} sollen alle {thing} in {town} erneuert sein, so {person.split()[1]}.",
                f"Meldung {n} wurde um {n % 24} Uhr aktualisiert."]
    else:
        town, person, thing = EN_TOWNS[n % 10], PEOPLE[n % 8], EN_THINGS[n % 9]
        title = f"{town} closes {thing} after inspection (report {n})"
        body = [f"The council in {town} inspected {100 + 7 * n} {thing} on Monday.",
                f"\"We found {3 + n % 17} serious faults,\" spokeswoman {person} said on Tuesday.",
                f"Repairs will cost more than {2 + n % 13} million pounds, according to the council.",
                f"All {thing} in {town} should be renewed by {2030 + n % 9}, {person.split()[1]} added.",
                f"Report {n} was updated at {n % 24} o'clock."]
    return title, " ".join(body)


class Feed:
    """The changing site: article ``n`` is published ``every`` seconds after ``n - 1``."""

    def __init__(self, every: float, window: int, fail_every: int, slow_every: int, slow: float) -> None:
        self.start = time.time()
        self.every, self.window = every, window
        self.fail_every, self.slow_every, self.slow = fail_every, slow_every, slow
        self.answers: Counter[str] = Counter()
        self.page_hits: Counter[int] = Counter()
        self.lock = threading.Lock()
        self.feed_requests = 0
        self.page_requests = 0

    def published(self) -> int:
        """How many articles are out by now (1 at start)."""
        return 1 + int((time.time() - self.start) // self.every)

    def rss(self, base: str, count: int) -> bytes:
        items = []
        for n in range(count, max(0, count - self.window), -1):
            title, _ = article(n)
            when = formatdate(self.start + (n - 1) * self.every, usegmt=True)
            items.append(f"<item><title>{title}</title><guid>urn:soak:{n}</guid><link>{base}/a/{n}</link>"
                         f"<pubDate>{when}</pubDate></item>")
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Soak Feed</title>{"".join(items)}'
                "</channel></rss>").encode()


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args: object) -> None:
        pass

    def reply(self, status: int, body: bytes = b"", ctype: str = "text/plain; charset=utf-8", **headers: str) -> None:
        self.server.feed.answers[f"{self.path.split('/')[1]} {status}"] += 1
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        feed = self.server.feed
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.xml":
            with feed.lock:
                feed.feed_requests += 1
                failing = feed.fail_every and feed.feed_requests % feed.fail_every == 0
            if failing:
                self.reply(503, b"try later")
                return
            count = feed.published()
            etag = f'"{count}"'
            if self.headers.get("If-None-Match") == etag:
                self.reply(304, ETag=etag)
            else:
                self.reply(200, feed.rss(base, count), "application/rss+xml", ETag=etag)
        elif m := re.fullmatch(r"/a/(\d+)", self.path):
            n = int(m.group(1))
            with feed.lock:
                feed.page_requests += 1
                feed.page_hits[n] += 1
                slow = feed.slow_every and feed.page_requests % feed.slow_every == 0
            if slow:
                time.sleep(feed.slow)
            title, body = article(n)
            if n % 4 == 0:  # some pages as HTML, through trafilatura
                html = (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Start | Lokales</nav>"
                        f"<article><h1>{title}</h1><p>{body}</p></article><footer>Impressum</footer></body></html>")
                self.reply(200, html.encode(), "text/html; charset=utf-8")
            else:
                self.reply(200, f"{title}\n\n{body}\n".encode())
        else:
            self.reply(404, b"not here")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    feed: Feed

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def proc_usage(pid: int) -> tuple[float, float]:
    """RSS in MB and CPU seconds (user + system) of a running process, from /proc."""
    rss = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=3600.0, help="seconds to watch (default one hour)")
    ap.add_argument("--every", type=float, default=15.0, help="seconds between two new articles")
    ap.add_argument("--interval", default="10s", help="watch's poll interval")
    ap.add_argument("--window", type=int, default=20, help="entries the feed lists")
    ap.add_argument("--fail-every", type=int, default=9, help="every Nth feed request answers 503 (0: never)")
    ap.add_argument("--slow-every", type=int, default=7, help="every Nth page request is slow (0: never)")
    ap.add_argument("--slow", type=float, default=2.0, help="seconds a slow page takes")
    ap.add_argument("--sample", type=float, default=30.0, help="seconds between memory samples")
    ap.add_argument("--db", type=Path, help="database (default: a new temporary one)")
    ap.add_argument("--json", type=Path, help="also write the report here")
    args = ap.parse_args()

    db = args.db or Path(tempfile.mkdtemp(prefix="qt-soak-")) / "soak.db"
    server = Server(("127.0.0.1", 0), Handler)
    server.feed = Feed(args.every, args.window, args.fail_every, args.slow_every, args.slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    log = db.with_suffix(".log")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    with log.open("w") as stderr:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "quotetrail", "watch", url, "--db", str(db), "--allow-private",
             "--interval", args.interval, "--gap", "0.2", "--max-backoff", "60s"], env=env, stderr=stderr)
        samples = []
        started = time.time()
        time.sleep(min(5.0, args.duration))  # the first sample once Python has started
        while (elapsed := time.time() - started) < args.duration and watcher.poll() is None:
            rss, cpu = proc_usage(watcher.pid)
            samples.append({"t": round(elapsed), "rss_mb": round(rss, 1), "cpu_s": round(cpu, 1)})
            time.sleep(min(args.sample, max(0.0, args.duration - elapsed)))
        if watcher.poll() is None:
            samples.append(dict(zip(("t", "rss_mb", "cpu_s"), (round(time.time() - started),
                                                                *map(lambda v: round(v, 1), proc_usage(watcher.pid))),
                                    strict=True)))
            published = server.feed.published()
            watcher.send_signal(signal.SIGTERM)
            code = watcher.wait(timeout=300)
        else:
            published, code = server.feed.published(), watcher.returncode
    server.shutdown()

    con = sqlite3.connect(db)
    stored = Counter(int(m.group(1)) for (text,) in con.execute("SELECT text FROM articles")
                     if (m := re.search(r"(?:Meldung|Report) (\d+) w", text)))
    con.close()
    lines = log.read_text().splitlines()
    missing = sorted(set(range(1, published + 1)) - set(stored))
    report = {
        "duration_s": args.duration, "every_s": args.every, "interval": args.interval,
        "published": published, "stored": len(stored), "stored_twice": sum(1 for c in stored.values() if c > 1),
        "missing": missing, "pages_fetched_more_than_once": sorted(n for n, c in server.feed.page_hits.items() if c > 1),
        "server_answers": dict(sorted(server.feed.answers.items())),
        "poll_lines": sum(1 for line in lines if line.startswith("poll ")),
        "error_lines": sum(1 for line in lines if line.startswith("error: ")),
        "exit_code": code, "last_line": lines[-1] if lines else "",
        "rss_mb": samples, "db": str(db),
    }
    rss = [s["rss_mb"] for s in samples]
    print(f"published {published}, stored {len(stored)} (missing {missing or 'none'}; "
          f"{report['stored_twice']} stored twice); pages fetched more than once: "
          f"{report['pages_fetched_more_than_once'] or 'none'}")
    print(f"server answers: {report['server_answers']}")
    print(f"watch: {report['poll_lines']} poll lines, {report['error_lines']} error lines, exit {code}: {report['last_line']}")
    print(f"RSS MB: at {samples[0]['t']} s {rss[0]}, after 1 min {next((s['rss_mb'] for s in samples if s['t'] >= 60), rss[-1])}, "
          f"max {max(rss)}, end {rss[-1]}; CPU {samples[-1]['cpu_s']} s")
    print("RSS over time: " + ", ".join(f"{s['t']}s {s['rss_mb']}" for s in samples))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
