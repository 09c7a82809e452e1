"""How often a speaker is a description or a pronoun, and how often the product links it right.

Two measurements (issue 13, speaker linking), printed as counts only (no corpus text):

``gold GOLD_DIR [--db STORE]``
    For every speaker mention of the gold (``speakers*.jsonl``) that a stored attribution
    matches: is the corpus span a name, a pronoun or a description, does the gold tie it to a
    speaker the article names earlier, and is it in that speaker's main stored entity (the
    entity holding most of the speaker's named mentions). ``--db`` reuses a store built by
    ``quotetrail eval trail GOLD --db STORE``; without it the store is built here.

``corpus DIR [--limit N]``
    For the attributions the product finds in PolNeAR or SpkAtt-news documents (a ``dev``
    folder), by kind of speaker phrase: how many, and how many the product names by a name
    (no gold entity exists there, so this says how often it resolves, not whether rightly).

``halves GOLD_DIR --db STORE``
    The speaker scores of ``quotetrail eval trail`` on the whole gold and on its two halves by
    document id (crc32 of the id, even or odd): a rule that helps one half and hurts the other
    does not generalise. The store is built here when ``STORE`` does not exist.

``sample STORE [--n N] [--seed S] [--lang en]``
    Prints (terminal only, for judging by hand; nothing is written) a seeded random sample of
    the store's statements with a speaker phrase: the phrase, what it was named, its entity and
    the rule, and the text before it, so each can be sorted into an error category.

``train STORE [--data DIR]``
    Builds (when ``STORE`` does not exist) a store of the PolNeAR and SpkAtt-news ``train``
    texts that no file under ``gold/`` names, so neither the development gold nor the withheld
    set, and counts the speaker phrases of each kind the product leaves unlinked or links
    suspiciously (issue 13: errors mined from text no rule was tuned on).

    PYTHONPATH=src python tools/speaker_recall.py gold gold/trail --db /tmp/trail.db
    PYTHONPATH=src python tools/speaker_recall.py corpus ../shared/data/polnear/dev --limit 40
    PYTHONPATH=src python tools/speaker_recall.py halves gold/trail --db /tmp/halves.db
    PYTHONPATH=src python tools/speaker_recall.py train /tmp/spk.db
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from quotetrail.analysis.attribution.speaker_head import made_by_parts, speaker_words
from quotetrail.evaluate.corpora import data_dir, load_doc
from quotetrail.evaluate.trail import Run, _best, build, read_gold, score_speakers
from quotetrail.link.names import is_pronoun
from quotetrail.store.sqlite import SQLiteStore

_WORD = re.compile(r"[^\W\d_]{3,}")


def kind_of(span: str, entity: str | None, lang: str) -> str:
    """name: a word of the gold entity's name is in the span; pronoun; else description."""
    if is_pronoun(span, lang):
        return "pronoun"
    # a capitalised word of the name ("Clinton", "Fund"); "the fund" is a description
    if entity and {w.casefold() for w in _WORD.findall(entity)} & {w.casefold() for w in _WORD.findall(span) if w[:1].isupper()}:
        return "name"
    return "description"


def named_before(text: str, start: int, entity: str) -> bool:
    """The article names the gold entity (a word of its name, capitalised) before the mention."""
    before = text[:start]
    return any(len(w) >= 3 and re.search(rf"\b{re.escape(w)}\b", before) for w in _WORD.findall(entity))


def measure_gold(gold_dir: Path, db: Path | None, data: Path | None, show: bool = False) -> dict[str, Any]:
    gold = read_gold(gold_dir)
    with tempfile.TemporaryDirectory() as tmp:
        path = db if db is not None and db.exists() else Path(tmp) / "trail.db"
        if path != db or db is None:
            build(gold.documents, path, data=data).store.close()
        store = SQLiteStore(path)
        articles = {r["doc"]: None for r in gold.speakers}
        texts: dict[str, tuple[str, str]] = {}
        for doc in articles:
            d = load_doc(doc, data)
            texts[doc] = (d.article.text, d.article.lang or "en")
        rows: list[dict[str, Any]] = []
        ids = _article_ids(store, list(articles), data)
        for g in gold.speakers:
            aid = ids.get(g["doc"])
            if aid is None:
                continue
            ats = store.db.execute("SELECT * FROM attributions WHERE article_id = ?", (aid,)).fetchall()
            at = _best(g["start"], g["end"], ats, "speaker_start", "speaker_end")
            if at is None:
                continue
            eid = at["speaker_entity_id"]
            text, lang = texts[g["doc"]]
            rows.append({**g, "sys": None if eid is None else store.canonical_entity(eid),
                         "kind": kind_of(text[g["start"]:g["end"]], g.get("entity"), lang),
                         "before": bool(g.get("entity")) and named_before(text, g["start"], g["entity"])})
        store.close()
    main: dict[str, int | None] = {}
    by_entity: dict[str, Counter[int | None]] = defaultdict(Counter)
    for r in rows:
        if r.get("entity") and r["kind"] == "name":
            by_entity[r["entity"]][r["sys"]] += 1
    for ent, c in by_entity.items():
        main[ent] = c.most_common(1)[0][0]
    out: dict[str, Any] = {}
    for kind in ("name", "pronoun", "description"):
        ks = [r for r in rows if r["kind"] == kind]
        tied = [r for r in ks if r.get("entity") and r["before"] and main.get(r["entity"]) is not None]
        right = [r for r in tied if r["sys"] == main[r["entity"]]]
        by_type = Counter(r.get("type") for r in tied)
        right_by_type = Counter(r.get("type") for r in right)
        if show:
            for r in tied:
                if r not in right:
                    text = texts[r["doc"]][0]
                    print(f"  miss {kind}: {text[r['start']:r['end']]!r} -> {r['entity']} ({r['doc']})", file=sys.stderr)
        out[kind] = {"matched": len(ks), "tied_to_named_antecedent": len(tied), "linked_right": len(right),
                     "with_entity_not_named_before": sum(1 for r in ks if r.get("entity") and not r["before"]),
                     "by_type": {t: f"{right_by_type[t]}/{n}" for t, n in sorted(by_type.items(), key=str)}}
    return out


