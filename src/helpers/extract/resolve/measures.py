"""How a figure reads (its *measure*) from the lexicon spans around it.

Measures: `count_of_total` (21/21), `rank_of_total` (thứ 4/30), `count`, `amount`
(tỷ đồng) follow from the figure's unit, and an amount after an `assign_verb` (`TP giao
cho huyện 1.578 tỷ đồng`) is a `plan_amount`; a percentage is `pct_plan` or `pct_city_plan`
(a `plan_base` right after it: `kế hoạch`, `dự toán`, `KH`, `kế hoạch Thành phố giao`;
or an `exceed` verb before it: `vượt N%` → 100 + N), `growth` (a `growth_verb` before
it: `tăng`/`giảm`; a `level_verb` right before and a `growth_base` right after: `bằng N%
so với cùng kỳ` → N − 100; a `growth_rate` named before its subject), `share` (`chiếm`)
or plain `pct`. Rows live in `lexicons/measures.csv`; the words that may stand between
a verb and its figure in `lexicons/glue.csv`.

Precedence, in order: a `milestone` before the figure (`vượt mốc`), a `difference`
(`cao hơn 0,52%`: a rate compared with another), a `range_from` (`10,2 - 10,5%`), a
`plan_level` (`(theo kế hoạch 13,61%)`, `kế hoạch đề ra là 10%`: the plan's own figure) or
a `change_from` with a `change_to` after (`từ 22% lên 23,2%`: the start of a change) means
no fact; the unit's measure (an `assign_verb` makes an amount a `plan_amount`);
`reach_or_exceed` (`đạt và vượt 100%`) cancels `exceed`; `exceed`; `plan_base`; a
multi-year average (`average_growth`, `/năm` after the figure, or an `average_word` earlier
in its clause) means no fact; a `growth_verb` right after another percentage
(`level_before`) with a `growth_base` after its figure changes that level (`đạt 11,7%, tăng
0,3% so với nhiệm kỳ trước`, `chiếm 61,6% (tăng 7% so với năm 2014)`): no fact (FACTS rule
5); `growth_verb` (also written before its base: `tăng so cùng kỳ 11,55%`); a
`growth_rate` named before the figure (`tốc độ tăng trưởng ... đạt 12,8% so với cùng kỳ` is
the rate, FACTS rule 5); `level_verb` (or a bracket, `;`, `,` or `và` right before a bare
percentage: `(110,5% so với năm 2016)`) + `growth_base`; `share_verb` (or a
`share_context` earlier in the sentence: `cơ cấu kinh tế`); a bare `đạt N%` whose clause
names a production value, in a sentence that named a growth before it (a list of growths);
`pct`.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.extract.figures.numbers import Quantity
from helpers.extract.lexicon import Span
from helpers.extract.lexicon.spans import CLAUSE_BREAKS, LabelledSentence

FAMILY = "measures"
MEASURES = (
    "count_of_total",
    "rank_of_total",
    "count",
    "amount",
    "plan_amount",
    "pct_plan",
    "pct_city_plan",
    "growth",
    "share",
    "pct",
)
MEASURE_OF_UNIT = {
    "count_of_total": "count_of_total",
    "rank_of_total": "rank_of_total",
    "count": "count",
    "vnd_bn": "amount",
}
GROWTH_RATE_REACH_CHARS = 80  # how far before its figure a growth rate may be named (its
# subject may name the district and an estimate: `tốc độ tăng tổng giá trị sản xuất trên địa
# bàn quận Cầu Giấy dự kiến đạt 8,5% so với cùng kỳ`)
_NOT_IN_GROWTH_RATE = frozenset({";", "%"})
_YEAR_DIGITS = 4
_MONTHS_IN_A_YEAR = 12


@dataclass(frozen=True)
class Reading:
    """How one figure reads: its measure, normalised value, and the row that decided."""

    measure: str
    value: float
    rule: str = ""


def skip_glue(sentence: LabelledSentence, index: int) -> int:
    """Move left from token `index` over glue words (`ước đạt`, `khoảng`, `:`) and the
    commas between them."""
    while True:
        moved = sentence.skip_back("glue", index, ("glue",))
        comma_between_glue = (
            moved != index
            and sentence.token_text(moved - 1) == ","
            and bool(sentence.ending_at("glue", moved - 1, ("glue",)))
        )
        if comma_between_glue:
            moved -= 1
        if moved == index:
            return index
        index = moved


def _skip_coordinated(sentence: LabelledSentence, index: int) -> int:
    """Move left over figures coordinated with this one (`giảm 22,5% và 9,1%`): a verb
    before the first governs them all."""
    while True:
        coordinators = sentence.ending_at("glue", index, ("coordinator",))
        if not coordinators:
            return index
        before = coordinators[0].start
        if sentence.token_text(before - 1) == "%":
            before -= 1
        if before < 1 or sentence.tokens[before - 1].kind != "num":
            return index
        index = before - 1


def _in_average_clause(sentence: LabelledSentence, first: int) -> bool:
    """Whether an `average_word` (`bình quân`) stands before token `first` in its clause."""
    for span in sentence.of_family(FAMILY, ("average_word",)):
        between = sentence.tokens[span.end : first]
        if span.end <= first and not any(t.text in CLAUSE_BREAKS for t in between):
            return True
    return False


def _changes_a_level(sentence: LabelledSentence, growth: Span, after: dict[str, Span]) -> bool:
    """Whether the growth verb `growth` and its figure, compared with a base, follow right
    after another percentage (`chiếm 61,6% (tăng 7% so với năm 2014)`): the change of that
    level (a rate or a share), not a growth of its own. A percentage of plan before it
    (`vượt 5%, tăng 12% so với cùng kỳ`) is no level."""
    if "growth_base" not in after:
        return False
    for level in sentence.ending_at(FAMILY, skip_glue(sentence, growth.start), ("level_before",)):
        if not sentence.ending_at(FAMILY, skip_glue(sentence, level.start), ("exceed",)):
            return True
    return False


def _growth_rate_before(sentence: LabelledSentence, first: int) -> str:
    """The `growth_rate` row named before the figure in its clause, or ""."""
    figure_char = sentence.tokens[first].start if first < len(sentence.tokens) else 0
    for span in reversed(sentence.of_family(FAMILY, ("growth_rate",))):
        if span.end > first or figure_char - sentence.char_end(span) > GROWTH_RATE_REACH_CHARS:
            continue
        between = sentence.tokens[span.end : first]
        if any(t.text in _NOT_IN_GROWTH_RATE or _is_figure_number(t.text) for t in between):
            continue
        return span.row.id
    return ""


def _growth_list_item(sentence: LabelledSentence, first: int, glued: int) -> str:
    """The `output_value` row naming the subject of a bare `đạt N%` in its clause, when a
    growth (`growth_rate` or `growth_verb`) is named earlier in the sentence, with no `;`
    between: an item of a list of growths (`tốc độ tăng trưởng kinh tế đạt trên 7%, giá
    trị sản xuất công nghiệp đạt 7%, thương nghiệp tăng 11%`); else ""."""
    if not any(sentence.ending_at(FAMILY, end, ("level_verb",)) for end in (first, glued)):
        return ""
    subjects = [
        s
        for s in sentence.of_family(FAMILY, ("output_value",))
        if s.end <= glued
        and not any(t.text in CLAUSE_BREAKS for t in sentence.tokens[s.end : glued])
    ]
    if not subjects:
        return ""
    start = subjects[-1].start
    growths = [
        s
        for s in sentence.of_family(FAMILY, ("growth_rate", "growth_verb"))
        if s.end <= start and ";" not in {t.text for t in sentence.tokens[s.end : start]}
    ]
    return subjects[-1].row.id if growths else ""


def _is_figure_number(text: str) -> bool:
    """A number token that may be another figure: not a year or a count of months
    (`Tốc độ tăng trưởng kinh tế quý I năm 2017 đạt 10%`: the rate is still named)."""
    if not text[:1].isdigit():
        return False
    if not text.isdigit():
        return True
    return not (len(text) == _YEAR_DIGITS or int(text) <= _MONTHS_IN_A_YEAR)


def read_figure(
    sentence: LabelledSentence, first: int, stop: int, quantity: Quantity
) -> Reading | None:
    """The measure and value of the figure in tokens [first, stop); None if not a fact."""
    glued = skip_glue(sentence, first)
    if sentence.ending_at(FAMILY, glued, ("milestone",)):
        return None  # "vượt mốc 6.000 tỷ" names a threshold, not the figure reached
    if any(sentence.ending_at(FAMILY, end, ("difference",)) for end in (first, glued)):
        return None  # "cao hơn 0,52% so với cùng kỳ": how two figures differ, not a figure
    if sentence.ending_at(FAMILY, first, ("range_from",)):
        return None  # "10,2 - 10,5%": the upper bound of a range
    if any(sentence.ending_at(FAMILY, end, ("plan_level",)) for end in (first, glued)):
        return None  # "(theo kế hoạch 13,61%)": the plan's own figure, not a result
    if sentence.ending_at(FAMILY, glued, ("change_from",)) and sentence.starting_at(
        FAMILY, stop, ("change_to",)
    ):
        return None  # "từ 22% lên 23,2%": where the change started, an earlier value
    verb_end = skip_glue(sentence, _skip_coordinated(sentence, first))
    measure = MEASURE_OF_UNIT.get(quantity.unit)
    if measure == "amount":
        assigned = sentence.ending_at(FAMILY, verb_end, ("assign_verb",))
        if assigned:
            return Reading("plan_amount", quantity.value, assigned[0].row.id)
    if measure is not None:
        return Reading(measure, quantity.value)
    if quantity.unit != "pct":
        return None
    value = quantity.value
    verbs: dict[str, Span] = {}
    for span in sentence.ending_at(FAMILY, verb_end):
        verbs.setdefault(span.label, span)
    after: dict[str, Span] = {}
    for span in sentence.starting_at(FAMILY, stop):
        after.setdefault(span.label, span)
    plan = after.get("plan_base")
    city_plan = plan is not None and plan.attrs.get("city") == "1"
    exceed = None if "reach_or_exceed" in verbs else verbs.get("exceed")
    if exceed is not None:
        city = exceed.attrs.get("city") == "1" or city_plan
        return Reading("pct_city_plan" if city else "pct_plan", 100 + value, exceed.row.id)
    if plan is not None:
        return Reading("pct_city_plan" if city_plan else "pct_plan", value, plan.row.id)
    # `giảm (xuống) còn 0,19%`: the level reached, whatever the `giảm` inside says
    reached = any(sentence.ending_at(FAMILY, end, ("level_reached",)) for end in (first, glued))
    growth = None if reached else verbs.get("growth_verb")
    if "average_growth" in verbs or "per_year" in after or _in_average_clause(sentence, first):
        return None  # a multi-year average (`tăng 10%/năm`, `bình quân hằng năm`) is no fact
    if growth is not None and _changes_a_level(sentence, growth, after):
        return None  # "đạt 11,7%, tăng 0,3% so với nhiệm kỳ trước": a rate's change (rule 5)
    if growth is not None:
        sign = -1 if growth.attrs.get("sign") == "-1" else 1
        return Reading("growth", sign * value, growth.row.id)
    rate = _growth_rate_before(sentence, first)
    if rate:  # `tốc độ tăng trưởng ... đạt 12,8% so với cùng kỳ`: the rate itself (FACTS 5)
        return Reading("growth", value, rate)
    level = sentence.ending_at(FAMILY, first, ("level_verb", "index_open"))
    if "growth_base" in after and level and not reached:
        return Reading("growth", value - 100, after["growth_base"].row.id)
    share = sentence.ending_at(FAMILY, first, ("share_verb",)) or [
        s for s in sentence.of_family(FAMILY, ("share_context",)) if s.end <= first
    ]
    if share:
        return Reading("share", value, share[0].row.id)
    listed = _growth_list_item(sentence, first, glued)
    if listed:  # `tăng trưởng kinh tế đạt 7%, giá trị sản xuất công nghiệp đạt 7%`
        return Reading("growth", value, listed)
    return Reading("pct", value)
