"""The JSON API under /api/v1: thin handlers that validate parameters, call one store method
and page the result. Ids are the store's ids, the same the pages use."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from quotetrail.serve.web.errors import ApiError
from quotetrail.serve.web.params import (
    ArticleId,
    ArticleSort,
    EntityId,
    Everyone,
    Form,
    GroupId,
    Lang,
    Limit,
    Offset,
    Since,
    Site,
    Speaker,
    SpeakerSort,
    StoryId,
    StorySort,
    Until,
    Words,
    day,
    listed,
    page,
    sorting,
)
from quotetrail.serve.web.schemas import Error, Page, SearchPage

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Error, "description": "No such item."},
    422: {"model": Error, "description": "A parameter is invalid."},
}
router = APIRouter(prefix="/api/v1", responses=_ERRORS)


def store(request: Request) -> Any:
    return request.app.state.stores.read()


def link_call(request: Request, method: str, *args: Any, **kwargs: Any) -> Any:
    """Call a link-layer store method (speakers, claims, stories), which an older store lacks."""
    fn = getattr(store(request), method, None)
    if fn is None:
        raise ApiError(404, f"this store has no {method.replace('_', ' ')} (link layer missing)")
    return fn(*args, **kwargs)


def list_options(request: Request, method: str, sort: str | None, **filters: Any) -> dict[str, Any]:
    """The sort and filters to pass to a listing store method (``method`` names its columns in
    :data:`quotetrail.store.listing.SORTS`): a 422 for a column it has not, or for what the
    store cannot do; a 404 when the store has no such list."""
    fn = getattr(store(request), method, None)
    if fn is None:
        raise ApiError(404, f"this store has no {method} (link layer missing)")
    return listed(fn, sorting(sort, method), **filters)


def found(item: dict[str, Any] | None, what: str, item_id: int) -> dict[str, Any]:
    if item is None:
        raise ApiError(404, f"no {what} with id {item_id}")
    return item


@router.get("/articles", response_model=Page, summary="Articles, newest first")
def articles(request: Request, site: Site = None, lang: Lang = None, since: Since = None,
             until: Until = None, sort: ArticleSort = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    items = store(request).articles(site=site, lang=lang, since=day(since, "since"), until=day(until, "until"),
                                    limit=limit + 1, offset=offset, **list_options(request, "articles", sort))
    return page(items, limit, offset)


@router.get("/articles/{article_id}", summary="One article with its text and every span")
def article(request: Request, article_id: ArticleId) -> dict[str, Any]:
    return found(store(request).article(article_id), "article", article_id)


@router.get("/attributions", response_model=Page, summary="Who said what, oldest statement first")
def attributions(request: Request, speaker: Speaker = None, form: Form = None, q: Words = None,
                 lang: Lang = None, site: Site = None, since: Since = None, until: Until = None,
                 article_id: Annotated[int | None, Query(ge=1, le=2**53)] = None,
                 limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    items = store(request).quotes(speaker=speaker, form=form, text=q, lang=lang, site=site,
                                  since=day(since, "since"), until=day(until, "until"), article_id=article_id,
                                  limit=limit + 1, offset=offset)
    return page(items, limit, offset)


@router.get("/figures", response_model=Page, summary="Figures with what they count and who claims them")
def figures(request: Request, claimed_by: Speaker = None, lang: Lang = None, since: Since = None,
            until: Until = None, article_id: Annotated[int | None, Query(ge=1, le=2**53)] = None,
            limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    items = store(request).figures(claimed_by=claimed_by, lang=lang, since=day(since, "since"), until=day(until, "until"),
                                   article_id=article_id, limit=limit + 1, offset=offset)
    return page(items, limit, offset)


@router.get("/search", response_model=SearchPage, summary="Full-text search over articles and quotes")
async def search(request: Request,
                 q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find.")],
                 kind: Annotated[Literal["article", "quote"] | None, Query(description="Only one kind of result.")] = None,
                 lang: Lang = None, site: Site = None, speaker: Speaker = None, since: Since = None,
                 until: Until = None, limit: Limit = 20, offset: Offset = 0,
                 hits: Annotated[bool, Query(description="Fill each result's `hits` with the [start, end) offsets "
                                                         "in the article of every matching word (empty otherwise: "
                                                         "finding them reads each article whole).")] = False,
                 ) -> dict[str, Any]:
    return await searched(request, q, kind=kind, lang=lang, site=site, speaker=speaker,
                          since=day(since, "since"), until=day(until, "until"), limit=limit, offset=offset,
                          hits=hits)


_FILTERS = ("lang", "site", "speaker", "since", "until")


async def searched(request: Request, q: str, **options: Any) -> dict[str, Any]:
    """``run_search`` on the request's store: on the event loop when its work is bounded, else
    in a worker thread.

    Without filters or ``hits``, a store that caps ranking (``RANKED``) ranks at most that many
    matches per list and reads only the page's rows: a few ms, cheaper done right here than
    handed to a thread (at 20 clients the hop and 40 threads taking turns at the GIL cost about
    a fifth of a search page's CPU). A filter can make it walk every match of a common word, and
    ``hits`` reads each article whole: those go to a thread, so other requests do not wait."""

    def call() -> dict[str, Any]:
        return run_search(store(request), q, **options)  # the calling thread's own connection

    bounded = (hasattr(store(request), "RANKED") and not options.get("hits")
               and not any(options.get(name) for name in _FILTERS))
    return call() if bounded else await run_in_threadpool(call)


def run_search(st: Any, q: str, *, limit: int, offset: int, **filters: Any) -> dict[str, Any]:
    """Both result lists, paged together: offset N is the N-th best of each."""
    results = st.search(q, limit=limit + 1, offset=offset, **filters)
    arts = [r for r in results if r["kind"] == "article"]
    quotes = [r for r in results if r["kind"] == "quote"]
    more = len(arts) > limit or len(quotes) > limit
    capped = any(r.get("capped") for r in results)
    return {"query": q, "articles": arts[:limit], "quotes": quotes[:limit], "limit": limit,
            "offset": offset, "next_offset": offset + limit if more else None,
            "ranked": getattr(st, "RANKED", None) if capped else None}


@router.get("/speakers", response_model=Page, summary="Speakers, most statements first")
def speakers(request: Request, q: Speaker = None, lang: Lang = None, site: Site = None, since: Since = None,
             until: Until = None, sort: SpeakerSort = None, limit: Limit = 50, offset: Offset = 0,
             everyone: Everyone = False) -> dict[str, Any]:
    """``lang``/``site``/``since``/``until`` keep the speakers quoted in an article they select;
    ``all`` adds the entities that are only mentioned (places, outlets), as `speakers --all`."""
    options = list_options(request, "speakers", sort, lang=lang, site=site, since=day(since, "since"),
                           until=day(until, "until"))
    items = link_call(request, "speakers", q=q, limit=limit + 1, offset=offset, speaking=not everyone, **options)
    return page(items, limit, offset)


@router.get("/speakers/{entity_id}", summary="One speaker with aliases and stories")
def speaker(request: Request, entity_id: EntityId) -> dict[str, Any]:
    return found(link_call(request, "speaker", entity_id), "speaker", entity_id)


@router.get("/speakers/{entity_id}/trail", response_model=Page, summary="A speaker's statements over time")
def trail(request: Request, entity_id: EntityId, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    found(link_call(request, "speaker", entity_id), "speaker", entity_id)
    return page(link_call(request, "trail", entity_id, limit=limit + 1, offset=offset), limit, offset)


@router.get("/claims", response_model=Page, summary="Claim groups with their differences")
def claims(request: Request,
           drift: Annotated[bool, Query(description="Only groups whose members differ.")] = False,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return page(link_call(request, "claim_groups", drift=drift, limit=limit + 1, offset=offset), limit, offset)


@router.get("/claims/{group_id}", summary="One claim group")
def claim(request: Request, group_id: GroupId) -> dict[str, Any]:
    return found(link_call(request, "claim_group", group_id), "claim group", group_id)


@router.get("/stories", response_model=Page, summary="Stories: articles about the same events")
def stories(request: Request, lang: Lang = None, site: Site = None, since: Since = None, until: Until = None,
            sort: StorySort = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """``lang``/``site``/``since``/``until`` keep the stories with an article they select."""
    options = list_options(request, "stories", sort, lang=lang, site=site, since=day(since, "since"),
                           until=day(until, "until"))
    return page(link_call(request, "stories", limit=limit + 1, offset=offset, **options), limit, offset)


@router.get("/stories/{story_id}", summary="One story")
def story(request: Request, story_id: StoryId) -> dict[str, Any]:
    return found(link_call(request, "story", story_id), "story", story_id)
