"""An ordered pipeline of small components over one :class:`~quotetrail.model.Document`.

A component is a callable ``Document -> Document`` with a ``name`` and the attributes it
``requires`` and ``assigns`` (names of Document fields, plus ``"lang"`` for the article language).
The pipeline checks at build time that every requirement is assigned by an earlier component.

A text longer than ``max_chars`` is analysed up to the last line break (else space) before that
bound; the whole text stays the article's and is stored, every span lies in the analysed part,
and ``Document.analysed_chars`` says where it ends (issue 14). The analysis costs time linear in
the text but about 1.5 KB of memory per word at its peak, so the bound keeps one pasted book from
taking a shared server's memory: 1,000,000 characters is about 150,000 words, far more than any
news article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Protocol

from quotetrail.errors import PipelineError
from quotetrail.model import Article, Document


class Component(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


MAX_ANALYSED_CHARS = 1_000_000


def analysed_end(text: str, max_chars: int | None) -> int:
    """Where the analysed part of ``text`` ends: all of it, or the last paragraph or line
    break before ``max_chars`` (a space if there is none in the second half, so no word is
    cut)."""
    if max_chars is None or len(text) <= max_chars:
        return len(text)
    for sep in ("\n\n", "\n", " "):
        cut = text.rfind(sep, 0, max_chars)
        if cut >= max_chars // 2:
            return cut
    return max_chars


@dataclass
class Pipeline:
    components: list[Component] = field(default_factory=list)
    max_chars: int | None = MAX_ANALYSED_CHARS  # None: analyse any length

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
        cut = analysed_end(article.text, self.max_chars)
        part = article if cut == len(article.text) else replace(article, text=article.text[:cut])
        doc = Document(article=part)
        for comp in self.components:
            doc = comp(doc)
        if part is not article:
            # what the analysis learnt about the article (its language, what it guessed) is
            # the whole article's; its text stays whole
            for f in fields(Article):
                if f.init and f.name != "text":
                    setattr(article, f.name, getattr(part, f.name))
            doc.article = article
            doc.analysed_chars = cut
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
