"""An index of character or token spans for "which spans overlap this one" (issue 14).

The analysis steps relate what they found to what lies near it: a content to the cue in its
sentence, a figure to the attribution whose content holds it. Asking every span of the article
each time costs time quadratic in the article's length (a 2 MB text did not finish); this
index answers in time logarithmic in the number of spans plus the number of answers.

A static interval tree over the spans sorted by start, each node holding the largest end below
it: a query walks only into subtrees that can hold a span ending after the query's start.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Items with a ``(start, end)`` span (end exclusive), for overlap and containment queries.

    Empty spans (and items whose span is None) are left out: they overlap nothing.

    ``ops`` counts the tree nodes visited, so tests can check that a query costs a bounded
    amount of work however many spans the article holds.
    """

    def __init__(self, items: Iterable[T], span: Callable[[T], tuple[int, int] | None]) -> None:
        rows = sorted(
            ((s[0], s[1], n, item) for n, item in enumerate(items) if (s := span(item)) and s[0] < s[1]),
            key=lambda r: (r[0], r[2]),
        )
        self.items: list[T] = [r[3] for r in rows]
        self.starts: list[int] = [r[0] for r in rows]
        self.ends: list[int] = [r[1] for r in rows]
        self.order: list[int] = [r[2] for r in rows]  # position in the input, to answer in it
        size = 1
        while size < len(rows):
            size *= 2
        self.size = size
        # maxend[node]: the largest end in the node's leaves (heap layout, leaves at size..)
        tree = [-1] * (2 * size)
        tree[size : size + len(rows)] = self.ends
        for node in range(size - 1, 0, -1):
            tree[node] = max(tree[2 * node], tree[2 * node + 1])
        self.maxend = tree
        self.ops = 0

    def __len__(self) -> int:
        return len(self.items)

    def _positions(self, start: int, end: int) -> list[int]:
        """Positions of the spans with span.start < end and span.end > start."""
        hi = bisect_left(self.starts, end)
        if hi == 0 or end <= start:
            return []
        out: list[int] = []
        stack = [(1, 0, self.size)]  # node, leaves [lo, lo + width)
        maxend, size = self.maxend, self.size
        while stack:
            node, lo, width = stack.pop()
            self.ops += 1
            if lo >= hi or maxend[node] <= start:
                continue
            if node >= size:
                out.append(node - size)
                continue
            half = width // 2
            stack.append((2 * node + 1, lo + half, half))
            stack.append((2 * node, lo, half))
        return out

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items whose span shares a character with ``[start, end)``, in the order they were
        given; none for an empty query."""
        pos = sorted(self._positions(start, end), key=self.order.__getitem__)
        return [self.items[p] for p in pos]

    def containing(self, start: int, end: int) -> list[T]:
        """Items whose span holds all of the non-empty ``[start, end)``, in the order they were
        given."""
        pos = [
            p for p in self._positions(start, end)
            if self.starts[p] <= start and end <= self.ends[p]
        ]
        pos.sort(key=self.order.__getitem__)
        return [self.items[p] for p in pos]
