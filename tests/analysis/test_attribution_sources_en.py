"""Where an English source phrase begins and ends (stage 4, patterns.py), as PolNeAR's
annotators mark it (issue 16)."""

from __future__ import annotations

import pytest
from tests.analysis.test_attribution import analyse


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        # an "according to" phrase of more than 15 words before its comma: the statement
        # starts after the comma, never inside the phrase
        (
            "According to tallies of ballot surveys carried out for the Daily Planet and two radio "
            "stations by Acme Research, at least 8 in 10 farmers in each county feel betrayed.",
            "tallies of ballot surveys carried out for the Daily Planet and two radio stations by Acme Research",
            "at least 8 in 10 farmers in each county feel betrayed",
        ),
        (
            "According to three harbour officials who spoke to the Gazette but were not allowed to "
            "speak on the record, the ferry plan was dropped.",
            "three harbour officials who spoke to the Gazette but were not allowed to speak on the record",
            "the ferry plan was dropped",
        ),
    ],
)
def test_a_long_according_to_phrase_opening_the_sentence_is_the_whole_source(
    text: str, speaker: str, content: str
) -> None:
    a = next(a for a in analyse(text, "en").attributions if a.cue_text == "According to")
    assert a.speaker is not None and a.speaker.text == speaker
    assert a.content.text == content




@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        # a cue joined by "and" to an earlier verb speaks with the sentence's subject
        ("The skipper scratched his beard, and then said the ferry must stop.", "said", "The skipper"),
        ("The mayor shook her head, and later said the pier would stay shut.", "later said", "The mayor"),
        # an opening phrase closed by a comma comes before the subject
        ("On Tuesday, the mayor shook her head, and later said the pier would stay shut.", "later said", "the mayor"),
        ("In the harbour town, Holt toured the pier and then said the ferry must stop.", "said", "Holt"),
        # a sentence opened by "But" or "And": the word is no subject
        ("But the mayor shook her head, and later said the pier would stay shut.", "later said", "the mayor"),
    ],
)
def test_a_second_verb_of_the_clause_takes_its_subject_as_source(text: str, cue: str, speaker: str) -> None:
    a = next(a for a in analyse(text, "en").attributions if a.cue_text == cue)
    assert a.speaker is not None and a.speaker.text == speaker


def test_a_hearsay_adverb_after_and_gets_no_source_from_the_sentence() -> None:
    # "reportedly" names no one: the words before it are no subject the step may take
    text = "After the storm the pier was closed for a week, and reportedly said to be unsafe."
    a = next(a for a in analyse(text, "en").attributions if a.cue_text == "reportedly")
    assert a.speaker is None
