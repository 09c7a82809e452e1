"""Statement dating: which date of its sentence says when a statement was made.

A stage of its own with explicit inputs, so the extractor (and a rebuilt engine) only hands over
the statement's spans: the cue, the speaker, the cue's other parts, the content, the sentence's
tokens and the dates found in it. The answer is the :class:`DateMention` that dates the
statement (or None: the publication date stands) and how it was found, the flag the trail
shows beside every date.

The rule follows the annotation guide of docs/EVALUATION.md: a date dates a statement when it
modifies the cue or its clause ("said Tuesday", "told reporters on July 21", "sagte am
Freitag", "On Monday, X said"); never a date in the content ("will vote on Friday") or in
another clause ("X, who arrived Monday, said"; "since he quit in February, X said").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from quotetrail import lang as langdata
from quotetrail.analysis.dates import unquote_titles
from quotetrail.model import DateMention, Token

How = Literal["given", "relative", "guessed", "published"]

# what separates a date from the cue's clause: punctuation (a dash also typed as "--") and the
# words of ``statement.clause_words`` that open another clause (or, "until", "bis", make the
# date a limit rather than the time of the statement)
_CLAUSE_PUNCT = r"[,;:—–―()\"“”„»«]|\s-{1,2}\s"
_CLAUSE_BREAK = re.compile(_CLAUSE_PUNCT)  # a language without words: punctuation only
_OPENERS = " \t\n\"'„“”»«‚‘’-"  # what may stand before a date that opens its sentence
_CLAUSE_START = re.compile(r"[;:]")  # "…, the talks paid off: On March 3, 2009, the two signed"
_OBJECT_WORDS = 8  # "criticised his old rival Peter Lang on Monday": at most this many words before
# "In a CNN poll conducted on Thursday, …", "In an interview with the morning show of Radio Weser on
# Monday night, …": at most this many words before an opening date
_OPENING_WORDS = 10
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True, slots=True)
class _Words:
    """The statement block of ``lang/<code>/dates.json``."""

    prepositions: frozenset[str]
    determiners: frozenset[str]
    clause_break: re.Pattern[str]
    clause_cues: frozenset[str]
    content_openers: frozenset[str]
    relative_words: frozenset[str]
    clause_word: re.Pattern[str]
    clause_word_any_case: re.Pattern[str]
    finite_verbs: frozenset[str]
    joined_participle: re.Pattern[str]
    participle_after: re.Pattern[str]
    which_clause: re.Pattern[str]
    simultaneous: re.Pattern[str]
    label: re.Pattern[str]

    def unlabel(self, text: str) -> str:
        """``text`` with the brackets around short labels blanked (offsets kept): "Sen. Jane
        Miller (R-Iowa) on Wednesday said", "Anna Becker (SPD) sagte am Montag" — a label, no
        clause edge."""
        return self.label.sub(lambda m: " " + m.group(0)[1:-1] + " ", text)


@cache
def _words(lang: str) -> _Words:
    data = (langdata.load(lang, "dates") or {}).get("statement", {})

    def pattern(key: str, whole: str) -> re.Pattern[str]:
        return re.compile(whole.format(data[key]), re.IGNORECASE) if key in data else _NEVER

    return _Words(
        prepositions=frozenset(w.casefold() for w in data.get("prepositions", ())),
        determiners=frozenset(w.casefold() for w in data.get("determiners", ())),
        clause_break=re.compile(
            rf"{_CLAUSE_PUNCT}|\b(?:{'|'.join(map(re.escape, data['clause_words']))})\b"
        ) if data.get("clause_words") else _CLAUSE_BREAK,
        clause_cues=frozenset(w.casefold() for w in data.get("clause_cues", ())),
        content_openers=frozenset(w.casefold() for w in data.get("content_openers", ())),
        relative_words=frozenset(w.casefold() for w in data.get("relative_words", ())),
        clause_word=re.compile(rf"\b(?:{'|'.join(map(re.escape, data['clause_words']))})\b")
        if data.get("clause_words") else _NEVER,
        clause_word_any_case=re.compile(rf"\b(?:{'|'.join(map(re.escape, data['clause_words']))})\b", re.IGNORECASE)
        if data.get("clause_words") else _NEVER,
        finite_verbs=frozenset(w.casefold() for w in data.get("finite_verbs", ())),
        joined_participle=pattern("joined_participle", r"(?:{})"),
        # "…in the interview, taped Saturday": the cue's clause, one comma, a participle
        participle_after=pattern("participle_after", r"([^,;:]*),\s*(?:{})\s*"),
        # "Keller's press briefing on Tuesday, in which she set out": the date's own event
        which_clause=pattern("which_clause", r"[^,;:]{{0,20}},\s*(?:{})\s*"),
        # "… grew sharper Wednesday as Ruth Palmer, the mayor's sister, attacked": a clause of the
        # same time right after the date (its subject and an apposition before the cue)
        simultaneous=pattern("simultaneous", r"\s*(?:{})\s+[^;:.!?]{{0,60}}"),
        label=pattern("label", r"\((?:{})\)"),
    )


@dataclass(frozen=True, slots=True)
class Dated:
    """A statement's own date (None: nothing in its clause dates it) and how it was found."""

    mention: DateMention | None
    how: How


