"""Facts from one article: every district figure with indicator, year, period, kind and provenance.

Rules follow `spec/FACTS.md`: a figure belongs to the subject named nearest before it
(a district, the district in context, or the city — whose figures are dropped); its year
and period come from the sentence, then the paragraph, earlier paragraphs, the title and
the publication date; it is a target when a target cue precedes it or its year lies after
the article's reference year; a figure repeated in one article is one fact.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from helpers.extract.figures.numbers import Quantity, scan_quantities
from helpers.extract.lexicon import Row, load_lexicon
from helpers.extract.lexicon.spans import CLAUSE_BREAKS, LabelledSentence
from helpers.extract.reference.gazetteer import District, find_mentions
from helpers.extract.reference.vocabulary import OTHER_INDICATOR, UNITS, UNITS_WITH_TOTAL, unit_of
from helpers.extract.resolve.attribution import (
    CITY,
    WARD,
    Subject,
    subject_before,
    subjects_in,
)
from helpers.extract.resolve.confidence import HIGH, REVIEW, review_signals
from helpers.extract.resolve.indicators import (
    TOPIC_TABLE,
    TopicSpan,
    match_indicator,
    nearest_topic,
)
from helpers.extract.resolve.measures import read_figure
from helpers.extract.resolve.plan_basis import plan_basis
from helpers.extract.resolve.qualifiers import is_estimated, qualifiers
from helpers.extract.resolve.timeframe import (
    FULL_YEAR,
    MONTHS_AS_PERIOD,
    UNCODED,
    TimeMention,
    time_mentions,
)
from helpers.extract.run.records import Reduction, reduce_by_fields
from helpers.extract.text.cleaning import clean_article
from helpers.extract.text.metadata import ArticleMetadata, extract_metadata, find_title
from helpers.extract.text.reading import Article
from helpers.extract.text.sentences import LIST_NUMBER_RE, Sentence, split_sentences
from helpers.extract.text.textnorm import fold

FACT_COLUMNS = (
    "doc_id",
    "district",
    "year",
    "period",
    "indicator",
    "kind",
    "value",
    "total",
    "unit",
    "qualifier",
    "sentence",
    "sentence_start",
    "start",
    "end",
    "rule",
    "basis",
    "confidence",
)
_TOPIC_POSITION_CHARS = 40
_OPENING_CHARS = _TOPIC_POSITION_CHARS + 30  # room for a subject that starts in topic position
_SAME_CLAUSE_CHARS = 60
_LIST_ITEM_OPENING_CHARS = 8  # `huyện `, `quận `, `thị xã `: what may stand before the name
_SUBJECT_REACH_CHARS = 240  # how far back a figure's subject may be named
_HEADING_WORDS = 25
_HEADING_ROUNDING = 1.0  # a heading may round a body figure to a whole number
ROUNDING_TOLERANCE = 0.005  # ... or to a rounder figure within 0.5 % (FACTS scoring tolerance)
_BULLET_MARKERS = frozenset({"-", "+", "•", "*", "–", "—"})
_LEAD_WORDS = 3
_LEAD_FOLLOWERS = frozenset({",", ":"})
_LINE_BREAK_RE = re.compile("\n")
_KICKER_MARKS = (":", "-", "–")
PUBLICATION_YEAR_RULE = "publication_year"
YEAR_AFTER_BASE_RULE = "year_after_comparison_base"
# What a sentence without figures is read for: the times and an opening subject that frame
# the sentences after it (in full only when one of them continues it: `Trong đó, ...`).
TIME_FAMILIES = frozenset({"times", "time_context"})
SUBJECT_FAMILIES = frozenset({"subjects", "subject_context"})
SPAN_ROWS = frozenset({"time.year_span", "time.frame_word", "time.plan_span"})
TIME_KEY, TO_DATE_ROW = "time", "time.to_date"  # the rule key and the row of "đến nay"
MEASURE_FAMILY, SAME_PERIOD_ROW = "measures", "measure.growth_base"  # `cùng kỳ`, `năm trước`
_SAME_PERIOD_GAP_CHARS = 6  # `cùng kỳ năm 2020`: the base year follows within ` năm `
FRAME_SENTENCES = 3  # the lead sentences that may set an article's frame
# Indicators about a whole year whatever the report's period: plans and goals.
WHOLE_YEAR_INDICATORS = frozenset({"public_investment_plan_vnd_bn", "targets_set"})
YEAR_END_REVIEW_MONTH = 10
MONTH_END_DAY = 25  # a report published from this day on covers its own month
PUBLICATION_MONTH_RULE = (
    "publication_month"  # `năm qua` in a review published from October on is that year
)
FUTURE_YEAR_RULE = "year_after_publication"
ESTIMATE_OF_YEAR_RULE = "estimate_of_the_year"  # `dự kiến cả năm` in that year's report


@dataclass(frozen=True, slots=True)
class Fact:
    """One row of the facts table (see FACT_COLUMNS)."""

    doc_id: str
    district: str
    year: int
    period: str
    indicator: str
    kind: str
    value: float
    total: float | None
    unit: str
    qualifier: str
    sentence: str
    sentence_start: int
    start: int
    end: int
    rule: str
    basis: str = ""  # whose plan a plan-relative figure is measured against (plan_basis)
    confidence: str = HIGH  # `review` when its evidence is weak (see confidence.py)
    in_heading: bool = False
    stated_done: bool = False  # `đã` stands before the figure in its clause
    dated: bool = False  # its own sentence names a time
    after_breakdown: bool = False  # a `trong đó`/`gồm` before it in its sentence
    whole_year: bool = False  # its time says the whole year (`cả năm`, `12 tháng`)

    def __reduce__(self) -> Reduction:
        return reduce_by_fields(self)


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What one article yields: metadata, the districts it is about, and its facts."""

    doc_id: str
    file: str
    metadata: ArticleMetadata
    districts: tuple[District, ...]
    facts: tuple[Fact, ...]

    def __reduce__(self) -> Reduction:
        return reduce_by_fields(self)


