"""The trail scorers and the gold files: B-cubed, pair scores, date periods, gold lines well formed."""

import json
from datetime import date
from pathlib import Path

import pytest

from quotetrail.evaluate.trail import KINDS, _period, bcubed, pair_scores, read_gold

GOLD = Path(__file__).resolve().parents[2] / "gold" / "trail"


def test_bcubed_of_a_perfect_and_a_merged_clustering() -> None:
    gold = {1: "a", 2: "a", 3: "b"}
    assert bcubed({1: "x", 2: "x", 3: "y"}, gold)["f1"] == 1.0
    merged = bcubed({1: "x", 2: "x", 3: "x"}, gold)  # one cluster for two people
    assert merged["recall"] == 1.0 and merged["precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3, abs=1e-4)


def test_pairs_count_only_across_documents() -> None:
    # two mentions of one claim in one document are no pair; one across documents is
    items = [("d1", "g", "c"), ("d1", "g", "c"), ("d2", "g", "c"), ("d3", None, "c")]
    r = pair_scores(items)
    assert r["pairs"] == {"tp": 2, "system": 2, "gold": 5}
    assert r["precision"] == 1.0 and r["recall"] == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [("2016-07-21", date(2016, 7, 21), date(2016, 7, 21)), ("2016-07", date(2016, 7, 1), date(2016, 7, 31)),
     ("2016-W29", date(2016, 7, 18), date(2016, 7, 24)), ("2016", date(2016, 1, 1), date(2016, 12, 31))],
)
def test_gold_date_periods(value: str, first: date, last: date) -> None:
    assert _period(value) == (first, last)


def test_gold_lines_hold_ids_offsets_and_labels_only() -> None:
    gold = read_gold(GOLD)
    fields = {
        "speakers": {"doc", "start", "end", "entity", "type", "for"},
        "claims": {"doc", "start", "end", "kind", "group"},
        "stories": {"doc", "story"},
        "dates": {"doc", "start", "end", "date", "how"},
    }
    for kind in KINDS:
        rows = getattr(gold, kind)
        assert rows, kind
        for row in rows:
            assert set(row) == fields[kind], row  # no text copied from a corpus
            if "start" in row:
                assert 0 <= row["start"] < row["end"], row
    assert {r["how"] for r in gold.dates} <= {"given", "relative", "guessed", "published"}
    assert {r["type"] for r in gold.speakers} <= {"PER", "ORG", "GROUP", "NONE"}
    assert len(gold.speakers) >= 600 and len({r["doc"] for r in gold.speakers}) >= 150
    assert len(gold.claims) >= 150 and len(gold.stories) >= 300 and len(gold.dates) >= 200


def test_gold_files_are_json_lines() -> None:
    for f in GOLD.glob("*.jsonl"):
        for line in f.read_text(encoding="utf-8").splitlines():
            json.loads(line)


HOLDOUT = GOLD.parent / "trail-holdout"


def test_a_folder_with_only_dates_reads_as_dates(tmp_path: Path) -> None:
    (tmp_path / "dates.jsonl").write_text(
        '{"doc": "polnear/train/x", "start": 3, "end": 7, "date": "2016-W20", "how": "relative"}\n')
    gold = read_gold(tmp_path)
    assert len(gold.dates) == 1 and not (gold.speakers or gold.claims or gold.stories)
    assert gold.documents == ["polnear/train/x"]


def test_withheld_dates_are_ids_offsets_and_labels_from_other_documents() -> None:
    holdout = read_gold(HOLDOUT)
    assert len(holdout.dates) >= 200
    for row in holdout.dates:
        assert set(row) == {"doc", "start", "end", "date", "how"}, row  # no text copied from a corpus
        assert 0 <= row["start"] < row["end"] and row["how"] in {"given", "relative", "guessed", "published"}
        assert "/dev/" not in row["doc"], row  # dev numbers are reported elsewhere
        _period(row["date"])  # a well-formed day, week, month or year
    # withheld means no document the development gold (read while the rules were written) uses
    assert not set(holdout.documents) & set(read_gold(GOLD).documents)


