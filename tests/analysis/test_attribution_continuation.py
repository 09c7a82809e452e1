"""Stage 4c (continuation.py): free indirect speech that goes on with a statement found by
the labeller, or with a reported speech act — after the join, so the labeller's features stay."""

from __future__ import annotations

from tests.analysis.test_attribution import analyse
from tests.analysis.test_attribution_stages import prepared

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.continuation import continue_statements
from quotetrail.analysis.attribution.engine import Extractor


def test_a_reported_speech_act_goes_on_in_konjunktiv_i() -> None:
    text = (
        "Der Verband der Bäcker forderte höhere Zuschüsse vom Land. "
        "Ohne Hilfe müsse jeder dritte Betrieb schließen. "
        "Die Bäckerei am Markt schloss im Juli."
    )
    # what a reader sees (the German labeller of c1 1.0 finds the sentence itself, with its
    # final full stop, and the join hands it the speaker before; stage 4c did it before)
    for attributions in (analyse(text, "de").attributions, Extractor(prepared(text)).run()):
        found = {a.content.text.rstrip("."): a for a in attributions}
        a = found["Ohne Hilfe müsse jeder dritte Betrieb schließen"]
        assert (a.speaker.text if a.speaker else None, a.form, a.cue) == ("Der Verband der Bäcker", "free_indirect", None)
        # the author's indicative sentence after it is nobody's statement
        assert not any("schloss" in c for c in found)
    # the rules alone: stage 4c continues the reported act
    assert a.made_by.split(" + ")[0] == "free_indirect_after_join"


def test_a_statement_only_the_labeller_found_is_continued() -> None:
    text = "Die Reederei Nordlicht meldete sich am Abend. Das Schiff sei auf dem Weg nach Oslo."
    ex = Extractor(prepared(text))
    ctx = ex.ctx
    (a0, b0), (a1, _) = ctx.sent_range[0], ctx.sent_range[1]
    # as the labeller hands it over: cue "meldete sich", speaker "Die Reederei Nordlicht"
    labelled = Found(ctx.chars(a0, b0), "indirect", (a0 + 3, a0 + 5), (a0, a0 + 3), 0, a0 + 3)
    labelled.rule = "model"
    out = continue_statements(ctx, ex.quotes, [labelled])
    added = [f for f in out if f is not labelled]
    assert [(f.sentence, f.speaker, f.cue, f.rule) for f in added] == [(1, (a0, a0 + 3), None, "free_indirect_after_join")]
    assert ctx.doc.article.text[slice(*added[0].content)] == "Das Schiff sei auf dem Weg nach Oslo"
    assert added[0].pos == a1


def test_no_continuation_past_a_new_person_or_an_indicative_sentence() -> None:
    text = (
        "Die Gewerkschaft Verdi kritisierte die Pläne der Stadt. "
        "Die Stadt hat die Pläne am Montag vorgestellt. "
        "Es gebe keinen Grund zur Sorge, hieß es im Rathaus."
    )
    found = {a.content.text: a for a in analyse(text, "de").attributions}
    assert not any("vorgestellt" in c for c in found)
    text = (
        "Die Gewerkschaft Verdi kritisierte die Pläne der Stadt. "
        "Bürgermeisterin Helga Sommer sei dagegen zufrieden."
    )
    speakers = {a.content.text: a.speaker.text if a.speaker else None for a in analyse(text, "de").attributions}
    assert speakers.get("Bürgermeisterin Helga Sommer sei dagegen zufrieden") != "Die Gewerkschaft Verdi"


def test_a_reportative_modal_with_a_perfect_infinitive_is_hearsay_of_nobody_named() -> None:
    text = (
        "Der Stadtrat tagte am Montag bis spät in die Nacht. "
        "Der Kämmerer soll Gelder aus der Vereinskasse veruntreut haben. "
        "Bei dem Brand sollen zwei Scheunen zerstört worden sein. "
        "Die neue Brücke soll im Jahr 2027 fertig werden. "
        "Der Zustand des Kämmerers soll schlecht sein."
    )
    found = {a.content.text: a for a in analyse(text, "de").attributions}
    for claim in (
        "Der Kämmerer soll Gelder aus der Vereinskasse veruntreut haben",
        "Bei dem Brand sollen zwei Scheunen zerstört worden sein",
    ):
        a = found[claim]
        assert (a.speaker, a.cue, a.form, a.made_by) == (None, None, "free_indirect", "free_indirect_hearsay")
    # a plan and an adjective are no perfect infinitive: nobody is reported
    assert not any("Brücke" in c or "schlecht" in c for c in found)


def test_konjunktiv_ii_goes_on_with_a_statement_before_it_but_not_alone() -> None:
    text = "Tanja Weil sagte, die Lage sei ernst.\n\nOhne Hilfe würden viele Bäckereien im Winter schließen."
    found = {a.content.text: a for a in analyse(text, "de").attributions}
    a = found["Ohne Hilfe würden viele Bäckereien im Winter schließen"]
    assert (a.speaker_name, a.form, a.cue) == ("Tanja Weil", "free_indirect", None)
    # the author's own conditional, with no statement before it, is nobody's
    alone = "Der Markt ist klein. Ohne Hilfe würden viele Bäckereien im Winter schließen."
    assert analyse(alone, "de").attributions == []


def test_a_sentence_inside_a_statement_that_runs_on_is_not_continued_again() -> None:
    # the labeller takes both sentences as one statement: the second is not shown twice
    text = (
        "Die Bäckerin Tanja Weil sagte am Montag, die Lage sei ernst. "
        "Ohne Hilfe würden viele Bäckereien im Winter schließen."
    )
    spans = sorted((a.content.start, a.content.end) for a in analyse(text, "de").attributions)
    assert spans and all(e <= s for (_, e), (s, _) in zip(spans, spans[1:], strict=False)), spans
