"""View helpers of the pages: a statement's provenance chain, its date and how sure it is, and a
claim group compared with its earliest member only. Dicts shaped as the store returns them."""

from __future__ import annotations

from typing import Any

from quotetrail.serve.web.views import (
    chain,
    group_view,
    real_difference,
    resolution,
    statement_date,
)


def sp(text: str, start: int = 0) -> dict[str, Any]:
    return {"start": start, "end": start + len(text), "text": text}


def statement(**over: Any) -> dict[str, Any]:
    q: dict[str, Any] = {"id": 5, "article_id": 2, "form": "indirect", "speaker_name": "Eva Roth",
                         "speaker_entity_id": 1, "principal_name": None, "principal_entity_id": None,
                         "content": sp("die Brücke bleibe gesperrt"), "speaker": sp("Eva Roth"), "speaker_ref": None,
                         "medium": None, "intermediary": None, "date": None, "cue": sp("sagte"),
                         "article": {"title": "Brücke", "published": "2026-11-20", "site": "Nordblatt"}}
    return {**q, **over}


def test_chain_runs_speaker_medium_intermediary_outlet_in_that_order() -> None:
    q = statement(medium=sp("im Radio"), intermediary=sp("Laut Hafenblatt"))
    c = chain(q, site="Nordblatt")
    assert [s["role"] for s in c["steps"]] == ["speaker", "medium", "intermediary", "outlet"]
    assert [s["text"] for s in c["steps"]] == ["Eva Roth", "im Radio", "Laut Hafenblatt", "Nordblatt"]
    assert c["steps"][-1]["href"] == "/articles/2#q5"
    assert c["earlier"] is None and c["first_of"] is None


def test_chain_leaves_out_what_the_text_does_not_say() -> None:
    c = chain(statement(speaker_name=None, speaker_entity_id=None, speaker=None), site=None)
    assert [s["role"] for s in c["steps"]] == ["speaker", "outlet"]
    assert c["steps"][0]["text"] == "(no speaker found)" and "no site named" in c["steps"][1]["text"]
    blog = chain(statement(), site=None, author="Jana Beck")
    assert blog["steps"][-1]["text"] == "Jana Beck (no site named)"


def test_chain_names_for_whom_the_speaker_spoke() -> None:
    q = statement(speaker_name="Olaf Jensen", speaker=sp("Ein Sprecher"), principal_name="Eva Roth",
                  principal_entity_id=1)
    step = chain(q, site="Nordblatt")["steps"][0]
    assert step["behalf"] == "Eva Roth" and step["behalf_id"] == 1


def origin(article_id: int, published: str | None, anchor: str = "q9", articles: int = 3) -> dict[str, Any]:
    return {"group_id": 4, "kind": "quote", "article_id": article_id, "anchor": anchor, "site": "Hafenblatt",
            "title": "Früher", "published": published, "published_guessed": False,
            "span": sp("die Brücke bleibe gesperrt"), "articles": articles}


def test_chain_links_the_earliest_other_article_at_its_span() -> None:
    origins = [origin(7, "2026-11-18", "f3"), origin(6, "2026-11-17", "q9")]
    earlier = chain(statement(), site="Nordblatt", origins=origins)["earlier"]
    assert earlier["href"] == "/articles/6#q9" and earlier["published"] == "2026-11-17"
    assert earlier["group_id"] == 4 and earlier["articles"] == 3


def test_where_the_article_is_itself_the_earliest_the_chain_says_first_of() -> None:
    c = chain(statement(), site="Nordblatt", origins=[origin(2, "2026-11-20")])
    assert c["earlier"] is None and c["first_of"] == {"group_id": 4, "articles": 3, "kind": "quote"}


def test_resolution_explains_a_pronoun_and_a_description_but_not_a_surname() -> None:
    rutte = statement(speaker_name="Mark Rutte", speaker=sp("er", 40), speaker_ref=sp("Rutte", 3))
    assert resolution(rutte) == "written “er”, named earlier as “Rutte”"
    named = statement(speaker_name="Mark Rutte", speaker=sp("er", 40), speaker_ref=sp("Mark Rutte", 3))
    assert resolution(named) == "written “er”"
    # a surname resolved through the full name earlier needs no explaining
    assert resolution(statement(speaker_name="Mark Rutte", speaker=sp("Rutte", 40), speaker_ref=sp("Mark Rutte"))) is None
    described = statement(speaker_name="Mark Rutte", speaker=sp("Der Generalsekretär"))
    assert resolution(described) == "written “Der Generalsekretär”"
    assert resolution(statement(speaker_name="Mark Rutte", speaker=sp("Rutte"))) is None
    step = chain(rutte, site=None)["steps"][0]
    assert (step["text"], step["resolved"]) == ("Mark Rutte", "written “er”, named earlier as “Rutte”")


