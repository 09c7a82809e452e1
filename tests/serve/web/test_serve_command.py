"""`quotetrail serve`: a port that is taken is one error line and exit 1, before anything
claims the server is running."""

from __future__ import annotations

import socket
from pathlib import Path

from typer.testing import CliRunner

from quotetrail.serve.cli import app


def test_a_taken_port_is_one_error_line(db: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--db", str(db), "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: port {port} on 127.0.0.1 is already in use; pick another with --port"]
    assert "serving" not in result.output


def test_a_host_that_is_not_there_is_one_error_line(db: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", "no-such-host.invalid"])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: cannot listen on no-such-host.invalid port 8000: ")


def test_a_bad_body_cap_is_one_error_line(db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QUOTETRAIL_MAX_BODY", "lots")
    result = CliRunner().invoke(app, ["serve", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: QUOTETRAIL_MAX_BODY must be a positive number of bytes, e.g. 20971520"]
