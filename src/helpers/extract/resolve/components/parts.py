"""Parts of a whole: figures after `trong đó`/`gồm` that break down an earlier figure.

A figure after the breakdown marker is a part when its subject is the whole's: it names
no subject of its own after the marker (`Trong đó, trồng trọt ước đạt 540 tỷ đồng`, with
`giá trị sản xuất nông nghiệp` only in the sentence before; `xây dựng đạt 684 tỷ đồng`
after `công nghiệp đạt 1.825 tỷ đồng`), or it names the whole's topic again
(`doanh thu thương mại, dịch vụ, du lịch tăng 55,8%; trong đó doanh thu dịch vụ, du lịch
đạt 11.078,9 tỷ`). A part is `other`: it never takes the whole's indicator. Two readings
turn the other way: a part named by a narrower scope than its whole (`thu ngân sách đạt
600 tỷ, trong đó thu ngân sách nhà nước 46,75 tỷ`) is the fact and the whole gives way;
a whole whose parts, its own sector and another, add up to it (`dịch vụ, thương mại ...
30.183 tỷ. Trong đó, ngành dịch vụ 22.049 tỷ; ngành công nghiệp 8.122 tỷ`) is wider
than the sector it names, so it is `other`. A part with a subject of its own in the
sentence after the whole's (`Trong đó, công nghiệp - thủ công nghiệp đạt ...`) keeps its
indicator.

Provenance keys: `part_of` (on a part: the indicator it would otherwise have had),
`yields_to` (on a whole: the scope its part names), `wider_than` (on a whole: its
indicator, which one of the parts adding up to it has).
"""

from __future__ import annotations

from dataclasses import replace

from helpers.extract.document import Document, Figure
from helpers.extract.fact import Fact, rule_source, with_rule
from helpers.extract.lexicon import Row, Span, load_lexicon
from helpers.extract.reference.gazetteer import District
from helpers.extract.reference.vocabulary import OTHER_INDICATOR, unit_of
from helpers.extract.resolve.components.scopes import topic_row
from helpers.extract.resolve.indicators import BEFORE
from helpers.extract.resolve.measures import read_figure

FAMILY = "discourse"
BREAKDOWN = ("breakdown",)
NO_WHOLE = -1
TOPIC, SCOPE, INDICATOR_KEY = "topic", "scope", "indicator"
AMOUNT_UNIT = "vnd_bn"
SUM_TOLERANCE = 0.01  # parts that add up to their whole within 1% (rounding, estimates)


def breakdown_marker(figure: Figure) -> Span | None:
    """The last `trong đó`/`gồm` before the figure in its sentence, or None."""
    labelled = figure.view.labelled
    before = [s for s in labelled.of_family(FAMILY, BREAKDOWN) if s.end <= figure.first]
    return before[-1] if before else None


def whole_sentence(document: Document, figure: Figure) -> int:
    """The start of the sentence whose figures the figure may break down: its own, or the
    one before when the sentence opens with `Trong đó` and continues it; `NO_WHOLE` when
    no `trong đó`/`gồm` stands before the figure."""
    marker = breakdown_marker(figure)
    if marker is None:
        return NO_WHOLE
    index, context = figure.view.index, document.discourse
    continued = context.carried is not None and context.carried is context.previous_sentence
    if marker.start == 0 and continued and index > 0:
        return document.sentences[index - 1].start
    return figure.view.sentence.start


def unnamed_part(figure: Figure) -> bool:
    """Whether a figure after `trong đó`/`gồm` names no subject of its own: its indicator
    came from a topic named before the marker (or in the sentence it continues), or from a
    topic an earlier figure of the same measure after the marker already took; and no
    district or time is named between the marker and the figure."""
    marker = breakdown_marker(figure)
    match, topic = figure.match, figure.topic
    if marker is None or match is None or figure.indicator == OTHER_INDICATOR:
        return False
    labelled = figure.view.labelled
    marker_end, start = labelled.char_end(marker), figure.quantity.start
    if _named_between(figure, marker_end, start):
        return False
    own = topic is not None and topic.sentence is labelled and topic.span.row.id == match.rule
    if not own:
        return _deciding_family(match.rule) == BEFORE  # a topic before the marker
    assert topic is not None
    if labelled.char_start(topic.span) < marker_end:
        return True
    return _taken_by_sibling(figure, labelled.char_end(topic.span))


def _deciding_family(rule: str) -> str:
    """The lexicon family of the row that decided an indicator ('' for none)."""
    try:
        return load_lexicon().row(rule).family
    except KeyError:
        return ""


def _named_between(figure: Figure, start: int, end: int) -> bool:
    """Whether a district or a time is named within chars [start, end) of the sentence."""
    view = figure.view
    return any(
        isinstance(s.district, District) and start <= s.start < end for s in view.subjects
    ) or any(start <= t.start < end for t in view.times)


