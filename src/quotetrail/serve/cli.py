"""The command line: thin commands that parse, call one library function, and print.

Where a span is shown: ``serve/render.py`` (terminal) and ``--json`` (every span with offsets).
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from quotetrail.analysis.attribution.train_cli import app as train_app
from quotetrail.batch.cli import register as register_batch
from quotetrail.errors import QuotetrailError
from quotetrail.evaluate.cli import app as eval_app
from quotetrail.model import Form

if TYPE_CHECKING:  # the store module is imported only when a command needs it
    from quotetrail.api import IngestReport
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


def _check_proxy(value: str | None) -> str | None:
    from quotetrail.ingest.url import check_proxy

    try:
        return None if value is None else check_proxy(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


ProxyOpt = Annotated[str | None, typer.Option(
    "--proxy", callback=_check_proxy,
    help="HTTP(S) proxy URL for fetching, or 'direct' (default: $HTTPS_PROXY/$HTTP_PROXY, $NO_PROXY).")]
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
    # an option typed Path folds the URL's "//" (postgresql:/me@host/db): give it back (a URL
    # with no host, postgresql:///db, cannot be recovered so; such options should be str)
    if isinstance(db, Path) and target.startswith(("postgresql:/", "postgres:/")):
        scheme, rest = target.split(":/", 1)
        target = f"{scheme}://{rest}"
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
    proxy: ProxyOpt = None,
    entities: Annotated[Path | None, typer.Option("--entities", help="YAML file of known entities: name, type, aliases, wikidata, roles.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, max=64, help="Processes that analyse articles (default: one per core, at most 4); 1 analyses in this process.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ingest articles, analyse them and store the results."""
    import time

    from quotetrail.api import default_workers
    from quotetrail.api import ingest as run_ingest
    from quotetrail.ingest import IngestOptions
    from quotetrail.link.seeds import load_seeds

    options = IngestOptions(date=_parse_date(date_, "--date"), source=source, lang=lang, allow_private=allow_private,
                            proxy=proxy)
    try:
        seeds = load_seeds(entities) if entities else []
    except QuotetrailError as exc:
        raise _fail(str(exc)) from exc
    store = _open(db, create=True)
    if seeds:
        store.seed_entities(seeds)
    # counted in inputs (files, URLs, feeds), which is what a folder is made of; the time left is
    # estimated from the inputs done so far, the rate is of articles (a feed holds many)
    progress = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("inputs ·"),
                        TimeRemainingColumn(compact=True), TextColumn("left · {task.fields[rate]}"),
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
    except QuotetrailError as exc:  # the store failed a batch's commit (store/sqlite.py, batched)
        raise _fail(str(exc)) from exc
    finally:
        if task is not None:
            progress.stop()
        store.close()
    _report(report, as_json)


def _report(report: IngestReport, as_json: bool) -> None:
    """An ingest's (or load's) notes and errors, one line each, then its summary or JSON; exit 1
    when anything failed."""
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


# The filters of `quotes` and `figures` are those of /api/v1/attributions and /api/v1/figures
# (serve/web/api.py), with the same names and meaning, passed to the same store methods.
ArticleOpt = Annotated[int | None, typer.Option("--article", min=1, help="Only this article (id from `quotes` or `search`).")]
SiteOpt = Annotated[str | None, typer.Option("--site", help="Only this site, its name exactly as stored.")]
FORMS = get_args(Form)  # direct, indirect, free_indirect, reported


def _day(value: str | None, flag: str) -> str | None:
    """A filter date as YYYY-MM-DD, as the API takes it: 20261116 is refused, not compared as text."""
    if value is not None and len(value) != 10:
        raise _fail(f"{flag} {value!r} is not a date; use YYYY-MM-DD")
    parsed = _parse_date(value, flag)
    return parsed.isoformat() if parsed else None


