"""Loads the default analysis models at import, for the fork server ingest workers start from.

``api.ingest(..., workers=N)`` names this module as the fork server's preload: the server
imports it once, and every worker it forks starts with the models in memory (shared
copy-on-write) instead of loading its own, about 5 s CPU each (docs/PERFORMANCE.md). Nothing
else imports it.
"""

from __future__ import annotations

# One sentence per first-class language: the language detector, lemma tables and taggers load
# on their first use, so analysing these loads them (written for this purpose).
_SAMPLES = (
    "Die Bürgermeisterin sagte am Montag in Kiel, die neue Brücke werde im Mai 2027 eröffnet.",
    "The mayor said on Monday in Leeds that the new bridge would open in May 2027.",
)


def _load() -> None:
    from quotetrail.analysis import default_pipeline
    from quotetrail.model import Article

    pipeline = default_pipeline()
    for i, text in enumerate(_SAMPLES):
        pipeline(Article(text=text, origin=f"warm-up {i}"))


try:
    _load()
except Exception:  # noqa: S110 — a worker then loads its models on first use, as before
    pass
