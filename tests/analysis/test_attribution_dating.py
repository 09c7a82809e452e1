"""Statement dating as a stage of its own (analysis/attribution/dating.py), on sentences
written for these tests: the stage is given the spans and answers with the date and its flag."""

from __future__ import annotations

import re
from datetime import date

import pytest

from quotetrail.analysis.attribution.dating import date_statement, how_found
from quotetrail.analysis.dates import find_date_mentions
from quotetrail.analysis.segment import segment
from quotetrail.model import Article, DateMention, Document, Span

FRIDAY = date(2016, 8, 19)


def dated(text: str, cue: str, content: str, lang: str = "en", speaker: str | None = None,
          quoted: bool = False) -> tuple[str | None, str]:
    """The date (ISO, None for none of its own) and flag the stage gives the statement whose
    cue, content and speaker are the first occurrences of those words."""
    doc = segment(Document(article=Article(text=text, origin="test", lang=lang, published=FRIDAY)))
    toks = doc.tokens

    def tokens_of(words: str) -> tuple[int, int]:
        at = text.index(words)
        inside = [i for i, t in enumerate(toks) if at <= t.start and t.end <= at + len(words)]
        return inside[0], inside[-1] + 1

    c = text.index(content)
    result = date_statement(
        text, toks, sentence=(0, len(toks)), content=(c, c + len(content)), cue=tokens_of(cue),
        speaker=tokens_of(speaker) if speaker else None, dates=find_date_mentions(text, lang, FRIDAY),
        lang=lang, quoted=quoted,
    )
    value = result.mention.value.isoformat() if result.mention and result.mention.value else None
    return value, result.how


@pytest.mark.parametrize(
    ("text", "cue", "content", "speaker", "expected"),
    [
        ("The mayor said on Tuesday that the port would stay open.", "said", "the port would stay open",
         "The mayor", ("2016-08-16", "relative")),
        ("The mayor said on August 3, 2016 that the port would stay open.", "said", "the port would stay open",
         "The mayor", ("2016-08-03", "given")),
        ("The mayor said on August 3 that the port would stay open.", "said", "the port would stay open",
         "The mayor", ("2016-08-03", "guessed")),
        # the content's date is what the statement is about, not when it was made
        ("The mayor said the port would open on Monday.", "said", "the port would open on Monday",
         "The mayor", (None, "published")),
        # a relative clause of the speaker is another clause
        ("The mayor, who arrived on Monday, said the port would stay open.", "said", "the port would stay open",
         "The mayor", (None, "published")),
    ],
)
def test_the_stage_answers_with_the_date_of_the_statements_clause_and_its_flag(
    text: str, cue: str, content: str, speaker: str, expected: tuple[str | None, str]
) -> None:
    assert dated(text, cue, content, speaker=speaker) == expected


def test_a_statement_without_cue_or_speaker_has_only_the_publication_date() -> None:
    text = "The port would stay open on Monday."
    doc = segment(Document(article=Article(text=text, origin="test", lang="en", published=FRIDAY)))
    result = date_statement(text, doc.tokens, sentence=(0, len(doc.tokens)), content=(0, len(text)), cue=None,
                            speaker=None, dates=find_date_mentions(text, "en", FRIDAY), lang="en")
    assert (result.mention, result.how) == (None, "published")


def test_a_date_without_a_value_is_no_date_of_its_own() -> None:
    # without a publication date a weekday cannot be resolved: the flag must not claim one
    assert how_found(DateMention(Span(0, 6, "Monday"), None, "day", True, False)) == "published"