@app.command()
def quotes(
    db: DbOpt = None,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker name (part of it).")] = None,
    form: Annotated[str | None, typer.Option("--form", help="direct, indirect, free_indirect or reported.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Words the content must contain, in any inflection (the API's q).")] = None,
    lang: LangOpt = None,
    site: SiteOpt = None,
    article_id: ArticleOpt = None,
    since: Annotated[str | None, typer.Option("--since", help="Only statements made on or after YYYY-MM-DD (the publication date where the text gives none).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only statements made on or before YYYY-MM-DD.")] = None,
    limit: LimitOpt = 100,
    offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Who said what: attributions with speaker, cue, form, medium and intermediary."""
    from quotetrail.serve.render import quotes_table

    if form is not None and form not in FORMS:
        raise _fail(f"--form {form!r}: use {', '.join(FORMS)}")
    first, last = _day(since, "--since"), _day(until, "--until")
    with _open(db) as store:
        items = store.quotes(speaker=speaker, form=form, text=text, lang=lang, site=site, article_id=article_id,
                             since=first, until=last, limit=limit, offset=offset)
    _show(items, as_json, quotes_table, "No attributions match.")


@app.command()
def figures(
    db: DbOpt = None,
    claimed_by: Annotated[str | None, typer.Option("--claimed-by", help="Speaker who cites the figure (part of the name).")] = None,
    lang: LangOpt = None,
    article_id: ArticleOpt = None,
    since: Annotated[str | None, typer.Option("--since", help="Only articles published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only articles published on or before YYYY-MM-DD.")] = None,
    limit: LimitOpt = 100,
    offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Figures with value, comparator, what is counted, scope, hedge and who claims them."""
    from quotetrail.serve.render import figures_table

    first, last = _day(since, "--since"), _day(until, "--until")
    with _open(db) as store:
        items = store.figures(claimed_by=claimed_by, lang=lang, article_id=article_id, since=first, until=last,
                              limit=limit, offset=offset)
    filtered = claimed_by or lang or article_id or since or until
    _show(items, as_json, figures_table, "No figures match." if filtered else "No figures stored.")


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
        who = _one_speaker(store, speaker)
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
    min_articles: Annotated[int, typer.Option("--min-articles", min=1, help="Only stories with at least this many articles (2: those across outlets).")] = 1,
    # every story is listed now, as on /stories and /api/v1/stories; --all stays for older scripts
    _everything: Annotated[bool, typer.Option("--all", hidden=True)] = False,
    limit: LimitOpt = 30,
    offset: OffsetOpt = 0,
    as_json: JsonOpt = False,
) -> None:
    """Stories: articles about one event, across outlets and languages, with speakers and dates.

    Every story, largest first, single-article ones last, as the web page and the API list them."""
    from quotetrail.serve.render import stories_view

    with _open(db) as store:
        items = store.stories(limit=limit, offset=offset, min_articles=min_articles)
    if as_json:
        _json(items)
    elif items:
        out.print(stories_view(items))
    else:
        out.print("No stories stored." if min_articles == 1 else f"No story has {min_articles} or more articles.")


@app.command()
def summary(db: DbOpt = None) -> None:
    """What the store holds on one screen: top speakers, a claim that changed, stories, and the
    commands that show the rest (what `make demo` prints)."""
    import shlex

    from quotetrail.serve.summary import summary as summarise

    with _open(db) as store:
        named = db is not None and db != _db_path(None)  # the commands shown need --db only then
        lines = summarise(store, out.width, f" --db {shlex.quote(str(db))}" if named else "")
    for line in lines:  # already cut to the width: printed as they are, never wrapped
        out.print(line, markup=False, soft_wrap=True)


