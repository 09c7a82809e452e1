"""The speaker, trail and claim pages over the real link layer, on the examples/ articles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quotetrail.api import ingest
from quotetrail.serve.web import create_app
from tests.serve.web.fakes import LinkedStore

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("real") / "examples.db"
    store = LinkedStore(db)
    assert ingest([str(EXAMPLES)], store).ok
    store.close()
    with TestClient(create_app(open_store=lambda: LinkedStore(db))) as c:
        yield c


def test_speaker_page_over_real_trail(real: TestClient) -> None:
    keller = real.get("/api/v1/speakers", params={"q": "Keller"}).json()["items"][0]
    trail = real.get(f"/api/v1/speakers/{keller['id']}/trail").json()["items"]
    assert len(trail) == keller["statements"]
    html = real.get(f"/speakers/{keller['id']}").text
    assert html.count('<circle class="pt') == len(trail)
    assert "Keller" in html and 'id="t' in html


def test_claim_pages_over_real_groups(real: TestClient) -> None:
    drift = real.get("/api/v1/claims", params={"drift": True}).json()["items"]
    assert drift and all(g["differences"] for g in drift)
    html = real.get("/claims", params={"drift": "true"}).text
    assert len(re.findall(r'class="group glance sev\d"', html)) == len(drift)
    assert re.search(r'<b class="kind">(hedge|comparator|scope|attribution|value|counted|words)</b>', html)
    one = real.get(f"/claims/{drift[0]['id']}").text
    members = len(re.findall(r'class="member( differs)?"', one))
    assert members == len(drift[0]["members"])
    assert re.search(r'<b class="kind">(hedge|comparator|scope|attribution|value|counted|words)</b>', one)
    assert re.search(r'<td data-label="[^"]*" class="diff">', one)  # a real difference against the earliest is marked
