"""The ingest command's inputs and overrides, seen from the command line: stdin, --source,
--date and --lang win over what the input says, and what was guessed is marked inferred."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotetrail.serve.cli import app

runner = CliRunner()

# header line "Site - date time" as scrapers deliver it, then the story
SCRAPED = {
    "de": "Neue Fähre für die Insel\n\nKüstenbote - 3 März 2026 07:45\n\n"
    "Der Bürgermeister Jan Weber sagte am Montag: „Die Fähre fährt ab April.“\n",
    "en": "New ferry for the island\n\nCoast Herald - 3 March 2026 07:45\n\n"
    "Mayor Jan Weber said on Monday: \"The ferry will sail from April.\"\n",
}


def _ingest(args: list[str], db: Path, stdin: str | None = None) -> dict[str, object]:
    result = runner.invoke(app, ["ingest", *args, "--db", str(db), "--json"], input=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _article(db: Path, article_id: int) -> dict[str, object]:
    result = runner.invoke(app, ["article", str(article_id), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_stdin_is_an_input(tmp_path: Path, lang: str) -> None:
    report = _ingest(["-"], tmp_path / "q.db", stdin=SCRAPED[lang])
    [article_id] = report["added"]  # type: ignore[misc]
    article = _article(tmp_path / "q.db", article_id)
    assert article["origin"] == "stdin" and article["lang"] == lang
    assert article["text"].startswith(SCRAPED[lang].split("\n")[0])  # type: ignore[union-attr]
    [quote] = [q for q in article["attributions"] if q["form"] == "direct"]  # type: ignore[union-attr]
    assert quote["speaker_name"] == "Jan Weber"
    assert article["text"][quote["content"]["start"] : quote["content"]["end"]] == quote["content"]["text"]  # type: ignore[index]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_header_metadata_and_overrides(tmp_path: Path, lang: str) -> None:
    path = tmp_path / f"{lang}.txt"
    path.write_text(SCRAPED[lang], encoding="utf-8")
    read = _article(tmp_path / "a.db", _ingest([str(path)], tmp_path / "a.db")["added"][0])  # type: ignore[index]
    assert read["site"] in ("Küstenbote", "Coast Herald") and read["published"] == "2026-03-03"
    assert read["published_time"] == "07:45"
    overridden = _article(
        tmp_path / "b.db",
        _ingest([str(path), "--source", "Inselfunk", "--date", "2026-03-04", "--lang", lang],
                tmp_path / "b.db")["added"][0],  # type: ignore[index]
    )
    assert (overridden["site"], overridden["published"], overridden["lang"]) == ("Inselfunk", "2026-03-04", lang)
    assert "published" not in overridden["inferred"] and "site" not in overridden["inferred"]  # type: ignore[operator]


def test_bad_date_flag_is_refused_before_any_work(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "-", "--db", str(tmp_path / "q.db"), "--date", "3.3.2026"], input="x")
    assert result.exit_code == 1
    assert result.stderr == "Error: --date '3.3.2026' is not a date; use YYYY-MM-DD\n"
    assert not (tmp_path / "q.db").exists()


def test_export_to_a_folder_that_does_not_exist_is_one_error_line(tmp_path: Path) -> None:
    _ingest(["-"], tmp_path / "q.db", stdin=SCRAPED["de"])
    target = tmp_path / "no" / "such" / "out.csv"
    result = runner.invoke(app, ["export", "--format", "csv", "--out", str(target), "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {target}: there is no folder {target.parent}\n"


def test_a_repaired_encoding_is_said_on_the_ingest_output(tmp_path: Path) -> None:
    path = tmp_path / "mojibake.txt"
    path.write_text(SCRAPED["de"].encode("utf-8").decode("cp1252"), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path), "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"note: {path}: repaired mojibake (UTF-8 decoded as Windows-1252 or Latin-1)",
        "1 added, 0 already stored, 0 near-duplicate copies, 0 failed",
    ]
    article = json.loads(runner.invoke(app, ["article", "1", "--db", str(tmp_path / "q.db"), "--json"]).stdout)
    assert "Der Bürgermeister Jan Weber" in article["text"]
