"""Language resources as data files: ``lang/<code>/<name>.json`` (or ``.txt``, one entry a line).

Code never hard-codes words of a language; it asks for a resource by name. A language without a
file gets an empty resource, so unsupported languages degrade instead of failing.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SUPPORTED = ("de", "en")


@cache
def load(lang: str, name: str) -> Any:
    """Load ``lang/<lang>/<name>.json`` or ``.txt``; missing files give an empty dict or list."""
    base = resources.files("quotetrail.lang") / lang
    js = base / f"{name}.json"
    if js.is_file():
        return json.loads(js.read_text(encoding="utf-8"))
    txt = base / f"{name}.txt"
    if txt.is_file():
        return [
            line.strip()
            for line in txt.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
    return {}


def wordset(lang: str, name: str) -> frozenset[str]:
    """A ``.txt`` resource as a set of case-folded entries."""
    return _wordset(lang, name)


@cache
def _wordset(lang: str, name: str) -> frozenset[str]:
    data = load(lang, name)
    if isinstance(data, dict):
        data = list(data)
    return frozenset(w.casefold() for w in data)
