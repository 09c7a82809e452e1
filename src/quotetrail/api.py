"""The library's front door: ingest inputs into a store, analyse one article.

``ingest`` is the orchestrator: expand inputs → load articles → skip exact duplicates (hash,
before any analysis) → record near-duplicates as copies → analyse → store in one transaction.
Any failure of one item becomes one line in the report; the batch goes on.

With ``workers`` > 1 the analysis (and the loading of files, pages, URLs and feeds) runs in worker
processes while this process, the only writer, stores and links in input order, so the store
ends up exactly as with one worker (ids included).
"""

from __future__ import annotations

import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path

from quotetrail.analysis import Pipeline, default_pipeline
from quotetrail.errors import IngestError
from quotetrail.ingest import IngestOptions, Item, expand, load
from quotetrail.ingest.dedup import signature
from quotetrail.link import entities
from quotetrail.model import Article, Document, Sentence, Token
from quotetrail.store.base import AddResult, Store

# Item kinds loaded in a worker, with each article's near-duplicate signature: HTML extraction
# is slow, URLs and feeds wait on the network, and reading, cleaning and signing a text file
# (~1.3 ms) is time the writer, which bounds the speed-up, does not spend. JSON Lines (one file
# of many articles, read lazily so memory stays flat) and stdin (ours) are read here.
_LOAD_IN_WORKER = frozenset({"text", "html", "url", "feed"})
# Fewer one-article files than this are analysed in this process: a worker spends seconds
# loading its language models, more than a handful of articles take to analyse.
POOL_MIN_ITEMS = 16
# Articles per message to a worker, and how many such chunks each worker may have queued: enough
# to keep it busy while the writer stores, few enough that memory stays flat on any input.
CHUNK = 4
CHUNKS_PER_WORKER = 4
# Preloaded by the fork server the workers start from: the default analysis models, loaded once.
_WORKER_MODELS = "quotetrail._worker_models"


def default_workers() -> int:
    """One worker per core this process may use, at most 4: the single writer stores an article
    in about half the time a worker takes to analyse it (docs/PERFORMANCE.md), so it keeps up
    with two or three workers, and more would only hold memory (~400 MB each)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, 4))


@dataclass
class IngestReport:
    added: list[int] = field(default_factory=list)
    duplicates: int = 0
    copies: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "ITEM: what was repaired" (ingest went on)
    articles: int = 0  # articles loaded so far (added, skipped or failed), for progress
    words: int = 0  # words of the articles added

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def failed(self) -> int:
        return len(self.failures)

    def to_dict(self) -> dict[str, object]:
        """Stable keys for ``--json`` (new keys are only ever appended)."""
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
    on_article: Callable[[IngestReport], None] | None = None,
    workers: int = 1,
) -> IngestReport:
    """Ingest every input into ``store``; ``on_progress(item, done, total)`` after each item,
    ``on_article(report so far)`` after each article (an item may hold thousands).

    Idempotent: running the same inputs again adds nothing (exact duplicates are found by
    content hash before any analysis; near-duplicates already recorded are found by hash too).
    ``workers`` > 1 analyses in that many processes (a custom ``pipeline`` must then be
    picklable); the store's contents are the same as with one.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    options = options or IngestOptions()
    report = IngestReport()
    own = _store_files(store)
    items = [i for i in expand(inputs, options) if not (isinstance(i, Item) and _is_own(i, own))]
    with _batched(store):  # commits every few dozen articles, not after each
        if workers > 1 and _worth_a_pool(items):
            _check_picklable(pipeline)
            _Writer(items, store, options, pipeline, report, on_progress, on_article, workers).run()
            return report
        pipeline = pipeline or default_pipeline()
        for done, item in enumerate(items, start=1):
            if isinstance(item, IngestError):
                report.failures.append(str(item))
            else:
                try:
                    _store_all(load(item, options), store, pipeline, report, on_article)
                except Exception as exc:  # a loader bug on one odd input must not stop the batch either
                    report.failures.append(str(IngestError(item.locator, f"{type(exc).__name__}: {exc}")))
            if on_progress:
                on_progress(item, done, len(items))
    return report


def _batched(store: Store) -> AbstractContextManager[None]:
    """The store's batched writes (SQLiteStore.batched), where it offers them."""
    batched = getattr(store, "batched", None)
    return batched() if batched is not None else nullcontext()


