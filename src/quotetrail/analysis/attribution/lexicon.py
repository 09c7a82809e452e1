"""Word lists for attribution, loaded from ``lang/<code>/cues.json`` and ``attribution.json``,
and the token helpers every step shares."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from quotetrail import lang as langdata
from quotetrail.model import Token

# Double quote marks only: single marks are mostly apostrophes or nested quotes.
OPENERS = frozenset('„»«“"')
CLOSERS = frozenset('“”«»"')
PAIRS = {"„": '“”"', "»": "«", "«": "»", "“": '”"', '"': '"', "”": "”"}
END_PUNCT = frozenset(".!?;:,–—-")


@dataclass
class AttrLexicon:
    verbs: dict[str, dict[str, object]] = field(default_factory=dict)
    by_base: dict[str, list[tuple[str, str]]] = field(
        default_factory=dict
    )  # base -> (particle, lemma)
    particles: frozenset[str] = frozenset()  # of separable verbs ("vor", "bekannt")
    adjectives: frozenset[str] = frozenset()
    copulas: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    source_after: list[tuple[str, ...]] = field(default_factory=list)
    source_link: frozenset[str] = frozenset()
    source_before: list[tuple[str, ...]] = field(default_factory=list)
    unnamed: list[tuple[str, ...]] = field(default_factory=list)
    so_end: frozenset[str] = frozenset()
    inter_lead: frozenset[str] = frozenset()
    inter_verbs: frozenset[str] = frozenset()
    inter_skip: frozenset[str] = frozenset()
    medium_preps: frozenset[str] = frozenset()
    medium_nouns: frozenset[str] = frozenset()
    medium_links: frozenset[str] = frozenset()
    pronouns: dict[str, dict[str, object]] = field(default_factory=dict)
    determiners: frozenset[str] = frozenset()
    prefield_adverbials: frozenset[str] = frozenset()
    adverbs: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    clause_breaks: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    subject_relatives: frozenset[str] = frozenset()
    possessives: dict[str, str] = field(default_factory=dict)  # word -> gender
    passive: frozenset[str] = frozenset()
    reflexives: frozenset[str] = frozenset()
    object_pronouns: frozenset[str] = frozenset()
    object_starts: frozenset[str] = frozenset()
    agent_markers: frozenset[str] = frozenset()
    gerund_suffix: str = ""
    past_suffix: str = ""
    adverb_suffix: str = ""
    infinitive_marker: str = ""
    participle_suffixes: tuple[str, ...] = ()
    adverb_suffix_not: frozenset[str] = frozenset()
    adjective_endings: tuple[str, ...] = ()
    participle_prefix: str = ""
    participle_adj_endings: tuple[str, ...] = ()
    participle_not_endings: tuple[str, ...] = ()
    np_stops: frozenset[str] = frozenset()
    source_skip: frozenset[str] = frozenset()
    subjunctive: frozenset[str] = frozenset()
    demonstratives: frozenset[str] = frozenset()
    temporal: frozenset[str] = frozenset()
    source_nouns: frozenset[str] = frozenset()
    source_preps: frozenset[str] = frozenset()
    impersonal: list[tuple[str, ...]] = field(default_factory=list)
    anaphoric: frozenset[str] = frozenset()
    not_subjunctive: frozenset[str] = frozenset()
    reportative: frozenset[str] = frozenset()  # "soll": a claim reported without a cue
    # "soll … hochgeladen haben": the perfect infinitive's auxiliaries, the participle's endings
    hearsay_auxiliaries: frozenset[str] = frozenset()
    hearsay_participle_endings: tuple[str, ...] = ()
    passive_predicatives: frozenset[str] = frozenset()  # "wurde bekannt, dass …" (passive.py)
    konjunktiv_ii: frozenset[str] = frozenset()  # "würden": goes on with a statement before
    pattern_firsts: frozenset[str] = frozenset()
    # the whole cue (frame.py): clause openers ("wie"), words inside a verb group ("also"),
    # companions a verb takes ("bezeichnen" ... "als")
    cue_frame: bool = False
    not_labels: frozenset[str] = frozenset()
    combine: dict[str, float] = field(default_factory=dict)  # how rules and model are joined
    prepositions: frozenset[str] = frozenset()  # a name after one is no subject  # capitalised line labels that name nobody
    clause_openers: frozenset[str] = frozenset()
    frame_words: frozenset[str] = frozenset()
    companions: dict[str, frozenset[str]] = field(default_factory=dict)
    # phrases that join any cue verb of their clause ("kommentierte mit den Worten")
    frame_phrases: tuple[tuple[str, ...], ...] = ()
    # words that open an addressee after a closing cue ("…, sagte er dem Sender X")
    addressee_starts: frozenset[str] = frozenset()
    subordinators: frozenset[str] = frozenset()  # open a subordinate clause, never a subject
    passive_requests: frozenset[str] = frozenset()  # "wurde aufgefordert, …": a request without a speaker
    source_drop_first: frozenset[str] = frozenset()  # "In der Pressemitteilung" → "der Pressemitteilung"
    # after a comma inside a source, words that open no apposition but a phrase of the clause
    # ("Tom Fenwick, by contrast,", "X, in a statement by her office"): the source ends at the comma
    source_cut: frozenset[str] = frozenset()
    # what joins a second verb to its clause's subject ("X did A and said B", "X did A, calling
    # it B"): a cue after one of these with no source of its own speaks with that subject
    subject_carriers: frozenset[str] = frozenset()
    not_name_openers: frozenset[str] = frozenset()  # name particles that open a phrase, not a name
    expletives: frozenset[str] = frozenset()  # "Es drohe ein Streik": a subject that names nobody
    passive_speakers: frozenset[str] = frozenset()  # "X wird zitiert": the passive's subject speaks
    possessive_suffixes: tuple[str, ...] = ()  # "Trump's claim": the possessor is the source
    # prepositions that attach an organisation to a source ("Sascha Kempf vom Max-Planck-Institut")
    np_place_preps: frozenset[str] = frozenset()
    predicatives: frozenset[str] = frozenset()  # "sich bereit erklären": part of the cue
    expletive_verbs: frozenset[str] = frozenset()  # "es heißt": the expletive is part of the cue
    # "ohne", "um": an infinitive clause between cue and statement ("sagte, ohne …, dass …")
    infinitive_openers: frozenset[str] = frozenset()


def fs(items: object) -> frozenset[str]:
    return frozenset(str(w).casefold() for w in (items or []))  # type: ignore[attr-defined]


# AttrLexicon fields read as plain word lists from attribution.json's top level
PLAIN_LISTS = (
    "source_link",
    "so_end",
    "determiners",
    "prefield_adverbials",
    "adverbs",
    "auxiliaries",
    "clause_breaks",
    "coordinators",
    "relatives",
    "subject_relatives",
    "passive",
    "reflexives",
    "object_pronouns",
    "object_starts",
    "np_stops",
    "source_skip",
    "demonstratives",
    "temporal",
    "source_nouns",
    "source_preps",
    "anaphoric",
    "not_labels",
    "prepositions",
    "addressee_starts",
    "subordinators",
    "passive_requests",
    "source_drop_first",
    "source_cut",
    "subject_carriers",
    "not_name_openers",
    "expletives",
    "passive_speakers",
    "np_place_preps",
)


@cache
def lexicon(code: str) -> AttrLexicon:
    if code not in langdata.SUPPORTED:
        return AttrLexicon()
    cues = langdata.load(code, "cues") or {}
    pats = langdata.load(code, "attribution") or {}
    # keys casefolded as the tokens' lemmas are ("äußern" -> "äussern")
    verbs: dict[str, dict[str, object]] = {k.casefold(): v for k, v in cues.get("verbs", {}).items()}
    by_base: dict[str, list[tuple[str, str]]] = {}
    for lemma, info in verbs.items():
        if "particle" in info:
            by_base.setdefault(str(info.get("base", lemma)).casefold(), []).append(
                (str(info["particle"]).casefold(), lemma)
            )
    adj = cues.get("adjectives", {})

    def seqs(key: str) -> list[tuple[str, ...]]:
        return [tuple(w.casefold() for w in p) for p in pats.get(key, [])]

    source_after, source_before, unnamed = (
        seqs("source_after"),
        seqs("source_before"),
        seqs("unnamed"),
    )
    inter = pats.get("intermediary", {})
    morph = pats.get("morphology", {})
    med = pats.get("medium", {})
    frame = pats.get("cue_frame")
    return AttrLexicon(
        # word lists stored under the field's own name in attribution.json
        **{name: fs(pats.get(name)) for name in PLAIN_LISTS},
        verbs=verbs,
        by_base=by_base,
        particles=frozenset(p for pairs in by_base.values() for p, _ in pairs),
        adjectives=fs(adj.get("words")),
        copulas=fs(adj.get("copulas")),
        complementizers=fs(cues.get("complementizers")),
        source_after=source_after,
        source_before=source_before,
        unnamed=unnamed,
        inter_lead=fs(inter.get("lead")),
        inter_verbs=fs(inter.get("verbs")),
        inter_skip=fs(inter.get("skip")),
        medium_preps=fs(med.get("prepositions")),
        medium_nouns=fs(med.get("nouns")),
        medium_links=fs(med.get("links")),
        pronouns={k.casefold(): v for k, v in pats.get("pronouns", {}).items()},
        possessives={k.casefold(): v for k, v in pats.get("possessives", {}).items()},
        agent_markers=fs(morph.get("agent_markers")),
        gerund_suffix=str(morph.get("gerund_suffix", "")),
        past_suffix=str(morph.get("past_suffix", "")),
        adverb_suffix=str(morph.get("adverb_suffix", "")),
        infinitive_marker=str(morph.get("infinitive_marker", "")),
        participle_suffixes=tuple(morph.get("participle_suffixes", [])),
        adverb_suffix_not=fs(morph.get("adverb_suffix_not")),
        adjective_endings=tuple(morph.get("adjective_endings", [])),
        participle_prefix=str(morph.get("participle_prefix", "")),
        participle_adj_endings=tuple(morph.get("participle_adjective_endings", [])),
        participle_not_endings=tuple(morph.get("participle_not_endings", [])),
        subjunctive=fs(pats.get("subjunctive", {}).get("words")),
        impersonal=seqs("impersonal"),
        not_subjunctive=fs(pats.get("subjunctive", {}).get("exclude")),
        reportative=fs(pats.get("reportative", {}).get("words")),
        hearsay_auxiliaries=fs(pats.get("hearsay", {}).get("auxiliaries")),
        hearsay_participle_endings=tuple(pats.get("hearsay", {}).get("participle_endings", [])),
        passive_predicatives=fs(pats.get("passive_cue", {}).get("predicatives")),
        konjunktiv_ii=fs(pats.get("konjunktiv_ii", {}).get("words")),
        pattern_firsts=frozenset(p[0] for p in source_after + source_before + unnamed)
        | frozenset(p[0] for p in seqs("impersonal"))
        | fs(pats.get("source_preps"))
        | fs(pats.get("anaphoric")),
        cue_frame=frame is not None,
        combine={k: float(v) for k, v in pats.get("combine", {}).items() if not k.startswith("_")},
        possessive_suffixes=tuple(str(x).casefold() for x in pats.get("possessive_suffixes", [])),
        clause_openers=fs((frame or {}).get("clause_openers")),
        frame_words=fs((frame or {}).get("words")),
        companions={k.casefold(): fs(v) for k, v in (frame or {}).get("companions", {}).items()},
        infinitive_openers=fs((frame or {}).get("infinitive_openers")),
        predicatives=fs((frame or {}).get("predicatives")),
        expletive_verbs=fs((frame or {}).get("expletive_verbs")),
        frame_phrases=tuple(tuple(w.casefold() for w in p.split()) for p in (frame or {}).get("phrases", [])),
    )


def fold(t: Token) -> str:
    return t.text.casefold()


def lemma_of(t: Token) -> str:
    return (t.lemma or t.text).casefold()


ASCII_QUOTES = {"''": '"', "``": "“", "“": "“"}  # TeX-style pairs some sources use


QUOTE_MARKS = OPENERS | CLOSERS


def konjunktiv(t: Token, lex: AttrLexicon) -> bool:
    """German Konjunktiv I ("sei", "habe", "gehe"): a listed form, or the lemma without its
    final "n" ("gehen" → "gehe")."""
    low, lem = fold(t), lemma_of(t)
    if t.kind != "word" or not t.text[:1].islower() or low in lex.not_subjunctive:
        return False
    return low in lex.subjunctive or (lem.endswith("en") and low == lem[:-1] and len(low) > 3)


def qchar(t: Token) -> str:
    """The double quote mark a token stands for, or "" (single marks are apostrophes)."""
    text = ASCII_QUOTES.get(t.text, t.text)
    return text if text in QUOTE_MARKS else ""  # one character each: no length check needed


def is_quote(t: Token) -> bool:
    return bool(qchar(t))


def model_file(lang: str, name: str) -> Path | None:
    """A trained file for ``lang``: from ``$QUOTETRAIL_MODELS/<lang>/`` when that is set (a
    model you trained yourself), else the one the package ships; None when there is none."""
    own = os.environ.get("QUOTETRAIL_MODELS")
    if own:
        path = Path(own) / lang / name
        return path if path.is_file() else None
    try:
        path = resources.files("quotetrail.lang") / lang / name
    except (ModuleNotFoundError, ValueError):
        return None
    return Path(str(path)) if path.is_file() else None


TAILS_NAME = "attribution.tails.json"


def cue_tails(lang: str) -> dict[str, dict[tuple[str, ...], float]]:
    """Words that annotators count to a cue after its last word, learnt from the training
    split with the model: lemma -> following words -> share of cues that include them
    ("call" -> "for", "say" -> "in a statement"). Looked up again whenever
    ``$QUOTETRAIL_MODELS`` changes, as the tagger is: tails cached by language alone kept
    serving a models folder's tails beside the shipped model after it was unset."""
    return _cue_tails(lang, os.environ.get("QUOTETRAIL_MODELS"))


@cache
def _cue_tails(lang: str, own: str | None) -> dict[str, dict[tuple[str, ...], float]]:
    path = model_file(lang, TAILS_NAME)
    if path is None:
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {lem: {tuple(k.split(" ")): v for k, v in tails.items()} for lem, tails in raw.items()}


cue_tails.cache_clear = _cue_tails.cache_clear  # type: ignore[attr-defined]  # train rewrites tails in place
