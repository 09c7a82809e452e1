"""Per-article analysis: a pipeline of small components over one Document.

Where a span is made: each component module here (``segment``, ``entities``, ``dates``,
``attribution``, ``figures``) creates the spans of its kind with offsets into ``Article.text``.
"""

from __future__ import annotations

from functools import cache

from quotetrail.analysis.pipeline import Component, Pipeline, component

__all__ = ["Component", "Pipeline", "component", "build_pipeline", "default_pipeline"]


def build_pipeline(rules_only: bool = False) -> Pipeline:
    """The default pipeline: offline, CPU only, German and English first-class. ``rules_only``
    leaves out the trained attribution labeller (to compare the rules with it)."""
    from quotetrail.analysis.attribution import find_attributions, find_attributions_by_rules
    from quotetrail.analysis.dates import find_dates
    from quotetrail.analysis.entities import find_entities
    from quotetrail.analysis.figures import find_figures
    from quotetrail.analysis.language import detect_language
    from quotetrail.analysis.lemma import lemmatize
    from quotetrail.analysis.segment import segment

    return Pipeline(
        [
            detect_language,
            segment,
            lemmatize,
            find_entities,
            find_dates,
            find_attributions_by_rules if rules_only else find_attributions,
            find_figures,
        ]
    )


@cache
def default_pipeline() -> Pipeline:
    return build_pipeline()
