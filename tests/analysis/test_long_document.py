"""A long document costs time linear in its length (issue 14).

No timing asserts: the machine is shared, so these count work instead. A step that asks every
attribution about every other one does 16 times the work on a text 4 times as long; a linear
one 4 times.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.analysis.textgen import long_text

from quotetrail.analysis import default_pipeline
from quotetrail.analysis.spans import SpanIndex
from quotetrail.model import Article


def lines_run(fn: Callable[[], Any]) -> int:
    """Lines of quotetrail's own code executed while ``fn`` runs (loops, comprehensions and
    generator steps included): a count of work that does not depend on the machine's load."""
    count = 0

    def line(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return line

    def call(frame: Any, event: str, arg: Any) -> Any:
        return line if "quotetrail" in frame.f_code.co_filename else None

    sys.settrace(call)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def no_sentence_marks(text: str) -> str:
    """One run of words: no full stops, no line breaks (a badly scraped page)."""
    return text.replace(".", "").replace("\n\n", " ")


@pytest.mark.parametrize(
    "lang,shape", [("de", long_text), ("en", long_text), ("de", lambda n, lang: no_sentence_marks(long_text(n, lang)))]
)
def test_analysis_work_grows_linearly_with_the_length_of_the_text(
    lang: str, shape: Callable[[int, str], str]
) -> None:
    pipeline = default_pipeline()
    pipeline(Article(text=long_text(50, lang), origin="warm-up", lang=lang))  # one-off loading
    small, large = shape(1_500, lang), shape(6_000, lang)
    found = pipeline(Article(text=large, origin="t", lang=lang))
    assert len(found.attributions) > 200 and len(found.figures) > 100  # every step had work
    n_small = lines_run(lambda: pipeline(Article(text=small, origin="t", lang=lang)))
    n_large = lines_run(lambda: pipeline(Article(text=large, origin="t", lang=lang)))
    ratio = n_large / n_small
    assert 3.5 < ratio < 4.6, f"4x the text ran {ratio:.2f}x the lines"


def brute_overlapping(spans: list[tuple[int, int]], a: int, b: int) -> list[int]:
    return [i for i, (s, e) in enumerate(spans) if s < e and a < b and s < b and a < e]


def test_span_index_answers_what_asking_every_span_answers() -> None:
    rnd = random.Random(7)
    spans = []
    for _ in range(400):
        s = rnd.randint(0, 2_000)
        spans.append((s, s + rnd.choice([0, 1, 3, 20, 200, 1_500])))
    index = SpanIndex(range(len(spans)), spans.__getitem__)
    for _ in range(500):
        a = rnd.randint(-10, 2_100)
        b = a + rnd.choice([0, 1, 5, 50, 400])
        assert index.overlapping(a, b) == brute_overlapping(spans, a, b)
        if b > a:
            assert index.containing(a, b) == [i for i, (s, e) in enumerate(spans) if s <= a and b <= e]


def test_span_index_query_cost_does_not_grow_with_the_number_of_spans() -> None:
    """Local queries (a figure asking for the content that holds it) visit about log(n) nodes:
    16 times the spans cost a few more steps, not 16 times as many."""

    def cost(n: int) -> float:
        spans = [(100 * i, 100 * i + 80) for i in range(n)]  # one per sentence
        index = SpanIndex(spans, lambda s: s)
        for i in range(0, n, max(1, n // 200)):
            assert index.containing(100 * i + 10, 100 * i + 20) == [spans[i]]
        return index.ops / len(range(0, n, max(1, n // 200)))

    small, large = cost(1_000), cost(16_000)
    assert large < small * (math.log2(16_000) / math.log2(1_000)) * 1.5


def test_a_text_over_the_bound_is_analysed_in_part_and_stored_whole(tmp_path: Path) -> None:
    """The analysed part ends at a paragraph break before the bound; every span lies in it,
    the ingest report says so in one line, and the stored article keeps the whole text and
    where its analysed part ends."""
    from quotetrail.analysis import build_pipeline
    from quotetrail.api import ingest
    from quotetrail.ingest import IngestOptions
    from quotetrail.store.sqlite import SQLiteStore

    text = long_text(3_000, "en")
    pipeline = build_pipeline()
    pipeline.max_chars = len(text) // 3
    doc = pipeline(Article(text=text, origin="t", lang="en"))
    cut = doc.analysed_chars
    assert cut is not None and len(text) // 6 < cut <= len(text) // 3 and text[cut] == "\n"
    assert doc.text == text and doc.article.lang == "en"
    spans = [s for a in doc.attributions for s in (a.content, a.cue, a.speaker) if s is not None]
    spans += [f.span for f in doc.figures] + [m.span for m in doc.mentions] + [d.span for d in doc.dates]
    assert len(doc.attributions) > 50 and max(s.end for s in spans) <= cut
    whole = build_pipeline()(Article(text=text, origin="t", lang="en"))
    assert whole.analysed_chars is None and len(whole.attributions) > 2 * len(doc.attributions)

    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    store = SQLiteStore(str(tmp_path / "q.db"))
    report = ingest([str(path)], store, IngestOptions(lang="en"), pipeline=pipeline)
    [article_id] = report.added
    [note] = report.notes
    assert note.startswith(f"{path}: analysed the first ") and "the whole text is stored" in note
    stored = store.article(article_id)
    assert stored is not None
    assert stored["analysed_chars"] is not None and stored["analysed_chars"] < len(stored["text"])
    assert max(q["content"]["end"] for q in stored["attributions"]) <= stored["analysed_chars"]
    store.close()


def test_a_text_under_the_bound_is_analysed_whole() -> None:
    text = long_text(300, "de")
    doc = default_pipeline()(Article(text=text, origin="t", lang="de"))
    assert doc.analysed_chars is None and doc.text == text


def test_storing_a_long_document_costs_work_linear_in_its_length(tmp_path: Path) -> None:
    """SQLite's own count of virtual-machine steps for storing (and linking) one document of
    6,000 and of 24,000 words: the claim linker once scanned every figure group the article had
    just made for each of its figures (5.2 times the steps for 4 times the text)."""
    from quotetrail.store.sqlite import SQLiteStore

    pipeline = default_pipeline()
    steps = []
    for n, words in enumerate((6_000, 24_000)):
        doc = pipeline(Article(text=long_text(words, "de"), origin="t", lang="de"))
        store = SQLiteStore(str(tmp_path / f"{n}.db"))
        count = 0

        def tick() -> int:
            nonlocal count
            count += 1
            return 0  # go on

        store.db.set_progress_handler(tick, 100)
        store.add(doc)
        store.db.set_progress_handler(None, 0)
        store.close()
        steps.append(count)
    ratio = steps[1] / steps[0]
    assert 3.5 < ratio < 4.6, f"4x the text took {ratio:.2f}x the SQLite steps"
