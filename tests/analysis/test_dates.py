from datetime import date

import pytest

from quotetrail.analysis.dates import find_dates
from quotetrail.model import Article, Document

THURSDAY = date(2025, 10, 23)


def dates_in(text: str, lang: str, published: date | None = THURSDAY) -> list:
    doc = Document(Article(text=text, origin="test", lang=lang, published=published))
    found = find_dates(doc).dates
    for d in found:
        assert text[d.span.start : d.span.end] == d.span.text
    return found


@pytest.mark.parametrize(
    "lang,text,span,value,granularity,relative,inferred",
    [
        ("de", "Die Sanktionen kamen am 22. Oktober 2025.", "am 22. Oktober 2025", date(2025, 10, 22), "day", False, False),
        ("de", "Die Sanktionen kamen am 22. Oktober.", "am 22. Oktober", date(2025, 10, 22), "day", False, True),
        ("de", "Der Termin war am 28. Dezember.", "am 28. Dezember", date(2024, 12, 28), "day", False, True),
        ("de", "Das Gipfeltreffen ist am 5. Dezember.", "am 5. Dezember", date(2025, 12, 5), "day", False, True),
        ("de", "Er sprach am Freitag mit Reportern.", "am Freitag", date(2025, 10, 17), "day", True, False),
        ("de", "Er sprach am Donnerstag mit Reportern.", "am Donnerstag", date(2025, 10, 23), "day", True, False),
        ("de", "Anfang dieser Woche sagte sie ab.", "Anfang dieser Woche", date(2025, 10, 20), "week", True, False),
        ("de", "Russland verlor im vergangenen Monat viele Panzer.", "im vergangenen Monat", date(2025, 9, 1), "month", True, False),
        ("de", "Das Treffen war gestern.", "gestern", date(2025, 10, 22), "day", True, False),
        ("de", "Das geschah vor drei Tagen.", "vor drei Tagen", date(2025, 10, 20), "day", True, False),
        ("de", "Die Wahl war am 03.09.2024 in Sachsen.", "am 03.09.2024", date(2024, 9, 3), "day", False, False),
        ("en", "The sanctions came on October 22, 2025.", "on October 22, 2025", date(2025, 10, 22), "day", False, False),
        ("en", "The vote is set for 22 October 2025.", "22 October 2025", date(2025, 10, 22), "day", False, False),
        ("en", "She spoke to reporters on Friday.", "on Friday", date(2025, 10, 17), "day", True, False),
        ("en", "Prices fell last month.", "last month", date(2025, 9, 1), "month", True, False),
        ("en", "He resigned earlier this week.", "earlier this week", date(2025, 10, 20), "week", True, False),
        ("en", "The deal was signed two weeks ago.", "two weeks ago", date(2025, 10, 9), "week", True, False),
        ("en", "It was published 2025-10-01 online.", "2025-10-01", date(2025, 10, 1), "day", False, False),
        ("en", "She wrote it in a June 2012 email.", "June 2012", date(2012, 6, 1), "month", False, False),
        ("en", "A June poll found her ahead.", "June", date(2025, 6, 1), "month", False, True),
        ("en", "The May 5 vote was close.", "May 5", date(2025, 5, 5), "day", False, True),
    ],
)
def test_dates_resolved(lang, text, span, value, granularity, relative, inferred) -> None:
    found = dates_in(text, lang)
    assert [(d.span.text, d.value, d.granularity, d.relative, d.inferred) for d in found] == [
        (span, value, granularity, relative, inferred)
    ]


@pytest.mark.parametrize(
    "lang,text",
    [
        ("de", "Das entwickelt sich in den nächsten Stunden und Tagen."),
        ("de", "Die Feuerpause soll 30 Tage dauern."),
        ("de", "Die Verluste im Krieg der 1980er Jahre waren geringer."),
        ("de", "Am Morgen um 03:30 Uhr begann der Angriff."),
        ("en", "They may 5 times refuse."),
        ("en", "The mayor told USA TODAY the ferry would stay."),  # an outlet's name, not a day
        ("en", "She spoke on GOOD MORNING TODAY about the strike."),
        # a show's or a paper's name in title case or quotes, not a day
        ("en", "Later on ABC's This Week, the senator questioned the plan."),
        ("en", "The mayor said on NBC's Today that the ferry would stay."),
        ("en", "The senator told ''Fox News Sunday'' the ferry would stay."),
        ("de", "Der Minister schrieb in der „BILD am Sonntag“ über die Fähre."),
    ],
)
def test_no_dates(lang: str, text: str) -> None:
    assert dates_in(text, lang) == []


def test_a_day_word_in_capitals_alone_is_still_a_day() -> None:
    [d] = dates_in("The mayor said TODAY that the ferry stays.", "en")
    assert d.value == THURSDAY


def test_relative_dates_without_publication_date_keep_span_only() -> None:
    found = dates_in("Er sprach am Freitag.", "de", published=None)
    assert [(d.span.text, d.value) for d in found] == [("am Freitag", None)]


def test_unsupported_language_gives_no_dates() -> None:
    assert dates_in("Il a parlé vendredi.", "fr") == []


@pytest.mark.parametrize(
    "lang,text,value",
    [
        ("de", "Der Senator will am Freitag mit beiden Seiten sprechen.", date(2025, 10, 24)),
        ("de", "Der Senator sprach am Freitag mit beiden Seiten.", date(2025, 10, 17)),
        ("en", "The senator will meet both sides on Friday.", date(2025, 10, 24)),
        ("en", "The senator met both sides on Friday.", date(2025, 10, 17)),
        ("de", "Am Freitag will der Senator mit beiden Seiten sprechen.", date(2025, 10, 24)),
        # the weekday dates the announcement; the future belongs to what was announced
        ("en", "The senator announced Sunday she will resign after the vote.", date(2025, 10, 19)),
        ("de", "Die Senatorin kündigte am Sonntag an, sie werde zurücktreten.", date(2025, 10, 19)),
        # a weekday that opens the sentence takes the tense of its verb, not of what was said
        ("en", "Wednesday on the radio the senator said if they asked her she would run.", date(2025, 10, 22)),
    ],
)
def test_weekday_follows_the_tense_of_its_sentence(lang: str, text: str, value: date) -> None:
    [found] = dates_in(text, lang)
    assert found.value == value


@pytest.mark.parametrize(
    "lang,text,value",
    [
        ("de", "Die Ministerin sagte am Dienstag: „Die Brücke wird gebaut.“", date(2025, 10, 21)),
        ("en", 'The minister said on Tuesday: "The bridge will be built."', date(2025, 10, 21)),
    ],
)
def test_tense_inside_a_quotation_does_not_move_the_weekday(lang: str, text: str, value: date) -> None:
    [found] = dates_in(text, lang)
    assert found.value == value


@pytest.mark.parametrize(
    ("lang", "text", "span"),
    [
        ("en", "Today, the mayor said the ferry would stay.", "Today"),
        ("en", "The mayor said on Sunday that the ferry would stay.", "on Sunday"),
        ("en", "He said: \"Today we vote.\"", "Today"),
        ("de", "Der Minister sagte am Sonntag, die Fähre bleibe.", "am Sonntag"),
    ],
)
def test_a_day_at_a_sentence_start_or_outside_a_title_is_still_a_day(lang: str, text: str, span: str) -> None:
    assert [d.span.text for d in dates_in(text, lang)] == [span]
