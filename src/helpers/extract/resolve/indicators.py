"""Which indicator a figure reports: its topic (a noun phrase of the `topics*` lexicons)
and its measure, through `data/topic_indicators.csv`.

A topic row names *what* is measured (`thu ngân sách` → `budget_revenue`); the table
says which indicator a topic gives for each measure (`budget_revenue` + `amount` →
`budget_revenue_vnd_bn`), with a forced kind or value rule where one applies. Topic `none`
claims a subject that has no indicator (`thu tiền sử dụng đất`, `chi thường xuyên`): its
figures stay `other`.

Precedence, in order (the first that gives an indicator for the figure's measure wins):
1. `topics_adjacent`: a phrase ending right before the figure (`vượt kế hoạch 6 chỉ tiêu`);
2. `topics_after`: a phrase starting right after it (`21/21 chỉ tiêu`);
3. `topics_anywhere`: a phrase anywhere in the sentence (`cải cách hành chính` for a rank);
4. `topics`: for a count followed by a noun none of the above names, no indicator (the
   count is of that noun: `21 xã có trạm y tế`); else the phrase named nearest before the
   figure in its clause (or, when the clause
   names none, in the sentence it continues) — the one that ends last, the longer on a tie,
   then the higher priority. It decides alone: a topic with no indicator for the measure
   gives none. A `framed=1` topic (an unqualified `giá trị sản xuất`) after a sector's
   lead-in (`topics_frame`: `Về nông nghiệp, giá trị sản xuất ...`) is that sector.
A topic whose table row for the measure is `other` claims the figure for no indicator,
before the families after it are asked (`21 chỉ tiêu ... đạt kế hoạch`, a count of
targets reached with no total).
Rows may require (`requires=ROW`) or exclude (`excludes=ROW`) a `contexts` row in the
sentence (a nearest topic whose context fails gives no indicator); a topic with
`not_after_figure=1` does not count right after a percentage (`15,2% kế hoạch vốn` is a
plan base, not the subject of what follows).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from helpers.extract.lexicon import Span, load_lexicon
from helpers.extract.lexicon.spans import LabelledSentence
from helpers.extract.reference.vocabulary import OTHER_INDICATOR, load_indicators
from helpers.extract.resolve.measures import MEASURES, Reading, skip_glue

TOPIC_TABLE = "topic_indicators.csv"
NO_TOPIC = "none"
BEFORE, ADJACENT, AFTER, ANYWHERE = "topics", "topics_adjacent", "topics_after", "topics_anywhere"
FRAME = "topics_frame"
TOPIC_FAMILIES = (BEFORE, ADJACENT, AFTER, ANYWHERE)
VALUE_RULES = ("", "abs")
KINDS = ("", "actual", "target")


@dataclass(frozen=True)
class TopicIndicator:
    """One row of the topic table: what a topic's figure of one measure reports."""

    indicator: str
    kind: str
    value_rule: str


@dataclass(frozen=True)
class Match:
    """The indicator a figure reports, with the forced kind and value rule applied; `rule`
    names the topic row that decided."""

    indicator: str
    value: float
    kind: str
    rule: str


# What `_first_mapped` gives for a figure a topic claims for no indicator.
CLAIMED = Match(OTHER_INDICATOR, 0.0, "", "claimed")


@dataclass(frozen=True)
class TopicSpan:
    """A topic span and the sentence it stands in (the figure's, or one it continues)."""

    span: Span
    sentence: LabelledSentence


@cache
def load_topic_table() -> Mapping[tuple[str, str], TopicIndicator]:
    """The shipped topic table, validated against the vocabulary and the topic lexicons."""
    path = resources.files("helpers.extract.data").joinpath(TOPIC_TABLE)
    with path.open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    return parse_topic_table(table)


def parse_topic_table(table: pd.DataFrame) -> dict[tuple[str, str], TopicIndicator]:
    """(topic, measure) → TopicIndicator; ValueError names the bad line and what is wrong:
    an unknown indicator, measure, kind or value rule, a topic no lexicon row names, or
    a (topic, measure) given twice."""
    known = set(load_indicators().index) | {OTHER_INDICATOR}
    _check_context_rows()
    topics = {
        row.attrs["topic"]
        for row in load_lexicon().rows
        if row.family in TOPIC_FAMILIES and "topic" in row.attrs
    }
    mapping: dict[tuple[str, str], TopicIndicator] = {}
    for number, row in enumerate(table.itertuples(index=False), start=2):
        measures = row.measures.split("|")
        problems = [
            f"unknown indicator {row.indicator!r}" if row.indicator not in known else "",
            f"unknown measure(s) {sorted(set(measures) - set(MEASURES))}"
            if set(measures) - set(MEASURES)
            else "",
            f"unknown kind {row.kind!r}" if row.kind not in KINDS else "",
            f"unknown value_rule {row.value_rule!r}" if row.value_rule not in VALUE_RULES else "",
            f"no lexicon row has topic {row.topic!r}" if row.topic not in topics else "",
        ]
        for measure in measures:
            if (row.topic, measure) in mapping:
                problems.append(f"({row.topic}, {measure}) is given twice")
            mapping[row.topic, measure] = TopicIndicator(row.indicator, row.kind, row.value_rule)
        problems = [p for p in problems if p]
        if problems:
            raise ValueError(f"{TOPIC_TABLE} line {number}: {'; '.join(problems)}")
    return mapping


