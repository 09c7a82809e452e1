"""Store access for the web app: one read connection per worker thread (an SQLite
connection belongs to the thread that opened it), one writer thread, so writes run one at a
time against a single near-duplicate index, and a few ingest workers that fetch and analyse
outside the writer: a slow URL must not hold up other ingests, nor reads."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

# Ingests fetching or analysing at once. More wait in the queue without holding a thread, so
# the request threads stay free for reads however many slow URLs are pending.
INGEST_WORKERS = 4


class Stores:
    def __init__(self, open_store: Callable[[], Any]) -> None:
        self._open = open_store
        self._local = threading.local()
        self._writer: ThreadPoolExecutor | None = None
        self._workers: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def read(self) -> Any:
        """This thread's store (opened on first use; it lives as long as the thread)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._open()
        return store

    def write(self, job: Callable[[Any], T]) -> T:
        """Run ``job(store)`` on the writer thread and wait for it. Keep jobs to store work:
        every other write queues behind them."""
        with self._lock:
            if self._writer is None:  # first write, or the app was started again
                self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotetrail-writer")
            writer = self._writer
        return writer.submit(lambda: job(self.read())).result()

    async def work(self, job: Callable[[], T]) -> T:
        """Run ``job()`` on an ingest worker; the request waits without holding a thread."""
        with self._lock:
            if self._workers is None:
                self._workers = ThreadPoolExecutor(max_workers=INGEST_WORKERS, thread_name_prefix="quotetrail-ingest")
            workers = self._workers
        return await asyncio.wrap_future(workers.submit(job))

    def close(self) -> None:
        """Stop the worker threads (after their current jobs; queued ingests are dropped)."""
        with self._lock:
            writer, self._writer = self._writer, None
            workers, self._workers = self._workers, None
        if workers is not None:
            workers.shutdown(wait=True, cancel_futures=True)
        if writer is not None:
            writer.shutdown(wait=True)
