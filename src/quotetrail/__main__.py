"""``python -m quotetrail``: the same command line as the ``quotetrail`` script."""

from quotetrail.serve.cli import app

app()
