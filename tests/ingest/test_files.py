import json
from datetime import date
from pathlib import Path

import pytest

from quotetrail.errors import IngestError
from quotetrail.ingest import IngestOptions, Item, expand, load
from quotetrail.model import Article

TODAY = date(2026, 11, 22)
SCRAPE = """• En
  • De
  • Fr

Stadtrat beschließt neuen Radweg

Beispielblatt - 12 November 2026 08:15

Der Stadtrat hat am Dienstag den Bau eines Radwegs beschlossen.

Bürgermeisterin Eva Roth sagte, das Projekt koste rund 2,5 Mio. Euro.

3 Min. Lesezeit
Informationsquelle
Comments
"""
BLOG = """Warum der Radweg zu spät kommt
- Tim Vogel
- 14. März
- 2 Min. Lesezeit
Seit Jahren fordern Anwohner einen sicheren Weg am Fluss.
"""


def run(path: Path | str, **opts: object) -> list[Article | IngestError]:
    options = IngestOptions(today=TODAY, **opts)  # type: ignore[arg-type]
    out: list[Article | IngestError] = []
    for item in expand([str(path)], options):
        out.extend([item] if isinstance(item, IngestError) else load(item, options))
    return out


def one_article(path: Path, **opts: object) -> Article:
    results = run(path, **opts)
    assert len(results) == 1 and isinstance(results[0], Article), results
    return results[0]


def one_error(path: Path | str, **opts: object) -> str:
    results = run(path, **opts)
    assert len(results) == 1 and isinstance(results[0], IngestError), results
    message = str(results[0])
    assert "\n" not in message
    return message


def test_scrape_boilerplate_dropped_and_header_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SCRAPE, encoding="utf-8")
    a = one_article(tmp_path / "a.txt")
    assert a.title == "Stadtrat beschließt neuen Radweg"
    assert a.site == "Beispielblatt"
    assert a.published == date(2026, 11, 12) and a.published_time == "08:15"
    assert "published" not in a.inferred
    for junk in ("• En", "Lesezeit", "Informationsquelle", "Comments", "Beispielblatt -"):
        assert junk not in a.text
    assert "Bürgermeisterin Eva Roth sagte" in a.text
    assert "3 Min. Lesezeit" in a.dropped


