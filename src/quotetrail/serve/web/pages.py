"""The HTML pages. Each handler fetches through the store and hands plain data to a Jinja
template (autoescaped); the ids in the URLs are the API's ids."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from quotetrail.serve.web.api import found, link_call, list_options, searched, store
from quotetrail.serve.web.highlight import pieces, speaker_colours
from quotetrail.serve.web.listing import Listing
from quotetrail.serve.web.params import (
    ArticleId,
    EntityId,
    FormDay,
    GroupId,
    Lang,
    Offset,
    Site,
    Sort,
    Speaker,
    StoryId,
    day,
    page,
)
from quotetrail.serve.web.timeline import timeline
from quotetrail.serve.web.views import group_view, trail_view

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE = 20


def render(request: Request, template: str, **context: Any) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context)


@router.get("/")
async def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "", lang: Lang = None,
                      site: Site = None, speaker: Speaker = None, since: FormDay = None,
                      until: FormDay = None, sort: Sort = None, offset: Offset = 0) -> Response:
    # async: an unfiltered search runs on the event loop (see api.searched), the rest in a thread
    filters = {"lang": lang or None, "site": site or None, "since": day(since, "since", empty=True),
               "until": day(until, "until", empty=True)}
    results = latest = None
    options = list_options(request, "articles", sort or None)  # checked even when the results are ranked
    listing = Listing("/", "articles", "-published", facets=facets(request),
                      params={"q": q, "speaker": speaker or "", "sort": sort or "", **clean(filters)})
    if q.strip():  # results are ranked: no sort, and counting them per site would cost a second search
        results = await searched(request, q, limit=PAGE, offset=offset, speaker=speaker or None, hits=False,
                                 **filters)
    else:  # nothing asked yet: the newest articles, so there is always somewhere to go
        newest = await run_in_threadpool(
            lambda: store(request).articles(limit=PAGE + 1, offset=offset, **filters, **options))
        latest = page(newest, PAGE, offset)
        listing.counts = await run_in_threadpool(lambda: facet_counts(request, filters))
    form = {"q": q, "lang": lang or "", "site": site or "", "speaker": speaker or "",
            "since": filters["since"] or "", "until": filters["until"] or ""}
    return render(request, "search.html", form=form, results=results, latest=latest, listing=listing)


def facets(request: Request) -> dict[str, list[str]]:
    """Sites and languages for the filter menus: a few index lookups, so always current."""
    st = store(request)
    return st.facets() if hasattr(st, "facets") else {"sites": [], "langs": []}


def facet_counts(request: Request, filters: dict[str, Any]) -> dict[str, Any] | None:
    """Articles per site and language under ``filters``, when the store counts them cheaply."""
    st = store(request)
    return st.facet_counts(**filters) if hasattr(st, "facet_counts") else None


def clean(filters: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in filters.items() if v}


def list_filters(lang: str | None, site: str | None, since: str | None, until: str | None) -> dict[str, Any]:
    """The facet filters of a list page's form (an empty field is no bound)."""
    return {"lang": lang or None, "site": site or None, "since": day(since, "since", empty=True),
            "until": day(until, "until", empty=True)}


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: ArticleId) -> Response:
    item = found(store(request).article(article_id), "article", article_id)
    quotes = item.get("attributions", [])
    colours = speaker_colours(quotes)
    legend: dict[str, dict[str, Any]] = {}
    for q in quotes:
        key = f"e{q['speaker_entity_id']}" if q.get("speaker_entity_id") is not None else (q.get("speaker_name") or "?")
        entry = legend.setdefault(key, {"name": q.get("speaker_name") or "(unnamed)", "colour": colours[key],
                                        "entity_id": q.get("speaker_entity_id"), "count": 0})
        entry["count"] += 1
    return render(request, "article.html", article=item, pieces=pieces(item), legend=list(legend.values()),
                  quotes={q["id"]: q for q in quotes}, figures={f["id"]: f for f in item.get("figures", [])},
                  colours=colours)


@router.get("/speakers")
def speakers_page(request: Request, q: Speaker = None, lang: Lang = None, site: Site = None, since: FormDay = None,
                  until: FormDay = None, sort: Sort = None, offset: Offset = 0) -> Response:
    filters = list_filters(lang, site, since, until)
    options = list_options(request, "speakers", sort or None, **filters)
    items = link_call(request, "speakers", q=q or None, limit=PAGE + 1, offset=offset, **options)
    listing = Listing("/speakers", "speakers", "-statements", facets=facets(request),
                      params={"q": q or "", "sort": sort or "", **clean(filters)},
                      counts=facet_counts(request, filters))
    return render(request, "speakers.html", speakers=page(items, PAGE, offset), q=q or "", listing=listing)


@router.get("/speakers/{entity_id}")
def speaker_page(request: Request, entity_id: EntityId, offset: Offset = 0) -> Response:
    who = found(link_call(request, "speaker", entity_id), "speaker", entity_id)
    items = link_call(request, "trail", entity_id, limit=501, offset=offset)
    trail = page(trail_view(items), 500, offset)
    return render(request, "speaker.html", speaker=who, trail=trail, plot=timeline(trail["items"]))


@router.get("/claims")
def claims_page(request: Request, drift: bool = False, offset: Offset = 0) -> Response:
    groups = link_call(request, "claim_groups", drift=drift, limit=PAGE + 1, offset=offset)
    shown = page(groups, PAGE, offset)
    shown["items"] = [group_view(g) for g in shown["items"]]
    return render(request, "claims.html", groups=shown, drift=drift)


@router.get("/claims/{group_id}")
def claim_page(request: Request, group_id: GroupId) -> Response:
    group = found(link_call(request, "claim_group", group_id), "claim group", group_id)
    return render(request, "claim.html", group=group_view(group))


@router.get("/stories")
def stories_page(request: Request, lang: Lang = None, site: Site = None, since: FormDay = None,
                 until: FormDay = None, sort: Sort = None, offset: Offset = 0) -> Response:
    filters = list_filters(lang, site, since, until)
    listing = Listing("/stories", "stories", "-articles", facets=facets(request),
                      params={"sort": sort or "", **clean(filters)})
    if not hasattr(store(request), "stories"):  # a store from before story clustering
        return render(request, "stories.html", stories=page([], PAGE, 0), unavailable=True, listing=listing)
    options = list_options(request, "stories", sort or None, **filters)
    items = link_call(request, "stories", limit=PAGE + 1, offset=offset, **options)
    listing.counts = facet_counts(request, filters)
    return render(request, "stories.html", stories=page(items, PAGE, offset), listing=listing)


@router.get("/stories/{story_id}")
def story_page(request: Request, story_id: StoryId) -> Response:
    item = found(link_call(request, "story", story_id), "story", story_id)
    return render(request, "story.html", story=item)