def how_found(mention: DateMention | None) -> How:
    """The flag of a statement's date: "given" (a calendar date), "relative" (a phrase resolved
    against the publication date), "guessed" (no year in the text), "published" (no date of
    its own). A publication date whose own year was guessed is the store's to add."""
    if mention is None or mention.value is None:
        return "published"
    if mention.inferred:
        return "guessed"
    return "relative" if mention.relative else "given"


Range = tuple[int, int]


def date_statement(
    text: str,
    tokens: Sequence[Token],
    *,
    sentence: Range,
    content: Range,
    cue: Range | None,
    speaker: Range | None,
    cue_parts: Sequence[Range] = (),
    dates: Sequence[DateMention],
    lang: str,
    quoted: bool = False,
) -> Dated:
    """The date that dates one statement.

    ``text``: the article; ``tokens``: its tokens; ``sentence``, ``cue``, ``speaker``,
    ``cue_parts``: token ranges (end exclusive); ``content``: the content's character offsets;
    ``dates``: the dates found in the sentence; ``quoted``: the content is a quotation. Of the
    dates in the cue's or the speaker's clause, the nearest wins; none: the publication date.
    """
    frame = [r for r in (cue, speaker, *cue_parts) if r is not None]
    if not frame:
        return Dated(None, "published")
    words = _words(lang)
    a = min(tokens[r[0]].start for r in frame)
    b = max(tokens[r[1] - 1].end for r in frame)
    sentence_start, sentence_end = tokens[sentence[0]].start, tokens[sentence[1] - 1].end
    text = unquote_titles(text)  # „Süddeutsche Zeitung“, “Hannity,”: a name, no clause edge
    cue_a = tokens[cue[0]].start if cue else a
    cue_b = tokens[cue[1] - 1].end if cue else b
    sp = (tokens[speaker[0]].start, tokens[speaker[1] - 1].end) if speaker else None
    # nor is a label in brackets in the frame or an object right after the cue ("Sen. Jane
    # Miller (R-Iowa) on Wednesday said", "blasted the Harbour Safety Board (HSB)
    # Tuesday"); after a content that ends before it, a bracket still closes what the cue governs
    end = b if cue is None or text[cue_b : content[0]].strip() else max(b, content[1])
    text = text[:a] + words.unlabel(text[a:end]) + text[end:]
    # "Dean … poked at X during Monday's debate, tweeting": a participle after a comma goes on
    # the clause before it, and so does its time
    joined = -1
    if cue and words.joined_participle.fullmatch(tokens[cue[0]].text) and text[:cue_a].rstrip().endswith(","):
        joined = text.rindex(",", 0, cue_a)
    best: tuple[int, DateMention] | None = None
    for d in dates:
        if not (content[0] <= d.span.start < content[1]) and not (
            sentence_start <= d.span.start and d.span.end <= sentence_end
        ) and not _opens_content(text, words, d, content):
            continue  # the sentence of a content that stands apart: its other dates are not the cue's
        distance = _distance(text, words, d, a, b, cue_a, cue_b, sp, (sentence_start, sentence_end), content, quoted,
                             joined)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, d)
    mention = best[1] if best else None
    return Dated(mention, how_found(mention))