@pytest.mark.parametrize(
    ("text", "cue", "content", "speaker", "expected"),
    [
        # an adverbial between the speaker and the cue is the cue's clause; an apposition is not
        ("The mayor, during two interviews on Tuesday, praised the dockers.", "praised", "the dockers",
         "The mayor", ("2016-08-16", "relative")),
        ("The mayor, fresh from a win on Tuesday, praised the dockers.", "praised", "the dockers",
         "The mayor", (None, "published")),
        # a participle after a comma goes on the clause before it, and so does its time
        ("The mayor, a former docker, spoke at the harbour on Tuesday, praising the dockers.", "praising",
         "the dockers", "The mayor, a former docker", ("2016-08-16", "relative")),
        # a participle after the cue's clause that dates its medium
        ("The mayor told the radio in an interview, taped Tuesday, that the port stays open.", "told",
         "the port stays open", "The mayor", ("2016-08-16", "relative")),
        # a relative clause of a dated event
        ("Her speech on Tuesday, in which she praised the dockers, was short.", "praised", "the dockers",
         "she", ("2016-08-16", "relative")),
        # a date that opens an object right after the cue is the cue's
        ("The captain pleaded guilty in August 2015 to two counts of fraud.", "pleaded guilty",
         "in August 2015 to two counts of fraud", "The captain", ("2015-08-01", "given")),
        # a date that names a thing in the speaker phrase is not the statement's
        ("The candidate for the November 8 election said the port stays open.", "said",
         "the port stays open", "The candidate for the November 8 election", (None, "published")),
        # a complementizer opens a clause: its date is what is said
        ("The mayor promised that in 2017 the port would grow.", "promised", "that in 2017 the port would grow",
         "The mayor", (None, "published")),
        # an opening phrase dates the sentence's statement after a colon, not after a long clause
        ("It was clear: On August 3, 2016, the mayor said the port stays open.", "said", "the port stays open",
         "the mayor", ("2016-08-03", "given")),
        ("The mayor and the union met on Tuesday to talk about wages and, after hours, the mayor said the port "
         "stays open.", "said", "the port stays open", "the mayor", (None, "published")),
        # an event named by a possessive date is no date of the statement ("At Tuesday's meeting, …" is)
        ("Tuesday's strike was the third time the union said it would stop work.", "said", "it would stop work",
         "the union", (None, "published")),
        ("At Tuesday's meeting, the mayor said the port stays open.", "said", "the port stays open",
         "the mayor", ("2016-08-16", "relative")),
        # the speaker and the cue in another clause than the date
        ("The mayors met on Tuesday to talk about the strike, offering help amid worries that the port closes.",
         "worries", "that the port closes", "The mayors", (None, "published")),
        # a clause of the same time right after the date
        ("The protest grew on Tuesday as Anna Keller, the union's leader, attacked the port.", "attacked",
         "the port", "the union's leader", ("2016-08-16", "relative")),
        # a month after an article: a month without its year (guessed)
        ("At a March session of the council, the mayor argued that the port stays open.", "argued",
         "that the port stays open", "the mayor", ("2016-03-01", "guessed")),
        # "until Tuesday" is a limit, not the time of the statement
        ("And until Tuesday, the mayor refused to comment on wages.", "refused", "to comment on wages",
         "the mayor", (None, "published")),
        # a date inside the cue's own words, after an apposition of the speaker
        ("The mayor, a former docker, said Tuesday morning on the radio that the port stays open.",
         "said Tuesday morning on", "that the port stays open", "The mayor, a former docker,",
         ("2016-08-16", "relative")),
        # a month and a year without a preposition
        ("The mayor wrote in a June 2012 letter that the port stays open.", "wrote", "the port stays open",
         "The mayor", ("2012-06-01", "given")),
        # a day right after the speaker, before the verb, dates every cue of that clause, even
        # past a first statement's "that"
        ("The mayor on Tuesday held a short briefing to boast that the port had grown and to attack the union.",
         "to attack", "the union", "The mayor", ("2016-08-16", "relative")),
        # after a determiner the date names a thing the statement is about, not when it was made
        ("The mayor invoked the August 3, 2001, harbour fire to defend the plan.", "invoked",
         "the August 3, 2001, harbour fire", "The mayor", (None, "published")),
    ],
)
def test_the_clause_of_the_statement_decides(
    text: str, cue: str, content: str, speaker: str, expected: tuple[str | None, str]
) -> None:
    assert dated(text, cue, content, speaker=speaker) == expected


def test_a_quotation_that_opens_with_a_date_is_what_is_said() -> None:
    text = "“Tuesday was a bad day,” the mayor said."
    assert dated(text, "said", "Tuesday was a bad day", speaker="the mayor", quoted=True) == (None, "published")


def test_a_document_dated_in_the_speaker_phrase_dates_what_it_says() -> None:
    text = "Die Bilanz einer gestern vorgestellten Studie zeigt, dass der Hafen wächst."
    speaker = "Die Bilanz einer gestern vorgestellten Studie"
    assert dated(text, "zeigt", "dass der Hafen wächst", "de", speaker=speaker) == ("2016-08-18", "relative")


