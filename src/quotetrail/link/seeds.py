"""A user's file of known entities (``--entities entities.yaml``)::

    - name: Wladimir Putin
      type: PER                # PER (default), ORG, MEDIA, MISC, LOC
      aliases: [Vladimir Putin, Kremlchef]
      wikidata: Q7747
      roles: [ru.head]         # role keys from lang/<code>/names.json the person holds
    - name: Jane Example
      roles:                   # or with the days in office, as lang/common/offices.json has them
        - {role: de.president, from: 2027-03-19, to: null}
"""

from __future__ import annotations

from pathlib import Path

import yaml

from quotetrail.errors import QuotetrailError
from quotetrail.link.entities import Seed


def load_seeds(path: Path) -> list[Seed]:
    """Seeds from a YAML (or JSON) list; one line of error naming the file on bad input."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise QuotetrailError(f"{path}: cannot read entities file ({exc})") from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise QuotetrailError(f"{path}: not valid YAML{line}") from exc
    if isinstance(data, dict) and isinstance(data.get("entities"), list):
        data = data["entities"]
    if not isinstance(data, list):
        raise QuotetrailError(f"{path}: expected a list of entities (name, type, aliases)")
    seeds = []
    for n, item in enumerate(data, 1):
        try:
            seeds.append(Seed.from_dict(item))
        except ValueError as exc:
            raise QuotetrailError(f"{path}: entity {n}: {exc}") from exc
    return seeds
