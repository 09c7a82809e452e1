"""Named errors. Each message is one line that names the item and says what to do."""

from __future__ import annotations

import unicodedata

# Bidirectional controls can make a printed name read as another one.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def safe_name(name: str) -> str:
    """``name`` (a file name, URL or reason) as one printable line that can be stored as text.

    Control characters, line and paragraph separators and bidi controls become escapes
    (``\\n``, ``\\x1b``, ``\\u202e``), so a name cannot forge output lines or steer a terminal;
    bytes of a file name that were not UTF-8 (the OS hands them over as lone surrogates) become
    ``\\xNN``, which SQLite and a UTF-8 terminal both accept.
    """
    if name.isprintable():  # the common case; isprintable is False for every character below
        return name if not _BIDI.intersection(name) else "".join(map(_escape, name))
    return "".join(map(_escape, name))


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _SHORT:
        return _SHORT[ch]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{code - 0xDC00:02x}"
    if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return ch


class QuotetrailError(Exception):
    """Base class for every error quotetrail raises on purpose."""


class IngestError(QuotetrailError):
    """An input item could not be turned into an article (the batch goes on).

    Item and reason are escaped with :func:`safe_name`: the message is always one line.
    """

    def __init__(self, item: str, reason: str, *, retry_after: float | None = None) -> None:
        self.item = safe_name(item)
        self.reason = safe_name(reason)
        # seconds the server asked us to wait (Retry-After on a 429 or 503), if it did
        self.retry_after = retry_after
        super().__init__(f"{self.item}: {self.reason}")


class StoreError(QuotetrailError):
    """The store could not be opened or written."""


class PipelineError(QuotetrailError):
    """The analysis pipeline is mis-assembled (a component's requirement is not met)."""
