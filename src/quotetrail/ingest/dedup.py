"""Near-duplicate detection with MinHash over word shingles (datasketch)."""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SCHEME = "affine32"  # fixed so stored signatures stay comparable across datasketch versions
THRESHOLD = 0.85  # estimated Jaccard of 3-word shingles; syndicated copies score far above
_WORD = re.compile(r"\w+")


# the permutations depend only on the seed; datasketch would draw them again for every MinHash
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


def _minhash(text: str) -> MinHash:
    words = _WORD.findall(text.casefold())
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, permutations=_PERMUTATIONS)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def signature(text: str) -> bytes:
    return _minhash(text).hashvalues.astype(np.uint64).tobytes()


def _from_bytes(sig: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(sig, dtype=np.uint64), scheme=SCHEME,
                   permutations=_PERMUTATIONS)


class NearDuplicateIndex:
    """Finds an earlier article whose text is nearly the same."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[int, MinHash] = {}

    def add(self, article_id: int, sig: bytes) -> None:
        m = _from_bytes(sig)
        if article_id not in self._sigs:
            self._lsh.insert(article_id, m)
            self._sigs[article_id] = m

    def query(self, sig: bytes) -> tuple[int, float] | None:
        """The earliest near-duplicate's id and estimated similarity, or None."""
        m = _from_bytes(sig)
        hits = [(i, self._sigs[i].jaccard(m)) for i in self._lsh.query(m)]
        hits = [h for h in hits if h[1] >= THRESHOLD]
        return min(hits) if hits else None
