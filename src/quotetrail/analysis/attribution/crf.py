"""A crfsuite model read into arrays, and its Viterbi decoding, with crfsuite's exact arithmetic.

Why: handing ~40 feature strings per token to pycrfsuite (UTF-8 encoding, a hash lookup each)
cost as much as building them. Here the features are attribute ids and a token's state score is
the sum of their weight rows, added in the order crfsuite adds them (item order, from 0.0), so
every score is the same double and the tags are the same, ties included:

- crfsuite adds, per attribute of an item in order, the weight of each of its (attribute,
  label) features to that label's score; an attribute has at most one feature per label. Here
  every attribute is a row of weights with 0.0 where it has no feature, and an attribute the
  model does not know (crfsuite skips it) is the all-zero row: adding 0.0 changes no score
  (no weight is -0.0: crfsuite saves only non-zero weights).
- Viterbi as crfsuite's ``crf1dc_viterbi``: ``prev[i] + trans[i][j]``, the first ``i`` with
  the largest sum (strict ``<``; ``argmax`` takes the first too), plus the state score; the
  last label is the first maximum.

The file format (crfsuite's crf1d model): a header of offsets; the ``FEAT`` chunk holds every
feature as (type, source, destination, weight) with type 0 a state feature (attribute ->
label) and type 1 a transition (label -> label). Label and attribute names come from
crfsuite's own dump of the model, their counts checked against the header.
"""

from __future__ import annotations

import struct
import tempfile
from pathlib import Path

import numpy as np

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = struct.Struct("<IIId")
# Viterbi steps sentences of similar length together in batches of at most this many padded
# positions (or one sentence): padding every sentence to the article's longest cost memory of
# longest x sentences, quadratic in a long text (issue 14), and sorting by length wastes little.
BATCH_POSITIONS = 50_000


