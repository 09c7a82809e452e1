"""The same figure or quote across articles, and what changed between them.

Where a claim group is made: :class:`ClaimLinker` runs in the store's transaction for each new
article. A figure joins a group of figures that count the same kind of thing (same unit, same
concept from ``lang/<code>/claims.json`` or same subject, within a factor of two, in articles
that share a named entity); a quote joins a group of quotes that share most of their word
4-grams. The differences of a pair are named by :func:`compare_figures` and
:func:`compare_quotes` when the group is read, so a better comparison applies to old groups too.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import sqlite3
from dataclasses import dataclass
from functools import cache
from typing import Any

from quotetrail import lang as langdata
from quotetrail.link.names import fold
from quotetrail.model import Document, Figure, Token

MAX_RATIO = 2.0  # figures further apart than this are not "the same number"
QUOTE_MIN_WORDS = 6  # shorter contents ("es sei normal") recur by chance
QUOTE_OVERLAP = 0.4  # share of the shorter quote's 4-grams found in the group
SHINGLE = 4
CANDIDATES = 500  # figures of the same kind looked at per new figure


# -- what a figure counts ----------------------------------------------------------------
@dataclass(frozen=True)
class Counted:
    predicates: frozenset[str]  # killed, wounded, ...
    subject: str | None  # people, soldiers, ... or the head word itself
    concept: str | None  # casualties, ...

    @property
    def key(self) -> str | None:
        return self.concept or self.subject


@cache
def _claims_data(lang: str) -> dict[str, Any]:
    return langdata.load(lang if lang in langdata.SUPPORTED else "en", "claims") or {}


def counted_of(words: list[tuple[str, str]], lang: str) -> Counted:
    """Labels of what is counted from (word, lemma) pairs."""
    data = _claims_data(lang)
    preds: set[str] = set()
    subject = None
    for word, lemma in words:
        for form in (word.casefold(), lemma.casefold()):
            if form in data.get("predicates", {}):
                preds.update(data["predicates"][form])
                break
        else:
            for form in (word.casefold(), lemma.casefold()):
                if subject is None and form in data.get("subjects", {}):
                    subject = data["subjects"][form]
    concept = None
    for name, labels in data.get("concepts", {}).items():
        if preds & set(labels):
            concept = name
            break
    if subject is None and not preds:
        nouns = [lemma for word, lemma in words if word[:1].isupper() or lang != "de"]
        subject = fold(nouns[0]) if nouns else None
    return Counted(frozenset(preds), subject, concept)


def figure_words(doc: Document, f: Figure, toks: list[Token] | None = None) -> list[tuple[str, str]]:
    """Words that say what a figure counts: its counted span, else the rest of its clause.
    ``toks``: the tokens of the figure's sentence, when the caller has them at hand."""
    toks = doc.sentence_tokens(f.sentence) if toks is None else toks
    if f.counted is not None:
        inside = [t for t in toks if f.counted.start <= t.start and t.end <= f.counted.end and t.kind == "word"]
    else:
        inside = []
    clause = []
    after = [t for t in toks if t.start >= f.span.end and t.sent == f.sentence]
    for t in after:
        if t.kind == "punct" and t.text in ",;:.!?":
            break
        if t.kind == "word":
            clause.append(t)
    seen = {id(t) for t in inside}
    return [(t.text, t.lemma or t.text) for t in inside + [t for t in clause if id(t) not in seen]]


# -- comparisons ------------------------------------------------------------------------
COMPARATOR_NAMES = {
    "=": "exact", ">": "more than", ">=": "at least", "<": "less than", "<=": "at most",
    "~": "about", "unspecific": "unspecific",
}


def _sig_digits(x: float) -> int:
    digits = f"{abs(x):.12g}".replace(".", "").lstrip("0").rstrip("0")
    return max(1, len(digits))


def _round_sig(x: float, n: int) -> float:
    if x == 0:
        return 0.0
    return round(x, -int(math.floor(math.log10(abs(x)))) + (n - 1))


def value_relation(a: float | None, b: float | None) -> str:
    """equal, within rounding (equal at the precision of the rounder one), or different."""
    if a is None or b is None:
        return "equal" if a == b else "different"
    if a == b:
        return "equal"
    n = min(_sig_digits(a), _sig_digits(b))
    return "within rounding" if _round_sig(a, n) == _round_sig(b, n) else "different"


def _text(span: dict[str, Any] | None) -> str:
    return span["text"] if span else ""


def claimant(member: dict[str, Any]) -> str:
    """Who a figure's article says claims it: a named speaker, unnamed reports, or the author."""
    if member.get("claimed_by") and member.get("claimed_by_entity") is not None:
        return member["claimed_by"]
    if (
        member.get("claim_form") == "reported"
        or member.get("hedge")
        or (member.get("attribution_id") is not None and not member.get("claimed_by"))
    ):
        return "unnamed reports"  # "Berichten zufolge", "heißt es": a statement nobody signs
    if member.get("claimed_by"):
        return member["claimed_by"]
    return "the author (no source given)"


