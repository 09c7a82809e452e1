"""Cut an article's stored text into pieces at the offsets of its spans, so a template can
mark each piece without ever building HTML from article text (Jinja escapes every piece).

Spans overlap and nest (a figure inside a quote, one speaker span shared by two statements),
so the text is cut at every span boundary and each piece says which statement and which
figure cover it, in which role.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from quotetrail.serve.render import figure_value
from quotetrail.serve.speakers import speaker_key

N_COLOURS = 8  # speaker colours in style.css (.c0 … .c7)

# A statement's parts, each its own role so a reader can tell who spoke ("speaker"), the name a
# pronoun stands for ("referent"), where it was said ("medium": an interview, a post), who passed
# it on ("intermediary": "according to Politico") and for whom it was said ("principal").
QUOTE_ROLES = {"content": "content", "cue": "cue", "speaker": "speaker", "speaker_ref": "referent",
               "medium": "medium", "intermediary": "intermediary", "principal": "principal", "date": "when"}
_FIGURE_ROLES = ("span", "counted", "scope", "hedge")


@dataclass
class Piece:
    text: str
    start: int
    quote: int | None = None  # attribution id of the statement the piece belongs to
    roles: list[str] = field(default_factory=list)  # values of QUOTE_ROLES
    colour: int | None = None
    anchor: bool = False  # first piece of a statement's content: focusable, carries the tip
    figure: int | None = None  # figure id
    figure_role: str | None = None  # span / counted / scope / hedge
    figure_value: str | None = None  # normalised value, on the last piece of the figure
    figure_anchor: bool = False  # first piece of a figure's number: the target of /articles/N#fID
    date: str | None = None  # resolved value of a date mention


def speaker_colours(quotes: list[dict[str, Any]]) -> dict[str, int]:
    """One colour per speaker, in order of first appearance."""
    colours: dict[str, int] = {}
    for q in quotes:
        key = _speaker_key(q)
        if key not in colours:
            colours[key] = len(colours) % N_COLOURS
    return colours


def _speaker_key(q: dict[str, Any]) -> str:
    return speaker_key(q)


def pieces(article: dict[str, Any]) -> list[Piece]:
    text: str = article["text"]
    quotes: list[dict[str, Any]] = article.get("attributions", [])
    figures: list[dict[str, Any]] = article.get("figures", [])
    dates: list[dict[str, Any]] = article.get("dates", [])
    colours = speaker_colours(quotes)

    # (start, end) → what covers it; spans outside the text are ignored rather than trusted
    starts: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    ends: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    length = len(text)

    def add(start: int, end: int, key: tuple[str, int, str]) -> None:
        if 0 <= start < end <= length:
            starts[start].append(key)
            ends[end].append(key)

    by_id = {q["id"]: q for q in quotes}
    for q in quotes:
        for name, role in QUOTE_ROLES.items():
            span = q.get(name)
            if span and "start" in span:
                add(span["start"], span["end"], ("q", q["id"], role))
        for part in q.get("cue_parts") or ():
            add(part["start"], part["end"], ("q", q["id"], "cue"))
    last_piece_end: dict[int, int] = {}
    figure_by_id = {f["id"]: f for f in figures}
    for f in figures:
        for name in _FIGURE_ROLES:
            span = f.get(name)
            if span:
                add(span["start"], span["end"], ("f", f["id"], name))
        last_piece_end[f["id"]] = f["span"]["end"]
    for i, d in enumerate(dates):
        add(d["start"], d["end"], ("d", i, "date"))

    cuts = sorted({0, length, *starts, *ends})
    active: set[tuple[str, int, str]] = set()
    out: list[Piece] = []
    anchored: set[int] = set()
    for a, b in zip(cuts, cuts[1:], strict=False):
        active -= set(ends.get(a, ()))
        active |= set(starts.get(a, ()))
        piece = _piece(text, a, b, active, by_id, colours, anchored)
        for kind, fid, role in active:
            if kind == "f" and (piece.figure is None or role == "span"):
                piece.figure, piece.figure_role = fid, role
            elif kind == "d":
                piece.date = dates[fid]["value"]
        if piece.figure is not None and piece.figure_role == "span" and a == figure_by_id[piece.figure]["span"]["start"]:
            piece.figure_anchor = True
        if piece.figure is not None and piece.figure_role == "span" and b == last_piece_end.get(piece.figure):
            piece.figure_value = figure_value(figure_by_id[piece.figure])
        if out and _same(out[-1], piece):
            out[-1].text += piece.text
        else:
            out.append(piece)
    return out


def _piece(text: str, a: int, b: int, active: set[tuple[str, int, str]], by_id: dict[int, dict[str, Any]],
           colours: dict[str, int], anchored: set[int]) -> Piece:
    piece = Piece(text[a:b], a)
    quote_roles = [(qid, role) for kind, qid, role in active if kind == "q"]
    if not quote_roles:
        return piece
    # the statement whose words these are wins; of nested quotes the innermost
    contents = [qid for qid, role in quote_roles if role == "content"]
    if contents:
        primary = min(contents, key=lambda qid: by_id[qid]["content"]["end"] - by_id[qid]["content"]["start"])
    else:
        primary = min(qid for qid, _ in quote_roles)
    piece.quote = primary
    piece.colour = colours[_speaker_key(by_id[primary])]
    piece.roles = sorted({role for _, role in quote_roles})
    if primary in contents and primary not in anchored:
        anchored.add(primary)
        piece.anchor = True
    return piece


def _same(a: Piece, b: Piece) -> bool:
    """Two neighbouring pieces render identically and can be one (never an anchor or value)."""
    return (not b.anchor and not b.figure_anchor and a.figure_value is None and b.figure_value is None
            and (a.quote, a.roles, a.figure, a.figure_role, a.date)
            == (b.quote, b.roles, b.figure, b.figure_role, b.date))


def marked(text: str, ranges: list[list[int]]) -> list[tuple[str, bool]]:
    """``text`` cut at the [start, end) ``ranges`` (search hits): (piece, is_hit) pairs."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in sorted((max(0, a), min(len(text), b)) for a, b in ranges):
        if start < pos or start >= end:
            continue  # overlapping or empty: the earlier hit already covers it
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return out
