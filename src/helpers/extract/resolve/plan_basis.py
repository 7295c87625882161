"""Whose plan a plan-relative figure is measured against: its `basis`.

A district reports its revenue against the city's estimate (`dự toán thành phố giao`)
and against its council's (`dự toán HĐND huyện giao`) in one breath: `đạt 119% so với
dự toán TP giao, đạt 91% HĐND huyện giao`. Both are `% of plan` of one indicator, year
and period; the basis tells them apart, so that no comparison, rank or chart puts them
side by side (FACTS.md, column `basis`).

The owner is read from a `plan_owner` span of `lexicons/plan_basis.csv` that starts right
after the figure; failing that, a figure the measure rows read against the city's plan
(`pct_city_plan`: `vượt kế hoạch Thành phố giao N%`) is `city`. Anything else is ''.
"""

from __future__ import annotations

from helpers.extract.lexicon.spans import LabelledSentence
from helpers.extract.resolve.measures import Reading

FAMILY = "plan_basis"
CITY, DISTRICT = "city", "district"
BASES = (CITY, DISTRICT)
# The measures a plan may stand behind: % of a plan, a plain % followed by the plan's
# owner (`91% HĐND huyện giao`), and counts of targets (`16/16 chỉ tiêu Thành phố giao`).
PLAN_MEASURES = frozenset({"pct_plan", "pct_city_plan", "pct", "count_of_total"})


def plan_basis(sentence: LabelledSentence, stop: int, reading: Reading) -> str:
    """`city`, `district` or '' for the figure ending before token `stop`, read as
    `reading`."""
    if reading.measure not in PLAN_MEASURES:
        return ""
    owners = sentence.starting_at(FAMILY, stop, ("plan_owner",))
    if owners:
        return owners[0].row.attrs["basis"]
    return CITY if reading.measure == "pct_city_plan" else ""
