"""Who said what: rule-based attributions over tokens, lemmas, mentions and dates.

The extractor is a chain of small steps, one module each, stacked as classes
(``Base`` -> ``Speakers`` -> ``Cues`` -> ``Extractor``), so a trained model can later replace
one step (say, content boundaries) without touching the others:

1. ``base``        pair quote marks into segments; a quote left open at the end of a paragraph
                   continues when the next paragraph opens with a quote mark (news convention);
2. ``cues``        speech verbs by lemma (separable particles: "hob ... hervor"), predicative
                   cues ("zeigte sich überzeugt"), and phrase patterns ("laut X", "X zufolge",
                   "Berichten zufolge", "according to X", ", so X.");
3. ``speakers``    the subject before the finite verb, or the noun phrase after it when the
                   first position holds an adverbial or the verb follows a quote;
4. ``cues``        content: an attached quote (direct), a dass/that- or comma-clause after the cue
                   (indirect), what precedes ", sagte X." (indirect) or a plain object (reported);
5. ``resolve``     medium, intermediary, date; then pronoun speakers are resolved to the nearest
   fitting named speaker or subject before them.

For German and English a trained CRF (``learned``, features in ``features``, training in
``train``) runs between steps 4 and 5 with the rule output as features; without a shipped model
file, or with ``find_attributions_by_rules`` (``build_pipeline(rules_only=True)``), the rules
work alone.

All word lists are data (``lexicon``): ``lang/<code>/cues.json`` and ``attribution.json``.
"""

from __future__ import annotations

from quotetrail.analysis.attribution.engine import Extractor
from quotetrail.analysis.attribution.learned import find_with_model
from quotetrail.analysis.pipeline import component
from quotetrail.model import Attribution, Document

__all__ = ["attributions_of", "find_attributions", "find_attributions_by_rules"]


def attributions_of(doc: Document, model: bool = True) -> list[Attribution]:
    """The document's attributions: the rules revised by the language's trained labeller when
    one ships (or ``$QUOTETRAIL_MODELS`` gives one), the rules alone with ``model=False``."""
    found = find_with_model(doc) if model else None
    return Extractor(doc).run() if found is None else found


@component(
    "find_attributions",
    requires=("tokens", "lemmas", "mentions", "dates"),
    assigns=("attributions",),
)
def find_attributions(doc: Document) -> Document:
    """Direct quotes, indirect and reported speech with speaker, cue, medium and intermediary."""
    doc.attributions = attributions_of(doc)
    return doc


@component(
    "find_attributions",
    requires=("tokens", "lemmas", "mentions", "dates"),
    assigns=("attributions",),
)
def find_attributions_by_rules(doc: Document) -> Document:
    """As :func:`find_attributions` with the rules alone (no trained labeller): to see what
    the rules find, or to compare them with the labeller (``eval … --rules-only``)."""
    doc.attributions = attributions_of(doc, model=False)
    return doc
