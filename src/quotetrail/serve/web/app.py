"""The web app: JSON API under /api/v1, HTML pages, static files — all served offline."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChainableUndefined, Environment, FileSystemLoader

from quotetrail.serve.render import figure_value
from quotetrail.serve.web import api, errors, exports, ingest, pages, sources
from quotetrail.serve.web.guard import WriteGuard, body_limit
from quotetrail.serve.web.highlight import marked
from quotetrail.serve.web.stores import Stores
from quotetrail.store.sqlite import load_lemmas
from quotetrail.store.trail import date_note

HERE = Path(__file__).parent

# Article text can only ever appear escaped; CSP is a second wall should an escape be missed:
# no inline script or style, nothing loaded from anywhere but this server.
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
     b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Pure ASGI middleware (cheaper per request than BaseHTTPMiddleware)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def safe_url(url: str | None) -> str | None:
    """An article's URL as a link only when it is http(s): never javascript: or data:."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def field_text(value: Any) -> str:
    """A member field for display: a span's text, or the value itself."""
    if isinstance(value, dict):
        return str(value.get("text", ""))
    return "" if value is None else str(value)


class _Environment(Environment):
    """The templates read plain dicts (what the store returns). Jinja looks ``r.title`` up as an
    attribute first and as a key only after catching the AttributeError; a key that is there is
    taken at once here, which made the search page's rendering about a third cheaper."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def templates() -> Jinja2Templates:
    env = _Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      undefined=ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(figure_value=figure_value, safe_url=safe_url, field_text=field_text, marked=marked,
                       date_note=date_note, form=lambda f: (f or "").replace("_", " "))
    return Jinja2Templates(env=env)


def create_app(db: str | Path | None = None, *, open_store: Callable[[], Any] | None = None,
               token: str | None = None, max_body: int | None = None, allow_private: bool = False) -> FastAPI:
    """The app over the SQLite file ``db`` (or whatever ``open_store`` returns, one per thread).
    ``token`` defaults to $QUOTETRAIL_TOKEN; without one, POST /api/v1/ingest is refused.
    ``max_body`` (bytes) defaults to $QUOTETRAIL_MAX_BODY or 20 MiB. ``allow_private`` lets
    ingest fetch URLs on loopback and private networks (for tests against a local server)."""
    cap = body_limit(max_body)  # a bad $QUOTETRAIL_MAX_BODY fails at start, not on the first write
    if open_store is None:
        from quotetrail.store import open_store as open_sqlite

        path = str(db or os.environ.get("QUOTETRAIL_DB") or "quotetrail.db")

        def open_store() -> Any:
            return open_sqlite(path)

    stores = Stores(open_store)
    stores.read().count()  # open now, so a bad --db fails at start, not on the first request

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # before the first request: loading them lazily stalled the first searches of each
        # server process for seconds (store/sqlite.py, _lemma)
        load_lemmas()
        yield
        stores.close()

    app = FastAPI(title="quotetrail", version="1",
                  description="Who said what, when, according to whom — every item anchored by "
                              "character offsets in its stored article.",
                  docs_url=None, redoc_url=None,  # the docs UIs load scripts from a CDN
                  lifespan=lifespan)
    app.state.stores = stores
    app.state.token = token if token is not None else os.environ.get("QUOTETRAIL_TOKEN") or None
    app.state.max_body = cap
    app.state.allow_private = allow_private
    app.state.templates = templates()
    errors.install(app)
    app.include_router(api.router)
    app.include_router(ingest.router)
    app.include_router(exports.router)  # downloads, permalinks; before pages (/claims/{id} would take 5.csv)
    app.include_router(pages.router)
    app.include_router(sources.router)  # quotetrail watch: when each source was last polled
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(WriteGuard)  # inside SecurityHeaders, so its refusals get them too
    app.add_middleware(SecurityHeaders)
    return app
