"""Online story clustering: hand-written articles about invented events, through the real
analysis pipeline (language given), then the clusterer."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from dataclasses import asdict, replace
from datetime import date, timedelta

import pytest

from quotetrail.api import analyse
from quotetrail.link.stories import (
    StoryClusterer,
    StoryConfig,
    StoryFeatures,
    features_from_document,
)
from quotetrail.model import Article

MONDAY = date(2026, 3, 2)

# An invented bridge collapse, twice in German and once in English, and an unrelated story.
BRIDGE_DE_1 = (
    "Nach dem Einsturz der Talbrücke bei Lindau hat die Verkehrsministerin Eva Roth am Montag "
    "40 Millionen Euro für den Neubau zugesagt. Die NATO prüft, ob der Truppentransport umgeleitet "
    "werden muss. Roth sagte, 300 Pendler seien täglich betroffen. Die Brücke war seit Jahren "
    "marode, Gutachter hatten vor Rissen im Beton gewarnt."
)
BRIDGE_DE_2 = (
    "Die eingestürzte Talbrücke bei Lindau beschäftigt weiter die Politik. Verkehrsministerin Eva "
    "Roth kündigte an, der Neubau werde 40 Millionen Euro kosten. Nach Angaben der Stadt sind rund "
    "300 Pendler betroffen. Auch die NATO muss ihre Transporte umleiten, weil die Brücke gesperrt "
    "bleibt. Gutachter sprechen von Rissen im Beton."
)
BRIDGE_EN = (
    "Transport minister Eva Roth pledged 40 million euros on Monday to rebuild a collapsed bridge "
    "near Lindau. About 300 commuters are affected every day, Roth said. NATO is checking whether "
    "troop transports must be rerouted."
)
FOOTBALL_DE = (
    "Der Fußballverein aus Hamburg hat seinen Trainer entlassen. Nach fünf Niederlagen in Folge "
    "zog der Vorstand die Konsequenzen. Die Fans hatten im Stadion lautstark protestiert. Ein "
    "Nachfolger soll bis zum Wochenende feststehen."
)


def features(text: str, lang: str, article_id: int, published: date | None = MONDAY) -> StoryFeatures:
    doc = analyse(Article(text=text, origin=f"test:{article_id}", lang=lang, published=published))
    return features_from_document(doc, article_id)


@pytest.fixture(scope="module")
def stream() -> list[StoryFeatures]:
    return [
        features(BRIDGE_DE_1, "de", 1),
        features(FOOTBALL_DE, "de", 2),
        features(BRIDGE_DE_2, "de", 3, MONDAY + timedelta(days=1)),
        features(BRIDGE_EN, "en", 4, MONDAY + timedelta(days=1)),
    ]


def run(stream: list[StoryFeatures], config: StoryConfig | None = None) -> list[int]:
    clusterer = StoryClusterer(config)
    return [clusterer.add(f) for f in stream]


def test_features_content_lemmas_entities_figures(stream: list[StoryFeatures]) -> None:
    f = stream[0]
    assert f.lang == "de" and f.published == MONDAY
    assert {"talbrücke", "brücke", "neubau", "pendler", "beton"} <= set(f.lemmas)
    assert not {"der", "die", "und", "hat", "nach", "eva", "roth"} & set(f.lemmas)  # stopwords, names
    assert set(f.entities) == {"n:roth", "n:nato"}
    assert f.names["n:roth"] == "Roth"
    assert "f:4e+07EUR" in f.figures and "f:3e+02" in f.figures
    # the English article gets the same, language-neutral keys
    assert {"n:roth", "n:nato"} <= set(stream[3].entities)
    assert {"f:4e+07EUR", "f:3e+02"} <= set(stream[3].figures)


def test_outlets_are_not_story_entities() -> None:
    f = features("Wie der Spiegel berichtet, hat Ministerin Eva Roth am Montag die Brücke besucht.", "de", 9)
    assert f.entities == ("n:roth",)


def test_same_event_across_languages_clusters_and_unrelated_does_not(stream: list[StoryFeatures]) -> None:
    ids = run(stream)
    assert ids[0] == ids[2] == ids[3]  # two German and one English article on the bridge
    assert ids[1] != ids[0]  # the football story


def test_lsh_candidates_find_what_exhaustive_scoring_finds(stream: list[StoryFeatures]) -> None:
    assert run(stream) == run(stream, StoryConfig(exhaustive=True))


def test_same_topic_outside_the_window_opens_a_new_story(stream: list[StoryFeatures]) -> None:
    late = features(BRIDGE_DE_2, "de", 5, MONDAY + timedelta(days=30))
    ids = run([stream[0], late], StoryConfig(window_days=3))
    assert ids[0] != ids[1]
    ids = run([stream[0], late], StoryConfig(window_days=40))
    assert ids[0] == ids[1]


def test_deterministic_ids(stream: list[StoryFeatures]) -> None:
    assert run(stream) == run(stream) == [1, 2, 1, 1]
    assert run(stream, StoryConfig(first_id=100)) == [100, 101, 100, 100]


def test_label_names_the_story(stream: list[StoryFeatures]) -> None:
    clusterer = StoryClusterer()
    ids = [clusterer.add(f) for f in stream]
    label = clusterer.label(ids[0])
    assert label.split(" · ")[:2] in (["Roth", "NATO"], ["NATO", "Roth"])
    info = clusterer.info(ids[0])
    assert info is not None and info.size == 3 and info.langs == {"de": 2, "en": 1}
    assert info.first == MONDAY and info.last == MONDAY + timedelta(days=1)
    assert "Hamburg" in clusterer.label(ids[1])


def test_state_round_trip_continues_identically(stream: list[StoryFeatures]) -> None:
    whole = StoryClusterer()
    expected = [whole.add(f) for f in stream]
    first = StoryClusterer()
    got = [first.add(f) for f in stream[:2]]
    state = first.to_state()
    resumed = StoryClusterer.from_state(state)
    assert resumed.to_state() == state
    got += [resumed.add(f) for f in stream[2:]]
    assert got == expected
    assert resumed.to_state() == whole.to_state()


def test_replaying_anothers_assignments_gives_its_state(stream: list[StoryFeatures]) -> None:
    # what a store does with the articles another process stored: same state, no scoring
    issued = iter([70, 80])
    deciding = StoryClusterer()
    ids = [deciding.add(f, new_id=lambda: next(issued)) for f in stream]
    assert ids == [70, 80, 70, 70]
    following = StoryClusterer()
    for f, sid in zip(stream, ids, strict=True):
        following.replay(f, sid)
    assert following.to_state() == deciding.to_state()
    assert following.add(stream[2]) == deciding.add(stream[2]) == 70


def _synthetic(n: int) -> list[StoryFeatures]:
    words = [f"wort{i}" for i in range(60)]
    return [StoryFeatures(i, date(2026, 1, 1) + timedelta(days=i // 4), "de",
                          tuple(words[(i * 7 + k * 3) % 60] for k in range(25)),
                          tuple(f"n:name{(i + k) % 9}" for k in range(4))) for i in range(n)]


def test_restored_states_expire_and_cap_as_the_uninterrupted_one() -> None:
    # small retention and bucket cap, so articles leave buckets both ways between restores
    config = StoryConfig(retention_days=3, window_days=2, bucket_cap=2)
    stream = _synthetic(80)
    whole = StoryClusterer(config)
    expected = [whole.add(f) for f in stream]
    restored = StoryClusterer(config)
    got = []
    for i, f in enumerate(stream):
        if i % 7 == 0:
            restored = StoryClusterer.from_state(restored.to_state())
        got.append(restored.add(f))
    assert got == expected
    assert restored.to_state() == whole.to_state()


def test_checkpoints_of_changed_stories_only_restore_the_uninterrupted_run() -> None:
    # what a store does: keep one row per live story, rewrite the changed ones, drop the expired
    config = StoryConfig(retention_days=3, window_days=2, bucket_cap=2)
    # a new topic every 3 days beside the running one, so stories open, change, rest and expire
    stream = [StoryFeatures(i, date(2026, 1, 1) + timedelta(days=i // 4), "de",
                            tuple(f"{'alltag' if i % 2 else f'thema{i // 12}'}x{k}" for k in range(20)))
              for i in range(80)]
    whole = StoryClusterer(config)
    expected = [whole.add(f) for f in stream]
    assert len(set(expected)) > len(whole.live_stories()) > 1
    restored = StoryClusterer(config)
    rows: dict[int, bytes] = {}
    got = []
    for i, f in enumerate(stream):
        if i % 7 == 6:
            rest, changed, removed = restored.checkpoint()
            if removed is None:
                rows.clear()
            for sid in removed or ():
                rows.pop(sid, None)
            rows.update(changed)
            assert sorted(rows) == restored.live_stories()
            restored = StoryClusterer.from_parts(rest, rows.values())
        got.append(restored.add(f))
    assert got == expected
    assert restored.to_state() == whole.to_state()
    # the next checkpoint writes the one story that took an article, of several live ones
    restored.checkpoint()
    sid = restored.add(replace(stream[-1], article_id=999))
    assert list(restored.checkpoint()[1]) == [sid]


def test_a_checkpoint_rest_is_no_whole_state(stream: list[StoryFeatures]) -> None:
    clusterer = StoryClusterer()
    for f in stream:
        clusterer.add(f)
    rest, _, _ = clusterer.checkpoint()
    with pytest.raises(ValueError, match="from_parts"):
        StoryClusterer.from_state(rest)
    with pytest.raises(ValueError, match="from_state"):
        StoryClusterer.from_parts(clusterer.to_state(), [])


def _json_state(c: StoryClusterer) -> dict[str, object]:
    """The state as versions 1 and 2 wrote it (all JSON), as a store's checkpoint may still hold."""
    return {"version": 2, "config": asdict(c.config), "n_docs": c.n_docs, "df": dict(c.df), "clock": c.clock,
            "next_id": c.next_id, "seq": c._seq,
            "stories": [{f: getattr(s, f) for f in s.__slots__} for s in c._stories.values()],
            "buckets": c._buckets, "live": [[seq, d] for seq, (d, _) in c._live.items()]}


