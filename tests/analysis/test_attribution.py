"""Attributions on sentences written for these tests, German and English in pairs."""

from __future__ import annotations

import os
from datetime import date
from importlib import import_module
from pathlib import Path

import pytest

from quotetrail.model import Article, Attribution, Document

# built through the real pipeline pieces; they are skipped until those modules exist
for _module in ("segment", "lemma", "dates"):
    pytest.importorskip(f"quotetrail.analysis.{_module}")

STEPS = [
    ("segment", "segment"),
    ("lemma", "lemmatize"),
    ("entities", "find_entities"),
    ("dates", "find_dates"),
    ("attribution", "find_attributions"),
]


def analyse(text: str, lang: str, rules_only: bool = False) -> Document:
    """Run the pipeline up to attributions (figures come after and are not needed here)."""
    doc = Document(article=Article(text=text, origin="test", lang=lang))
    for module, name in STEPS:
        if rules_only and name == "find_attributions":
            name = "find_attributions_by_rules"
        doc = getattr(import_module(f"quotetrail.analysis.{module}"), name)(doc)
    for a in doc.attributions:
        for span in (a.content, a.cue, a.speaker, a.speaker_ref, a.medium, a.intermediary):
            if span is not None:
                assert span.text == text[span.start : span.end]
    return doc


def one(doc: Document, cue: str | None) -> Attribution:
    hits = [a for a in doc.attributions if a.cue_text == cue]
    assert hits, (
        f"no attribution with cue {cue!r}: {[(a.cue_text, a.content.text) for a in doc.attributions]}"
    )
    return hits[0]


