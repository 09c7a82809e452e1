"""Who a speaker phrase names and on whose behalf it speaks (analysis/attribution/speaker_head.py):
each case a statement that would otherwise land in the trail of someone who did not make it."""

from __future__ import annotations

import pytest
from tests.analysis.test_attribution import analyse


@pytest.mark.parametrize(
    ("text", "speaker", "principal"),
    [
        # a representative with a link word, then a name that carries its titles
        ("A spokeswoman for Democratic Senate candidate Wendy Halvorsen said it was over.",
         "A spokeswoman for Democratic Senate candidate Wendy Halvorsen", "Wendy Halvorsen"),
        ("Aides to Gov. Wendy Halvorsen of Ohio said it was over.", "Aides to Gov. Wendy Halvorsen", "Wendy Halvorsen"),
        ("A spokesman for House Speaker Wendy Halvorsen said it was over.",
         "A spokesman for House Speaker Wendy Halvorsen", "Wendy Halvorsen"),
        # a title with "of" is the person's own: "Secretary of State" is no secretary of the state
        ("Former Secretary of State Wendy Halvorsen said it was over.", "Wendy Halvorsen", None),
        ("Secretary of State Wendy Halvorsen said it was over.", "Wendy Halvorsen", None),
        ("Wendy Halvorsen, who attacked Tom Baker and Jeb Bush, said it was over.", "Wendy Halvorsen", None),
    ],
)
def test_a_representative_before_a_titled_name_speaks_for_it(text: str, speaker: str, principal: str | None) -> None:
    [a] = analyse(text, "en").attributions
    assert (a.speaker_name, a.principal_name) == (speaker, principal)


@pytest.mark.parametrize(
    "text",
    [
        # the name only modifies the head noun: the supporters speak, not the candidate
        "Supporters of Republican Wendy Halvorsen said it was over.",
        "On Monday, supporters of Republican Wendy Halvorsen said it was over.",
        # two people, each with a title and a place after the name: a group
        "Senator Wendy Halvorsen of Ohio and Senator Tom Baker of Iowa said it was over.",
        "Sen. Wendy Halvorsen (Ohio) and Governor Tom Baker said it was over.",
        "Sens. Wendy Halvorsen (R), who is running again, and Tom Baker (D) said it was over.",
        # a name, a comma and a coordinator: the name and others
        "Wendy Halvorsen, and other Democrats, said it was over.",
    ],
)
def test_a_phrase_that_is_not_the_person_named_in_it_is_not_that_person(text: str) -> None:
    [a] = analyse(text, "en").attributions
    assert a.speaker_name != "Wendy Halvorsen" and a.principal_name is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # another member of the family, not the person the article named first
        ("Wendy Halvorsen spoke first. Then the younger Mrs. Halvorsen said it was over.", "the younger Mrs. Halvorsen"),
        ("Wendy Halvorsen kam zuerst. Dann sagte die jüngere Halvorsen, es sei vorbei.", "die jüngere Halvorsen"),
        # two people joined by "neither … nor", and a name in a list "like" or "including" it
        ("Neither Wendy Halvorsen nor Tom Baker said it was over.", None),
        ("Candidates like Wendy Halvorsen said it was over.", "Candidates like Wendy Halvorsen"),
        ("Democrats including Wendy Halvorsen said it was over.", None),
    ],
)
def test_a_relative_or_a_group_is_not_the_person_named(text: str, speaker: str | None) -> None:
    a = [a for a in analyse(text, "de" if "sagte" in text else "en").attributions if a.cue_text in ("said", "sagte")][-1]
    assert a.speaker_name != "Wendy Halvorsen" and a.principal_name is None
    if speaker is not None:
        assert a.speaker_name == speaker


def test_team_and_a_name_is_the_campaign_on_its_behalf() -> None:
    [a] = analyse("Wendy Halvorsen arrived late. Team Halvorsen said it was over.", "en").attributions
    assert (a.speaker_name, a.principal_name) == ("Team Halvorsen", "Wendy Halvorsen")


def test_a_relative_after_a_titled_name_in_a_clause_tail_is_that_name() -> None:
    # "vote for Senator X, who …": the relative stands for X, not for "vote for Senator X"
    doc = analyse("She plans to vote for Senator Wendy Halvorsen of Ohio, who similarly blasts free trade.", "en")
    [a] = [a for a in doc.attributions if a.cue_text == "similarly blasts"]
    assert a.speaker_name == "Wendy Halvorsen"


def test_a_relative_after_a_titled_name_after_an_adjective_is_that_name() -> None:
    doc = analyse("Wendy Halvorsen spoke. The loss was steep for Mrs. Halvorsen, who said she intended to rest.", "en")
    [a] = [a for a in doc.attributions if a.cue_text == "said"]
    assert a.speaker_name == "Wendy Halvorsen"


def test_a_german_representative_before_a_name_in_the_genitive_speaks_for_it() -> None:
    # "Ein Sprecher Kochmann-Rieders" is her spokesman, never she herself
    doc = analyse("Die Abgeordnete Silvana Kochmann-Rieder trat zurück.\n\n"
                  "Ein Sprecher Kochmann-Rieders sagte, sie bedaure den Schritt.", "de")
    [a] = [a for a in doc.attributions if a.cue_text == "sagte"]
    assert a.speaker_name != "Silvana Kochmann-Rieder"
    assert a.principal_name == "Silvana Kochmann-Rieder"


def test_a_german_name_a_letter_is_addressed_to_is_not_its_speaker() -> None:
    doc = analyse("Die Regierung bat um Hilfe.\n\n"
                  "In einem Brief an UN-Generalsekretär Kofi Annan heißt es, die Lage sei ernst.", "de")
    assert [a.speaker_name for a in doc.attributions] == ["einem Brief an UN-Generalsekretär Kofi Annan"]
