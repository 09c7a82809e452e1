"""`quotetrail eval`: the rules can be scored without the trained labeller (issue 16 replaced
the $QUOTETRAIL_ATTRIBUTION switch with an option)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from quotetrail.analysis.attribution import find_attributions_by_rules
from quotetrail.evaluate import spkatt
from quotetrail.serve.cli import app

SENTENCES = [
    {"SentenceId": 0, "Tokens": ["Die", "Ministerin", "sagte", ",", "das", "Amt", "sei", "offen", "."]},
]


def test_rules_only_scores_the_rules_pipeline(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"DocumentName": "x", "Sentences": SENTENCES, "Annotations": []}))
    used: list[list[object]] = []  # the components each run was given (empty: the default)
    score = spkatt.evaluate_spkatt

    def spy(directory: Path, **kw) -> dict:  # the real evaluation, its pipeline noted
        used.append(kw["pipeline"].components if kw.get("pipeline") else [])
        return score(directory, **kw)

    monkeypatch.setattr(spkatt, "evaluate_spkatt", spy)
    runner = CliRunner()
    rules = runner.invoke(app, ["eval", "spkatt", str(tmp_path), "--rules-only", "--json"])
    default = runner.invoke(app, ["eval", "spkatt", str(tmp_path), "--json"])
    assert rules.exit_code == 0 and default.exit_code == 0, rules.stdout + default.stdout
    assert json.loads(rules.stdout)["documents"] == 1
    assert find_attributions_by_rules in used[0] and used[1] == []
