"""Web app fixtures: a store of hand-built documents (no analysis needed), the app over it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
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


@contextmanager
def serving(app: object) -> Iterator[str]:
    """The app on a real loopback server in a thread; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(2400):  # up to 120 s: loading the lemmas takes seconds on a busy machine
            if server.started:
                break
            threading.Event().wait(0.05)
        assert server.started, "test server did not start"
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
