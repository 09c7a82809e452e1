"""The JSON API: lists page and filter, one item by id, bad parameters are 4xx with JSON."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from quotetrail.serve.web import create_app
from tests.serve.web.fakes import FakeLinkStore


def test_articles_list_pages_and_filters(client: TestClient) -> None:
    body = client.get("/api/v1/articles", params={"limit": 2}).json()
    assert len(body["items"]) == 2 and body["next_offset"] == 2 and body["offset"] == 0
    rest = client.get("/api/v1/articles", params={"limit": 2, "offset": 2}).json()
    assert len(rest["items"]) == 1 and rest["next_offset"] is None
    ids = {a["id"] for a in body["items"] + rest["items"]}
    assert len(ids) == 3
    assert [a["site"] for a in client.get("/api/v1/articles", params={"site": "Ledger"}).json()["items"]] == ["Ledger"]
    assert {a["lang"] for a in client.get("/api/v1/articles", params={"lang": "de"}).json()["items"]} == {"de"}
    assert client.get("/api/v1/articles", params={"since": "2026-11-17"}).json()["items"] == []
    assert len(client.get("/api/v1/articles", params={"until": "2026-11-16"}).json()["items"]) == 3


def test_article_has_text_and_spans_that_point_into_it(client: TestClient) -> None:
    first = client.get("/api/v1/articles", params={"site": "Nordblatt"}).json()["items"][0]
    art = client.get(f"/api/v1/articles/{first['id']}").json()
    for q in art["attributions"]:
        c = q["content"]
        assert art["text"][c["start"]:c["end"]] == c["text"]
    for f in art["figures"]:
        assert art["text"][f["span"]["start"]:f["span"]["end"]] == f["span"]["text"]


def test_attributions_filter_by_speaker_form_date_and_words(client: TestClient) -> None:
    get = lambda **p: client.get("/api/v1/attributions", params=p).json()["items"]  # noqa: E731
    assert len(get(speaker="Roth")) == 3
    assert get(speaker="Nobody") == []
    assert len(get(form="indirect")) == 3 and get(form="direct") == []
    assert len(get(q="Häuser")) == 2  # the two German statements, by any inflection
    assert len(get(q="Haus")) == 2
    assert get(since="2026-11-14") == [] and len(get(until="2026-11-13")) == 3
    assert len(get(lang="en")) == 1


def test_figures_and_search(client: TestClient) -> None:
    figs = client.get("/api/v1/figures").json()["items"]
    assert {f["value"] for f in figs} == {300.0}
    found = client.get("/api/v1/search", params={"q": "Streik"}).json()
    assert [a["title"] for a in found["articles"]] == ["Zweiter Bericht"]
    assert found["quotes"] == []
    quotes = client.get("/api/v1/search", params={"q": "Haus", "kind": "quote"}).json()
    assert len(quotes["quotes"]) == 2 and quotes["articles"] == []
    assert client.get("/api/v1/search", params={"q": "Haus", "site": "Südkurier"}).json()["articles"][0]["title"] == "Zweiter Bericht"
    assert client.get("/api/v1/search", params={"q": "houses", "speaker": "Nobody"}).json()["quotes"] == []
    paged = client.get("/api/v1/search", params={"q": "Roth", "limit": 1}).json()
    assert len(paged["articles"]) == 1 and paged["next_offset"] == 1


def test_search_finds_hits_in_the_article_only_when_asked(client: TestClient) -> None:
    plain = client.get("/api/v1/search", params={"q": "Streik"}).json()["articles"][0]
    assert plain["hits"] == [] and plain["highlights"]
    found = client.get("/api/v1/search", params={"q": "Streik", "hits": "true"}).json()["articles"][0]
    text = client.get(f"/api/v1/articles/{found['article_id']}").json()["text"]
    assert [text[s:e] for s, e in found["hits"]] == ["Streik"]


def test_link_layer_endpoints(client: TestClient) -> None:
    speakers = client.get("/api/v1/speakers").json()["items"]
    roth = speakers[0]
    assert roth["name"] == "Eva Roth"
    assert client.get(f"/api/v1/speakers/{roth['id']}").json()["stories"]
    trail = client.get(f"/api/v1/speakers/{roth['id']}/trail").json()["items"]
    assert len(trail) == 3 and all(t["date"] for t in trail)
    assert client.get("/api/v1/claims", params={"drift": True}).json()["items"][0]["differences"]
    assert all(g["differences"] for g in client.get("/api/v1/claims", params={"drift": True}).json()["items"])
    assert len(client.get("/api/v1/claims").json()["items"]) == 2
    assert client.get("/api/v1/claims/1").json()["id"] == 1
    assert client.get("/api/v1/stories").json()["items"][0]["articles"]
    assert client.get("/api/v1/stories/1").json()["label"]


@pytest.mark.parametrize("url", [
    "/api/v1/articles/424242", "/api/v1/speakers/424242", "/api/v1/speakers/424242/trail",
    "/api/v1/claims/424242", "/api/v1/stories/424242", "/api/v1/nothing-here",
])
def test_missing_items_are_404_json(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"
    assert r.json()["error"]


@pytest.mark.parametrize("url", [
    "/api/v1/articles?limit=0", "/api/v1/articles?limit=100000", "/api/v1/articles?offset=-1",
    "/api/v1/articles?since=yesterday", "/api/v1/articles?until=2026-13-40",
    "/api/v1/articles/0", "/api/v1/articles/abc", "/api/v1/articles/99999999999999999999999",
    "/api/v1/attributions?form=shouted", "/api/v1/search", "/api/v1/search?q=", "/api/v1/search?q=x&kind=all",
    "/api/v1/claims?drift=maybe", "/api/v1/figures?article_id=-5",
])
def test_bad_parameters_are_4xx_json(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert 400 <= r.status_code < 500, r.text
    assert r.headers["content-type"] == "application/json"
    assert isinstance(r.json()["error"], str)


def test_search_syntax_is_plain_words(client: TestClient) -> None:
    for q in ['"', "NEAR(", "a AND OR", "*", "Roth)", "'; DROP TABLE articles; --"]:
        r = client.get("/api/v1/search", params={"q": q})
        assert r.status_code == 200, (q, r.text)
    assert client.get("/api/v1/articles").json()["items"]


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/speakers",
                 "/api/v1/speakers/{entity_id}/trail", "/api/v1/attributions", "/api/v1/figures",
                 "/api/v1/claims", "/api/v1/claims/{group_id}", "/api/v1/stories", "/api/v1/search",
                 "/api/v1/ingest"):
        assert path in paths
    assert not any(p.startswith("/articles") for p in paths)  # pages are not API


def test_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_only_a_bounded_search_runs_on_the_event_loop(db: Path) -> None:
    threads: list[tuple[str, str]] = []

    class Recording(FakeLinkStore):
        def search(self, query: str, **options: Any) -> list[dict[str, Any]]:
            threads.append((query, threading.current_thread().name))
            return super().search(query, **options)

    with TestClient(create_app(open_store=lambda: Recording(db))) as client:
        client.get("/api/v1/search", params={"q": "Streik"})
        client.get("/", params={"q": "Haus"})
        client.get("/api/v1/search", params={"q": "Roth", "lang": "de"})  # a filter may walk every match
        client.get("/api/v1/search", params={"q": "Eva", "hits": "true"})  # hits read each article whole
    in_worker = {query: name.startswith("AnyIO worker") for query, name in threads}
    assert in_worker == {"Streik": False, "Haus": False, "Roth": True, "Eva": True}