def _distance(
    text: str, words: _Words, d: DateMention, a: int, b: int, cue_a: int, cue_b: int, sp: Range | None,
    sentence_span: Range, content: Range, quoted: bool, joined: int,
) -> int | None:
    """How far the date ``d`` stands from the statement's frame (``a``–``b``) in its clause;
    None when it is not in that clause."""
    ds, de = d.span.start, d.span.end
    sentence_start, sentence_end = sentence_span
    if (content[0] < a and cue_b < content[1] and cue_b <= ds < content[1]
            and text[content[0] : a].rstrip().endswith((",", '"', "”", "'"))):
        # '"We lost," X said in an interview Sunday. "…"': a content wrapped around its cue (the
        # two halves of a quotation as one span, the frame set off after the first); the words
        # right after the cue, up to a clause edge or a quotation mark, are the cue's, unless
        # they hold a verb or a subject of their own ("the agency said was ongoing as of this
        # month": what was said). Not a frame inside the sentence's flow ("but Goff said
        # succeeding in 2016 is hard", "who allegedly hit a reporter last week")
        gap = text[cue_b:ds]
        gap_words = {w.casefold() for w in gap.split()}
        if not (words.clause_break.search(gap) or words.finite_verbs & gap_words
                or words.content_openers & gap_words or "''" in gap):
            return ds - cue_b
    if content[0] <= ds < content[1]:
        # "admitted in May to one charge", "reported late Thursday": a date that opens a
        # content right after the cue (at most one word before it) is the cue's, not what the
        # statement says — unless the content is a quotation or the date a possessive
        # ("said Friday's vote was rigged")
        opens = (
            not quoted
            and cue_b <= content[0]
            and not text[cue_b : content[0]].strip()
            and len(text[content[0] : ds].split()) <= 1
            and not words.clause_break.search(text[content[0] : ds])  # "pledged that in 2000 it would"
            and text[de : de + 2] not in ("'s", "’s")
            # "Dem Bericht zufolge wurden im letzten Jahr …": after such a cue the content is a
            # clause of its own, and its dates are what was said
            and text[cue_a:cue_b].casefold() not in words.clause_cues
            # "invoked the Sept. 11, 2001, attacks": after a determiner the date names a thing
            and not words.determiners.intersection(w.casefold() for w in text[content[0] : ds].split())
        )
        in_sentence = sentence_start <= ds and de <= sentence_end  # an object stands in the cue's sentence
        # an object never follows its cue after a comma or colon ("sagte, der Streik werde")
        direct = cue_b <= content[0] and text[cue_b : content[0]].strip() not in (",", ":")
        if opens or (not quoted and direct and in_sentence and _object_date(text, words, d, content)):
            return ds - content[0]
        return None  # else "will vote on Friday": what it is about
    if 0 <= joined and de <= joined and ds >= sentence_start and not words.clause_break.search(text[de:joined]):
        # ... unless the clause before the comma is a relative one after the speaker ("X
        # attacked Y, with whom he clashed at Saturday's debate, calling"): the participle goes
        # on the speaker's clause ("…, where protesters gathered on Wednesday, chanting" is theirs)
        opened = [m for m in words.clause_break.finditer(text, sentence_start, ds) if m.group()[0].isalpha()]
        relative = bool(opened) and opened[-1].group().casefold() in words.relative_words  # not "went after X"
        return None if relative and sp is not None and sp[1] <= opened[-1].start() else cue_a - de
    if de <= a:
        between = text[de:a]
        possessive = text[de : de + 2] in ("'s", "’s")  # "Thursday's walk-ins were …": an event's name
        if not possessive and not words.clause_break.search(between):
            return len(between)
        if words.which_clause.fullmatch(between) or words.simultaneous.fullmatch(between):
            return len(between)
        # "On Monday, X said", "At Monday's debate, X said", "Tuesday on WTMJ's show, while
        # discussing …, Ryan said": a date in the short phrase that opens the sentence (or the
        # clause after a colon), then a comma and the rest of the sentence
        clause_start = max([sentence_start] + [m.end() for m in _CLAUSE_START.finditer(text, sentence_start, ds)])
        lead = text[clause_start:ds].strip(_OPENERS)
        # nothing, one word ("Late", "And") or a short prepositional phrase ("In a poll conducted")
        # before the date: not a clause of its own ("The union met on Tuesday and, later, X said")
        lw = [w.casefold() for w in lead.split()]
        opens = not words.clause_break.search(lead) and (
            len(lw) <= 1 or (len(lw) <= _OPENING_WORDS and (
                words.prepositions.intersection(lw[:2]) != set()
                # "Speaking to reporters on Monday, X said": a participle phrase
                or words.joined_participle.fullmatch(lw[0]) is not None))
        )
        head, comma, rest = between.partition(",")
        if opens and comma and not words.clause_break.search(head) and not _CLAUSE_START.search(rest):
            return len(between)
        return None
    if ds >= b:
        between = text[b:ds]
        if not words.clause_break.search(between):
            return len(between)
        m = words.participle_after.fullmatch(between)
        if m and not words.clause_break.search(m.group(1)) and not (b <= content[0] < ds):
            return len(between)  # "told Radio Weser in the interview, recorded Saturday"
        return None
    if cue_a <= ds and de <= cue_b:
        return 0  # inside the cue: "Becker, a close ally, said Thursday morning on Radio Weser"
    if sp is not None and sp[0] <= ds < sp[1]:
        # inside the speaker phrase: "a study released Tuesday shows", but not in its
        # apposition or relative clause ("X, who quit in February, said") nor a date that names
        # a thing in a phrase of its own ("the candidate for the Nov. 4 vote")
        if words.clause_break.search(text[a:ds]):
            return None
        before = [w.casefold() for w in text[sp[0] : ds].split()]
        if before and before[-1] in words.determiners and words.prepositions.intersection(before):
            return None  # but "das Ergebnis einer gestern vorgestellten Studie" is dated by it
        return 0
    in_gap = sp is not None and sp[1] <= ds and de <= cue_a
    # "The mayor on Friday held a briefing to boast that …": a day right after the speaker, before
    # the verb, is the time of the speaker's clause and of every cue that clause goes on to
    at_speaker = in_gap and not text[sp[1] : ds].strip()  # type: ignore[index]
    if in_gap and not at_speaker and not _adverbials(words, text[de:cue_a]):
        return None  # "leaders gathered Friday to discuss …, offering … amid growing concerns"
    if words.clause_break.search(text[a:ds]):
        if not in_gap:
            return None
        # between the speaker and the cue: an adverbial insert ("Trump, during interviews on
        # Thursday, referred to"), not an apposition or a relative clause
        left = text[sp[1] : ds].strip()  # type: ignore[index]
        left = left[1:] if left.startswith(",") else left
        if left.strip() and not _adverbials(words, left, opened=True):
            return None  # "X, fresh from a win on Tuesday, said": an apposition
    return 0


