"""`quotetrail eval ...`: thin wrappers that run an evaluation and print its table or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from quotetrail.analysis import Pipeline

app = typer.Typer(help="Score the pipeline on annotated corpora.", no_args_is_help=True)

DirArg = Annotated[Path, typer.Argument(help="Corpus split directory, e.g. ../shared/data/spkatt-news/dev")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Write predictions in the corpus's own format here.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", help="Score only the first N documents.")]
# the rules without the trained labeller: what the labeller adds (was $QUOTETRAIL_ATTRIBUTION)
RulesOpt = Annotated[bool, typer.Option("--rules-only", help="Score the attribution rules alone, without the trained labeller.")]


def _pipeline(rules_only: bool) -> Pipeline | None:
    if not rules_only:
        return None  # the default pipeline
    from quotetrail.analysis import build_pipeline

    return build_pipeline(rules_only=True)


def _print(result: dict, rows: list[tuple[str, str]], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    table = Table(title=f"{result['corpus']} — {result['documents']} documents in {result['directory']}")
    for col in ("", "precision", "recall", "F1", "tokens tp / pred / gold"):
        table.add_column(col, justify="right" if col else "left")
    for label, key in rows:
        r = result[key]
        table.add_row(
            label, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
            f"{r['tp']:g} / {r['pred']:g} / {r['gold']:g}",
        )
    Console().print(table)
    if "form_accuracy" in result:
        typer.echo(f"Form accuracy on {result['paired']} paired messages: {result['form_accuracy']:.3f}")
    if "free_indirect_recall" in result:
        typer.echo(f"Free indirect speech recall (found with the corpus's kind): {result['free_indirect_recall']:.3f}")
    if "forms" in result:
        typer.echo("Recall by gold form (found with that form / gold): " + ", ".join(
            f"{f} {c['recall']:.3f} ({c['correct']}/{c['gold']})" for f, c in result["forms"].items()))


def _check(directory: Path) -> None:
    if not directory.is_dir():
        typer.echo(f"Error: {directory} is not a directory; give a corpus split such as .../dev", err=True)
        raise typer.Exit(1)


@app.command("spkatt")
def spkatt_cmd(
    directory: DirArg, out: OutOpt = None, as_json: JsonOpt = False, limit: LimitOpt = None,
    rules_only: RulesOpt = False,
) -> None:
    """German news (SpkAtt-2023): Message, Source, Joint, Cue and Form on paired annotations."""
    from quotetrail.evaluate.spkatt import evaluate_spkatt

    _check(directory)
    result = evaluate_spkatt(directory, out=out, limit=limit, pipeline=_pipeline(rules_only))
    _print(result, [("Message", "message"), ("Source", "source"), ("Joint", "joint"), ("Cue", "cue")], as_json)


@app.command("polnear")
def polnear_cmd(
    directory: DirArg, out: OutOpt = None, as_json: JsonOpt = False, limit: LimitOpt = None,
    agreement: Annotated[bool, typer.Option(
        "--agreement", help="Score the annotators against each other on texts annotated more than once "
        "(the ceiling the corpus sets), instead of the pipeline.")] = False,
    rules_only: RulesOpt = False,
) -> None:
    """English news (PolNeAR): token F1 per role and attribution-level F1."""
    from quotetrail.evaluate.polnear import agreement_polnear, evaluate_polnear

    _check(directory)
    if agreement:
        try:
            result = agreement_polnear(directory)
        except FileNotFoundError as e:
            typer.echo(f"Error: {e}", err=True)
            raise typer.Exit(1) from None
    else:
        result = evaluate_polnear(directory, out=out, limit=limit, pipeline=_pipeline(rules_only))
    _print(
        result,
        [("Content", "content"), ("Source", "source"), ("Cue", "cue"), ("Attribution", "attribution")],
        as_json,
    )


# targets of the trail issue, printed beside the numbers
TRAIL_TARGETS = {
    ("speakers", "precision"): 0.98, ("speakers", "recall"): 0.90,
    ("figure", "precision"): 0.90, ("figure", "recall"): 0.60,
    ("quote", "precision"): 0.90, ("quote", "recall"): 0.60,
    ("stories", "f1"): 0.85, ("dates", "accuracy"): 0.90,
}


@app.command("trail")
def trail_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold directory (or one file), e.g. gold/trail")],
    data: Annotated[Path | None, typer.Option("--data", help="The corpora (default: $QUOTETRAIL_DATA or ../shared/data).")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="Keep the store built for the evaluation here (a new file).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The trail across articles: speaker linking, claim groups, stories, statement dates."""
    from quotetrail.errors import QuotetrailError
    from quotetrail.evaluate.trail import evaluate_trail

    if not gold.exists():
        typer.echo(f"Error: {gold} does not exist; give the gold directory, e.g. gold/trail", err=True)
        raise typer.Exit(1)
    try:
        result = evaluate_trail(gold, data=data, db=db)
    except QuotetrailError as e:
        typer.echo(f"Error: {e}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"trail — {result['documents']} documents ({result['stored']} stored) from {result['gold']}")
    for col in ("", "metric", "value", "folds mean ± sd", "target", "on"):
        table.add_column(col, overflow="fold")
    rows: list[tuple[str, str, float, dict | None, str]] = []
    if "speakers" in result:
        s = result["speakers"]
        on = f"{s['matched']} of {s['mentions']} mentions matched, {s['articles']} articles"
        rows += [("speakers", m, s[m], s["folds"].get(m), on) for m in ("precision", "recall")]
    for kind in ("figure", "quote"):
        if kind in result.get("claims", {}):
            c = result["claims"][kind]
            on = f"{c['n']} mentions ({c['found']} found), {c['groups']} groups, {c['pairs']['gold']} gold pairs"
            rows += [(kind, m, c[m], c["folds"].get(m), on) for m in ("precision", "recall")]
    if "stories" in result:
        s = result["stories"]
        on = f"{s['n']} articles, {s['gold_stories']} gold / {s['system_stories']} found stories"
        rows += [("stories", m, s[m], s["folds"].get(m), on) for m in ("precision", "recall", "f1")]
    if "dates" in result:
        d = result["dates"]
        on = f"{d['matched']} of {d['mentions']} statements matched"
        rows += [("dates", m, d[m], d["folds"].get(m), on) for m in ("accuracy", "how_accuracy")]
    shown = set()
    for part, metric, value, spread, on in rows:
        target = TRAIL_TARGETS.get((part, metric))
        mark = "" if target is None else (f"≥ {target:.2f} " + ("met" if value >= target else "NOT met"))
        first = part not in shown
        shown.add(part)
        table.add_row(part if first else "", metric, f"{value:.3f}",
                      f"{spread['mean']:.3f} ± {spread['sd']:.3f}" if spread else "", mark, on if first else "")
    Console().print(table)
    if "speakers" in result:
        s = result["speakers"]
        typer.echo(f"Merges of two named people: {s['merged_people']}; statements by someone else in a "
                   f"person's trail: {s['foreign_statements']} (targets: 0 and 0)")
    for part, metrics in (("speakers", ("precision", "recall")), ("dates", ("accuracy", "how_accuracy"))):
        for lang, sc in result.get(part, {}).get("by_lang", {}).items():
            typer.echo(f"{part} in {lang} ({sc['n']}): " + ", ".join(f"{m} {sc[m]:.3f}" for m in metrics))
    for line in result["failures"]:
        typer.echo(f"error: {line}", err=True)


@app.command("cv")
def cv_cmd(
    splits: Annotated[list[Path], typer.Argument(help="Splits of one corpus, e.g. ../shared/data/spkatt-news/train ../shared/data/spkatt-news/dev")],
    folds: Annotated[int, typer.Option("--folds", help="Number of folds (documents dealt by a hash of their name).")] = 5,
    work: Annotated[Path | None, typer.Option("--work", help="Where folds and their models go (kept; a rerun reuses trained folds). Default: a temporary folder.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Folds run at once.")] = 1,
    iterations: Annotated[int | None, typer.Option("--iterations", min=1, help="L-BFGS iterations per fold (default: as shipped).")] = None,
    fold: Annotated[list[int] | None, typer.Option("--fold", help="Run only this fold (repeatable).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Also write the result as JSON here (for `eval cv-compare`).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Cross-validate attribution: per fold, train the labeller on the other folds and score it."""
    import tempfile

    from quotetrail.errors import QuotetrailError
    from quotetrail.evaluate.cv import cross_validate

    for s in splits:
        _check(s)
    try:
        if work is None:
            with tempfile.TemporaryDirectory(prefix="quotetrail-cv-") as tmp:
                result = cross_validate(splits, k=folds, work=Path(tmp), jobs=jobs, iterations=iterations, only=fold)
        else:
            result = cross_validate(splits, k=folds, work=work, jobs=jobs, iterations=iterations, only=fold)
    except QuotetrailError as e:
        typer.echo(f"Error: {e}", err=True)
        raise typer.Exit(1) from None
    if out is not None:
        out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    metrics = list(result["summary"])
    table = Table(title=f"{result['corpus']} — {result['k']}-fold cross-validation over {result['documents']} documents")
    for col in ("fold", "documents", *metrics):
        table.add_column(col, justify="right")
    for r in result["folds"]:
        table.add_row(str(r["fold"]), str(r["documents"]), *(f"{r[m]:.3f}" for m in metrics))
    s = result["summary"]
    table.add_row("mean ± sd", "", *(f"{s[m]['mean']:.3f} ± {s[m]['sd']:.3f}" for m in metrics))
    Console().print(table)


@app.command("cv-compare")
def cv_compare_cmd(
    base: Annotated[Path, typer.Argument(help="JSON of the run before the change (`eval cv --out`).")],
    new: Annotated[Path, typer.Argument(help="JSON of the run with the change.")],
    as_json: JsonOpt = False,
) -> None:
    """Is a change a gain? Per-fold paired differences, kept when the mean beats its standard error."""
    from quotetrail.errors import QuotetrailError
    from quotetrail.evaluate.cv import compare

    try:
        result = compare(*(json.loads(p.read_text(encoding="utf-8")) for p in (base, new)))
    except (OSError, ValueError, KeyError) as e:
        typer.echo(f"Error: cannot read the runs to compare: {e}", err=True)
        raise typer.Exit(1) from None
    except QuotetrailError as e:
        typer.echo(f"Error: {e}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    table = Table(title=f"{result['corpus']}: new − base over {result['folds']} folds")
    for col in ("metric", "mean", "sd", "se", "verdict"):
        table.add_column(col, justify="right" if col in ("mean", "sd", "se") else "left")
    for m, d in result["difference"].items():
        table.add_row(m, f"{d['mean']:+.4f}", f"{d['sd']:.4f}", f"{d['se']:.4f}", d["verdict"])
    Console().print(table)