def test_the_cues_sentence_dates_a_statement_whose_content_stands_in_the_headline() -> None:
    # the headline is taken as the content of the next sentence's "according to": that
    # sentence's date ("a report Tuesday") still dates it
    from importlib import import_module

    from test_attribution import STEPS

    text = ("Report: Keller to speak at union rally.\n\nBremen union leader Anna Keller will speak at the union "
            "rally in Bremen next week, according to a report Tuesday by Radio Weser, the broadcaster in "
            "Bremen, Germany.")
    doc = Document(article=Article(text=text, origin="test", lang="en", published=FRIDAY))
    for module, name in STEPS:
        doc = getattr(import_module(f"quotetrail.analysis.{module}"), name)(doc)
    headline = next(a for a in doc.attributions if a.content.text.startswith("Keller to speak"))
    assert headline.date is not None and headline.date.value == date(2016, 8, 16)


# -- the scene: a date from an earlier sentence about the same speech event -------------------


def statement_dates(text: str, lang: str = "en") -> dict[str, tuple[str | None, str]]:
    """Each statement of the analysed article, by the first three words of its content: its
    date (ISO, None for the publication date) and the flag the trail shows beside it."""
    from quotetrail.api import analyse

    doc = analyse(Article(text=text, origin="test", lang=lang, published=FRIDAY))
    return {
        " ".join(re.findall(r"\w+", a.content.text)[:3]): (
            a.date.value.isoformat() if a.date and a.date.value else None, how_found(a.date)
        )
        for a in doc.attributions
    }


@pytest.mark.parametrize(
    ("text", "lang", "statement", "expected"),
    [
        # an opening phrase names the event and its day; the quotation that follows is from it
        ('At a rally in Iowa on Tuesday, Senator Jane Miller attacked the governor\'s budget. '
         '"We will win this fight," she said.', "en", "We will win", ("2016-08-16", "relative")),
        # a dated interview frames what the speaker says after it, quoted or not
        ("In an interview broadcast on August 14, 2016, Mayor Tom Reed defended the port plan. He said the "
         "dockers would keep their jobs.", "en", "the dockers would", ("2016-08-14", "given")),
        # a quotation in the next paragraph after the speaker's dated statement
        ('Wednesday on a local radio show, Mayor Tom Reed said the port would stay open.\n\n'
         'Reed said, "Nobody will lose a job here."', "en", "Nobody will lose", ("2016-08-17", "relative")),
        ("Am Montag trat die Ministerin vor die Presse. Sie sagte, die Reform komme noch in diesem Jahr.", "de",
         "die Reform komme", ("2016-08-15", "relative")),
        ("Ministerin Anna Becker gab am Montag in Berlin eine Pressekonferenz. Sie sagte, der Haushalt sei "
         "gesichert.", "de", "der Haushalt sei", ("2016-08-15", "relative")),
    ],
)
def test_a_statement_takes_the_date_of_the_sentence_that_sets_its_scene(
    text: str, lang: str, statement: str, expected: tuple[str | None, str]
) -> None:
    assert statement_dates(text, lang)[statement] == expected


def test_another_speakers_event_is_not_the_scene() -> None:
    # Miller's quotation is from her rally; the governor's answer is not dated by it
    text = ('At a rally in Iowa on Tuesday, Senator Jane Miller attacked the governor\'s budget. '
            '"We will win this fight," she said.\n\n'
            '"The budget is fair," Governor Paul Stone said.')
    dates = statement_dates(text)
    assert dates["We will win"] == ("2016-08-16", "relative")
    assert dates["The budget is"] == (None, "published")


def test_a_date_about_what_was_said_is_no_scene() -> None:
    # "on Monday" is the day of the vote she spoke about, not of her speech
    text = ('Senator Jane Miller warned that the vote on Monday would be close. "It is very tight," she said.\n\n'
            'Senator Paul Stone warned on Monday that the vote would be close. "It is too tight," he said.')
    dates = statement_dates(text)
    assert dates["It is very"] == (None, "published")
    assert dates["It is too"] == ("2016-08-15", "relative")


