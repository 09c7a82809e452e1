"""Speaker phrases that name nobody: "Berichten zufolge", "sources said", "aus Regierungskreisen".

Claim linking (who claims a figure) and every view of a speaker ask the same question, so the
word lists (``lang/<code>/unnamed_sources.json``) are read here, once per language.
"""

from __future__ import annotations

from functools import cache

from quotetrail import lang as resources


def unnamed_label(words: str, language: str | None) -> str | None:
    """"unnamed reports" / "unnamed sources" when ``words`` name nobody in ``language`` (any
    supported language when unknown), else None."""
    tokens = words.split()
    if not tokens:
        return None
    last = tokens[-1].strip(".,;:").casefold()
    for code in [language] if language in resources.SUPPORTED else resources.SUPPORTED:
        modifiers, labels = _unnamed_words(code)
        if not all(w[:1].islower() or w.casefold() in modifiers for w in tokens[:-1]):
            continue  # "Berichten des Spiegels", "Reuters sources": someone is named
        for label, words, heads in labels:
            if last in words or last.endswith(heads):
                return f"unnamed {label}"
    return None


@cache
def _unnamed_words(code: str) -> tuple[frozenset[str], list[tuple[str, frozenset[str], tuple[str, ...]]]]:
    """``lang/<code>/unnamed_sources.json`` as sets, built once: it is asked for every
    statement a page or table shows."""
    data = resources.load(code, "unnamed_sources")
    labels = [(label, frozenset(forms["words"]), tuple(forms.get("compound_heads", [])))
              for label, forms in data.get("labels", {}).items()]
    return frozenset(m.casefold() for m in data.get("modifiers", [])), labels
