import json

from quotetrail.evaluate.polnear import BratRelation, TokenIndex, read_ann, write_ann
from quotetrail.evaluate.scoring import Annotation
from quotetrail.evaluate.spkatt import TokenText, evaluate_spkatt, to_corpus_json
from quotetrail.model import Span

SENTENCES = [
    {"SentenceId": 0, "Tokens": ["Die", "Ministerin", "sagte", ",", "das", "Amt", "sei", "offen", "."]},
    {"SentenceId": 1, "Tokens": ["„", "Wir", "warten", "“", ",", "sagte", "sie", "."]},
]


def test_token_text_offsets_round_trip() -> None:
    tt = TokenText.build(SENTENCES)
    tokens = [t for s in SENTENCES for t in s["Tokens"]]
    assert [tt.text[s:e] for s, e in zip(tt.starts, tt.ends, strict=True)] == tokens
    assert tt.ids[9] == "1:0"


def test_span_maps_to_overlapping_tokens() -> None:
    tt = TokenText.build(SENTENCES)
    start = tt.text.index("das")
    end = tt.text.index("offen") + 2  # a span ending inside a token still covers it
    assert tt.tokens_in(Span.of(tt.text, start, end)) == {"0:4", "0:5", "0:6", "0:7"}
    assert tt.tokens_in(None) == frozenset()


def test_predictions_written_in_corpus_format(tmp_path) -> None:
    doc = {"DocumentName": "x", "Sentences": SENTENCES, "Annotations": []}
    pred = Annotation({"Message": frozenset({"0:5", "0:4"}), "Source": frozenset({"0:1"})}, "Indirect")
    out = to_corpus_json(doc, [pred])
    a = out["Annotations"][0]
    assert a["Message"] == ["0:4", "0:5"] and a["Source"] == ["0:1"] and a["Cue"] == []
    assert a["Form"] == "Indirect" and a["IsNested"] is False
    json.dumps(out)


def test_spkatt_end_to_end_on_a_written_document(tmp_path) -> None:
    gold = {
        "DocumentName": "t1",
        "Sentences": SENTENCES,
        "Annotations": [
            {"Cue": ["0:2"], "Source": ["0:0", "0:1"], "Message": ["0:4", "0:5", "0:6", "0:7"],
             "Form": "Indirect", "IsNested": False},
            {"Cue": ["1:5"], "Source": ["1:6"], "Message": ["1:1", "1:2"], "Form": "Direct",
             "IsNested": False},
        ],
    }
    (tmp_path / "t1.json").write_text(json.dumps(gold), encoding="utf-8")
    result = evaluate_spkatt(tmp_path, out=tmp_path / "pred")
    assert result["documents"] == 1
    assert result["message"]["recall"] > 0.5
    # the recall of each form issue 16 targets is a number of its own, for `eval cv` to compare
    assert result["direct_recall"] == result["forms"]["Direct"]["recall"] == 1.0
    assert result["reported_recall"] == 0.0  # no Reported gold here
    written = json.loads((tmp_path / "pred" / "t1.json").read_text(encoding="utf-8"))
    assert written["Annotations"]


ANN = "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\tit rained hard\nT4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"


def test_brat_read_write_round_trip() -> None:
    rels = read_ann(ANN)
    assert rels[0].parts == {"Source": [(0, 5)], "Cue": [(6, 10)], "Content": [(11, 20), (25, 30)]}
    text = "Smith said it rained all day hard today."
    again = read_ann(write_ann(rels, text))
    assert again[0].parts == rels[0].parts


def test_token_index_marks_tokens_inside_spans() -> None:
    text = "Smith said: it rained."
    index = TokenIndex(text)
    ann = index.annotation(BratRelation({"Source": [(0, 5)], "Content": [(12, 21)]}))
    assert ann.get("Source") == {0}
    assert [text[slice(*index.spans[i])] for i in sorted(ann.get("Content"))] == ["it", "rained"]


def _brat(source: tuple[int, int], cue: tuple[int, int], content: tuple[int, int], text: str) -> str:
    parts = {"Source": source, "Cue": cue, "Content": content}
    lines = [f"T{k}\t{role} {a} {b}\t{text[a:b]}" for k, (role, (a, b)) in enumerate(parts.items(), 1)]
    lines.append(f"T4\tAttribution {cue[0]} {cue[1]}\t{text[cue[0]:cue[1]]}")
    lines.append("E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3")
    return "\n".join(lines) + "\n"


