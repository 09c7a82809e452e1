"""`ingest(..., workers=N)`: analysis in worker processes, storing in input order by one writer.
The same input gives the same store as one process, ids included; duplicates are still skipped
before analysis; a failing article is one line; Ctrl-C leaves whole articles."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

import quotetrail.api as api
from quotetrail.ingest import IngestOptions
from quotetrail.link import entities
from quotetrail.model import Article, Document
from quotetrail.store import open_store

# Sentences written for these tests. Each article takes five of them, so articles share a
# quotation or a figure now and then (claim groups, stories) without being near-duplicates.
GERMAN = [
    "Bürgermeisterin Lena Brandt sagte am Montag: „Die alte Kaimauer hält keinen Winter mehr.“",
    "Nach Angaben der Stadt kostet der Neubau rund zwölf Millionen Euro.",
    "Der Stadtrat will im Dezember über die Finanzierung der Arbeiten entscheiden.",
    "Anwohner beschwerten sich über den Lärm der Baustelle am Hafenbecken.",
    "Ein Sprecher der Verwaltung erklärte, die Ruhezeiten am Wochenende würden eingehalten.",
    "Die Feuerwehr teilte mit, dass 40 Einsatzkräfte den Brand im Lagerhaus gelöscht hätten.",
    "Landrat Uwe Berg sagte, die Schule werde im Herbst für 3,5 Millionen Euro renoviert.",
    "„Wir lassen niemanden im Regen stehen“, versprach Sozialministerin Eva Roth in Kiel.",
    "Laut Polizei wurden bei dem Unfall auf der Landstraße drei Menschen leicht verletzt.",
    "Die Gewerkschaft kündigte an, den Streik im Hafen bis Freitag fortzusetzen.",
]
ENGLISH = [
    'Transport chief Daniel Moore said on Tuesday: "These lanes will cut journey times in half."',
    "According to the council, more than 4,000 commuters use the route every day.",
    "Local shop owners worried that deliveries would be delayed during the works.",
    "A spokesman for the council said the works were planned for the summer holidays.",
    "Mayor Tom Kahl said the new bridge would open in the spring at a cost of 80 million dollars.",
    '"We will not leave anyone behind," Health Secretary Ann Price told reporters in Leeds.',
    "Police said two people were taken to hospital after the crash on the motorway.",
    "The union said the strike at the port would continue until Friday.",
    "Firefighters said 60 crews had fought the blaze at the warehouse overnight.",
    "Residents complained about noise from the building site for months.",
]


# what the inputs below give: articles added, and near-duplicates among the generated texts
ADDED, COPIES = 19, 5


def _text(pool: list[str], i: int) -> str:
    title = pool[i % len(pool)].split(",")[0][:40]
    body = " ".join(pool[(i * 3 + k * 7) % len(pool)] for k in range(5))
    return f"{title}\n\n{body} (Meldung {i})\n"


def _inputs(folder: Path) -> list[str]:
    """Text files, an HTML page, a JSON Lines file of several articles, an exact duplicate, a
    near-duplicate and a missing file: every kind of slot the writer orders."""
    folder.mkdir()
    for i in range(9):
        (folder / f"de{i}.txt").write_text(_text(GERMAN, i), encoding="utf-8")
        (folder / f"en{i}.txt").write_text(_text(ENGLISH, i), encoding="utf-8")
    (folder / "de0-again.txt").write_text(_text(GERMAN, 0), encoding="utf-8")
    (folder / "en1-copy.txt").write_text("(Reuters) " + _text(ENGLISH, 1), encoding="utf-8")
    (folder / "page.html").write_text(
        "<!DOCTYPE html><html><head><title>Hafen</title></head><body><article><h1>Hafen</h1>"
        f"<p>{' '.join(GERMAN[5:9])}</p></article></body></html>", encoding="utf-8")
    lines = [{"text": _text(ENGLISH, 20 + i), "date": f"2026-11-{10 + i}", "source": "Testblatt"} for i in range(4)]
    lines.insert(2, {"title": "no text"})  # a bad line: one failure
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return [str(folder), str(folder / "missing.txt")]


def _contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, ids included; only the time of ingest may differ."""
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for table in tables:
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
            order = ", ".join(str(i) for i in range(1, len(columns) + 1))  # some tables have no rowid
            out[table] = db.execute(f"SELECT {', '.join(map(repr, columns))} FROM {table} ORDER BY {order}").fetchall()
        return out
    finally:
        db.close()