class CRFModel:
    """Weights of one crfsuite model: ``ids`` maps an attribute string to its row of
    ``weights``; ``zero`` is the all-zero row every unknown attribute maps to."""

    def __init__(self, labels: list[str], ids: dict[str, int], weights: np.ndarray, trans: np.ndarray) -> None:
        self.labels = labels
        self.ids = ids
        self.weights = weights  # (attributes + 1, labels); the last row is zeros
        self.trans = trans  # (labels, labels): from i to j
        self.zero = len(ids)

    @classmethod
    def load(cls, path: Path) -> CRFModel | None:
        """The model at ``path``, or None when it cannot be read back exactly."""
        import pycrfsuite

        data = path.read_bytes()
        magic, _, kind, _, _, n_labels, n_attrs, off_feat, *_ = _HEADER.unpack_from(data, 0)
        if magic != b"lCRF" or kind != b"FOMC" or data[off_feat : off_feat + 4] != b"FEAT":
            return None
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "model.txt"
            tagger.dump(str(dump))
            text = dump.read_text(encoding="utf-8")
        tagger.close()
        labels = _section(text, "LABELS")
        attrs = _section(text, "ATTRIBUTES")
        if labels is None or attrs is None or len(labels) != n_labels or len(attrs) != n_attrs:
            return None
        ids = {name: i for i, name in enumerate(attrs)}
        if len(ids) != n_attrs:
            return None
        weights = np.zeros((n_attrs + 1, n_labels))
        trans = np.zeros((n_labels, n_labels))
        _, count = struct.unpack_from("<II", data, off_feat + 4)
        for i in range(count):
            kind_, src, dst, w = _FEATURE.unpack_from(data, off_feat + 12 + _FEATURE.size * i)
            if kind_ == 0:
                weights[src, dst] = w
            elif kind_ == 1:
                trans[src, dst] = w
            else:
                return None
        return cls(labels, ids, weights, trans)

    def states(self, idx: np.ndarray) -> np.ndarray:
        """State scores (tokens, labels) for a matrix of attribute ids, one row per token in
        item order: summed column by column, left to right, as crfsuite does."""
        # one column's rows at a time: all columns at once held 49 x tokens x labels doubles
        # (2.7 KB a token, gigabytes for a long article)
        weights = self.weights
        # columns made contiguous and gathered into one reused buffer: half the time of
        # indexing the matrix's strided columns into a new array each (same sums, same order)
        cols = np.ascontiguousarray(idx.T)
        acc = weights[cols[0]]
        row = np.empty_like(acc)
        for col in cols[1:]:
            np.take(weights, col, axis=0, out=row)
            acc += row
        return acc

    def viterbi(
        self, states: np.ndarray, bounds: list[tuple[int, int]], batch: int = BATCH_POSITIONS
    ) -> list[list[str]]:
        """Best label sequence of each sentence (rows ``a:b`` of ``states``), in the order of
        ``bounds``. Sentences are decoded in batches of similar length (each sentence's
        arithmetic is its own, so batching changes no score)."""
        out: list[list[str]] = [[] for _ in bounds]
        order = sorted(range(len(bounds)), key=lambda s: bounds[s][1] - bounds[s][0])
        group: list[int] = []
        for s in order:
            n = bounds[s][1] - bounds[s][0]
            if group and n * (len(group) + 1) > batch:  # n: the longest so far (sorted)
                self._decode(states, [bounds[g] for g in group], group, out)
                group = []
            group.append(s)
        if group:
            self._decode(states, [bounds[g] for g in group], group, out)
        return out

    def _decode(
        self, states: np.ndarray, bounds: list[tuple[int, int]], which: list[int], out: list[list[str]]
    ) -> None:
        """Viterbi for some sentences stepped together: step ``t`` handles position ``t`` of
        every one; sentence ``which[k]`` (rows ``bounds[k]``) goes to ``out[which[k]]``."""
        n_sent, n_labels = len(bounds), len(self.labels)
        lengths = [b - a for a, b in bounds]
        longest = max(lengths)
        pad = np.zeros((longest, n_sent, n_labels))
        first = np.repeat(np.cumsum([0, *lengths[:-1]]), lengths)  # each sentence's first row
        pos = np.arange(sum(lengths)) - first  # position in the sentence
        rows = np.repeat([a for a, _ in bounds], lengths) + pos
        sent = np.repeat(np.arange(n_sent), lengths)
        pad[pos, sent] = states[rows]
        alpha = pad  # alpha[t] = best score to (t, j) over i, plus the state score
        back = np.zeros((longest, n_sent, n_labels), dtype=np.intp)
        trans = self.trans[:, None, :]
        # (from i, sentence, to j): reducing over the first axis is twice as fast as the middle
        score = np.empty((n_labels, n_sent, n_labels))
        best = np.empty((n_sent, n_labels))
        prev = alpha.transpose(0, 2, 1)[:, :, :, None]  # prev[t]: alpha[t] as (i, sentence, 1)
        for t in range(1, longest):
            np.add(prev[t - 1], trans, out=score)
            score.argmax(axis=0, out=back[t])
            np.maximum.reduce(score, axis=0, out=best)
            alpha[t] += best  # state + best: the same double as best + state
        rows = np.arange(n_sent)
        last = np.array(lengths) - 1
        ends = alpha[last, rows].argmax(axis=1)
        ending: dict[int, list[int]] = {}
        for s, n in enumerate(lengths):
            ending.setdefault(n - 1, []).append(s)
        # trace back every sentence at once; a sentence joins at its own last position
        paths = np.zeros((longest, n_sent), dtype=np.intp)
        y = ends.copy()
        for t in range(longest - 1, -1, -1):
            if t in ending:
                joins = ending[t]
                y[joins] = ends[joins]
            paths[t] = y
            if t:
                y = back[t, rows, y]
        names = self.labels
        for k, col, n in zip(which, paths.T.tolist(), lengths, strict=True):
            out[k] = [names[y] for y in col[:n]]


def _section(dump: str, name: str) -> list[str] | None:
    """Names of a ``NAME = { id: name ... }`` block of crfsuite's dump, in id order."""
    head = f"\n{name} = {{\n"
    start = dump.find(head)
    end = dump.find("\n}\n", start + 1)
    if start < 0 or end < 0:
        return None
    out = []
    for i, line in enumerate(dump[start + len(head) : end].split("\n")):
        num, sep, rest = line.lstrip().partition(": ")
        if not sep or num != str(i):  # a name crfsuite printed across lines
            return None
        out.append(rest)
    return out
