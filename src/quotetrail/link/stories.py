"""Online clustering of articles into stories, as they are ingested.

Each article arrives as a :class:`StoryFeatures` (plain data: content lemmas, entity keys,
figure keys, date, language) and :meth:`StoryClusterer.add` puts it in an existing story or
opens a new one. How:

* **Two channels.** Lemmas are language-bound; entity and figure keys are not (the entity
  linker gives the same id to "Wladimir Putin" and "Vladimir Putin", a figure key is a rounded
  value plus unit). A story keeps a lemma centroid per language and one key centroid. An
  article is scored against a story by TF-IDF cosine in each channel: with the lemma channel
  where the story already has articles in the article's language, and on keys alone where it
  does not — so a German and an English article join through shared people, organisations,
  places and figures, under a stricter threshold. Keys alone at that threshold suffice in the
  same language too (else one German article in a story would make it harder for the next
  German one to join than a story without any).
* **TF-IDF** weights use document frequencies maintained incrementally over every article seen.
  An article's weights are fixed when it is added (later articles do not re-weight stories).
* **Candidates by MinHash LSH.** Only stories that share an LSH bucket with the article are
  scored. Shingles are the article's most distinctive lemmas and keys (by TF-IDF), one
  signature per channel, so frequent words do not put every article in one bucket and a
  cross-language pair can still meet in the key channel. Buckets keep only their most recent
  entries, which bounds the candidates per article.
* **Time window.** An article joins a story only if its date is within ``window_days`` of the
  story's first to latest article. Articles and stories older than the window before the newest date
  seen leave the index and the clusterer, so cost and memory per article stay flat however
  long the stream runs. Undated articles count as published on the newest date seen; a stream
  with no dates at all never expires anything, so callers should pass the ingest date instead.
* **Merges.** A single pass would make the stories depend on the order articles arrive in: an
  article that came first and shares too little with each later one stays alone, and two
  halves of one event that grew apart stay two. So an article that links *strongly* to two or
  more live stories (``merge_threshold`` combined, ``merge_cross_threshold`` on keys alone)
  bridges them, and after it joins, its story's centroid is compared with the article's other
  candidates (within the window of each other) and merged with one that matches as strongly.
  The lower id survives; the absorbed id resolves to it (:meth:`StoryClusterer.resolve`) while
  bucket entries still name it. "Strong" is well above joining (0.3 / 0.45), so a chain of weak
  links never sweeps a window into one story (docs/EVALUATION.md, "Stories that merge").

Deterministic: the same features in the same order give the same story ids (ids count up from
``first_id``, or come from the ``new_id`` callback a store passes), on any machine (hashes are
CRC32 and seeded permutations, not Python's ``hash``). So a clusterer that is given the
features and the decisions of another one started from the same state (:meth:`replay`) ends in
that one's state: the store keeps a log of (features, story joined, merges) per article and
every process catches up by replaying it (``store/stories.py``).

Persistence: :meth:`StoryClusterer.to_state` / :meth:`StoryClusterer.from_state` serialise the
whole live state (document frequencies, live stories, LSH buckets) to bytes: the store's
checkpoint, after which only the log entries since need replaying. That is preferred over
replaying every article's features because the state is bounded by the window (plus the
vocabulary's document frequencies), while a full replay would grow with the archive. Expired
stories are not in the state: their assignments and labels are for the store to keep.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import json
import math
import operator
import struct
import sys
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np

from quotetrail import lang as langdata
from quotetrail.model import Document

# 1: live articles with their band keys; 2: JSON without them; 3: JSON head plus packed numbers
STATE_VERSION = 3
_STATE_MAGIC = b"QTS\x03"
_REST_MAGIC = b"QTr\x03"  # the state without its stories (checkpoint())
_STORY_MAGIC = b"QTs\x03"  # one story's row, when a store keeps the stories apart (checkpoint())
_STATE_HEAD = struct.Struct("<4sQQQ")  # magic, head bytes, float64 count, int64 count
# Labels that name who reports or where, not what happened: shared by unrelated stories.
_SOURCE_LABELS = frozenset({"MEDIA", "MISC"})
_MERSENNE = np.uint64((1 << 61) - 1)
_TERM, _WEIGHT = operator.itemgetter(0), operator.itemgetter(1)


@dataclass(slots=True)
class StoryFeatures:
    """What the clusterer needs of one article. Plain data, so the store can keep it.

    ``lemmas``, ``entities`` and ``figures`` keep repeats: the count is the term frequency.
    ``names`` maps entity keys to a display form for story labels ("e:42" -> "Rutte").
    """

    article_id: int
    published: date | None
    lang: str
    lemmas: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        # field by field: asdict deep-copies every lemma (the top item of a profile of the store path)
        return {"article_id": self.article_id,
                "published": self.published.isoformat() if self.published else None,
                "lang": self.lang, "lemmas": self.lemmas, "entities": self.entities,
                "figures": self.figures, "names": self.names}

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> StoryFeatures:
        pub = d.get("published")
        return cls(
            article_id=int(d["article_id"]),  # type: ignore[call-overload]
            published=date.fromisoformat(pub) if isinstance(pub, str) else None,
            lang=str(d.get("lang") or "other"),
            lemmas=tuple(d.get("lemmas") or ()),  # type: ignore[arg-type]
            entities=tuple(d.get("entities") or ()),  # type: ignore[arg-type]
            figures=tuple(d.get("figures") or ()),  # type: ignore[arg-type]
            names=dict(d.get("names") or {}),  # type: ignore[call-overload]
        )


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@functools.lru_cache(maxsize=1 << 16)
def _content_word(lemma: str) -> str | None:
    """The folded lemma, or None for single characters and tokens without a letter. Cached:
    an article repeats its words, and folding each of ~400 tokens was most of its features' cost."""
    folded = _fold(lemma)
    return folded if len(folded) >= 2 and any(c.isalpha() for c in folded) else None


