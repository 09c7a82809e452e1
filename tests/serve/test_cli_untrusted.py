"""Article text is untrusted wherever the CLI shows it: rich markup and emoji codes in an
article print as written in every listing, and a --db that is no database is one error line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotetrail.serve.cli import app

runner = CliRunner()

HOSTILE = {
    "de": "Der Sprecher Tom Kahl sagte, [bold red]300 Häuser[/] seien :fire: betroffen.\n",
    "en": "Spokesman Tom Kahl said that [bold red]300 houses[/] were :fire: affected.\n",
}


@pytest.fixture(params=sorted(HOSTILE))
def hostile_db(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(HOSTILE[request.param], encoding="utf-8")
    path = tmp_path / "h.db"
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(path), "--lang", request.param])
    assert result.exit_code == 0, result.output
    return path


def test_quotes_listing_prints_markup_and_emoji_codes_literally(hostile_db: Path) -> None:
    quotes = json.loads(runner.invoke(app, ["quotes", "--db", str(hostile_db), "--json"]).stdout)
    [q] = quotes
    assert "[bold red]" in q["content"]["text"] and q["speaker_name"] == "Tom Kahl"
    shown = runner.invoke(app, ["quotes", "--db", str(hostile_db)], terminal_width=300).stdout
    assert "[bold red]" in shown and "[/]" in shown and ":fire:" in shown


def test_article_view_prints_emoji_codes_literally(hostile_db: Path) -> None:
    shown = runner.invoke(app, ["article", "1", "--db", str(hostile_db)], terminal_width=300).stdout
    assert "[bold red]" in shown and ":fire:" in shown and "🔥" not in shown


def test_search_listing_prints_markup_literally(hostile_db: Path) -> None:
    shown = runner.invoke(app, ["search", "Kahl", "--db", str(hostile_db)], terminal_width=300).stdout
    assert "Tom Kahl" in shown and "[bold red]" in shown and ":fire:" in shown


@pytest.mark.parametrize("command", [["quotes"], ["figures"], ["article", "1"], ["search", "x"], ["export"]])
def test_a_file_that_is_no_database_is_one_error_line(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    result = runner.invoke(app, [*command, "--db", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot use {path} as a quotetrail database: file is not a database\n"


def test_failure_line_prints_emoji_codes_and_markup_in_names_literally(tmp_path: Path) -> None:
    bad = tmp_path / "[bold]notes:fire:.txt"
    bad.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 1
    assert f"error: {bad}: empty: no text to ingest\n" in result.stderr
