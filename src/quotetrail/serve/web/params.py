"""Query and path parameters shared by the API and the pages, with bounds so that no value
a client sends can reach SQLite as something it cannot take (an integer over 64 bits, a date
that is not one): FastAPI turns anything out of bounds into a 422 before a handler runs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Path, Query

MAX_ID = 2**53  # ids are SQLite rowids; anything larger cannot exist (and JSON numbers stay exact)

Limit = Annotated[int, Query(ge=1, le=200, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Skip this many items.")]
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="Article id.")]
EntityId = Annotated[int, Path(ge=1, le=MAX_ID, description="Speaker (entity) id.")]
GroupId = Annotated[int, Path(ge=1, le=MAX_ID, description="Claim group id.")]
StoryId = Annotated[int, Path(ge=1, le=MAX_ID, description="Story id.")]
Since = Annotated[date | None, Query(description="On or after this date (YYYY-MM-DD).")]
Until = Annotated[date | None, Query(description="On or before this date (YYYY-MM-DD).")]
Lang = Annotated[str | None, Query(max_length=16, description="Language code, e.g. de or en.")]
Site = Annotated[str | None, Query(max_length=300, description="Site name, exactly as stored.")]
Speaker = Annotated[str | None, Query(max_length=300, description="Speaker name (part of it).")]
Form = Annotated[Literal["direct", "indirect", "reported"] | None, Query(description="Form of the statement.")]
Words = Annotated[str | None, Query(max_length=500, description="Words the content must contain (any inflection).")]


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def page(items: list, limit: int, offset: int) -> dict:
    """A page of a list fetched with ``limit + 1`` rows: the extra row only says there is more."""
    return {"items": items[:limit], "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(items) > limit else None}


# A browser form sends empty fields as "": on pages an empty date is no date.
FormDate = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD, or empty.")]


def form_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        from quotetrail.serve.web.errors import ApiError

        raise ApiError(422, f"{name}: {value!r} is not a date; use YYYY-MM-DD") from None
