"""The state of a list page (its filters, sort and page) for the templates, in datasette's
manner: every link the page draws (a column header that sorts, a facet value, the next
page) is this state with one thing changed, so filters and sort survive each click."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from quotetrail.store.listing import SORTS

# Columns whose first click sorts descending (the most, the newest); the rest start A→Z.
_DESCENDING_FIRST = {"published", "words", "statements", "articles", "first", "last"}


@dataclass
class Listing:
    path: str  # "/speakers"
    kind: str  # a key of SORTS
    default: str  # the store's own order, as a sort value ("-statements")
    params: dict[str, str] = field(default_factory=dict)  # filters and sort as given, empty ones dropped
    facets: dict[str, Any] = field(default_factory=dict)  # {"sites": [...], "langs": [...]} for the menus
    counts: dict[str, Any] | None = None  # facet_counts() of the store, when cheap

    @property
    def sort(self) -> str:
        return self.params.get("sort") or self.default

    def url(self, **changes: str | None) -> str:
        """This list with ``changes`` applied (None drops a parameter), from its first page."""
        params = {k: v for k, v in {**self.params, **changes}.items() if v}
        return self.path + ("?" + urlencode(params) if params else "")

    def pager_base(self) -> str:
        """The prefix a pager appends ``offset=N`` to."""
        return self.url() + ("&" if self.params else "?")

    def direction(self, column: str) -> str | None:
        """"ascending"/"descending" when the list is sorted by ``column`` (for aria-sort)."""
        if self.sort.lstrip("-") != column:
            return None
        return "descending" if self.sort.startswith("-") else "ascending"

    def sort_url(self, column: str) -> str:
        """The link of a column header: the other direction if sorted by it, else its first."""
        assert column in SORTS[self.kind], column  # a template naming a column the store cannot sort
        now = self.direction(column)
        if now is None:
            value = f"-{column}" if column in _DESCENDING_FIRST else column
        else:
            value = column if now == "descending" else f"-{column}"
        return self.url(sort=None if value == self.default else value)

    def filtered(self) -> bool:
        return any(self.params.get(k) for k in ("lang", "site", "since", "until"))

    @staticmethod
    def month_bounds(month: str) -> tuple[str, str]:
        """"2026-02" -> ("2026-02-01", "2026-02-28"): the since/until of one month."""
        year, number = int(month[:4]), int(month[5:7])
        return f"{month}-01", f"{month}-{calendar.monthrange(year, number)[1]:02d}"

    def month_url(self, month: str) -> str:
        since, until = self.month_bounds(month)
        return self.url(since=since, until=until)

    def month_on(self, month: str) -> bool:
        """Whether the date range is exactly this month."""
        since, until = self.month_bounds(month)
        return self.params.get("since") == since and self.params.get("until") == until
