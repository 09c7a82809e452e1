"""The whole cue (analysis/attribution/frame.py): auxiliaries, particles, "wie", companions."""

from __future__ import annotations

import pytest

from quotetrail.analysis import default_pipeline
from quotetrail.model import Article, Attribution


def attributions(text: str, lang: str) -> list[Attribution]:
    return default_pipeline()(Article(text=text, origin="test", lang=lang)).attributions


@pytest.mark.parametrize(
    ("lang", "text", "cue", "speaker"),
    [
        # a separable verb: the verb and its particle, not the subject and adverb between them
        ("de", "Die Ministerin Anke Rohde gab am Montag bekannt, dass die Schule schließt.",
         "gab … bekannt", "Die Ministerin Anke Rohde"),
        # the auxiliary of a perfect tense in second position
        ("de", "Der Landrat Jörg Weide hat am Abend angekündigt, dass die Straße gesperrt wird.",
         "hat … angekündigt", "Der Landrat Jörg Weide"),
        # a clause opened by "wie" belongs to the cue it introduces
        ("de", "Wie die Stadt am Montag mitteilte, bleibt das Bad geschlossen.",
         "Wie … mitteilte", "die Stadt"),
        # a prepositional cue is the preposition; the noun belongs to the source
        ("de", "Nach Angaben der Feuerwehr Lindau wurden zwei Menschen verletzt.",
         "Nach", "Angaben der Feuerwehr Lindau"),
        # a pronominal adverb right after the verb
        ("de", "Der Sprecher Tom Kahl verwies darauf, dass die Frist abgelaufen sei.",
         "verwies darauf", "Der Sprecher Tom Kahl"),
        # ... or a word or two after it
        ("de", "Die Gewerkschaft begründete dies damit, dass die Löhne zu niedrig seien.",
         "begründete … damit", "Die Gewerkschaft"),
        # "wie" before a source with an apposition between commas
        ("de", "Wie der Leiter des Bauamts, Karl Wendt, mitteilte, bleibt die Brücke gesperrt.",
         "Wie … mitteilte", "der Leiter des Bauamts, Karl Wendt"),
        # a pronominal adverb between a separable verb and its particle
        ("de", "Die Ärztinnen wiesen darauf hin, dass die Impfung kostenlos sei.",
         "wiesen darauf hin", "Die Ärztinnen"),
        # a prepositional phrase in first position is no subject; the speaker follows the verb
        ("de", "Zu dieser Zeit ging die Anwältin Eva Roth davon aus, dass der Termin platze.",
         "ging … davon aus", "die Anwältin Eva Roth"),
        # the particle is found past a name in apposition; "nach" inside the clause is no
        # prepositional cue
        ("de", "Die Partei geht nach einem Treffen mit dem Bürgermeister, Jan Roth, davon aus, "
         "dass der Etat reicht.", "geht … davon aus", "Die Partei"),
        # the particle right after the verb; "sich" after the verb
        ("de", "Der Minister gestand ein, dass die Planung fehlerhaft gewesen sei.",
         "gestand ein", "Der Minister"),
        ("de", "Der Verband entschied sich, die Halle im Winter zu schließen.",
         "entschied sich", "Der Verband"),
        # "mit den Worten" joins the cue of its clause
        ("de", "Die Sprecherin Lea Horn kommentierte den Plan mit den Worten: „Das ist ein Fehler.“",
         "kommentierte … mit den Worten", "Die Sprecherin Lea Horn"),
        # English verb groups are contiguous: auxiliaries and adverbs inside them
        ("en", "The senator has repeatedly said that the bridge is safe.",
         "has repeatedly said", "The senator"),
        # the colon that opens the quote and a bare day after the verb
        ("en", 'Mayor Ann Lee said Friday: "We will rebuild the bridge before winter."',
         "said Friday:", "Mayor Ann Lee"),
    ],
)
def test_whole_cue(lang: str, text: str, cue: str, speaker: str) -> None:
    [a] = attributions(text, lang)
    assert a.cue_text == cue
    assert a.speaker is not None and a.speaker.text == speaker
    # every piece points at its own characters, outside the content
    for part in (a.cue, *a.cue_parts):
        assert part is not None and text[part.start : part.end] == part.text
        assert part.end <= a.content.start or a.content.end <= part.start


