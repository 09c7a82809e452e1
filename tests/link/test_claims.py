"""The same figure or quote across articles, and each kind of difference named.

Articles are invented for these tests and go through the whole pipeline into a store.
"""

from __future__ import annotations

from quotetrail.link.claims import claimant, compare_figures, value_relation, word_diff
from quotetrail.store import SQLiteStore
from tests.link.test_entities import add

FLOOD_DE = (
    "Die Flut in Japan hat nach Angaben der Regierung mehr als 1.200 Menschen getötet oder verletzt, "
    "seit Beginn der Kämpfe."
)


def kinds(group: dict) -> set[str]:
    return {d["kind"] for d in group["differences"]}


def figure_groups(store: SQLiteStore, drift: bool = False) -> list[dict]:
    return store.claim_groups(kind="figure", drift=drift)


def test_a_figure_repeated_with_hedge_scope_comparator_and_predicate_changed(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "Berichten zufolge sind in Japan seit Beginn der Kämpfe mehr als 1.200 Menschen "
                     "getötet oder verletzt worden.", day="2026-03-01")
    add(fresh_store, "In Japan sind 1.200 Menschen gestorben.", day="2026-03-05", site="Zweitblatt")
    [group] = figure_groups(fresh_store)
    assert group["articles"] == 2
    first, second = group["members"]
    assert first["article"]["published"] == "2026-03-01"  # first appearance first
    details = {d["kind"]: d["detail"] for d in group["differences"]}
    assert set(details) == {"comparator", "counted", "scope", "hedge", "attribution"}
    assert details["comparator"].startswith("more than") and "exact" in details["comparator"]
    assert details["counted"].startswith("narrower")
    assert details["scope"].startswith("dropped")
    assert details["hedge"].startswith("dropped")
    assert details["attribution"] == "unnamed reports → the author (no source given)"


def test_values_equal_within_rounding_or_different() -> None:
    assert value_relation(1_000_000, 1_000_000) == "equal"
    assert value_relation(1_000_000, 1_200_000) == "within rounding"
    assert value_relation(1_240, 1_200) == "within rounding"
    assert value_relation(1_000_000, 1_600_000) == "different"


def test_a_figure_in_another_language_joins_through_shared_entities(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "In Japan sind nach Angaben der Regierung 1.240 Menschen getötet worden.", day="2026-03-01")
    add(fresh_store, "In Japan, about 1,200 people were killed, the government said.", lang="en", day="2026-03-02")
    [group] = figure_groups(fresh_store)
    assert {m["article"]["lang"] for m in group["members"]} == {"de", "en"}
    value = [d for d in group["differences"] if d["kind"] == "value"]
    assert value and value[0]["detail"].startswith("within rounding")


def test_another_number_of_the_same_thing_is_another_claim(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "In Japan sind 80 Menschen getötet worden.", day="2026-03-01")
    add(fresh_store, "In Japan sind 84 Menschen getötet worden.", day="2026-03-02", site="Zweitblatt")
    assert figure_groups(fresh_store) == []


def test_a_number_counting_something_else_is_another_claim(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "In Japan ist der Streik seit fünf Jahren im Gange.", day="2026-03-01")
    add(fresh_store, "In Japan drohen fünf Jahre Haft.", day="2026-03-02", site="Zweitblatt")
    assert figure_groups(fresh_store) == []


def test_figures_about_different_things_or_places_stay_apart(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "In Japan sind 1.200 Menschen getötet worden.", day="2026-03-01")
    add(fresh_store, "In Japan sind 1.200 Menschen geflohen.", day="2026-03-02")  # displaced, not killed
    add(fresh_store, "In Kanada sind 90.000 Menschen getötet worden.", day="2026-03-03")  # far another number
    assert figure_groups(fresh_store) == []


def test_an_attribution_named_then_dropped(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "Ministerin Eva Roth sagte, in Japan seien 1.200 Menschen getötet worden.", day="2026-03-01")
    add(fresh_store, "In Japan sind 1.200 Menschen getötet worden.", day="2026-03-02")
    [group] = figure_groups(fresh_store, drift=True)
    [attr] = [d for d in group["differences"] if d["kind"] == "attribution"]
    assert attr["detail"] == "Eva Roth → the author (no source given)"


def test_identical_figures_are_grouped_without_differences(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "In Japan sind 1.200 Menschen getötet worden.", day="2026-03-01")
    add(fresh_store, "Japan: Bei der Flut sind 1.200 Menschen getötet worden.", day="2026-03-02")
    [group] = figure_groups(fresh_store)
    assert group["differences"] == []
    assert figure_groups(fresh_store, drift=True) == []