@dataclass(frozen=True)
class _SentenceView:
    """One sentence as the rules read it: its labelled tokens and what it mentions."""

    sentence: Sentence
    labelled: LabelledSentence
    quantities: list[Quantity]
    subjects: list[Subject]
    times: list[TimeMention]
    in_heading: bool
    groups: tuple[tuple[int, int], ...] = ()
    bases: list[TimeMention] = field(default_factory=list)
    span_lead: bool = False  # opens with a span of years: `Giai đoạn 2023 - 2025, ...`


@dataclass(frozen=True)
class _Times:
    """Resolved times of a stretch of text: `lead` from time adverbials that open a clause
    (`Năm 2023, ...`), `inline` from other mentions (`chỉ số CCHC năm 2021`)."""

    lead: TimeMention | None = None
    inline: TimeMention | None = None

    def over(self, earlier: _Times) -> _Times:
        """These times where set, else the earlier ones."""
        return _Times(self.lead or earlier.lead, self.inline or earlier.inline)


@dataclass
class _Context:
    """State carried through an article: the districts it is about, and the subject and
    time of the current paragraph and of the text before it."""

    districts: tuple[District, ...]
    paragraph: int = -1
    subject: District | str | None = None
    paragraph_time: _Times = field(default_factory=lambda: _Times())
    article_time: _Times = field(default_factory=lambda: _Times())
    carried: LabelledSentence | None = None
    previous_sentence: LabelledSentence | None = None
    list_intro: LabelledSentence | None = None
    list_root: LabelledSentence | None = None  # the intro of the outer list, in nested lists
    paragraph_bases: list[TimeMention] = field(default_factory=list)

    def new_paragraph(self, paragraph: int) -> None:
        """Carry the paragraph's times to the article level and start afresh."""
        self.paragraph = paragraph
        self.subject = None
        self.article_time = self.paragraph_time.over(self.article_time)
        self.paragraph_time = _Times()
        self.previous_sentence = None
        self.paragraph_bases = []


def _article_subject(
    title: str, title_subjects: list[Subject], sentences: list[Sentence]
) -> tuple[District, ...]:
    """The districts an article is about: those its title names (`title_subjects`); none
    when the title is about the city and states a figure (a kicker such as `Hà Nội:` opening
    a title about a district does not count); else those most often named in the body."""
    after_kicker = [s for s in title_subjects if not _is_kicker(title, s)]
    if any(s.district is None or isinstance(s.district, District) for s in after_kicker):
        title_subjects = after_kicker  # `Hà Nội: Quận ...`: the title is about a district
    in_title = list(
        dict.fromkeys(s.district for s in title_subjects if isinstance(s.district, District))
    )
    if in_title:
        return tuple(in_title)
    if any(s.district == CITY for s in title_subjects) and scan_quantities(title):
        return ()
    counts = Counter(m.district for s in sentences for m in find_mentions(s.text))
    if not counts:
        return ()
    top = max(counts.values())
    return tuple(d for d, n in counts.items() if n == top)


def _is_kicker(title: str, subject: Subject) -> bool:
    """Whether a subject opens the title as a kicker followed by `:` or `-` (`Hà Nội: Quận
    có giá trị sản xuất tăng 5.000 lần`): it names the section, not what the title says."""
    return not title[: subject.start].strip() and title[subject.end :].lstrip()[:1] in _KICKER_MARKS


