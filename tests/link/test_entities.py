"""One entity per speaker across articles: each alias rule, and the merges that must not happen.

The articles are invented for these tests; they go through the whole pipeline into a store.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quotetrail.api import analyse
from quotetrail.link.entities import Seed
from quotetrail.link.names import role_key, skeleton
from quotetrail.model import Article
from quotetrail.store import SQLiteStore


def add(store: SQLiteStore, text: str, day: str = "2026-05-04", lang: str = "de", site: str = "Testblatt") -> int:
    article = Article(text=text, origin=f"test-{hash(text)}", lang=lang, site=site,
                      published=date.fromisoformat(day))
    result = store.add(analyse(article))
    assert result.status == "added"
    return result.article_id


def speaker_of(store: SQLiteStore, article_id: int) -> list[str | None]:
    """The canonical entity name of each attribution's speaker in one article."""
    rows = store.db.execute(
        "SELECT e.name FROM attributions t LEFT JOIN entities e ON e.id = t.speaker_entity_id "
        "WHERE t.article_id = ? ORDER BY t.seq",
        (article_id,),
    )
    return [r[0] for r in rows]


def only_speaker(store: SQLiteStore, name: str) -> dict:
    [found] = store.find_speaker(name)
    return found


FULL = (
    "Die Hafenbeauftragte Anna Keller sagte am Montag, die Kräne würden bis Juni erneuert.\n\n"
    "Keller betonte, dass die Arbeiten nachts stattfänden."
)
BARE = "Keller sagte, der Zeitplan sei ehrgeizig, aber machbar."
OTHER_KELLER = "Der Gewerkschafter Thomas Keller sagte, die Schichten seien zu lang."


def test_a_bare_surname_joins_the_only_person_with_that_surname(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, FULL)
    b = add(fresh_store, BARE, day="2026-05-06")
    assert set(speaker_of(fresh_store, a)) == {"Anna Keller"}
    assert speaker_of(fresh_store, b) == ["Anna Keller"]
    keller = only_speaker(fresh_store, "Keller")
    assert keller["name"] == "Anna Keller" and keller["articles"] == 2 and "Keller" in keller["aliases"]


def test_order_of_ingest_does_not_matter(fresh_store: SQLiteStore) -> None:
    b = add(fresh_store, BARE, day="2026-05-06")
    a = add(fresh_store, FULL)
    assert speaker_of(fresh_store, b) == ["Anna Keller"]
    assert set(speaker_of(fresh_store, a)) == {"Anna Keller"}
    assert [s["name"] for s in fresh_store.speakers()] == ["Anna Keller"]


def test_two_people_sharing_a_surname_stay_apart(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, FULL)
    b = add(fresh_store, BARE, day="2026-05-06")
    c = add(fresh_store, OTHER_KELLER, day="2026-05-07")
    assert set(speaker_of(fresh_store, a)) == {"Anna Keller"}
    assert speaker_of(fresh_store, c) == ["Thomas Keller"]
    # the bare "Keller" could be either: it is no longer merged into Anna Keller
    [bare] = speaker_of(fresh_store, b)
    assert bare == "Keller"
    names = {s["name"] for s in fresh_store.speakers()}
    assert {"Anna Keller", "Thomas Keller", "Keller"} <= names
    assert len(fresh_store.find_speaker("Keller")) > 1  # ambiguous: the CLI asks for an id
    # a later bare "Keller" does not pick one of them either
    d = add(fresh_store, BARE.replace("ehrgeizig", "knapp"), day="2026-05-08")
    assert speaker_of(fresh_store, d) == ["Keller"]


def test_title_and_name_in_one_article_and_name_alone_in_another(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, "Bürgermeisterin Lena Vogt sagte, der Markt bleibe geöffnet.")
    b = add(fresh_store, "Lena Vogt kündigte an, dass die Brücke gesperrt werde.", day="2026-05-09")
    assert speaker_of(fresh_store, a) == ["Lena Vogt"] == speaker_of(fresh_store, b)


