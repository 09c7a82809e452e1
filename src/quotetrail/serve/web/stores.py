"""Store access for the web app: one read connection per worker thread (an SQLite
connection belongs to the thread that opened it) and one writer thread, so ingests run one
at a time against a single near-duplicate index and one loaded analysis pipeline."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class Stores:
    def __init__(self, open_store: Callable[[], Any]) -> None:
        self._open = open_store
        self._local = threading.local()
        self._writer: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def read(self) -> Any:
        """This thread's store (opened on first use; it lives as long as the thread)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._open()
        return store

    def write(self, job: Callable[[Any], T]) -> T:
        """Run ``job(store)`` on the writer thread and wait for it."""
        with self._lock:
            if self._writer is None:  # first write, or the app was started again
                self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotetrail-writer")
            writer = self._writer
        return writer.submit(lambda: job(self.read())).result()

    def close(self) -> None:
        """Stop the writer thread (after its current job)."""
        with self._lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            writer.shutdown(wait=True)
