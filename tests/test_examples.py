"""The bundled examples/ (what `make demo` shows) come out as they were written to.

examples/README.md says what each file demonstrates; these tests hold the product to that, German
and English side by side, through the public entry point `quotetrail.api.ingest`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from quotetrail.api import ingest
from quotetrail.ingest import IngestOptions
from quotetrail.store import SQLiteStore, open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NEWS = {"de": "de_hafen_streik.txt", "en": "en_port_strike.txt"}
BLOG = "de_blog_hafen.txt"
FOLLOW_UP = "en_follow_up.html"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    s = open_store(tmp_path_factory.mktemp("ex") / "q.db")
    report = ingest([str(EXAMPLES)], s, IngestOptions(today=date(2026, 11, 22)))
    assert report.ok, report.failures
    assert len(report.added) == 6  # four files plus two JSON Lines records
    yield s
    s.close()


@pytest.fixture(scope="module")
def exported(store: SQLiteStore) -> dict[str, dict[str, Any]]:
    """Every stored article with all its spans, keyed by file name (JSON Lines keep ':N')."""
    return {Path(a["origin"]).name: a for a in store.export()}


def _t(span: dict[str, Any] | None) -> str:
    return span["text"] if span else ""


def _spans(node: object) -> Iterator[dict[str, Any]]:
    """Every {start, end, text} dict anywhere below ``node``."""
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys():
            yield node
        for value in node.values():
            yield from _spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from _spans(value)


def _quotes(exported: dict[str, dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return exported[name]["attributions"]


def test_every_stored_span_covers_its_text(exported: dict[str, dict[str, Any]]) -> None:
    checked = 0
    for article in exported.values():
        text = article["text"]
        for kind in ("attributions", "figures", "mentions", "dates"):
            for span in _spans(article[kind]):
                assert span["text"] == text[span["start"]:span["end"]], (article["origin"], span)
                checked += 1
    assert checked > 50


def test_reingest_adds_nothing(store: SQLiteStore) -> None:
    again = ingest([str(EXAMPLES)], store)
    assert (again.added, again.duplicates) == ([], 6)
    assert len(list(store.export())) == 6


@pytest.mark.parametrize("name", [NEWS["de"], NEWS["en"], BLOG, FOLLOW_UP])
def test_boilerplate_not_stored(exported: dict[str, dict[str, Any]], name: str) -> None:
    text = exported[name]["text"]
    for junk in ("Lesezeit", "Informationsquelle", "Comments", "min read", "• En", "• De"):
        assert junk not in text, junk
    # The article itself survives the clean-up.
    assert "Keller" in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_anna_keller_is_the_speaker_of_the_direct_quote(exported: dict[str, dict[str, Any]], lang: str) -> None:
    direct = [q for q in _quotes(exported, NEWS[lang]) if q["form"] == "direct"]
    assert [q["speaker_name"] for q in direct] == ["Anna Keller"]
    # The content is the quoted words, without the quotation marks.
    content = _t(direct[0]["content"])
    assert content[:1].isalpha() and content.split()[0] in {"Wir", "We"}


@pytest.mark.parametrize(
    ("lang", "pronoun", "person"),
    [("de", "Sie", "Anna Keller"), ("en", "He", "Paul Brandt")],
)
def test_pronoun_speaker_resolved_to_the_person(
    exported: dict[str, dict[str, Any]], lang: str, pronoun: str, person: str
) -> None:
    by_pronoun = [q for q in _quotes(exported, NEWS[lang]) if _t(q["speaker"]) == pronoun]
    assert by_pronoun, f"no statement with the speaker written as {pronoun!r}"
    assert all(q["speaker_name"] == person for q in by_pronoun)
    assert all(person.split()[-1] in _t(q["speaker_ref"]) for q in by_pronoun)


def test_blog_names_the_outlet_that_passed_it_on_and_the_medium(exported: dict[str, dict[str, Any]]) -> None:
    blog = _quotes(exported, BLOG)
    interview = [q for q in blog if "Radio Weserwelle" in _t(q["medium"])]
    assert len(interview) == 1
    assert _t(interview[0]["intermediary"]) == "Nordkurier Online"
    assert "Keller" in interview[0]["speaker_name"]
    assert "Hafenkurier" in {_t(q["intermediary"]) for q in blog}


@pytest.mark.parametrize(("name", "hedge"), [(NEWS["de"], "Berichten zufolge"), (NEWS["en"], "reportedly")])
def test_forty_thousand_is_hedged_where_first_reported(
    exported: dict[str, dict[str, Any]], name: str, hedge: str
) -> None:
    [forty] = [f for f in exported[name]["figures"] if f["value"] == 40000]
    assert forty["comparator"] == ">"
    assert hedge in _t(forty["hedge"])
    assert "ontainer" in _t(forty["counted"])


def test_forty_thousand_repeated_without_hedge_in_the_follow_up(exported: dict[str, dict[str, Any]]) -> None:
    forty = [f for f in exported[FOLLOW_UP]["figures"] if f["value"] == 40000]
    assert forty and all(f["hedge"] is None for f in forty)


def test_relative_date_of_a_statement_resolved(exported: dict[str, dict[str, Any]]) -> None:
    # Published Thursday 12 November; "sagte am Dienstag" is the Tuesday before.
    [direct] = [q for q in _quotes(exported, NEWS["de"]) if q["form"] == "direct"]
    assert _t(direct["date"]) == "am Dienstag" and direct["date"]["value"] == "2026-11-10"


@pytest.mark.parametrize(("lang", "words"), [("de", "am Freitag"), ("en", "on Friday")])
def test_friday_resolved_against_publication(exported: dict[str, dict[str, Any]], lang: str, words: str) -> None:
    article = exported[NEWS[lang]]
    [friday] = [d for d in article["dates"] if d["text"] == words]
    assert friday["relative"] and friday["value"]
    value = date.fromisoformat(friday["value"])
    published = date.fromisoformat(article["published"])
    assert value.weekday() == 4 and abs(value - published) < timedelta(days=7)


def test_yearless_blog_date_is_inferred(exported: dict[str, dict[str, Any]]) -> None:
    blog = exported[BLOG]
    assert blog["author"] == "Jonas Weber"
    assert blog["published"] == "2026-11-14" and "published" in blog["inferred"]


def test_json_lines_records_keep_their_metadata(exported: dict[str, dict[str, Any]]) -> None:
    records = [a for name, a in exported.items() if name.startswith("briefs.jsonl")]
    assert sorted(a["lang"] for a in records) == ["de", "en"]
    assert all(a["published"] and a["site"] and a["url"] for a in records)