# lang, text, cue, speaker as written, resolved speaker, content, form
PATTERNS = [
    # direct quotes, cue after and before
    (
        "de",
        "„Wir stehen fest an der Seite der Ukraine“, sagte Außenministerin Annalena Baerbock am Montag.",
        "sagte",
        "Außenministerin Annalena Baerbock",
        "Annalena Baerbock",
        "Wir stehen fest an der Seite der Ukraine",
        "direct",
    ),
    (
        "en",
        '"We will not back down," said Senator Bernie Sanders.',
        "said",
        "Senator Bernie Sanders",
        "Bernie Sanders",
        "We will not back down",
        "direct",
    ),
    (
        "de",
        "Bundeskanzler Olaf Scholz sagte: „Die Lage ist ernst, aber nicht hoffnungslos.“",
        "sagte",
        "Bundeskanzler Olaf Scholz",
        "Olaf Scholz",
        "Die Lage ist ernst, aber nicht hoffnungslos.",
        "direct",
    ),
    (
        "en",
        '"The economy is strong," the governor said.',
        "said",
        "the governor",
        "the governor",
        "The economy is strong",
        "direct",
    ),
    (
        "de",
        "Am Abend fragte der Moderator: „Wer trägt die Verantwortung?“",
        "fragte",
        "der Moderator",
        "der Moderator",
        "Wer trägt die Verantwortung?",
        "direct",
    ),
    # indirect speech
    (
        "de",
        "Die Ministerin erklärte, dass die Reform im Herbst kommen werde.",
        "erklärte",
        "Die Ministerin",
        "Die Ministerin",
        "dass die Reform im Herbst kommen werde",
        "indirect",
    ),
    (
        "en",
        "The minister said that the talks had failed.",
        "said",
        "The minister",
        "The minister",
        "that the talks had failed",
        "indirect",
    ),
    (
        "de",
        "Der Verband betonte, die Lage sei dramatisch.",
        "betonte",
        "Der Verband",
        "Der Verband",
        "die Lage sei dramatisch",
        "indirect",
    ),
    (
        "en",
        "Officials said the plan was dead.",
        "said",
        "Officials",
        "Officials",
        "the plan was dead",
        "indirect",
    ),
    (
        "de",
        "Das Ministerium wies zurück, dass Daten verloren gegangen seien.",
        "wies zurück",
        "Das Ministerium",
        "Das Ministerium",
        "dass Daten verloren gegangen seien",
        "indirect",
    ),
    (
        "en",
        "The company denied that any data had been lost.",
        "denied",
        "The company",
        "The company",
        "that any data had been lost",
        "indirect",
    ),
    (
        "de",
        "Die Bürgermeisterin fügte hinzu, dass der Bau im Mai beginne.",
        "fügte hinzu",
        "Die Bürgermeisterin",
        "Die Bürgermeisterin",
        "dass der Bau im Mai beginne",
        "indirect",
    ),
    (
        "en",
        "The mayor added that construction would begin in May.",
        "added",
        "The mayor",
        "The mayor",
        "that construction would begin in May",
        "indirect",
    ),
    (
        "de",
        "Der Trainer hob hervor, dass die Mannschaft hart gearbeitet habe.",
        "hob hervor",
        "Der Trainer",
        "Der Trainer",
        "dass die Mannschaft hart gearbeitet habe",
        "indirect",
    ),
    (
        "en",
        "The coach warned that the season would be hard.",
        "warned",
        "The coach",
        "The coach",
        "that the season would be hard",
        "indirect",
    ),
    (
        "de",
        "Die Gewerkschaft zeigte sich überzeugt, dass eine Einigung möglich ist.",
        "zeigte sich überzeugt",
        "Die Gewerkschaft",
        "Die Gewerkschaft",
        "dass eine Einigung möglich ist",
        "indirect",
    ),
    (
        "de",
        "Der Forscher ist überzeugt, dass die Methode funktioniert.",
        "ist überzeugt",
        "Der Forscher",
        "Der Forscher",
        "dass die Methode funktioniert",
        "indirect",
    ),
    (
        "en",
        "The researcher is convinced that the method works.",
        "is convinced",
        "The researcher",
        "The researcher",
        "that the method works",
        "indirect",
    ),
    (
        "de",
        "Die Verhandlungen würden Monate dauern, sagte der Diplomat.",
        "sagte",
        "der Diplomat",
        "der Diplomat",
        "Die Verhandlungen würden Monate dauern",
        "indirect",
    ),
    (
        "en",
        "The negotiations will take months, the diplomat said.",
        "said",
        "the diplomat",
        "the diplomat",
        "The negotiations will take months",
        "indirect",
    ),
    (
        "de",
        "Die Verhandlungen würden Monate dauern, so der Außenminister.",
        "so",
        "der Außenminister",
        "der Außenminister",
        "Die Verhandlungen würden Monate dauern",
        "indirect",
    ),
    (
        "en",
        "The senator claimed the vote was rigged.",
        "claimed",
        "The senator",
        "The senator",
        "the vote was rigged",
        "indirect",
    ),
    # "…, wie X betonte." / "…, as X said."
    (
        "de",
        "Die Lage sei ernst, wie Innenministerin Nancy Faeser am Montag betonte.",
        "wie … betonte",
        "Innenministerin Nancy Faeser",
        "Nancy Faeser",
        "Die Lage sei ernst",
        "indirect",
    ),
    (
        "en",
        "The plan is dead, as the mayor said on Friday.",
        "said",
        "the mayor",
        "the mayor",
        "The plan is dead",
        "indirect",
    ),
    # a name the gazetteers do not know, followed by what the person is
    (
        "de",
        "Sascha Berger vom Institut für Physik erklärte, die Probe sei rein.",
        "erklärte",
        "Sascha Berger vom Institut für Physik",
        "Sascha Berger",
        "die Probe sei rein",
        "indirect",
    ),
    (
        "en",
        '"The sample is clean," said Ravi Okonkwo of the physics institute.',
        "said",
        "Ravi Okonkwo of the physics institute",
        "Ravi Okonkwo",
        "The sample is clean",
        "direct",
    ),
    (
        "en",
        "Tomas Brandt, director of the energy institute, said the grid was stable.",
        "said",
        "Tomas Brandt, director of the energy institute",
        "Tomas Brandt",
        "the grid was stable",
        "indirect",
    ),
    (
        "en",
        "Senator Bernie Sanders criticised the bill, saying it would hurt workers.",
        "saying",
        "Senator Bernie Sanders",
        "Bernie Sanders",
        "it would hurt workers",
        "indirect",
    ),
    # a headline "Name: …" and a quote signed with a dash
    (
        "de",
        "Einleitung.\nMark Rutte: Europa muss mehr für seine Verteidigung tun",
        ":",
        "Mark Rutte",
        "Mark Rutte",
        "Europa muss mehr für seine Verteidigung tun",
        "indirect",
    ),
    (
        "en",
        "Intro.\nPat Caddell: Democratic voters are worried",
        ":",
        "Pat Caddell",
        "Pat Caddell",
        "Democratic voters are worried",
        "indirect",
    ),
    (
        "en",
        '"We owe them the truth." ― Jill Stein',
        "―",
        "Jill Stein",
        "Jill Stein",
        "We owe them the truth.",
        "direct",
    ),
    # a second verb shares the subject the sentence opens with
    (
        "en",
        "Senator Elizabeth Warren visited the plant and said that the jobs would stay.",
        "said",
        "Senator Elizabeth Warren",
        "Elizabeth Warren",
        "that the jobs would stay",
        "indirect",
    ),
    (
        "de",
        "Die Ministerin besuchte das Werk und sagte, die Stellen blieben erhalten.",
        "sagte",
        "Die Ministerin",
        "Die Ministerin",
        "die Stellen blieben erhalten",
        "indirect",
    ),
    # a leading "Wie X mitteilte, …" and a subject relative clause
    (
        "de",
        "Wie das Ministerium am Morgen mitteilte, bleibt die Brücke gesperrt.",
        "Wie … mitteilte",
        "das Ministerium",
        "das Ministerium",
        "bleibt die Brücke gesperrt",
        "indirect",
    ),
    (
        "de",
        "Das Parlament hörte Ahmed Kassim, der vor den Abgeordneten betonte, er gehöre keiner "
        "Partei an.",
        "betonte",
        "der",
        "Ahmed Kassim",
        "er gehöre keiner Partei an",
        "indirect",
    ),
    # an outlet with no other speaker is itself the source; what it reports is a clause (indirect)
    (
        "de",
        "Wie Reuters berichtet, hat die Regierung den Plan gestoppt.",
        "Wie … berichtet",
        "Reuters",
        "Reuters",
        "hat die Regierung den Plan gestoppt",
        "indirect",
    ),
    (
        "en",
        "As Politico reported, the plan was dropped.",
        "reported",
        "Politico",
        "Politico",
        "the plan was dropped",
        "indirect",
    ),
    # "heißt es" with the source in first position; "nach jüngsten Schätzungen"
    (
        "de",
        "In einer Erklärung der Regierung hieß es, die Grenze bleibe geschlossen.",
        "hieß es",
        "einer Erklärung der Regierung",
        "einer Erklärung der Regierung",
        "die Grenze bleibe geschlossen",
        "indirect",
    ),
    (
        "de",
        "Nach jüngsten Schätzungen leben in der Stadt 40.000 Menschen.",
        "Nach",  # the annotation standard: the preposition is the cue, the noun the source
        "jüngsten Schätzungen",
        "jüngsten Schätzungen",
        "leben in der Stadt 40.000 Menschen",
        "indirect",
    ),
    (
        "de",
        "Der Abgeordnete Rainer Brüderle (FDP) warnte, die Kosten würden steigen.",
        "warnte",
        "Der Abgeordnete Rainer Brüderle (FDP)",
        "Rainer Brüderle",
        "die Kosten würden steigen",
        "indirect",
    ),
    (
        "de",
        "Wolfgang Roth, Chef der Stadtwerke, nannte die Entscheidung falsch.",
        "nannte",
        "Wolfgang Roth, Chef der Stadtwerke",
        "Wolfgang Roth",
        "die Entscheidung falsch",
        "reported",
    ),
    (
        "de",
        "Erst vergangene Woche kündigte der Konzern an, 500 Stellen zu streichen.",
        "kündigte … an",  # the verb and its particle, not the subject between them
        "der Konzern",
        "der Konzern",
        "500 Stellen zu streichen",
        "indirect",
    ),
    # reported: laut, zufolge, nach Angaben, according to, Berichten zufolge, reportedly
    (
        "de",
        "Laut Innenministerin Nancy Faeser ist die Zahl der Anschläge gestiegen.",
        "Laut",
        "Innenministerin Nancy Faeser",
        "Nancy Faeser",
        "ist die Zahl der Anschläge gestiegen",
        "indirect",
    ),
    (
        "en",
        "According to the Pentagon, 3,000 troops will be deployed.",
        "According to",
        "the Pentagon",
        "Pentagon",
        "3,000 troops will be deployed",
        "indirect",
    ),
    (
        "en",
        "The first lines could be built by 2027, according to a draft seen by Reuters.",
        "according to",
        "a draft",
        "a draft",
        "The first lines could be built by 2027",
        "indirect",
    ),
    (
        "de",
        "Der Polizei zufolge wurden drei Menschen verletzt.",
        "zufolge",
        "Der Polizei",
        "Der Polizei",
        "wurden drei Menschen verletzt",
        "indirect",
    ),
    (
        "de",
        "Nach Angaben von Greenpeace ist der Fluss stark verschmutzt.",
        "Nach",
        "Angaben von Greenpeace",  # the source phrase as annotators mark it; the name is Greenpeace
        "Greenpeace",
        "ist der Fluss stark verschmutzt",
        "indirect",
    ),
    (
        "de",
        "Nach Meinung politischer Beobachter wird die Koalition bald zerbrechen.",
        "Nach",
        "Meinung politischer Beobachter",
        "politischer Beobachter",
        "wird die Koalition bald zerbrechen",
        "indirect",
    ),
    (
        "de",
        "Nach Angaben von Anwohnern und Feuerwehr brannte das Lager die ganze Nacht.",
        "Nach",
        "Angaben von Anwohnern und Feuerwehr",
        "Anwohnern und Feuerwehr",
        "brannte das Lager die ganze Nacht",
        "indirect",
    ),
    (
        "de",
        "Die Sprecherin des Hafens, Anna Brandt, sagte, der Kai bleibe gesperrt.",
        "sagte",
        "Die Sprecherin des Hafens, Anna Brandt",
        "Anna Brandt",
        "der Kai bleibe gesperrt",
        "indirect",
    ),
    (
        "de",
        "Die Mission der Vereinten Nationen (UNMOX) teilte mit, dass die Brücke zerstört sei.",
        "teilte mit",
        "Die Mission der Vereinten Nationen (UNMOX)",
        "Die Mission der Vereinten Nationen (UNMOX)",
        "dass die Brücke zerstört sei",
        "indirect",
    ),
    (
        "de",
        "Berichten zufolge hat die Armee im Sommer 5000 Soldaten verloren.",
        "zufolge",
        "Berichten",
        "Berichten",
        "hat die Armee im Sommer 5000 Soldaten verloren",
        "indirect",
    ),
    (
        "en",
        "The company reportedly paid millions to lobbyists.",
        "reportedly",
        None,
        None,
        "The company reportedly paid millions to lobbyists",
        "indirect",
    ),
    # the speaker after the cue closes the sentence, with its apposition
    (
        "en",
        "The harbour will stay closed until spring, said Tom Fenwick, a spokesman for the port.",
        "said",
        "Tom Fenwick, a spokesman for the port",
        "Tom Fenwick",
        "The harbour will stay closed until spring",
        "indirect",
    ),
    (
        "en",
        "Rents will rise again next year, said the mayor.",
        "said",
        "the mayor",
        "the mayor",
        "Rents will rise again next year",
        "indirect",
    ),
    # an adverb before the verb is not the speaker (annotators count it to the cue); "cited" with a subject is a plain verb
    (
        "en",
        "Senator Ruth Palmer sharply criticized the new tariffs on steel.",
        "sharply criticized",
        "Senator Ruth Palmer",
        "Ruth Palmer",
        "the new tariffs on steel",
        "reported",
    ),
    (
        "en",
        "In the hearing, Ruth Palmer cited several complaints from farmers.",
        "cited",
        "Ruth Palmer",
        "Ruth Palmer",
        "several complaints from farmers",
        "reported",
    ),
    # a date between subject and verb; the subject of a gerund after an opening adverbial
    (
        "en",
        "Senator Ruth Palmer on Tuesday said the harbour would stay closed.",
        "said",
        "Senator Ruth Palmer",
        "Ruth Palmer",
        "the harbour would stay closed",
        "indirect",
    ),
    (
        "en",
        "Meanwhile, the union released its figures, saying the strike had cost millions.",
        "saying",
        "the union",
        "the union",
        "the strike had cost millions",
        "indirect",
    ),
    (
        "en",
        "Tom Fenwick has long said that the harbour is too small.",
        "said",
        "Tom Fenwick",
        "Tom Fenwick",
        "that the harbour is too small",
        "indirect",
    ),
    # after the cue: a title before the name, an "of" phrase after it
    (
        "en",
        '"The harbour stays closed," said port authority chief Tom Fenwick of the Dock Union.',
        "said",
        "port authority chief Tom Fenwick of the Dock Union",
        "Tom Fenwick",
        "The harbour stays closed",
        "direct",
    ),
    (
        "en",
        '"The harbour stays closed," said Del. Ruth Palmer.',
        "said",
        "Del. Ruth Palmer",
        "Ruth Palmer",
        "The harbour stays closed",
        "direct",
    ),
    # an apposition or relative clause after a speaker who closes the sentence; the name
    # is the part before the comma, without title and party
    (
        "en",
        '"The harbour stays closed," said Fenwick, now a consultant for the port.',
        "said",
        "Fenwick, now a consultant for the port",
        "Fenwick",
        "The harbour stays closed",
        "direct",
    ),
    (
        "en",
        '"We need the ferry," said Rep. T.J. Fenwick (D-Ore.), who lives on the island.',
        "said",
        "Rep. T.J. Fenwick (D-Ore.), who lives on the island",
        "T.J. Fenwick",
        "We need the ferry",
        "direct",
    ),
    (
        "en",
        "Ruth Palmer, at Monday's hearing, said the harbour would reopen.",
        "said",
        "Ruth Palmer",
        "Ruth Palmer",
        "the harbour would reopen",
        "indirect",
    ),
    (
        "en",
        "President Ruth Palmer effectively conceded that the plan had failed.",
        "conceded",
        "President Ruth Palmer",
        "Ruth Palmer",
        "that the plan had failed",
        "indirect",
    ),
    # a passive cue without an agent has no speaker: it is said about its subject
    (
        "en",
        "Tom Fenwick was accused of hiding the figures.",
        "was accused of",
        None,
        None,
        "hiding the figures",
        "reported",
    ),
    # "so X" may be followed by "wörtlich", a date or a medium
    (
        "de",
        "„Der Hafen bleibt bis zum Frühjahr zu“, so die Lotsin Eva Roth im Hafenblatt.",
        "so",
        "die Lotsin Eva Roth",
        "Eva Roth",
        "Der Hafen bleibt bis zum Frühjahr zu",
        "direct",
    ),
    (
        "de",
        "„Sie ist die Seele des Hafens“, so beschrieb ihn die Lotsin Eva Roth.",
        "beschrieb",
        "die Lotsin Eva Roth",
        "Eva Roth",
        "Sie ist die Seele des Hafens",
        "direct",
    ),
    # a verb with "ß" (lemmas are casefolded) after a capitalised adverb, which is no subject
    (
        "de",
        "Ähnlich äußerte sich die Lotsin Eva Roth: „Der Hafen bleibt zu.“",
        "äußerte sich",
        "die Lotsin Eva Roth",
        "Eva Roth",
        "Der Hafen bleibt zu.",
        "direct",
    ),
    # "nach"/"laut" sources: a compound source noun, a time after it, a quoted outlet
    (
        "de",
        "Heute wurden nach Hafenangaben drei Schiffe umgeleitet.",
        "nach",
        "Hafenangaben",
        "Hafenangaben",
        "Heute wurden nach Hafenangaben drei Schiffe umgeleitet",
        "indirect",
    ),
    (
        "de",
        "Nach Informationen vom späten Abend wurden drei Schiffe umgeleitet.",
        "Nach",
        "Informationen vom späten Abend",
        "Informationen vom späten Abend",
        "wurden drei Schiffe umgeleitet",
        "indirect",
    ),
    (
        "de",
        "Laut „Hafenblatt Nord“ wurden drei Schiffe umgeleitet.",
        "Laut",
        "„Hafenblatt Nord“",
        "„Hafenblatt Nord“",
        "wurden drei Schiffe umgeleitet",
        "indirect",
    ),
    (
        "de",
        "Die Fähre fällt nach Roths Angaben bis Montag aus.",
        "nach",
        "Roths Angaben",
        "Roths Angaben",
        "Die Fähre fällt nach Roths Angaben bis Montag aus",
        "indirect",
    ),
    (
        "de",
        "Nach einer Studie der Hafenbehörde sinkt der Verkehr.",
        "Nach",
        "einer Studie der Hafenbehörde",
        "der Hafenbehörde",
        "sinkt der Verkehr",
        "indirect",
    ),
    (
        "de",
        "Wie die Hafenbehörde heute bekannt gab, bleibt die Schleuse gesperrt.",
        "Wie … bekannt gab",
        "die Hafenbehörde",
        "die Hafenbehörde",
        "bleibt die Schleuse gesperrt",
        "indirect",
    ),
    (
        "de",
        "So warnten Vertreter der deutschen Hafenverbände vor einem Stillstand.",
        "warnten … vor",
        "Vertreter der deutschen Hafenverbände",
        "Vertreter der deutschen Hafenverbände",
        "einem Stillstand",
        "reported",
    ),
    # an apposition after a German subject behind the verb; a quoted name after a noun
    (
        "de",
        "Offenbar entschied sich Eva Roth, die Leiterin der Hafenwacht, dazu, die Schleuse zu öffnen.",
        "entschied sich",
        "Eva Roth, die Leiterin der Hafenwacht",
        "Eva Roth",
        "die Schleuse zu öffnen",
        "indirect",
    ),
    (
        "de",
        "Nach Berichten der Wochenzeitung „Hafenblatt Nord“ bleibt die Schleuse zu.",
        "Nach",
        "Berichten der Wochenzeitung „Hafenblatt Nord“",
        "der Wochenzeitung „Hafenblatt Nord“",
        "bleibt die Schleuse zu",
        "indirect",
    ),
    (
        "de",
        "Nach Angaben des Hafenamts Nord (HAN) bleibt die Schleuse zu.",
        "Nach",
        "Angaben des Hafenamts Nord (HAN)",
        "des Hafenamts Nord (HAN)",
        "bleibt die Schleuse zu",
        "indirect",
    ),
    (
        "de",
        "So heißt es in dem Schreiben wörtlich: „Die Schleuse bleibt zu.“",
        "heißt es",
        "dem Schreiben",
        "dem Schreiben",
        "Die Schleuse bleibt zu.",
        "direct",
    ),
    (
        "de",
        "Eva Roth, die Sprecherin der Hafenbehörde sagte, es sei schwierig, Zahlen dazu zu bestätigen.",
        "sagte",
        # the role in apposition is part of the source as SpkAtt marks it ("X, ein Experte vom
        # Y erklärte"); the name is still Eva Roth
        "Eva Roth, die Sprecherin der Hafenbehörde",
        "Eva Roth",
        "es sei schwierig, Zahlen dazu zu bestätigen",
        "indirect",
    ),
    (
        "de",
        "Bis Mittwoch sagte sie einen Anstieg der Zahl der Fähren auf über hundert am Tag voraus.",
        "sagte … voraus",
        "sie",
        "sie",
        "einen Anstieg der Zahl der Fähren auf über hundert am Tag",
        "reported",
    ),
    # German speech acts with an object: the separable verb's particle stays in the cue
    (
        "de",
        "Die Ministerin sagte den Fischern weitere Hilfe zu.",
        "sagte … zu",
        "Die Ministerin",
        "Die Ministerin",
        "den Fischern weitere Hilfe",
        "reported",
    ),
    (
        "de",
        "Der Hafenverband rief zu einem Streik am Montag auf.",
        "rief … auf",
        "Der Hafenverband",
        "Der Hafenverband",
        "zu einem Streik am Montag",
        "reported",
    ),
    # the whole "according to" phrase; a subject with a number in it; a medium in the subject
    (
        "en",
        "According to a new survey by the port authority, traffic fell by a third.",
        "According to",
        "a new survey by the port authority",
        "a new survey by the port authority",
        "traffic fell by a third",
        "indirect",
    ),
    (
        "en",
        "Nearly eight of 10 dock workers said the strike was justified.",
        "said",
        "Nearly eight of 10 dock workers",
        "Nearly eight of 10 dock workers",
        "the strike was justified",
        "indirect",
    ),
    (
        "en",
        "A reporter for Port Weekly asked whether the harbour would reopen.",
        "asked",
        "A reporter for Port Weekly",
        "A reporter for Port Weekly",
        "whether the harbour would reopen",
        "indirect",
    ),
    # a relative pronoun is the source as written, named after its antecedent
    (
        "en",
        "The plan was backed by Senator Ruth Palmer -- who argued that it would save money.",
        "argued",
        "who",
        "Ruth Palmer",
        "that it would save money",
        "indirect",
    ),
    # a headline in title case
    (
        "en",
        "Harbour Will Stay Closed Until Spring, Port Chief Tom Fenwick Says.",
        "Says",
        "Port Chief Tom Fenwick",
        "Tom Fenwick",
        "Harbour Will Stay Closed Until Spring",
        "indirect",
    ),
    # a short quotation is direct speech
    (
        "en",
        '"Not now," said Ruth Palmer.',
        "said",
        "Ruth Palmer",
        "Ruth Palmer",
        "Not now",
        "direct",
    ),
]


