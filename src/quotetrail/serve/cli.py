"""The command line: thin commands that parse, call one library function, and print.

Where a span is shown: ``serve/render.py`` (terminal) and ``--json`` (every span with offsets).
"""

from __future__ import annotations

import csv
import errno
import json
import os
import socket
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from quotetrail.analysis.attribution.train_cli import app as train_app
from quotetrail.errors import QuotetrailError
from quotetrail.evaluate.cli import app as eval_app

if TYPE_CHECKING:  # the store module is imported only when a command needs it
    from quotetrail.store import SQLiteStore

app = typer.Typer(
    help="quotetrail: who said what, when, according to whom — with every item anchored in its article.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")

DEFAULT_DB = "quotetrail.db"
DbOpt = Annotated[
    str | None,  # not a Path: that would fold the // of a postgresql:// URL
    typer.Option("--db", help=f"SQLite database file or postgresql://user@host/db URL (default: $QUOTETRAIL_DB or ./{DEFAULT_DB})."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON with offsets.")]
LimitOpt = Annotated[int, typer.Option("--limit", min=1, help="At most this many items.")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Article language, e.g. de or en.")]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="Skip this many items.")]

out = Console(highlight=False, emoji=False)  # ":name:" in an article stays as written
err = Console(stderr=True, highlight=False, emoji=False, soft_wrap=True)  # one error, one line


def _db_path(db: str | Path | None) -> str | Path:
    """The store to open: --db, else $QUOTETRAIL_DB, else ./quotetrail.db; a postgresql://
    URL stays a string, anything else is a file."""
    from quotetrail.store import is_postgres

    target = str(db or os.environ.get("QUOTETRAIL_DB") or DEFAULT_DB)
    return target if is_postgres(target) else Path(target)


def _shown(target: str | Path) -> str:
    """A store's name for messages (a URL without its password)."""
    from quotetrail.store import shown

    return shown(target)


def _fail(message: str) -> typer.Exit:
    err.print(f"Error: {message}", markup=False)
    return typer.Exit(1)


def _open(db: str | Path | None, *, create: bool = False) -> SQLiteStore:
    from quotetrail.store import open_store

    path = _db_path(db)
    if not create and isinstance(path, Path) and not path.exists():
        raise _fail(f"no database at {path}; run `quotetrail ingest` first")
    try:
        return open_store(path)
    except QuotetrailError as exc:
        raise _fail(str(exc)) from exc


def _json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _show(items: list[dict[str, Any]], as_json: bool, table: Callable[[list[dict[str, Any]]], Any], empty: str) -> None:
    """A listing as JSON, as a table, or one line saying there is nothing."""
    if as_json:
        _json(items)
    elif items:
        out.print(table(items))
    else:
        out.print(empty)


def _parse_date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _fail(f"{flag} {value!r} is not a date; use YYYY-MM-DD") from exc


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, URLs, feeds, JSON Lines, or - for stdin.")],
    db: DbOpt = None,
    date_: Annotated[str | None, typer.Option("--date", help="Publication date (YYYY-MM-DD) the input lacks or gets wrong.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Site name the input lacks or gets wrong.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language code (de, en, …) instead of detection.")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow URLs on loopback/private networks.")] = False,
    entities: Annotated[Path | None, typer.Option("--entities", help="YAML file of known entities: name, type, aliases, wikidata, roles.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, max=64, help="Processes that analyse articles (default: one per core, at most 4); 1 analyses in this process.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ingest articles, analyse them and store the results."""
    import time

    from quotetrail.api import IngestReport, default_workers
    from quotetrail.api import ingest as run_ingest
    from quotetrail.ingest import IngestOptions
    from quotetrail.link.seeds import load_seeds

    options = IngestOptions(date=_parse_date(date_, "--date"), source=source, lang=lang, allow_private=allow_private)
    try:
        seeds = load_seeds(entities) if entities else []
    except QuotetrailError as exc:
        raise _fail(str(exc)) from exc
    store = _open(db, create=True)
    if seeds:
        store.seed_entities(seeds)
    progress = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                        console=err, transient=True)
    task = None
    started = time.perf_counter()

    def rates(report: IngestReport) -> tuple[float, float]:
        seconds = max(time.perf_counter() - started, 1e-9)
        return report.articles / seconds, report.words / seconds

    def on_progress(item: object, done: int, total: int) -> None:
        nonlocal task
        if total <= 3 or not err.is_terminal:
            return  # a bar only helps a person watching a terminal
        if task is None:
            task = progress.add_task("ingest", total=total, rate="")
            progress.start()
        progress.update(task, completed=done)
        progress.refresh()  # items take long enough; show each step rather than wait for a tick

    def on_article(report: IngestReport) -> None:
        if task is not None:  # the bar shows the rate
            articles_per_s, _ = rates(report)
            progress.update(task, rate=f"{articles_per_s:,.1f} articles/s")
        elif report.articles % 1000 == 0:  # a log, a pipe, or one file of many articles
            articles_per_s, words_per_s = rates(report)
            err.print(f"ingest: {report.articles} articles, {words_per_s:,.0f} words/s, "
                      f"{articles_per_s:,.1f} articles/s", markup=False)

    try:
        report = run_ingest(inputs, store, options, on_progress=on_progress, on_article=on_article,
                            workers=workers or default_workers())
    except KeyboardInterrupt:
        # each article is written whole or not at all, and re-running skips what is stored
        err.print("Error: interrupted; articles stored so far are complete, run the same ingest "
                  "again to add the rest", markup=False)
        raise typer.Exit(130) from None
    finally:
        if task is not None:
            progress.stop()
        store.close()
    for line in report.notes:
        err.print(f"note: {line}", markup=False)
    for line in report.failures:
        err.print(f"error: {line}", markup=False)
    if as_json:
        _json(report.to_dict())
    else:
        err.print(report.summary(), markup=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def quotes(
    db: DbOpt = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker name (part of it).")] = None,
    lang: LangOpt = None,
    since: Annotated[str | None, typer.Option("--since", help="Only statements on or after YYYY-MM-DD.")] = None,
    limit: LimitOpt = 100,
    offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Who said what: attributions with speaker, cue, form, medium and intermediary."""
    from quotetrail.serve.render import quotes_table

    _parse_date(since, "--since")
    with _open(db) as store:
        items = store.quotes(speaker=speaker, lang=lang, since=since, limit=limit, offset=offset)
    _show(items, as_json, quotes_table, "No attributions match.")


@app.command()
def figures(
    db: DbOpt = None,
    claimed_by: Annotated[str | None, typer.Option("--claimed-by", help="Speaker who cites the figure (part of the name).")] = None,
    lang: LangOpt = None,
    since: Annotated[str | None, typer.Option("--since", help="Only articles published on or after YYYY-MM-DD.")] = None,
    limit: LimitOpt = 100,
    offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Figures with value, comparator, what is counted, scope, hedge and who claims them."""
    from quotetrail.serve.render import figures_table

    _parse_date(since, "--since")
    with _open(db) as store:
        items = store.figures(claimed_by=claimed_by, lang=lang, since=since, limit=limit, offset=offset)
    _show(items, as_json, figures_table, "No figures match." if claimed_by or lang or since else "No figures stored.")


@app.command()
def speakers(
    db: DbOpt = None,
    name: Annotated[str | None, typer.Option("--name", help="Only entities with a name or alias containing this.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PER, ORG, MEDIA, MISC or LOC.")] = None,
    everyone: Annotated[bool, typer.Option("--all", help="Also entities that are only mentioned, never quoted.")] = False,
    limit: LimitOpt = 50,
    offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Speakers and other entities across all articles, most quoted first, with their aliases."""
    from quotetrail.serve.render import speakers_table

    with _open(db) as store:
        items = store.speakers(q=name, type=type_, speaking=not everyone, limit=limit, offset=offset)
    _show(items, as_json, speakers_table, "No speakers match." if name or type_ else "No speakers stored.")


@app.command()
def trail(
    speaker: Annotated[str, typer.Argument(help="Speaker id, name, alias or surname (see `speakers`).")],
    db: DbOpt = None,
    limit: LimitOpt = 200,
    offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """One speaker's statements in time order, across all articles."""
    from quotetrail.serve.render import trail_view

    with _open(db) as store:
        found = store.find_speaker(speaker)
        if not found:
            raise _fail(f"no speaker called {speaker!r}; see `quotetrail speakers --all`")
        if len(found) > 1:
            options = "; ".join(f"{s['name']} (id {s['id']})" for s in found[:8])
            raise _fail(f"{speaker!r} may mean several speakers: {options}; give the id")
        who = found[0]
        items = store.trail(who["id"], limit=limit, offset=offset)
    if as_json:
        _json({"speaker": who, "trail": items})
    else:
        out.print(trail_view(who, items))


@app.command()
def claims(
    db: DbOpt = None,
    drift: Annotated[bool, typer.Option("--drift", help="Only groups where something changed between articles.")] = False,
    kind: Annotated[str | None, typer.Option("--kind", help="figure or quote.")] = None,
    limit: LimitOpt = 50,
    offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Figures and quotes that recur across articles, side by side, with what changed."""
    from quotetrail.serve.render import claims_view

    if kind not in (None, "figure", "quote"):
        raise _fail(f"--kind {kind!r}: use figure or quote")
    with _open(db) as store:
        items = store.claim_groups(drift=drift, kind=kind, limit=limit, offset=offset)
    if as_json:
        _json(items)
    elif items:
        out.print(claims_view(items))
    else:
        out.print("No figure or quote changed between articles." if drift else "No figure or quote recurs across articles.")


@app.command()
def stories(
    db: DbOpt = None,
    everything: Annotated[bool, typer.Option("--all", help="Also stories of a single article.")] = False,
    limit: LimitOpt = 30,
    offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Stories: articles about one event, across outlets and languages, with speakers and dates."""
    from quotetrail.serve.render import stories_view

    with _open(db) as store:
        items = store.stories(limit=limit, offset=offset, min_articles=1 if everything else 2)
    if as_json:
        _json(items)
    elif items:
        out.print(stories_view(items))
    else:
        out.print("No story has more than one article yet; --all lists every story." if not everything
                  else "No stories stored.")


@app.command()
def article(article_id: Annotated[int, typer.Argument(help="Article id (see `quotes` or `search`).")],
            db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """One article's text with its spans marked."""
    from quotetrail.serve.render import article_view

    with _open(db) as store:
        item = store.article(article_id)
    if item is None:
        raise _fail(f"no article with id {article_id}")
    if as_json:
        _json(item)
    else:
        out.print(article_view(item))


@app.command()
def search(text: Annotated[str, typer.Argument(help="Words to find in articles and quotes.")],
           db: DbOpt = None, limit: LimitOpt = 20, as_json: JsonOpt = False) -> None:
    """Full-text search over articles and quotes (any inflection of a German or English word)."""
    from quotetrail.serve.render import print_search

    with _open(db) as store:
        results = store.search(text, limit=limit)
    if as_json:
        _json(results)
    elif results:
        print_search(out, results)
        if any(r.get("capped") for r in results):
            out.print(f"More than {store.RANKED} matches: these are the best of the {store.RANKED} stored last; "
                      "another word narrows the search.", style="dim", markup=False)
    else:
        out.print("No matches.")


@app.command()
def export(
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl (articles with all spans) or csv (one row per attribution).")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--out", help="File to write (default: stdout).")] = None,
) -> None:
    """Export everything: JSON Lines of articles with spans, or CSV of attributions."""
    if fmt not in ("jsonl", "csv"):
        raise _fail(f"--format {fmt!r} is not supported; use jsonl or csv")
    with _open(db) as store:
        try:
            stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        except OSError as exc:
            raise _fail(f"cannot write {output}: {exc.strerror}; check that its folder exists") from exc
        try:
            if fmt == "jsonl":
                for item in store.export():
                    stream.write(json.dumps(item, ensure_ascii=False) + "\n")
            else:
                writer = csv.writer(stream)
                writer.writerow(["article_id", "article_title", "published", "speaker_name", "speaker", "form",
                                 "cue", "content", "content_start", "content_end", "medium", "intermediary"])
                for item in store.export():
                    for q in item["attributions"]:
                        writer.writerow([item["id"], item["title"], item["published"], q["speaker_name"],
                                         (q["speaker"] or {}).get("text"), q["form"], q.get("cue_text"),
                                         q["content"]["text"], q["content"]["start"], q["content"]["end"],
                                         (q["medium"] or {}).get("text"), (q["intermediary"] or {}).get("text")])
        finally:
            if output:
                stream.close()


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind; other than loopback exposes the store.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Server processes (one per core serves more clients at once).")] = 1,
    max_body: Annotated[int | None, typer.Option("--max-body", min=1, help="Largest request body in bytes (default: $QUOTETRAIL_MAX_BODY or 20 MiB, what ingest takes from one file).")] = None,
) -> None:
    """Web pages and the JSON API (/api/v1, schema at /openapi.json). Ingest over HTTP needs
    $QUOTETRAIL_TOKEN, sent as a bearer token; without it the server is read-only."""
    import uvicorn

    from quotetrail.serve.web import create_app

    path = _db_path(db)
    if max_body is not None:
        os.environ["QUOTETRAIL_MAX_BODY"] = str(max_body)  # worker processes read it too
    try:
        web = create_app(path)
    except (QuotetrailError, ValueError) as exc:  # ValueError: a bad $QUOTETRAIL_MAX_BODY
        raise _fail(str(exc)) from exc
    sock = _listen(host, port)  # before saying "serving": a taken port is one error line
    shown = f"[{host}]" if ":" in host else host
    writes = "ingest enabled (bearer token)" if web.state.token else "read-only (set QUOTETRAIL_TOKEN to enable ingest)"
    err.print(f"serving {_shown(path)} on http://{shown}:{sock.getsockname()[1]}/ — {writes}", markup=False)
    if workers == 1:
        server = uvicorn.Server(uvicorn.Config(web, log_level="warning"))
        try:
            server.run(sockets=[sock])  # the socket just bound: no other process can take the port meanwhile
        except KeyboardInterrupt:
            pass
        if not server.started:  # as uvicorn.run: startup failed, its message is above
            raise typer.Exit(3)
        return
    sock.close()  # uvicorn binds again in this process and shares it with the workers
    # each worker process builds its own app from the environment (SQLite readers share the file)
    os.environ["QUOTETRAIL_DB"] = str(path)
    uvicorn.run("quotetrail.serve.web.app:create_app", factory=True, workers=workers, host=host, port=port,
                log_level="warning")


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` as uvicorn would bind it, or one error line."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise _fail(f"cannot listen on {host} port {port}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: a closed server's port is free
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise _fail(f"port {port} on {host} is already in use; pick another with --port") from None
        raise _fail(f"cannot listen on {host} port {port}: {exc.strerror}") from None
    return sock


@app.command()
def watch(
    urls: Annotated[list[str] | None, typer.Argument(help="Feeds and pages to follow (http or https URLs).")] = None,
    sources_file: Annotated[Path | None, typer.Option("--sources", help="YAML or TOML file of sources: url, interval, lang, source.")] = None,
    db: DbOpt = None,
    interval: Annotated[str, typer.Option("--interval", help="Time between polls of a source that sets none: 900, 90s, 15m, 1h.")] = "15m",
    gap: Annotated[float, typer.Option("--gap", min=0, help="Seconds between two requests to one host.")] = 2.0,
    max_backoff: Annotated[str, typer.Option("--max-backoff", help="Longest wait after failed polls (at least the interval).")] = "1h",
    lang: Annotated[str | None, typer.Option("--lang", help="Language code for the URL arguments, instead of detection.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Site name for the URL arguments.")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow URLs on loopback/private networks.")] = False,
    once: Annotated[bool, typer.Option("--once", help="Poll every source once, now, and exit (1 if anything failed).")] = False,
) -> None:
    """Follow feeds and pages: poll each on its schedule, store only what is new (Ctrl-C or
    SIGTERM finishes the current article, then exits; the next run resumes)."""
    import signal
    from contextlib import ExitStack

    from quotetrail.ingest.watch import (
        Scheduler,
        WatchOptions,
        load_sources,
        only_watcher,
        parse_duration,
        sources_from,
    )

    try:
        default = parse_duration(interval, "--interval")
        options = WatchOptions(gap=gap, max_backoff=parse_duration(max_backoff, "--max-backoff"),
                               allow_private=allow_private)
        chosen = load_sources(sources_file, default) if sources_file else []
        if urls:
            chosen += sources_from([{"url": u, "lang": lang, "source": source} for u in urls], "arguments", default)
    except QuotetrailError as exc:
        raise _fail(str(exc)) from exc
    if not chosen:
        raise _fail("nothing to watch; give feed or page URLs, or --sources FILE")
    twice = [s.url for s in chosen if [c.url for c in chosen].count(s.url) > 1]
    if twice:
        raise _fail(f"{twice[0]} is both an argument and in {sources_file}; give it once")
    store = _open(db, create=True)
    with ExitStack() as held:
        held.callback(store.close)
        if store.path != ":memory:":
            try:
                held.enter_context(store.only_watcher() if isinstance(_db_path(db), str)  # PostgreSQL: a lock in it
                                   else only_watcher(Path(store.path)))
            except (QuotetrailError, OSError) as exc:
                raise _fail(str(exc)) from exc
        scheduler = Scheduler(store, chosen, options, log=lambda line: err.print(line, markup=False))
        names = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}
        previous = {sig: signal.signal(sig, lambda sig, _: scheduler.stop(names[sig])) for sig in names}
        try:
            scheduler.run(once=once)
        except store.DB_ERRORS as exc:  # e.g. another writer held the store past its 30 s timeout
            raise _fail(f"{_shown(_db_path(db))}: {exc}; what was stored so far is complete, run watch again to "
                        "resume") from exc
        finally:
            held.close()  # store and lock first: a signal meanwhile only sets the flag
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    if scheduler.stopping:
        err.print(f"stopped by {scheduler.stopping}: the current article was finished; "
                  "run watch again to resume", markup=False)
        raise typer.Exit(130 if scheduler.stopping == "SIGINT" else 0)
    if once and scheduler.failures:
        raise typer.Exit(1)


@app.command()
def sources(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """The sources `watch` follows, with their health: last poll, its result, failures in a row,
    next poll."""
    store = _open(db)
    try:
        items = store.watch_sources()
    finally:
        store.close()
    _show(items, as_json, sources_table, "No sources watched yet; run `quotetrail watch URL`.")


def sources_table(items: list[dict[str, Any]]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(expand=True)
    for name, opts in (("source", {"min_width": 20, "overflow": "fold"}), ("health", {"no_wrap": True}),
                       ("last poll (UTC)", {}), ("last result", {"overflow": "fold"}),
                       ("failures", {"justify": "right", "no_wrap": True}), ("next poll (UTC)", {}),
                       ("added", {"justify": "right", "no_wrap": True})):
        table.add_column(name, **opts)  # type: ignore[arg-type]
    style = {"ok": "green", "error": "yellow", "failing": "bold red"}
    for s in items:
        label = f"{s['site']}\n{s['url']}" if s["site"] else s["url"]
        when = [(t or "never").replace("T", " ").removesuffix("+00:00") for t in (s["last_poll"], s["next_poll"])]
        table.add_row(Text(label), Text(s["health"], style=style.get(s["health"], "")), when[0],
                      Text(s["last_result"] or ""), str(s["failures"]), when[1], str(s["added"]))
    return table


@app.command()
def copy(
    src: Annotated[str, typer.Argument(help="The store to copy: a SQLite file or postgresql:// URL.")],
    dst: Annotated[str, typer.Argument(help="An empty or new store to copy it into (file or URL).")],
) -> None:
    """Copy a whole store between SQLite and PostgreSQL (either way), keeping every id, so
    links and permalinks still hold. The destination must be empty; a failed copy leaves it so."""
    from quotetrail.store import is_postgres, shown
    from quotetrail.store.copy import copy_store

    if not is_postgres(src) and not Path(src).is_file():
        raise _fail(f"no database at {src}")
    try:
        counts = copy_store(_db_path(src), _db_path(dst))
    except QuotetrailError as exc:
        raise _fail(str(exc)) from exc
    err.print(f"copied {counts.get('articles', 0)} articles ({sum(counts.values())} rows in "
              f"{sum(1 for n in counts.values() if n)} tables) from {shown(src)} to {shown(dst)}", markup=False)
