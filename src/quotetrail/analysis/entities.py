"""Named mentions: people, organisations, places and media outlets.

Rule-based and gazetteer-driven (all word lists live in ``lang/<code>/names.json``):

* outlets, platforms, organisations and places from the gazetteer (exact case, longest match);
* people as role word(s) + capitalised name ("US-Präsident Donald Trump"), known first name +
  surname ("Mark Rutte"), or a surname the article already introduced with a full name;
* a role tied to a name by the text ("Der NATO-Generalsekretär, Mark Rutte,") lets a later bare
  role ("der NATO-Chef") resolve to that name, through a shared role key in the data;
* outlets also from their context: a leading "X:" in a paragraph, "wie X berichtet".

``Mention.name`` is the fullest name the article gives the referent.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources

import simplemma

from quotetrail import lang as langdata
from quotetrail.analysis.pipeline import component
from quotetrail.link.offices import offices
from quotetrail.model import Document, Mention, Token

_MAX_ROLE = 4  # longest role phrase in tokens ("Präsident der Vereinigten Staaten")
_MAX_NAME = 4
_INITIAL = re.compile(r"[A-Z]\.")  # a middle initial inside a name
_POSSESSIVE_END = re.compile(r"['’]s?$")
_ROMAN = re.compile(r"[IVXLC]+")  # "III" in "Henry III", "World War II"  # name tokens after a first name or title


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    label: str
    name: str


@dataclass
class NameLexicon:
    """The names data of one language, indexed for per-token lookup."""

    first_names: dict[str, str] = field(default_factory=dict)  # name -> "m" / "f" / ""
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)  # first word -> longest first
    roles: dict[str, tuple[str, str]] = field(default_factory=dict)  # phrase -> (key, gender)
    titles: frozenset[str] = frozenset()
    role_firsts: frozenset[str] = frozenset()  # first words of roles and titles
    title_suffixes: tuple[str, ...] = ()
    not_names: frozenset[str] = frozenset()
    media_words: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    intermediary_lead: frozenset[str] = frozenset()
    intermediary_verbs: frozenset[str] = frozenset()
    intermediary_skip: frozenset[str] = frozenset()
    genitive_suffix: str = ""
    title_genders: dict[str, str] = field(default_factory=dict)  # "Mrs." -> "f"
    org_heads: frozenset[str] = frozenset()  # "Initiative", "Stiftung": a name ending so is no person


@cache
def lexicon(code: str) -> NameLexicon:
    """Names data for ``code``; other languages get the English gazetteers (names travel)."""
    data = langdata.load(code if code in langdata.SUPPORTED else "en", "names")
    if not data:
        return NameLexicon()
    phrases: dict[str, list[Phrase]] = {}
    for label, key in (
        ("MEDIA", "media"),
        ("MISC", "platforms"),
        ("ORG", "orgs"),
        ("LOC", "locations"),
    ):
        for entry in data.get(key, []):
            words = tuple(entry.split())
            phrases.setdefault(words[0], []).append(Phrase(words, label, entry))
    for entries in phrases.values():
        entries.sort(key=lambda p: -len(p.words))
    roles = {
        k.casefold(): (v["key"], v.get("gender", "")) for k, v in data.get("roles", {}).items()
    }
    titles = frozenset(t.casefold() for t in data.get("titles", []))
    firsts = {k.split()[0] for k in roles} | {t.split()[0] for t in titles}
    firsts |= {f.split("-")[0] for f in firsts}  # compounds split by the tokenizer
    att = langdata.load(code if code in langdata.SUPPORTED else "en", "attribution") or {}
    inter = att.get("intermediary", {})
    first_names = {**census_first_names(code), **data.get("first_names", {})}
    return NameLexicon(
        first_names=first_names,
        phrases=phrases,
        roles=roles,
        titles=titles,
        role_firsts=frozenset(firsts),
        title_suffixes=tuple(s.casefold() for s in data.get("title_suffixes", [])),
        not_names=frozenset(data.get("not_names", [])),
        media_words=frozenset(w.casefold() for w in data.get("media_words", [])),
        particles=frozenset(data.get("name_particles", [])),
        intermediary_lead=frozenset(w.casefold() for w in inter.get("lead", [])),
        intermediary_verbs=frozenset(w.casefold() for w in inter.get("verbs", [])),
        intermediary_skip=frozenset(w.casefold() for w in inter.get("skip", [])),
        genitive_suffix=str(data.get("genitive_suffix", "")),
        title_genders={k: str(v) for k, v in data.get("title_genders", {}).items()},
        org_heads=frozenset(w.casefold() for w in data.get("org_heads", [])),
    )


@cache
def census_first_names(code: str) -> dict[str, str]:
    """First names with gender ("m", "f", "" for both) from the US Census name lists that the
    ``names`` package ships (public-domain data), without the function words, months and
    weekdays among them ("Will", "May", "June": "In June Trump said" names no June Trump).
    Empty when the package is missing; the curated lists in ``names.json`` still apply."""
    try:
        files = resources.files("names")
    except ModuleNotFoundError:
        return {}
    lang = code if code in langdata.SUPPORTED else "en"
    stop = langdata.wordset(lang, "stopwords") | langdata.wordset("en", "stopwords")
    for code_ in {lang, "en"}:  # "In June Trump said": a month is no first name
        dates = langdata.load(code_, "dates") or {}
        stop |= set(dates.get("months", {})) | set(dates.get("weekdays", {}))
    out: dict[str, str] = {}
    for gender, fname in (("m", "dist.male.first"), ("f", "dist.female.first")):
        for line in (files / fname).read_text(encoding="ascii").splitlines():
            if not line.strip():
                continue
            name = line.split()[0].title()
            if name.lower() in stop:
                continue
            out[name] = "" if out.get(name, gender) != gender else gender
    return out


def person_gender(code: str, name: str) -> str:
    """ "m", "f" or "" (unknown) from the first name of a full name."""
    first = name.split()[0] if name.split() else ""
    return lexicon(code).first_names.get(first, "")


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs begin: after a line break, blank lines folded in
    (scraped text has one paragraph a line; stored text separates them by a blank line)."""
    return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