@pytest.mark.parametrize(("lang", "text", "cue", "speaker", "name", "content", "form"), PATTERNS)
def test_pattern(
    lang: str,
    text: str,
    cue: str,
    speaker: str | None,
    name: str | None,
    content: str,
    form: str,
) -> None:
    a = one(analyse(text, lang), cue)
    assert (a.speaker.text if a.speaker else None) == speaker
    assert a.speaker_name == name
    assert a.content.text == content
    assert a.form == form


# lang, text, cue, expected medium text
MEDIA = [
    (
        "de",
        "Bürgermeisterin Anna Keller hat am Dienstag in einem Interview mit Radio Weser gesagt, "
        "dass die Hilfe weitergehe.",
        "hat … gesagt",
        "in einem Interview mit Radio Weser",
    ),
    (
        "en",
        "The coach said in a statement that his squad would stay together.",
        "said",
        "in a statement",
    ),
    (
        "de",
        "Die Ministerin schrieb in einem Post auf ihrer Plattform Telegram, die Gespräche seien "
        "gescheitert.",
        "schrieb",
        "in einem Post auf ihrer Plattform Telegram",
    ),
    ("en", "Senator Elizabeth Warren told Reuters the bill would fail.", "told", "Reuters"),
    ("en", "The general wrote on Telegram that the bridge was destroyed.", "wrote", "on Telegram"),
]


