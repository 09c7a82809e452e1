"""Evaluation gate: dev-split F1 must not fall below the floors stored in floors.json."""

import json
import os
from pathlib import Path

import pytest

from quotetrail.evaluate.polnear import evaluate_polnear
from quotetrail.evaluate.spkatt import evaluate_spkatt

DATA = Path(os.environ.get("QUOTETRAIL_DATA", Path(__file__).resolve().parents[2] / ".." / "shared" / "data"))
FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))


def _split(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"corpus split not available: {path}")
    return path


@pytest.fixture(scope="module")
def spkatt() -> dict:
    return evaluate_spkatt(_split("spkatt-news", "dev"))


@pytest.fixture(scope="module")
def polnear() -> dict:
    return evaluate_polnear(_split("polnear", "dev"))


@pytest.mark.parametrize("metric", sorted(FLOORS["spkatt"]))
def test_spkatt_dev_above_floor(spkatt: dict, metric: str) -> None:
    assert spkatt[metric]["f1"] >= FLOORS["spkatt"][metric], spkatt[metric]


@pytest.mark.parametrize("metric", sorted(FLOORS["polnear"]))
def test_polnear_dev_above_floor(polnear: dict, metric: str) -> None:
    assert polnear[metric]["f1"] >= FLOORS["polnear"][metric], polnear[metric]