def test_annotator_agreement_scores_each_pair_of_annotators(tmp_path) -> None:
    from quotetrail.evaluate.polnear import agreement_polnear

    text = "The mayor said in a speech that the bridge will close next week."
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "one.txt").write_text(text, encoding="utf-8")
    (tmp_path / "text" / "alone.txt").write_text(text, encoding="utf-8")
    src, said, content = (0, 9), (10, 14), (31, 64)
    # annotator a takes "said" as the cue, annotator b "said in a speech": they agree on the rest
    (tmp_path / "attributions" / "one_a.ann").write_text(_brat(src, said, content, text), encoding="utf-8")
    (tmp_path / "attributions" / "one_b.ann").write_text(_brat(src, (10, 25), content, text), encoding="utf-8")
    (tmp_path / "attributions" / "alone_a.ann").write_text(_brat(src, said, content, text), encoding="utf-8")
    result = agreement_polnear(tmp_path)
    assert result["documents"] == 1 and result["annotator_pairs"] == 2  # the singly annotated text is left out
    assert result["source"]["f1"] == 1.0 and result["content"]["f1"] == 1.0
    assert result["attribution"]["f1"] == 1.0
    # 1 shared cue token of 1 and of 4, in both directions: P = R = (1 + 1) / (1 + 4)
    assert result["cue"]["precision"] == 0.4 and result["cue"]["f1"] == 0.4


def test_annotator_agreement_needs_doubly_annotated_texts(tmp_path) -> None:
    import pytest

    from quotetrail.evaluate.polnear import agreement_polnear

    (tmp_path / "attributions").mkdir()
    with pytest.raises(FileNotFoundError):
        agreement_polnear(tmp_path)


def test_quote_marks_enclosing_a_message_count_to_it_as_in_the_corpora() -> None:
    from quotetrail.evaluate.polnear import _content_ranges
    from quotetrail.evaluate.spkatt import _with_marks

    sentences = [{"SentenceId": 0, "Tokens": ["„", "Wir", "warten", "“", ",", "sagte", "sie", "."]}]
    tt = TokenText.build(sentences)
    words = Span.of(tt.text, tt.text.index("Wir"), tt.text.index("warten") + len("warten"))
    assert _with_marks(tt, words) == {"0:0", "0:1", "0:2", "0:3"}
    plain = Span.of(tt.text, tt.text.index("sagte"), tt.text.index("sagte") + 5)
    assert _with_marks(tt, plain) == {"0:5"}  # no marks around: nothing added
    text = 'He said: "We wait." Then he left.'
    inside = Span.of(text, text.index("We"), text.index('."') + 1)
    assert _content_ranges(text, inside) == [(text.index('"'), text.index('."') + 2)]
    text2 = '"We wait," he said.'
    assert _content_ranges(text2, Span.of(text2, 1, 8)) == [(0, 10)]  # the comma inside the marks too
    after = Span.of(text, text.index("Then"), len(text))
    assert _content_ranges(text, after) == [(after.start, after.end)]
    text3 = "''We wait,'' he said."  # two apostrophes as the marks, as one outlet writes them
    assert _content_ranges(text3, Span.of(text3, 2, 9)) == [(0, 12)]


def test_the_comma_closing_an_apposition_counts_to_the_source() -> None:
    from quotetrail.evaluate.polnear import _source_ranges

    text = "Mr. Brandt, 61, said the ferry was late."
    apposed = Span.of(text, 0, text.index(", said"))
    assert _source_ranges(text, apposed) == [(0, text.index(", said") + 1)]
    plain = Span.of(text, 0, text.index(","))  # no apposition inside: nothing added
    assert _source_ranges(text, plain) == [(0, text.index(","))]
    assert _source_ranges(text, None) == []


def test_a_medium_right_after_the_cue_counts_to_the_cue_in_polnear() -> None:
    from quotetrail.evaluate.polnear import _cue_ranges
    from quotetrail.model import Attribution

    text = "The mayor said in a statement the ferry was late."
    span = lambda s: Span.of(text, text.index(s), text.index(s) + len(s))  # noqa: E731
    a = Attribution(content=span("the ferry was late"), form="indirect", cue=span("said"),
                    medium=span("in a statement"))
    assert _cue_ranges(a) == [(10, 14), (15, 29)]
    a.medium = None
    assert _cue_ranges(a) == [(10, 14)]