def ingest_loaded(
    results: Iterable[Article | IngestError], store: Store, *, pipeline: Pipeline | None = None
) -> IngestReport:
    """Analyse and store articles already loaded (e.g. by ``ingest.load_text``), with the
    same duplicate handling and per-item failure report as :func:`ingest`."""
    report = IngestReport()
    _store_all(results, store, pipeline or default_pipeline(), report)
    return report


def _store_all(
    results: Iterable[Article | IngestError], store: Store, pipeline: Pipeline, report: IngestReport,
    on_article: Callable[[IngestReport], None] | None = None,
) -> None:
    """Analyse and store each article; a loader error or a failing article is one line of
    the report, never the end of the batch."""
    for result in results:
        report.articles += 1
        if isinstance(result, IngestError):
            report.failures.append(str(result))
        else:
            report.notes.extend(f"{result.origin}: {note}" for note in result.notes)
            try:
                _store_one(result, store, pipeline, report)
            except Exception as exc:  # one bad article never stops the batch
                report.failures.append(str(IngestError(result.origin, f"{type(exc).__name__}: {exc}")))
        if on_article:
            on_article(report)


def _store_files(store: Store) -> set[Path]:
    """The store's own files, so `quotetrail ingest .` next to quotetrail.db skips them."""
    path = getattr(store, "path", None)
    if not path or path == ":memory:":
        return set()
    base = Path(path).resolve()
    return {base, *(base.with_name(base.name + suffix) for suffix in ("-wal", "-shm", "-journal"))}


def _is_own(item: Item, own: set[Path]) -> bool:
    return bool(own) and item.kind not in ("url", "stdin") and Path(item.locator).resolve() in own


def _store_one(article: Article, store: Store, pipeline: Callable[[Article], Document], report: IngestReport,
               sig: bytes | None = None) -> None:
    """Store one article unless it is stored already (hash) or a near-duplicate of a stored
    one (then it is recorded as a copy); ``pipeline`` is only called when it is new."""
    sig = signature(article.text) if sig is None else sig
    if known(store, article, sig, report):
        return
    doc = pipeline(article)
    record(store.add(doc, signature=sig), doc, report)


def known(store: Store, article: Article, sig: bytes, report: IngestReport) -> bool:
    """Count ``article`` as a duplicate, or store it as a copy of the stored article it nearly
    duplicates; False when it is new and needs analysing. (The HTTP API runs this on its
    writer, the analysis elsewhere, then :func:`record`.)"""
    if store.find_by_hash(article.content_hash) is not None:
        report.duplicates += 1
        return True
    near = store.find_near_duplicate(sig)
    if near is not None:
        store.add_copy(article, near[0], near[1])
        report.copies += 1
        return True
    return False


def record(result: AddResult, doc: Document, report: IngestReport) -> None:
    """What ``store.add`` did with ``doc``, in the report."""
    article = doc.article
    if result.status == "added":
        report.added.append(result.article_id)
        report.words += article.words
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


def _worth_a_pool(items: list[Item | IngestError]) -> bool:
    """A pool pays off past a few articles; JSON Lines, feeds and URLs (maybe feeds) may hold many."""
    loadable = [i for i in items if isinstance(i, Item)]
    return len(loadable) >= POOL_MIN_ITEMS or any(i.kind not in ("text", "html", "stdin") for i in loadable)


def _check_picklable(pipeline: Pipeline | None) -> None:
    if pipeline is None:
        return
    try:
        pickle.dumps(pipeline)
    except Exception as exc:
        raise ValueError(f"the pipeline cannot be sent to worker processes ({type(exc).__name__}: {exc}); "
                         "use workers=1 or module-level components") from exc


# --- worker processes ------------------------------------------------------------------------
# What a worker sends back for one article: the analysed Document without its tokens and
# sentences, which travel as plain tuples (half the pickling cost of the dataclasses), and the
# dictionary answers the entity linker will ask for (see _known_words); or the failure's line.
_Packed = tuple[Document, list[tuple[int, int, str, int, str, str]], list[tuple[int, int]],
                dict[tuple[str, str], bool]]

_pipeline: Pipeline | None = None
_options: IngestOptions | None = None


def _init_worker(pipeline: Pipeline | None, options: IngestOptions) -> None:
    """Build the pipeline once per worker. Ctrl-C is the writer's to handle: it stops the pool."""
    global _pipeline, _options
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _pipeline = pipeline or default_pipeline()
    _options = options


