"""Scorers over token sets, independent of any corpus format.

An annotation is a mapping from role ("Message", "Source", "Cue", ...) to a set of token ids
(discontinuous spans are simply sets). Counts are summed over all documents (micro average).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

Tokens = frozenset[Hashable]


@dataclass
class Annotation:
    roles: dict[str, Tokens]
    form: str | None = None

    def get(self, role: str) -> Tokens:
        return self.roles.get(role, frozenset())


@dataclass
class Counts:
    """Overlap counts for one role: true positives against predicted and gold totals."""

    tp: float = 0
    pred: float = 0
    gold: float = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }


def pair(
    pred: Sequence[Annotation], gold: Sequence[Annotation], role: str = "Message"
) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index) maximising the summed token overlap of ``role``.

    Pairs without any overlap are dropped: such a prediction and gold item stay unpaired.
    """
    if not pred or not gold:
        return []
    overlap = np.array(
        [[len(p.get(role) & g.get(role)) for g in gold] for p in pred], dtype=float
    )
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if overlap[r, c] > 0]


@dataclass
class PairedScore:
    """Scores of the SpkAtt simplified subtask (and Cue, Form) summed over documents."""

    roles: dict[str, Counts] = field(default_factory=dict)
    form_correct: int = 0
    form_total: int = 0
    # per gold form: annotations, those paired with a prediction, those paired with the same form
    forms: dict[str, dict[str, int]] = field(default_factory=dict)

    def add_document(
        self,
        pred: Sequence[Annotation],
        gold: Sequence[Annotation],
        roles: Iterable[str] = ("Message", "Source", "Cue"),
    ) -> None:
        pairs = pair(pred, gold)
        for role in roles:
            counts = self.roles.setdefault(role, Counts())
            counts.pred += sum(len(p.get(role)) for p in pred)
            counts.gold += sum(len(g.get(role)) for g in gold)
            counts.tp += sum(len(pred[i].get(role) & gold[j].get(role)) for i, j in pairs)
        for g in gold:
            self.forms.setdefault(g.form, {"gold": 0, "paired": 0, "correct": 0})["gold"] += 1
        for i, j in pairs:
            self.form_total += 1
            self.form_correct += int(pred[i].form == gold[j].form)
            self.forms[gold[j].form]["paired"] += 1
            self.forms[gold[j].form]["correct"] += int(pred[i].form == gold[j].form)

    def joint(self, roles: Sequence[str] = ("Message", "Source")) -> Counts:
        total = Counts()
        for role in roles:
            total.add(self.roles.get(role, Counts()))
        return total

    @property
    def form_accuracy(self) -> float:
        return self.form_correct / self.form_total if self.form_total else 0.0


def match_attributions(
    pred: Sequence[Annotation],
    gold: Sequence[Annotation],
    content: str = "Content",
    source: str = "Source",
) -> int:
    """Number of one-to-one matches under PolNeAR's attribution-level rule.

    A prediction matches a gold attribution when its content covers at least half of the gold
    content's tokens and its source shares a token with the gold source (a gold attribution
    without a source needs a prediction without one).
    """
    if not pred or not gold:
        return 0
    ok = np.zeros((len(pred), len(gold)))
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            gc = g.get(content)
            if not gc or 2 * len(p.get(content) & gc) < len(gc):
                continue
            gs, ps = g.get(source), p.get(source)
            if (gs and ps & gs) or (not gs and not ps):
                ok[i, j] = 1
    rows, cols = linear_sum_assignment(ok, maximize=True)
    return int(sum(ok[r, c] for r, c in zip(rows, cols, strict=True)))
