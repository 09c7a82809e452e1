"""The CLI and the HTTP API answer the same from a PostgreSQL store as from a SQLite one: the
examples ingested into each (as a user does, `quotetrail ingest examples --db …`), then every
read command and its API route compared. Search compares what is found; its order and
snippets come from each database's own ranking (BM25 on SQLite, ts_rank on PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from quotetrail.serve.cli import app
from quotetrail.serve.web import create_app

READS = [["quotes", "--limit", "100"], ["figures", "--limit", "100"], ["speakers"], ["claims"],
         ["stories", "--all"], ["article", "3"], ["trail", "Keller"], ["sources"]]
SEARCHES = ["Hafen", "Streik", "strike", "Container warten", "sagen", "Gewerkschaft"]


def _cli(args: list[str], db: str | Path) -> Any:
    result = CliRunner().invoke(app, [*args, "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("args", READS, ids=lambda a: a[0])
def test_cli_reads_answer_the_same_on_both_stores(args: list[str], examples_sqlite: Path, examples_pg: str) -> None:
    assert _cli(args, examples_pg) == _cli(args, examples_sqlite)


def _found(results: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    return sorted((r["kind"], r["article_id"], r.get("attribution_id") or 0) for r in results)


@pytest.mark.parametrize("query", SEARCHES)
def test_cli_search_finds_the_same_on_both_stores(query: str, examples_sqlite: Path, examples_pg: str) -> None:
    found = _found(_cli(["search", query, "--limit", "100"], examples_pg))
    assert found and found == _found(_cli(["search", query, "--limit", "100"], examples_sqlite))


@pytest.fixture(scope="module")
def clients(examples_sqlite: Path, examples_pg: str) -> Any:
    with TestClient(create_app(examples_sqlite, token="")) as lite, TestClient(create_app(examples_pg, token="")) as pg:
        yield lite, pg


ROUTES = ["/api/v1/articles", "/api/v1/articles/2", "/api/v1/attributions?limit=100", "/api/v1/figures",
          "/api/v1/speakers", "/api/v1/speakers/7", "/api/v1/speakers/7/trail", "/api/v1/claims",
          "/api/v1/claims/1", "/api/v1/stories", "/api/v1/stories/1", "/api/v1/sources",
          # sorted and filtered lists (store/listing.py: NOCASE sorts, missing values last)
          "/api/v1/articles?sort=title", "/api/v1/articles?sort=-site", "/api/v1/articles?sort=-published&lang=de",
          "/api/v1/speakers?sort=name", "/api/v1/speakers?sort=-last", "/api/v1/stories?sort=label"]


@pytest.mark.parametrize("route", ROUTES)
def test_api_answers_the_same_on_both_stores(route: str, clients: Any) -> None:
    lite, pg = clients
    expected = lite.get(route)
    assert expected.status_code == 200, expected.text
    assert pg.get(route).json() == expected.json()


@pytest.mark.parametrize("query", SEARCHES)
def test_api_search_finds_the_same_on_both_stores(query: str, clients: Any) -> None:
    lite, pg = clients
    answers = [c.get("/api/v1/search", params={"q": query, "limit": 100}).json() for c in (lite, pg)]
    found = [_found(a["articles"] + a["quotes"]) for a in answers]
    assert found[0] and found[1] == found[0]


PAGES = ["/", "/?sort=title", "/articles/2", "/speakers?sort=-name", "/speakers", "/speakers/7", "/claims", "/claims/1", "/stories", "/stories/1", "/sources"]


@pytest.mark.parametrize("page", PAGES)
def test_web_pages_are_the_same_on_both_stores(page: str, clients: Any) -> None:
    lite, pg = clients
    expected = lite.get(page)
    assert expected.status_code == 200
    assert pg.get(page).text == expected.text


def test_a_url_given_to_an_option_typed_path_still_opens_postgresql() -> None:
    from quotetrail.serve.cli import _db_path

    # `load --db` (batch/cli.py) takes a Path, which folds "//"
    assert _db_path(Path("postgresql://me@db.example/quotes")) == "postgresql://me@db.example/quotes"
    assert _db_path(Path("archive/postgresql:/notes.db")) == Path("archive/postgresql:/notes.db")
