"""Cutting article text at span offsets: the pieces always put the text back together."""

from __future__ import annotations

from quotetrail.serve.web.highlight import marked, pieces

TEXT = "Laut Polizei sagte Eva Roth am Freitag, 300 Häuser seien betroffen. Ende."


def span(word: str) -> dict:
    i = TEXT.index(word)
    return {"start": i, "end": i + len(word), "text": word}


def quote(qid: int, **spans: str) -> dict:
    out = {"id": qid, "speaker_name": "Eva Roth", "speaker_entity_id": 1, "form": "indirect"}
    for name in ("content", "cue", "speaker", "speaker_ref", "medium", "intermediary", "date"):
        out[name] = span(spans[name]) if name in spans else None
    return out


def figure(fid: int, words: str, **spans: str) -> dict:
    return {"id": fid, "span": span(words), "value": 300.0, "value_high": None, "comparator": "=", "unit": None,
            **{k: (span(spans[k]) if k in spans else None) for k in ("counted", "scope", "hedge")}}


def test_pieces_rebuild_the_text_and_carry_roles() -> None:
    art = {"text": TEXT,
           "attributions": [quote(7, content="300 Häuser seien betroffen", cue="sagte", speaker="Eva Roth",
                                  intermediary="Laut Polizei", date="am Freitag")],
           "figures": [figure(3, "300", counted="Häuser")],
           "dates": [{**span("am Freitag"), "value": "2026-11-13"}]}
    ps = pieces(art)
    assert "".join(p.text for p in ps) == TEXT
    by_text = {p.text: p for p in ps}
    assert by_text["sagte"].roles == ["cue"] and by_text["sagte"].quote == 7
    # who spoke and who passed it on are told apart (they shared one dashed box before)
    assert by_text["Laut Polizei"].roles == ["intermediary"] and by_text["Eva Roth"].roles == ["speaker"]
    assert by_text["300"].figure == 3 and by_text["300"].figure_value == "300" and by_text["300"].anchor
    assert by_text["Häuser"].figure_role == "counted" and not by_text["Häuser"].anchor
    assert by_text[" seien betroffen"].roles == ["content"]
    assert by_text["am Freitag"].date == "2026-11-13"
    assert sum(p.anchor for p in ps) == 1
    assert [p.text for p in ps if p.figure_anchor] == ["300"]  # the target of /articles/N#f3


def test_medium_referent_and_principal_each_have_their_role() -> None:
    q = quote(7, content="300 Häuser seien betroffen", cue="sagte", speaker="Eva Roth", medium="am Freitag",
              speaker_ref="Polizei")
    q["principal"] = span("Ende")
    ps = {p.text: p for p in pieces({"text": TEXT, "attributions": [q], "figures": [], "dates": []})}
    assert ps["am Freitag"].roles == ["medium"]
    assert ps["Polizei"].roles == ["referent"]
    assert ps["Ende"].roles == ["principal"]


def test_a_figure_split_by_a_statement_boundary_is_anchored_once() -> None:
    q = quote(1, content="Häuser seien betroffen")
    ps = pieces({"text": TEXT, "attributions": [q], "figures": [figure(3, "300 Häuser")], "dates": []})
    assert [p.text for p in ps if p.figure_anchor] == ["300 "]
    assert "".join(p.text for p in ps) == TEXT


def test_nested_quotes_prefer_the_inner_one_and_bad_spans_are_ignored() -> None:
    outer = quote(1, content="Eva Roth am Freitag, 300 Häuser seien betroffen")
    inner = quote(2, content="300 Häuser")
    inner["speaker_name"], inner["speaker_entity_id"] = "Other", 2
    broken = quote(3)
    broken["content"] = {"start": 5, "end": 10_000, "text": "?"}
    ps = pieces({"text": TEXT, "attributions": [outer, inner, broken], "figures": [], "dates": []})
    assert "".join(p.text for p in ps) == TEXT
    assert next(p for p in ps if p.text == "300 Häuser").quote == 2
    assert {p.colour for p in ps if p.quote} == {0, 1}
    assert sum(p.anchor for p in ps) == 2


def test_marked_cuts_at_hits() -> None:
    assert marked("a <b> c", [[2, 5]]) == [("a ", False), ("<b>", True), (" c", False)]
    assert marked("abc", [[0, 2], [1, 3], [5, 9]]) == [("ab", True), ("c", False)]
    assert marked("", []) == []
