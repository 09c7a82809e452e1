"""Web app fixtures: a store of hand-built documents (no analysis needed), the app over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quotetrail.serve.web import create_app
from tests.conftest import make_document
from tests.serve.web.fakes import FakeLinkStore

TOKEN = "test-token-123"


def fill(path: Path) -> None:
    """Two German and one English article, each with a statement, a date and a figure."""
    store = FakeLinkStore(path)
    store.add(make_document(title="Erster Bericht", site="Nordblatt"))
    store.add(make_document(SAMPLE_DE_2, title="Zweiter Bericht", site="Südkurier"))
    store.add(make_document(lang="en", title="English report", site="Ledger"))
    store.close()


SAMPLE_DE_2 = "Laut Polizei sagte Eva Roth am Freitag, 300 Häuser seien betroffen. Der Streik dauert an."


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "web.db"
    fill(path)
    return path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(open_store=lambda: FakeLinkStore(db), token=TOKEN)
    with TestClient(app) as c:
        yield c