def test_scope_added_and_predicate_broader() -> None:
    base = {"value": 10.0, "value_high": None, "comparator": "=", "span": {"text": "10"},
            "counted": {"text": "Tote"}, "predicates": ["killed"], "subject": "people",
            "scope": None, "hedge": None, "claimed_by": None}
    later = {**base, "counted": {"text": "Opfer"}, "predicates": ["killed", "wounded"],
             "scope": {"text": "im Mai"}, "hedge": {"text": "angeblich"}}
    details = {d["kind"]: d["detail"] for d in compare_figures(base, later)}
    assert details["counted"].startswith("broader")
    assert details["scope"] == "added: “im Mai”"
    assert details["hedge"] == "added: “angeblich”"


QUOTE = "Wir werden die Brücke bis zum Winter wieder aufbauen, koste es, was es wolle"


def test_a_quote_repeated_elsewhere_links_to_its_first_appearance(fresh_store: SQLiteStore) -> None:
    add(fresh_store, f"Bürgermeisterin Lena Vogt sagte: „{QUOTE}.“", day="2026-04-01")
    add(fresh_store, f"„{QUOTE}“, sagte Vogt.", day="2026-04-03", site="Zweitblatt")
    [group] = fresh_store.claim_groups(kind="quote")
    assert group["articles"] == 2
    assert group["members"][0]["article"]["published"] == "2026-04-01"
    # "Vogt" in the second article is the same person
    assert len({m["speaker_entity_id"] for m in group["members"]}) == 1
    assert fresh_store.claim_groups(kind="quote", drift=True) == []


def test_a_direct_quote_with_other_words_is_flagged_as_altered(fresh_store: SQLiteStore) -> None:
    add(fresh_store, f"Bürgermeisterin Lena Vogt sagte: „{QUOTE}.“", day="2026-04-01")
    altered = QUOTE.replace("bis zum Winter", "noch in diesem Jahr")
    add(fresh_store, f"Bürgermeisterin Lena Vogt sagte: „{altered}.“", day="2026-04-03")
    [group] = fresh_store.claim_groups(kind="quote", drift=True)
    [diff] = [d for d in group["differences"] if d["kind"] == "altered"]
    assert "“bis zum Winter” → “noch in diesem Jahr”" in diff["detail"]


def test_word_diff() -> None:
    assert word_diff("a b c d", "a x c d") == [{"op": "replace", "from": "b", "to": "x"}]
    assert word_diff("a b c", "a b c") == []


def test_a_scope_in_another_language_is_the_same_scope() -> None:
    base = {"value": 2.5e6, "value_high": None, "comparator": "=", "span": {"text": "2,5 Mio. Euro"},
            "counted": None, "predicates": [], "subject": None, "scope": {"text": "pro Tag"},
            "hedge": None, "claimed_by": None, "article": {"lang": "de"}}
    assert compare_figures(base, {**base, "scope": {"text": "a day"}, "article": {"lang": "en"}}) == []
    [changed] = compare_figures(base, {**base, "scope": {"text": "last month"}, "article": {"lang": "en"}})
    assert changed["kind"] == "scope"


def test_a_figure_whose_hedge_names_its_source_is_claimed_by_that_source(fresh_store: SQLiteStore) -> None:
    # "According to the harbour authority" names who claims the figure: calling it "unnamed
    # reports" hid the source and made a change of source invisible in the drift.
    add(fresh_store, "According to the harbour authority, more than 3,000 trucks were stuck at the border with Poland.",
        lang="en", day="2026-03-01")
    add(fresh_store, "According to the customs office, about 3,000 trucks were stuck at the border with Poland.",
        lang="en", day="2026-03-03", site="Second Paper")
    [group] = figure_groups(fresh_store)
    claimants = [claimant(m) for m in group["members"]]
    assert claimants == ["the harbour authority", "the customs office"]
    details = {d["kind"]: d["detail"] for d in group["differences"]}
    assert details["attribution"] == "the harbour authority → the customs office"


def test_unnamed_reports_stay_unnamed_and_a_pronoun_is_marked_unresolved() -> None:
    figure = {"hedge": {"text": "Berichten zufolge"}, "claimed_by": "Berichten", "claimed_by_entity": None,
              "article": {"lang": "de"}}
    assert claimant(figure) == "unnamed reports"
    assert claimant({**figure, "hedge": None, "claimed_by": "he", "article": {"lang": "en"}}) == "he (unresolved)"
    assert claimant({"hedge": {"text": "reportedly"}, "claimed_by": None}) == "unnamed reports"
    assert claimant({"hedge": None, "claimed_by": None}) == "the author (no source given)"


