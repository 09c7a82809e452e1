"""Shared fixtures: a fresh store in a temp file, and hand-built documents; the reasons for
skipped tests in the summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from quotetrail.model import (
    Article,
    Attribution,
    DateMention,
    Document,
    Figure,
    Mention,
    Span,
    Token,
)
from quotetrail.store import SQLiteStore, open_store
from tests.pgserver import examples_pg, examples_sqlite, pg_server, pg_url  # noqa: F401 - a throwaway PostgreSQL for the tests that need one

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"

@pytest.fixture(autouse=True)
def _no_machine_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fetching follows $HTTP_PROXY and friends; a machine that sets them must not send the
    tests' fake public names to its proxy."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


# Per language: a sentence written for the tests and the words its hand-made spans cover.
SAMPLE = {
    "de": {
        "text": "Die Ministerin Eva Roth sagte am Freitag, 300 Häuser seien betroffen.",
        "speaker": "Eva Roth", "cue": "sagte", "content": "300 Häuser seien betroffen",
        "date": "am Freitag", "figure": "300", "counted": "Häuser", "lemmas": {"sagte": "sagen", "Häuser": "Haus"},
    },
    "en": {
        "text": "Minister Eva Roth said on Friday that 300 houses were damaged.",
        "speaker": "Eva Roth", "cue": "said", "content": "300 houses were damaged",
        "date": "on Friday", "figure": "300", "counted": "houses", "lemmas": {"said": "say", "houses": "house"},
    },
}


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def fresh_store(store_path: Path) -> Iterator[SQLiteStore]:
    store = open_store(store_path)
    yield store
    store.close()


def make_document(text: str | None = None, lang: str = "de", **meta: object) -> Document:
    """A Document built by hand, independent of the analysis: one mention, one date, one
    attribution, one figure inside it, and word tokens with lemmas. ``text`` must contain the
    language's sample words (it defaults to the sample sentence)."""
    words = SAMPLE[lang]
    text = words["text"] if text is None else text  # type: ignore[assignment]
    article = Article(text=text, origin=str(meta.pop("origin", "test")), lang=lang,  # type: ignore[arg-type]
                      published=date(2026, 11, 16), **meta)  # type: ignore[arg-type]
    doc = Document(article)

    def span(key: str) -> Span:
        i = text.index(words[key])  # type: ignore[arg-type]
        return Span.of(text, i, i + len(words[key]))  # type: ignore[arg-type]

    lemmas: dict[str, str] = words["lemmas"]  # type: ignore[assignment]
    doc.tokens = []
    for chunk in text.split():
        start = text.index(chunk, doc.tokens[-1].end if doc.tokens else 0)
        word = chunk.strip(".,")
        doc.tokens.append(Token(start, start + len(word), word, 0, lemmas.get(word, word.lower()), "word"))
    when = DateMention(span("date"), date(2026, 11, 13), relative=True)
    doc.mentions = [Mention(span("speaker"), "PER", "Eva Roth")]
    doc.dates = [when]
    doc.attributions = [Attribution(content=span("content"), form="indirect", cue=span("cue"),
                                    speaker=span("speaker"), speaker_name="Eva Roth", date=when)]
    doc.figures = [Figure(span=span("figure"), value=300.0, counted=span("counted"), attribution=0)]
    return doc


@pytest.fixture(name="make_document")
def make_document_fixture() -> Callable[..., Document]:
    return make_document


def skip_reasons(reports: list[Any]) -> Counter[str]:
    """Why tests were skipped, with how many: a skipped module (importorskip) counts once."""
    reasons: Counter[str] = Counter()
    for report in reports:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[f"{reason} (a whole module)" if report.when == "collect" else reason] += 1
    return reasons


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line per distinct skip reason, even under -q: a skipped browser test should say why
    (Chromium or Playwright missing) without rerunning under -rs, which lists them already."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped or terminalreporter.hasopt("s"):
        return
    terminalreporter.write_line("")
    for reason, n in sorted(skip_reasons(skipped).items(), key=lambda item: (-item[1], item[0])):
        terminalreporter.write_line(f"skipped {n}: {reason}", yellow=True)
