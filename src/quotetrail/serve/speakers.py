"""How a statement's speaker is shown, in the CLI and on the web alike.

Four kinds: a linked entity ("Mark Rutte"); a pronoun the article leaves unresolved ("he" —
shown with "(unresolved)"); a phrase that names nobody ("Berichten zufolge", "sources said" —
shown as "unnamed reports" or "unnamed sources", with the words the article used, so an
anonymous claim never looks like a person's); and any other phrase, shown as written.
"""

from __future__ import annotations

from typing import Any

from quotetrail.link.unnamed import unnamed_label

ENTITY, UNRESOLVED, UNNAMED, PHRASE = "entity", "unresolved", "unnamed", "phrase"
NO_SPEAKER = "(no speaker found)"


def _text(span: dict[str, Any] | None) -> str:
    return span["text"] if span else ""


def speaker_kind(q: dict[str, Any], language: str | None = None) -> str:
    """One of ENTITY, UNRESOLVED, UNNAMED, PHRASE for statement ``q`` (a stored attribution)."""
    if q.get("speaker_entity_id") is not None:
        return ENTITY
    written = _text(q.get("speaker"))
    name = q.get("speaker_name") or written
    if q.get("speaker_ref") is None and written and unnamed_label(written, _lang(q, language)):
        return UNNAMED
    if written and name == written and q.get("speaker_ref") is None \
            and len(written.split()) == 1 and written[:1].islower():
        return UNRESOLVED  # "he", "who": the article does not say who
    return PHRASE


def shown_speaker(q: dict[str, Any], language: str | None = None) -> str:
    """The words that stand for the speaker: the entity's or phrase's name, or "unnamed …"."""
    if speaker_kind(q, language) == UNNAMED:
        return unnamed_label(_text(q.get("speaker")), _lang(q, language)) or "(unnamed)"
    if q.get("speaker_entity_id") is not None and q.get("speaker_entity_name"):
        return q["speaker_entity_name"]  # one name for one person, however this article wrote it
    # no speaker at all (a headline's subjunctive, a statement the model found alone): saying
    # "unnamed" would read as an anonymous source, which the article does not claim either
    return q.get("speaker_name") or _text(q.get("speaker")) or NO_SPEAKER


def speaker_key(q: dict[str, Any], language: str | None = None) -> str:
    """What groups statements under one speaker on a page (one colour, one legend entry):
    the entity, else the words shown (all "unnamed reports" together)."""
    if q.get("speaker_entity_id") is not None:
        return f"e{q['speaker_entity_id']}"
    return shown_speaker(q, language)


def _lang(q: dict[str, Any], language: str | None) -> str | None:
    return language or (q.get("article") or {}).get("lang") or q.get("lang")
