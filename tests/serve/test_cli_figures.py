"""figures filters: who cites the figure, article language, publication date — as for quotes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotetrail.serve.cli import app

runner = CliRunner()

ARTICLES = {
    "de.txt": "Neue Brücke für Kiel\n\nKüstenbote - 3 März 2026 07:45\n\n"
    "Bürgermeisterin Eva Roth sagte am Montag, der Bau koste rund 12 Millionen Euro.\n",
    "en.txt": "New bridge for Leeds\n\nCity Herald - 9 March 2026 09:10\n\n"
    "Mayor Tom Kahl said on Monday that the bridge would cost more than 8 million pounds.\n",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder.parent / "figures.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _figures(db: Path, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["figures", "--db", str(db), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("args", "values"),
    [
        ([], [12_000_000, 8_000_000]),
        (["--claimed-by", "Roth"], [12_000_000]),
        (["--claimed-by", "kahl"], [8_000_000]),
        (["--lang", "en"], [8_000_000]),
        (["--since", "2026-03-05"], [8_000_000]),
        (["--since", "2026-04-01"], []),
    ],
)
def test_figure_filters(db: Path, args: list[str], values: list[float]) -> None:
    assert [f["value"] for f in _figures(db, *args)] == values


def test_no_match_says_so_and_a_bad_since_is_refused(db: Path) -> None:
    assert runner.invoke(app, ["figures", "--db", str(db), "--lang", "fr"]).stdout == "No figures match.\n"
    bad = runner.invoke(app, ["figures", "--db", str(db), "--since", "März"])
    assert bad.exit_code == 1 and bad.stderr == "Error: --since 'März' is not a date; use YYYY-MM-DD\n"
