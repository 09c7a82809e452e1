"""A throwaway PostgreSQL server for the tests: initdb on a temporary directory, a Unix socket
only (no TCP), started once per test session and stopped at its end; each test gets a fresh
database on it. Without the binaries (or psycopg) the tests that need it skip, saying why."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

# where Debian's `postgresql` package (what .ci/run installs) and this machine put the binaries
_PLACES = ["/usr/local/bin", *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]


def binaries() -> Path | None:
    """The directory holding initdb and pg_ctl, or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl", path=str(Path(found).parent)):
        return Path(found).resolve().parent
    for place in _PLACES:
        if (Path(place) / "initdb").exists() and (Path(place) / "pg_ctl").exists():
            return Path(place)
    return None


class Server:
    """A running server: :meth:`database` makes an empty database and returns its URL."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="quotetrail-pg-"))
        self.data, self.sock = self.root / "data", self.root / "sock"
        self.sock.mkdir()
        # initdb refuses root: the data and socket directories then belong to `postgres`
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sock, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        options = (f"-c listen_addresses='' -k {self.sock} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=60")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")
        self._numbers = count(1)

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self.as_user, str(self.bindir / tool), *args], capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {(done.stderr or done.stdout).strip()}")

    def url(self, name: str) -> str:
        return f"postgresql://postgres@/{name}?host={self.sock}"

    def database(self) -> str:
        import psycopg

        name = f"t{os.getpid()}_{next(self._numbers)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop(self, url: str) -> None:
        import psycopg

        name = url.split("/")[-1].split("?")[0]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """The session's PostgreSQL server (skips the test when there is none to start)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'quotetrail[postgres]')")
    bindir = binaries()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin)")
    server = Server(bindir)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: Server) -> Iterator[str]:
    """The URL of an empty database, dropped after the test."""
    url = pg_server.database()
    yield url
    pg_server.drop(url)


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def ingest_examples(target: str | Path) -> None:
    """`quotetrail ingest examples --db target`, as a user runs it."""
    from typer.testing import CliRunner

    from quotetrail.serve.cli import app

    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", str(target)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def examples_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store of the examples (read-only for the tests that share it)."""
    path = tmp_path_factory.mktemp("examples") / "examples.db"
    ingest_examples(path)
    return path


@pytest.fixture(scope="session")
def examples_pg(pg_server: Server) -> str:
    """The same, ingested into a PostgreSQL database."""
    url = pg_server.database()
    ingest_examples(url)
    return url
