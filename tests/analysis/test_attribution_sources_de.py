"""Where a German source phrase begins and ends (stage 5, resolve.py shape_source; stage 4,
patterns.py and statements.py), as the German annotators mark it (issue 16)."""

from __future__ import annotations

import pytest
from tests.analysis.test_attribution import analyse


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        # a role in apposition closed by the sentence's end
        (
            "„Wir geben nicht auf“, so Anna Berger, Präsidentin des Imkerverbandes.",
            "so",
            "Anna Berger, Präsidentin des Imkerverbandes",
        ),
        (
            "Die Ernte sei gut gewesen, sagte Jonas Weber, der Vorsitzende des Obstbauvereins.",
            "sagte",
            "Jonas Weber, der Vorsitzende des Obstbauvereins",
        ),
    ],
)
def test_a_role_in_apposition_belongs_to_the_source(text: str, cue: str, speaker: str) -> None:
    a = next(a for a in analyse(text, "de").attributions if a.cue_text == cue)
    assert a.speaker is not None and a.speaker.text == speaker


def test_a_relative_clause_after_the_source_stays_out() -> None:
    text = "Die Ernte sei gut gewesen, sagte Jonas Weber, der im Dorf lebt."
    a = next(a for a in analyse(text, "de").attributions if a.cue_text == "sagte")
    assert a.speaker is not None and a.speaker.text == "Jonas Weber"


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ("Im Mai wurde laut Tim Fuchs der alte Kassenwart des Vereins entlassen.", "laut", "Tim Fuchs"),
        ("Beim Absturz würde nach Auskunft der NASA der größte Teil der Sonde verglühen.", "nach", "Auskunft der NASA"),
    ],
)
def test_an_article_after_a_name_opens_the_next_noun_phrase(text: str, cue: str, speaker: str) -> None:
    # a name takes no genitive after it: the article starts the clause's subject
    a = next(a for a in analyse(text, "de").attributions if a.cue_text == cue)
    assert a.speaker is not None and a.speaker.text == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a genitive without an article is an adjective in -er and a noun, not what follows
        ("Im Winter hat es nach Polizeiangaben wieder einen schweren Unfall gegeben.", "Polizeiangaben"),
        ("Die Bäckerei will nach eigenen Angaben weitere Filialen eröffnen.", "eigenen Angaben"),
        ("Der Plan ist nach Meinung politischer Beobachter gescheitert.", "Meinung politischer Beobachter"),
        # a name in apposition between commas
        (
            "Nach Aussage von Peter Krause, einem früheren Minister der Partei, wurde der Plan verworfen.",
            "Aussage von Peter Krause, einem früheren Minister der Partei",
        ),
        # at the sentence's start, everything before the finite verb
        (
            "Nach Angaben des Beauftragten für Menschenrechte bleiben viele Fälle ungeklärt.",
            "Angaben des Beauftragten für Menschenrechte",
        ),
    ],
)
def test_a_nach_phrase_is_the_source_up_to_where_it_ends(text: str, speaker: str) -> None:
    a = next(a for a in analyse(text, "de").attributions if a.cue_text in ("nach", "Nach"))
    assert a.speaker is not None and a.speaker.text == speaker


def test_a_phrase_after_the_verb_stays_in_the_statement() -> None:
    text = "Nach Angaben der Polizei wurden in Berlin drei Männer festgenommen."
    a = next(a for a in analyse(text, "de").attributions if a.cue_text == "Nach")
    assert a.speaker is not None and a.speaker.text == "Angaben der Polizei"
    assert a.content.text == "wurden in Berlin drei Männer festgenommen"


def test_a_medium_after_the_source_is_no_part_of_it() -> None:
    text = "Am Montag sagte der 64-jährige in einem Interview, die Brücke werde bald saniert."
    a = next(a for a in analyse(text, "de").attributions if a.cue_text == "sagte")
    assert a.speaker is not None and a.speaker.text == "der 64-jährige"


def test_a_quotation_with_its_own_so_cue_is_not_taken_by_the_sentence_before() -> None:
    # stage 4 (statements.py, quote_next_sentence): "Er fügte hinzu." takes the quotation that
    # opens the next sentence, unless that quotation has a cue of its own
    text = (
        "Die Obfrau Vera Lenz warf dem Vorstand Versäumnisse vor. "
        "„Die Kasse ist seit Jahren leer“, so Lenz wörtlich."
    )
    quote = next(a for a in analyse(text, "de").attributions if a.content.text == "Die Kasse ist seit Jahren leer")
    assert quote.cue_text == "so"
    assert quote.speaker is not None and quote.speaker.text == "Lenz"