def _opens_content(text: str, words: _Words, d: DateMention, content: Range) -> bool:
    """A date in the phrase that opens the sentence of a content standing apart from its cue
    ("On his website on Tuesday, X did not give in. … he wrote") may date it; not one in a
    clause of its own ("After the floods in Lyon last month, an outcry followed", of any case)."""
    if d.span.end > content[0]:
        return False
    start = max(text.rfind("\n", 0, d.span.start), text.rfind(". ", 0, d.span.start)) + 1
    return words.clause_word_any_case.search(text[start : d.span.start]) is None


def _object_date(text: str, words: _Words, d: DateMention, content: Range) -> bool:
    """A day named after a short object that is no clause ("rejected Trump's offer Tuesday",
    "gab die Entscheidung am Donnerstag bekannt"): the content swallowed the cue's date. Not
    after a clause word, a subject pronoun or a finite verb ("said they would light it on
    Monday", "that he spoke with X on Tuesday"), nor before a possessive or after a
    determiner ("Friday's vote", "the Sunday deadline"): then the day is what was said."""
    if not (d.relative and d.granularity == "day"):
        return False  # "the Brexit referendum June 23": a calendar date in an object names a thing
    lead = text[content[0] : d.span.start]
    lw = [w.casefold() for w in lead.split()]
    # the words after the day up to the next clause word or opener: "on Friday morning, the
    # White House was refusing" is a clause the day opens ("replied Saturday to suggest it is" not)
    rest = text[d.span.end : content[1]]
    words_after = words.clause_word.search(rest)
    after: set[str] = set()
    for w in rest[: words_after.start() if words_after else len(rest)].split():
        w = w.strip(",;:").casefold()
        if w in words.content_openers:
            break
        after.add(w)
    return (
        len(lw) <= _OBJECT_WORDS
        and not words.finite_verbs.intersection(after)
        and not words.clause_break.search(lead)
        and not (lw and lw[0] in words.content_openers)
        and not words.finite_verbs.intersection(lw)
        and not (lw and lw[-1] in words.determiners)
        and text[d.span.end : d.span.end + 2] not in ("'s", "’s")
    )