def _article_ids(store: SQLiteStore, docs: list[str], data: Path | None) -> dict[str, int]:
    """Document id -> stored article id, by content hash (as the evaluation stored them)."""
    out: dict[str, int] = {}
    for doc in docs:
        d = load_doc(doc, data)
        found = store.find_by_hash(d.article.content_hash)
        if found is None:
            row = store.db.execute("SELECT article_id FROM article_copies WHERE content_hash = ?",
                                   (d.article.content_hash,)).fetchone()
            found = row[0] if row else None
        if found is not None:
            out[doc] = int(found)
    return out


def measure_corpus(folder: Path, limit: int) -> dict[str, Any]:
    """Speaker phrases of the attributions found in a corpus folder, by kind and resolution."""
    from quotetrail.analysis import default_pipeline

    corpus = "polnear" if "polnear" in folder.parts else "spkatt-news"
    split = folder.name
    names = sorted(p.stem for p in (folder / "text").glob("*.txt")) if corpus == "polnear" else sorted(
        p.stem for p in folder.glob("*.json"))
    pipeline = default_pipeline()
    counts: Counter[str] = Counter()
    for name in names[:limit]:
        d = load_doc(f"{corpus}/{split}/{name}", folder.parent.parent)
        doc = pipeline(d.article)
        for at in doc.attributions:
            if at.speaker is None:
                continue
            kind = "pronoun" if is_pronoun(at.speaker.text, doc.lang) else (
                "description" if at.speaker.text[:1].islower() or at.speaker.text.split()[0].casefold() in {
                    "the", "der", "die", "das", "den", "dem", "des"} else "name")
            resolved = bool(at.speaker_name) and at.speaker_name != at.speaker.text and not is_pronoun(
                at.speaker_name, doc.lang)
            counts[kind] += 1
            counts[f"{kind} resolved"] += resolved
    return dict(sorted(counts.items()))


def measure_halves(gold_dir: Path, db: Path, data: Path | None) -> dict[str, Any]:
    gold = read_gold(gold_dir)
    if not db.exists():
        run = build(gold.documents, db, data=data)
        run.store.close()
        articles = run.articles
    else:
        store = SQLiteStore(db)
        articles = _article_ids(store, gold.documents, data)
        store.close()
    run = Run(SQLiteStore(db), articles, [])
    out: dict[str, Any] = {}
    for half, rows in (("all", gold.speakers),
                       ("even", [g for g in gold.speakers if zlib.crc32(g["doc"].encode()) % 2 == 0]),
                       ("odd", [g for g in gold.speakers if zlib.crc32(g["doc"].encode()) % 2 == 1])):
        r = score_speakers(run, rows)
        out[half] = (f"P {r['precision']:.4f} R {r['recall']:.4f} matched {r['matched']}/{r['mentions']} "
                     f"merges {r['merged_people']} foreign {r['foreign_statements']}")
    run.store.close()
    return out


_PRONOUNS = {"he", "she", "er", "sie"}
_ROLE_ENDINGS = ("minister", "präsident", "kanzler", "chef", "sekretär")


def train_ids(data: Path, gold_root: Path) -> list[str]:
    """The train documents of both corpora that no gold file names."""
    named: set[str] = set()
    for f in gold_root.rglob("*.jsonl"):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                named.add(json.loads(line)["doc"])
    ids = [f"polnear/train/{t.stem}" for t in sorted((data / "polnear/train/text").glob("*.txt"))]
    ids += [f"spkatt-news/train/{t.stem}" for t in sorted((data / "spkatt-news/train").glob("*.json"))]
    return [i for i in ids if i not in named]


