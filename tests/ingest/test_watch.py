"""`quotetrail watch`: a local feed server on loopback that changes between polls, answers 304,
fails and is slow; a fake clock wherever the schedule matters, so hours of polling take
milliseconds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotetrail.ingest.watch import (
    Scheduler,
    Source,
    SourcesError,
    WatchOptions,
    load_sources,
    parse_duration,
)
from quotetrail.model import Article, Document
from quotetrail.serve.cli import app
from quotetrail.store import SQLiteStore, open_store

START = 1_800_000_000.0  # fake Unix time the tests start at
TOWNS = ["Aurich", "Bremen", "Celle", "Emden", "Husum", "Leer", "Norden", "Verden", "Wittmund"]
PEOPLE = ["Eva Roth", "Tom Kahl", "Uwe Berg", "Ida Sommer", "Jan Ost", "Lea Brandt", "Nils Funk"]
THINGS = ["Brücken", "Schulen", "Busse", "Deiche", "Fähren", "Kliniken", "Straßen"]


def article_text(n: int) -> str:
    """A short news text of our own; every few words depend on ``n`` so two never look like
    near-duplicates of each other."""
    town, person, thing = TOWNS[n % len(TOWNS)], PEOPLE[n % len(PEOPLE)], THINGS[n % len(THINGS)]
    return (f"{town}: {thing} bleiben gesperrt (Meldung {n})\n\n"
            f"Die Verwaltung in {town} hat am Montag {100 + 7 * n} {thing} geprüft. "
            f"Sprecherin {person} sagte, {3 + n % 5} davon seien in schlechtem Zustand. "
            f"Bis zum Jahr {2030 + n} sollen {thing} in {town} erneuert werden, "
            f"so {person.split()[1]} weiter. Meldung {n} endet hier.\n")


@dataclass
class Site:
    """What the server serves; tests change it between polls."""

    entries: list[int] = field(default_factory=list)
    clock: FakeClock | None = None
    hits: list[tuple[str, int, float, str | None]] = field(default_factory=list)  # path, status, fake time, If-None-Match
    slow: float = 0.0  # seconds /slow and /slowpage take
    asked: threading.Event = field(default_factory=threading.Event)  # set when /slowpage is asked for

    def count(self, prefix: str) -> int:
        return sum(1 for h in self.hits if h[0].startswith(prefix))

    def feed(self, base: str) -> bytes:
        items = "".join(
            f"<item><title>Meldung {n}</title><guid>urn:test:{n}</guid><link>{base}/a/{n}</link>"
            f"<pubDate>Mon, 16 Nov 2026 08:00:00 GMT</pubDate></item>" for n in self.entries)
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Testfeed</title>{items}'
                f"</channel></rss>").encode()


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args: object) -> None:
        pass

    def _reply(self, status: int, body: bytes = b"", ctype: str = "text/plain; charset=utf-8",
               headers: dict[str, str] | None = None) -> None:
        site = self.server.site
        site.hits.append((self.path, status, site.clock.now() if site.clock else time.time(),
                          self.headers.get("If-None-Match")))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        site = self.server.site
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path in ("/feed", "/slowfeed"):
            etag = f'"v{len(site.entries)}-{sum(site.entries)}"'
            if self.headers.get("If-None-Match") == etag:
                self._reply(304, headers={"ETag": etag})
            else:
                feed = site.feed(base)
                if self.path == "/slowfeed":
                    feed = feed.replace(f"{base}/a/".encode(), f"{base}/slowpage/".encode())
                self._reply(200, feed, "application/rss+xml", {"ETag": etag})
        elif self.path.startswith(("/a/", "/slowpage/")):
            if self.path.startswith("/slowpage/"):
                site.asked.set()
                time.sleep(site.slow)
            self._reply(200, article_text(int(self.path.rsplit("/", 1)[1])).encode())
        elif self.path == "/relative":  # links relative to the feed's own address
            self._reply(200, site.feed(base).replace(base.encode(), b""), "application/rss+xml")
        elif self.path == "/nolinks":  # entries without id or link: their own text is the article
            items = "".join(f"<item><title>Meldung {n}</title><description>{article_text(n)}</description></item>"
                            for n in site.entries)
            self._reply(200, f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}'
                             "</channel></rss>".encode(), "application/rss+xml")
        elif self.path == "/fail":
            self._reply(503, b"down")
        elif self.path == "/busy":
            self._reply(429, b"slow down", headers={"Retry-After": "900"})
        elif self.path == "/slow":
            time.sleep(site.slow)
            self._reply(200, site.feed(base), "application/rss+xml")
        else:
            self._reply(404, b"not here")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out hung up; nothing to report


class FakeClock:
    def __init__(self) -> None:
        self.t = START

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    server = Server(("127.0.0.1", 0), Handler)
    server.site = Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def plain(article: Article) -> Document:
    """No analysis: these tests are about what is fetched and stored, not what is found."""
    return Document(article)


def scheduler(store: SQLiteStore, sources: list[Source], clock: FakeClock, lines: list[str], **opts: object) -> Scheduler:
    options = WatchOptions(**{"gap": 0.0, "allow_private": True, "timeout": 2.0, **opts})  # type: ignore[arg-type]
    return Scheduler(store, sources, options, pipeline=plain, clock=clock.now, sleep=clock.sleep, log=lines.append)


# -- the sources file --------------------------------------------------------------------------
def test_sources_file_yaml_and_toml(tmp_path: Path) -> None:
    yml = tmp_path / "sources.yaml"
    yml.write_text("interval: 10m\nsources:\n  - https://example.org/feed.xml\n"
                   "  - url: https://example.org/news.html\n    interval: 90s\n    lang: de\n    source: Beispiel\n")
    assert load_sources(yml) == [Source("https://example.org/feed.xml", 600.0),
                                 Source("https://example.org/news.html", 90.0, "de", "Beispiel")]
    toml = tmp_path / "sources.toml"
    toml.write_text('[[sources]]\nurl = "https://example.org/feed.xml"\ninterval = 3600\n')
    assert load_sources(toml) == [Source("https://example.org/feed.xml", 3600.0)]
    assert parse_duration("1h", "x") == 3600 and parse_duration(" 15m ", "x") == 900


@pytest.mark.parametrize("text,reason", [
    ("sources:\n  - url: https://example.org/f\n    intervall: 5m\n", "source 1: unknown key intervall"),
    ("sources:\n  - url: https://example.org/f\n    interval: soon\n", "source 1: interval 'soon' is not a duration"),
    ("sources:\n  - url: https://example.org/f\n    interval: 0\n", "is not a duration of at least 1 s"),
    ("sources:\n  - ftp://example.org/f\n", "source 1: url 'ftp://example.org/f' is not an http(s) URL"),
    ("sources:\n  - https://example.org/f\n  - https://example.org/f\n", "source 2: https://example.org/f is listed twice"),
    ("sources: []\n", "no sources"),
    ("sources: [unclosed\n", "not valid YAML"),
])
def test_bad_sources_file_one_line(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(SourcesError) as info:
        load_sources(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and reason in message and "\n" not in message


# -- polling -----------------------------------------------------------------------------------
def test_only_new_entries_are_fetched(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.entries, server.clock = [1, 2], (clock := FakeClock())
    lines: list[str] = []
    watch = scheduler(fresh_store, [Source(f"{base}/feed", 60.0)], clock, lines)
    watch.run(until=START)
    assert lines == [f"poll {base}/feed: 2 new, 0 already stored, 0 failed; next at "
                     f"{time.strftime('%H:%M:%S', time.localtime(START + 60))}"]
    server.entries = [1, 2, 3]  # the feed gains one entry
    watch.run(until=START + 60)
    assert lines[-1].startswith(f"poll {base}/feed: 1 new, 0 already stored, 0 failed; next at ")
    assert [server.count(f"/a/{n}") for n in (1, 2, 3)] == [1, 1, 1]  # seen entries never fetched again
    assert fresh_store.count() == 3


def test_not_modified_answer_fetches_nothing(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.entries, server.clock = [1], (clock := FakeClock())
    lines: list[str] = []
    watch = scheduler(fresh_store, [Source(f"{base}/feed", 60.0)], clock, lines)
    watch.run(until=START + 60)
    feed_hits = [h for h in server.hits if h[0] == "/feed"]
    assert [(h[1], h[3]) for h in feed_hits] == [(200, None), (304, '"v1-1"')]  # the ETag went back
    assert lines[-1].startswith(f"poll {base}/feed: not modified; next at ")
    assert server.count("/a/") == 1
    [state] = fresh_store.watch_sources()
    assert state["last_result"] == "not modified" and state["health"] == "ok" and state["added"] == 1


def test_backoff_grows_and_is_capped(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.clock = clock = FakeClock()
    lines: list[str] = []
    watch = scheduler(fresh_store, [Source(f"{base}/fail", 60.0)], clock, lines, max_backoff=600.0)
    watch.run(until=START + 3000)
    times = [h[2] for h in server.hits]
    assert [b - a for a, b in zip(times, times[1:], strict=False)] == [60, 120, 240, 480, 600, 600, 600]
    assert lines[2].startswith(f"poll {base}/fail: failed: HTTP 503 Service Unavailable; 3 in a row, failing; "
                               "next at ") and lines[2].endswith(" (in 240 s)")
    [state] = fresh_store.watch_sources()
    assert (state["health"], state["failures"], state["last_error"]) == ("failing", 8, "HTTP 503 Service Unavailable")


def test_retry_after_is_respected_for_the_source_and_its_host(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.entries, server.clock = [1], (clock := FakeClock())
    lines: list[str] = []
    sources = [Source(f"{base}/busy", 60.0), Source(f"{base}/feed", 60.0)]
    watch = scheduler(fresh_store, sources, clock, lines, max_backoff=600.0)
    watch.run(until=START + 1000)
    busy = [h[2] - START for h in server.hits if h[0] == "/busy"]
    assert busy == [0, 900]  # not 60 and 120 as the backoff alone would have it
    assert "asked to retry after 900 s" in lines[0] and lines[0].endswith("(in 900 s)")
    # the other feed on the same host waited too (the server asked the client, not one
    # address), and went first when the host was free again: it had been due the longest
    [feed] = [h for h in server.hits if h[0] == "/feed"]
    assert feed[2] - START == 900 and server.hits.index(feed) == 1


def test_retry_after_read_as_seconds_or_date_and_only_on_429_or_503() -> None:
    from email.utils import format_datetime

    from quotetrail.ingest.url import retry_after

    assert retry_after(429, {"retry-after": "120"}) == 120.0
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=300), usegmt=True)
    assert 290 <= (retry_after(503, {"retry-after": soon}) or 0) <= 300
    assert retry_after(503, {"retry-after": "tomorrow"}) is None
    assert retry_after(404, {"retry-after": "120"}) is None
    assert retry_after(429, {"retry-after": "99999999"}) == 86_400.0  # capped at a day


def test_recovered_source_is_healthy_again(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.entries, server.clock = [4], (clock := FakeClock())
    lines: list[str] = []
    fresh_store.watch_register(f"{base}/feed", interval=60.0, lang=None, site=None)
    fresh_store.watch_save(f"{base}/feed", failures=5, last_error="HTTP 503", last_poll=START - 1)
    scheduler(fresh_store, [Source(f"{base}/feed", 60.0)], clock, lines).run(until=START)
    [state] = fresh_store.watch_sources()
    assert (state["health"], state["failures"], state["last_error"]) == ("ok", 0, None)


def test_slow_source_times_out_and_others_go_on(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    # a deadline of a second, not less: the feed next to it must make it on a busy machine
    server.entries, server.clock, server.slow = [1, 2], (clock := FakeClock()), 2.5
    lines: list[str] = []
    watch = scheduler(fresh_store, [Source(f"{base}/slow", 60.0), Source(f"{base}/feed", 60.0)], clock, lines,
                      timeout=1.0)
    watch.run(until=START)
    assert lines[0].startswith(f"poll {base}/slow: failed: timed out after 1 s; 1 in a row; next at ")
    assert lines[1].startswith(f"poll {base}/feed: 2 new,")
    assert fresh_store.count() == 2


def test_failed_entry_counted_and_retried_until_given_up(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.entries, server.clock = [7], (clock := FakeClock())
    lines: list[str] = []
    # the entry's page answers 404 and the entry has no text of its own to fall back on
    server.feed = lambda b: Site.feed(server, b).replace(b"/a/7", b"/gone/7")  # type: ignore[method-assign]
    watch = scheduler(fresh_store, [Source(f"{base}/feed", 60.0)], clock, lines)
    watch.run(until=START + 60 * 5)
    assert lines[0] == f"error: {base}/gone/7: HTTP 404 Not Found"
    assert lines[1].startswith(f"poll {base}/feed: 0 new, 0 already stored, 1 failed;")
    assert server.count("/gone/7") == 3  # tried at three polls, then given up
    assert [h[3] for h in server.hits if h[0] == "/feed"][:3] == [None, None, None]  # no 304 hides the retry


def test_per_host_gap_respected(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.entries, server.clock = [1, 2, 3, 4], (clock := FakeClock())
    watch = scheduler(fresh_store, [Source(f"{base}/feed", 60.0)], clock, [], gap=5.0)
    watch.run(until=START + 100)
    times = [h[2] for h in server.hits]
    assert len(times) == 6  # feed, four pages, feed (304) at 60 s; the one at 120 s is after `until`
    assert all(b - a >= 5.0 for a, b in zip(times, times[1:], strict=False))
    assert times[:5] == [START + 5 * i for i in range(5)]  # and no slower than the gap asks


# -- restarts ----------------------------------------------------------------------------------
def test_restart_resumes_without_refetching(site: tuple[Site, str], store_path: Path) -> None:
    server, base = site
    server.entries, server.clock = [1, 2, 3], (clock := FakeClock())
    sources = [Source(f"{base}/feed", 60.0)]
    first = open_store(store_path)
    watch = scheduler(first, sources, clock, [])
    stored = {"n": 0}

    def stop_after_first(article: Article) -> Document:  # as a signal would during the first article
        stored["n"] += 1
        watch.stop("SIGTERM")
        return plain(article)

    watch._pipeline = stop_after_first
    watch.run(until=START)
    first.close()
    assert stored["n"] == 1 and server.count("/a/") == 1  # the article under way was finished, no more
    second = open_store(store_path)
    watch = scheduler(second, sources, clock, lines := [])
    watch.run(until=START)  # the interrupted poll is due at once: without validators, so no 304
    assert [server.count(f"/a/{n}") for n in (1, 2, 3)] == [1, 1, 1] and second.count() == 3
    assert lines == [f"poll {base}/feed: 2 new, 0 already stored, 0 failed; next at "
                     f"{time.strftime('%H:%M:%S', time.localtime(START + 60))}"]
    second.close()
    clock.t = START + 30
    hits = len(server.hits)
    third = open_store(store_path)
    scheduler(third, sources, clock, []).run(until=START + 59)
    assert len(server.hits) == hits  # not due yet after a restart: no request at all
    scheduler(third, sources, clock, []).run(until=START + 60)
    assert server.hits[hits:] == [("/feed", 304, START + 60, '"v3-6"')]
    third.close()


# -- the commands ------------------------------------------------------------------------------
def test_sources_command_lists_health(site: tuple[Site, str], store_path: Path) -> None:
    server, base = site
    server.entries = [5]
    runner = CliRunner()
    result = runner.invoke(app, ["watch", f"{base}/feed", f"{base}/fail", "--once", "--allow-private",
                                 "--gap", "0", "--db", str(store_path)])
    assert result.exit_code == 1  # a source failed
    assert f"poll {base}/fail: failed: HTTP 503 Service Unavailable; 1 in a row" in result.stderr
    listed = runner.invoke(app, ["sources", "--json", "--db", str(store_path)])
    assert listed.exit_code == 0
    by_url = {s["url"]: s for s in json.loads(listed.stdout)}
    assert by_url[f"{base}/feed"]["last_result"] == "1 new, 0 already stored, 0 failed"
    assert by_url[f"{base}/fail"]["health"] == "error" and by_url[f"{base}/fail"]["failures"] == 1
    table = runner.invoke(app, ["sources", "--db", str(store_path)])
    assert "503" in table.stdout and "error" in table.stdout


def test_watch_refuses_bad_arguments(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["watch", "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 1 and result.stderr == "Error: nothing to watch; give feed or page URLs, or --sources FILE\n"
    result = runner.invoke(app, ["watch", "news/", "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 1 and result.stderr == "Error: arguments: source 1: url 'news/' is not an http(s) URL\n"
    listed = tmp_path / "s.toml"
    listed.write_text('sources = ["https://example.org/feed.xml"]\n')
    result = runner.invoke(app, ["watch", "https://example.org/feed.xml", "--sources", str(listed),
                                 "--db", str(tmp_path / "q.db")])
    assert result.stderr == f"Error: https://example.org/feed.xml is both an argument and in {listed}; give it once\n"
    result = runner.invoke(app, ["watch", "https://example.org/feed.xml", "--interval", "often",
                                 "--db", str(tmp_path / "q.db")])
    assert result.stderr == "Error: --interval: interval 'often' is not a duration of at least 1 s (e.g. 900, 90s, 15m, 1h)\n"
    assert not (tmp_path / "q.db").exists()


@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 0), (signal.SIGINT, 130)])
def test_signal_finishes_current_article_and_exits(site: tuple[Site, str], tmp_path: Path,
                                                   sig: signal.Signals, code: int) -> None:
    server, base = site
    server.entries, server.slow = [8, 9], 0.5
    db = tmp_path / "q.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "quotetrail", "watch", f"{base}/slowfeed", "--allow-private",
                             "--gap", "0", "--db", str(db)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert server.asked.wait(120), "watch never asked for the first article"
        proc.send_signal(sig)  # while the first article's page is being served
        _, stderr = proc.communicate(timeout=180)
    finally:
        proc.kill()
    assert proc.returncode == code, stderr
    assert stderr.splitlines()[-1] == (f"stopped by {sig.name}: the current article was finished; "
                                       "run watch again to resume")
    with open_store(db) as store:
        assert store.count() == 1 and "Meldung 8" in store.article(1)["text"]
    assert server.count("/slowpage/9") == 0


def test_web_shows_when_each_source_was_last_polled(store_path: Path) -> None:
    from fastapi.testclient import TestClient

    from quotetrail.serve.web import create_app

    with open_store(store_path) as store:
        store.watch_register("https://example.org/feed.xml", interval=60.0, lang=None, site="<b>Blatt</b>")
        store.watch_save("https://example.org/feed.xml", failures=1, last_poll=START, next_poll=START + 120,
                         last_error="<script>x</script>", last_result="failed: <script>x</script>")
    with TestClient(create_app(store_path)) as client:
        page = client.get("/sources")
        listed = client.get("/api/v1/sources").json()
    assert page.status_code == 200
    assert "<script>x" not in page.text and "&lt;script&gt;x&lt;/script&gt;" in page.text
    assert "&lt;b&gt;Blatt&lt;/b&gt;" in page.text and "2027-01-15 08:00:00" in page.text  # START in UTC
    assert [(s["url"], s["health"], s["last_poll"]) for s in listed] == [
        ("https://example.org/feed.xml", "error", "2027-01-15T08:00:00+00:00")]


def test_per_source_settings_apply_to_its_articles(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.entries, server.clock = [3], (clock := FakeClock())
    scheduler(fresh_store, [Source(f"{base}/feed", 60.0, "en", "Kreisblatt")], clock, []).run(until=START)
    stored = fresh_store.article(1)
    assert (stored["site"], stored["lang"]) == ("Kreisblatt", "en")


def test_store_error_ends_watch_with_one_line(site: tuple[Site, str], store_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    server, base = site
    server.entries = [6]

    def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(SQLiteStore, "watch_save", locked)
    result = CliRunner().invoke(app, ["watch", f"{base}/feed", "--once", "--allow-private", "--gap", "0",
                                      "--db", str(store_path)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {store_path}: database is locked; what was stored so far is complete, "
                             "run watch again to resume\n")
    with open_store(store_path) as store:
        assert store.count() == 1  # the article itself was stored before the state could be saved


def test_entries_without_id_or_link_are_told_apart_by_content(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.entries, server.clock = [1, 2], (clock := FakeClock())
    watch = scheduler(fresh_store, [Source(f"{base}/nolinks", 60.0)], clock, lines := [])
    watch.run(until=START)
    server.entries = [3, 1, 2]  # a new entry on top moves the others down
    watch.run(until=START + 60)
    assert lines[-1].startswith(f"poll {base}/nolinks: 1 new, 0 already stored, 0 failed;")
    assert fresh_store.count() == 3


def test_relative_entry_links_resolved_against_the_feed(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.entries, server.clock = [4], (clock := FakeClock())
    scheduler(fresh_store, [Source(f"{base}/relative", 60.0)], clock, lines := []).run(until=START)
    assert lines[-1].startswith(f"poll {base}/relative: 1 new, 0 already stored, 0 failed;")
    assert server.count("/a/4") == 1 and fresh_store.article(1)["url"] == f"{base}/a/4"


def test_second_watch_on_one_store_refused(tmp_path: Path) -> None:
    from quotetrail.ingest.watch import only_watcher

    db = tmp_path / "q.db"
    open_store(db).close()
    with only_watcher(db):  # as a watch already running would
        result = CliRunner().invoke(app, ["watch", "https://example.org/feed.xml", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {db}: another watch (pid {os.getpid()}) is following its sources; stop it first\n"
    with only_watcher(db):  # released when the first one ends
        pass


def test_shorter_interval_applies_after_restart(site: tuple[Site, str], fresh_store: SQLiteStore) -> None:
    server, base = site
    server.entries, server.clock = [2], (clock := FakeClock())
    scheduler(fresh_store, [Source(f"{base}/feed", 3600.0)], clock, []).run(until=START)
    scheduler(fresh_store, [Source(f"{base}/feed", 60.0)], clock, lines := []).run(until=START + 60)
    assert [h[2] for h in server.hits if h[0] == "/feed"] == [START, START + 60]
    assert lines[-1].startswith(f"poll {base}/feed: not modified; next at ")
