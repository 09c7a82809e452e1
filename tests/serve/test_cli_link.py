"""The cross-article commands on the bundled examples: speakers, trail, claims, stories, --entities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotetrail.serve.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("link") / "q.db"
    seeds = path.parent / "entities.yaml"
    seeds.write_text("- name: Anna Keller\n  aliases: [die Hafensprecherin]\n  wikidata: Q0\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(path), "--entities", str(seeds)])
    assert result.exit_code == 0, result.output
    return path


def _json(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_speakers_are_linked_across_german_and_english_articles(db: Path) -> None:
    speakers = {s["name"]: s for s in _json("speakers", "--db", str(db))}
    keller = speakers["Anna Keller"]
    assert keller["articles"] >= 3 and keller["wikidata"] == "Q0"
    shown = runner.invoke(app, ["speakers", "--db", str(db)]).stdout
    assert "Anna Keller" in shown


def test_trail_by_surname_in_time_order(db: Path) -> None:
    data = _json("trail", "Keller", "--db", str(db))
    assert data["speaker"]["name"] == "Anna Keller"
    langs = {q["article"]["lang"] for q in data["trail"]}
    assert langs == {"de", "en"}
    assert [q["when"] for q in data["trail"]] == sorted(q["when"] for q in data["trail"])
    assert "Anna Keller" in runner.invoke(app, ["trail", "Keller", "--db", str(db)]).stdout


def test_unknown_speaker_is_one_line_error(db: Path) -> None:
    result = runner.invoke(app, ["trail", "Niemand", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["Error: no speaker called 'Niemand'; see `quotetrail speakers --all`"]


def test_stories_join_articles_across_languages(db: Path) -> None:
    stories = _json("stories", "--db", str(db))
    assert stories, "the port strike is covered in German and English"
    assert any({a["lang"] for a in s["articles"]} == {"de", "en"} for s in stories)
    assert "story" in runner.invoke(app, ["stories", "--db", str(db)]).stdout


def test_claims_lists_and_rejects_a_bad_kind(db: Path) -> None:
    assert isinstance(_json("claims", "--db", str(db)), list)
    bad = runner.invoke(app, ["claims", "--kind", "poem", "--db", str(db)])
    assert bad.exit_code == 1 and bad.stderr.strip() == "Error: --kind 'poem': use figure or quote"


def test_a_bad_entities_file_is_one_line_and_stores_nothing(tmp_path: Path) -> None:
    seeds = tmp_path / "e.yaml"
    seeds.write_text("- aliases: [x]\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "q.db"), "--entities", str(seeds)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {seeds}: entity 1: each entity needs a 'name'"
    assert not (tmp_path / "q.db").exists()
