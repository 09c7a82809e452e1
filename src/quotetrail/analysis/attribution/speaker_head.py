"""Who a speaker phrase names, and on whose behalf it speaks.

A speaker phrase is a noun phrase with whatever the text hangs on it: "X, a former Trump aide",
"Cameron's spokesman", "the Clinton campaign", "aides to Clinton", "Mrs. Clinton and her
campaign", "ein Sprecher des Ministeriums". Its speaker is its **head**, never a name that only
modifies it: the head phrase ends at the first apposition comma, bracket, dash or relative
pronoun, and its last word is the head. When that word belongs to a name, the name speaks;
otherwise the phrase is a description. A description whose head (or a noun compounded with it)
is a representative noun ("spokesman", "aide", "campaign", "Sprecher") speaks **for** the
person or organisation that modifies it ("Cameron's", "Clinton", "for Cameron", "his", "des
Ministeriums"), unless it is a former one. Two phrases joined by a coordinator are a group.
All words come from ``lang/<code>/speakers.json``.

:func:`speaker_head` is a pure function of the tokens, the mentions and the words; the
attribution extractor calls it to name each speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

from quotetrail import lang as langdata
from quotetrail.analysis.entities import lexicon
from quotetrail.model import Mention, Token

_CUTS = frozenset({",", "(", "—", "–", "--", ";", ":"})
# ``Attribution.made_by`` ends in this and how its description or pronoun speaker was tied to
# a name ("verb_clause + model; speaker: role word"): stored with the rule, no column of its own
SPEAKER_HOW = "; speaker: "
# the ways (naming.py): "the senator" after "Senator Pete Odenkirk"; "the 46-year-old" after
# "Marta Kessling, 46,"; "the fund" after "the International Lending Fund"
HOW_ROLE, HOW_AGE, HOW_ORGANISATION = "role word", "age", "organisation kind"
# "The Monmouth poll", "the poll" after "a new CNN/ORC poll": the poll's sponsor speaks
HOW_SPONSOR = "sponsor of the poll"
# a pronoun: the speaker of a statement before; the first person named in a sentence before;
# the person its own sentence opens with ("Mr. Becker has waved away the idea as he tries …")
HOW_SPEAKER_BEFORE, HOW_PERSON_BEFORE = "pronoun: the speaker before", "pronoun: the person named before"
HOW_SUBJECT = "pronoun: the subject of its sentence"


def made_by_parts(made_by: str | None) -> tuple[str, str]:
    """The rule part of ``made_by`` and how its speaker was tied to a name ("" if not)."""
    rule, _, how = (made_by or "").partition(SPEAKER_HOW)
    return rule, how
_NAMED = ("PER", "ORG", "MEDIA", "MISC")


@dataclass(frozen=True)
class SpeakerWords:
    """The words of one language that shape a speaker phrase (``speakers.json``)."""

    representatives: frozenset[str] = frozenset()  # spokesman, aides, campaign, Sprecher
    representative_suffixes: tuple[str, ...] = ()  # German compounds: Regierungssprecher
    former: frozenset[str] = frozenset()  # former, ex, ehemalige
    links: frozenset[str] = frozenset()  # for, to, of, von, des: the principal after the head
    possessives: frozenset[str] = frozenset()  # his, her, seine, ihre
    relatives: frozenset[str] = frozenset()  # who, whose, der, die
    coordinators: frozenset[str] = frozenset()  # and, und
    possessive_suffixes: tuple[str, ...] = ()  # 's, ’s
    pronouns: frozenset[str] = frozenset()  # he, she, his, her, er, sie, seine: a person before "and"
    first_names: frozenset[str] = frozenset()  # "David and Jeanne Heidler": two people
    determiners: frozenset[str] = frozenset()  # "The" in "The Trump campaign" is no name
    plural_when_verb_ends: dict[str, str] = field(default_factory=dict)  # "sie" + "-en" verb: plural
    # campaign, administration: a representative that is an organisation of its own
    organisations: dict[str, str] = field(default_factory=dict)
    nouns_capitalised: bool = False  # German: a capitalised word may be a common noun
    possessive_relatives: frozenset[str] = frozenset()  # whose, dessen, deren
    definite_articles: frozenset[str] = frozenset()  # the, der, die, das
    possessive_sources: frozenset[str] = frozenset()  # "her account": the possessor speaks
    role_nouns: frozenset[str] = frozenset()  # president, candidate, Staatssekretär: a person's role
    role_suffixes: tuple[str, ...] = ()  # German compounds: Verbraucher-Staatssekretär
    title_links: frozenset[str] = frozenset()  # of: "Secretary of State X" is a title of X's own
    kin: frozenset[str] = frozenset()  # younger, elder: "the younger Mr. Trump" is another of the family
    titles: frozenset[str] = frozenset()  # Mr., Mrs., Herr: a title between such a word and the name
    # "the fund" -> names headed by "fund"; "die Behörde" -> names ending in "amt", "agentur", …
    organisation_nouns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    age_suffixes: tuple[str, ...] = ()  # "-year-old", "-jährige": "the 46-year-old"
    gendered_nouns: dict[str, str] = field(default_factory=dict)  # congresswoman -> f
    gender_suffixes: dict[str, str] = field(default_factory=dict)  # German "-in" -> f
    masculine_articles: frozenset[str] = frozenset()  # "der Minister": no woman
    role_equivalents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "sen." -> senator, lawmaker
    addressee_links: frozenset[str] = frozenset()  # an: "einem Brief an X" is written to X, not by X
    reflexives: frozenset[str] = frozenset()  # himself, selbst: "Obama himself" is Obama
    genitive_suffix: str = ""  # German "s": "ein Sprecher Roth-Kellers" speaks for Roth-Keller
    # "the billionaire" -> the one person of the article whom articles call so (link/entities.py)
    described_across_articles: bool = False
    document_nouns: frozenset[str] = frozenset()  # poll, survey: "the Monmouth poll" speaks as Monmouth
    document_blockers: frozenset[str] = frozenset()  # in: "voters in a … poll" are no poll

    def is_representative(self, word: str) -> bool:
        w = self.bare(word)
        return w in self.representatives or (
            bool(self.representative_suffixes) and w.endswith(self.representative_suffixes)
        )

    def is_role(self, word: str) -> bool:
        """A noun that names a person's office or occupation ("Secretary", "Bundesministerin")."""
        w = self.bare(word)
        return w in self.role_nouns or (bool(self.role_suffixes) and w.endswith(self.role_suffixes))

    def bare(self, word: str) -> str:
        """A word without a possessive ending: "campaign's" -> "campaign"."""
        w = word.casefold()
        for s in self.possessive_suffixes:
            if w.endswith(s) and len(w) > len(s):
                return w[: -len(s)]
        return w