def test_a_scene_two_paragraphs_back_or_behind_a_dateline_does_not_reach() -> None:
    text = ("At a rally in Iowa on Tuesday, Senator Jane Miller attacked the governor's budget.\n\n"
            '"We will win this fight," Miller said.\n\n'
            "Thousands of farmers came to the fair.\n\n"
            '"The cuts are unfair," Miller said.\n\n'
            "At a rally in Ohio on Wednesday, Senator Paul Stone praised the budget.\n\n"
            'DES MOINES - "The budget works," Stone said.')
    dates = statement_dates(text)
    assert dates["We will win"] == ("2016-08-16", "relative")
    assert dates["The cuts are"] == (None, "published")
    assert dates["The budget works"] == (None, "published")


def test_what_the_speaker_said_after_a_dated_quotation_is_not_dated_by_it() -> None:
    # a date after the cue dates that saying; a quotation that follows is from it, a new
    # indirect statement may come from anywhere
    text = ("Anna Keller sagte am Dienstag vor dem Tor: „Wir bleiben hier.“\n\n"
            "„Wir gehen nicht weg“, sagte Keller.\n\n"
            "Keller erklärte, dass die Beschäftigten seit Jahren warten.")
    dates = statement_dates(text, "de")
    assert dates["Wir gehen nicht"] == ("2016-08-16", "relative")
    assert dates["dass die Beschäftigten"] == (None, "published")


def test_a_planned_event_is_no_scene() -> None:
    # the rally is next Monday, after publication: no statement was made there yet
    text = ('Senator Jane Miller will hold a rally in Iowa on Monday. "We will win this fight," she said.\n\n'
            'Senator Paul Stone held a rally in Ohio on Monday. "Our side wins too," he said.')
    dates = statement_dates(text)
    assert dates["We will win"] == (None, "published")
    assert dates["Our side wins"] == ("2016-08-15", "relative")


def test_an_outlets_name_holds_no_date() -> None:
    text = 'Mayor Tom Reed told USA Today that the port would stay open. "Nobody will lose a job," Reed said.'
    dates = statement_dates(text)
    assert dates["that the port"] == (None, "published")
    assert dates["Nobody will lose"] == (None, "published")


@pytest.mark.parametrize(
    ("text", "cue", "content", "speaker"),
    [
        # a relative clause opened by "whom", "whose", "what" is another clause, as one opened by "who"
        ("The governor attacked the senator, with whom she argued at Sunday's hearing, calling him weak.",
         "calling", "him weak", "The governor"),
        ("Every senator whose bill passed on Monday said the port would stay open.", "said",
         "the port would stay open", "Every senator"),
        ("The mayor recalled what went wrong in 2004 to argue that the lead could shrink.", "recalled",
         "that the lead could shrink", "The mayor"),
        # a dash typed as two hyphens sets off an aside, as a dash does
        ("In a speech in Ohio -- which votes on Saturday -- the mayor argued that the port would stay open.",
         "argued", "that the port would stay open", "the mayor"),
    ],
)
def test_a_date_in_a_clause_opened_by_a_relative_word_or_a_typed_dash_is_not_the_statements(
    text: str, cue: str, content: str, speaker: str
) -> None:
    assert dated(text, cue, content, speaker=speaker) == (None, "published")


def test_a_participle_after_a_relative_clause_keeps_the_date_of_the_clause_its_speaker_is_in() -> None:
    # the speakers stand in the relative clause: its date is theirs
    text = "She spoke near the old pier, where forty workers had gathered on Wednesday, chanting that pay must rise."
    assert dated(text, "chanting", "that pay must rise", speaker="forty workers") == ("2016-08-17", "relative")


@pytest.mark.parametrize(
    ("text", "cue", "content", "speaker"),
    [
        ("Dem Bericht zufolge wurden im letzten Jahr 600 Fälle gezählt.", "zufolge",
         "wurden im letzten Jahr 600 Fälle gezählt", "Dem Bericht"),
        ("Es gibt eine Schätzung des Amtes, wonach in diesem Jahr 500 Boote gebaut wurden.", "wonach",
         "in diesem Jahr 500 Boote gebaut wurden", "eine Schätzung des Amtes"),
    ],
)
def test_after_zufolge_or_wonach_a_date_opening_the_content_is_what_was_said(
    text: str, cue: str, content: str, speaker: str
) -> None:
    assert dated(text, cue, content, lang="de", speaker=speaker) == (None, "published")