def _analyse_chunk(articles: list[Article]) -> list[_Packed | str]:
    assert _pipeline is not None, "worker used without _init_worker"
    out: list[_Packed | str] = []
    for article in articles:
        try:
            out.append(_pack(_pipeline(article)))
        except Exception as exc:  # the same line the writer would report for a failure here
            out.append(str(IngestError(article.origin, f"{type(exc).__name__}: {exc}")))
    return out


# One item's load in a worker: its articles, each with its signature, or an IngestError as its
# line (it does not pickle); and the line of a loader crash, which costs the item's remaining
# articles as in one process.
_Loaded = tuple[list[tuple[Article, bytes] | str], str | None]


def _load_items(items: list[Item]) -> list[_Loaded]:
    return [_load_item(item) for item in items]


def _load_item(item: Item) -> _Loaded:
    out: list[tuple[Article, bytes] | str] = []
    try:
        for result in load(item, _options):
            out.append(str(result) if isinstance(result, IngestError) else (result, signature(result.text)))
    except Exception as exc:
        return out, str(IngestError(item.locator, f"{type(exc).__name__}: {exc}"))
    return out, None


def _pack(doc: Document) -> _Packed:
    known = _known_words(doc)
    tokens = [(t.start, t.end, t.text, t.sent, t.lemma, t.kind) for t in doc.tokens]
    sentences = [(s.start, s.end) for s in doc.sentences]
    doc.tokens, doc.sentences = [], []
    return doc, tokens, sentences, known


def _unpack(packed: _Packed) -> Document:
    """The worker's document; its dictionary answers go to the entity linker, which links it next."""
    doc, tokens, sentences, known = packed
    doc.tokens = [Token(*t) for t in tokens]
    doc.sentences = [Sentence(*s) for s in sentences]
    entities.use_dictionary_answers(known)
    return doc


def _known_words(doc: Document) -> dict[tuple[str, str], bool]:
    """Whether each word the linker may look up is a dictionary word: the first word of every
    speaker's name, as written and title-cased ("TRUMP"). The worker has the dictionaries
    loaded; the writer would load them (~1.7 s CPU) for these few answers alone. A word
    missing here is looked up in the writer as before, so the answers never differ."""
    lang = doc.lang
    words = {variant.split()[0] for at in doc.attributions if at.speaker_name and at.speaker_name.split()
             for variant in (at.speaker_name, at.speaker_name.title())}
    return {(word, lang): entities.dictionary_word(word, lang) for word in words}


# --- the writer --------------------------------------------------------------------------------
class _Failed(Exception):
    """A worker's failure line, raised where the article would have been analysed."""


@dataclass
class _Entry:
    """One article (or one failure line) waiting to be stored, in input order."""

    article: Article | None = None
    failure: str | None = None
    sig: bytes | None = None
    analyse: bool = False  # needs a worker's analysis (not a known duplicate or copy)
    future: Future[list[_Packed | str]] | None = None
    index: int = 0  # position in the future's chunk
    whole_item: bool = False  # the failure of a whole item, not of one of its articles


@dataclass
class _Slot:
    """One input item: its entries as they are loaded, and whether more may come."""

    item: Item | IngestError
    entries: deque[_Entry] = field(default_factory=deque)
    source: Iterator[Article | IngestError] | None = None  # loading here, lazily
    loading: Future[list[_Loaded]] | None = None  # loading in a worker, with other items
    index: int = 0  # this item's place in what ``loading`` loads
    complete: bool = False


