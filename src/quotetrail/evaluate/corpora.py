"""Articles of the annotated corpora and the bundled examples, addressed by one document id.

The trail evaluation (:mod:`quotetrail.evaluate.trail`) stores its gold as document ids and
character offsets only, never corpus text. A document id names where the article comes from:

``polnear/<split>/<name>``
    ``<data>/polnear/<split>/text/<name>.txt`` as it is; publisher, date, author and title from
    ``<data>/polnear/metadata.tsv``. Offsets are into the file's text.
``spkatt-news/<split>/<id>``
    ``<data>/spkatt-news/<split>/<id>.json``: the text rebuilt from its tokens exactly as the
    SpkAtt evaluation does (:class:`~quotetrail.evaluate.spkatt.TokenText`: tokens joined by a
    space, sentences by a line break); title and date from its ``DocumentName``, site
    "Wikinews". Offsets are into that rebuilt text.
``examples/<file>`` or ``examples/<file>.jsonl:<line>``
    a bundled example, loaded by the ordinary ingest path (boilerplate removed, header lines
    read); offsets are into the stored text. Yearless dates are guessed against
    :data:`EXAMPLES_TODAY`, so the evaluation does not depend on the day it runs.
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from quotetrail.errors import QuotetrailError
from quotetrail.evaluate.polnear import gold_file, read_ann
from quotetrail.evaluate.spkatt import TokenText
from quotetrail.ingest import IngestOptions, Item, load
from quotetrail.model import Article

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples"
# the day the bundled examples are taken to be ingested: a fixed day, so guessed years stay put
EXAMPLES_TODAY = date(2026, 11, 30)
_SPKATT_NAME = re.compile(r"^\s*(\d+)\s*-\s*(.*?)\s*\((\d{4}-\d{2}-\d{2})\)\s*$")


def data_dir(explicit: Path | None = None) -> Path:
    """The corpora: ``explicit``, else ``$QUOTETRAIL_DATA``, else ``../shared/data`` beside the
    repository."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("QUOTETRAIL_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@dataclass(frozen=True)
class CorpusDoc:
    """One article of a corpus with its gold attribution spans (character offsets)."""

    id: str
    article: Article
    # role -> [(start, end)] per gold attribution, in corpus order; role names as the corpus
    # has them (PolNeAR: Source, Cue, Content; SpkAtt: Source, Cue, Message)
    relations: tuple[dict[str, tuple[tuple[int, int], ...]], ...] = ()


def load_doc(doc_id: str, data: Path | None = None) -> CorpusDoc:
    """The article (and gold relations) a document id names; one-line error if it is missing."""
    kind, _, rest = doc_id.partition("/")
    try:
        if kind == "polnear":
            return _polnear(doc_id, data_dir(data) / "polnear", *rest.split("/", 1))
        if kind == "spkatt-news":
            return _spkatt(doc_id, data_dir(data) / "spkatt-news", *rest.split("/", 1))
        if kind == "examples":
            return _example(doc_id, rest)
    except (OSError, ValueError, TypeError) as exc:
        raise QuotetrailError(f"{doc_id}: cannot load ({exc})") from exc
    raise QuotetrailError(f"{doc_id}: unknown document id; expected polnear/…, spkatt-news/… or examples/…")


@cache
def _polnear_meta(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}


def _polnear(doc_id: str, root: Path, split: str, name: str) -> CorpusDoc:
    text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
    meta = _polnear_meta(root / "metadata.tsv").get(name, {})
    published = meta.get("publication_date") or name.split("_")[1]
    article = Article(
        text=text, origin=doc_id, title=meta.get("title") or None, site=meta.get("publisher") or name.split("_")[0],
        author=meta.get("author") or None, published=date.fromisoformat(published), lang="en",
    )
    ann = gold_file(root / split, name)
    relations = []
    for rel in read_ann(ann.read_text(encoding="utf-8")) if ann else []:
        relations.append({role: tuple(sorted(r)) for role, r in rel.parts.items()})
    return CorpusDoc(doc_id, article, tuple(relations))


def _spkatt(doc_id: str, root: Path, split: str, name: str) -> CorpusDoc:
    raw = json.loads((root / split / f"{name}.json").read_text(encoding="utf-8"))
    tt = TokenText.build(raw["Sentences"])
    m = _SPKATT_NAME.match(raw.get("DocumentName", ""))
    article = Article(
        text=tt.text, origin=doc_id, title=m.group(2) if m else None, site="Wikinews",
        published=date.fromisoformat(m.group(3)) if m else None, lang="de",
    )
    relations = []
    for a in raw.get("Annotations", []):
        rel: dict[str, tuple[tuple[int, int], ...]] = {}
        for role in ("Source", "Cue", "Message"):
            ks = sorted(tt.index[t] for t in a.get(role, []) if t in tt.index)
            runs: list[tuple[int, int]] = []
            for k in ks:  # contiguous token runs become one character range each
                if runs and k == runs[-1][1] + 1:
                    runs[-1] = (runs[-1][0], k)
                else:
                    runs.append((k, k))
            if runs:
                rel[role] = tuple((tt.starts[a0], tt.ends[b0]) for a0, b0 in runs)
        relations.append(rel)
    return CorpusDoc(doc_id, article, tuple(relations))


def _example(doc_id: str, rest: str) -> CorpusDoc:
    name, _, line = rest.partition(":")
    path = EXAMPLES / name
    if not path.is_file():
        raise FileNotFoundError(f"no such example {name}")
    kind = {".html": "html", ".htm": "html", ".jsonl": "jsonl"}.get(path.suffix, "text")
    found = [a for a in load(Item(kind, str(path)), IngestOptions(today=EXAMPLES_TODAY)) if isinstance(a, Article)]
    if line:
        found = found[int(line) - 1 : int(line)]
    if len(found) != 1:
        raise ValueError("give one article: a .jsonl example needs :LINE")
    found[0].origin = doc_id
    return CorpusDoc(doc_id, found[0])
