"""Ctrl-C during a long ingest: one line saying what happened and how to go on, exit 130, and
the articles stored before the interruption stay complete; the same ingest run again adds
only the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import quotetrail.api as api
from quotetrail.serve.cli import app

runner = CliRunner()

TEXTS = [
    "Die Ministerin Eva Roth sagte am Montag, die Brücke werde im Frühjahr eröffnet.\n",
    "Mayor Tom Kahl said on Monday that the bridge would open in the spring.\n",
    "Der Landrat Uwe Berg erklärte, dass die Schule im Herbst renoviert werde.\n",
]


def test_interrupted_ingest_keeps_whole_articles_and_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "q.db"
    real = api._store_one
    calls = {"n": 0}

    def interrupt_on_second(*args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "_store_one", interrupt_on_second)
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 130
    assert result.stderr == ("Error: interrupted; articles stored so far are complete, run the same ingest "
                             "again to add the rest\n")
    monkeypatch.undo()
    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--json"])
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert (len(report["added"]), report["duplicates"]) == (2, 1)
