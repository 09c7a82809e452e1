"""The command line through typer's runner: output snippets, exact error lines, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotetrail.serve.cli import app

runner = CliRunner()

GERMAN = """Stadtrat streitet über Brücke

Beispielblatt - 12 November 2026 08:15

Bürgermeisterin Eva Roth sagte am Dienstag: „Die Brücke wird gebaut.“

Sie betonte, dass die Kosten bei rund 4,5 Mio. Euro lägen.

2 Min. Lesezeit
"""
ENGLISH = """Council approves new bus lanes

Transport chief Daniel Moore said on Tuesday: "These lanes will cut journey times in half."

According to the council, more than 4,000 commuters use the route every day.
"""
HOSTILE = """[bold red]Gefahr[/] <script>alert(1)</script>

Der Sprecher Tom Kahl sagte, [link=http://x]hier[/link] sei nichts passiert.
"""
QUOTE_KEYS = {"id", "article_id", "form", "speaker_name", "speaker_entity_id", "speaker_entity_name", "principal_name", "principal_entity_id", "principal", "sentence", "content", "cue", "cue_parts", "cue_text", "speaker", "speaker_ref",
              "medium", "intermediary", "date", "article", "made_by"}
FIGURE_KEYS = {"id", "article_id", "span", "value", "value_high", "comparator", "unit", "counted", "scope",
               "hedge", "attribution_id", "claimed_by", "claimed_by_entity", "claim_form", "predicates",
               "subject", "article"}


def _run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


_OURS = re.compile(r"^(Error: |error: |\d+ added, )")


def _stderr(result) -> list[str]:  # type: ignore[no-untyped-def]
    """What quotetrail wrote to stderr, line by line. Filtered because a server thread left by
    another test may print its own traceback into whatever stderr is captured at the time."""
    return [line for line in result.stderr.splitlines() if _OURS.match(line)]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_de.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "b_en.txt").write_text(ENGLISH, encoding="utf-8")
    return folder


@pytest.fixture
def db(tmp_path: Path, inputs: Path) -> Path:
    path = tmp_path / "q.db"
    result = _run("ingest", str(inputs), "--db", str(path), "--date", "2026-11-12")
    assert result.exit_code == 0, result.output
    assert _stderr(result) == ["2 added, 0 already stored, 0 near-duplicate copies, 0 failed"]
    return path


def _json(*args: str):  # type: ignore[no-untyped-def]
    result = _run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_again_changes_nothing(db: Path, inputs: Path) -> None:
    assert _json("ingest", str(inputs), "--db", str(db)) == {
        "added": [], "duplicates": 2, "copies": 0, "failed": 0, "failures": [], "notes": []}


def test_ingest_failure_exit_code_and_line(db: Path, tmp_path: Path, inputs: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = _run("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "gone.txt"), str(inputs), "--db", str(db))
    assert result.exit_code == 1
    assert _stderr(result) == [
        f"error: {tmp_path / 'empty.txt'}: empty: no text to ingest",
        f"error: {tmp_path / 'gone.txt'}: no such file or directory",
        "0 added, 2 already stored, 0 near-duplicate copies, 2 failed",
    ]


def test_ingest_rejects_a_bad_date_before_work(tmp_path: Path, inputs: Path) -> None:
    result = _run("ingest", str(inputs), "--db", str(tmp_path / "x.db"), "--date", "12.11.2026")
    assert result.exit_code == 1
    assert _stderr(result) == ["Error: --date '12.11.2026' is not a date; use YYYY-MM-DD"]


@pytest.mark.parametrize(("lang", "speaker", "content"), [
    ("de", "Eva Roth", "Die Brücke wird gebaut."),
    ("en", "Daniel Moore", "These lanes will cut journey times in half."),
])
def test_quotes_json_by_language(db: Path, lang: str, speaker: str, content: str) -> None:
    quotes = _json("quotes", "--db", str(db), "--lang", lang)
    assert quotes and all(set(q) == QUOTE_KEYS and q["article"]["lang"] == lang for q in quotes)
    [direct] = [q for q in quotes if q["form"] == "direct"]
    assert (direct["speaker_name"], direct["content"]["text"]) == (speaker, content)
    assert direct["date"]["value"] == "2026-11-10"  # "am Dienstag" / "on Tuesday" before the 12th


def test_quotes_show_pronoun_speaker_with_its_name(db: Path) -> None:
    [pronoun] = [q for q in _json("quotes", "--db", str(db)) if q["speaker"]["text"] == "Sie"]
    assert pronoun["speaker_name"] == "Eva Roth"
    shown = _run("quotes", "--db", str(db), "--speaker", "Roth", "--lang", "de")
    assert shown.exit_code == 0
    assert "Eva Roth (“Sie”)" in shown.stdout
    assert "betonte" in shown.stdout and "indirect" in shown.stdout and "@" in shown.stdout


def test_quotes_filters(db: Path) -> None:
    assert _json("quotes", "--db", str(db), "--speaker", "Kahl") == []
    assert {q["speaker_name"] for q in _json("quotes", "--db", str(db), "--speaker", "moore")} == {"Daniel Moore"}
    assert _json("quotes", "--db", str(db), "--since", "2026-11-13") == []
    assert len(_json("quotes", "--db", str(db), "--limit", "1")) == 1
    bad = _run("quotes", "--db", str(db), "--since", "not-a-date")
    assert bad.exit_code == 1 and _stderr(bad) == ["Error: --since 'not-a-date' is not a date; use YYYY-MM-DD"]
    assert _run("quotes", "--db", str(db)).stdout.count("article ") >= 3
    assert _run("quotes", "--db", str(db), "--speaker", "Kahl").stdout.strip() == "No attributions match."


@pytest.mark.parametrize(("value", "comparator", "shown", "claimed_by"), [
    (4_500_000, "~", "≈ 4,500,000 EUR", "Eva Roth"),
    (4_000, ">", "> 4,000", "the council"),
])
def test_figures(db: Path, value: float, comparator: str, shown: str, claimed_by: str) -> None:
    figures = _json("figures", "--db", str(db))
    assert all(set(f) == FIGURE_KEYS for f in figures)
    [fig] = [f for f in figures if f["value"] == value]
    assert (fig["comparator"], fig["claimed_by"]) == (comparator, claimed_by)
    assert shown in _run("figures", "--db", str(db)).stdout


def test_article_view_and_json(db: Path) -> None:
    article = _json("article", "1", "--db", str(db))
    text = article["text"]
    assert "Lesezeit" not in text and article["dropped"]
    for q in article["attributions"]:
        for key in ("content", "cue", "speaker"):
            if q[key]:
                assert text[q[key]["start"] : q[key]["end"]] == q[key]["text"]
    shown = _run("article", "1", "--db", str(db))
    assert shown.exit_code == 0
    assert "site: Beispielblatt" in shown.stdout and "boilerplate lines removed" in shown.stdout
    assert "Bürgermeisterin Eva Roth sagte am Dienstag" in shown.stdout
    missing = _run("article", "99", "--db", str(db))
    assert missing.exit_code == 1 and _stderr(missing) == ["Error: no article with id 99"]


def test_article_explain_says_which_rule_found_each_statement(db: Path) -> None:
    article = _json("article", "1", "--db", str(db))
    made = {q["content"]["text"]: q["made_by"] for q in article["attributions"]}
    assert made["Die Brücke wird gebaut."].split(" + ")[0] == "verb_quote"
    shown = runner.invoke(app, ["article", "1", "--db", str(db), "--explain"], env={"COLUMNS": "300"})
    assert shown.exit_code == 0
    assert "How each attribution was found" in shown.stdout
    assert "verb_quote: a quotation attached to a speech verb" in shown.stdout
    assert "How each attribution" not in _run("article", "1", "--db", str(db)).stdout


@pytest.mark.parametrize(("query", "article_id", "hit"), [("Brücken", 1, "Brücke"), ("lane", 2, "lanes")])
def test_search(db: Path, query: str, article_id: int, hit: str) -> None:
    hits = _json("search", query, "--db", str(db))
    assert hits and {h["article_id"] for h in hits} == {article_id}
    assert any(h["quote"] for h in hits)  # the direct quote contains the word too
    for h in hits:
        assert all(h["snippet"][s:e].casefold() == hit.casefold() for s, e in h["highlights"])
    shown = _run("search", query, "--db", str(db))
    assert f"article {article_id}" in shown.stdout and "[quote]" in shown.stdout
    assert _run("search", "Zeppelin", "--db", str(db)).stdout.strip() == "No matches."


def test_export(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    assert _run("export", "--format", "csv", "--out", str(out), "--db", str(db)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {"Eva Roth", "Daniel Moore"} <= {r["speaker_name"] for r in rows}
    lines = _run("export", "--db", str(db)).stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [1, 2]
    bad = _run("export", "--format", "xml", "--db", str(db))
    assert bad.exit_code == 1 and _stderr(bad) == ["Error: --format 'xml' is not supported; use csv, json, jsonl, parquet, jsonld"]


@pytest.mark.parametrize("command", [["quotes"], ["figures"], ["article", "1"], ["search", "x"], ["export"]])
def test_missing_database_is_one_line(tmp_path: Path, command: list[str]) -> None:
    result = _run(*command, "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert _stderr(result) == [f"Error: no database at {tmp_path / 'none.db'}; run `quotetrail ingest` first"]
    assert "quotetrail/serve" not in result.stderr  # no traceback of ours
    assert not (tmp_path / "none.db").exists()  # a read never creates one


def test_database_from_environment(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTETRAIL_DB", str(db))
    assert _json("quotes")
    monkeypatch.setenv("QUOTETRAIL_DB", str(db.parent / "other.db"))
    assert _stderr(_run("quotes"))[0].startswith(f"Error: no database at {db.parent / 'other.db'}")


def test_newer_database_is_refused_in_one_line(db: Path) -> None:
    import sqlite3

    with sqlite3.connect(db) as con:
        con.execute("PRAGMA user_version = 999")
    result = _run("quotes", "--db", str(db))
    assert result.exit_code == 1
    [line] = _stderr(result)
    assert "newer than this quotetrail knows" in line


def test_article_markup_is_printed_literally(tmp_path: Path) -> None:
    (tmp_path / "h.txt").write_text(HOSTILE, encoding="utf-8")
    path = tmp_path / "h.db"
    assert _run("ingest", str(tmp_path / "h.txt"), "--db", str(path), "--lang", "de").exit_code == 0
    shown = _run("article", "1", "--db", str(path)).stdout
    assert "[bold red]Gefahr[/]" in shown
    assert "[link=http://x]hier[/link]" in shown
    assert "<script>alert(1)</script>" in shown
    listed = _run("quotes", "--db", str(path)).stdout
    assert "[link=http://x]hier[/link]" in listed


def test_eval_subcommand_is_mounted() -> None:
    result = _run("eval", "--help")
    assert result.exit_code == 0 and "spkatt" in result.stdout


def test_database_in_a_missing_folder_is_one_line(tmp_path: Path, inputs: Path) -> None:
    path = tmp_path / "no" / "such" / "q.db"
    result = _run("ingest", str(inputs), "--db", str(path))
    assert result.exit_code == 1
    assert _stderr(result) == [
        f"Error: cannot open database {path}: unable to open database file; "
        "check that its folder exists and is writable"
    ]


def test_article_explain_says_how_a_description_was_tied_to_a_name(tmp_path: Path) -> None:
    src = tmp_path / "fund.txt"
    src.write_text("The International Lending Fund cut its growth forecast on Tuesday.\n\n"
                   "The fund said [trade] would slow.\n", encoding="utf-8")
    path = tmp_path / "f.db"
    assert _run("ingest", str(src), "--db", str(path), "--date", "2026-11-12").exit_code == 0
    shown = runner.invoke(app, ["article", "1", "--db", str(path), "--explain"], env={"COLUMNS": "300"})
    assert shown.exit_code == 0
    assert "International Lending Fund ← “The fund” (organisation kind)" in shown.stdout
    assert "verb_clause: the clause after a speech verb" in shown.stdout


def test_search_marks_a_guessed_publication_year(tmp_path: Path) -> None:
    from quotetrail.store import SQLiteStore
    from tests.conftest import make_document

    db = tmp_path / "guessed.db"
    store = SQLiteStore(db)
    store.add(make_document(title="Ohne Jahr", inferred={"published"}))
    store.close()
    shown = _run("search", "Häuser", "--db", str(db)).stdout
    assert shown.count("2026-11-16 (year guessed)") == 2  # the article and the quote


def test_search_names_a_spokespersons_principal_apart(tmp_path: Path) -> None:
    # the spokesman's words turn up in search as his, on behalf of the minister: never hers
    text = tmp_path / "behalf.txt"
    text.write_text("Die Ministerin Eva Roth besuchte am Montag den Hafen. Ein Sprecher von Roth sagte, "
                    "die Deiche hielten dem Hochwasser stand.", encoding="utf-8")
    db = str(tmp_path / "b.db")
    assert _run("ingest", str(text), "--db", db, "--lang", "de").exit_code == 0
    out = _run("search", "Deiche", "--db", db).output
    assert "Ein Sprecher von Roth (on behalf of Eva Roth)" in " ".join(out.split())
