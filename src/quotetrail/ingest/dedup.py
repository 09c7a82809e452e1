"""Near-duplicate detection with MinHash over word shingles (datasketch)."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SCHEME = "affine32"  # fixed so stored signatures stay comparable across datasketch versions
THRESHOLD = 0.85  # estimated Jaccard of 3-word shingles; syndicated copies score far above
_WORD = re.compile(r"\w+")


@cache
def _permutations() -> np.ndarray:
    # MinHash draws its permutations from a seeded RNG on every construction (~2.5 ms): draw
    # them once; the seed fixes them, so signatures are the same values as before
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


@cache
def _bands() -> tuple[tuple[int, int], ...]:
    # the band layout datasketch picks for this threshold (4 bands of 15 values): the same
    # candidates as its MinHashLSH, which the index used to be
    return tuple(MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges)


def _minhash(text: str) -> MinHash:
    words = _WORD.findall(text.casefold())
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, permutations=_permutations())
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def signature(text: str) -> bytes:
    return _minhash(text).hashvalues.astype(np.uint64).tobytes()


class NearDuplicateIndex:
    """Finds an earlier article whose text is nearly the same.

    Signatures live in one growing uint64 array and each band of a signature is a dict key
    (its hash) pointing at the rows that share it: about 0.9 kB an article, where a datasketch
    MinHash object per article plus its LSH took 2.3 kB and 2.8 ms to insert."""

    def __init__(self) -> None:
        self._sigs = np.zeros((1024, NUM_PERM), dtype=np.uint64)
        self._ids: list[int] = []
        self._known: set[int] = set()
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in _bands()]

    def _parse(self, sig: bytes) -> np.ndarray:
        values = np.frombuffer(sig, dtype=np.uint64)
        if len(values) != NUM_PERM:
            raise ValueError(f"a near-duplicate signature has {NUM_PERM} values, this one {len(values)}")
        return values

    def _keys(self, values: np.ndarray) -> list[int]:
        # a 64-bit hash of each band's bytes: a collision could only add a candidate, and
        # every candidate is checked against the threshold on its full signature
        return [hash(values[start:end].tobytes()) for start, end in _bands()]

    def add(self, article_id: int, sig: bytes) -> None:
        if article_id in self._known:
            return
        values = self._parse(sig)
        row = len(self._ids)
        if row == len(self._sigs):  # doubling keeps appends amortised O(1)
            self._sigs = np.concatenate([self._sigs, np.zeros_like(self._sigs)])
        self._sigs[row] = values
        self._ids.append(article_id)
        self._known.add(article_id)
        for bucket, key in zip(self._buckets, self._keys(values), strict=True):
            held = bucket.get(key)
            if held is None:
                bucket[key] = row  # most bands are unique: a bare int, not a list
            elif isinstance(held, int):
                bucket[key] = [held, row]
            else:
                held.append(row)

    def query(self, sig: bytes) -> tuple[int, float] | None:
        """The earliest near-duplicate's id and estimated similarity, or None."""
        values = self._parse(sig)
        rows: set[int] = set()
        for bucket, key in zip(self._buckets, self._keys(values), strict=True):
            held = bucket.get(key)
            if held is not None:
                rows.update((held,) if isinstance(held, int) else held)
        if not rows:
            return None
        found = sorted(rows)
        same = np.count_nonzero(self._sigs[found] == values, axis=1) / NUM_PERM
        hits = [(self._ids[r], float(s)) for r, s in zip(found, same, strict=True) if s >= THRESHOLD]
        return min(hits) if hits else None
