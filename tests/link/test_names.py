"""Folding names and statements for comparison (link/names.py)."""

from __future__ import annotations

from quotetrail.link.names import fold, skeleton


def test_fold_drops_the_accents_of_any_script_and_keeps_the_letters() -> None:
    # what NFKD splits off is dropped whatever the script: Latin, Vietnamese (two marks on one
    # letter), Greek, Cyrillic (й keeps no breve); the letters stay
    assert fold("Müller-Lüdenscheidt, Ærø") == "muller ludenscheidt ærø"
    assert fold("Nguyễn Tấn Dũng") == "nguyen tan dung"
    assert fold("Αθήνα") == "αθηνα"
    assert fold("Зеленський") == "зеленськии"
    assert fold("Straße") == "strasse"


def test_fold_collapses_punctuation_and_every_kind_of_space() -> None:
    assert fold("  „Wir schaffen das!“\u00a0– sagte\u2009sie\n") == "wir schaffen das sagte sie"
    assert fold("") == ""


def test_names_spelled_with_and_without_accents_meet() -> None:
    assert skeleton("José Manuel Barroso") == skeleton("Jose Manuel Barroso")
    assert skeleton("Recep Tayyip Erdoğan") == skeleton("Recep Tayyip Erdogan")


def test_fold_keeps_a_name_in_an_abugida_in_one_piece_per_word() -> None:
    # Devanagari and Thai vowel signs are marks, not punctuation: splitting the name at them
    # gave a key of four fragments for a two-word name, which then met unrelated names.
    assert len(fold("नरेन्द्र मोदी").split()) == 2
    assert len(fold("ประยุทธ์ จันทร์โอชา").split()) == 2
    assert fold("मोदी") in fold("नरेन्द्र मोदी").split()
