"""Annotation helper for the trail gold sets (gold/trail/*.jsonl): read articles by document
id, see the corpus's own attribution spans with their offsets, find candidates, and check a
gold file against the texts it points into. Prints corpus text to the terminal only; the gold
files hold ids and offsets, never text.

    python tools/gold.py docs polnear --since 2016-07-01 --until 2016-10-31
    python tools/gold.py show polnear/train/NAME --role Source
    python tools/gold.py grep Source "spokes(man|woman)|aide|campaign"
    python tools/gold.py numbers polnear/train/NAME ...
    python tools/gold.py check gold/trail/speakers.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from quotetrail.evaluate.corpora import EXAMPLES, CorpusDoc, data_dir, load_doc


def _all_ids(corpus: str) -> list[str]:
    data = data_dir()
    out = []
    if corpus in ("polnear", "all"):
        for split in ("train", "dev"):
            out += [f"polnear/{split}/{p.stem}" for p in sorted((data / "polnear" / split / "text").glob("*.txt"))]
    if corpus in ("spkatt-news", "all"):
        for split in ("train", "dev"):
            out += [f"spkatt-news/{split}/{p.stem}" for p in sorted((data / "spkatt-news" / split).glob("*.json"))]
    if corpus in ("examples", "all"):
        for p in sorted(EXAMPLES.iterdir()):
            if p.suffix == ".jsonl":
                out += [f"examples/{p.name}:{i}" for i in range(1, len(p.read_text().splitlines()) + 1)]
            elif p.name != "README.md":
                out.append(f"examples/{p.name}")
    return out


def cmd_docs(args: argparse.Namespace) -> None:
    for doc_id in _all_ids(args.corpus):
        d = load_doc(doc_id)
        day = d.article.published.isoformat() if d.article.published else "?"
        if (args.since and day < args.since) or (args.until and day > args.until):
            continue
        print(f"{doc_id}\t{day}\t{d.article.site}\t{d.article.title}")


def _context(text: str, start: int, end: int, width: int = 90) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return (text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]).replace("\n", " ")


def cmd_show(args: argparse.Namespace) -> None:
    d = load_doc(args.doc)
    a = d.article
    print(f"# {d.id} · {a.site} · {a.published} · {a.lang} · {a.title}")
    spans = []
    for i, rel in enumerate(d.relations, 1):
        for s, e in rel.get(args.role, ()):
            spans.append((s, e, i))
    spans.sort()
    if not args.list_only:
        out, pos = [], 0
        for s, e, i in spans:
            if s < pos:
                continue
            out.append(a.text[pos:s] + f"⟦{i}:" + a.text[s:e] + "⟧")
            pos = e
        out.append(a.text[pos:])
        print("".join(out))
        print()
    for i, rel in enumerate(d.relations, 1):
        parts = []
        for role in ("Source", "Cue", "Content", "Message"):
            for s, e in rel.get(role, ()):
                parts.append(f"{role} {s}-{e} {a.text[s:e]!r}")
        print(f"{i}: " + " | ".join(p.replace("\n", " ") for p in parts))


def cmd_grep(args: argparse.Namespace) -> None:
    pattern = re.compile(args.pattern, re.I)
    for doc_id in _all_ids(args.corpus):
        d = load_doc(doc_id)
        for i, rel in enumerate(d.relations, 1):
            for s, e in rel.get(args.role, ()):
                if pattern.search(d.article.text[s:e]):
                    print(f"{doc_id}\t{i}\t{s}\t{e}\t{d.article.text[s:e]!r}".replace("\n", " "))


_NUMBER = re.compile(r"(?<![\w.])(\d[\d,.]*\d|\d)(\s*(%|percent|Prozent|million|billion|Millionen|Milliarden))?")


def cmd_numbers(args: argparse.Namespace) -> None:
    for doc_id in args.docs:
        d = load_doc(doc_id)
        for m in _NUMBER.finditer(d.article.text):
            print(f"{doc_id}\t{m.start()}\t{m.end()}\t{_context(d.article.text, m.start(), m.end(), 60)}")


def cmd_check(args: argparse.Namespace) -> None:
    docs: dict[str, CorpusDoc] = {}
    bad = 0
    for n, line in enumerate(Path(args.file).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            doc = docs.get(row["doc"]) or docs.setdefault(row["doc"], load_doc(row["doc"]))
        except Exception as exc:  # noqa: BLE001 - report and go on
            print(f"{args.file}:{n}: {exc}")
            bad += 1
            continue
        text = doc.article.text
        if "start" in row:
            s, e = row["start"], row["end"]
            if not (0 <= s < e <= len(text)):
                print(f"{args.file}:{n}: offsets {s}-{e} outside the text ({len(text)} characters)")
                bad += 1
                continue
            if not args.quiet:
                rest = {k: v for k, v in row.items() if k not in ("doc", "start", "end")}
                print(f"{n}\t{row['doc']}\t{_context(text, s, e, args.width)}\t{json.dumps(rest, ensure_ascii=False)}")
        elif not args.quiet:
            rest = {k: v for k, v in row.items() if k != "doc"}
            print(f"{n}\t{row['doc']}\t{doc.article.published}\t{doc.article.title}\t{json.dumps(rest, ensure_ascii=False)}")
    print(f"{len(docs)} documents, {bad} bad lines", file=sys.stderr)
    sys.exit(1 if bad else 0)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(required=True)
    s = sub.add_parser("docs", help="list document ids with date, site and title")
    s.add_argument("corpus", choices=("polnear", "spkatt-news", "examples", "all"))
    s.add_argument("--since")
    s.add_argument("--until")
    s.set_defaults(func=cmd_docs)
    s = sub.add_parser("show", help="an article with the corpus's spans of one role marked ⟦n:…⟧")
    s.add_argument("doc")
    s.add_argument("--role", default="Source", help="Source, Cue, Content (PolNeAR) or Message (SpkAtt)")
    s.add_argument("--list-only", action="store_true", help="only the numbered relations")
    s.set_defaults(func=cmd_show)
    s = sub.add_parser("grep", help="corpus spans of a role matching a regex, across documents")
    s.add_argument("role")
    s.add_argument("pattern")
    s.add_argument("--corpus", default="all", choices=("polnear", "spkatt-news", "all"))
    s.set_defaults(func=cmd_grep)
    s = sub.add_parser("numbers", help="numbers in documents with their offsets and context")
    s.add_argument("docs", nargs="+")
    s.set_defaults(func=cmd_numbers)
    s = sub.add_parser("check", help="validate a gold file and print each line with its text")
    s.add_argument("file")
    s.add_argument("--quiet", action="store_true")
    s.add_argument("--width", type=int, default=70)
    s.set_defaults(func=cmd_check)
    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
