"""Article text is untrusted wherever the CLI shows it: rich markup and emoji codes in an
article print as written in every listing, and a --db that is no database is one error line."""

from __future__ import annotations

import json
import os
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


def _bytes_named(folder: Path, name: bytes, content: str) -> str:
    """A file whose name is raw bytes, as the OS hands it to Python (surrogate-escaped)."""
    path = os.path.join(os.fsencode(folder), name)
    try:
        with open(path, "wb") as f:
            f.write(content.encode("utf-8"))
    except OSError as exc:  # a file system that insists on UTF-8 names
        pytest.skip(f"cannot create a file named {name!r}: {exc}")
    return os.fsdecode(path)


def test_a_file_name_that_is_not_utf8_is_ingested_under_an_escaped_name(tmp_path: Path) -> None:
    path = _bytes_named(tmp_path, b"caf\xe9.txt", HOSTILE["de"])
    db = str(tmp_path / "q.db")
    result = runner.invoke(app, ["ingest", path, "--db", db, "--lang", "de"])
    assert result.exit_code == 0, result.output
    article = json.loads(runner.invoke(app, ["article", "1", "--db", db, "--json"]).stdout)
    assert article["origin"] == f"{tmp_path}/caf\\xe9.txt"


@pytest.mark.parametrize(
    "name,shown",
    [(b"evil\nerror: forged.txt", "evil\\nerror: forged.txt"),
     (b"red\x1b[31mname\x1b[0m.txt", "red\\x1b[31mname\\x1b[0m.txt"),
     (b"\xff\xfe.txt", "\\xff\\xfe.txt")],
)
def test_a_file_name_cannot_forge_error_lines_or_reach_the_terminal_raw(
    tmp_path: Path, name: bytes, shown: str
) -> None:
    path = _bytes_named(tmp_path, name, "")
    result = runner.invoke(app, ["ingest", path, "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {tmp_path}/{shown}: empty: no text to ingest"
    assert len(result.stderr.splitlines()) == 2 and "\x1b" not in result.stderr  # the error, the summary
