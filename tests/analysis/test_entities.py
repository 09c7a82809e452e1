"""Mentions of people, organisations, places and outlets, German and English in pairs."""

from __future__ import annotations

from importlib import import_module

import pytest

from quotetrail.model import Article, Document

for _module in ("segment", "lemma"):
    pytest.importorskip(f"quotetrail.analysis.{_module}")


def analyse(text: str, lang: str) -> Document:
    doc = Document(article=Article(text=text, origin="test", lang=lang))
    for module, name in (
        ("segment", "segment"),
        ("lemma", "lemmatize"),
        ("entities", "find_entities"),
    ):
        doc = getattr(import_module(f"quotetrail.analysis.{module}"), name)(doc)
    for m in doc.mentions:
        assert m.span.text == text[m.span.start : m.span.end]
    return doc


def mentions(doc: Document) -> list[tuple[str, str, str]]:
    return [(m.span.text, m.label, m.name) for m in doc.mentions]


# lang, text, (span text, label, name) that must be found
FOUND = [
    # title + name; the role word is not part of the name
    ("de", "US-Präsident Donald Trump reiste nach Rom.", ("Donald Trump", "PER", "Donald Trump")),
    ("en", "President Donald Trump travelled to Rome.", ("Donald Trump", "PER", "Donald Trump")),
    # known first name + surname
    ("de", "Gestern traf sich Mark Rutte mit Ministern.", ("Mark Rutte", "PER", "Mark Rutte")),
    ("en", "Yesterday Mark Rutte met ministers.", ("Mark Rutte", "PER", "Mark Rutte")),
    # a surname the article introduced earlier gets the full name
    (
        "de",
        "Der NATO-Generalsekretär, Mark Rutte, kam am Montag. Rutte sprach lange.",
        ("Rutte", "PER", "Mark Rutte"),
    ),
    (
        "en",
        "NATO Secretary General Mark Rutte arrived on Monday. Rutte spoke at length.",
        ("Rutte", "PER", "Mark Rutte"),
    ),
    # German genitive of a known surname
    (
        "de",
        "US-Präsident Donald Trump schrieb einen Brief. Trumps Brief blieb unbeantwortet.",
        ("Trumps", "PER", "Donald Trump"),
    ),
    # a role the text tied to a name resolves later
    (
        "de",
        "Kremlchef Wladimir Putin empfing die Delegation. Russlands Präsident lächelte.",
        ("Russlands Präsident", "PER", "Wladimir Putin"),
    ),
    (
        "en",
        "Russian President Vladimir Putin received the delegation. The Kremlin chief smiled.",
        ("Kremlin chief", "PER", "Vladimir Putin"),
    ),
    # outlets from the gazetteer and from their context
    ("de", "Das meldete die Nachrichtenagentur Reuters am Abend.", ("Reuters", "MEDIA", "Reuters")),
    ("en", "The story was first reported by Sky News.", ("Sky News", "MEDIA", "Sky News")),
    (
        "de",
        "Wie die Märkische Allgemeine berichtet, ist die Straße gesperrt.",
        ("Märkische Allgemeine", "MEDIA", "Märkische Allgemeine"),
    ),
    (
        "de",
        "Einleitung.\nOderland Kurier: Die Straße bleibt bis Mai gesperrt.",
        ("Oderland Kurier", "MEDIA", "Oderland Kurier"),
    ),
    # organisations, acronyms and places
    ("de", "Die NATO und die EU beraten in Brüssel.", ("NATO", "ORG", "NATO")),
    ("en", "The NATO allies met in Brussels.", ("Brussels", "LOC", "Brussels")),
    ("de", "Die NATO und die EU beraten in Brüssel.", ("Brüssel", "LOC", "Brüssel")),
    ("en", "The UN called for a ceasefire.", ("UN", "ORG", "UN")),
    # a first name opens an organisation's name: its last word says it is no person
    ("en", "The Jordan Water Initiative said it would help.",
     ("Jordan Water Initiative", "ORG", "Jordan Water Initiative")),
    ("de", "Die Anna Keller Stiftung teilte mit, sie helfe.", ("Anna Keller Stiftung", "ORG", "Anna Keller Stiftung")),
]