_PARAGRAPH_BREAK = re.compile(r"\n\s*")


def paragraph_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _low(tok: Token) -> str:
    return tok.text.casefold()


def _lem(tok: Token) -> str:
    return (tok.lemma or tok.text).casefold()


@cache
def _former(code: str) -> frozenset[str]:
    """ "former", "ehemalige": words before a role that make it someone else's (speakers.json)."""
    data = langdata.load(code if code in langdata.SUPPORTED else "en", "speakers") or {}
    return frozenset(str(w).casefold() for w in data.get("former", []))


def match_role(
    lex: NameLexicon, toks: list[Token], i: int, end: int
) -> tuple[int, str, str] | None:
    """A role or title starting at ``toks[i]``: (length, role key or "", gender)."""
    tok = toks[i]
    if tok.kind != "word":
        return None
    # asked at nearly every token, four times over: whether the word can start a role or be
    # a title by its ending depends on the word alone, so it is looked up once per form
    got = _ROLE_STARTS.get(id(lex))
    if got is None or got[0] is not lex:
        got = _ROLE_STARTS[id(lex)] = (lex, {}, _prefixes(lex))
    starts = got[1]
    start = starts.get(key := (tok.text, tok.lemma))
    if start is None:
        low = _low(tok)
        start = starts[key] = (
            low in lex.role_firsts or _lem(tok) in lex.role_firsts,
            tok.text[:1].isupper()
            and low.endswith(lex.title_suffixes)  # one C call; the length check only on a hit
            and any(low.endswith(s) and len(low) > len(s) + 2 for s in lex.title_suffixes),
        )
        if len(starts) > 20_000:
            starts.clear()
    if start[0]:
        # the longest window whose words (as written, else as lemmas) are a role or title;
        # grown a token at a time and stopped once neither form begins any role or title,
        # instead of re-joining every window length from the longest down
        prefixes = got[2]
        best: tuple[int, str, str] | None = None
        low_key = lem_key = ""
        for n in range(1, min(_MAX_ROLE + 2, end - i) + 1):
            t = toks[i + n - 1]
            sep = "" if n == 1 or toks[i + n - 2].end == t.start else " "
            low_key += sep + _low(t)
            lem_key += sep + _lem(t)
            for k in (low_key, lem_key):
                if k in lex.roles:
                    role, gender = lex.roles[k]
                    best = (n, role, gender)
                    break
                if k in lex.titles:
                    best = (n, "", "")
                    break
            if low_key not in prefixes and lem_key not in prefixes:
                break
        if best is not None:
            return best
    if start[1]:
        return 1, "", ""
    return None


