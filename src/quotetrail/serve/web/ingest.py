"""POST /api/v1/ingest: the one write. Allowed only with the bearer token the server was
started with (QUOTETRAIL_TOKEN); with none configured, writing is off. The token and the body
cap are checked by ``guard.WriteGuard`` before the body is read. URLs go through the same
fetcher as the CLI, private networks refused."""

from __future__ import annotations

import threading
from functools import cache, partial
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer

from quotetrail.api import IngestReport, known, record
from quotetrail.errors import IngestError
from quotetrail.model import Document
from quotetrail.serve.web.errors import ApiError
from quotetrail.serve.web.schemas import Error, IngestRequest, IngestResult
from quotetrail.serve.web.stores import Stores

router = APIRouter(prefix="/api/v1")


# For the schema only: WriteGuard has checked the token before the body was read.
_BEARER = HTTPBearer(auto_error=False, description="The server's QUOTETRAIL_TOKEN.")


@router.post(
    "/ingest", status_code=201, dependencies=[Security(_BEARER)], response_model=IngestResult, summary="Ingest one text, HTML page or URL",
    responses={400: {"model": Error, "description": "The body is not JSON."},
               401: {"model": Error, "description": "No or a wrong bearer token (body not read)."},
               403: {"model": Error, "description": "Writing is off: no token configured (body not read)."},
               413: {"model": Error, "description": "The body is over the server's cap (20 MiB unless set)."},
               422: {"model": Error, "description": "Invalid body, or the input failed (report in detail)."}},
)
async def ingest(request: Request, body: IngestRequest) -> Any:
    if body.url is not None and urlsplit(body.url).scheme not in ("http", "https"):
        raise ApiError(422, "url must be an http or https URL")
    stores, allow_private = request.app.state.stores, request.app.state.allow_private
    report = await stores.work(lambda: _run(stores, body, body.kind, allow_private))
    if not report.ok:  # a refused URL, an empty text: the client's input, 422 with the report
        return JSONResponse({"error": report.failures[0], "detail": report.to_dict()}, status_code=422)
    return JSONResponse(report.to_dict(), status_code=201)


# One analysis at a time: the pipeline is shared, and under the GIL two would take as long.
_analysing = threading.Lock()


def _run(stores: Stores, body: IngestRequest, kind: str, allow_private: bool) -> IngestReport:
    """Load (fetch), analyse and store, as ``api.ingest_loaded`` does (the same ``known`` and
    ``record`` steps), but with only the store work on the writer: exact and near duplicates
    are looked up there before any analysis, and the analysed article is added there (which
    checks both again, for an ingest that stored the same text meanwhile)."""
    from quotetrail.ingest import IngestOptions, Item, load, load_text
    from quotetrail.ingest.dedup import signature

    options = IngestOptions(date=body.date, source=body.source, lang=body.lang, allow_private=allow_private)
    if kind == "url":
        results = list(load(Item("url", str(body.url)), options))
    else:
        results = list(load_text(str(getattr(body, kind)), "api", options, html=kind == "html"))
    report = IngestReport()
    for result in results:
        if isinstance(result, IngestError):
            report.failures.append(str(result))
            continue
        report.notes.extend(f"{result.origin}: {note}" for note in result.notes)
        try:
            sig = signature(result.text)
            if stores.write(partial(known, article=result, sig=sig, report=report)):
                continue
            with _analysing:
                doc = _pipeline()(result)
            record(stores.write(partial(_add, doc=doc, sig=sig)), doc, report)
        except Exception as exc:  # one bad article is one line of the report, as in the CLI
            report.failures.append(str(IngestError(result.origin, f"{type(exc).__name__}: {exc}")))
    return report


def _add(store: Any, doc: Document, sig: bytes) -> Any:
    return store.add(doc, signature=sig)


@cache
def _pipeline() -> Any:
    """Loaded on the first ingest (it takes seconds), then kept: reading never needs it."""
    from quotetrail.analysis import default_pipeline

    return default_pipeline()
