"""What each rule name in ``Attribution.made_by`` means (`quotetrail article N --explain`).

The names are the ones ``statements.py``, ``patterns.py``, ``continuation.py`` and ``passive.py`` pass to ``Findings.add``; "pattern_*" rules match a word list
of the language's ``attribution.json`` (named after the list). "model" is the trained labeller
alone; "<rule> + model" a rule the labeller agreed with.
"""

from __future__ import annotations

RULES: dict[str, str] = {
    "verb_quote": 'a quotation attached to a speech verb: „…“, sagte sie / He said: "…"',
    "verb_clause": "the clause after a speech verb: sagte, die Lage sei ernst / said the bridge was safe",
    "verb_after_clause": "a statement closed by its cue and speaker: …, sagte er. / …, he said.",
    "verb_companion": "what follows a cue's companion noun: sprach von …, vertritt die Ansicht, dass …",
    "verb_coordinated": "a statement before a second speech verb: … und nannte sie „…“",
    "verb_konjunktiv_clause": "a Konjunktiv I clause after a cue with the comma left out: sagte es sei …",
    "verb_object": "the object inside a separable verb: wies die Vorwürfe zurück (reported speech)",
    "sentence_before": "Das meldet X: the sentence before is what X reported",
    "as_clause": "Wie das Ministerium mitteilte, … / as the minister said, …",
    "as_clause_quote": "a quotation before a wie/as clause",
    "so_end": "…, so X. — the speaker closes the sentence",
    "so_end_quote": "„…“, so X.",
    "phrase_quote": "mit den Worten „…“ / in the words: …",
    "name_colon": "a line opened by a name and a colon: Rutte: Die Allianz ist bereit",
    "name_colon_quote": "a name and a colon before a quotation: Rutte: „…“",
    "transcript_turn": "a transcript turn: PENCE: …",
    "dash_signature": "a quotation signed with a dash and a name: „…“ – Jane Doe",
    "quote": "a quotation attached to its cue",
    "quote_continues": "a quotation with no cue of its own, continuing the speaker before",
    "free_indirect": "a cue-less sentence in Konjunktiv I continuing the statement before",
    "free_indirect_after_join": (
        "the same, after the labeller: continuing a statement only it found, or a reported speech act"
        " (Der Verband forderte Zuschüsse. Ohne Hilfe müsse …)"
    ),
    "free_indirect_hearsay": (
        "a reportative modal with a perfect infinitive, nobody named: Der Kämmerer soll Gelder veruntreut haben"
    ),
    "passive_cue": "a passive speech verb before a dass-clause: Von der Stadt wurde bestätigt, dass … / Wie mitgeteilt wurde, …",
    "outlet_reports": "an outlet as the only source: Wie Reuters berichtet, … / as Reuters reports, …",
    "pattern_impersonal": "impersonal cue: In einer Erklärung heißt es, …",
    "pattern_anaphoric": "Demnach … / Dem Bericht zufolge …: the source named just before",
    "pattern_source_prep": "nach Angaben der Polizei / nach Schätzungen von …",
    "pattern_noun_prep": "ihrer Meinung nach",
    "pattern_unnamed": "a hedge with no named source: Berichten zufolge / reportedly",
    "pattern_source_after": "laut X / according to X",
    "pattern_source_before": "X zufolge",
    "model": "found by the trained labeller alone (no rule found it)",
}


def describe(made_by: str | None) -> str:
    """One line saying what made an attribution."""
    if not made_by:
        return "not recorded (stored before quotetrail recorded it)"
    rule, _, model = made_by.partition("; speaker: ")[0].partition(" + ")  # speaker_head.SPEAKER_HOW
    text = RULES.get(rule, "unknown rule")
    return f"{rule} — {text}" + ("; the labeller agreed" if model else "")