def _run(inputs: list[str], path: Path, workers: int, **kw: object) -> api.IngestReport:
    with open_store(path) as store:
        return api.ingest(inputs, store, IngestOptions(), workers=workers, **kw)  # type: ignore[arg-type]


def test_two_workers_store_exactly_what_one_process_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _inputs(tmp_path / "in")
    one = _run(inputs, tmp_path / "one.db", 1)
    two = _run(inputs, tmp_path / "two.db", 2)
    assert one.to_dict() == two.to_dict()
    assert (len(one.added), one.duplicates, one.copies, one.failed) == (ADDED, 1, COPIES, 2)
    first, second = _contents(tmp_path / "one.db"), _contents(tmp_path / "two.db")
    for table in ("articles", "attributions", "entities", "claim_groups", "claim_members", "stories", "article_copies"):
        assert first[table], f"the fixture leaves {table} empty, so it compares nothing"
    assert first == second
    # a second run adds nothing and sends nothing for analysis: the hash check comes first
    sent: list[int] = []
    real_send = api._Writer._send

    def send(self: api._Writer) -> None:
        sent.append(len(self.batch))
        real_send(self)

    monkeypatch.setattr(api._Writer, "_send", send)
    again = _run(inputs, tmp_path / "two.db", 2)
    assert (again.added, again.duplicates, again.copies, sent) == ([], ADDED + 1 + COPIES, 0, [])
    assert _contents(tmp_path / "two.db") == second


class FailingPipeline:
    """The real pipeline, failing on articles whose origin contains ``fail_on``; picklable, so
    each worker gets its own."""

    def __init__(self, fail_on: str) -> None:
        self.fail_on = fail_on

    def __call__(self, article: Article) -> Document:
        if self.fail_on in article.origin:
            raise RuntimeError("analysis blew up (simulated)")
        return api.analyse(article)


