"""quotetrail: who said what, when, according to whom — every item anchored in its article.

The public API is small and imported lazily, so ``import quotetrail`` stays cheap (the analysis
pipeline pulls in lingua, simplemma and friends only when it is first used)::

    from quotetrail import IngestOptions, ingest_into, open_store
    with open_store("quotetrail.db") as store:
        report = ingest_into(["examples/"], store, IngestOptions())

The orchestrator is ``quotetrail.api.ingest``; here it is named ``ingest_into`` because
``quotetrail.ingest`` is the ingest subpackage and must stay importable as such.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "Article",
    "Attribution",
    "DateMention",
    "Document",
    "Figure",
    "IngestOptions",
    "IngestReport",
    "Mention",
    "Pipeline",
    "QuotetrailError",
    "Span",
    "Store",
    "analyse",
    "ingest_into",
    "open_store",
]

# name -> module that defines it; resolved on first attribute access (PEP 562)
_LAZY = {
    "Article": "quotetrail.model",
    "Attribution": "quotetrail.model",
    "DateMention": "quotetrail.model",
    "Document": "quotetrail.model",
    "Figure": "quotetrail.model",
    "Mention": "quotetrail.model",
    "Span": "quotetrail.model",
    "IngestOptions": "quotetrail.ingest",
    "IngestReport": "quotetrail.api",
    "analyse": "quotetrail.api",
    "Pipeline": "quotetrail.analysis.pipeline",
    "QuotetrailError": "quotetrail.errors",
    "Store": "quotetrail.store.base",
    "open_store": "quotetrail.store",
}

if TYPE_CHECKING:
    from quotetrail.analysis.pipeline import Pipeline
    from quotetrail.api import IngestReport, analyse
    from quotetrail.api import ingest as ingest_into
    from quotetrail.errors import QuotetrailError
    from quotetrail.ingest import IngestOptions
    from quotetrail.model import Article, Attribution, DateMention, Document, Figure, Mention, Span
    from quotetrail.store import open_store
    from quotetrail.store.base import Store


def __getattr__(name: str) -> Any:
    if name == "ingest_into":
        value: Any = import_module("quotetrail.api").ingest
    else:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'quotetrail' has no attribute {name!r}")
        value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
