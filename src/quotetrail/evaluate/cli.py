"""`quotetrail eval ...`: thin wrappers that run an evaluation and print its table or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="Score the pipeline on annotated corpora.", no_args_is_help=True)

DirArg = Annotated[Path, typer.Argument(help="Corpus split directory, e.g. ../shared/data/spkatt-news/dev")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Write predictions in the corpus's own format here.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", help="Score only the first N documents.")]


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


def _check(directory: Path) -> None:
    if not directory.is_dir():
        typer.echo(f"Error: {directory} is not a directory; give a corpus split such as .../dev", err=True)
        raise typer.Exit(1)


@app.command("spkatt")
def spkatt_cmd(directory: DirArg, out: OutOpt = None, as_json: JsonOpt = False, limit: LimitOpt = None) -> None:
    """German news (SpkAtt-2023): Message, Source, Joint, Cue and Form on paired annotations."""
    from quotetrail.evaluate.spkatt import evaluate_spkatt

    _check(directory)
    result = evaluate_spkatt(directory, out=out, limit=limit)
    _print(result, [("Message", "message"), ("Source", "source"), ("Joint", "joint"), ("Cue", "cue")], as_json)


@app.command("polnear")
def polnear_cmd(
    directory: DirArg, out: OutOpt = None, as_json: JsonOpt = False, limit: LimitOpt = None,
    agreement: Annotated[bool, typer.Option(
        "--agreement", help="Score the annotators against each other on texts annotated more than once "
        "(the ceiling the corpus sets), instead of the pipeline.")] = False,
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
        result = evaluate_polnear(directory, out=out, limit=limit)
    _print(
        result,
        [("Content", "content"), ("Source", "source"), ("Cue", "cue"), ("Attribution", "attribution")],
        as_json,
    )
