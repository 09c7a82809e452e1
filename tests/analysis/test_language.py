import pytest

from quotetrail.analysis.language import detect, detect_language
from quotetrail.model import Article, Document


@pytest.mark.parametrize(
    "text,code",
    [
        ("Die Regierung hat am Montag neue Regeln für den Wohnungsbau beschlossen.", "de"),
        ("The government approved new rules for housing construction on Monday.", "en"),
        ("Le gouvernement a adopté lundi de nouvelles règles pour le logement.", "fr"),
        ("Il governo ha approvato lunedì nuove regole per l'edilizia abitativa.", "it"),
        ("!!! 123 ???", "xx"),
    ],
)
def test_detect(text: str, code: str) -> None:
    assert detect(text) == code


def test_detected_language_is_marked_inferred() -> None:
    doc = detect_language(Document(Article(text="Der Rat tagte gestern lange.", origin="t")))
    assert doc.article.lang == "de"
    assert "lang" in doc.article.inferred


def test_language_given_by_user_is_kept() -> None:
    doc = detect_language(Document(Article(text="Der Rat tagte.", origin="t", lang="en")))
    assert doc.article.lang == "en"
    assert "lang" not in doc.article.inferred