def compare_figures(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, str]]:
    """Named differences from figure ``a`` (earlier) to ``b``: value, comparator, counted,
    scope, hedge, attribution."""
    out: list[dict[str, str]] = []
    rel = value_relation(a["value"], b["value"])
    if rel != "equal" or a.get("value_high") != b.get("value_high"):
        out.append({"kind": "value", "detail": f"{rel}: “{a['span']['text']}” → “{b['span']['text']}”"})
    if a["comparator"] != b["comparator"]:
        out.append({"kind": "comparator", "detail": f"{COMPARATOR_NAMES.get(a['comparator'], a['comparator'])} "
                    f"(“{a['span']['text']}”) → {COMPARATOR_NAMES.get(b['comparator'], b['comparator'])} "
                    f"(“{b['span']['text']}”)"})
    pa, pb = set(a.get("predicates") or ()), set(b.get("predicates") or ())
    wa, wb = _text(a.get("counted")) or "(not said)", _text(b.get("counted")) or "(not said)"
    if pa != pb and pa and pb:
        if pb < pa:
            how = "narrower"
        elif pb > pa:
            how = "broader"
        else:
            how = "different"
        out.append({"kind": "counted", "detail": f"{how}: “{wa}” ({' or '.join(sorted(pa))}) → "
                    f"“{wb}” ({' or '.join(sorted(pb))})"})
    elif a.get("subject") != b.get("subject") and a.get("subject") and b.get("subject"):
        out.append({"kind": "counted", "detail": f"different subject: “{wa}” → “{wb}”"})
    sa, sb = _text(a.get("scope")), _text(b.get("scope"))
    la, lb = ((m.get("article") or {}).get("lang") or "en" for m in (a, b))
    same_scope = fold(sa) == fold(sb) or (
        sa and sb and (scope_label(sa, la) or sa) == (scope_label(sb, lb) or sb)
    )
    if not same_scope:
        if sa and sb and la != lb and not (scope_label(sa, la) and scope_label(sb, lb)):
            pass  # two languages, a scope we cannot map: not evidence of a change
        elif sa and not sb:
            out.append({"kind": "scope", "detail": f"dropped: “{sa}”"})
        elif sb and not sa:
            out.append({"kind": "scope", "detail": f"added: “{sb}”"})
        else:
            out.append({"kind": "scope", "detail": f"“{sa}” → “{sb}”"})
    ha, hb = _text(a.get("hedge")), _text(b.get("hedge"))
    if bool(ha) != bool(hb):
        out.append({"kind": "hedge", "detail": f"dropped: “{ha}”" if ha else f"added: “{hb}”"})
    ca, cb = claimant(a), claimant(b)
    if ca != cb:
        out.append({"kind": "attribution", "detail": f"{ca} → {cb}"})
    return out


def scope_label(text: str, lang: str) -> str | None:
    """A language-independent label of a time scope ("pro Tag", "a day" -> "per day")."""
    folded = f" {fold(text)} "
    for label, phrases in _claims_data(lang).get("scopes", {}).items():
        if any(f" {fold(p)} " in folded for p in phrases):
            return label
    return None


def word_diff(a: str, b: str) -> list[dict[str, str]]:
    """Word-level changes from quote ``a`` to ``b``: replaced, deleted and inserted words."""
    wa, wb = a.split(), b.split()
    ka, kb = [fold(w) for w in wa], [fold(w) for w in wb]
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=ka, b=kb, autojunk=False).get_opcodes():
        if op != "equal":
            out.append({"op": op, "from": " ".join(wa[i1:i2]), "to": " ".join(wb[j1:j2])})
    return out


def compare_quotes(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, str]]:
    """Named differences from quote ``a`` (earlier) to ``b``: words, form, attribution."""
    out: list[dict[str, str]] = []
    changes = word_diff(a["content"]["text"], b["content"]["text"])
    if changes:
        parts = []
        for c in changes[:6]:
            if c["op"] == "replace":
                parts.append(f"“{c['from']}” → “{c['to']}”")
            elif c["op"] == "delete":
                parts.append(f"dropped “{c['from']}”")
            else:
                parts.append(f"added “{c['to']}”")
        kind = "altered" if a["form"] == "direct" and b["form"] == "direct" else "words"
        out.append({"kind": kind, "detail": "; ".join(parts) + (" …" if len(changes) > 6 else ""),
                    "changes": changes})  # type: ignore[dict-item]
    if a["form"] != b["form"]:
        out.append({"kind": "form", "detail": f"{a['form']} → {b['form']}"})
    sa = a.get("speaker_entity_id") or a.get("speaker_name")
    sb = b.get("speaker_entity_id") or b.get("speaker_name")
    if sa != sb:
        out.append({"kind": "attribution", "detail": f"{a.get('speaker_name') or '(unnamed)'} → "
                    f"{b.get('speaker_name') or '(unnamed)'}"})
    return out


