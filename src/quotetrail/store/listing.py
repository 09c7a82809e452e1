"""Sorting and filtering of the list queries (articles, speakers, stories), shared by the
store methods that list: a ``sort`` value names one whitelisted column, ``-`` in front for
descending, and every order ends on the id so pages never overlap or skip a row.

The column names are the API's; the SQL they map to is fixed here, so no value a client
sends ever reaches SQL text."""

from __future__ import annotations

from typing import Any

# Per list: API column -> SQL expression over the list's query (articles: ``a`` joined with
# sources ``s``; speakers and stories: the outer query's columns).
SORTS: dict[str, dict[str, str]] = {
    "articles": {"published": "a.published", "title": "a.title COLLATE NOCASE", "site": "s.name COLLATE NOCASE",
                 "lang": "a.lang", "words": "a.words", "id": "a.id"},
    "speakers": {"name": "name COLLATE NOCASE", "statements": "statements", "articles": "articles",
                 "first": "first", "last": "last", "id": "id"},
    "stories": {"label": "label COLLATE NOCASE", "articles": "size", "first": "first", "last": "last", "id": "id"},
}
_ID = {"articles": "a.id", "speakers": "id", "stories": "id"}


class SortError(ValueError):
    """A ``sort`` value that names no sortable column of the list."""


def parse_sort(kind: str, sort: str) -> tuple[str, bool]:
    """``"-last"`` -> ``("last", True)``; a SortError naming the columns when it is none."""
    column, descending = (sort[1:], True) if sort.startswith("-") else (sort, False)
    if column not in SORTS[kind]:
        raise SortError(f"sort: {sort!r} is not a column of {kind}; use one of "
                        f"{', '.join(sorted(SORTS[kind]))}, with - in front for descending")
    return column, descending


def order_by(kind: str, sort: str | None, default: str) -> str:
    """The ORDER BY clause (without the keywords) for ``sort``, or ``default`` when None.
    Missing values sort last either way: an undated row is never the "newest"."""
    if sort is None:
        return default
    column, descending = parse_sort(kind, sort)
    expr = SORTS[kind][column]
    bare = expr.split(" COLLATE")[0]
    return f"{bare} IS NULL, {expr} {'DESC' if descending else 'ASC'}, {_ID[kind]}"


def article_filter(*, lang: str | None = None, site: str | None = None, since: str | None = None,
                   until: str | None = None) -> tuple[list[str], list[Any]]:
    """WHERE terms over articles ``a`` (publication date bounds inclusive) and their values."""
    where: list[str] = []
    args: list[Any] = []
    if lang:
        where.append("a.lang = ?")
        args.append(lang)
    if site:
        where.append("a.source_id = (SELECT id FROM sources WHERE name = ?)")
        args.append(site)
    if since:
        where.append("a.published >= ?")
        args.append(since)
    if until:
        where.append("a.published <= ?")
        args.append(until)
    return where, args