@pytest.mark.parametrize(("lang", "text", "cue", "medium"), MEDIA)
def test_medium(lang: str, text: str, cue: str, medium: str) -> None:
    a = one(analyse(text, lang), cue)
    assert a.medium is not None and a.medium.text == medium
    assert medium not in a.content.text


# lang, text, cue, intermediary, speaker name
INTERMEDIARIES = [
    (
        "de",
        "Wie die BBC berichtet, sagte der Minister, die Pläne seien gestoppt.",
        "sagte",
        "BBC",
        "der Minister",
    ),
    (
        "en",
        "As Politico reported, the senator argued that the deal was dead.",
        "argued",
        "Politico",
        "the senator",
    ),
    (
        "de",
        "Tagesspiegel: Die Senatorin Franziska Giffey hat erklärt, dass die Mieten sinken sollen.",
        "hat erklärt",
        "Tagesspiegel",
        "Franziska Giffey",
    ),
    (
        "en",
        "Politico reports that Rutte said in an interview with Bloomberg that Europe must rearm.",
        "said",
        "Politico",
        "Rutte",
    ),
]


@pytest.mark.parametrize(("lang", "text", "cue", "intermediary", "name"), INTERMEDIARIES)
def test_intermediary(lang: str, text: str, cue: str, intermediary: str, name: str) -> None:
    a = one(analyse(text, lang), cue)
    assert a.intermediary is not None and a.intermediary.text == intermediary
    assert a.speaker_name == name


def test_leading_outlet_stays_with_its_speaker() -> None:
    text = (
        "Tagesspiegel: „Wir bauen mehr Wohnungen“, sagte Franziska Giffey am Montag.\n"
        "„Die Mieten müssen sinken“, sagte sie.\n"
        "Ein Sprecher des Senats erklärte, die Pläne seien noch nicht beschlossen."
    )
    doc = analyse(text, "de")
    quotes = [a for a in doc.attributions if a.form == "direct"]
    assert [a.intermediary.text if a.intermediary else None for a in quotes] == [
        "Tagesspiegel",
        "Tagesspiegel",
    ]
    assert all(a.speaker_name == "Franziska Giffey" for a in quotes)
    assert one(doc, "erklärte").intermediary is None


