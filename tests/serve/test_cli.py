import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotetrail.serve.cli import app

runner = CliRunner()

ARTICLE = """Stadtrat streitet über Brücke

Beispielblatt - 12 November 2026 08:15

Bürgermeisterin Eva Roth sagte am Dienstag: „Die Brücke wird gebaut.“

Sie betonte, dass die Kosten bei rund 4,5 Mio. Euro lägen.

2 Min. Lesezeit
"""
HOSTILE = """[bold red]Gefahr[/] <script>alert(1)</script>

Der Sprecher Tom Kahl sagte, [link=http://x]hier[/link] sei nichts passiert.
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "q.db"
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_ingest_summary_and_idempotence(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"added": [], "duplicates": 1, "copies": 0, "failed": 0, "failures": []}


def test_ingest_failure_exit_code_and_line(db: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "in"), "--db", str(db)])
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'empty.txt'}: empty: no text to ingest" in result.stderr


def test_quotes_json_resolves_pronoun(db: Path) -> None:
    result = runner.invoke(app, ["quotes", "--db", str(db), "--json"])
    assert result.exit_code == 0
    quotes = json.loads(result.stdout)
    by_written = {q["speaker"]["text"]: q for q in quotes}
    assert by_written["Sie"]["speaker_name"] == "Eva Roth"
    direct = [q for q in quotes if q["form"] == "direct"]
    assert direct[0]["content"]["text"] == "Die Brücke wird gebaut."
    assert direct[0]["date"]["value"] == "2026-11-10"


def test_quotes_filters(db: Path) -> None:
    assert json.loads(runner.invoke(app, ["quotes", "--db", str(db), "--json", "--speaker", "Kahl"]).stdout) == []
    assert json.loads(runner.invoke(app, ["quotes", "--db", str(db), "--json", "--lang", "en"]).stdout) == []
    assert runner.invoke(app, ["quotes", "--db", str(db), "--since", "not-a-date"]).exit_code == 1


def test_figures_and_article(db: Path) -> None:
    figures = json.loads(runner.invoke(app, ["figures", "--db", str(db), "--json"]).stdout)
    [fig] = [f for f in figures if f["value"] == 4_500_000]
    assert fig["comparator"] == "~" and fig["claimed_by"] == "Eva Roth"
    shown = runner.invoke(app, ["figures", "--db", str(db)]).stdout
    assert "≈ 4,500,000" in shown
    article = runner.invoke(app, ["article", "1", "--db", str(db)])
    assert article.exit_code == 0 and "Beispielblatt" in article.stdout and "Lesezeit" not in article.stdout.split("removed")[1]


def test_search_and_export(db: Path, tmp_path: Path) -> None:
    hits = json.loads(runner.invoke(app, ["search", "Brücken", "--db", str(db), "--json"]).stdout)
    assert hits and hits[0]["article_id"] == 1
    out = tmp_path / "x.csv"
    assert runner.invoke(app, ["export", "--format", "csv", "--out", str(out), "--db", str(db)]).exit_code == 0
    assert "Eva Roth" in out.read_text(encoding="utf-8")
    lines = runner.invoke(app, ["export", "--db", str(db)]).stdout.splitlines()
    assert json.loads(lines[0])["attributions"]
    assert runner.invoke(app, ["export", "--format", "xml", "--db", str(db)]).exit_code == 1


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["quotes", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: no database at {tmp_path / 'none.db'}; run `quotetrail ingest` first"


def test_database_from_environment(db: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUOTETRAIL_DB", str(db))
    assert json.loads(runner.invoke(app, ["quotes", "--json"]).stdout)


def test_article_markup_is_printed_literally(tmp_path: Path) -> None:
    (tmp_path / "h.txt").write_text(HOSTILE, encoding="utf-8")
    path = tmp_path / "h.db"
    assert runner.invoke(app, ["ingest", str(tmp_path / "h.txt"), "--db", str(path), "--lang", "de"]).exit_code == 0
    shown = runner.invoke(app, ["article", "1", "--db", str(path)]).stdout
    assert "[bold red]Gefahr[/]" in shown
    assert "[link=http://x]hier[/link]" in shown
    assert "<script>alert(1)</script>" in shown
