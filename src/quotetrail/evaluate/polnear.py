"""English attribution relations: the PolNeAR corpus (brat standoff) and its scores.

Token level: the text is split with ``\\w+|[^\\w\\s]``; a token has role R when any of its
characters lies inside an R span. Precision/recall/F1 per role are summed over all documents.
Attribution level: see :func:`quotetrail.evaluate.scoring.match_attributions`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from quotetrail.analysis import Pipeline, default_pipeline
from quotetrail.analysis.attribution.lexicon import lexicon
from quotetrail.evaluate.scoring import Annotation, Counts, match_attributions
from quotetrail.model import Article, Attribution, Span

ROLES = ("Source", "Cue", "Content")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class BratRelation:
    """One attribution: role → list of (start, end) character ranges."""

    parts: dict[str, list[tuple[int, int]]]


def read_ann(text: str) -> list[BratRelation]:
    """Parse brat standoff: ``T`` lines hold spans, ``E`` lines tie one attribution's parts."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        if re.match(r"T\d+\t", line):  # not a surface's continuation that happens to start with T
            tid, info, *_ = line.split("\t")
            role, _, offsets = info.partition(" ")
            ranges = [tuple(int(x) for x in r.split()) for r in offsets.split(";")]
            spans[tid] = (role, ranges)  # type: ignore[assignment]
        elif re.match(r"E\d+\t", line):
            _, args = line.split("\t")[:2]
            events.append([tuple(a.split(":", 1)) for a in args.split()])  # type: ignore[misc]
    relations = []
    for args in events:
        parts: dict[str, list[tuple[int, int]]] = {}
        for role, tid in args:
            role = role.rstrip("0123456789")  # brat numbers repeated roles: Content2
            if role == "Attribution" or tid not in spans:
                continue
            parts.setdefault(role, []).extend(spans[tid][1])
        relations.append(BratRelation(parts))
    return relations


def write_ann(relations: list[BratRelation], text: str) -> str:
    """Brat standoff for ``relations`` over ``text`` (the inverse of :func:`read_ann`)."""
    lines: list[str] = []
    t = 0
    for e, rel in enumerate(relations, start=1):
        args = []
        for role in ("Source", "Cue", "Content"):
            ranges = rel.parts.get(role)
            if not ranges:
                continue
            t += 1
            offsets = ";".join(f"{s} {en}" for s, en in ranges)
            surface = " ".join(text[s:en] for s, en in ranges).replace("\n", " ")
            lines.append(f"T{t}\t{role} {offsets}\t{surface}")
            args.append(f"{role}:T{t}")
        if args:
            lines.append(f"E{e}\t" + " ".join(args))
    return "\n".join(lines) + ("\n" if lines else "")


class TokenIndex:
    def __init__(self, text: str) -> None:
        self.spans = [m.span() for m in _TOKEN.finditer(text)]
        self.ends = [e for _, e in self.spans]

    def covered(self, ranges: list[tuple[int, int]]) -> frozenset[int]:
        found: set[int] = set()
        for start, end in ranges:
            k = bisect.bisect_right(self.ends, start)
            while k < len(self.spans) and self.spans[k][0] < end:
                found.add(k)
                k += 1
        return frozenset(found)

    def annotation(self, rel: BratRelation) -> Annotation:
        return Annotation({role: self.covered(rel.parts.get(role, [])) for role in ROLES})


def _ranges(span: Span | None) -> list[tuple[int, int]]:
    return [(span.start, span.end)] if span is not None else []


