"""Citable exports, shared by ``quotetrail export`` and the web downloads: the rows of one
speaker's trail, one claim group, one story or the whole store, and writers for CSV, JSON,
JSON Lines and Parquet, plus schema.org ``ClaimReview`` records (JSON-LD) for claim groups.

Every row carries the offsets of its spans into the stored article text (``content_start`` …),
so ``article.text[content_start:content_end] == content`` holds for each row; the README's
"Exports" section says what each column means.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from quotetrail.errors import QuotetrailError
from quotetrail.link.claims import claimant

FORMATS = ("csv", "json", "jsonl", "parquet", "jsonld")
ALL = 10**9  # "no limit" for the store's paged readers

# (name, type) of each column; the type is what Parquet stores ("int", "float", "str", "bool").
ARTICLE_COLUMNS = [
    ("article_id", "int"), ("url", "str"), ("site", "str"), ("article_title", "str"),
    ("published", "str"), ("lang", "str"),
]
STATEMENT_COLUMNS = [
    ("statement_id", "int"), *ARTICLE_COLUMNS,
    ("statement_date", "str"), ("date_certainty", "str"), ("date_text", "str"),
    ("speaker_name", "str"), ("speaker_entity_id", "int"),
    ("speaker", "str"), ("speaker_start", "int"), ("speaker_end", "int"),
    ("on_behalf_of", "str"), ("on_behalf_of_entity_id", "int"),
    ("form", "str"), ("cue", "str"),
    ("content", "str"), ("content_start", "int"), ("content_end", "int"),
    ("medium", "str"), ("intermediary", "str"),
    ("made_by", "str"),  # the rule or model that found it (analysis/attribution/rules.py)
]
CLAIM_COLUMNS = [
    ("group_id", "int"), ("group_kind", "str"), ("group_label", "str"), ("figure_id", "int"),
    ("claim", "str"), ("claim_start", "int"), ("claim_end", "int"),
    ("value", "float"), ("value_high", "float"), ("comparator", "str"), ("unit", "str"),
    ("counted", "str"), ("scope", "str"), ("hedge", "str"), ("claimant", "str"),
    *STATEMENT_COLUMNS,
]
# The tables of `export --format parquet --out DIR` (and of `batch`): one row per item.
TABLE_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("article_id", "int"), ("url", "str"), ("site", "str"), ("article_title", "str"),
        ("author", "str"), ("published", "str"), ("published_time", "str"), ("lang", "str"),
        ("origin", "str"), ("inferred", "str"), ("words", "int"), ("analysed_chars", "int"),
        ("text", "str"),
    ],
    "attributions": STATEMENT_COLUMNS,
    "figures": [
        ("figure_id", "int"), ("article_id", "int"), ("text", "str"), ("start", "int"), ("end", "int"),
        ("value", "float"), ("value_high", "float"), ("comparator", "str"), ("unit", "str"),
        ("counted", "str"), ("counted_start", "int"), ("counted_end", "int"), ("scope", "str"),
        ("hedge", "str"), ("statement_id", "int"), ("claimant", "str"),
    ],
    "mentions": [
        ("article_id", "int"), ("start", "int"), ("end", "int"), ("text", "str"), ("label", "str"),
        ("name", "str"),
    ],
    "dates": [
        ("article_id", "int"), ("start", "int"), ("end", "int"), ("text", "str"), ("value", "str"),
        ("granularity", "str"), ("relative", "bool"), ("inferred", "bool"),
    ],
}


class ExportError(QuotetrailError):
    """An export that cannot be made as asked (unknown id, format, missing pyarrow)."""


@dataclass
class Export:
    """What one export holds: ``rows`` (dicts with the ``columns``), what it is of (``kind``,
    ``about``) and a file-name stem that is safe anywhere (``name``)."""

    kind: str  # trail | claim | story | all
    name: str
    columns: list[tuple[str, str]]
    rows: Iterable[dict[str, Any]]
    about: dict[str, Any] = field(default_factory=dict)


def _text(span: dict[str, Any] | None) -> str | None:
    return span.get("text") if span else None


def _at(span: dict[str, Any] | None, key: str) -> int | None:
    return span.get(key) if span else None


def slug(text: str | None, limit: int = 40) -> str:
    """ASCII letters, digits and hyphens only: safe in a file name and a header."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:limit].strip("-")


