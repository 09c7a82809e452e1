"""`quotetrail export`: one trail, claim group or story (or everything) as CSV, JSON, JSON Lines,
Parquet and JSON-LD; every row's offsets point at its text in the stored article."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from quotetrail.serve.cli import app
from quotetrail.serve.exports import Export, write_csv, write_json
from quotetrail.store import open_store

runner = CliRunner()

# Three short articles written for these tests: one captain quoted in all three, one quote
# repeated word for word, one figure repeated with its comparator changed.
ARTICLES = [
    {"url": "https://post.example/ferry-1", "title": "Ferry timetable cut", "date": "2026-03-02",
     "source": "Harbour Post", "lang": "en",
     "text": "The ferry company cut its timetable on Monday.\n\n\"We have no crews left for the night crossings,\" "
             "captain Mara Lindqvist said on Monday. According to the operator, about 1,200 passengers were stranded."},
    {"url": "https://ledger.example/ferry-2", "title": "Passengers stranded at the pier", "date": "2026-03-04",
     "source": "Coast Ledger", "lang": "en",
     "text": "Ferry passengers waited for hours at the pier.\n\n\"We have no crews left for the night crossings,\" "
             "Mara Lindqvist told reporters. More than 1,200 passengers were stranded, the port authority said."},
    {"url": "https://kueste.example/faehre-3", "title": "Reederei streicht Nachtfahrten", "date": "2026-03-05",
     "source": "Küstenblatt", "lang": "de",
     "text": "Die Reederei strich am Montag mehrere Fahrten.\n\nKapitänin Mara Lindqvist sagte am Dienstag, man habe "
             "keine Besatzungen mehr für die Nachtfahrten. Rund 1.200 Fahrgäste saßen nach Angaben der Reederei fest."},
]
CERTAINTIES = {"given", "relative", "guessed", "published", "published, year guessed"}


def ferry_db(folder: Path) -> Path:
    """A store of ARTICLES, analysed by the real pipeline (the web download tests share it)."""
    source = folder / "ferry.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(source), "--db", str(folder / "q.db"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return folder / "q.db"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ferry_db(tmp_path_factory.mktemp("exports"))


def _run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def _texts(db: Path) -> dict[int, str]:
    with open_store(db) as store:
        return {a["id"]: a["text"] for a in store.export()}


def _groups(db: Path, kind: str) -> list[dict[str, Any]]:
    result = _run("claims", "--db", str(db), "--kind", kind, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _read(fmt: str, path: Path) -> list[dict[str, Any]]:
    """Rows back from a written export, values as the format keeps them."""
    if fmt == "csv":
        return _csv_rows(path.read_text(encoding="utf-8"))
    if fmt == "json":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["columns"] == list(data["rows"][0]) if data["rows"] else True
        return data["rows"]
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def _csv_rows(text: str) -> list[dict[str, Any]]:
    ints = ("article_id", "content_start", "content_end", "speaker_start", "speaker_end", "claim_start", "claim_end")
    return [{k: (int(v) if k in ints and v else v or None) for k, v in r.items()}
            for r in csv.DictReader(io.StringIO(text))]


def assert_offsets_hold(rows: list[dict[str, Any]], texts: dict[int, str]) -> None:
    """Each row's content, speaker and claim are exactly the stored text at its offsets."""
    for r in rows:
        text = texts[r["article_id"]]
        assert text[r["content_start"]:r["content_end"]] == r["content"]
        if r["speaker"] is not None:
            assert text[r["speaker_start"]:r["speaker_end"]] == r["speaker"]
        if r.get("claim") is not None:
            assert text[r["claim_start"]:r["claim_end"]] == r["claim"]


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet"])
def test_a_trail_export_reads_back_with_offsets_into_the_stored_text(db: Path, tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow", reason="the parquet extra is not installed")
    out = tmp_path / f"trail.{fmt}"
    result = _run("export", "--trail", "Lindqvist", "--format", fmt, "--out", str(out), "--db", str(db))
    assert result.exit_code == 0, result.output
    rows = _read(fmt, out)
    assert len(rows) == 3 and {r["speaker_name"] for r in rows} == {"Mara Lindqvist"}
    assert {r["site"] for r in rows} == {"Harbour Post", "Coast Ledger", "Küstenblatt"}
    assert {r["url"] for r in rows} == {a["url"] for a in ARTICLES}
    assert all(r["statement_date"] and r["date_certainty"] in CERTAINTIES for r in rows)
    # "said on Monday" in an article of Monday 2 March: the date the text gives, resolved
    said = next(r for r in rows if r["site"] == "Harbour Post")
    assert (said["statement_date"], said["date_certainty"], said["date_text"]) == ("2026-03-02", "relative", "on Monday")
    assert_offsets_hold(rows, _texts(db))


def test_a_claim_group_export_has_the_figure_fields_and_the_group(db: Path) -> None:
    group = next(g for g in _groups(db, "figure") if g["articles"] > 1)
    result = _run("export", "--claim", str(group["id"]), "--format", "jsonl", "--db", str(db))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == group["size"] and {r["group_id"] for r in rows} == {group["id"]}
    assert {r["value"] for r in rows} == {1200.0}
    assert {r["comparator"] for r in rows} >= {">"}  # "More than 1,200" in the second article
    assert all(r["figure_id"] and r["claimant"] for r in rows)
    assert_offsets_hold(rows, _texts(db))


def test_a_quote_group_exports_as_a_claim_review_without_a_rating(db: Path) -> None:
    group = next(g for g in _groups(db, "quote") if g["articles"] > 1)
    result = _run("export", "--claim", str(group["id"]), "--format", "jsonld", "--db", str(db))
    assert result.exit_code == 0, result.output
    review = json.loads(result.stdout)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert "reviewRating" not in review  # the fact-checker's judgement, not ours
    assert review["claimReviewed"] == "We have no crews left for the night crossings"
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim" and claim["author"] == {"@type": "Person", "name": "Mara Lindqvist"}
    assert [a["url"] for a in claim["appearance"]] == ["https://post.example/ferry-1", "https://ledger.example/ferry-2"]
    assert claim["firstAppearance"]["datePublished"] == "2026-03-02"
    assert claim["appearance"][1]["publisher"] == {"@type": "Organization", "name": "Coast Ledger"}


def test_all_claim_groups_as_json_ld_are_a_list(db: Path) -> None:
    result = _run("export", "--format", "jsonld", "--db", str(db))
    assert result.exit_code == 0, result.output
    reviews = json.loads(result.stdout)
    recurring = _groups(db, "figure") + _groups(db, "quote")
    assert len(reviews) == len(recurring) >= 2
    assert all(r["@type"] == "ClaimReview" and len(r["itemReviewed"]["appearance"]) >= 2 for r in reviews)


def test_a_story_export_holds_the_statements_of_its_articles(db: Path) -> None:
    stories = json.loads(_run("stories", "--db", str(db), "--json").stdout)
    story = max(stories, key=lambda s: s["size"])
    result = _run("export", "--story", str(story["id"]), "--format", "csv", "--db", str(db))
    assert result.exit_code == 0, result.output
    rows = _csv_rows(result.stdout)
    assert {r["article_id"] for r in rows} == {a["id"] for a in story["articles"] if _has_statements(db, a["id"])}
    assert_offsets_hold(rows, _texts(db))


def _has_statements(db: Path, article_id: int) -> bool:
    with open_store(db) as store:
        return bool(store.quotes(article_id=article_id))


def test_the_csv_of_everything_gains_site_url_and_statement_date(db: Path) -> None:
    result = _run("export", "--format", "csv", "--db", str(db))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"site", "url", "statement_date", "date_certainty", "speaker_name", "content_start"} <= set(rows[0])
    with open_store(db) as store:
        assert len(rows) == sum(len(a["attributions"]) for a in store.export())
    assert all(r["url"] and r["site"] and r["date_certainty"] in CERTAINTIES for r in rows)


