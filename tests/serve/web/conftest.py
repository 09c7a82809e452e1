"""Web app fixtures: a store of hand-built documents (no analysis needed), the app over it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system Chromium through playwright, one per test module; a skip saying why when
    either is missing or Chromium does not start."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    from quotetrail.serve.web.live import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken install is a skip with its reason, not an error
            pytest.skip(f"Chromium at {path} does not start: {exc}")
        yield b
        b.close()
