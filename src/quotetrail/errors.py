"""Named errors. Each message is one line that names the item and says what to do."""


class QuotetrailError(Exception):
    """Base class for every error quotetrail raises on purpose."""


class IngestError(QuotetrailError):
    """An input item could not be turned into an article (the batch goes on)."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class StoreError(QuotetrailError):
    """The store could not be opened or written."""


class PipelineError(QuotetrailError):
    """The analysis pipeline is mis-assembled (a component's requirement is not met)."""
