"""The library's front door: ingest inputs into a store, analyse one article.

``ingest`` is the orchestrator: expand inputs → load articles → skip exact duplicates (hash,
before any analysis) → record near-duplicates as copies → analyse → store in one transaction.
Any failure of one item becomes one line in the report; the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quotetrail.analysis import Pipeline, default_pipeline
from quotetrail.errors import IngestError
from quotetrail.ingest import IngestOptions, Item, expand, load
from quotetrail.ingest.dedup import signature
from quotetrail.model import Article, Document
from quotetrail.store.base import Store


@dataclass
class IngestReport:
    added: list[int] = field(default_factory=list)
    duplicates: int = 0
    copies: int = 0
    failures: list[str] = field(default_factory=list)
    # stored, but with something the user should know: "ITEM: what" (a text analysed in part)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def failed(self) -> int:
        return len(self.failures)

    def to_dict(self) -> dict[str, object]:
        """Stable keys for ``--json``."""
        return {"added": self.added, "duplicates": self.duplicates, "copies": self.copies,
                "failed": self.failed, "failures": self.failures, "notes": self.notes}

    def summary(self) -> str:
        return (f"{len(self.added)} added, {self.duplicates} already stored, "
                f"{self.copies} near-duplicate copies, {len(self.failures)} failed")


def analyse(article: Article, pipeline: Pipeline | None = None) -> Document:
    """Run the analysis pipeline (the default one unless given) over one article."""
    return (pipeline or default_pipeline())(article)


def ingest(
    inputs: Sequence[str],
    store: Store,
    options: IngestOptions | None = None,
    *,
    pipeline: Pipeline | None = None,
    on_progress: Callable[[Item | IngestError, int, int], None] | None = None,
) -> IngestReport:
    """Ingest every input into ``store``; ``on_progress(item, done, total)`` after each item.

    Idempotent: running the same inputs again adds nothing (exact duplicates are found by
    content hash before any analysis; near-duplicates already recorded are found by hash too).
    """
    options = options or IngestOptions()
    pipeline = pipeline or default_pipeline()
    report = IngestReport()
    own = _store_files(store)
    items = [i for i in expand(inputs, options) if not (isinstance(i, Item) and _is_own(i, own))]
    for done, item in enumerate(items, start=1):
        if isinstance(item, IngestError):
            report.failures.append(str(item))
        else:
            try:
                _store_all(load(item, options), store, pipeline, report)
            except Exception as exc:  # a loader bug on one odd input must not stop the batch either
                report.failures.append(f"{item.locator}: {type(exc).__name__}: {exc}")
        if on_progress:
            on_progress(item, done, len(items))
    return report


def ingest_loaded(
    results: Iterable[Article | IngestError], store: Store, *, pipeline: Pipeline | None = None
) -> IngestReport:
    """Analyse and store articles already loaded (e.g. by ``ingest.load_text``), with the
    same duplicate handling and per-item failure report as :func:`ingest`."""
    report = IngestReport()
    _store_all(results, store, pipeline or default_pipeline(), report)
    return report


def _store_all(
    results: Iterable[Article | IngestError], store: Store, pipeline: Pipeline, report: IngestReport
) -> None:
    """Analyse and store each article; a loader error or a failing article is one line of
    the report, never the end of the batch."""
    for result in results:
        if isinstance(result, IngestError):
            report.failures.append(str(result))
            continue
        try:
            _store_one(result, store, pipeline, report)
        except Exception as exc:  # one bad article never stops the batch
            report.failures.append(f"{result.origin}: {type(exc).__name__}: {exc}")


def _store_files(store: Store) -> set[Path]:
    """The store's own files, so `quotetrail ingest .` next to quotetrail.db skips them."""
    path = getattr(store, "path", None)
    if not path or path == ":memory:":
        return set()
    base = Path(path).resolve()
    return {base, *(base.with_name(base.name + suffix) for suffix in ("-wal", "-shm", "-journal"))}


def _is_own(item: Item, own: set[Path]) -> bool:
    return bool(own) and item.kind not in ("url", "stdin") and Path(item.locator).resolve() in own


def _store_one(article: Article, store: Store, pipeline: Pipeline, report: IngestReport) -> None:
    if store.find_by_hash(article.content_hash) is not None:
        report.duplicates += 1
        return
    sig = signature(article.text)
    near = store.find_near_duplicate(sig)
    if near is not None:
        store.add_copy(article, near[0], near[1])
        report.copies += 1
        return
    doc = pipeline(article)
    result = store.add(doc, signature=sig)
    if result.status == "added":
        report.added.append(result.article_id)
        if doc.analysed_chars is not None:  # the analysis bound (analysis/pipeline.py)
            report.notes.append(
                f"{article.origin}: analysed the first {doc.analysed_chars:,} of {len(article.text):,} "
                "characters only (too long); the whole text is stored, its quotes, figures and "
                "names come from the analysed part"
            )
    elif result.status == "copy":  # another writer stored its twin meanwhile
        report.copies += 1
    else:
        report.duplicates += 1
