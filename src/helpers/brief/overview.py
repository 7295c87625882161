"""Cross-district comparison, for a brief's peer chart and for the index page.

Districts are compared on full-year results (kind `actual`, period `FY`), each at the
latest year it reports for the indicator, using the readings `helpers.tables.readings.resolve`
chooses. A *series* is an indicator on one plan `basis` (SERIES_COLUMNS): a result against
the city's plan is never ranked with one against a district's own. Public API:

- `latest_full_year(readings)` -> the comparable readings;
- `peer_comparison(readings, district)` -> the district beside every other district that
  reports the same indicator, best result first;
- `peer_table_html(peers, district, lang)` -> that comparison as an escaped HTML table.

The index page's grid is `helpers.publish.index_grid`.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from helpers.extract.reference.vocabulary import OTHER_INDICATOR
from helpers.render.html_kit import html_table
from helpers.render.labels import (
    ui_text,
)
from helpers.render.values import indicator_cell, reading_value
from helpers.tables.readings import indicator_rank

COMPARABLE_KIND = "actual"
COMPARABLE_PERIOD = "FY"
# Units where a smaller value is the better result (1st of 30 beats 4th of 30).
LOWER_IS_BETTER_UNITS = frozenset({"rank_of_total"})
# Units compared as a share of their total (21/21 beats 20/21).
SHARE_UNITS = frozenset({"count_of_total"})
MIN_DISTRICTS_TO_COMPARE = 2
SERIES_COLUMNS = ["indicator", "basis"]
PEER_COLUMNS = [
    *SERIES_COLUMNS, "district", "year", "period", "value", "total", "unit", "conflict",
    "is_subject",
]  # fmt: skip


def latest_full_year(readings: pd.DataFrame) -> pd.DataFrame:
    """Full-year actual readings of vocabulary indicators, each district at its latest
    year per series."""
    comparable = readings[
        (readings["kind"] == COMPARABLE_KIND)
        & (readings["period"] == COMPARABLE_PERIOD)
        & (readings["indicator"] != OTHER_INDICATOR)
    ]
    latest_year = comparable.groupby(["district", *SERIES_COLUMNS])["year"].transform("max")
    return comparable[comparable["year"] == latest_year].reset_index(drop=True)


def _best_first(table: pd.DataFrame) -> pd.DataFrame:
    """Sort within each series from the best result to the worst, then by district."""
    score = table["value"].astype("float64")
    shares = score / table["total"].astype("float64")
    score = score.where(~table["unit"].isin(SHARE_UNITS), shares)
    score = score.where(~table["unit"].isin(LOWER_IS_BETTER_UNITS), -score)
    ranked = table.assign(_indicator=indicator_rank(table["indicator"]), _order=-score)
    columns = ["_indicator", *SERIES_COLUMNS, "_order", "district"]
    ranked = ranked.sort_values(columns, kind="stable")
    return ranked.drop(columns=["_indicator", "_order"])


def peer_ranking(latest: pd.DataFrame) -> pd.DataFrame:
    """Readings sorted best result first within each series (then by district)."""
    return _best_first(latest)


def shared_series(latest: pd.DataFrame) -> set[tuple[str, str]]:
    """The (indicator, basis) series that two or more districts report."""
    reporters = latest.groupby(SERIES_COLUMNS)["district"].nunique()
    return {(str(i), str(b)) for i, b in reporters[reporters >= MIN_DISTRICTS_TO_COMPARE].index}


def series_keys(table: pd.DataFrame) -> pd.Series:
    """Each row's (indicator, basis) series."""
    return pd.Series(list(zip(table["indicator"], table["basis"], strict=True)), index=table.index)


def peer_comparison(readings: pd.DataFrame, district: str) -> pd.DataFrame:
    """Rows (indicator, basis, district, year, value, total, unit, conflict, is_subject)
    for each series that `district` and at least one other district report, best first."""
    latest = latest_full_year(readings)
    keys = series_keys(latest)
    own = set(keys[latest["district"] == district])
    peers = latest[keys.isin(own & shared_series(latest))]
    peers = peers.assign(is_subject=peers["district"] == district)
    return _best_first(peers)[PEER_COLUMNS].reset_index(drop=True)


def _district_value(row: pd.Series, lang: str) -> str:
    return f"{row['district']} {reading_value(row, lang)} ({row['year']})"


def _ranked_cell(rows: pd.DataFrame, lang: str, subject: str | None = None) -> Markup:
    items = []
    for _, row in rows.iterrows():
        text = _district_value(row, lang)
        item = Markup("<strong>{}</strong>") if row["district"] == subject else Markup("{}")
        items.append(item.format(text))
    return Markup("<br>").join(items)


def peer_table_html(peers: pd.DataFrame, district: str, lang: str) -> Markup:
    """`peer_comparison` as a table: one row per series, districts best first, the
    brief's district in bold."""
    headers = [(ui_text("col_indicator", lang), False), (ui_text("col_district", lang), False)]
    rows = [
        [indicator_cell(str(indicator), lang, str(basis)), _ranked_cell(group, lang, district)]
        for (indicator, basis), group in peers.groupby(SERIES_COLUMNS, sort=False)
    ]
    return html_table(headers, rows, "brief-comparison", caption=ui_text("comparison_title", lang))