def test_words_between_verb_and_particle_are_not_cue() -> None:
    [a] = attributions("Die Gewerkschaft forderte die Regierung gestern auf, den Plan zu stoppen.", "de")
    assert a.cue_text == "forderte … auf"
    assert "Regierung" not in a.cue_text


def test_companion_the_content_began_with_joins_the_cue() -> None:
    """ "sprach von einer „…“": the preposition is the cue's, the quotation is the content."""
    [a] = attributions("Der Bürgermeister Ole Brandt sprach von einer „großen Chance für die Stadt“.", "de")
    assert a.cue_text == "sprach von"
    assert a.content.text == "großen Chance für die Stadt"
    assert a.form == "direct"


def test_a_verb_that_needs_its_companion() -> None:
    """ "sprechen" reports speech only with "von": what follows it is the statement."""
    [a] = attributions(
        "Der Bürgermeister sprach am Montag von 800 neuen Wohnungen, die bis 2030 entstehen sollen.", "de"
    )
    assert a.cue_text == "sprach … von"
    assert a.content.text == "800 neuen Wohnungen, die bis 2030 entstehen sollen"
    assert a.form == "reported"
    assert attributions("Die Ministerin sprach am Abend mit den Eltern über die Schule.", "de") == []


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        # a role before a name whose closing comma is missing
        ("Die Chefin der Behörde, Anna Roth verwies darauf, dass die Frist ende.",
         "Die Chefin der Behörde, Anna Roth", "dass die Frist ende"),
        # an apposition without an article after the name; an infinitive clause before the
        # statement is not part of it
        ("Am Donnerstag sagte General Tim Hale, Kommandant der Garde, ohne auf Details "
         "einzugehen, dass die Lage ernst sei.", "General Tim Hale, Kommandant der Garde",
         "dass die Lage ernst sei"),
        # a genitive with a possessive ("seines Büros") stays in the source
        ("Wie der Sprecher seines Büros mitteilte, wurde der Termin verschoben.",
         "der Sprecher seines Büros", "wurde der Termin verschoben"),
        # a sentence-initial pronominal adverb is not the cue's
        ("Dazu sagte Lea Horn, die Stadt habe genug Geld.", "Lea Horn", "die Stadt habe genug Geld"),
    ],
)
def test_german_source_shapes(text: str, speaker: str, content: str) -> None:
    [a] = attributions(text, "de")
    assert a.speaker is not None and a.speaker.text == speaker
    assert a.content.text == content
    assert "Dazu" not in (a.cue_text or "")


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        # simplemma reads "entschieden" as the adjective; the participle is the cue
        ("Die Bahn hat entschieden, die Strecke zu schließen.", "hat entschieden", "Die Bahn",
         "die Strecke zu schließen"),
        # a finite verb after "Das" whose particle closes the clause is no participle adjective
        ("Ein Auto ist in den Fluss gefahren. Das teilte Sprecher Jan Kurz mit.", "teilte … mit",
         "Sprecher Jan Kurz", "Ein Auto ist in den Fluss gefahren"),
        # the addressee after a closing cue, with a quoted name, is no quotation
        ("Pro Tag stehe nur ein Liter Wasser bereit, sagte der Helfer Jan Kurz dem Sender „Radio Nord“.",
         "sagte", "der Helfer Jan Kurz", "Pro Tag stehe nur ein Liter Wasser bereit"),
    ],
)
def test_german_cue_forms(text: str, cue: str, speaker: str, content: str) -> None:
    [a] = attributions(text, "de")
    assert a.cue_text == cue
    assert a.speaker is not None and a.speaker.text == speaker
    assert a.content.text == content


def test_a_coordinated_cue_ends_the_statement_before_it() -> None:
    atts = attributions("Diese bestätigte, dass ein Schlüssel fehlt, und gab an, den Vermieter zu benachrichtigen.", "de")
    assert [(a.cue_text, a.content.text) for a in atts] == [
        ("bestätigte", "dass ein Schlüssel fehlt"),
        ("gab an", "den Vermieter zu benachrichtigen"),
    ]
    assert all(a.speaker is not None and a.speaker.text == "Diese" for a in atts)


def test_a_verb_in_konjunktiv_after_es_is_reported_words() -> None:
    # "Es drohe ein Streik": what was said, not a threat made by "ein Streik"
    atts = attributions("Es drohe ein Streik, sagte Jan Kurz.", "de")
    assert [(a.cue_text, a.content.text) for a in atts] == [("sagte", "Es drohe ein Streik")]