def statement_date(q: dict[str, Any], article: dict[str, Any]) -> tuple[str | None, str, str | None]:
    """The date a statement was made, how certain it is and the phrase that gives it: the
    date in its clause ("given", "relative", "guessed" as the store recorded it), else the
    publication date ("published", or "published, year guessed") — as the trail shows it."""
    d = q.get("date") or None
    if d and d.get("value"):
        return d["value"], d.get("how") or "given", d.get("text")
    guessed = "published" in (article.get("inferred") or [])
    return article.get("published"), "published, year guessed" if guessed else "published", _text(d)


def article_row(article: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": article["id"], "url": article.get("url"), "site": article.get("site"),
            "article_title": article.get("title"), "published": article.get("published"),
            "lang": article.get("lang")}


def statement_row(q: dict[str, Any], article: dict[str, Any]) -> dict[str, Any]:
    """One attribution (as the store returns it) in the article it sits in (``store.article``)."""
    when, how, phrase = statement_date(q, article)
    speaker = q.get("speaker")
    content = q.get("content") or {}
    return {
        "statement_id": q["id"], **article_row(article),
        "statement_date": when, "date_certainty": how, "date_text": phrase,
        "speaker_name": q.get("speaker_name"), "speaker_entity_id": q.get("speaker_entity_id"),
        "speaker": _text(speaker), "speaker_start": _at(speaker, "start"), "speaker_end": _at(speaker, "end"),
        "on_behalf_of": q.get("principal_name"), "on_behalf_of_entity_id": q.get("principal_entity_id"),
        "form": q.get("form"), "cue": q.get("cue_text") or _text(q.get("cue")),
        "content": content.get("text"), "content_start": content.get("start"), "content_end": content.get("end"),
        "medium": _text(q.get("medium")), "intermediary": _text(q.get("intermediary")),
        "made_by": q.get("made_by"),
    }


class _Articles:
    """Articles by id, each read once (an export touches the same article for many rows)."""

    def __init__(self, store: Any) -> None:
        self.store, self.cache = store, {}  # type: ignore[var-annotated]

    def __call__(self, article_id: int) -> dict[str, Any]:
        if article_id not in self.cache:
            if len(self.cache) > 256:  # a long trail: keep memory bounded
                self.cache.clear()
            self.cache[article_id] = self.store.article(article_id) or {"id": article_id}
        return self.cache[article_id]


# -- what to export -------------------------------------------------------------------------
def trail_export(store: Any, speaker: dict[str, Any]) -> Export:
    """Every statement of ``speaker`` (a dict from ``store.speaker``), in time order."""
    articles = _Articles(store)

    def rows() -> Iterator[dict[str, Any]]:
        for q in store.trail(speaker["id"], limit=ALL):
            yield statement_row(q, articles(q["article_id"]))

    return Export("trail", f"trail-{speaker['id']}-{slug(speaker.get('name'))}".rstrip("-"), STATEMENT_COLUMNS,
                  rows(), {"speaker": {"id": speaker["id"], "name": speaker.get("name")}})


def full_group(store: Any, group_id: int) -> dict[str, Any]:
    group = store.claim_group(group_id, max_members=ALL)
    if group is None:
        raise ExportError(f"no claim group with id {group_id}; see `quotetrail claims`")
    return group