@cache
def speaker_words(code: str) -> SpeakerWords:
    data = langdata.load(code if code in langdata.SUPPORTED else "en", "speakers") or {}

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).casefold() for w in data.get(key, []))

    return SpeakerWords(
        representatives=words("representatives"),
        representative_suffixes=tuple(str(w).casefold() for w in data.get("representative_suffixes", [])),
        former=words("former"),
        links=words("links"),
        possessives=words("possessives"),
        relatives=words("relatives"),
        coordinators=words("coordinators"),
        possessive_suffixes=tuple(str(w).casefold() for w in data.get("possessive_suffixes", [])),
        pronouns=words("pronouns") | words("possessives"),
        first_names=frozenset(lexicon(code).first_names),
        plural_when_verb_ends={str(k).casefold(): str(v) for k, v in data.get("plural_when_verb_ends", {}).items()},
        organisations={str(k).casefold(): str(v) for k, v in data.get("organisations", {}).items()},
        nouns_capitalised=bool(data.get("nouns_capitalised")),
        possessive_relatives=words("possessive_relatives"),
        definite_articles=words("definite_articles"),
        possessive_sources=words("possessive_sources"),
        role_nouns=words("role_nouns") | frozenset(
            t.casefold() for t in lexicon(code).titles if " " not in t and not t.endswith(".")
        ),
        role_suffixes=tuple(sorted(lexicon(code).title_suffixes)),
        title_links=words("title_links"),
        organisation_nouns={str(k).casefold(): tuple(str(w).casefold() for w in v)
                            for k, v in data.get("organisation_nouns", {}).items()},
        age_suffixes=tuple(str(w).casefold() for w in data.get("age_suffixes", [])),
        gendered_nouns={str(k).casefold(): str(v) for k, v in data.get("gendered_nouns", {}).items()},
        gender_suffixes={str(k).casefold(): str(v) for k, v in data.get("gender_suffixes", {}).items()},
        masculine_articles=words("masculine_articles"),
        role_equivalents={str(k).casefold(): tuple(str(w).casefold() for w in v)
                          for k, v in data.get("role_equivalents", {}).items()},
        kin=words("kin"),
        addressee_links=words("addressee_links"),
        reflexives=words("reflexives"),
        genitive_suffix=lexicon(code).genitive_suffix if data.get("nouns_capitalised") else "",
        described_across_articles=bool(data.get("described_across_articles")),
        document_nouns=words("document_nouns"),
        document_blockers=words("document_blockers"),
        titles=frozenset(t.casefold() for t in lexicon(code).titles),
        determiners=frozenset(
            str(w).casefold()
            for w in (langdata.load(code if code in langdata.SUPPORTED else "en", "attribution") or {}).get("determiners", [])
        ),
    )