def test_an_outlet_the_cue_addresses_stays_out_of_the_polnear_cue() -> None:
    from quotetrail.evaluate.polnear import _cue_ranges
    from quotetrail.model import Attribution

    text = "The mayor told Harbour Radio that the ferry was late."
    span = lambda s: Span.of(text, text.index(s), text.index(s) + len(s))  # noqa: E731
    a = Attribution(content=span("that the ferry was late"), form="indirect", cue=span("told"),
                    medium=span("Harbour Radio"))
    assert _cue_ranges(a) == [(10, 14)]


def test_a_colon_right_after_the_cue_counts_to_the_polnear_cue() -> None:
    from quotetrail.evaluate.polnear import _cue_ranges
    from quotetrail.model import Attribution

    text = 'The mayor added: "The ferry is late."'
    a = Attribution(content=Span.of(text, 18, 35), form="direct", cue=Span.of(text, 10, 15))
    assert _cue_ranges(a, text) == [(10, 15), (15, 16)]
    assert _cue_ranges(a) == [(10, 15)]  # without the text nothing is added


def polnear_relations(text: str, attributions: list) -> list:
    """PolNeAR relations for ``text`` from a pipeline that returns ``attributions`` as given."""
    from quotetrail.evaluate.polnear import predict_relations
    from quotetrail.model import Article, Document

    def pipeline(article: Article) -> Document:
        doc = Document(article=article)
        doc.attributions = attributions
        return doc

    return predict_relations(text, pipeline)  # type: ignore[arg-type]


def test_a_cue_less_continuation_joins_the_relation_before_it_in_polnear() -> None:
    from quotetrail.model import Attribution

    text = 'Ann Roe said the dam holds. It was checked twice. Bo Li said it leaks.'
    span = lambda s: Span.of(text, text.index(s), text.index(s) + len(s))  # noqa: E731
    rels = polnear_relations(text, [
        Attribution(content=span("the dam holds"), form="indirect", cue=span("said"),
                    speaker=span("Ann Roe"), speaker_name="Ann Roe"),
        Attribution(content=span("It was checked twice"), form="indirect", speaker_name="Ann Roe"),
        Attribution(content=span("it leaks"), form="indirect", cue=Span.of(text, text.rindex("said"), text.rindex("said") + 4),
                    speaker=span("Bo Li"), speaker_name="Bo Li"),
    ])
    assert len(rels) == 2
    assert [text[a:b] for a, b in rels[0].parts["Content"]] == ["the dam holds", "It was checked twice"]
    assert [text[a:b] for a, b in rels[1].parts["Content"]] == ["it leaks"]


def test_a_statement_inside_the_cue_sentence_does_not_break_the_continuation() -> None:
    from quotetrail.model import Attribution

    text = 'Ann Roe said the dam holds, after Bo Li called it weak. It was checked twice.'
    span = lambda s: Span.of(text, text.index(s), text.index(s) + len(s))  # noqa: E731
    rels = polnear_relations(text, [
        Attribution(content=span("the dam holds"), form="indirect", cue=span("said"),
                    speaker=span("Ann Roe"), speaker_name="Ann Roe", sentence=0),
        Attribution(content=span("it weak"), form="reported", cue=span("called"),
                    speaker=span("Bo Li"), speaker_name="Bo Li", sentence=0),
        Attribution(content=span("It was checked twice"), form="indirect", speaker_name="Ann Roe",
                    sentence=1),
    ])
    assert len(rels) == 2
    assert [text[a:b] for a, b in rels[0].parts["Content"]] == ["the dam holds", "It was checked twice"]


def test_two_quotes_around_one_cue_are_one_polnear_relation() -> None:
    from quotetrail.model import Attribution

    text = '"We stay," she said. "We have no choice."'
    said = Span.of(text, text.index("said"), text.index("said") + 4)
    she = Span.of(text, text.index("she"), text.index("she") + 3)
    rels = polnear_relations(text, [
        Attribution(content=Span.of(text, 1, 8), form="direct", cue=said, speaker=she, speaker_name="she"),
        Attribution(content=Span.of(text, 22, 39), form="direct", cue=said, speaker=she, speaker_name="she"),
    ])
    assert len(rels) == 1 and len(rels[0].parts["Content"]) == 2