# lang, text, cue, resolved name, span text it was resolved to
PRONOUNS = [
    (
        "de",
        "Mark Rutte erklärte, die Allianz sei bereit. Er fügte hinzu, dass Europa mehr zahlen müsse.",
        "fügte hinzu",
        "Mark Rutte",
    ),
    (
        "en",
        "Mark Rutte said the alliance was ready. He added that Europe must pay more.",
        "added",
        "Mark Rutte",
    ),
    (
        # the subject, not the name inside a prepositional phrase
        "de",
        "Der Verbandschef, Tom Becker, hat den Plan von Bürgermeister Paul Krüger gelobt. "
        "Nach dem Treffen erklärte er, dass die Allianz geschlossen sei.",
        "erklärte",
        "Tom Becker",
    ),
    (
        # two people in play: gender decides
        "de",
        "Annalena Baerbock traf am Montag Olaf Scholz. Sie sagte, die Gespräche seien gut gewesen.",
        "sagte",
        "Annalena Baerbock",
    ),
    (
        "de",
        "Annalena Baerbock traf am Montag Olaf Scholz. Er sagte, die Gespräche seien gut gewesen.",
        "sagte",
        "Olaf Scholz",
    ),
    (
        "en",
        "Angela Merkel met Emmanuel Macron in Paris. She warned that the talks could collapse.",
        "warned",
        "Angela Merkel",
    ),
    (
        "en",
        "Angela Merkel met Emmanuel Macron in Paris. He argued that Europe must act.",
        "argued",
        "Emmanuel Macron",
    ),
]


@pytest.mark.parametrize(("lang", "text", "cue", "name"), PRONOUNS)
def test_pronoun_resolves_to_fitting_antecedent(lang: str, text: str, cue: str, name: str) -> None:
    a = one(analyse(text, lang), cue)
    assert a.speaker is not None and a.speaker.text.casefold() in {"er", "sie", "he", "she"}
    assert a.speaker_name == name
    assert a.speaker_ref is not None and a.speaker_ref.text == name
    assert a.speaker_ref.start < a.speaker.start


@pytest.mark.parametrize(
    ("lang", "text", "cue", "description"),
    [
        (
            "de",
            "Ein Sprecher des Ministeriums sagte, man prüfe den Fall.",
            "sagte",
            "Ein Sprecher des Ministeriums",
        ),
        ("en", "Sources said the deal was close.", "said", "Sources"),
        (
            "en",
            "A spokesman for the ministry said the case was under review.",
            "said",
            "A spokesman for the ministry",
        ),
    ],
)
def test_description_stays_description(lang: str, text: str, cue: str, description: str) -> None:
    a = one(analyse(text, lang), cue)
    assert a.speaker_name == description
    assert a.speaker_ref is None


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Die Brücke über den Rhein wurde im Jahr 1990 von der Firma Müller gebaut."),
        ("en", "Ministers agree on grid plan"),
        ("de", "Die Identität des Opfers wurde am Abend von der Polizei bestätigt."),
        ("en", "Battleground state Florida points to a close race."),
        ("en", "The Senate passed the bill on Tuesday after a long debate."),
        ("de", "Die sogenannte „Zeitenwende“ hat die Bundeswehr verändert."),
        ("en", 'The so-called "peace dividend" shaped the budget for years.'),
        ("en", "The witness skipped the third session he was officially summoned to last week."),
        ("en", "The company announced on Monday morning."),
        ("de", "Das sagte UNMISS-Vertreter Tom Lenz „Al Jazeera“."),
        ("de", "Dem früheren Hafenmeister drohen bis zu zehn Jahre Haft."),
        ("de", "Den vom Senat vorgeschlagenen Umbau des Hafens hat die Stadt bezahlt."),
    ],
)
def test_no_attribution_without_speech(lang: str, text: str) -> None:
    assert analyse(text, lang).attributions == []


def test_a_quotation_of_several_sentences_is_kept_whole() -> None:
    doc = analyse('"We stay," she said. "The ferry runs. It always has. It will."', "en")
    contents = [a.content.text for a in doc.attributions]
    assert contents == ["We stay", "The ferry runs. It always has. It will."]
    assert all(a.speaker_name == "she" and a.form == "direct" for a in doc.attributions)


def test_a_relative_clause_with_a_cue_of_its_own_is_not_part_of_the_source() -> None:
    doc = analyse('"It is a good plan," said Tom Fenwick, who stressed that the port would gain.', "en")
    said = one(doc, "said")
    assert said.speaker is not None and said.speaker.text == "Tom Fenwick"
    stressed = one(doc, "stressed")
    assert stressed.speaker_name == "Tom Fenwick"


@pytest.mark.parametrize(
    ("lang", "text", "cue"),
    [
        ("de", "Die Lotsin kritisierte die Entscheidung scharf:\n„Der Hafen darf nicht schließen.“", "kritisierte"),
        ("en", 'The pilot criticized the decision sharply:\n"The port must not close."', "criticized"),
        ("de", "Die Lotsin fügte hinzu.\n„Der Hafen darf nicht schließen.“", "fügte hinzu"),
    ],
)
def test_a_quotation_on_the_line_after_a_colon_belongs_to_the_cue_before(lang: str, text: str, cue: str) -> None:
    doc = analyse(text, lang)
    quote = [a for a in doc.attributions if a.form == "direct"]
    assert len(quote) == 1 and quote[0].content.text.startswith(("Der Hafen", "The port"))
    assert quote[0].cue_text == cue and quote[0].speaker is not None


@pytest.mark.parametrize(
    ("lang", "text", "cue", "speaker"),
    [
        ("de", "„Der Hafen bleibt zu“, sagte sie. „Wir haben keine Wahl. Es geht nicht.“ Der Senat widersprach.",
         "sagte", "sie"),
        ("en", '"The port stays closed," she said. "We have no choice. It cannot be." The senate disagreed.',
         "said", "she"),
    ],
)
def test_a_second_quotation_after_the_cue_is_the_same_speakers(lang: str, text: str, cue: str, speaker: str) -> None:
    doc = analyse(text, lang)
    quotes = [a for a in doc.attributions if a.form == "direct"]
    assert len(quotes) == 2
    assert all(a.cue_text == cue and a.speaker is not None and a.speaker.text == speaker for a in quotes)


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        ("Die Fähre fällt bis Montag aus. Das meldet die Zeitung Hafenblatt in ihrer Onlineausgabe.",
         "meldet", "die Zeitung Hafenblatt", "Die Fähre fällt bis Montag aus"),
        ("Die Schleuse bleibt zu. Dies gab die Hafenbehörde am Abend bekannt.",
         "gab … bekannt", "die Hafenbehörde", "Die Schleuse bleibt zu"),
        ("Die Fähre fährt ab Montag. Davon geht Eva Roth, die zuständige Lotsin, aus.",
         "geht … aus", "Eva Roth, die zuständige Lotsin", "Die Fähre fährt ab Montag"),
    ],
)
def test_das_or_dies_before_the_verb_points_at_the_sentence_before(
    text: str, cue: str, speaker: str, content: str
) -> None:
    doc = analyse(text, "de")
    [a] = doc.attributions
    assert (a.cue_text, a.speaker.text if a.speaker else None, a.content.text) == (cue, speaker, content)


