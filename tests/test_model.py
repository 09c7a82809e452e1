"""The shared document model."""

from quotetrail.model import Article, normalise_for_hash


def test_content_hash_follows_the_text_and_ignores_case_and_spacing() -> None:
    a = Article(text="Die Fähre  fährt.", origin="t")
    first = a.content_hash
    assert first == a.content_hash == Article(text="die fähre fährt.", origin="u").content_hash
    a.text = "Die Fähre fährt nicht."  # a cleaned text is a new text: its hash is not the old one
    assert a.content_hash != first
    assert normalise_for_hash(a.text) == "die fähre fährt nicht."


def test_a_cached_hash_is_not_part_of_what_an_article_is() -> None:
    a, b = Article(text="Ein Satz.", origin="t"), Article(text="Ein Satz.", origin="t")
    _ = a.content_hash
    assert a == b and "_hash" not in repr(a)