def claim_rows(store: Any, group: dict[str, Any], articles: Callable[[int], dict[str, Any]] | None = None,
               ) -> Iterator[dict[str, Any]]:
    """Each member of a claim group, earliest first: the claim span, the figure's fields (a
    figure group) and the statement it sits in."""
    articles = articles or _Articles(store)
    for m in group["members"]:
        article = articles(m["article_id"])
        figure = "span" in m  # a figure member; a quote member is the attribution itself
        q = m
        if figure:
            q = next((a for a in article.get("attributions", []) if a["id"] == m.get("attribution_id")), {})
        claim = m.get("claim") or m.get("span") or m.get("content") or {}
        statement = statement_row(q, article) if q else {**dict.fromkeys(n for n, _ in STATEMENT_COLUMNS),
                                                         **article_row(article)}
        yield {
            "group_id": group["id"], "group_kind": group["kind"], "group_label": group.get("label"),
            "figure_id": m["id"] if figure else None,
            "claim": claim.get("text"), "claim_start": claim.get("start"), "claim_end": claim.get("end"),
            "value": m.get("value") if figure else None, "value_high": m.get("value_high") if figure else None,
            "comparator": m.get("comparator") if figure else None, "unit": m.get("unit") if figure else None,
            "counted": _text(m.get("counted")) if figure else None, "scope": _text(m.get("scope")) if figure else None,
            "hedge": _text(m.get("hedge")) if figure else None,
            "claimant": claimant(m) if figure else m.get("speaker_name"),
            **statement,
        }


def claim_export(store: Any, group_id: int) -> Export:
    group = full_group(store, group_id)
    return Export("claim", f"claim-{group_id}", CLAIM_COLUMNS, claim_rows(store, group),
                  {"group": {"id": group["id"], "kind": group["kind"], "label": group.get("label"),
                             "permalink": claim_permalink(group)}})


def story_export(store: Any, story_id: int) -> Export:
    story = store.story(story_id)
    if story is None:
        raise ExportError(f"no story with id {story_id}; see `quotetrail stories`")

    def rows() -> Iterator[dict[str, Any]]:
        for a in story["articles"]:
            article = store.article(a["id"])
            for q in (article or {}).get("attributions", []):
                yield statement_row(q, article)

    return Export("story", f"story-{story_id}-{slug(story.get('label'))}".rstrip("-"), STATEMENT_COLUMNS, rows(),
                  {"story": {"id": story["id"], "label": story.get("label")}})


def all_export(store: Any) -> Export:
    """Every attribution of every article, in article order."""
    def rows() -> Iterator[dict[str, Any]]:
        for article in store.export():
            for q in article["attributions"]:
                yield statement_row(q, article)

    return Export("all", "quotetrail-attributions", STATEMENT_COLUMNS, rows())


