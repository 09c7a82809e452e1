"""Downloads and permalinks: a trail, a claim group or a story as CSV / JSON / JSON Lines (and
a claim group as JSON-LD ``ClaimReview``), with the rows ``quotetrail export`` writes
(serve/exports.py); and links that keep pointing at a statement or a claim group.

Included before the pages' router: ``/claims/{id}`` there would also match ``/claims/5.csv``."""

from __future__ import annotations

import io
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from quotetrail.serve import exports
from quotetrail.serve.web.api import found, link_call, store
from quotetrail.serve.web.errors import ApiError
from quotetrail.serve.web.params import MAX_ID, EntityId, GroupId, StoryId

router = APIRouter(include_in_schema=False)

MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json", "jsonl": "application/x-ndjson",
         "jsonld": "application/ld+json"}
RowFormat = Literal["csv", "json", "jsonl"]
ClaimFormat = Literal["csv", "json", "jsonl", "jsonld"]
StatementId = Annotated[int, Path(ge=1, le=MAX_ID, description="Statement (attribution) id.")]
FigureId = Annotated[int, Path(ge=1, le=MAX_ID, description="Figure id.")]


def download(body: str, name: str, fmt: str) -> Response:
    # ``name`` is built from ids and slug() (ASCII letters, digits, hyphens): nothing to quote
    return Response(body, media_type=MEDIA[fmt],
                    headers={"content-disposition": f'attachment; filename="{name}.{fmt}"'})


def rows(export: exports.Export, fmt: str) -> Response:
    stream = io.StringIO()
    exports.write(export, fmt, stream)
    return download(stream.getvalue(), export.name, fmt)


def _export(make: Any, *args: Any) -> Any:
    """``make(*args)``; an id the store does not hold is a 404 saying which."""
    try:
        return make(*args)
    except exports.ExportError as exc:
        raise ApiError(404, str(exc)) from None


@router.get("/speakers/{entity_id}/trail.{fmt}")
def trail_download(request: Request, entity_id: EntityId, fmt: RowFormat) -> Response:
    who = found(link_call(request, "speaker", entity_id), "speaker", entity_id)
    return rows(exports.trail_export(store(request), who), fmt)


@router.get("/claims/{group_id}.{fmt}")
def claim_download(request: Request, group_id: GroupId, fmt: ClaimFormat) -> Response:
    if fmt == "jsonld":
        reviews = _export(exports.claim_reviews, store(request), [group_id], str(request.base_url))
        return download(json.dumps(reviews[0], ensure_ascii=False, indent=2), f"claim-{group_id}", fmt)
    return rows(_export(exports.claim_export, store(request), group_id), fmt)


@router.get("/stories/{story_id}.{fmt}")
def story_download(request: Request, story_id: StoryId, fmt: RowFormat) -> Response:
    found(link_call(request, "story", story_id), "story", story_id)
    return rows(_export(exports.story_export, store(request), story_id), fmt)


@router.get("/statements/{statement_id}")
def statement_permalink(request: Request, statement_id: StatementId) -> Response:
    """A statement's own address: its article, scrolled to it (the article page's ``#qID``)."""
    hit = store(request).quotes(ids=[statement_id], limit=1)
    if not hit:
        raise ApiError(404, f"no statement with id {statement_id}")
    return RedirectResponse(f"/articles/{hit[0]['article_id']}#q{statement_id}", status_code=302)


@router.get("/claims/figure/{figure_id}")
def claim_of_figure(request: Request, figure_id: FigureId) -> Response:
    """The claim group a figure is in, by the figure (exports.claim_permalink)."""
    group = link_call(request, "claim_group_of", figure_id=figure_id)
    if group is None:
        raise ApiError(404, f"figure {figure_id} is in no claim group")
    return RedirectResponse(f"/claims/{group}", status_code=302)


@router.get("/claims/statement/{statement_id}")
def claim_of_statement(request: Request, statement_id: StatementId,
                       at: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None) -> Response:
    """The claim group a statement is in; ``at`` (where its member span starts) tells the
    whole quote's group from a quoted fragment's."""
    group = link_call(request, "claim_group_of", attribution_id=statement_id, at=at)
    if group is None:
        raise ApiError(404, f"statement {statement_id} is in no claim group")
    return RedirectResponse(f"/claims/{group}", status_code=302)