def _adverbials(words: _Words, stretch: str, *, opened: bool = False) -> bool:
    """``stretch`` is nothing but adverbial phrases: comma-separated, each without a clause
    word and, if there are several (or ``opened``), each opened by a preposition ("during an
    interview", ", in a speech,")."""
    parts = [p.strip() for p in stretch.split(",")]
    if len(parts) == 1 and not opened:
        return not words.clause_break.search(stretch)
    return all(
        not p or (not words.clause_break.search(p) and p.split()[0].casefold() in words.prepositions) for p in parts
    )


# -- the scene: a date from an earlier sentence about the same speech event -----------------

_CLAUSE_EDGE = re.compile(r"[,:;]")
_SCENE_SENTENCES = 3  # how far back a scene may stand (sentences), and at most one paragraph break
_SUBJECT_LEAD = 4  # words between a clause's start and its subject: "Republican presidential nominee"


@dataclass(frozen=True, slots=True)
class _SceneWords:
    """The scene block of ``lang/<code>/dates.json``."""

    events: re.Pattern[str]
    not_subject_after: frozenset[str]
    other_time: re.Pattern[str]


@cache
def _scene_words(lang: str) -> _SceneWords:
    data = (langdata.load(lang, "dates") or {}).get("scene", {})
    return _SceneWords(
        events=re.compile(data["events"], re.IGNORECASE) if "events" in data else _NEVER,
        not_subject_after=frozenset(w.casefold() for w in data.get("not_subject_after", ())),
        other_time=re.compile(rf"\b(?:{data['other_time']})\b", re.IGNORECASE) if "other_time" in data else _NEVER,
    )


@dataclass(frozen=True, slots=True)
class _Said:
    """A statement already dated, as a later one of the same article sees it."""

    sentence: int
    speaker: str | None  # the resolved name, casefolded (None: no speaker)
    spans: tuple[Range, ...]  # where the speaker and the name it resolves to stand (characters)
    content: tuple[int, int]
    mention: DateMention | None  # its date, its own or its scene's (None: the publication date)
    scene: bool  # the date is its scene's
    # the date sets a frame for what follows: it opens its sentence before the speaker ("In an
    # address on Friday, X condemned"), or came from a scene sentence that does
    frames: bool