def quote_groups(store: SQLiteStore) -> list[dict]:
    return store.claim_groups(kind="quote")


def test_a_quote_group_does_not_chain_through_a_later_members_other_phrases(fresh_store: SQLiteStore) -> None:
    # B repeats a phrase of A's ("harbour toll plan") and joins A's group; C shares only B's
    # other phrase ("fishing boat owners") and is no restatement of A: a group that took every
    # member's phrases grew, over a season of news, into one group of every statement on a topic.
    add(fresh_store, "The mayor said the harbour toll plan would ruin small shipping firms in Poland.",
        lang="en", day="2026-03-01")
    add(fresh_store, "The senator said the harbour toll plan in Poland was unfair to fishing boat owners.",
        lang="en", day="2026-03-02", site="Second Paper")
    add(fresh_store, "A union leader said Poland owed fishing boat owners an apology.",
        lang="en", day="2026-03-03", site="Third Paper")
    groups = [[m["article_id"] for m in g["members"]] for g in quote_groups(fresh_store)]
    assert [1, 2] in groups
    assert not any(3 in g and 1 in g for g in groups)


def test_a_paraphrase_group_belongs_to_one_claimant(fresh_store: SQLiteStore) -> None:
    # An unnamed source's statement, then Keller's paraphrase of it, join; Brandt speaking of the
    # same plan is his own claim, not a third member (an unknown speaker used to let one group
    # gather every named person who used the phrase).
    add(fresh_store, "Experts said the harbour toll plan would hurt small firms in Poland.",
        lang="en", day="2026-03-01")
    add(fresh_store, "Anna Keller said the harbour toll plan was unfair to small firms in Poland.",
        lang="en", day="2026-03-02", site="Second Paper")
    add(fresh_store, "Paul Brandt said Poland should put the harbour toll plan to a vote.",
        lang="en", day="2026-03-03", site="Third Paper")
    groups = [sorted({m["article_id"] for m in g["members"]}) for g in quote_groups(fresh_store)]
    assert [1, 2] in groups
    assert not any(3 in g for g in groups)


def test_statements_that_name_the_same_candidate_are_no_quote_group(fresh_store: SQLiteStore) -> None:
    # A title says who is spoken of, not what is said: "the presidential candidate from Poland"
    # in two reports of different events tied them into one quote group (a key phrase of three
    # words, two of them the title).
    add(fresh_store, "Reporters said the presidential candidate from Poland visited a steel plant on Monday.",
        lang="en", day="2026-03-01")
    add(fresh_store, "Officials said the presidential candidate from Poland would skip the harbour debate.",
        lang="en", day="2026-03-02", site="Second Paper")
    groups = [{m["article_id"] for m in g["members"]} for g in quote_groups(fresh_store)]
    assert not any(g == {1, 2} for g in groups)


def test_a_phrase_that_many_speakers_use_is_a_topic_not_a_quote(fresh_store: SQLiteStore) -> None:
    # Four people speak of "the harbour toll plan", each their own claim; a fifth statement by
    # an unnamed source that mentions it joins none of them (it joined the group of whichever
    # shared the three words, and over a season one topic gathered a dozen statements).
    speakers = ["Anna Keller", "Paul Brandt", "Maria Nowak", "Jan Kowalski"]
    tails = ["was unfair to small firms that had already lost half of their customers this year",
             "should be put to a vote by everyone who lives along the river and the canals",
             "came far too late for the fishermen whose boats had been sold over the winter",
             "had been drafted in secret by consultants who never once visited the docks"]
    for n, (who, tail) in enumerate(zip(speakers, tails, strict=True)):
        add(fresh_store, f"{who} said the harbour toll plan in Poland {tail}.",
            lang="en", day=f"2026-03-0{n + 1}", site=f"Paper {n}")
    last = add(fresh_store, "Experts said the harbour toll plan would be discussed in Poland next week.",
               lang="en", day="2026-03-06", site="Paper 9")
    groups = [{m["article_id"] for m in g["members"]} for g in quote_groups(fresh_store)]
    assert not any(last in g for g in groups), groups


