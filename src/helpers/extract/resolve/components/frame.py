"""Frame: the part of a year an article reports on, and what it says to undated figures.

An article about `6 tháng đầu năm 2024` states no full-year result for 2024 unless it
says so, and its cumulative figures "to date" cover the part of the year it reports on
(FACTS rule 2). Provenance key `period`: `article_frame`, or the row of the period taken.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from helpers.extract.document import Document, SentenceView
from helpers.extract.fact import Fact, rule_source, with_rule
from helpers.extract.lexicon import load_lexicon
from helpers.extract.reference.vocabulary import whole_year_indicators
from helpers.extract.resolve.timeframe import FULL_YEAR, TimeMention
from helpers.extract.text.layout import enclosing_group

FRAME_SENTENCES = 3  # the lead sentences that may set an article's frame
TIME_KEY = "time"
TO_DATE = ("period", "to_date")  # the attribute of the rows of `đến nay`, `lũy kế`


def note_periods(document: Document, view: SentenceView) -> None:
    """Sentence resolver: gather the times of the lead sentences (which may set the frame)
    and every part-year period the article names."""
    if in_lead(document, view):
        document.lead_times.extend(
            t for t in view.times if enclosing_group(view.groups, t.start) is None
        )
    document.partial_periods.extend(
        t for t in view.times if t.period not in (None, FULL_YEAR) and not t.horizon
    )


def in_lead(document: Document, view: SentenceView) -> bool:
    """Whether a sentence is one of the first `FRAME_SENTENCES` of the lead: the article's
    first paragraph after its title line."""
    if document.is_title_line(view.sentence):
        return False
    lead_paragraph, counted = None, 0
    # Reads at most the lead's first sentences: linear in an article, not quadratic.
    for sentence in document.sentences[: view.index + 1]:
        if document.is_title_line(sentence):
            continue
        lead_paragraph = sentence.paragraph if lead_paragraph is None else lead_paragraph
        counted += 1
        if sentence.paragraph != lead_paragraph or counted > FRAME_SENTENCES:
            return False
    return True


def frame_of(
    title_time: TimeMention | None, lead_times: list[TimeMention], published_year: int | None
) -> TimeMention | None:
    """The part of a year an article reports on, when it says so up front: the title's
    period (`Kinh tế quận 6 tháng đầu năm 2024`), else the first period its lead sentences
    name (`tổng giá trị sản xuất 6 tháng đầu năm 2022 ...`). None for a whole year. A
    period named without a year (`sơ kết 6 tháng đầu năm`) is of the publication year,
    else of the year the lead names (`nhiệm vụ 6 tháng cuối năm 2023`), else the title's."""
    if title_time is not None and title_time.period not in (None, FULL_YEAR):
        first: TimeMention | None = title_time
    else:
        first = next((m for m in lead_times if m.period is not None), None)
    if first is None or first.period == FULL_YEAR:
        return None
    if first.year is not None:
        return first
    named = [m.year for m in lead_times if m.year is not None and not m.base and not m.horizon]
    title_year = None if title_time is None else title_time.year
    return replace(first, year=published_year or next(iter(named), title_year))


def within_frame(document: Document, facts: list[Fact]) -> list[Fact]:
    """Article resolver: an article that reports on part of a year (its frame) states no
    full-year result for that year unless it says so (`ước cả năm`): such figures, dated
    by a bare year, take the frame's period. Plans and goals are for the whole year."""
    frame = frame_of(document.title_time, document.lead_times, document.published.year)
    if frame is None or frame.year is None or frame.period is None:
        return facts  # (frame_of gives no frame without a period)
    return [
        replace(f, period=frame.period, rule=with_rule(f.rule, "period", "article_frame"))
        if f.kind == "actual"
        and f.year == frame.year
        and f.period == FULL_YEAR
        and not f.whole_year
        and f.indicator not in whole_year_indicators()
        else f
        for f in facts
    ]


@cache
def _to_date_rows() -> frozenset[str]:
    return load_lexicon().rows_with(*TO_DATE)


def to_date_in_article_period(document: Document, facts: list[Fact]) -> list[Fact]:
    """Article resolver: a cumulative figure "to date" (`Từ đầu năm 2020 đến nay`) that
    nothing before it gave months covers the part of the year the article reports on
    elsewhere (`6 tháng đầu năm 2020` in a later paragraph): never the full year, which is
    not over."""
    periods = document.partial_periods
    return [
        in_period(f, period)
        if f.period == FULL_YEAR
        and not f.whole_year
        and rule_source(f.rule, TIME_KEY) in _to_date_rows()
        and (period := next((p for p in periods if p.year in (f.year, None)), None)) is not None
        else f
        for f in facts
    ]


def in_period(fact: Fact, period: TimeMention) -> Fact:
    """`fact` in the period of `period`, with the row that named it."""
    return replace(
        fact, period=period.period or fact.period, rule=with_rule(fact.rule, "period", period.rule)
    )
