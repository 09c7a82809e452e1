"""The command line: thin commands that parse, call one library function, and print."""

from __future__ import annotations

import typer

from quotetrail.evaluate.cli import app as eval_app

app = typer.Typer(
    help="quotetrail: who said what, when, according to whom — with every item anchored in its article.",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")