def test_blog_author_and_yearless_date_inferred(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(BLOG, encoding="utf-8")
    a = one_article(tmp_path / "b.txt")
    assert a.author == "Tim Vogel"
    assert a.published == date(2026, 3, 14)
    assert "published" in a.inferred
    assert a.text.startswith("Warum der Radweg zu spät kommt\n\nSeit Jahren")


def test_yearless_date_after_today_goes_to_previous_year(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(BLOG.replace("14. März", "15. Dezember"), encoding="utf-8")
    assert one_article(tmp_path / "b.txt").published == date(2025, 12, 15)


def test_ordinal_date_broken_across_paragraphs_is_rejoined(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text("Titel\n\nDie Sanktionen kamen am 22.\n\nOktober in Kraft.\n", encoding="utf-8")
    assert "am 22. Oktober in Kraft." in one_article(tmp_path / "c.txt").text


def test_options_override_and_are_not_inferred(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(BLOG, encoding="utf-8")
    a = one_article(tmp_path / "b.txt", date=date(2025, 3, 14), source="Vogelblog", lang="de")
    assert (a.published, a.site, a.lang) == (date(2025, 3, 14), "Vogelblog", "de")
    assert "published" not in a.inferred


@pytest.mark.parametrize(
    "encoding,bom", [("latin-1", b""), ("cp1252", b""), ("utf-16-le", b"\xff\xfe"), ("utf-8", b"\xef\xbb\xbf")]
)
def test_encodings_decoded(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = "Straße und Brücke\n\nDie Bürger äußerten Kritik an den Plänen für die Straße."
    (tmp_path / "e.txt").write_bytes(bom + text.encode(encoding))
    a = one_article(tmp_path / "e.txt")
    assert "äußerten" in a.text and "Ã" not in a.text


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"\x00\x01\x02\x03binary\x00data" * 10, "binary"),
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"Comments\n\xe2\x80\xa2 En\n", "no article text"),
    ],
)
def test_bad_files_give_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    message = one_error(tmp_path / "bad.txt")
    assert message.startswith(str(tmp_path / "bad.txt")) and reason in message


def test_huge_file_refused_without_reading(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("Wort " * 1000, encoding="utf-8")
    assert "too large" in one_error(tmp_path / "big.txt", max_bytes=100)


def test_html_without_body(tmp_path: Path) -> None:
    (tmp_path / "x.html").write_text("<html><head><title>Leer</title></head></html>", encoding="utf-8")
    assert "no article text" in one_error(tmp_path / "x.html")


def test_html_article(tmp_path: Path) -> None:
    from tests.ingest.conftest import PAGE

    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    a = one_article(tmp_path / "p.html")
    assert a.site == "Testblatt" and a.author == "Lena Ott" and a.published == date(2026, 11, 12)
    assert "Mara Lenz" in a.text and "Impressum" not in a.text and "Politik | Sport" not in a.text


def test_jsonl_bad_line_does_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        '{"text": "Erster Text über den Hafen.", "date": "2026-11-01", "source": "Blatt", "lang": "de"}\n'
        "{not json\n"
        '{"title": "ohne Text"}\n'
        '{"text": "Second text about the port.", "url": "https://example.org/a"}\n',
        encoding="utf-8",
    )
    results = run(tmp_path / "a.jsonl")
    assert [type(r).__name__ for r in results] == ["Article", "IngestError", "IngestError", "Article"]
    assert str(results[1]).startswith(f"{tmp_path / 'a.jsonl'}:2: not valid JSON")
    first, last = results[0], results[3]
    assert isinstance(first, Article) and first.published == date(2026, 11, 1) and first.site == "Blatt"
    assert isinstance(last, Article) and last.site == "example.org" and "site" in last.inferred
    assert first.origin.endswith(":1")


def test_folder_is_recursive_and_skips_hidden_and_readme(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Titel\n\nText.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("# about", encoding="utf-8")
    items = list(expand([str(tmp_path)], IngestOptions()))
    assert items == [Item("text", str(tmp_path / "sub" / "a.txt"))]


def test_missing_path() -> None:
    assert one_error("/nonexistent/file.txt") == "/nonexistent/file.txt: no such file or directory"


def test_malformed_feed_file(tmp_path: Path) -> None:
    (tmp_path / "f.xml").write_text("<rss><channel><item><title>kaputt", encoding="utf-8")
    assert "feed" in one_error(tmp_path / "f.xml")


def test_jsonl_nul_byte_refuses_only_its_line(tmp_path: Path) -> None:
    (tmp_path / "n.jsonl").write_bytes(
        b'{"text": "Erster Text \xc3\xbcber den Hafen."}\n'
        b'{"text": "kaputt\x00er Text"}\n'
        b'{"text": "Dritter Text \xc3\xbcber die Stadt."}\n'
        b'{"text": "escaped \\u0000 NUL"}\n'
    )
    results = run(tmp_path / "n.jsonl")
    assert [type(r).__name__ for r in results] == ["Article", "IngestError", "Article", "IngestError"]
    assert str(results[1]) == f"{tmp_path / 'n.jsonl'}:2: contains a NUL byte, not text"
    assert isinstance(results[2], Article) and results[2].text == "Dritter Text über die Stadt."
    assert str(results[3]) == f"{tmp_path / 'n.jsonl'}:4: contains a NUL character, not text"


def test_binary_file_named_jsonl_is_still_refused_whole(tmp_path: Path) -> None:
    (tmp_path / "b.jsonl").write_bytes(b"\x00\x01\x02\x03binary\x00data\n" * 10)
    assert "binary" in one_error(tmp_path / "b.jsonl")


MIXED = "Die Beschäftigten der Werft äußerten Sorge.\n\nDer Betriebsrat sprach von „großer Unruhe“."


def test_encodings_decoded_without_notes(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_bytes(MIXED.encode("cp1252"))
    a = one_article(tmp_path / "w.txt")
    assert a.text == MIXED and a.notes == []


def test_utf8_with_a_few_bytes_of_another_encoding_keeps_its_utf8(tmp_path: Path) -> None:
    # a UTF-8 file with one paragraph pasted in from a Windows-1252 one
    (tmp_path / "m.txt").write_bytes(MIXED.encode("utf-8") + "\n\nDie Bürger warten.".encode("cp1252"))
    a = one_article(tmp_path / "m.txt")
    assert a.text == MIXED + "\n\nDie Bürger warten."
    assert a.notes == ["1 byte not UTF-8 (mixed encodings): 1 read as Windows-1252"]


def test_undefined_bytes_are_replaced_and_said(tmp_path: Path) -> None:
    (tmp_path / "u.txt").write_bytes(MIXED.encode("utf-8") + b"\n\nDie Zahl \x81\x9d ist unklar.")
    a = one_article(tmp_path / "u.txt")
    assert a.text.endswith("Die Zahl \ufffd\ufffd ist unklar.") and "Beschäftigten" in a.text
    assert a.notes == ["2 bytes not UTF-8 (mixed encodings): 2 replaced by U+FFFD"]


@pytest.mark.parametrize("wrong", ["cp1252", "latin-1"])
def test_double_encoded_utf8_is_repaired_and_said(tmp_path: Path, wrong: str) -> None:
    mojibake = MIXED.encode("utf-8").decode(wrong, errors="replace")
    assert "BeschÃ¤ftigten" in mojibake
    (tmp_path / "d.txt").write_text(mojibake, encoding="utf-8")
    a = one_article(tmp_path / "d.txt")
    assert a.text == MIXED
    assert a.notes == ["repaired mojibake (UTF-8 decoded as Windows-1252 or Latin-1)"]


def test_jsonl_repairs_are_noted_on_their_own_line(tmp_path: Path) -> None:
    good = json.dumps({"text": "Die Beschäftigten äußerten Sorge."}, ensure_ascii=False)
    bad = good.encode("utf-8").decode("cp1252")
    (tmp_path / "r.jsonl").write_text(f"{good}\n{bad}\n", encoding="utf-8")
    first, second = run(tmp_path / "r.jsonl")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == second.text == "Die Beschäftigten äußerten Sorge."
    assert first.notes == [] and second.notes == ["repaired mojibake (UTF-8 decoded as Windows-1252 or Latin-1)"]


def test_jsonl_line_separator_inside_a_string_does_not_split_the_line(tmp_path: Path) -> None:
    (tmp_path / "s.jsonl").write_text(json.dumps({"text": "Erster Satz.\u2028Zweiter Satz."}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    [a] = run(tmp_path / "s.jsonl")
    assert isinstance(a, Article) and "Zweiter Satz." in a.text


@pytest.mark.parametrize("depth,shown", [(400, "404"), (3000, "over 2048")])
def test_html_nested_very_deep_keeps_its_text_and_says_so(tmp_path: Path, depth: int, shown: str) -> None:
    article = ("<article><h1>Brücke bleibt gesperrt</h1><p>Der Sprecher der Stadt sagte am Montag, "
               "die Brücke bleibe bis zum Sommer gesperrt.</p><script>var hidden = 'kein Text';</script>"
               "<p>Gutachter hätten Risse im Beton gefunden, sagte er.</p></article>")
    page = ("<html><head><title>Brücke</title></head><body>" + "<div>" * depth + article
            + "</div>" * depth + "</body></html>")
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    a = one_article(tmp_path / "deep.html")
    assert a.text == ("Brücke bleibt gesperrt\n\nDer Sprecher der Stadt sagte am Montag, die Brücke bleibe "
                      "bis zum Sommer gesperrt.\n\nGutachter hätten Risse im Beton gefunden, sagte er.")
    assert a.notes == [f"HTML nested {shown} levels deep: flattened below level 200"]


def test_html_of_ordinary_depth_is_not_rewritten(tmp_path: Path) -> None:
    from tests.ingest.conftest import PAGE

    (tmp_path / "p.html").write_text(PAGE.replace("<body>", "<body>" + "<div>" * 150).replace(
        "</body>", "</div>" * 150 + "</body>"), encoding="utf-8")
    a = one_article(tmp_path / "p.html")
    assert "Mara Lenz" in a.text and a.notes == []


def test_jsonl_parser_takes_decoded_text_as_well_as_bytes() -> None:
    from quotetrail.ingest.jsonl import parse_jsonl

    line = '{"text": "Die Bürger warten.", "lang": "de"}\n'
    [from_text], [from_bytes] = parse_jsonl(line, "t.jsonl"), parse_jsonl(line.encode(), "t.jsonl")
    assert isinstance(from_text, Article) and isinstance(from_bytes, Article)
    assert from_text.text == from_bytes.text == "Die Bürger warten."