def entity_key(name: str, label: str) -> str:
    """A language-neutral key for a mention until the entity linker provides ids: people by
    surname (articles vary first names and transliterations: "Wladimir"/"Vladimir Putin"),
    everything else by the whole name, case-folded."""
    folded = _fold(name)
    if label == "PER":
        folded = folded.rsplit(" ", 1)[-1]
    return "n:" + folded


def figure_key(value: float, unit: str | None) -> str:
    """Two significant digits plus unit: "20.000" and "20,000" and "über 20.000" meet."""
    return f"f:{value:.2g}{unit or ''}"


def features_from_document(doc: Document, article_id: int) -> StoryFeatures:
    """Story features of an analysed article.

    Content lemmas: word tokens outside entity mentions (names go to the entity channel),
    minus the language's stopwords (``lang/<code>/stopwords.txt``) and single characters.
    Entities: one key per mention, outlets and platforms left out. Figures: specific values
    only, and counts below 10 left out (they are in nearly every article).
    """
    lang = doc.lang
    stop = langdata.wordset(lang, "stopwords")
    spans = sorted((m.span.start, m.span.end) for m in doc.mentions)
    lemmas: list[str] = []
    k = 0
    for tok in doc.tokens:
        while k < len(spans) and spans[k][1] <= tok.start:
            k += 1
        if k < len(spans) and spans[k][0] <= tok.start < spans[k][1]:
            continue
        if tok.kind != "word":
            continue
        lemma = _content_word(tok.lemma or tok.text)
        if lemma is None or lemma in stop or tok.text.casefold() in stop:
            continue
        lemmas.append(lemma)
    entities: list[str] = []
    names: dict[str, str] = {}
    for m in doc.mentions:
        if m.label in _SOURCE_LABELS:
            continue
        key = entity_key(m.name, m.label)
        entities.append(key)
        display = m.name.split()[-1] if m.label == "PER" else m.name
        names.setdefault(key, display)
    figures = [
        figure_key(f.value, f.unit)
        for f in doc.figures
        if f.value is not None and f.comparator != "unspecific" and (f.unit or abs(f.value) >= 10)
    ]
    return StoryFeatures(
        article_id=article_id,
        published=doc.article.published,
        lang=lang,
        lemmas=tuple(lemmas),
        entities=tuple(entities),
        figures=tuple(figures),
        names=names,
    )


@dataclass(frozen=True, slots=True)
class StoryConfig:
    """Tuning knobs. Defaults were set on the PolNeAR train split (see docs/PERFORMANCE.md)."""

    # a development and its reactions run over about a week (the strike example: four days)
    window_days: int = 7
    # how far behind the newest date an article or story stays in memory: a batch ingested out
    # of date order (a folder, an archive) still finds its stories; cost stays bounded
    retention_days: int = 30
    threshold: float = 0.3  # combined score to join a story that has the article's language
    cross_threshold: float = 0.45  # key-channel cosine to join a story in other languages only
    key_share: float = 0.4  # share of the combined score given to entities and figures
    figure_weight: float = 0.5  # a figure key counts this much of an entity key
    article_terms: int = 150  # lemmas per article vector (most weighty first)
    story_terms: int = 300  # lemmas per language and keys a story centroid keeps (at most twice)
    lsh_lemmas: int = 20  # distinctive lemmas shingled for candidates
    lsh_keys: int = 10  # distinctive keys shingled for candidates
    bands: int = 16  # per channel; one row a band: same-story pairs share few distinctive terms
    rows: int = 1
    bucket_cap: int = 24  # most recent entries kept per LSH bucket
    exhaustive: bool = False  # score every live story instead of LSH candidates (evaluation)
    # Merging two live stories (module docstring, "Merges"): a strong link is a score at least
    # this high, in the same language (combined score) or across languages (key cosine).
    merge: bool = True
    merge_threshold: float = 0.45
    merge_cross_threshold: float = 0.5
    seed: int = 1
    first_id: int = 1


