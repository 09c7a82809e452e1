"""The Spark schemas of the batch: loaded records, analysed articles, and the output tables.

Written out explicitly: inferring them from rows would guess wrong wherever the first rows hold
nulls (a figure without a unit, an article without a date).
"""

from __future__ import annotations

from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    BooleanType,
    DoubleType,
    IntegerType,
    StringType,
    StructField,
    StructType,
)


def _s(name: str) -> StructField:
    return StructField(name, StringType())


def _i(name: str) -> StructField:
    return StructField(name, IntegerType())


SPAN = StructType([_i("start"), _i("end"), _s("text")])
STRINGS = ArrayType(StringType())

RECORD = StructType([
    _i("unit"), _i("n"), _s("origin"), _s("error"), _s("content_hash"), _s("text"), _s("title"),
    _s("site"), _s("author"), _s("url"), _s("published"), _s("published_time"), _s("lang"),
    StructField("inferred", STRINGS), StructField("dropped", STRINGS),
    StructField("notes", STRINGS),
])

DATE = StructType([_i("start"), _i("end"), _s("text"), _s("value"), _s("granularity"),
                   StructField("relative", BooleanType()), StructField("inferred", BooleanType())])
STATEMENT_DATE = StructType([*DATE.fields, _s("how")])

ATTRIBUTION = StructType([
    _i("seq"), _s("form"), _i("sentence"), _s("speaker_name"), _s("principal_name"),
    StructField("content", SPAN),
    *(StructField(name, SPAN) for name in ("cue", "speaker", "speaker_ref", "medium",
                                           "intermediary", "principal")),
    StructField("cue_parts", ArrayType(SPAN)), _s("cue_text"), StructField("date", STATEMENT_DATE),
    _s("made_by"),
])
FIGURE = StructType([
    _i("seq"), _i("sentence"), StructField("span", SPAN), StructField("value", DoubleType()),
    StructField("value_high", DoubleType()), _s("comparator"), _s("unit"),
    *(StructField(name, SPAN) for name in ("counted", "scope", "hedge")),
    _i("attribution"), _s("claimed_by"), _s("claim_form"),
    # what the claim linker keys the figure by (link/claims.py), for the Spark linking
    StructField("claim_keys", STRINGS), StructField("predicates", STRINGS),
])
MENTION = StructType([_i("seq"), _i("start"), _i("end"), _s("text"), _s("label"), _s("name"),
                      _s("role")])
DATED = StructType([_i("seq"), *DATE.fields])

ARTICLE_FIELDS = [
    _s("content_hash"), _i("unit"), _i("n"), _s("origin"), _s("title"), _s("site"), _s("author"),
    _s("url"), _s("published"), _s("published_time"), _s("lang"), StructField("inferred", STRINGS),
    _i("words"), _i("analysed_chars"), _s("text"), StructField("dropped", STRINGS),
    StructField("notes", STRINGS), StructField("signature", BinaryType()),
    StructField("sentences", ArrayType(StructType([_i("start"), _i("end")]))),
    StructField("tokens", ArrayType(StructType([_i("start"), _i("end"), _s("text"), _i("sent"),
                                                _s("lemma"), _s("kind")]))),
    StructField("story_keys", STRINGS),  # entity and figure keys of link/stories.py
    _s("month"), _s("language"),
]
# one analysed article: the article's columns and its rows of the other tables, or a failure
ANALYSED = StructType([
    *ARTICLE_FIELDS, _s("error"),
    StructField("attributions", ArrayType(ATTRIBUTION)), StructField("figures", ArrayType(FIGURE)),
    StructField("mentions", ArrayType(MENTION)), StructField("dates", ArrayType(DATED)),
])
REJECT = StructType([_i("unit"), _i("n"), _s("origin"), _s("error")])