@dataclass(frozen=True)
class Head:
    """What a speaker phrase names. Token ranges are end-exclusive."""

    kind: Literal["name", "description", "group"]
    start: int  # the head phrase: the name's tokens, or the description up to its end
    end: int
    mention: Mention | None = None  # the name, for kind "name"
    principal: tuple[int, int] | None = None  # whom the speaker speaks for, as written
    principal_mention: Mention | None = None  # ... when it is a name the article introduced
    principal_pronoun: bool = False  # "his aides": the principal is the possessive's antecedent


def speaker_head(
    toks: list[Token], i: int, j: int, mention: Callable[[int], Mention | None], words: SpeakerWords
) -> Head:
    """The head of the speaker phrase ``toks[i:j]`` and the principal it speaks for."""
    end = _head_end(toks, i, j, mention, words)
    if end + 3 == j and toks[end].text == "(" and toks[end + 1].text.isupper() and toks[end + 2].text == ")":
        # a short form closing the phrase: "Die Mission der Vereinten Nationen (UNMOX)"
        return replace(speaker_head(toks, i, end, mention, words), end=j)
    # two phrases joined by a coordinator: "Ruth Palmer and Tom Becker", "Mrs. Palmer and her
    # campaign", "David and Jeanne Heidler" (not "Johnson & Johnson", a coordinator inside a
    # name, nor "Health and Human Services Secretary X", one inside a title)
    for k in range(i + 1, end - 1):
        if toks[k].text.casefold() in words.coordinators and mention(k) is None and (
            toks[k - 1].text in words.first_names
            or any(
                (m := mention(x)) is not None and m.label in _NAMED or toks[x].text.casefold() in words.pronouns
                for x in range(i, k)
            )
        ):
            return Head("group", i, end)
    if listed(toks, end, j, mention, words):
        return Head("group", i, j)  # "Ruth Palmer, Tom Becker and Anna Keller"
    last = end - 1
    while last > i and toks[last].kind == "punct":
        last -= 1
    m = mention(last)
    if m is not None and m.label in _NAMED:
        first = last
        while first > i and mention(first - 1) is m:
            first -= 1
        link = first - 1
        if link >= i and _capitalised(toks[link]) and words.bare(toks[link].text) in words.organisations:
            # "Team Trump", "Camp Clinton": the organisation speaks, on the name's behalf
            return Head("description", i, end, principal=(first, last + 1), principal_mention=m)
        if link >= i and words.genitive_suffix and words.is_representative(toks[link].text) and (
                toks[last].text.endswith(words.genitive_suffix) and not m.name.endswith(words.genitive_suffix)):
            # "ein Sprecher Roth-Kellers": the name in the genitive owns the representative
            return Head("description", i, end, principal=(first, last + 1), principal_mention=m)
        to = _before_titles(toks, i, first, words)
        if to is not None and toks[to].text.casefold() in words.addressee_links:
            # "einem Brief an UN-Generalsekretär Ban": the name is written to, never the speaker
            return replace(_description(toks, i, to, mention, words), end=end)
        kin = link - 1 if link > i and toks[link].text.casefold() in words.titles else link
        if kin > i and toks[kin].text.casefold() in words.kin and toks[kin - 1].text.casefold() in words.definite_articles:
            return Head("description", i, end)  # "the younger Mr. Trump": another of the family
        titled = link > i and toks[link].text.casefold() not in words.links
        if titled:
            link = _link_before_titles(toks, i, first, words)
        if link <= i or toks[link].text.casefold() not in words.links:
            return Head("name", first, last + 1, mention=m)
        if titled and toks[link].text.casefold() in words.title_links and words.is_role(toks[link - 1].text):
            return Head("name", first, last + 1, mention=m)  # "Secretary of State X": a title of X's own
        # "spokesman for Cameron", "aides to Clinton", "Sprecher des Ministeriums", "chief Tom
        # Fenwick of the Dock Union", "a spokesman for Democratic candidate X": the name after
        # a link word (and the name's titles) modifies the head before it
        head = speaker_head(toks, i, link, mention, words)
        if head.kind != "description":
            return head
        if head.principal is None and _speaks_for(toks, i, link, words):
            return Head("description", i, end, principal=(first, last + 1), principal_mention=m)
        if titled and (words.nouns_capitalised or not (
                toks[i].text.casefold() in words.determiners or _capitalised(toks[i]) or _plural(toks[link - 1]))):
            # German nouns look like titles; a phrase that opens with no determiner nor a
            # capital, and whose head is no plural ("supporters of Democrat X"), is a clause's
            # tail ("vote for Senator X, who …"): the name, as before
            return Head("name", first, last + 1, mention=m)
        return replace(head, end=end)
    return _description(toks, i, end, mention, words)


