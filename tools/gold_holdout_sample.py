"""How the withheld statement-date set (gold/trail-holdout/dates.jsonl) was drawn, kept so the
draw can be redone and checked. Writes a skeleton (ids and offsets, date and how null) to OUT:

    python tools/gold_holdout_sample.py OUT

* documents: train splits only (dev numbers are reported elsewhere), never a document any file
  in gold/trail/ uses (those were read while the dating rules were written);
* PolNeAR: 6 texts per outlet (7 outlets, 42 texts), each outlet's texts dealt over its months
  in a seeded random order so that November 2015 to September 2016 are all drawn from;
* SpkAtt-news: 20 articles drawn at random (seeded);
* statements: the first 4 corpus attributions of each document in document order (by the start
  of the cue, or of the content/message for a statement without a cue), none chosen for being
  easy or hard.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from quotetrail.evaluate.corpora import CorpusDoc, load_doc

sys.path.insert(0, str(Path(__file__).parent))
from gold import _all_ids  # noqa: E402

GOLD = Path(__file__).resolve().parents[1] / "gold" / "trail"
PER_OUTLET, GERMAN, PER_DOC = 6, 20, 4


def used_documents() -> set[str]:
    return {json.loads(line)["doc"] for f in GOLD.glob("*.jsonl")
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()}


def statements(d: CorpusDoc) -> list[tuple[int, int]]:
    """One span per corpus attribution: its cue, else its content (PolNeAR) or message (SpkAtt)."""
    seen: list[tuple[int, int]] = []
    for rel in d.relations:
        ranges = rel.get("Cue") or rel.get("Content") or rel.get("Message") or ()
        if ranges:
            span = (ranges[0][0], ranges[-1][1])
            if span not in seen:
                seen.append(span)
    return sorted(seen)


def draw(rng: random.Random) -> list[str]:
    used = used_documents()
    by_outlet: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc_id in _all_ids("polnear"):
        if doc_id.startswith("polnear/train/") and doc_id not in used:
            outlet, day = doc_id.split("/")[-1].split("_")[:2]
            by_outlet[outlet][day[:7]].append(doc_id)
    picked: list[str] = []
    for outlet in sorted(by_outlet):
        months = sorted(by_outlet[outlet])
        rng.shuffle(months)
        for m in months:
            rng.shuffle(by_outlet[outlet][m])
        take: list[str] = []
        while len(take) < PER_OUTLET:
            for m in months:
                if by_outlet[outlet][m] and len(take) < PER_OUTLET:
                    take.append(by_outlet[outlet][m].pop())
        picked += take
    german = [d for d in _all_ids("spkatt-news") if d.startswith("spkatt-news/train/") and d not in used]
    picked += rng.sample(german, GERMAN)
    return picked


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026_12_07_13)
    rows = []
    for doc_id in draw(rng):
        for s, e in statements(load_doc(doc_id))[:PER_DOC]:
            rows.append({"doc": doc_id, "start": s, "end": e, "date": None, "how": None})
    with (out / "dates.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"dates.jsonl: {len(rows)} statements, {len({r['doc'] for r in rows})} documents")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