def test_a_cue_and_source_inside_the_content_are_left_out_of_it() -> None:
    from quotetrail.evaluate.polnear import _without
    from quotetrail.evaluate.spkatt import predict

    assert _without([(0, 30)], [(10, 15), (40, 45)]) == [(0, 10), (15, 30)]
    assert _without([(0, 30)], []) == [(0, 30)]
    doc = {"DocumentName": "t", "Sentences": [{"SentenceId": 0, "Tokens": [
        "Die", "Werft", "plant", "nach", "Angaben", "der", "Gewerkschaft", "den", "Abbau", "von", "300",
        "Stellen", "."]}]}
    from quotetrail.analysis import default_pipeline

    preds, atts = predict(doc, default_pipeline())
    assert atts and atts[0].cue is not None and atts[0].cue.text == "nach"
    message = preds[0].get("Message")
    assert "0:3" not in message and "0:6" not in message  # "nach" … "Gewerkschaft" are cue and source
    assert {"0:1", "0:2", "0:8"} <= message


def test_a_reported_speech_act_is_all_message_in_spkatt() -> None:
    from quotetrail.analysis import default_pipeline
    from quotetrail.evaluate.spkatt import predict

    doc = {"DocumentName": "t", "Sentences": [{"SentenceId": 0, "Tokens": [
        "Der", "Verband", "kritisierte", "die", "neue", "Gebühr", "."]}]}
    preds, atts = predict(doc, default_pipeline())
    assert atts and atts[0].form == "reported" and atts[0].cue is not None
    assert preds[0].get("Cue") == frozenset()
    assert {"0:2", "0:3", "0:5"} <= preds[0].get("Message")


def test_nested_predictions_are_not_submitted_to_the_simplified_subtask() -> None:
    """The subtask scores annotations that are not nested; a prediction whose cue lies inside a
    longer prediction's message is left out (and kept when nothing encloses it)."""
    from quotetrail.evaluate.spkatt import nested

    outer = Annotation({"Message": frozenset({"0:3", "0:4", "0:5", "0:6", "0:7"}),
                        "Source": frozenset({"0:0"}), "Cue": frozenset({"0:1"})}, "Indirect")
    inner = Annotation({"Message": frozenset({"0:6", "0:7"}), "Source": frozenset({"0:4"}),
                        "Cue": frozenset({"0:5"})}, "Indirect")
    apart = Annotation({"Message": frozenset({"1:2", "1:3"}), "Source": frozenset({"1:0"}),
                        "Cue": frozenset({"1:1"})}, "Indirect")
    preds = [outer, inner, apart]
    assert [nested(p, preds) for p in preds] == [False, True, False]
    # a cue-less prediction is anchored by its source
    free = Annotation({"Message": frozenset({"0:7"}), "Source": frozenset({"0:6"}), "Cue": frozenset()}, "Indirect")
    assert nested(free, [outer, free])


def test_a_cue_less_statement_takes_the_sentence_full_stop_in_spkatt() -> None:
    """SpkAtt counts the full stop to a reported act's or a cue-less statement's message."""
    from quotetrail.evaluate.spkatt import _with_full_stop

    tt = TokenText.build([{"SentenceId": 0, "Tokens": ["Das", "sei", "falsch", "."]},
                          {"SentenceId": 1, "Tokens": ["Gut", "."]}])
    assert _with_full_stop(tt, frozenset({"0:0", "0:1", "0:2"})) == {"0:0", "0:1", "0:2", "0:3"}
    # not when the message stops before the sentence end, nor across sentences
    assert _with_full_stop(tt, frozenset({"0:0", "0:1"})) == {"0:0", "0:1"}
    assert _with_full_stop(tt, frozenset()) == frozenset()


def test_a_statement_with_a_cue_leaves_the_full_stop_out_in_spkatt() -> None:
    from quotetrail.evaluate.spkatt import _without_full_stop

    tt = TokenText.build([{"SentenceId": 0, "Tokens": ["Er", "sagte", ",", "es", "regne", "."]}])
    assert _without_full_stop(tt, frozenset({"0:3", "0:4", "0:5"})) == {"0:3", "0:4"}
    assert _without_full_stop(tt, frozenset({"0:3", "0:4"})) == {"0:3", "0:4"}


