"""No corpus text in the project: fixtures, comments and docs are sentences we write ourselves,
so no run of 8 words of the project's text files may occur verbatim in ../shared (skipped when absent)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# CI clones the repo with ../shared beside it; QUOTETRAIL_SHARED points elsewhere.
SHARED = Path(os.environ.get("QUOTETRAIL_SHARED") or ROOT / ".." / "shared")
N = 8  # long enough that stock newsroom phrasing of a few words does not match
WORD = re.compile(r"\w+")
# The corpora's own descriptions are not corpus text.
NOT_CORPUS = {"README.md", "STYLE.md"}


def project_files() -> Iterator[Path]:
    for pattern in ("*.py", "*.json", "*.txt", "*.sql"):
        yield from (ROOT / "src").rglob(pattern)
    yield from (p for p in (ROOT / "tests").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    yield from (ROOT / "docs").glob("*.md")
    yield ROOT / "README.md"
    yield from (p for p in (ROOT / "examples").rglob("*") if p.is_file())


def windows(text: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Every run of N consecutive words (case folded) with the offset where it starts."""
    found = list(WORD.finditer(text.lower()))
    words = [m.group() for m in found]
    for i in range(len(words) - N + 1):
        win = tuple(words[i : i + N])
        # Runs of mostly bare numbers (scores, offsets) are data, not prose anyone wrote.
        if sum(not w.isdigit() for w in win) >= N // 2:
            yield found[i].start(), win


def test_no_corpus_text_in_project() -> None:
    corpus = [p for d in ("data", "samples") for p in (SHARED / d).rglob("*") if p.is_file() and p.name not in NOT_CORPUS]
    if not corpus:
        pytest.skip("../shared (the corpora) is absent")
    # The project's windows by hash: the corpus (~19 MB) is then streamed once against the set.
    where: dict[int, list[tuple[Path, int, tuple[str, ...]]]] = {}
    for path in project_files():
        text = path.read_text(encoding="utf-8", errors="ignore")
        for start, win in windows(text):
            where.setdefault(hash(win), []).append((path, start, win))
    assert len(where) > 10_000, "the project's text files were not found"
    hits: dict[tuple[str, int], str] = {}
    vocab = {w for wins in where.values() for _, _, win in wins for w in win}
    for path in corpus:
        words = WORD.findall(path.read_text(encoding="utf-8", errors="ignore").lower())
        run = 0  # corpus words in a row that the project also uses: only such runs can match
        for i, w in enumerate(words):
            run = run + 1 if w in vocab else 0
            if run < N:
                continue
            win = tuple(words[i - N + 1 : i + 1])
            for file, start, own in where.get(hash(win), ()):
                if own == win:
                    line = file.read_text(encoding="utf-8", errors="ignore").count("\n", 0, start) + 1
                    hits.setdefault((str(file.relative_to(ROOT)), line), " ".join(win))
    assert not hits, "corpus text copied into the project (write your own example):\n" + "\n".join(
        f"{f}:{n}: {w}" for (f, n), w in sorted(hits.items())
    )