def predict_relations(text: str, pipeline: Pipeline) -> list[BratRelation]:
    """One relation per attribution; a cue-less continuation of the same speaker (the product
    keeps each contiguous stretch of a statement as its own attribution) joins the relation
    before it as another piece of content, as PolNeAR annotates a statement that runs on."""
    doc = pipeline(Article(text=text, origin="polnear", lang="en"))
    out: list[BratRelation] = []
    last: list[tuple[Attribution, BratRelation]] = []  # the relations of the latest sentence
    for a in doc.attributions:
        # another statement inside the sentence before ("…," X said after the hearing he was
        # called to. "…") does not break X's statement
        rel = next((r for p, r in reversed(last) if continues(p, a)), None)
        if rel is not None:
            parts = rel.parts
            parts["Content"] = parts["Content"] + _content_ranges(text, a.content)
            parts["Source"] = sorted(set(parts["Source"]) | set(_source_ranges(text, a.speaker)))
            continue
        source, cue = _source_ranges(text, a.speaker), _cue_ranges(a, text)
        rel = BratRelation({
            "Source": source,
            "Cue": cue,
            "Content": _without(_content_ranges(text, a.content), source + cue),
        })
        out.append(rel)
        if last and last[-1][0].sentence != a.sentence:
            last = []
        last.append((a, rel))
    return out