@dataclass(frozen=True, slots=True)
class Assignment:
    """What :meth:`StoryClusterer.assign` did with an article: the story it ``joined``, then the
    ``merges`` that followed, in order, as (absorbed, survivor) pairs; ``story`` is where the
    article ended (``joined`` unless a merge absorbed it). A store logs ``joined`` and ``merges``
    for :meth:`StoryClusterer.replay`."""

    story: int
    joined: int
    merges: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class StoryInfo:
    id: int
    label: str
    size: int
    first: date | None  # None while no article of the stream had a date
    last: date | None
    langs: dict[str, int]


@dataclass(slots=True)
class _Story:
    id: int
    first: int  # date ordinals
    last: int
    size: int = 0
    langs: dict[str, int] = field(default_factory=dict)
    lemmas: dict[str, dict[str, float]] = field(default_factory=dict)  # lang -> term -> weight
    lemma_norm: dict[str, float] = field(default_factory=dict)
    keys: dict[str, float] = field(default_factory=dict)
    key_norm: float = 0.0
    names: dict[str, str] = field(default_factory=dict)


def _norm(vec: Mapping[str, float]) -> float:
    return math.sqrt(math.fsum(w * w for w in vec.values()))


def _top(vec: Mapping[str, float], n: int) -> dict[str, float]:
    """The n weightiest terms, ties by term: the order of sorting by (-weight, term), in two
    stable sorts on C key functions (a key tuple per term made this a tenth of an article's cost)."""
    if len(vec) <= n:
        return dict(vec)
    items = sorted(vec.items(), key=_TERM)
    items.sort(key=_WEIGHT, reverse=True)  # stable: equal weights keep the terms' order
    return dict(items[:n])


def _unit(vec: dict[str, float]) -> dict[str, float]:
    n = _norm(vec)
    return {t: w / n for t, w in vec.items()} if n else {}


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    # Vectors share few terms: intersect the keys in C, then multiply only those. The set's
    # order follows Python's per-process string hashing; fsum is exact, so the order cannot
    # change a score (and so an assignment) from one process to the next.
    # map/mul instead of a generator: the same products in C, a third of the scoring's cost.
    common = a.keys() & b.keys()
    return math.fsum(map(operator.mul, map(a.__getitem__, common), map(b.__getitem__, common)))


def _frame(magic: bytes, head: object, floats: array[float], ints: array[int]) -> bytes:
    """magic, lengths, a JSON head, then the numbers packed little-endian on every machine."""
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if sys.byteorder != "little":
        floats.byteswap()
        ints.byteswap()
    return b"".join((_STATE_HEAD.pack(magic, len(text), len(floats), len(ints)), text,
                     floats.tobytes(), ints.tobytes()))


def _unframe(magic: tuple[bytes, ...], data: bytes) -> tuple[Any, list[float], list[int]]:
    found, n_head, n_floats, n_ints = _STATE_HEAD.unpack_from(data)
    if found not in magic:
        raise ValueError(f"story state starts with {found!r}, not {magic[0]!r}")
    at = _STATE_HEAD.size
    if len(data) != at + n_head + 8 * (n_floats + n_ints):
        raise ValueError(f"story state of {len(data)} bytes, its head says otherwise (truncated?)")
    head = json.loads(data[at:at + n_head].decode("utf-8"))
    at += n_head
    floats, ints = array("d"), array("q")
    floats.frombytes(data[at:at + 8 * n_floats])
    ints.frombytes(data[at + 8 * n_floats:])
    if sys.byteorder != "little":
        floats.byteswap()
        ints.byteswap()
    return head, floats.tolist(), ints.tolist()


def _story_head(s: _Story, floats: array[float]) -> list[object]:
    """A story's fields with its terms; their weights go to ``floats`` (lemmas, then keys)."""
    lemmas = []
    for lang, vec in s.lemmas.items():
        lemmas.append([lang, list(vec)])
        floats.extend(vec.values())
    floats.extend(s.keys.values())
    return [s.id, s.first, s.last, s.size, s.langs, lemmas, s.lemma_norm, list(s.keys), s.key_norm, s.names]


