"""When each watched source was last polled (`quotetrail watch`): a page and its JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from quotetrail.serve.web.api import store

router = APIRouter()


def _sources(request: Request) -> list[dict[str, Any]] | None:
    """The watched sources with their health; None when the store keeps no watch state."""
    listing = getattr(store(request), "watch_sources", None)
    return listing() if listing else None


@router.get("/api/v1/sources", summary="Watched sources and their health", tags=["sources"],
            response_model=list[dict[str, Any]])
def sources_api(request: Request) -> list[dict[str, Any]]:
    """Every source `quotetrail watch` follows: last poll and its result, failures in a row,
    next poll (times in UTC, ISO 8601)."""
    return _sources(request) or []


@router.get("/sources", include_in_schema=False, response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    items = _sources(request)
    return request.app.state.templates.TemplateResponse(
        request, "sources.html", {"sources": items or [], "unavailable": items is None})
