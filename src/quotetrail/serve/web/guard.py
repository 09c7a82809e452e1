"""Writes are checked before their body is read.

FastAPI parses a body before any dependency or handler runs, so a token checked in the handler
came after a 400 MB body had been read, held and parsed. This middleware runs first: a write
under /api/ without the server's bearer token is answered 401/403 without reading one byte,
and a body over the cap is 413 as soon as it says or proves so (the cap defaults to the
20 MiB the CLI takes from one file or URL)."""

from __future__ import annotations

import hmac
import json
import os
from typing import Any

from starlette.routing import Match

from quotetrail.ingest import IngestOptions

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_BODY = IngestOptions.max_bytes  # what `quotetrail ingest` takes from one file or URL


def body_limit(value: int | None = None) -> int:
    """The body cap: ``value``, else $QUOTETRAIL_MAX_BODY, else ``MAX_BODY``."""
    if value is None:
        given = os.environ.get("QUOTETRAIL_MAX_BODY") or str(MAX_BODY)
        value = int(given) if given.isdigit() else 0
    if value < 1:
        raise ValueError("QUOTETRAIL_MAX_BODY must be a positive number of bytes, e.g. 20971520")
    return value


def token_error(configured: str | None, authorization: str | None) -> tuple[int, str] | None:
    """Why a write with this Authorization header is refused (status, message), or None."""
    if not configured:
        return 403, "writing is disabled: start the server with QUOTETRAIL_TOKEN set"
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), configured.encode()):
        return 401, "a valid bearer token is required"
    return None


class WriteGuard:
    """Pure ASGI middleware; reads the app's ``state.token`` and ``state.max_body``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS or not _routed(scope):
            await self.app(scope, receive, send)  # no body read here; 404 and 405 stay as they are
            return
        state = scope["app"].state
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["path"].startswith("/api/"):
            refused = token_error(state.token, headers.get("authorization"))
            if refused is not None:
                await _reply(send, *refused, bearer=refused[0] == 401)
                return
        limit = state.max_body
        too_large = f"request body too large (limit {limit} bytes)"
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _reply(send, 413, too_large)
            return
        # Read it here, at most the cap: the app would hold the whole body in memory anyway,
        # and a limit enforced inside the app's own reading would depend on FastAPI internals.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _reply(send, 413, too_large)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()  # waits for the disconnect, as the server's would
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


def _routed(scope: dict[str, Any]) -> bool:
    """Whether a route takes this method at this path."""
    return any(route.matches(scope)[0] == Match.FULL for route in scope["app"].router.routes)


async def _reply(send: Any, status: int, message: str, *, bearer: bool = False) -> None:
    """The API's error shape, sent without touching the request body. The connection closes
    after it: kept open, the server would read and drop the rest of the body to reuse it, and
    a client that writes its whole body before reading (httpx) pushed all 400 MB through."""
    body = json.dumps({"error": message, "detail": None}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]
    if bearer:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
