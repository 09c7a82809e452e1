"""Writes under pressure: a second writer storing the same text first, and which speakers
become entities (named ones, with their mention's type; descriptions do not)."""

from __future__ import annotations

import re

import pytest

from quotetrail.errors import StoreError
from quotetrail.model import Article, Attribution, Document, Mention, Span
from quotetrail.store import SQLiteStore
from tests.conftest import SAMPLE


def test_same_text_stored_meanwhile_by_another_writer_is_a_duplicate(
    fresh_store: SQLiteStore, make_document, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fresh_store.add(make_document())
    # our duplicate check ran before the other writer committed: it saw nothing
    real = fresh_store.find_by_hash
    calls = iter([None])
    monkeypatch.setattr(fresh_store, "find_by_hash", lambda h: next(calls, real(h)))
    again = fresh_store.add(make_document(origin="second-writer"))
    assert (again.status, again.article_id) == ("duplicate", first.article_id)
    assert fresh_store.count() == 1 and len(fresh_store.quotes()) == 1


def _doc(text: str, lang: str, speaker: str, speaker_name: str, content: str, mentions: dict[str, str]) -> Document:
    def span(s: str) -> Span:
        i = text.index(s)
        return Span.of(text, i, i + len(s))

    doc = Document(Article(text=text, origin=f"{lang}.txt", lang=lang))
    doc.mentions = [Mention(span(written), label, written) for written, label in mentions.items()]  # type: ignore[arg-type]
    doc.attributions = [Attribution(content=span(content), form="indirect", speaker=span(speaker),
                                    speaker_name=speaker_name)]
    return doc


@pytest.mark.parametrize(
    ("text", "lang", "speaker", "content", "mentions", "entity"),
    [
        ("Die Stadtwerke Kiel teilten mit, der Strom fließe wieder.", "de", "Die Stadtwerke Kiel",
         "der Strom fließe wieder", {"Stadtwerke Kiel": "ORG"}, ("Stadtwerke Kiel", "ORG")),
        ("Harbour Power said that the lights were back on.", "en", "Harbour Power",
         "the lights were back on", {"Harbour Power": "ORG"}, ("Harbour Power", "ORG")),
        ("Ein Sprecher sagte, der Strom fließe wieder.", "de", "Ein Sprecher",
         "der Strom fließe wieder", {}, None),
        ("A spokesman said that the lights were back on.", "en", "A spokesman",
         "the lights were back on", {}, None),
    ],
)
def test_speaker_entity_comes_from_the_articles_mentions(
    fresh_store: SQLiteStore, text: str, lang: str, speaker: str, content: str,
    mentions: dict[str, str], entity: tuple[str, str] | None,
) -> None:
    name = next(iter(mentions), speaker)
    fresh_store.add(_doc(text, lang, speaker, name, content, mentions))
    [q] = fresh_store.quotes()
    assert q["speaker_name"] == name and q["speaker"]["text"] == text[q["speaker"]["start"] : q["speaker"]["end"]]
    if entity is None:
        assert q["speaker_entity_id"] is None
    else:
        row = fresh_store.db.execute("SELECT name, type FROM entities WHERE id = ?", (q["speaker_entity_id"],)).fetchone()
        assert tuple(row) == entity


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("figure", "figure 0 span (0-3, '300') does not match the article text"),
        ("cue", "attribution 0 cue ("),
        ("mention", "mention (10000-10008, 'Eva Roth') does not match"),
        ("attribution-index", "figure 0 points to attribution 5, which does not exist"),
    ],
)
def test_a_span_that_misses_its_text_is_refused_and_nothing_stored(
    fresh_store: SQLiteStore, make_document, broken: str, message: str, lang: str
) -> None:
    kept = fresh_store.add(make_document(lang=lang))
    doc = make_document(SAMPLE[lang]["text"] + " Paul Kern schwieg.", lang=lang)  # another article
    if broken == "figure":
        doc.figures[0].span = Span(0, 3, "300")  # offsets of the first word
    elif broken == "cue":
        cue = doc.attributions[0].cue
        assert cue is not None
        doc.attributions[0].cue = Span(cue.start + 1, cue.end + 1, cue.text)
    elif broken == "mention":
        doc.mentions[0] = Mention(Span(10_000, 10_008, "Eva Roth"), "PER", "Eva Roth")
    else:
        doc.figures[0].attribution = 5
    with pytest.raises(StoreError, match=re.escape(message)):
        fresh_store.add(doc)
    assert fresh_store.count() == 1 and [q["article_id"] for q in fresh_store.quotes()] == [kept.article_id]


def test_two_writers_on_one_store_both_get_their_articles_in(store_target, make_document) -> None:  # type: ignore[no-untyped-def]
    import threading

    from quotetrail.store import open_store

    errors: list[BaseException] = []

    def write(lang: str) -> None:
        store = open_store(store_target)
        try:
            for i in range(8):
                store.add(make_document(SAMPLE[lang]["text"] + f" Meldung {i}.", lang=lang))
        except BaseException as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            store.close()

    open_store(store_target).close()  # create the schema before both start
    threads = [threading.Thread(target=write, args=(lang,)) for lang in ("de", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = open_store(store_target)
    assert store.count() == 16 and len(store.quotes(limit=100)) == 16
    assert {q["article"]["lang"] for q in store.quotes(limit=100)} == {"de", "en"}
    store.close()