# -- grouping at ingest -------------------------------------------------------------------
def shingles(text: str) -> set[int]:
    """Stable 63-bit hashes of the word 4-grams of a quote (folded, punctuation dropped)."""
    words = fold(text).split()
    return {
        int.from_bytes(hashlib.blake2b(" ".join(words[i : i + SHINGLE]).encode(), digest_size=8).digest(), "big")
        >> 1
        for i in range(max(0, len(words) - SHINGLE + 1))
    }


class ClaimLinker:
    """Puts one article's figures and quotes into claim groups, in the caller's transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def link(self, article_id: int, doc: Document, figure_ids: list[int], attribution_ids: list[int]) -> None:
        entities = {
            r[0] for r in self.db.execute("SELECT DISTINCT entity_id FROM mentions WHERE article_id = ?", (article_id,))
        }
        by_sentence: dict[int, list[Token]] = {}
        for t in doc.tokens:
            by_sentence.setdefault(t.sent, []).append(t)
        for f, fid in zip(doc.figures, figure_ids, strict=True):
            self._figure(article_id, doc, f, fid, entities, by_sentence.get(f.sentence, []))
        for at, aid in zip(doc.attributions, attribution_ids, strict=True):
            if len(at.content.text.split()) >= QUOTE_MIN_WORDS:
                self._quote(article_id, aid, at.content.text)

    def _figure(
        self, article_id: int, doc: Document, f: Figure, fid: int, entities: set[int], toks: list[Token]
    ) -> None:
        if f.value is None or f.value == 0:
            return
        counted = counted_of(figure_words(doc, f, toks), doc.lang)
        if counted.key is None:
            return
        key = f"{f.unit or ''}|{counted.key}"
        self.db.execute(
            "UPDATE figures SET predicates = ?, subject = ? WHERE id = ?",
            (" ".join(sorted(counted.predicates)), counted.subject, fid),
        )
        best = None
        for gid, value, other_article in self.db.execute(
            "SELECT g.id, f.value, m.article_id FROM claim_groups g JOIN claim_members m ON m.group_id = g.id "
            "JOIN figures f ON f.id = m.figure_id WHERE g.kind = 'figure' AND g.key = ? "
            "ORDER BY g.id DESC LIMIT ?",  # the most recent groups: cost per article stays flat
            (key, CANDIDATES),
        ).fetchall():
            if value is None or other_article == article_id:
                continue
            ratio = max(value, f.value) / min(value, f.value) if min(value, f.value) > 0 else math.inf
            if ratio > MAX_RATIO or not self._share_entity(other_article, entities):
                continue
            if best is None or ratio < best[1] or (ratio == best[1] and gid < best[0]):
                best = (gid, ratio)
        if best is None:
            label = f"{f.span.text} · {counted.key}"
            gid = int(self.db.execute(
                "INSERT INTO claim_groups (kind, key, label) VALUES ('figure', ?, ?)", (key, label)
            ).lastrowid or 0)
        else:
            gid = best[0]
        self.db.execute(
            "INSERT INTO claim_members (group_id, figure_id, article_id) VALUES (?, ?, ?)", (gid, fid, article_id)
        )

    def _share_entity(self, other_article: int, entities: set[int]) -> bool:
        if not entities:
            return False
        marks = ", ".join("?" * len(entities))
        return self.db.execute(
            f"SELECT 1 FROM mentions WHERE article_id = ? AND entity_id IN ({marks}) LIMIT 1",
            (other_article, *entities),
        ).fetchone() is not None

    def _quote(self, article_id: int, aid: int, content: str) -> None:
        mine = shingles(content)
        if not mine:
            return
        counts: dict[int, int] = {}
        hashes = list(mine)
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for gid, n in self.db.execute(
                f"SELECT group_id, count(DISTINCT hash) FROM quote_shingles WHERE hash IN ({marks}) GROUP BY group_id",
                chunk,
            ):
                counts[gid] = counts.get(gid, 0) + n
        best = None
        for gid, n in counts.items():
            size = self.db.execute("SELECT shingles FROM claim_groups WHERE id = ?", (gid,)).fetchone()[0]
            share = n / max(1, min(len(mine), size))
            if share >= QUOTE_OVERLAP and (best is None or share > best[1]):
                best = (gid, share)
        if best is None:
            label = " ".join(content.split()[:10]) + ("…" if len(content.split()) > 10 else "")
            gid = int(self.db.execute(
                "INSERT INTO claim_groups (kind, key, label, shingles) VALUES ('quote', '', ?, ?)", (label, len(mine))
            ).lastrowid or 0)
            self.db.executemany(
                "INSERT INTO quote_shingles (hash, group_id) VALUES (?, ?)", [(h, gid) for h in mine]
            )
        else:
            gid = best[0]
        self.db.execute(
            "INSERT INTO claim_members (group_id, attribution_id, article_id) VALUES (?, ?, ?)", (gid, aid, article_id)
        )