def _prefixes(lex: NameLexicon) -> frozenset[str]:
    """Every beginning of a role or title as a string, for stopping a window early."""
    return frozenset(k[:n] for k in (*lex.roles, *lex.titles) for n in range(1, len(k) + 1))


# id(lexicon) -> (the lexicon, (text, lemma) -> (can start a role, a title by its ending),
# every string prefix of its roles and titles)
_ROLE_STARTS: dict[int, tuple[NameLexicon, dict[tuple[str, str], tuple[bool, bool]], frozenset[str]]] = {}


def _is_cap_word(tok: Token, lex: NameLexicon) -> bool:
    return (
        tok.kind == "word"
        and tok.text[:1].isupper()
        and tok.text not in lex.not_names
        and any(c.islower() for c in tok.text)  # acronyms are organisations, not names
    )


@lru_cache(maxsize=4096)
def _holder_named(surname: str, title: str, day: date | None, lang: str) -> str | None:
    """The one holder of an office in the dated table (``lang/common/offices.json``) on ``day``
    with this surname whom ``title`` fits: a word of the office's phrasings ("President
    Obama" in 2016: Barack Obama, not the first lady), or a gendered title of their gender
    ("Mr. Obama"); None when none or several fit."""
    if day is None:
        return None
    lex = lexicon(lang)
    gender = lex.title_genders.get(title, "")
    word = title.casefold().rstrip(".")
    names = set()
    for key, terms in offices().items():
        for t in terms:
            if not (t.covers(day) and t.name.split()[-1] == surname):
                continue
            if gender and lex.first_names.get(t.name.split()[0], gender) == gender:
                names.add(t.name)
            elif not gender and word in _office_words(lang).get(key, ()):
                names.add(t.name)
    return names.pop() if len(names) == 1 else None


@cache
def _office_words(lang: str) -> dict[str, frozenset[str]]:
    """Role key -> every word of its phrasings in ``lang`` ("us.head": "president", "us", …)."""
    words: dict[str, set[str]] = {}
    for phrase, (key, _gender) in lexicon(lang).roles.items():
        if key:
            words.setdefault(key, set()).update(w.casefold().rstrip(".") for w in phrase.split())
    return {k: frozenset(v) for k, v in words.items()}


@lru_cache(maxsize=50_000)  # bounded: a long stream meets new capitalised words without end
def _known_word(word: str, lang: str) -> bool:
    """``word`` or its lower case is in the language's dictionary ("Harbour", not "Durukan")."""
    return bool(simplemma.is_known(word, lang=lang)) or bool(simplemma.is_known(word.lower(), lang=lang))


def _plain_name_word(tok: Token, lex: NameLexicon) -> bool:
    """A capitalised word of letters only ("Durukan", "Durukan's"), no acronym, no listed non-name."""
    word = _POSSESSIVE_END.sub("", tok.text)
    return _is_cap_word(tok, lex) and len(word) >= 2 and word.isalpha()