@pytest.mark.parametrize("version", [1, 2])
def test_a_json_state_of_an_older_version_still_loads(version: int) -> None:
    config = StoryConfig(retention_days=3, window_days=2, bucket_cap=2)
    stream = _synthetic(40)
    whole = StoryClusterer(config)
    for f in stream[:30]:
        whole.add(f)
    old = _json_state(whole)
    if version == 1:  # live articles listed their band keys
        old["version"] = 1
        old["live"] = [[seq, d, whole._live[seq][1]] for seq, (d, _) in whole._live.items()]
    resumed = StoryClusterer.from_state(json.dumps(old).encode())
    assert [resumed.add(f) for f in stream[30:]] == [whole.add(f) for f in stream[30:]]
    assert resumed.to_state() == whole.to_state()


def test_state_version_is_checked() -> None:
    with pytest.raises(ValueError, match="version"):
        StoryClusterer.from_state(b'{"version": 0}')


def test_a_damaged_state_is_refused_not_half_loaded(stream: list[StoryFeatures]) -> None:
    clusterer = StoryClusterer()
    for f in stream:
        clusterer.add(f)
    state = clusterer.to_state()
    for bad in (state[:-8], state[:10], b"XXXX" + state[4:], state + b"\0" * 8):
        with pytest.raises(ValueError, match="story state"):
            StoryClusterer.from_state(bad)


