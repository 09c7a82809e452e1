"""A progress bar with articles/s and the time left on a terminal when there are more than a few items, none for
a few; elsewhere a plain line per 1,000 articles; `--workers` reaches the orchestrator."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import quotetrail.api as api
import quotetrail.serve.cli as cli

runner = CliRunner()

SENTENCES = [
    "Die Ministerin Eva Roth sagte am Montag, die Brücke werde im Frühjahr eröffnet.",
    "Mayor Tom Kahl said on Monday that the bridge would open in the spring.",
    "Der Landrat Uwe Berg erklärte, dass die Schule im Herbst renoviert werde.",
    "The head teacher Ann Price said the school would reopen in the autumn.",
    "Die Polizei teilte mit, dass die Straße am Abend wieder frei sei.",
]


@pytest.mark.parametrize(("items", "bar"), [(5, True), (3, False)])
def test_bar_only_for_more_than_a_few_items(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, items: int, bar: bool) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(SENTENCES[:items]):
        (folder / f"{i}.txt").write_text(text + "\n", encoding="utf-8")
    terminal = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=terminal, force_terminal=True, width=100, highlight=False, emoji=False))
    result = runner.invoke(cli.app, ["ingest", str(folder), "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 0, result.output
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", terminal.getvalue())  # colours out
    assert ("ingesting" in shown and f"{items}/{items} inputs" in shown and "articles/s" in shown) is bar
    # the time left, estimated once an input is done ("0:03"), beside the rate
    assert (re.search(r"inputs · (\d+:)?\d+:\d\d left · ", shown) is not None) is bar
    assert f"{items} added, 0 already stored" in shown  # the summary line follows either way


def test_a_line_per_thousand_articles_when_no_one_watches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = tmp_path / "many.jsonl"
    lines.write_text("".join(json.dumps({"text": f"{SENTENCES[i % 5]} ({i})"}) + "\n" for i in range(2500)), encoding="utf-8")

    def store_one(article: object, store: object, pipeline: object, report: api.IngestReport, sig: object = None) -> None:
        report.added.append(len(report.added) + 1)  # the counting is what is tested, not the analysis
        report.words += 10

    monkeypatch.setattr(api, "_store_one", store_one)
    log = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=log, force_terminal=False, width=100, highlight=False, emoji=False))
    result = runner.invoke(cli.app, ["ingest", str(lines), "--db", str(tmp_path / "q.db"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    progress = [line for line in log.getvalue().splitlines() if line.startswith("ingest:")]
    assert [line.split(",")[0] for line in progress] == ["ingest: 1000 articles", "ingest: 2000 articles"]
    assert all(re.fullmatch(r"ingest: \d+ articles, [\d,]+ words/s, [\d,.]+ articles/s", line) for line in progress)


@pytest.mark.parametrize(("args", "workers"), [([], api.default_workers()), (["--workers", "3"], 3)])
def test_workers_reach_the_orchestrator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], workers: int) -> None:
    seen: dict[str, object] = {}

    def ingest(inputs: object, store: object, options: object, **kw: object) -> api.IngestReport:
        seen.update(kw)
        return api.IngestReport()

    monkeypatch.setattr(api, "ingest", ingest)
    result = runner.invoke(cli.app, ["ingest", str(tmp_path), "--db", str(tmp_path / "q.db"), *args])
    assert result.exit_code == 0, result.output
    assert seen["workers"] == workers and 1 <= api.default_workers() <= 4


def test_zero_workers_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["ingest", str(tmp_path), "--db", str(tmp_path / "q.db"), "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output