def test_causative_lassen_belongs_to_the_cue() -> None:
    [a] = attributions("Der Präsident ließ verlauten, dass die Wahl stattfinde.", "de")
    assert a.cue_text == "ließ verlauten"
    assert a.speaker is not None and a.speaker.text == "Der Präsident"


def test_demnach_inside_a_sentence_reports_the_whole_sentence() -> None:
    atts = attributions("Die Firma legte einen Bericht vor. Der Umsatz soll demnach um zehn Prozent steigen.", "de")
    [a] = [a for a in atts if a.cue_text == "demnach"]
    assert a.form == "indirect"
    assert a.content.text.startswith("Der Umsatz soll")


def test_a_subordinate_clause_in_first_position_is_no_speaker() -> None:
    atts = attributions("Nachdem er gefragt wurde, entgegnete der Kandidat Jan Roth: „Wir wollen Ruhe.“", "de")
    [a] = [a for a in atts if a.cue_text == "entgegnete"]
    assert a.speaker is not None and a.speaker.text == "der Kandidat Jan Roth"


def test_an_object_before_an_apposition_comma_is_no_speaker() -> None:
    atts = attributions(
        "Den Fonds, dessen Leitung heute tagt, forderte er auf, die Zahlung auszusetzen.", "de"
    )
    [a] = [a for a in atts if a.cue_text == "forderte … auf"]
    assert a.speaker is not None and a.speaker.text == "er"


def test_adverbs_do_not_end_a_german_source() -> None:
    atts = attributions("Er sagte, dass sie aber nie genau erklärten, wie das gehe.", "de")
    [a] = [a for a in atts if a.cue_text == "erklärten"]
    assert a.speaker is not None and a.speaker.text == "sie"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a quotation after a name is part of the source only when it is a name itself
        ("Der Fall wird nach Angaben der Polizei Lindau „ganz genau“ geprüft.", "Angaben der Polizei Lindau"),
        # a genitive's noun closes it: the adjective after it is the statement's
        ("Nach Angaben des Roten Kreuzes sind 300 Menschen obdachlos.", "Angaben des Roten Kreuzes"),
        # the expletive "es" before a source with "zufolge"
        ("In den Bergen kam es Informationen des Senders Radio Süd zufolge zu Felsstürzen.",
         "Informationen des Senders Radio Süd"),
    ],
)
def test_german_source_phrase_ends(text: str, speaker: str) -> None:
    [a] = attributions(text, "de")
    assert a.speaker is not None and a.speaker.text == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Der Plan sei falsch, hatte sie gesagt.",
        "Es drohe ein Streik, hatte Jan Kurz bei seinem Besuch in Bonn gesagt.",
    ],
)
def test_a_verb_final_frame_after_the_statement(text: str) -> None:
    """ "…, hatte X gesagt.": auxiliary, speaker and participle close the sentence."""
    [a] = attributions(text, "de")
    assert a.cue_text == "hatte … gesagt"
    assert a.content.text == text.split(",")[0]


def test_a_subordinate_clause_before_a_closing_cue_is_no_statement() -> None:
    atts = attributions("Nachdem die Fälschung bekannt wurde, hat Frau Lind angekündigt, ihr Mandat niederzulegen.", "de")
    assert all(not a.content.text.startswith("Nachdem") for a in atts)


def test_a_quotation_over_several_lines_is_one_content() -> None:
    text = ("Der Mieterbund schlug in die gleiche Kerbe, indem er die Stadt zum Handeln aufforderte:\n"
            "„Einen Kämmerer vor Gericht kann sich die Stadt nicht leisten.\n"
            "Jetzt ist der Stadtrat gefordert.“")
    [a] = attributions(text, "de")
    assert a.form == "direct"
    assert a.content.text.endswith("Jetzt ist der Stadtrat gefordert.")
    assert a.content.text.startswith("Einen Kämmerer")


def test_a_relative_clause_describing_the_source_is_not_the_statement() -> None:
    [a] = attributions("Nach einer Hochrechnung, die auf 65 Prozent der Bezirke beruht, entfallen "
                       "61 Prozent der Stimmen auf den Kandidaten.", "de")
    assert a.cue_text == "Nach"
    assert a.content.text == "entfallen 61 Prozent der Stimmen auf den Kandidaten"