def _taken_by_sibling(figure: Figure, topic_end: int) -> bool:
    """Whether a figure between the topic (ending at char `topic_end`) and this one reads
    the same measure: the topic was its subject, and this figure is a sibling part."""
    view, reading = figure.view, figure.reading
    assert reading is not None
    labelled = view.labelled
    for quantity in view.quantities:
        if not topic_end <= quantity.start < figure.quantity.start:
            continue
        if quantity.unit != figure.quantity.unit:
            continue
        first, stop = labelled.token_at(quantity.start), labelled.token_at(quantity.end)
        other = read_figure(labelled, first, stop, quantity)
        if other is not None and other.measure == reading.measure:
            return not _named_between(figure, quantity.end, figure.quantity.start)
    return False


def parts_of_a_whole(document: Document, facts: list[Fact]) -> list[Fact]:
    """Article resolver: parts become `other` (`part_of`), wholes a narrower part names
    give way (`yields_to`), wholes wider than their named sector become `other`
    (`wider_than`). See the module docstring."""
    rows = {id(f): topic_row(f) for f in facts}
    wholes = [f for f in facts if f.whole_sentence == NO_WHOLE and f.indicator != OTHER_INDICATOR]
    parts = [f for f in facts if f.whole_sentence != NO_WHOLE and f.indicator != OTHER_INDICATOR]
    wider = _wider_than_named(wholes, parts)
    yielding: dict[int, str] = {}
    demoted: set[int] = set()
    for part in parts:
        of = [w for w in wholes if id(w) not in wider and _whole_of(w, part, rows)]
        narrower = _narrower_scope(part, of, rows)
        if narrower:
            yielding.update({id(w): narrower for w in of})
        elif part.unnamed_part or of:
            demoted.add(id(part))
    return [_resolved(f, id(f) in demoted, id(f) in wider, yielding.get(id(f))) for f in facts]


def _resolved(fact: Fact, part: bool, wider: bool, yields_to: str | None) -> Fact:
    if part:
        key, value = "part_of", fact.indicator
    elif wider:
        key, value = "wider_than", fact.indicator
    elif yields_to:
        key, value = "yields_to", yields_to
    else:
        return fact
    return replace(fact, indicator=OTHER_INDICATOR, rule=with_rule(fact.rule, key, value))


def _whole_of(whole: Fact, part: Fact, rows: dict[int, Row | None]) -> bool:
    """Whether `whole` stands before `part` in its sentence, about the same district, with
    the same indicator or the same topic."""
    if whole.sentence_start != part.sentence_start or whole.district != part.district:
        return False
    if whole.indicator == part.indicator:
        return True
    whole_row, part_row = rows[id(whole)], rows[id(part)]
    return (
        whole_row is not None
        and part_row is not None
        and TOPIC in part_row.attrs
        and whole_row.attrs.get(TOPIC) == part_row.attrs[TOPIC]
    )


def _narrower_scope(part: Fact, wholes: list[Fact], rows: dict[int, Row | None]) -> str:
    """The scope the part's topic names and its wholes' topics do not (`thu ngân sách nhà
    nước` inside `thu ngân sách`), or ''."""
    row = rows[id(part)]
    scope = row.attrs.get(SCOPE, "") if row is not None else ""
    if not scope or not wholes:
        return ""
    if any((r := rows[id(w)]) is not None and r.attrs.get(SCOPE) == scope for w in wholes):
        return ""
    return scope


def _wider_than_named(wholes: list[Fact], parts: list[Fact]) -> set[int]:
    """The wholes wider than the sector their topic names: an amount whose parts, one of
    its own indicator and one of another, add up to it (`30.183 tỷ ... Trong đó, ngành
    dịch vụ 22.049 tỷ; ngành công nghiệp 8.122 tỷ`), and the other figures its topic gives
    in its sentence (its growth)."""
    topics = {
        (w.sentence_start, rule_source(w.rule, INDICATOR_KEY))
        for w in wholes
        if unit_of(w.indicator) == AMOUNT_UNIT and _adds_up(w, parts)
    }
    return {
        id(w) for w in wholes if (w.sentence_start, rule_source(w.rule, INDICATOR_KEY)) in topics
    }


def _adds_up(whole: Fact, parts: list[Fact]) -> bool:
    """Whether the whole's own amount parts are of its indicator and another, and sum to
    it (within `SUM_TOLERANCE`)."""
    own = [
        p
        for p in parts
        if p.whole_sentence == whole.sentence_start
        and (p.district, p.year, p.period) == (whole.district, whole.year, whole.period)
        and not p.unnamed_part
        and unit_of(p.indicator) == AMOUNT_UNIT
    ]
    indicators = {p.indicator for p in own}
    if whole.indicator not in indicators or len(indicators) < 2:
        return False
    return abs(sum(p.value for p in own) - whole.value) <= SUM_TOLERANCE * whole.value
