"""How the withheld sets (gold/trail-holdout/dates.jsonl, speakers.jsonl) were drawn, kept so
the draw can be redone and checked. Writes a skeleton (ids and offsets, labels null) to OUT:

    python tools/gold_holdout_sample.py OUT                    # dates.jsonl
    python tools/gold_holdout_sample.py OUT --kind speakers    # speakers.jsonl

* documents: train splits only (dev numbers are reported elsewhere), never a document any file
  in gold/trail/ uses (those were read while the dating rules were written);
* PolNeAR: 6 texts per outlet (7 outlets, 42 texts), each outlet's texts dealt over its months
  in a seeded random order so that November 2015 to September 2016 are all drawn from;
* SpkAtt-news: 20 articles drawn at random (seeded);
* statements: the first 4 corpus attributions of each document in document order (by the start
  of the cue, or of the content/message for a statement without a cue), none chosen for being
  easy or hard.

Speakers (a second, independent draw with its own seed):

* documents: as above, and never a document the withheld date set uses either;
* PolNeAR: 6 texts per outlet dealt over its months the same way (42 texts); SpkAtt-news: 15
  articles that hold at least one Source, drawn at random;
* mentions: the corpus Source spans of each document in document order, the first 8 of each
  (all of them in a shorter document) — a document's opening attributions, none skipped and
  none chosen for being easy or hard. The cap spreads the annotation over many outlets and
  months instead of a few long articles.
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

ROOT = Path(__file__).resolve().parents[1] / "gold"
GOLD = ROOT / "trail"
PER_OUTLET, GERMAN, PER_DOC = 6, 20, 4
SPEAKER_GERMAN, SPEAKER_PER_DOC = 15, 8


def used_documents(*dirs: Path) -> set[str]:
    return {json.loads(line)["doc"] for d in dirs or (GOLD,) for f in d.glob("*.jsonl")
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()}


def sources(d: CorpusDoc) -> list[tuple[int, int]]:
    """Every corpus Source span of a document, once, in document order."""
    return sorted({(s, e) for rel in d.relations for s, e in rel.get("Source", ())})


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


def draw(rng: random.Random, used: set[str], german: int = GERMAN) -> list[str]:
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
    pool = [d for d in _all_ids("spkatt-news") if d.startswith("spkatt-news/train/") and d not in used]
    if german == GERMAN:
        picked += rng.sample(pool, german)
    else:  # speakers: only articles with a Source can hold a mention
        rng.shuffle(pool)
        picked += [d for d in pool if sources(load_doc(d))][:german]
    return picked


def main_speakers(out: Path) -> None:
    rng = random.Random(2026_12_07_14)
    rows = []
    for doc_id in draw(rng, used_documents(GOLD, ROOT / "trail-holdout"), SPEAKER_GERMAN):
        for s, e in sources(load_doc(doc_id))[:SPEAKER_PER_DOC]:
            rows.append({"doc": doc_id, "start": s, "end": e, "entity": None, "type": None, "for": None})
    with (out / "speakers.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"speakers.jsonl: {len(rows)} mentions, {len({r['doc'] for r in rows})} documents")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if sys.argv[2:] == ["--kind", "speakers"]:
        main_speakers(out)
        return
    rng = random.Random(2026_12_07_13)
    rows = []
    for doc_id in draw(rng, used_documents()):
        for s, e in statements(load_doc(doc_id))[:PER_DOC]:
            rows.append({"doc": doc_id, "start": s, "end": e, "date": None, "how": None})
    with (out / "dates.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"dates.jsonl: {len(rows)} statements, {len({r['doc'] for r in rows})} documents")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
