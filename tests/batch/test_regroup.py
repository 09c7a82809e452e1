"""The groups `batch --link` makes of a component of candidate pairs are the store's: members
taken in input order, each joining as the claim linker decides (batch/link.py ``_replay``), not
the whole component. And a pair of statements is tested by the linker's own quote rules
(``_said_again``). Pure Python: no Spark session (pyspark's Row only)."""

from __future__ import annotations

from typing import Any

import pytest

from quotetrail.batch.link import _one_claimant, _replay, _said_again

Row = pytest.importorskip("pyspark.sql", reason="the spark extra is not installed").Row


def figure(pos: int, value: float, comparator: str = "=") -> dict[str, Any]:
    return {"content_hash": f"h{pos}", "seq": 0, "sentence": 0, "file": 0, "pos": pos, "value": value,
            "comparator": comparator}


def statement(pos: int, speaker: str | None = None, sentence: int = 0) -> dict[str, Any]:
    return {"content_hash": f"h{pos}", "seq": 0, "sentence": sentence, "file": 0, "pos": pos, "speaker": speaker}


def pair(a: dict[str, Any], b: dict[str, Any], **extra: Any) -> Any:
    return Row(**{f"a_{k}": v for k, v in a.items()}, **{f"b_{k}": v for k, v in b.items()}, **extra)


def groups(kind: str, edges: list[Any]) -> list[list[str]]:
    by: dict[str, list[str]] = {}
    for h, _seq, group in _replay(kind, edges):
        by.setdefault(group, []).append(h)
    return sorted(sorted(g) for g in by.values())


def test_a_figure_joins_a_group_only_as_the_same_quantity_as_every_member() -> None:
    # 100 and "about 110" are one figure, "about 110" and "about 125" too, but not 100 and
    # "about 125": the chain is two groups, as the store makes them, not one component
    a, b, c = figure(1, 100), figure(2, 110, "~"), figure(3, 125, "~")
    assert groups("figure", [pair(a, b), pair(b, c)]) == [["h1", "h2"], ["h3"]]
    # with a fourth that fits all, the first group is the one it joins
    d = figure(4, 105, "~")
    assert groups("figure", [pair(a, b), pair(b, c), pair(a, d), pair(b, d), pair(c, d)]) == [
        ["h1", "h2", "h4"], ["h3"]]


def test_a_statement_joins_by_4_grams_the_group_of_the_first_statement_only() -> None:
    # b says much of a, c much of b but little of a: the store indexes a group by its first
    # statement's 4-grams, so c starts its own group
    a, b, c = statement(1), statement(2), statement(3)
    grams = {"how": "4-grams", "hows": ["4-grams"], "share": 0.8}
    assert groups("quote", [pair(a, b, **grams), pair(b, c, **grams)]) == [["h1", "h2"], ["h3"]]
    # held inside any member's words, though, it joins that member's group
    held = {"how": "contained", "hows": ["contained"], "share": 0.0}
    assert groups("quote", [pair(a, b, **grams), pair(b, c, **held)]) == [["h1", "h2", "h3"]]


def test_one_sentence_is_one_member_of_a_group() -> None:
    # two statements of one sentence of article 2 both fit article 1's statement
    a = statement(1)
    b1, b2 = statement(2), {**statement(2), "seq": 1}
    grams = {"how": "4-grams", "hows": ["4-grams"], "share": 0.9}
    found = sorted(_replay("quote", [pair(a, b1, **grams), pair(a, b2, **grams)]))
    assert len({g for *_, g in found}) == 2


SAID = "the harbour will stay closed for three more weeks because of the storm damage"


def test_a_quote_pair_is_tested_by_the_linkers_rules() -> None:
    folded = " ".join(SAID.split())
    short = "closed for three more weeks because"
    # most 4-grams shared, same words: one saying
    assert _said_again(9, 10, 10, "x", "x", "direct", "direct", folded, folded, False, "en") == "4-grams"
    # a few 4-grams of a long statement by another known speaker: no saying, and not held inside
    other = "because of the storm damage the ferry will not run this winter"
    assert _said_again(3, 12, 12, "x", "y", "indirect", "indirect", folded, other, False, "en") is None
    # all of a short statement's 4-grams in a long one, not held in its words: a phrase of the
    # longer text, unless the shorter is a direct quotation (a quote shortened)
    assert _said_again(5, 30, 5, "x", "x", "indirect", "indirect", folded, other, False, "en") is None
    assert _said_again(5, 30, 5, "x", "x", "indirect", "direct", folded, other, False, "en") == "4-grams"
    # the shorter inside the longer, one speaker: joined by containment (not by the share of
    # the longer text, which is too small)
    assert _said_again(2, 12, 2, "x", "x", "indirect", "indirect", folded, short, False, "en") == "contained"
    # another speaker: only when the words say something, then checked for a shared entity
    assert _said_again(2, 12, 2, "x", "y", "indirect", "indirect", folded, short, False, "en") == "contained-other"
    assert _said_again(2, 12, 2, "x", "y", "indirect", "indirect", folded, short, True, "en") is None


def test_a_key_phrase_joins_one_claimants_statements_only() -> None:
    assert _one_claimant("x", "x") and _one_claimant(None, "x") and _one_claimant("x", None)
    assert not _one_claimant("x", "y")


def test_a_bare_surname_speaker_is_the_one_person_known_by_it_in_full() -> None:
    from quotetrail.batch.link import _speaker_names, people_of

    # the keys of one surname block, as the executors compute them from the written names
    names = [(key, full) for _n, _l, key, full, _s in _speaker_names(
        [{"name": "Finch", "lang": "en"}, {"name": "Laura Finch", "lang": "en"}, {"name": "Finch's", "lang": "en"}])]
    assert people_of(names) == {"finch": "laura finch"}
    # a second Finch named in full: the bare surname is nobody's, as the entity linker undoes it
    assert people_of([*names, ("tom finch", True)]) == {}
    # no one named in full: it stays itself
    assert people_of([("finch", False)]) == {}
