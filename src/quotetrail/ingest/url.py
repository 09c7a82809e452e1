"""Fetching URLs safely: private networks refused, redirects re-checked, size, type and time capped.

Each hop's host is resolved once, its addresses checked, and the connection made to exactly
those addresses (``_PinnedBackend``): a name that answers a public address to the check and a
private one to the connect (DNS rebinding) cannot reach an internal page. The URL, the Host
header and TLS (SNI and certificate check) keep the original host name. Every socket
operation's timeout, name lookups included, is cut to what is left of one deadline per URL,
so a server trickling a byte a second cannot hold a fetch beyond it.

Proxies: ``--proxy URL`` or, without it, the environment's ``HTTPS_PROXY`` / ``HTTP_PROXY`` /
``ALL_PROXY`` with ``NO_PROXY`` (``--proxy direct`` ignores the environment). A loopback host is
never proxied. Through a proxy the target's name is still looked up here and refused if it
answers a private address, but the proxy resolves it again to connect, so DNS rebinding is
then the proxy's to prevent; a name that does not resolve here (a network that resolves only
at its proxy) is left to the proxy.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import httpcore
import httpx

from quotetrail.errors import IngestError

ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
)
USER_AGENT = "quotetrail/0.1 (+https://example.invalid/quotetrail)"
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes
    encoding: str | None
    status: int = 200  # 304: not modified since the validators sent (body empty)
    etag: str | None = None
    last_modified: str | None = None


def resolve(url: str, *, allow_private: bool, within: float | None = None) -> list[str]:
    """The addresses ``url``'s host resolves to, all of them public unless ``allow_private``.

    Raises :class:`IngestError` with ``url`` as the item; the reason names the private address.
    ``within``: seconds the lookup may take (the system resolver has no timeout of its own),
    else :class:`TimeoutError`.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise IngestError(url, "not an http(s) URL")
    try:
        target = httpx.URL(url)
        host = target.raw_host.decode("ascii")  # IDNA form, as the connection will use it
        port = target.port or _DEFAULT_PORTS[target.scheme]
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        raise IngestError(url, f"not a valid URL ({exc})") from exc
    try:
        infos = _lookup(host, port, within)
    except (socket.gaierror, UnicodeError) as exc:
        raise IngestError(url, f"host not found ({parts.hostname})") from exc
    addresses: list[str] = []
    for info in infos:
        raw = str(info[4][0])  # kept whole for the connect: a link-local one needs its "%zone"
        address = ipaddress.ip_address(raw.split("%")[0])
        if not allow_private and not address.is_global:
            raise IngestError(
                url, f"refused: resolves to private address {address}; use --allow-private to allow"
            )
        if raw not in addresses:
            addresses.append(raw)
    return addresses


def _lookup(host: str, port: int, within: float | None) -> list[Any]:
    if within is None:
        return socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    # a daemon thread, so a lookup that hangs is left behind without holding up exit
    answer: list[Any] = []
    done = threading.Event()

    def run() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP))
        except Exception as exc:
            answer.append(exc)
        done.set()

    threading.Thread(target=run, name="quotetrail-lookup", daemon=True).start()
    if not done.wait(max(within, 0.0)):
        raise TimeoutError(f"looking up {host}")
    if isinstance(answer[0], Exception):
        raise answer[0]
    return answer[0]


def check_public(url: str) -> None:
    """Raise unless every address the URL's host resolves to is a public one."""
    resolve(url, allow_private=False)


DIRECT = "direct"  # --proxy direct: connect directly whatever the environment says


def check_proxy(proxy: str) -> str:
    """``proxy`` if it is an http(s) proxy URL with a host, or "direct"; ValueError otherwise."""
    if proxy == DIRECT:
        return proxy
    parts = urlsplit(proxy)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"proxy {proxy!r} is not supported: give an http:// or https:// proxy URL, "
                         "or 'direct'")
    if not parts.hostname:
        raise ValueError(f"proxy {proxy!r} names no host")
    return proxy


def proxy_for(url: str, proxy: str | None) -> str | None:
    """The proxy a request for ``url`` goes through, or None to connect directly.

    ``proxy``: what the user gave (a URL, or "direct"); None reads the environment, as curl
    and pip do, ``NO_PROXY`` included."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if proxy == DIRECT or _is_loopback(host):
        return None
    if proxy:
        return proxy
    env = urllib.request.getproxies_environment()
    if urllib.request.proxy_bypass_environment(host, env):
        return None
    found = env.get(parts.scheme) or env.get("all")
    return found if found and urlsplit(found).scheme in ("http", "https") else None


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def _left(self, timeout: float | None, exc: type[Exception]) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise exc("deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname,
                                      self._left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.SyncBackend):
    """Connects a host only to the addresses vetted for it, never resolving it again."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.pins: dict[str, list[str]] = {}

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = self.pins.get(host)
        if not addresses:  # only reachable through a bug: refuse rather than resolve anew
            raise httpcore.ConnectError(f"{host} was not checked before connecting")
        error: Exception | None = None
        for address in addresses:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout("deadline passed")
            try:
                stream = super().connect_tcp(address, port, left if timeout is None else min(timeout, left),
                                             local_address, socket_options)
            except httpcore.ConnectError as exc:  # the next address may answer
                error = exc
                continue
            return _DeadlineStream(stream, self.deadline)
        assert error is not None
        raise error


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    """httpcore's errors as the httpx errors of the same name (ReadTimeout, ConnectError, …)."""
    try:
        yield
    except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError,
            httpcore.UnsupportedProtocol, httpcore.ProxyError) as exc:
        fallback = httpx.TimeoutException if isinstance(exc, httpcore.TimeoutException) else httpx.TransportError
        mapped = getattr(httpx, type(exc).__name__, fallback)
        raise mapped(str(exc) or type(exc).__name__) from exc


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close:
            close()


