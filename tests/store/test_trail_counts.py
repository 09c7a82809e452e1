"""What a speaker's counts say: articles where they speak, apart from articles that only name them."""

from __future__ import annotations

from quotetrail.serve.render import trail_view
from quotetrail.store import SQLiteStore
from tests.link.test_entities import add


def test_articles_count_where_the_speaker_speaks_not_where_they_are_named(fresh_store: SQLiteStore) -> None:
    add(fresh_store, "Die Hafenbeauftragte Anna Keller sagte am Montag, die Kräne würden bis Juni erneuert.",
        day="2026-05-04")
    add(fresh_store, "Im Hafen wurde am Dienstag gestreikt. Auch Anna Keller war vor Ort, äußerte sich aber nicht.",
        day="2026-05-05", site="Zweitblatt")
    [keller] = fresh_store.find_speaker("Anna Keller")
    assert (keller["statements"], keller["articles"], keller["mentioned"]) == (1, 1, 2)
    head = trail_view(keller, []).renderables[0].plain
    assert "1 statement in 1 article, mentioned in 2" in head