def _head_end(
    toks: list[Token], i: int, j: int, mention: Callable[[int], Mention | None], words: SpeakerWords
) -> int:
    """Where the head phrase ends: before an apposition comma, a bracket, a dash or a
    relative pronoun ("X, a former aide", "Becker, who …", "Mrs. Palmer -- whose husband"), and
    before a link word after a person's name ("chief Tom Fenwick of the Dock Union")."""
    named = False
    for k in range(i + 1, j):
        t = toks[k].text
        if t in _CUTS or t.casefold() in words.relatives:
            return k
        m = mention(k - 1)
        named = named or (m is not None and m.label == "PER")
        if named and t.casefold() in words.links and mention(k) is None:
            return k
    return j


def listed(
    toks: list[Token], end: int, j: int, mention: Callable[[int], Mention | None], words: SpeakerWords
) -> bool:
    """A comma after the head that continues a list of names up to a coordinator and one more
    name: ", Tom Becker and Anna Keller" (not ", who …" nor ", a former aide"); or a
    bracket after the head, then a coordinator and a name: "Sen. X (Vt.) and former Gov. Y"."""
    k = end
    if k < j and toks[k].text == "(":
        close = next((x for x in range(k + 1, min(j, k + 6)) if toks[x].text == ")"), None)
        if close is None or close + 1 >= j or toks[close + 1].text.casefold() not in words.coordinators:
            return False
        return _name_follows(toks, close + 2, j, mention, words)
    while k < j and toks[k].text == ",":
        k += 1
        if k < end + 2 and k < j and toks[k].text.casefold() in words.coordinators:
            return True  # "Ruth Palmer, and other Democrats", "X, and his campaign"
        m = mention(k)
        if m is None or m.label not in _NAMED:
            return False
        while k < j and mention(k) is m:
            k += 1
        if k < j and toks[k].text.casefold() in words.coordinators:
            return _name_follows(toks, k + 1, j, mention, words)
    return False