def test_spellings_of_another_language_are_one_person(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, "Der Bürgermeister Wolodymyr Tschernow sagte, die Fähre fahre wieder.")
    b = add(fresh_store, 'Mayor Volodymyr Chernov said that "the ferry is running again".', lang="en")
    c = add(fresh_store, "Der Bürgermeister Wladimir Tschernow sagte, die Fähre sei voll.")
    assert speaker_of(fresh_store, a) == ["Wolodymyr Tschernow"] == speaker_of(fresh_store, b)
    # within one language, a different first name is a different person
    assert speaker_of(fresh_store, c) == ["Wladimir Tschernow"]


def test_organisations_and_places_with_their_short_forms(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "Die Europäische Union sagte am Montag, die Hilfe werde verlängert.")
    add(fresh_store, "The EU said on Tuesday that the aid would continue.", lang="en")
    eu = only_speaker(fresh_store, "Europäische Union")
    assert eu["name"] == "EU" and eu["articles"] == 2 and eu["type"] == "ORG"


def test_a_role_the_corpus_ties_to_a_person_resolves_elsewhere(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "NATO-Generalsekretär Jonas Brekke sagte, das Bündnis sei geeint.")
    b = add(fresh_store, "Der NATO-Chef sagte, man werde die Ostflanke stärken.", day="2026-05-10")
    assert speaker_of(fresh_store, b) == ["Jonas Brekke"]
    brekke = only_speaker(fresh_store, "Brekke")
    assert "Der NATO-Chef" in brekke["aliases"]
    # a role tie expires: a year and more later the table of offices says who holds it
    c = add(fresh_store, "Der NATO-Chef sagte, man brauche mehr Munition.", day="2028-01-10")
    assert speaker_of(fresh_store, c) == ["Mark Rutte"]


def test_two_holders_of_one_role_leave_the_description_unresolved(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "NATO-Generalsekretär Jonas Brekke sagte, das Bündnis sei geeint.")
    add(fresh_store, "NATO-Generalsekretärin Maria Holm sagte, das Bündnis wachse.", day="2026-05-05")
    b = add(fresh_store, "Der NATO-Chef sagte, man werde die Ostflanke stärken.", day="2026-05-10")
    assert speaker_of(fresh_store, b) == [None]


def test_seeded_entities_with_aliases_and_roles(fresh_store: SQLiteStore) -> None:
    fresh_store.seed_entities([
        Seed(name="Pavel Orlov", type="PER", aliases=["Pawel Orlow", "der Flottenchef"], wikidata="Q1", roles=[("x.head", None, None)]),
    ])
    a = add(fresh_store, "Pawel Orlow sagte, die Schiffe blieben im Hafen.")
    b = add(fresh_store, "Der Flottenchef sagte, die Schiffe blieben im Hafen.", day="2026-05-11")
    assert speaker_of(fresh_store, a) == ["Pavel Orlov"] == speaker_of(fresh_store, b)
    orlov = only_speaker(fresh_store, "Orlov")
    assert orlov["wikidata"] == "Q1"


def test_trail_is_in_time_order_with_the_date_of_utterance_first(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "Keller sagte, der Zeitplan sei ehrgeizig.", day="2026-05-20")
    add(fresh_store, FULL, day="2026-05-04")
    eid = only_speaker(fresh_store, "Anna Keller")["id"]
    items = fresh_store.trail(eid)
    assert [i["article"]["published"] for i in items][-1] == "2026-05-20"
    whens = [i["when"] for i in items]
    assert whens == sorted(whens)
    assert items[0]["date_source"] == "relative"  # "am Montag" in the first article


def test_name_keys() -> None:
    assert skeleton("Selenskyj") == skeleton("Zelenskyy") == skeleton("Zelensky")
    assert skeleton("Schoigu") == skeleton("Shoigu")
    assert skeleton("Keller") != skeleton("Kellner")
    assert role_key("der Kremlchef", "de") == role_key("Russlands Präsident", "de") is not None
    assert role_key("ein Sprecher", "de") is None