@pytest.mark.parametrize(
    "text",
    [
        "Der Sprecher Jan Kurz sagte es sei schwierig, die Zahlen zu bestätigen.",
        "Jan Kurz, der Sekretär des Vereins, sagte es sei schwierig, die Zahlen zu bestätigen.",
    ],
)
def test_a_konjunktiv_clause_without_its_comma(text: str) -> None:
    [a] = attributions(text, "de")
    assert a.form == "indirect"
    assert a.content.text == "es sei schwierig, die Zahlen zu bestätigen"


def test_nach_after_its_source_noun() -> None:
    atts = attributions("Die Ministerin Eva Roth sprach am Montag. Die Lage sei ihrer Meinung nach ernst.", "de")
    [a] = [a for a in atts if a.cue_text == "nach"]
    assert a.speaker is not None and a.speaker.text == "ihrer Meinung"
    assert a.form == "indirect"


def test_a_request_in_the_passive_has_the_agent_or_no_speaker() -> None:
    [a] = attributions("Die Anwohner wurden aufgefordert, die Fenster geschlossen zu halten.", "de")
    assert a.cue_text == "wurden aufgefordert"
    assert a.speaker is None  # the subject is who was asked, not who asked
    assert a.content.text == "die Fenster geschlossen zu halten"
    [b] = attributions("Die Anwohner wurden vom Landrat aufgefordert, die Fenster zu schließen.", "de")
    assert b.speaker is not None and b.speaker.text == "Landrat"


def test_a_name_with_particles_opens_a_sentence() -> None:
    [a] = attributions("Von der Leyen betonte, die Lage sei ernst.", "de")
    assert a.speaker is not None and a.speaker.text == "Von der Leyen"
    # a prepositional phrase is no name
    [b] = attributions("Von Berlin aus sagte er, die Lage sei ernst.", "de")
    assert b.speaker is not None and b.speaker.text == "er"


def test_a_quotation_after_a_coordinated_verb_is_not_the_first_verbs() -> None:
    atts = attributions("Die Abgeordnete Petra Lind spricht von einer Neudefinition des Staates und "
                        "fordert eine Rücknahme von „Gesetz I“.", "de")
    assert all(not (a.cue_text or "").startswith("spricht") or a.form != "direct" for a in atts)


def test_a_possessive_before_a_noun_cue_is_the_source() -> None:
    [a] = attributions("Trump's claim that the election was rigged has no basis.", "en")
    assert a.cue_text == "claim"
    assert a.speaker is not None and a.speaker.text == "Trump's"


def test_a_quotation_after_a_statement_of_the_same_speaker_shares_its_cue() -> None:
    atts = attributions("Der Abgeordnete Jan Kurz sagte zu den Vorwürfen, dass der Vorfall kein Unfall "
                        "gewesen sei. „Das war ein gezielter Angriff.“", "de")
    quote = [a for a in atts if a.form == "direct"]
    assert quote and quote[0].cue_text == "sagte"


def test_the_subject_of_a_passive_quote_is_the_speaker() -> None:
    [a] = attributions("Sie wird mit den Worten zitiert: „Ich werde diesen Umzug nicht aufhalten.“", "de")
    assert a.cue_text == "wird mit den Worten zitiert"
    assert a.speaker is not None and a.speaker.text == "Sie"


def test_a_quotation_inside_a_separable_verbs_frame() -> None:
    """ "wies … als „haltlos“ zurück": the quotation after the companion is the statement."""
    [a] = attributions("Der Geschäftsführer Jan Kurz wies alle Vorwürfe als „haltlos“ zurück.", "de")
    assert a.form == "direct"
    assert a.cue_text == "wies … als … zurück"
    assert a.speaker is not None and a.speaker.text == "Der Geschäftsführer Jan Kurz"
    assert a.content.text == "haltlos"