def test_old_stories_leave_memory(stream: list[StoryFeatures]) -> None:
    clusterer = StoryClusterer(StoryConfig(window_days=3, retention_days=5))
    first = clusterer.add(stream[0])
    later = StoryFeatures(99, MONDAY + timedelta(days=10), "de", ("anderes", "thema"))
    clusterer.add(later)
    assert clusterer.info(first) is None
    assert clusterer.live_stories() == [first + 1]
    assert clusterer.live_articles == 1


def test_an_archive_older_than_the_retention_does_not_pile_up_in_memory() -> None:
    # issue 14: an archive ingested newest first (or dated by month, as benchmarks/batch.py's)
    # leaves the clock on its newest date; every older article opened a story that no later
    # article could join yet stayed in memory (and in every checkpoint) until the clock moved:
    # ~19 MB per 1,000 articles
    clusterer = StoryClusterer(StoryConfig(window_days=3, retention_days=5))
    clusterer.add(StoryFeatures(0, MONDAY + timedelta(days=100), "de", ("neuestes", "thema")))
    for i in range(1, 200):
        sid = clusterer.add(StoryFeatures(i, MONDAY + timedelta(days=i % 60), "de", (f"thema{i}", f"ort{i}")))
        assert clusterer.label(sid)  # the store labels the story right after assigning it
    assert len(clusterer.live_stories()) <= 2
    rest, rows, _ = clusterer.checkpoint()
    assert len(rows) <= 2  # what a store writes back stays small too


