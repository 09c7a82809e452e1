"""Terminal rendering. Article content is untrusted: it only ever enters rich as plain
``Text`` (never as markup), so "[bold]" in an article prints as written."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from quotetrail.link.claims import claimant
from quotetrail.serve.speakers import UNNAMED, UNRESOLVED, shown_speaker, speaker_kind
from quotetrail.store.trail import date_note

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
    """The resolved speaker, plus the words the article used when they do not name them
    (a pronoun or a description): ``Mark Rutte (“er”)``, but not ``Mark Rutte (“Rutte”)``."""
    name, kind = shown_speaker(q), speaker_kind(q)
    written = _t(q.get("speaker"))
    label = Text(name, style="italic" if kind == UNNAMED else "bold")
    name_words = set(name.casefold().split())
    written_words = set(written.casefold().split())
    if written and not written_words <= name_words and not name_words <= written_words:
        label.append(f" (“{written}”)", style="dim")
    if kind == UNRESOLVED:
        label.append(" (unresolved)", style="dim")  # "he", "who": the article does not say who
    if q.get("principal_name"):
        label.append(f"\non behalf of {q['principal_name']}", style="dim")
    return label


def quotes_table(quotes: list[dict[str, Any]]) -> Table:
    table = Table(show_lines=True, expand=True)
    # the speaker column takes what its names need ("Mark Rutte (“er”)" on one line), the
    # others share the rest; nothing is ever cut off behind "…"
    table.add_column("speaker", min_width=12, max_width=28, overflow="fold")
    table.add_column("said", ratio=5, overflow="fold")
    table.add_column("how", ratio=2, overflow="fold")
    table.add_column("where", ratio=2, overflow="fold")
    for q in quotes:
        content = Text(q["content"]["text"])
        how = Text(q["form"].replace("_", " "))
        if q.get("cue"):
            how.append(f"\ncue: {q.get('cue_text') or q['cue']['text']}", style="dim")
        how.append(_how_it_came(q))
        where = _where(q)
        if q.get("date") and q["date"].get("value"):  # when it was said, marked as the trail marks it
            found = q["date"].get("how") or "given"  # not ``how``: that is the form-and-cue cell
            note = date_note({"date_source": found, "date": q["date"]})
            where.append(f"\n{q['date']['value']} · {note}" + (f" (“{q['date']['text']}”)" if found != "relative" else ""),
                         style="dim")
        elif q["article"].get("published"):
            guessed = " · year guessed" if q["article"].get("published_guessed") else ""
            where.append(f"\npublished {q['article']['published']}{guessed}", style="dim")
        table.add_row(speaker_label(q), content, how, where)
    return table


def figures_table(figures: list[dict[str, Any]]) -> Table:
    table = Table(show_lines=True, expand=True)
    table.add_column("value", no_wrap=True)  # a number split over lines misreads
    for col in ("counted", "scope", "hedge", "claimed by", "where"):
        table.add_column(col, overflow="fold")  # never hide characters behind "…"
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
    if a.get("inferred"):
        meta.append(f"\ninferred by quotetrail: {', '.join(a['inferred'])}", style="dim")
    for c in a.get("copies", []):
        meta.append(f"\ncopy: {c.get('url') or c['origin']} ({c.get('site') or 'unknown site'}, "
                    f"similarity {c['similarity']:.2f})", style="dim")
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


def explain_table(a: dict[str, Any]) -> Group:
    """Per attribution: where it is, its form, and which rule or model made it; then what
    each rule named there catches."""
    from quotetrail.analysis.attribution.rules import RULES, describe
    from quotetrail.analysis.attribution.speaker_head import made_by_parts

    table = Table(title="How each attribution was found", expand=True)
    table.add_column("#", no_wrap=True, style="dim")
    table.add_column("chars", no_wrap=True, style="dim")
    table.add_column("speaker", min_width=10, overflow="fold")
    table.add_column("form", no_wrap=True)
    table.add_column("cue", overflow="fold")
    table.add_column("content", min_width=16, overflow="fold")
    table.add_column("made by", no_wrap=True)
    used: dict[str, None] = {}
    for k, q in enumerate(a["attributions"], 1):
        content = q["content"]
        text = content["text"] if len(content["text"]) <= 80 else content["text"][:77] + "…"
        made, how = made_by_parts(q.get("made_by"))
        rule, _, agreed = made.partition(" + ")
        speaker = shown_speaker(q)
        if how and q.get("speaker"):
            # "Pete Odenkirk ← “The senator” (role word)": how a description was tied to the name
            speaker += f" ← “{q['speaker']['text']}” ({how})"
        if rule:
            used[rule] = None
        # Text(), not markup: the article's words are untrusted and may hold [brackets]
        table.add_row(Text(str(k)), Text(f"{content['start']}–{content['end']}"),
                      Text(speaker), Text(q["form"].replace("_", " ")),
                      Text(q.get("cue_text") or ""), Text(text),
                      Text(rule + (" (+ model)" if agreed else "") if rule else "not recorded"))
    legend = Text()
    for rule in used:
        legend.append(f"{rule}", style="bold")
        legend.append(f": {RULES.get(rule, 'unknown rule')}\n")
    legend.append("(+ model): the trained labeller found it too. ", style="dim")
    if any(not q.get("made_by") for q in a["attributions"]):
        legend.append(describe(None).capitalize() + ".", style="dim")
    return Group(table, legend)


def print_search(console: Console, results: list[dict[str, Any]]) -> None:
    for r in results:
        line = Text(f"[{r['kind']}] ", style="dim")
        line.append(f"article {r['article_id']}", style="bold")
        if r["kind"] == "quote":
            line.append(f" — {shown_speaker(r)}")
            if r.get("principal_name"):  # a spokesperson's words are not the principal's own
                line.append(f" (on behalf of {r['principal_name']})", style="dim")
        else:
            line.append(f" — {r.get('title') or ''}")
        if r.get("published"):
            line.append(f" · {r['published']}" + (" (year guessed)" if r.get("published_guessed") else ""), style="dim")
        console.print(line)
        snip = Text(r["snippet"].replace("\n", " "))
        for start, end in r["highlights"]:
            snip.stylize("reverse", start, end)
        console.print(Text("   ") + snip)


def speakers_table(speakers: list[dict[str, Any]]) -> Table:
    table = Table(expand=True)
    table.add_column("id", no_wrap=True, style="dim")
    table.add_column("name", min_width=14, overflow="fold", style="bold")
    table.add_column("type", no_wrap=True)
    table.add_column("quotes", justify="right", no_wrap=True)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("dates", min_width=10, overflow="fold")
    table.add_column("also called", min_width=16, overflow="fold")
    for s in speakers:
        dates = " – ".join(dict.fromkeys(d for d in (s["first"], s["last"]) if d))
        if s.get("uncertain_dates"):
            dates = f"{dates} (+{s['uncertain_dates']} with a guessed year)".strip()
        table.add_row(str(s["id"]), Text(s["name"]), s["type"], str(s["statements"]),
                      # where they speak; an entity only named (a place, an outlet): where it is named
                      str(s["articles"] if s["statements"] else s.get("mentioned", 0)),
                      dates, Text(", ".join(s["aliases"])))
    return table


def trail_view(speaker: dict[str, Any], items: list[dict[str, Any]]) -> Group:
    head = Text(speaker["name"], style="bold")
    n, m = speaker["articles"], speaker.get("mentioned") or 0
    mentioned = f", mentioned in {m}" if m > n else ""
    k = speaker["statements"]
    head.append(f"  id {speaker['id']}, {k} statement{'' if k == 1 else 's'} in {n} article{'' if n == 1 else 's'}"
                f"{mentioned}", style="dim")
    if speaker["aliases"]:
        head.append(f"\nalso called: {', '.join(speaker['aliases'])}", style="dim")
    table = Table(show_lines=True, expand=True)
    table.add_column("when", no_wrap=True)
    table.add_column("said", ratio=5, overflow="fold")
    table.add_column("how", ratio=2, overflow="fold")
    table.add_column("where", ratio=2, overflow="fold")
    for q in items:
        when = Text(q["when"] or "undated")
        when.append("\n" + date_note(q), style="dim")
        how = Text(q["form"].replace("_", " "))
        if q.get("on_behalf"):
            how.append(f"\non behalf: {q['speaker_name'] or 'unnamed'}", style="bold")
        if q.get("speaker") and q["speaker"]["text"] != speaker["name"]:
            how.append(f"\nas “{q['speaker']['text']}”", style="dim")
        how.append(_how_it_came(q))
        where = _where(q)
        table.add_row(when, Text(q["content"]["text"]), how, where)
    return Group(head, table)


def _member_cell(g: dict[str, Any], m: dict[str, Any]) -> Text:
    cell = Text()
    if g["kind"] == "figure":
        cell.append(figure_value(m), style="bold")
        cell.append(f"\n“{m['span']['text']}”")
        for label, key in (("counted", "counted"), ("scope", "scope"), ("hedge", "hedge")):
            if m.get(key):
                cell.append(f"\n{label}: {m[key]['text']}", style="yellow" if key == "hedge" else "")
        cell.append(f"\nclaimed by: {claimant(m)}")
    else:
        cell.append(shown_speaker(m), style="bold")
        cell.append(f" ({m['form']})\n")
        cell.append(m["content"]["text"])
    art = m["article"]
    cell.append(f"\narticle {m['article_id']} @{(m.get('span') or m.get('content'))['start']}", style="dim")
    cell.append(f" · {art.get('site') or 'unknown site'} · {art.get('published') or 'undated'}", style="dim")
    if m.get("published_guessed"):
        cell.append(" (year guessed)", style="dim")
    if m.get("date_source") in ("given", "relative", "guessed"):  # the statement's own date, marked
        cell.append(f"\n{m['when']} · {date_note({**m, 'date': {'text': m.get('date_text')}})}", style="dim")
    return cell


def claims_view(groups: list[dict[str, Any]]) -> Group:
    parts: list[Any] = []
    for g in groups:
        title = Text(f"{g['kind']} group {g['id']}: ", style="bold")
        title.append(g["label"])
        title.append(f"  ({g['size']} in {g['articles']} articles)", style="dim")
        members = g["members"][:4]  # side by side; --json has them all
        table = Table(expand=True, show_lines=True)
        for i in range(len(members)):
            table.add_column(f"#{i + 1}" + (" first" if i == 0 else ""), ratio=1, overflow="fold")
        table.add_row(*[_member_cell(g, m) for m in members])
        diffs = Text()
        for d in g["differences"]:
            diffs.append(f"#{d['a'] + 1} → #{d['b'] + 1} ", style="dim")
            diffs.append(f"{d['kind']}: ", style="bold red")
            diffs.append(d["detail"] + "\n")
        if not g["differences"]:
            diffs.append("no differences\n", style="green")
        parts += [title, table, diffs]
    return Group(*parts)


def stories_view(stories: list[dict[str, Any]]) -> Group:
    parts: list[Any] = []
    for st in stories:
        head = Text(f"story {st['id']}: ", style="bold")
        head.append(st["label"] or "(no label)")
        dates = " – ".join(dict.fromkeys(d for d in (st["first"], st["last"]) if d))
        head.append(f"  {st['size']} article{'' if st['size'] == 1 else 's'}, {dates}", style="dim")  # singles listed too
        parts.append(head)
        for a in st["articles"]:
            line = Text(f"  article {a['id']} ", style="dim")
            line.append(a.get("title") or "(untitled)")
            line.append(f" · {a.get('site') or 'unknown site'} · {a.get('published') or 'undated'} · {a.get('lang')}",
                        style="dim")
            parts.append(line)
        if st["speakers"]:
            parts.append(Text("  speakers: " + ", ".join(f"{s['name']} ({s['statements']})" for s in st["speakers"]),
                              style="cyan"))
        parts.append(Text(""))
    return Group(*parts)


def _how_it_came(q: dict) -> Text:
    """The medium and the outlet that passed a quote on, for the "how" column."""
    out = Text()
    if q.get("medium"):
        out.append(f"\nmedium: {q['medium']['text']}")
    if q.get("intermediary"):
        out.append(f"\nvia: {q['intermediary']['text']}", style="magenta")
    return out


def _where(q: dict) -> Text:
    """Article, offsets and site of a quote, for the "where" column."""
    where = Text(f"article {q['article_id']} @{q['content']['start']}–{q['content']['end']}")
    if q["article"].get("site"):
        where.append(f"\n{q['article']['site']}", style="dim")
    return where