def test_a_companion_before_a_verb_final_participle() -> None:
    [a] = attributions("Der Plan war als „Geschäft des Jahrhunderts“ bezeichnet worden.", "de")
    assert a.cue_text == "als … bezeichnet worden"


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ("Mit den Worten „Jetzt wird alles besser“ richtete er seinen Blick auf die Welt.", "Mit den Worten", "er"),
        ("Der Astronaut Jan Kurz meldete sich mit den Worten: „Wir sind gelandet.“",
         "meldete sich mit den Worten", "Der Astronaut Jan Kurz"),
        ("Der Sprecher Jan Kurz versuchte mit den Worten zu beruhigen: „Der Fonds ist stabil.“",
         "versuchte mit den Worten zu beruhigen", "Der Sprecher Jan Kurz"),
        ("Der Vorstand Tom Becker schloss sich diesem Urteil mit den Worten an: „Das stimmt.“",
         "schloss sich … mit den Worten an", "Der Vorstand Tom Becker"),
    ],
)
def test_mit_den_worten_before_a_quotation_is_a_cue(text: str, cue: str, speaker: str) -> None:
    [a] = attributions(text, "de")
    assert a.form == "direct" and a.cue_text == cue
    assert a.speaker is not None and a.speaker.text == speaker


def test_sich_bereit_erklaeren_and_an_adverb_inside_a_predicative_cue() -> None:
    [a] = attributions("Die Regierung hat sich bereit erklärt, weitere Soldaten zu entsenden.", "de")
    assert a.cue_text == "hat sich bereit erklärt"
    [b] = attributions("Der Trainer ist hingegen zuversichtlich, die Schweden schlagen zu können.", "de")
    assert b.cue_text == "ist … zuversichtlich"


def test_two_coordinated_participles_each_with_its_statement() -> None:
    atts = attributions("Die Stadträte haben dazu aufgerufen die Streifen im Viertel zu verdoppeln "
                        "und angekündigt, man werde streng prüfen.", "de")
    assert [(a.cue_text, a.content.text) for a in atts] == [
        ("haben dazu aufgerufen", "die Streifen im Viertel zu verdoppeln"),
        ("angekündigt", "man werde streng prüfen"),
    ]


def test_an_infinitive_without_its_comma_is_indirect_speech() -> None:
    [a] = attributions("Der Präsident hatte am Donnerstag angekündigt bei der Wahl im September erneut anzutreten.", "de")
    assert a.form == "indirect"
    assert a.content.text == "bei der Wahl im September erneut anzutreten"


def test_a_number_joined_to_an_adjective_inside_a_speaker() -> None:
    text = ("„Der Rundfunk übte Toleranz für die Partei.\nIch bin dankbar, dass er das ablehnte.\n"
            "Viele Zuschriften beweisen dies“, meint die 56-jährige Angestellte.")
    [a] = attributions(text, "de")
    assert a.cue_text == "meint"
    assert a.speaker is not None and a.speaker.text == "die 56-jährige Angestellte"
    assert a.content.text.startswith("Der Rundfunk") and a.content.text.endswith("beweisen dies")


def test_the_expletive_of_heissen_joins_the_cue() -> None:
    atts = attributions("Er griff den Ton der Zeitungen auf, in denen es zu dem Streik auch heißt, "
                        "dass die Gewerkschaft nur bluffe.", "de")
    [a] = [a for a in atts if "heißt" in (a.cue_text or "")]
    assert a.cue_text == "es … heißt"


def test_victims_before_fordern_make_no_demand() -> None:
    assert attributions("Neun Todesopfer forderte ein Sturm, der am Montag die Küste traf.", "de") == []


def test_a_quotation_after_a_coordinated_cue_belongs_to_it() -> None:
    atts = attributions("Die Bäckerei bestätigte die Angabe des Lieferanten nicht und nannte sie „bloßes Gerede“.", "de")
    assert [(a.cue_text, a.form, a.content.text) for a in atts] == [
        ("bestätigte", "reported", "die Angabe des Lieferanten nicht"),
        ("nannte", "direct", "bloßes Gerede"),
    ]


def test_verbreiten_reports_only_with_a_clause() -> None:
    [a] = attributions("Dazu ließ der Minister im staatlichen Rundfunk verbreiten, der Iran werde nicht weichen.", "de")
    assert a.cue_text == "ließ … verbreiten" and a.content.text == "der Iran werde nicht weichen"
    assert attributions("Die Gruppe verbreitete Angst und Schrecken.", "de") == []


def test_vertreten_with_an_opinion_noun() -> None:
    [a] = attributions("Der Anwalt Jan Kurz vertritt die Ansicht, dass sein Mandant unschuldig sei.", "de")
    assert a.cue_text == "vertritt die Ansicht" and a.form == "indirect"
    assert a.content.text == "dass sein Mandant unschuldig sei"
    assert attributions("Der Verein vertritt die Stadt vor Gericht.", "de") == []
