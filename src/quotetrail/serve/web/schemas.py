"""Shapes of the API's bodies, for validation and for the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError


class Error(BaseModel):
    error: str = Field(description="What went wrong, in one sentence.")
    detail: Any = None


class Page(BaseModel):
    items: list[dict[str, Any]]
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")


class SearchPage(BaseModel):
    query: str
    articles: list[dict[str, Any]] = Field(description="Matching articles, best first.")
    quotes: list[dict[str, Any]] = Field(description="Matching attributions, best first.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page of either list; null when both ended.")
    ranked: int | None = Field(None, description=(
        "Set when more articles or quotes matched than one search ranks: such a list holds the best of its "
        "`ranked` most recently stored matches (its results have `capped`: true). More words or a filter "
        "reach older ones."))


INPUTS = ("text", "html", "url")


class IngestRequest(BaseModel):
    """Exactly one of ``text`` (plain text as a scraper delivers it), ``html`` or ``url``."""

    # The schema says so too (an input given as a string; null counts as not given), so that
    # clients and fuzzers built from /openapi.json send what the server takes.
    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": [name], "properties": {name: {"type": "string"}}} for name in INPUTS]})

    text: str | None = Field(None, max_length=5_000_000)
    html: str | None = Field(None, max_length=5_000_000)
    url: str | None = Field(None, max_length=2000, description="http(s) URL; private networks are refused.")
    date: dt.date | None = Field(None, description="Publication date the input lacks or gets wrong.")
    source: str | None = Field(None, max_length=300, description="Site name the input lacks or gets wrong.")
    lang: str | None = Field(None, pattern=r"^[a-z]{2,3}$", description="Language code instead of detection.")

    @model_validator(mode="after")
    def _one_input(self) -> IngestRequest:
        given = [name for name in INPUTS if getattr(self, name) is not None]
        if len(given) != 1:
            which = "none given" if not given else "got " + " and ".join([", ".join(given[:-1]), given[-1]])
            raise PydanticCustomError("one_input", f"give exactly one of text, html or url ({which})")
        return self

    @property
    def kind(self) -> str:
        """Which input was given: text, html or url."""
        return next(name for name in INPUTS if getattr(self, name) is not None)


class IngestResult(BaseModel):
    added: list[int] = Field(description="Ids of the articles stored.")
    duplicates: int
    copies: int
    failed: int
    failures: list[str]