def test_a_failure_in_a_worker_is_one_line_and_progress_fires_per_item(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    calls: list[tuple[object, int, int]] = []
    two = _run(inputs, tmp_path / "two.db", 2, pipeline=FailingPipeline("en3.txt"),
               on_progress=lambda item, done, total: calls.append((item, done, total)))
    line = f"{tmp_path / 'in' / 'en3.txt'}: RuntimeError: analysis blew up (simulated)"
    assert line in two.failures and two.failed == 3
    one = _run(inputs, tmp_path / "one.db", 1, pipeline=FailingPipeline("en3.txt"))
    assert two.to_dict() == one.to_dict()
    assert _contents(tmp_path / "two.db") == _contents(tmp_path / "one.db")
    # once per item, in input order, the last being the missing file
    total = len(calls)
    assert total == 9 * 2 + 4 + 1 and [(done, n) for _, done, n in calls] == [(i, total) for i in range(1, total + 1)]
    assert str(calls[-1][0]).endswith("missing.txt: no such file or directory")


def test_interrupt_keeps_whole_articles_and_the_rerun_adds_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _inputs(tmp_path / "in")
    real = api._store_one
    calls = {"n": 0}

    def interrupt_on_fifth(*args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "_store_one", interrupt_on_fifth)
    for workers in (2, 1):  # the same four articles stored either way, each whole
        calls["n"] = 0
        with pytest.raises(KeyboardInterrupt):
            _run(inputs, tmp_path / f"{workers}.db", workers)
    monkeypatch.undo()
    stored = _contents(tmp_path / "2.db")
    assert len(stored["articles"]) == 3 and stored == _contents(tmp_path / "1.db")
    rest = _run(inputs, tmp_path / "2.db", 1)
    assert (len(rest.added), rest.duplicates) == (ADDED - 3, 1 + 3)


def test_a_few_files_are_analysed_without_a_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(_text(GERMAN, i), encoding="utf-8")

    def no_pool(*args: object, **kw: object) -> None:
        raise AssertionError("a pool was started for three files")

    monkeypatch.setattr(api, "_Writer", no_pool)
    assert len(_run([str(folder)], tmp_path / "q.db", 2).added) == 3


def test_workers_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        _run([str(tmp_path)], tmp_path / "q.db", 0)


def test_a_pipeline_workers_cannot_receive_is_refused_before_anything_is_stored(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    unpicklable = lambda article: api.analyse(article)  # noqa: E731 — a lambda does not pickle
    with pytest.raises(ValueError, match="cannot be sent to worker processes.*use workers=1"):
        _run(inputs, tmp_path / "q.db", 2, pipeline=unpicklable)
    with open_store(tmp_path / "q.db") as store:
        assert store.count() == 0


class DyingPipeline(FailingPipeline):
    """Ends its worker process outright on one article, as a crash in native code would."""

    def __call__(self, article: Article) -> Document:
        if self.fail_on in article.origin:
            os._exit(3)
        return api.analyse(article)


def test_a_worker_that_dies_costs_the_articles_in_flight_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _inputs(tmp_path / "in")
    monkeypatch.setattr(api, "CHUNKS_PER_WORKER", 1)  # 8 articles in flight, fewer than the input
    report = _run(inputs, tmp_path / "q.db", 2, pipeline=DyingPipeline("de3.txt"))
    lost = [line for line in report.failures if "analysis worker stopped unexpectedly" in line]
    assert any(line.startswith(f"{tmp_path / 'in' / 'de3.txt'}: ") for line in lost)
    assert all(line.endswith("run the same ingest again to retry") for line in lost)
    # what was sent after the crash went to fresh workers and was stored
    assert report.failed == 2 + len(lost) and len(lost) <= 8
    assert len(report.added) + report.copies + report.duplicates + len(lost) == ADDED + COPIES + 1
    with open_store(tmp_path / "q.db") as store:
        assert any(a["origin"].endswith("page.html") for a in store.articles(limit=100))


class NoAnalysis:
    """An empty analysis: what is tested is the flow, not the findings."""

    def __call__(self, article: Article) -> Document:
        return Document(article=article)


def test_articles_in_flight_stay_bounded_on_a_long_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = tmp_path / "many.jsonl"
    lines.write_text("".join(json.dumps({"text": f"Zeile {i}: " + " ".join(f"w{i}x{k}" for k in range(12))}) + "\n"
                             for i in range(300)), encoding="utf-8")
    most = {"pending": 0}
    real_store = api._Writer._store

    def store(self: api._Writer, entry: object) -> None:
        most["pending"] = max(most["pending"], self.pending + 1)  # + the one being stored
        real_store(self, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(api._Writer, "_store", store)
    report = _run([str(lines)], tmp_path / "q.db", 2, pipeline=NoAnalysis())
    assert len(report.added) == 300 and report.ok
    assert 2 * api.CHUNK <= most["pending"] <= 2 * api.CHUNK * api.CHUNKS_PER_WORKER  # memory flat, workers fed


def test_the_writer_links_speakers_without_loading_the_dictionaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers answer the linker's "is this name a common word?" (they have the lemma
    dictionaries loaded); the writer looking it up itself would load them, ~1.7 s CPU."""
    inputs = _inputs(tmp_path / "in")
    real = entities.simplemma.is_known
    asked: list[str] = []

    def is_known(word: str, lang: str) -> bool:
        asked.append(word)
        return bool(real(word, lang=lang))

    monkeypatch.setattr(entities.simplemma, "is_known", is_known)
    _run(inputs, tmp_path / "one.db", 1)
    assert asked, "the fixture has no speaker the linker looks up, so it tests nothing"
    asked.clear()
    two = _run(inputs, tmp_path / "two.db", 2)
    assert asked == [] and len(two.added) == ADDED
    assert _contents(tmp_path / "two.db") == _contents(tmp_path / "one.db")


def test_files_are_read_and_signed_in_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a text file and its near-duplicate signature (~1.3 ms an article) are the
    workers' work; the writer, which bounds the speed-up, signs only what it reads itself
    (JSON Lines), and still skips exact duplicates and copies before any analysis."""
    inputs = _inputs(tmp_path / "in")
    signed: list[int] = []
    real = api.signature

    def signature(text: str) -> bytes:
        signed.append(len(text))
        return real(text)

    monkeypatch.setattr(api, "signature", signature)
    two = _run(inputs, tmp_path / "two.db", 2)
    assert (len(two.added), two.duplicates, two.copies) == (ADDED, 1, COPIES)
    assert len(signed) == 4  # the four articles of feed.jsonl