def test_entities_file_errors_are_one_line(tmp_path: Path) -> None:
    from quotetrail.errors import QuotetrailError
    from quotetrail.link.seeds import load_seeds

    bad = tmp_path / "e.yaml"
    bad.write_text("- name: [unclosed\n", encoding="utf-8")
    with pytest.raises(QuotetrailError, match="not valid YAML"):
        load_seeds(bad)
    bad.write_text("- type: PER\n", encoding="utf-8")
    with pytest.raises(QuotetrailError, match="entity 1: each entity needs a 'name'"):
        load_seeds(bad)
    good = tmp_path / "g.yaml"
    good.write_text("- name: Pavel Orlov\n  aliases: [Pawel Orlow]\n", encoding="utf-8")
    assert load_seeds(good)[0].aliases == ["Pawel Orlow"]


@pytest.mark.parametrize(
    ("text", "day", "lang", "holder"),
    [
        # no article names the holder: the dated table of offices does, for the statement's date
        ("Der Kremlchef sagte, die Gespräche gingen weiter.", "2026-03-15", "de", "Vladimir Putin"),
        ("Der Bundespräsident sagte, das Land stehe zusammen.", "2005-08-20", "de", "Horst Köhler"),
        ("The Republican nominee said the polls were wrong.", "2016-08-01", "en", "Donald Trump"),
        ("The Republican nominee said the polls were wrong.", "2012-10-01", "en", "Mitt Romney"),
        # before the convention nobody is the nominee
        ("The Republican nominee said the polls were wrong.", "2016-03-01", "en", None),
    ],
)
def test_a_role_phrase_is_linked_to_the_holder_on_the_day(
    fresh_store: SQLiteStore, text: str, day: str, lang: str, holder: str | None
) -> None:
    a = add(fresh_store, text, day=day, lang=lang)
    assert speaker_of(fresh_store, a) == [holder]
    if holder:
        rule = fresh_store.db.execute("SELECT rule FROM entity_links WHERE article_id = ? AND label = 'ROLE'", (a,))
        assert [r[0] for r in rule] == ["office"]


def test_a_users_dated_role_outranks_the_table(fresh_store: SQLiteStore) -> None:
    fresh_store.seed_entities([Seed.from_dict(
        {"name": "Jana Ostrowski", "roles": [{"role": "de.president", "from": "2031-03-19", "to": None}]}
    )])
    before = add(fresh_store, "Der Bundespräsident sagte, das Land stehe zusammen.", day="2030-05-01")
    after = add(fresh_store, "Der Bundespräsident sagte, das Land halte zusammen.", day="2031-05-01")
    assert speaker_of(fresh_store, before) == ["Frank-Walter Steinmeier"]
    assert speaker_of(fresh_store, after) == ["Jana Ostrowski"]


def test_a_bare_surname_goes_to_the_person_the_news_name_far_more(fresh_store: SQLiteStore) -> None:
    for n in range(4):
        add(fresh_store, f"Senator Karl Brandauer sagte, der Haushalt sei solide ({n}).", day=f"2026-05-0{n + 1}")
    add(fresh_store, "Die Künstlerin Mia Brandauer sagte, die Ausstellung öffne bald.", day="2026-05-06")
    bare = add(fresh_store, "Brandauer sagte, die Steuern blieben stabil.", day="2026-05-08")
    assert speaker_of(fresh_store, bare) == ["Karl Brandauer"]
    rule = fresh_store.db.execute("SELECT rule FROM entity_links WHERE article_id = ?", (bare,)).fetchall()
    assert [r[0] for r in rule] == ["prominent"]


def test_two_people_named_equally_often_leave_a_bare_surname_alone(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "Senator Karl Brandauer sagte, der Haushalt sei solide.", day="2026-05-01")
    add(fresh_store, "Die Künstlerin Mia Brandauer sagte, die Ausstellung öffne bald.", day="2026-05-02")
    bare = add(fresh_store, "Brandauer sagte, die Steuern blieben stabil.", day="2026-05-08")
    assert speaker_of(fresh_store, bare) == ["Brandauer"]  # a surname-only entity, apart from both


