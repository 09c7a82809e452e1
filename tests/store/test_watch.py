"""What `watch` remembers between runs (store/watch.py), on both stores: sources in the order
they were added, their state, entries tried, done and forgotten."""

from __future__ import annotations

from quotetrail.store import SQLiteStore

FEED = "https://news.example/feed"
PAGE = "https://other.example/page"


def test_watch_state_is_kept_and_listed_in_the_order_sources_were_added(fresh_store: SQLiteStore) -> None:
    fresh_store.watch_register(PAGE, interval=300.0, lang="en", site="Other")
    fresh_store.watch_register(FEED, interval=60.0, lang=None, site=None)
    fresh_store.watch_register(PAGE, interval=600.0, lang="en", site="Other")  # new settings, same place
    fresh_store.watch_save(FEED, added=2, etag='"v1"', failures=0, last_poll=1_800_000_000.0,
                           next_poll=1_800_000_060.0, last_result="2 new")
    fresh_store.watch_save(FEED, added=1, last_result="1 new")
    fresh_store.watch_save(PAGE, failures=3, last_error="HTTP 503", last_poll=1_800_000_000.0)
    assert fresh_store.watch_register(FEED, interval=60.0, lang=None, site=None)["etag"] == '"v1"'
    page, feed = fresh_store.watch_sources()
    assert (page["url"], page["interval"], page["health"], page["last_error"]) == (PAGE, 600.0, "failing", "HTTP 503")
    assert (feed["url"], feed["added"], feed["health"], feed["last_result"]) == (FEED, 3, "ok", "1 new")
    assert feed["last_poll"] == "2027-01-15T08:00:00+00:00"


def test_entries_are_done_when_stored_or_out_of_tries_and_forgotten_when_unlisted(fresh_store: SQLiteStore) -> None:
    fresh_store.watch_register(FEED, interval=60.0, lang=None, site=None)
    assert fresh_store.watch_entry(FEED, "a", ok=True, now=100.0, max_tries=3)
    assert not fresh_store.watch_entry(FEED, "b", ok=False, now=100.0, max_tries=2)
    assert fresh_store.watch_entry(FEED, "b", ok=False, now=110.0, max_tries=2)  # second failure: given up
    assert not fresh_store.watch_entry(FEED, "c", ok=False, now=110.0, max_tries=2)
    assert fresh_store.watch_done(FEED, ["a", "b", "c", "d"]) == {"a", "b"}
    assert fresh_store.watch_sources()[0]["entries_seen"] == 2
    fresh_store.watch_listed(FEED, ["b"], now=1000.0, keep=500.0)  # a and c dropped off the feed long ago
    assert fresh_store.watch_done(FEED, ["a", "b", "c"]) == {"b"}