def _name_follows(
    toks: list[Token], k: int, j: int, mention: Callable[[int], Mention | None], words: SpeakerWords
) -> bool:
    """A name at ``toks[k]``, perhaps after up to four words of its titles ("former Maryland
    Gov. Martin O'Malley")."""
    for x in range(k, min(j, k + 5)):
        m = mention(x)
        if m is not None:
            return m.label in _NAMED
        t = toks[x]
        if t.kind != "word" or not (_capitalised(t) or words.is_role(t.text) or t.text.casefold() in words.former):
            return False
    return False


def _before_titles(toks: list[Token], i: int, first: int, words: SpeakerWords) -> int | None:
    """The word before a name and up to four of its titles (capitalised words or role nouns:
    "an" in "an UN-Generalsekretär Ban"); None at the phrase's start."""
    k = first - 1
    while k > i and first - k <= 4 and toks[k].kind == "word" and (_capitalised(toks[k]) or words.is_role(toks[k].text)):
        k -= 1
    return k if k >= i else None


def _link_before_titles(toks: list[Token], i: int, first: int, words: SpeakerWords) -> int:
    """The link word before the titles of a name ("for" in "a spokesman for Democratic
    presidential candidate X", "to" in "aides to Gov. X"): up to four words, the last of them a
    title (capitalised or a role noun), none a link, coordinator, relative or possessive; ``i``
    when there is none."""
    last = toks[first - 1]
    if not (_capitalised(last) or words.is_role(last.text)):
        return i
    for k in range(first - 1, max(i, first - 6), -1):
        t = toks[k]
        low = t.text.casefold()
        if low in words.links:
            return k if k < first - 1 else i
        if t.kind != "word" or low in words.coordinators or low in words.relatives or low in words.possessives:
            return i
    return i


def _speaks_for(toks: list[Token], i: int, j: int, words: SpeakerWords) -> bool:
    """A representative noun in ``toks[i:j]`` that no "former" word qualifies."""
    if any(toks[k].text.casefold() in words.former or toks[k].text.casefold().startswith(("ex-",))
           for k in range(i, j)):
        return False
    return any(words.is_representative(toks[k].text) for k in range(i, j))


def _description(
    toks: list[Token], i: int, j: int, mention: Callable[[int], Mention | None], words: SpeakerWords
) -> Head:
    """A description ``toks[i:j]`` and, if it is a representative, the name or possessive
    pronoun before its head ("Cameron's spokesman", "the Clinton campaign", "his aides")."""
    if not _speaks_for(toks, i, j, words):
        return Head("description", i, j)
    for k in range(i, j):
        m = mention(k)
        if m is not None and m.label in _NAMED:
            a, b = k, k + 1
            while b < j and mention(b) is m:
                b += 1
            if b < j:  # a name before the head noun, not the head itself
                return Head("description", i, j, principal=(a, b), principal_mention=m)
        if toks[k].text.casefold() in words.possessives and k + 1 < j:
            return Head("description", i, j, principal=(k, k + 1), principal_pronoun=True)
        # a name the article does not introduce: "Cameron's spokesman", "the Trump campaign"
        if _capitalised(toks[k]) and k + 1 < j and toks[k].text.casefold() not in words.determiners and (
            words.bare(toks[k].text) != toks[k].text.casefold() or words.is_representative(toks[k + 1].text)
        ):
            a = k
            while a > i and _capitalised(toks[a - 1]) and toks[a - 1].text.casefold() not in words.former | words.determiners:
                a -= 1
            return Head("description", i, j, principal=(a, k + 1))
    return Head("description", i, j)