@pytest.mark.parametrize(
    ("text", "lang", "principal", "speaker"),
    [
        ("Robert Arslan arrived late. His spokesman said that the talks had failed.", "en", "Robert Arslan", None),
        ("Robert Arslan arrived late. Arslan's spokesman said that the talks had failed.", "en", "Robert Arslan", None),
        # a campaign is an organisation of its own, still speaking on the candidate's behalf
        ("Robert Arslan arrived late. The Arslan campaign said that the talks had failed.", "en", "Robert Arslan",
         "Robert Arslan campaign"),
        ("Robert Arslan arrived late. Team Arslan said that the talks had failed.", "en", "Robert Arslan",
         "Robert Arslan campaign"),
        ("Robert Arslan kam spät. Ein Sprecher von Arslan sagte, die Gespräche seien gescheitert.", "de",
         "Robert Arslan", None),
    ],
)
def test_a_spokesperson_speaks_on_behalf_of_the_principal_not_as_them(
    fresh_store: SQLiteStore, text: str, lang: str, principal: str, speaker: str | None
) -> None:
    a = add(fresh_store, text, lang=lang)
    assert speaker_of(fresh_store, a) == [speaker]
    eid = only_speaker(fresh_store, principal)["id"]
    [item] = fresh_store.trail(eid)
    assert item["on_behalf"] and item["article_id"] == a
    assert only_speaker(fresh_store, principal)["statements"] == 0  # none of them their own words


@pytest.mark.parametrize(
    "text",
    [
        "Jeb Holloway and Tina Marsh said they would vote no.",  # two people: a group
        "Fans of Robert Arslan said the show was great.",  # a name that only modifies the head
        "Harry said the meeting was over.",  # a first name alone names nobody for sure
    ],
)
def test_speakers_that_are_no_one_person_link_to_no_entity(fresh_store: SQLiteStore, text: str) -> None:
    add(fresh_store, "Robert Arslan spoke on Monday. Harry Holloway spoke too.", lang="en")
    a = add(fresh_store, text, lang="en", day="2026-05-05")
    assert speaker_of(fresh_store, a) == [None]


def test_a_short_form_of_a_first_name_is_the_same_person(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, "Geoffrey Hallam sagte, die Umfrage sei eindeutig.")
    b = add(fresh_store, "Geoff Hallam sagte, die Umfrage sei knapp.", day="2026-05-05")
    assert speaker_of(fresh_store, a) == speaker_of(fresh_store, b) == ["Geoffrey Hallam"]


def test_a_transcript_speaker_in_capitals_is_the_person(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "Senator Karl Brandauer sagte, der Haushalt sei solide.")
    b = add(fresh_store, "BRANDAUER: Der Haushalt ist solide.", day="2026-05-05")
    assert speaker_of(fresh_store, b) == ["Karl Brandauer"]


def test_a_campaign_speaks_as_an_organisation_of_its_own_for_its_candidate(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, "Dorothea Vandermeer announced her run for governor on Monday.\n\n"
            "The Vandermeer campaign said it had raised two million dollars.", lang="en")
    b = add(fresh_store, "Dorothea Vandermeer’s campaign said on Tuesday that the debate would go ahead.",
            day="2026-05-06", lang="en")
    c = add(fresh_store, "A source close to the Vandermeer campaign said the debate was off.",
            day="2026-05-07", lang="en")
    assert speaker_of(fresh_store, a)[-1] == speaker_of(fresh_store, b)[-1] == "Dorothea Vandermeer campaign"
    campaign = only_speaker(fresh_store, "Dorothea Vandermeer campaign")
    assert campaign["type"] == "ORG" and campaign["articles"] == 2
    # the campaign's words stay out of the candidate's own statements
    principals = fresh_store.db.execute(
        "SELECT e.name FROM attributions t JOIN entities e ON e.id = t.principal_entity_id WHERE t.article_id = ?",
        (b,),
    ).fetchall()
    assert [r[0] for r in principals] == ["Dorothea Vandermeer"]
    # a source near the campaign is not the campaign
    assert speaker_of(fresh_store, c) == [None]


