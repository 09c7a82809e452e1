"""`quotetrail train ...`: rebuild a shipped model from an annotated corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Rebuild the trained models from annotated corpora.", no_args_is_help=True)


@app.callback()
def _train() -> None:
    """Rebuild the trained models from annotated corpora."""


@app.command("attribution")
def attribution_cmd(
    lang: Annotated[str, typer.Option("--lang", help="de (SpkAtt corpus) or en (PolNeAR corpus).")],
    data: Annotated[Path, typer.Option("--data", help="Training split, e.g. ../shared/data/spkatt-news/train")],
    seed: Annotated[int, typer.Option("--seed", help="Orders the training sequences.")] = 0,
    out: Annotated[
        Path | None, typer.Option("--out", help="Model file (default: the one the package ships).")
    ] = None,
    iterations: Annotated[int | None, typer.Option("--iterations", min=1, help="L-BFGS iterations.")] = None,
) -> None:
    """Train the attribution labeller (CRF) and write the model file."""
    from quotetrail import lang as langdata
    from quotetrail.analysis.attribution.learned import MODEL_NAME
    from quotetrail.analysis.attribution.train import train

    if lang not in langdata.SUPPORTED:
        typer.echo(f"Error: no attribution lexicon for {lang!r}; use one of {', '.join(langdata.SUPPORTED)}", err=True)
        raise typer.Exit(1)
    if not data.is_dir():
        typer.echo(f"Error: {data} is not a directory", err=True)
        raise typer.Exit(1)
    if out is None:
        out = Path(__file__).resolve().parents[2] / "lang" / lang / MODEL_NAME
    params = {"max_iterations": iterations} if iterations else None
    summary = train(lang, data, out, seed=seed, params=params)
    typer.echo(
        f"{summary['documents']} documents, {summary['sequences']} sentences, {summary['tokens']} tokens "
        f"-> {summary['out']} ({int(summary['bytes']) / 1e6:.1f} MB)"  # type: ignore[arg-type]
    )
