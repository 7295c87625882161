"""The indicator vocabulary, shipped as package data (`data/indicators.csv`)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

INDICATORS_FILE = "indicators.csv"
OTHER_INDICATOR = "other"
UNITS = ("pct", "vnd_bn", "count", "count_of_total", "rank_of_total")
UNITS_WITH_TOTAL = frozenset({"count_of_total", "rank_of_total"})


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
    return table.set_index("id", drop=False)


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
