"""The provenance chain on the article, speaker and claim pages, over the real store: one quote
said on the radio, passed on a day later through another outlet by a pronoun ("sie"), with
every part of it escaped. Documents are built by hand (no analysis), sentences written here."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quotetrail.model import Article, Attribution, Document, Mention, Span, Token
from quotetrail.serve.web import create_app
from tests.serve.web.fakes import LinkedStore

QUOTE = "Die Brücke über den Kanal bleibt bis zum Frühjahr für alle Lastwagen gesperrt"
RADIO = f'Verkehrsministerin Eva Roth sagte im Radio: "{QUOTE}".'
PASSED_ON = f'Eva Roth besuchte den Hafen. Laut <b>Hafenblatt</b> sagte sie: "{QUOTE}".'
SITE = "<i>Südkurier</i>"


def document(text: str, published: date, site: str, *, speaker: str, ref: str | None = None,
             **spans: str) -> Document:
    doc = Document(Article(text=text, origin=f"test:{published}", lang="de", published=published,
                           title=f"Bericht vom {published}", site=site))
    doc.tokens = [Token(m.start(), m.end(), m.group(), 0, m.group().lower(), "word")
                  for m in re.finditer(r"\w+", text)]

    def sp(words: str) -> Span:
        i = text.index(words)
        return Span.of(text, i, i + len(words))

    # the speaker as written comes after the name it stands for ("Eva Roth ... sie")
    said = Span.of(text, text.rindex(speaker), text.rindex(speaker) + len(speaker))
    doc.mentions = [Mention(sp(ref or speaker), "PER", "Eva Roth")]
    doc.dates, doc.figures = [], []
    doc.attributions = [Attribution(content=sp(QUOTE), form="direct", cue=sp("sagte"), speaker=said,
                                    speaker_name="Eva Roth", speaker_ref=sp(ref) if ref else None,
                                    **{k: sp(v) for k, v in spans.items()})]
    return doc


def fill_chain(db: Path) -> None:
    """Eva Roth on the radio, then the same quote passed on by another outlet two days later."""
    store = LinkedStore(db)
    if not hasattr(store, "claim_groups"):
        pytest.skip("this store has no link layer")
    store.add(document(RADIO, date(2026, 11, 10), "Nordblatt", speaker="Eva Roth", medium="im Radio"))
    store.add(document(PASSED_ON, date(2026, 11, 12), SITE, speaker="sie", ref="Eva Roth",
                       intermediary="Laut <b>Hafenblatt</b>"))
    store.close()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("chain") / "chain.db"
    fill_chain(db)
    with TestClient(create_app(open_store=lambda: LinkedStore(db))) as c:
        yield c


def ids(client: TestClient) -> dict[str, int]:
    items = client.get("/api/v1/attributions").json()["items"]
    return {q["article"]["site"]: q["id"] for q in items} | {
        "article:" + q["article"]["site"]: q["article_id"] for q in items}


def chains(page: str) -> list[str]:
    return re.findall(r'<ol class="chain[^"]*"[^>]*>(.*?)</ol>', page, re.S)


def test_article_page_shows_the_chain_and_the_earlier_article(client: TestClient) -> None:
    n = ids(client)
    page = client.get(f"/articles/{n['article:' + SITE]}").text
    (chain,) = chains(page)
    roles = re.findall(r'class="step r-(\w+)"', chain)
    assert roles == ["speaker", "intermediary", "outlet", "earlier"]
    # the outlet is this article's site, escaped; the intermediary as written, escaped
    assert html.escape(SITE, quote=False) in chain and "<i>" not in chain
    assert "Laut &lt;b&gt;Hafenblatt&lt;/b&gt;" in chain and "<b>Hafenblatt" not in page
    # the earlier article is linked at the exact span of the same quote
    assert f'href="/articles/{n["article:Nordblatt"]}#q{n["Nordblatt"]}"' in chain and "2026-11-10" in chain
    # the pronoun is explained: "sie" is Eva Roth
    assert re.search(r'Eva Roth</a> <span class="meta resolved"[^>]*>\(written “sie”\)', chain)
    # and the legend names the intermediary, each role with its own class in the text
    assert re.search(r'<mark class="q c\d intermediary">intermediary</mark>', page)
    assert re.search(r'<mark class="q c\d+ intermediary"', page.split('<div class="text"')[1])
    assert re.search(r'<mark class="q c\d+ speaker"', page.split('<div class="text"')[1])


def test_the_earliest_article_says_it_is_where_the_quote_starts(client: TestClient) -> None:
    n = ids(client)
    page = client.get(f"/articles/{n['article:Nordblatt']}").text
    (chain,) = chains(page)
    assert re.findall(r'class="step r-(\w+)"', chain) == ["speaker", "medium", "outlet", "first"]
    assert "im Radio" in chain and "2 sources" in chain
    assert re.search(r'<mark class="q c\d medium">medium</mark>', page)
    assert "intermediary</mark>" not in page  # the legend names only the roles the text has


def test_speaker_page_shows_medium_intermediary_resolution_and_date_certainty(client: TestClient) -> None:
    speaker = client.get("/api/v1/speakers", params={"q": "Eva Roth"}).json()["items"][0]
    page = client.get(f"/speakers/{speaker['id']}").text
    trail = chains(page)
    assert len(trail) == 2
    joined = " ".join(trail)
    assert "im Radio" in joined and "Laut &lt;b&gt;Hafenblatt&lt;/b&gt;" in joined and "(written “sie”)" in joined
    # no date in either sentence: each is shown with its publication date, marked as such
    assert page.count('class="qt-date qt-published"') == 2


def test_a_guessed_publication_year_is_marked_on_the_claim_page(tmp_path: Path) -> None:
    store = LinkedStore(tmp_path / "guessed.db")
    if not hasattr(store, "guessed_publication"):
        pytest.skip("this store cannot say which years were guessed")
    store.add(document(RADIO, date(2026, 11, 10), "Nordblatt", speaker="Eva Roth", medium="im Radio"))
    blog = document(PASSED_ON, date(2026, 11, 12), "Hafenblog", speaker="sie", ref="Eva Roth",
                    intermediary="Laut <b>Hafenblatt</b>")
    blog.article.inferred = {"published"}
    store.add(blog)
    store.close()
    with TestClient(create_app(open_store=lambda: LinkedStore(tmp_path / "guessed.db"))) as c:
        page = c.get("/claims/1").text
    assert page.count("(year guessed)") == 1
    assert re.search(r'class="meta qt-guessed"[^>]*>2026-11-12 \(year guessed\)', page)


def test_claim_page_gives_each_member_its_chain_and_span(client: TestClient) -> None:
    n = ids(client)
    group = client.get("/api/v1/claims").json()["items"][0]
    page = client.get(f"/claims/{group['id']}").text
    assert f'href="/articles/{n["article:Nordblatt"]}#q{n["Nordblatt"]}"' in page
    assert f'href="/articles/{n["article:" + SITE]}#q{n[SITE]}"' in page
    assert len(chains(page)) == 2
    # who passed it on changed from nobody to the Hafenblatt: marked; the empty medium of
    # both is no difference
    cells = re.findall(r'<td data-label="[^"]*"( class="diff")?>([^<]*)</td>', page)
    assert len(cells) == 2 * 4  # speaker, form, cue, via of each source
    marked = [v for c, v in cells if c]
    assert any("Hafenblatt" in v for v in marked) and "—" not in marked
