"""How the trail gold sets were drawn (kept so the sample can be redrawn and checked).

Writes skeleton JSONL files (ids and offsets, the fields to annotate set to null) into OUT:

    python tools/gold_sample.py OUT

* the article set: PolNeAR train+dev from 2016-07-01 to 2016-10-31 (the densest stretch of the
  corpus: both conventions, the debates), SpkAtt train+dev from 2005-07-01 to 2005-12-31, and
  every bundled example;
* speakers: up to 6 corpus Source spans per article from 100 English articles drawn at random
  (seeded), up to 8 from every German article, and the hard cases on purpose: every Source
  span in the whole corpora (train+dev) that names an aide, spokesperson, campaign, team,
  office, relative or rival, or a bare first or family name shared by several people;
* dates: corpus cues, two per article from 80 English and 40 German articles drawn at random,
  plus every cue whose sentence has a weekday, a relative day or a month name (to hold the
  dated statements a random draw rarely finds), capped.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from quotetrail.evaluate.corpora import CorpusDoc, load_doc

sys.path.insert(0, str(Path(__file__).parent))
from gold import _all_ids  # noqa: E402

HARD_EN = re.compile(
    r"\b(aides?|advis[eo]rs?|spokes(wo)?man|spokesperson|spokespeople|campaign|team|staff|office|"
    r"administration|White House|press secretary|surrogates?|rivals?|wife|husband|daughter|son|"
    r"brother|sister|family|lawyer|attorney|Clintons?|Bushs?|Harry|former)\b", re.I)
HARD_DE = re.compile(
    r"(Sprecher|Sprecherin|Regierung|Kanzler|Präsident|Minister|Berater|Anwalt|Familie|Frau|Sohn|"
    r"Tochter|Büro|Ministerium|Partei|Chef|ehemalig)", re.I)
DATE_WORDS = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|last week|"
    r"last month|earlier this|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|"
    r"gestern|heute|vergangene[nrm]?|letzte[nrm]? Woche|Januar|Februar|März|Mai|Juni|Juli|"
    r"Oktober|Dezember|ago|vor \w+ (Tagen|Wochen|Jahren))\b")


def article_set() -> list[str]:
    out = []
    for doc_id in _all_ids("all"):
        if doc_id.startswith("examples/"):
            out.append(doc_id)
            continue
        day = doc_id.split("_")[1] if doc_id.startswith("polnear/") else None
        if day is not None:
            if "2016-07-01" <= day <= "2016-10-31":
                out.append(doc_id)
    for doc_id in _all_ids("spkatt-news"):
        pub = load_doc(doc_id).article.published
        if pub and "2005-07-01" <= pub.isoformat() <= "2005-12-31":
            out.append(doc_id)
    return out


def _spans(d: CorpusDoc, role: str) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    for rel in d.relations:
        ranges = rel.get(role, ())
        if ranges:
            span = (ranges[0][0], ranges[-1][1])
            if span not in seen:
                seen.append(span)
    return sorted(seen)


def _sentence(text: str, start: int, end: int) -> str:
    a = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    b = min(x for x in (text.find(".", end), text.find("\n", end), len(text)) if x >= 0)
    return text[a:b]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026_12_07)
    docs = {d: load_doc(d) for d in article_set()}
    (out / "articles.txt").write_text("\n".join(docs) + "\n")
    en = [d for d in docs if d.startswith("polnear/")]
    de = [d for d in docs if d.startswith("spkatt-news/")]
    speakers: list[dict] = []
    for doc_id in sorted(rng.sample(en, 100)):
        spans = _spans(docs[doc_id], "Source")
        for s, e in sorted(rng.sample(spans, min(6, len(spans)))):
            speakers.append({"doc": doc_id, "start": s, "end": e})
    for doc_id in de:
        for s, e in _spans(docs[doc_id], "Source")[:8]:
            speakers.append({"doc": doc_id, "start": s, "end": e})
    hard = []
    for doc_id in _all_ids("polnear") + _all_ids("spkatt-news"):
        d = docs.get(doc_id) or load_doc(doc_id)
        pattern = HARD_EN if doc_id.startswith("polnear/") else HARD_DE
        for s, e in _spans(d, "Source"):
            if pattern.search(d.article.text[s:e]) and {"doc": doc_id, "start": s, "end": e} not in speakers:
                hard.append({"doc": doc_id, "start": s, "end": e})
    rng.shuffle(hard)
    hard = sorted(hard[:160], key=lambda r: (r["doc"], r["start"]))
    dates = []
    for pool, n in ((en, 80), (de, 40)):
        for doc_id in sorted(rng.sample(pool, n)):
            d = docs[doc_id]
            cues = _spans(d, "Cue")
            for s, e in sorted(rng.sample(cues, min(2, len(cues)))):
                dates.append({"doc": doc_id, "start": s, "end": e})
    dated = []
    for doc_id in en + de:
        d = docs[doc_id]
        for s, e in _spans(d, "Cue"):
            row = {"doc": doc_id, "start": s, "end": e}
            if row not in dates and DATE_WORDS.search(_sentence(d.article.text, s, e)):
                dated.append(row)
    rng.shuffle(dated)
    dates += dated[:90]
    dates.sort(key=lambda r: (r["doc"], r["start"]))

    def write(name: str, rows: list[dict], fields: dict) -> None:
        with (out / name).open("w") as f:
            for r in rows:
                f.write(json.dumps({**r, **fields}, ensure_ascii=False) + "\n")

    blank = {"entity": None, "type": None, "for": None}
    half = len({r["doc"] for r in speakers if r["doc"].startswith("polnear/")}) // 2
    en_docs = sorted({r["doc"] for r in speakers if r["doc"].startswith("polnear/")})
    write("speakers.en-a.jsonl", [r for r in speakers if r["doc"] in en_docs[:half]], blank)
    write("speakers.en-b.jsonl", [r for r in speakers if r["doc"] in en_docs[half:]], blank)
    write("speakers.de.jsonl", [r for r in speakers if r["doc"].startswith("spkatt-news/")], blank)
    write("speakers.hard.jsonl", hard, blank)
    write("dates.jsonl", dates, {"date": None, "how": None})
    for name in sorted(out.glob("*.jsonl")):
        rows = name.read_text().splitlines()
        print(f"{name.name}: {len(rows)} lines, {len({json.loads(r)['doc'] for r in rows})} documents")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