def test_a_stray_tie_of_a_role_does_not_block_the_holder_the_table_names(fresh_store: SQLiteStore) -> None:
    # a look back names an earlier nominee with the role: the table (and the other articles) say
    # who the nominee is in these days
    add(fresh_store, "Democratic nominee Hillary Clinton said the race was close.", day="2016-07-27", lang="en")
    add(fresh_store, "In 2004, Democratic nominee John Kerry said the race was close.", day="2016-07-28", lang="en")
    a = add(fresh_store, "The Democratic nominee said on Friday that the polls were wrong.", day="2016-07-29", lang="en")
    assert speaker_of(fresh_store, a) == ["Hillary Clinton"]


def test_a_role_the_news_tie_to_several_and_the_table_to_none_stays_unresolved(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "NATO-Generalsekretär Jonas Brekke sagte, das Bündnis sei geeint.", day="2026-05-01")
    add(fresh_store, "NATO-Generalsekretär Jonas Brekke sagte, das Bündnis sei stark.", day="2026-05-02")
    add(fresh_store, "NATO-Generalsekretärin Maria Holm sagte, das Bündnis wachse.", day="2026-05-05")
    b = add(fresh_store, "Der NATO-Chef sagte, man werde die Ostflanke stärken.", day="2026-05-10")
    assert speaker_of(fresh_store, b) == [None]  # two to one is no clear majority


@pytest.mark.parametrize(
    ("text", "full"),
    [
        # a first name that is also a word, before a surname no dictionary knows
        ("Conservative radio host Rush Quellmalz said the debate was rigged.", "Rush Quellmalz"),
        # a hyphenated first name
        ("Jo-Renee Pastorini, a professor at the state university, said the debate was fair.", "Jo-Renee Pastorini"),
        # a middle initial
        ("William A. Brinkerhoff, a law professor, said the funds cost too much.", "William A. Brinkerhoff"),
    ],
)
def test_a_speaker_named_in_full_that_the_entity_step_missed_is_a_person(
    fresh_store: SQLiteStore, text: str, full: str
) -> None:
    surname_ = full.split()[-1]
    a = add(fresh_store, f"{text}\n\n{surname_} said the rules were unfair.", lang="en")
    # the full name and the bare surname after it are one person, the speaker of both statements
    assert speaker_of(fresh_store, a) == [full, full]


def test_a_camel_case_word_is_no_person(fresh_store: SQLiteStore) -> None:
    # a movement or a brand written as one word: an organisation, no surname-only person
    a = add(fresh_store, "StopTheMall said on Monday that the vote was rigged.", lang="en")
    assert speaker_of(fresh_store, a) == ["StopTheMall"]
    assert only_speaker(fresh_store, "StopTheMall")["type"] == "ORG"
    b = add(fresh_store, "Senator Ellen McCartney said the vote was fair.\n\nMcCartney said it twice.", lang="en")
    assert speaker_of(fresh_store, b) == ["Ellen McCartney", "Ellen McCartney"]


def test_a_description_of_an_organisation_is_in_that_organisation_s_trail(fresh_store: SQLiteStore) -> None:
    # "the fund" is tied to the name the article gave it, a name no list of organisations knows
    a = add(fresh_store, "The International Lending Fund cut its growth forecast on Tuesday.\n\n"
            "The fund said trade would slow.", lang="en")
    b = add(fresh_store, "The International Lending Fund said on Friday that prices would rise.",
            lang="en", day="2026-05-08")
    assert speaker_of(fresh_store, a) == ["International Lending Fund"]
    fund = only_speaker(fresh_store, "International Lending Fund")
    assert fund["type"] == "ORG" and fund["statements"] == 2
    assert {item["article_id"] for item in fresh_store.trail(fund["id"])} == {a, b}


def test_an_organisation_written_with_an_adjective_before_its_name_is_that_organisation(
        fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, "The nonpartisan Congressional Outlay Office said the deficit would grow.", lang="en")
    b = add(fresh_store, "The Congressional Outlay Office said on Friday that revenue had risen.",
            lang="en", day="2026-05-08")
    assert speaker_of(fresh_store, a) == speaker_of(fresh_store, b) == ["Congressional Outlay Office"]
    assert only_speaker(fresh_store, "Congressional Outlay Office")["type"] == "ORG"


