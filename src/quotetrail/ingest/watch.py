"""Following feeds and pages as they publish (`quotetrail watch`).

A :class:`Scheduler` polls each :class:`Source` on its own interval with conditional requests
(ETag / Last-Modified), fetches only the feed entries it has not handled before, and stores
their articles through the same path as `quotetrail ingest` (duplicates, analysis, store).

Politeness: one request at a time (the scheduler is single-threaded: analysis is CPU-bound and
the store has one writer anyway), so one at a time per host too, and at least ``gap`` seconds
between the end of one request to a host and the start of the next. The work is a queue of
small tasks — poll a source, load one entry — and the next task is the one that may run
soonest, so the gap of one host never holds up the others.

Errors: a poll that fails is retried after its interval, then twice that, and so on, capped
at ``max_backoff`` (never sooner than the interval, never in a tight loop); a source that has
failed :data:`~quotetrail.store.watch.FAILING_AFTER` times in a row is listed as failing. An
entry that fails is retried at the next polls, up to :data:`ENTRY_TRIES` times.

The state lives in the store (``store/watch.py``), so a restart resumes: a source is polled
when it is due, not at start, and entries handled before are never fetched again.
"""

from __future__ import annotations

import fcntl
import os
import time
import tomllib
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from quotetrail.errors import IngestError, QuotetrailError
from quotetrail.ingest import IngestOptions, _apply_options, _from_page, _is_feed
from quotetrail.ingest.feeds import entry_key, feed_entries, load_entry
from quotetrail.ingest.url import Fetched, fetch
from quotetrail.model import Article
from quotetrail.store.watch import FAILING_AFTER

__all__ = ["Scheduler", "Source", "WatchOptions", "load_sources", "only_watcher", "parse_duration"]

DEFAULT_INTERVAL = 900.0  # 15 minutes: news sites update feeds every few minutes at most
MIN_INTERVAL = 1.0
ENTRY_TRIES = 3  # an entry whose page and text both fail is given up after this many polls
KEEP_ENTRIES = 30 * 86400.0  # an entry the feed has not listed for this long is forgotten
_SLICE = 0.5  # real sleeps are cut into slices so a stop request is seen within this time
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_KEYS = {"url", "interval", "lang", "source"}


class SourcesError(QuotetrailError):
    """The sources file (or a source argument) is unusable; the message names where."""


@dataclass(frozen=True)
class Source:
    url: str
    interval: float = DEFAULT_INTERVAL  # seconds between polls
    lang: str | None = None  # as --lang: skip detection
    source: str | None = None  # as --source: the site name


@dataclass
class WatchOptions:
    gap: float = 2.0  # seconds between two requests to one host
    max_backoff: float = 3600.0  # longest wait after failed polls (or the interval, if longer)
    allow_private: bool = False
    proxy: str | None = None  # as IngestOptions.proxy
    timeout: float = 15.0


def parse_duration(value: object, where: str) -> float:
    """Seconds from 900, 90s, 15m, 1h or 1d; a SourcesError naming ``where`` otherwise."""
    text = str(value).strip().lower()
    unit = _UNITS.get(text[-1:], None) if text else None
    number = text[:-1] if unit else text
    try:
        seconds = float(number) * (unit or 1)
    except ValueError:
        seconds = -1.0
    if isinstance(value, bool) or not seconds >= MIN_INTERVAL:  # "not >=" also refuses NaN
        raise SourcesError(f"{where}: interval {value!r} is not a duration of at least "
                           f"{MIN_INTERVAL:g} s (e.g. 900, 90s, 15m, 1h)")
    return seconds


