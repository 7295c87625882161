"""Time: a figure's year and period, and the times that frame the sentences after one.

A figure's time comes from its own clause, then the sentence, the paragraph, earlier
paragraphs, the title, the year after a comparison base and the publication date
(`time_candidates`, most specific first; `resolve_time` picks); a result nothing dates
(an undated page, or a title dated only by its publication) takes a neighbouring
sentence's time (`from_neighbours`), at review. Provenance key `time`:
the rows that decided the year and the period, `+`-joined.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from helpers.extract.document import Document, Figure, Published, SentenceView, Times
from helpers.extract.lexicon.spans import CLAUSE_BREAKS, LabelledSentence
from helpers.extract.reference.vocabulary import whole_year_indicators
from helpers.extract.resolve.components.kind import ACTUAL, TARGET
from helpers.extract.resolve.components.kind import FAMILY as KIND_FAMILY
from helpers.extract.resolve.timeframe import (
    CONTEXT_FAMILY,
    FULL_YEAR,
    MONTHS_AS_PERIOD,
    UNCODED,
    TimeMention,
    is_lead,
    singled_out,
    time_mentions,
)
from helpers.extract.text.layout import enclosing_group
from helpers.extract.text.sentences import Sentence

PUBLICATION_YEAR_RULE = "publication_year"
PUBLICATION_MONTH_RULE = "publication_month"  # months reached by the publication date
YEAR_ENDED_RULE = "year_ended"  # published in January: the year before the publication's
YEAR_AFTER_BASE_RULE = "year_after_comparison_base"
NEARBY_RULE = "neighbouring_sentence"  # dated only by a sentence beside it (undated page)
SAME_CLAUSE_CHARS = 60  # a time this close after a figure in its clause is the figure's own
# A `several_years` row that also covers the figures before it in its clause (`hằng năm`).
SPAN_REACH, CLAUSE_REACH = "reach", "clause"
GROWTH_MEASURES = ("growth", "pct")  # the readings a comparison base makes a growth


class ResolvedTime(NamedTuple):
    """A figure's (or a framing's) year and period, the rows that decided them, and whether
    its period says the whole year itself (`cả năm`, `12 tháng`)."""

    year: int | None
    period: str | None
    rule: str
    whole_year: bool


def framing_year(candidates: list[TimeMention | None]) -> int | None:
    """The first year a framing candidate names."""
    return next((m.year for m in candidates if m is not None and m.year is not None), None)


def resolve_time(
    candidates: list[TimeMention | None],
    published: Published,
    *,
    inherit_period: bool = True,
) -> ResolvedTime:
    """Year, period and the deciding rows from time mentions, most specific first.

    The year is the first candidate's that has one (a period-only mention before it lends
    its period). A mention that names a year but no period (`chỉ tiêu năm 2020`, `từ đầu
    năm 2022 đến nay`) takes the period of the first later candidate — the framing — about
    the same year (a period named without a year is the publication year's), unless
    `inherit_period` is False (a target is a whole year's goal). A cumulative figure to date
    takes months only: a whole year framing it (`Năm 2023, tổng kế hoạch vốn ...`. `Đến
    nay, ...`) lends its year, not its period. The period stays None when none has one (the
    caller decides)."""
    period: str | None = None
    whole_year = False
    rules: list[str] = []
    year: int | None = None
    rest: list[TimeMention | None] = []
    to_date = False
    for index, mention in enumerate(candidates):
        if mention is None:
            continue
        to_date = to_date or mention.to_date
        if period is None and mention.period is not None and lends_period(mention, to_date):
            period, whole_year = mention.period, mention.whole_year
            rules.append(mention.rule)
        if mention.year is not None:
            year = mention.year
        elif mention.recent:
            year = framing_year(candidates[index + 1 :]) or published.recent_year()
            if year is None:
                continue
        elif mention.relative is not None and published.year is not None:
            year = published.year + mention.relative
        else:
            continue
        rules.append(mention.rule)
        rest = candidates[index + 1 :]
        break
    else:
        year = published.year
        rules.append(PUBLICATION_YEAR_RULE)
    if period is None and inherit_period:
        framing = next(
            (
                m
                for m in rest
                if m is not None
                and m.period
                and (m.year == year or (m.year is None and published.year in (None, year)))
                and lends_period(m, to_date)
            ),
            None,
        )
        if framing is not None:
            period, whole_year = framing.period, framing.whole_year
            rules.append(framing.rule)
        elif to_date and year == published.year and (months := published.months_to_date()):
            # "đến nay" with no framing: the months reached by the publication date.
            period = MONTHS_AS_PERIOD.get(months, f"{months}M")
            rules.append(PUBLICATION_MONTH_RULE)
    return ResolvedTime(year, period, "+".join(dict.fromkeys(rules)), whole_year)


def lends_period(mention: TimeMention, to_date: bool) -> bool:
    """Whether a mention lends its period to a figure: a cumulative figure to date takes
    months only, never a whole year a framing names (unless it says so: `cả năm`)."""
    return not (to_date and mention.period == FULL_YEAR and not mention.whole_year)


def over_several_years(view: SentenceView, figure: Figure) -> bool:
    """Whether a span of several years (`trong 5 năm`, `giai đoạn 2016 - 2020`) stands
    before the figure in its clause with no year or period named between them (a best of
    several years, `cao nhất trong 5 năm`, and the plan a year belongs to, `năm đầu thực
    hiện ... giai đoạn 2021-2025`, are the figure's own year's; a year in other
    parentheses does not count); or a span that
    reaches its whole clause (`reach=clause`: `hằng năm`, `so với nhiệm kỳ trước`) stands
    after it, with no year named in the clause before that span."""
    labelled, figure_start = view.labelled, figure.quantity.start
    clause_start, clause_end = figure.clause_start, clause_end_after(view, figure.quantity.end)
    # `cao nhất trong 5 năm`; `năm đầu thực hiện ... giai đoạn 2021-2025`: the span is no sum.
    compared = labelled.of_family(CONTEXT_FAMILY, ("superlative", "year_in_term"))
    spans = [
        span
        for span in labelled.of_family(CONTEXT_FAMILY, ("several_years",))
        if clause_start <= labelled.char_start(span) < clause_end
        and not any(c.start <= span.start and span.end <= c.end for c in compared)
    ]
    group = enclosing_group(view.groups, figure_start)
    # A year in parentheses outside the figure's (`03 năm liền (2015, 2016, 2017)`) is an aside.
    times = [t for t in view.times if enclosing_group(view.groups, t.start) in (None, group)]
    ends = [labelled.char_end(s) for s in spans if labelled.char_end(s) <= figure_start]
    if ends and not any(max(ends) <= t.start < figure_start for t in times):
        return True
    return any(
        span.attrs.get(SPAN_REACH) == CLAUSE_REACH
        and labelled.char_start(span) >= figure.quantity.end
        and not any(
            t.year is not None and clause_start <= t.start < labelled.char_start(span)
            for t in times
        )
        for span in spans
    )


def compared_over_years(view: SentenceView, figure: Figure, year: int) -> bool:
    """Whether a percentage is compared with a named year other than the one before `year`
    (`bằng 118,74% so 2015` of 2017, `tăng 25% so với năm 2015` in 2020): a change over
    several years, no growth fact (FACTS rule 5 reads only the previous year named). A
    same-period base further back (`so với cùng kỳ năm 2019`) still makes a growth."""
    reading, end = figure.reading, figure.quantity.end
    if reading is None or reading.measure not in GROWTH_MEASURES:
        return False
    clause_end = clause_end_after(view, end)
    base = next(
        (
            b
            for b in view.compared_years
            if end <= b.start < clause_end and b.start - end <= SAME_CLAUSE_CHARS
        ),
        None,
    )
    return base is not None and base.year is not None and base.year != year - 1


def clause_end_after(view: SentenceView, char: int) -> int:
    """The char where the clause holding `char` ends: the next `;`, else the sentence end."""
    end = view.labelled.folded.find(";", char)
    return len(view.labelled.folded) if end < 0 else end


def plan_of(labelled: LabelledSentence, stop: int, time_start: int) -> bool:
    """Whether the words between a figure (ending before token `stop`) and a time mention
    (at char `time_start`) name a plan: `15,2% kế hoạch vốn năm 2024`."""
    time_token = labelled.token_at(time_start)
    return any(
        span.end == time_token for span in labelled.starting_at(CONTEXT_FAMILY, stop, ("plan_of",))
    )


def year_after_base(bases: list[TimeMention]) -> TimeMention | None:
    """The year after the last comparison base (`tăng 7,1% so với cùng kỳ năm 2020` is about
    2021): the last resort for a figure that nothing else dates."""
    if not bases or bases[-1].year is None:
        return None
    return TimeMention(0, 0, bases[-1].year + 1, None, rule=YEAR_AFTER_BASE_RULE)


def time_candidates(
    document: Document, figure: Figure, target: bool = False
) -> list[TimeMention | None]:
    """Time mentions for a figure, most specific first: one that follows the figure in its
    own clause (`21/21 chỉ tiêu ... năm 2023`), the nearest before it, one later in its
    sentence part, then the paragraph's and the article's, then the title's. A mention in
    parentheses dates only the figures in the same parentheses (`tăng 7,9% (năm 2019 tăng
    10,8%); thu ngân sách ...`); a figure in parentheses may take its time from outside."""
    view, quantity, stop = figure.view, figure.quantity, figure.stop
    context = document.discourse
    labelled = view.labelled
    enclosing = enclosing_group(view.groups, quantity.start)
    times = [t for t in view.times if enclosing_group(view.groups, t.start) in (None, enclosing)]
    scope_end = labelled.folded.find(";", quantity.end)
    scope_end = len(labelled.folded) if scope_end < 0 else scope_end
    after = [t for t in times if quantity.end <= t.start < scope_end and not t.horizon]
    same_clause = [
        t
        for t in after
        if t.start - quantity.end <= SAME_CLAUSE_CHARS
        and not any(
            token.text in CLAUSE_BREAKS
            for token in labelled.tokens[stop : labelled.token_at(t.start)]
        )
    ]
    before = [t for t in times if t.end <= quantity.start]
    nearest_before = before[-1] if before else None
    own = same_clause[0] if same_clause else None
    if own is not None and plan_of(labelled, stop, own.start):
        # "15,2% kế hoạch vốn năm 2024": the year of the plan, not the figure's period.
        own, nearest_before = nearest_before, own
    return [
        own,
        nearest_before,
        after[0] if after else None,
        *reversed(before[:-1]),
        *(
            # A goal takes the year its paragraph just named ("bứt phá trong năm 2023. Huyện
            # phấn đấu thu ngân sách đạt 823 tỷ đồng"); a result the article's framing.
            (context.paragraph_time.lead, context.paragraph_time.inline, context.article_time.lead)
            if target
            else (
                context.paragraph_time.lead,
                context.article_time.lead,
                context.paragraph_time.inline,
            )
        ),
        context.article_time.inline,
        document.title_time,
        year_after_base(view.bases or context.paragraph_bases),
    ]


def time(document: Document, figure: Figure) -> bool:
    """Figure resolver: the figure's year and period (False when it has no year, is about
    a span of years or the last months of a year, or sums several years)."""
    view = figure.view
    candidates = time_candidates(document, figure, figure.kind == TARGET)
    year, period, rule, whole_year = resolve_time(
        candidates, document.published, inherit_period=figure.kind == ACTUAL
    )
    undated = (
        year is None
        or (period is None and dated_by(rule, YEAR_AFTER_BASE_RULE))
        or (document.is_title_line(view.sentence) and dated_by(rule, PUBLICATION_YEAR_RULE))
    )
    if figure.kind == ACTUAL and undated:
        year, period, rule, whole_year = from_neighbours(
            document, view, ResolvedTime(year, period, rule, whole_year)
        )
    if figure.kind == ACTUAL:
        year, period, rule, whole_year = publication_months(
            ResolvedTime(year, period, rule, whole_year), document.published
        )
    if year is None or (view.span_lead and not any(t.year for t in view.times)):
        return False  # no year, or only the framing's for a sentence about a span of years
    if period == UNCODED:
        return False  # `6 tháng cuối năm`: no period code names the last months of a year
    if over_several_years(view, figure):
        return False  # `trong 5 năm đạt 921 tỷ đồng`: a sum or average of several years
    if compared_over_years(view, figure, year):
        return False  # `năm 2017 đạt 2.563,58 tỷ đồng, bằng 118,74% so 2015`: not a growth
    if figure.indicator in whole_year_indicators():
        period = FULL_YEAR  # `tổng kế hoạch vốn được giao`: a plan is for the whole year
    figure.year, figure.period, figure.whole_year = year, period or FULL_YEAR, whole_year
    figure.rules["time"] = rule
    return True


def publication_months(resolved: ResolvedTime, published: Published) -> ResolvedTime:
    """A result only the publication date dates, with no period of its own, is about the
    months the publication reached (`publication_month`): an article published before its
    year ended states no full-year result unless it says so (FACTS rule 2); one published
    before January ended reports the year just ended (`year_ended`)."""
    if (
        resolved.period is not None
        or not dated_by(resolved.rule, PUBLICATION_YEAR_RULE)
        or resolved.year != published.year
    ):
        return resolved
    if published.months_reached() == 0 and resolved.year is not None:
        # Published before January ended: a review of the year just ended (an actual is
        # never about a time after its publication).
        return ResolvedTime(
            resolved.year - 1, None, f"{resolved.rule}+{YEAR_ENDED_RULE}", resolved.whole_year
        )
    months = published.months_to_date()
    if months is None:
        return resolved
    return ResolvedTime(
        resolved.year,
        MONTHS_AS_PERIOD.get(months, f"{months}M"),
        f"{resolved.rule}+{PUBLICATION_MONTH_RULE}",
        resolved.whole_year,
    )


def from_neighbours(document: Document, view: SentenceView, resolved: ResolvedTime) -> ResolvedTime:
    """A result nothing dates (no year, or only the year after its comparison base and no
    period: an undated page) takes the time of a neighbouring sentence of its paragraph
    (`neighbouring_sentence`, a weak year): a deadline the nearest dated sentence above
    reached (`Tổng giá trị sản xuất đến năm 2020 ước đạt ...`), else the last time of the
    first dated sentence below it (`... xuống còn 0,46% năm 2018`; for the title, the first
    in the article, also over the publication year). Goals lend no time; a period or year
    of its own is kept."""
    near = neighbour_time(document, view)
    stated = None if dated_by(resolved.rule, PUBLICATION_YEAR_RULE) else resolved.year
    if near is None or stated not in (None, near.year):
        return resolved
    if resolved.period is not None:  # `quý I` with no year: only the year is lent
        return ResolvedTime(near.year, resolved.period, NEARBY_RULE, resolved.whole_year)
    if stated is None:
        return ResolvedTime(near.year, near.period, NEARBY_RULE, near.whole_year)
    return ResolvedTime(
        resolved.year, near.period, f"{resolved.rule}+{NEARBY_RULE}", near.whole_year
    )


def neighbour_time(document: Document, view: SentenceView) -> TimeMention | None:
    """The time a neighbouring sentence lends (see `from_neighbours`), or None."""
    sentences = document.sentences
    index, paragraph = view.index, view.sentence.paragraph
    title = document.is_title_line(view.sentence)
    for sentence in reversed(sentences[:index]):
        if sentence.paragraph != paragraph:
            break
        if times := stated_times(document, sentence):  # the nearest dated sentence above
            if times[-1].horizon:
                return times[-1]
            break
    for sentence in sentences[index + 1 :]:
        if sentence.paragraph != paragraph and not title:
            break
        times = [t for t in stated_times(document, sentence) if not t.horizon]
        if times:
            return times[-1]
    return None


def dated_by(rule: str, source: str) -> bool:
    """Whether a `+`-joined time rule holds `source` (`publication_year`, ...)."""
    return source in rule.split("+")


def stated_times(document: Document, sentence: Sentence) -> list[TimeMention]:
    """The years a sentence names (no comparison base); none from a goal's sentence. Read
    once per sentence and kept in the document."""
    known = document.stated_years.get(sentence.start)
    if known is not None:
        return known
    folded = document.folded[sentence.start : sentence.end]
    labelled = LabelledSentence.read(sentence.text, folded)
    stated = (
        []
        if labelled.of_family(KIND_FAMILY, (TARGET,))
        else [t for t in time_mentions(labelled) if t.year is not None and not t.base]
    )
    document.stated_years[sentence.start] = stated
    return stated


def year_only(mention: TimeMention) -> TimeMention:
    """A mention's year without its period (and no longer a deadline)."""
    return replace(mention, period=None, horizon=False, whole_year=False)


def update_times(document: Document, view: SentenceView) -> None:
    """Sentence resolver: record the sentence's last lead and inline times (resolved) in
    the paragraph; a time singled out with `riêng` (`Riêng quý III, ...`) or in parentheses
    holds for its own sentence only. The last months inside a phrase (`kết quả 9 tháng đầu
    năm, nhiệm vụ những tháng cuối năm 2020`) lend only their year. The title line frames
    nothing (its time is last)."""
    if document.is_title_line(view.sentence):
        return
    context = document.discourse
    for lead in (True, False):
        mentions = [
            year_only(t) if t.horizon else t
            for t in view.times
            if (not t.horizon or t.period == UNCODED)
            and is_lead(view.labelled, t) == lead
            and not singled_out(view.labelled, t)
            and enclosing_group(view.groups, t.start) is None
        ]
        if not mentions:
            continue
        year, period, rule, whole_year = resolve_time(
            [
                # The last mention first; an earlier one of the same sentence lends its
                # period (`báo cáo 9 tháng ... nhiệm vụ năm 2021` frames 9M 2021).
                *reversed(mentions),
                context.paragraph_time.lead,
                context.article_time.lead,
                context.paragraph_time.inline,
                context.article_time.inline,
                document.title_time,
            ],
            document.published,
        )
        resolved = TimeMention(0, 0, year, period, rule=rule, whole_year=whole_year)
        current = context.paragraph_time
        context.paragraph_time = (
            Times(resolved, current.inline) if lead else Times(current.lead, resolved)
        )
