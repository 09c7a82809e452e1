"""The near-duplicate index the store keeps in memory: same answers as datasketch's LSH, and a
size that a store of 100,000 articles can afford."""

from __future__ import annotations

import random
import tracemalloc

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from quotetrail.ingest.dedup import NUM_PERM, SCHEME, THRESHOLD, NearDuplicateIndex, signature


def _texts(n: int) -> list[str]:
    """Invented word lists: 50 bases, each copied with 0 to 30 words swapped."""
    rng = random.Random(7)
    vocab = [f"wort{i}" for i in range(2000)]
    bases = [[rng.choice(vocab) for _ in range(120)] for _ in range(50)]
    out = []
    for i in range(n):
        words = list(bases[i % 50])
        for _ in range(rng.choice([0, 1, 3, 8, 30])):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        out.append(" ".join(words))
    return out


def test_signature_is_datasketchs_minhash() -> None:
    """Stored signatures must stay comparable with those of earlier versions."""
    text = "Die Fähre legte am Morgen in Kiel an, sagte der Hafenmeister."
    words = text.casefold().replace(",", "").replace(".", "").split()
    ref = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    ref.update_batch([" ".join(words[i : i + 3]).encode() for i in range(len(words) - 2)])
    assert signature(text) == ref.hashvalues.astype(np.uint64).tobytes()


def test_index_finds_what_datasketch_lsh_finds() -> None:
    sigs = [signature(t) for t in _texts(400)]
    index, lsh, kept = NearDuplicateIndex(), MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM), {}
    found = 0
    for i, sig in enumerate(sigs):
        m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(sig, dtype=np.uint64))
        hits = [(j, kept[j].jaccard(m)) for j in lsh.query(m)]
        expected = min([h for h in hits if h[1] >= THRESHOLD], default=None)
        assert index.query(sig) == expected
        found += expected is not None
        index.add(i, sig)
        index.add(i, sig)  # a second add of the same id changes nothing
        lsh.insert(i, m)
        kept[i] = m
    assert found > 100  # the test data has near-duplicates to find


def test_index_memory_per_article_is_small() -> None:
    """A store opens its index over every stored article: 100,000 of them must fit well in memory
    (one datasketch MinHash object per article plus its LSH took 2.3 kB each)."""
    sigs = [signature(t) for t in _texts(50)]
    tracemalloc.start()
    try:
        index = NearDuplicateIndex()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(20_000):
            index.add(i, sigs[i % 50][:-8] + i.to_bytes(8, "little"))  # distinct signatures
        per_article = (tracemalloc.get_traced_memory()[0] - before) / 20_000
    finally:
        tracemalloc.stop()
    assert per_article < 1200


def test_wrong_signature_length_is_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="64 values"):
        NearDuplicateIndex().add(1, b"\x00" * 16)
