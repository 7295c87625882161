"""Indicator: the topic a figure reports on, mapped to an indicator (`indicators.py`).

The topic is the nearest before the figure in its clause (or in the sentence it
continues), the topic named in the same position before `tương ứng`, the topic a list of
districts opened with, or the clause before an elliptic `; riêng quý III ước tăng 11,2%`.
An amount too small to be a district's (under 1 tỷ đồng: a fine, a fee, a price) takes no
indicator (`vocabulary.below_district_scale`).
Provenance key `indicator`: the topic row that decided; key `topic_reach=far` when that
topic stands far before the figure or in the sentence it continues (a review signal); key
`scale=below` when the amount was too small for the indicator its topic gave.
"""

from __future__ import annotations

from helpers.extract.document import Document, Figure, SentenceView
from helpers.extract.lexicon import load_lexicon
from helpers.extract.lexicon.spans import LabelledSentence
from helpers.extract.reference.gazetteer import District
from helpers.extract.reference.vocabulary import (
    OTHER_INDICATOR,
    below_district_scale,
    unit_of,
)
from helpers.extract.resolve.components.subject import RESPECTIVELY, SUBJECT_REACH_CHARS
from helpers.extract.resolve.indicators import TopicSpan, match_indicator, nearest_topic

LIST_ITEM_OPENING_CHARS = 8  # `huyện `, `quận `, `thị xã `: what may stand before the name
# Beyond this many characters between a topic and its figure, the reading is doubtful: on
# the open real articles (2026-12-07) 3 of 7 such high-confidence facts were wrong or
# disputed, against 2 of 61 at 60-120 characters.
DISTANT_TOPIC_CHARS = 120
FAR = "far"
BELOW_SCALE = "below"


def respective_topics(view: SentenceView) -> dict[int, TopicSpan]:
    """Topics given in order before `tương ứng`/`lần lượt` (`công nghiệp - xây dựng; dịch
    vụ; nông nghiệp tương ứng là: 85,8%; 5,1%; 9,1%`): figure start → the topic named in
    the same position, when the topics and the figures after the marker are as many."""
    labelled = view.labelled
    markers = labelled.of_family("discourse", RESPECTIVELY)
    if not markers:
        return {}
    marker = markers[0]
    topics = [s for s in load_lexicon().best(labelled.of_family("topics")) if s.end <= marker.start]
    figures = [q for q in view.quantities if q.start >= labelled.char_end(marker)]
    if len(topics) < 2 or len(topics) != len(figures):
        return {}
    return {q.start: TopicSpan(span, labelled) for q, span in zip(figures, topics, strict=True)}


def opens_list_item(view: SentenceView, clause_start: int) -> bool:
    """Whether the clause from char `clause_start` (after a `;`) opens with a district's
    name: an item of a list of districts."""
    if clause_start == 0:
        return False
    opening = len(view.sentence.text[clause_start:]) - len(
        view.sentence.text[clause_start:].lstrip()
    )
    return any(
        isinstance(s.district, District)
        and clause_start <= s.start <= clause_start + opening + LIST_ITEM_OPENING_CHARS
        for s in view.subjects
    )


def ends_clause(labelled: LabelledSentence, stop: int) -> bool:
    """Whether the figure ending before token `stop` ends its clause (`; riêng quý III ước
    tăng 11,2%`, `... 9% so với cùng kỳ`)."""
    return stop >= len(labelled.tokens) or bool(
        labelled.starting_at("discourse", stop, ("clause_end",))
    )


def indicator(document: Document, figure: Figure) -> bool:
    """Figure resolver: the figure's topic, indicator, value and unit (`other` and the
    figure's own when no topic maps)."""
    view, quantity, reading = figure.view, figure.quantity, figure.reading
    assert reading is not None  # (`measure` runs first)
    labelled, first, stop = view.labelled, figure.first, figure.stop
    carried, clause_start = figure.carried, figure.clause_start
    topic = respective_topics(view).get(quantity.start) or nearest_topic(
        labelled, figure.scope_start, quantity.start, carried
    )
    match = match_indicator(reading, quantity.value, labelled, first, stop, topic)
    if match is None and topic is None and opens_list_item(view, clause_start):
        # A list of districts, one clause each ("Tổng giá trị sản xuất ... đạt 318.437 tỷ
        # đồng, trong đó: Huyện Đông Anh đạt 215.818 tỷ đồng ...; huyện Thanh Trì 19.247
        # tỷ, tăng 15,2%"): every item is about the topic the list opened with.
        wide = nearest_topic(labelled, 0, quantity.start, carried)
        match = match_indicator(reading, quantity.value, labelled, first, stop, wide)
    if match is None and clause_start > 0 and topic is None and ends_clause(labelled, stop):
        # An elliptic clause after ";" that ends at its figure ("; riêng quý III ước tăng
        # 11,2%") keeps the subject of the clause before it.
        reach = max(0, quantity.start - SUBJECT_REACH_CHARS)
        previous = document.discourse.carried
        wide = nearest_topic(labelled, reach, quantity.start, previous and previous.complete())
        match = match_indicator(reading, quantity.value, labelled, first, stop, wide)
    if match is not None and below_district_scale(match.indicator, match.value):
        figure.rules["scale"] = BELOW_SCALE
        match = None
    figure.topic, figure.match = topic, match
    if match is not None:
        figure.indicator, figure.value = match.indicator, match.value
        figure.unit = unit_of(match.indicator)
        figure.rules["indicator"] = match.rule
        if topic is not None and _far(topic, labelled, quantity.start):
            figure.rules["topic_reach"] = FAR
    else:
        figure.indicator, figure.value, figure.unit = OTHER_INDICATOR, reading.value, quantity.unit
    return True


def _far(topic: TopicSpan, labelled: LabelledSentence, figure_start: int) -> bool:
    """Whether the topic stands in another sentence or over `DISTANT_TOPIC_CHARS` before."""
    if topic.sentence is not labelled:
        return True
    return figure_start - labelled.char_end(topic.span) > DISTANT_TOPIC_CHARS