@pytest.mark.parametrize(("lang", "text", "expected"), FOUND)
def test_mention_found(lang: str, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in mentions(analyse(text, lang))


@pytest.mark.parametrize(
    ("lang", "text", "label"),
    [
        # German capitalises every noun: a noun after a determiner is not a person
        ("de", "Die Regierung Sprecher und Bürger stimmten zu.", "PER"),
        ("de", "Der Sprecher der Behörde sagte nichts.", "PER"),
        ("en", "The spokesman said nothing.", "PER"),
        ("de", "Die Sonne schien über dem Hafen.", "PER"),
    ],
)
def test_no_person_without_a_name(lang: str, text: str, label: str) -> None:
    assert [m for m in analyse(text, lang).mentions if m.label == label] == []


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        # news introduce the main person first and keep full names for the others
        ("Hillary Clinton spoke first. Bill Clinton spoke later. Then Clinton left the stage.", "Hillary Clinton"),
        ("Hillary Clinton spoke first. Bill Clinton spoke later. Then Mr. Clinton left the stage.", "Bill Clinton"),
        ("Bill Clinton spoke first. Hillary Clinton spoke later. Then Mrs. Clinton left the stage.", "Hillary Clinton"),
        ("Anna Keller und Paul Keller kamen. Frau Keller sprach zuerst.", "Anna Keller"),
        ("Anna Keller und Paul Keller kamen. Herr Keller sprach zuerst.", "Paul Keller"),
    ],
)
def test_shared_surname_takes_the_person_the_article_means(text: str, meant: str) -> None:
    doc = analyse(text, "de" if "kamen" in text else "en")
    last = [m for m in doc.mentions if m.span.text in ("Clinton", "Keller")]
    assert [m.name for m in last] == [meant]


def test_surname_after_a_title_gets_the_full_name() -> None:
    doc = analyse("President Obama waved. Barack Obama then spoke.", "en")
    assert ("Obama", "PER", "Barack Obama") in mentions(doc)


def test_dateline_in_capitals_is_not_an_organisation() -> None:
    doc = analyse("FLINT, Mich. (AP) — The mayor spoke on Tuesday.", "en")
    assert all(m.span.text != "FLINT" for m in doc.mentions)


def test_role_word_is_not_taken_as_a_second_person() -> None:
    doc = analyse("Der NATO-Generalsekretär, Mark Rutte, traf US-Präsident Donald Trump.", "de")
    people = [m.span.text for m in doc.mentions if m.label == "PER"]
    assert people == ["Mark Rutte", "Donald Trump"]


def test_other_language_degrades_to_gazetteer() -> None:
    doc = analyse("Selon Reuters, la réunion a eu lieu à Paris.", "fr")
    assert ("Reuters", "MEDIA", "Reuters") in mentions(doc)


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # first names beyond the curated list come from the Census lists of the names package
        ("Sean Hannity and Dorothy Woods spoke on Monday.", ["Sean Hannity", "Dorothy Woods"]),
        # a function word or a month is never a first name
        ("Will Congress act? In June Trump said no.", []),
        ("The host was Grant Wilson.", ["Grant Wilson"]),
    ],
)
def test_first_names_from_the_census_lists(text: str, people: list[str]) -> None:
    doc = analyse(text, "en")
    assert [m.span.text for m in doc.mentions if m.label == "PER" and " " in m.span.text] == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a first name in no list, introduced in full and then written alone: a person
        ("Yelmaz Durukan founded the firm in 2010. Last year Durukan sold it.",
         [("Yelmaz Durukan", "Yelmaz Durukan"), ("Durukan", "Yelmaz Durukan")]),
        # two unknown capitalised words whose second never stands alone: a group's or a place's name
        ("Fighters of Tarqa Velun attacked the town on Monday.", []),
        # a dictionary word in the pair keeps it out ("Harbour" is a word)
        ("Velun Harbour was closed. Later Harbour officials spoke.", []),
    ],
)
def test_unknown_first_name_with_a_surname_used_alone(text: str, people: list[tuple[str, str]]) -> None:
    doc = analyse(text, "en")
    assert [(m.span.text, m.name) for m in doc.mentions if m.label == "PER"] == people


