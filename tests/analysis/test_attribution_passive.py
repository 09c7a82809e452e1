"""Stage 4d (passive.py): statements introduced by a passive speech verb."""

from __future__ import annotations

from tests.analysis.test_attribution import analyse


def test_a_passive_cue_before_a_dass_clause_is_a_statement_with_its_agent_as_speaker() -> None:
    text = "Von der Stadtverwaltung wurde am Freitag bestätigt, dass das Hallenbad im Winter schließt."
    (a,) = analyse(text, "de").attributions
    assert a.content.text == "dass das Hallenbad im Winter schließt"
    assert a.cue_text == "wurde … bestätigt"
    assert a.speaker is not None and a.speaker.text == "der Stadtverwaltung"
    assert (a.form, a.made_by.split(" + ")[0]) == ("indirect", "passive_cue")


def test_a_wie_clause_with_a_passive_cue_introduces_the_main_clause() -> None:
    text = "Wie am Dienstag mitgeteilt wurde, bleibt die Talbrücke bis zum Juni gesperrt."
    (a,) = analyse(text, "de").attributions
    assert a.content.text == "bleibt die Talbrücke bis zum Juni gesperrt"
    assert a.speaker is None


def test_a_passive_that_is_no_speech_is_no_statement() -> None:
    text = "Der Antrag des Vereins wurde abgelehnt, weil die Frist verstrichen war."
    assert analyse(text, "de").attributions == []


def test_bekannt_stands_for_the_participle_of_a_passive_cue() -> None:
    text = "Wie am Abend bekannt wurde, tritt der Vorsitzende des Schützenvereins zurück."
    (a,) = analyse(text, "de").attributions
    assert a.content.text == "tritt der Vorsitzende des Schützenvereins zurück"
    assert "bekannt" in a.cue_text and a.made_by.split(" + ")[0] == "passive_cue"