def test_undated_articles_count_as_the_newest_date(stream: list[StoryFeatures]) -> None:
    undated = features(BRIDGE_DE_2, "de", 6, published=None)
    ids = run([stream[0], undated])
    assert ids[0] == ids[1]


def test_an_article_older_than_the_newest_still_finds_its_story(stream: list[StoryFeatures]) -> None:
    # a folder ingested out of date order: the story is still in memory (retention) and the
    # earlier article is within the window of the story's first article
    newer = replace(stream[0], published=MONDAY + timedelta(days=6))
    older = replace(stream[2], published=MONDAY + timedelta(days=4))
    unrelated = StoryFeatures(98, MONDAY + timedelta(days=12), "de", ("anderes", "thema"))
    clusterer = StoryClusterer(StoryConfig(window_days=3))
    first = clusterer.add(newer)
    clusterer.add(unrelated)
    assert clusterer.add(older) == first


def test_features_round_trip_as_plain_data(stream: list[StoryFeatures]) -> None:
    for f in stream:
        assert StoryFeatures.from_dict(f.to_dict()) == f


def test_a_stream_without_dates_still_clusters(stream: list[StoryFeatures]) -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(features(BRIDGE_DE_1, "de", 7, published=None))
    assert clusterer.add(features(BRIDGE_DE_2, "de", 8, published=None)) == first
    info = clusterer.info(first)
    assert info is not None and info.first is None and info.size == 2


_CROSS_PROCESS = """
import hashlib
from datetime import date, timedelta
from quotetrail.link.stories import StoryClusterer, StoryFeatures
words = [f"wort{i}" for i in range(60)]
c = StoryClusterer()
ids = []
for i in range(40):
    lemmas = tuple(words[(i * 7 + k * 3) % 60] for k in range(25))
    ents = tuple(f"n:name{(i + k) % 9}" for k in range(4))
    ids.append(c.add(StoryFeatures(i, date(2026, 1, 1) + timedelta(days=i // 5), "de", lemmas, ents)))
print(ids, hashlib.sha256(c.to_state()).hexdigest())
"""