def article_tables(article: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """One stored article (``store.article``) as rows of the five tables of TABLE_COLUMNS."""
    aid = article["id"]
    statements = {q["id"]: q for q in article.get("attributions", [])}
    return {
        "articles": [{
            "article_id": aid, "url": article.get("url"), "site": article.get("site"),
            "article_title": article.get("title"), "author": article.get("author"),
            "published": article.get("published"), "published_time": article.get("published_time"),
            "lang": article.get("lang"), "origin": article.get("origin"),
            "inferred": ",".join(article.get("inferred") or []), "words": article.get("words"),
            "analysed_chars": article.get("analysed_chars"), "text": article.get("text"),
        }],
        "attributions": [statement_row(q, article) for q in statements.values()],
        "figures": [{
            "figure_id": f["id"], "article_id": aid, "text": f["span"]["text"], "start": f["span"]["start"],
            "end": f["span"]["end"], "value": f.get("value"), "value_high": f.get("value_high"),
            "comparator": f.get("comparator"), "unit": f.get("unit"), "counted": _text(f.get("counted")),
            "counted_start": _at(f.get("counted"), "start"), "counted_end": _at(f.get("counted"), "end"),
            "scope": _text(f.get("scope")), "hedge": _text(f.get("hedge")), "statement_id": f.get("attribution_id"),
            "claimant": claimant(f),
        } for f in article.get("figures", [])],
        "mentions": [{"article_id": aid, **{k: m.get(k) for k in ("start", "end", "text", "label", "name")}}
                     for m in article.get("mentions", [])],
        "dates": [{"article_id": aid, **{k: d.get(k) for k in ("start", "end", "text", "value", "granularity",
                                                                 "relative", "inferred")}}
                  for d in article.get("dates", [])],
    }


# -- permalinks -----------------------------------------------------------------------------
def statement_permalink(statement_id: int) -> str:
    return f"/statements/{statement_id}"


def claim_permalink(group: dict[str, Any]) -> str | None:
    """A link to the group by its earliest member, which keeps pointing at the group that
    member is in when the same statements are linked again and groups are numbered anew
    (group ids follow the order groups form; statement and figure ids stay with the article):
    a figure is in one group, a statement may be in several (the whole quote and a quoted
    phrase), told apart by where the member's span starts."""
    first = group.get("first") or (group.get("members") or [None])[0]
    if not first:
        return None
    if group.get("kind") == "figure":
        return f"/claims/figure/{first['id']}"
    start = (first.get("claim") or first.get("content") or {}).get("start")
    return f"/claims/statement/{first['id']}" + (f"?at={start}" if start is not None else "")


# -- JSON-LD --------------------------------------------------------------------------------
def claim_review(store: Any, group: dict[str, Any], base_url: str = "",
                 articles: Callable[[int], dict[str, Any]] | None = None) -> dict[str, Any]:
    """A schema.org ``ClaimReview`` of a claim group: the claim as first written, each
    article it appears in, and what changed. No ``reviewRating``: judging the claim is the
    fact-checker's, not quotetrail's."""
    articles = articles or _Articles(store)
    appearances = []
    for m in group["members"]:
        a = articles(m["article_id"])
        work: dict[str, Any] = {"@type": "NewsArticle", "headline": a.get("title"),
                                "datePublished": a.get("published"), "inLanguage": a.get("lang")}
        if a.get("url"):
            work["url"] = a["url"]
        if a.get("author"):
            work["author"] = {"@type": "Person", "name": a["author"]}
        if a.get("site"):
            work["publisher"] = {"@type": "Organization", "name": a["site"]}
        appearances.append({k: v for k, v in work.items() if v is not None})
    first = group["members"][0] if group["members"] else {}
    who = claimant(first) if "span" in first else first.get("speaker_name")
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearances}
    if appearances:
        claim["firstAppearance"] = appearances[0]
    if who and first.get("claimed_by_entity", first.get("speaker_entity_id")) is not None:
        claim["author"] = {"@type": "Person", "name": who}
    review: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "claimReviewed": _claim_text(first, articles) or group.get("label"),
        "itemReviewed": claim,
    }
    permalink = claim_permalink(group)
    if permalink and base_url:
        review["url"] = base_url.rstrip("/") + permalink
    if group.get("differences"):
        review["reviewBody"] = "; ".join(_change(group, d) for d in group["differences"])
    return review


def _claim_text(member: dict[str, Any], articles: Callable[[int], dict[str, Any]]) -> str | None:
    """What was claimed, as written first: a quote's words, or the statement a figure sits in
    (the number alone says nothing); a figure nobody states stands as its own span."""
    if "span" not in member:
        return (member.get("claim") or member.get("content") or {}).get("text")
    statement = next((q for q in articles(member["article_id"]).get("attributions", [])
                      if q["id"] == member.get("attribution_id")), None)
    return (statement or {}).get("content", {}).get("text") or member["span"]["text"]


def _change(group: dict[str, Any], d: dict[str, Any]) -> str:
    """One difference from the earliest member, in words: "value in Ledger: lower: …"."""
    member = group["members"][d["b"]] if 0 <= d.get("b", -1) < len(group["members"]) else {}
    art = member.get("article") or {}
    where = art.get("site") or art.get("title") or "a later article"
    return f"{d.get('kind')} in {where}: {d.get('detail')}"


def claim_reviews(store: Any, group_ids: Iterable[int], base_url: str = "") -> list[dict[str, Any]]:
    articles = _Articles(store)
    return [claim_review(store, full_group(store, gid), base_url, articles) for gid in group_ids]