def test_a_date_in_the_sentence_of_a_content_that_stands_apart_is_not_the_cues() -> None:
    # the content stands in the next sentence; the stage is given both sentences' dates
    text = "The officials said so.\n\nAfter the storm last month, the ferry was closed for good."
    doc = segment(Document(article=Article(text=text, origin="test", lang="en", published=FRIDAY)))
    toks = doc.tokens
    first = [i for i, t in enumerate(toks) if t.sent == toks[0].sent]
    said = next(i for i, t in enumerate(toks) if t.text == "said")
    c = text.index("the ferry")
    result = date_statement(
        text, toks, sentence=(first[0], first[-1] + 1), content=(c, len(text) - 1), cue=(said, said + 1),
        speaker=(1, 2), dates=find_date_mentions(text, "en", FRIDAY), lang="en",
    )
    assert (result.mention, result.how) == (None, "published")


@pytest.mark.parametrize(
    ("text", "cue", "content", "speaker", "lang", "expected"),
    [
        # a short object swallowed the cue's day: the day is when it was said
        ("The mayor rejected the governor's offer Tuesday.", "rejected", "the governor's offer Tuesday",
         "The mayor", "en", ("2016-08-16", "relative")),
        ("The mayor blasted her rival on Monday over the ferry plan.", "blasted",
         "her rival on Monday over the ferry plan", "The mayor", "en", ("2016-08-15", "relative")),
        ("The council replied later Saturday to call the quarrel a misunderstanding.", "replied",
         "Saturday to call the quarrel a misunderstanding", "The council", "en", ("2016-08-13", "relative")),
        ("Der Trainer gab die Entscheidung am Donnerstag im Hotel bekannt.", "gab",
         "die Entscheidung am Donnerstag im Hotel", "Der Trainer", "de", ("2016-08-18", "relative")),
        # a clause: a subject pronoun, a finite verb before or after the day, a determiner
        ("The mayor said they would open the pier on Monday night.", "said",
         "they would open the pier on Monday night", "The mayor", "en", (None, "published")),
        ("The mayor noted the pier is closed on Monday.", "noted", "the pier is closed on Monday",
         "The mayor", "en", (None, "published")),
        ("The weekly wrote, as late as Friday morning, the council was refusing to act.", "wrote",
         "as late as Friday morning, the council was refusing to act", "The weekly", "en", (None, "published")),
        ("The mayor expects a vote before the Sunday deadline.", "expects", "a vote before the Sunday deadline",
         "The mayor", "en", (None, "published")),
        ("Die Forscher vermuten, kleine Stücke könnten sich heute im All befinden.", "vermuten",
         "kleine Stücke könnten sich heute im All befinden", "Die Forscher", "de", (None, "published")),
    ],
)
def test_a_day_after_a_short_object_is_the_cues_a_day_in_a_clause_is_what_was_said(
    text: str, cue: str, content: str, speaker: str, lang: str, expected: tuple[str | None, str]
) -> None:
    assert dated(text, cue, content, lang=lang, speaker=speaker) == expected


def test_a_participle_after_went_after_keeps_its_clauses_date() -> None:
    # "after" here is a preposition, not a relative clause before the participle
    text = "The mayor went after the governor on Wednesday over the ferry, calling the plan reckless."
    assert dated(text, "calling", "the plan reckless", speaker="The mayor") == ("2016-08-17", "relative")


@pytest.mark.parametrize(
    ("text", "lang", "statement"),
    [
        ('At a rally in Iowa on Tuesday, Senator Jane Miller attacked the budget. '
         'Miller later said the budget was a disgrace.', "en", "the budget was"),
        ("Am Montag trat die Ministerin vor die Presse. Später sagte sie, die Reform komme noch.", "de",
         "die Reform komme"),
    ],
)
def test_a_statement_whose_own_words_place_it_at_another_time_takes_no_scene(
    text: str, lang: str, statement: str
) -> None:
    assert statement_dates(text, lang)[statement] == (None, "published")