def test_same_ids_and_state_in_every_process() -> None:
    runs = {
        subprocess.run([sys.executable, "-c", _CROSS_PROCESS], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1


# ----------------------------------------------------------------- merges
# An invented flood: the first report is about the water and the mayor, the second about the
# minister's aid; they share too little to join. The third tells both and bridges them.
FLOOD_WATER = (
    "Das Hochwasser der Murach hat die Altstadt von Talheim überflutet. Bürgermeisterin Sara Lind "
    "sagte, die Feuerwehr pumpe seit der Nacht Keller leer. Der Pegel stieg auf vier Meter."
)
FLOOD_AID = (
    "Landesminister Jan Holt versprach Soforthilfe für Talheim. Holt sagte, betroffene Händler und "
    "Familien bekämen schnell Geld aus dem Notfonds. Anträge seien ab Mittwoch möglich."
)
FLOOD_BOTH = (
    "Das Hochwasser der Murach hat die Altstadt von Talheim überflutet. Bürgermeisterin Sara Lind "
    "sagte, die Feuerwehr pumpe Keller leer. Landesminister Jan Holt versprach Soforthilfe. Holt "
    "sagte, betroffene Händler und Familien bekämen schnell Geld aus dem Notfonds."
)


@pytest.fixture(scope="module")
def flood() -> list[StoryFeatures]:
    return [features(FLOOD_WATER, "de", 1), features(FLOOD_AID, "de", 2), features(FLOOD_BOTH, "de", 3)]


def _partition(stream: list[StoryFeatures], config: StoryConfig | None = None) -> set[frozenset[int]]:
    """Which articles end in one story, following merges."""
    clusterer = StoryClusterer(config)
    ids = {f.article_id: clusterer.add(f) for f in stream}
    groups: dict[int, set[int]] = {}
    for article, sid in ids.items():
        groups.setdefault(clusterer.resolve(sid), set()).add(article)
    return {frozenset(g) for g in groups.values()}


def test_an_article_that_bridges_two_stories_merges_them(flood: list[StoryFeatures]) -> None:
    water, aid, both = flood
    # alone, the first two are two stories; without merging, the bridge joins only one of them
    assert _partition([water, aid]) == {frozenset({1}), frozenset({2})}
    assert _partition([water, aid, both], StoryConfig(merge=False)) != {frozenset({1, 2, 3})}
    clusterer = StoryClusterer()
    first, second = clusterer.add(water), clusterer.add(aid)
    done = clusterer.assign(both)
    # the older story survives and holds all three; the other is gone from the window
    assert done.story == first and done.merges == ((second, first),)
    assert clusterer.live_stories() == [first]
    info = clusterer.info(first)
    assert info is not None and info.size == 3
    assert {"Lind", "Holt"} <= set(clusterer.label(first).split(" · "))
    assert clusterer.resolve(second) == first


def test_stories_do_not_depend_on_the_order_articles_arrive_in() -> None:
    # a and c share no word and no name; b tells both: whichever comes first, one story
    a = StoryFeatures(1, MONDAY, "de", _words("a", 20), ("n:lind",))
    c = StoryFeatures(2, MONDAY, "de", _words("c", 20), ("n:holt",))
    b = StoryFeatures(3, MONDAY, "de", _words("a", 14) + _words("c", 14), ("n:lind", "n:holt"))
    assert len(_partition([a, c, b], StoryConfig(merge=False))) == 2  # b joins one of the two
    for order in itertools.permutations([a, b, c]):
        assert _partition(list(order)) == {frozenset({1, 2, 3})}, [f.article_id for f in order]


def test_replaying_merges_gives_the_deciding_state(flood: list[StoryFeatures]) -> None:
    deciding = StoryClusterer()
    following = StoryClusterer()
    for f in flood:
        done = deciding.assign(f)
        following.replay(f, done.joined, done.merges)
    assert following.to_state() == deciding.to_state()
    # and from a checkpoint taken after the merge: the absorbed story's row is dropped
    rest, rows, removed = deciding.checkpoint()
    assert sorted(rows) == deciding.live_stories()
    restored = StoryClusterer.from_parts(rest, rows.values())
    assert restored.to_state() == deciding.to_state()
    assert restored.resolve(2) == deciding.resolve(2)


def _words(prefix: str, n: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{k}" for k in range(n))


def test_a_weak_bridge_joins_one_story_and_merges_nothing() -> None:
    # a and c share nothing; b shares a third of its words with each: enough to join one (a
    # combined score above 0.3), not the strong link a merge needs, so no chain forms
    a = StoryFeatures(1, MONDAY, "de", _words("a", 30))
    c = StoryFeatures(2, MONDAY, "de", _words("c", 30))
    b = StoryFeatures(3, MONDAY, "de", _words("a", 15) + _words("c", 15) + _words("b", 15))
    clusterer = StoryClusterer()
    ids = [clusterer.add(f) for f in (a, c, b)]
    assert ids[2] in ids[:2] and ids[0] != ids[1]
    assert clusterer.live_stories() == sorted(ids[:2])
