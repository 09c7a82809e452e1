"""A speaker phrase that names nobody ("Medienberichten zufolge", "sources said") is shown as
unnamed reports or sources — in the CLI and on the article page — never like a person."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from quotetrail.serve.cli import app
from quotetrail.serve.speakers import (
    ENTITY,
    PHRASE,
    UNNAMED,
    UNRESOLVED,
    speaker_kind,
    unnamed_label,
)
from quotetrail.serve.web import create_app

runner = CliRunner()
GERMAN = ("Fähre fällt aus\n\nDie Reederei Nordlicht streicht den Winterfahrplan. Übereinstimmenden "
          "Medienberichten zufolge hat die Reederei im Mai über 300 Stellen gestrichen. Der Bürgermeister "
          "Jan Weber sagte, die Insel brauche die Fähre.\n")
ENGLISH = ("Ferry cancelled\n\nThe Northlight ferry company is dropping its winter timetable. The company "
           "cut more than 300 jobs in May, sources said. Mayor Jan Weber said the island needs the ferry.\n")


@pytest.mark.parametrize(("words", "lang", "label"), [
    ("Berichten", "de", "unnamed reports"),
    ("übereinstimmenden Medienberichten", "de", "unnamed reports"),
    ("Regierungskreisen", "de", "unnamed sources"),
    ("Berichten des Tageblatts", "de", None),  # an outlet is named
    ("Jan Weber", "de", None),
    ("Media reports", "en", "unnamed reports"),
    ("sources", None, "unnamed sources"),  # language unknown: any supported one's words
    ("Harbour Gazette sources", "en", None),  # whose sources: named
])
def test_phrases_that_name_nobody(words: str, lang: str | None, label: str | None) -> None:
    assert unnamed_label(words, lang) == label


def test_kinds() -> None:
    def q(words: str, **extra: object) -> dict[str, object]:
        return {"speaker": {"text": words}, "speaker_name": words, **extra}

    assert speaker_kind(q("Berichten"), "de") == UNNAMED
    assert speaker_kind(q("er"), "de") == UNRESOLVED
    assert speaker_kind(q("Der Hafenbetreiber"), "de") == PHRASE
    assert speaker_kind(q("Weber", speaker_entity_id=3), "de") == ENTITY


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unnamed")
    (folder / "de.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "en.txt").write_text(ENGLISH, encoding="utf-8")
    path = folder / "q.db"
    result = runner.invoke(app, ["ingest", str(folder / "de.txt"), str(folder / "en.txt"), "--db", str(path),
                                 "--date", "2026-11-20"])
    assert result.exit_code == 0, result.output
    return path


def test_cli_quotes_say_unnamed_reports_not_a_speaker(db: Path) -> None:
    out = runner.invoke(app, ["quotes", "--db", str(db)], env={"COLUMNS": "200"}).output
    assert "unnamed reports" in out and "(“Übereinstimmenden" in out  # the words as written beside it
    assert "unnamed sources" in out
    rows = json.loads(runner.invoke(app, ["quotes", "--db", str(db), "--json"]).stdout)
    assert {q["speaker_name"] for q in rows} >= {"Jan Weber"}  # the data keeps the words as written


def test_article_page_shows_unnamed_reports_apart_from_people(db: Path) -> None:
    with TestClient(create_app(db)) as client:
        page = client.get("/articles/1").text
    assert '<i class="unnamed">unnamed reports</i>' in page
    assert "(“Übereinstimmenden Medienberichten”)" in page
    assert ">Übereinstimmenden Medienberichten</a>" not in page  # never a link like a speaker's
    assert "said by</span> unnamed reports" in page