def _check_context_rows() -> None:
    """ValueError naming a topic row whose `requires=`/`excludes=` names no lexicon row."""
    lexicon = load_lexicon()
    ids = {row.id for row in lexicon.rows}
    for row in lexicon.rows:
        for key in ("requires", "excludes"):
            if key in row.attrs and row.attrs[key] not in ids:
                raise ValueError(f"{row.source} ({row.id}): {key}={row.attrs[key]} names no row")


def _mapped(span: Span, reading: Reading, raw_value: float) -> Match | None:
    """What `span`'s topic gives for the reading's measure, or None."""
    entry = load_topic_table().get((span.attrs.get("topic", NO_TOPIC), reading.measure))
    if entry is None or entry.indicator == OTHER_INDICATOR:
        return None
    value = abs(raw_value) if entry.value_rule == "abs" else reading.value
    return Match(entry.indicator, value, entry.kind, span.row.id)


def _holds(span: Span, sentence: LabelledSentence) -> bool:
    """Whether the sentence has the context a row requires and not the one it excludes."""
    required, excluded = span.attrs.get("requires"), span.attrs.get("excludes")
    return (required is None or sentence.has_row(required)) and (
        excluded is None or not sentence.has_row(excluded)
    )


def _claims(span: Span, reading: Reading) -> bool:
    """Whether the topic table maps the span's topic and measure to `other` explicitly: the
    row claims the figure for no indicator (`21 chỉ tiêu ... đạt kế hoạch`: targets met,
    with no total to make them `targets_met`)."""
    entry = load_topic_table().get((span.attrs.get("topic", NO_TOPIC), reading.measure))
    return entry is not None and entry.indicator == OTHER_INDICATOR


def _first_mapped(
    spans: list[Span], sentence: LabelledSentence, reading: Reading, raw_value: float
) -> Match | None:
    """The first span's indicator; `CLAIMED` when a span claims the figure for none."""
    for span in spans:
        if _holds(span, sentence):
            if _claims(span, reading):
                return CLAIMED
            match = _mapped(span, reading, raw_value)
            if match is not None:
                return match
    return None


def _before_candidates(sentence: LabelledSentence, scope_start: int, limit: int) -> list[Span]:
    """`topics` spans lying within chars [scope_start, limit) of the sentence."""
    return [
        span
        for span in sentence.of_family(BEFORE)
        if sentence.char_start(span) >= scope_start
        and sentence.char_end(span) <= limit
        and not (
            span.attrs.get("not_after_figure") == "1" and sentence.token_text(span.start - 1) == "%"
        )
    ]


def _nearest(spans: list[Span], sentence: LabelledSentence) -> Span | None:
    if not spans:
        return None
    return max(
        spans,
        key=lambda s: (sentence.char_end(s), s.end - s.start, s.row.priority, s.row.id),
    )


def _in_frame(span: Span, sentence: LabelledSentence) -> Span:
    """The sector frame a `framed=1` topic stands in (`Về nông nghiệp, giá trị sản xuất
    ...`: the sector named as the lead-in before it in the sentence), else the topic."""
    if span.attrs.get("framed") != "1":
        return span
    frames = [f for f in sentence.of_family(FRAME) if f.end <= span.start]
    return max(frames, key=lambda f: f.end) if frames else span


def nearest_topic(
    sentence: LabelledSentence,
    scope_start: int,
    limit: int,
    carried: LabelledSentence | None = None,
) -> TopicSpan | None:
    """The topic named nearest before char `limit` within [scope_start, limit), or else the
    last topic of the `carried` sentence this one continues; an unqualified production value
    after a sector's lead-in is that sector's (`_in_frame`)."""
    span = _nearest(_before_candidates(sentence, scope_start, limit), sentence)
    if span is not None:
        return TopicSpan(_in_frame(span, sentence), sentence)
    if carried is not None:
        span = _nearest(_before_candidates(carried, 0, len(carried.text)), carried)
        if span is not None:
            return TopicSpan(_in_frame(span, carried), carried)
    return None


def match_indicator(
    reading: Reading,
    raw_value: float,
    sentence: LabelledSentence,
    first: int,
    stop: int,
    topic: TopicSpan | None,
) -> Match | None:
    """The indicator of the figure in tokens [first, stop) (see the module docstring);
    `topic` is the figure's nearest topic before it (see `nearest_topic`)."""
    adjacent = sentence.ending_at(ADJACENT, first) + sentence.ending_at(
        ADJACENT, skip_glue(sentence, first)
    )
    for spans in (
        adjacent,
        sentence.starting_at(AFTER, stop),
        sentence.of_family(ANYWHERE),
    ):
        match = _first_mapped(spans, sentence, reading, raw_value)
        if match is CLAIMED:
            return None  # claimed for no indicator
        if match is not None:
            return match
    if (
        reading.measure == "count"
        and sentence.tokens[stop : stop + 1]
        and (sentence.tokens[stop].kind == "word")
    ):
        return None  # `1 trung tâm y tế`: a count is of the noun after it, and no topic names it
    if topic is None or not _holds(topic.span, topic.sentence):
        return None  # no topic, or one its context rules out: it still claims the figure
    return _mapped(topic.span, reading, raw_value)
