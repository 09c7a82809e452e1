"""Long texts made of sentences written for the tests (data/long_text.json), for the linearity
tests and `benchmarks/longdoc.py`: paragraphs of three to six sentences picked at random."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).parent / "data" / "long_text.json"


def long_text(length: int, lang: str, *, seed: int = 1, measure: str = "words") -> str:
    """A text at least ``length`` long, measured in ``"words"`` or UTF-8 ``"bytes"``."""
    size: Callable[[str], int] = {
        "words": lambda s: len(s.split()),
        "bytes": lambda s: len(s.encode("utf-8")) + 1,  # + the space or break after it
    }[measure]
    data = json.loads(DATA.read_text(encoding="utf-8"))
    rnd = random.Random(seed)
    paras: list[str] = []
    para: list[str] = []
    n = 0
    while n < length:
        s = rnd.choice(data[lang]).format(name=rnd.choice(data["names"]), n=rnd.randint(2, 999))
        para.append(s)
        n += size(s)
        if len(para) >= rnd.randint(3, 6):
            paras.append(" ".join(para))
            para = []
    paras.append(" ".join(para))
    return "\n\n".join(p for p in paras if p)
