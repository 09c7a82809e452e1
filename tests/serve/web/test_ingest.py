"""POST /api/v1/ingest: only with the configured bearer token; text, HTML and URLs go
through the same ingest code as the CLI, private-network URLs stay refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quotetrail.serve.web import create_app
from tests.serve.web.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT = ("Werftarbeiter legen Arbeit nieder\n\n"
        "Die Gewerkschafterin Jana Brandt sagte am Montag, rund 2.000 Beschäftigte seien im Ausstand.")


def test_without_a_configured_token_writing_is_off(db: Path) -> None:
    with TestClient(create_app(db, token="")) as c:
        r = c.post("/api/v1/ingest", json={"text": TEXT}, headers=AUTH)
    assert r.status_code == 403 and "QUOTETRAIL_TOKEN" in r.json()["error"]


def test_token_comes_from_the_environment(db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QUOTETRAIL_TOKEN", "from-env")
    with TestClient(create_app(db)) as c:
        assert c.post("/api/v1/ingest", json={"text": TEXT}, headers=AUTH).status_code == 401
        assert c.post("/api/v1/ingest", json={"text": "", "date": "2026-11-16"},
                      headers={"Authorization": "Bearer from-env"}).status_code == 422


def test_wrong_or_missing_token_is_401(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": TOKEN}, {"Authorization": "Basic " + TOKEN}):
        r = client.post("/api/v1/ingest", json={"text": TEXT}, headers=headers)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert r.json()["error"]


def test_text_is_analysed_stored_and_idempotent(client: TestClient) -> None:
    r = client.post("/api/v1/ingest", json={"text": TEXT, "date": "2026-11-16", "source": "Werftbote"}, headers=AUTH)
    assert r.status_code == 201, r.text
    (new_id,) = r.json()["added"]
    art = client.get(f"/api/v1/articles/{new_id}").json()
    assert art["site"] == "Werftbote" and art["published"] == "2026-11-16"
    assert any("Jana Brandt" in q["speaker_name"] for q in art["attributions"])
    again = client.post("/api/v1/ingest", json={"text": TEXT}, headers=AUTH).json()
    assert again["added"] == [] and again["duplicates"] == 1


def test_html_is_extracted(client: TestClient) -> None:
    html = ("<html><head><title>Hafen</title></head><body><article><h1>Hafen</h1><p>"
            + "Der Hafenmeister Olaf Jensen sagte, der Betrieb laufe wieder normal. " * 3
            + "</p></article></body></html>")
    r = client.post("/api/v1/ingest", json={"html": html, "lang": "de"}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert "Olaf Jensen" in client.get(f"/api/v1/articles/{r.json()['added'][0]}").json()["text"]


def test_private_and_odd_urls_are_refused(client: TestClient) -> None:
    r = client.post("/api/v1/ingest", json={"url": "http://127.0.0.1:9/news.html"}, headers=AUTH)
    assert r.status_code == 422 and "private" in r.json()["error"]
    assert r.json()["detail"]["failed"] == 1
    for url in ("file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/x"):
        r = client.post("/api/v1/ingest", json={"url": url}, headers=AUTH)
        assert r.status_code == 422 and "http" in r.json()["error"]


def test_exactly_one_input(client: TestClient) -> None:
    for body in ({}, {"text": TEXT, "html": "<p>x</p>"}, {"lang": "de"}):
        r = client.post("/api/v1/ingest", json=body, headers=AUTH)
        assert r.status_code == 422 and "exactly one" in r.json()["error"]
    assert client.post("/api/v1/ingest", content=b"not json", headers=AUTH).status_code == 422
    assert client.post("/api/v1/ingest", json={"text": TEXT, "lang": "German!"}, headers=AUTH).status_code == 422


BODIES = [({"text": TEXT}, None), ({"html": "<p>x</p>", "url": None, "lang": "de"}, None),
          ({"url": "https://example.org/a.html"}, None),
          ({}, "give exactly one of text, html or url (none given)"),
          ({"lang": "de", "text": None}, "give exactly one of text, html or url (none given)"),
          ({"text": TEXT, "html": "<p>x</p>"}, "give exactly one of text, html or url (got text and html)"),
          ({"text": "a", "html": "b", "url": "https://example.org/"},
           "give exactly one of text, html or url (got text, html and url)")]


def test_the_schema_says_exactly_one_input(client: TestClient) -> None:
    """What /openapi.json allows is what the server takes: a client generated from it cannot
    build a body the server refuses for want of (or a surplus of) inputs."""
    jsonschema_rs = pytest.importorskip("jsonschema_rs")  # comes with schemathesis (dev)
    schema = client.get("/openapi.json").json()["components"]["schemas"]["IngestRequest"]
    validator = jsonschema_rs.Draft202012Validator(schema)
    for body, refusal in BODIES:
        assert validator.is_valid(body) is (refusal is None), body


def test_none_or_several_inputs_are_refused_saying_which(client: TestClient) -> None:
    for body, refusal in BODIES:
        if refusal is not None:
            r = client.post("/api/v1/ingest", json=body, headers=AUTH)
            assert (r.status_code, r.json()["error"]) == (422, refusal)


def test_the_schema_says_ingest_takes_a_bearer_token(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["paths"]["/api/v1/ingest"]["post"]["security"] == [{"HTTPBearer": []}]
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
