"""The HTML pages: each opens, links by the API's ids, marks what the API returns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.serve.web.fakes import FakeLinkStore


def first_id(client: TestClient, site: str) -> int:
    return client.get("/api/v1/articles", params={"site": site}).json()["items"][0]["id"]


def test_search_page_lists_latest_then_finds_with_highlights(client: TestClient) -> None:
    home = client.get("/").text
    assert "Latest articles" in home and "Zweiter Bericht" in home
    found = client.get("/", params={"q": "Häuser"}).text
    assert '<mark class="hit">Häuser</mark>' in found
    assert re.search(r'href="/articles/\d+#q\d+"', found)  # a quote hit links to the statement
    assert "Nothing matches" in client.get("/", params={"q": "Häuser", "lang": "en"}).text
    assert "Zweiter" in client.get("/", params={"q": "Häuser", "site": "Südkurier"}).text
    assert "Nothing matches" in client.get("/", params={"q": "Häuser", "speaker": "Nobody"}).text
    assert "Nothing matches" in client.get("/", params={"q": "Häuser", "since": "2030-01-01"}).text
    # empty filter fields, as a browser submits them, are no filter
    assert "Zweiter" in client.get("/", params={"q": "Häuser", "lang": "", "site": "", "since": "", "until": ""}).text


def test_search_says_when_a_word_is_too_common_to_rank_every_match(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FakeLinkStore, "RANKED", 1)  # two German articles say "Häuser"
    page = client.get("/", params={"q": "Häuser"}).text
    assert "More than 1 articles match: these are the best of the 1 stored last." in page
    found = client.get("/api/v1/search", params={"q": "Häuser", "kind": "article"}).json()
    assert found["ranked"] == 1 and [a["capped"] for a in found["articles"]] == [True]
    assert client.get("/api/v1/search", params={"q": "Streik"}).json()["ranked"] is None


def test_article_page_marks_statements_and_figures(client: TestClient) -> None:
    aid = first_id(client, "Südkurier")
    html = client.get(f"/articles/{aid}").text
    assert "Zweiter Bericht" in html and "Südkurier" in html
    assert re.search(r'<mark class="q c0 content" data-q="\d+" id="q\d+" tabindex="0" aria-describedby="tip\d+">', html)
    assert 'class="q c0 cue"' in html and 'data-value="300"' in html
    assert re.search(r'<span class="tip" role="tooltip" id="tip\d+"><b>Eva Roth</b> · indirect · cue “sagte” · said 2026-11-13', html)
    assert '<a href="/speakers/1">Eva Roth</a>' in html


def test_article_text_is_shown_exactly_as_stored(client: TestClient) -> None:
    aid = first_id(client, "Südkurier")
    text = client.get(f"/api/v1/articles/{aid}").json()["text"]
    html = client.get(f"/articles/{aid}").text
    body = re.search(r'<div class="text" lang="de">(.*?)</div>', html, re.S).group(1)
    body = re.sub(r'<span class="tip".*?</span>', "", body)
    assert re.sub(r"<[^>]+>", "", body) == text


def test_speaker_page_has_time_line_and_trail(client: TestClient) -> None:
    html = client.get("/speakers/1").text
    assert "<svg" in html and html.count('<circle class="pt indirect"') == 3
    assert "Also written" in html and "Roth" in html
    assert '<a href="/stories/1">All articles</a>' in html
    assert "Eva Roth" in client.get("/speakers").text
    assert "Nobody" in client.get("/speakers", params={"q": "Nobody"}).text


def test_claims_pages_show_groups_side_by_side_and_drift(client: TestClient) -> None:
    all_groups = client.get("/claims").text
    assert all_groups.count('class="group glance') == 2 and "The sources agree." in all_groups
    drift = client.get("/claims", params={"drift": "true"}).text
    assert drift.count('class="group glance') == 1 and '<b class="kind">attribution</b>' in drift
    one = client.get("/claims/1").text
    assert "A figure across sources" in one and len(re.findall(r'class="member( differs)?"', one)) == 3


def test_stories_pages(client: TestClient) -> None:
    assert "All articles" in client.get("/stories").text
    story = client.get("/stories/1").text
    assert "Erster Bericht" in story and '<a href="/speakers/1">Eva Roth</a>' in story


@pytest.mark.parametrize("url", ["/articles/424242", "/speakers/424242", "/claims/424242", "/stories/424242",
                                 "/articles/abc", "/articles/0", "/?since=never", "/?offset=-3", "/claims?drift=2x"])
def test_bad_page_requests_are_4xx_html(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert 400 <= r.status_code < 500 and r.headers["content-type"].startswith("text/html")


def test_pages_link_only_to_this_server(client: TestClient) -> None:
    for url in ("/", f"/articles/{first_id(client, 'Ledger')}", "/speakers/1", "/claims", "/stories"):
        html = client.get(url).text
        assert not re.search(r'(src|href)="(https?:)?//', html), url


def test_templates_read_a_dict_key_before_a_dict_method() -> None:
    from quotetrail.serve.web.app import templates

    env = templates().env
    page = {"items": [1, 2], "title": "T"}
    assert env.from_string("{{ p.items|length }} {{ p.title }} {{ p.missing is undefined }} {{ n.real }}").render(
        p=page, n=5) == "2 T True 5"


def test_an_article_analysed_in_part_says_where_the_analysis_stopped(tmp_path: Path) -> None:
    from quotetrail.serve.web import create_app
    from tests.conftest import make_document

    path = tmp_path / "part.db"
    store = FakeLinkStore(path)
    doc = make_document(title="Langer Text", site="Nordblatt")
    doc.analysed_chars = len(doc.article.text)  # as if the bound had cut right after it
    doc.article.text += "\n\nNoch ein Absatz ohne Analyse."
    article_id = store.add(doc).article_id
    store.close()
    with TestClient(create_app(open_store=lambda: FakeLinkStore(path))) as client:
        page = client.get(f"/articles/{article_id}").text
    assert f"the first {doc.analysed_chars:,} of {len(doc.article.text):,} characters only" in page


def test_free_indirect_speech_and_the_rule_that_found_it_are_shown(tmp_path: Path) -> None:
    from dataclasses import replace

    from quotetrail.serve.web import create_app
    from tests.conftest import make_document

    path = tmp_path / "free.db"
    store = FakeLinkStore(path)
    doc = make_document(title="Fortsetzung", site="Nordblatt")
    doc.attributions = [replace(doc.attributions[0], form="free_indirect", cue=None, made_by="free_indirect + model")]
    article_id = store.add(doc).article_id
    store.close()
    with TestClient(create_app(open_store=lambda: FakeLinkStore(path))) as client:
        page = client.get(f"/articles/{article_id}").text
        speaker = client.get("/speakers/1").text
        listed = client.get("/api/v1/attributions", params={"form": "free_indirect"}).json()
    assert "<b>Eva Roth</b> · free indirect · " in page and "found by free_indirect + model" in page
    assert "free_indirect" not in re.sub(r'class="[^"]*"|found by free_indirect \+ model', "", page)
    assert '<circle class="pt free_indirect' in speaker and "● free indirect" in speaker.replace("</span>", "")
    assert [q["made_by"] for q in listed["items"]] == ["free_indirect + model"]


def test_search_and_latest_mark_a_guessed_publication_year(tmp_path: Path) -> None:
    # the year of this article's date was guessed: a results page and the list of latest
    # articles say so, as the article page and the trail do
    from quotetrail.serve.web import create_app
    from tests.conftest import make_document

    path = tmp_path / "guessed.db"
    store = FakeLinkStore(path)
    store.add(make_document(title="Ohne Jahr", site="Nordblatt", inferred={"published"}))
    store.close()
    with TestClient(create_app(open_store=lambda: FakeLinkStore(path))) as c:
        latest = c.get("/").text
        found = c.get("/", params={"q": "Häuser"}).text
    assert "2026-11-16 (year guessed)" in latest
    assert found.count("2026-11-16 (year guessed)") == 2  # the article hit and the quote hit


def test_search_shows_a_quote_under_its_speakers_one_name(tmp_path: Path) -> None:
    # the later article quotes Eva Roth by surname alone: the results page names her as her
    # speaker page does, links to it, and her full name as a filter still finds the quote
    from datetime import date

    from quotetrail.api import analyse
    from quotetrail.model import Article
    from quotetrail.serve.web import create_app

    path = tmp_path / "names.db"
    store = FakeLinkStore(path)
    store.add(analyse(Article(text="Die Ministerin Eva Roth sagte am Freitag, 300 Häuser seien betroffen.",
                              origin="a.txt", lang="de", published=date(2026, 11, 13))))
    store.add(analyse(Article(text="„Die Deiche halten dem Hochwasser stand“, sagte Roth am Montag in Kiel.",
                              origin="b.txt", lang="de", published=date(2026, 11, 16))))
    store.close()
    with TestClient(create_app(open_store=lambda: FakeLinkStore(path))) as c:
        found = c.get("/", params={"q": "Deiche"}).text
        filtered = c.get("/", params={"q": "Deiche", "speaker": "Eva Roth"}).text
    assert re.search(r'<p class="meta"><a href="/speakers/\d+">Eva Roth</a> · ', found), found
    assert "Nothing matches" not in filtered and "Eva Roth</a>" in filtered


def test_search_shows_a_spokespersons_quote_on_behalf_of_the_principal(tmp_path: Path) -> None:
    from datetime import date

    from quotetrail.api import analyse
    from quotetrail.model import Article
    from quotetrail.serve.web import create_app

    path = tmp_path / "behalf.db"
    store = FakeLinkStore(path)
    store.add(analyse(Article(text="Die Ministerin Eva Roth besuchte am Montag den Hafen. Ein Sprecher von Roth "
                              "sagte, die Deiche hielten dem Hochwasser stand.", origin="a.txt", lang="de",
                              published=date(2026, 11, 16))))
    store.close()
    with TestClient(create_app(open_store=lambda: FakeLinkStore(path))) as c:
        found = c.get("/", params={"q": "Deiche"}).text
    assert re.search(r'Ein Sprecher von Roth <span class="behalf">on behalf of <a href="/speakers/\d+">Eva Roth</a>',
                     found), found
