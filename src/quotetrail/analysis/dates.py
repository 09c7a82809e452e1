"""Dates in the text, resolved against the publication date.

Absolute dates ("am 22. Oktober 2025", "October 22", "2025-10-22") and relative ones ("am
Freitag", "im vergangenen Monat", "last week", "vor drei Tagen") become :class:`DateMention`s whose
span keeps the original words, prepositions included. All words come from
``lang/<code>/dates.json``; a language without that file yields no dates.

Choices a reader should know:
- a weekday ("am Freitag") is the latest such day on or before publication: news published on a
  Friday that says "am Freitag" means that day; in a clause about the future ("will am Freitag
  sprechen", "next Friday": the ``future`` pattern of the data file) it is the next such day;
- a date without a year takes the year that puts it nearest before publication, allowing up to
  two months after it (announced events), and is marked ``inferred``;
- a lone month name is a date after the data's ``month_year_prefix`` ("in June", and in English
  after an article, "a June poll"); with its year it needs none ("a June 2012 email");
- a weekday that opens its clause takes the tense of the words after it only up to a speech verb
  ("Wednesday on Fox, X said … would": the "would" is what was said);
- without a publication date, relative and yearless dates keep their span but get no value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

from quotetrail import lang as langdata
from quotetrail.analysis.pipeline import component
from quotetrail.model import DateMention, Document, Span

_FUTURE_SLACK = timedelta(days=62)


@dataclass(frozen=True)
class _Patterns:
    months: dict[str, int]
    weekdays: dict[str, int]
    number_words: dict[str, int]
    ago_units: dict[str, str]
    iso: re.Pattern[str]
    numeric: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    month_year: re.Pattern[str]
    month_year_bare: re.Pattern[str]
    year: re.Pattern[str]
    weekday: re.Pattern[str]
    ago: re.Pattern[str]
    future: re.Pattern[str]
    speech: re.Pattern[str]
    relative: tuple[tuple[re.Pattern[str], str], ...]


def _alt(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


@cache
def _patterns(lang: str) -> _Patterns | None:
    data = langdata.load(lang, "dates")
    if not data:
        return None
    months = {k.casefold(): v for k, v in data["months"].items()}
    weekdays = {k.casefold(): v for k, v in data["weekdays"].items()}
    numbers = {k.casefold(): v for k, v in data["number_words"].items()}
    # Month and weekday names are capitalised in German and English news; matching them
    # case-sensitively keeps "may" the verb from becoming a month.
    month = rf"(?P<month>(?-i:{_alt(w[:1].upper() + w[1:] for w in months)}))"
    b, e = r"(?<!\w)", r"(?!\w)"
    flags = re.IGNORECASE
    ago = data["ago"]["pattern"].replace("{number_words}", _alt(numbers))
    return _Patterns(
        months=months,
        weekdays=weekdays,
        number_words=numbers,
        ago_units=data["ago"]["units"],
        iso=re.compile(rf"{b}(?P<year>\d{{4}})-(?P<mon>\d{{2}})-(?P<day>\d{{2}}){e}"),
        numeric=re.compile(
            rf"{b}{data['day_month_prefix']}(?P<day>\d{{1,2}})\.(?P<mon>\d{{1,2}})\.(?P<year>\d{{4}}){e}",
            flags,
        ),
        day_month=re.compile(
            rf"{b}{data['day_month_prefix']}(?P<day>\d{{1,2}})\.?\s+{month}(?:\s+(?P<year>\d{{4}}))?{e}",
            flags,
        ),
        month_day=re.compile(
            rf"{b}{data['day_month_prefix']}{month}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:,?\s+(?P<year>\d{{4}}))?{e}",
            flags,
        ),
        month_year=re.compile(
            # no day after it: "the May 5 vote" is a day (month_day), "a June poll" a month
            rf"{b}{data['month_year_prefix']}{month}(?:\s+(?P<year>\d{{4}})|(?!\s*\d)){e}", flags
        ),
        # "in a May 2010 memo": with its year a month needs no preposition to be a date
        month_year_bare=re.compile(rf"{b}{month}\s+(?P<year>\d{{4}}){e}", flags),
        year=re.compile(rf"{b}{data['year_prefix']}(?P<year>\d{{4}}){e}", flags),
        weekday=re.compile(
            rf"{b}{data['weekday_prefix']}(?P<weekday>(?-i:{_alt(w.capitalize() for w in weekdays)})){e}", flags
        ),
        ago=re.compile(rf"{b}{ago}{e}", flags),
        future=re.compile(data.get("future", r"(?!)"), flags),
        speech=re.compile(rf"\b(?:{data.get('statement', {}).get('speech_verbs', '(?!)')})\b", flags),
        relative=tuple(
            (re.compile(rf"{b}(?:{pattern}){e}", flags), meaning)
            for pattern, meaning in data["relative"].items()
        ),
    )


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: date | None) -> date | None:
    if published is None:
        return None
    for year in (published.year + 1, published.year, published.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate and candidate <= published + _FUTURE_SLACK:
            return candidate
    return None


def _shift_month(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _relative(meaning: str, published: date | None) -> tuple[date | None, str]:
    unit, _, amount = meaning.partition(":")
    n = int(amount)
    granularity = {"days": "day", "week": "week", "month": "month", "year": "year"}[unit]
    if published is None:
        return None, granularity
    if unit == "days":
        return published + timedelta(days=n), granularity
    if unit == "week":
        monday = published - timedelta(days=published.weekday())
        return monday + timedelta(weeks=n), granularity
    if unit == "month":
        return _shift_month(published, n), granularity
    return date(published.year + n, 1, 1), granularity


_SENTENCE_END = re.compile(r"[.!?\n]\s")
_QUOTED = re.compile(r"[„“\"»«][^„“”\"»«]*[“”\"«»]")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The stretch of text between the sentence ends around ``start:end`` (cheap, no tokens)."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    right = _SENTENCE_END.search(text, end)
    sentence = text[left : right.start() + 1 if right else min(len(text), end + 300)]
    # the tense of a quotation says nothing about when it was said: „… wird gebaut“, sagte sie am Dienstag
    return _QUOTED.sub(" ", sentence)


_CLAUSE_EDGE = re.compile(r"[,;:—–]|\b(?:that|dass)\b")


def _clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The clause of ``start:end`` within its sentence, as its words before and after
    ``start:end``: "Friday, Tom Becker announced he will leave the board" dates the announcement,
    not the stepping down; "said he would meet them on Friday" looks ahead."""
    sentence = _sentence_around(text, start, end)
    at = sentence.find(text[start:end])
    if at < 0:
        return sentence, ""
    left = max((m.end() for m in _CLAUSE_EDGE.finditer(sentence, 0, at)), default=0)
    right = _CLAUSE_EDGE.search(sentence, at + end - start)
    return sentence[left:at], sentence[at + end - start : right.start() if right else len(sentence)]


