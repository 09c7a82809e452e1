"""Terminal rendering. Article content is untrusted: it only ever enters rich as plain
``Text`` (never as markup), so "[bold]" in an article prints as written."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

COMPARATOR_WORDS = {"=": "", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ ", "~": "≈ "}


def figure_value(f: dict[str, Any]) -> str:
    if f["comparator"] == "unspecific" or f["value"] is None:
        return f"unspecific ({f['span']['text']})"
    value = f"{f['value']:,.10g}"
    if f.get("value_high") is not None:
        value += f"–{f['value_high']:,.10g}"
    unit = f" {f['unit']}" if f.get("unit") else ""
    return f"{COMPARATOR_WORDS.get(f['comparator'], '')}{value}{unit}"


def _t(span: dict[str, Any] | None) -> str:
    return span["text"] if span else ""


def speaker_label(q: dict[str, Any]) -> Text:
    name = q.get("speaker_name") or "(unnamed)"
    written = _t(q.get("speaker"))
    label = Text(name, style="bold")
    if written and name not in written:
        label.append(f" (“{written}”)", style="dim")
    return label


def quotes_table(quotes: list[dict[str, Any]]) -> Table:
    table = Table(show_lines=True, expand=True)
    table.add_column("speaker", ratio=2)
    table.add_column("said", ratio=6)
    table.add_column("how", ratio=2)
    table.add_column("where", ratio=2)
    for q in quotes:
        content = Text(q["content"]["text"])
        how = Text(q["form"])
        if q.get("cue"):
            how.append(f"\ncue: {q['cue']['text']}", style="dim")
        if q.get("medium"):
            how.append(f"\nmedium: {q['medium']['text']}")
        if q.get("intermediary"):
            how.append(f"\nvia: {q['intermediary']['text']}", style="magenta")
        when = q["date"]["value"] if q.get("date") and q["date"].get("value") else q["article"]["published"]
        where = Text(f"article {q['article_id']} @{q['content']['start']}–{q['content']['end']}")
        where.append(f"\n{q['article'].get('site') or ''} {when or ''}".rstrip(), style="dim")
        table.add_row(speaker_label(q), content, how, where)
    return table


def figures_table(figures: list[dict[str, Any]]) -> Table:
    table = Table(show_lines=True, expand=True)
    for col in ("value", "counted", "scope", "hedge", "claimed by", "where"):
        table.add_column(col)
    for f in figures:
        table.add_row(
            Text(figure_value(f), style="bold"),
            Text(_t(f.get("counted"))),
            Text(_t(f.get("scope"))),
            Text(_t(f.get("hedge")), style="yellow"),
            Text(f.get("claimed_by") or ""),
            Text(f"article {f['article_id']} @{f['span']['start']}–{f['span']['end']}\n“{f['span']['text']}”", style="dim"),
        )
    return table


def article_view(a: dict[str, Any]) -> Group:
    meta = Text()
    meta.append(a.get("title") or "(untitled)", style="bold")
    rows = [("site", a.get("site")), ("author", a.get("author")),
            ("published", " ".join(x for x in (a.get("published"), a.get("published_time")) if x)),
            ("language", a.get("lang")), ("origin", a.get("url") or a.get("origin"))]
    for key, value in rows:
        if value:
            guessed = " (inferred)" if key in a.get("inferred", []) or (key == "language" and "lang" in a.get("inferred", [])) else ""
            meta.append(f"\n{key}: {value}{guessed}", style="dim")
    meta.append(f"\n{len(a.get('dropped', []))} boilerplate lines removed; "
                f"{len(a['attributions'])} attributions, {len(a['figures'])} figures", style="dim")
    body = Text(a["text"])
    for q in a["attributions"]:
        body.stylize("green", q["content"]["start"], q["content"]["end"])
        if q.get("speaker"):
            body.stylize("bold cyan", q["speaker"]["start"], q["speaker"]["end"])
        if q.get("cue"):
            body.stylize("underline", q["cue"]["start"], q["cue"]["end"])
        if q.get("intermediary"):
            body.stylize("magenta", q["intermediary"]["start"], q["intermediary"]["end"])
    for f in a["figures"]:
        body.stylize("bold yellow", f["span"]["start"], f["span"]["end"])
    legend = Text("speaker", style="bold cyan") + Text("  ") + Text("cue", style="underline") + Text("  ") \
        + Text("content", style="green") + Text("  ") + Text("via", style="magenta") + Text("  ") \
        + Text("figure", style="bold yellow")
    return Group(Panel(meta), body, Text(""), legend)


def print_search(console: Console, results: list[dict[str, Any]]) -> None:
    for r in results:
        line = Text(f"[{r['kind']}] ", style="dim")
        line.append(f"article {r['article_id']}", style="bold")
        if r["kind"] == "quote":
            line.append(f" — {r.get('speaker_name') or '(unnamed)'}")
        else:
            line.append(f" — {r.get('title') or ''}")
        console.print(line)
        snip = Text(r["snippet"].replace("\n", " "))
        for start, end in r["highlights"]:
            snip.stylize("reverse", start, end)
        console.print(Text("   ") + snip)