def organisation_kind(phrase: str, principal: str, words: SpeakerWords) -> str | None:
    """What organisation of its principal a speaker phrase is, if it is one: "campaign" for
    "The Trump campaign", "Hillary Clinton's presidential campaign", "his campaign", "the
    campaign of Bernie Sanders"; None for a phrase whose head is something else ("a source
    close to the Trump campaign", "Palmer campaign chairman Tom Becker")."""
    ws = phrase.split()
    folded = [words.bare(w) for w in ws]  # "Clinton's" meets the principal "Clinton"
    ps = [words.bare(w) for w in principal.split()]
    at = next((k for k in range(len(ws) - len(ps) + 1) if folded[k : k + len(ps)] == ps), None) if ps else None
    if at is None:
        return None
    before, after = ws[:at], ws[at + len(ps) :]
    if after and len(before) <= 2:
        # "[The] Trump campaign", "Clinton's [presidential] campaign": only lower-case
        # modifiers between the principal and the head, no link word before the principal
        *mods, head = after
        if any(w.casefold() in words.links for w in before) or not all(m.islower() for m in mods):
            return None
        return words.organisations.get(words.bare(head))
    if not after and before and all(w.casefold() in words.determiners for w in before[:-1]) and before[-1][:1].isupper():
        return words.organisations.get(words.bare(before[-1]))  # "Team Trump", "Camp Clinton"
    # "the campaign of Bernie Sanders": the head, a link word, the principal closing the phrase
    if not after and 2 <= len(before) <= 3 and before[-1].casefold() in words.links and all(
        w.casefold() in words.determiners for w in before[:-2]
    ):
        return words.organisations.get(words.bare(before[-2]))
    return None


def _plural(tok: Token) -> bool:
    """A lower-case plural noun by its lemma: "supporters" (-> supporter), not "vote", "steep"."""
    low = tok.text.casefold()
    return tok.text[:1].islower() and low.endswith("s") and bool(tok.lemma) and tok.lemma.casefold() != low


def _capitalised(tok: Token) -> bool:
    return tok.kind == "word" and tok.text[:1].isupper() and any(c.islower() for c in tok.text)


_DESCRIPTION_WORD = re.compile(r"[^\W_][\w.’'-]*")


def description_words(text: str) -> list[str]:
    """The folded words of a description or of the words an article hangs on a name, split
    the same way on both sides ("front-runner" one word, "Sen." with its full stop)."""
    return [w.casefold() for w in _DESCRIPTION_WORD.findall(text)]


def name_context(
    text: str, toks: list[Token], a: int, b: int, words: SpeakerWords, stop: frozenset[str],
    skip: Callable[[int, int], bool],
) -> frozenset[str]:
    """The words an article hangs on the name ``toks[a:b]``: up to five title words right before
    it ("Republican presidential candidate", "Florida Sen.", "former Gov."), stopping at
    punctuation, a function word (``stop``: "of", "with", "than") or an inflected lower-case
    word ("one lawmaker called Trump"), and the words of an apposition or bracket right after
    it (", the former Florida governor,"), with the equivalents of each word ("Sen." is also
    "senator"). An apposition for which ``skip(start, end)`` holds (a speaker phrase of its
    own: "with Ruth Palmer, the Green candidate stated") is left out. Empty when no word of it
    names a role."""
    k = a
    while k > 0 and a - k < 5:
        t = toks[k - 1]
        low = t.text.casefold()
        if t.kind != "word" or low in words.determiners or low in words.coordinators or (
                low in stop and not words.is_role(low)) or (
                t.text[:1].islower() and t.lemma and t.lemma.casefold() != low and not words.is_role(low)):
            break
        k -= 1
    found = description_words(text[toks[k].start : toks[a].start]) if k < a else []
    if b + 1 < len(toks) and (toks[b].text == "(" or (toks[b].text == "," and toks[b + 1].text.casefold() in words.determiners)):
        e = b + 1
        while e < len(toks) and e - b <= 8 and toks[e].text not in ",;:.)—–":
            e += 1
        if e > b + 1 and not skip(toks[b + 1].start, toks[e - 1].end):
            found += description_words(text[toks[b + 1].start : toks[e - 1].end])
    found = [w for w in found if w not in words.determiners and (w not in stop or words.is_role(w))]
    found += [e for w in found for e in words.role_equivalents.get(w, ())]
    return frozenset(found) if any(words.is_role(w) for w in found) else frozenset()
