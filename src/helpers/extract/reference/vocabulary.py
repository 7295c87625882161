"""The indicator vocabulary, shipped as package data (`data/indicators.csv`).

Besides unit, basis and labels, two columns mark indicators for later steps: `headline`
numbers the figures worth a line in a brief's headline (1 the most telling; empty for the
others), and `whole_year` is `yes` for an indicator that is about a whole year whatever
period its sentence names (a year's capital plan, the targets set for a year).
`data/unit_scales.csv` gives the smallest value a district's figure of a unit can have.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

INDICATORS_FILE = "indicators.csv"
SCALES_FILE = "unit_scales.csv"
OTHER_INDICATOR = "other"
UNITS = ("pct", "vnd_bn", "count", "count_of_total", "rank_of_total")
UNITS_WITH_TOTAL = frozenset({"count_of_total", "rank_of_total"})
WHOLE_YEAR_MARK = "yes"


@cache
def load_indicators() -> pd.DataFrame:
    """The vocabulary: one row per indicator id with unit, basis and en/vi labels."""
    with (
        resources.files("helpers.extract.data")
        .joinpath(INDICATORS_FILE)
        .open(encoding="utf-8") as fh
    ):
        table = pd.read_csv(fh, dtype=str, keep_default_na=False)
    unknown = set(table["unit"]) - set(UNITS)
    if unknown:
        raise ValueError(f"{INDICATORS_FILE}: unknown unit(s) {sorted(unknown)}; known: {UNITS}")
    _check_marks(table)
    return table.set_index("id", drop=False)


def _check_marks(table: pd.DataFrame) -> None:
    """`headline` holds distinct numbers 1..n, `whole_year` only `yes` or nothing."""
    ranks = sorted(int(rank) if rank.isdigit() else 0 for rank in table["headline"] if rank)
    if ranks != list(range(1, len(ranks) + 1)):
        raise ValueError(f"{INDICATORS_FILE}: headline must number 1..n, got {ranks}")
    marks = set(table["whole_year"]) - {"", WHOLE_YEAR_MARK}
    if marks:
        raise ValueError(f"{INDICATORS_FILE}: whole_year is {WHOLE_YEAR_MARK!r} or empty: {marks}")


@cache
def headline_indicators() -> tuple[str, ...]:
    """The indicators worth a line in a brief's headline, most telling first."""
    table = load_indicators()
    marked = table[table["headline"] != ""]
    return tuple(marked.sort_values("headline", key=lambda ranks: ranks.astype(int))["id"])


@cache
def whole_year_indicators() -> frozenset[str]:
    """The indicators whose figures are about a whole year, whatever period is named."""
    table = load_indicators()
    return frozenset(table.loc[table["whole_year"] == WHOLE_YEAR_MARK, "id"])


@cache
def _units() -> dict[str, str]:
    table = load_indicators()
    return dict(zip(table["id"], table["unit"], strict=True))


def unit_of(indicator: str) -> str:
    """The unit of an indicator id; raises KeyError naming the valid ids for an unknown one."""
    units = _units()
    if indicator not in units:
        raise KeyError(f"unknown indicator {indicator!r}; known: {', '.join(units)}")
    return units[indicator]


@cache
def _scales() -> dict[str, float]:
    with resources.files("helpers.extract.data").joinpath(SCALES_FILE).open(encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype={"unit": str, "minimum": float})
    unknown = set(table["unit"]) - set(UNITS)
    if unknown:
        raise ValueError(f"{SCALES_FILE}: unknown unit(s) {sorted(unknown)}; known: {UNITS}")
    return dict(zip(table["unit"], table["minimum"], strict=True))


def below_district_scale(indicator: str, value: float) -> bool:
    """Whether `value` is too small to be a district's figure of `indicator` (an amount
    under 1 tỷ đồng is no district's revenue or output: `data/unit_scales.csv`)."""
    minimum = _scales().get(unit_of(indicator))
    return minimum is not None and abs(value) < minimum
