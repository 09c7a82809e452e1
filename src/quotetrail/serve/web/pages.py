"""The HTML pages. Each handler fetches through the store and hands plain data to a Jinja
template (autoescaped); the ids in the URLs are the API's ids."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from quotetrail.serve.exports import claim_permalink
from quotetrail.serve.speakers import shown_speaker, speaker_key, speaker_kind
from quotetrail.serve.web.api import found, link_call, list_options, searched, store
from quotetrail.serve.web.chart import value_chart
from quotetrail.serve.web.highlight import pieces, speaker_colours
from quotetrail.serve.web.listing import Listing
from quotetrail.serve.web.params import (
    ArticleId,
    EntityId,
    Everyone,
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
from quotetrail.serve.web.views import SHOWN_CHANGES, chain, group_view, statement_date, trail_view

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
        for r in results["quotes"]:  # the speaker as every other page shows it: entity, unnamed, unresolved
            r["shown"], r["speaker_kind"] = shown_speaker(r), speaker_kind(r)
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
        q["shown"], q["kind"] = shown_speaker(q, item.get("lang")), speaker_kind(q, item.get("lang"))
        q["colour_key"] = key = speaker_key(q, item.get("lang"))
        entry = legend.setdefault(key, {"name": q["shown"], "colour": colours[key], "kind": q["kind"],
                                        "entity_id": q.get("speaker_entity_id"), "count": 0})
        entry["count"] += 1
    origins = claim_origins(request, [q["id"] for q in quotes])
    chains = {q["id"]: chain(q, site=item.get("site"), article_id=article_id, origins=origins.get(q["id"]),
                         author=item.get("author"))
              for q in quotes}
    dates = {q["id"]: statement_date(q, item) for q in quotes}
    return render(request, "article.html", article=item, pieces=pieces(item), legend=list(legend.values()),
                  quotes={q["id"]: q for q in quotes}, figures={f["id"]: f for f in item.get("figures", [])},
                  colours=colours, chains=chains, dates=dates, roles=present_roles(quotes))


def mark_guessed(request: Request, groups: list[dict[str, Any]]) -> None:
    """Flag each member whose publication year was guessed (``guessed``), where the store says."""
    fn = getattr(store(request), "guessed_publication", None)
    ids = [m["article_id"] for g in groups for m in g["members"] if m["article_id"] is not None]
    guessed = fn(ids) if fn is not None and ids else set()
    for g in groups:
        for m in g["members"]:
            m["guessed"] = m["article_id"] in guessed


def claim_origins(request: Request, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Where each statement's quote or figure was stored first; {} from a store without it."""
    fn = getattr(store(request), "claim_origins", None)
    return fn(ids) if fn is not None and ids else {}


def present_roles(quotes: list[dict[str, Any]]) -> set[str]:
    """The parts of statements this article has, so the legend names only what is marked."""
    return {name for q in quotes for name in ("speaker", "speaker_ref", "medium", "intermediary", "principal")
            if q.get(name)}


@router.get("/speakers")
def speakers_page(request: Request, q: Speaker = None, lang: Lang = None, site: Site = None, since: FormDay = None,
                  until: FormDay = None, sort: Sort = None, offset: Offset = 0, everyone: Everyone = False) -> Response:
    filters = list_filters(lang, site, since, until)
    options = list_options(request, "speakers", sort or None, **filters)
    items = link_call(request, "speakers", q=q or None, limit=PAGE + 1, offset=offset, speaking=not everyone,
                      **options)
    listing = Listing("/speakers", "speakers", "-statements", facets=facets(request),
                      params={"q": q or "", "sort": sort or "", "all": "true" if everyone else "", **clean(filters)},
                      counts=facet_counts(request, filters))
    return render(request, "speakers.html", speakers=page(items, PAGE, offset), q=q or "", listing=listing,
                  everyone=everyone)


@router.get("/speakers/{entity_id}")
def speaker_page(request: Request, entity_id: EntityId, offset: Offset = 0) -> Response:
    who = found(link_call(request, "speaker", entity_id), "speaker", entity_id)
    items = link_call(request, "trail", entity_id, limit=501, offset=offset)
    trail = page(trail_view(items), 500, offset)
    origins = claim_origins(request, [q["id"] for q in trail["items"]])
    for q in trail["items"]:
        q["chain"] = chain(q, site=(q.get("article") or {}).get("site"), origins=origins.get(q["id"]))
        q["dated"] = statement_date(q)
    return render(request, "speaker.html", speaker=who, trail=trail, plot=timeline(trail["items"]))


@router.get("/claims")
def claims_page(request: Request, drift: bool = False, offset: Offset = 0) -> Response:
    groups = link_call(request, "claim_groups", drift=drift, limit=PAGE + 1, offset=offset)
    shown = page(groups, PAGE, offset)
    shown["items"] = [group_view(g, shown_changes=SHOWN_CHANGES) for g in shown["items"]]
    mark_guessed(request, shown["items"])
    return render(request, "claims.html", groups=shown, drift=drift)


@router.get("/claims/{group_id}")
def claim_page(request: Request, group_id: GroupId) -> Response:
    group = found(link_call(request, "claim_group", group_id), "claim group", group_id)
    view = group_view(group)
    mark_guessed(request, [view])
    # each member's chain; a figure's comes from the statement that claims it
    ids = [m["attribution_id"] for m in view["members"] if m["attribution_id"] is not None]
    statements = {q["id"]: q for q in store(request).quotes(ids=ids, limit=len(ids))} if ids else {}
    for m in view["members"]:
        q = statements.get(m["attribution_id"])
        m["chain"] = chain(q, site=m["site"], article_id=m["article_id"]) if q else None
    chart = None
    if group.get("kind") == "figure":
        guessed = {m["article_id"] for m in view["members"] if m["guessed"]}
        chart = value_chart(group.get("members", []), group.get("label"), guessed=guessed)
    return render(request, "claim.html", group=view, chart=chart, permalink=claim_permalink(group))


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
