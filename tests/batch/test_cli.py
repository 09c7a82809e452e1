"""`quotetrail batch` and `quotetrail load` on the command line: the report lines, exit codes,
and one-line errors that change nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from quotetrail.serve.cli import app
from quotetrail.store import open_store
from tests.batch.conftest import Batch, english, german

runner = CliRunner()


def lines(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("Error:", "error:")) or " analysed " in line
            or " added, " in line]


def test_batch_refuses_an_output_folder_that_holds_anything(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.parquet").write_bytes(b"PAR1")
    result = runner.invoke(app, ["batch", str(tmp_path), "--out", str(out)])
    assert result.exit_code == 1
    assert lines(result) == [f"Error: {out} is not an empty folder; write a batch into a new one (nothing was changed)"]
    assert [p.name for p in out.iterdir()] == ["earlier.parquet"]


def test_load_of_a_folder_that_is_no_batch_output_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="load needs pyarrow (the spark extra)")
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    db = tmp_path / "q.db"
    result = runner.invoke(app, ["load", str(tmp_path), "--db", str(db)])
    assert result.exit_code == 1
    assert lines(result) == [f"Error: {tmp_path} holds no 'articles' table; is it the --out folder of `quotetrail batch`?"]


def test_load_takes_a_postgresql_url_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import quotetrail.serve.cli as cli

    opened: list[object] = []

    def refuse(db: object, *, create: bool = False) -> None:
        opened.append(db)
        raise cli._fail("no server here")

    monkeypatch.setattr(cli, "_open", refuse)
    (tmp_path / "articles").mkdir()
    runner.invoke(app, ["load", str(tmp_path), "--db", "postgresql:///news"])
    assert opened == ["postgresql:///news"]  # a Path would have made it "postgresql:/news"


def test_load_command_reports_what_it_stored(batch_run: Batch, tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    result = runner.invoke(app, ["load", str(batch_run.out), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    store = open_store(db)
    try:
        assert store.count() == len(report["added"]) == len(batch_run.reference_report.added)
    finally:
        store.close()


def test_batch_command_runs_the_job_and_exits_1_on_rejects(spark: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(german(1), encoding="utf-8")
    (folder / "b.jsonl").write_text(json.dumps({"text": english(2), "date": "2026-11-02"}) + "\n{broken\n",
                                    encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(folder), "--out", str(out), "--partitions", "2"])
    assert result.exit_code == 1  # a reject, like a failed article in ingest
    assert lines(result) == [
        f"error: {folder / 'b.jsonl'}:2: not valid JSON (Expecting property name enclosed in double quotes)",
        f"2 articles analysed from 2 files, 0 exact duplicates skipped, 1 rejected; tables in {out}",
    ]
    summary = json.loads((out / "_summary.json").read_text("utf-8"))
    assert (summary["analysed"], summary["rejects"]) == (2, 1)
    assert not spark.sparkContext._jsc.sc().isStopped()  # the shared session was left running


def test_load_check_links_without_links_is_one_line_and_stores_nothing(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    db = tmp_path / "q.db"
    result = runner.invoke(app, ["load", str(tmp_path), "--db", str(db), "--check-links"])
    assert result.exit_code == 1
    assert lines(result) == [f"Error: {tmp_path} holds no links; make them with `quotetrail batch … --link` "
                             "(nothing was stored)"]
    assert not db.exists()
