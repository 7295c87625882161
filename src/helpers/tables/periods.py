"""The facts table's period codes (FY, Q1..Q4, nM): how many months each covers and how
they order within a year. Labels for readers are `helpers.render.labels`."""

from __future__ import annotations

import re

FULL_YEAR_PERIOD = "FY"
MONTHS_PERIOD_PATTERN = re.compile(r"^(\d{1,2})M$")
FULL_YEAR_RANK = 13.0  # after every month count and quarter


def months_elapsed(period: str) -> int | None:
    """How many months of the year an `nM` period covers (12 for FY); None for a quarter."""
    if period == FULL_YEAR_PERIOD:
        return 12
    months = MONTHS_PERIOD_PATTERN.match(period)
    return int(months.group(1)) if months else None


def period_sort_key(period: str) -> float:
    """Order periods within a year: Q1, 3M, 6M, Q3 ..., FY last."""
    if period == FULL_YEAR_PERIOD:
        return FULL_YEAR_RANK
    if period.startswith("Q") and period[1:].isdigit():
        return 3.0 * int(period[1:]) - 0.5  # a quarter sorts just before its last month
    months = MONTHS_PERIOD_PATTERN.match(period)
    if months is None:
        raise KeyError(f"unknown period {period!r}; expected FY, Q1..Q4 or nM")
    return float(months.group(1))
