"""One entity per speaker across articles: each alias rule, and the merges that must not happen.

The articles are invented for these tests; they go through the whole pipeline into a store.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quotetrail.api import analyse
from quotetrail.link.entities import Seed
from quotetrail.link.names import role_key, skeleton
from quotetrail.model import Article
from quotetrail.store import SQLiteStore


def add(store: SQLiteStore, text: str, day: str = "2026-05-04", lang: str = "de", site: str = "Testblatt") -> int:
    article = Article(text=text, origin=f"test-{hash(text)}", lang=lang, site=site,
                      published=date.fromisoformat(day))
    result = store.add(analyse(article))
    assert result.status == "added"
    return result.article_id


def speaker_of(store: SQLiteStore, article_id: int) -> list[str | None]:
    """The canonical entity name of each attribution's speaker in one article."""
    rows = store.db.execute(
        "SELECT e.name FROM attributions t LEFT JOIN entities e ON e.id = t.speaker_entity_id "
        "WHERE t.article_id = ? ORDER BY t.seq",
        (article_id,),
    )
    return [r[0] for r in rows]


def only_speaker(store: SQLiteStore, name: str) -> dict:
    [found] = store.find_speaker(name)
    return found


FULL = (
    "Die Hafenbeauftragte Anna Keller sagte am Montag, die Kräne würden bis Juni erneuert.\n\n"
    "Keller betonte, dass die Arbeiten nachts stattfänden."
)
BARE = "Keller sagte, der Zeitplan sei ehrgeizig, aber machbar."
OTHER_KELLER = "Der Gewerkschafter Thomas Keller sagte, die Schichten seien zu lang."


def test_a_bare_surname_joins_the_only_person_with_that_surname(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, FULL)
    b = add(fresh_store, BARE, day="2026-05-06")
    assert set(speaker_of(fresh_store, a)) == {"Anna Keller"}
    assert speaker_of(fresh_store, b) == ["Anna Keller"]
    keller = only_speaker(fresh_store, "Keller")
    assert keller["name"] == "Anna Keller" and keller["articles"] == 2 and "Keller" in keller["aliases"]


def test_order_of_ingest_does_not_matter(fresh_store: SQLiteStore) -> None:
    b = add(fresh_store, BARE, day="2026-05-06")
    a = add(fresh_store, FULL)
    assert speaker_of(fresh_store, b) == ["Anna Keller"]
    assert set(speaker_of(fresh_store, a)) == {"Anna Keller"}
    assert [s["name"] for s in fresh_store.speakers()] == ["Anna Keller"]


def test_two_people_sharing_a_surname_stay_apart(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, FULL)
    b = add(fresh_store, BARE, day="2026-05-06")
    c = add(fresh_store, OTHER_KELLER, day="2026-05-07")
    assert set(speaker_of(fresh_store, a)) == {"Anna Keller"}
    assert speaker_of(fresh_store, c) == ["Thomas Keller"]
    # the bare "Keller" could be either: it is no longer merged into Anna Keller
    [bare] = speaker_of(fresh_store, b)
    assert bare == "Keller"
    names = {s["name"] for s in fresh_store.speakers()}
    assert {"Anna Keller", "Thomas Keller", "Keller"} <= names
    assert len(fresh_store.find_speaker("Keller")) > 1  # ambiguous: the CLI asks for an id
    # a later bare "Keller" does not pick one of them either
    d = add(fresh_store, BARE.replace("ehrgeizig", "knapp"), day="2026-05-08")
    assert speaker_of(fresh_store, d) == ["Keller"]


def test_title_and_name_in_one_article_and_name_alone_in_another(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, "Bürgermeisterin Lena Vogt sagte, der Markt bleibe geöffnet.")
    b = add(fresh_store, "Lena Vogt kündigte an, dass die Brücke gesperrt werde.", day="2026-05-09")
    assert speaker_of(fresh_store, a) == ["Lena Vogt"] == speaker_of(fresh_store, b)


def test_spellings_of_another_language_are_one_person(fresh_store: SQLiteStore) -> None:
    a = add(fresh_store, "Der Bürgermeister Wolodymyr Tschernow sagte, die Fähre fahre wieder.")
    b = add(fresh_store, 'Mayor Volodymyr Chernov said that "the ferry is running again".', lang="en")
    c = add(fresh_store, "Der Bürgermeister Wladimir Tschernow sagte, die Fähre sei voll.")
    assert speaker_of(fresh_store, a) == ["Wolodymyr Tschernow"] == speaker_of(fresh_store, b)
    # within one language, a different first name is a different person
    assert speaker_of(fresh_store, c) == ["Wladimir Tschernow"]