def _without(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` with ``holes`` cut out: a content span encloses a cue or source inserted in
    it ("the plan, the mayor said, will fail"), which the corpus leaves out of the content."""
    out = []
    for a, b in ranges:
        for h0, h1 in sorted(holes):
            if h1 <= a or h0 >= b:
                continue
            if h0 > a:
                out.append((a, h0))
            a = max(a, h1)
        if a < b:
            out.append((a, b))
    return out


def continues(prev: Attribution, a: Attribution) -> bool:
    """``a`` goes on with ``prev``'s statement: the same cue (two quotes around one "she
    said"), or no cue of its own, the same named speaker, and no speaker mention of its own or
    the same one."""
    if a.cue is not None and prev.cue is not None and (a.cue.start, a.cue.end) == (prev.cue.start, prev.cue.end):
        return True  # '"A," she said. "B."': two quotes around one cue are one relation
    return (
        a.cue is None
        and a.speaker_name is not None
        and a.speaker_name == prev.speaker_name
        and (a.speaker is None or (prev.speaker is not None and a.speaker.start == prev.speaker.start))
    )


def _cue_ranges(a: Attribution, text: str | None = None) -> list[tuple[int, int]]:
    """The cue with its pieces, and the medium when it follows the cue at once ("said | in a
    statement"): PolNeAR counts such a medium to the cue, the product shows it as the medium.
    An outlet the cue addresses ("told | CNN", "according to | Politico") is no preposition
    phrase: the corpus leaves it out of the cue (47 of 47 in two train folds)."""
    ranges = _ranges(a.cue) + [(p.start, p.end) for p in a.cue_parts]
    m = a.medium
    if (
        ranges and m is not None and 0 <= m.start - max(e for _, e in ranges) <= 1
        and m.text.split(maxsplit=1)[0].casefold() in lexicon("en").medium_preps
    ):
        ranges.append((m.start, m.end))
    end = max((e for _, e in ranges), default=0)
    if text is not None and ranges and text[end:end + 1] == ":":
        ranges.append((end, end + 1))  # "added:": the corpus counts the colon to the cue (222 of 240 in train)
    return ranges


def _source_ranges(text: str, span: Span | None) -> list[tuple[int, int]]:
    """The source, with the comma that closes an apposition in it ("Mr. King, 82,"): PolNeAR
    counts that comma to the source, the product ends the span at the last word."""
    if span is None:
        return []
    a, b = span.start, span.end
    if "," in span.text and b < len(text) and text[b] == ",":
        b += 1
    return [(a, b)]


def _content_ranges(text: str, span: Span) -> list[tuple[int, int]]:
    """The content and the quote marks that directly enclose it: the product stores a direct
    quote's words, PolNeAR counts its quote marks to the content. A mark encloses when it is
    attached to the content (an opening one after a space or the line start)."""
    a, b = span.start, span.end
    if text[max(0, a - 2):a] == "''" and (a == 2 or not text[a - 3].isalnum()):
        a -= 2  # two apostrophes as a quote mark (one outlet's style: ''We stay,'' she said)
    elif a > 0 and text[a - 1] in "\"“‘" and (a == 1 or not text[a - 2].isalnum()):
        a -= 1
    if text[b:b + 1] == "," and (text[b + 1:b + 2] in ("\"", "”", "’") or text[b + 1:b + 3] == "''"):
        b += 1  # '"We stay," she said': the comma inside the marks belongs to the quotation
    if text[b:b + 2] == "''" and (b + 2 == len(text) or not text[b + 2].isalnum()):
        b += 2
    elif b < len(text) and text[b] in "\"”’" and (b + 1 == len(text) or not text[b + 1].isalnum()):
        b += 1
    return [(a, b)]


def gold_file(directory: Path, name: str) -> Path | None:
    """The first annotator's file in sorted order (either may serve as gold)."""
    files = sorted((directory / "attributions").glob(f"{name}_*.ann"))
    return files[0] if files else None


def _score_document(
    pred: list[Annotation], gold: list[Annotation], roles: dict[str, Counts], attribution: Counts
) -> None:
    """Add one document's token counts per role and its attribution matches."""
    for role in ROLES:
        g = frozenset().union(*(a.get(role) for a in gold))
        p = frozenset().union(*(a.get(role) for a in pred))
        roles[role].add(Counts(len(p & g), len(p), len(g)))
    attribution.add(Counts(match_attributions(pred, gold), len(pred), len(gold)))


def agreement_polnear(directory: Path) -> dict:
    """The annotators scored against each other, with the same metrics as the pipeline: every
    ordered pair of annotation files on each text that has several (one as gold, the other as
    prediction), counts summed. This is the ceiling the corpus itself sets on a system's score."""
    directory = Path(directory)
    by_text: dict[str, list[Path]] = {}
    for f in sorted((directory / "attributions").glob("*.ann")):
        by_text.setdefault(f.stem.rsplit("_", 1)[0], []).append(f)
    roles = {r: Counts() for r in ROLES}
    attribution = Counts()
    texts = pairs = 0
    for name, files in sorted(by_text.items()):
        text_path = directory / "text" / f"{name}.txt"
        if len(files) < 2 or not text_path.is_file():
            continue
        texts += 1
        index = TokenIndex(text_path.read_text(encoding="utf-8"))
        anns = [[index.annotation(r) for r in read_ann(f.read_text(encoding="utf-8"))] for f in files]
        for gold, pred in itertools.permutations(anns, 2):
            pairs += 1
            _score_document(pred, gold, roles, attribution)
    if not texts:
        raise FileNotFoundError(f"no text in {directory} has more than one annotation file")
    return {
        "corpus": "polnear (annotator agreement)",
        "directory": str(directory),
        "documents": texts,
        "annotator_pairs": pairs,
        **{role.lower(): roles[role].as_dict() for role in ROLES},
        "attribution": attribution.as_dict(),
    }


def evaluate_polnear(
    directory: Path, *, out: Path | None = None, limit: int | None = None,
    pipeline: Pipeline | None = None,
) -> dict:
    pipeline = pipeline or default_pipeline()
    directory = Path(directory)
    texts = sorted((directory / "text").glob("*.txt"))[:limit]
    if not texts:
        raise FileNotFoundError(f"no PolNeAR text/*.txt files in {directory}")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    roles = {r: Counts() for r in ROLES}
    attribution = Counts()
    for path in texts:
        text = path.read_text(encoding="utf-8")
        gold_path = gold_file(directory, path.stem)
        gold_rel = read_ann(gold_path.read_text(encoding="utf-8")) if gold_path else []
        pred_rel = predict_relations(text, pipeline)
        index = TokenIndex(text)
        gold = [index.annotation(r) for r in gold_rel]
        pred = [index.annotation(r) for r in pred_rel]
        _score_document(pred, gold, roles, attribution)
        if out is not None:
            (out / f"{path.stem}.ann").write_text(write_ann(pred_rel, text), encoding="utf-8")
    return {
        "corpus": "polnear",
        "directory": str(directory),
        "documents": len(texts),
        **{role.lower(): roles[role].as_dict() for role in ROLES},
        "attribution": attribution.as_dict(),
    }