class _Finder:
    """One article's mentions; each pass is a single walk over the tokens."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.toks = doc.tokens
        self.lex = lexicon(doc.lang)
        self.taken = [False] * len(self.toks)
        self.found: list[tuple[int, int, str, str]] = []  # token start, end, label, name
        self.roles: dict[str, str] = {}  # role key -> name, as the text ties them
        self.role_at: dict[int, str] = {}  # token start of a mention -> the role key tied to it
        self.persons = doc.lang in langdata.SUPPORTED
        # where only names are capitalised, two capitalised words no dictionary knows may be a
        # name whose first name no list has ("Yelmaz Durukan"); German capitalises every noun
        speakers = langdata.load(doc.lang, "speakers") if self.persons else {}
        self.unknown_names = self.persons and not (speakers or {}).get("nouns_capitalised")
        self._alone: dict[str, int] | None = None  # word -> how often it stands alone
        self._title_case: tuple[list[bool], frozenset[str]] | None = None  # see title_case_word
        # token index range of each sentence, for bounded look-ahead
        self.sent_end = [0] * len(self.toks)
        j = len(self.toks)
        for i in range(len(self.toks) - 1, -1, -1):
            if i + 1 < len(self.toks) and self.toks[i + 1].sent != self.toks[i].sent:
                j = i + 1
            self.sent_end[i] = j

    def add(self, i: int, j: int, label: str, name: str) -> None:
        self.found.append((i, j, label, name))
        for k in range(i, j):
            self.taken[k] = True

    def free(self, i: int, j: int) -> bool:
        return not any(self.taken[i:j])

    # -- pass 1: gazetteer -------------------------------------------------------------
    def gazetteer(self) -> None:
        toks, lex = self.toks, self.lex
        i = 0
        while i < len(toks):
            entries = lex.phrases.get(toks[i].text)
            hit = None
            if entries:
                end = self.sent_end[i]
                for p in entries:
                    n = len(p.words)
                    if i + n <= end and all(toks[i + k].text == p.words[k] for k in range(n)):
                        # a title next to a place is a role ("US-Präsident" is one token, but
                        # "US President" is two): leave it to the person pass
                        hit = p
                        break
            if self.persons and match_role(lex, toks, i, self.sent_end[i]) is not None:
                i += 1  # "US President", "NATO Secretary General": left to the person pass
                continue
            if hit is not None:
                self.add(i, i + len(hit.words), hit.label, hit.name)
                i += len(hit.words)
                continue
            t = toks[i]
            if (
                t.kind == "word"
                and 2 <= len(t.text) <= 6
                and t.text.isalpha()
                and t.text.isupper()
                and t.text not in lex.not_names
                and not self.dateline(i)
                and not _ROMAN.fullmatch(t.text)
                and not self.shouted_word(t.text)
            ):
                self.add(i, i + 1, "ORG", t.text)
            i += 1

    def shouted_word(self, word: str) -> bool:
        """ "THE", "IT", "TRUMP" in an English headline in capitals are words, not acronyms.
        (German dictionaries know too many acronyms as words to use this test there.)"""
        return self.doc.lang == "en" and bool(simplemma.is_known(word.lower(), lang="en"))

    def dateline(self, i: int) -> bool:
        """ "FLINT, Mich. —": a place in capitals opening a paragraph, not an acronym."""
        toks, text = self.toks, self.doc.text
        first = i == 0 or "\n" in text[toks[i - 1].end : toks[i].start]
        return first and i + 1 < len(toks) and toks[i + 1].text in (",", "(", "—", "-")

    # -- pass 2: people by title or first name ------------------------------------------
    def title_case_word(self, j: int) -> bool:
        """Whether token ``j`` is capitalised only because its line is an English headline in
        title case ("Hillary Clinton Speaks Directly To Voters"), where capitals say nothing: a
        word there counts as part of a name only if no dictionary knows it or the article also
        capitalises it inside a sentence of its own ("Clinton", not "Speaks")."""
        if self.doc.lang != "en":
            return False  # German capitalises every noun; title case is an English habit
        if self._title_case is None:
            toks, text = self.toks, self.doc.text
            lines: list[list[int]] = [[]]
            for k, t in enumerate(toks):
                if k and "\n" in text[toks[k - 1].end : t.start]:
                    lines.append([])
                lines[-1].append(k)
            flags = [False] * len(toks)
            caps: set[str] = set()
            for line in lines:
                words = {k: w for k in line if toks[k].kind == "word"
                         and (w := _POSSESSIVE_END.sub("", toks[k].text)).isalpha()}
                upper = sum(w[:1].isupper() for w in words.values())
                if len(words) >= 4 and upper >= 0.7 * len(words):  # "Trump Is Right in Ohio"
                    for k in line:
                        flags[k] = True
                    continue
                caps.update(w for k, w in words.items()
                            if w[:1].isupper() and k and toks[k - 1].sent == toks[k].sent
                            and toks[k - 1].kind == "word")
            self._title_case = flags, frozenset(caps)
        flags, caps = self._title_case
        if not flags[j]:
            return False
        word = _POSSESSIVE_END.sub("", self.toks[j].text)  # a lone "’" closing a quote leaves ""
        return bool(word) and word not in caps and _known_word(word.lower(), "en")

    def name_at(self, i: int, end: int) -> int:
        """End (exclusive) of a capitalised name starting at ``i``; ``i`` when there is none."""
        toks, lex = self.toks, self.lex
        j = i
        while j < end and j - i < _MAX_NAME:
            t = toks[j]
            if self.taken[j] or self.title_case_word(j):
                break
            if _is_cap_word(t, lex) and match_role(lex, toks, j, end) is None:
                j += 1
            elif (
                (t.text in lex.particles or _INITIAL.fullmatch(t.text))
                and j > i and j + 1 < end and _is_cap_word(toks[j + 1], lex)
            ):
                j += 1  # "von der Leyen", "Loretta E. Lynch"
            else:
                break
        while j > i and toks[j - 1].text in lex.particles:
            j -= 1
        return j

    def people(self) -> None:
        toks, lex = self.toks, self.lex
        i = 0
        while i < len(toks):
            end = self.sent_end[i]
            if self.taken[i]:
                i += 1
                continue
            role = match_role(lex, toks, i, end)
            if role is not None:
                j = i + role[0]
                # stacked titles: "Ex-Präsident Senator ..."
                while j < end and (more := match_role(lex, toks, j, end)) is not None:
                    role = (role[0] + more[0], more[1] or role[1], more[2] or role[2])
                    j += more[0]
                if j < end and self.genitive_place(j):
                    j += 1  # "Der Innenminister Frankreichs, Nicolas Sarkozy": the place is the role's
                comma = j < end and toks[j].text == ","
                k = j + 1 if comma else j
                n = self.name_at(k, end)
                if n > k and (not comma or n >= end or toks[n].kind == "punct"):
                    name = self.name(k, n)
                    self.add(k, n, "PER", name)
                    for r in range(i, j):
                        self.taken[r] = True  # the role is part of this introduction
                    if role[1]:
                        self.roles.setdefault(role[1], name)
                        self.role_at[k] = role[1]
                    i = n
                    continue
                i = j
                continue
            if toks[i].text in lex.first_names and i + 1 < end and _is_cap_word(toks[i + 1], lex):
                n = self.name_at(i + 1, end)
                if n > i + 1:
                    name = self.name(i, n)
                    if _low(toks[n - 1]) in lex.org_heads:
                        self.add(i, n, "ORG", name)  # "Clinton Climate Initiative": no person
                        i = n
                        continue
                    self.add(i, n, "PER", name)
                    self.apposition(i, n, end, name)
                    i = n
                    continue
            if self.unknown_names and toks[i].text[:1].isupper() and self.unknown_name(i, end):
                name = self.name(i, i + 2)
                self.add(i, i + 2, "PER", name)
                self.apposition(i, i + 2, end, name)
                i += 2
                continue
            i += 1

    def genitive_place(self, k: int) -> bool:
        """ "Frankreichs", "Russlands": a place in the genitive, which follows a role and names
        no one (German)."""
        suffix, word = self.lex.genitive_suffix, self.toks[k].text
        if not suffix or not word.endswith(suffix) or len(word) <= len(suffix) + 1:
            return False
        return any(p.label == "LOC" and len(p.words) == 1 for p in self.lex.phrases.get(word[: -len(suffix)], []))

    def unknown_name(self, i: int, end: int) -> bool:
        """ "Yelmaz Durukan" at ``i``: exactly two capitalised words that no dictionary, list of
        first names or role knows, the second of which the article also writes alone (news name
        a person in full once, then by surname; "Boko Haram" or "Xi Jinping" never are)."""
        toks, lex = self.toks, self.lex
        if i + 1 >= end or not toks[i].text[:1].isupper() or not toks[i + 1].text[:1].isupper():
            return False  # asked at every token: the cheap test first
        first, last = toks[i], toks[i + 1]
        if self.taken[i + 1] or not (_plain_name_word(first, lex) and _plain_name_word(last, lex)) or (
                first.end == last.start or (i + 2 < end and _is_cap_word(toks[i + 2], lex))):
            return False
        surname = _POSSESSIVE_END.sub("", last.text)
        if self._alone is None:
            self._alone = {}
            for k, t in enumerate(toks):
                if t.kind == "word" and t.text[:1].isupper() and (k == 0 or not _is_cap_word(toks[k - 1], lex)):
                    word = _POSSESSIVE_END.sub("", t.text)
                    self._alone[word] = self._alone.get(word, 0) + 1
        if not self._alone.get(surname):
            return False
        if match_role(lex, toks, i, end) is not None or match_role(lex, toks, i + 1, end) is not None:
            return False
        return not (_known_word(first.text, self.doc.lang) or _known_word(surname, self.doc.lang))

    def apposition(self, i: int, n: int, end: int, name: str) -> None:
        """ "Mark Rutte, der NATO-Generalsekretär, ..." ties the role to the name."""
        toks = self.toks
        if n + 2 < end and toks[n].text == ",":
            for k in (n + 1, n + 2):
                role = match_role(self.lex, toks, k, end)
                if role is not None:
                    if role[1]:
                        self.roles.setdefault(role[1], name)
                        self.role_at[i] = role[1]
                    return

    def text(self, i: int, j: int) -> str:
        return self.doc.text[self.toks[i].start : self.toks[j - 1].end]

    def name(self, i: int, j: int) -> str:
        """A person's name as written, without a possessive ending ("James Comey's" names
        James Comey)."""
        return _POSSESSIVE_END.sub("", self.text(i, j))

    # -- pass 3: surnames and roles the article tied to a name --------------------------
    def references(self) -> None:
        toks, lex = self.toks, self.lex
        # surname -> (token index, full name) in text order; "Clinton" may be Bill or Hillary
        surnames: dict[str, list[tuple[int, str]]] = {}
        for i, j, label, name in sorted(self.found):
            if label == "PER" and j - i >= 2:
                last = toks[j - 1].text
                if last[-2:] in ("'s", "’s"):
                    last = last[:-2]  # "Hillary Clinton’s health" introduces "Clinton" too
                surnames.setdefault(last, []).append((i, name))
                gen = lex.genitive_suffix
                if gen and not last.endswith(gen):
                    surnames.setdefault(last + gen, []).append((i, name))  # "Trumps Bitte"

        # the answer depends on the surname and the title's gender only: computed once each,
        # not over every earlier mention at every later one (quadratic in a long text)
        chosen: dict[tuple[str, str], str] = {}

        def nearest(word: str, at: int) -> str:
            """Whom a bare surname means where several people of the article share it: the
            first introduced (news name the main person first and keep full names for the
            others) that a gendered title before it fits ("Mrs. Clinton"), else the first."""
            gender = lex.title_genders.get(toks[at - 1].text, "") if at > 0 else ""
            got = chosen.get((word, gender))
            if got is None:
                cands = surnames[word]  # in text order
                if gender:
                    fits = [(pos, name) for pos, name in cands if lex.first_names.get(name.split()[0], gender) == gender]
                    cands = fits or cands
                got = chosen[(word, gender)] = cands[0][1]
            return got

        # a bare surname found by title ("President Obama") gets the full name too: the one a
        # gendered title fits, else the office holder of that surname on the article's day,
        # else the first introduced, but never one of the other gender ("Mr. Obama" in an
        # article that names only Michelle Obama is not her; nor is "President Obama")
        for n, (i, j, label, _name) in enumerate(self.found):
            if label == "PER" and j - i == 1 and toks[i].text in surnames:
                word = toks[i].text
                gender = lex.title_genders.get(toks[i - 1].text, "") if i > 0 else ""
                fits = [name for _pos, name in surnames[word]
                        if not gender or lex.first_names.get(name.split()[0], gender) == gender]
                if gender and fits:
                    name = fits[0]
                elif office := _holder_named(word, toks[i - 1].text if i > 0 else "",
                                             self.doc.article.published, self.doc.lang):
                    name = office
                elif gender:
                    name = _name  # the article's only namesakes are of the other gender
                else:
                    name = nearest(word, i)
                self.found[n] = (i, j, label, name)
        i = 0
        while i < len(toks):
            if self.taken[i]:
                i += 1
                continue
            end = self.sent_end[i]
            role = match_role(lex, toks, i, end) if self.roles else None
            if role is not None and role[1] in self.roles and not (i > 0 and toks[i - 1].text.casefold() in _former(self.doc.lang)):
                # "the former attorney general" is not the one the article names in office
                self.add(i, i + role[0], "PER", self.roles[role[1]])
                self.role_at[i] = role[1]
                i += role[0]
                continue
            t = toks[i]
            word = t.text
            if word[-2:] in ("'s", "’s") and word[:-2] in surnames:
                word = word[:-2]  # "Trump's" kept as one token
            if t.kind == "word" and word in surnames:
                self.add(i, i + 1, "PER", nearest(word, i))
            i += 1

    # -- pass 4: outlets known from their context ---------------------------------------
    def outlets(self) -> None:
        toks, lex, text = self.toks, self.lex, self.doc.text
        for i, t in enumerate(toks):
            end = self.sent_end[i]
            # "Politico: ..." opening a paragraph
            if (i == 0 or "\n" in text[toks[i - 1].end : t.start]) and _is_cap_word(t, lex):
                j = i
                while j < end and j - i < 4 and _is_cap_word(toks[j], lex):
                    j += 1
                if (
                    j < end
                    and toks[j].text == ":"
                    and self.free(i, j)
                    # only outlet-like names: "Rutte: …" is a person's headline
                    and any(toks[k].text.casefold() in lex.media_words for k in range(i, j))
                ):
                    self.add(i, j, "MEDIA", self.text(i, j))
            # "wie (unter anderem) X berichtet"
            if _low(t) in lex.intermediary_lead:
                j = i + 1
                while j < end and _low(toks[j]) in lex.intermediary_skip:
                    j += 1
                k = j
                while k < end and k - j < 4 and _is_cap_word(toks[k], lex):
                    k += 1
                if (
                    k > j
                    and k < end
                    and (
                        _low(toks[k]) in lex.intermediary_verbs
                        or _lem(toks[k]) in lex.intermediary_verbs
                    )
                    and self.free(j, k)
                ):
                    self.add(j, k, "MEDIA", self.text(j, k))

    def mentions(self) -> list[Mention]:
        out = []
        for i, j, label, name in sorted(self.found):
            span = self.doc.span(self.toks[i].start, self.toks[j - 1].end)
            out.append(Mention(span, label, name, self.role_at.get(i)))  # type: ignore[arg-type]
        return out


@component("find_entities", requires=("tokens", "lemmas"), assigns=("mentions",))
def find_entities(doc: Document) -> Document:
    """Find PER, ORG, LOC and MEDIA mentions; ``name`` is the fullest name in the article."""
    finder = _Finder(doc)
    finder.gazetteer()
    if finder.persons:
        finder.people()
        finder.references()
    finder.outlets()
    doc.mentions = finder.mentions()
    return doc