def _source(entry: object, where: str, default_interval: float) -> Source:
    if isinstance(entry, str):
        entry = {"url": entry}
    if not isinstance(entry, Mapping):
        raise SourcesError(f"{where}: expected a URL or a table with url, interval, lang, source")
    unknown = set(entry) - _KEYS
    if unknown:
        raise SourcesError(f"{where}: unknown key {', '.join(sorted(map(str, unknown)))} "
                           "(known: url, interval, lang, source)")
    url = entry.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise SourcesError(f"{where}: url {url!r} is not an http(s) URL")
    for key in ("lang", "source"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise SourcesError(f"{where}: {key} must be text, not {entry[key]!r}")
    interval = parse_duration(entry["interval"], where) if entry.get("interval") is not None else default_interval
    return Source(url, interval, entry.get("lang"), entry.get("source"))


def sources_from(data: object, where: str, default_interval: float = DEFAULT_INTERVAL) -> list[Source]:
    """Sources from a parsed file: a list, or a table with ``sources`` (and an ``interval``
    default for the sources that give none)."""
    if isinstance(data, Mapping):
        unknown = set(data) - {"sources", "interval"}
        if unknown:
            raise SourcesError(f"{where}: unknown key {', '.join(sorted(map(str, unknown)))} (known: sources, interval)")
        if data.get("interval") is not None:
            default_interval = parse_duration(data["interval"], where)
        data = data.get("sources")
    if not isinstance(data, list) or not data:
        raise SourcesError(f"{where}: no sources; list them under `sources:` (see README, watch)")
    found: list[Source] = []
    seen: set[str] = set()
    for n, entry in enumerate(data, start=1):
        src = _source(entry, f"{where}: source {n}", default_interval)
        if src.url in seen:
            raise SourcesError(f"{where}: source {n}: {src.url} is listed twice")
        seen.add(src.url)
        found.append(src)
    return found


def load_sources(path: Path, default_interval: float = DEFAULT_INTERVAL) -> list[Source]:
    """The sources of a YAML or TOML file (TOML when it ends in .toml)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourcesError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        if path.suffix.lower() == ".toml":
            data: Any = tomllib.loads(raw.decode("utf-8"))
        else:
            data = yaml.safe_load(raw)
    except (tomllib.TOMLDecodeError, yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SourcesError(f"{path}: not valid {'TOML' if path.suffix.lower() == '.toml' else 'YAML'} ({first})") from exc
    return sources_from(data, str(path), default_interval)


@contextmanager
def only_watcher(db: Path) -> Iterator[None]:
    """Hold ``.DB.watch-lock`` while watching: a second watch on the same store would poll every
    source twice. The lock is the OS's (flock), so a killed watcher never leaves it held; the
    file is hidden so `quotetrail ingest .` next to the store passes it by."""
    lock = db.with_name(f".{db.name}.watch-lock")
    with lock.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid = handle.read().strip() or "?"
            raise SourcesError(f"{db}: another watch (pid {pid}) is following its sources; stop it first") from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)


@dataclass
class _Poll:
    """One poll of a feed in progress: its entries still to load and what it found so far."""

    source: Source
    started: float
    title: str | None = None
    pending: deque[tuple[str, int, dict[str, Any]]] = field(default_factory=deque)
    new: int = 0
    already: int = 0
    failed: int = 0
    retry: bool = False  # an entry failed with tries left: keep the old validators
    validators: dict[str, str | None] = field(default_factory=dict)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class Scheduler:
    """Polls sources into ``store`` (a SQLiteStore); see the module's docstring.

    ``clock`` (Unix seconds) and ``sleep`` are injectable so tests run hours of schedule in
    milliseconds; ``log`` gets one line per poll and one per failed entry.
    """

    def __init__(self, store: Any, sources: list[Source], options: WatchOptions | None = None, *,
                 pipeline: Any = None, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] | None = None, log: Callable[[str], None] = print) -> None:
        self.store = store
        self.sources = sources
        self.options = options or WatchOptions()
        self._pipeline = pipeline
        self.clock = clock
        self._sleep = sleep or self._real_sleep
        self.log = log
        self.stopping: str | None = None  # why the run ends after the current task
        self.failures = 0  # failed polls and entries in this run (for --once's exit status)
        self._state = {s.url: store.watch_register(s.url, interval=s.interval, lang=s.lang, site=s.source)
                       for s in sources}
        for src in sources:  # an interval shortened since the last run applies at once
            state = self._state[src.url]
            if state["next_poll"] is not None and state["last_poll"] is not None and not state["failures"]:
                state["next_poll"] = min(state["next_poll"], state["last_poll"] + src.interval)
        self._active: dict[str, _Poll] = {}
        self._host_free: dict[str, float] = {}  # host → earliest start of its next request
        self._polled: set[str] = set()

    # -- running ---------------------------------------------------------------------------
    def stop(self, reason: str) -> None:
        """End the run after the current task (safe to call from a signal handler)."""
        self.stopping = reason

    def run(self, *, once: bool = False, until: float | None = None) -> None:
        """Poll until stopped; with ``once`` poll every source once (due or not) and return;
        with ``until`` return when the next task would start after that time."""
        while not self.stopping:
            task = self._next(once)
            if task is None:
                return
            ready, run = task
            if until is not None and ready > until:
                return
            wait = ready - self.clock()
            if wait > 0:
                self._sleep(wait)
                continue
            run()

    def _real_sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, _SLICE))

    def _next(self, once: bool) -> tuple[float, Callable[[], None]] | None:
        """The task that may start soonest: entries of polls in progress first on a tie, so a
        poll is finished before the next one starts."""
        # (ready, polls in progress first, longest overdue first): a host that asked us to
        # wait frees all its sources at once, and the one due earliest goes first
        best: tuple[float, int, float, Callable[[], None]] | None = None
        for poll in self._active.values():
            link = poll.pending[0][2].get("link") or ""
            ready = self._host_free.get(_host(link), 0.0) if link else 0.0
            if best is None or (ready, 0, 0.0) < best[:3]:
                best = (ready, 0, 0.0, partial(self._entry, poll))
        for src in self.sources:
            if src.url in self._active or (once and src.url in self._polled):
                continue
            due = 0.0 if once else (self._state[src.url]["next_poll"] or 0.0)
            ready = max(due, self._host_free.get(_host(src.url), 0.0))
            if best is None or (ready, 1, due) < best[:3]:
                best = (ready, 1, due, partial(self._poll, src))
        return (best[0], best[3]) if best else None

    # -- requests --------------------------------------------------------------------------
    def _ingest_options(self, src: Source) -> IngestOptions:
        return IngestOptions(source=src.source, lang=src.lang, allow_private=self.options.allow_private,
                             proxy=self.options.proxy, timeout=self.options.timeout)

    def _request(self, url: str, options: IngestOptions, headers: dict[str, str] | None = None) -> Fetched:
        wait = self.options.gap
        try:
            return fetch(url, timeout=options.timeout, max_bytes=options.max_bytes,
                         max_redirects=options.max_redirects, allow_private=options.allow_private,
                         headers=headers, proxy=options.proxy)
        except IngestError as exc:  # a Retry-After speaks for the whole host: feeds and pages
            wait = max(wait, exc.retry_after or 0.0)
            raise
        finally:  # the gap counts from the end of a request, failed or not
            self._host_free[_host(url)] = self.clock() + wait

    # -- a poll ----------------------------------------------------------------------------
    def _poll(self, src: Source) -> None:
        self._polled.add(src.url)
        state = self._state[src.url]
        poll = _Poll(src, self.clock())
        headers = {k: v for k, v in (("If-None-Match", state["etag"]),
                                     ("If-Modified-Since", state["last_modified"])) if v}
        options = self._ingest_options(src)
        try:
            got = self._request(src.url, options, headers)
            if got.status == 304:
                poll.validators = {"etag": got.etag or state["etag"],
                                   "last_modified": got.last_modified or state["last_modified"]}
                self._finish(poll, "not modified")
                return
            poll.validators = {"etag": got.etag, "last_modified": got.last_modified}
            if not _is_feed(got):  # a page: itself the only entry
                self._store(poll, _from_page(got, src.url, options), options)
                self._finish(poll)
                return
            entries, poll.title = feed_entries(got.body, src.url)
        except IngestError as exc:
            self._failed(poll, exc.reason, exc.retry_after)
            return
        except Exception as exc:  # a loader bug on one odd answer must not end the watch
            self._failed(poll, f"{type(exc).__name__}: {exc}")
            return
        keys = [entry_key(e) for e in entries]
        self.store.watch_listed(src.url, keys, now=poll.started, keep=KEEP_ENTRIES)
        done = self.store.watch_done(src.url, keys)
        for n, (key, entry) in enumerate(zip(keys, entries, strict=True), start=1):
            if key not in done:
                done.add(key)  # a feed listing one entry twice loads it once
                poll.pending.append((key, n, entry))
        if poll.pending:
            self._active[src.url] = poll
        else:
            self._finish(poll)

    def _entry(self, poll: _Poll) -> None:
        key, n, entry = poll.pending.popleft()
        src = poll.source
        options = self._ingest_options(src)
        try:
            loaded = load_entry(entry, n, src.url, poll.title,
                                lambda link: _from_page(self._request(link, options), link, options))
        except Exception as exc:  # one odd entry never ends the watch
            loaded = IngestError(entry.get("link") or key, f"{type(exc).__name__}: {exc}")
        ok = self._store(poll, loaded, options)
        if not self.store.watch_entry(src.url, key, ok=ok, now=self.clock(), max_tries=ENTRY_TRIES):
            poll.retry = True
        if not poll.pending:
            del self._active[src.url]
            self._finish(poll)

    def _store(self, poll: _Poll, loaded: Article | IngestError, options: IngestOptions) -> bool:
        from quotetrail.api import ingest_loaded  # api imports ingest: import it when used

        if isinstance(loaded, Article):
            _apply_options(loaded, options)
        report = ingest_loaded([loaded], self.store, pipeline=self.pipeline)
        poll.new += len(report.added)
        poll.already += report.duplicates + report.copies
        poll.failed += report.failed
        self.failures += report.failed
        for line in report.failures:
            self.log(f"error: {line}")
        return report.ok

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:  # built on the first article: polls that find nothing new need none
            from quotetrail.analysis import default_pipeline

            self._pipeline = default_pipeline()
        return self._pipeline

    # -- the outcome of a poll -------------------------------------------------------------
    def _finish(self, poll: _Poll, result: str | None = None) -> None:
        src, state = poll.source, self._state[poll.source.url]
        result = result or f"{poll.new} new, {poll.already} already stored, {poll.failed} failed"
        if poll.retry:  # validators would hide the entries to retry behind a 304
            poll.validators = {"etag": None, "last_modified": None}
        update = {"next_poll": poll.started + src.interval, "failures": 0, "last_error": None,
                  "last_poll": poll.started, "last_result": result, **poll.validators}
        self.store.watch_save(src.url, added=poll.new, **update)
        state.update(update)
        self.log(f"poll {src.url}: {result}; next at {self._when(update['next_poll'])}")

    def _failed(self, poll: _Poll, reason: str, retry_after: float | None = None) -> None:
        src, state = poll.source, self._state[poll.source.url]
        failures = state["failures"] + 1
        delay = min(src.interval * 2 ** (failures - 1), max(self.options.max_backoff, src.interval))
        if retry_after and retry_after > delay:  # the server said when: never sooner than that
            delay = retry_after
            reason = f"{reason}, asked to retry after {retry_after:g} s"
        update = {"next_poll": poll.started + delay, "failures": failures, "last_error": reason,
                  "last_poll": poll.started, "last_result": f"failed: {reason}"}
        self.store.watch_save(src.url, **update)
        state.update(update)
        self.failures += 1
        failing = ", failing" if failures >= FAILING_AFTER else ""
        self.log(f"poll {src.url}: failed: {reason}; {failures} in a row{failing}; "
                 f"next at {self._when(update['next_poll'])} (in {delay:g} s)")

    def _when(self, at: float) -> str:
        moment, today = datetime.fromtimestamp(at), datetime.fromtimestamp(self.clock())
        return moment.strftime("%H:%M:%S" if moment.date() == today.date() else "%Y-%m-%d %H:%M:%S")