def test_parquet_of_everything_writes_one_file_per_table(db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="the parquet extra is not installed")
    out = tmp_path / "tables"
    result = _run("export", "--format", "parquet", "--out", str(out), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "articles.parquet", "attributions.parquet", "dates.parquet", "figures.parquet", "mentions.parquet"]
    articles = pq.read_table(out / "articles.parquet").to_pylist()
    assert [a["url"] for a in articles] == [a["url"] for a in ARTICLES]
    texts = {a["article_id"]: a["text"] for a in articles}
    assert_offsets_hold(pq.read_table(out / "attributions.parquet").to_pylist(), texts)
    for table in ("figures", "mentions", "dates"):
        rows = pq.read_table(out / f"{table}.parquet").to_pylist()
        assert rows and all(texts[r["article_id"]][r["start"]:r["end"]] == r["text"] for r in rows)


def test_parquet_without_pyarrow_names_the_extra(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    result = _run("export", "--trail", "Lindqvist", "--format", "parquet", "--out", str(tmp_path / "t.parquet"),
                  "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr == "Error: --format parquet needs pyarrow: pip install 'quotetrail[parquet]'\n"
    assert not (tmp_path / "t.parquet").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--claim", "999"], "no claim group with id 999; see `quotetrail claims`"),
    (["--story", "999"], "no story with id 999; see `quotetrail stories`"),
    (["--trail", "Nobody Known"], "no speaker called 'Nobody Known'; see `quotetrail speakers --all`"),
    (["--claim", "1", "--story", "1"], "--claim and --story: give only one of --trail, --claim, --story"),
    (["--trail", "Lindqvist", "--format", "jsonld"], "--format jsonld describes claim groups: use it with --claim ID or alone"),
    (["--format", "xml"], "--format 'xml' is not supported; use csv, json, jsonl, parquet, jsonld"),
])
def test_a_bad_request_is_one_line_and_keeps_an_earlier_file(db: Path, tmp_path: Path, args: list[str],
                                                              message: str) -> None:
    out = tmp_path / "earlier.csv"
    out.write_text("an earlier export\n", encoding="utf-8")
    result = _run("export", *args, "--out", str(out), "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert out.read_text(encoding="utf-8") == "an earlier export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["earlier.csv"]  # no partial file left


def test_parquet_needs_a_file_to_write(db: Path) -> None:
    result = _run("export", "--trail", "Lindqvist", "--format", "parquet", "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --format parquet writes files: give --out FILE")


def test_csv_cells_that_look_like_formulas_are_kept_as_text() -> None:
    rows = [{"content": "=HYPERLINK(\"http://x.example\")", "speaker": "+49 000", "site": "Plain"}]
    stream = io.StringIO()
    write_csv(Export("all", "x", [("content", "str"), ("speaker", "str"), ("site", "str")], rows), stream)
    back = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert back == [{"content": "'=HYPERLINK(\"http://x.example\")", "speaker": "'+49 000", "site": "Plain"}]


@pytest.mark.parametrize("rows", [[], [{"content": "eins"}, {"content": "zwei"}]])
def test_json_is_one_valid_document_with_or_without_rows(rows: list[dict[str, Any]]) -> None:
    stream = io.StringIO()
    write_json(Export("story", "x", [("content", "str")], rows, {"story": {"id": 3}}), stream)
    assert json.loads(stream.getvalue()) == {"export": "story", "story": {"id": 3}, "columns": ["content"],
                                            "rows": rows}


class _Broken:
    """A store that fails after its first article, as a disk or a dropped connection might."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def export(self) -> Any:
        for i, article in enumerate(self.store.export()):
            if i == 1:
                raise OSError("disk gone")
            yield article


def test_a_failed_parquet_export_leaves_the_earlier_files_as_they_were(db: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="the parquet extra is not installed")
    from quotetrail.serve.exports import all_export, write_parquet, write_parquet_tables

    (tmp_path / "tables").mkdir()
    earlier = {name: b"earlier " + name.encode() for name in ("articles", "attributions")}
    for name, body in earlier.items():
        (tmp_path / "tables" / f"{name}.parquet").write_bytes(body)
    (tmp_path / "one.parquet").write_bytes(b"earlier one")
    with open_store(db) as store:
        with pytest.raises(OSError):
            write_parquet_tables(_Broken(store), tmp_path / "tables")
        with pytest.raises(OSError):
            write_parquet(all_export(_Broken(store)), tmp_path / "one.parquet")
    assert {p.name: p.read_bytes() for p in (tmp_path / "tables").iterdir()} == {
        f"{name}.parquet": body for name, body in earlier.items()}
    assert (tmp_path / "one.parquet").read_bytes() == b"earlier one"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_an_out_file_in_a_missing_folder_is_one_plain_line(db: Path, tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow", reason="the parquet extra is not installed")
    out = tmp_path / "missing" / f"t.{fmt}"
    result = _run("export", "--trail", "Lindqvist", "--format", fmt, "--out", str(out), "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {out}: there is no folder {out.parent}\n"
