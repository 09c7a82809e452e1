"""Writes are refused before their body is read: no token is 401/403 with not one byte taken
from the client, and a body over the cap is 413 after at most the cap. Driven at the ASGI level
so that the test counts exactly what the app asked the server for."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from quotetrail.serve.web import create_app
from tests.serve.web.conftest import TOKEN, serving
from tests.serve.web.fakes import FakeLinkStore

MIB = 1024 * 1024
CHUNK = b" " * MIB  # JSON whitespace: a body that would parse, were it ever read


class Sent:
    """What one request got back, and how many body bytes the app read to answer it."""

    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.body = b""
        self.read = 0

    def json(self) -> Any:
        return json.loads(self.body)


def call(app: FastAPI, chunks: Iterator[bytes], *, headers: dict[str, str] | None = None,
         length: int | None = None, method: str = "POST", path: str = "/api/v1/ingest") -> Sent:
    """One request whose body comes from ``chunks`` as the server would hand it over."""
    sent = Sent()
    raw = [(b"host", b"testserver"), (b"content-type", b"application/json")]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if length is not None:
        raw.append((b"content-length", str(length).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": raw, "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    ended = False

    async def receive() -> dict[str, Any]:
        nonlocal ended
        if ended:
            return {"type": "http.disconnect"}
        chunk = next(chunks, None)
        if chunk is None:
            ended = True
            return {"type": "http.request", "body": b"", "more_body": False}
        sent.read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent.status = message["status"]
            sent.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            sent.body += message.get("body", b"")

    asyncio.run(app(scope, receive, send))
    return sent


def body(text: str) -> Iterator[bytes]:
    return iter([json.dumps({"text": text}).encode()])


@pytest.fixture
def app(db: Path) -> FastAPI:
    return create_app(open_store=lambda: FakeLinkStore(db), token=TOKEN, max_body=4 * MIB)


def test_no_token_is_401_before_one_byte_is_read(app: FastAPI) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        r = call(app, itertools.repeat(CHUNK, 64), headers=headers)  # 64 MiB, never sent
        assert (r.status, r.read) == (401, 0)
        assert r.json()["error"] == "a valid bearer token is required"
        assert r.headers["www-authenticate"] == "Bearer"


def test_writing_off_is_403_before_one_byte_is_read(db: Path) -> None:
    app = create_app(open_store=lambda: FakeLinkStore(db), token="")
    r = call(app, itertools.repeat(CHUNK, 64), headers={"Authorization": f"Bearer {TOKEN}"})
    assert (r.status, r.read) == (403, 0) and "QUOTETRAIL_TOKEN" in r.json()["error"]


def test_over_the_cap_is_413_after_at_most_the_cap(app: FastAPI) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    streamed = call(app, itertools.repeat(CHUNK, 64), headers=auth)  # chunked: no length given
    assert streamed.status == 413 and streamed.read <= 5 * MIB
    assert streamed.json()["error"] == "request body too large (limit 4194304 bytes)"
    declared = call(app, itertools.repeat(CHUNK, 64), headers=auth, length=64 * MIB)
    assert (declared.status, declared.read) == (413, 0)
    assert declared.json()["error"] == streamed.json()["error"]


def test_under_the_cap_is_read_whole(app: FastAPI) -> None:
    """A body just under the cap, sent in pieces, reaches validation intact (the made-up
    language code at its end is the one complaint)."""
    padded = [b'{"text": "Der Sprecher sagte, es regne."', *itertools.repeat(CHUNK, 3), b', "lang": "German!"}']
    r = call(app, iter(padded), headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status == 422 and r.read == sum(map(len, padded))
    assert r.json()["error"].startswith("lang: ")


def test_the_cap_is_configurable_from_the_environment(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTETRAIL_MAX_BODY", "100")
    app = create_app(open_store=lambda: FakeLinkStore(db), token=TOKEN)
    r = call(app, body("Der Sprecher sagte, das Wetter bleibe heute den ganzen Tag über trocken und mild, "
                       "und auch morgen werde es kaum regnen."),
             headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status == 413 and "limit 100 bytes" in r.json()["error"]


def test_a_bad_cap_is_one_clear_error(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTETRAIL_MAX_BODY", "20MB")
    with pytest.raises(ValueError, match="QUOTETRAIL_MAX_BODY must be a positive number of bytes"):
        create_app(open_store=lambda: FakeLinkStore(db), token=TOKEN)


def test_the_default_cap_is_what_the_cli_takes_from_one_file(db: Path) -> None:
    from quotetrail.ingest import IngestOptions

    app = create_app(open_store=lambda: FakeLinkStore(db), token=TOKEN)
    assert app.state.max_body == IngestOptions().max_bytes == 20 * MIB


def test_reads_are_untouched(app: FastAPI) -> None:
    r = call(app, iter([]), method="GET", path="/api/v1/articles")
    assert r.status == 200 and len(r.json()["items"]) == 3


def test_a_method_no_route_takes_stays_405(app: FastAPI) -> None:
    r = call(app, itertools.repeat(CHUNK, 64), method="DELETE", path="/api/v1/articles")
    assert (r.status, r.read) == (405, 0)


def test_a_write_route_added_later_is_guarded_too(app: FastAPI) -> None:
    """Any write under /api/ needs the token, not just ingest: a route another module adds
    (say, to add a feed to poll) cannot be left open by forgetting a check."""

    @app.post("/api/v1/sources")
    def add_source() -> dict[str, str]:
        return {"added": "yes"}

    r = call(app, itertools.repeat(CHUNK, 64), path="/api/v1/sources")
    assert (r.status, r.read) == (401, 0)
    ok = call(app, iter([b"{}"]), path="/api/v1/sources", headers={"Authorization": f"Bearer {TOKEN}"})
    assert (ok.status, ok.json()) == (200, {"added": "yes"})


def test_a_real_client_is_refused_without_sending_its_body(app: FastAPI) -> None:
    """Over loopback, with a client that writes the whole body before it reads (httpx): the
    refusal closes the connection, so the client stops after what the socket buffers took
    instead of pushing all 400 MiB through the server."""
    produced = 0

    def body() -> Iterator[bytes]:
        nonlocal produced
        for _ in range(400):
            produced += len(CHUNK)
            yield CHUNK

    with serving(app) as base:
        for headers, status in (({}, 401), ({"Authorization": f"Bearer {TOKEN}"}, 413)):
            produced = 0
            r = httpx.post(f"{base}/api/v1/ingest", content=body(), timeout=60,
                           headers={"Content-Type": "application/json", **headers})
            assert r.status_code == status and produced < 64 * MIB, (r.status_code, produced)
        assert httpx.get(f"{base}/api/v1/articles", timeout=60).status_code == 200