@app.command()
def article(article_id: Annotated[int, typer.Argument(help="Article id (see `quotes` or `search`).")],
            db: DbOpt = None, as_json: JsonOpt = False,
            explain: Annotated[bool, typer.Option("--explain", help="Also say which rule or model found each attribution.")] = False) -> None:
    """One article's text with its spans marked."""
    from quotetrail.serve.render import article_view, explain_table

    with _open(db) as store:
        item = store.article(article_id)
    if item is None:
        raise _fail(f"no article with id {article_id}")
    if as_json:
        _json(item)  # every attribution carries its "made_by"
    else:
        out.print(article_view(item))
        if explain:
            out.print(explain_table(item))


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
    trail_: Annotated[str | None, typer.Option("--trail", help="Only this speaker's statements (id, name, alias or surname).")] = None,
    claim: Annotated[int | None, typer.Option("--claim", min=1, help="Only this claim group (id from `claims`).")] = None,
    story: Annotated[int | None, typer.Option("--story", min=1, help="Only the statements of this story (id from `stories`).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv, json, jsonl, parquet, or jsonld (ClaimReview records of claim groups).")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--out", help="File to write (default: stdout); a folder for parquet of everything.")] = None,
) -> None:
    """Export a trail, a claim group, a story or everything, with URLs, statement dates and offsets.

    Without --trail/--claim/--story: jsonl is every article with all its spans, csv/json one
    row per attribution, parquet one file per table in the --out folder, jsonld every claim group."""
    from quotetrail.serve import exports

    if fmt not in exports.FORMATS:
        raise _fail(f"--format {fmt!r} is not supported; use {', '.join(exports.FORMATS)}")
    chosen = [flag for flag, value in (("--trail", trail_), ("--claim", claim), ("--story", story)) if value is not None]
    if len(chosen) > 1:
        raise _fail(f"{' and '.join(chosen)}: give only one of --trail, --claim, --story")
    if fmt == "jsonld" and (trail_ is not None or story is not None):
        raise _fail("--format jsonld describes claim groups: use it with --claim ID or alone")
    if fmt == "parquet" and output is None:
        raise _fail("--format parquet writes files: give --out FILE (or --out FOLDER for everything)")
    tables = fmt == "parquet" and not chosen  # --out is a folder, made if missing
    if output is not None and not tables and not output.parent.is_dir():
        raise _fail(f"cannot write {output}: there is no folder {output.parent}")
    with _open(db) as store:
        try:
            if fmt == "parquet":
                exports._pyarrow()  # fail before anything is read or written
            selection = None
            if trail_ is not None:
                selection = exports.trail_export(store, _one_speaker(store, trail_))
            elif claim is not None:
                selection = exports.claim_export(store, claim)
            elif story is not None:
                selection = exports.story_export(store, story)
            if fmt == "parquet":
                assert output is not None
                if selection is None:
                    if output.exists() and not output.is_dir():
                        raise _fail(f"--out {output} is a file; parquet of everything writes one file per table into a folder")
                    counts = exports.write_parquet_tables(store, output)
                    err.print(f"exported {', '.join(f'{n} {t}' for t, n in counts.items())} to {output}/", markup=False)
                else:
                    n = exports.write_parquet(selection, output)
                    err.print(f"exported {n} rows to {output}", markup=False)
                return
            if fmt == "jsonld":
                ids = [claim] if claim is not None else [g["id"] for g in store.claim_groups(limit=exports.ALL)]
                reviews = exports.claim_reviews(store, ids)
                _write_text(output, lambda stream: stream.write(json.dumps(
                    reviews[0] if claim is not None else reviews, ensure_ascii=False, indent=2) + "\n"))
                return
            if selection is None and fmt == "jsonl":  # everything: articles with all their spans, as before
                def articles(stream: Any) -> None:
                    for item in store.export():
                        stream.write(json.dumps(item, ensure_ascii=False) + "\n")
                _write_text(output, articles)
                return
            chosen_export = selection or exports.all_export(store)
            _write_text(output, lambda stream: exports.write(chosen_export, fmt, stream))
        except QuotetrailError as exc:
            raise _fail(str(exc)) from exc
        except OSError as exc:
            raise _fail(f"cannot write {output}: {exc.strerror or exc}; check that its folder exists") from exc


def _one_speaker(store: Any, speaker: str) -> dict[str, Any]:
    """The one speaker ``speaker`` names, or a one-line error listing the candidates."""
    found = store.find_speaker(speaker)
    if not found:
        raise _fail(f"no speaker called {speaker!r}; see `quotetrail speakers --all`")
    if len(found) > 1:
        options = "; ".join(f"{s['name']} (id {s['id']})" for s in found[:8])
        raise _fail(f"{speaker!r} may mean several speakers: {options}; give the id")
    return found[0]


def _write_text(output: Path | None, write: Callable[[Any], Any]) -> None:
    """``write(stream)`` to stdout, or to ``output`` through a temporary file renamed at the
    end, so a failed export never leaves a half-written file in place of an earlier one."""
    if output is None:
        try:
            write(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:  # `export … | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            write(stream)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


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
    proxy: ProxyOpt = None,
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
                               allow_private=allow_private, proxy=proxy)
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


register_batch(app)  # `batch` and `load` (quotetrail/batch/cli.py)
