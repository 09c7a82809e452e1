"""k-fold cross-validation of attribution over a corpus's train and dev documents together.

150 dev articles cannot tell apart changes worth a few thousandths, so a change to rules,
features or the model is judged on folds: the documents of the given splits are dealt into
``k`` fixed folds by a hash of the document name (adding a document never moves another), and
for each fold a labeller is trained on the other folds and scored on it. Every fold runs in
its own processes with ``$QUOTETRAIL_MODELS`` pointing at that fold's model, so nothing the
shipped model learnt from a held-out document leaks into its score. :func:`compare` tells
whether one run beats another by more than the noise between folds.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from quotetrail.analysis.attribution.learned import MODEL_NAME
from quotetrail.errors import QuotetrailError

# what each corpus's evaluation reports (F1 of each; spkatt also form accuracy)
METRICS = {
    "spkatt": ("message", "source", "joint", "cue"),
    "polnear": ("content", "source", "cue", "attribution"),
}
LANG = {"spkatt": "de", "polnear": "en"}


def fold_of(name: str, k: int) -> int:
    return zlib.crc32(name.encode()) % k


@dataclass
class Doc:
    """One annotated document: its name and the files that make it up (relative to ``root``)."""

    name: str
    root: Path
    files: list[Path] = field(default_factory=list)


def corpus_of(directory: Path) -> str:
    if (directory / "text").is_dir():
        return "polnear"
    if any(directory.glob("*.json")):
        return "spkatt"
    raise QuotetrailError(f"{directory}: neither SpkAtt *.json nor PolNeAR text/ found")


def documents(corpus: str, directories: Sequence[Path]) -> list[Doc]:
    docs: dict[str, Doc] = {}
    for d in directories:
        if corpus_of(d) != corpus:
            raise QuotetrailError(f"{d} is not a {corpus} split; give splits of one corpus")
        if corpus == "spkatt":
            found = [Doc(p.stem, d, [p.relative_to(d)]) for p in sorted(d.glob("*.json"))]
        else:
            found = [
                Doc(p.stem, d, [p.relative_to(d)] + [a.relative_to(d) for a in sorted(
                    (d / "attributions").glob(f"{p.stem}_*.ann"))])
                for p in sorted((d / "text").glob("*.txt"))
            ]
        for doc in found:
            if doc.name in docs:
                raise QuotetrailError(f"document {doc.name} is in two of the splits given")
            docs[doc.name] = doc
    return [docs[n] for n in sorted(docs)]


def lay_out(docs: Sequence[Doc], dest: Path) -> Path:
    """A split directory of symbolic links to ``docs``, in the corpus's own layout (laid out
    afresh: a rerun with the same --work keeps the trained models, not stale links)."""
    if dest.exists():
        shutil.rmtree(dest)
    for doc in docs:
        for rel in doc.files:
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to((doc.root / rel).resolve())
    dest.mkdir(parents=True, exist_ok=True)
    return dest


# scores beside the F1s that a fold row carries when the corpus gives them (SpkAtt: forms)
EXTRAS = ("form_accuracy", "free_indirect_recall", "direct_recall", "reported_recall")


def _run(args: list[str], models: Path, log: Path) -> str:
    env = {**os.environ, "QUOTETRAIL_MODELS": str(models)}
    proc = subprocess.run([sys.executable, "-m", "quotetrail", *args], env=env, capture_output=True, text=True)
    log.write_text(proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise QuotetrailError(f"`quotetrail {' '.join(args[:2])}` failed in {log.parent.name}: {last} (log: {log})")
    return proc.stdout


def run_fold(corpus: str, docs: Sequence[Doc], fold: int, k: int, work: Path,
             iterations: int | None = None) -> dict:
    """Train on every fold but ``fold`` and score on ``fold``."""
    lang = LANG[corpus]
    base = work / f"fold{fold}"
    held = [d for d in docs if fold_of(d.name, k) == fold]
    rest = [d for d in docs if fold_of(d.name, k) != fold]
    train_dir = lay_out(rest, base / "train")
    test_dir = lay_out(held, base / "test")
    models = base / "models"
    model = models / lang / MODEL_NAME
    if not model.is_file():  # a rerun with the same --work keeps trained folds
        extra = ["--iterations", str(iterations)] if iterations else []
        _run(["train", "attribution", "--lang", lang, "--data", str(train_dir), "--out", str(model), *extra],
             models, base / "train.log")
    # the held-out predictions stay in the fold (SpkAtt's format) for error_breakdown
    out = ["--out", str(base / "predictions")] if corpus == "spkatt" else []
    scores = json.loads(_run(["eval", corpus, str(test_dir), "--json", *out], models, base / "eval.log"))
    row = {"fold": fold, "documents": len(held), "train_documents": len(rest)}
    for m in METRICS[corpus]:
        row[m] = scores[m]["f1"]
    for extra in EXTRAS:
        if extra in scores:
            row[extra] = scores[extra]
    return row


def spread(values: Sequence[float]) -> dict[str, float]:
    """Mean, sample standard deviation and standard error of the mean."""
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
    return {"mean": round(mean, 4), "sd": round(sd, 4), "se": round(sd / math.sqrt(n), 4)}


def cross_validate(directories: Sequence[Path], *, k: int = 5, work: Path, jobs: int = 1,
                   iterations: int | None = None, only: Sequence[int] | None = None) -> dict:
    if k < 2:
        raise QuotetrailError("--folds must be at least 2")
    corpus = corpus_of(directories[0])
    docs = documents(corpus, directories)
    if len(docs) < k:
        raise QuotetrailError(f"{len(docs)} documents cannot be dealt into {k} folds")
    work.mkdir(parents=True, exist_ok=True)
    folds = sorted(set(only)) if only else list(range(k))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        rows = list(pool.map(lambda f: run_fold(corpus, docs, f, k, work, iterations), folds))
    keys = [m for m in (*METRICS[corpus], *EXTRAS) if all(m in r for r in rows)]
    return {
        "corpus": corpus,
        "splits": [str(d) for d in directories],
        "documents": len(docs),
        "k": k,
        "folds": rows,
        "summary": {m: spread([r[m] for r in rows]) for m in keys},
    }


def compare(base: dict, new: dict) -> dict:
    """Paired per-fold differences ``new - base``; a gain counts when its mean exceeds its
    standard error (the rule issue 16 sets for keeping a change)."""
    if (base["corpus"], base["k"]) != (new["corpus"], new["k"]):
        raise QuotetrailError("the two runs are not of the same corpus and number of folds")
    by_fold = {r["fold"]: r for r in base["folds"]}
    pairs = [(by_fold[r["fold"]], r) for r in new["folds"] if r["fold"] in by_fold]
    if len(pairs) < 2:
        raise QuotetrailError("the two runs share fewer than two folds")
    out: dict[str, dict] = {}
    for m in new["summary"]:
        if m not in base["summary"]:
            continue
        diff = spread([n[m] - b[m] for b, n in pairs])
        diff["verdict"] = ("gain" if diff["mean"] > diff["se"] else
                           "loss" if -diff["mean"] > diff["se"] else "within noise")
        out[m] = diff
    return {"corpus": new["corpus"], "folds": len(pairs), "difference": out}


# -- what the held-out errors are (issue 16: error analysis on the folds, not on dev) ------
def _span_error(pred: frozenset[str], gold: frozenset[str]) -> str:
    """How a predicted span of a paired annotation relates to the gold one."""
    if not pred and not gold:
        return "both empty"
    if not pred:
        return "missing"
    if not gold:
        return "spurious"
    if pred == gold:
        return "exact"
    if pred < gold:
        return "too short"
    if pred > gold:
        return "too long"
    return "overlapping" if pred & gold else "elsewhere"


def error_breakdown(pairs: Sequence[tuple[Path, Path]], top: int = 8) -> dict[str, dict[str, dict]]:
    """Cue and source errors of SpkAtt predictions against gold, per kind: ``pairs`` are
    (prediction file, gold file). Annotations are paired by message as the scorer pairs them;
    a gold statement no prediction overlaps is "statement missed", a prediction no gold
    overlaps "statement spurious". Each kind counts annotations and the tokens the scorer
    loses with them (gold tokens not found, predicted tokens not in gold), and the ``top``
    words (casefolded) among those tokens."""
    from collections import Counter

    from quotetrail.evaluate.scoring import Annotation, pair
    from quotetrail.evaluate.spkatt import ROLES, gold_annotations

    out: dict[str, dict[str, dict]] = {"Cue": {}, "Source": {}}
    words: dict[tuple[str, str], Counter[str]] = {}
    text: dict[str, str] = {}

    def count(role: str, kind: str, missed: frozenset[str], extra: frozenset[str]) -> None:
        c = out[role].setdefault(kind, {"annotations": 0, "missed_tokens": 0, "extra_tokens": 0})
        c["annotations"] += 1
        c["missed_tokens"] += len(missed)
        c["extra_tokens"] += len(extra)
        words.setdefault((role, kind), Counter()).update(text.get(t, "?") for t in missed | extra)

    for pred_path, gold_path in pairs:
        doc = json.loads(gold_path.read_text(encoding="utf-8"))
        text = {
            f"{s.get('SentenceId', i)}:{k}": w.casefold()
            for i, s in enumerate(doc["Sentences"]) for k, w in enumerate(s["Tokens"])
        }
        gold = gold_annotations(doc)
        pred = [
            Annotation({r: frozenset(a.get(r, [])) for r in ROLES}, a.get("Form"))
            for a in json.loads(pred_path.read_text(encoding="utf-8")).get("Annotations", [])
        ]
        matched = pair(pred, gold)
        for role in out:
            for i, j in matched:
                p, g = pred[i].get(role), gold[j].get(role)
                count(role, _span_error(p, g), g - p, p - g)
            for j in set(range(len(gold))) - {j for _, j in matched}:
                if gold[j].get(role):
                    count(role, "statement missed", gold[j].get(role), frozenset())
            for i in set(range(len(pred))) - {i for i, _ in matched}:
                if pred[i].get(role):
                    count(role, "statement spurious", frozenset(), pred[i].get(role))
    for (role, kind), c in words.items():
        out[role][kind]["words"] = dict(c.most_common(top))
    return out


def fold_errors(work: Path, splits: Sequence[Path]) -> dict[str, dict[str, dict]]:
    """error_breakdown over every fold of a SpkAtt ``eval cv --work`` run that kept its
    held-out predictions, against the gold files in ``splits``."""
    gold = {p.name: p for d in splits for p in Path(d).glob("*.json")}
    pairs = [(p, gold[p.name]) for p in sorted(Path(work).glob("fold*/predictions/*.json")) if p.name in gold]
    if not pairs:
        raise QuotetrailError(f"{work}: no fold predictions to compare with the gold of {', '.join(map(str, splits))}")
    return error_breakdown(pairs)