class Scenes:
    """Dates statements by the sentence that sets their scene: "At a rally in Iowa on Tuesday,
    Miller attacked the budget. "We will win," she said." — the annotation guide's "an earlier
    sentence that dates a whole event does when the statement is part of it".

    Made once per article and asked in text order (:meth:`dated`), as it remembers the
    statements dated so far. A statement without a date of its own clause takes the date of
    the nearest earlier sentence (its own paragraph or the one before, at most
    ``_SCENE_SENTENCES`` back) that is the same speaker's speech event: a statement of the same
    speaker that has a date (for a quotation, or when that date opens its sentence and so frames
    what follows), or a sentence whose subject is the speaker (or the pronoun's
    antecedent) and whose speech-event word (``scene.events``: "interview", "rally", "told",
    "Pressekonferenz") has a date in its clause by the rules of :func:`date_statement`. Never
    past a statement of another speaker, a date outside what was said, a dateline, a second
    paragraph break; only a day or a week, never after publication; two different dates in the
    scene: none.
    """

    def __init__(
        self, text: str, tokens: Sequence[Token], *, sentences: dict[int, Range], paragraphs: Sequence[int],
        dates: dict[int, list[DateMention]], people: Sequence[tuple[Range, str]], names: Sequence[Range] = (),
        lang: str, published: date | None,
    ) -> None:
        """``sentences``: each sentence's token range; ``paragraphs``: where paragraphs start
        (characters); ``dates``: the dates of each sentence; ``people``: the person mentions
        (characters) with their resolved names; ``names``: the other names (outlets,
        organisations: "USA Today" holds no date); ``published``: the publication date."""
        self.names = sorted(names)
        self.raw = text  # with its datelines' dashes
        self.text = _words(lang).unlabel(unquote_titles(text))
        self.tokens = tokens
        self.sentences = sentences
        self.paragraphs = paragraphs
        self.dates = dates
        self.people = sorted(people)
        self.lang = lang
        self.published = published
        self.words = _scene_words(lang)
        self.said: dict[int, list[_Said]] = {}  # by sentence: a look-back reads three sentences, not all

    def _paragraph(self, s: int) -> int:
        return bisect.bisect_right(self.paragraphs, self.tokens[self.sentences[s][0]].start) - 1

    def dated(
        self, own: Dated, *, sentence: int, content: Range, speaker: str | None, where: Range | None = None,
        ref: Range | None = None, pronoun: bool = False, cued: bool = True, quoted: bool = False,
    ) -> Dated:
        """The statement's date: ``own`` (what :func:`date_statement` found) when it has one,
        else its scene's. ``speaker``: the resolved speaker name; ``where``: the speaker as
        written and ``ref`` where the name it resolves to stands (characters); ``pronoun``: the
        speaker is a pronoun left unresolved, whose scene may then be a sentence that names no
        person; ``cued``: it has
        a cue of its own (not a quotation that goes on after the cue); ``quoted``: it is a
        quotation."""
        mention = own.mention
        key = speaker.casefold() if speaker else None
        spans = tuple(r for r in (where, ref) if r is not None)
        if mention is not None and self._in_name(mention):
            mention = None  # "told USA Today": an outlet's name, no date
        if mention is not None and mention.value is not None and self.published is not None and (
            mention.value > self.published
        ):
            mention = None  # "Entering the contests in June, X leads": no statement is made after publication
        frames = mention is not None and where is not None and mention.span.end <= where[0]
        if mention is None and (speaker or pronoun) and not self._other_time(sentence, content):
            mention, frames = self._scene(sentence, key, spans, ref, pronoun, cued, quoted)
        scene = mention is not None and mention is not own.mention
        self.said.setdefault(sentence, []).append(_Said(sentence, key, spans, content, mention, scene, frames))
        return own if mention is own.mention else Dated(mention, how_found(mention))

    def _other_time(self, sentence: int, content: Range) -> bool:
        """The statement's own words outside what was said place it at another time than the
        scene ("But Trump later blamed …", "The last time he encouraged …", "Später sagte
        er"): no scene's date for it."""
        if sentence not in self.sentences:
            return False
        a, b = self.sentences[sentence]
        start, end = self.tokens[a].start, self.tokens[b - 1].end
        own = self.text[start : max(start, min(content[0], end))] + " " + self.text[min(max(content[1], start), end) : end]
        return self.words.other_time.search(own) is not None

    def _in_name(self, d: DateMention) -> bool:
        k = bisect.bisect_right(self.names, (d.span.start, len(self.text))) - 1
        return k >= 0 and self.names[k][0] <= d.span.start and d.span.end <= self.names[k][1]

    def _scene(
        self, sentence: int, speaker: str | None, spans: tuple[Range, ...], ref: Range | None, pronoun: bool,
        cued: bool, quoted: bool,
    ) -> tuple[DateMention | None, bool]:
        """The scene's date, and whether it frames what follows."""
        none = None, False
        here = self._paragraph(sentence)
        before = self.said.get(sentence, [])
        if not all(self._same(s, speaker, spans) for s in before):
            return none  # another speaker before it in its own sentence: the scene is theirs
        if before:
            # "“…,” X said Thursday. “…”": a quotation that goes on takes its cue's date; a
            # statement with a cue of its own, only a date its sentence took from the scene
            # ("X gathered Friday …, amid concerns that …": another clause)
            last = before[-1]
            return (self._fits(last.mention), last.frames) if not cued or last.scene else none
        for k in range(sentence - 1, max(sentence - 1 - _SCENE_SENTENCES, -1), -1):
            if k not in self.sentences:
                return none
            para = self._paragraph(k)
            if here - para > 1 or (para < here and self._dateline(here)):
                return none
            # a statement whose speaker the attribution did not find says nothing of who spoke
            there = [s for s in self.said.get(k, []) if s.speaker is not None or s.spans]
            if not all(self._same(s, speaker, spans) for s in there):
                return none  # a change of speaker
            if there:
                # the same speaker spoke there: a quotation that follows quotes that occasion
                # ("X said on Tuesday … ¶ X said, “…”"), and so does all that follows a date
                # that frames it ("In an address on Friday, X condemned … He announced …");
                # else what they said may come from anywhere ("X sagte am Dienstag: „…“ ¶ X
                # erklärte, dass …"). No scene reaches past that statement.
                last = there[-1]
                return (self._fits(last.mention), last.frames) if quoted or last.frames else none
            found = self._event_date(k, speaker, ref, pronoun)
            if found is None and quoted:
                found = self._doing_date(k, speaker, ref)
            if found is not None:
                return self._fits(found), True
            if self._other_date(k):
                return none  # "On Wednesday, the council voted.": a time of its own between
        return none

    @staticmethod
    def _same(said: _Said, speaker: str | None, spans: tuple[Range, ...]) -> bool:
        """The earlier statement is the same speaker's: the same resolved name, or the same
        words the names stand on ("President François Hollande" and a "He" resolved to a
        name inside it)."""
        if speaker is not None and said.speaker == speaker:
            return True
        return any(a < d and c < b for a, b in said.spans for c, d in spans)

    def _fits(self, mention: DateMention | None) -> DateMention | None:
        """A scene's date, unless it has no value or lies after publication (a plan, not a
        speech that was made)."""
        if mention is None or mention.value is None or mention.granularity not in ("day", "week"):
            return None  # "In 2007, …", "last month": a period of background, not a scene
        if self.published is not None and mention.value > self.published:
            return None
        return mention

    def _dateline(self, paragraph: int) -> bool:
        """The paragraph opens with a dateline ("PARIS - ", "BERLIN, 3. März (dpa) –"): a new report."""
        start = self.paragraphs[paragraph]
        return _DATELINE_OPEN.match(self.raw, start) is not None

    def _other_date(self, k: int) -> bool:
        """Sentence ``k`` has a date outside what was said in it."""
        inside = [s.content for s in self.said.get(k, ())]
        return any(not any(a <= d.span.start < b for a, b in inside) for d in self.dates.get(k, ()))

    def _event_date(self, k: int, speaker: str | None, ref: Range | None, pronoun: bool) -> DateMention | None:
        """The date of the speaker's speech event that sentence ``k`` tells, if it tells one."""
        dates = self.dates.get(k, [])
        if not dates:
            return None
        a, b = self.sentences[k]
        start, end = self.tokens[a].start, self.tokens[b - 1].end
        if not self._subject(start, end, speaker, ref, pronoun):
            return None
        found: dict[object, DateMention] = {}
        for i in range(a, b):
            if not self.words.events.fullmatch(self.tokens[i].text):
                continue
            d = date_statement(
                self.text, self.tokens, sentence=(a, b), content=(end, end), cue=(i, i + 1), speaker=None,
                dates=dates, lang=self.lang,
            ).mention
            if d is not None and not self._names_a_thing(i, d):
                found[d.value] = d
        return next(iter(found.values())) if len(found) == 1 else None  # two dates: which one?

    def _doing_date(self, k: int, speaker: str | None, ref: Range | None) -> DateMention | None:
        """The day of what the speaker did in sentence ``k``, told with any verb ("Cruz on
        Thursday took the gloves off", "Earlier Sunday, Trump was critical of …"), for a
        quotation that follows: the speaker is the sentence's subject and its one day stands
        in the subject's clause (opening the sentence, or after the subject with no clause
        edge between)."""
        days = [d for d in self.dates.get(k, []) if d.granularity in ("day", "week")]
        if len(days) != 1 or len(self.dates.get(k, [])) != 1:
            return None
        a, b = self.sentences[k]
        start, end = self.tokens[a].start, self.tokens[b - 1].end
        subject = self._subject_at(start, end, speaker, ref)
        if subject is None:
            return None
        d = days[0]
        clause = _words(self.lang).clause_break
        if d.span.end <= subject[0]:
            lead = self.text[start : d.span.start].strip(_OPENERS)
            opens = len(lead.split()) <= 1 and not clause.search(lead)
            return d if opens and not _CLAUSE_START.search(self.text, d.span.end, subject[0]) else None
        if self.text[d.span.end : d.span.end + 2] in ("'s", "’s"):
            return None  # "Thursday's vote": an event's name
        return d if not clause.search(self.text, subject[1], d.span.start) else None

    def _names_a_thing(self, i: int, d: DateMention) -> bool:
        """A date after the event word behind a determiner names something else ("a speech on
        the March 3 vote")."""
        if d.span.start < self.tokens[i].end:
            return False
        words = [w.casefold() for w in self.text[self.tokens[i].end : d.span.start].split()]
        return bool(_words(self.lang).determiners.intersection(words))

    def _subject(self, start: int, end: int, speaker: str | None, ref: Range | None, pronoun: bool) -> bool:
        """The first person the sentence (``start``–``end``) names as a subject is the
        speaker; for an unresolved pronoun, the sentence names no person at all."""
        if not any(start <= r[0] < end for r, _ in self.people):
            return pronoun
        return self._subject_at(start, end, speaker, ref) is not None

    def _subject_at(self, start: int, end: int, speaker: str | None, ref: Range | None) -> Range | None:
        """Where the sentence's subject stands when it is the speaker (None: it is not, or
        the sentence names no person as its subject)."""
        people = [(r, name) for r, name in self.people if start <= r[0] < end]
        for (a, b), name in people:
            if self.text[b : b + 2] in ("'s", "’s") or self.text[a:b].endswith(("'s", "’s")):
                continue  # "Trump's rally": whose event, not who spoke
            before = self.text[start:a].split()
            if before and before[-1].casefold() in self.words.not_subject_after:
                continue  # "with Miller", "against Miller": not the subject
            if before and before[-1].casefold() in _words(self.lang).determiners:
                continue  # "The Miller campaign": a name that qualifies another subject
            # the subject opens its clause: after the sentence's start or an opening phrase's
            # comma at most a title or a verb ("Senator", "Am Montag trat Ministerin")
            lead = self.text[max([start] + [m.end() for m in _CLAUSE_EDGE.finditer(self.text, start, a)]) : a]
            if len(lead.split()) > _SUBJECT_LEAD or _words(self.lang).clause_break.search(lead):
                return None
            same = (ref is not None and ref[0] <= a and b <= ref[1]) or (speaker is not None and name.casefold() == speaker)
            return (a, b) if same else None
        return None


# a dateline that opens a paragraph: "PARIS - ", "BREMEN, March 2 (XYZ) — "
_DATELINE_OPEN = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ.]+(?: [A-ZÄÖÜ][A-ZÄÖÜ.]+)*(?:,[^\n—–-]{0,40})? [-–—] ")
