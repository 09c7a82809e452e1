"""The test summary says why tests were skipped, one line per reason with its count, without
-rs: a run where the browser tests quietly skip should not look like one where they ran."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A tiny suite using the project's hook: two tests skip for one reason, one for another, one
# module is skipped as a whole, one test passes.
SUITE = {
    "conftest.py": "from tests.conftest import pytest_terminal_summary  # noqa: F401\n",
    "test_some.py": (
        "import pytest\n"
        "@pytest.mark.parametrize('n', [1, 2])\n"
        "def test_needs_a_browser(n):\n    pytest.skip('no browser here')\n"
        "@pytest.mark.skipif(True, reason='not on this system')\n"
        "def test_other():\n    pass\n"
        "def test_runs():\n    assert True\n"
    ),
    "test_module.py": "import pytest\npytest.importorskip('no_such_module_for_this_test')\n",
}


def run(tmp_path: Path, *args: str) -> str:
    for name, text in SUITE.items():
        (tmp_path / name).write_text(text)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src"),
                                                        os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-q", "-p", "no:cacheprovider",
                           "--rootdir", str(tmp_path), *args, str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_summary_names_each_skip_reason_with_its_count(tmp_path: Path) -> None:
    out = run(tmp_path)
    lines = [line for line in out.splitlines() if line.startswith("skipped ")]
    assert lines == [
        "skipped 2: no browser here",
        "skipped 1: could not import 'no_such_module_for_this_test': No module named "
        "'no_such_module_for_this_test' (a whole module)",
        "skipped 1: not on this system",
    ], out


def test_no_second_list_under_rs(tmp_path: Path) -> None:
    out = run(tmp_path, "-rs")
    assert "no browser here" in out  # pytest's own list
    assert not any(line.startswith("skipped ") for line in out.splitlines()), out
