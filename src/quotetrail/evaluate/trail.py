"""The trail across articles, scored against gold sets of ids and offsets (``gold/trail``).

:func:`evaluate_trail` ingests every document the gold names into a fresh store, in
publication order, through the same path as ``quotetrail ingest`` (duplicate checks, analysis,
entity, claim and story linking in the store's transaction), then reads back what the store
says and scores it:

* **speakers** — each gold speaker mention is matched to the stored attribution whose speaker
  span overlaps it most; B-cubed precision and recall of mentions → entities over the matched
  mentions (coverage says how many matched: finding the attribution is scored by the
  attribution evaluations), the merges of two named people, and the statements in a person's
  trail that someone else made;
* **claims** — each gold figure (quote) is matched to the stored figure (attribution content)
  that overlaps it most; pair precision and recall, per kind, over pairs of gold mentions in
  different articles (an unmatched mention is in no group);
* **stories** — B-cubed over the gold articles;
* **dates** — each gold cue is matched to the stored attribution whose cue (else content)
  overlaps it; accuracy of the date of utterance (the same day, week, month or year) and of
  the flag saying how it was found.

Each score also comes as mean ± standard deviation over five fixed folds of the documents
(by a hash of the document id), the spread a change has to beat.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from quotetrail.analysis import Pipeline, default_pipeline
from quotetrail.api import ingest_loaded
from quotetrail.errors import QuotetrailError
from quotetrail.evaluate.corpora import load_doc
from quotetrail.store.sqlite import SQLiteStore

KINDS = ("speakers", "claims", "stories", "dates")
FOLDS = 5


# -- gold --------------------------------------------------------------------------------
@dataclass
class Gold:
    speakers: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    stories: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        seen: dict[str, None] = {}
        for kind in KINDS:
            for row in getattr(self, kind):
                seen.setdefault(row["doc"], None)
        return list(seen)


def read_gold(path: Path) -> Gold:
    """Every ``speakers*``, ``claims*``, ``stories*``, ``dates*`` JSONL file in ``path`` (or
    ``path`` itself); a mention listed twice counts once."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise QuotetrailError(f"{path}: no gold files (*.jsonl)")
    gold = Gold()
    seen: set[tuple[str, str, int | None, int | None]] = set()
    for f in files:
        kind = next((k for k in KINDS if f.name.startswith(k)), None)
        if kind is None:
            continue
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                key = (kind, row["doc"], row.get("start"), row.get("end"))
            except (ValueError, KeyError, TypeError) as exc:
                raise QuotetrailError(f"{f}:{n}: not a gold line ({exc})") from exc
            if key not in seen:
                seen.add(key)
                getattr(gold, kind).append(row)
    return gold


def fold_of(doc: str) -> int:
    return zlib.crc32(doc.encode()) % FOLDS