def measure_train(db: Path, data: Path | None) -> dict[str, Any]:
    data = data_dir(data)
    if not db.exists():
        ids = train_ids(data, Path(__file__).resolve().parents[1] / "gold")
        build(ids, db, data=data).store.close()
    store = SQLiteStore(db)
    con = store.db
    roles = set(speaker_words("en").role_nouns)
    people: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for aid, start, end in con.execute("SELECT article_id, start, \"end\" FROM mentions WHERE label = 'PER'"):
        people[aid].append((start, end))
    counts: Counter[str] = Counter()
    for row in con.execute(
        "SELECT a.article_id, a.speaker_text, a.speaker_start, a.speaker_end, a.speaker_entity_id, e.type, "
        "a.made_by, r.lang FROM attributions a JOIN articles r ON r.id = a.article_id "
        "LEFT JOIN entities e ON e.id = a.speaker_entity_id WHERE a.speaker_text IS NOT NULL"
    ):
        aid, text, s, e, eid, etype, made_by, lang = row
        low = text.casefold()
        words = text.split()
        named = any(s <= a and b <= e for a, b in people[aid])
        kind = None
        if eid is None:
            if low in _PRONOUNS:
                kind = "singular pronoun unresolved"
            elif named and not re.search(r"\b(and|und|or|nor)\b", low):
                kind = "a person's name inside the phrase, unlinked"
            elif re.match(r"(the|der|die|das)\s", low) and len(words) <= 6 and any(
                    w.strip("’'s") in roles or w.endswith(_ROLE_ENDINGS) for w in low.split()[1:]):
                kind = "definite role description unlinked"
            elif len(words) <= 2 and all(w[:1].isupper() for w in words) and not re.fullmatch(
                    r"(i|we|it|they|you|the|a|ich|wir|es)", low):
                kind = "one or two capitalised words unlinked"
        elif etype == "PER" and re.search(r"\b(spokes\w+|aides?|advisers?|\w*sprecher\w*)\b", low) and not named:
            kind = "representative phrase in a person's trail"
        if kind:
            counts[f"{lang} {kind}"] += 1
    store.close()
    return dict(sorted(counts.items()))


def sample(db: Path, n: int, seed: int, lang: str) -> None:
    """Print a seeded sample of speaker phrases with their links and the text before them."""
    import random

    store = SQLiteStore(db)
    rows = store.db.execute(
        "SELECT a.id, a.article_id, a.speaker_text, a.speaker_name, a.speaker_start, a.made_by, e.name, e.type, "
        "r.text FROM attributions a JOIN articles r ON r.id = a.article_id "
        "LEFT JOIN entities e ON e.id = a.speaker_entity_id "
        "WHERE a.speaker_text IS NOT NULL AND r.lang = ? ORDER BY a.id", (lang,)).fetchall()
    for aid, art, spk, name, start, made_by, ent, etype, text in random.Random(seed).sample(rows, min(n, len(rows))):
        before = " ".join(text[max(0, start - 240) : start].split()) + " ⟦" + " ".join(
            text[start : start + len(spk) + 50].split()) + "…"
        how = made_by_parts(made_by)[1] if made_by else ""
        print(f"#{aid} a{art} [{spk}] -> {name!r} => {ent} {etype or ''} {how}\n    …{before}", file=sys.stderr)
    store.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gold")
    g.add_argument("gold", type=Path)
    g.add_argument("--db", type=Path)
    g.add_argument("--data", type=Path)
    g.add_argument("--show", action="store_true", help="print the misses on the terminal (development gold only)")
    c = sub.add_parser("corpus")
    c.add_argument("folder", type=Path)
    c.add_argument("--limit", type=int, default=40)
    h = sub.add_parser("halves")
    h.add_argument("gold", type=Path)
    h.add_argument("--db", type=Path, required=True)
    h.add_argument("--data", type=Path)
    t = sub.add_parser("train")
    t.add_argument("db", type=Path)
    t.add_argument("--data", type=Path)
    s = sub.add_parser("sample")
    s.add_argument("db", type=Path)
    s.add_argument("--n", type=int, default=200)
    s.add_argument("--seed", type=int, default=13)
    s.add_argument("--lang", default="en")
    a = p.parse_args(argv)
    if a.cmd == "sample":
        sample(a.db, a.n, a.seed, a.lang)
        return 0
    if a.cmd == "gold":
        result = measure_gold(a.gold, a.db, a.data, a.show)
    elif a.cmd == "halves":
        result = measure_halves(a.gold, a.db, a.data)
    elif a.cmd == "train":
        result = measure_train(a.db, a.data)
    else:
        result = measure_corpus(a.folder, a.limit)
    for k, v in result.items():
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
