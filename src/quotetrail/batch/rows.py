"""An analysed Document as rows of the batch tables, and back.

The fields and offsets are those of ``quotetrail export --format jsonl`` (``SQLiteStore.article``):
a span is ``{start, end, text}``, dates are ISO strings, a statement's date says ``how`` it was
found. What only a store knows is left out, because nothing is linked yet: store ids (an article
is keyed by its ``content_hash``, an attribution by its ``seq`` in the article, a figure's
``attribution`` is that ``seq``), entity ids and names (a mention's ``name`` is the fullest name
the article itself gives). What the Spark linking (:mod:`quotetrail.batch.link`) blocks on is
computed here, where the Document is at hand, by the store linkers' own functions: a figure's
claim keys and predicates (``link.claims.figures_counted``; none for a figure that is no claim)
and an article's story keys (the entity and figure keys of ``link.stories``). What
``load`` needs to store the article exactly as ``ingest`` would is added: its tokens and
sentences (search lemmas, entity, claim and story linking read them), its near-duplicate
signature, its notes and its place in the input (``unit``, ``n``).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from quotetrail.link.claims import figures_counted
from quotetrail.link.stories import features_from_document
from quotetrail.model import (
    Article,
    Attribution,
    DateMention,
    Document,
    Figure,
    Mention,
    Sentence,
    Span,
    Token,
)
from quotetrail.store.sqlite import date_how

# which rule or model found an attribution, where the model has that field (the explain work
# adds it); carried through so `load` stores what `ingest` would
_MADE_BY = "made_by" in {f.name for f in fields(Attribution)}
SPAN_FIELDS = ("cue", "speaker", "speaker_ref", "medium", "intermediary", "principal")
FIGURE_SPANS = ("counted", "scope", "hedge")
UNKNOWN = "unknown"  # the partition of articles without a publication date or language


def _span(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _back(text: str, d: dict[str, Any] | None) -> Span | None:
    return None if d is None else Span(d["start"], d["end"], d["text"])


def month_of(published: str | None) -> str:
    """The date partition: the publication month ("2025-10")."""
    return published[:7] if published else UNKNOWN


def article_row(doc: Document, rec: dict[str, Any], signature: bytes) -> dict[str, Any]:
    """The analysed article: ``rec`` (its loaded record) with what the analysis learnt."""
    a = doc.article
    published = a.published.isoformat() if a.published else None
    claims = figures_counted(doc)
    story = features_from_document(doc, 0)
    return {
        "content_hash": rec["content_hash"], "unit": rec["unit"], "n": rec["n"],
        "origin": a.origin, "title": a.title, "site": a.site, "author": a.author, "url": a.url,
        "published": published, "published_time": a.published_time, "lang": a.lang,
        "inferred": sorted(a.inferred), "words": a.words, "analysed_chars": doc.analysed_chars,
        "text": a.text, "dropped": list(a.dropped), "notes": list(a.notes), "signature": signature,
        "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences],
        "tokens": [{"start": t.start, "end": t.end, "text": t.text, "sent": t.sent, "lemma": t.lemma,
                    "kind": t.kind} for t in doc.tokens],
        "story_keys": sorted(set(story.entities) | set(story.figures)),
        "month": month_of(published), "language": a.lang or UNKNOWN,
        "attributions": [attribution_row(doc, seq, at) for seq, at in enumerate(doc.attributions)],
        "figures": [{**figure_row(doc, seq, f),
                     "claim_keys": c.keys(f.unit) if c else [], "predicates": sorted(c.predicates) if c else []}
                    for (seq, f), c in zip(enumerate(doc.figures), claims, strict=True)],
        "mentions": [{"seq": seq, "start": m.span.start, "end": m.span.end, "text": m.span.text,
                      "label": m.label, "name": m.name, "role": m.role}
                     for seq, m in enumerate(doc.mentions)],
        "dates": [{"seq": seq, **date_row(d)} for seq, d in enumerate(doc.dates)],
    }


def date_row(d: DateMention) -> dict[str, Any]:
    return {"start": d.span.start, "end": d.span.end, "text": d.span.text,
            "value": d.value.isoformat() if d.value else None, "granularity": d.granularity,
            "relative": d.relative, "inferred": d.inferred}


def attribution_row(doc: Document, seq: int, at: Attribution) -> dict[str, Any]:
    row: dict[str, Any] = {"seq": seq, "form": at.form, "sentence": at.sentence,
                           "speaker_name": at.speaker_name, "principal_name": at.principal_name,
                           "content": _span(at.content)}
    for name in SPAN_FIELDS:
        row[name] = _span(getattr(at, name))
    row["cue_parts"] = [_span(p) for p in at.cue_parts]
    row["cue_text"] = at.cue_text
    row["made_by"] = getattr(at, "made_by", None)
    # export's date ({start, end, text, value, how}) plus what rebuilding the DateMention needs
    row["date"] = {**date_row(at.date), "how": date_how(at, doc.article)} if at.date else None
    return row


def figure_row(doc: Document, seq: int, f: Figure) -> dict[str, Any]:
    claim = doc.attributions[f.attribution] if f.attribution is not None else None
    row: dict[str, Any] = {"seq": seq, "sentence": f.sentence, "span": _span(f.span), "value": f.value,
                           "value_high": f.value_high, "comparator": f.comparator, "unit": f.unit}
    for name in FIGURE_SPANS:
        row[name] = _span(getattr(f, name))
    row.update(attribution=f.attribution, claimed_by=claim.speaker_name if claim else None,
               claim_form=claim.form if claim else None)
    return row


# ----------------------------------------------------------------------------------- back
def _date(d: dict[str, Any]) -> DateMention:
    return DateMention(Span(d["start"], d["end"], d["text"]),
                       date.fromisoformat(d["value"]) if d["value"] else None,
                       d["granularity"], bool(d["relative"]), bool(d["inferred"]))


def document(row: dict[str, Any], attributions: list[dict[str, Any]], figures: list[dict[str, Any]],
             mentions: list[dict[str, Any]], dates: list[dict[str, Any]]) -> Document:
    """The Document an article row and its rows in the other tables were made from."""
    text = row["text"]
    article = Article(
        text=text, origin=row["origin"], title=row["title"], site=row["site"], author=row["author"],
        url=row["url"], published=date.fromisoformat(row["published"]) if row["published"] else None,
        published_time=row["published_time"], lang=row["lang"], inferred=set(row["inferred"] or ()),
        dropped=list(row["dropped"] or ()), notes=list(row["notes"] or ()),
    )
    doc = Document(article=article, analysed_chars=row["analysed_chars"])
    doc.sentences = [Sentence(s["start"], s["end"]) for s in row["sentences"] or ()]
    doc.tokens = [Token(t["start"], t["end"], t["text"], t["sent"], t["lemma"], t["kind"])
                  for t in row["tokens"] or ()]
    doc.mentions = [Mention(Span(m["start"], m["end"], m["text"]), m["label"], m["name"], m["role"])
                    for m in sorted(mentions, key=lambda m: m["seq"])]
    doc.dates = [_date(d) for d in sorted(dates, key=lambda d: d["seq"])]
    for r in sorted(attributions, key=lambda r: r["seq"]):
        doc.attributions.append(Attribution(
            content=_back(text, r["content"]),  # type: ignore[arg-type]
            form=r["form"], cue_parts=tuple(Span(p["start"], p["end"], p["text"]) for p in r["cue_parts"] or ()),
            speaker_name=r["speaker_name"], principal_name=r["principal_name"],
            date=_date(r["date"]) if r["date"] else None, sentence=r["sentence"],
            **{name: _back(text, r[name]) for name in SPAN_FIELDS},
            **({"made_by": r.get("made_by")} if _MADE_BY else {}),
        ))
    for r in sorted(figures, key=lambda r: r["seq"]):
        doc.figures.append(Figure(
            span=_back(text, r["span"]),  # type: ignore[arg-type]
            value=r["value"], comparator=r["comparator"], value_high=r["value_high"], unit=r["unit"],
            attribution=r["attribution"], sentence=r["sentence"],
            **{name: _back(text, r[name]) for name in FIGURE_SPANS},
        ))
    return doc
