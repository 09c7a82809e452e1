"""Fetching URLs safely: private networks refused, redirects re-checked, size and type capped."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

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


@dataclass
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes
    encoding: str | None
    status: int = 200  # 304: not modified since the validators sent (body empty)
    etag: str | None = None
    last_modified: str | None = None


def check_public(url: str) -> None:
    """Raise unless every address the URL's host resolves to is a public one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise IngestError(url, "not an http(s) URL")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise IngestError(url, f"host not found ({parts.hostname})") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise IngestError(
                url, f"refused: resolves to private address {address}; use --allow-private to allow"
            )


def fetch(url: str, *, timeout: float, max_bytes: int, max_redirects: int, allow_private: bool,
          headers: Mapping[str, str] | None = None) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` redirects, each target checked again.

    ``headers`` go with every request (``If-None-Match`` / ``If-Modified-Since`` for a
    conditional poll); a 304 answer comes back as ``Fetched(status=304)`` with an empty body.
    """
    current = url
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    with httpx.Client(timeout=timeout, follow_redirects=False, headers=sent) as client:
        for _ in range(max_redirects + 1):
            if not allow_private:
                check_public(current)
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
                        raise IngestError(url, f"HTTP {response.status_code} {response.reason_phrase}")
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
