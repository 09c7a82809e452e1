"""Stage 3: the speaker — subject before the finite verb, or the noun phrase after it.

Input: the context, the quote segments and the cue finder (a relative clause with a cue of its
own is no apposition). ``speaker_for(a, b, f, cue_end)`` gives the speaker's token range for a
cue in the sentence ``[a, b)``; the statement rules call it. Reads only; changes nothing.
"""

from __future__ import annotations

from quotetrail.analysis.attribution.context import Context
from quotetrail.analysis.attribution.cues import CueFinder
from quotetrail.analysis.attribution.lexicon import fold, is_quote, lemma_of
from quotetrail.analysis.attribution.phrases import apposition_end
from quotetrail.analysis.attribution.quotes import Quotes
from quotetrail.analysis.entities import lexicon as names_lexicon

NP_LIMIT = 16  # longest first position taken as a speaker, in tokens


class Speakers:
    """Speaker spans for the cues of one document."""

    def __init__(self, ctx: Context, quotes: Quotes, cues: CueFinder) -> None:
        self.ctx = ctx
        self.quotes = quotes
        self.cues = cues

    def subject_before(self, a: int, f: int) -> tuple[int, int] | None:
        """English: the noun phrase ending right before the verb ("the spokesman for X")."""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        j = f
        while j > a and (ctx.is_adverb(toks[j - 1]) or fold(toks[j - 1]) in lex.auxiliaries):
            j -= 1
        if j > a and ctx.date_token(j - 1) and ctx.mention(j - 1) is None:
            # "Senator Roe on Tuesday said": a date between subject and verb (not "USA Today")
            while j > a and ctx.date_token(j - 1) and ctx.mention(j - 1) is None:
                j -= 1
            if j > a and fold(toks[j - 1]) in lex.prefield_adverbials:
                j -= 1  # its preposition
            while j > a and (ctx.is_adverb(toks[j - 1]) or fold(toks[j - 1]) in lex.auxiliaries):
                j -= 1
        if j > a and fold(toks[j - 1]) in lex.pronouns:
            return j - 1, j
        if j - 1 > a and toks[j - 1].text == ")":
            # "Rep. Ruth Palmer (D-Ore.) said": step over the parenthesis
            k = j - 1
            while k > a and toks[k].text != "(" and j - k < 12:
                k -= 1
            if toks[k].text == "(":
                subj = self.subject_before(a, k)
                return (subj[0], j) if subj else None
        i = j
        while i > a and j - i < 8:
            u = toks[i - 1]
            low = fold(u)
            if u.kind != "word" or quotes.in_quote[i - 1]:
                if (u.text in ("-", "'s", "’s", ".", "'", "’") or u.kind == "num") and i - 1 > a:
                    # "Almost seven of 10 residents", "the state's governor"
                    i -= 1
                    continue
                break
            if ctx.mention(i - 1) is None and (
                low in lex.np_stops or low in lex.pronouns or low in lex.auxiliaries
            ):
                # "Retail chains in northern Germany said": a place phrase inside the subject
                before = toks[i - 2] if i - 2 >= a else None
                if (
                    low in ("in", "at", "from")
                    and before is not None
                    and before.kind == "word"
                    and (before.text[:1].islower() or i - 2 == a)
                    and fold(before) not in lex.np_stops
                    and fold(before) not in lex.auxiliaries
                    and fold(before) not in lex.pronouns
                    and any(ctx.is_cap(toks[p]) for p in range(i, j))
                ):
                    i -= 1
                    continue
                break
            i -= 1
        while i < j and fold(toks[i]) in lex.prefield_adverbials and ctx.mention(i) is None:
            i += 1
        if i >= j or fold(toks[i]) in lex.source_link:
            return None  # "11% of Republican claims": a noun after "of", no subject and verb
        return i, j

    # -- 3. speaker ----------------------------------------------------------------------
    def coordinated(self, np: tuple[int, int], b: int) -> tuple[int, int]:
        """``np`` with a second one joined by "und"/"and" ("AFP und Reuters") when that one
        ends the phrase (a comma, or the verb of the clause, follows)."""
        ctx = self.ctx
        j = np[1]
        if j + 1 < b and fold(ctx.toks[j]) in ctx.lex.coordinators:
            second = self.np_after(j + 1, b)
            if second is not None and (second[1] >= b or not ctx.toks[second[1]].text[:1].isupper()):
                return np[0], second[1]
        return np

    def np_after(self, i: int, b: int) -> tuple[int, int] | None:
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        # "so charakterisierte ihn der Funktionär": an object pronoun may precede the subject
        while i < b and (
            fold(toks[i]) in lex.adverbs or fold(toks[i]) in lex.object_pronouns or fold(toks[i]) in lex.reflexives
        ):
            i += 1
        if i >= b:
            return None
        t = toks[i]
        if fold(t) in lex.pronouns and not (
            # "diese Regierung": a determiner before its noun, "diese" alone a pronoun
            fold(t) in lex.determiners and i + 1 < b and (ctx.is_cap(toks[i + 1]) or ctx.is_adj(toks[i + 1]))
        ):
            return i, i + 1
        j = i
        head = False
        linked = False  # inside "des Ministeriums" / "of the physics institute"
        while j < b and j - i < 10:
            u = toks[j]
            low = fold(u)
            m = ctx.mention(j)
            if m is not None:
                head = True
                while j < b and ctx.mention(j) is m:
                    j += 1
                continue
            if j in quotes.seg_open and j > i and (
                fold(toks[j - 1]) in lex.determiners
                # "die Zeitung „Die Welt“", not "X „ganz besonders sorgfältig“": a quoted name
                or (head and ctx.is_cap(toks[j - 1]) and j + 1 < b and toks[j + 1].text[:1].isupper())
            ):
                seg = quotes.seg_open[j]
                if seg.close > j and seg.close - j <= 5:
                    head = True  # die „Automobilwoche“
                    j = seg.close + 1
                    continue
            if (
                head
                and u.text == "("
                and j + 2 < b
                and toks[j + 2].text == ")"
                and toks[j + 1].text[:1].isupper()
                and not any(c.islower() for c in toks[j + 1].text[1:2])
            ):
                j += 3  # "des Geological Survey (USGS)": the short form belongs to the name
                continue
            if u.kind != "word" or quotes.in_quote[j]:
                break
            if (
                head
                and low in lex.clause_breaks
                and j + 1 < b
                and ctx.is_cap(toks[j + 1])
                and toks[j - 1].text.endswith("-")
            ):
                j += 1  # "Kongress- und Verteidigungskreise"
                continue
            if ((low in lex.determiners) and (not head or linked)) or (
                ctx.is_cap(u) and low not in lex.medium_preps
            ):
                if ctx.de and linked and ctx.is_cap(u) and low not in lex.determiners:
                    linked = False  # "des Roten Kreuzes": the genitive's noun closes it
                head = head or ctx.is_cap(u)
                j += 1
                continue
            if head and low in lex.source_link and j + 1 < b:
                nxt = toks[j + 1]
                if (
                    ctx.is_cap(nxt)
                    or fold(nxt) in lex.determiners
                    # "Vertreter der deutschen Verbände": an adjective, then the noun
                    or (ctx.de and j + 2 < b and ctx.is_adj(nxt) and ctx.is_cap(toks[j + 2]))
                ):
                    linked = True
                    j += 1
                    continue
                break
            if ctx.is_adj(u) and (not head or linked):
                j += 1
                head = head or not ctx.de  # English: "a draft", "officials" are heads too
                continue
            if (
                not ctx.de
                and (head is False or linked)
                and u.text[:1].islower()
                and low not in lex.medium_preps
                and low not in lex.np_stops
            ):
                j += 1  # English common nouns: "a spokesman", "officials"
                head = head or low not in lex.determiners
                continue
            if ctx.de and head and low in lex.np_place_preps and j + 1 < b:
                # "Sascha Kempf vom Max-Planck-Institut": the organisation the source is part of
                x = j + 1
                while x < b and (fold(toks[x]) in lex.determiners or ctx.is_adj(toks[x])):
                    x += 1
                if x < b and ctx.is_cap(toks[x]) and not quotes.in_quote[x]:
                    j = x
                    continue
            break
        return (i, j) if j > i and head else None

    def inverted_subject(self, i: int, b: int) -> tuple[int, int] | None:
        """English "…, said Jane Roe, a director of X." closing the sentence: the noun phrase
        after the cue with its apposition (annotators count the apposition to the source).
        A noun phrase that goes on into a clause ("said the plan would fail") is content."""
        ctx = self.ctx
        quotes = self.quotes
        toks, lex = ctx.toks, ctx.lex
        np = self.np_after(i, b)
        if np is None or not (ctx.is_cap(toks[np[0]]) or fold(toks[np[0]]) in lex.determiners):
            return None
        end = b
        while end > np[1] and toks[end - 1].kind == "punct" and not is_quote(toks[end - 1]):
            end -= 1
        # the phrase goes on over titles, abbreviations and "of" links: "MSNBC host Chris
        # Matthews", "Del. Ruth Palmer of the Northern Isles"
        j = last = np[1]
        while j < end and j - i < 25:
            u, low = toks[j], fold(toks[j])
            if quotes.in_quote[j] or ctx.date_token(j) or (u.kind == "punct" and u.text not in ".()-'’"):
                break
            if low in lex.np_stops or low in lex.auxiliaries or low in lex.pronouns or self.cues.gerund(j):
                break
            j += 1
            if ctx.is_cap(u) or u.text == ")":
                last = j  # the phrase ends in a name: lowercase words after it may be a verb
        if last == end or toks[last].text == ",":
            np = np[0], last
        if np[1] == end:
            return np
        if toks[np[1]].text != "," or np[1] + 1 >= end:
            return None
        if self.cues.gerund(np[1] + 1):
            return np  # "…, said the senator, adding that …"
        if not self.apposition_at(np[1] + 1, end) or any(
            quotes.in_quote[k] or toks[k].text in ";:" for k in range(np[1], end)
        ):
            return None
        return np[0], end

    def apposition_at(self, i: int, end: int) -> bool:
        """English: ``[i, end)`` after a name and a comma is an apposition or a relative clause
        annotators count to the source ("a director of X", "now a consultant", "who has four
        children"), not a phrase of time or place, nor a clause with a cue of its own ("who
        emphasized that …": a statement of its own)."""
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        if i >= end:
            return False
        nxt, low = toks[i], fold(toks[i])
        after = toks[i + 1] if i + 1 < end else None
        if low in lex.relatives:
            return not any(self.cues.verb_cue(k, i, end) for k in range(i + 1, end))
        return (
            (ctx.is_cap(nxt) and low not in lex.prefield_adverbials)
            or low in lex.determiners
            or (ctx.is_adverb(nxt) and after is not None and fold(after) in lex.determiners)
        )

    def np_before(self, a: int, k: int) -> tuple[int, int] | None:
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        i = k
        head = False
        while i > a and k - i < 8:
            u = toks[i - 1]
            low = fold(u)
            if u.kind != "word":
                break
            if ctx.is_cap(u) or ctx.mention(i - 1) is not None:
                head = True
            elif ctx.lem[i - 1] in lex.verbs:
                break  # "sagte Celebi, die …": the cue verb before the name
            elif low in lex.determiners or low in lex.source_link or ctx.is_adj(u):
                pass
            else:
                break
            i -= 1
        # a lowercase word right after a noun is a verb ("Das Parlament hörte Ahmed Kassim"),
        # not an adjective: the noun phrase starts after it
        for p in range(k - 1, i, -1):
            u, prev = toks[p], toks[p - 1]
            if u.text[:1].islower() and fold(u) not in lex.determiners | lex.source_link:
                if ctx.is_cap(prev) and fold(prev) not in lex.determiners:
                    i = p + 1
                    break
        while i < k and fold(toks[i]) in lex.prefield_adverbials and ctx.mention(i) is None:
            i += 1
        head = any(ctx.is_cap(toks[p]) or ctx.mention(p) is not None for p in range(i, k))
        return (i, k) if head and i < k else None

    def prefield(self, a: int, f: int) -> tuple[int, int]:
        """The first position before the finite verb ``f``: from the clause start to ``f``."""
        ctx = self.ctx
        toks = ctx.toks
        cs = a
        k = f - 1
        while k >= a:
            if toks[k].text == ")":
                # "Rainer Brüderle (FDP) sagte": a parenthesis belongs to the noun phrase
                while k > a and toks[k].text != "(":
                    k -= 1
                k -= 1
                continue
            if (
                toks[k].text in ",:;(–—"
                or is_quote(toks[k])
                or fold(toks[k]) in ctx.lex.complementizers
            ):
                cs = k + 1
                break
            k -= 1
        while cs < f and fold(toks[cs]) in ctx.lex.clause_breaks:
            cs += 1
        return cs, f

    def speaker_for(self, a: int, b: int, f: int, cue_end: int) -> tuple[int, int] | None:
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        if ctx.de and f > a and fold(toks[f - 1]) == lex.infinitive_marker:
            return None  # "…, Informationen darüber zu bestätigen": an infinitive has no subject here
        # the finite verb may be an auxiliary before a participle cue ("hat ... gebeten")
        cs, _ = self.prefield(a, f)
        r = f - 1
        while r > a and ctx.is_adverb(toks[r]) and fold(toks[r]) not in lex.subject_relatives:
            r -= 1
        if not ctx.de and r > a and fold(toks[r]) in lex.subject_relatives and toks[r - 1].text in (",", "-", "—", "–"):
            # "Mr. Kamin, who emphasized that …": the pronoun is the source as written, named
            # after its antecedent (name_speaker)
            return r, r + 1
        if cs > a and toks[cs - 1].text == "," and fold(toks[cs]) in lex.relatives:
            # "Kassim, der vor dem Parlament betonte, …": a subject relative pronoun stands
            # for the noun phrase before the comma; "…, den die Zeitung zitiert" has its own
            nxt = toks[cs + 1] if cs + 1 < f else None
            if (
                fold(toks[cs]) in lex.subject_relatives
                and (nxt is None or not (ctx.is_cap(nxt) or fold(nxt) in lex.determiners))
                and (cue_end >= b or toks[cue_end].text == ",")
            ):
                return cs, cs + 1  # the pronoun, named after the phrase before the comma (name_speaker)
            return None
        if not ctx.de:
            p = f - 1
            while p > a and ctx.is_adverb(toks[p]) and fold(toks[p]) not in lex.passive:
                p -= 1
            raising = (
                cue_end + 1 < b
                and fold(toks[cue_end]) == lex.infinitive_marker
                and lemma_of(toks[cue_end + 1]) in lex.verbs
            )
            if p >= a and fold(toks[p]) in lex.passive and not raising:
                # "the hearing he was called to": a passive cue's subject is no speaker; the
                # agent is ("was criticized by the mayor"); "he is expected to say" keeps his
                if cue_end < b and fold(toks[cue_end]) in lex.agent_markers:
                    return self.np_after(cue_end + 1, b)
                return None
            if self.cues.gerund(f) and f > a and toks[f - 1].text == ",":
                # "Clinton mocked the complaint, saying …": the subject of the sentence, after
                # an opening adverbial ("Meanwhile,", "On Friday,")
                i = a
                while i < f and (fold(toks[i]) in lex.prefield_adverbials or ctx.date_token(i)):
                    comma = next((k for k in range(i, f - 1) if toks[k].text == ","), None)
                    if comma is None or comma - i >= 8:
                        break
                    i = comma + 1  # "On Thursday, however, Trump spoke …, promising"
                return self.np_after(i, f)
            if cs == f == a:
                return None  # "Asked about …, X said": a participle clause, not a cue
            if cs == f and f > a and (toks[f - 1].text == "," or is_quote(toks[f - 1])):
                inverted = self.inverted_subject(cue_end, b)
                if inverted is not None:
                    return inverted
            if cs == f and f - 2 > a and toks[f - 1].text == "," and not is_quote(toks[f - 2]):
                # "Richard Roe, director of the institute, said": name plus apposition
                k = f - 2
                while k > a and toks[k].text != "," and not is_quote(toks[k]) and f - k < 30:
                    k -= 1
                if k > a and toks[k].text == ",":
                    head = self.subject_before(a, k)
                    if head is not None:
                        # "Clinton, at Monday's debate, said": a parenthetical phrase, no
                        # apposition, stays out of the source
                        return (head[0], f - 1) if self.apposition_at(k + 1, f - 1) else head
                return None
            if cs < f:
                subj = self.subject_before(a, f)
                if (
                    subj
                    and lex.verbs.get(lemma_of(toks[f]), {}).get("noun")
                    and not (lex.past_suffix and fold(toks[f]).endswith(lex.past_suffix))
                ):
                    # "initial reports", "his claims": the word is a noun unless a name,
                    # pronoun or capitalised subject stands before it
                    last = toks[subj[1] - 1]
                    if not (ctx.is_cap(last) or fold(last) in lex.pronouns):
                        return None
                return subj
        for k in range(cs, f):
            if fold(toks[k]) in lex.auxiliaries:
                if fold(toks[k]) in lex.passive and lemma_of(toks[f]) not in lex.passive_speakers:
                    # "wurde … bestätigt": passive, the subject is no speaker (but "wird mit
                    # den Worten zitiert": the one quoted is)
                    return None
                f = k
                break
        if f - 1 >= a and fold(toks[f - 1]) in lex.clause_breaks:
            return None  # "… und forderten": the subject belongs to the first conjunct
        cs, fe = self.prefield(a, f)
        if not ctx.de:
            while fe > cs and (
                ctx.is_adverb(toks[fe - 1]) or fold(toks[fe - 1]) in lex.auxiliaries
            ):
                fe -= 1
            while (
                cs < fe and fold(toks[cs]) in lex.prefield_adverbials and ctx.mention(cs) is None
            ):
                cs += 1
        if cs < fe and (
            self.adverbial_prefield(cs, fe)
            or fold(toks[cs]) in lex.object_starts
            # "Zu dieser Zeit ging X davon aus": a subject never opens with a preposition,
            # nor with a subordinating conjunction ("Nachdem X gefragt wurde, …, entgegnete Y")
            or (
                ctx.de and fold(toks[cs]) in lex.prepositions and ctx.mention(cs) is None
                and not self.particle_name(cs, fe)
            )
            or fold(toks[cs]) in lex.subordinators
        ):
            # "Dies gab Airbus bekannt", "Erst vergangene Woche kündigte X an", "Den Einsatz
            # lehnte die Gewerkschaft ab": no subject before the verb
            return self.subject_after(f, cue_end, b)
        if cs < fe:
            first = toks[cs]
            if (
                fe - cs <= NP_LIMIT
                and (
                    fold(first) not in lex.prefield_adverbials
                    or ctx.mention(cs) is not None
                    or self.particle_name(cs, fe)
                )
                and first.kind == "word"
                and (
                    ctx.is_cap(first)
                    or fold(first) in lex.pronouns
                    or fold(first) in lex.determiners
                    or not ctx.de
                )
            ):
                m = ctx.mention(cs)
                name = (m is not None and m.label == "PER" and all(ctx.mention(x) is m for x in range(cs, fe))) or (
                    ctx.bare_name_end(cs, fe) == fe
                )
                if ctx.de and cs - 1 > a and toks[cs - 1].text == "," and name:
                    # "Die Chefin der Behörde, Anna Roth verwies darauf": the role before the
                    # name belongs to the source (the closing comma is often left out)
                    c2, _ = self.prefield(a, cs - 1)
                    first = toks[c2] if c2 < cs - 1 else None
                    if (
                        first is not None
                        and (ctx.is_cap(first) or fold(first) in lex.determiners)
                        and fold(first) not in lex.prefield_adverbials
                        and not self.adverbial_prefield(c2, cs - 1)
                        and not any((n := ctx.mention(x)) is not None and n.label == "PER" for x in range(c2, cs - 1))
                    ):
                        return c2, fe
                return ctx.tidy(cs, fe)
        elif cs == fe and fe - 1 > a and toks[fe - 1].text == "," and not is_quote(toks[fe - 2]):
            # "Der NATO-Generalsekretär, Mark Rutte, sagte" / "Wolfgang Roe, Chef von X, nennt":
            # a subject with an apposition between commas before the verb
            k = fe - 2
            while k > a and toks[k].text != "," and not is_quote(toks[k]) and fe - k < 30:
                k -= 1
            if k > a and toks[k].text == ",":
                c2, _ = self.prefield(a, k)
                first = toks[c2] if c2 < k else None
                if (
                    first is not None
                    and (ctx.is_cap(first) or fold(first) in lex.determiners)
                    and fold(first) not in lex.prefield_adverbials
                    and fold(first) not in lex.subordinators
                    and fold(first) not in lex.object_starts
                    and not self.adverbial_prefield(c2, k)
                ):
                    return c2, fe - 1
        return self.subject_after(f, cue_end, b)

    def particle_name(self, i: int, j: int) -> bool:
        """ "Von der Leyen" opening a sentence: name particles, then one capitalised word."""
        ctx = self.ctx
        particles = names_lexicon(ctx.doc.lang).particles
        # "Zu den Veranstaltungen …": "zu" opens a phrase far more often than a name
        return (
            j - i >= 2
            and fold(ctx.toks[i]) not in ctx.lex.not_name_openers
            and ctx.is_cap(ctx.toks[j - 1])
            and all(fold(ctx.toks[k]) in particles for k in range(i, j - 1))
        )

    def subject_after(self, f: int, cue_end: int, b: int) -> tuple[int, int] | None:
        """The subject after the finite verb ``f`` ("sagte der Minister"), with a German
        apposition."""
        ctx = self.ctx
        np = self.np_after(max(f + 1, cue_end) if f == cue_end - 1 else f + 1, b)
        return self.with_apposition(np, b) if np is not None and ctx.de else np

    def with_apposition(self, np: tuple[int, int], b: int) -> tuple[int, int]:
        """German "entschied sich Şükrü Can, der Leiter der Wartung, dazu": the apposition
        between commas belongs to the source."""
        end = apposition_end(self.ctx, self.quotes, np[1], b)
        return (np[0], end) if end is not None else np

    def adverbial_prefield(self, i: int, j: int) -> bool:
        """A first position that is no subject: a demonstrative object ("Dies") or a time
        expression ("Erst vergangene Woche", "Am Freitag")."""
        ctx = self.ctx
        toks, lex = ctx.toks, ctx.lex
        if j - i == 1 and fold(toks[i]) in lex.demonstratives:
            return True
        if (
            ctx.de
            and j - i == 1
            and (toks[i].lemma or "")[:1].islower()
            and fold(toks[i]) not in lex.pronouns
            and ctx.mention(i) is None
        ):
            return True  # "Ähnlich äußerte sich X": a capitalised adverb, no noun (its lemma)
        words = [k for k in range(i, j) if toks[k].kind != "punct"]
        return (
            bool(words)
            and all(
                ctx.date_token(k)
                or fold(toks[k]) in lex.adverbs
                or lemma_of(toks[k]) in lex.temporal
                or fold(toks[k]) in lex.prefield_adverbials
                or ctx.is_adj(toks[k])
                for k in words
            )
            and any(ctx.date_token(k) or lemma_of(toks[k]) in lex.temporal for k in words)
        )