# -- writers --------------------------------------------------------------------------------
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: ingested text beginning like a formula
    ("=HYPERLINK(…)") gets a leading apostrophe (OWASP's advice); nothing else changes."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def write_csv(export: Export, stream: IO[str]) -> int:
    writer = csv.writer(stream)
    names = [n for n, _ in export.columns]
    writer.writerow(names)
    n = 0
    for row in export.rows:
        writer.writerow([_cell(row.get(k)) for k in names])
        n += 1
    return n


def write_jsonl(export: Export, stream: IO[str]) -> int:
    n = 0
    for row in export.rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_json(export: Export, stream: IO[str]) -> int:
    """One object: what the export is of, the column names and the rows; the rows are
    written as they come, so a large export is never held whole."""
    head = json.dumps({"export": export.kind, **export.about, "columns": [n for n, _ in export.columns]},
                      ensure_ascii=False, indent=1)
    stream.write(head[:-2] + ',\n "rows": [')
    n = 0
    for n, row in enumerate(export.rows, 1):
        stream.write(("\n  " if n == 1 else ",\n  ") + json.dumps(row, ensure_ascii=False))
    stream.write("\n ]\n}\n" if n else "]\n}\n")
    return n


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ExportError("--format parquet needs pyarrow: pip install 'quotetrail[parquet]'") from None
    return pyarrow


def _schema(pa: Any, columns: list[tuple[str, str]]) -> Any:
    types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_()}
    return pa.schema([(name, types[kind]) for name, kind in columns])


class _ParquetSink:
    """Rows into one Parquet file, in row groups of ``batch`` rows (memory stays bounded)."""

    def __init__(self, pa: Any, where: Any, columns: list[tuple[str, str]], batch: int = 5000) -> None:
        self.pa, self.columns, self.batch = pa, columns, batch
        self.schema = _schema(pa, columns)
        self.writer = pa.parquet.ParquetWriter(where, self.schema)
        self.pending: list[dict[str, Any]] = []
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        self.pending.append(row)
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            names = [n for n, _ in self.columns]
            table = self.pa.Table.from_pylist([{k: r.get(k) for k in names} for r in self.pending],
                                              schema=self.schema)
            self.writer.write_table(table)
            self.rows += len(self.pending)
            self.pending = []

    def close(self) -> int:
        self.flush()
        if self.rows == 0:  # a file with its schema and no rows, rather than none
            self.writer.write_table(self.schema.empty_table())
        self.writer.close()
        return self.rows


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def write_parquet(export: Export, where: Path) -> int:
    """``export`` as one Parquet file, written beside ``where`` and renamed over it only when
    complete: a failed export leaves an earlier file as it was."""
    pa = _pyarrow()
    partial = _partial(where)
    try:
        sink = _ParquetSink(pa, partial, export.columns)
        try:
            for row in export.rows:
                sink.add(row)
        finally:
            n = sink.close()
        partial.replace(where)
    finally:
        partial.unlink(missing_ok=True)
    return n


def write_parquet_tables(store: Any, folder: Path) -> dict[str, int]:
    """Every table of the store (TABLE_COLUMNS) as ``folder/NAME.parquet``; rows per table.
    The files replace earlier ones only when all are complete, so the tables stay consistent
    with each other (no new attributions beside old articles)."""
    pa = _pyarrow()
    folder.mkdir(parents=True, exist_ok=True)
    final = {name: folder / f"{name}.parquet" for name in TABLE_COLUMNS}
    sinks: dict[str, _ParquetSink] = {}
    try:
        try:
            for name, columns in TABLE_COLUMNS.items():
                sinks[name] = _ParquetSink(pa, _partial(final[name]), columns)
            for article in store.export():
                for name, rows in article_tables(article).items():
                    for row in rows:
                        sinks[name].add(row)
        finally:
            counts = {name: sink.close() for name, sink in sinks.items()}
        for path in final.values():
            _partial(path).replace(path)
    finally:
        for path in final.values():
            _partial(path).unlink(missing_ok=True)
    return counts


def write(export: Export, fmt: str, stream: IO[str]) -> int:
    """A text format to ``stream``; the number of rows written."""
    writers = {"csv": write_csv, "json": write_json, "jsonl": write_jsonl}
    if fmt not in writers:
        raise ExportError(f"format {fmt!r} is not one of {', '.join(writers)}")
    return writers[fmt](export, stream)