def _story_fields(head: list[Any], weights: list[float], f: int) -> tuple[dict[str, Any], int]:
    sid, first, last, size, langs, lemmas, lemma_norm, keys, key_norm, names = head
    vectors = {}
    for lang, terms in lemmas:
        vectors[lang] = dict(zip(terms, weights[f:f + len(terms)], strict=True))
        f += len(terms)
    fields = {"id": sid, "first": first, "last": last, "size": size, "langs": langs, "lemmas": vectors,
              "lemma_norm": lemma_norm, "keys": dict(zip(keys, weights[f:f + len(keys)], strict=True)),
              "key_norm": key_norm, "names": names}
    return fields, f + len(keys)


def _pack_story(s: _Story) -> bytes:
    floats: array[float] = array("d")
    head = _story_head(s, floats)
    return _frame(_STORY_MAGIC, head, floats, array("q"))


def _unpack_story(data: bytes) -> dict[str, Any]:
    head, weights, _ = _unframe((_STORY_MAGIC,), data)
    fields, f = _story_fields(head, weights, 0)
    if f != len(weights):
        raise ValueError("story row: weights and terms do not match")
    return fields


def _unpack_state(data: bytes) -> dict[str, Any]:
    """Version 3 bytes (:meth:`StoryClusterer.to_state`) as the fields of the JSON versions."""
    head, weights, numbers = _unframe((_STATE_MAGIC, _REST_MAGIC), data)
    if head.get("version") != STATE_VERSION:
        raise ValueError(f"story state version {head.get('version')!r}, expected {STATE_VERSION}")
    f = 0
    stories = []
    for entry in head["stories"]:
        fields, f = _story_fields(entry, weights, f)
        stories.append(fields)
    terms, keys = head["df"], head["buckets"]
    i = len(terms)
    df = dict(zip(terms, numbers[:i], strict=True))
    sizes = numbers[i:i + len(keys)]
    i += len(keys)
    buckets = {}
    for key, n in zip(keys, sizes, strict=True):
        buckets[key] = list(zip(numbers[i:i + 2 * n:2], numbers[i + 1:i + 2 * n:2], strict=True))
        i += 2 * n
    live = [numbers[j:j + 2] for j in range(i, i + 2 * head["live"], 2)]
    if f != len(weights) or i + 2 * head["live"] != len(numbers):
        raise ValueError("story state: numbers and head do not match")
    return {"config": head["config"], "n_docs": head["n_docs"], "df": df, "clock": head["clock"],
            "next_id": head["next_id"], "seq": head["seq"], "stories": stories, "buckets": buckets,
            "live": live, "apart": data[:4] == _REST_MAGIC, "alias": head.get("alias", [])}