def test_the_opening_phrase_of_a_content_that_stands_apart_dates_it() -> None:
    # "On her blog on Tuesday, …" frames the content; its cue stands in the next sentence
    text = 'On her blog on Tuesday, the mayor did not back down. "We stay," she wrote.'
    doc = segment(Document(article=Article(text=text, origin="test", lang="en", published=FRIDAY)))
    toks = doc.tokens
    wrote = next(i for i, t in enumerate(toks) if t.text == "wrote")
    second = [i for i, t in enumerate(toks) if t.sent == toks[wrote].sent]
    c = text.index("the mayor")
    she = next(i for i, t in enumerate(toks) if t.text == "she")
    result = date_statement(
        text, toks, sentence=(second[0], second[-1] + 1), content=(c, text.index(".")), cue=(wrote, wrote + 1),
        speaker=(she, she + 1), dates=find_date_mentions(text, "en", FRIDAY), lang="en",
    )
    assert (result.mention.value.isoformat() if result.mention and result.mention.value else None, result.how) == (
        "2016-08-16", "relative")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the two halves of a quotation stored as one content around its cue: the day right
        # after the cue is when it was said
        ('“We lost the vote,” Tom Reed, a union spokesman, said in an interview Sunday in Bremen. “The talks '
         'go on.”', ("2016-08-14", "relative")),
        ("“We lost the vote,” Tom Reed observed this week, “but the talks go on.”", ("2016-08-15", "relative")),
        # after a verb of its own the day is what was said
        ("“The port,” Tom Reed said was closed since Sunday, “stays shut.”", (None, "published")),
        # after a comma or inside the second half the day is what was said
        ("“We lost the vote,” Tom Reed said, “and on Sunday the talks end.”", (None, "published")),
    ],
)
def test_a_day_right_after_a_cue_inside_its_quotation_dates_it(text: str, expected: tuple[str | None, str]) -> None:
    cue = "observed" if "observed" in text else "said"
    content = text[: text.rindex("”") + 1]
    assert dated(text, cue, content, speaker="Tom Reed", quoted=True) == expected


def test_a_day_after_a_cue_in_the_flow_of_a_content_that_holds_it_is_what_was_said() -> None:
    # a content that runs through its frame without setting it off: the day is the content's
    text = "The port is in trouble, but Tom Reed said reopening in 2017 is far more likely."
    assert dated(text, "said", text[:-1], speaker="Tom Reed") == (None, "published")


@pytest.mark.parametrize(
    ("text", "statement", "expected"),
    [
        # a speech act told with a verb of its own ("talked", "blasted") sets the scene
        ('Mayor Tom Reed talked politics Monday on a morning show.\n\n"The port is safe with us," Reed said.',
         "The port is", ("2016-08-15", "relative")),
        # so does the speaker's dated memo or letter
        ('In a memo on Tuesday, Mayor Tom Reed reminded his staff of the budget.\n\n"We must save," Reed noted.',
         "We must save", ("2016-08-16", "relative")),
    ],
)
def test_a_speech_act_or_a_document_of_the_speaker_sets_the_scene(
    text: str, statement: str, expected: tuple[str | None, str]
) -> None:
    assert statement_dates(text)[statement] == expected


@pytest.mark.parametrize(
    ("text", "speaker", "expected"),
    [
        # a party label in brackets after the name is no clause edge
        ("Sen. Jane Miller (R-Iowa) on Wednesday downplayed the attack on the judge.",
         "Sen. Jane Miller (R-Iowa) on Wednesday", ("2016-08-17", "relative")),
        # a relative clause after it still is
        ("Sen. Jane Miller (R-Iowa), who arrived on Wednesday, said the judge was fair.",
         "Sen. Jane Miller (R-Iowa), who arrived on Wednesday,", (None, "published")),
    ],
)
def test_a_label_in_brackets_after_the_speakers_name_is_no_clause_edge(
    text: str, speaker: str, expected: tuple[str | None, str]
) -> None:
    cue = "downplayed" if "downplayed" in text else "said"
    content = "the attack on the judge" if cue == "downplayed" else "the judge was fair"
    assert dated(text, cue, content, speaker=speaker) == expected


