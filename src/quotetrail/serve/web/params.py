"""Query and path parameters shared by the API and the pages, with bounds so that no value
a client sends can reach SQLite as something it cannot take (an integer over 64 bits, a date
that is not one): FastAPI turns anything out of bounds into a 422 before a handler runs."""

from __future__ import annotations

import inspect
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Path, Query

MAX_ID = 2**53  # ids are SQLite rowids; anything larger cannot exist (and JSON numbers stay exact)

Limit = Annotated[int, Query(ge=1, le=200, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Skip this many items.")]
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="Article id.")]
EntityId = Annotated[int, Path(ge=1, le=MAX_ID, description="Speaker (entity) id.")]
GroupId = Annotated[int, Path(ge=1, le=MAX_ID, description="Claim group id.")]
StoryId = Annotated[int, Path(ge=1, le=MAX_ID, description="Story id.")]
# Dates are strings checked by ``day``, not pydantic dates: those also take "0" as 1970-01-01.
Since = Annotated[str | None, Query(json_schema_extra={"format": "date"},
                                    description="On or after this date (YYYY-MM-DD).")]
Until = Annotated[str | None, Query(json_schema_extra={"format": "date"},
                                    description="On or before this date (YYYY-MM-DD).")]
# On pages a browser form sends an empty field as "": there it means no bound.
FormDay = Annotated[str | None, Query(max_length=10)]
Lang = Annotated[str | None, Query(max_length=16, description="Language code, e.g. de or en.")]
Site = Annotated[str | None, Query(max_length=300, description="Site name, exactly as stored.")]
Speaker = Annotated[str | None, Query(max_length=300, description="Speaker name (part of it).")]
# the CLI's `speakers --all`: without it only entities with a statement of their own are listed
Everyone = Annotated[bool, Query(alias="all", description="Also entities that are only mentioned, never quoted.")]
Form = Annotated[Literal["direct", "indirect", "free_indirect", "reported"] | None, Query(description="Form of the statement.")]
Words = Annotated[str | None, Query(max_length=500, description="Words the content must contain (any inflection).")]
Sort = Annotated[str | None, Query(max_length=40, description="A column to sort by, `-` in front for descending "
                                                             "(e.g. `-published`); ties in id order.")]


def sort_param(kind: str) -> Any:
    """``Sort`` with the list's columns in the schema (checked by :func:`sorting`, whose 422
    names them, rather than by pydantic's pattern message)."""
    from quotetrail.store.listing import SORTS

    values = [f"{sign}{c}" for c in sorted(SORTS[kind]) for sign in ("", "-")]
    return Annotated[str | None, Query(max_length=40, json_schema_extra={"enum": values},
                                       description="A column to sort by, `-` in front for descending; "
                                                   "ties in id order.")]


ArticleSort, SpeakerSort, StorySort = sort_param("articles"), sort_param("speakers"), sort_param("stories")


def page(items: list, limit: int, offset: int) -> dict:
    """A page of a list fetched with ``limit + 1`` rows: the extra row only says there is more."""
    return {"items": items[:limit], "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(items) > limit else None}


def day(value: str | None, name: str, *, empty: bool = False) -> str | None:
    """A date parameter as YYYY-MM-DD, None when absent (or empty, if ``empty`` is allowed);
    422 when it is no real date."""
    if value is None or (empty and value == ""):
        return None
    try:
        if len(value) != 10:  # fromisoformat also takes 20261116
            raise ValueError(value)
        return date.fromisoformat(value).isoformat()
    except ValueError:
        from quotetrail.serve.web.errors import ApiError

        raise ApiError(422, f"{name}: {value!r} is not a date; use YYYY-MM-DD") from None


def sorting(value: str | None, kind: str) -> str | None:
    """A ``sort`` parameter checked against the list's columns (None when absent: the list's
    own order); 422 naming the columns when it is none of them (pages pass a form's "" as None)."""
    from quotetrail.serve.web.errors import ApiError
    from quotetrail.store.listing import SortError, parse_sort

    if value is None:
        return None
    try:
        parse_sort(kind, value)
    except SortError as exc:
        raise ApiError(422, str(exc)) from None
    return value


def listed(fn: Any, sort: str | None, **filters: Any) -> dict[str, Any]:
    """The keyword arguments for a store's list method: ``sort`` and the filters only when
    given, so a store without them still serves the unsorted, unfiltered list; a 422 when a
    store cannot do what was asked."""
    from quotetrail.serve.web.errors import ApiError

    asked = {k: v for k, v in {"sort": sort, **filters}.items() if v is not None}
    accepted = inspect.signature(fn).parameters
    missing = [k for k in asked if k not in accepted]
    if missing:
        filters_missing = [k for k in missing if k != "sort"]
        cannot = (["sort"] if "sort" in missing else []) + (
            [f"filter by {', '.join(filters_missing)}"] if filters_missing else [])
        raise ApiError(422, f"this store cannot {' or '.join(cannot)} this list")
    return asked