def test_a_colon_in_a_heading_line_ends_the_statement() -> None:
    text = "Die Lage.\nRoth bittet Lenz, die Schleuse zu öffnen: Der Hafen reagiert\nEr sagte, es gebe zwei Probleme: Geld und Zeit."
    doc = analyse(text, "de")
    assert [a.content.text for a in doc.attributions] == [
        "die Schleuse zu öffnen",
        "es gebe zwei Probleme: Geld und Zeit",
    ]


def test_a_relative_clause_after_a_speaker_names_that_speaker() -> None:
    doc = analyse("„Wir bleiben“, sagte Roth, die auch angab, dass die Schleuse zu sei.", "de")
    assert [(a.cue_text, a.speaker.text if a.speaker else None, a.speaker_name) for a in doc.attributions] == [
        ("sagte", "Roth", "Roth"),
        ("angab", "die", "Roth"),
    ]


def test_a_quotation_over_several_lines_closed_further_on_is_one() -> None:
    text = "Die Lotsin sagte: „Der Hafen bleibt zu.\nDas ist keine Übung.\nWir warten ab.“"
    doc = analyse(text, "de")
    assert [a.content.text for a in doc.attributions] == [
        "Der Hafen bleibt zu.\nDas ist keine Übung.\nWir warten ab."
    ]


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        (
            "de",
            "Der NATO-Generalsekretär, Mark Rutte, traf den Präsidenten. "
            "Der NATO-Chef sagte, die Allianz stehe zusammen.",
            "Mark Rutte",
        ),
        (
            "en",
            "NATO Secretary General Mark Rutte met the president. "
            "The NATO chief said the alliance was united.",
            "Mark Rutte",
        ),
    ],
)
def test_role_resolves_through_the_article(lang: str, text: str, name: str) -> None:
    doc = analyse(text, lang)
    a = one(doc, "said" if lang == "en" else "sagte")
    assert a.speaker_name == name
    assert a.speaker_ref is not None and a.speaker_ref.text == name


def test_quote_over_two_paragraphs_keeps_speaker() -> None:
    text = (
        "„Wir haben viel erreicht. Die Arbeit ist aber nicht vorbei.\n"
        "„Im Herbst legen wir den nächsten Plan vor“, sagte Ministerin Svenja Schulze.\n"
    )
    doc = analyse(text, "de")
    quotes = [a for a in doc.attributions if a.form == "direct"]
    assert [a.content.text for a in quotes] == [
        "Wir haben viel erreicht. Die Arbeit ist aber nicht vorbei.",
        "Im Herbst legen wir den nächsten Plan vor",
    ]
    assert {a.speaker_name for a in quotes} == {"Svenja Schulze"}


def test_partial_quote_inside_indirect_speech_is_not_a_quote_of_its_own() -> None:
    text = "Er behauptete, dass die Truppen „vollständig eingeschlossen“ seien."
    doc = analyse("Olaf Scholz kam nach Kiew. " + text, "de")
    assert len(doc.attributions) == 1
    a = doc.attributions[0]
    assert a.form == "indirect" and a.speaker_name == "Olaf Scholz"
    assert a.content.text == "dass die Truppen „vollständig eingeschlossen“ seien"


def test_date_of_the_statement_is_taken_from_its_sentence() -> None:
    doc = analyse("Die Ministerin sagte am Freitag, dass die Reform komme.", "de")
    a = one(doc, "sagte")
    assert a.date is not None and "Freitag" in a.date.span.text


# -- reality check on the shared samples (skipped when ../shared is absent) -------------------


def _shared() -> Path:
    env = os.environ.get("QUOTETRAIL_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / ".." / "shared"


def _sample_docs() -> list[Document]:
    samples = sorted((_shared() / "samples").glob("*.txt"))
    if not samples:
        pytest.skip("shared samples not available")
    docs = []
    for path in samples:
        # drop menu and footer lines the way a reader would; the ingest stage does this for real
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if len(line.split()) > 3 and not line.lstrip().startswith(("•", "- "))
        ]
        docs.append(analyse("\n".join(lines), "de"))
    return docs


def test_samples_trail() -> None:
    attrs = [a for doc in _sample_docs() for a in doc.attributions]
    rutte = [a for a in attrs if a.speaker_name and "Rutte" in a.speaker_name]
    assert any(a.speaker and a.speaker.text.casefold() == "er" for a in rutte)
    assert any(
        a.form == "direct" and a.intermediary and a.intermediary.text == "Politico" for a in rutte
    )
    assert any(a.medium and "Interview mit Bloomberg" in a.medium.text for a in rutte)
    trump = [a for a in attrs if a.medium and "Truth Social" in a.medium.text]
    assert trump and all("Trump" in (a.speaker_name or "") for a in trump)
    assert any(a.intermediary and a.intermediary.text == "Berliner Zeitung" for a in trump)
    putin = [a for a in attrs if a.speaker_name == "Putin" and a.form == "direct"]
    assert putin and putin[0].intermediary is not None and putin[0].intermediary.text == "Sky News"
    staff = [a for a in attrs if a.speaker and "Generalstab" in a.speaker.text]
    assert staff and staff[0].cue is not None and staff[0].form == "indirect"
    # a section heading "X bittet Y, … zu verschonen: Russlands Präsident reagiert": the statement
    # ends at the heading's colon
    asked = [a for a in attrs if a.cue_text == "bittet"]
    assert asked and all(a.content.text.endswith("zu verschonen") for a in asked)


def test_subjunctive_sentence_continues_reported_speech() -> None:
    text = (
        "Die Ministerin Svenja Schulze sagte, die Lage sei ernst. "
        "Man habe alle Mittel ausgeschöpft. "
        "Der Regen hörte am Abend auf."
    )
    doc = analyse(text, "de")
    names = {a.content.text: a.speaker_name for a in doc.attributions}
    assert names.get("Man habe alle Mittel ausgeschöpft") == "Svenja Schulze"
    assert not any("Regen" in c for c in names)
    # the continuation has no cue of its own: free indirect speech, a form of its own
    forms = {a.content.text: a.form for a in doc.attributions}
    assert forms["Man habe alle Mittel ausgeschöpft"] == "free_indirect"
    assert forms["die Lage sei ernst"] == "indirect"


def test_subjunctive_sentence_with_its_own_subject_is_not_continued() -> None:
    text = (
        "Mark Rutte sagte, die Allianz sei bereit. "
        "Zuvor hatte Donald Trump ein Treffen abgesagt, die Lage sei ungeeignet."
    )
    doc = analyse(text, "de")
    assert [a.speaker_name for a in doc.attributions] == ["Mark Rutte"]


def test_demnach_points_at_the_source_before() -> None:
    text = (
        "Die Zeitung Die Welt berichtete, die Polizei habe einen Fund gemacht. "
        "Demnach wurden drei Kisten sichergestellt."
    )
    a = one(analyse(text, "de"), "Demnach")
    assert a.content.text == "wurden drei Kisten sichergestellt"
    assert a.speaker_name is not None and "Zeitung" in a.speaker_name


