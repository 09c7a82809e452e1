from datetime import date

import pytest

from quotetrail.errors import IngestError
from quotetrail.ingest import IngestOptions, Item, load
from quotetrail.model import Article


def fetch_all(url: str, **opts: object) -> list[Article | IngestError]:
    options = IngestOptions(allow_private=True, timeout=1.0, **opts)  # type: ignore[arg-type]
    return list(load(Item("url", url), options))


def test_page_fetched_and_extracted(http_server: str) -> None:
    [a] = fetch_all(f"{http_server}/page")
    assert isinstance(a, Article)
    assert "Mara Lenz" in a.text and a.published == date(2026, 11, 12)


def test_redirect_followed(http_server: str) -> None:
    [a] = fetch_all(f"{http_server}/redirect")
    assert isinstance(a, Article) and "Mara Lenz" in a.text


@pytest.mark.parametrize(
    "path,reason",
    [
        ("/missing", "HTTP 404"),
        ("/slow", "timed out"),
        ("/loop", "too many redirects"),
        ("/image", "unsupported content type image/png"),
    ],
)
def test_bad_urls_give_one_line(http_server: str, path: str, reason: str) -> None:
    [err] = fetch_all(f"{http_server}{path}")
    assert isinstance(err, IngestError)
    assert str(err).startswith(f"{http_server}{path}: ") and reason in str(err)


def test_size_cap(http_server: str) -> None:
    [err] = fetch_all(f"{http_server}/big", max_bytes=1000)
    assert isinstance(err, IngestError) and "too large" in str(err)


def test_private_address_refused_by_default(http_server: str) -> None:
    [err] = list(load(Item("url", f"{http_server}/page"), IngestOptions()))
    assert isinstance(err, IngestError)
    assert "refused: resolves to private address 127.0.0.1; use --allow-private" in str(err)


def test_feed_entries_fetched_and_failures_reported(http_server: str) -> None:
    results = fetch_all(f"{http_server}/feed")
    assert isinstance(results[0], Article) and "Mara Lenz" in results[0].text
    assert isinstance(results[1], IngestError) and "HTTP 404" in str(results[1])


def test_conditional_fetch_answers_not_modified(http_server: str) -> None:
    from quotetrail.ingest.url import fetch

    opts = {"timeout": 1.0, "max_bytes": 100_000, "max_redirects": 2, "allow_private": True}
    first = fetch(f"{http_server}/validated", **opts)  # type: ignore[arg-type]
    assert first.status == 200 and first.etag == '"v1"' and first.body
    assert first.last_modified == "Thu, 12 Nov 2026 08:00:00 GMT"
    again = fetch(f"{http_server}/validated", headers={"If-None-Match": '"v1"'}, **opts)  # type: ignore[arg-type]
    assert again.status == 304 and again.body == b"" and again.etag == '"v1"'