class StoryClusterer:
    """Online story clustering; see the module docstring for the method."""

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = config or StoryConfig()
        c = self.config
        rng = np.random.RandomState(c.seed)
        n = c.bands * c.rows
        # a, b < 2**31 and hashes < 2**32 keep a*x + b inside uint64 before the modulus.
        self._perm_a = rng.randint(1, 1 << 31, size=n, dtype=np.int64).astype(np.uint64)
        self._perm_b = rng.randint(0, 1 << 31, size=n, dtype=np.int64).astype(np.uint64)
        self.n_docs = 0
        self.df: Counter[str] = Counter()
        self.clock: int | None = None  # newest date seen, as an ordinal
        self.next_id = c.first_id
        self._seq = 0
        self._stories: dict[int, _Story] = {}
        self._buckets: dict[str, list[tuple[int, int]]] = {}  # band key -> [(seq, story)]
        self._live: dict[int, tuple[int, list[str]]] = {}  # seq -> (date, band keys)
        self._article_heap: list[tuple[int, int]] = []  # (date, seq)
        self._story_heap: list[tuple[int, int]] = []  # (last date, story id), lazy
        # for checkpoint(): stories joined and stories expired since the last one, and whether
        # the next must write every story (none was written yet from this window)
        self._changed: set[int] = set()
        self._removed: set[int] = set()
        self._stored_all = True
        self._alias: dict[int, int] = {}  # merged story id -> the live story it was merged into

    # ----------------------------------------------------------------- public API

    def add(self, features: StoryFeatures, new_id: Callable[[], int] | None = None) -> int:
        """Assign one article to a story (existing or new) and return the story id.

        ``new_id`` hands out the id of a new story (a store takes it from its stories table, so
        that processes sharing the store never hand out one id twice); without it ids count up
        from ``first_id``. The id of an earlier article's story may since have been merged
        into another: :meth:`resolve` follows it while both are live."""
        return self.assign(features, new_id).story

    def assign(self, features: StoryFeatures, new_id: Callable[[], int] | None = None) -> Assignment:
        """:meth:`add`, also saying which stories merged on the way (a store applies them to
        its rows and logs them)."""
        return self._apply(features, None, (), new_id)

    def replay(self, features: StoryFeatures, story_id: int,
               merges: Iterable[tuple[int, int]] = ()) -> None:
        """Apply an assignment another clusterer made from the same state (the store's log of
        another process's articles): the story it joined and the merges that followed; the state
        ends as that clusterer's did, without scoring."""
        self._apply(features, story_id, tuple((int(a), int(b)) for a, b in merges), None)

    def resolve(self, story_id: int) -> int:
        """The live story an id now stands for: itself, or the story it was merged into (known
        while that story is live; a store rewrites its rows when the merge happens)."""
        return self._alias.get(story_id, story_id)

    def _apply(self, features: StoryFeatures, assigned: int | None, merges: tuple[tuple[int, int], ...],
               new_id: Callable[[], int] | None) -> Assignment:
        c = self.config
        day = features.published.toordinal() if features.published else self.clock
        if day is None:
            day = 0
        if self.clock is None or day > self.clock:
            self.clock = day
        # on every article, not only when the clock moves: an article older than the retention
        # opens a story no later one can join (it is not indexed), which must not stay in memory
        # while an archive's older articles keep the clock still (issue 14); two heap peeks
        self._expire()
        lemmas, keys = self._vectors(features)
        bands = self._bands(features.lang, lemmas, keys)
        best: _Story | None = None
        strong: list[_Story] = []  # other stories the article links to strongly
        near: list[_Story] = []  # every candidate in the window
        if assigned is not None:
            best = self._stories.get(assigned)
            if best is None:
                best = self._open(assigned, day)
        else:
            best_score = 0.0
            linked: list[tuple[float, bool, _Story]] = []
            for sid in self._candidates(bands):
                story = self._stories[sid]
                if day > story.last + c.window_days or day < story.first - c.window_days:
                    continue
                near.append(story)
                scored = self._score(story, features.lang, lemmas, keys)
                if scored is None:
                    continue
                score, cross = scored
                linked.append((score, cross, story))
                if score > best_score:
                    best, best_score = story, score
            if best is None:
                best = self._open(new_id() if new_id is not None else self.next_id, day)
            elif c.merge:
                strong = [s for score, cross, s in linked if s is not best
                          and score >= (c.merge_cross_threshold if cross else c.merge_threshold)]
        joined = best.id
        self._join(best, features, day, lemmas, keys)
        if assigned is not None:
            for absorbed, survivor in merges:
                best = self._merge(self._stories[survivor], self._stories[absorbed])
        elif c.merge:
            done: list[tuple[int, int]] = []
            # an article that links strongly to several stories bridges them
            for other in strong:
                done.append((max(best.id, other.id), min(best.id, other.id)))
                best = self._merge(best, other)
            # and a story that grew may now match another as a whole (centroid to centroid)
            for other in near:
                if other.id in self._stories and other.id != best.id and self._match(best, other):
                    done.append((max(best.id, other.id), min(best.id, other.id)))
                    best = self._merge(best, other)
            merges = tuple(done)
        if day >= self.clock - c.retention_days:
            self._index(day, bands, best.id)
        self.n_docs += 1
        self.df.update(set(features.lemmas) | set(features.entities) | set(features.figures))
        return Assignment(best.id, joined, merges)

    def label(self, story_id: int, n: int = 3) -> str:
        """A live story's top entities, then lemmas of its main language: "Rutte · NATO · Ukraine".

        KeyError once the story has left the window: store the label when assigning."""
        story = self._stories[story_id]
        ents = [k for k in sorted(story.keys, key=lambda k: (-story.keys[k], k)) if k in story.names]
        parts = [story.names[k] for k in ents[:n]]
        if len(parts) < n and story.langs:
            main = min(story.langs, key=lambda lang: (-story.langs[lang], lang))
            vec = story.lemmas.get(main, {})
            for t in sorted(vec, key=lambda t: (-vec[t], t)):
                if len(parts) >= n:
                    break
                if t not in {p.casefold() for p in parts}:
                    parts.append(t)
        return " · ".join(parts)

    def info(self, story_id: int) -> StoryInfo | None:
        """Summary of a live story; None once it has left the window (the store keeps it)."""
        story = self._stories.get(story_id)
        if story is None:
            return None
        first = date.fromordinal(story.first) if story.first > 0 else None
        last = date.fromordinal(story.last) if story.last > 0 else None
        return StoryInfo(story.id, self.label(story_id), story.size, first, last, dict(story.langs))

    def live_stories(self) -> list[int]:
        return sorted(self._stories)

    @property
    def live_articles(self) -> int:
        return len(self._live)

    def to_state(self) -> bytes:
        """The whole live state as bytes (deterministic: same state, same bytes).

        A small JSON head (configuration, counters, every term and key as strings, story fields)
        followed by the numbers it refers to as packed arrays, in the head's order: the centroid
        weights as float64 (exact, like JSON's repr, but without formatting and parsing ~0.6
        million floats: that was most of a checkpoint's cost), document frequencies, bucket
        entries and live articles as int64."""
        return self._pack([s for _, s in sorted(self._stories.items())], apart=False)

    def checkpoint(self) -> tuple[bytes, dict[int, bytes], set[int] | None]:
        """The state with the stories kept apart, for a store that writes only what changed:
        ``(rest, rows, removed)`` — the state without stories, one row per story changed since
        the last call (or since :meth:`from_parts`), and the ids of stories that left the window
        since (None: the stored rows are not this window's, replace them all). Stories are most
        of the state, and most live ones took no article since the last checkpoint."""
        if self._stored_all:
            changed, removed = set(self._stories), None
        else:
            changed, removed = self._changed & self._stories.keys(), self._removed - self._stories.keys()
        rows = {sid: _pack_story(self._stories[sid]) for sid in sorted(changed)}
        self._changed, self._removed, self._stored_all = set(), set(), False
        return self._pack([], apart=True), rows, removed

    @staticmethod
    def is_apart(state: bytes) -> bool:
        """Whether ``state`` is a :meth:`checkpoint` rest (its stories in rows of their own)."""
        return state[:4] == _REST_MAGIC

    @classmethod
    def from_parts(cls, rest: bytes, rows: Iterable[bytes]) -> StoryClusterer:
        """A clusterer from :meth:`checkpoint`'s rest and the rows of every live story."""
        try:
            state = _unpack_state(rest)
            if not state["apart"]:
                raise ValueError("story state holds its stories: load it with from_state")
            for row in rows:
                state["stories"].append(_unpack_story(row))
        except (struct.error, IndexError, UnicodeDecodeError) as e:
            raise ValueError(f"story state unreadable: {e}") from e
        self = cls._restore(state)
        self._stored_all = False
        return self

    def _pack(self, stories: list[_Story], *, apart: bool) -> bytes:
        floats, ints = array("d"), array("q")
        heads = [_story_head(s, floats) for s in stories]
        df = sorted(self.df.items())
        ints.extend(map(operator.itemgetter(1), df))
        buckets = sorted(self._buckets.items())
        ints.extend(len(entries) for _, entries in buckets)
        ints.extend(itertools.chain.from_iterable(itertools.chain.from_iterable(e for _, e in buckets)))
        # dates only: an article's band keys are those of the buckets that still hold it
        live = sorted(self._live.items())
        ints.extend(itertools.chain.from_iterable((seq, d) for seq, (d, _) in live))
        return _frame(_REST_MAGIC if apart else _STATE_MAGIC, {
            "version": STATE_VERSION, "config": asdict(self.config), "n_docs": self.n_docs,
            "clock": self.clock, "next_id": self.next_id, "seq": self._seq, "stories": heads,
            "df": [t for t, _ in df], "buckets": [k for k, _ in buckets], "live": len(live),
            "alias": sorted(self._alias.items()),
        }, floats, ints)

    @classmethod
    def from_state(cls, data: bytes) -> StoryClusterer:
        """A clusterer from :meth:`to_state`'s bytes, or from the JSON of versions 1 and 2 (a
        checkpoint written before version 3). ValueError for anything else."""
        if data[:1] == b"{":
            state = json.loads(data.decode("utf-8"))
            if state.get("version") not in (1, 2):
                raise ValueError(f"story state version {state.get('version')!r}, expected {STATE_VERSION}")
            state["buckets"] = {k: [(a, b) for a, b in v] for k, v in state["buckets"].items()}
        else:
            try:
                state = _unpack_state(data)
            except (struct.error, IndexError, UnicodeDecodeError) as e:
                raise ValueError(f"story state unreadable: {e}") from e
            if state["apart"]:
                raise ValueError("story state without its stories: load it with from_parts")
        return cls._restore(state)

    @classmethod
    def _restore(cls, state: dict[str, Any]) -> StoryClusterer:
        self = cls(StoryConfig(**state["config"]))
        self.n_docs = state["n_docs"]
        self.df = Counter(state["df"])
        self.clock = state["clock"]
        self.next_id = state["next_id"]
        self._seq = state["seq"]
        self._alias = {int(old): int(new) for old, new in state.get("alias", [])}  # none before merges
        for s in state["stories"]:
            story = _Story(**s)
            self._stories[story.id] = story
            self._story_heap.append((story.last, story.id))
        heapq.heapify(self._story_heap)
        self._buckets = state["buckets"]
        held: dict[int, list[str]] = {}
        for key, entries in self._buckets.items():
            for seq, _ in entries:
                held.setdefault(seq, []).append(key)
        for seq, d, *keys in state["live"]:
            # keys given (version 1) or not: either way expiry finds the same entries, since a
            # key whose bucket dropped the article (bucket_cap) has nothing of it to remove
            self._live[seq] = (d, keys[0] if keys else held.get(seq, []))
            self._article_heap.append((d, seq))
        heapq.heapify(self._article_heap)
        return self

    # ----------------------------------------------------------------- internals

    def _open(self, story_id: int, day: int) -> _Story:
        if story_id in self._stories:
            raise ValueError(f"story id {story_id} is already a live story")
        story = self._stories[story_id] = _Story(story_id, day, day)
        self.next_id = max(self.next_id, story_id + 1)
        return story

    def _weights(self, terms: Iterable[str], factor: float = 1.0) -> dict[str, float]:
        # idf = log((1 + n_docs) / (1 + df)) + 1, inline: a method call per term was a sixth of
        # the article's features
        log, docs, df = math.log, 1 + self.n_docs, self.df.get
        return {t: factor * (1.0 + log(tf)) * (log(docs / (1 + df(t, 0))) + 1.0) for t, tf in Counter(terms).items()}

    def _vectors(self, f: StoryFeatures) -> tuple[dict[str, float], dict[str, float]]:
        lemmas = _unit(_top(self._weights(f.lemmas), self.config.article_terms))
        keys = self._weights(f.entities)
        for t, w in self._weights(f.figures, self.config.figure_weight).items():
            keys[t] = keys.get(t, 0.0) + w
        return lemmas, _unit(keys)

    def _minhash(self, shingles: list[str]) -> np.ndarray:
        x = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), np.uint64, len(shingles))
        return ((np.outer(x, self._perm_a) + self._perm_b) % _MERSENNE).min(axis=0)

    def _bands(self, lang: str, lemmas: dict[str, float], keys: dict[str, float]) -> list[str]:
        c = self.config
        out: list[str] = []
        for channel, shingles in (
            ("l", [f"{lang}:{t}" for t in _top(lemmas, c.lsh_lemmas)]),
            ("k", list(_top(keys, c.lsh_keys))),
        ):
            if not shingles:
                continue
            sig = self._minhash(shingles).tolist()
            for b in range(c.bands):
                rows = sig[b * c.rows:(b + 1) * c.rows]
                out.append(f"{channel}{b}:" + ".".join(f"{v:x}" for v in rows))
        return out

    def _candidates(self, bands: list[str]) -> list[int]:
        if self.config.exhaustive:
            return sorted(self._stories)
        found: set[int] = set()
        buckets, story_of = self._buckets, operator.itemgetter(1)
        for key in bands:
            bucket = buckets.get(key)
            if bucket:
                found.update(map(story_of, bucket))
        if self._alias:
            found = {self._alias.get(sid, sid) for sid in found}
        return sorted(sid for sid in found if sid in self._stories)

    def _score(self, story: _Story, lang: str, lemmas: dict[str, float],
               keys: dict[str, float]) -> tuple[float, bool] | None:
        """The article's score against a story when it may join it, and whether it was on keys
        alone (the story has no article in its language)."""
        c = self.config
        k = _dot(keys, story.keys) / story.key_norm if keys and story.key_norm else None
        centroid = story.lemmas.get(lang)
        if centroid and lemmas:
            lem = _dot(lemmas, centroid) / story.lemma_norm[lang]
            score = lem if k is None else (1 - c.key_share) * lem + c.key_share * k
            if score >= c.threshold:
                return score, False
        # No article of this language in the story yet, or few words shared: the language-neutral
        # keys alone, as strict as across languages (an article of the same language in a story
        # must not make it harder to join than a story without one)
        return (k, True) if k is not None and k >= c.cross_threshold else None

    def _match(self, a: _Story, b: _Story) -> bool:
        """Whether two stories' centroids link as strongly as a merge needs: the combined score
        in the language they share best, else their keys alone; and close enough in time for an
        article of one to join the other."""
        c = self.config
        if a.first > b.last + c.window_days or b.first > a.last + c.window_days:
            return False
        k = _dot(a.keys, b.keys) / (a.key_norm * b.key_norm) if a.key_norm and b.key_norm else None
        shared = [lang for lang in a.lemmas if lang in b.lemmas and a.lemma_norm[lang] and b.lemma_norm[lang]]
        if shared:
            lem = max(_dot(a.lemmas[lang], b.lemmas[lang]) / (a.lemma_norm[lang] * b.lemma_norm[lang])
                      for lang in shared)
            score = lem if k is None else (1 - c.key_share) * lem + c.key_share * k
            if score >= c.merge_threshold:
                return True
        return k is not None and k >= c.merge_cross_threshold

    def _merge(self, a: _Story, b: _Story) -> _Story:
        """Merge two live stories: the lower id survives and takes the other's articles (its
        centroids summed as if they had joined it), bucket entries of the other resolve to it."""
        c = self.config
        keep, gone = (a, b) if a.id < b.id else (b, a)
        self._changed.add(keep.id)
        keep.size += gone.size
        keep.first = min(keep.first, gone.first)
        if gone.last > keep.last:
            keep.last = gone.last
            heapq.heappush(self._story_heap, (keep.last, keep.id))
        for lang, n in gone.langs.items():
            keep.langs[lang] = keep.langs.get(lang, 0) + n
        for lang, other in gone.lemmas.items():
            vec = keep.lemmas.setdefault(lang, {})
            for t, w in other.items():
                vec[t] = vec.get(t, 0.0) + w
            if len(vec) > 2 * c.story_terms:
                vec = keep.lemmas[lang] = _top(vec, c.story_terms)
            keep.lemma_norm[lang] = _norm(vec)
        for t, w in gone.keys.items():
            keep.keys[t] = keep.keys.get(t, 0.0) + w
        if len(keep.keys) > 2 * c.story_terms:
            keep.keys = _top(keep.keys, c.story_terms)
        keep.key_norm = _norm(keep.keys)
        for key, name in gone.names.items():
            keep.names.setdefault(key, name)
        keep.names = {k: v for k, v in keep.names.items() if k in keep.keys}
        del self._stories[gone.id]
        self._removed.add(gone.id)
        # bucket entries keep the old id; candidates look it up here (merges are few, so
        # rewriting the aliases that pointed to the absorbed story costs next to nothing)
        for old, new in self._alias.items():
            if new == gone.id:
                self._alias[old] = keep.id
        self._alias[gone.id] = keep.id
        return keep

    def _join(self, story: _Story, f: StoryFeatures, day: int,
              lemmas: dict[str, float], keys: dict[str, float]) -> None:
        c = self.config
        self._changed.add(story.id)
        story.size += 1
        story.first = min(story.first, day)
        if day > story.last or story.size == 1:
            story.last = max(story.last, day)
            heapq.heappush(self._story_heap, (story.last, story.id))
        story.langs[f.lang] = story.langs.get(f.lang, 0) + 1
        if lemmas:
            vec = story.lemmas.setdefault(f.lang, {})
            for t, w in lemmas.items():
                vec[t] = vec.get(t, 0.0) + w
            if len(vec) > 2 * c.story_terms:  # truncate in batches: a sort per add is the cost
                vec = story.lemmas[f.lang] = _top(vec, c.story_terms)
            story.lemma_norm[f.lang] = _norm(vec)
        if keys:
            for t, w in keys.items():
                story.keys[t] = story.keys.get(t, 0.0) + w
            if len(story.keys) > 2 * c.story_terms:
                story.keys = _top(story.keys, c.story_terms)
            story.key_norm = _norm(story.keys)
        for key, name in f.names.items():
            if key in story.keys:
                story.names.setdefault(key, name)
        story.names = {k: v for k, v in story.names.items() if k in story.keys}

    def _index(self, day: int, bands: list[str], story_id: int) -> None:
        seq = self._seq
        self._seq += 1
        self._live[seq] = (day, bands)
        heapq.heappush(self._article_heap, (day, seq))
        cap = self.config.bucket_cap
        for key in bands:
            bucket = self._buckets.setdefault(key, [])
            bucket.append((seq, story_id))
            if len(bucket) > cap:
                del bucket[0]

    def _expire(self) -> None:
        """Drop articles and stories whose date fell out of the window before the clock."""
        assert self.clock is not None
        horizon = self.clock - self.config.retention_days
        while self._article_heap and self._article_heap[0][0] < horizon:
            _, seq = heapq.heappop(self._article_heap)
            _, bands = self._live.pop(seq)
            for key in bands:
                bucket = self._buckets.get(key)
                if bucket is None:
                    continue
                bucket[:] = [e for e in bucket if e[0] != seq]
                if not bucket:
                    del self._buckets[key]
        while self._story_heap and self._story_heap[0][0] < horizon:
            last, sid = heapq.heappop(self._story_heap)
            story = self._stories.get(sid)
            if story is not None and story.last == last:
                del self._stories[sid]
                self._removed.add(sid)
        if self._alias:  # an alias outlives no survivor: its articles left the buckets before it
            self._alias = {old: new for old, new in self._alias.items() if new in self._stories}
