"""One entity per real speaker or organisation across articles.

Where a cross-article entity is made: :meth:`EntityLinker.link` runs inside the store's
transaction for each new article and links every referent the article names (the fullest name
the article gives a person, organisation, place or outlet; or a speaker description like "der
Kremlchef") to an entity row. Rules, strongest first, each recorded in ``entity_links.rule``:

``alias``
    the name's key (:func:`~quotetrail.link.names.skeleton`: case, accents, transliteration
    folded) is a known name of exactly one entity: its canonical name, a seeded alias (user
    ``--entities`` file or ``lang/common/entities.json``) or a variant linked earlier.
``transliteration``
    a full name in another language whose key is close to a known full name with the same
    start of the surname (rapidfuzz), e.g. "Gorbatschow" / "Gorbachev".
``surname``
    a bare surname ("Rutte") when exactly one person with that surname is known by full name.
    When a second person with that surname appears, these links are undone: the bare name goes
    back to a surname-only entity, because wrong merges are worse than missed ones.
``prominent``
    a bare surname several known people share, when one of them is named in full by at least
    :data:`PROMINENT_SHARE` of the articles that name any of them in the months around the
    article ("Trump" in 2016 news is Donald Trump, not Ivanka or Eric); otherwise it stays a
    surname-only entity.
``role`` / ``office``
    a description naming a role ("der NATO-Chef", "the Republican nominee"), linked to the
    person who held it on the statement's date: a user's dated seed; else the one person the
    articles of the same days (:data:`ROLE_RECENT`) tie to the role ("NATO-Generalsekretär Mark
    Rutte" elsewhere; when they tie it to several, the one the table names too, else one tied
    far more often than the rest, else nobody); else the dated table of offices
    (:mod:`quotetrail.link.offices`, ``office``); else the one person articles within
    :data:`ROLE_VALID` tie to it.
``description``
    a definite description of one person that the article ties to no name ("the billionaire",
    "the former Florida governor", "the GOP front-runner"): the one person named earlier in the
    article whom articles within :data:`ROLE_VALID` called by all its words together, at least
    :data:`DESCRIBED_MIN` times ("billionaire Donald Trump", "former Florida Gov. Jeb Bush";
    the words each article hangs on a name are kept as ``desc:`` rows of ``role_holders``);
    nobody when two people of the article fit (words in ``lang/<code>/speakers.json``).
``organisation``
    a campaign or administration of a person known by full name ("the Trump campaign",
    "Hillary Clinton's campaign") is an organisation of its own ("Donald Trump campaign"),
    speaking on that person's behalf (words in ``lang/<code>/speakers.json``).
``new`` / ``ambiguous``
    nothing matched (a new entity), or several people share the surname (a surname-only entity).
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

import simplemma
from rapidfuzz import fuzz

from quotetrail import lang as langdata
from quotetrail.analysis.attribution.speaker_head import (
    HOW_ORGANISATION,
    HOW_SPONSOR,
    description_words,
    made_by_parts,
    name_context,
    organisation_kind,
    speaker_words,
)
from quotetrail.analysis.entities import lexicon
from quotetrail.link.names import is_full_name, is_pronoun, role_key, skeleton, surname
from quotetrail.link.offices import holder as office_holder
from quotetrail.model import Attribution, Document, Span

_POSSESSIVE = re.compile(r"['’]s?$")

# A role tie learned from an article holds this long beyond the last article that made it.
ROLE_VALID = timedelta(days=365)
# ... and within this, the news of the same days, it outranks the table of offices.
ROLE_RECENT = timedelta(days=30)
# Full-name similarity (0-100, on name keys) for a cross-language spelling variant.
TRANSLITERATION_MIN = 88
# A bare surname goes to the person of that surname whom at least this share of the articles
# naming any of them in full names (within ROLE_VALID of the article), and at least
# PROMINENT_MIN articles: one Donald Trump article against one Ivanka Trump article decides nothing.
PROMINENT_SHARE = 0.8
PROMINENT_MIN = 3
# role_holders rows that hold the words articles hang on a person's name, not a role key
DESCRIBED = "desc:"
# ... and a description goes to a person only when articles called them so this many times
DESCRIBED_MIN = 2


@dataclass
class Seed:
    """An entity a user (or the built-in data) declares: canonical name, type and aliases."""

    name: str
    type: str = "PER"
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    # role keys the entity holds ("ru.head"), each with optional first and last day in office
    roles: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Seed:
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"].strip():
            raise ValueError("each entity needs a 'name'")
        aliases = data.get("aliases") or []
        roles = data.get("roles") or []
        if not isinstance(aliases, list) or not isinstance(roles, list):
            raise ValueError(f"{data['name']}: 'aliases' and 'roles' must be lists")
        parsed: list[tuple[str, str | None, str | None]] = []
        for r in roles:
            if isinstance(r, dict):  # {role: us.head, from: 2025-01-20, to: null}
                if not r.get("role"):
                    raise ValueError(f"{data['name']}: a role needs 'role' (a key such as us.head)")
                try:
                    first, last = (date.fromisoformat(str(r[k])).isoformat() if r.get(k) else None
                                   for k in ("from", "to"))
                except ValueError as exc:
                    raise ValueError(f"{data['name']}: role dates must be YYYY-MM-DD ({exc})") from exc
                parsed.append((str(r["role"]), first, last))
            else:
                parsed.append((str(r), None, None))
        return cls(
            name=data["name"].strip(),
            type=str(data.get("type") or "PER").upper(),
            aliases=[str(a) for a in aliases if str(a).strip()],
            wikidata=str(data["wikidata"]) if data.get("wikidata") else None,
            roles=parsed,
        )


@cache
def _nicknames() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in langdata.load("common", "nicknames").get("groups", []):
        for name in group:
            out.setdefault(skeleton(name), skeleton(group[0]))
    return out


def nickname_key(first: str) -> str:
    """The first name a form stands for ("bil" -> "wiliam"), on name keys."""
    return _nicknames().get(first, first)


@cache
def builtin_variants() -> dict[tuple[str, str], str]:
    """(name key, type) -> canonical name, from ``lang/common/entities.json``."""
    out: dict[tuple[str, str], str] = {}
    for raw in langdata.load("common", "entities").get("entities", []):
        seed = Seed.from_dict(raw)
        for name in (seed.name, *seed.aliases):
            out[(skeleton(name), seed.type)] = seed.name
    return out


def referent_key(written: str, label: str) -> tuple[str, str, str]:
    """What a referent is filed under: the name as written without a possessive ("Trump's" is
    Trump), the name it stands for (a built-in variant's canonical name) and that name's key.
    Pure, so the Spark batch (batch/link.py) groups mentions exactly as :meth:`EntityLinker.link` looks them up."""
    written = _POSSESSIVE.sub("", written)
    name = builtin_variants().get((skeleton(written), label), written)
    return written, name, skeleton(name)


_INITIAL = re.compile(r"[A-Z]\.")
# a capital inside a word after three lower-case letters: "NeverTrump", "SurveyMonkey" are a
# movement or a brand, no person's name ("McCain", "DeSantis", "MacDonald" are)
_CAMEL = re.compile(r"[a-z]{3}[A-Z]")


def _name_words(name: str) -> list[str]:
    """The words of a name without middle initials: "William A. Birdthistle" -> William, Birdthistle."""
    words = name.split()
    return [w for k, w in enumerate(words) if not (0 < k < len(words) - 1 and _INITIAL.fullmatch(w))]


def _bare_name(doc: Document, span: Span | None, name: str) -> bool:
    """A name written as one or two capitalised words (a middle initial aside) that are no
    inflected common noun and no known role: "Putin", "Jana Mertens", "Jo-Renee Formicola",
    "William A. Birdthistle" (not "Berichten", "Der Kremlchef")."""
    words = _name_words(name)
    if not 1 <= len(words) <= 2 or role_key(name, doc.lang) is not None:
        return False
    if not all(w[:1].isupper() and any(c.islower() for c in w) and w.replace("-", "").isalpha() for w in words):
        return False
    if any(_CAMEL.search(w) for w in words):
        return False
    if span is None or span.text.casefold() != name.casefold():
        return False
    toks = [t for t in doc.tokens if span.start <= t.start and t.end <= span.end]
    # "Berichten" is an inflected noun; a first name may be a word ("Rush Limbaugh"), and a
    # transcript's "TRUMP:" has no lemma of its own
    last = toks[-1] if toks else None
    return len(toks) == len(name.split()) and last is not None and (
        (last.lemma or last.text) == last.text or last.text.isupper())


def _without_determiner(text: str, lang: str) -> str:
    words = text.split()
    return " ".join(words[1:] if words and words[0].casefold() in speaker_words(lang).determiners else words)


_INDEFINITE = frozenset({"a", "an", "another", "one", "ein", "eine", "einer", "einem", "einen"})
# determiners of a plural: before a singular name they count the noun after it ("two Forbes
# reporters"), so the name is no description there
_COUNTING = frozenset({"two", "three", "many", "several", "these", "those"})


def _written_as_name(doc: Document, name: str, lang: str) -> str | None:
    """``name`` without a leading determiner when it is one to four capitalised words that the
    article also writes, the same way, inside a sentence after a lower-case word ("according to
    Judicial Watch", "told Forbes"), so a proper name and not a sentence's first word ("Critics",
    "Officials"); else None. Not when it may be a person or a description of one: a first name
    or title among its words, a person the article names with its last word ("Rep. Steve
    Israel"), a plural ("Democrats" are a group, each a speaker of its own), a noun after "a"
    or "the" ("a New Hampshire Democrat", "the Chinese"), or the tail of a longer name
    ("… Control and Prevention"). English only: German capitalises every noun."""
    words = name.split()
    determiners = speaker_words(lang).determiners
    if words and words[0].casefold() in determiners:
        words = words[1:]
    if not 1 <= len(words) <= 4 or speaker_words(lang).nouns_capitalised or is_pronoun(" ".join(words), lang):
        return None
    lex = lexicon(lang)
    if not all(w[:1].isupper() and any(c.islower() for c in w) and w.replace("-", "").replace(".", "").isalnum()
               for w in words) or any(w in lex.first_names or w.casefold() in lex.titles for w in words):
        return None
    if any((m.label == "PER" and words[-1] in m.span.text.split()) or (m.label == "LOC" and m.name == " ".join(words))
           for m in doc.mentions):
        return None  # a person ("Rep. Steve Israel"), or a place: a dateline or a cut phrase as often as a state
    if any(f"{t} {words[-1]}" in doc.text for t in lex.title_genders if t[:1].isupper()):
        return None  # "Ms. DeMoro" elsewhere: a person the entity step did not find
    toks = doc.tokens
    links = speaker_words(lang).links | speaker_words(lang).coordinators
    found = False
    for x in range(2, len(toks) - len(words) + 1):
        if toks[x].text != words[0] or [t.text for t in toks[x : x + len(words)]] != words:
            continue
        prev, last = toks[x - 1], toks[x + len(words) - 1]
        if last.lemma and last.lemma.casefold() != last.text.casefold():
            return None  # "Republicans" -> "Republican": a plural, a group
        if prev.text.casefold() in _COUNTING:
            continue  # "two Forbes reporters": neither a description nor evidence of a name
        if prev.text.casefold() in _INDEFINITE or (prev.text.casefold() in determiners and len(words) == 1):
            return None  # "a New Hampshire Democrat", "the Chinese": a description
        if prev.sent != toks[x].sent or prev.kind != "word" or not prev.text[:1].islower() or (
                prev.text.casefold() in determiners):
            continue  # "the Wisconsin Republican" may be a person's description
        if prev.text.casefold() in links and toks[x - 2].text[:1].isupper():
            return None  # "Disease Control and Prevention": the tail of a longer name
        after = toks[x + len(words)] if x + len(words) < len(toks) else None
        if after is not None and (after.text[:1].isupper() or after.text[:1] in "'’"):
            continue  # "told Forbes Magazine", "Forbes's reporter": part of something else
        found = True
    return " ".join(words) if found else None


@cache
def _organisation_heads(lang: str) -> frozenset[str]:
    """Last words of an organisation's name: names.json's ``org_heads`` and the kinds of
    speakers.json's ``organisation_nouns`` ("Office", "Court", "Inc")."""
    kinds = speaker_words(lang).organisation_nouns
    return frozenset(
        {h.casefold().rstrip(".") for h in lexicon(lang).org_heads}
        | {w.rstrip(".") for ws in kinds.values() for w in ws}
    )


def _organisation_name(name: str, lang: str) -> str | None:
    """ "The International Lending Fund" -> "International Lending Fund": two or more
    capitalised words (after a determiner and its lower-case adjectives) whose last is an organisation's head word
    (:func:`_organisation_heads`); else None. German capitalises every noun, so there the
    words must include one no dictionary knows ("Berliner Polizei" stays a description)."""
    words = name.split()
    if words and words[0].casefold() in speaker_words(lang).determiners:
        words = words[1:]
        while words and words[0].islower() and words[0].isalpha():
            words = words[1:]  # "the independent Regional Audit Office"
    if len(words) < 2 or words[-1].casefold().rstrip(".") not in _organisation_heads(lang):
        return None
    if not all(w[:1].isupper() and any(c.isalpha() for c in w) for w in words):
        return None
    if speaker_words(lang).nouns_capitalised and all(dictionary_word(w, lang) for w in words):
        return None
    return " ".join(words)


# dictionary_word's answers for the article being linked, computed by an ingest worker that has
# the dictionaries loaded anyway (api.py): the writer then never loads simplemma's tables (~1.7 s CPU)
_answers: dict[tuple[str, str], bool] = {}


def use_dictionary_answers(answers: dict[tuple[str, str], bool]) -> None:
    """Answers of :func:`dictionary_word` for the next article, (word, lang) -> bool, given by
    whoever has the dictionaries loaded; a word not among them is looked up as usual."""
    _answers.clear()
    _answers.update(answers)


def dictionary_word(word: str, lang: str) -> bool:
    """``word`` (or its lower case) is a word of the language's dictionary ("Berichten",
    "Rush"), so alone it may not be a name."""
    if lang not in langdata.SUPPORTED:
        return False
    known = _answers.get((word, lang))
    if known is None:
        known = bool(simplemma.is_known(word, lang=lang)) or bool(simplemma.is_known(word.lower(), lang=lang))
    return known


@dataclass
class ArticleLinks:
    """The entity of each referent of one article."""

    by_name: dict[tuple[str, str], int] = field(default_factory=dict)  # (name, label) -> entity
    speakers: list[int | None] = field(default_factory=list)  # per attribution
    principals: list[int | None] = field(default_factory=list)  # on whose behalf, per attribution


class EntityLinker:
    """Links one article's referents to entities, inside the caller's transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.day: date | None = None  # the publication date of the article being linked
        self._written: dict[str, str | None] = {}

    # -- entry points -----------------------------------------------------------------
    def link(self, article_id: int, doc: Document) -> ArticleLinks:
        lang = doc.lang
        day = self.day = doc.article.published
        self._written = {}  # _written_as_name per name, for this article
        out = ArticleLinks()
        roles: dict[tuple[str, str], set[str]] = {}
        for m in doc.mentions:
            ref = (m.name, m.label)
            if ref not in out.by_name:
                out.by_name[ref] = self._link_referent(article_id, m.name, m.label, lang)
            if m.role:
                roles.setdefault(ref, set()).add(m.role)
        for ref, keys in roles.items():
            for key in keys:
                self._hold_role(key, out.by_name[ref], day)
        people = self._hold_descriptions(doc, out.by_name, lang, day)
        named = {name: eid for (name, label), eid in out.by_name.items() if label in ("PER", "ORG", "MEDIA", "MISC")}
        for at in doc.attributions:
            principal = (
                self._named(article_id, doc, at.principal_name, at.principal, named, lang)
                if at.principal_name else None
            )
            # a campaign of the principal first: "Team Trump" looks like a name of two words
            speaker = self._organisation(article_id, at, principal, lang) if principal is not None else None
            if speaker is None:
                speaker = self._speaker(article_id, doc, at, named, lang, day, people)
            out.speakers.append(speaker)
            out.principals.append(principal)
        return out

    def seed(self, seeds: Iterable[Seed]) -> int:
        """Declare entities with their aliases (and roles they hold); returns how many."""
        n = 0
        for s in seeds:
            eid = self._create(s.name, s.type, full=is_full_name(s.name), lang="")
            if s.wikidata:
                self.db.execute("UPDATE entities SET wikidata = ? WHERE id = ?", (s.wikidata, eid))
            for alias in s.aliases:
                self._alias(eid, alias, "seed")
            for role, first, last in s.roles:
                self.db.execute(
                    "INSERT INTO role_holders (role, entity_id, first, last, n, seeded) VALUES (?, ?, ?, ?, 0, 1) "
                    "ON CONFLICT (role, entity_id) DO UPDATE SET seeded = 1, first = excluded.first, last = excluded.last",
                    (role, eid, first, last),
                )
            n += 1
        return n

    # -- rules ------------------------------------------------------------------------
    def _link_referent(self, article_id: int, written: str, label: str, lang: str) -> int:
        written, name, _key = referent_key(written, label)
        eid, rule = self._resolve(name, label, lang)
        self._record(article_id, written, label, eid, rule)
        if label == "PER" and rule in ("alias", "new", "transliteration") and is_full_name(name) and self.day:
            self.db.execute(
                "INSERT INTO entity_months (entity_id, month, n) VALUES (?, ?, 1) "
                "ON CONFLICT (entity_id, month) DO UPDATE SET n = n + 1",
                (eid, self.day.isoformat()[:7]),
            )
        return eid

    def _resolve(self, name: str, label: str, lang: str) -> tuple[int, str]:
        key = skeleton(name)
        hits = [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
                "WHERE a.key = ? AND e.type = ? AND e.merged_into IS NULL ORDER BY e.id",
                (key, label),
            )
        ]
        if hits:
            return hits[0], "alias"
        if label != "PER":
            return self._create(name, label, full=False, lang=lang), "new"
        if not is_full_name(name):
            return self._bare_surname(name)
        variant = self._transliteration(name, lang) or self._middle_name(name, lang)
        if variant is not None:
            self._alias(variant, name, "name")
            return variant, "transliteration"
        eid = self._create(name, label, full=True, lang=lang)
        sur = skeleton(surname(name, lang))
        self._settle_surname(eid, sur)
        self._late_speakers(eid, surname(name, lang), sur)
        return eid, "new"

    def _middle_name(self, name: str, lang: str) -> int | None:
        """ "Hillary Rodham Clinton" and "Hillary Clinton", "Loretta E. Lynch" and "Loretta
        Lynch", "Geoff Garin" and "Geoffrey Garin": the same surname, the same first name or a
        form of it (``lang/common/nicknames.json``), one perhaps with a middle name (only when
        exactly one known person fits)."""
        words = [skeleton(w) for w in name.split()]
        sur = skeleton(surname(name, lang))
        fits = []
        for eid, canonical in self.db.execute(
            "SELECT id, name FROM entities WHERE type = 'PER' AND partial = 0 AND merged_into IS NULL AND surname = ?",
            (sur,),
        ):
            other = [skeleton(w) for w in canonical.split()]
            short, long_ = sorted((words, other), key=len)
            first = short[0] == long_[0] or nickname_key(short[0]) == nickname_key(long_[0])
            if first and set(short[1:]) <= set(long_[1:]) and (len(short) != len(long_) or short[0] != long_[0]):
                fits.append(eid)
        return fits[0] if len(fits) == 1 else None

    def _late_speakers(self, eid: int, written_surname: str, sur: str) -> None:
        """Statements by a bare surname stored before this person was known by full name
        ("Rutte" in a blog ingested before the news with "Mark Rutte")."""
        if len(self._full_people(sur)) != 1:
            return
        rows = self.db.execute(
            "SELECT DISTINCT article_id, speaker_name FROM attributions WHERE speaker_entity_id IS NULL "
            "AND speaker_name = ? AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = "
            "attributions.article_id AND m.label = 'LOC' AND m.text = attributions.speaker_name)",
            (written_surname,),
        ).fetchall()  # not where the article names a place so ("Israel said" of the country)
        for article_id, name in rows:
            self.db.execute(
                "UPDATE attributions SET speaker_entity_id = ? WHERE article_id = ? AND speaker_name = ? "
                "AND speaker_entity_id IS NULL",
                (eid, article_id, name),
            )
            self._record(article_id, name, "PER", eid, "surname")

    def _bare_surname(self, name: str) -> tuple[int, str]:
        key = skeleton(name)
        full = self._full_people(key)
        if len(full) == 1:
            return full[0], "surname"
        prominent = self._prominent(full)
        if prominent is not None:
            return prominent, "prominent"
        return self._partial(name, key), ("ambiguous" if full else "new")

    def _prominent(self, people: list[int]) -> int | None:
        """The one of ``people`` (sharing a surname) whom the news around the article's date
        name in full far more often than the others, if any."""
        if len(people) < 2 or self.day is None:
            return None
        lo = (self.day - ROLE_VALID).isoformat()[:7]
        hi = (self.day + ROLE_VALID).isoformat()[:7]
        marks = ", ".join("?" * len(people))
        counts = self.db.execute(
            f"SELECT entity_id, sum(n) AS n FROM entity_months WHERE entity_id IN ({marks}) "
            "AND month BETWEEN ? AND ? GROUP BY entity_id ORDER BY n DESC, entity_id",
            (*people, lo, hi),
        ).fetchall()
        if not counts:
            return None
        total = sum(n for _, n in counts)
        best, n = counts[0]
        return int(best) if n >= PROMINENT_MIN and n >= PROMINENT_SHARE * total else None

    def _transliteration(self, name: str, lang: str) -> int | None:
        """A known full name spelled the way another language writes it."""
        sur = skeleton(surname(name, lang))
        key = skeleton(name)
        prefix = sur[:4]
        best: tuple[float, int] | None = None
        for eid, canonical in self.db.execute(
            "SELECT id, name FROM entities WHERE type = 'PER' AND partial = 0 AND merged_into IS NULL "
            "AND surname >= ? AND surname < ?",
            (prefix, prefix + "\uffff"),
        ).fetchall():
            score = fuzz.ratio(key, skeleton(canonical))
            if score < TRANSLITERATION_MIN or lang in self._languages(eid):
                continue  # within one language, spellings that differ are different names
            if best is None or score > best[0]:
                best = (score, eid)
        return best[1] if best else None

    def _settle_surname(self, eid: int, sur: str) -> None:
        """A new full-name person: a surname-only entity joins it if it is the only person
        with that surname; with two or more, earlier surname links are undone."""
        people = self._full_people(sur)
        partial = self.db.execute(
            "SELECT id, merged_into FROM entities WHERE type = 'PER' AND partial = 1 AND surname = ?", (sur,)
        ).fetchone()
        if len(people) == 1:
            if partial is not None and partial[1] is None:
                self._merge(partial[0], eid)
            return
        prominent = self._prominent(people)
        for other in people:
            if other != eid and other != prominent:
                self._unlink_surname(other, sur)

    def _unlink_surname(self, person: int, sur: str) -> None:
        links = self.db.execute(
            "SELECT article_id, name FROM entity_links WHERE entity_id = ? AND rule = 'surname'", (person,)
        ).fetchall()
        if not links:
            return
        partial = self._partial(links[0][1], sur)
        for article_id, name in links:
            self.db.execute(
                "UPDATE entity_links SET entity_id = ?, rule = 'ambiguous' WHERE article_id = ? AND name = ? AND label = 'PER'",
                (partial, article_id, name),
            )
            self.db.execute(
                "UPDATE mentions SET entity_id = ? WHERE entity_id = ? AND article_id = ?", (partial, person, article_id)
            )
            self.db.execute(
                "UPDATE attributions SET speaker_entity_id = ? WHERE speaker_entity_id = ? AND article_id = ? "
                "AND speaker_name = ?",
                (partial, person, article_id, name),
            )
            self.db.execute(
                "UPDATE attributions SET principal_entity_id = ? WHERE principal_entity_id = ? AND article_id = ? "
                "AND principal_name = ?",
                (partial, person, article_id, name),
            )

    def _merge(self, source: int, target: int) -> None:
        self.db.execute("UPDATE entity_links SET entity_id = ?, rule = 'surname' WHERE entity_id = ?", (target, source))
        self.db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (target, source))
        self.db.execute("UPDATE attributions SET speaker_entity_id = ? WHERE speaker_entity_id = ?", (target, source))
        self.db.execute("UPDATE attributions SET principal_entity_id = ? WHERE principal_entity_id = ?", (target, source))
        self.db.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (target, source))

    def _speaker(
        self, article_id: int, doc: Document, at: Attribution, named: dict[str, int], lang: str,
        day: date | None, people: list[tuple[int, int]] | None = None,
    ) -> int | None:
        name = at.speaker_name
        if not name or is_pronoun(name, lang):
            return None  # an unresolved "he", "who", "they": shown as unresolved, never an entity
        if name in named:
            return named[name]
        if made_by_parts(at.made_by)[1] in (HOW_ORGANISATION, HOW_SPONSOR):
            # "the fund": the analysis tied it to "International Monetary Fund", a name of
            # capitalised words the entity step did not know as an organisation; "the poll"
            # to its sponsor
            named[name] = self._link_referent(article_id, name, "ORG", lang)
            return named[name]
        org = _organisation_name(name, lang)
        if org is not None:
            # "The Congressional Budget Office": capitalised words headed by an organisation's
            # word, as written by the article; the same organisation "the office" was tied to
            named[name] = self._link_referent(article_id, org, "ORG", lang)
            return named[name]
        if name.isupper() and all(len(w) >= 4 for w in name.split()):
            name = name.title()  # "TRUMP:", "JAKE TAPPER:" in a transcript; not "FBI"
            if name in named:
                return named[name]
        # a known name the analysis did not find as a mention, or a description the user
        # declared as an alias ("der Kremlchef" in an entities file)
        words = name.split()
        # "Israel said" where the article names the country: no person's surname ("Steve Israel")
        looks_named = _bare_name(doc, at.speaker_ref or at.speaker, name) and not any(
            m.label == "LOC" and m.name == name for m in doc.mentions)
        for variant, kinds in ((name, ("name", "seed")), (" ".join(words[1:]), ("seed", "seed"))):
            if not variant:
                continue
            row = self.db.execute(
                "SELECT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
                "WHERE a.key = ? AND (a.kind = 'seed' OR (a.kind IN (?, ?) AND e.type = 'PER' AND ?)) "
                "AND e.merged_into IS NULL ORDER BY e.id",
                (skeleton(variant), *kinds, looks_named),
            ).fetchone()
            if row:
                self._record(article_id, name, "ROLE", row[0], "alias")
                return int(row[0])
        words = _name_words(name)
        if len(words) == 1 and name.isalpha() and name[:1].isupper() and _CAMEL.search(name):
            # "RealClearPolitics", "NeverTrump": a brand or a movement speaks, never a person
            named[name] = self._link_referent(article_id, name, "ORG", lang)
            return named[name]
        if looks_named and (
            # "Jana Mertens", not "Berliner Polizei"
            (len(words) == 2 and (words[0] in lexicon(lang).first_names or not dictionary_word(words[0], lang)))
            # "Rush Limbaugh": where only names are capitalised, a surname no dictionary knows
            or (len(words) == 2 and not speaker_words(lang).nouns_capitalised and not dictionary_word(words[1], lang))
            # "Rush Limbaugh": a first word that is also a word, before a known surname
            or (len(words) == 2 and bool(self._people_with_surname(skeleton(words[1]))))
            or (len(words) == 1 and bool(self._full_people(skeleton(name))))
            # a new surname-only person only if no dictionary knows the word ("Putin", not
            # "Beobachter"); a surname that is also a word is linked when its full name appears
            or (len(words) == 1 and not dictionary_word(name, lang))
        ):
            # a person the article names only by surname ("Rutte"): the analysis finds no
            # mention without a full name in the same article, the store knows more
            named[name] = self._link_referent(article_id, name, "PER", lang)
            return named[name]
        key = role_key(name, lang)
        if key is None and people:
            described = self._described(at, name, people, lang, day)
            if described is not None:
                # "the billionaire": the one person of the article whom articles call so
                self._record(article_id, name, "ROLE", described, "description")
                return described
        if key is None:
            # only a phrase that is the name itself (before an apposition: "Judicial Watch, a
            # conservative group"): "People in Fort Pierce" and "One operative inside Trump
            # Tower" end in a name that is not who speaks, so such a link is never reused by name
            written = re.split(r"[,(]", at.speaker.text)[0].strip() if at.speaker else ""
            org = None
            if _without_determiner(written, lang) == _without_determiner(name, lang):
                if name not in self._written:  # one scan of the article's tokens per name
                    self._written[name] = _written_as_name(doc, name, lang)
                org = self._written[name]
            if org is not None:
                # "Forbes", "Judicial Watch": capitalised words the article also writes inside a
                # sentence, so a name, yet no person: the organisation speaks, one in every article
                return self._link_referent(article_id, org, "ORG", lang)
            return None
        # the holder on the statement's date: a user's dated seed; else whom the news of the
        # same days name in that role (the freshest evidence: the table may be out of date);
        # else the table of offices; else whom the stored articles tie to it within a year
        when = at.date.value if at.date is not None and at.date.value and not at.date.inferred else day
        holder, rule = self._seeded_holder(key, when), "office"
        recent = self._role_holders(key, when, ROLE_RECENT) if holder is None else {}
        table = office_holder(key, when) if holder is None and when is not None else None
        if len(recent) > 1:
            # the news of those days tie the role to several people ("Democratic nominee John
            # Kerry" in a look back): the one the table names too, else one tied far more often
            # than all others together, else nobody
            agreed = [eid for eid in recent if table is not None and eid in self._known(table)]
            best, n = max(recent.items(), key=lambda kv: kv[1])
            if agreed:
                holder, rule = agreed[0], "office"
            elif n >= PROMINENT_MIN and n >= PROMINENT_SHARE * sum(recent.values()):
                holder, rule = best, "role"
            else:
                return None
        elif recent:
            holder, rule = next(iter(recent)), "role"
        if holder is None and table is not None:
            holder, rule = self._resolve(table, "PER", lang)[0], "office"
        if holder is None:
            older = self._role_holders(key, when, ROLE_VALID)
            holder, rule = (next(iter(older)) if len(older) == 1 else None), "role"
        if holder is not None:
            self._record(article_id, name, "ROLE", holder, rule)
        return holder

    def _hold_descriptions(
        self, doc: Document, by_name: dict[tuple[str, str], int], lang: str, day: date | None
    ) -> list[tuple[int, int]]:
        """Records, for each person the article names, the words it hangs on the name when one
        names a role ("billionaire Donald Trump", "Florida Sen. Marco Rubio", "Bush, the
        former Florida governor,"): rows ``desc:<entity>:<role word>:<words>`` of
        ``role_holders``, dated like a role, so a description elsewhere can be matched against
        what articles call each person (:meth:`_described`). Returns (start, entity) of each
        person mention, in text order."""
        people: list[tuple[int, int]] = []
        words = speaker_words(lang)
        toks = doc.tokens
        if not words.described_across_articles or not toks:
            return people
        starts = [t.start for t in toks]
        spoken = [(at.speaker.start, at.speaker.end) for at in doc.attributions if at.speaker is not None]

        def speaker_phrase(a: int, b: int) -> bool:
            return any(s < b and a < e for s, e in spoken)

        stop = langdata.wordset(lang if lang in langdata.SUPPORTED else "en", "stopwords")
        held: set[str] = set()
        for m in doc.mentions:
            if m.label != "PER" or (m.name, m.label) not in by_name:
                continue
            eid = by_name[(m.name, m.label)]
            people.append((m.span.start, eid))
            a, b = bisect.bisect_left(starts, m.span.start), bisect.bisect_left(starts, m.span.end)
            if a >= b:
                continue
            context = name_context(doc.article.text, toks, a, b, words, stop, speaker_phrase)
            text = " ".join(sorted(context))
            for head in sorted(w for w in context if words.is_role(w)):
                key = f"{DESCRIBED}{eid}:{head}:{text}"
                if key not in held:
                    held.add(key)
                    self._hold_role(key, eid, day)
        return people

    def _described(
        self, at: Attribution, name: str, people: list[tuple[int, int]], lang: str, day: date | None
    ) -> int | None:
        """The one person named earlier in the article whom articles within :data:`ROLE_VALID`
        call by every word of the definite description ``name`` together ("the former Florida
        governor" after "former Florida Gov. Jeb Bush" here or elsewhere; "the billionaire"):
        none when two people of the article fit, or the description is no role of one person."""
        words = speaker_words(lang)
        desc = description_words(name)
        if at.speaker is None or not 2 <= len(desc) <= 6 or desc[0] not in words.definite_articles:
            return None
        head, wanted = desc[-1], set(desc[1:])
        if not words.is_role(head) or any(
                w in words.links or w in words.pronouns or w in words.determiners or w in words.coordinators
                or w.endswith(words.possessive_suffixes) for w in wanted):
            return None  # "the state's governor", "the chairman of …": another's, or a longer phrase
        said: dict[int, int] = {}  # how often articles called each person by all the words
        for eid in dict.fromkeys(eid for start, eid in people if start < at.speaker.start):
            prefix = f"{DESCRIBED}{eid}:{head}:"
            for role, first, last, n in self.db.execute(
                "SELECT role, first, last, n FROM role_holders WHERE role >= ? AND role < ? AND entity_id = ?",
                (prefix, prefix + "\uffff", eid),
            ):
                if day is not None and first is not None and not (
                        date.fromisoformat(first) - ROLE_VALID <= day <= date.fromisoformat(last) + ROLE_VALID):
                    continue
                if wanted <= set(role[len(prefix):].split()):
                    said[eid] = said.get(eid, 0) + n
            if len(said) > 1:
                return None
        # once is no evidence: early in a store, another person the article names may not have
        # been called so yet ("the front-runner" when so far only a rival was called that)
        return next((eid for eid, n in said.items() if n >= DESCRIBED_MIN), None)

    def _named(
        self, article_id: int, doc: Document, name: str, span: Span | None, named: dict[str, int], lang: str
    ) -> int | None:
        """The entity of a principal: a name the article gives, or a bare name ("Cameron's")."""
        name = _POSSESSIVE.sub("", name)
        if name in named:
            return named[name]
        bare = span is not None and _POSSESSIVE.sub("", span.text) == name
        if bare and _bare_name(doc, Span(span.start, span.start + len(name), name), name):
            return self._link_referent(article_id, name, "PER", lang)
        return None

    def _organisation(self, article_id: int, at: Attribution, principal: int, lang: str) -> int | None:
        """ "The Trump campaign", "Hillary Clinton's campaign", "the Obama administration": an
        organisation of a person the store knows by full name speaks as itself (an ORG entity
        "Donald Trump campaign"), on that person's behalf; the same one in every article."""
        if at.speaker_name is None or at.principal is None:
            return None
        kind = organisation_kind(at.speaker_name, at.principal.text, speaker_words(lang))
        row = self.db.execute(
            "SELECT name FROM entities WHERE id = ? AND type = 'PER' AND partial = 0 AND merged_into IS NULL",
            (principal,),
        ).fetchone()
        if kind is None or row is None:
            return None  # a bare surname several people share owns no campaign
        eid, _ = self._resolve(f"{row[0]} {kind}", "ORG", lang)
        self._record(article_id, at.speaker_name, "ORG", eid, "organisation")
        return eid

    def _record(self, article_id: int, name: str, label: str, eid: int, rule: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO entity_links (article_id, name, label, key, entity_id, rule) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, name, label, skeleton(name), eid, rule),
        )

    def _seeded_holder(self, key: str, day: date | None) -> int | None:
        """A holder a user declared for the role: with dates, the one in office on ``day``."""
        holders = []
        for eid, first, last in self.db.execute(
            "SELECT r.entity_id, r.first, r.last FROM role_holders r JOIN entities e ON e.id = r.entity_id "
            "WHERE r.role = ? AND r.seeded = 1 AND e.merged_into IS NULL",
            (key,),
        ):
            if day is None or first is None or (
                date.fromisoformat(first) <= day and (last is None or day < date.fromisoformat(last))
            ):
                holders.append(eid)
        return holders[0] if len(holders) == 1 else None

    def _role_holders(self, key: str, day: date | None, valid: timedelta) -> dict[int, int]:
        """The people the stored articles tie to the role within ``valid`` of ``day``, with how
        many articles tied each."""
        holders: dict[int, int] = {}
        for eid, first, last, n in self.db.execute(
            "SELECT r.entity_id, r.first, r.last, r.n FROM role_holders r JOIN entities e ON e.id = r.entity_id "
            "WHERE r.role = ? AND r.seeded = 0 AND e.merged_into IS NULL",
            (key,),
        ):
            if day is None or first is None:
                holders[eid] = n
                continue
            lo, hi = date.fromisoformat(first) - valid, date.fromisoformat(last) + valid
            if lo <= day <= hi:
                holders[eid] = n
        return holders

    def _known(self, name: str) -> set[int]:
        """The people known under a full name (a name of the table of offices)."""
        return {
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
                "WHERE a.key = ? AND e.type = 'PER' AND e.merged_into IS NULL",
                (skeleton(name),),
            )
        }

    def _hold_role(self, key: str, eid: int, day: date | None) -> None:
        d = day.isoformat() if day else None
        self.db.execute(
            "INSERT INTO role_holders (role, entity_id, first, last, n) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT (role, entity_id) DO UPDATE SET n = n + 1, "
            "first = CASE WHEN first IS NULL OR excluded.first < first THEN excluded.first ELSE first END, "
            "last = CASE WHEN last IS NULL OR excluded.last > last THEN excluded.last ELSE last END "
            "WHERE seeded = 0",  # a user's dated role is not widened by the articles
            (key, eid, d, d),
        )

    # -- rows ---------------------------------------------------------------------------
    def _create(self, name: str, type_: str, *, full: bool, lang: str) -> int:
        self.db.execute("INSERT OR IGNORE INTO entities (name, type) VALUES (?, ?)", (name, type_))
        eid, merged = self.db.execute(
            "SELECT id, merged_into FROM entities WHERE name = ? AND type = ?", (name, type_)
        ).fetchone()
        if merged is not None:
            return int(merged)
        if type_ == "PER":
            sur = skeleton(surname(name, lang or "de")) if full else skeleton(name)
            self.db.execute("UPDATE entities SET surname = ?, partial = ? WHERE id = ?", (sur, int(not full), eid))
        if full or type_ != "PER":
            self._alias(eid, name, "name")
        return int(eid)

    def _partial(self, name: str, key: str) -> int:
        row = self.db.execute(
            "SELECT id FROM entities WHERE type = 'PER' AND partial = 1 AND surname = ?", (key,)
        ).fetchone()
        if row is not None:
            self.db.execute("UPDATE entities SET merged_into = NULL WHERE id = ?", (row[0],))
            return int(row[0])
        return self._create(name, "PER", full=False, lang="")

    def _alias(self, eid: int, alias: str, kind: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, key, kind) VALUES (?, ?, ?, ?)",
            (eid, alias, skeleton(alias), kind),
        )

    def _people_with_surname(self, sur: str) -> bool:
        return self.db.execute(
            "SELECT 1 FROM entities WHERE type = 'PER' AND merged_into IS NULL AND surname = ? LIMIT 1", (sur,)
        ).fetchone() is not None

    def _full_people(self, sur: str) -> list[int]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM entities WHERE type = 'PER' AND partial = 0 AND merged_into IS NULL AND surname = ? "
                "ORDER BY id",
                (sur,),
            )
        ]

    def _languages(self, eid: int) -> set[str]:
        return {
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT a.lang FROM entity_links l JOIN articles a ON a.id = l.article_id WHERE l.entity_id = ?",
                (eid,),
            )
        }