def test_a_place_in_the_genitive_after_a_role_is_no_name() -> None:
    # "Frankreichs" after the role is the role's place; the name comes after the comma
    found = mentions(analyse("Die Innenministerin Frankreichs, Claire Martin, verteidigte den Plan.", "de"))
    assert ("Claire Martin", "PER", "Claire Martin") in found
    assert not [m for m in found if m[1] == "PER" and "Frankreich" in m[0]]


@pytest.mark.parametrize(
    ("headline", "person"),
    [
        ("Maria Lopez Slams Harbour Plan Over Costs", "Maria Lopez"),
        ("Governor Maria Lopez Says Port Deal Is Dead", "Maria Lopez"),
        ("Maria Lopez Is Right About the Harbour Deal", "Maria Lopez"),
    ],
)
def test_a_title_case_headline_does_not_run_its_verbs_into_a_name(headline: str, person: str) -> None:
    # In title case every word is capitalised, so the capitals stop marking where a name ends:
    # "Maria Lopez Slams Harbour Plan" was one person, a trail of its own in the speakers list.
    body = "The governor, Maria Lopez, said on Monday that the plan was too expensive. Lopez left early."
    doc = analyse(f"{headline}\n\n{body}", "en")
    in_headline = [m for m in doc.mentions if m.label == "PER" and m.span.end <= len(headline)]
    assert [m.name for m in in_headline] == [person]


def test_a_quotation_mark_after_a_name_in_a_title_case_headline_is_no_word() -> None:
    # a closing "’" alone once crashed the whole article's analysis (the dictionary refuses "")
    doc = analyse("Farmers Lose Court Battle Over Iowa’s ‘Golden Week’ Of Early Voting\n\n"
                  "The state ended Golden Week in 2014, the judge said.", "en")
    assert doc.mentions


def test_an_unknown_surname_in_a_title_case_headline_is_still_a_name() -> None:
    # a word no dictionary knows needs no other evidence: "Quarrington" is a name even in title case
    doc = analyse("Harbour Chief Peter Quarrington Resigns Over Port Deal\n\nThe chief left on Monday.", "en")
    assert "Peter Quarrington" in [m.name for m in doc.mentions if m.label == "PER"]


def test_a_titled_surname_is_the_office_holder_not_a_namesake_of_the_other_gender() -> None:
    # An article that names only the first lady in full then writes "President Obama" or
    # "Mr. Obama": his statements went into her trail. The dated table of offices says who
    # held the office on the article's day; a gendered title never picks the other gender.
    from datetime import date

    from quotetrail.analysis.entities import find_entities
    from quotetrail.analysis.lemma import lemmatize
    from quotetrail.analysis.segment import segment

    def names(text: str) -> list[str]:
        doc = Document(article=Article(text=text, origin="test", lang="en", published=date(2016, 9, 1)))
        return [m.name for m in find_entities(lemmatize(segment(doc))).mentions]

    assert names("Michelle Obama spoke at the rally. President Obama said the bill would pass.")[-1] == "Barack Obama"
    assert names("Michelle Obama spoke at the rally. Mr. Obama said the bill would pass.")[-1] == "Barack Obama"
    assert names("Michelle Obama spoke at the rally. Mrs. Obama said the bill would pass.")[-1] == "Michelle Obama"
