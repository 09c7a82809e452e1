"""`quotetrail eval ...` commands."""

import typer

app = typer.Typer(help="Score the pipeline on annotated corpora.", no_args_is_help=True)
