"""Step 5: medium, intermediary, date and speaker names (pronouns, roles, descriptions)."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from quotetrail.analysis.attribution.base import Found
from quotetrail.analysis.attribution.frame import Frames
from quotetrail.analysis.attribution.lexicon import (
    CLOSERS,
    OPENERS,
    QUOTE_MARKS,
    fold,
    is_quote,
    lemma_of,
)
from quotetrail.analysis.attribution.speaker_head import Head, speaker_head, speaker_words
from quotetrail.analysis.dates import unquote_titles
from quotetrail.analysis.entities import lexicon as names_lexicon
from quotetrail.analysis.entities import paragraph_of, person_gender
from quotetrail.link.names import is_pronoun
from quotetrail.model import Attribution, DateMention, Mention, Span

BACK_SENTENCES = 6  # how far a pronoun looks back for its antecedent
# what separates a date from the cue's clause: punctuation and words that open another clause
_CLAUSE_BREAK = re.compile(
    r"[,;:—–―()\"“”„»«]|\s-\s|\b(?:who|which|that|when|since|after|before|because|while|where|"
    r"dass|als|nachdem|bevor|seit|weil|wo)\b"
)
_OPENERS = " \t\n\"'„“”»«‚‘’-"  # what may stand before a date that opens its sentence
_INITIAL = re.compile(r"[A-Z]\.")  # a middle initial: "A." in "William A. Birdthistle"


class Extractor(Frames):
    """The whole extraction for one article; ``run`` is the order of the steps."""

    _role_contexts: list[tuple[Mention, list[str]]] | None = None  # see role_contexts

    def finish(self) -> list[Attribution]:
        toks, doc = self.toks, self.doc
        self.found.sort(key=lambda f: (f.content[0], f.pos))
        # drop duplicates: a quote chain seen from two cues
        seen: set[tuple[int, int]] = set()
        found: list[Found] = []
        for f in self.found:
            if f.content in seen or self.no_statement(f):
                continue
            seen.add(f.content)
            found.append(f)
        found.sort(key=lambda f: (f.sentence, f.pos))
        cues = {k for f in found if f.cue for k in range(*f.cue)}
        prev: Found | None = None
        for f in found:
            self.whole_quotation(f)
            self.inside_marks(f)
            if f.cue is None and prev is not None:
                self.shared_cue(f, prev)
            if f.cue is None and prev is not None:
                self.quote_after_statement(f, prev)
            if f.cue is None:
                self.recover_cue(f, cues)
            self.heading_colon(f)  # after the cue is known: the colon must follow it
            prev = f
            a, b = self.sent_range[f.sentence]
            if self.passive_cue(f):
                f.speaker = None  # "He has been criticized for …": said about him, not by him
            f.medium = self.medium_for(f, a, b)
            self.possessive_source(f)
            self.shape_source(f)
            self.trim_source(f)
            self.name_speaker(f)
            self.cue_frame(f)
            if f.form == "reported" and self.phrase_cue(f):
                # "laut X", "nach Angaben von X", "X zufolge", "heißt es" introduce the rest of
                # the sentence: a proposition, indirect speech as the annotation standard counts it
                f.form = "indirect"
            if f.form != "direct" and self.quoted_whole(f):
                f.form = "direct"  # "heißt es in dem Schreiben: „…“": a quotation
            if f.form == "indirect" and f.cue is None and self.lex.subjunctive:
                # "Er sagte, … Die Regierung werde …": no cue of its own, the statement goes on
                # in the subjunctive (or "soll") from one before it — free indirect speech
                f.form = "free_indirect"
        self.resolve_pronouns(found)
        self.assign_intermediaries(found)
        out = []
        for f in found:
            date = self.statement_date(f)
            out.append(
                Attribution(
                    content=doc.span(*f.content),
                    form=f.form,
                    cue=self.span(*f.cue) if f.cue else None,
                    cue_parts=tuple(self.span(*r) for r in f.cue_parts),
                    speaker=self.span(*f.speaker) if f.speaker else None,
                    speaker_name=f.speaker_name,
                    speaker_ref=f.speaker_ref,
                    principal=self.span(*f.principal) if f.principal and f.principal_name else None,
                    principal_name=f.principal_name if f.principal else None,
                    medium=self.span(*f.medium) if f.medium else None,
                    intermediary=f.intermediary,
                    date=date,
                    sentence=f.sentence,
                    made_by=f.rule or None,
                )
            )
        del toks
        return out

    def statement_date(self, f: Found) -> DateMention | None:
        """The date that dates the statement: in the clause of its cue or speaker ("said
        Tuesday", "told reporters on July 21", "sagte am Freitag", "On Monday, X said"), the
        nearest there; never one inside the content ("will vote on Friday") or in another
        clause ("X, who arrived Monday, said"; "since he quit in February, X said")."""
        frame = [r for r in (f.cue, f.speaker, *f.cue_parts) if r is not None]
        if not frame:
            return None
        a = min(self.toks[r[0]].start for r in frame)
        b = max(self.toks[r[1] - 1].end for r in frame)
        sentence_start = self.toks[self.sent_range[f.sentence][0]].start
        text = unquote_titles(self.text)  # „Süddeutsche Zeitung“, “Hannity,”: a name, no clause edge
        best: tuple[int, DateMention] | None = None
        for d in self.dates_of(f.sentence):
            if f.content[0] <= d.span.start < f.content[1]:
                continue  # "will vote on Friday": what the statement is about
            if d.span.end <= a:
                between = text[d.span.end : a]
                if _CLAUSE_BREAK.search(between):
                    # "On Monday, X said", "At Monday's debate, X said": a date in the phrase
                    # that opens the sentence, then one comma and the cue's clause
                    opens = not _CLAUSE_BREAK.search(text[sentence_start : d.span.start].strip(_OPENERS))
                    head, comma, rest = between.partition(",")
                    if not (opens and comma and not _CLAUSE_BREAK.search(head) and not _CLAUSE_BREAK.search(rest)):
                        continue
            elif d.span.start >= b:
                between = text[b : d.span.start]
                if _CLAUSE_BREAK.search(between):
                    continue
            else:
                # inside the speaker phrase: "a study released Tuesday shows", but not in its
                # apposition or relative clause ("X, who quit in February, said")
                if _CLAUSE_BREAK.search(text[a : d.span.start]):
                    continue
                between = ""
            if best is None or len(between) < best[0]:
                best = (len(between), d)
        return best[1] if best else None

    def passive_cue(self, f: Found) -> bool:
        """An English passive cue ("has been harshly criticized", "was accused of") with the
        subject before it and no "by" agent after it."""
        if f.cue is None or f.speaker is None or self.de or f.speaker[0] > f.cue[0]:
            return False
        toks, lex = self.toks, self.lex
        c0, c1 = f.cue
        k = next((k for k in range(c0, c1) if fold(toks[k]) in lex.passive), None)
        if k is None:
            return False
        p = k + 1
        while p < c1 and (self.is_adverb(toks[p]) or fold(toks[p]) in lex.passive):
            p += 1
        if p >= c1 or not fold(toks[p]).endswith(lex.participle_suffixes) or fold(toks[p]) in lex.adjectives:
            return False  # "is convinced": a state of the subject's mind, not a passive
        return not (c1 < len(toks) and fold(toks[c1]) in lex.agent_markers)

    def shared_cue(self, f: Found, prev: Found) -> None:
        """„A“, sagte er. „B“: a quotation that follows the cue closing the quotation before it,
        with nothing between, is the same speaker's under the same cue."""
        if f.form != "direct" or prev.form != "direct" or prev.cue is None or prev.speaker is None:
            return
        c1 = max(prev.cue[1], prev.speaker[1])
        if not (prev.content[1] <= self.toks[prev.cue[0]].start and c1 < len(self.toks)):
            return
        if any(ch.isalnum() for ch in self.text[self.toks[c1 - 1].end : f.content[0]]):
            return  # only the full stop and the quote mark lie between
        if f.speaker is None or f.speaker == prev.speaker:
            f.cue, f.cue_parts, f.speaker = prev.cue, prev.cue_parts, prev.speaker

    def quote_after_statement(self, f: Found, prev: Found) -> None:
        """German "X sagte, dass … sei. „Das war …“": a quotation right after a statement of
        the same speaker, with nothing between, is said under the same cue."""
        if not self.de or f.form != "direct" or prev.cue is None or prev.speaker is None:
            return
        if f.speaker is not None and f.speaker != prev.speaker:
            return
        if f.sentence != prev.sentence + 1 or prev.content[1] > f.content[0]:
            return
        if any(ch.isalnum() for ch in self.text[prev.content[1] : f.content[0]]):
            return
        f.cue, f.cue_parts, f.speaker = prev.cue, prev.cue_parts, prev.speaker

    def quoted_whole(self, f: Found) -> bool:
        """The content is one quotation (its words all inside quote marks)."""
        i, j = self.token_range(f.content)
        return j - i >= 2 and all(self.in_quote[k] for k in range(i, j))

    def whole_quotation(self, f: Found) -> None:
        """A direct quote that stops at a line end inside a quotation closed lines later (one
        sentence per line, as in a corpus, or a quote of several paragraphs) runs to the
        closing mark."""
        if f.form != "direct":
            return
        i, j = self.token_range(f.content)
        seg = self.seg_open.get(i) or (self.seg_open.get(i - 1) if i > 0 else None)
        if seg is None or seg.close < 0 or seg.end <= f.content[1]:
            return
        if any(g is not f and f.content[1] <= g.content[0] < seg.end for g in self.found):
            return  # another statement inside: each keeps its part
        # the marks stay with a content that began with the opening one (the labeller's way)
        end = self.toks[seg.close].end if i == seg.open else seg.end
        f.content = (f.content[0], max(f.content[1], end))

    def possessive_source(self, f: Found) -> None:
        """English "Trump's claim that …": a cue that opens with a possessive names its
        source; the possessor is the speaker, the noun the cue."""
        if f.speaker is not None or f.cue is None or f.cue[1] - f.cue[0] < 2:
            return
        i = f.cue[0]
        if fold(self.toks[i]).endswith(self.lex.possessive_suffixes) and self.is_cap(self.toks[i]):
            f.speaker, f.cue = (i, i + 1), (i + 1, f.cue[1])

    def trim_source(self, f: Found) -> None:
        """No adverb, comma or open bracket at a source's end ("The experts generally",
        "President Obama effectively", "Mr. Burman (")."""
        if f.speaker is None:
            return
        i, j = f.speaker
        toks = self.toks
        while j - i > 1 and (
            toks[j - 1].text in ",(;:"
            # "President Obama effectively", "sie aber nie genau erklärten"
            or (self.is_adverb(toks[j - 1]) and self.mention(j - 1) is None)
        ):
            j -= 1
        if j - i > 1 and fold(toks[i]) in self.lex.source_drop_first:
            # "In der Pressemitteilung des WWF heißt es": the document is the source; "kam es
            # Informationen des Senders zufolge zu …": the expletive is not part of it
            i += 1
        f.speaker = (i, j)

    def heading_colon(self, f: Found) -> None:
        """A heading line ("X bittet Y, Z zu tun: Russlands Präsident reagiert"), a line of its
        own without a full stop: a colon after the cue ends the statement, what follows it is
        the heading's next part."""
        if f.form == "direct" or f.cue is None:
            return
        a, b = self.sent_range[f.sentence]
        toks, text = self.toks, self.text
        last = toks[b - 1]
        line_end = text.find("\n", last.end)
        own_line = (a == 0 or "\n" in text[toks[a - 1].end : toks[a].start]) and (
            line_end < 0 or not text[last.end : line_end].strip()
        )
        if not own_line or last.text in ".!?" or is_quote(last):
            return
        i, j = self.token_range(f.content)
        colon = next((k for k in range(i + 1, j) if toks[k].text == ":" and not self.in_quote[k]), None)
        if colon is not None and colon > f.cue[0]:
            f.content = (f.content[0], toks[colon - 1].end)

    def no_statement(self, f: Found) -> bool:
        """A content of nothing but a date, adverbs or linking words ("announced Monday
        morning", "asked about"): a cue verb without anything said."""
        i, j = self.token_range(f.content)
        lex = self.lex
        words = [k for k in range(i, j) if self.toks[k].kind != "punct" and not is_quote(self.toks[k])]
        if not words:
            return True  # a lone quote mark
        if len(words) == 1 and not self.in_quote[words[0]] and (
            fold(self.toks[words[0]]) in lex.demonstratives or fold(self.toks[words[0]]) in lex.pronouns
        ):
            return True  # "Dies gab X bekannt": the pronoun points at what was said
        m = self.mention(words[0])
        if m is not None and m.label in ("MEDIA", "MISC") and all(self.mention(k) is m for k in words):
            return True  # a quoted outlet or platform name ("„Al Jazeera“"), not a statement
        if any(self.in_quote[k] for k in range(i, j)):
            return False  # a quotation is a statement, however short ("Not now")
        return all(
            self.toks[k].kind == "punct"
            or self.date_token(k)
            or lemma_of(self.toks[k]) in lex.temporal
            or self.is_adverb(self.toks[k])
            or fold(self.toks[k]) in lex.np_stops
            or fold(self.toks[k]) in lex.prefield_adverbials
            for k in range(i, j)
        )

    def inside_marks(self, f: Found) -> None:
        """A content that is one whole quotation is the words inside its quote marks, without
        the comma that hands over to the cue (the labeller tags marks and comma; the rules never
        do)."""
        i, j = self.token_range(f.content)
        toks = self.toks
        if j - i < 3 or not (toks[i].text in OPENERS and toks[j - 1].text in CLOSERS):
            return
        if any(toks[k].text in QUOTE_MARKS for k in range(i + 1, j - 1)):
            return  # two quotations and what lies between them
        e = j - 1
        if toks[e - 1].text == ",":
            e -= 1
        f.content = (toks[i + 1].start, toks[e - 1].end)

    def recover_cue(self, f: Found, taken: set[int]) -> None:
        """A statement found without a cue (the labeller tagged the content only) takes the
        nearest speech verb of its first or last sentence that lies outside the content and
        serves no other statement ("…, kritisierte der Verband"), or a closing "so X"."""
        toks, lex = self.toks, self.lex
        i0, i1 = self.token_range(f.content)
        if i0 >= i1:
            return
        best: tuple[int, int, int] | None = None
        sents = {toks[i0].sent, toks[i1 - 1].sent}
        before = self.sent_range.get(toks[i0].sent - 1)
        if before is not None and toks[before[1] - 1].text == ":":
            sents.add(toks[i0].sent - 1)  # "Die Ministerin warnte:" then the quotation
        for s in sents:
            a, b = self.sent_range[s]
            for k in range(a, b):
                if i0 <= k < i1 or k in taken:
                    continue
                if k == i1 + (i1 < b and toks[i1].text == ",") and fold(toks[k]) in lex.so_end:
                    hit: tuple[int, int] | None = (k, k + 1)  # "…, so der Verband."
                else:
                    v = self.verb_cue(k, a, b)
                    hit = (v[1], v[2]) if v else None
                if hit and not any(i0 <= x < i1 or x in taken for x in range(*hit)):
                    d = min(abs(k - i0), abs(k - i1))
                    if best is None or d < best[0]:
                        best = (d, *hit)
        if best is not None:
            f.cue = best[1], best[2]
            taken.update(range(*f.cue))
            return
        self.cue_inside(f, i0, i1, taken)

    def cue_inside(self, f: Found, i0: int, i1: int, taken: set[int]) -> None:
        """"Celebi riet der Frau, sofort die Polizei zu rufen" tagged as content whole: a speech
        verb early in it, then a comma, colon or "dass" opening the clause, splits it into
        source, cue and content."""
        toks, lex = self.toks, self.lex
        a, b = self.sent_range[toks[i0].sent]
        for k in range(i0, min(i1, i0 + 8)):
            if self.in_quote[k] or k in taken:
                continue
            v = self.verb_cue(k, a, b)
            if v is None or v[2] >= i1:
                continue
            for t in range(v[2], min(i1 - 2, v[2] + 8)):
                low = fold(toks[t])
                if self.in_quote[t]:
                    break
                if toks[t].text in ",:" or low in lex.complementizers:
                    start = t + 1 if toks[t].text in ",:" else t
                    f.content = (toks[start].start, f.content[1])
                    f.cue = (v[1], v[2])
                    if f.speaker is None and k > i0:
                        f.speaker = (i0, k)
                    taken.update(range(*f.cue))
                    return
            return

    def phrase_cue(self, f: Found) -> bool:
        if not f.cue:
            return False
        first = fold(self.toks[f.cue[0]])
        i, j = self.token_range(f.content)
        return first in self.lex.pattern_firsts and j - i >= 3

    def medium_for(self, f: Found, a: int, b: int) -> tuple[int, int] | None:
        toks = self.toks
        c0, c1 = f.content
        for i in range(a, b):
            if c0 <= toks[i].start < c1:
                continue
            med = self.medium_at(i, b)
            if med is not None and not (c0 <= toks[med[1] - 1].start < c1):
                return med
        # "told Reuters" / "sagte gegenüber Bloomberg": an outlet right after the cue
        if f.cue and f.cue[1] < len(toks):
            m = self.mention(f.cue[1])
            if m is not None and m.label == "MEDIA" and not (c0 <= m.span.start < c1):
                # the cue's own sentence: a cue found for content in another sentence ('"…," an
                # official told Fox News.') ends its sentence elsewhere than the content's
                end = self.sent_range[toks[f.cue[1]].sent][1]
                i = j = f.cue[1]
                while j < end and self.mention(j) is m:
                    j += 1
                if j > i:
                    return i, j
        return None

    def name_speaker(self, f: Found) -> None:
        if f.speaker is None:
            return
        i, j = f.speaker
        if j - i == 1 and i > 1 and self.toks[i - 1].text in ",-—–" and fold(self.toks[i]) in self.lex.relatives:
            # "Tom Baker, who said …": the relative pronoun stands for the phrase before the comma
            a = self.sent_range.get(self.toks[i].sent, (0, i))[0]
            k = i - 1
            while k > a and self.toks[k - 1].text in "-—–":
                k -= 1  # "--" is two tokens
            antecedent = self.np_before(a, k)
            if antecedent is not None:
                antecedent = self.with_head_before(a, antecedent)
                named = replace(f, speaker=antecedent)
                self.name_speaker(named)
                f.speaker_name, f.speaker_label = named.speaker_name, named.speaker_label
                f.speaker_ref = named.speaker_ref or self.span(*antecedent)
                f.principal, f.principal_name, f.principal_label = named.principal, named.principal_name, named.principal_label
                return
        words = speaker_words(self.doc.lang)
        whose = next((k for k in range(i + 1, j - 1) if fold(self.toks[k]) in words.possessive_relatives), None)
        if (whose is not None and j - whose <= 4 and f.cue is not None and f.cue[0] == j
                and all(self.toks[k].kind != "punct" for k in range(whose, j))):
            # "Mrs. Clinton -- whose husband said": the husband speaks, a relation of the name
            # before, never the name itself; but "X -- whose husband signed it -- has said" and
            # "X, whose husband, Y, was …, said": X speaks
            f.speaker_name = self.span(whose, j).text
            return
        i = self.after_source_noun(i, j)
        head = speaker_head(self.toks, i, j, self.mention, words)
        if head.principal is not None:
            f.principal = head.principal
            m = head.principal_mention
            if m is not None:
                f.principal_name, f.principal_label = m.name, m.label
            else:
                text = self.span(*head.principal).text
                for suffix in self.lex.possessive_suffixes:
                    text = text.removesuffix(suffix)
                f.principal_name = text
                f.principal_label = "PRON" if head.principal_pronoun else None
        if head.kind == "group":
            f.speaker_name, f.speaker_label = self.span(i, head.end).text, "GROUP"
            return
        if head.kind == "description" and head.principal is None and head.end < j:
            # "die Sprecherin des Hafens, Ilse Brandt": a name in apposition to a description
            # that names nobody is the speaker
            k = head.end + 1
            m = self.mention(k)
            e = k
            while m is not None and m.label == "PER" and e < j and self.mention(e) is m:
                e += 1
            if m is not None and m.label == "PER" and (e >= j or self.toks[e].kind == "punct"):
                head = Head("name", k, e, mention=m)
        elif head.kind == "description" and head.end < j:
            # "Clinton's campaign chairman, John Podesta": the representative's name speaks
            k = head.end + 1
            m = self.mention(k)
            if m is not None and m.label == "PER" and m is not head.principal_mention:
                head = Head("name", k, k + 1, mention=m, principal=head.principal,
                            principal_mention=head.principal_mention)
        best = head.mention
        if best is not None and best.label != "LOC":
            f.speaker_name = best.name
            f.speaker_label = best.label
            if best.name != best.span.text:
                f.speaker_ref = self.first_named.get(best.name)
            return
        if head.principal is not None:
            # "Cameron's spokesman", "the Clinton campaign": a description that speaks for
            # someone is named as written, never as the principal
            f.speaker_name = self.span(i, head.end).text
            return
        a, b = self.describe(i, head.end)
        f.speaker_name = self.span(a, b).text
        holder = self.role_antecedent(a, b) if (a, b) == (i, head.end) else None
        if holder is not None:
            # "The candidate" after "Republican candidate Donald Trump"
            f.speaker_name, f.speaker_label = holder.name, "PER"
            f.speaker_ref = self.first_named.get(holder.name, holder.span)
            return
        if (a, b) != f.speaker and self.looks_named_range(a, b):
            # "Groberg, 33", "Geoff Garin, a Democratic pollster": where the name itself stands,
            # so linking sees a bare name and a pronoun after it finds its antecedent
            f.speaker_ref = self.span(a, b)
        if j - i == 1 and fold(self.toks[i]) in self.lex.pronouns:
            f.speaker_label = "PRON"
        elif j - i == 2 and fold(self.toks[i]) in self.lex.possessives and not (
            i > 0 and fold(self.toks[i - 1]) in words.links and not (f.cue and f.cue[0] <= i - 1 < f.cue[1])
        ) and (self.de or fold(self.toks[i + 1]) in words.possessive_sources):
            # in English only before a noun of what someone says ("her account"), not "her critics"
            # "nach ihren Worten", "according to her account": whose words the text said
            # before; not "(people familiar) with her thinking", the object of a phrase whose
            # head lies before it
            f.speaker_label = "PRON"

    def with_head_before(self, a: int, np: tuple[int, int]) -> tuple[int, int]:
        """ "a longtime adviser to Trump, who …": a name after a link word is not the noun
        phrase's head; the phrase runs back to its determiner."""
        s, k = np
        toks = self.toks
        if s - 1 <= a or fold(toks[s - 1]) not in speaker_words(self.doc.lang).links:
            return np
        x = s - 1
        while x > a and toks[x - 1].kind == "word" and not self.is_cap(toks[x - 1]) and self.lem[x - 1] not in self.lex.verbs:
            x -= 1
            if fold(toks[x]) in self.lex.determiners:
                return x, k
        return np

    def describe(self, i: int, end: int) -> tuple[int, int]:
        """Where the name of a speaker phrase ``[i, end)`` whose head is no known name lies:
        capitalised words that open it and end it ("Lotte Brandauer vom Institut", "Murphy",
        "Rep. G.K. Roe" without the title), capitalised words that end it ("longtime confidant
        Roger Stone"), else the phrase as written ("Bernie Sanders supporters", "the port
        operator")."""
        toks = self.toks
        titles = names_lexicon(self.doc.lang).titles
        links = speaker_words(self.doc.lang).links
        k = self.bare_name_end(i, end)
        if k > i and (k >= end or fold(toks[k]) in links) and not self.possessive(k - 1):
            return i, k
        x = end
        while x > i and self.is_cap(toks[x - 1]) and any(c.islower() for c in toks[x - 1].text):
            x -= 1
        if x > i and 2 <= end - x <= 3 and fold(toks[x]) not in titles and fold(toks[x - 1]) not in links and (
            not self.de or toks[x].text in names_lexicon("de").first_names  # German nouns are capitalised
        ):
            return x, end
        if all(self.is_cap(toks[k]) or toks[k].kind == "punct" for k in range(i, end)):
            while end - i > 1 and (fold(toks[i]) in titles or toks[i].kind == "punct"):
                i += 1  # "Rep. G.K. Roe": without the title
        return i, end

    def role_antecedent(self, i: int, j: int) -> Mention | None:
        """The one person named earlier in the article whom the definite description ``[i, j)``
        points back at: "the former secretary of state" after "Clinton, the former secretary of
        state,"; "The candidate" after "Republican presidential candidate Donald Trump"; "Der
        grüne Staatssekretär" after "Verbraucher-Staatssekretär Matthias Berninger (Grüne)".
        The head noun must be in the words the article put before or in apposition to the
        name, and so must every modifier that could tell two people apart (a "former", a
        capitalised party or country; in German every one); two people fitting: nobody."""
        words = speaker_words(self.doc.lang)
        toks = self.toks
        if j - i < 2 or j - i > 7 or fold(toks[i]) not in words.definite_articles:
            return None
        ks = [k for k in range(i + 1, j) if toks[k].kind == "word"]
        desc = [fold(toks[k]) for k in ks]
        link = next((n for n, w in enumerate(desc) if w in words.links), len(desc))
        if link == 0:
            return None
        head, complement = desc[link - 1], desc[link + 1 :]
        if head not in words.role_nouns and not (words.nouns_capitalised and head.endswith(words.role_suffixes)):
            return None  # "the Times", "the poll": no person's role
        if any(w in self.lex.pronouns or w in self.lex.determiners for w in desc[:link]):
            return None
        strict = {desc[n] for n in range(link - 1) if (
            words.nouns_capitalised or desc[n] in words.former or toks[ks[n]].text[:1].isupper())}
        fits: dict[str, Mention] = {}
        for m, context in self.role_contexts():
            if m.span.start >= toks[i].start:
                break
            if self._has(context, head, compound=words.nouns_capitalised) and all(
                self._has(context, w) for w in (*strict, *complement) if w not in words.links
            ):
                fits.setdefault(m.name, m)
        return next(iter(fits.values())) if len(fits) == 1 else None

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
        if self._role_contexts is not None:
            return self._role_contexts
        out: list[tuple[Mention, list[str]]] = []
        toks = self.toks
        for m in self.doc.mentions:
            if m.label != "PER":
                continue
            a, b = self.token_range((m.span.start, m.span.end))
            ctx = [fold(toks[k]) for k in range(a, b)]
            k = a - 1
            while k >= 0 and a - k <= 5 and toks[k].kind == "word" and fold(toks[k]) not in self.lex.determiners:
                if self.inflected_verb(k):
                    break  # "one lawmaker called Trump": the words before a verb are its subject's
                ctx.append(fold(toks[k]))  # "Republican presidential candidate", "Verbraucher-Staatssekretär"
                k -= 1
            if b + 1 < len(toks) and (toks[b].text == "(" or (
                    toks[b].text == "," and fold(toks[b + 1]) in self.lex.determiners)):
                k = b + 1
                while k < len(toks) and k - b <= 8 and toks[k].text not in ",;:.)—–":
                    ctx.append(fold(toks[k]))  # ", the former secretary of state,", "( Grüne )"
                    k += 1
            out.append((m, ctx))
        out.sort(key=lambda x: x[0].span.start)
        self._role_contexts = out
        return out

    def inflected_verb(self, k: int) -> bool:
        """A lower-case word that is a verb of saying or inflected ("called", "met"): no title."""
        t = self.toks[k]
        if not t.text[:1].islower():
            return False
        low = fold(t)
        return self.lem[k] in self.lex.verbs or (
            self.lem[k] != low and low not in speaker_words(self.doc.lang).role_nouns and not self.de)

    def possessive(self, k: int) -> bool:
        """ "Trump's": a token that ends in a possessive suffix."""
        return fold(self.toks[k]).endswith(self.lex.possessive_suffixes or ("'s", "’s"))

    def shape_source(self, f: Found) -> None:
        """The source phrase as German annotators mark it: without a relative clause after it
        ("Celebi, die … vertritt"), with a name in apposition ("der Sprecher, Karl Meier,"), a second source
        joined by "und" ("Angaben von AFP und Reuters") and a bracketed short form ("(UNMISS)")."""
        if f.speaker is None or not self.de:
            return
        toks, lex = self.toks, self.lex
        i, j = f.speaker
        a, b = self.sent_range.get(toks[i].sent, (i, j))
        taken = [f.content] + ([self.chars(*f.cue)] if f.cue else [])

        def free(k: int) -> bool:  # token k lies outside content and cue
            return not any(c0 <= toks[k].start < c1 for c0, c1 in taken)

        if j - i > 2 and toks[j - 2].text == "," and fold(toks[j - 1]) in lex.relatives:
            # "Der Plan stammt von Karl Meier, der sagte, …": the relative pronoun is the source
            # (named after its antecedent by name_speaker), not the clause before it
            f.speaker = (j - 1, j)
            return
        for k in range(i + 1, j - 1):
            if toks[k].text == "," and fold(toks[k + 1]) in lex.relatives and self.verb_final(k + 1, b):
                j = k
                break
        while j < b and free(j):
            t = toks[j].text
            if t == "(" and j + 2 < b and toks[j + 2].text == ")" and free(j + 2):
                j += 3  # "die UN-Mission (UNMISS)"
                continue
            if t == "," and j + 1 < b:
                m = self.mention(j + 1)
                end = j + 1
                while m is not None and m.label == "PER" and end < b and self.mention(end) is m:
                    end += 1
                if end > j + 1 and (end >= b or not free(end) or toks[end].text in ",.:"):
                    j = end  # "…, Roland Eichhorn," : the name in apposition
                    continue
            wide = self.coordinated((i, j), b)[1]
            if wide > j and all(free(k) for k in range(j, wide)) and (
                wide >= b or not free(wide) or toks[wide].text in ",."
            ):
                j = wide  # "AFP und Reuters"
                continue
            break
        if (i, j) != f.speaker and i < j:
            f.speaker = (i, j)

    def verb_final(self, k: int, b: int) -> bool:
        """A clause from ``k`` to the next comma that ends in a lower-case word: German puts the
        verb of a relative clause last, an apposition ends in its noun."""
        e = k
        while e < b and self.toks[e].text not in ",;:" and not self.in_quote[e]:
            e += 1
        last = self.toks[e - 1]
        if last.kind == "punct" and e - 1 > k:
            last = self.toks[e - 2]
        return e - k > 2 and last.kind == "word" and last.text[:1].islower()

    def after_source_noun(self, i: int, j: int) -> int:
        """Where the speaker starts in "Angaben von Anwohnern", "Meinung politischer Beobachter",
        "Auffassung des Gerichts": after the source noun and its link word; else ``i``."""
        lex, toks = self.lex, self.toks
        k = i
        while k < j and fold(toks[k]) in lex.determiners:
            k += 1
        if k + 1 >= j or not (fold(toks[k]) in lex.source_nouns or lemma_of(toks[k]) in lex.source_nouns):
            return i
        k += 1
        low = fold(toks[k])
        if low in lex.source_skip:
            k += 1
        elif low not in lex.source_link and not (self.de and self.is_adj(toks[k])):
            return i  # "sources close to ...": no link, the noun is the speaker itself
        if k < j and all(
            self.date_token(x) or lemma_of(toks[x]) in lex.temporal or self.is_adj(toks[x]) for x in range(k, j)
        ):
            return i  # "Informationen vom späten Abend": a time, not who informed
        return k if k < j else i

    def resolve_pronouns(self, found: list[Found]) -> None:
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
                    f.speaker_ref = prev[-1].speaker_ref or self.span(*prev[-1].speaker)
                continue
            if f.principal_label == "PRON" and f.principal is not None:
                # "his spokesman": the principal is the possessive's antecedent
                word = fold(self.toks[f.principal[0]])
                ref = self.antecedent(f, self.lex.possessives.get(word, ""), by_sent)
                f.principal_name = ref[0] if ref is not None else None
                f.principal_label = "PER" if ref is not None else None
            if f.speaker_label != "PRON" or f.speaker is None:
                continue
            word = fold(self.toks[f.speaker[0]])
            info = self.lex.pronouns.get(word) or {"gender": self.lex.possessives.get(word, "")}
            if info.get("first") or info.get("number") == "pl" or self.plural_by_verb(f, word):
                continue  # "ich" / "we" outside quotes, "erklärten sie": leave as written
            gender = str(info.get("gender", ""))
            ref = self.antecedent(f, gender, by_sent)
            if ref is not None:
                f.speaker_name, f.speaker_ref = ref

    def plural_by_verb(self, f: Found, word: str) -> bool:
        """German "sie" with a finite verb in -en ("erklärten sie"): they, not she."""
        ending = speaker_words(self.doc.lang).plural_when_verb_ends.get(word)
        if not ending or f.cue is None:
            return False
        verb = fold(self.toks[f.cue[0]])
        return verb.endswith(ending) and not verb.startswith("ge")  # "hat … geschrieben": a participle

    def title_fits(self, span: Span | None, gender: str) -> bool:
        """No gendered title at the name tells otherwise ("she" is never "Mr. Trump", whose
        first name the text does not give): the word before the span or its first word."""
        if span is None or not gender:
            return True
        titles = names_lexicon(self.doc.lang).title_genders
        k = bisect.bisect_left(self.starts, span.start)
        for x in (k - 1, k):
            if 0 <= x < len(self.toks) and titles.get(self.toks[x].text, gender) != gender:
                return False
        return True

    def fits(self, name: str, gender: str) -> bool:
        g = person_gender(self.doc.lang, name)
        return not g or not gender or g == gender

    def antecedent(
        self, f: Found, gender: str, by_sent: dict[int, list[Found]]
    ) -> tuple[str, Span | None] | None:
        for s in range(f.sentence, max(-1, f.sentence - BACK_SENTENCES), -1):
            for g in reversed(by_sent.get(s, [])):  # the closest speaker first
                if s == f.sentence and g.pos >= f.pos:
                    continue
                if g.speaker_label in ("PER", "PRON", None) and g.speaker_name and g is not f:
                    if g.speaker_label is None and not self.looks_named(g):
                        continue
                    if g.speaker_label == "PRON" and g.speaker_ref is None:
                        continue
                    if self.fits(g.speaker_name, gender) and self.title_fits(
                            g.speaker_ref or self.span(*g.speaker) if g.speaker else None, gender):
                        ref = g.speaker_ref if g.speaker_label == "PRON" or (
                            g.speaker_ref is not None and g.speaker_ref.text == g.speaker_name) else None
                        if ref is None and g.speaker:
                            ref = self.first_named.get(g.speaker_name) or self.span(*g.speaker)
                        return g.speaker_name, ref
            if s == f.sentence:
                continue
            owners = False
            for m in self.per_by_sent.get(s, []):  # the first: most often the subject
                # a name inside a quotation is spoken about, not the one who goes on speaking
                if not self.fits(m.name, gender) or not self.title_fits(m.span, gender) or self.in_quote[
                        bisect.bisect_left(self.starts, m.span.start)]:
                    continue
                if self.possessive_name(m):
                    owners = True  # "Clinton's email scandal": a modifier, not the subject
                    continue
                return m.name, self.first_named.get(m.name, m.span)
            if owners:
                return None  # only a possessor fits: not sure enough to look further back
        return None

    def possessive_name(self, m: Mention) -> bool:
        """ "Clinton's", "Clinton’s": a name that modifies the noun after it."""
        after = self.text[m.span.end : m.span.end + 2]
        suffixes = self.lex.possessive_suffixes or ("'s", "’s")
        return m.span.text.casefold().endswith(suffixes) or after.casefold().startswith(suffixes)

    def looks_named(self, g: Found) -> bool:
        """An unrecognised speaker that is a bare capitalised name ("Putin"), or a phrase whose
        name is one ("Groberg, 33", "Republican party boss Reince Priebus")."""
        if g.speaker is None:
            return False
        if g.speaker_ref is not None and g.speaker_name == g.speaker_ref.text:
            i, j = self.token_range((g.speaker_ref.start, g.speaker_ref.end))
            return self.looks_named_range(i, j)
        return self.looks_named_range(*g.speaker)

    def looks_named_range(self, i: int, j: int) -> bool:
        """Capitalised words that are no function word ("It", "I've" are no names), one or two
        of them and perhaps a middle initial ("William A. Birdthistle")."""
        initials = sum(1 for k in range(i + 1, j - 1) if _INITIAL.fullmatch(self.toks[k].text))
        return 0 < j - i - initials <= 2 and not is_pronoun(self.span(i, j).text, self.doc.lang) and all(
            self.is_cap(self.toks[k]) and fold(self.toks[k]) not in self.lex.determiners
            for k in range(i, j)
        )

    def assign_intermediaries(self, found: list[Found]) -> None:
        # "wie Sky News berichtet" names the outlet for its sentence
        for f in found:
            inter = self.sent_inter.get(f.sentence)
            if inter is not None and f.speaker and self.span(*f.speaker) != inter:
                f.intermediary = inter
        # an outlet as speaker passes on what its content quotes: "Politico reported that X said"
        for outer in found:
            if outer.speaker_label == "MEDIA" and outer.speaker:
                for inner in found:
                    if inner is not outer and inner.intermediary is None and inner.cue:
                        if outer.content[0] <= self.toks[inner.cue[0]].start < outer.content[1]:
                            inner.intermediary = self.span(*outer.speaker)
        # "Politico: …" opening a paragraph, carried on while the same speakers go on
        by_para: dict[int, list[Found]] = {}
        for f in found:
            by_para.setdefault(paragraph_of(self.para_starts, f.content[0]), []).append(f)
        carried: Span | None = None
        speakers: set[str] = set()
        last_para = -2
        for p in sorted(by_para):
            lead = self.leads.get(p)
            fs = by_para[p]
            if lead is not None:
                carried, speakers = lead, set()
            elif carried is not None and (
                p != last_para + 1 or not all(f.speaker_name in speakers for f in fs)
            ):
                carried = None
            last_para = p
            if carried is None:
                continue
            for f in fs:
                if f.intermediary is None:
                    f.intermediary = carried
                if f.speaker_name:
                    speakers.add(f.speaker_name)

    def run(self) -> list[Attribution]:
        if not self.toks or not self.lex.verbs:
            return []
        self.rules()
        return self.finish()

    def rules(self) -> None:
        """Steps 1-4 into ``self.found``; a trained model may revise them before ``finish``."""
        sent_starts = [
            self.toks[a].start for a, _ in (self.sent_range[s] for s in sorted(self.sent_range))
        ]
        sent_ids = sorted(self.sent_range)
        for d in self.doc.dates:
            idx = bisect.bisect_right(sent_starts, d.span.start) - 1
            if idx >= 0:
                self.dates_by_sent.setdefault(sent_ids[idx], []).append(d)
        for m in self.doc.mentions:
            if m.label == "PER":
                i = bisect.bisect_left(self.starts, m.span.start)
                if i < len(self.toks):
                    self.per_by_sent.setdefault(self.toks[i].sent, []).append(m)
                if m.span.text == m.name:
                    self.first_named.setdefault(m.name, m.span)
        # paragraphs opened by an outlet and a colon
        for m in self.doc.mentions:
            if m.label == "MEDIA" and (m.span.start == 0 or self.text[m.span.start - 1] == "\n"):
                i = bisect.bisect_left(self.starts, m.span.end)
                if i < len(self.toks) and self.toks[i].text == ":":
                    self.leads[paragraph_of(self.para_starts, m.span.start)] = m.span
        self.quotes()
        for s in sorted(self.sent_range):
            a, b = self.sent_range[s]
            self.sentence(s, a, b)
        self.standalone_quotes()
        self.free_indirect()
        self.outlet_reports()