def test_possessive_source_resolves_like_a_pronoun() -> None:
    text = (
        "Ministerin Katharina Vogt stellte am Montag den Plan vor. "
        "Die Kosten sollen nach ihren Worten um ein Drittel sinken."
    )
    a = one(analyse(text, "de"), "nach")
    assert a.speaker is not None and a.speaker.text == "ihren Worten"
    assert a.speaker_name == "Katharina Vogt"


@pytest.mark.parametrize(
    "lang,text,quote,speaker",
    [
        (
            "en",
            '"They left early," chair Ana Ruiz said. "We stay until there is an offer."\n\n'
            "Senator Tom Hale warned that the strike was costly.",
            "We stay until there is an offer.",
            "Ana Ruiz",
        ),
        (
            "de",
            "„Sie sind gegangen“, sagte die Vorsitzende Ana Ruiz. „Wir bleiben, bis ein Angebot kommt.“\n\n"
            "Senator Tom Hale warnte, dass der Streik teuer sei.",
            "Wir bleiben, bis ein Angebot kommt.",
            "Ana Ruiz",
        ),
    ],
)
def test_quote_is_not_attached_to_a_cue_in_the_next_paragraph(lang: str, text: str, quote: str, speaker: str) -> None:
    doc = analyse(text, lang)
    [a] = [a for a in doc.attributions if a.content.text == quote]
    assert a.speaker_name == speaker


def test_leading_outlet_carries_over_blank_line_paragraphs() -> None:
    text = (
        "Reuters: „Wir verhandeln weiter“, sagte Ministerin Lea Brandt am Montag.\n\n"
        "„Ein Abschluss ist nah“, sagte sie.\n\n"
        "Brandt fügte hinzu, dass die Gespräche bis Freitag dauern könnten."
    )
    doc = analyse(text, "de")
    assert [a.speaker_name for a in doc.attributions] == ["Lea Brandt"] * 3
    assert [a.intermediary.text if a.intermediary else None for a in doc.attributions] == ["Reuters"] * 3


def test_english_subject_keeps_its_place_phrase() -> None:
    doc = analyse("Bakeries in southern Bavaria warned on Monday that flour was running out.", "en")
    [a] = doc.attributions
    assert a.speaker is not None and a.speaker.text == "Bakeries in southern Bavaria"


@pytest.mark.parametrize(
    ("lang", "text", "speaker", "content"),
    [
        ("en", "LINDQVIST: We will rebuild the bridge before winter.",
         "LINDQVIST", "We will rebuild the bridge before winter."),
        ("en", '"MARA OKAFOR: Nobody told us the school would close."',
         "MARA OKAFOR", "Nobody told us the school would close."),
    ],
)
def test_transcript_labels_name_the_speaker(lang: str, text: str, speaker: str, content: str) -> None:
    [a] = analyse(text, lang).attributions
    assert a.speaker is not None and a.speaker.text == speaker
    assert a.content.text.rstrip(".") == content.rstrip(".") and a.form == "direct"
    assert a.cue_text == ":"


@pytest.mark.parametrize("text", ["FRAGE: Wie geht es mit der Brücke weiter?", "UPDATE: The road is open again."])
def test_interview_labels_are_nobody(text: str) -> None:
    lang = "de" if text.startswith("FRAGE") else "en"
    assert all(a.speaker is None or a.speaker.text not in ("FRAGE", "UPDATE") for a in analyse(text, lang).attributions)


def test_factual_sentence_after_a_report_is_not_the_speaker_going_on() -> None:
    text = (
        "Der Minister Paul Weber sagte, die Lage sei ernst. "
        "Die Brücke über den Fluss wurde im Jahr 1990 gebaut."
    )
    doc = analyse(text, "de")
    assert [a.content.text for a in doc.attributions] == ["die Lage sei ernst"]


def test_relative_clause_after_a_source_is_not_part_of_it() -> None:
    # German relative clauses end in their verb; an apposition ends in its noun and stays
    a = one(analyse("Frau Okafor, die seit Jahren den Verein leitet, sagte, die Halle sei zu klein.", "de"), "sagte")
    assert a.speaker is not None and a.speaker.text == "Frau Okafor"
    b = one(analyse("Jens Hollmann, der Vorsitzende des Vereins, sagte, die Halle sei zu klein.", "de"), "sagte")
    assert b.speaker is not None and b.speaker.text == "Jens Hollmann, der Vorsitzende des Vereins"


def _extractor(text: str, lang: str):
    from quotetrail.analysis.attribution.train import analyse as analyse_for_training

    ex, _ = analyse_for_training(text, lang)
    return ex


def test_a_statement_found_without_cue_takes_the_speech_verb_before_its_colon() -> None:
    from quotetrail.analysis.attribution.base import Found

    text = "Die Ministerin warnte: „Wenn der Damm bricht, stehen drei Dörfer unter Wasser.“"
    ex = _extractor(text, "de")
    start = text.index("Wenn")
    f = Found((start, text.index("Wasser.") + 7), "direct", None, None, ex.toks[-1].sent, 0)
    ex.resolver.recover_cue(f, set())
    assert f.cue is not None and ex.toks[f.cue[0]].text == "warnte"


def test_a_statement_tagged_whole_is_split_at_its_speech_verb() -> None:
    from quotetrail.analysis.attribution.base import Found

    text = "Die Anwältin Petra Lenz erklärte der Frau, sie müsse sofort die Polizei rufen."
    ex = _extractor(text, "de")
    f = Found((0, len(text) - 1), "indirect", None, None, 0, 0)
    ex.resolver.recover_cue(f, set())
    assert f.cue is not None and ex.toks[f.cue[0]].text == "erklärte"
    assert text[f.content[0]:f.content[1]] == "sie müsse sofort die Polizei rufen"
    assert f.speaker is not None and " ".join(t.text for t in ex.toks[f.speaker[0]:f.speaker[1]]) == "Die Anwältin Petra Lenz"


def test_a_relative_pronoun_speaker_is_named_after_its_antecedent() -> None:
    a = one(analyse("The plan was criticised by Tom Baker, who said it would fail.", "en"), "said")
    assert a.speaker is not None and a.speaker.text == "who"
    assert a.speaker_name == "Tom Baker" and a.speaker_ref is not None
    b = one(analyse("Der Plan stammt von Karl Meier, der sagte, er sei sicher.", "de"), "sagte")
    assert b.speaker is not None and b.speaker.text == "der" and b.speaker_name == "Karl Meier"


def test_an_outlet_after_a_cue_in_another_sentence_is_a_whole_medium_span() -> None:
    # the cue was found for content in the sentence before: the outlet is read in the cue's
    # own sentence (an empty medium span made the store refuse the whole article)
    from quotetrail.analysis.attribution.base import Found

    text = "The files were handed over. An official told Fox News."
    ex = _extractor(text, "en")
    told = next(k for k, t in enumerate(ex.toks) if t.text == "told")
    f = Found((0, text.index(".")), "indirect", (told, told + 1), None, 0, 0)
    a, b = ex.sent_range[0]
    med = ex.resolver.medium_for(f, a, b)
    assert med is not None and " ".join(t.text for t in ex.toks[med[0]:med[1]]) == "Fox News"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Angela Merkel kam. Sie erklärte, es sei gut.", "Angela Merkel"),
        ("Angela Merkel kam mit den Ministern. Sie erklärten, es sei gut.", "Sie"),  # plural: they
        ("Angela Merkel kam. Sie hat geschrieben, es sei gut.", "Angela Merkel"),
    ],
)
def test_german_sie_with_a_plural_verb_stays_unresolved(text: str, name: str) -> None:
    [a] = analyse(text, "de").attributions
    assert a.speaker_name == name