def test_organisations_and_places_with_their_short_forms(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "Die Europäische Union sagte am Montag, die Hilfe werde verlängert.")
    add(fresh_store, "The EU said on Tuesday that the aid would continue.", lang="en")
    eu = only_speaker(fresh_store, "Europäische Union")
    assert eu["name"] == "EU" and eu["articles"] == 2 and eu["type"] == "ORG"


def test_a_role_the_corpus_ties_to_a_person_resolves_elsewhere(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "NATO-Generalsekretär Jonas Brekke sagte, das Bündnis sei geeint.")
    b = add(fresh_store, "Der NATO-Chef sagte, man werde die Ostflanke stärken.", day="2026-05-10")
    assert speaker_of(fresh_store, b) == ["Jonas Brekke"]
    brekke = only_speaker(fresh_store, "Brekke")
    assert "Der NATO-Chef" in brekke["aliases"]
    # a role tie expires: a year and more later the same role may be someone else
    c = add(fresh_store, "Der NATO-Chef sagte, man brauche mehr Munition.", day="2028-01-10")
    assert speaker_of(fresh_store, c) == [None]


def test_two_holders_of_one_role_leave_the_description_unresolved(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "NATO-Generalsekretär Jonas Brekke sagte, das Bündnis sei geeint.")
    add(fresh_store, "NATO-Generalsekretärin Maria Holm sagte, das Bündnis wachse.", day="2026-05-05")
    b = add(fresh_store, "Der NATO-Chef sagte, man werde die Ostflanke stärken.", day="2026-05-10")
    assert speaker_of(fresh_store, b) == [None]


def test_seeded_entities_with_aliases_and_roles(fresh_store: SQLiteStore) -> None:
    fresh_store.seed_entities([
        Seed(name="Pavel Orlov", type="PER", aliases=["Pawel Orlow", "der Flottenchef"], wikidata="Q1", roles=["x.head"]),
    ])
    a = add(fresh_store, "Pawel Orlow sagte, die Schiffe blieben im Hafen.")
    b = add(fresh_store, "Der Flottenchef sagte, die Schiffe blieben im Hafen.", day="2026-05-11")
    assert speaker_of(fresh_store, a) == ["Pavel Orlov"] == speaker_of(fresh_store, b)
    orlov = only_speaker(fresh_store, "Orlov")
    assert orlov["wikidata"] == "Q1"


def test_trail_is_in_time_order_with_the_date_of_utterance_first(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "Keller sagte, der Zeitplan sei ehrgeizig.", day="2026-05-20")
    add(fresh_store, FULL, day="2026-05-04")
    eid = only_speaker(fresh_store, "Anna Keller")["id"]
    items = fresh_store.trail(eid)
    assert [i["article"]["published"] for i in items][-1] == "2026-05-20"
    whens = [i["when"] for i in items]
    assert whens == sorted(whens)
    assert items[0]["date_source"] == "utterance"  # "am Montag" in the first article


def test_name_keys() -> None:
    assert skeleton("Selenskyj") == skeleton("Zelenskyy") == skeleton("Zelensky")
    assert skeleton("Schoigu") == skeleton("Shoigu")
    assert skeleton("Keller") != skeleton("Kellner")
    assert role_key("der Kremlchef", "de") == role_key("Russlands Präsident", "de") is not None
    assert role_key("ein Sprecher", "de") is None


def test_entities_file_errors_are_one_line(tmp_path: Path) -> None:
    from quotetrail.errors import QuotetrailError
    from quotetrail.link.seeds import load_seeds

    bad = tmp_path / "e.yaml"
    bad.write_text("- name: [unclosed\n", encoding="utf-8")
    with pytest.raises(QuotetrailError, match="not valid YAML"):
        load_seeds(bad)
    bad.write_text("- type: PER\n", encoding="utf-8")
    with pytest.raises(QuotetrailError, match="entity 1: each entity needs a 'name'"):
        load_seeds(bad)
    good = tmp_path / "g.yaml"
    good.write_text("- name: Pavel Orlov\n  aliases: [Pawel Orlow]\n", encoding="utf-8")
    assert load_seeds(good)[0].aliases == ["Pawel Orlow"]
