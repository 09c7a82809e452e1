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
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotetrail-writer")
        self._opened: list[Any] = []
        self._lock = threading.Lock()

    def read(self) -> Any:
        """This thread's store (opened on first use)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._open()
            with self._lock:
                self._opened.append(store)
        return store

    def write(self, job: Callable[[Any], T]) -> T:
        """Run ``job(store)`` on the writer thread and wait for it."""
        return self._writer.submit(lambda: job(self.read())).result()

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        with self._lock:
            for store in self._opened:
                try:
                    store.close()
                except Exception:  # a connection of a finished thread may refuse; it goes anyway
                    pass
            self._opened.clear()
