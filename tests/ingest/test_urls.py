import ipaddress
import time
from collections.abc import Iterator
from datetime import date
from urllib.parse import urlsplit

import pytest

from quotetrail.errors import IngestError
from quotetrail.ingest import IngestOptions, Item, load
from quotetrail.model import Article


def fetch_all(url: str, **opts: object) -> list[Article | IngestError]:
    options = IngestOptions(allow_private=True, timeout=1.0, **opts)  # type: ignore[arg-type]
    return list(load(Item("url", url), options))


def test_page_fetched_and_extracted(http_server: str) -> None:
    [a] = fetch_all(f"{http_server}/page")
    assert isinstance(a, Article)
    assert "Mara Lenz" in a.text and a.published == date(2026, 11, 12)


def test_redirect_followed(http_server: str) -> None:
    [a] = fetch_all(f"{http_server}/redirect")
    assert isinstance(a, Article) and "Mara Lenz" in a.text


@pytest.mark.parametrize(
    "path,reason",
    [
        ("/missing", "HTTP 404"),
        ("/slow", "timed out"),
        ("/loop", "too many redirects"),
        ("/image", "unsupported content type image/png"),
    ],
)
def test_bad_urls_give_one_line(http_server: str, path: str, reason: str) -> None:
    [err] = fetch_all(f"{http_server}{path}")
    assert isinstance(err, IngestError)
    assert str(err).startswith(f"{http_server}{path}: ") and reason in str(err)


def test_size_cap(http_server: str) -> None:
    [err] = fetch_all(f"{http_server}/big", max_bytes=1000)
    assert isinstance(err, IngestError) and "too large" in str(err)


def test_private_address_refused_by_default(http_server: str) -> None:
    [err] = list(load(Item("url", f"{http_server}/page"), IngestOptions()))
    assert isinstance(err, IngestError)
    assert "refused: resolves to private address 127.0.0.1; use --allow-private" in str(err)


def test_feed_entries_fetched_and_failures_reported(http_server: str) -> None:
    results = fetch_all(f"{http_server}/feed")
    assert isinstance(results[0], Article) and "Mara Lenz" in results[0].text
    assert isinstance(results[1], IngestError) and "HTTP 404" in str(results[1])


def test_conditional_fetch_answers_not_modified(http_server: str) -> None:
    from quotetrail.ingest.url import fetch

    opts = {"timeout": 1.0, "max_bytes": 100_000, "max_redirects": 2, "allow_private": True}
    first = fetch(f"{http_server}/validated", **opts)  # type: ignore[arg-type]
    assert first.status == 200 and first.etag == '"v1"' and first.body
    assert first.last_modified == "Thu, 12 Nov 2026 08:00:00 GMT"
    again = fetch(f"{http_server}/validated", headers={"If-None-Match": '"v1"'}, **opts)  # type: ignore[arg-type]
    assert again.status == 304 and again.body == b"" and again.etag == '"v1"'


# --------------------------------------------------------------- a fake Internet around the test server
SERVER_IP = "93.184.215.14"  # public; stands for the test server (connections go to 127.0.0.1)
UNREACHABLE_IP = "93.184.215.15"  # public; nothing answers there


