"""The orchestrator: ingest → duplicate checks → analyse → store, one line per failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotetrail.api import analyse, ingest
from quotetrail.ingest import IngestOptions
from quotetrail.model import Article, Document
from quotetrail.store import SQLiteStore

GERMAN = """Hafen bekommt neue Kaimauer

Bürgermeisterin Lena Brandt sagte am Montag: „Die alte Mauer hält keinen Winter mehr.“
Nach ihren Angaben kostet der Neubau rund zwölf Millionen Euro. Der Stadtrat will im Dezember
über die Finanzierung entscheiden. Anwohner hatten sich über Lärm durch die Bauarbeiten beschwert,
die Verwaltung versprach Ruhezeiten am Wochenende. Die Arbeiten sollen im Frühjahr beginnen und
zwei Jahre dauern, erklärte ein Sprecher der Stadt.
"""

ENGLISH = """Council approves new bus lanes

Transport chief Daniel Moore said on Tuesday: "These lanes will cut journey times in half."
According to the council, more than 4,000 commuters use the route every day. Residents had
complained about delays for years, and local shop owners worried about deliveries. The works
are planned for the summer holidays, when traffic is lighter, a spokesman for the council said.
"""


class CountingPipeline:
    """The real pipeline, counting the articles it analyses (and failing on request)."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.seen: list[str] = []
        self.fail_on = fail_on

    def __call__(self, article: Article) -> Document:
        self.seen.append(article.origin)
        if self.fail_on and self.fail_on in article.origin:
            raise RuntimeError("analysis blew up (simulated)")
        return analyse(article)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "de.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "en.txt").write_text(ENGLISH, encoding="utf-8")
    return folder


def _ingest(paths: list[str], store: SQLiteStore, pipeline: CountingPipeline | None = None, **kw: object):
    return ingest(paths, store, IngestOptions(), pipeline=pipeline or CountingPipeline(), **kw)  # type: ignore[arg-type]


def test_ingest_stores_speakers_of_both_languages(fresh_store: SQLiteStore, inputs: Path) -> None:
    report = _ingest([str(inputs)], fresh_store)
    assert report.ok and len(report.added) == 2 and (report.duplicates, report.copies) == (0, 0)
    speakers = {q["speaker_name"] for q in fresh_store.quotes()}
    assert {"Lena Brandt", "Daniel Moore"} <= speakers
    for article_id in report.added:
        stored = fresh_store.article(article_id)
        assert stored is not None
        for q in stored["attributions"]:
            assert stored["text"][q["content"]["start"] : q["content"]["end"]] == q["content"]["text"]


def test_rerun_is_idempotent_and_skips_analysis(fresh_store: SQLiteStore, inputs: Path) -> None:
    _ingest([str(inputs)], fresh_store)
    before = (fresh_store.count(), len(fresh_store.quotes()), len(fresh_store.figures()))
    pipeline = CountingPipeline()
    again = _ingest([str(inputs)], fresh_store, pipeline)
    assert (again.added, again.duplicates, again.failed) == ([], 2, 0)
    assert pipeline.seen == []  # the hash check comes before any analysis
    assert (fresh_store.count(), len(fresh_store.quotes()), len(fresh_store.figures())) == before


@pytest.mark.parametrize("text", [GERMAN, ENGLISH], ids=["de", "en"])
def test_near_duplicate_is_stored_once_as_a_copy(fresh_store: SQLiteStore, tmp_path: Path, text: str) -> None:
    (tmp_path / "first.txt").write_text(text, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(text.replace("\n\n", "\n\n(Agentur) ", 1), encoding="utf-8")
    pipeline = CountingPipeline()
    report = _ingest([str(tmp_path / "first.txt"), str(tmp_path / "copy.txt")], fresh_store, pipeline)
    assert (len(report.added), report.copies) == (1, 1)
    assert [Path(p).name for p in pipeline.seen] == ["first.txt"]  # the copy is not analysed
    stored = fresh_store.article(report.added[0])
    assert stored is not None and [Path(c["origin"]).name for c in stored["copies"]] == ["copy.txt"]
    again = _ingest([str(tmp_path / "copy.txt")], fresh_store)
    assert (again.copies, again.duplicates) == (0, 1)  # a copy is recorded once
    assert len(fresh_store.article(report.added[0])["copies"]) == 1  # type: ignore[index]


def test_one_bad_item_is_one_line_and_the_batch_goes_on(fresh_store: SQLiteStore, inputs: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    report = _ingest([str(missing), str(inputs)], fresh_store, CountingPipeline(fail_on="de.txt"))
    assert report.failed == 2 and not report.ok
    assert report.failures[0] == f"{missing}: no such file or directory"
    assert report.failures[1] == f"{inputs / 'de.txt'}: RuntimeError: analysis blew up (simulated)"
    assert len(report.added) == 1 and fresh_store.count() == 1
    [stored] = fresh_store.articles()
    assert stored["lang"] == "en"
    # the failed article went in nowhere, so a later run can still add it
    assert len(_ingest([str(inputs)], fresh_store).added) == 1


def test_progress_is_reported_per_item(fresh_store: SQLiteStore, inputs: Path) -> None:
    calls: list[tuple[int, int]] = []
    _ingest([str(inputs)], fresh_store, on_progress=lambda item, done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


def test_report_to_dict_has_stable_keys(fresh_store: SQLiteStore, inputs: Path) -> None:
    report = _ingest([str(inputs)], fresh_store)
    assert list(report.to_dict()) == ["added", "duplicates", "copies", "failed", "failures", "notes"]


@pytest.mark.parametrize(("text", "lang"), [(GERMAN, "de"), (ENGLISH, "en")])
def test_analyse_anchors_every_span(text: str, lang: str) -> None:
    doc = analyse(Article(text=text, origin="t"))
    assert doc.lang == lang and doc.attributions
    for at in doc.attributions:
        for span in (at.content, at.cue, at.speaker):
            if span is not None:
                assert span.text == text[span.start : span.end]


def test_the_store_files_themselves_are_not_ingested(inputs: Path) -> None:
    from quotetrail.store import open_store

    with open_store(inputs / "quotetrail.db") as store:  # `quotetrail ingest .` beside the database
        report = _ingest([str(inputs)], store)
        assert report.ok and len(report.added) == 2


def test_import_is_cheap_and_the_public_api_resolves() -> None:
    import subprocess
    import sys

    code = (
        "import sys, quotetrail\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('lingua', 'simplemma', 'datasketch', 'trafilatura')]\n"
        "print(heavy)\n"
        "assert callable(quotetrail.ingest_into) and callable(quotetrail.analyse)\n"
        "import quotetrail.ingest\n"
        "assert quotetrail.ingest.IngestOptions is quotetrail.IngestOptions\n"
        "assert sorted(quotetrail.__all__) == sorted(dir(quotetrail))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
