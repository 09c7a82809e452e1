"""A local HTTP server on 127.0.0.1 for URL and feed tests (no outside network)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

PAGE = """<!DOCTYPE html><html><head><title>Hafen streikt | Testblatt</title>
<meta property="og:site_name" content="Testblatt"><meta name="author" content="Lena Ott">
<meta property="article:published_time" content="2026-11-12T08:00:00Z"></head>
<body><nav>Home | Politik | Sport</nav><article><h1>Hafen streikt weiter</h1>
<p>Die Gewerkschaft hat den Streik im Hafen am Mittwoch verlängert, wie ein Sprecher mitteilte.</p>
<p>„Wir bleiben, bis ein Angebot kommt“, sagte die Vorsitzende Mara Lenz vor dem Tor.</p>
<p>Nach Angaben des Betreibers warten inzwischen mehr als 30.000 Container auf dem Gelände.</p>
</article><footer>Impressum</footer></body></html>"""


def feed(base: str) -> str:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Testblatt Feed</title>
<item><title>Hafen streikt</title><link>{base}/page</link><pubDate>Thu, 12 Nov 2026 08:00:00 GMT</pubDate></item>
<item><title>Kaputt</title><link>{base}/missing</link></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/page":
            self._send(200, PAGE.encode(), "text/html; charset=utf-8")
        elif self.path == "/validated":  # answers 304 to a client that sends its ETag back
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
            else:
                self._send(200, PAGE.encode(), "text/html; charset=utf-8",
                           {"ETag": '"v1"', "Last-Modified": "Thu, 12 Nov 2026 08:00:00 GMT"})
        elif self.path == "/feed":
            self._send(200, feed(base).encode(), "application/rss+xml")
        elif self.path == "/image":
            self._send(200, b"\x89PNG....", "image/png")
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE.encode(), "text/html")
        elif self.path == "/loop":
            self._send(302, b"", "text/html", {"Location": "/loop"})
        elif self.path == "/redirect":
            self._send(302, b"", "text/html", {"Location": "/page"})
        elif self.path == "/big":
            self._send(200, b"x" * 5000, "text/html")
        elif self.path == "/wrong-charset":  # UTF-8 declared as Latin-1, as misconfigured servers do
            self._send(200, PAGE.encode("utf-8"), "text/html; charset=iso-8859-1")
        elif self.path.startswith("/goto?"):  # a redirect to any URL: /goto?to=URL
            self._send(302, b"", "text/html", {"Location": parse_qs(urlsplit(self.path).query)["to"][0]})
        elif self.path in ("/trickle-body", "/trickle-headers"):
            self._trickle(headers=self.path == "/trickle-headers")
        else:
            self._send(404, b"not here", "text/plain")

    def _trickle(self, *, headers: bool) -> None:
        """The head or the body one byte every 0.2 s for 6 s: each read is quick, the whole is not."""
        body = PAGE.encode()
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Pad: {'p' * 30}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        try:
            for part, slow in ((head, headers), (body, not headers)):
                for n in range(30 if slow else 0):
                    self.wfile.write(part[n:n + 1])
                    self.wfile.flush()
                    time.sleep(0.2)
                self.wfile.write(part[30 if slow else 0:])
                self.wfile.flush()
        except OSError:  # the client gave up, as it should
            pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # the client timing out on /slow hangs up before the reply; the default would print a
        # traceback into whichever later test captures stderr
        pass


def tls_site(folder: Path, name: str) -> tuple[QuietServer, Path]:
    """An HTTPS test server on 127.0.0.1 (started; shut it down) whose certificate names only
    ``name``, and that certificate's file: a test-only key made in ``folder`` with the openssl
    tool (the test is skipped without it)."""
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("the openssl tool is needed to make a test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, cert


@pytest.fixture(scope="session")
def http_server() -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