@pytest.mark.parametrize(
    ("text", "cue", "content", "expected"),
    [
        # an object with its abbreviation, then the day: the cue's
        ("The mayor blasted the Harbour Safety Board (HSB) Tuesday for its report.", "blasted",
         "the Harbour Safety Board (HSB) Tuesday for its report", ("2016-08-16", "relative")),
        # a bracket after a content that ended before it still closes what the cue governs
        ("The mayor urged the council to reject the deal reached by Sen. Jane Miller (R-Iowa) last week.", "urged",
         "the council to reject the deal reached by Sen. Jane Miller", (None, "published")),
    ],
)
def test_a_label_in_brackets_in_an_object_is_no_clause_edge(
    text: str, cue: str, content: str, expected: tuple[str | None, str]
) -> None:
    assert dated(text, cue, content, speaker="The mayor") == expected


@pytest.mark.parametrize(
    ("text", "statement", "expected"),
    [
        # a long prepositional or participle phrase that opens the sentence with the day
        ("In an interview with the morning show of Radio Weser on Monday night, Mayor Tom Reed defended the "
         "port plan.", "the port plan", ("2016-08-15", "relative")),
        ("Speaking to reporters at the harbour gate on Tuesday, Mayor Tom Reed rejected the union's offer.",
         "the union s", ("2016-08-16", "relative")),
        # a date after publication is no time a statement was made
        ("Heading into the final votes in September, Mayor Tom Reed promised a new port.", "a new port",
         (None, "published")),
    ],
)
def test_an_opening_phrase_dates_the_statement_unless_it_lies_ahead(
    text: str, statement: str, expected: tuple[str | None, str]
) -> None:
    assert statement_dates(text)[statement] == expected


@pytest.mark.parametrize(
    ("text", "statement", "expected"),
    [
        # what the speaker did that day, told with any verb, sets the scene of the quotation after it
        ('Senator Jane Miller on Thursday took the gloves off in an exchange with a radio host.\n\n'
         '"The plan failed years ago," Miller said.', "The plan failed", ("2016-08-18", "relative")),
        ('Earlier on Wednesday, Mayor Tom Reed was critical of the union.\n\n"They want too much," Reed said.',
         "They want too", ("2016-08-17", "relative")),
        # not a day of another clause, nor for an indirect statement, nor a campaign named after the speaker
        ('Mayor Tom Reed, who arrived on Wednesday, toured the port.\n\n"They want too much," Reed said.',
         "They want too", (None, "published")),
        ("Mayor Tom Reed toured the port on Wednesday.\n\nReed said the union wanted too much.",
         "the union wanted", (None, "published")),
        ('Mayor Tom Reed toured the port before the vote on Wednesday.\n\n"They want too much," Reed said.',
         "They want too", (None, "published")),
        ('The Tom Reed campaign on Wednesday attacked the union.\n\n"They want too much," Reed said.',
         "They want too", (None, "published")),
    ],
)
def test_the_speakers_dated_doing_sets_the_scene_of_a_quotation(
    text: str, statement: str, expected: tuple[str | None, str]
) -> None:
    assert statement_dates(text)[statement] == expected



def test_a_statement_without_a_speaker_is_no_change_of_speaker_before_a_scene() -> None:
    # the attribution left "questioning …" without a speaker: that says nothing of who spoke, so
    # Reed's dated doing still sets the scene of his quotation
    from quotetrail.analysis.attribution.dating import Dated, Scenes

    text = ("Mayor Tom Reed continued his attack on Saturday, casting the union as greedy and questioning "
            "its judgment.\n\n\"They want too much,\" Reed told reporters.")
    toks = segment(Document(article=Article(text=text, origin="test", lang="en", published=FRIDAY))).tokens
    cut = next(i for i, t in enumerate(toks) if t.text == "\"")
    reed = text.index("Tom Reed"), text.index("Tom Reed") + len("Tom Reed")
    scenes = Scenes(
        text, toks, sentences={0: (0, cut), 1: (cut, len(toks))}, paragraphs=[0, text.index("\"")],
        dates={0: find_date_mentions(text, "en", FRIDAY), 1: []}, people=[(reed, "Tom Reed")], lang="en",
        published=FRIDAY,
    )
    q = text.index("its judgment")
    scenes.dated(Dated(None, "published"), sentence=0, content=(q, q + 12), speaker=None)
    c = text.index("They want")
    said = scenes.dated(Dated(None, "published"), sentence=1, content=(c, c + 18), speaker="Tom Reed",
                        where=(text.rindex("Reed"), text.rindex("Reed") + 4), quoted=True)
    assert said.mention is not None and said.mention.value == date(2016, 8, 13)
    assert said.how == "relative"
