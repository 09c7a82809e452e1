"""Evaluation gate for the trail across articles: the scores of ``quotetrail eval trail`` on the
gold sets in gold/trail must not fall below the floors in floors.json (ceilings for the counts
of merged people and of statements by someone else in a person's trail)."""

import json
from pathlib import Path

import pytest

from quotetrail.evaluate.corpora import data_dir
from quotetrail.evaluate.trail import evaluate_trail

GOLD = Path(__file__).resolve().parents[2] / "gold" / "trail"
FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))["trail"]


@pytest.fixture(scope="module")
def trail(tmp_path_factory: pytest.TempPathFactory) -> dict:
    for corpus in ("polnear", "spkatt-news"):
        if not (data_dir() / corpus).is_dir():
            pytest.skip(f"corpus not available: {data_dir() / corpus}")
    return evaluate_trail(GOLD, db=tmp_path_factory.mktemp("trail") / "trail.db")


def test_every_gold_document_is_stored(trail: dict) -> None:
    assert trail["failures"] == [] and trail["stored"] == trail["documents"]


@pytest.mark.parametrize(
    ("part", "metric"),
    [("speakers", "precision"), ("speakers", "recall"), ("figure", "precision"), ("figure", "recall"),
     ("quote", "precision"), ("quote", "recall"), ("stories", "f1"), ("dates", "accuracy"),
     ("dates", "how_accuracy")],
)
def test_trail_above_floor(trail: dict, part: str, metric: str) -> None:
    result = trail["claims"][part] if part in ("figure", "quote") else trail[part]
    assert result[metric] >= FLOORS[f"{part}_{metric}"], result


def test_no_more_wrong_merges_than_before(trail: dict) -> None:
    s = trail["speakers"]
    assert s["merged_people"] <= FLOORS["merged_people_max"], s["merges"]
    assert s["foreign_statements"] <= FLOORS["foreign_statements_max"], s["foreign"]