@pytest.mark.parametrize(
    ("lang", "text", "speaker", "principal"),
    [
        ("en", '"It is over," said Kenneth Ward, a former Obama aide.', "Kenneth Ward", None),
        ("en", "Kenneth Ward, who advised Obama, said it was over.", "Kenneth Ward", None),
        ("en", "Obama's spokesman said it was over.", "Obama's spokesman", "Obama"),
        ("en", "Aides to Hillary Clinton said it was over.", "Aides to Hillary Clinton", "Hillary Clinton"),
        ("en", "Palmer campaign spokesman Tom Becker said it was over.", "Tom Becker", None),
        ("en", "Ruth Palmer and Tom Becker said it was over.", "Ruth Palmer and Tom Becker", None),
        ("en", "Donald Trump's rivals said it was over.", "Donald Trump's rivals", None),
        ("en", "Becker, who is seen as a tougher negotiator than Ruth Palmer, said it was over.", "Becker", None),
        ("de", "Ein Sprecher von Angela Merkel sagte, es sei vorbei.", "Ein Sprecher von Angela Merkel", "Angela Merkel"),
        ("de", "Die Sprecherin des Hafens, Ilse Brandt, sagte, es sei vorbei.", "Ilse Brandt", None),
    ],
)
def test_the_speaker_is_the_head_of_its_phrase(lang: str, text: str, speaker: str, principal: str | None) -> None:
    [a] = analyse(text, lang).attributions
    assert (a.speaker_name, a.principal_name) == (speaker, principal)


@pytest.mark.parametrize(
    ("lang", "text", "cue", "when"),
    [
        # the date in the cue's clause dates the statement (published on Friday 2016-08-19)
        ("en", "Friday, Tom Becker announced he will leave the board of the rowing club.", "announced", "2016-08-19"),
        ("en", "On Tuesday, the senator said the bill was dead.", "said", "2016-08-16"),
        ("en", "At Monday's debate, Hillary Clinton said the plan was sound.", "said", "2016-08-15"),
        ("en", "The senator told reporters on Wednesday that the bill was dead.", "told", "2016-08-17"),
        # a date in another clause, or in the content, does not
        ("en", "Chris Cole, who quit the race in February, said the bill was dead.", "said", None),
        ("en", "The senator said the vote will be held on Friday.", "said", None),
        ("de", "Anna Keller sagte am Dienstag vor dem Hafentor, der Streik gehe weiter.", "sagte", "2016-08-16"),
        ("de", "Anna Keller sagte, der Streik werde am Montag enden.", "sagte", None),
        # a quoted name or a dateline's dash is no clause edge; a spaced dash before an aside is
        ("en", "Wednesday on Fox News’s “Hannity,” the senator said the bill was dead.", "said", "2016-08-17"),
        ("de", "Die „Süddeutsche Zeitung“ hatte gestern berichtet, der Sender baue Stellen ab.",
         "hatte … berichtet", "2016-08-18"),
        ("en", "NEW YORK - The senator on Tuesday said the bill was dead.", "said", "2016-08-16"),
        ("en", "The senator trails by nine points, according to a poll in Ohio - despite winning there in March.",
         "according to", None),
    ],
)
def test_a_statement_is_dated_by_its_own_clause(lang: str, text: str, cue: str, when: str | None) -> None:
    doc = Document(article=Article(text=text, origin="test", lang=lang, published=date(2016, 8, 19)))
    for module, name in STEPS:
        doc = getattr(import_module(f"quotetrail.analysis.{module}"), name)(doc)
    a = one(doc, cue)
    assert (a.date.value.isoformat() if a.date and a.date.value else None) == when


def test_each_attribution_says_which_rule_or_model_made_it() -> None:
    from quotetrail.analysis.attribution.rules import RULES

    text = "Der Bürgermeister Jan Roth sagte, die Brücke sei sicher. Laut der Feuerwehr gab es keinen Schaden."
    made = {a.content.text: a.made_by for a in analyse(text, "de").attributions}
    assert made["die Brücke sei sicher"].split(" + ")[0] == "verb_clause"
    assert made["gab es keinen Schaden"].split(" + ")[0] == "pattern_source_after"
    assert all(m and m.split(" + ")[0] in RULES for m in made.values())
    # no labeller: no "+ model"
    assert {a.made_by for a in analyse(text, "de", rules_only=True).attributions} == {"verb_clause", "pattern_source_after"}


def test_every_rule_name_in_the_code_is_described() -> None:
    """`article --explain` describes each name the rules can record."""
    import re

    from quotetrail.analysis.attribution import (
        base,
        continuation,
        findings,
        learned,
        passive,
        patterns,
        statements,
    )
    from quotetrail.analysis.attribution.rules import RULES

    names: set[str] = set()
    for module in (base, findings, patterns, statements, learned, continuation, passive):
        source = Path(module.__file__).read_text(encoding="utf-8")
        names |= set(re.findall(r'rule(?:: str)?\s*=\s*"(\w+)"', source))
        names |= set(re.findall(r'^\s*(?:\)|self\.(?:findings\.)?add\([^\n]*),\s*"(\w+)",?\)?$', source, re.M))
        names |= set(re.findall(r'^\s*"(\w+)",\n\s*\)', source, re.M))
    assert {"verb_quote", "free_indirect", "pattern_anaphoric", "quote_continues", "model"} <= names
    assert names <= set(RULES), names - set(RULES)


def test_a_reportative_soll_continues_reported_speech() -> None:
    # the rule itself, not the labeller
    text = (
        "Die Sprecherin Anna Berg sagte, der Vertrag sei unterschrieben. "
        "Die erste Lieferung soll im Mai ankommen. "
        "Die Lieferung kam im Mai an."
    )
    found = {a.content.text: a for a in analyse(text, "de", rules_only=True).attributions}
    a = found["Die erste Lieferung soll im Mai ankommen"]
    assert (a.speaker_name, a.form, a.cue, a.made_by) == ("Anna Berg", "free_indirect", None, "free_indirect")
    assert not any("kam" in c for c in found)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Tom Fenwick, by contrast, said the harbour would reopen in May.", "Tom Fenwick"),
        ("The plan would fail, said Tom Fenwick, for example, who runs the ferry company.", "Tom Fenwick"),
        ("Ruth Palmer, a former harbour pilot, said the ferry would keep running.", "Ruth Palmer, a former harbour pilot"),
        ('"The pier is safe," said Ruth Palmer, the harbour master, in a statement.', "Ruth Palmer, the harbour master"),
    ],
)
def test_an_adverbial_after_a_comma_ends_the_english_source(text: str, speaker: str) -> None:
    # an apposition stays in the source; "by contrast", "for example" and a medium ("in a
    # statement", shown as the medium) belong to the clause
    (a,) = analyse(text, "en").attributions
    assert a.speaker is not None and a.speaker.text == speaker


def test_a_quotation_in_two_apostrophes_is_shown_without_them() -> None:
    # some outlets write quote marks as two apostrophes; the content is the words inside
    doc = analyse("''We will reopen the pier in May,'' the mayor said. ''It is safe.''", "en")
    assert [a.content.text for a in doc.attributions] == ["We will reopen the pier in May", "It is safe."]