def _looks_ahead(future: re.Pattern[str], speech: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """A weekday in a clause about the future ("will meet them on Friday", "will am Freitag
    sprechen", "Am Freitag will er sprechen"). The words before the weekday decide when there
    are any: in "said Sunday she will quit" the weekday dates the announcement, and
    only a weekday that opens its clause takes the tense of the verb after it — up to a speech
    verb: in "Wednesday on Fox, X said if … it would be" the "would" is what was said."""
    before, after = _clause_around(text, start, end)
    if future.search(before):
        return True
    said = speech.search(after)
    after = after[: said.start()] if said else after
    return not any(c.isalpha() for c in before) and future.search(after) is not None


# a name or title in quotation marks: „Süddeutsche Zeitung“, “Hannity,” (up to four words, the
# comma of the sentence inside the closing mark as American style puts it)
_TITLE = re.compile(r"[\"“„»«]\s?([^\"“”„»«,;:.!?]{1,40}?)\s?([,.]?)[\"”“«»]")


# a dateline: "NEW YORK - Republican candidate X on Saturday tweeted …"
_DATELINE = re.compile(r"(?m)^([A-ZÄÖÜ][A-ZÄÖÜ.]+(?: [A-ZÄÖÜ][A-ZÄÖÜ.]+)*) [-–—] ")


_CAPS_BEFORE = re.compile(r"\b[^\W\d_]{2,}[ \t]+$")
_CAPS_AFTER = re.compile(r"^[ \t]+[^\W\d_]{2,}\b")


def _in_capitalised_name(text: str, start: int, end: int) -> bool:
    """A word in capitals next to another word in capitals: part of a name written so."""
    if not text[start:end].isupper():
        return False
    before = _CAPS_BEFORE.search(text[max(0, start - 40):start])
    after = _CAPS_AFTER.search(text[end:end + 40])
    return bool((before and before.group().strip().isupper()) or (after and after.group().strip().isupper()))


# a short quoted name: „BILD am Sonntag“, ''Fox News Sunday'', “Meet the Press”
_QUOTED_NAME = re.compile(r"(?:[\"“„»«]|'')([^\"“”„»«',;:.!?\n]{1,40})(?:[\"”“«»]|'')")
_SENTENCE_OPEN = re.compile(r"(?:^|[.!?:\n—–-])[\s\"'“„»«‘(]*$")


def _in_title(text: str, start: int, end: int, titles: list[tuple[int, int]]) -> bool:
    """The date's words are part of a name: inside a short quoted title that opens with a
    capital and holds other words ("BILD am Sonntag", "Fox News Sunday"), or a relative phrase
    in capitals in the middle of a sentence ("told ABC's This Week", "NBC's Today")."""
    for a, b in titles:
        if a <= start and end <= b and text[a:b].strip() != text[start:end] and text[a:b].lstrip()[:1].isupper():
            return True
    words = text[start:end].split()
    # (a word in capitals alone is still a day: "said TODAY that")
    titled = all(w[:1].isupper() and not w.isupper() for w in words)
    return titled and not _SENTENCE_OPEN.search(text[max(0, start - 12):start])


@lru_cache(maxsize=8)
def unquote_titles(text: str) -> str:
    """``text`` with the quotation marks around short titles and the dash of a dateline
    blanked (offsets kept): to the statement-dating rules a quoted name or a dateline is no
    clause edge, a quotation is."""

    def blank(m: re.Match[str]) -> str:
        if len(m.group(1).split()) > 4:
            return m.group(0)
        inner = m.group(0)[1:-1]
        return " " + inner + " "

    text = _DATELINE.sub(lambda m: m.group(1) + "   ", text)
    return _TITLE.sub(blank, text)


def find_date_mentions(text: str, lang: str, published: date | None) -> list[DateMention]:
    pats = _patterns(lang)
    if pats is None:
        return []
    found: list[DateMention] = []

    def add(m: re.Match[str], value: date | None, gran: str, relative: bool, inferred: bool) -> None:
        found.append(
            DateMention(Span.of(text, m.start(), m.end()), value, gran, relative, inferred)  # type: ignore[arg-type]
        )

    for m in pats.iso.finditer(text):
        add(m, _safe_date(int(m["year"]), int(m["mon"]), int(m["day"])), "day", False, False)
    for m in pats.numeric.finditer(text):
        add(m, _safe_date(int(m["year"]), int(m["mon"]), int(m["day"])), "day", False, False)
    for pattern in (pats.day_month, pats.month_day):
        for m in pattern.finditer(text):
            mon, day = pats.months[m["month"].casefold()], int(m["day"])
            if m["year"]:
                add(m, _safe_date(int(m["year"]), mon, day), "day", False, False)
            else:
                value = _infer_year(mon, day, published)
                add(m, value, "day", False, value is not None)
    for m in (*pats.month_year.finditer(text), *pats.month_year_bare.finditer(text)):
        mon = pats.months[m["month"].casefold()]
        if m["year"]:
            add(m, date(int(m["year"]), mon, 1), "month", False, False)
        else:
            value = _infer_year(mon, 1, published)
            add(m, value, "month", False, value is not None)
    for m in pats.year.finditer(text):
        add(m, date(int(m["year"]), 1, 1), "year", False, False)
    titles = [m.span(1) for m in _QUOTED_NAME.finditer(text) if len(m.group(1).split()) <= 4]
    for m in pats.weekday.finditer(text):
        if any(a <= m.start() and m.end() <= b and text[a:b].strip() != m.group().strip()
               and text[a:b].lstrip()[:1].isupper() for a, b in titles):
            continue  # „BILD am Sonntag“, "Fox News Sunday": a paper's or a show's name
        value = None
        if published is not None:
            target = pats.weekdays[m["weekday"].casefold()]
            forward = _looks_ahead(pats.future, pats.speech, text, m.start(), m.end())
            if forward:
                value = published + timedelta(days=(target - published.weekday() - 1) % 7 + 1)
            else:
                value = published - timedelta(days=(published.weekday() - target) % 7)
        add(m, value, "day", True, False)
    for m in pats.ago.finditer(text):
        raw = m["n"].casefold()
        n = int(raw) if raw.isdigit() else pats.number_words.get(raw, 1)
        unit = pats.ago_units[m["unit"].casefold()]
        value = None
        gran = {"days": "day", "weeks": "week", "months": "month", "years": "year"}[unit]
        if published is not None:
            if unit == "days":
                value = published - timedelta(days=n)
            elif unit == "weeks":
                value = published - timedelta(weeks=n)
            elif unit == "months":
                value = _shift_month(published, -n)
            else:
                value = date(published.year - n, 1, 1)
        add(m, value, gran, True, False)
    for pattern, meaning in pats.relative:
        for m in pattern.finditer(text):
            if _in_capitalised_name(text, m.start(), m.end()) or _in_title(text, m.start(), m.end(), titles):
                continue  # "USA TODAY", "GOOD MORNING AMERICA", ABC's This Week: a name, no day
            value, gran = _relative(meaning, published)
            add(m, value, gran, True, False)

    # Longest match wins where candidates overlap ("am 22. Oktober 2025" over "Oktober 2025").
    found.sort(key=lambda d: (d.span.start, -(d.span.end - d.span.start)))
    result: list[DateMention] = []
    for mention in found:
        if result and mention.span.start < result[-1].span.end:
            continue
        result.append(mention)
    return result


@component(name="find_dates", requires=("tokens",), assigns=("dates",))
def find_dates(doc: Document) -> Document:
    doc.dates = find_date_mentions(doc.text, doc.lang, doc.article.published)
    return doc