def test_statement_date_says_how_sure_it_is() -> None:
    given = statement_date(statement(date={**sp("am 3. März 2026"), "value": "2026-03-03", "how": "given"}))
    assert (given["value"], given["how"], given["certain"]) == ("2026-03-03", "given", True)
    guessed = statement_date(statement(date={**sp("am 3. März"), "value": "2026-03-03", "how": "guessed"}))
    assert guessed["how"] == "guessed" and not guessed["certain"] and "year guessed" in guessed["note"]
    relative = statement_date(statement(date={**sp("am Freitag"), "value": "2026-11-13", "how": "relative"}))
    assert relative["certain"] and "am Freitag" in relative["note"]
    undated = statement_date(statement(), {"published": "2026-11-20", "inferred": ["published"]})
    assert undated["value"] == "2026-11-20" and undated["how"] == "published, year guessed"
    assert not undated["certain"]
    assert statement_date(statement(), {"published": "2026-11-20", "inferred": []})["note"] == "published"


def test_empty_against_empty_or_another_spacing_is_no_difference() -> None:
    assert not real_difference("", "")
    assert not real_difference("  ", "")
    assert not real_difference("Laut Polizei", "laut  polizei")
    assert real_difference("", "Laut Polizei") and real_difference("300", "3000")


def member(i: int, site: str, value: float, **over: Any) -> dict[str, Any]:
    return {"id": 10 + i, "article_id": i + 1, "span": sp(f"{value:g} Häuser"), "value": value, "value_high": None,
            "comparator": "=", "unit": None, "counted": sp("Häuser"), "scope": None, "hedge": None,
            "attribution_id": 20 + i, "speaker_name": None,
            "article": {"title": f"Bericht {i}", "site": site, "published": f"2026-11-1{i}"}, **over}


def test_group_compares_each_member_with_the_earliest_only_and_ranks_changes() -> None:
    g = {"id": 3, "kind": "figure", "label": "Häuser",
         "members": [member(0, "Nordblatt", 300, hedge=sp("rund")), member(1, "Südkurier", 300),
                     member(2, "Ledger", 300, hedge=sp("rund")), member(3, "Hafenblatt", 3000, hedge=sp("rund"))],
         "differences": [{"a": 0, "b": 1, "kind": "hedge", "detail": "dropped: 'rund'"},
                         {"a": 0, "b": 3, "kind": "value", "detail": "different: 300 vs 3000"},
                         {"a": 0, "b": 3, "kind": "words", "detail": "reworded"},
                         # a pair without the earliest is not shown: each is compared with A only
                         {"a": 1, "b": 2, "kind": "hedge", "detail": "added: 'rund'"}]}
    v = group_view(g)
    assert [m["letter"] for m in v["members"]] == ["A", "B", "C", "D"]
    b, c, d = v["members"][1:]
    assert [x["kind"] for x in b["changes"]] == ["hedge"] and c["changes"] == [] and not c["differs"]
    assert [x["kind"] for x in d["changes"]] == ["value", "words"]  # most serious first
    assert v["seriousness"] == 3 and v["changed_count"] == 2
    fields_of = {m["letter"]: {f["name"]: f["differs"] for f in m["fields"]} for m in v["members"]}
    assert fields_of["B"]["hedge"] and not fields_of["B"]["value"]
    assert fields_of["D"]["value"] and not fields_of["D"]["hedge"]
    # "scope" is empty everywhere: never marked, though a difference was named for B and D
    assert not any(f["scope"] for f in fields_of.values())
    assert all(d["a"] == "A" for d in v["differences"])
    assert d["anchor"] == "#f13" and d["article_id"] == 4


def test_list_view_keeps_the_most_serious_changes_of_a_large_group() -> None:
    members = [member(0, "Nordblatt", 300)] + [member(i, f"Site {i}", 300) for i in range(1, 8)]
    diffs = [{"a": 0, "b": i, "kind": "words", "detail": "reworded"} for i in range(1, 7)]
    diffs.append({"a": 0, "b": 7, "kind": "comparator", "detail": "'=' vs 'more than'"})
    v = group_view({"id": 1, "kind": "figure", "label": "x", "members": members, "differences": diffs},
                   shown_changes=3)
    assert [m["letter"] for m in v["changed"]] == ["H", "B", "C"]
    assert v["changed_count"] == 7 and v["not_shown"] == 4


def test_a_quote_group_marks_a_changed_intermediary_but_not_two_empty_ones() -> None:
    a = statement(id=1, article_id=1, intermediary=None)
    b = statement(id=2, article_id=2, intermediary=None, speaker_name="Olaf Jensen")
    c = statement(id=3, article_id=3, intermediary=sp("Laut Polizei"))
    v = group_view({"id": 2, "kind": "quote", "label": "Brücke", "members": [a, b, c],
                    "differences": [{"a": 0, "b": 1, "kind": "attribution", "detail": "Eva Roth vs Olaf Jensen"}]})
    via = {m["letter"]: next(f for f in m["fields"] if f["name"] == "via")["differs"] for m in v["members"]}
    speaker = {m["letter"]: next(f for f in m["fields"] if f["name"] == "speaker")["differs"] for m in v["members"]}
    assert via == {"A": False, "B": False, "C": True}
    assert speaker == {"A": False, "B": True, "C": False}
    assert [m["anchor"] for m in v["members"]] == ["#q1", "#q2", "#q3"]
