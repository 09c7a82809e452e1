"""Fetching through an HTTP proxy: the one given with --proxy or the environment's, NO_PROXY
respected, loopback never proxied, and a proxy never opens the way to a private address."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from quotetrail.errors import IngestError
from quotetrail.ingest import IngestOptions, Item, load
from quotetrail.model import Article
from quotetrail.serve.cli import app

from .conftest import PAGE, QuietServer

FAR_URL = "http://hafen-zeitung.invalid/streik"  # resolves nowhere here: only the proxy "knows" it


class _Proxy(BaseHTTPRequestHandler):
    """A forward proxy that answers every absolute-form GET with the test page itself."""

    seen: list[str]

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.seen.append(self.path)  # absolute form, "http://host/path", as proxies receive it
        body = PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Handler", (_Proxy,), {"seen": seen})
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


def _fetch(url: str, **opts: object) -> Article | IngestError:
    [got] = list(load(Item("url", url), IngestOptions(timeout=2.0, **opts)))  # type: ignore[arg-type]
    return got


def test_page_is_fetched_through_the_given_proxy(proxy: tuple[str, list[str]]) -> None:
    address, seen = proxy
    got = _fetch(FAR_URL, proxy=address)
    assert isinstance(got, Article) and "Mara Lenz" in got.text
    assert seen == [FAR_URL]


def test_environment_proxy_is_used_and_no_proxy_respected(
    proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    address, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", address)
    assert isinstance(_fetch(FAR_URL), Article) and seen == [FAR_URL]
    monkeypatch.setenv("NO_PROXY", ".invalid")
    err = _fetch(FAR_URL)
    assert isinstance(err, IngestError) and "host not found" in str(err) and len(seen) == 1


def test_direct_ignores_the_environment(proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    address, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", address)
    err = _fetch(FAR_URL, proxy="direct")
    assert isinstance(err, IngestError) and "host not found" in str(err) and seen == []


def test_proxy_does_not_open_a_private_address(proxy: tuple[str, list[str]]) -> None:
    address, seen = proxy
    err = _fetch("http://10.1.2.3/intern", proxy=address)
    assert isinstance(err, IngestError) and "refused: resolves to private address 10.1.2.3" in str(err)
    assert seen == []


def test_loopback_is_never_proxied(
    proxy: tuple[str, list[str]], http_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    got = _fetch(f"{http_server}/page", allow_private=True)
    assert isinstance(got, Article) and seen == []


def test_unreachable_proxy_is_one_line_naming_the_input(proxy: tuple[str, list[str]]) -> None:
    err = _fetch(FAR_URL, proxy="http://127.0.0.1:9")
    assert isinstance(err, IngestError)
    assert str(err).startswith(f"{FAR_URL}: could not be fetched") and "\n" not in str(err)


@pytest.mark.parametrize("value", ["socks5://127.0.0.1:1080", "http://"])
def test_unsupported_proxy_is_refused_before_anything_is_fetched(value: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", FAR_URL, "--proxy", value, "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 2 and "--proxy" in result.output
    assert not (tmp_path / "q.db").exists()


@pytest.fixture
def tunnel_to_tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str, list[str]]]:
    """An HTTPS server for "news.test" (a test-only certificate made here) reachable only
    through a CONNECT proxy; yields the proxy's URL, the page's URL and what the proxy saw."""
    import select
    import socket
    import ssl

    import httpx

    from .conftest import tls_site

    site, cert = tls_site(tmp_path, "news.test")
    seen: list[str] = []

    class Tunnel(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_CONNECT(self) -> None:  # noqa: N802
            seen.append(self.path)
            upstream = socket.create_connection(site.server_address)
            self.send_response(200)
            self.end_headers()
            ends = [self.connection, upstream]
            while True:
                for end in select.select(ends, [], [], 5)[0]:
                    data = end.recv(65536)
                    if not data:
                        upstream.close()
                        return
                    (upstream if end is self.connection else self.connection).sendall(data)

    proxy_server = QuietServer(("127.0.0.1", 0), Tunnel)
    threading.Thread(target=proxy_server.serve_forever, daemon=True).start()
    monkeypatch.setattr(httpx, "create_ssl_context", lambda *a, **k: ssl.create_default_context(cafile=cert))
    yield (f"http://127.0.0.1:{proxy_server.server_address[1]}",
           f"https://news.test:{site.server_address[1]}/page", seen)
    proxy_server.shutdown()
    site.shutdown()


def test_https_goes_through_a_connect_tunnel_and_checks_the_site_certificate(
    tunnel_to_tls: tuple[str, str, list[str]],
) -> None:
    address, url, seen = tunnel_to_tls
    got = _fetch(url, proxy=address)
    assert isinstance(got, Article) and "Mara Lenz" in got.text
    assert seen == [urlsplit(url).netloc]
