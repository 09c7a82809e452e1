"""Stage 5 (resolve.py, shape_source): where a German source phrase begins and ends, as the
German annotators mark it (issue 16: sources too long and too short)."""

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
