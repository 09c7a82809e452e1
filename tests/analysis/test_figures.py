"""Figures on sentences written for these tests, German and English in pairs."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import pytest

from quotetrail.analysis.figures import find_figures, magnitude, parse_figure, parse_number
from quotetrail.model import Article, Attribution, DateMention, Document, Figure, Sentence, Span


def doc_of(text: str, lang: str, sentences: list[tuple[int, int]] | None = None) -> Document:
    """A hand-built document: one sentence unless offsets are given; no dates, no attributions."""
    doc = Document(article=Article(text=text, origin="test", lang=lang))
    doc.sentences = [Sentence(s, e) for s, e in (sentences or [(0, len(text))])]
    return doc


def figures(doc: Document) -> list[Figure]:
    doc = find_figures(doc)
    text = doc.text
    for f in doc.figures:
        for span in (f.span, f.counted, f.scope, f.hedge):
            if span is not None:
                assert span.text == text[span.start : span.end]
    return doc.figures


def one(text: str, lang: str, span: str) -> Figure:
    found = figures(doc_of(text, lang))
    hits = [f for f in found if f.span.text == span]
    assert hits, f"no figure {span!r}: {[f.span.text for f in found]}"
    return hits[0]


# -- the normaliser ------------------------------------------------------------------------

# lang, expression, value, comparator, value_high, unit
EXPRESSIONS = [
    ("de", "über 20.000", 20000, ">", None, None),
    ("en", "over 20,000", 20000, ">", None, None),
    ("de", "mehr als eine Million", 1e6, ">", None, None),
    ("en", "more than a million", 1e6, ">", None, None),
    ("de", "1,5 Mio.", 1.5e6, "=", None, None),
    ("en", "1.5 million", 1.5e6, "=", None, None),
    ("de", "eine Millionen", 1e6, "=", None, None),  # a common slip, same value
    ("de", "rund 300", 300, "~", None, None),
    ("en", "about 300", 300, "~", None, None),
    ("de", "bis zu 50", 50, "<=", None, None),
    ("en", "up to 50", 50, "<=", None, None),
    ("de", "mindestens 10", 10, ">=", None, None),
    ("en", "at least 10", 10, ">=", None, None),
    ("de", "knapp 40 Prozent", 40, "<", None, "%"),
    ("en", "nearly 40 percent", 40, "<", None, "%"),
    ("de", "weniger als 5 %", 5, "<", None, "%"),
    ("en", "3.5%", 3.5, "=", None, "%"),
    ("de", "zwischen 10 und 20", 10, "=", 20, None),
    ("en", "between 10 and 20", 10, "=", 20, None),
    ("de", "1,5 bis 2 Milliarden Euro", 1.5e9, "=", 2e9, "EUR"),
    ("en", "$3bn", 3e9, "=", None, "USD"),
    ("en", "£250m", 2.5e8, "=", None, "GBP"),
    ("de", "3 Mrd. Dollar", 3e9, "=", None, "USD"),
    ("de", "1.234.567,5", 1234567.5, "=", None, None),
    ("en", "1,234,567.5", 1234567.5, "=", None, None),
    ("de", "zweiundzwanzig", 22, "=", None, None),
    ("en", "twenty-two", 22, "=", None, None),
    ("de", "dreihundert", 300, "=", None, None),
    ("en", "two hundred and fifty", 250, "=", None, None),
    ("de", "Tausende", None, "unspecific", None, None),
    ("en", "thousands", None, "unspecific", None, None),
    ("de", "mehrere Millionen Euro", None, "unspecific", None, "EUR"),
    ("en", "tens of thousands", None, "unspecific", None, None),
]


@pytest.mark.parametrize("lang,text,value,comparator,high,unit", EXPRESSIONS)
def test_parse_figure(
    lang: str, text: str, value: float | None, comparator: str, high: float | None, unit: str | None
) -> None:
    parsed = parse_figure(text, lang)
    assert parsed is not None
    assert parsed.value == (pytest.approx(value) if value is not None else None)
    assert parsed.comparator == comparator
    assert parsed.value_high == (pytest.approx(high) if high is not None else None)
    assert parsed.unit == unit


@pytest.mark.parametrize(
    "lang,text,value",
    [
        ("de", "20.000", 20000),
        ("en", "20,000", 20000),
        ("en", "20.000", 20.0),  # the article's language decides
        ("de", "20,5", 20.5),
        ("de", "22.10.2025", None),  # a date, not a number
        ("de", "einundvierzig", 41),
        ("en", "forty-one", 41),
        ("de", "Haus", None),
    ],
)
def test_parse_number(lang: str, text: str, value: float | None) -> None:
    assert parse_number(text, lang) == value


@pytest.mark.parametrize(
    "lang,text,order",
    [
        ("de", "Tausende", 1e3),
        ("en", "hundreds of thousands", 1e5),
        ("de", "Zehntausende", 1e4),
        ("de", "Hunderte Millionen", 1e8),
        ("en", "several thousand", 1e3),
        ("de", "300", None),
    ],
)
def test_magnitude_of_unspecific_quantities(lang: str, text: str, order: float | None) -> None:
    assert magnitude(text, lang) == order


# -- figures in running text ---------------------------------------------------------------

# lang, text, span, value, comparator
IN_TEXT = [
    ("de", "Die Armee hat im Osten über 20.000 Soldaten verloren.", "über 20.000", 20000, ">"),
    ("en", "The army has lost over 20,000 troops in the east.", "over 20,000", 20000, ">"),
    ("de", "Bei dem Beben starben rund 300 Menschen.", "rund 300", 300, "~"),
    ("en", "Roughly 300 people died in the quake.", "Roughly 300", 300, "~"),
    ("de", "Die Stadt zählt 1,5 Mio. Einwohner.", "1,5 Mio.", 1.5e6, "="),
    ("en", "The city has 1.5 million residents.", "1.5 million", 1.5e6, "="),
    ("en", "Polls show her leading 47.3 percent to 44.4 percent.", "47.3 percent", 47.3, "="),
    ("en", "Sales rose from 10 to 20 units.", "10", 10, "="),
    ("en", "Sales rose from 10 to 20 units.", "20", 20, "="),
    ("de", "Die Zahl der Toten stieg bis Sonntag auf 22.", "22", 22, "="),
    ("de", "Der Verband erwartet 2000 Besucher.", "2000", 2000, "="),
    ("en", "Police said 2,000 protesters gathered.", "2,000", 2000, "="),
    ("de", "Die Feuerpause soll 30 Tage dauern.", "30", 30, "="),  # a duration is a figure
    ("en", "The ceasefire would last 30 days.", "30", 30, "="),
    ("de", "Mehr als zwei Drittel stimmten dafür, zwölf Abgeordnete dagegen.", "zwölf", 12, "="),
]


@pytest.mark.parametrize("lang,text,span,value,comparator", IN_TEXT)
def test_figures_in_text(lang: str, text: str, span: str, value: float, comparator: str) -> None:
    f = one(text, lang, span)
    assert f.value == pytest.approx(value)
    assert f.comparator == comparator


# lang, text, a number that must not be part of any figure
NOT_FIGURES = [
    ("de", "Am 22. Oktober 2025 um 15 Uhr trat der Rat zusammen.", "22"),
    ("de", "Am 22. Oktober 2025 um 15 Uhr trat der Rat zusammen.", "2025"),
    ("de", "Am 22. Oktober 2025 um 15 Uhr trat der Rat zusammen.", "15"),
    ("en", "On October 22, 2025 at 3 p.m. the council met.", "22"),
    ("en", "On October 22, 2025 at 3 p.m. the council met.", "2025"),
    ("en", "On October 22, 2025 at 3 p.m. the council met.", "3"),
    ("de", "Die Sitzung begann um 03:30 und endete gegen 5.45 Uhr.", "03"),
    ("de", "Die Sitzung begann um 03:30 und endete gegen 5.45 Uhr.", "5.45"),
    ("de", "Seit 2014 herrscht Krieg in der Region.", "2014"),
    ("de", "Zwischen 2014 und 2022 wuchs die Armee stark.", "2014"),
    ("en", "Between 2014 and 2022 the army grew.", "2022"),
    ("en", "From 2014 to 2022 the army grew.", "2022"),
    ("en", "In 2014 the war began in the region.", "2014"),
    ("en", "He cited the 1999 shooting in the Bronx.", "1999"),
    ("de", "Die Übung begann am Sonnabend (29.06) in der Hauptstadt.", "29"),
    ("en", "The post 783493499266084864 was deleted.", "783"),
    ("de", "Die Verluste übersteigen die der 1980er Jahre.", "1980"),
    ("en", "Losses exceed those of the 1980s.", "1980"),
    ("de", "Der 3. Weltkrieg ist kein Thema, sagte sie.", "3"),
    ("de", "Er berief sich auf Artikel 5 des Vertrags.", "5"),
    ("de", "Auf der Bundesstraße 7 gab es 30 Unfälle.", "7"),
    ("en", "She invoked Article 5 of the treaty.", "5"),
    ("de", "Die Ukraine erhält weitere F-16 aus Dänemark.", "16"),
    ("en", "Ukraine will receive more F-16 jets.", "16"),
    ("de", "Ein 45-jähriger Mann wurde festgenommen.", "45"),
    ("de", "In den vergangenen 24 Stunden blieb es ruhig.", "24"),
    ("en", "In the past 24 hours the front stayed calm.", "24"),
    ("de", "Ein Sprecher sagte, es sei ein schwerer Tag.", "ein"),
]


@pytest.mark.parametrize("lang,text,number", NOT_FIGURES)
def test_dates_years_times_and_labels_are_no_figures(lang: str, text: str, number: str) -> None:
    at = text.index(number)
    for f in figures(doc_of(text, lang)):
        assert not (f.span.start <= at < f.span.end), f"{number!r} taken as figure {f.span.text!r}"


def test_a_day_cut_from_its_month_by_the_segmenter_is_no_figure() -> None:
    text = "Zuletzt aktualisiert am Freitag, 15.\nMärz"
    cut = text.index("\n")
    assert figures(doc_of(text, "de", [(0, cut), (cut + 1, len(text))])) == []


@pytest.mark.parametrize(
    "lang,text,covered",
    [
        ("de", "Die Wahl findet in 14 Tagen statt.", "in 14 Tagen"),
        ("en", "The vote takes place in 14 days.", "in 14 days"),
    ],
)
def test_numbers_inside_a_date_mention_are_no_figures(lang: str, text: str, covered: str) -> None:
    assert [f.span.text for f in figures(doc_of(text, lang))] == ["14"]  # a duration without dates
    doc = doc_of(text, lang)
    s = text.index(covered)
    doc.dates = [DateMention(Span.of(text, s, s + len(covered)), None, relative=True)]
    assert figures(doc) == []


# lang, text, span, counted
COUNTED = [
    ("de", "Das Land hat über 20.000 Soldaten verloren.", "über 20.000", "Soldaten"),
    ("en", "The country lost over 20,000 troops.", "over 20,000", "troops"),
    (
        "de",
        "Seit dem Frühjahr wurden mehr als eine Million Menschen verwundet oder vertrieben.",
        "mehr als eine Million",
        "Menschen verwundet oder vertrieben",
    ),
    (
        "en",
        "Since then more than a million people have been killed or wounded.",
        "more than a million",
        "people have been killed or wounded",
    ),
    (
        "en",
        "The war left more than a million people killed or wounded.",
        "more than a million",
        "people killed or wounded",
    ),
    (
        "de",
        "Er sagte, Tausende ukrainische Soldaten „sitzen in der Falle“.",
        "Tausende",
        "ukrainische Soldaten",
    ),
    (
        "en",
        "He said thousands of Ukrainian soldiers were trapped.",
        "thousands",
        "Ukrainian soldiers were trapped",
    ),
    (
        "de",
        "Zwei Millionen Menschen mussten wegen der Kämpfe fliehen, sagte sie.",
        "Zwei Millionen",
        "Menschen mussten wegen der Kämpfe fliehen",
    ),
    ("de", "Bei dem Angriff wurden 23 Menschen getötet.", "23", "Menschen getötet"),
    ("de", "Etwa 40 Prozent der Befragten lehnen den Plan ab.", "Etwa 40 Prozent", "Befragten"),
    ("en", "About 40 percent of voters reject the plan.", "About 40 percent", "voters"),
    ("de", "Die Regierung stellt 5 Milliarden Euro bereit.", "5 Milliarden Euro", None),
]


@pytest.mark.parametrize("lang,text,span,counted", COUNTED)
def test_counted(lang: str, text: str, span: str, counted: str | None) -> None:
    f = one(text, lang, span)
    assert (f.counted.text if f.counted else None) == counted


# lang, text, span, scope
SCOPE = [
    (
        "de",
        "Das Heer hat im vergangenen Monat über 20.000 Rekruten verloren, seit Beginn des "
        "Krieges sind es mehr als eine Million.",
        "über 20.000",
        "im vergangenen Monat",
    ),
    (
        "de",
        "Das Heer hat im vergangenen Monat über 20.000 Rekruten verloren, seit Beginn des "
        "Krieges sind es mehr als eine Million.",
        "mehr als eine Million",
        "seit Beginn des Krieges",
    ),
    (
        "en",
        "Russia lost over 20,000 troops last month, and more than a million since the war began.",
        "over 20,000",
        "last month",
    ),
    (
        "en",
        "Russia lost over 20,000 troops last month, and more than a million since the war began.",
        "more than a million",
        "since the war began",
    ),
    ("de", "In diesem Jahr kamen 300 Menschen ums Leben.", "300", "In diesem Jahr"),
    ("en", "The army fires up to 10,000 shells per day.", "up to 10,000", "per day"),
    ("de", "Die Armee verschießt bis zu 10.000 Granaten pro Tag.", "bis zu 10.000", "pro Tag"),
    ("en", "The company hired 300 workers.", "300", None),
    (
        "de",
        "Im vergangenen Jahr, so das Amt, starben 300 Menschen.",
        "300",
        "Im vergangenen Jahr",
    ),
    (
        "en",
        "In the past year, officials said, 300 people died.",
        "300",
        "In the past year",
    ),
    ("de", "Im vergangenen Jahr waren es 200, jetzt sind es 300 Fälle.", "300", None),
]


@pytest.mark.parametrize("lang,text,span,scope", SCOPE)
def test_scope(lang: str, text: str, span: str, scope: str | None) -> None:
    f = one(text, lang, span)
    assert (f.scope.text if f.scope else None) == scope


@pytest.mark.parametrize(
    "lang,text,date,scope",
    [
        ("de", "Seit Februar sind 300 Soldaten desertiert.", "Februar", "Seit Februar"),
        ("en", "Since March, 300 soldiers have deserted.", "March", "Since March"),
    ],
)
def test_scope_from_a_date_mention_takes_its_preposition(
    lang: str, text: str, date: str, scope: str
) -> None:
    doc = doc_of(text, lang)
    s = text.index(date)
    doc.dates = [DateMention(Span.of(text, s, s + len(date)), None, granularity="month")]
    (f,) = figures(doc)
    assert f.scope is not None and f.scope.text == scope


@pytest.mark.parametrize(
    "lang,text,date",
    [
        ("de", "Am Freitag meldete das Ministerium 40 Tote.", "Am Freitag"),
        ("en", "On Friday the ministry reported 40 dead.", "On Friday"),
    ],
)
def test_the_date_a_statement_was_made_is_no_scope(lang: str, text: str, date: str) -> None:
    doc = doc_of(text, lang)
    when = DateMention(Span.of(text, 0, len(date)), None)
    doc.dates = [when]
    (f,) = figures(doc)
    assert f.scope is not None and f.scope.text == date  # a date alone may scope the figure
    cue = text.index("meldete" if lang == "de" else "reported")
    doc.attributions = [
        Attribution(
            content=Span.of(text, cue + 8, len(text) - 1),
            form="reported",
            cue=Span.of(text, cue, cue + 7),
            date=when,
        )
    ]
    (f,) = figures(doc)
    assert f.scope is None


# lang, text, span, hedge
HEDGE = [
    (
        "de",
        "Berichten zufolge hat Russland über 20.000 Soldaten verloren.",
        "über 20.000",
        "Berichten zufolge",
    ),
    ("en", "Russia has reportedly lost over 20,000 troops.", "over 20,000", "reportedly"),
    ("de", "Angeblich wurden 40 Menschen festgenommen.", "40", "Angeblich"),
    ("en", "Allegedly 40 people were arrested.", "40", "Allegedly"),
    (
        "de",
        "Schätzungen zufolge leben dort 2 Millionen Menschen.",
        "2 Millionen",
        "Schätzungen zufolge",
    ),
    ("en", "An estimated 2 million people live there.", "An estimated 2 million", "An estimated"),
    (
        "de",
        "Laut ukrainischen Angaben wurden 15 Drohnen abgeschossen.",
        "15",
        "Laut ukrainischen Angaben",
    ),
    (
        "en",
        "According to the Defence Ministry, 15 drones were shot down.",
        "15",
        "According to the Defence Ministry",
    ),
    ("de", "Dabei sollen 12 Menschen verletzt worden sein.", "12", "sollen"),
    (
        "de",
        "Nach Angaben von AFP und Reuters starben vier Menschen.",
        "vier",
        "Nach Angaben von AFP und Reuters",
    ),
    ("de", "Der Zug hatte 12 Minuten Verspätung.", "12", None),
    ("en", "The train was 12 minutes late.", "12", None),
]


@pytest.mark.parametrize("lang,text,span,hedge", HEDGE)
def test_hedge(lang: str, text: str, span: str, hedge: str | None) -> None:
    f = one(text, lang, span)
    assert (f.hedge.text if f.hedge else None) == hedge


@pytest.mark.parametrize(
    "lang,text,content,other",
    [
        (
            "de",
            "Der Minister sagte, mehr als 500 Häuser seien zerstört. Am Abend brannten 3 Lager.",
            "mehr als 500 Häuser seien zerstört",
            "3",
        ),
        (
            "en",
            "The minister said more than 500 houses were destroyed. In the evening 3 depots burned.",
            "more than 500 houses were destroyed",
            "3",
        ),
    ],
)
def test_attribution_whose_content_holds_the_figure(
    lang: str, text: str, content: str, other: str
) -> None:
    first = text.index(".") + 1
    doc = doc_of(text, lang, [(0, first), (first + 1, len(text))])
    cs = text.index(content)
    cue = text.index("sagte" if lang == "de" else "said")
    doc.attributions = [
        Attribution(
            content=Span.of(text, cs, cs + len(content)),
            form="indirect",
            cue=Span.of(text, cue, cue + 5 if lang == "de" else cue + 4),
            sentence=0,
        )
    ]
    found = {f.span.text: f for f in figures(doc)}
    inside = found["mehr als 500" if lang == "de" else "more than 500"]
    assert inside.attribution == 0 and inside.sentence == 0
    assert found[other].attribution is None and found[other].sentence == 1


def test_other_languages_degrade_to_digits() -> None:
    text = "Il y a eu 300 morts et 2 000 blessés en 2024."
    found = figures(doc_of(text, "fr"))
    assert [f.span.text for f in found][:1] == ["300"]


# -- the real pipeline and the samples ------------------------------------------------------

PIPELINE = [
    ("language", "detect_language"),
    ("segment", "segment"),
    ("lemma", "lemmatize"),
    ("entities", "find_entities"),
    ("dates", "find_dates"),
    ("attribution", "find_attributions"),
]


def analyse(text: str, lang: str | None) -> Document:
    for module, _ in PIPELINE:
        pytest.importorskip(f"quotetrail.analysis.{module}")
    doc = Document(article=Article(text=text, origin="test", lang=lang))
    for module, name in PIPELINE:
        if module == "language" and lang:
            continue
        doc = getattr(import_module(f"quotetrail.analysis.{module}"), name)(doc)
    figures(doc)
    return doc


def test_pipeline_sentences_and_dates() -> None:
    text = (
        "Am 3. März meldete das Ministerium 40 Tote. Seit Beginn des Krieges sind es über 9000. "
        "Die Zahlen stammen aus dem Jahr 2023."
    )
    doc = analyse(text, "de")
    got = [(f.span.text, f.sentence, f.counted.text if f.counted else None) for f in doc.figures]
    assert got == [("40", 0, "Tote"), ("über 9000", 1, None)]
    assert doc.figures[1].scope is not None
    assert doc.figures[1].scope.text == "Seit Beginn des Krieges"


def _shared() -> Path:
    env = os.environ.get("QUOTETRAIL_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / ".." / "shared"


def _sample(prefix: str) -> str:
    files = sorted((_shared() / "samples").glob(f"{prefix}_*.txt"))
    if not files:
        pytest.skip("shared samples not present")
    return files[0].read_text(encoding="utf-8")


def test_sample_news_item_losses_last_month_and_since_the_start() -> None:
    doc = analyse(_sample("000"), "de")
    soldiers = [f for f in doc.figures if f.value == 20000]
    assert len(soldiers) == 1
    f = soldiers[0]
    assert f.comparator == ">" and f.counted is not None and f.counted.text == "Soldaten"
    assert f.hedge is not None and "zufolge" in f.hedge.text
    assert f.scope is not None and "Monat" in f.scope.text
    million = [f for f in doc.figures if f.value == 1e6]
    assert len(million) == 1
    m = million[0]
    assert m.comparator == ">"
    assert m.counted is not None and m.counted.text.startswith("Menschen")
    assert "getötet" in m.counted.text and "verletzt" in m.counted.text
    assert m.scope is not None and m.scope.text.startswith("seit Beginn")
    assert not [f for f in doc.figures if f.value in (1980, 22, 2025, 3)]


def test_sample_blog_post_million_and_thousands() -> None:
    doc = analyse(_sample("004"), "de")
    million = [f for f in doc.figures if f.value == 1e6]
    assert len(million) == 1
    m = million[0]
    assert m.comparator == "="
    assert m.counted is not None and m.counted.text.startswith("Menschen")
    assert m.counted.text.endswith("sterben")
    thousands = [f for f in doc.figures if f.comparator == "unspecific"]
    assert any(f.counted is not None and f.counted.text.endswith("Soldaten") for f in thousands)
    days = [f for f in doc.figures if f.value == 30]
    assert days and days[0].counted is not None and days[0].counted.text == "Tage"


@pytest.mark.parametrize(
    "lang,text,number,value",
    [
        ("fr", "Selon la mairie, 20 000 personnes ont manifesté samedi.", "20 000", 20000.0),
        ("de", "Am Samstag demonstrierten 1 250 000 Menschen.", "1 250 000", 1250000.0),
    ],
)
def test_space_grouped_thousands_are_one_number(lang: str, text: str, number: str, value: float) -> None:
    from quotetrail.analysis import default_pipeline
    from quotetrail.model import Article

    doc = default_pipeline()(Article(text=text, origin="test", lang=lang))
    assert [(f.span.text, f.value) for f in doc.figures] == [(number, value)]


SCAN = {
    "de": (
        "Über 20.000 Menschen, rund eine Million Euro und zwischen 3 und 5 Prozent: Das "
        "meldeten am 22. Oktober mehr als zweiundzwanzig Helfer. Tausende kamen, 1,5 Mio. "
        "US$ flossen, EUR 300 fehlen; Dutzende Verletzte, knapp ein Drittel, ca. 40 Tote. "
        "Die Analyse ergab Einhundert-Tonnen-Ladungen, etwa 7 bis 9 Kilometer und 12%."
    ),
    "en": (
        "More than 20,000 people, about a million dollars and between 3 and 5 percent: that "
        "is what twenty-two helpers reported on Oct. 22. Thousands came, $1.5 million flowed, "
        "USD 300 is missing; dozens injured, nearly a third, an estimated 40 dead, a few "
        "hundred more. Up to 7 to 9 miles, in excess of 12%, at least one, no fewer than two."
    ),
    "other": "Il y a eu 300 morts et 2 000 blessés en 2024, soit 1,5 % de plus qu'en 2023.",
}


@pytest.mark.parametrize("lang", ["de", "en", "other"])
def test_search_finds_what_the_pattern_search_finds(lang: str) -> None:
    """_Grammar.search tries the pattern only where a match can begin: the same matches, in
    the same order, as the pattern's own search, here and on every shift of the text."""
    from quotetrail.analysis.figures import _grammar

    g = _grammar(lang)

    def scan(
        find: Callable[[str, int], re.Match[str] | None], text: str
    ) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        out, pos = [], 0
        while (m := find(text, pos)) is not None:
            out.append((m.span(), m.groupdict()))
            pos = m.end()
        return out

    text = SCAN[lang]
    assert len(scan(g.expr.search, text)) > (10 if lang != "other" else 3)
    for cut in range(0, len(text), 7):
        for variant in (text[cut:], text[cut:].upper(), text[cut:].lower()):
            assert scan(g.search, variant) == scan(g.expr.search, variant)
