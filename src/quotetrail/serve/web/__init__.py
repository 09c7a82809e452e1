"""The web app and HTTP API (`quotetrail serve`)."""

from quotetrail.serve.web.app import create_app

__all__ = ["create_app"]