def test_a_date_is_scored_with_the_flag_the_product_shows(tmp_path: Path) -> None:
    # "am Donnerstag" in an article whose publication year was guessed: the store records (and
    # every page shows) the statement's date as "guessed", and so must the score
    from quotetrail.api import ingest_loaded
    from quotetrail.evaluate.trail import Run, statement_date
    from quotetrail.model import Article
    from quotetrail.store.sqlite import SQLiteStore

    article = Article(text="Die Hafenmeisterin sagte am Donnerstag, der Streik gehe weiter.", origin="test",
                      lang="de", published=date(2026, 11, 14), inferred={"published"})
    store = SQLiteStore(tmp_path / "t.db")
    try:
        [aid] = ingest_loaded([article], store).added
        [at] = store.db.execute("SELECT * FROM attributions WHERE article_id = ?", (aid,)).fetchall()
        value, _, how = statement_date(Run(store, {"d": aid}, []), at)
        assert (value, how) == ("2026-11-12", "guessed")
    finally:
        store.close()


def test_date_and_speaker_scores_come_per_language_too(tmp_path: Path) -> None:
    # one German statement dated right, one English one dated wrong: the aggregate (.5) hides
    # which language fails; the per-language scores say it
    from quotetrail.api import ingest_loaded
    from quotetrail.evaluate.trail import Run, score_dates
    from quotetrail.model import Article
    from quotetrail.store.sqlite import SQLiteStore

    de = Article(text="Die Hafenmeisterin Jana Roth sagte am Donnerstag, der Streik gehe weiter.",
                 origin="de", lang="de", published=date(2026, 11, 14))
    en = Article(text="The harbour master Tom Hale said on Tuesday that the strike would go on.",
                 origin="en", lang="en", published=date(2026, 11, 14))
    store = SQLiteStore(tmp_path / "t.db")
    try:
        [d] = ingest_loaded([de], store).added
        [e] = ingest_loaded([en], store).added
        run = Run(store, {"d": d, "e": e}, [])
        cue_de = de.text.index("sagte")
        cue_en = en.text.index("said")
        gold = [{"doc": "d", "start": cue_de, "end": cue_de + 5, "date": "2026-11-12", "how": "relative"},
                {"doc": "e", "start": cue_en, "end": cue_en + 4, "date": "2026-11-01", "how": "relative"}]
        res = score_dates(run, gold)
        assert res["accuracy"] == 0.5
        assert res["by_lang"]["de"]["accuracy"] == 1.0 and res["by_lang"]["en"]["accuracy"] == 0.0
        assert res["by_lang"]["de"]["n"] == res["by_lang"]["en"]["n"] == 1
    finally:
        store.close()


def test_withheld_speakers_are_ids_offsets_and_labels_from_documents_no_other_set_uses() -> None:
    holdout = read_gold(HOLDOUT)
    assert len(holdout.speakers) >= 300
    for row in holdout.speakers:
        assert set(row) == {"doc", "start", "end", "entity", "type", "for"}, row  # no corpus text
        assert 0 <= row["start"] < row["end"] and row["type"] in {"PER", "ORG", "GROUP", "NONE"}, row
        assert "/dev/" not in row["doc"], row
    speaker_docs = {r["doc"] for r in holdout.speakers}
    # drawn apart from the development gold and from the withheld dates (a second, blind draw)
    assert not speaker_docs & set(read_gold(GOLD).documents)
    assert not speaker_docs & {r["doc"] for r in holdout.dates}


def test_a_statement_alone_in_a_wrong_persons_trail_is_foreign() -> None:
    # the trail belongs to the gold speaker its stored name names, not to a majority of one
    from quotetrail.evaluate.trail import _owner

    assert _owner("Robert Costa", [{"entity": "Ben Carson", "type": "PER"}]) == []  # foreign
    assert _owner("Rutte", [{"entity": "Mark Rutte", "type": "PER"}]) == [("Mark Rutte", 1)]
    assert _owner("Norah O’Donnell", [{"entity": "Norah O'Donnell", "type": "PER"}])  # apostrophes
    assert _owner("Wladimir Putin", [{"entity": "Vladimir Putin", "type": "PER"}])  # one surname
    # a campaign is never its person: the person's own statement owns the trail
    rows = [{"entity": "Eva Roth campaign", "type": "ORG"}] * 2 + [{"entity": "Eva Roth", "type": "PER"}]
    assert _owner("Eva Roth", rows) == [("Eva Roth", 1)]
