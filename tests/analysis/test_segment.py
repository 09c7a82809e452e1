import pytest

from quotetrail.analysis.lemma import lemmatize
from quotetrail.analysis.segment import segment
from quotetrail.model import Article, Document


def run(text: str, lang: str) -> Document:
    return lemmatize(segment(Document(Article(text=text, origin="test", lang=lang))))


def sentences(text: str, lang: str) -> list[str]:
    doc = run(text, lang)
    return [text[s.start : s.end] for s in doc.sentences]


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        (
            "de",
            "Die Ministerin sprach am 22. Oktober in Bonn. Danach reiste sie ab.",
            ["Die Ministerin sprach am 22. Oktober in Bonn.", "Danach reiste sie ab."],
        ),
        (
            "de",
            "Es geht z. B. um Steuern. Dr. Weber widersprach.",
            ["Es geht z. B. um Steuern.", "Dr. Weber widersprach."],
        ),
        (
            "de",
            "Im 19. Jahrhundert kostete das 1,5 Mio. Mark. Heute mehr.",
            ["Im 19. Jahrhundert kostete das 1,5 Mio. Mark.", "Heute mehr."],
        ),
        (
            "de",
            "Ein Titel ohne Punkt\nDer erste Absatz beginnt hier.",
            ["Ein Titel ohne Punkt", "Der erste Absatz beginnt hier."],
        ),
        (
            "de",
            "„Was heißt das? Niemand weiß es“, fragte der Bürgermeister. Dann ging er.",
            ["„Was heißt das? Niemand weiß es“, fragte der Bürgermeister.", "Dann ging er."],
        ),
        (
            "de",
            "Sie sagte: »Wir bleiben.« Er schwieg.",
            ["Sie sagte: »Wir bleiben.«", "Er schwieg."],
        ),
        (
            "en",
            'Mr. Hale left the U.S. on Friday. "It is over. We won," he said.',
            ["Mr. Hale left the U.S. on Friday.", '"It is over. We won," he said.'],
        ),
        (
            "en",
            "Prices rose 3.5% in May. Sen. Ortiz objected.",
            ["Prices rose 3.5% in May.", "Sen. Ortiz objected."],
        ),
    ],
)
def test_sentence_boundaries(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


@pytest.mark.parametrize(
    "lang,text,token",
    [
        ("de", "Der NATO-Generalsekretär kam.", "NATO-Generalsekretär"),
        ("de", "Es starben über 20.000 Soldaten.", "20.000"),
        ("de", "Es kostet 1,5 Mio. Euro.", "Mio."),
        ("en", "It cost 1,000 dollars.", "1,000"),
        ("en", "Trump's plan failed.", "Trump's"),
        ("de", "Das geschah in den 1980er Jahren.", "1980er"),
    ],
)
def test_tokens_keep_units_together(lang: str, text: str, token: str) -> None:
    doc = run(text, lang)
    assert token in [t.text for t in doc.tokens]


@pytest.mark.parametrize("quote", ["„", "“", "”", "»", "«", '"'])
def test_quote_marks_are_quote_tokens(quote: str) -> None:
    doc = run(f"Er sagte {quote}Ja{quote} und ging.", "de")
    assert [t.kind for t in doc.tokens if t.text == quote] == ["quote", "quote"]


@pytest.mark.parametrize(
    "lang,text,word,lemma",
    [("de", "Sie sagte nichts.", "sagte", "sagen"), ("en", "She said nothing.", "said", "say")],
)
def test_lemmas(lang: str, text: str, word: str, lemma: str) -> None:
    doc = run(text, lang)
    assert {t.text: t.lemma for t in doc.tokens}[word] == lemma


def test_offsets_index_the_text() -> None:
    text = "  „Ja“, sagte er.\n\nDr. Kurz: 20.000 Menschen – mindestens.  "
    doc = run(text, "de")
    for tok in doc.tokens:
        assert text[tok.start : tok.end] == tok.text
    assert all(doc.tokens[i].sent <= doc.tokens[i + 1].sent for i in range(len(doc.tokens) - 1))
    assert doc.sentences[0].start == text.index("„")


def test_empty_text_gives_no_sentences() -> None:
    assert run("   ", "de").sentences == []