class _PinnedTransport(httpx.BaseTransport):
    """httpx over httpcore pools whose network backend is a :class:`_PinnedBackend`: one
    direct, one per proxy (``via`` says which the next request takes)."""

    def __init__(self, backend: _PinnedBackend) -> None:
        self._backend = backend
        self._ssl = httpx.create_ssl_context()
        self._pool: httpcore.ConnectionPool = httpcore.ConnectionPool(ssl_context=self._ssl,
                                                                      network_backend=backend)
        self._proxies: dict[str, httpcore.HTTPProxy] = {}
        self.via: str | None = None

    def _through(self, proxy: str) -> httpcore.HTTPProxy:
        if proxy not in self._proxies:
            parts = urlsplit(proxy)
            auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
            port = parts.port or _DEFAULT_PORTS[parts.scheme]
            self._proxies[proxy] = httpcore.HTTPProxy(
                proxy_url=f"{parts.scheme}://{parts.hostname}:{port}", proxy_auth=auth,
                ssl_context=self._ssl, network_backend=self._backend)
        return self._proxies[proxy]

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host,
                             port=request.url.port, target=request.url.raw_path),
            headers=request.headers.raw,
            content=request.stream,  # type: ignore[arg-type]
            extensions=request.extensions,
        )
        pool = self._through(self.via) if self.via else self._pool
        with _as_httpx_errors():
            response = pool.handle_request(core)
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_Body(response.stream),  # type: ignore[arg-type]
                              extensions=response.extensions)

    def close(self) -> None:
        self._pool.close()
        for pool in self._proxies.values():
            pool.close()


def _pin_proxy(backend: _PinnedBackend, url: str, proxy: str) -> None:
    """Look the proxy's host up once; the user chose it, so a private address is fine."""
    host = httpx.URL(proxy).raw_host.decode("ascii")
    if host not in backend.pins:
        try:
            backend.pins[host] = resolve(proxy, allow_private=True,
                                         within=backend.deadline - time.monotonic())
        except IngestError as exc:
            raise IngestError(url, f"proxy {urlsplit(proxy).hostname}: {exc.reason}") from exc


RETRY_AFTER_CAP = 86_400.0  # a server asking for more than a day is polled again after one


def retry_after(status: int, headers: Mapping[str, str]) -> float | None:
    """Seconds a 429 or 503 answer asks the client to wait: ``Retry-After`` as a number of
    seconds or an HTTP date; None when absent, unreadable, or on another status."""
    value = headers.get("retry-after", "").strip() if status in (429, 503) else ""
    if not value:
        return None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def fetch(url: str, *, timeout: float, max_bytes: int, max_redirects: int, allow_private: bool,
          headers: Mapping[str, str] | None = None, proxy: str | None = None) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` redirects, each target checked again.

    ``timeout`` bounds the whole fetch (connects, headers and bodies of every hop).
    ``headers`` go with every request (``If-None-Match`` / ``If-Modified-Since`` for a
    conditional poll); a 304 answer comes back as ``Fetched(status=304)`` with an empty body.
    ``proxy``: a proxy URL, "direct", or None for the environment's (see the module's notes).
    """
    current = url
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    backend = _PinnedBackend(time.monotonic() + timeout)
    transport = _PinnedTransport(backend)
    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False,
                      headers=sent, trust_env=False) as client:
        for _ in range(max_redirects + 1):
            via = proxy_for(current, proxy)
            try:
                if via:
                    _pin_proxy(backend, url, via)
                addresses = resolve(current, allow_private=allow_private,
                                    within=backend.deadline - time.monotonic())
            except TimeoutError as exc:
                raise IngestError(url, f"timed out after {timeout:g} s") from exc
            except IngestError as exc:
                if via and exc.reason.startswith("host not found"):
                    addresses = []  # the proxy may know it; a private answer here was refused above
                elif current == url:
                    raise
                else:
                    # the input first, so the line says which of the user's items failed
                    sep = " " if exc.reason.startswith("refused") else ": "
                    raise IngestError(url, f"redirect to {current}{sep}{exc.reason}") from exc
            if not via:
                backend.pins[httpx.URL(current).raw_host.decode("ascii")] = addresses
            transport.via = via
            try:
                with client.stream("GET", current) as response:
                    validators = {"etag": response.headers.get("etag"),
                                  "last_modified": response.headers.get("last-modified")}
                    if response.status_code == 304:
                        return Fetched(str(response.url), "", b"", None, status=304, **validators)
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise IngestError(url, "redirect without a Location header")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise IngestError(url, f"HTTP {response.status_code} {response.reason_phrase}",
                                          retry_after=retry_after(response.status_code, response.headers))
                    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if ctype and ctype not in ACCEPTED_TYPES:
                        raise IngestError(url, f"unsupported content type {ctype}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise IngestError(url, f"too large ({int(declared)} bytes; limit {max_bytes})")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > max_bytes:
                            raise IngestError(url, f"too large (over {max_bytes} bytes)")
                    return Fetched(str(response.url), ctype, bytes(body), response.charset_encoding,
                                   status=response.status_code, **validators)
            except httpx.TimeoutException as exc:
                raise IngestError(url, f"timed out after {timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise IngestError(url, f"could not be fetched ({type(exc).__name__}: {exc})") from exc
    raise IngestError(url, f"too many redirects (more than {max_redirects})")