def test_a_noun_phrase_inside_a_long_statement_is_no_restatement_of_it(fresh_store: SQLiteStore) -> None:
    # Brandt's short sentence shares "the old coal harbour" with Keller's long one: most of his
    # 4-grams, a tenth of hers. Two people speaking of one place are two claims.
    add(fresh_store, "Anna Keller said the council would debate the closure of the old coal harbour in Poland "
        "next spring, after months of protests by dock workers, shop owners, fishermen and residents "
        "of the northern district who fear for their jobs and homes.", lang="en", day="2026-03-01")
    add(fresh_store, "Paul Brandt said the closure of the old coal harbour was certain.",
        lang="en", day="2026-03-02", site="Second Paper")
    groups = [{m["article_id"] for m in g["members"]} for g in quote_groups(fresh_store)]
    assert not any(g == {1, 2} for g in groups)


def test_a_shortened_direct_quote_still_joins_its_statement(fresh_store: SQLiteStore) -> None:
    # the other side of the rule above: a quotation cut short is the same saying
    add(fresh_store, "Anna Keller said: \u201cWe will close the old coal harbour in Poland next spring, and the dock "
        "workers will get new jobs at the container terminal, with the same pay and the same hours as "
        "before, for as long as they want to stay.\u201d", lang="en", day="2026-03-01")
    add(fresh_store, "\u201cWe will close the old coal harbour in Poland next spring,\u201d Keller said.",
        lang="en", day="2026-03-02", site="Second Paper")
    groups = [{m["article_id"] for m in g["members"]} for g in quote_groups(fresh_store)]
    assert {1, 2} in groups


def test_a_turn_of_phrase_inside_another_speakers_sentence_is_no_quote(fresh_store: SQLiteStore) -> None:
    # "no matter what" quoted from Keller and found in Brandt's sentence about something else
    # made one group of two claims: a phrase of another speaker joins only with two content words
    add(fresh_store, "Anna Keller said the harbour in Poland would stay open \u201cno matter what\u201d.",
        lang="en", day="2026-03-01")
    add(fresh_store, "Paul Brandt said: \u201cNo matter what the council decides, the fishermen of Poland will keep "
        "their boats.\u201d", lang="en", day="2026-03-02", site="Second Paper")
    groups = [{m["article_id"] for m in g["members"]} for g in quote_groups(fresh_store)]
    assert not any(g == {1, 2} for g in groups)


def test_a_quoted_phrase_travels_to_another_speakers_sentence(fresh_store: SQLiteStore) -> None:
    # the other side: a phrase with content words is the saying itself, whoever repeats it
    add(fresh_store, "Anna Keller said the harbour deal with Poland was \u201ca shameful betrayal\u201d of the docks.",
        lang="en", day="2026-03-01")
    add(fresh_store, "Paul Brandt said: \u201cIt was a shameful betrayal of everyone who works in the ports of Poland.\u201d",
        lang="en", day="2026-03-02", site="Second Paper")
    groups = [{m["article_id"] for m in g["members"]} for g in quote_groups(fresh_store)]
    assert {1, 2} in groups


def test_two_people_naming_one_matter_make_two_claims(fresh_store: SQLiteStore) -> None:
    # Brandt's sentence shares "the closure of the old coal harbour" with Keller's: most of his
    # 4-grams, a third of hers. Between two known speakers that is one matter, not one quote.
    add(fresh_store, "Anna Keller said the closure of the old coal harbour in Poland should be decided by the "
        "voters of the northern district.", lang="en", day="2026-03-01")
    add(fresh_store, "Paul Brandt said the closure of the old coal harbour was certain.",
        lang="en", day="2026-03-02", site="Second Paper")
    groups = [{m["article_id"] for m in g["members"]} for g in quote_groups(fresh_store)]
    assert not any(g == {1, 2} for g in groups)


def test_an_article_with_no_figure_and_no_statement_costs_claim_linking_no_query(fresh_store: SQLiteStore) -> None:
    """Issue 14: nothing to group, so the claim linker asks the store nothing (it used to read
    the article's entities); an article with a statement still gets its group."""
    seen: list[str] = []
    fresh_store.db.set_trace_callback(seen.append)
    add(fresh_store, "Der Hafen von Kiel liegt an der Förde. Im Winter ist es dort ruhig.", day="2026-03-01")
    fresh_store.db.set_trace_callback(None)
    assert not [s for s in seen if "claim_" in s or "quote_shingles" in s or "quote_bigrams" in s
                or "DISTINCT m.entity_id" in s]
    assert fresh_store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    add(fresh_store, 'Anna Keller sagte: "Die Kräne im Hafen von Kiel werden bis zum Juni vollständig erneuert."',
        day="2026-03-02")
    assert fresh_store.db.execute("SELECT count(*) FROM claim_members").fetchone()[0] == 1
