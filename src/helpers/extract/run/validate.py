"""Plausibility checks on extracted figures: what no article can mean is rejected, logged.

Applied to every article's facts after extraction (see `helpers.tables.corpus`), so a
figure the number parser read literally (`1` followed by 400 zeros is `inf`; a garbled
`9.800.000%`) never reaches the facts table, the charts or the conflict checks. Each
rejected figure is kept as a `RejectedFigure` with its sentence and the reason.

Bounds (named so that a reviewer can argue with them):
- `MAX_ABS_PERCENT`: 10,000 %. Growth and plan-fulfilment rates in district reports stay
  in the hundreds; a hundred-fold rise is already beyond any report in the corpora.
- A `count_of_total` or `rank_of_total` figure needs its total (`21/21`, `thứ 4/30`): the
  facts table's schema refuses one without, so it is rejected here rather than failing the
  whole corpus.
- `CITY_BUDGET_CEILING_VND_BN`: 1,000,000 tỷ đồng (10^15 đồng). Hanoi's whole annual
  state-budget revenue was on the order of 500,000 tỷ đồng in the mid-2020s; the ceiling
  is about twice that, so no amount one district reports can lie above it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from helpers.extract.fact import ArticleFacts, Fact
from helpers.extract.reference.vocabulary import UNITS_WITH_TOTAL
from helpers.extract.run.records import Reduction, reduce_by_fields

MAX_ABS_PERCENT = 10_000.0
CITY_BUDGET_CEILING_VND_BN = 1_000_000.0
UNIT_PERCENT = "pct"
UNIT_VND_BN = "vnd_bn"
UNIT_RANK_OF_TOTAL = "rank_of_total"


@dataclass(frozen=True)
class RejectedFigure:
    """A figure that was extracted but cannot be right, with the reason."""

    doc_id: str
    district: str
    indicator: str
    value: float
    unit: str
    reason: str
    sentence: str

    def __reduce__(self) -> Reduction:
        return reduce_by_fields(self)


def rejection_reason(fact: Fact) -> str | None:
    """Why `fact`'s figure is implausible, or None when it passes every check."""
    for name, number in (("value", fact.value), ("total", fact.total)):
        if number is not None and not math.isfinite(number):
            return f"{name} is not a finite number ({number})"
    if fact.unit in UNITS_WITH_TOTAL and fact.total is None:
        return f"a {fact.unit} figure without its total"
    if fact.unit == UNIT_PERCENT and abs(fact.value) > MAX_ABS_PERCENT:
        return f"percentage {fact.value:g} is beyond ±{MAX_ABS_PERCENT:g} %"
    if fact.unit == UNIT_VND_BN and abs(fact.value) > CITY_BUDGET_CEILING_VND_BN:
        return (
            f"amount {fact.value:g} bn VND is above {CITY_BUDGET_CEILING_VND_BN:g} bn VND, "
            "more than the city's whole budget"
        )
    if fact.unit == UNIT_RANK_OF_TOTAL and fact.total is not None and fact.value > fact.total:
        return f"rank {fact.value:g} of only {fact.total:g}"
    return None


def validate_article(result: ArticleFacts) -> tuple[ArticleFacts, list[RejectedFigure]]:
    """`result` without its implausible facts, and those facts as RejectedFigure rows."""
    kept: list[Fact] = []
    rejected: list[RejectedFigure] = []
    for fact in result.facts:
        reason = rejection_reason(fact)
        if reason is None:
            kept.append(fact)
            continue
        rejected.append(
            RejectedFigure(
                doc_id=fact.doc_id,
                district=fact.district,
                indicator=fact.indicator,
                value=fact.value,
                unit=fact.unit,
                reason=reason,
                sentence=fact.sentence,
            )
        )
    if not rejected:
        return result, []
    return replace(result, facts=tuple(kept)), rejected
