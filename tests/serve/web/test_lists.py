"""The list pages and endpoints in datasette's manner: headers sort on the server (whitelisted
columns, ties in id order), facets filter by site, language and date with counts, and every
link keeps the filters; a bad parameter is a clear 422, never a 500. Over the real store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quotetrail.serve.web import create_app
from quotetrail.store import SQLiteStore
from tests.conftest import make_document
from tests.serve.web.fakes import FakeLinkStore

# Written for these tests: four articles that differ in site, language, date and title; the
# first sentences keep them apart for the near-duplicate check.
ARTICLES = [
    ("de", "Nordblatt", date(2026, 11, 10), "Brücke gesperrt",
     "Im Norden bleibt die alte Brücke über den Kanal bis zum Frühjahr für Lastwagen gesperrt."),
    ("de", "Südkurier", date(2026, 11, 12), "Alarm im Hafen",
     "Am Südhafen heulten gestern Abend die Sirenen, weil ein Kran auf einen Frachter gestürzt war."),
    ("en", "Ledger", date(2026, 11, 14), "Council vote delayed",
     "The city council postponed its vote on the harbour budget after a long and heated session."),
    ("en", "Ledger", date(2026, 11, 16), "Bridge reopens early",
     "Engineers finished the repairs on the northern bridge three weeks before the planned date."),
]


def fill(path: Path) -> None:
    store = SQLiteStore(path)
    for lang, site, published, title, opening in ARTICLES:
        doc = make_document(f"{opening} {make_document(lang=lang).article.text}", lang=lang, title=title,
                            site=site, origin=title)
        doc.article.published = published
        store.add(doc)
    store.close()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("lists") / "lists.db"
    fill(db)
    with TestClient(create_app(open_store=lambda: SQLiteStore(db))) as c:
        yield c


def titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="/articles/\d+">([^<]*)</a>', html)


def test_api_sorts_articles_by_a_whitelisted_column(client: TestClient) -> None:
    def listed(**params: str) -> list[str]:
        r = client.get("/api/v1/articles", params=params)
        assert r.status_code == 200, r.text
        return [a["title"] for a in r.json()["items"]]

    assert listed() == ["Bridge reopens early", "Council vote delayed", "Alarm im Hafen", "Brücke gesperrt"]
    assert listed(sort="title") == ["Alarm im Hafen", "Bridge reopens early", "Brücke gesperrt",
                                    "Council vote delayed"]
    assert listed(sort="-title") == listed(sort="title")[::-1]
    assert listed(sort="published") == listed()[::-1]
    # two Ledger articles tie on the site: id order breaks the tie both ways, pages never overlap
    by_site = listed(sort="site")
    assert by_site[:2] == ["Council vote delayed", "Bridge reopens early"]
    assert listed(sort="site", limit="2") + listed(sort="site", limit="2", offset="2") == by_site


def test_bad_sort_is_a_clear_422_naming_the_columns(client: TestClient) -> None:
    for url in ("/api/v1/articles?sort=text", "/api/v1/speakers?sort=-secret", "/api/v1/stories?sort=",
                "/api/v1/articles?sort=published;drop"):
        r = client.get(url)
        assert r.status_code == 422, (url, r.text)
        assert "sort:" in r.json()["error"] and "descending" in r.json()["error"]
    page = client.get("/speakers?sort=nosuch")
    assert page.status_code == 422 and "use one of" in page.text and "nosuch" in page.text
    assert client.get("/stories?since=2026-13-01").status_code == 422


def test_home_table_headers_sort_and_mark_the_current_order(client: TestClient) -> None:
    html = client.get("/").text
    assert titles(html)[0] == "Bridge reopens early"
    # the default order is marked, and its header's link turns it round
    assert re.search(r'<th scope="col" aria-sort="descending"><a href="/\?sort=published"', html)
    html = client.get("/", params={"sort": "title", "lang": "en"}).text
    assert titles(html) == ["Bridge reopens early", "Council vote delayed"]
    th = re.search(r'<th scope="col" aria-sort="ascending"><a href="/\?([^"]+)"[^>]*>Title <span', html)
    assert th is not None and sorted(th.group(1).split("&amp;")) == ["lang=en", "sort=-title"]
    assert html.count("aria-sort=") == 1


def test_facets_count_and_filter_and_keep_the_sort(client: TestClient) -> None:
    html = client.get("/", params={"sort": "title"}).text
    # Ledger has two of the four articles: its facet link keeps the sort
    assert re.search(r'<a href="/\?sort=title&amp;site=Ledger">Ledger</a> <span class="meta"[^>]*>2</span>', html)
    html = client.get("/", params={"sort": "title", "site": "Ledger"}).text
    assert titles(html) == ["Bridge reopens early", "Council vote delayed"]
    assert 'aria-label="Remove filter Site: Ledger"' in html
    dated = client.get("/", params={"since": "2026-11-11", "until": "2026-11-14"}).text
    assert titles(dated) == ["Council vote delayed", "Alarm im Hafen"]


def test_speakers_and_stories_take_the_same_sort_and_filters(client: TestClient) -> None:
    speakers = client.get("/api/v1/speakers", params={"sort": "-name"}).json()["items"]
    names = [s["name"] for s in speakers]
    assert names and names == sorted(names, key=str.casefold, reverse=True)
    only_en = client.get("/api/v1/speakers", params={"lang": "en"}).json()["items"]
    assert only_en and all(s["id"] in {x["id"] for x in speakers} for s in only_en)
    assert client.get("/api/v1/speakers", params={"site": "Nowhere"}).json()["items"] == []
    stories = client.get("/api/v1/stories", params={"sort": "first"}).json()["items"]
    firsts = [s["first"] for s in stories]
    assert firsts == sorted(firsts)
    in_ledger = client.get("/api/v1/stories", params={"site": "Ledger"}).json()["items"]
    assert in_ledger and all(any(a["site"] == "Ledger" for a in s["articles"]) for s in in_ledger)
    html = client.get("/stories", params={"site": "Ledger", "sort": "label"}).text
    assert 'aria-sort="ascending"' in html and 'name="site"' in html


def test_pager_keeps_filters_and_sort(tmp_path: Path) -> None:
    db = tmp_path / "many.db"
    store = SQLiteStore(db)
    for i in range(23):  # more than a page (20)
        doc = make_document(f"Bericht Nummer {i} über die Lage am Kanal, Teil {i * 7}. " + make_document().article.text,
                            title=f"Bericht {i:02d}", site="Nordblatt", origin=f"n{i}")
        store.add(doc)
    store.close()
    with TestClient(create_app(open_store=lambda: SQLiteStore(db))) as c:
        html = c.get("/", params={"sort": "-title", "site": "Nordblatt", "lang": "de"}).text
        nxt = re.search(r'<a href="([^"]+)" rel="next">', html)
        assert nxt is not None
        url = nxt.group(1).replace("&amp;", "&")
        assert "sort=-title" in url and "site=Nordblatt" in url and "lang=de" in url
        second = titles(c.get(url).text)
        assert second == ["Bericht 02", "Bericht 01", "Bericht 00"]


def test_a_store_that_cannot_sort_says_so(tmp_path: Path) -> None:
    db = tmp_path / "fake.db"
    FakeLinkStore(db).close()
    with TestClient(create_app(open_store=lambda: FakeLinkStore(db))) as c:
        assert c.get("/speakers").status_code == 200
        r = c.get("/api/v1/speakers", params={"sort": "name"})
        assert r.status_code == 422 and r.json()["error"] == "this store cannot sort this list"


def test_filter_menus_list_every_value_and_keep_the_choice(client: TestClient) -> None:
    for url in ("/", "/?q=Brücke", "/speakers", "/stories"):
        html = client.get(url, params={"site": "Ledger", "lang": "en"}).text
        assert '<option value="Ledger" selected>' in html and '<option value="Nordblatt">' in html, url
        assert '<option value="en" selected>' in html and '<option value="de">' in html, url


def test_facet_values_and_the_links_they_make_are_escaped(tmp_path: Path) -> None:
    db = tmp_path / "hostile.db"
    store = SQLiteStore(db)
    hostile = '"><script>alert(1)</script>'  # a site name as an ingested page could set it
    store.add(make_document(title="Bericht", site=hostile))
    store.close()
    with TestClient(create_app(open_store=lambda: SQLiteStore(db))) as c:
        for url in ("/", "/speakers", "/stories"):
            html = c.get(url, params={"sort": "-id" if url == "/" else None}).text
            assert "<script>alert" not in html, url
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url  # shown, as text
            assert "site=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E" in html, url  # its facet link


def test_months_are_date_range_facets(tmp_path: Path) -> None:
    db = tmp_path / "months.db"
    store = SQLiteStore(db)
    for i, published in enumerate([date(2026, 2, 3), date(2026, 2, 27), date(2026, 11, 16)]):
        doc = make_document(f"Meldung {i} vom Hafen, Absatz {i * 3}. " + make_document().article.text,
                            title=f"Meldung {i}", site="Nordblatt", origin=f"m{i}")
        doc.article.published = published
        store.add(doc)
    store.close()
    with TestClient(create_app(open_store=lambda: SQLiteStore(db))) as c:
        html = c.get("/", params={"sort": "title"}).text
        link = re.search(r'<a href="([^"]+)">2026-02</a> <span class="meta"[^>]*>2</span>', html)
        assert link is not None and '>2026-11</a> <span class="meta" title="1 article">1</span>' in html
        url = link.group(1).replace("&amp;", "&")
        assert "since=2026-02-01" in url and "until=2026-02-28" in url and "sort=title" in url
        february = c.get(url).text
        assert titles(february) == ["Meldung 0", "Meldung 1"]
        assert 'aria-label="Remove filter Published: 2026-02"' in february


def test_speakers_lists_who_speaks_unless_all_is_asked(tmp_path: Path) -> None:
    """As `quotetrail speakers` (and `--all`): a place only mentioned is no speaker."""
    from quotetrail.model import Mention, Span
    from quotetrail.store import open_store

    text = "Die Ministerin Eva Roth sagte am Freitag, 300 Häuser seien betroffen. Bremen hilft."
    doc = make_document(text, title="Hochwasser", site="Nordblatt")
    at = text.index("Bremen")
    doc.mentions.append(Mention(Span.of(text, at, at + len("Bremen")), "LOC", "Bremen"))
    path = tmp_path / "all.db"
    store = open_store(path)
    store.add(doc)
    store.close()
    with TestClient(create_app(open_store=lambda: open_store(path))) as client:
        names = [s["name"] for s in client.get("/api/v1/speakers").json()["items"]]
        everyone = [s["name"] for s in client.get("/api/v1/speakers", params={"all": True}).json()["items"]]
        page = client.get("/speakers").text
        page_all = client.get("/speakers", params={"all": "true", "sort": "name"}).text
    assert names == ["Eva Roth"] and sorted(everyone) == ["Bremen", "Eva Roth"]
    assert ">Bremen</a>" not in page and 'href="/speakers?all=true"' in page
    assert ">Bremen</a>" in page_all and "Only those who speak" in page_all
    assert "all=true" in re.search(r'<th[^>]*aria-sort[^>]*>.*?</th>', page_all, re.S).group(0)  # sorting keeps it


def test_a_speaker_dated_only_by_a_guessed_year_says_so(tmp_path: Path) -> None:
    # the header gives day and month, no year: the statement's date is a guess, and the lists
    # must say there is one rather than leave First and Last blank
    from typer.testing import CliRunner

    from quotetrail.serve.cli import app as cli

    text = tmp_path / "a.txt"
    text.write_text("Neue Fähre\n\nKüstenbote - 15. März\n\nDer Bürgermeister Jan Weber sagte, "
                    "die Fähre fahre ab April wieder.\n", encoding="utf-8")
    db = tmp_path / "q.db"
    assert CliRunner().invoke(cli, ["ingest", str(text), "--db", str(db)]).exit_code == 0
    with TestClient(create_app(db)) as client:
        listing = client.get("/speakers").text
        [sid] = [s["id"] for s in client.get("/api/v1/speakers").json()["items"]]
        page = client.get(f"/speakers/{sid}").text
    assert "(1 with a guessed year)" in listing
    assert "only statements whose year was guessed (1)" in page