def test_an_organisation_the_article_writes_as_a_name_is_one_speaker_across_articles(
        fresh_store: SQLiteStore) -> None:
    # "Harbour Watch" is written inside a sentence after a lower-case word: a name, no person
    first = add(fresh_store, "The port authority faced questions, according to Harbour Watch.\n\n"
                "Harbour Watch said the cranes were unsafe.", lang="en")
    second = add(fresh_store, "The cranes were replaced in June.\n\n"
                 "Harbour Watch said the new cranes were no better, a claim sent to Harbour Watch members.",
                 lang="en", day="2026-06-10")
    assert speaker_of(fresh_store, first)[-1] == "Harbour Watch"
    assert set(speaker_of(fresh_store, second)) == {"Harbour Watch"}


@pytest.mark.parametrize("text", [
    "Critics said the cranes were unsafe.",  # only ever at a sentence's start: a common noun
    "The port grew.\n\nDockworkers said the cranes were unsafe, and several Dockworkers agreed.",  # a plural: a group
    # a description of a person, whatever its capitals
    "The port grew.\n\nOhio Democrat said the cranes were unsafe, according to an Ohio Democrat.",
    # a first name alone: which Tom is unknown, and no organisation
    "The port grew.\n\nTom said the cranes were unsafe, a view shared by Tom and his crew.",
    # a description of a person after "the"
    "The port grew.\n\nOhio Republican said the cranes were unsafe, as the Ohio Republican put it.",
    # the tail of a longer name the speaker span cut
    "The port grew.\n\nPrevention said the cranes were unsafe, wrote the Office of Safety and Prevention.",
])
def test_a_capitalised_word_that_is_no_name_stays_unlinked(fresh_store: SQLiteStore, text: str) -> None:
    assert set(speaker_of(fresh_store, add(fresh_store, text, lang="en"))) == {None}



def test_a_german_first_name_the_us_lists_lack_makes_a_person(fresh_store: SQLiteStore) -> None:
    # "Reinhold" is in no US census list and "Kern" is a German word: without the German first
    # name neither statement had a speaker entity
    aid = add(fresh_store, "„Wir sind gut aufgestellt“, sagte Reinhold Kern am Montag.\n\n"
              "Kern betonte, dass mehr Stellen geschaffen würden.")
    assert speaker_of(fresh_store, aid) == ["Reinhold Kern", "Reinhold Kern"]


def test_a_name_that_ends_a_longer_speaker_phrase_is_no_organisation_speaking(fresh_store: SQLiteStore) -> None:
    # "People in Harbour Point" are not Harbour Point, wherever else the article names the place
    aid = add(fresh_store, "The cranes were replaced, according to Harbour Point.\n\n"
              "People in Harbour Point said the cranes were unsafe.", lang="en")
    assert speaker_of(fresh_store, aid)[-1] is None


def test_an_organisation_also_written_before_a_noun_after_a_number_is_still_that_organisation(
        fresh_store: SQLiteStore) -> None:
    # "two Compass reporters": the number counts the reporters, so it does not make
    # "Compass" a description ("the Chinese"); the magazine stays a speaker (a word of the dictionary, so no person either)
    aid = add(fresh_store, "The port grew, two Compass reporters found.\n\n"
              "Compass said the cranes were unsafe, while Compass counted 40 of them.", lang="en")
    assert speaker_of(fresh_store, aid)[-1] == "Compass"


# issue 13: a description the article ties to no name, matched against what other articles
# call the people it names
HARBOUR = "Harbour magnate Tom Hale said the new cranes would arrive in June."
HARBOUR_AGAIN = "Harbour magnate Tom Hale said the old cranes would be sold."
DESCRIBED = (
    "Tom Hale and the union met on Monday. Ruth Palmer, who leads the union, said the shifts were too long. "
    "The harbour magnate said talks would go on."
)


