"""Story pairs from Spark against the gold stories (gold/trail/stories.jsonl; issue 15). Not a test.

The gold's documents (from the shared corpora and examples/, oldest first as ``eval trail``
ingests them) are written as JSON Lines and analysed once by ``batch`` on ``local[2]``; the batch
is then linked with each ``--lemmas`` setting (how many of an article's most distinctive lemmas
count as story keys; 0: entity and figure keys only), and for each it prints, over pairs of gold
documents:

- Spark's story pairs: recall of the gold same-story pairs (all, and those dated within the
  stories' 7-day window, which is all a pair can reach), and precision;
- the stories ``load --links`` makes of them (each article joins its best partner's story), and,
  once, those of ``load`` linking online (the store's clusterer): pair precision and recall.

Usage: python benchmarks/batch_stories.py [--gold gold/trail] [--data DIR] [--lemmas 0,5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any


def gold_pairs(stories: dict[str, str]) -> set[tuple[str, str]]:
    by_story: dict[str, list[str]] = {}
    for doc, story in stories.items():
        by_story.setdefault(story, []).append(doc)
    return {tuple(sorted((a, b))) for docs in by_story.values() for i, a in enumerate(docs) for b in docs[i + 1:]}  # type: ignore[misc]


def scores(found: set[tuple[str, str]], gold: set[tuple[str, str]]) -> str:
    both = len(found & gold)
    p = both / len(found) if found else 0.0
    r = both / len(gold) if gold else 0.0
    return f"P {p:.2f} R {r:.2f} ({both} of {len(found)} found / {len(gold)} gold pairs)"


def store_pairs(path: Path, doc_of: dict[str, str]) -> set[tuple[str, str]]:
    from quotetrail.store import open_store

    with open_store(path) as store:
        rows = store.db.execute("SELECT content_hash, story_id FROM articles WHERE story_id IS NOT NULL")  # type: ignore[attr-defined]
        return gold_pairs({doc_of[h]: str(s) for h, s in rows if h in doc_of})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parents[1]
    parser.add_argument("--gold", type=Path, default=root / "gold" / "trail")
    parser.add_argument("--data", type=Path, default=None, help="the shared corpora (default: as eval trail)")
    parser.add_argument("--lemmas", default="0,5")
    args = parser.parse_args()

    from quotetrail.batch.job import run, session
    from quotetrail.batch.link import STORY_WINDOW, link
    from quotetrail.batch.load import load
    from quotetrail.evaluate.corpora import load_doc
    from quotetrail.store import open_store

    stories = {}
    for line in (args.gold / "stories.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            stories[row["doc"]] = row["story"]
    try:
        docs = [load_doc(d, args.data) for d in stories]
    except Exception as exc:  # the corpora are not here
        print(f"cannot read the gold documents ({exc}); nothing measured")
        return 0
    docs.sort(key=lambda d: (d.article.published or date.max, d.id))
    gold = gold_pairs(stories)
    day = {d.id: d.article.published for d in docs}
    reachable = {(a, b) for a, b in gold if day[a] and day[b] and abs((day[a] - day[b]).days) <= STORY_WINDOW}
    print(f"{len(docs)} gold documents, {len(set(stories.values()))} stories, {len(gold)} same-story pairs "
          f"({len(reachable)} dated within {STORY_WINDOW} days)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "gold.jsonl"
        lines = []
        for d in docs:
            a = d.article
            rec: dict[str, Any] = {"text": a.text, "title": a.title, "source": a.site, "lang": a.lang,
                                   "date": a.published.isoformat() if a.published else None}
            lines.append(json.dumps({k: v for k, v in rec.items() if v is not None}, ensure_ascii=False))
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        spark = session("local[2]")
        spark.sparkContext.setLogLevel("ERROR")
        try:
            base = Path(tmp) / "out"
            t = time.process_time()
            run([str(src)], base, spark)
            print(f"batch done ({time.process_time() - t:.0f} s CPU in the driver)", flush=True)
            import pyarrow.dataset as ds

            origins = ds.dataset(str(base / "articles"), format="parquet", partitioning="hive").to_table(
                columns=["content_hash", "n"]).to_pylist()
            doc_of = {r["content_hash"]: docs[r["n"]].id for r in origins}
            for k in (int(x) for x in args.lemmas.split(",")):
                out = Path(tmp) / f"out-{k}"
                shutil.copytree(base, out)
                link(out, spark, story_lemmas=k)
                pairs = ds.dataset(str(out / "links" / "story_pairs"), format="parquet").to_table(
                    columns=["a_content_hash", "b_content_hash"]).to_pylist()
                found = {tuple(sorted((doc_of[r["a_content_hash"]], doc_of[r["b_content_hash"]]))) for r in pairs}
                print(f"lemma keys {k}: Spark story pairs against all gold pairs {scores(found, gold)}; "  # type: ignore[arg-type]
                      f"recall of the reachable {len(found & reachable) / max(1, len(reachable)):.2f}", flush=True)
                with open_store(Path(tmp) / f"links-{k}.db") as store:
                    load(out, store, links=True)
                print(f"lemma keys {k}: load --links stories {scores(store_pairs(Path(tmp) / f'links-{k}.db', doc_of), gold)}",
                      flush=True)
        finally:
            spark.stop()
        with open_store(Path(tmp) / "online.db") as store:
            load(base, store)
        print(f"load (online clusterer) stories {scores(store_pairs(Path(tmp) / 'online.db', doc_of), gold)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