# -- scores ------------------------------------------------------------------------------
def bcubed(sys: dict[Hashable, Hashable], gold: dict[Hashable, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of the clustering ``sys`` against ``gold`` (item ->
    cluster label) over the items both have."""
    items = [i for i in gold if i in sys]
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n": 0}
    by_sys: dict[Hashable, set[Hashable]] = defaultdict(set)
    by_gold: dict[Hashable, set[Hashable]] = defaultdict(set)
    for i in items:
        by_sys[sys[i]].add(i)
        by_gold[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        both = len(by_sys[sys[i]] & by_gold[gold[i]])
        p += both / len(by_sys[sys[i]])
        r += both / len(by_gold[gold[i]])
    p, r = p / len(items), r / len(items)
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "n": len(items)}


def pair_scores(items: Sequence[tuple[str, Hashable | None, Hashable]]) -> dict[str, float]:
    """Pair precision and recall over items (document, system group or None, gold group);
    only pairs from different documents count."""
    tp = sys_pairs = gold_pairs = 0
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            (da, sa, ga), (db, sb, gb) = items[i], items[j]
            if da == db:
                continue
            same_sys = sa is not None and sa == sb
            same_gold = ga == gb
            sys_pairs += same_sys
            gold_pairs += same_gold
            tp += same_sys and same_gold
    p = tp / sys_pairs if sys_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "pairs": {"tp": tp, "system": sys_pairs, "gold": gold_pairs}, "n": len(items)}


def _spread(rows: list[dict[str, Any]], score: Callable[[list[dict[str, Any]]], dict[str, Any]],
            keys: Iterable[str]) -> dict[str, dict[str, float]]:
    """Mean and standard deviation of ``score`` over the folds of ``rows`` (by document)."""
    per_fold = [score([r for r in rows if fold_of(r["doc"]) == k]) for k in range(FOLDS)]
    out = {}
    for key in keys:
        values = [f[key] for f in per_fold if f.get("n", 1)]
        if len(values) >= 2:
            out[key] = {"mean": round(statistics.fmean(values), 4), "sd": round(statistics.stdev(values), 4)}
    return out


def _by_lang(run: Run, rows: list[dict[str, Any]],
             score: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``score`` on each language's documents alone, with their count: an aggregate over two
    languages hides which one a change (or a withheld set) moves."""
    langs = {doc: run.lang(doc) for doc in {r["doc"] for r in rows}}
    out = {}
    for lang in sorted(set(langs.values())):
        mine = [r for r in rows if langs[r["doc"]] == lang]
        out[lang] = {**score(mine), "n": len(mine)}
    return out


def _overlap(a0: int, a1: int, b0: int | None, b1: int | None) -> int:
    if b0 is None or b1 is None:
        return 0
    return max(0, min(a1, b1) - max(a0, b0))


def _best(start: int, end: int, rows: Iterable[sqlite3.Row], s: str, e: str) -> sqlite3.Row | None:
    best, most = None, 0
    for r in rows:
        o = _overlap(start, end, r[s], r[e])
        if o > most:
            best, most = r, o
    return best


# -- the run -----------------------------------------------------------------------------
@dataclass
class Run:
    """A store built from the gold's documents, and where each document went."""

    store: SQLiteStore
    articles: dict[str, int]  # document id -> article id (a duplicate maps to the stored one)
    failures: list[str]

    @property
    def db(self) -> sqlite3.Connection:
        return self.store.db

    def canonical(self, entity_id: int | None) -> int | None:
        return None if entity_id is None else self.store.canonical_entity(entity_id)

    def lang(self, doc: str) -> str:
        """The language the store detected for ``doc`` ("?" when it was not stored)."""
        aid = self.articles.get(doc)
        row = self.db.execute("SELECT lang FROM articles WHERE id = ?", (aid,)).fetchone() if aid else None
        return (row[0] if row else None) or "?"

    def rows(self, table: str, doc: str) -> list[sqlite3.Row]:
        aid = self.articles.get(doc)
        if aid is None:
            return []
        return self.db.execute(f"SELECT * FROM {table} WHERE article_id = ?", (aid,)).fetchall()


def build(doc_ids: Iterable[str], db_path: Path, *, data: Path | None = None,
          pipeline: Pipeline | None = None) -> Run:
    """Ingest the documents into a new store at ``db_path``, oldest first (as a news flow
    would bring them; undated ones last, ties by id)."""
    docs = [load_doc(d, data) for d in dict.fromkeys(doc_ids)]
    docs.sort(key=lambda d: (d.article.published or date.max, d.id))
    store = SQLiteStore(db_path)
    pipeline = pipeline or default_pipeline()
    articles: dict[str, int] = {}
    failures: list[str] = []
    for d in docs:
        report = ingest_loaded([d.article], store, pipeline=pipeline)
        failures += report.failures
        found = report.added[0] if report.added else store.find_by_hash(d.article.content_hash)
        if found is None and report.copies:
            row = store.db.execute(
                "SELECT article_id FROM article_copies WHERE content_hash = ?", (d.article.content_hash,)
            ).fetchone()
            found = row[0] if row else None
        if found is not None:
            articles[d.id] = int(found)
    store.close()  # saves the story state
    return Run(SQLiteStore(db_path), articles, failures)


# -- speakers ----------------------------------------------------------------------------
def score_speakers(run: Run, gold: list[dict[str, Any]]) -> dict[str, Any]:
    entity_type = {r[0]: r[1] for r in run.db.execute("SELECT id, type FROM entities")}
    entity_name = {r[0]: r[1] for r in run.db.execute("SELECT id, name FROM entities")}
    matched: list[dict[str, Any]] = []
    for g in gold:
        at = _best(g["start"], g["end"], run.rows("attributions", g["doc"]), "speaker_start", "speaker_end")
        if at is None:
            continue
        eid = run.canonical(at["speaker_entity_id"])
        matched.append({**g, "sys": eid, "attribution": at["id"], "speaker_name": at["speaker_name"]})

    def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
        sys = {i: ("e", r["sys"]) if r["sys"] is not None else ("a", r["attribution"]) for i, r in enumerate(rows)}
        gold_ = {i: ("g", r["entity"]) if r.get("entity") else ("n", r["doc"], r["start"]) for i, r in enumerate(rows)}
        return bcubed(sys, gold_)

    result = score(matched)
    by_entity: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in matched:
        if r["sys"] is not None:
            by_entity[r["sys"]].append(r)
    merges, foreign = [], []
    for eid, rows in sorted(by_entity.items()):
        people = sorted({r["entity"] for r in rows if r.get("entity") and r.get("type") == "PER"})
        if len(people) > 1:
            merges.append({"entity": entity_name.get(eid), "people": people})
        if entity_type.get(eid) != "PER":
            continue
        owner = _owner(entity_name.get(eid) or "", rows)
        for r in rows:
            if not owner or r.get("entity") != owner[0][0]:
                foreign.append({"trail": entity_name.get(eid), "doc": r["doc"], "start": r["start"],
                                "end": r["end"], "speaker": r.get("entity"), "for": r.get("for")})
    result.update({
        "mentions": len(gold), "matched": len(matched),
        "coverage": round(len(matched) / len(gold), 4) if gold else 0.0,
        "articles": len({g["doc"] for g in gold}),
        "merged_people": sum(len(m["people"]) - 1 for m in merges), "merges": merges,
        "foreign_statements": len(foreign), "foreign": foreign,
        "folds": _spread(matched, score, ("precision", "recall")),
        "by_lang": _by_lang(run, matched, score),
    })
    return result


def _name_words(name: str) -> list[str]:
    """A name's words for comparing names across spellings, in order: accents, titles ("Mr.",
    "Gov.") and lower-case words ("von", "de") left out."""
    plain = unicodedata.normalize("NFKD", name.replace("’", "'"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return [w.casefold() for w in plain.replace("-", " ").split() if w[:1].isupper() and not w.endswith(".")]


def _fold_name(name: str) -> str:
    """The whole name, accents, apostrophes and case set aside: "Norah O’Donnell" = "norah o'donnell"."""
    plain = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).casefold().split())


def _owner(stored_name: str, rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Whose trail a stored person entity is: the gold speaker its name names ("Mark Rutte" for
    "Rutte", "Wladimir Putin" for "Vladimir Putin": the same surname), the commonest of them if
    several fit; nobody when it names none of them (a headline fragment taken for a person), so
    every statement there is someone else's. By name, not by majority: one statement put alone in
    the wrong person's trail is a majority of one."""
    words = set(_name_words(stored_name))
    if not words:  # a name of no capitalised word: fall back on the majority
        return Counter(r["entity"] for r in rows if r.get("entity")).most_common(1)

    def fits(r: dict[str, Any]) -> bool:
        other = _name_words(r["entity"])
        if _fold_name(r["entity"]) == _fold_name(stored_name):
            return True  # the same name, whatever its type ("Nabisco" stored as a person)
        if not other:
            return False
        # a shorter or longer form of a person's name, or the same surname give or take a
        # misspelling ("McLenney" for "McClenney"); never a campaign or office under its person
        return r.get("type") == "PER" and (
            words <= set(other) or set(other) <= words
            or SequenceMatcher(None, _name_words(stored_name)[-1], other[-1]).ratio() >= 0.85)

    return Counter(r["entity"] for r in rows if r.get("entity") and fits(r)).most_common(1)


# -- claims ------------------------------------------------------------------------------
def score_claims(run: Run, gold: list[dict[str, Any]]) -> dict[str, Any]:
    # each member of a claim group with its span: a figure, a statement, or a quoted phrase
    members: dict[tuple[int, str], list[tuple[int, int, int]]] = defaultdict(list)
    for gid, art, fid, start, end in run.db.execute(
        'SELECT m.group_id, m.article_id, m.figure_id, COALESCE(m.start, f.start, t.content_start), '
        'COALESCE(m."end", f."end", t.content_end) FROM claim_members m '
        "LEFT JOIN figures f ON f.id = m.figure_id LEFT JOIN attributions t ON t.id = m.attribution_id"
    ):
        members[(art, "figure" if fid is not None else "quote")].append((start, end, gid))
    rows_by_kind: dict[str, list[dict[str, Any]]] = {"figure": [], "quote": []}
    for g in gold:
        kind = g["kind"]
        table, s, e = ("figures", "start", "end") if kind == "figure" else ("attributions", "content_start", "content_end")
        found = _best(g["start"], g["end"], run.rows(table, g["doc"]), s, e) is not None
        best, most = None, 0
        for start, end, gid in members.get((run.articles.get(g["doc"], -1), kind), []):
            o = _overlap(g["start"], g["end"], start, end)
            # the member that covers the gold span best: overlap, then the tighter span
            if o > most or (o == most and o > 0 and best is not None and end - start < best[1]):
                best, most = (gid, end - start), o
        rows_by_kind[kind].append({**g, "sys": best[0] if best else None, "found": found})
    out: dict[str, Any] = {}
    for kind in ("figure", "quote"):
        rows = rows_by_kind[kind]

        def score(rs: list[dict[str, Any]]) -> dict[str, Any]:
            return pair_scores([(r["doc"], r["sys"], r["group"]) for r in rs])

        res = score(rows)
        res["found"] = sum(r["found"] for r in rows)
        res["groups"] = len({r["group"] for r in rows})
        res["folds"] = _spread(rows, score, ("precision", "recall"))
        out[kind] = res
    return out


# -- stories -----------------------------------------------------------------------------
def score_stories(run: Run, gold: list[dict[str, Any]]) -> dict[str, Any]:
    story = {r[0]: r[1] for r in run.db.execute("SELECT id, story_id FROM articles")}
    rows = [{**g, "sys": story.get(run.articles.get(g["doc"], -1))} for g in gold]

    def score(rs: list[dict[str, Any]]) -> dict[str, Any]:
        return bcubed({r["doc"]: ("s", r["sys"]) if r["sys"] is not None else ("d", r["doc"]) for r in rs},
                      {r["doc"]: r["story"] for r in rs})

    res = score(rows)
    res["gold_stories"] = len({r["story"] for r in rows})
    res["system_stories"] = len({r["sys"] for r in rows})
    res["folds"] = _spread(rows, score, ("precision", "recall", "f1"))
    return res


# -- dates -------------------------------------------------------------------------------
def _period(value: str) -> tuple[date, date]:
    """First and last day of a gold or stored date: YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY."""
    if "-W" in value:
        year, week = value.split("-W")
        first = date.fromisocalendar(int(year), int(week), 1)
        return first, first + timedelta(days=6)
    parts = value.split("-")
    if len(parts) == 3:
        d = date.fromisoformat(value)
        return d, d
    if len(parts) == 2:
        first = date(int(parts[0]), int(parts[1]), 1)
        nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    return date(int(value), 1, 1), date(int(value), 12, 31)


def _stored_period(value: str, granularity: str) -> tuple[date, date]:
    d = date.fromisoformat(value)
    if granularity == "week":
        first = d - timedelta(days=d.weekday())
        return first, first + timedelta(days=6)
    if granularity == "month":
        return _period(value[:7])
    if granularity == "year":
        return _period(value[:4])
    return d, d


def statement_date(run: Run, at: sqlite3.Row) -> tuple[str | None, tuple[date, date] | None, str]:
    """The stored date of an attribution as the product shows it: (value, period, how)."""
    article = run.db.execute("SELECT published, inferred FROM articles WHERE id = ?", (at["article_id"],)).fetchone()
    if at["date_value"]:
        d = run.db.execute(
            'SELECT granularity, relative, inferred FROM dates WHERE article_id = ? AND start = ? AND "end" = ?',
            (at["article_id"], at["date_start"], at["date_end"]),
        ).fetchone()
        gran, relative, inferred = (d["granularity"], d["relative"], d["inferred"]) if d else ("day", 0, 0)
        # the flag the store recorded is the one every page shows ("guessed" also for a relative
        # phrase resolved against a publication date whose year was guessed)
        how = at["date_how"] or ("guessed" if inferred else "relative" if relative else "given")
        return at["date_value"], _stored_period(at["date_value"], gran), how
    if article["published"] is None:
        return None, None, "published"
    guessed = "published" in json.loads(article["inferred"] or "[]")
    return article["published"], _period(article["published"]), "guessed" if guessed else "published"


def score_dates(run: Run, gold: list[dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for g in gold:
        ats = run.rows("attributions", g["doc"])
        at = _best(g["start"], g["end"], ats, "cue_start", "cue_end") or _best(
            g["start"], g["end"], ats, "content_start", "content_end")
        if at is None:
            continue
        value, period, how = statement_date(run, at)
        rows.append({**g, "sys": value, "sys_how": how,
                     "date_ok": period is not None and period == _period(g["date"]),
                     "how_ok": how == g["how"]})

    def score(rs: list[dict[str, Any]]) -> dict[str, Any]:
        n = len(rs)
        return {"accuracy": round(sum(r["date_ok"] for r in rs) / n, 4) if n else 0.0,
                "how_accuracy": round(sum(r["how_ok"] for r in rs) / n, 4) if n else 0.0, "n": n}

    res = score(rows)
    res.update({
        "mentions": len(gold), "matched": len(rows),
        "coverage": round(len(rows) / len(gold), 4) if gold else 0.0,
        "by_how": {h: score([r for r in rows if r["how"] == h]) for h in sorted({r["how"] for r in rows})},
        "errors": [{k: r[k] for k in ("doc", "start", "end", "date", "how", "sys", "sys_how")}
                   for r in rows if not (r["date_ok"] and r["how_ok"])],
        "folds": _spread(rows, score, ("accuracy", "how_accuracy")),
        "by_lang": _by_lang(run, rows, score),
    })
    return res


# -- all ---------------------------------------------------------------------------------
def evaluate_trail(gold_path: Path, *, data: Path | None = None, db: Path | None = None,
                   pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Build a store from the gold's documents and score the four parts of the trail."""
    gold = read_gold(gold_path)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(db) if db is not None else Path(tmp) / "trail.db"
        if path.exists():
            raise QuotetrailError(f"{path} exists; give --db a new file")
        run = build(gold.documents, path, data=data, pipeline=pipeline)
        try:
            result: dict[str, Any] = {
                "gold": str(gold_path), "documents": len(gold.documents), "stored": len(run.articles),
                "failures": run.failures,
            }
            if gold.speakers:
                result["speakers"] = score_speakers(run, gold.speakers)
            if gold.claims:
                result["claims"] = score_claims(run, gold.claims)
            if gold.stories:
                result["stories"] = score_stories(run, gold.stories)
            if gold.dates:
                result["dates"] = score_dates(run, gold.dates)
        finally:
            run.store.close()
    return result