@pytest.fixture
def fake_dns(http_server: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`site.test` resolves to the server's public address; `rebind.test` answers a public
    address to its first lookup and 127.0.0.1 (the test server) to every later one.
    Returns the addresses connections were made to."""
    import socket

    assert ipaddress.ip_address(SERVER_IP).is_global and ipaddress.ip_address(UNREACHABLE_IP).is_global
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection
    lookups = {"rebind.test": 0}
    connected: list[str] = []

    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list:
        if host == "site.test":
            ip = SERVER_IP
        elif host == "rebind.test":
            lookups[host] += 1
            ip = UNREACHABLE_IP if lookups[host] == 1 else "127.0.0.1"
        else:
            return real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port))]

    def create_connection(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        host, port = address
        ip = getaddrinfo(host, port)[0][4][0]  # as the real one resolves a name itself
        connected.append(ip)
        if ip == UNREACHABLE_IP:
            raise ConnectionRefusedError(111, "Connection refused")
        return real_connect(("127.0.0.1" if ip == SERVER_IP else ip, port), *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return connected


def test_public_name_is_fetched_at_its_checked_address(http_server: str, fake_dns: list[str]) -> None:
    port = urlsplit(http_server).port
    [a] = list(load(Item("url", f"http://site.test:{port}/page"), IngestOptions(timeout=2.0)))
    assert isinstance(a, Article) and "Mara Lenz" in a.text and fake_dns == [SERVER_IP]


def test_dns_rebinding_does_not_reach_an_internal_page(http_server: str, fake_dns: list[str]) -> None:
    url = f"http://rebind.test:{urlsplit(http_server).port}/page"
    [err] = list(load(Item("url", url), IngestOptions(timeout=2.0)))
    assert isinstance(err, IngestError), "the internal page was fetched"
    assert str(err).startswith(f"{url}: could not be fetched") and "\n" not in str(err)
    assert fake_dns == [UNREACHABLE_IP]  # the checked address, never 127.0.0.1


def test_dns_rebinding_on_a_redirect_hop_does_not_reach_an_internal_page(
    http_server: str, fake_dns: list[str]
) -> None:
    port = urlsplit(http_server).port
    url = f"http://site.test:{port}/goto?to=http://rebind.test:{port}/page"
    [err] = list(load(Item("url", url), IngestOptions(timeout=2.0)))
    assert isinstance(err, IngestError), "the internal page was fetched"
    assert fake_dns == [SERVER_IP, UNREACHABLE_IP]


def test_loopback_name_still_fetched_with_allow_private(http_server: str) -> None:
    [a] = fetch_all(f"http://localhost:{urlsplit(http_server).port}/page")
    assert isinstance(a, Article) and "Mara Lenz" in a.text


def test_redirect_refusal_names_the_input_then_the_target(http_server: str, fake_dns: list[str]) -> None:
    port = urlsplit(http_server).port
    target = f"http://127.0.0.1:{port}/page"
    url = f"http://site.test:{port}/goto?to={target}"
    [err] = list(load(Item("url", url), IngestOptions(timeout=2.0)))
    assert str(err) == (f"{url}: redirect to {target} refused: resolves to private address "
                        "127.0.0.1; use --allow-private to allow")


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers"])
def test_trickling_server_is_cut_off_at_the_deadline(http_server: str, path: str) -> None:
    started = time.monotonic()
    [err] = fetch_all(f"{http_server}{path}")  # a 1 s deadline; the server needs 6 s
    elapsed = time.monotonic() - started
    assert isinstance(err, IngestError) and str(err) == f"{http_server}{path}: timed out after 1 s"
    assert elapsed < 4.0  # 1 s plus slack for a loaded machine; without the deadline, 6 s


def test_deadline_spans_redirects(http_server: str) -> None:
    started = time.monotonic()
    [err] = fetch_all(f"{http_server}/goto?to=/trickle-body")
    assert isinstance(err, IngestError) and "timed out after 1 s" in str(err)
    assert time.monotonic() - started < 4.0


def test_page_in_utf8_declared_as_latin1_is_repaired_and_said(http_server: str) -> None:
    [a] = fetch_all(f"{http_server}/wrong-charset")
    assert isinstance(a, Article) and "„Wir bleiben, bis ein Angebot kommt“" in a.text and "Ã" not in a.text
    assert a.notes == ["repaired mojibake (UTF-8 decoded as Windows-1252 or Latin-1)"]


def test_deadline_covers_a_slow_name_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    real = socket.getaddrinfo

    def slow(host: str, *args: object, **kwargs: object) -> list:
        if host == "slow-dns.test":
            time.sleep(3)
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (SERVER_IP, 80))]
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    started = time.monotonic()
    [err] = list(load(Item("url", "http://slow-dns.test/page"), IngestOptions(timeout=1.0)))
    assert str(err) == "http://slow-dns.test/page: timed out after 1 s"
    assert time.monotonic() - started < 2.5


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """An HTTPS server on 127.0.0.1 whose certificate names only "localhost"; yields its port
    and the certificate file (a test-only key made here with the openssl tool)."""
    from tests.ingest.conftest import tls_site

    server, cert = tls_site(tmp_path_factory.mktemp("tls"), "localhost")
    yield str(server.server_address[1]), str(cert)
    server.shutdown()


def test_https_certificate_is_checked_against_the_name_not_the_pinned_address(
    tls_server: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssl

    import httpx

    port, cert = tls_server
    monkeypatch.setattr(httpx, "create_ssl_context", lambda *a, **k: ssl.create_default_context(cafile=cert))
    [a] = fetch_all(f"https://localhost:{port}/page")  # connects to 127.0.0.1, verifies "localhost"
    assert isinstance(a, Article) and "Mara Lenz" in a.text
    [err] = fetch_all(f"https://127.0.0.1:{port}/page")  # the certificate does not name the address
    assert isinstance(err, IngestError) and "CERTIFICATE_VERIFY_FAILED" in str(err)
