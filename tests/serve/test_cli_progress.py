"""A progress bar on a terminal when there are more than a few items, none for a few."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

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
    shown = terminal.getvalue()
    assert ("ingesting" in shown and f"{items}/{items}" in shown) is bar
    assert f"{items} added, 0 already stored" in shown  # the summary line follows either way
