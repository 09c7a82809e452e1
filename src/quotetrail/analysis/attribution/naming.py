"""Stage 5, names: who a speaker phrase names.

Input: the context, the quote segments and the speaker finder. ``name_speaker`` gives one statement its
``speaker_name`` (a person's full name, a role's holder — "der Minister" → the minister named
earlier —, a description), its ``speaker_ref`` and whom it speaks for (``principal``);
``resolve_pronouns`` then resolves pronoun speakers to the nearest fitting speaker or person
before them. Changes only the ``Found``s it is given.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.lexicon import (
    fold,
    lemma_of,
)
from quotetrail.analysis.attribution.quotes import Quotes
from quotetrail.analysis.attribution.speaker_head import (
    HOW_AGE,
    HOW_ORGANISATION,
    HOW_PERSON_BEFORE,
    HOW_ROLE,
    HOW_SPEAKER_BEFORE,
    HOW_SPONSOR,
    HOW_SUBJECT,
    Head,
    listed,
    speaker_head,
    speaker_words,
)
from quotetrail.analysis.attribution.speakers import Speakers
from quotetrail.analysis.entities import lexicon as names_lexicon
from quotetrail.analysis.entities import person_gender
from quotetrail.link.names import is_pronoun
from quotetrail.link.unnamed import unnamed_label
from quotetrail.model import Mention, Span

BACK_SENTENCES = 6  # how far a pronoun looks back for its antecedent
_INITIAL = re.compile(r"[A-Z]\.")  # a middle initial: "A." in "William A. Birdthistle"


class SpeakerNames:
    """Names for the speakers of one document's statements."""

    _role_contexts: list[tuple[Mention, list[str]]] | None = None  # see role_contexts
    _org_names: list[tuple[int, int, int]] | None = None  # see all_organisation_names
    _org_kinds: dict[str, tuple[list[int], list[tuple[int, int]]]] | None = None  # organisations_by_kind
    _documents: list[tuple[int, str, tuple[int, int]]] | None = None  # see named_documents

    def __init__(self, ctx: Context, quotes: Quotes, speakers: Speakers) -> None:
        self.ctx = ctx
        self.quotes = quotes
        self.speakers = speakers

    def names_listed_after_dash(self, i: int, j: int, coordinators: frozenset[str]) -> bool:
        """``toks[i:j]`` is a description without a name, a dash ("—", "–" or "--"), then two
        or more people joined by a coordinator outside any name."""
        toks, mention = self.ctx.toks, self.ctx.mention
        dash = next((k for k in range(i + 1, j - 1) if toks[k].text in ("—", "–", "--")
                     or (toks[k].text == "-" and toks[k + 1].text == "-")), None)
        if dash is None or any((m := mention(k)) is not None and m.label == "PER" for k in range(i, dash)):
            return False
        people = {id(m) for k in range(dash, j) if (m := mention(k)) is not None and m.label == "PER"}
        joined = any(fold(toks[k]) in coordinators and mention(k) is None for k in range(dash, j))
        return len(people) >= 2 and joined

    def name_speaker(self, f: Found) -> None:
        ctx = self.ctx
        if f.speaker is None:
            return
        i, j = f.speaker
        k = self.before_verb_tail(i, j, f.cue)
        if k < j:
            # "Sanders hasn't [said]", "Devine didn’t [concede]", "Rubio only": the verb's
            # auxiliary or an adverb is no part of who speaks
            f.speaker = i, j = i, k
        if j - i == 1 and i > 1 and ctx.toks[i - 1].text in ",-—–" and fold(ctx.toks[i]) in ctx.lex.relatives:
            # "Tom Baker, who said …": the relative pronoun stands for the phrase before the comma
            a = ctx.sent_range.get(ctx.toks[i].sent, (0, i))[0]
            k = i - 1
            while k > a and ctx.toks[k - 1].text in "-—–":
                k -= 1  # "--" is two tokens
            antecedent = self.speakers.np_before(a, k)
            if antecedent is not None:
                antecedent = self.with_head_before(a, antecedent)
                named = replace(f, speaker=antecedent)
                self.name_speaker(named)
                f.speaker_name, f.speaker_label = named.speaker_name, named.speaker_label
                f.speaker_ref = named.speaker_ref or ctx.span(*antecedent)
                f.principal, f.principal_name, f.principal_label = named.principal, named.principal_name, named.principal_label
                return
        words = speaker_words(ctx.doc.lang)
        whose = next((k for k in range(i + 1, j - 1) if fold(ctx.toks[k]) in words.possessive_relatives), None)
        if (whose is not None and j - whose <= 4 and f.cue is not None and f.cue[0] == j
                and all(ctx.toks[k].kind != "punct" for k in range(whose, j))):
            # "Mrs. Clinton -- whose husband said": the husband speaks, a relation of the name
            # before, never the name itself; but "X -- whose husband signed it -- has said" and
            # "X, whose husband, Y, was …, said": X speaks
            f.speaker_name = ctx.span(whose, j).text
            return
        if self.names_listed_after_dash(i, j, words.coordinators):
            # "The three law professors -- Mr. Hale, Ms. Roth and Mr. Lang": they speak
            # together; the first of them alone is not the speaker
            f.speaker_name, f.speaker_label = ctx.span(i, j).text, "GROUP"
            return
        i = self.after_source_noun(i, j)
        head = speaker_head(ctx.toks, i, j, ctx.mention, words)
        if head.principal is not None:
            f.principal = head.principal
            m = head.principal_mention
            if m is not None:
                f.principal_name, f.principal_label = m.name, m.label
            else:
                text = ctx.span(*head.principal).text
                for suffix in ctx.lex.possessive_suffixes:
                    text = text.removesuffix(suffix)
                f.principal_name = text
                f.principal_label = "PRON" if head.principal_pronoun else None
        if head.kind == "group":
            f.speaker_name, f.speaker_label = ctx.span(i, head.end).text, "GROUP"
            return
        if head.kind == "description" and head.principal is None and head.end < j:
            # "die Sprecherin des Hafens, Ilse Brandt": a name in apposition to a description
            # that names nobody is the speaker, its titles perhaps before it ("Another
            # analyst, Ruth Palmer of Kiel University", "The head of the armed
            # forces, Gen. Tom Becker")
            k = head.end + 1
            if ctx.toks[head.end].text == ",":
                k = self.after_titles(k, j)
            m = ctx.mention(k)
            e = k
            while m is not None and m.label == "PER" and e < j and ctx.mention(e) is m:
                e += 1
            if m is not None and m.label == "PER" and listed(ctx.toks, e, j, ctx.mention, words):
                # "The three law professors — Tom Hale, Ruth Roth and Paul Lang": they speak
                # together, and the first of them alone is not the speaker
                f.speaker_name, f.speaker_label = ctx.span(i, j).text, "GROUP"
                return
            if m is not None and m.label == "PER" and (
                    e >= j or ctx.toks[e].kind == "punct" or fold(ctx.toks[e]) in words.links):
                head = Head("name", k, e, mention=m)
        elif head.kind == "description" and head.end < j:
            # "Palmer's campaign chairman, Tom Becker": the representative's name speaks
            k = head.end + 1
            if ctx.toks[head.end].text == ",":
                k = self.after_titles(k, j)  # "…'s chief of staff, Deputy Director Joe Kasper"
            m = ctx.mention(k)
            if m is not None and m.label == "PER" and m is not head.principal_mention:
                head = Head("name", k, k + 1, mention=m, principal=head.principal,
                            principal_mention=head.principal_mention)
        best = head.mention
        if best is not None and best.label != "LOC":
            f.speaker_name = best.name
            f.speaker_label = best.label
            if best.name != best.span.text:
                f.speaker_ref = ctx.first_named.get(best.name)
            return
        if head.principal is not None:
            # "Cameron's spokesman", "the Clinton campaign": a description that speaks for
            # someone is named as written, never as the principal
            f.speaker_name = ctx.span(i, head.end).text
            return
        sponsor = self.document_sponsor(i, head.end)
        if sponsor is not None:
            # "The Monmouth poll", "the poll" after "a new CNN/ORC poll": its sponsor speaks
            f.speaker_name, f.speaker_ref, f.speaker_label = sponsor.text, sponsor, "ORG"
            f.speaker_how = HOW_SPONSOR
            return
        a, b = self.describe(i, head.end)
        f.speaker_name = ctx.span(a, b).text
        holder = self.role_antecedent(a, b) if (a, b) == (i, head.end) else None
        if holder is not None:
            # "The candidate" after "Republican candidate Donald Trump"
            f.speaker_name, f.speaker_label = holder[0].name, "PER"
            f.speaker_ref = ctx.first_named.get(holder[0].name, holder[0].span)
            f.speaker_how = holder[1]
            return
        org = self.org_antecedent(a, b) if (a, b) == (i, head.end) else None
        if org is not None:
            # "the fund" after "the International Monetary Fund"
            f.speaker_name, f.speaker_ref, f.speaker_label = org.text, org, "ORG"
            f.speaker_how = HOW_ORGANISATION
            return
        if (a, b) != f.speaker and self.looks_named_range(a, b):
            # "Groberg, 33", "Tom Becker, a Democratic strategist": where the name itself stands,
            # so linking sees a bare name and a pronoun after it finds its antecedent
            f.speaker_ref = ctx.span(a, b)
        if j - i == 1 and fold(ctx.toks[i]) in ctx.lex.pronouns:
            f.speaker_label = "PRON"
        elif j - i == 2 and fold(ctx.toks[i]) in ctx.lex.possessives and not (
            i > 0 and fold(ctx.toks[i - 1]) in words.links and not (f.cue and f.cue[0] <= i - 1 < f.cue[1])
        ) and (ctx.de or fold(ctx.toks[i + 1]) in words.possessive_sources):
            # in English only before a noun of what someone says ("her account"), not "her critics"
            # "nach ihren Worten", "according to her account": whose words the text said
            # before; not "(people familiar) with her thinking", the object of a phrase whose
            # head lies before it
            f.speaker_label = "PRON"

    def document_sponsor(self, i: int, j: int) -> Span | None:
        """Who a poll or survey speaks for (``document_nouns``): the capitalised name before
        its noun ("The Monmouth poll", "a new CNN/ORC poll", "Suffolk University Poll") or after
        "by" ("a recent poll by RealClearPolitics"); for one named nowhere in the phrase ("The
        poll", "the new survey"), the sponsor of the one poll of that noun the article named
        before. No place, date or possessive is a sponsor ("an Iowa poll", "a March poll").
        None when nothing fits or two sponsors do."""
        ctx = self.ctx
        toks = ctx.toks
        words = speaker_words(ctx.doc.lang)
        h = next((k for k in range(i, j) if fold(toks[k]) in words.document_nouns), None)
        if h is None:
            return None
        named = self.document_named(h, i)
        if named is not None:
            a, b = named
            if all(fold(toks[k]) in words.definite_articles | ctx.lex.determiners or (
                    toks[k].kind == "word" and toks[k].text[:1].islower() and fold(toks[k]) not in words.links
                    and fold(toks[k]) not in words.document_blockers) for k in range(i, a)):
                return ctx.span(a, b)
            return None  # "voters in a Kessling Research poll": the voters speak
        if h + 2 < j and fold(toks[h + 1]) == "by":
            b = h + 2
            while b < j and self._sponsor_word(b):
                b += 1
            return ctx.span(h + 2, b) if b > h + 2 else None
        if not all(fold(toks[k]) in ctx.lex.determiners or (toks[k].kind == "word" and toks[k].text[:1].islower())
                   for k in range(i, h)) or i == h or fold(toks[i]) not in words.definite_articles:
            return None  # "a poll": some poll; "most of the people in the poll": not the poll
        noun = fold(toks[h])
        sponsors = {ctx.span(*span).text.casefold(): span for end, n, span in self.named_documents()
                    if end <= i and n == noun}
        return ctx.span(*next(iter(sponsors.values()))) if len(sponsors) == 1 else None

    def document_named(self, h: int, start: int = 0) -> tuple[int, int] | None:
        """The sponsor's tokens right before the document noun at ``h`` (from ``start`` on), if any."""
        a = h
        while a > start and h - a < 6 and self._sponsor_word(a - 1):
            a -= 1
        return (a, h) if a < h else None

    def _sponsor_word(self, k: int) -> bool:
        """A token of a poll's sponsor: a capitalised word (no place, date, possessive or
        determiner) or a slash or hyphen between two ("CNN/ORC", "Washington Post-ABC News")."""
        ctx = self.ctx
        t = ctx.toks[k]
        if t.text in ("/", "-", "&"):
            return 0 < k < len(ctx.toks) - 1 and ctx.is_cap(ctx.toks[k - 1]) and ctx.is_cap(ctx.toks[k + 1])
        m = ctx.mention(k)
        return (t.kind == "word" and t.text[:1].isupper() and (m is None or m.label != "LOC")
                and not ctx.date_token(k) and not self.possessive(k) and fold(t) not in ctx.lex.determiners
                and not is_pronoun(t.text, ctx.doc.lang))

    def named_documents(self) -> list[tuple[int, str, tuple[int, int]]]:
        """Each poll or survey the article names with its sponsor, in text order: (end token,
        noun, sponsor's tokens). Found once per document."""
        if self._documents is None:
            ctx = self.ctx
            nouns = speaker_words(ctx.doc.lang).document_nouns
            self._documents = [(k + 1, fold(t), named) for k, t in enumerate(ctx.toks)
                               if nouns and fold(t) in nouns and (named := self.document_named(k)) is not None]
        return self._documents

    def before_verb_tail(self, i: int, j: int, cue: tuple[int, int] | None) -> int:
        """Where a speaker phrase of capitalised words ends when lower-case auxiliaries
        ("hasn't", "did"), adverbs ("only", "however"), a reflexive ("Obama himself") or words
        of its cue close it; ``j`` when
        nothing does or nothing capitalised would be left."""
        ctx = self.ctx
        toks = ctx.toks
        words = speaker_words(ctx.doc.lang)
        if i > 0 and fold(toks[i - 1]) in words.coordinators | words.links:
            return j  # "Strategists for Obama and [Clinton all] agree": a piece of a longer phrase
        k = j
        while k - 1 > i:
            t = toks[k - 1]
            low = fold(t)
            bare = low.removesuffix("n't").removesuffix("n’t")
            if not (t.kind == "word" and t.text[:1].islower() and (
                    bare in ctx.lex.auxiliaries or low in ctx.lex.adverbs or ctx.is_adverb(t)
                    or low in words.reflexives or (cue is not None and cue[0] <= k - 1 < cue[1]))):
                break
            k -= 1
        if k == j or not all(ctx.is_cap(toks[x]) and fold(toks[x]) not in ctx.lex.pronouns
                             and fold(toks[x]) not in ctx.lex.possessives for x in range(i, k)):
            return j  # "Her remarks [suggested]": a possessive, no name
        return k

    def after_titles(self, k: int, j: int) -> int:
        """Where a name begins after up to five title words at ``toks[k]`` ("Gen.", "Vermont
        Sen.", "Agriculture Secretary", "the Rev.", "party chairwoman"): capitalised words or
        role nouns, no name among them; ``k`` itself when something else comes first."""
        ctx = self.ctx
        words = speaker_words(ctx.doc.lang)
        x = k
        while x < min(j, k + 5) and ctx.mention(x) is None:
            t = ctx.toks[x]
            low = fold(t)
            if t.kind != "word" or not (ctx.is_cap(t) or words.is_role(t.text) or (
                    x == k and low in words.definite_articles)) or low in words.links or low in ctx.lex.pronouns:
                return k
            x += 1
        return x if x < j and ctx.mention(x) is not None else k

    def with_head_before(self, a: int, np: tuple[int, int]) -> tuple[int, int]:
        """ "a longtime friend of Palmer, who …": a name after a link word is not the noun
        phrase's head; the phrase runs back to its determiner."""
        ctx = self.ctx
        s, k = np
        toks = ctx.toks
        if s - 1 <= a or fold(toks[s - 1]) not in speaker_words(ctx.doc.lang).links:
            return np
        x = s - 1
        while x > a and toks[x - 1].kind == "word" and not ctx.is_cap(toks[x - 1]) and ctx.lem[x - 1] not in ctx.lex.verbs:
            x -= 1
            if fold(toks[x]) in ctx.lex.determiners:
                return x, k
        return np

    def describe(self, i: int, end: int) -> tuple[int, int]:
        """Where the name of a speaker phrase ``[i, end)`` whose head is no known name lies:
        capitalised words that open it and end it ("Lotte Brandauer vom Institut", "Murphy",
        "Rep. G.K. Roe" without the title), capitalised words that end it ("longtime confidant
        Roger Stone"), else the phrase as written ("Bernie Sanders supporters", "the port
        operator")."""
        ctx = self.ctx
        toks = ctx.toks
        titles = names_lexicon(ctx.doc.lang).titles
        links = speaker_words(ctx.doc.lang).links
        titled = self.after_last_title(i, end)
        if titled is not None:
            return titled
        k = ctx.bare_name_end(i, end)
        if k > i and (k >= end or fold(toks[k]) in links) and not self.possessive(k - 1):
            return i, k
        x = end
        while x > i and ctx.is_cap(toks[x - 1]) and any(c.islower() for c in toks[x - 1].text):
            x -= 1
        if x > i and 2 <= end - x <= 3 and fold(toks[x]) not in titles and fold(toks[x - 1]) not in links and (
            not ctx.de or toks[x].text in names_lexicon("de").first_names  # German nouns are capitalised
        ):
            return x, end
        if all(ctx.is_cap(toks[k]) or toks[k].kind == "punct" for k in range(i, end)):
            while end - i > 1 and (fold(toks[i]) in titles or toks[i].kind == "punct"):
                i += 1  # "Rep. G.K. Roe": without the title
        return i, end

    def after_last_title(self, i: int, end: int) -> tuple[int, int] | None:
        """The name after the last title word of ``[i, end)``, up to a link word or the end:
        "Representative Tom B. Hale (of Ohio)", "Caucus Chairman G.K. Orbland (of
        Ohio)"; one to four capitalised words, no title or determiner among them, and
        no possessive; only capitalised words before the title; None when there is no such
        name."""
        ctx = self.ctx
        toks = ctx.toks
        titles = names_lexicon(ctx.doc.lang).titles
        links = speaker_words(ctx.doc.lang).links
        e = next((k for k in range(i, end) if fold(toks[k]) in links), end)
        t = max((k for k in range(i, e - 1) if fold(toks[k]) in titles and ctx.is_cap(toks[k])), default=None)
        if t is None or not 1 <= e - t - 1 <= 4 or self.possessive(e - 1) or not all(
                ctx.is_cap(toks[k]) and fold(toks[k]) not in ctx.lex.determiners for k in range(i, t)):
            return None  # "the younger Mrs. Halvorsen": another of the family, as written
        name = range(t + 1, e)
        if not all(ctx.is_cap(toks[k]) and fold(toks[k]) not in titles and fold(toks[k]) not in ctx.lex.determiners
                   for k in name) or not any(any(c.islower() for c in toks[k].text) for k in name):
            return None
        return t + 1, e

    def role_antecedent(self, i: int, j: int) -> tuple[Mention, str] | None:
        """The one person named earlier in the article whom the definite description ``[i, j)``
        points back at: "the former attorney general" after "Palmer, the former attorney
        general,"; "The candidate" after "Republican mayoral candidate Tom Becker"; "Der
        grüne Staatssekretär" after "Verbraucher-Staatssekretär Matthias Berninger (Grüne)".
        The head noun must be in the words the article put before or in apposition to the
        name, and so must every modifier that could tell two people apart (a "former", a
        capitalised party or country; in German every one); two people fitting: nobody. "The
        46-year-old" is the one person the article gave that age ("Marta Kessling, 46,"). A
        description that says a gender ("the congresswoman", "die Ministerin", "der Minister")
        never points at a person of the other gender. Returns the person and how the link was
        made (``HOW_ROLE`` or ``HOW_AGE``)."""
        ctx = self.ctx
        words = speaker_words(ctx.doc.lang)
        toks = ctx.toks
        if j - i < 2 or j - i > 7 or fold(toks[i]) not in words.definite_articles:
            return None
        age = self.age(ctx.text[toks[i + 1].start : toks[j - 1].end])
        ks = [k for k in range(i + 1, j) if toks[k].kind == "word"]
        desc = [fold(toks[k]) for k in ks]
        link = next((n for n, w in enumerate(desc) if w in words.links), len(desc))
        if link == 0:
            return None
        head, complement = desc[link - 1], desc[link + 1 :]
        if age is not None:
            head, complement, link = f"age:{age}", [], 1  # "the 46-year-old": nothing else to match
        elif head not in words.role_nouns and not (words.nouns_capitalised and head.endswith(words.role_suffixes)):
            return None  # "the Times", "the poll": no person's role
        if any(w in ctx.lex.pronouns or w in ctx.lex.determiners for w in desc[:link]):
            return None
        strict = {desc[n] for n in range(link - 1) if (
            words.nouns_capitalised or desc[n] in words.former or toks[ks[n]].text[:1].isupper())}
        gender = "" if age is not None else self.description_gender(fold(toks[i]), head)
        fits: dict[str, Mention] = {}
        # "with Ruth Palmer, the Green candidate stated": the words after the comma
        # are this description itself, not an apposition that gives the name a role
        own = toks[i - 2].end if i >= 2 and toks[i - 1].text == "," else None
        for m, context in self.role_contexts():
            if m.span.start >= toks[i].start:
                break
            if m.span.end == own:
                continue
            if self._has(context, head, compound=words.nouns_capitalised and age is None) and all(
                self._has(context, w) for w in (*strict, *complement) if w not in words.links
            ) and self.fits(m.name, gender) and self.title_fits(m.span, gender):
                fits.setdefault(m.name, m)
        if len(fits) != 1:
            return None
        return next(iter(fits.values())), HOW_AGE if age is not None else HOW_ROLE

    def age(self, text: str) -> str | None:
        """The age a description gives ("46" for "46-year-old", "46-Jährige"), else None."""
        low = text.casefold()
        for suffix in speaker_words(self.ctx.doc.lang).age_suffixes:
            number = low.removesuffix(suffix)
            if number != low and number.isdigit() and len(number) <= 3:
                return number
        return None

    def description_gender(self, article: str, head: str) -> str:
        """ "f" for "the congresswoman", "die Ministerin"; "m" for "the congressman", "der
        Minister"; "" when the description does not say."""
        words = speaker_words(self.ctx.doc.lang)
        if head in words.gendered_nouns:
            return words.gendered_nouns[head]
        if not words.is_role(head):
            return ""
        for suffix, gender in words.gender_suffixes.items():
            # "Ministerin" is "Minister" with the feminine ending
            if head.endswith(suffix) and words.is_role(head.removesuffix(suffix)):
                return gender
        if words.gender_suffixes and article in words.masculine_articles:
            return "m"  # "der Minister" (nominative); a genitive "der" goes before a noun in -in
        return ""

    def org_antecedent(self, i: int, j: int) -> Span | None:
        """The one organisation named earlier in the article that the definite description
        ``[i, j)`` points back at: "the fund" after "the International Monetary Fund", "the
        budget office" after "the Congressional Budget Office", "das Gericht" after "das
        Bundesverwaltungsgericht", "die Behörde" after "das Bundesamt für Strahlenschutz". The
        head noun names the kinds of name it can stand for (``organisation_nouns``); every other
        word of the description must be a word of the name. Two such names: nobody."""
        ctx = self.ctx
        words = speaker_words(ctx.doc.lang)
        toks = ctx.toks
        if not 2 <= j - i <= 4 or fold(toks[i]) not in words.definite_articles:
            return None
        if any(toks[k].kind != "word" or (ctx.is_cap(toks[k]) and (k < j - 1 or not words.nouns_capitalised))
               for k in range(i + 1, j)):
            return None  # "The Tax Foundation" is a name, no description (German capitalises the noun)
        desc = [fold(toks[k]) for k in range(i + 1, j)]
        kinds = words.organisation_nouns.get(desc[-1])
        if not kinds:
            return None
        fits: dict[str, Span] = {}
        by_kind = self.organisations_by_kind()
        for kind in kinds:
            ends, names = by_kind.get(kind, ([], []))
            # the names of that kind ending before the description, the closest first; two
            # fitting ones end the search, so a long text costs no more per description
            for a, b in reversed(names[: bisect.bisect_right(ends, i)]):
                name = [fold(toks[k]) for k in range(a, b)]
                if all(w in name or (ctx.de and any(n.startswith(w[:5]) for n in name)) for w in desc[:-1]):
                    span = ctx.span(a, b)
                    fits.setdefault(span.text.casefold(), span)
                    if len(fits) > 1:
                        return None
        return next(iter(fits.values())) if len(fits) == 1 else None

    def organisations_by_kind(self) -> dict[str, tuple[list[int], list[tuple[int, int]]]]:
        """For each kind word of ``organisation_nouns``, the organisation names of the document
        whose head is of that kind, in text order: their ends and their (start, end)."""
        if self._org_kinds is not None:
            return self._org_kinds
        ctx = self.ctx
        words = speaker_words(ctx.doc.lang)
        kinds = {k for ks in words.organisation_nouns.values() for k in ks}
        out: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}
        for a, b, head in sorted(self.all_organisation_names(), key=lambda n: n[1]):
            for kind in kinds:
                if self._org_head(fold(ctx.toks[head]), (kind,), words.nouns_capitalised):
                    ends, names = out.setdefault(kind, ([], []))
                    ends.append(b)
                    names.append((a, b))
        self._org_kinds = out
        return out

    @staticmethod
    def _org_head(word: str, kinds: tuple[str, ...], compound: bool) -> bool:
        """A name's head word is of one of the kinds: the same word ("Fund"), or in German the
        last part of a compound ("Bundesverwaltungsgericht", "Bundesamt")."""
        word = word.rstrip(".")
        return word in kinds or (compound and any(word.endswith(k) and len(word) >= len(k) + 3 for k in kinds))

    def all_organisation_names(self) -> list[tuple[int, int, int]]:
        """The organisation names of the document, as (start, end, head): an organisation
        mention, or capitalised words no mention covers ("Congressional Budget Office"), perhaps
        continued after a link word ("Department of Justice", "Bundesamt für Strahlenschutz":
        then the head is the word before the link). In German one capitalised word will do,
        every noun being one: only its head decides. Found once per document."""
        if self._org_names is not None:
            return self._org_names
        ctx = self.ctx
        toks = ctx.toks
        before = len(toks)
        words = speaker_words(ctx.doc.lang)
        out: list[tuple[int, int, int]] = []
        k = 0
        while k < before:
            m = ctx.mention(k)
            if m is not None and m.label in ("ORG", "MEDIA"):
                a, b = ctx.token_range((m.span.start, m.span.end))
                out.append((a, b, b - 1))
                k = max(b, k + 1)
                continue
            if m is not None or not self._name_word(k):
                k += 1
                continue
            a = k
            while k < before and self._name_word(k):
                k += 1
            head = k - 1
            if not (k + 1 < before and fold(toks[k]) in words.links and self._name_word(k + 1)):
                if k - a >= (1 if ctx.de else 2):
                    out.append((a, k, head))
            else:
                x = k + 1  # "Department of Justice", headed before "of"; "Shares of Brantley Motors Inc."
                k += 1
                while k < before and self._name_word(k):
                    k += 1
                out.append((a, k, head))
                if k - x >= (1 if ctx.de else 2):
                    out.append((x, k, k - 1))
        self._org_names = out
        return out

    def _name_word(self, k: int) -> bool:
        """A capitalised word of a name no mention covers, no determiner ("The")."""
        ctx = self.ctx
        t = ctx.toks[k]
        return ctx.mention(k) is None and ctx.is_cap(t) and any(c.islower() for c in t.text) and (
            fold(t) not in ctx.lex.determiners)

    @staticmethod
    def _has(context: list[str], word: str, compound: bool = False) -> bool:
        """``word`` among the context's words; in German also as the last part of a compound
        ("Verbraucher-Staatssekretär") or with another ending ("Vorsitzende"/"Vorsitzender")."""
        for w in context:
            if w == word:
                return True
            if compound and len(word) >= 5 and (
                w.endswith(word) or w.rstrip("nrs") == word.rstrip("nrs") or w.endswith(word.rstrip("nrs"))
            ):
                return True
        return False

    def role_contexts(self) -> list[tuple[Mention, list[str]]]:
        """Each person mention in text order with the words the article hangs on the name: the
        title words right before it and an apposition or bracket right after it."""
        ctx = self.ctx
        if self._role_contexts is not None:
            return self._role_contexts
        out: list[tuple[Mention, list[str]]] = []
        toks = ctx.toks
        for m in ctx.doc.mentions:
            if m.label != "PER":
                continue
            a, b = ctx.token_range((m.span.start, m.span.end))
            words = [fold(toks[k]) for k in range(a, b)]
            k = a - 1
            while k >= 0 and a - k <= 5 and toks[k].kind == "word" and fold(toks[k]) not in ctx.lex.determiners:
                if self.inflected_verb(k):
                    break  # "one lawmaker called Trump": the words before a verb are its subject's
                words.append(fold(toks[k]))  # "Republican presidential candidate", "Verbraucher-Staatssekretär"
                k -= 1
            age = self.age_at(m.span, b)
            if age:
                words.append(f"age:{age}")  # "Marta Kessling, 46,", "Müller (46)", "46-year-old Marta"
            if b + 1 < len(toks) and (toks[b].text == "(" or (
                    toks[b].text == "," and fold(toks[b + 1]) in ctx.lex.determiners)):
                k = b + 1
                while k < len(toks) and k - b <= 8 and toks[k].text not in ",;:.)—–":
                    words.append(fold(toks[k]))  # ", the former attorney general,", "( Grüne )"
                    k += 1
            equivalents = speaker_words(ctx.doc.lang).role_equivalents
            words += [e for w in words for e in equivalents.get(w, ())]  # "Sen. X": "the senator"
            out.append((m, words))
        out.sort(key=lambda x: x[0].span.start)
        self._role_contexts = out
        return out

    def age_at(self, span: Span, b: int) -> str | None:
        """The age written next to a name: ", 46," or "(46)" after it (token ``b`` follows the
        name), or "46-year-old" right before it."""
        toks = self.ctx.toks
        if b + 2 < len(toks) and toks[b].text in ",(" and toks[b + 1].text.isdigit() and len(
                toks[b + 1].text) <= 2 and toks[b + 2].text in ",).;":
            return toks[b + 1].text
        words = self.ctx.text[max(0, span.start - 16) : span.start].split()
        return self.age(words[-1]) if words else None

    def inflected_verb(self, k: int) -> bool:
        """A lower-case word that is a verb of saying or inflected ("called", "met"): no title."""
        ctx = self.ctx
        t = ctx.toks[k]
        if not t.text[:1].islower():
            return False
        low = fold(t)
        return ctx.lem[k] in ctx.lex.verbs or (
            ctx.lem[k] != low and low not in speaker_words(ctx.doc.lang).role_nouns and not ctx.de)

    def possessive(self, k: int) -> bool:
        """ "Trump's": a token that ends in a possessive suffix."""
        ctx = self.ctx
        return fold(ctx.toks[k]).endswith(ctx.lex.possessive_suffixes or ("'s", "’s"))

    def after_source_noun(self, i: int, j: int) -> int:
        """Where the speaker starts in "Angaben von Anwohnern", "Meinung politischer Beobachter",
        "Auffassung des Gerichts": after the source noun and its link word; else ``i``."""
        ctx = self.ctx
        lex, toks = ctx.lex, ctx.toks
        k = i
        while k < j and fold(toks[k]) in lex.determiners:
            k += 1
        if k + 1 >= j or not (fold(toks[k]) in lex.source_nouns or lemma_of(toks[k]) in lex.source_nouns):
            return i
        k += 1
        low = fold(toks[k])
        if low in lex.source_skip:
            k += 1
        elif low not in lex.source_link and not (ctx.de and ctx.is_adj(toks[k])):
            return i  # "sources close to ...": no link, the noun is the speaker itself
        if k < j and all(
            ctx.date_token(x) or lemma_of(toks[x]) in lex.temporal or ctx.is_adj(toks[x]) for x in range(k, j)
        ):
            return i  # "Informationen vom späten Abend": a time, not who informed
        return k if k < j else i

    def resolve_pronouns(self, found: list[Found]) -> None:
        ctx = self.ctx
        by_sent: dict[int, list[Found]] = {}
        for f in found:
            by_sent.setdefault(f.sentence, []).append(f)
        for n, f in enumerate(found):
            if f.speaker_label == "ANAPH":
                # "Demnach": the last source named within two sentences
                prev = [
                    g
                    for g in found[:n]
                    if g.speaker_name
                    and g.speaker_label != "ANAPH"
                    and f.sentence - g.sentence <= 2
                ]
                if prev and prev[-1].speaker:
                    f.speaker_name = prev[-1].speaker_name
                    f.speaker_ref = prev[-1].speaker_ref or ctx.span(*prev[-1].speaker)
                continue
            if f.principal_label == "PRON" and f.principal is not None:
                # "his spokesman": the principal is the possessive's antecedent
                word = fold(ctx.toks[f.principal[0]])
                ref = self.antecedent(f, ctx.lex.possessives.get(word, ""), by_sent)
                f.principal_name = ref[0] if ref is not None else None
                f.principal_label = "PER" if ref is not None else None
            if f.speaker_label != "PRON" or f.speaker is None:
                continue
            word = fold(ctx.toks[f.speaker[0]])
            info = ctx.lex.pronouns.get(word) or {"gender": ctx.lex.possessives.get(word, "")}
            if info.get("first") or info.get("number") == "pl" or self.plural_by_verb(f, word):
                continue  # "ich" / "we" outside quotes, "erklärten sie": leave as written
            gender = str(info.get("gender", ""))
            ref = self.antecedent(f, gender, by_sent)
            if ref is not None:
                f.speaker_name, f.speaker_ref, f.speaker_how = ref

    def plural_by_verb(self, f: Found, word: str) -> bool:
        """German "sie" with a finite verb in -en ("erklärten sie"): they, not she."""
        ctx = self.ctx
        ending = speaker_words(ctx.doc.lang).plural_when_verb_ends.get(word)
        if not ending or (f.cue is None and f.speaker is None):
            return False
        # a statement with no cue (the labeller's reported act "Sie halten … für …"): the
        # verb its content opens with, right after the pronoun
        at = f.cue[0] if f.cue is not None else f.speaker[1]  # type: ignore[index]
        if at >= len(ctx.toks) or (f.cue is None and ctx.toks[at].start != f.content[0]):
            return False
        verb = fold(ctx.toks[at])
        return verb.endswith(ending) and not verb.startswith("ge")  # "hat … geschrieben": a participle

    def title_fits(self, span: Span | None, gender: str) -> bool:
        """No gendered title at the name tells otherwise ("she" is never "Mr. Trump", whose
        first name the text does not give): the word before the span or its first word."""
        ctx = self.ctx
        if span is None or not gender:
            return True
        titles = names_lexicon(ctx.doc.lang).title_genders
        k = bisect.bisect_left(ctx.starts, span.start)
        for x in (k - 1, k):
            if 0 <= x < len(ctx.toks) and titles.get(ctx.toks[x].text, gender) != gender:
                return False
        return True

    def fits(self, name: str, gender: str) -> bool:
        ctx = self.ctx
        g = person_gender(ctx.doc.lang, name)
        return not g or not gender or g == gender

    def antecedent(
        self, f: Found, gender: str, by_sent: dict[int, list[Found]]
    ) -> tuple[str, Span | None, str] | None:
        """The name a pronoun stands for, where it is written, and how it was found (HOW_*)."""
        ctx = self.ctx
        quotes = self.quotes
        for s in range(f.sentence, max(-1, f.sentence - BACK_SENTENCES), -1):
            for g in reversed(by_sent.get(s, [])):  # the closest speaker first
                if s == f.sentence and g.pos >= f.pos:
                    continue
                if g.speaker_label in ("PER", "PRON", None) and g.speaker_name and g is not f:
                    if g.speaker_label is None and not self.looks_named(g):
                        continue
                    if g.speaker_label is None and unnamed_label(g.speaker_name, ctx.doc.lang):
                        continue  # "Berichten zufolge", "sources said": no one a pronoun can stand for
                    if g.speaker_label == "PRON" and g.speaker_ref is None:
                        continue
                    if self.fits(g.speaker_name, gender) and self.title_fits(
                            g.speaker_ref or ctx.span(*g.speaker) if g.speaker else None, gender):
                        ref = g.speaker_ref if g.speaker_label == "PRON" or (
                            g.speaker_ref is not None and g.speaker_ref.text == g.speaker_name) else None
                        if ref is None and g.speaker:
                            ref = ctx.first_named.get(g.speaker_name) or ctx.span(*g.speaker)
                        return g.speaker_name, ref, HOW_SPEAKER_BEFORE
            if s == f.sentence:
                subject = self.sentence_subject(s, f.speaker[0], gender) if f.speaker else None
                if subject is not None:
                    return subject.name, ctx.first_named.get(subject.name, subject.span), HOW_SUBJECT
                continue
            owners: list[Mention] = []
            for m in ctx.per_by_sent.get(s, []):  # the first: most often the subject
                # a name inside a quotation is spoken about, not the one who goes on speaking
                if not self.fits(m.name, gender) or not self.title_fits(m.span, gender) or quotes.in_quote[
                        bisect.bisect_left(ctx.starts, m.span.start)]:
                    continue
                if self.possessive_name(m):
                    owners.append(m)  # "Clinton's email scandal": a modifier, not the subject
                    continue
                return m.name, ctx.first_named.get(m.name, m.span), HOW_PERSON_BEFORE
            if owners:
                # only a possessor fits: not sure enough to look further back; but one that
                # opens its sentence is what the sentence is about ("Keller's plan has met with
                # doubts. She cannot win the vote alone")
                if len({m.name for m in owners}) == 1 and self.opens_sentence(owners[0], s):
                    m = owners[0]
                    return m.name, ctx.first_named.get(m.name, m.span), HOW_PERSON_BEFORE
                return None
        return None

    def sentence_subject(self, s: int, before: int, gender: str) -> Mention | None:
        """The person a sentence opens with, when the pronoun at token ``before`` comes later in
        it and no other person is named between: "Mr. Trump has played down the idea as he
        attempts …" (only titles or role words before the name: "Asked about Clinton, he said"
        is no subject)."""
        ctx = self.ctx
        toks = ctx.toks
        words = speaker_words(ctx.doc.lang)
        people = [m for m in ctx.per_by_sent.get(s, []) if m.span.end <= toks[before].start]
        if not people or len({m.name for m in people}) > 1:
            return None
        m = people[0]
        a, k = ctx.sent_range[s][0], bisect.bisect_left(ctx.starts, m.span.start)
        if k - a > 5 or any(
            toks[x].kind != "word" or not (ctx.is_cap(toks[x]) or words.is_role(toks[x].text)
                                           or fold(toks[x]) in words.title_links)
            for x in range(a, k)
        ):
            return None
        if self.quotes.in_quote[k] or self.possessive_name(m) or not self.fits(m.name, gender) or not self.title_fits(
                m.span, gender):
            return None
        return m

    def opens_sentence(self, m: Mention, s: int) -> bool:
        """The name opens sentence ``s``, perhaps after its titles ("Mr. Trump's", "Sen. Ryan's")."""
        ctx = self.ctx
        a, k = ctx.sent_range[s][0], bisect.bisect_left(ctx.starts, m.span.start)
        return k - a <= 3 and all(ctx.toks[x].kind == "word" and ctx.is_cap(ctx.toks[x]) and fold(
            ctx.toks[x]) not in ctx.lex.determiners for x in range(a, k))

    def possessive_name(self, m: Mention) -> bool:
        """ "Clinton's", "Clinton’s": a name that modifies the noun after it."""
        ctx = self.ctx
        after = ctx.text[m.span.end : m.span.end + 2]
        suffixes = ctx.lex.possessive_suffixes or ("'s", "’s")
        return m.span.text.casefold().endswith(suffixes) or after.casefold().startswith(suffixes)

    def looks_named(self, g: Found) -> bool:
        """An unrecognised speaker that is a bare capitalised name ("Putin"), or a phrase whose
        name is one ("Groberg, 33", "Republican party boss Yelbert Obrestad")."""
        ctx = self.ctx
        if g.speaker is None:
            return False
        if g.speaker_ref is not None and g.speaker_name == g.speaker_ref.text:
            i, j = ctx.token_range((g.speaker_ref.start, g.speaker_ref.end))
            return self.looks_named_range(i, j)
        return self.looks_named_range(*g.speaker)

    def looks_named_range(self, i: int, j: int) -> bool:
        """Capitalised words that are no function word ("It", "I've" are no names), one or two
        of them and perhaps a middle initial ("William A. Birdthistle")."""
        ctx = self.ctx
        initials = sum(1 for k in range(i + 1, j - 1) if _INITIAL.fullmatch(ctx.toks[k].text))
        return 0 < j - i - initials <= 2 and not is_pronoun(ctx.span(i, j).text, ctx.doc.lang) and all(
            ctx.is_cap(ctx.toks[k]) and fold(ctx.toks[k]) not in ctx.lex.determiners
            for k in range(i, j)
        )
