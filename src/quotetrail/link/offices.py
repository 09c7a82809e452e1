"""Who held an office on a day: the dated table ``lang/common/offices.json``.

A role phrase that names nobody in its own article ("der Kremlchef", "the Republican nominee",
"der Bundespräsident") is linked to whoever held that office on the statement's date. Role
keys are those of ``lang/<code>/names.json`` ("ru.head"), so every language's phrasings of an
office meet in one row. Users add offices or holders with an ``--entities`` file (a role with
``from``/``to``, see :mod:`quotetrail.link.seeds`), stored with the entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from quotetrail import lang as langdata


@dataclass(frozen=True)
class Term:
    """One holder's time in one office; ``end`` None: still in office."""

    name: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@cache
def offices() -> dict[str, tuple[Term, ...]]:
    data = langdata.load("common", "offices").get("offices", {})
    return {
        key: tuple(
            Term(t["name"], date.fromisoformat(t["from"]), date.fromisoformat(t["to"]) if t.get("to") else None)
            for t in terms
        )
        for key, terms in data.items()
    }


def holder(key: str, day: date) -> str | None:
    """The name of whoever held office ``key`` on ``day`` (the outgoing holder's last day is
    the incoming one's first), or None when the table does not say."""
    for term in offices().get(key, ()):
        if term.covers(day):
            return term.name
    return None