@dataclass(frozen=True)
class _Published:
    """The article's publication year and month (None when it has no date)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None  # None for a month-only date (` date 2022-11`)

    @classmethod
    def of(cls, metadata: ArticleMetadata) -> _Published:
        if not metadata.published:
            return cls()
        day = int(metadata.published[8:10]) if len(metadata.published) >= 10 else None
        return cls(int(metadata.published[:4]), int(metadata.published[5:7]), day)

    def months_to_date(self) -> int | None:
        """The months a report "to date" covers when only its publication date says: those
        before the publication month, or that month too when it is published at its end
        (`đến nay` in a report of 12 July covers 6 months; of 30 June, 6 months too)."""
        if self.month is None:
            return None
        months = (
            self.month if self.day is not None and self.day >= MONTH_END_DAY else self.month - 1
        )
        return months if 1 <= months <= 11 else None

    def recent_year(self) -> int | None:
        """The year `năm qua` means with nothing else to go by: a review published late in
        the year is about that year, one published early about the year before."""
        if self.year is None or self.month is None:
            return None
        return self.year if self.month >= YEAR_END_REVIEW_MONTH else self.year - 1


def _framing_year(candidates: list[TimeMention | None]) -> int | None:
    """The first year a framing candidate names."""
    return next((m.year for m in candidates if m is not None and m.year is not None), None)


class _ResolvedTime(NamedTuple):
    """A figure's (or a framing's) year and period, the rows that decided them, and whether
    its period says the whole year itself (`cả năm`, `12 tháng`)."""

    year: int | None
    period: str | None
    rule: str
    whole_year: bool


def _resolve_time(
    candidates: list[TimeMention | None],
    published: _Published,
    *,
    inherit_period: bool = True,
) -> _ResolvedTime:
    """Year, period and the deciding rows from time mentions, most specific first.

    The year is the first candidate's that has one (a period-only mention before it lends
    its period). A mention that names a year but no period (`chỉ tiêu năm 2020`, `từ đầu
    năm 2022 đến nay`) takes the period of the first later candidate — the framing — about
    the same year, unless `inherit_period` is False (a target is a whole year's goal); the
    period stays None when none has one (the caller decides)."""
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
        if period is None and mention.period is not None:
            period, whole_year = mention.period, mention.whole_year
            rules.append(mention.rule)
        if mention.year is not None:
            year = mention.year
        elif mention.recent:
            year = _framing_year(candidates[index + 1 :]) or published.recent_year()
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
                and m.year in (year, None)
                and not (to_date and m.period == FULL_YEAR)  # cumulative to date: months only
            ),
            None,
        )
        if framing is not None:
            period, whole_year = framing.period, framing.whole_year
            rules.append(framing.rule)
        elif to_date and year == published.year and (months := published.months_to_date()):
            # "đến nay" with no framing: the months reported by the publication date.
            period = MONTHS_AS_PERIOD.get(months, f"{months}M")
            rules.append(PUBLICATION_MONTH_RULE)
    return _ResolvedTime(year, period, "+".join(dict.fromkeys(rules)), whole_year)


def _stated_done(labelled: LabelledSentence, first: int) -> bool:
    """Whether a `past` marker (`đã`) stands before token `first` in its clause."""
    clause = 0
    for index in range(first - 1, -1, -1):
        if labelled.tokens[index].text in CLAUSE_BREAKS:
            clause = index + 1
            break
    return any(clause <= s.start and s.end <= first for s in labelled.of_family("kinds", ("past",)))


def _target_cue(labelled: LabelledSentence, first: int) -> str:
    """The target cue row (phấn đấu, đề ra, ...) that precedes token `first` in a sentence
    with no `past` marker (đã: done) between them, or "". A cue inside an `achieved`
    phrase (`đạt chỉ tiêu kế hoạch đề ra`) names what was set, not a goal."""
    achieved = labelled.of_family("kinds", ("achieved",))
    cues = [
        s
        for s in labelled.of_family("kinds", ("target",))
        if s.end <= first and not any(a.start <= s.start and s.end <= a.end for a in achieved)
    ]
    if not cues:
        return ""
    past = labelled.of_family("kinds", ("past",))
    if any(cues[-1].end <= s.start and s.end <= first for s in past):
        return ""
    return cues[-1].row.id


def _subject_district(subject: Subject | None, context: _Context) -> District | None:
    """The district a figure belongs to; None for city-wide and ward figures, figures of
    districts the article only compares with, and figures with no district in context."""
    explicit = subject is not None and subject.district is not None
    marker = subject.district if subject is not None and explicit else context.subject
    if subject is not None and not explicit and not isinstance(marker, District):
        marker = None  # `quận`, `toàn huyện`: the district, whatever the paragraph was about
    if marker in (CITY, WARD):
        return None
    if isinstance(marker, District):
        about_city = not context.districts
        if marker in context.districts or (about_city and explicit):
            return marker
        return None
    return context.districts[0] if context.districts else None


def _over_several_years(view: _SentenceView, clause_start: int, figure_start: int) -> bool:
    """Whether a span of several years (`trong 5 năm`, `giai đoạn 2016 - 2020`) stands
    before the figure in its clause with no year or period named between them (a best of
    several years, `cao nhất trong 5 năm`, is the figure's own year's)."""
    labelled = view.labelled
    compared = labelled.of_family("time_context", ("superlative",))  # `cao nhất trong 5 năm`
    spans = [
        labelled.char_end(span)
        for span in labelled.of_family("time_context", ("several_years",))
        if clause_start <= labelled.char_start(span)
        and labelled.char_end(span) <= figure_start
        and not any(c.start <= span.start and span.end <= c.end for c in compared)
    ]
    if not spans:
        return False
    last = max(spans)
    return not any(last <= t.start < figure_start for t in view.times)


def _opens_list_item(view: _SentenceView, clause_start: int) -> bool:
    """Whether the clause from char `clause_start` (after a `;`) opens with a district's
    name: an item of a list of districts."""
    if clause_start == 0:
        return False
    opening = len(view.sentence.text[clause_start:]) - len(
        view.sentence.text[clause_start:].lstrip()
    )
    return any(
        isinstance(s.district, District)
        and clause_start <= s.start <= clause_start + opening + _LIST_ITEM_OPENING_CHARS
        for s in view.subjects
    )


def _ends_clause(labelled: LabelledSentence, stop: int) -> bool:
    """Whether the figure ending before token `stop` ends its clause (`; riêng quý III ước
    tăng 11,2%`, `... 9% so với cùng kỳ`)."""
    return stop >= len(labelled.tokens) or bool(
        labelled.starting_at("discourse", stop, ("clause_end",))
    )


def _plan_of(labelled: LabelledSentence, stop: int, time_start: int) -> bool:
    """Whether the words between a figure (ending before token `stop`) and a time mention
    (at char `time_start`) name a plan: `15,2% kế hoạch vốn năm 2024`."""
    time_token = labelled.token_at(time_start)
    return any(
        span.end == time_token for span in labelled.starting_at("time_context", stop, ("plan_of",))
    )


def _time_candidates(
    view: _SentenceView,
    quantity: Quantity,
    stop: int,
    context: _Context,
    title_time: TimeMention | None,
    target: bool = False,
) -> list[TimeMention | None]:
    """Time mentions for a figure, most specific first: one that follows the figure in its
    own clause (`21/21 chỉ tiêu ... năm 2023`), the nearest before it, one later in its
    sentence part, then the paragraph's and the article's, then the title's. A mention in
    parentheses dates only the figures in the same parentheses (`tăng 7,9% (năm 2019 tăng
    10,8%); thu ngân sách ...`); a figure in parentheses may take its time from outside."""
    labelled = view.labelled
    enclosing = _enclosing_group(view.groups, quantity.start)
    times = [t for t in view.times if _enclosing_group(view.groups, t.start) in (None, enclosing)]
    scope_end = labelled.folded.find(";", quantity.end)
    scope_end = len(labelled.folded) if scope_end < 0 else scope_end
    after = [t for t in times if quantity.end <= t.start < scope_end and not t.horizon]
    same_clause = [
        t
        for t in after
        if t.start - quantity.end <= _SAME_CLAUSE_CHARS
        and not any(
            token.text in CLAUSE_BREAKS
            for token in labelled.tokens[stop : labelled.token_at(t.start)]
        )
    ]
    before = [t for t in times if t.end <= quantity.start]
    nearest_before = before[-1] if before else None
    own = same_clause[0] if same_clause else None
    if own is not None and _plan_of(labelled, stop, own.start):
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
        title_time,
        _year_after_base(view.bases or context.paragraph_bases),
    ]


def _same_period_base(labelled: LabelledSentence, base: TimeMention) -> bool:
    """Whether a comparison base is the same period a year before (`so với cùng kỳ năm
    2020`): only then is the figure about the year after it. A bare `so với năm 2015` in a
    review of a term compares with the term's first year, not the year before."""
    return any(
        span.row.id == SAME_PERIOD_ROW
        and 0 <= base.start - labelled.char_end(span) <= _SAME_PERIOD_GAP_CHARS
        for span in labelled.of_family(MEASURE_FAMILY)
    )


def _year_after_base(bases: list[TimeMention]) -> TimeMention | None:
    """The year after the last comparison base (`tăng 7,1% so với cùng kỳ năm 2020` is about
    2021): the last resort for a figure that nothing else dates."""
    if not bases or bases[-1].year is None:
        return None
    return TimeMention(0, 0, bases[-1].year + 1, None, rule=YEAR_AFTER_BASE_RULE)


def _parenthesised(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) char ranges of the outermost parenthesised groups of a sentence; a
    group left open runs to the end of the sentence."""
    groups, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, index + 1))
    if depth:
        groups.append((start, len(text)))
    return tuple(groups)


def _enclosing_group(groups: tuple[tuple[int, int], ...], position: int) -> tuple[int, int] | None:
    """The parenthesised group holding char `position`, or None."""
    return next((g for g in groups if g[0] <= position < g[1]), None)


def _figure_tokens(labelled: LabelledSentence, quantity: Quantity) -> tuple[int, int]:
    """The token range [first, stop) of a figure."""
    return labelled.token_at(quantity.start), labelled.token_at(quantity.end)


def _figure_fact(
    doc_id: str,
    view: _SentenceView,
    quantity: Quantity,
    context: _Context,
    title_time: TimeMention | None,
    published: _Published,
    respective: Subject | None = None,
    respective_topic: TopicSpan | None = None,
) -> Fact | None:
    """The fact one figure states, or None when it states none about a district.
    `respective` and `respective_topic` are the subject and topic a `lần lượt` / `tương
    ứng` construction gives the figure by its position."""
    sentence, labelled = view.sentence, view.labelled
    if quantity.unit not in UNITS:
        return None
    first, stop = _figure_tokens(labelled, quantity)
    reading = read_figure(labelled, first, stop, quantity)
    if reading is None:
        return None
    subject = respective or subject_before(view.subjects, quantity.start)
    district = _subject_district(subject, context)
    if district is None:
        return None
    clause_start = labelled.folded.rfind(";", 0, quantity.start) + 1
    carried = context.carried.complete() if clause_start == 0 and context.carried else None
    scope_start = max(clause_start, quantity.start - _SUBJECT_REACH_CHARS)
    topic = respective_topic or nearest_topic(labelled, scope_start, quantity.start, carried)
    match = match_indicator(reading, quantity.value, labelled, first, stop, topic)
    if match is None and topic is None and _opens_list_item(view, clause_start):
        # A list of districts, one clause each ("Tổng giá trị sản xuất ... đạt 318.437 tỷ
        # đồng, trong đó: Huyện Đông Anh đạt 215.818 tỷ đồng ...; huyện Thanh Trì 19.247
        # tỷ, tăng 15,2%"): every item is about the topic the list opened with.
        wide = nearest_topic(labelled, 0, quantity.start, carried)
        match = match_indicator(reading, quantity.value, labelled, first, stop, wide)
    if match is None and clause_start > 0 and topic is None and _ends_clause(labelled, stop):
        # An elliptic clause after ";" that ends at its figure ("; riêng quý III ước tăng
        # 11,2%") keeps the subject of the clause before it.
        reach = max(0, quantity.start - _SUBJECT_REACH_CHARS)
        wide = nearest_topic(
            labelled, reach, quantity.start, context.carried and context.carried.complete()
        )
        match = match_indicator(reading, quantity.value, labelled, first, stop, wide)
    if match is not None:
        indicator, value, unit = match.indicator, match.value, unit_of(match.indicator)
    else:
        indicator, value, unit = OTHER_INDICATOR, reading.value, quantity.unit
    target_cue = _target_cue(view.labelled, first)
    for governing in (context.carried, context.list_root):
        # "phấn đấu ... đạt 21.858 tỷ đồng. Trong đó, công nghiệp 12.823 tỷ đồng; nông
        # nghiệp 1.677 tỷ đồng": the goal runs on through the sentence that breaks it down,
        # and through the items of a list it introduces ("20 chỉ tiêu ... đề ra: 1. ...").
        if not target_cue and governing is not None:
            target_cue = _target_cue(governing.complete(), len(governing.tokens))
    if match is not None and match.kind == "target":
        kind, kind_rule = "target", f"{TOPIC_TABLE}:{match.rule}"
    elif target_cue:
        kind, kind_rule = "target", target_cue
    else:
        kind, kind_rule = "actual", ""
    candidates = _time_candidates(view, quantity, stop, context, title_time, kind == "target")
    year, period, time_rule, whole_year = _resolve_time(
        candidates, published, inherit_period=kind == "actual"
    )
    if year is None or (view.span_lead and not any(t.year for t in view.times)):
        return None  # no year, or only the framing's for a sentence about a span of years
    if period == UNCODED:
        return None  # `6 tháng cuối năm`: no period code names the last months of a year
    if _over_several_years(view, clause_start, quantity.start):
        return None  # `trong 5 năm đạt 921 tỷ đồng`: a sum or average of several years
    period = period or FULL_YEAR
    estimated = is_estimated(labelled, scope_start, quantity.start, topic, carried)
    estimate_said = estimated or any(
        span.end <= first for span in labelled.of_family("qualifiers", ("estimated",))
    )
    if kind_rule == target_cue and whole_year and estimate_said and year == published.year:
        # "Dự kiến cả năm 2019 ... sẽ đạt 16/16" in a report of that year: the year's
        # estimate, not a goal for a coming period (FACTS rule 2: `ước cả năm`).
        kind, kind_rule = "actual", ESTIMATE_OF_YEAR_RULE
    total = quantity.total if unit in UNITS_WITH_TOTAL else None
    rules = {
        "indicator": match.rule if match is not None else "",
        "measure": reading.rule,
        "time": time_rule,
        "kind": kind_rule,
    }
    return Fact(
        doc_id,
        district.name,
        year,
        period,
        indicator,
        kind,
        round(float(value), 6),
        total,
        unit,
        qualifiers(labelled, first, stop, estimated),
        sentence.text,
        sentence.start,
        sentence.start + quantity.start,
        sentence.start + quantity.end,
        ";".join(f"{key}={value}" for key, value in rules.items() if value),
        basis=plan_basis(labelled, stop, reading),
        in_heading=view.in_heading,
        stated_done=_stated_done(labelled, first),
        dated=bool(view.times),
        whole_year=whole_year,
        after_breakdown=any(
            s.end <= first for s in labelled.of_family("discourse", ("breakdown",))
        ),
    )


def _parts_of_a_whole(facts: list[Fact]) -> list[Fact]:
    """Figures after `trong đó`/`gồm` that break down a figure of the same indicator earlier
    in their sentence are its parts (`phấn đấu thực hiện 25 chỉ tiêu, trong đó 5 chỉ tiêu
    kinh tế, 17 chỉ tiêu xã hội`): `other`, not more of the same indicator."""
    wholes = {
        (f.sentence_start, f.indicator)
        for f in facts
        if not f.after_breakdown and f.indicator != OTHER_INDICATOR
    }
    return [
        replace(f, indicator=OTHER_INDICATOR, rule=_with_rule(f.rule, "part_of", f.indicator))
        if f.after_breakdown and (f.sentence_start, f.indicator) in wholes
        else f
        for f in facts
    ]


def _frame_of(title_time: TimeMention | None, lead_times: list[TimeMention]) -> TimeMention | None:
    """The part of a year an article reports on, when it says so up front: the title's
    period (`Kinh tế quận 6 tháng đầu năm 2024`), else the first period its lead sentences
    name (`tổng giá trị sản xuất 6 tháng đầu năm 2022 ...`). None for a whole year."""
    if title_time is not None and title_time.period not in (None, FULL_YEAR):
        return title_time
    first = next((m for m in lead_times if m.period is not None), None)
    return None if first is None or first.period == FULL_YEAR else first


def _within_frame(facts: list[Fact], frame: TimeMention | None) -> list[Fact]:
    """An article that reports on part of a year (its frame) states no full-year result for
    that year unless it says so (`ước cả năm`): such figures, dated by a bare year, take
    the frame's period (FACTS rule 2). Plans and goals are for the whole year."""
    if frame is None or frame.year is None or frame.period is None:
        return facts  # (_frame_of gives no frame without a period)
    return [
        replace(f, period=frame.period, rule=_with_rule(f.rule, "period", "article_frame"))
        if f.kind == "actual"
        and f.year == frame.year
        and f.period == FULL_YEAR
        and not f.whole_year
        and f.indicator not in WHOLE_YEAR_INDICATORS
        else f
        for f in facts
    ]


def _to_date_in_article_period(facts: list[Fact], periods: list[TimeMention]) -> list[Fact]:
    """A cumulative figure "to date" (`Từ đầu năm 2020 đến nay`) that nothing before it gave
    months covers the part of the year the article reports on elsewhere (`6 tháng đầu năm
    2020` in a later paragraph): never the full year, which is not over (FACTS rule 2)."""
    return [
        _in_period(f, period)
        if f.period == FULL_YEAR
        and not f.whole_year
        and f"{TIME_KEY}={TO_DATE_ROW}" in f.rule
        and (period := next((p for p in periods if p.year in (f.year, None)), None)) is not None
        else f
        for f in facts
    ]


def _in_period(fact: Fact, period: TimeMention) -> Fact:
    return replace(
        fact, period=period.period or fact.period, rule=_with_rule(fact.rule, "period", period.rule)
    )


def _topic_row(fact: Fact) -> Row | None:
    """The topic row that decided a fact's indicator, from its `rule`."""
    for part in fact.rule.split(";"):
        if part.startswith("indicator="):
            return load_lexicon().row(part.removeprefix("indicator="))
    return None


def _yield_to_scopes(facts: list[Fact]) -> list[Fact]:
    """Facts whose topic row `yields_to` a scope become `other` when the article states a
    fact of a topic with that `scope`: `thu ngân sách huyện` beside `thu ngân sách nhà
    nước trên địa bàn` is the district budget's own revenue (FACTS rule 1)."""
    rows = {id(f): _topic_row(f) for f in facts}
    scopes = {row.attrs["scope"] for row in rows.values() if row and "scope" in row.attrs}
    return [
        replace(
            f,
            indicator=OTHER_INDICATOR,
            value=f.value,
            rule=_with_rule(f.rule, "yields_to", row.attrs["yields_to"]),
        )
        if row is not None and row.attrs.get("yields_to") in scopes
        else f
        for f in facts
        for row in (rows[id(f)],)
    ]


def _apply_future_years(facts: list[Fact], published_year: int | None) -> list[Fact]:
    """Mark as targets the facts about a year after the article's publication year, unless
    stated as done in their clause (`đến năm 2022 đã đạt`). In an undated article, only
    the year after the one most of its results are about is the coming year (`kết quả năm
    2022, phương hướng năm 2023`); a history of results (`năm 2008 ... năm 2022`) has none.
    Goals are for whole years: a figure for part of a year stays a result."""
    if published_year is None:
        years = Counter(f.year for f in facts if f.kind == "actual")
        if not years:
            return facts
        top = max(years.values())
        modal = min(y for y, n in years.items() if n == top)
        future = {modal + 1}
    else:
        future = {f.year for f in facts if f.year > published_year}
    return [
        replace(f, kind="target", rule=_with_rule(f.rule, "kind", FUTURE_YEAR_RULE))
        if f.kind == "actual"
        and f.year in future
        and not f.stated_done
        and f.period == FULL_YEAR  # a part-year result (`6 tháng đầu năm 2016`) is no goal
        else f
        for f in facts
    ]


def _with_confidence(facts: list[Fact], *, several_districts: bool) -> list[Fact]:
    """Each fact with its confidence (`high`, or `review` with the signals in its rule)."""
    named: dict[str, set[str]] = {}
    values: dict[tuple, list[tuple[float, int]]] = {}
    for fact in facts:
        if fact.indicator != OTHER_INDICATOR:
            values.setdefault(_reading_key(fact), []).append((fact.value, fact.sentence_start))
    rated = []
    for fact in facts:
        if several_districts and fact.sentence not in named:  # only then can it matter
            named[fact.sentence] = {m.district.name for m in find_mentions(fact.sentence)}
        signals = review_signals(
            fact.rule,
            fact.indicator,
            fact.kind,
            fact.value,
            fact.total,
            district_named=fact.district in named.get(fact.sentence, ()),
            several_districts=several_districts,
            # Two values in one sentence are two bases or a breakdown (`đạt 80% dự toán
            # thành phố giao, đạt 80,4% dự toán HĐND huyện giao`); in two, a disagreement.
            conflicting=any(
                start != fact.sentence_start and not _close(fact.value, other)
                for other, start in values.get(_reading_key(fact), ())
            ),
        )
        rated.append(
            replace(fact, confidence=REVIEW, rule=_with_rule(fact.rule, REVIEW, "+".join(signals)))
            if signals
            else fact
        )
    return rated


def _reading_key(fact: Fact) -> tuple[str, int, str, str, str, str]:
    """What two figures must share to be readings of the same quantity."""
    return (fact.district, fact.year, fact.period, fact.indicator, fact.kind, fact.basis)


def _with_rule(rule: str, key: str, value: str) -> str:
    """`rule` with `key=value` set (the `;`-joined provenance of a fact)."""
    kept = [part for part in rule.split(";") if part and not part.startswith(f"{key}=")]
    return ";".join([*kept, f"{key}={value}"])


def _one_per_figure(facts: list[Fact]) -> list[Fact]:
    """One fact per figure per article. A figure in a heading (the title, a subheading or a
    caption line) that the body states too is the body's fact, even when the heading words
    it more loosely (`đạt 52% kế hoạch` for `52% kế hoạch vốn Thành phố giao`) or rounds
    it (`vượt 26%` for `vượt 26,4%`)."""
    body = [f for f in facts if not f.in_heading]
    kept: dict[tuple, Fact] = {}
    for fact in sorted(facts, key=lambda f: (f.in_heading, f.start)):
        if fact.in_heading and any(_same_figure(fact, other) for other in body):
            continue
        if "approx" in fact.qualifier and any(_rounds(fact, other) for other in body):
            continue  # a lead's `gần 1.400 tỷ đồng` for the body's `1.397 tỷ đồng`
        key = (fact.district, fact.year, fact.period, fact.kind, fact.indicator, fact.value)
        kept.setdefault((*key, fact.total), fact)
    return sorted(kept.values(), key=lambda f: f.start)


def _rounds(rounded: Fact, precise: Fact) -> bool:
    """Whether an approximate figure rounds a more precise one of the same fact: within
    the tolerance of `_close`, or within one unit of its last non-zero digit (`hơn 14.000
    tỷ đồng` for `14.109,8 tỷ đồng`)."""
    same = (rounded.district, rounded.year, rounded.period, rounded.kind, rounded.indicator)
    return (
        rounded is not precise
        and "approx" not in precise.qualifier
        and same
        == (precise.district, precise.year, precise.period, precise.kind, precise.indicator)
        and (
            _close(rounded.value, precise.value)
            or abs(rounded.value - precise.value) < _rounding_unit(rounded.value)
        )
    )


def _rounding_unit(value: float) -> float:
    """The unit a round figure is written to: 1,000 for 14.000, 10 for 250, 1 otherwise."""
    if value != int(value) or value == 0:
        return 1.0
    digits = str(int(abs(value)))
    return float(10 ** (len(digits) - len(digits.rstrip("0"))))


def _close(a: float, b: float) -> bool:
    """Whether two values differ by less than one unit or `ROUNDING_TOLERANCE` of them."""
    return abs(a - b) < _HEADING_ROUNDING or abs(a - b) <= ROUNDING_TOLERANCE * max(abs(a), abs(b))


def _same_figure(heading: Fact, body: Fact) -> bool:
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
    return _close(heading.value, body.value) and heading.indicator == body.indicator


def _respective_topics(view: _SentenceView) -> dict[int, TopicSpan]:
    """Topics given in order before `tương ứng`/`lần lượt` (`công nghiệp - xây dựng; dịch
    vụ; nông nghiệp tương ứng là: 85,8%; 5,1%; 9,1%`): figure start → the topic named in
    the same position, when the topics and the figures after the marker are as many."""
    labelled = view.labelled
    markers = labelled.of_family("discourse", ("respectively",))
    if not markers:
        return {}
    marker = markers[0]
    topics = [s for s in load_lexicon().best(labelled.of_family("topics")) if s.end <= marker.start]
    figures = [q for q in view.quantities if q.start >= labelled.char_end(marker)]
    if len(topics) < 2 or len(topics) != len(figures):
        return {}
    return {q.start: TopicSpan(span, labelled) for q, span in zip(figures, topics, strict=True)}


def _respective_subjects(view: _SentenceView) -> dict[int, Subject]:
    """Subjects given in order by `lần lượt` ("Hoàn Kiếm và Tây Hồ ... lần lượt giảm 22,5%
    và 9,1%"): figure start → the district named in the same position."""
    labelled = view.labelled
    markers = labelled.of_family("discourse", ("respectively",))
    if not markers:
        return {}
    marker_start, marker_end = labelled.char_start(markers[0]), labelled.char_end(markers[0])
    named: dict[District, Subject] = {}
    for subject in view.subjects:
        if subject.end <= marker_start and isinstance(subject.district, District):
            named.setdefault(subject.district, subject)
    figures = [q for q in view.quantities if q.start >= marker_end]
    if len(named) < 2 or not figures or len(figures) % len(named):
        return {}
    order = list(named.values())
    return {q.start: order[i % len(order)] for i, q in enumerate(figures)}


@dataclass(frozen=True)
class _Lines:
    """Where the lines of a text start, to find a sentence's line in log time."""

    text: str
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> _Lines:
        return cls(text, [0, *(match.end() for match in _LINE_BREAK_RE.finditer(text))])

    def line_of(self, position: int) -> tuple[int, int]:
        """The (start, end) offsets of the line holding `position`."""
        index = bisect.bisect_right(self.starts, position) - 1
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return start, end


def _is_bullet(sentence: Sentence, lines: _Lines) -> bool:
    """Whether a sentence stands on a line that opens with a list marker (`-`, `+`, `•`,
    `1.`, `a)`): a list item, which may hold several sentences."""
    line_start, line_end = lines.line_of(sentence.start)
    marker = lines.text[line_start:line_end].lstrip().split(" ", 1)[0]
    return marker in _BULLET_MARKERS or bool(LIST_NUMBER_RE.fullmatch(marker))


def _is_heading(sentence: Sentence, lines: _Lines) -> bool:
    """Whether a sentence is a whole short line without final punctuation: a title,
    subheading or caption heading."""
    line_start, line_end = lines.line_of(sentence.start)
    if sentence.end - sentence.start < line_end - line_start - 4:
        return False  # the line holds more than this sentence
    line = lines.text[line_start:line_end].strip()
    return (
        line == sentence.text
        and len(line.split()) <= _HEADING_WORDS
        and not line.endswith((".", "!", "?", "…", ";"))
    )


def _is_lead(labelled: LabelledSentence, mention: TimeMention) -> bool:
    """Whether a time mention is an adverbial opening its clause (`Trong năm 2022, ...`):
    at most a few words after the last clause break, and a comma or colon (or the end)
    right after it."""
    first = labelled.token_at(mention.start)
    stop = labelled.token_at(mention.end)
    opening = 0
    for token in reversed(labelled.tokens[:first]):
        if token.text in CLAUSE_BREAKS:
            break
        opening += 1
    following = labelled.token_text(stop)
    return opening <= _LEAD_WORDS and (following == "" or following in _LEAD_FOLLOWERS)


def _singled_out(labelled: LabelledSentence, mention: TimeMention) -> bool:
    """Whether `riêng` stands right before a time mention (`Riêng quý III, ...`)."""
    first = labelled.token_at(mention.start)
    return bool(labelled.ending_at("time_context", first, ("singled_out",)))


def _update_times(
    context: _Context,
    view: _SentenceView,
    title_time: TimeMention | None,
    published: _Published,
) -> None:
    """Record the sentence's last lead and inline times (resolved) in the paragraph; a time
    singled out with `riêng` (`Riêng quý III, ...`) or in parentheses holds for its own
    sentence only."""
    for lead in (True, False):
        mentions = [
            t
            for t in view.times
            if not t.horizon
            and _is_lead(view.labelled, t) == lead
            and not _singled_out(view.labelled, t)
            and _enclosing_group(view.groups, t.start) is None
        ]
        if not mentions:
            continue
        year, period, rule, whole_year = _resolve_time(
            [
                # The last mention first; an earlier one of the same sentence lends its
                # period (`báo cáo 9 tháng ... nhiệm vụ năm 2021` frames 9M 2021).
                *reversed(mentions),
                context.paragraph_time.lead,
                context.article_time.lead,
                context.paragraph_time.inline,
                context.article_time.inline,
                title_time,
            ],
            published,
        )
        resolved = TimeMention(0, 0, year, period, rule=rule, whole_year=whole_year)
        current = context.paragraph_time
        context.paragraph_time = (
            _Times(resolved, current.inline) if lead else _Times(current.lead, resolved)
        )


def _update_subject(context: _Context, subjects: list[Subject], quantities: list[Quantity]) -> None:
    """The paragraph's subject becomes what a sentence names before its first figure (or,
    in a sentence without figures, names first near its start): a district, the city, a
    ward; a generic `quận`/`huyện` brings it back from the city or a ward to the district."""
    if quantities:
        before = [s for s in subjects if s.end <= quantities[0].start]
        topic = before[-1] if before else None
    else:
        topic = subjects[0] if subjects and subjects[0].start <= _TOPIC_POSITION_CHARS else None
    if topic is None:
        return
    if topic.district is not None:
        context.subject = topic.district
    elif not isinstance(context.subject, District):
        context.subject = None


def _read_sentence(sentence: Sentence, lines: _Lines, folded_text: str) -> _SentenceView:
    """Read one sentence of the cleaned text (`folded_text`: all of it, folded): label it
    once, then find its figures, subjects and times."""
    quantities = scan_quantities(sentence.text)
    folded = folded_text[sentence.start : sentence.end]
    if quantities:
        labelled = LabelledSentence.read(sentence.text, folded)
    else:  # read for what frames the sentences after it: its times, and an opening subject
        labelled = LabelledSentence.read_framing(
            sentence.text, folded, TIME_FAMILIES, SUBJECT_FAMILIES, _OPENING_CHARS
        )
    mentions = time_mentions(labelled)
    times = [_framing_scope(labelled, t) for t in mentions if not t.base]
    bases = [t for t in mentions if t.base and _same_period_base(labelled, t)]
    return _SentenceView(
        sentence=sentence,
        labelled=labelled,
        quantities=quantities,
        # Without figures, only a subject opening the sentence counts (`_update_subject`).
        subjects=subjects_in(labelled, None if quantities else _OPENING_CHARS),
        times=times,
        bases=bases,
        span_lead=_opens_with_span(labelled),
        in_heading=bool(quantities) and _is_heading(sentence, lines),
        groups=_parenthesised(sentence.text) if "(" in sentence.text else (),
    )


def _framing_scope(labelled: LabelledSentence, mention: TimeMention) -> TimeMention:
    """A year opening its clause with no period (`Năm 2023, ...`, `Trong năm 2022, ...`)
    frames the whole year; a year inside a phrase (`chỉ tiêu năm 2020`, `kế hoạch năm
    2022`) names no period, and a cumulative `từ đầu năm 2022 đến nay` none either. The
    last months of a year frame what follows only when they open a clause (`Trong 6 tháng
    cuối năm 2019, ...`); inside a phrase (`nhiệm vụ 3 tháng cuối năm`) they date only
    their own sentence."""
    if mention.period is None and not mention.to_date and _is_lead(labelled, mention):
        return replace(mention, period=FULL_YEAR)
    if mention.period == UNCODED and not _is_lead(labelled, mention):
        return replace(mention, horizon=True)
    return mention


def _opens_with_span(labelled: LabelledSentence) -> bool:
    """Whether a sentence opens with a span of years (`Giai đoạn 2023 - 2025, huyện dự
    kiến huy động ...`): its figures are about the span, not about any one year."""
    spans = labelled.of_family("times", ("not_time",)) + labelled.of_family(
        "time_context", ("not_about_before",)
    )
    return any(span.start <= _LEAD_WORDS and span.row.id in SPAN_ROWS for span in spans)


def _continues(view: _SentenceView) -> bool:
    """Whether a sentence opens with `Trong đó`, `Riêng`, `Cụ thể`: it continues the
    previous sentence's subject."""
    return bool(view.labelled.starting_at("discourse", 0, ("continuation",)))


def extract_article(article: Article) -> ArticleFacts:
    """Clean one article, read its metadata and extract its facts."""
    title = find_title(article.text.split("\n"))
    cleaned = clean_article(article.text, title)
    metadata = extract_metadata(article.text, cleaned.text.split("\n"), title, article.given)
    sentences = split_sentences(cleaned.text)
    lines = _Lines.of(cleaned.text)
    folded_text = cleaned.folded
    title_read = LabelledSentence.read_framing(
        title, fold(title), TIME_FAMILIES, SUBJECT_FAMILIES, len(title)
    )
    districts = _article_subject(title, subjects_in(title_read), sentences)
    context = _Context(districts=districts)
    title_mentions = time_mentions(title_read)
    title_time = title_mentions[0] if title_mentions else None
    published = _Published.of(metadata)
    facts: list[Fact] = []
    lead_times: list[TimeMention] = []  # times of the lead sentences, which may frame it
    partial_periods: list[TimeMention] = []  # every part-year period the article names
    for index, sentence in enumerate(sentences):
        if sentence.paragraph != context.paragraph:
            context.new_paragraph(sentence.paragraph)
        view = _read_sentence(sentence, lines, folded_text)
        if sentence.paragraph == sentences[0].paragraph and index < FRAME_SENTENCES:
            lead_times.extend(
                t for t in view.times if _enclosing_group(view.groups, t.start) is None
            )
        partial_periods.extend(
            t for t in view.times if t.period not in (None, FULL_YEAR) and not t.horizon
        )
        bullet = _is_bullet(sentence, lines)
        intro = context.list_intro
        if not bullet and intro is not None and not intro.folded.endswith(view.labelled.folded):
            context.list_intro = context.list_root = None
        if bullet and context.list_intro is not None:
            context.carried = context.list_intro
        elif _continues(view):
            context.carried = context.previous_sentence
        else:
            context.carried = None
        respective = _respective_subjects(view)
        respective_topics = _respective_topics(view)
        for quantity in view.quantities:
            fact = _figure_fact(
                article.doc_id,
                view,
                quantity,
                context,
                title_time,
                published,
                respective.get(quantity.start),
                respective_topics.get(quantity.start),
            )
            if fact is not None:
                facts.append(fact)
        _update_subject(context, view.subjects, view.quantities)
        if sentence.text != title.strip():  # the title line frames nothing (title_time is last)
            _update_times(context, view, title_time, published)
        context.previous_sentence = view.labelled
        context.paragraph_bases.extend(view.bases)
        if sentence.text.endswith(":"):
            if bullet and context.list_intro is not None:  # a list within a list
                context.list_root = context.list_root or context.list_intro
            context.list_intro = view.labelled
    frame = _frame_of(title_time, lead_times)
    facts = _within_frame(_yield_to_scopes(_parts_of_a_whole(facts)), frame)
    facts = _to_date_in_article_period(facts, partial_periods)
    facts = _one_per_figure(_apply_future_years(facts, published.year))
    facts = _with_confidence(facts, several_districts=len(districts) > 1)
    return ArticleFacts(article.doc_id, article.path.name, metadata, districts, tuple(facts))
