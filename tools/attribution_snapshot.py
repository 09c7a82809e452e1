"""Dump every attribution the pipeline makes on the corpora, to check a refactor changes nothing.

    python tools/attribution_snapshot.py OUT.jsonl [--cache DIR] [--rules] [--splits ...]

Runs the default pipeline over the German SpkAtt and the English PolNeAR texts (train and dev)
and writes one JSON line per attribution with every field (offsets, form, cue pieces, speaker
and its resolution, principal, medium, intermediary, date, made_by), documents in id order,
attributions in the order the pipeline gives them. Two runs are the same output exactly when
the files are byte-identical (``cmp``). Keep the dumps outside the repository: they hold corpus
text.

``--cache DIR`` keeps each document as it stands before attribution (tokens, lemmas, mentions,
dates) in DIR, so a second run only redoes attribution: the check after each refactor step takes
a fraction of the time. Only valid while nothing before attribution changes; run once without it
to be sure. ``--rules`` dumps the rules alone (no trained labeller).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

from quotetrail.analysis import build_pipeline
from quotetrail.analysis.attribution import find_attributions, find_attributions_by_rules
from quotetrail.evaluate.corpora import data_dir, load_doc
from quotetrail.model import Attribution, Document

SPLITS = ("spkatt-news/train", "spkatt-news/dev", "polnear/dev", "polnear/train")


def doc_ids(data: Path, split: str) -> list[str]:
    corpus, _, part = split.partition("/")
    if corpus == "polnear":
        names = sorted(p.stem for p in (data / corpus / part / "text").glob("*.txt"))
    else:
        names = sorted(p.stem for p in (data / corpus / part).glob("*.json"))
    return [f"{split}/{n}" for n in names]


def prepared(doc_id: str, cache: Path | None) -> Document:
    """The document with everything attribution needs, from the cache when it is there."""
    path = cache / (doc_id.replace("/", "__") + ".pickle") if cache else None
    if path is not None and path.is_file():
        return pickle.loads(path.read_bytes())
    comps = build_pipeline().components
    before = comps[: [c.name for c in comps].index("find_attributions")]
    doc = Document(article=load_doc(doc_id).article)
    for comp in before:
        doc = comp(doc)
    if path is not None:
        path.write_bytes(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    return doc


def plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__}")


def line(doc_id: str, n: int, a: Attribution) -> str:
    return json.dumps({"doc": doc_id, "n": n, **asdict(a)}, sort_keys=True, ensure_ascii=False, default=plain)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--cache", type=Path, help="keep the documents before attribution here")
    ap.add_argument("--rules", action="store_true", help="the rules alone, no trained labeller")
    ap.add_argument("--splits", nargs="+", default=list(SPLITS), choices=SPLITS)
    args = ap.parse_args(argv)
    data = data_dir()
    if not data.is_dir():
        print(f"no corpora at {data} (set QUOTETRAIL_DATA)", file=sys.stderr)
        return 2
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    attribute = find_attributions_by_rules if args.rules else find_attributions
    spent, count, words = 0.0, 0, 0
    with args.out.open("w", encoding="utf-8") as out:
        for split in args.splits:
            for doc_id in doc_ids(data, split):
                doc = prepared(doc_id, args.cache)
                t0 = time.process_time()
                doc = attribute(doc)
                spent += time.process_time() - t0
                words += sum(1 for t in doc.tokens if t.kind == "word")
                for n, a in enumerate(doc.attributions):
                    out.write(line(doc_id, n, a) + "\n")
                    count += 1
    rate = words / spent if spent else 0.0
    print(f"{count} attributions; attribution alone {spent:.1f} s CPU, {rate:,.0f} words/s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
