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


def test_an_entity_only_named_counts_the_articles_that_name_it(fresh_store: SQLiteStore) -> None:
    # a place or outlet never speaks: its "articles" column is where it is named, not a 0
    from rich.console import Console

    from quotetrail.serve.render import speakers_table

    add(fresh_store, "In Polen wurde am Montag gestreikt. Anna Keller sagte, die Lage sei ernst.", day="2026-05-04")
    add(fresh_store, "In Polen blieben die Häfen am Dienstag geschlossen.", day="2026-05-05", site="Zweitblatt")
    named = [s for s in fresh_store.speakers(limit=50) if s["statements"] == 0 and s["mentioned"] == 2]
    assert named, "Polen is named in two articles"
    console = Console(width=200, record=True)
    console.print(speakers_table(named))
    row = next(line for line in console.export_text().splitlines() if named[0]["name"] in line)
    cells = [c.strip() for c in row.split("│")]
    assert cells[4:6] == ["0", "2"]  # quotes, articles
