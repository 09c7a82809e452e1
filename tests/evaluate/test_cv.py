"""Cross-validation of attribution: fixed folds, no held-out document in a fold's training,
and a verdict that only calls a change a gain when it beats the noise between folds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotetrail.errors import QuotetrailError
from quotetrail.evaluate.cv import (
    compare,
    cross_validate,
    documents,
    error_breakdown,
    fold_errors,
    fold_of,
    lay_out,
    spread,
)

# sentences written for these tests: (text, [(role, start, end)])
SENTENCES = [
    ("Nora Berg said the bridge would open in June.", [("Source", 0, 9), ("Cue", 10, 14), ("Content", 15, 44)]),
    ("The council claimed that rents had doubled.", [("Source", 0, 11), ("Cue", 12, 19), ("Content", 25, 42)]),
    ("Paul Stone said the harbour was closed.", [("Source", 0, 10), ("Cue", 11, 15), ("Content", 16, 38)]),
    ("Rain fell all week in the valley.", []),
    ("Lena Fox argued that the fees were unfair.", [("Source", 0, 8), ("Cue", 9, 15), ("Content", 21, 41)]),
    ("The union said the strike would go on.", [("Source", 0, 9), ("Cue", 10, 14), ("Content", 15, 37)]),
    ("Omar Reed said the school needed teachers.", [("Source", 0, 9), ("Cue", 10, 14), ("Content", 15, 41)]),
    ("A new road was built last spring.", []),
]


def write_polnear(root: Path, names: list[str]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for n, name in enumerate(names):
        text, gold = SENTENCES[n % len(SENTENCES)]
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        lines = [f"T{t}\t{role} {s} {e}\t{text[s:e]}" for t, (role, s, e) in enumerate(gold, start=1)]
        if gold:
            lines.append("E1\t" + " ".join(f"{role}:T{t}" for t, (role, _, _) in enumerate(gold, start=1)))
        (root / "attributions" / f"{name}_ann1.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_a_document_keeps_its_fold_whatever_else_is_in_the_corpus() -> None:
    names = [f"doc{i}" for i in range(40)]
    before = {n: fold_of(n, 5) for n in names}
    assert {fold_of(n, 5) for n in names + ["another"]} <= set(range(5))
    assert all(fold_of(n, 5) == f for n, f in before.items())
    assert len(set(before.values())) == 5  # forty names reach every fold


def test_splits_are_pooled_and_a_document_in_two_splits_is_refused(tmp_path: Path) -> None:
    train = write_polnear(tmp_path / "train", ["a1", "a2", "a3"])
    dev = write_polnear(tmp_path / "dev", ["b1", "b2"])
    docs = documents("polnear", [train, dev])
    assert [d.name for d in docs] == ["a1", "a2", "a3", "b1", "b2"]
    # a document's annotation files travel with it into the fold's directory
    laid = lay_out(docs[:2], tmp_path / "fold")
    assert sorted(p.name for p in (laid / "text").iterdir()) == ["a1.txt", "a2.txt"]
    assert sorted(p.name for p in (laid / "attributions").iterdir()) == ["a1_ann1.ann", "a2_ann1.ann"]
    clash = write_polnear(tmp_path / "other", ["a2"])
    with pytest.raises(QuotetrailError, match="a2 is in two of the splits"):
        documents("polnear", [train, clash])


def test_spread_and_the_verdict_of_a_comparison() -> None:
    assert spread([0.5, 0.7]) == {"mean": 0.6, "sd": 0.1414, "se": 0.1}

    def run(values: list[float]) -> dict:
        return {"corpus": "polnear", "k": 3, "folds": [{"fold": i, "cue": v} for i, v in enumerate(values)],
                "summary": {"cue": spread(values)}}

    base = run([0.60, 0.70, 0.65])
    steady = compare(base, run([0.62, 0.72, 0.67]))["difference"]["cue"]
    assert steady["verdict"] == "gain" and steady["mean"] == pytest.approx(0.02)
    # the same mean gain, but one fold loses: the difference is within the noise
    noisy = compare(base, run([0.70, 0.60, 0.71]))["difference"]["cue"]
    assert noisy["verdict"] == "within noise"
    assert compare(base, run([0.55, 0.66, 0.60]))["difference"]["cue"]["verdict"] == "loss"
    with pytest.raises(QuotetrailError):
        compare(base, {**run([0.6, 0.7, 0.6]), "k": 5})


def test_each_fold_trains_without_its_held_out_documents_and_is_scored_on_them(tmp_path: Path) -> None:
    pytest.importorskip("pycrfsuite")
    names = [f"t{i:02d}" for i in range(16)]
    data = write_polnear(tmp_path / "train", names)
    result = cross_validate([data], k=2, work=tmp_path / "work", iterations=10)
    assert result["documents"] == 16 and [r["fold"] for r in result["folds"]] == [0, 1]
    for r in result["folds"]:
        base = tmp_path / "work" / f"fold{r['fold']}"
        trained = {p.stem for p in (base / "train" / "text").iterdir()}
        held = {p.stem for p in (base / "test" / "text").iterdir()}
        assert not trained & held and trained | held == set(names)
        assert r["documents"] == len(held) == sum(fold_of(n, 2) == r["fold"] for n in names)
        assert (base / "models" / "en" / "attribution.crfsuite").is_file()
        assert (base / "models" / "en" / "attribution.tails.json").is_file()
        assert 0.0 <= r["content"] <= 1.0
    assert set(result["summary"]) == {"content", "source", "cue", "attribution"}
    # these sentences are easy: a fold's labeller finds most contents of texts it never saw
    assert result["summary"]["content"]["mean"] > 0.5
    # a rerun with the same --work reuses the trained folds and gives the same numbers
    model = tmp_path / "work" / "fold0" / "models" / "en" / "attribution.crfsuite"
    trained_at = model.stat().st_mtime_ns
    again = cross_validate([data], k=2, work=tmp_path / "work", iterations=10)
    assert again["folds"] == result["folds"] and model.stat().st_mtime_ns == trained_at


def test_the_cli_compares_two_runs_and_rejects_unreadable_ones(tmp_path: Path) -> None:
    from quotetrail.serve.cli import app

    def run(values: list[float]) -> dict:
        return {"corpus": "spkatt", "k": 2, "folds": [{"fold": i, "joint": v} for i, v in enumerate(values)],
                "summary": {"joint": spread(values)}}

    (tmp_path / "a.json").write_text(json.dumps(run([0.70, 0.72])), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(run([0.73, 0.75])), encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "cv-compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["difference"]["joint"]["verdict"] == "gain"
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "cv-compare", str(tmp_path / "a.json"), str(tmp_path / "bad.json")])
    assert res.exit_code == 1 and "cannot read the runs" in res.output


def _spkatt(path: Path, annotations: list[dict]) -> Path:
    tokens = ["Die", "Ministerin", "Anna", "Roth", "sagte", "laut", "Bericht", ",", "die", "Brücke", "sei", "marode", "."]
    doc = {"DocumentName": path.stem, "Sentences": [{"SentenceId": 0, "Tokens": tokens}], "Annotations": annotations}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _ann(cue: list[int], source: list[int], message: list[int]) -> dict:
    return {"Cue": [f"0:{k}" for k in cue], "Source": [f"0:{k}" for k in source],
            "Message": [f"0:{k}" for k in message], "Form": "Indirect"}


def test_the_error_breakdown_names_each_kind_of_cue_and_source_error(tmp_path: Path) -> None:
    gold = _spkatt(tmp_path / "gold" / "d.json", [_ann([4, 5, 6], [0, 1, 2, 3], [8, 9, 10, 11])])
    # cue too short (the "laut Bericht" tail missed), source too short (no title), and a
    # second statement that no gold message overlaps
    pred = _spkatt(tmp_path / "pred" / "d.json", [_ann([4], [2, 3], [8, 9, 10, 11]), _ann([5], [], [6, 7])])
    got = error_breakdown([(pred, gold)])
    assert got["Cue"]["too short"]["annotations"] == 1
    assert got["Cue"]["too short"]["missed_tokens"] == 2
    assert got["Cue"]["too short"]["words"] == {"laut": 1, "bericht": 1}
    assert got["Source"]["too short"]["missed_tokens"] == 2
    assert got["Cue"]["statement spurious"] == {"annotations": 1, "missed_tokens": 0, "extra_tokens": 1,
                                                "words": {"laut": 1}}
    assert "statement spurious" not in got["Source"]  # the spurious one named no source
    # the same predictions found in a cv --work folder; without any, a clear error
    fold = tmp_path / "work" / "fold0" / "predictions"
    fold.mkdir(parents=True)
    (fold / "d.json").write_text(pred.read_text(encoding="utf-8"), encoding="utf-8")
    assert fold_errors(tmp_path / "work", [tmp_path / "gold"]) == got
    with pytest.raises(QuotetrailError, match="no fold predictions"):
        fold_errors(tmp_path / "gold", [tmp_path / "gold"])
