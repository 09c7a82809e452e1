"""POST /api/v1/ingest: the one write. Allowed only with the bearer token the server was
started with (QUOTETRAIL_TOKEN); with none configured, writing is off. The token and the body
cap are checked by ``guard.WriteGuard`` before the body is read. URLs go through the same
fetcher as the CLI, private networks refused."""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from quotetrail.serve.web.errors import ApiError
from quotetrail.serve.web.schemas import Error, IngestRequest, IngestResult

router = APIRouter(prefix="/api/v1")


@router.post(
    "/ingest", status_code=201, response_model=IngestResult, summary="Ingest one text, HTML page or URL",
    responses={400: {"model": Error, "description": "The body is not JSON."},
               401: {"model": Error, "description": "No or a wrong bearer token (body not read)."},
               403: {"model": Error, "description": "Writing is off: no token configured (body not read)."},
               413: {"model": Error, "description": "The body is over the server's cap (20 MiB unless set)."},
               422: {"model": Error, "description": "Invalid body, or the input failed (report in detail)."}},
)
def ingest(request: Request, body: IngestRequest) -> Any:
    given = [name for name in ("text", "html", "url") if getattr(body, name) is not None]
    if len(given) != 1:
        raise ApiError(422, "give exactly one of text, html or url")
    if body.url is not None and urlsplit(body.url).scheme not in ("http", "https"):
        raise ApiError(422, "url must be an http or https URL")
    report = request.app.state.stores.write(lambda store: _run(store, body, given[0]))
    if not report.ok:  # a refused URL, an empty text: the client's input, 422 with the report
        return JSONResponse({"error": report.failures[0], "detail": report.to_dict()}, status_code=422)
    return JSONResponse(report.to_dict(), status_code=201)


def _run(store: Any, body: IngestRequest, kind: str) -> Any:
    from quotetrail.api import ingest_loaded
    from quotetrail.ingest import IngestOptions, Item, load, load_text

    options = IngestOptions(date=body.date, source=body.source, lang=body.lang, allow_private=False)
    if kind == "url":
        results = load(Item("url", str(body.url)), options)
    else:
        results = load_text(str(getattr(body, kind)), "api", options, html=kind == "html")
    return ingest_loaded(results, store, pipeline=_pipeline())


@cache
def _pipeline() -> Any:
    """Loaded on the first ingest (it takes seconds), then kept: reading never needs it."""
    from quotetrail.analysis import default_pipeline

    return default_pipeline()
