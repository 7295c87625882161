"""Year and period mentions in Vietnamese text: `năm 2023`, `6 tháng đầu năm 2024`, `quý I/2024`.

The phrases are rows of the `times` lexicon (`lexicons/times.csv`): `period` rows name
the time a figure is about, `not_time` rows claim numbers that only look like one (a span
of years `2021-2025`, a document number `47/2019`, `3 tháng cuối năm`). In
`lexicons/time_context.csv`, `not_about_before` rows make the time right after them a
comparison base (kept as a `base` mention when the row says `base=1`), a span or a price
base (`so với cùng kỳ năm 2022`, `giai đoạn 2021`, `giá so sánh 2010`), and
`horizon_before` rows make a bare year right after them a deadline (`đến năm 2025`),
which dates only its own sentence.

Precedence: among overlapping rows the lexicon's `best` (priority, then length) decides;
then context rows drop or mark what follows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from helpers.extract.lexicon import Token, load_lexicon
from helpers.extract.lexicon.grammar import NUMBER_WORDS
from helpers.extract.lexicon.spans import CLAUSE_BREAKS, LabelledSentence
from helpers.years import MAX_REPORT_YEAR, MIN_REPORT_YEAR

FAMILY = "times"
CONTEXT_FAMILY = "time_context"
TO_DATE = "to_date"
FULL_YEAR = "FY"
# The first three months are reported as the first quarter; twelve months are the year.
MONTHS_AS_PERIOD = {3: "Q1", 12: FULL_YEAR}
ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR_DIGITS = 4
_MONTH_RANGE = range(1, 13)
_TEN = 10
# The last months of a year (`6 tháng cuối năm`): a time no period code names.
UNCODED = "uncoded"
_FIXED_PERIODS = {"half": "6M", "full_year": FULL_YEAR, "last_months": UNCODED}
# An adverbial opens its clause when at most this many words precede it (`Trong năm 2022,`).
LEAD_WORDS = 3
_LEAD_FOLLOWERS = frozenset({",", ":"})
# Rows that name a span of several years (`2021 - 2025`, `giai đoạn`): the `attrs` flag.
SPAN_OF_YEARS = "span_of_years"
MEASURE_FAMILY = "measures"
SAME_PERIOD = "same_period"  # the attribute of the rows of a same-period base: `cùng kỳ`
MONTH_COUNT = "months"  # the attribute of a row that states its month count
SAME_PERIOD_GAP_CHARS = 6  # `cùng kỳ năm 2020`: the base year follows within ` năm `


@dataclass(frozen=True)
class TimeMention:
    """A mention of the time a figure is about. `year` is None when only a period is named;
    `relative` is a year offset from the reference year (`năm sau` → +1) when not absolute;
    `horizon` marks a deadline (`đến năm 2025`), which dates only its own sentence; `rule`
    is the lexicon row that read it."""

    start: int
    end: int
    year: int | None
    period: str | None
    relative: int | None = None
    horizon: bool = False
    rule: str = ""
    to_date: bool = False  # `từ đầu năm đến nay`: cumulative, its months from the framing
    recent: bool = False  # `năm qua`: the year under review (see facts), not always last year
    whole_year: bool = False  # says so: `cả năm`, `12 tháng`, `đến hết năm 2025`
    base: bool = False  # a comparison base (`so với cùng kỳ năm 2020`), not the figure's year


def _year_in(tokens: Sequence[Token]) -> int | None:
    for token in tokens:
        if token.kind == "num" and len(token.text) == _YEAR_DIGITS and token.text.isdigit():
            return int(token.text)
    return None


def _month_in(tokens: Sequence[Token], after_day: bool = False) -> int | None:
    """The month count of `6 tháng`, `hết tháng 9`, `đến ngày 30/6`: the first small whole
    number (after the day, for a date)."""
    numbers = [t for t in tokens if t.kind == "num" and t.text.isdigit()]
    if after_day:
        numbers = numbers[1:]  # `đến ngày 30/6`: the day comes first
    for token in numbers:
        if int(token.text) in _MONTH_RANGE:
            return int(token.text)
    # `sáu tháng đầu năm`: a count in words before `tháng` (`mười một tháng`: 10 + 1)
    words = [NUMBER_WORDS[t.text] for t in tokens if t.kind == "word" and t.text in NUMBER_WORDS]
    count = sum(words[:2]) if words and words[0] == _TEN else (words[0] if words else None)
    return count if count in _MONTH_RANGE else None


def _period_of(kind: str, tokens: Sequence[Token], stated: str | None = None) -> str | None:
    """The period code a row of period `kind` reads in `tokens`; `stated` is the month
    count a row states itself (`months=5`: `năm tháng đầu năm`, where `năm` is no year)."""
    if kind == "quarter":
        roman = next((t.text for t in tokens[1:] if t.text in ROMAN_QUARTERS), None)
        return f"Q{ROMAN_QUARTERS[roman]}" if roman else None
    if kind in ("months", "through_month", "through_day"):
        months = int(stated) if stated else _month_in(tokens, after_day=kind == "through_day")
        return None if months is None else MONTHS_AS_PERIOD.get(months, f"{months}M")
    return _FIXED_PERIODS.get(kind)


def time_mentions(labelled: LabelledSentence) -> list[TimeMention]:
    """Time mentions of one labelled sentence, in order."""
    lexicon, tokens = load_lexicon(), labelled.tokens
    family = labelled.of_family(FAMILY)
    if not family:
        return []  # most sentences name no time
    context = labelled.of_family(CONTEXT_FAMILY)
    not_about_ends = {s.end for s in context if s.label == "not_about_before"}
    base_ends = {s.end for s in context if s.attrs.get("base") == "1"}
    horizon_ends = {s.end for s in context if s.label == "horizon_before"}
    chosen = lexicon.best([s for s in family if s.label in ("period", "not_time")])
    mentions = []
    for span in chosen:
        if span.label != "period":
            continue
        words = tokens[span.start : span.end]
        start, end = words[0].start, words[-1].end
        if span.start in not_about_ends:
            base_year = _year_in(words) if span.start in base_ends else None
            if base_year is not None:  # `so với cùng kỳ năm 2020`: kept as a comparison base
                mentions.append(
                    TimeMention(start, end, base_year, None, rule=span.row.id, base=True)
                )
            continue
        relative = span.attrs.get("relative")
        if relative is not None:
            recent = span.attrs.get("recent") == "1"
            mentions.append(
                TimeMention(start, end, None, None, int(relative), rule=span.row.id, recent=recent)
            )
            continue
        kind = span.attrs.get("period", "")
        year = _year_in(words)
        if year is not None and not MIN_REPORT_YEAR <= year <= MAX_REPORT_YEAR:
            continue
        period = _period_of(kind, words, span.attrs.get(MONTH_COUNT))
        horizon = not kind and span.start in horizon_ends
        if horizon:
            period = FULL_YEAR  # `đến hết năm 2025`: a deadline at the end of a whole year
        mentions.append(
            TimeMention(
                start,
                end,
                year,
                period,
                horizon=horizon,
                rule=span.row.id,
                to_date=kind == TO_DATE,
                whole_year=period == FULL_YEAR,
            )
        )
    return mentions


def title_time(mentions: list[TimeMention]) -> TimeMention | None:
    """The time a title frames: its first mention that is neither a comparison base nor a
    deadline (`Huyện Phú Xuyên phấn đấu đến năm 2030 trở thành ...` names a goal's year,
    which dates no figure of the article)."""
    return next((m for m in mentions if not m.base and not m.horizon), None)


def find_time_mentions(folded: str) -> list[TimeMention]:
    """Time mentions in folded text, in order."""
    return time_mentions(LabelledSentence.read(folded, folded))


def is_lead(labelled: LabelledSentence, mention: TimeMention) -> bool:
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
    return opening <= LEAD_WORDS and (following == "" or following in _LEAD_FOLLOWERS)


def singled_out(labelled: LabelledSentence, mention: TimeMention) -> bool:
    """Whether `riêng` stands right before a time mention (`Riêng quý III, ...`)."""
    first = labelled.token_at(mention.start)
    return bool(labelled.ending_at(CONTEXT_FAMILY, first, ("singled_out",)))


def framing_scope(labelled: LabelledSentence, mention: TimeMention) -> TimeMention:
    """A year opening its clause with no period (`Năm 2023, ...`, `Trong năm 2022, ...`)
    frames the whole year; a year inside a phrase (`chỉ tiêu năm 2020`, `kế hoạch năm
    2022`) names no period, and a cumulative `từ đầu năm 2022 đến nay` none either. The
    last months of a year frame what follows only when they open a clause (`Trong 6 tháng
    cuối năm 2019, ...`); inside a phrase (`nhiệm vụ 3 tháng cuối năm`) they date only
    their own sentence."""
    if mention.period is None and not mention.to_date and is_lead(labelled, mention):
        return replace(mention, period=FULL_YEAR)
    if mention.period == UNCODED and not is_lead(labelled, mention):
        return replace(mention, horizon=True)
    return mention


def opens_with_span(labelled: LabelledSentence) -> bool:
    """Whether a sentence opens with a span of years (`Giai đoạn 2023 - 2025, huyện dự
    kiến huy động ...`): its figures are about the span, not about any one year. The rows
    that name a span say `span_of_years=1`."""
    spans = labelled.of_family(FAMILY, ("not_time",)) + labelled.of_family(
        CONTEXT_FAMILY, ("not_about_before",)
    )
    return any(span.start <= LEAD_WORDS and span.attrs.get(SPAN_OF_YEARS) == "1" for span in spans)


def same_period_base(labelled: LabelledSentence, base: TimeMention) -> bool:
    """Whether a comparison base is the same period a year before (`so với cùng kỳ năm
    2020`): only then is the figure about the year after it. A bare `so với năm 2015` in a
    review of a term compares with the term's first year, not the year before."""
    return any(
        span.row.attr(SAME_PERIOD) == "1"
        and 0 <= base.start - labelled.char_end(span) <= SAME_PERIOD_GAP_CHARS
        for span in labelled.of_family(MEASURE_FAMILY)
    )
