"""The attribution stages used one by one, as a newcomer changing one of them would."""

from __future__ import annotations

import copy

from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.cues import CueFinder
from quotetrail.analysis.attribution.engine import Extractor
from quotetrail.analysis.attribution.quotes import find_quotes
from quotetrail.analysis.dates import find_dates
from quotetrail.analysis.entities import find_entities
from quotetrail.analysis.lemma import lemmatize
from quotetrail.analysis.segment import segment
from quotetrail.model import Article, Document


def prepared(text: str, lang: str = "de") -> Document:
    """The document as attribution receives it."""
    doc = Document(article=Article(text=text, origin="test", lang=lang))
    for step in (segment, lemmatize, find_entities, find_dates):
        doc = step(doc)
    return doc


def test_a_quotation_over_two_paragraphs_is_one_chain() -> None:
    text = (
        "„Wir bleiben an den Toren, bis die Einigung steht.\n\n"
        "„Danach sehen wir weiter“, sagte die Sprecherin Mara Olsen am Montag."
    )
    ctx = Context(prepared(text))
    quotes = find_quotes(ctx)
    assert [text[s.start : s.end] for s in quotes.segments] == [
        "Wir bleiben an den Toren, bis die Einigung steht.",
        "Danach sehen wir weiter",
    ]
    assert len({s.chain for s in quotes.segments}) == 1
    inside = {t.text for t, q in zip(ctx.toks, quotes.in_quote, strict=True) if q}
    assert "Toren" in inside and "Danach" in inside and "sagte" not in inside


def test_the_cue_finder_names_a_separable_verb_with_its_particle() -> None:
    text = "Der Verband gab am Dienstag die Ergebnisse der Umfrage bekannt."
    ctx = Context(prepared(text))
    cues = CueFinder(ctx, find_quotes(ctx))
    a, b = ctx.sent_range[0]
    k = next(i for i, t in enumerate(ctx.toks) if t.text == "gab")
    verb, c0, c1 = cues.verb_cue(k, a, b)
    assert (verb, c0, ctx.toks[c1 - 1].text) == (k, k, "bekannt")
    assert cues.cue_lemma == {k: "bekanntgeben"}
    assert cues.verb_cue(k + 1, a, b) is None  # "am" is no cue


def test_the_stages_leave_the_context_as_they_found_it() -> None:
    """Context is read-only: a stage that wrote into it would change what later stages see."""
    text = (
        "Die Ministerin Jana Roth sagte am Freitag in Bremen, die Brücke sei sicher. "
        "„Wir prüfen sie jede Woche“, fügte sie hinzu. Laut der Feuerwehr gab es keinen Schaden."
    )
    ex = Extractor(prepared(text))
    fields = ("sent_range", "starts", "low", "lem", "qc", "mention_at", "para_starts",
              "dates_by_sent", "per_by_sent", "first_named", "leads")
    before = {f: copy.deepcopy(getattr(ex.ctx, f)) for f in fields}
    found = ex.run()
    assert len(found) >= 3
    assert {f: getattr(ex.ctx, f) for f in fields} == before
