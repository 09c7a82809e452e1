"""An ordered pipeline of small components over one :class:`~quotetrail.model.Document`.

A component is a callable ``Document -> Document`` with a ``name`` and the attributes it
``requires`` and ``assigns`` (names of Document fields, plus ``"lang"`` for the article language).
The pipeline checks at build time that every requirement is assigned by an earlier component.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from quotetrail.errors import PipelineError
from quotetrail.model import Article, Document


class Component(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


@dataclass
class Pipeline:
    components: list[Component] = field(default_factory=list)

    def __post_init__(self) -> None:
        have: set[str] = {"article"}
        for comp in self.components:
            missing = [r for r in comp.requires if r not in have]
            if missing:
                raise PipelineError(
                    f"component {comp.name!r} requires {', '.join(missing)}, which no earlier "
                    f"component assigns (order: {', '.join(c.name for c in self.components)})"
                )
            have.update(comp.assigns)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, article: Article) -> Document:
        doc = Document(article=article)
        for comp in self.components:
            doc = comp(doc)
        return doc

    def pipe(self, articles: Iterable[Article]) -> Iterable[Document]:
        for article in articles:
            yield self(article)


def component(
    name: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()
) -> Callable[[Callable[[Document], Document]], Component]:
    """Turn a plain function into a pipeline component."""

    def wrap(fn: Callable[[Document], Document]) -> Component:
        fn.name = name  # type: ignore[attr-defined]
        fn.requires = requires  # type: ignore[attr-defined]
        fn.assigns = assigns  # type: ignore[attr-defined]
        return fn  # type: ignore[return-value]

    return wrap
