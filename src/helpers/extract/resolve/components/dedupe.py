"""One per figure: a figure stated twice in an article (heading and body, or rounded in
the lead) is one fact, the body's. No provenance key: duplicates are dropped."""

from __future__ import annotations

from helpers.extract.document import Document
from helpers.extract.fact import Fact

HEADING_ROUNDING = 1.0  # a heading may round a body figure to a whole number
ROUNDING_TOLERANCE = 0.005  # ... or to a rounder figure within 0.5 % (FACTS scoring tolerance)
APPROX = "approx"


def close(a: float, b: float) -> bool:
    """Whether two values differ by less than one unit or `ROUNDING_TOLERANCE` of them."""
    return abs(a - b) < HEADING_ROUNDING or abs(a - b) <= ROUNDING_TOLERANCE * max(abs(a), abs(b))


def rounding_unit(value: float) -> float:
    """The unit a round figure is written to: 1,000 for 14.000, 10 for 250, 1 otherwise."""
    if value != int(value) or value == 0:
        return 1.0
    digits = str(int(abs(value)))
    return float(10 ** (len(digits) - len(digits.rstrip("0"))))


def rounds(rounded: Fact, precise: Fact) -> bool:
    """Whether an approximate figure rounds a more precise one of the same fact: within
    the tolerance of `close`, or within one unit of its last non-zero digit (`hơn 14.000
    tỷ đồng` for `14.109,8 tỷ đồng`)."""
    same = (rounded.district, rounded.year, rounded.period, rounded.kind, rounded.indicator)
    return (
        rounded is not precise
        and APPROX not in precise.qualifier
        and same
        == (precise.district, precise.year, precise.period, precise.kind, precise.indicator)
        and (
            close(rounded.value, precise.value)
            or abs(rounded.value - precise.value) < rounding_unit(rounded.value)
        )
    )


def same_figure(heading: Fact, body: Fact) -> bool:
    """Whether a heading's figure is a body figure, possibly rounded or loosely labelled. A
    heading that names no time of its own (`Quận Tây Hồ: thu ngân sách đạt 121% kế hoạch`)
    borrows one from the article's framing, so its time need not agree."""
    if (heading.district, heading.total) != (body.district, body.total):
        return False
    same_time = (heading.year, heading.period, heading.kind) == (body.year, body.period, body.kind)
    if not same_time and (heading.dated or heading.indicator != body.indicator):
        return False
    if heading.value == body.value:
        return True
    return close(heading.value, body.value) and heading.indicator == body.indicator


def one_per_figure(document: Document, facts: list[Fact]) -> list[Fact]:
    """Article resolver: one fact per figure per article. A figure in a heading (the title,
    a subheading or a caption line) that the body states too is the body's fact, even when
    the heading words it more loosely (`đạt 52% kế hoạch` for `52% kế hoạch vốn Thành phố
    giao`) or rounds it (`vượt 26%` for `vượt 26,4%`)."""
    body = [f for f in facts if not f.in_heading]
    kept: dict[tuple, Fact] = {}
    for fact in sorted(facts, key=lambda f: (f.in_heading, f.start)):
        if fact.in_heading and any(same_figure(fact, other) for other in body):
            continue
        if APPROX in fact.qualifier and any(rounds(fact, other) for other in body):
            continue  # a lead's `gần 1.400 tỷ đồng` for the body's `1.397 tỷ đồng`
        key = (fact.district, fact.year, fact.period, fact.kind, fact.indicator, fact.value)
        kept.setdefault((*key, fact.total), fact)
    return sorted(kept.values(), key=lambda f: f.start)
