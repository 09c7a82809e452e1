"""What a store offers: the CLI and (later) the web app use only these methods, so a
PostgreSQL store can stand in for SQLite. Everything returned is plain data (dicts, lists,
str/int/float/bool/None) that ``json.dumps`` takes as is; every span is a dict
``{"start", "end", "text"}`` with offsets into the stored article text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal, Protocol, runtime_checkable

from quotetrail.model import Article, Document


@dataclass(frozen=True)
class AddResult:
    """What :meth:`Store.add` did: ``added`` a new article, found a ``duplicate`` of a stored
    one, or recorded a near-duplicate ``copy`` of ``article_id``."""

    status: Literal["added", "duplicate", "copy"]
    article_id: int
    similarity: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@runtime_checkable
class Store(Protocol):
    def find_by_hash(self, content_hash: str) -> int | None:
        """The id of the article (or of the article a recorded copy points to) with this hash."""
        ...

    def find_near_duplicate(self, signature: bytes) -> tuple[int, float] | None:
        """The earliest stored article whose MinHash signature is close, and the similarity."""
        ...

    def add(self, doc: Document, signature: bytes | None = None) -> AddResult:
        """Store an analysed article with all its spans in one transaction."""
        ...

    def add_copy(self, article: Article, of: int, similarity: float) -> AddResult:
        """Record ``article`` as a near-duplicate copy of article ``of``."""
        ...

    def count(self) -> int: ...

    def article(self, article_id: int) -> dict[str, Any] | None:
        """Metadata, text, copies, attributions, figures, mentions and dates of one article."""
        ...

    def articles(
        self, *, limit: int = 50, offset: int = 0, lang: str | None = None, site: str | None = None,
        since: str | None = None, until: str | None = None,
    ) -> list[dict[str, Any]]: ...

    def quotes(
        self,
        *,
        speaker: str | None = None,
        lang: str | None = None,
        since: str | None = None,
        article_id: int | None = None,
        limit: int = 100,
        offset: int = 0,
        form: str | None = None,
        until: str | None = None,
        text: str | None = None,
        site: str | None = None,
    ) -> list[dict[str, Any]]: ...

    def figures(
        self, *, claimed_by: str | None = None, lang: str | None = None, since: str | None = None,
        article_id: int | None = None, limit: int = 100, offset: int = 0, until: str | None = None,
    ) -> list[dict[str, Any]]: ...

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, kind: str | None = None,
        lang: str | None = None, site: str | None = None, speaker: str | None = None,
        since: str | None = None, until: str | None = None, hits: bool = True,
    ) -> list[dict[str, Any]]:
        """Articles and quotes matching every word of ``query`` in any inflection. A store may
        rank only the most recently stored matches of a very common word; their results then
        say ``capped``: true."""
        ...

    def facets(self) -> dict[str, list[str]]:
        """The sites and languages stored."""
        ...

    def export(self) -> Iterator[dict[str, Any]]:
        """Every article as :meth:`article` returns it, in id order."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...
