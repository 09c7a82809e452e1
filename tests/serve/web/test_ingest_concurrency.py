"""A URL ingest waiting on a slow site holds up nobody: reads and ingests of text answer while
it is pending, since only the write itself goes through the single writer. A real server on
loopback (uvicorn in a thread) and a site that answers only when the test lets it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from quotetrail.serve.web import create_app
from quotetrail.serve.web.ingest import _pipeline
from tests.serve.web.conftest import TOKEN, serving
from tests.serve.web.fakes import FakeLinkStore

AUTH = {"Authorization": f"Bearer {TOKEN}"}
PAGE = ("<html><head><title>Schleuse</title></head><body><article><h1>Schleuse</h1><p>"
        + "Die Schleusenwärterin Ines Holm sagte, die Kammer werde im Frühjahr erneuert. " * 3
        + "</p></article></body></html>").encode()
TEXT = "Fährbetrieb eingestellt\n\nDer Kapitän Ole Berg sagte am Dienstag, die Fähre bleibe wegen Sturm im Hafen."


class SlowSite:
    """Serves PAGE, but only once ``release`` is set; ``asked`` says a request came in."""

    def __init__(self) -> None:
        self.asked, self.release = threading.Event(), threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.asked.set()
                site.release.wait(60)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(PAGE)))
                self.end_headers()
                self.wfile.write(PAGE)

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/schleuse.html"


@contextmanager
def slow_site() -> Iterator[SlowSite]:
    site = SlowSite()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        site.server.shutdown()
        site.server.server_close()


def test_a_slow_url_holds_up_neither_reads_nor_other_ingests(db: Path) -> None:
    _pipeline()  # loaded first: its few seconds are not what this test is about
    app = create_app(open_store=lambda: FakeLinkStore(db), token=TOKEN, allow_private=True)
    with slow_site() as site, serving(app) as base, ThreadPoolExecutor(1) as pool:
        pending = pool.submit(httpx.post, f"{base}/api/v1/ingest", json={"url": site.url}, headers=AUTH,
                              timeout=120)
        assert site.asked.wait(30), "the URL ingest never reached the site"
        with httpx.Client(base_url=base, timeout=60) as client:
            assert len(client.get("/api/v1/articles").json()["items"]) == 3
            r = client.post("/api/v1/ingest", json={"text": TEXT, "date": "2026-11-17"}, headers=AUTH)
            assert r.status_code == 201, r.text
            assert not pending.done()  # the site has still not answered
            site.release.set()
            fetched = pending.result(timeout=60)
            assert fetched.status_code == 201, fetched.text
            ids = [item["id"] for item in client.get("/api/v1/articles").json()["items"]]
            assert set(r.json()["added"] + fetched.json()["added"]) <= set(ids) and len(ids) == 5
