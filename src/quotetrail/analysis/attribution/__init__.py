"""Who said what: attributions over tokens, lemmas, mentions and dates.

Small stages, one module each, composed in ``engine`` (each takes what it reads as arguments;
the table with inputs and outputs is in docs/ARCHITECTURE.md, "The attribution engine"):

0. ``context``     the document's indexes and span helpers, read-only;
1. ``quotes``      pair quote marks into segments; a quote left open at the end of a paragraph
                   continues when the next paragraph opens with a quote mark (news convention);
2. ``cues``        speech verbs by lemma (separable particles: "hob ... hervor") and predicative
                   cues ("zeigte sich überzeugt");
3. ``speakers``    the subject before the finite verb, or the noun phrase after it when the
                   first position holds an adverbial or the verb follows a quote;
4. ``statements``  the rules: phrase patterns ("laut X", "X zufolge", "Berichten zufolge",
                   "according to X", ", so X.") and the content a cue governs — an attached
                   quote (direct), a dass/that- or comma-clause (indirect), what precedes
                   ", sagte X." (indirect) or a plain object (reported);
5. ``resolve``     cue pieces (``frame``), form (``forms``), medium, intermediary, date;
                   speakers shaped, then named (``naming``): roles, pronouns resolved to the
                   nearest fitting speaker before them.

For German and English a trained CRF (``learned``, features in ``features``, training in
``train``) runs between stages 4 and 5 with the rule output as features; without a shipped model
file, or with ``find_attributions_by_rules`` (``build_pipeline(rules_only=True)``), the rules
work alone.

All word lists are data (``lexicon``): ``lang/<code>/cues.json`` and ``attribution.json``.
"""

from __future__ import annotations

from quotetrail.analysis.attribution.engine import Extractor
from quotetrail.analysis.attribution.learned import shipped_tagger
from quotetrail.analysis.pipeline import component
from quotetrail.model import Attribution, Document

__all__ = ["attributions_of", "find_attributions", "find_attributions_by_rules"]


def attributions_of(doc: Document, model: bool = True) -> list[Attribution]:
    """The document's attributions: the rules revised by the language's trained labeller when
    one ships (or ``$QUOTETRAIL_MODELS`` gives one), the rules alone with ``model=False``."""
    return Extractor(doc).run(shipped_tagger(doc.lang) if model else None)


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
