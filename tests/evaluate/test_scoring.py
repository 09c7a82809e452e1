import pytest

from quotetrail.evaluate.scoring import Annotation, PairedScore, match_attributions, pair


def ann(form: str | None = None, **roles: list[str]) -> Annotation:
    return Annotation({r: frozenset(t) for r, t in roles.items()}, form)


def scores(pred: list[Annotation], gold: list[Annotation]) -> PairedScore:
    s = PairedScore()
    s.add_document(pred, gold)
    return s


def test_perfect_prediction_scores_one() -> None:
    gold = [ann("Direct", Message=["0:1", "0:2"], Source=["0:0"], Cue=["0:3"])]
    s = scores(gold, gold)
    for role in ("Message", "Source", "Cue"):
        assert (s.roles[role].precision, s.roles[role].recall, s.roles[role].f1) == (1, 1, 1)
    assert s.joint().f1 == 1
    assert s.form_accuracy == 1


def test_empty_prediction_has_zero_recall_and_precision() -> None:
    s = scores([], [ann(Message=["0:1"], Source=["0:0"])])
    assert s.roles["Message"].recall == 0
    assert s.roles["Message"].precision == 0  # defined as 0 when nothing was predicted
    assert s.roles["Message"].f1 == 0


def test_partial_overlap_counts_tokens() -> None:
    gold = [ann(Message=["0:1", "0:2", "0:3", "0:4"], Source=["0:0"])]
    pred = [ann(Message=["0:3", "0:4", "0:5"], Source=["0:0", "0:9"])]
    s = scores(pred, gold)
    assert s.roles["Message"].precision == pytest.approx(2 / 3)
    assert s.roles["Message"].recall == pytest.approx(2 / 4)
    assert s.roles["Source"].precision == pytest.approx(1 / 2)
    assert s.roles["Source"].recall == 1
    # joint: (2 + 1) of (3 + 2) predicted, of (4 + 1) gold
    assert s.joint().precision == pytest.approx(3 / 5)
    assert s.joint().recall == pytest.approx(3 / 5)


def test_split_prediction_pairs_only_one_piece() -> None:
    gold = [ann(Message=["0:1", "0:2", "0:3", "0:4"])]
    pred = [ann(Message=["0:1", "0:2"]), ann(Message=["0:3", "0:4"])]
    s = scores(pred, gold)
    # one piece pairs; the other piece is unpaired and counts as predicted-but-wrong
    assert s.roles["Message"].tp == 2
    assert s.roles["Message"].precision == pytest.approx(2 / 4)
    assert s.roles["Message"].recall == pytest.approx(2 / 4)


def test_discontinuous_gold_is_a_token_set() -> None:
    gold = [ann(Message=["0:0", "0:1", "0:5", "0:6"])]
    pred = [ann(Message=["0:0", "0:1", "0:2", "0:3", "0:4", "0:5", "0:6"])]
    s = scores(pred, gold)
    assert s.roles["Message"].recall == 1
    assert s.roles["Message"].precision == pytest.approx(4 / 7)


def test_pairing_maximises_total_overlap() -> None:
    # greedy would pair pred 0 with gold 0 (overlap 2) and leave pred 1 with nothing
    gold = [ann(Message=["a", "b"]), ann(Message=["c"])]
    pred = [ann(Message=["a", "b", "c"]), ann(Message=["a", "b"])]
    assert sorted(pair(pred, gold)) == [(0, 1), (1, 0)]


def test_form_accuracy_on_paired_only() -> None:
    gold = [ann("Direct", Message=["1"]), ann("Indirect", Message=["5"])]
    pred = [ann("Direct", Message=["1"]), ann("Direct", Message=["9"])]
    s = scores(pred, gold)
    assert (s.form_correct, s.form_total) == (1, 1)


@pytest.mark.parametrize(
    "pred_content,pred_source,expected",
    [
        ([1, 2, 3, 4], [0], 1),  # full match
        ([1, 2], [0], 1),  # half of the gold content is enough
        ([1], [0], 0),  # less than half
        ([1, 2, 3, 4], [9], 0),  # source does not overlap
    ],
)
def test_attribution_level_match(pred_content: list[int], pred_source: list[int], expected: int) -> None:
    gold = [ann(Content=[1, 2, 3, 4], Source=[0])]
    pred = [ann(Content=pred_content, Source=pred_source)]
    assert match_attributions(pred, gold) == expected


def test_attribution_match_is_one_to_one() -> None:
    gold = [ann(Content=[1, 2], Source=[0])]
    pred = [ann(Content=[1, 2], Source=[0]), ann(Content=[1, 2], Source=[0])]
    assert match_attributions(pred, gold) == 1