def test_a_description_goes_to_the_person_other_articles_call_so(fresh_store: SQLiteStore) -> None:
    add(fresh_store, HARBOUR, lang="en")
    # called so once is no evidence yet
    a = add(fresh_store, DESCRIBED, day="2026-05-05", lang="en")
    assert speaker_of(fresh_store, a)[-1] is None
    add(fresh_store, HARBOUR_AGAIN, day="2026-05-06", lang="en")
    b = add(fresh_store, DESCRIBED.replace("Monday", "Tuesday"), day="2026-05-07", lang="en")
    assert speaker_of(fresh_store, b)[-1] == "Tom Hale"
    rows = fresh_store.db.execute(
        "SELECT rule FROM entity_links WHERE article_id = ? AND name = 'The harbour magnate'", (b,)).fetchall()
    assert [tuple(r) for r in rows] == [("description",)]


def test_a_description_without_evidence_or_fitting_two_stays_unresolved(fresh_store: SQLiteStore) -> None:
    # nothing ties "magnate" to anyone yet
    a = add(fresh_store, DESCRIBED, lang="en")
    assert speaker_of(fresh_store, a)[-1] is None
    add(fresh_store, HARBOUR, day="2026-05-06", lang="en")
    add(fresh_store, HARBOUR_AGAIN, day="2026-05-06", lang="en")
    add(fresh_store, "Harbour magnate Ruth Palmer said she would buy the old wharf.", day="2026-05-07", lang="en")
    add(fresh_store, "Harbour magnate Ruth Palmer said she had bought the old wharf.", day="2026-05-07", lang="en")
    b = add(fresh_store, DESCRIBED.replace("Monday", "Tuesday"), day="2026-05-08", lang="en")
    assert speaker_of(fresh_store, b)[-1] is None
    # every word counts, together: Palmer was never called a "former" magnate
    for text in ("Former harbour magnate Tom Hale said the wharf was sold.",
                 "Former harbour magnate Tom Hale said the wharf was sold too cheaply."):
        add(fresh_store, text, day="2026-05-09", lang="en")
    c = add(fresh_store, DESCRIBED.replace("The harbour magnate", "The former harbour magnate"), day="2026-05-10",
            lang="en")
    assert speaker_of(fresh_store, c)[-1] == "Tom Hale"


def test_an_apposition_that_is_a_speaker_of_its_own_is_no_evidence(fresh_store: SQLiteStore) -> None:
    # "with … Ruth Palmer, the harbour magnate said": the description speaks; it does not
    # call Palmer a magnate
    for end in ("would stay", "would be sold"):
        add(fresh_store, f"In a debate with union leader Ruth Palmer, the harbour magnate said the wharf {end}.",
            lang="en")
    b = add(fresh_store, DESCRIBED, day="2026-05-06", lang="en")
    assert speaker_of(fresh_store, b)[-1] is None


def test_a_poll_is_in_its_sponsors_trail_across_articles(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, "The Kessling Research poll found that most voters were undecided.", lang="en")
    b = add(fresh_store, "A Kessling Research poll was out on Monday. Most voters, the poll says, are undecided.",
            day="2026-05-06", lang="en")
    assert speaker_of(fresh_store, a) == speaker_of(fresh_store, b) == ["Kessling Research"]
    assert only_speaker(fresh_store, "Kessling Research")["type"] == "ORG"


def test_a_country_speaking_is_never_the_person_with_that_surname(fresh_store: SQLiteStore) -> None:
    country = "Israel said on Monday that it would answer the attack. Officials in Israel gave no details."
    before = add(fresh_store, country, lang="en")
    person = add(fresh_store, "“The vote was close,” said Rep. Steve Israel, a Democrat from New York.",
                 day="2026-05-05", lang="en")
    after = add(fresh_store, country.replace("Monday", "Tuesday"), day="2026-05-06", lang="en")
    assert speaker_of(fresh_store, person) == ["Steve Israel"]
    assert speaker_of(fresh_store, before)[0] is None and speaker_of(fresh_store, after)[0] is None
