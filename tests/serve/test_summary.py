"""`quotetrail summary` (what `make demo` prints): one screen, lines cut to the terminal,
untrusted names and titles printed harmlessly, commands that work when pasted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from quotetrail.serve.summary import fit, summary
from tests.serve.test_exports import ferry_db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ferry_db(tmp_path_factory.mktemp("summary"))


def _summary(db: Path, columns: int, *, flag: bool = True) -> list[str]:
    """The command as `make demo` runs it, in a terminal of ``columns``; without ``flag`` the
    store is the default one ($QUOTETRAIL_DB), so the commands shown need no --db."""
    env = {k: v for k, v in os.environ.items() if k != "QUOTETRAIL_DB"}
    env.update({"COLUMNS": str(columns)} if flag else {"COLUMNS": str(columns), "QUOTETRAIL_DB": str(db)})
    result = subprocess.run([sys.executable, "-m", "quotetrail", "summary", *(["--db", str(db)] if flag else [])],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_summary_fits_one_screen_of_80_columns(db: Path) -> None:
    lines = _summary(db, 80)
    assert len(lines) < 60 and max(cell_len(line) for line in lines) <= 80
    text = "\n".join(lines)
    assert text.startswith("3 articles from 3 sites, in de, en.")
    assert "Mara Lindqvist: 3 statements in 3 articles" in text
    assert "changed between articles" in text  # "about 1,200" became "More than 1,200"
    assert f"quotetrail trail Lindqvist --db {db}" in text
    assert "http://127.0.0.1:8000/" in text


def test_with_the_default_store_each_command_has_its_note_beside_it(db: Path) -> None:
    lines = _summary(db, 80, flag=False)
    rest = lines[lines.index("The rest:") + 1:]
    assert len(rest) == 6 and max(cell_len(line) for line in lines) <= 80
    assert rest[1].split() == ["quotetrail", "trail", "Lindqvist", "one", "speaker", "over", "time"]


def test_a_narrow_terminal_cuts_lines_instead_of_breaking_words(db: Path) -> None:
    lines = _summary(db, 40)
    assert max(cell_len(line) for line in lines) <= 40
    assert any(line.endswith("…") for line in lines)
    assert any(line.startswith("  quotetrail stories --db ") for line in lines)


def test_wide_characters_count_as_two_cells() -> None:
    assert cell_len(fit("Bürgermeister 東京都知事 sagte", 20)) <= 20
    assert fit("short", 20) == "short"


class _Store:
    """A store whose names and titles carry terminal escapes, as an article could."""

    def __init__(self, articles: int) -> None:
        self.n = articles

    def count(self) -> int:
        return self.n

    def facets(self) -> dict[str, list[str]]:
        return {"sites": ["Evil\x1b]0;owned\x07 Times"], "langs": ["en"]}

    def speakers(self, limit: int) -> list[dict[str, Any]]:
        return [{"id": 9, "name": "\x1b[2JEve $(reboot)", "statements": 2, "articles": 1,
                 "first": "2026-01-02", "last": None}]

    def find_speaker(self, text: str) -> list[dict[str, Any]]:
        return [{"id": 9}]

    def claim_groups(self, **_: Any) -> list[dict[str, Any]]:
        return []

    def stories(self, **_: Any) -> list[dict[str, Any]]:
        return [{"id": 1, "label": "Line\nbreak\x1b[31m", "size": 2, "first": "2026-01-02", "last": "2026-01-03"}]


def test_escapes_in_names_and_titles_are_not_printed_and_commands_stay_quoted() -> None:
    text = "\n".join(summary(_Store(2), 200))
    assert "\x1b" not in text and "\x07" not in text and "story 1: Line break [31m · 2 articles" in text
    assert "Eve $(reboot): 2 statements in 1 article, 2026-01-02" in text
    assert "quotetrail trail '$(reboot)'" in text  # pasted into a shell, a name and not a command


def test_an_empty_store_says_how_to_fill_it() -> None:
    assert summary(_Store(0), 80, " --db x.db") == ["0 articles from 1 site, in en.",
                                                      "Add some: quotetrail ingest FILE_OR_FOLDER --db x.db"]
