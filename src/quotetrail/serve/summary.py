"""`quotetrail summary`: what a store holds, on one screen, and where to look for the rest.

``make demo`` prints this after ingesting the examples instead of every table (545 lines for
six articles). Lines are cut to the terminal's width, never wrapped mid-word, and article
content (names, titles, quotes) is untrusted: control characters, terminal escapes among them,
become spaces before anything is printed."""

from __future__ import annotations

import shlex
from typing import Any

from rich.cells import cell_len, set_cell_size

SPEAKERS = 3
STORIES = 2
DETAILS = 3  # differences shown for the one claim group


def clean(text: Any) -> str:
    """Printable text on one line: a title with "\\x1b[2J" in it cannot clear the screen."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())


def fit(line: str, width: int) -> str:
    """``line`` cut to ``width`` terminal cells (wide characters count two), "…" where cut."""
    if cell_len(line) <= width:
        return line
    return set_cell_size(line, width - 1).rstrip() + "…"


def _span(member: dict[str, Any]) -> str:
    span = member.get("claim") or member.get("span") or member.get("content") or {}
    return clean(span.get("text") or "")


def _where(member: dict[str, Any]) -> str:
    article = member.get("article") or {}
    return clean(f"{member.get('published') or article.get('published') or 'undated'} "
                 f"{article.get('site') or 'unknown site'}")


def _refer(store: Any, speaker: dict[str, Any]) -> str:
    """How to name ``speaker`` in a command: the surname where it names only them, else the id."""
    words = clean(speaker.get("name") or "").split()
    if words and len(store.find_speaker(words[-1])) == 1:
        return shlex.quote(words[-1])  # the reader pastes it into a shell
    return str(speaker["id"])


def _changed(group: dict[str, Any]) -> list[str]:
    """The earliest member, the one that differs from it most, and how."""
    members, diffs = group["members"], group["differences"]
    # the member whose differences from the earliest weigh most (seriousness summed)
    weight: dict[int, int] = {}
    for d in diffs:
        weight[d["b"]] = weight.get(d["b"], 0) + d["seriousness"]
    b = max(weight, key=lambda k: (weight[k], -k))
    later = members[b] if b < len(members) else None
    what = "figure" if group["kind"] == "figure" else "quote"
    lines = [f"A {what} that changed between articles (claim group {group['id']}, {group['articles']} articles):"]
    for m in (members[0], later):
        if m is not None:
            hedge = clean((m.get("hedge") or {}).get("text") or "")
            lines.append(f"  {_where(m)}: “{_span(m)}”" + (f" ({hedge})" if hedge else ""))
    details = sorted((d for d in diffs if d["b"] == b), key=lambda d: -d["seriousness"])[:DETAILS]
    lines += [f"  {d['kind']}: {clean(d['detail'])}" for d in details]
    return lines


def summary_lines(store: Any, width: int = 80, db_flag: str = "") -> list[str]:
    """The summary, uncut. ``db_flag`` (e.g. " --db x.db") goes into each command shown; a
    command's note follows it on its line where ``width`` leaves room for all, else goes under it."""
    count = store.count()
    facets = store.facets() if hasattr(store, "facets") else {"sites": [], "langs": []}
    sites, langs = len(facets["sites"]), ", ".join(clean(x) for x in facets["langs"]) or "no language"
    where = f" from {sites} site{'' if sites == 1 else 's'}" if sites else ""  # plain text files have none
    lines = [f"{count} article{'' if count == 1 else 's'}{where}, in {langs}."]
    if not count:
        return [*lines, f"Add some: quotetrail ingest FILE_OR_FOLDER{db_flag}"]
    speakers = store.speakers(limit=SPEAKERS) if hasattr(store, "speakers") else []
    if speakers:
        lines += ["", "Most quoted:"]
        for s in speakers:
            span = " – ".join(dict.fromkeys(d for d in (s.get("first"), s.get("last")) if d))
            lines.append(f"  {clean(s['name'])}: {s['statements']} statements in {s['articles']} "
                         f"article{'' if s['articles'] == 1 else 's'}" + (f", {span}" if span else ""))
    groups = store.claim_groups(drift=True, limit=1) if hasattr(store, "claim_groups") else []
    if groups and groups[0]["differences"]:
        lines += ["", *_changed(groups[0])]
    stories = store.stories(limit=STORIES, min_articles=2) if hasattr(store, "stories") else []
    if stories:
        lines += ["", "Stories across outlets (largest first):"]
        for st in stories:
            span = " – ".join(dict.fromkeys(d for d in (st["first"], st["last"]) if d))
            lines.append(f"  story {st['id']}: {clean(st['label'] or '(no label)')} · {st['size']} articles"
                         + (f" · {span}" if span else ""))
    who = _refer(store, speakers[0]) if speakers else "NAME"
    commands = [  # notes short enough to sit beside them in 80 columns (a surname up to 13 letters)
        (f"quotetrail quotes --speaker {who}", "who said what (--json)"),
        (f"quotetrail trail {who}", "one speaker over time"),
        ("quotetrail claims --drift", "claims that changed"),
        ("quotetrail stories", "articles about one event"),
        (f"quotetrail export --trail {who} --format csv", "a citable trail (README)"),
        ("quotetrail serve", "http://127.0.0.1:8000/"),
    ]
    pad = max(cell_len(c + db_flag) for c, _ in commands)
    lines += ["", "The rest:"]
    if all(2 + pad + 2 + cell_len(note) <= width for _, note in commands):
        lines += [f"  {(c + db_flag).ljust(pad)}  {note}" for c, note in commands]
    else:  # one layout for all: a note under its command
        lines += [x for c, note in commands for x in (f"  {c + db_flag}", f"      {note}")]
    return lines


def summary(store: Any, width: int, db_flag: str = "") -> list[str]:
    """The summary, each line cut to ``width`` cells."""
    return [fit(line, width) for line in summary_lines(store, width, db_flag)]
