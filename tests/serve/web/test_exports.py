"""Download links and permalinks on the web: the same rows as `quotetrail export`, offsets
that slice the stored text, safe file names, and links that find a statement or claim group."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from quotetrail.serve.web import create_app
from quotetrail.store import open_store
from tests.serve.test_exports import ARTICLES, assert_offsets_hold, ferry_db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ferry_db(tmp_path_factory.mktemp("web-exports"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


@pytest.fixture(scope="module")
def stored(db: Path) -> dict[str, Any]:
    with open_store(db) as store:
        return {"texts": {a["id"]: a["text"] for a in store.export()},
                "speaker": store.find_speaker("Lindqvist")[0],
                "groups": store.claim_groups(limit=100), "stories": store.stories(limit=10),
                "quotes": store.quotes(limit=100)}


def _csv(text: str) -> list[dict[str, Any]]:
    ints = {"article_id", "content_start", "content_end", "speaker_start", "speaker_end", "claim_start", "claim_end"}
    return [{k: int(v) if k in ints and v else v or None for k, v in r.items()} for r in csv.DictReader(io.StringIO(text))]


def test_the_speaker_page_links_its_trail_downloads_and_they_round_trip(client: TestClient,
                                                                      stored: dict[str, Any]) -> None:
    sid = stored["speaker"]["id"]
    page = client.get(f"/speakers/{sid}").text
    assert f'href="/speakers/{sid}/trail.csv"' in page and f'href="/speakers/{sid}/trail.json"' in page
    got = client.get(f"/speakers/{sid}/trail.csv")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert got.headers["content-disposition"] == f'attachment; filename="trail-{sid}-mara-lindqvist.csv"'
    rows = _csv(got.text)
    assert {r["url"] for r in rows} == {a["url"] for a in ARTICLES}
    assert_offsets_hold(rows, stored["texts"])
    as_json = client.get(f"/speakers/{sid}/trail.json").json()
    assert as_json["speaker"]["id"] == sid and len(as_json["rows"]) == len(rows)
    assert_offsets_hold(as_json["rows"], stored["texts"])


def test_a_claim_group_page_links_csv_json_and_claim_review(client: TestClient, stored: dict[str, Any]) -> None:
    group = stored["groups"][0]
    page = client.get(f"/claims/{group['id']}").text
    for fmt in ("csv", "json", "jsonld"):
        assert f'href="/claims/{group["id"]}.{fmt}"' in page
    rows = client.get(f"/claims/{group['id']}.json").json()["rows"]
    assert {r["group_id"] for r in rows} == {group["id"]} and len(rows) == group["size"]
    assert_offsets_hold(rows, stored["texts"])
    review = client.get(f"/claims/{group['id']}.jsonld")
    assert review.headers["content-type"].startswith("application/ld+json")
    body = review.json()
    assert body["@type"] == "ClaimReview" and "reviewRating" not in body
    assert body["url"].startswith("http://testserver/claims/")  # the group's permalink, absolute


def test_a_story_downloads_the_statements_of_its_articles(client: TestClient, stored: dict[str, Any]) -> None:
    story = stored["stories"][0]
    assert f'href="/stories/{story["id"]}.csv"' in client.get(f"/stories/{story['id']}").text
    got = client.get(f"/stories/{story['id']}.csv")
    name = re.fullmatch(r'attachment; filename="([a-z0-9.-]+)"', got.headers["content-disposition"])
    assert name and name.group(1).startswith(f"story-{story['id']}")
    rows = _csv(got.text)
    assert {r["article_id"] for r in rows} <= {a["id"] for a in story["articles"]} and rows
    assert_offsets_hold(rows, stored["texts"])


@pytest.mark.parametrize("path", ["/claims/999.csv", "/stories/999.json", "/speakers/999/trail.csv",
                                  "/statements/999", "/claims/figure/999", "/claims/statement/999"])
def test_an_unknown_id_is_a_404_that_says_so(client: TestClient, path: str) -> None:
    got = client.get(path, follow_redirects=False)
    assert got.status_code == 404 and "999" in got.text


def test_an_unknown_format_is_refused(client: TestClient, stored: dict[str, Any]) -> None:
    assert client.get(f"/claims/{stored['groups'][0]['id']}.xml").status_code == 422
    assert client.get(f"/stories/{stored['stories'][0]['id']}.jsonld").status_code == 422


def test_a_statement_permalink_lands_on_its_anchor_in_the_article(client: TestClient, stored: dict[str, Any]) -> None:
    q = stored["quotes"][0]
    got = client.get(f"/statements/{q['id']}", follow_redirects=False)
    assert got.status_code == 302 and got.headers["location"] == f"/articles/{q['article_id']}#q{q['id']}"
    assert f'id="q{q["id"]}"' in client.get(got.headers["location"]).text


def test_a_claim_permalink_finds_the_group_by_its_earliest_member(client: TestClient, stored: dict[str, Any]) -> None:
    for group in stored["groups"]:
        page = client.get(f"/claims/{group['id']}").text
        link = re.search(r'href="([^"]+)" rel="bookmark"', page)
        assert link, "the claim page shows its permalink"
        first = group["first"]
        kind = "figure" if group["kind"] == "figure" else "statement"
        assert link.group(1).replace("&amp;", "&").startswith(f"/claims/{kind}/{first['id']}")
        got = client.get(link.group(1).replace("&amp;", "&"), follow_redirects=False)
        assert got.status_code == 302 and got.headers["location"] == f"/claims/{group['id']}"
