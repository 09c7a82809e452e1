"""Loads the default analysis models at import, for the fork server ingest workers start from.

``api.ingest(..., workers=N)`` names this module as the fork server's preload: the server
imports it once, and every worker it forks starts with the models in memory (shared
copy-on-write) instead of loading its own, about 5 s CPU each (docs/PERFORMANCE.md). Nothing
else imports it.
"""

from __future__ import annotations

# One sentence per first-class language (written for this purpose): the lemma tables and taggers
# load on their first use, so analysing these loads them. Their language is given, so the
# language detector loads no models here: on a sentence like these it loads ~200 MB (1.7 s)
# that the corpus articles never needed (measured); it loads what real texts need, per worker.
_SAMPLES = (
    ("de", "Die Bürgermeisterin sagte am Montag in Kiel, die neue Brücke werde im Mai 2027 eröffnet."),
    ("en", "The mayor said on Monday in Leeds that the new bridge would open in May 2027."),
)


def _load() -> None:
    from quotetrail.analysis import default_pipeline
    from quotetrail.model import Article

    pipeline = default_pipeline()
    for lang, text in _SAMPLES:
        pipeline(Article(text=text, origin=f"warm-up {lang}", lang=lang))


try:
    _load()
except Exception:  # noqa: S110 — a worker then loads its models on first use, as before
    pass