class _Writer:
    """Feeds workers in chunks and stores their results in input order, one article per
    transaction, with a bounded number of articles between loading and storing."""

    def __init__(self, items: list[Item | IngestError], store: Store, options: IngestOptions,
                 pipeline: Pipeline | None, report: IngestReport,
                 on_progress: Callable[[Item | IngestError, int, int], None] | None,
                 on_article: Callable[[IngestReport], None] | None, workers: int) -> None:
        self.items = items
        self.store, self.options, self.pipeline = store, options, pipeline
        self.report, self.on_progress, self.on_article, self.workers = report, on_progress, on_article, workers
        self.limit = workers * CHUNK * CHUNKS_PER_WORKER
        self.slots: deque[_Slot] = deque()
        self.next_item = 0
        self.pending = 0  # articles loaded and not yet stored, plus items loading in a worker
        self.batch: list[_Entry] = []  # waiting to be sent as one chunk
        self.loads: list[_Slot] = []  # items waiting to be sent to a worker for loading, one chunk
        self.in_flight: set[str] = set()  # hashes sent for analysis and not yet stored
        self.forked = False  # workers come from a fork server (see _context)
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=self._context(),
                                   initializer=_init_worker, initargs=(self.pipeline, self.options))

    def _context(self) -> BaseContext:
        """Workers start clean, never a copy of the writer's connection or threads: from a fork
        server that loaded the default models once (each worker then shares them instead of
        loading its own, ~5 s CPU), or spawned where there is none or the pipeline is custom."""
        if self.pipeline is None and "forkserver" in get_all_start_methods():
            self.forked = True
            context = get_context("forkserver")
            context.set_forkserver_preload([_WORKER_MODELS])
            return context
        return get_context("spawn")

    def _stop_fork_server(self) -> None:
        """End the fork server once its workers have ended: it holds the models (~400 MB) for
        nothing until this process exits, and reaping it counts its workers' CPU time with
        ours (``RUSAGE_CHILDREN``, benchmarks/ingest_workers.py). A next pool starts a new one."""
        if not self.forked:
            return
        from multiprocessing import forkserver

        stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)  # no public way
        if stop is not None:
            stop()

    def run(self) -> None:
        try:
            done = 0
            while True:
                self._fill()
                if not self.slots:
                    break
                head = self.slots[0]
                self._drain(head)
                if head.complete and not head.entries:
                    self.slots.popleft()
                    done += 1
                    if self.on_progress:
                        self.on_progress(head.item, done, len(self.items))
        except BaseException:
            # Ctrl-C (or a bug here): what is stored is complete; the analyses in flight are
            # dropped at once rather than waited for, since nobody will store them
            self._stop()
            raise
        self.pool.shutdown()
        self._stop_fork_server()

    def _stop(self) -> None:
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)
        self._stop_fork_server()

    # loading and dispatch
    def _fill(self) -> None:
        """Load ahead until ``limit`` articles wait to be stored."""
        for slot in self.slots:
            if slot.loading is not None and slot.loading.done():
                self._loaded(slot)
        while self.pending < self.limit:
            last = self.slots[-1] if self.slots else None
            if last is not None and last.source is not None:
                self._pull(last)
            elif self.next_item < len(self.items):
                self._open(self.items[self.next_item])
                self.next_item += 1
            else:
                break
        if self.loads:  # all that is opened or loaded goes out before the writer waits
            self._send_loads()
        if self.batch:
            self._send()

    def _open(self, item: Item | IngestError) -> None:
        slot = _Slot(item)
        self.slots.append(slot)
        if isinstance(item, IngestError):
            self._append(slot, _Entry(failure=str(item), whole_item=True))
            slot.complete = True
        elif item.kind in _LOAD_IN_WORKER:
            self.loads.append(slot)
            self.pending += 1
            if len(self.loads) >= CHUNK:
                self._send_loads()
        else:
            slot.source = load(item, self.options)

    def _pull(self, slot: _Slot) -> None:
        """One more result from an item loading here."""
        assert slot.source is not None
        try:
            result = next(slot.source)
        except StopIteration:
            slot.source, slot.complete = None, True
            return
        except Exception as exc:  # a loader bug on one odd input must not stop the batch either
            assert isinstance(slot.item, Item)
            self._append(slot, _Entry(failure=str(IngestError(slot.item.locator, f"{type(exc).__name__}: {exc}")), whole_item=True))
            slot.source, slot.complete = None, True
            return
        self._add(slot, str(result) if isinstance(result, IngestError) else result)

    def _loaded(self, slot: _Slot) -> None:
        """Take the articles a worker loaded for ``slot``."""
        assert slot.loading is not None
        future, slot.loading = slot.loading, None
        self.pending -= 1
        try:
            results, crash = future.result()[slot.index]
        except BrokenProcessPool as exc:
            results, crash = [], self._broken(slot.item, exc)
        except Exception as exc:  # e.g. what it loaded would not pickle: this item's loss only
            results, crash = [], str(IngestError(str(getattr(slot.item, "locator", slot.item)),
                                                 f"{type(exc).__name__}: {exc}"))
        for result in results:
            if isinstance(result, str):
                self._add(slot, result)
            else:
                self._add(slot, *result)
        if crash is not None:
            self._append(slot, _Entry(failure=crash, whole_item=True))
        slot.complete = True

    def _add(self, slot: _Slot, result: Article | str, sig: bytes | None = None) -> None:
        """Queue one article for storing; send it for analysis unless it is known already.
        The check is repeated in order at store time, when its twin may have been stored."""
        if isinstance(result, str):
            self._append(slot, _Entry(failure=result))
            return
        entry = _Entry(article=result, sig=sig)
        self._append(slot, entry)
        if not self._known(entry, result):
            entry.analyse = True
            self.in_flight.add(result.content_hash)
            self.batch.append(entry)
            if len(self.batch) >= CHUNK:
                self._send()

    def _append(self, slot: _Slot, entry: _Entry) -> None:
        slot.entries.append(entry)
        self.pending += 1

    def _known(self, entry: _Entry, article: Article) -> bool:
        """Stored already, in flight, or a near-duplicate of a stored article (its signature is
        kept for the store). An error here is left to the store-time check to report."""
        try:
            # (Article caches its hash: the writer asks for it up to five times)
            if article.content_hash in self.in_flight or self.store.find_by_hash(article.content_hash) is not None:
                return True
            if entry.sig is None:  # not loaded, and signed, by a worker
                entry.sig = signature(article.text)
            return self.store.find_near_duplicate(entry.sig) is not None
        except Exception:
            return False

    def _send(self) -> None:
        batch, self.batch = self.batch, []
        future = self._submit(_analyse_chunk, [e.article for e in batch])
        for index, entry in enumerate(batch):
            entry.future, entry.index = future, index

    def _send_loads(self) -> None:
        slots, self.loads = self.loads, []
        future = self._submit(_load_items, [slot.item for slot in slots])
        for index, slot in enumerate(slots):
            slot.loading, slot.index = future, index

    def _submit(self, fn: Callable[..., object], arg: object) -> Future:  # type: ignore[type-arg]
        try:
            return self.pool.submit(fn, arg)
        except BrokenProcessPool:  # a worker died: the rest goes to a fresh pool
            self.pool.shutdown(wait=False)
            self.pool = self._new_pool()
            return self.pool.submit(fn, arg)

    def _broken(self, item: Item | IngestError | Article, exc: BaseException) -> str:
        where = item.origin if isinstance(item, Article) else getattr(item, "locator", str(item))
        return str(IngestError(where, f"analysis worker stopped unexpectedly ({type(exc).__name__}); "
                                      "run the same ingest again to retry"))

    # storing
    def _drain(self, head: _Slot) -> None:
        """Store the head item's entries in order (waiting for their analyses), and return to
        loading once half the articles in flight are stored, so the workers never run dry."""
        if head.loading is not None:
            if self.batch:
                self._send()
            _wait(head.loading)
            self._loaded(head)
        while head.entries:
            entry = head.entries.popleft()
            if entry.analyse and entry.future is None:
                self._send()  # the partial chunk it is in, now that the writer waits for it
            self.pending -= 1
            self._store(entry)
            if self.pending < self.limit // 2:
                return

    def _store(self, entry: _Entry) -> None:
        if not entry.whole_item:
            self.report.articles += 1
        self._store_entry(entry)
        if self.on_article and not entry.whole_item:
            self.on_article(self.report)

    def _store_entry(self, entry: _Entry) -> None:
        if entry.failure is not None:
            self.report.failures.append(entry.failure)
            return
        article = entry.article
        assert article is not None
        self.report.notes.extend(f"{article.origin}: {note}" for note in article.notes)
        if entry.analyse:
            self.in_flight.discard(article.content_hash)
        try:
            _store_one(article, self.store, lambda _: self._analysed(entry), self.report, entry.sig)
        except _Failed as exc:
            self.report.failures.append(str(exc))
        except Exception as exc:  # one bad article never stops the batch
            self.report.failures.append(str(IngestError(article.origin, f"{type(exc).__name__}: {exc}")))

    def _analysed(self, entry: _Entry) -> Document:
        """The worker's document for ``entry``, analysed now if it was not sent ahead: its twin
        in flight, which made it look known, failed and was not stored."""
        if entry.future is None:
            entry.future, entry.index = self._submit(_analyse_chunk, [entry.article]), 0
        try:
            result = entry.future.result()[entry.index]
        except BrokenProcessPool as exc:
            raise _Failed(self._broken(entry.article or "?", exc)) from None  # type: ignore[arg-type]
        if isinstance(result, str):
            raise _Failed(result)
        return _unpack(result)


def _wait(future: Future) -> None:  # type: ignore[type-arg]
    """Wait for ``future``; its result or error is read, and reported, where it is used."""
    try:
        future.result()
    except Exception:  # noqa: S110
        pass
