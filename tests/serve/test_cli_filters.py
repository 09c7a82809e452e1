"""`quotes`, `figures` and `stories` take the API's filters, with the same names and answers as
/api/v1/attributions, /api/v1/figures and /api/v1/stories."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from quotetrail.serve.cli import app
from quotetrail.serve.web import create_app
from tests.serve.test_exports import ferry_db

runner = CliRunner()

# A story of its own (written for this test): nothing in it is shared with the ferry articles.
ORCHARD = {"url": "https://valley.example/orchard", "title": "Frost hits the orchards", "date": "2026-04-20",
           "source": "Valley Courier", "lang": "en",
           "text": "Frost damaged the apple blossom in the valley overnight.\n\n\"Half of this year's harvest is gone,\" "
                   "grower Tobias Renner said."}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("filters")
    path = ferry_db(folder)
    extra = folder / "orchard.jsonl"
    extra.write_text(json.dumps(ORCHARD) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(extra), "--db", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def _cli(db: Path, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _api(client: TestClient, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    got = client.get(path, params={**params, "limit": 200})
    assert got.status_code == 200, got.text
    return got.json()["items"]


QUOTE_FILTERS = [
    {"site": "Coast Ledger"}, {"since": "2026-03-03"}, {"until": "2026-03-03"}, {"form": "direct"},
    {"form": "indirect"}, {"speaker": "Lindqvist", "since": "2026-03-03", "until": "2026-03-04"},
    {"text": "crews"}, {"article_id": 1}, {"lang": "de"},
]


@pytest.mark.parametrize("filters", QUOTE_FILTERS, ids=lambda f: ",".join(f))
def test_quotes_filters_answer_as_the_api_does(db: Path, client: TestClient, filters: dict[str, Any]) -> None:
    flags = [x for k, v in filters.items()
             for x in (f"--{ {'article_id': 'article'}.get(k, k)}", str(v))]
    api = _api(client, "/api/v1/attributions", {{"text": "q"}.get(k, k): v for k, v in filters.items()})
    cli = _cli(db, "quotes", *flags)
    assert [q["id"] for q in cli] == [q["id"] for q in api]
    everything = _cli(db, "quotes")
    assert 0 < len(cli) < len(everything) or filters == {"form": "direct"}, "each filter keeps some, drops some"


@pytest.mark.parametrize("filters", [{"until": "2026-03-04"}, {"article_id": 2}, {"since": "2026-03-05"}],
                         ids=lambda f: ",".join(f))
def test_figures_filters_answer_as_the_api_does(db: Path, client: TestClient, filters: dict[str, Any]) -> None:
    flags = [x for k, v in filters.items() for x in (f"--{ {'article_id': 'article'}.get(k, k)}", str(v))]
    cli = _cli(db, "figures", *flags)
    assert [f["id"] for f in cli] == [f["id"] for f in _api(client, "/api/v1/figures", filters)]
    assert 0 < len(cli) < len(_cli(db, "figures"))


@pytest.mark.parametrize(("args", "message"), [
    (["quotes", "--since", "20260303"], "Error: --since '20260303' is not a date; use YYYY-MM-DD"),
    (["figures", "--until", "2026-02-30"], "Error: --until '2026-02-30' is not a date; use YYYY-MM-DD"),
    (["quotes", "--form", "poem"], "Error: --form 'poem': use direct, indirect, free_indirect, reported"),
])
def test_a_bad_filter_is_one_line_not_an_empty_answer(db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 1 and result.stderr.strip() == message


def test_stories_lists_single_article_stories_as_the_web_page_does(db: Path, client: TestClient) -> None:
    cli = _cli(db, "stories")
    assert [s["id"] for s in cli] == [s["id"] for s in _api(client, "/api/v1/stories", {})]
    single = next(s for s in cli if s["size"] == 1 and s["articles"][0]["title"] == ORCHARD["title"])
    assert f'href="/stories/{single["id"]}"' in client.get("/stories").text
    assert all(s["size"] >= 2 for s in _cli(db, "stories", "--min-articles", "2"))
    assert _cli(db, "stories", "--all") == cli  # the old flag still works
    assert "1 article, 2026-04-20" in runner.invoke(app, ["stories", "--db", str(db)]).stdout  # not "1 articles"