def test_consecutive_cue_less_statements_are_one_spkatt_annotation() -> None:
    """A run of free indirect speech (no cue, same speaker, consecutive sentences) is one
    annotation in SpkAtt; a cue-less sentence after one with a cue stays apart."""
    from quotetrail.evaluate.spkatt import _join_free_indirect
    from quotetrail.model import Attribution

    def att(sentence: int, cue: bool, name: str | None) -> Attribution:
        return Attribution(content=Span(0, 1, "x"), form="indirect", cue=Span(0, 1, "x") if cue else None,
                           speaker_name=name, sentence=sentence)

    def ann(k: int) -> Annotation:
        return Annotation({"Message": frozenset({f"{k}:0"}), "Source": frozenset(), "Cue": frozenset()}, "Indirect")

    atts = [att(0, True, "Roth"), att(1, False, "Roth"), att(2, False, "Roth"), att(4, False, "Roth")]
    out = _join_free_indirect([ann(0), ann(1), ann(2), ann(4)], atts, [a.cue is None for a in atts])
    assert [sorted(a.get("Message")) for a in out] == [["0:0"], ["1:0", "2:0"], ["4:0"]]


def test_a_cue_in_konjunktiv_is_free_indirect_speech_in_spkatt() -> None:
    """ "Er gehe davon aus, dass …": the product keeps the cue; SpkAtt marks the sentence as the
    speaker's free indirect speech, all message and no cue."""
    from quotetrail.analysis import default_pipeline
    from quotetrail.evaluate.spkatt import predict

    doc = {"DocumentName": "t", "Sentences": [{"SentenceId": 0, "Tokens": [
        "Er", "gehe", "davon", "aus", ",", "dass", "die", "Wahl", "stattfinde", "."]}]}
    preds, atts = predict(doc, default_pipeline())
    assert atts and atts[0].cue is not None and "gehe" in atts[0].cue_text
    assert preds[0].get("Cue") == frozenset()
    assert {"0:0", "0:1", "0:5", "0:8", "0:9"} <= preds[0].get("Message")
    assert preds[0].form == "IndirectFreeIndirect"  # "stattfinde": Konjunktiv I


def test_free_indirect_speech_is_scored_in_the_corpus_kinds() -> None:
    """A cue-less continuation in the subjunctive is IndirectFreeIndirect, one with "soll"
    FreeIndirect; the recall of each gold form counts only pairs found with that form."""
    from quotetrail.analysis import default_pipeline
    from quotetrail.evaluate.scoring import PairedScore
    from quotetrail.evaluate.spkatt import ROLES, _recall, predict

    def sentence(k: int, words: str) -> dict:
        return {"SentenceId": k, "Tokens": words.split()}

    doc = {"DocumentName": "t", "Sentences": [
        sentence(0, "Die Bürgermeisterin Petra Lenz sagte , der Hafen sei sicher ."),
        sentence(1, "Man habe alle Kräne geprüft ."),
    ]}
    preds, atts = predict(doc, default_pipeline())
    assert [a.form for a in atts] == ["indirect", "free_indirect"]
    assert [p.form for p in preds] == ["Indirect", "IndirectFreeIndirect"]
    gold = [
        Annotation({"Message": frozenset({"0:6", "0:7", "0:8", "0:9"}), "Source": frozenset(), "Cue": frozenset()},
                   "Indirect"),
        Annotation({"Message": frozenset({"1:0", "1:1"}), "Source": frozenset(), "Cue": frozenset()}, "FreeIndirect"),
    ]
    soll = {"DocumentName": "t", "Sentences": [
        sentence(0, "Die Bürgermeisterin Petra Lenz sagte , der Hafen sei sicher ."),
        sentence(1, "Die Kräne sollen im Mai geprüft werden ."),
    ]}
    assert [p.form for p in predict(soll, default_pipeline())[0]] == ["Indirect", "FreeIndirect"]
    score = PairedScore()
    score.add_document(preds, gold, ROLES)
    assert score.forms["Indirect"] == {"gold": 1, "paired": 1, "correct": 1}
    assert score.forms["FreeIndirect"] == {"gold": 1, "paired": 1, "correct": 0}
    assert _recall(score, ("FreeIndirect", "IndirectFreeIndirect")) == 0.0


def test_brat_surface_running_over_a_line_break_is_no_span() -> None:
    from quotetrail.evaluate.polnear import read_ann

    ann = "T1\tSource 0 3\tTom\nT2\tContent 8 30\tThe plan\nThe end of the surface\nE1\tAttribution:T2 Source:T1\n"
    [rel] = read_ann(ann)  # "The end …" continues T2's surface: no span, no crash
    assert rel.parts == {"Source": [(0, 3)]}
