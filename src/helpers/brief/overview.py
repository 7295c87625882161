"""Cross-district comparison, for a brief's peer chart and for the index page.

Districts are compared on full-year results (kind `actual`, period `FY`), each at the
latest year it reports for the indicator, using the readings `helpers.brief.conflicts.resolve`
chooses. Public API:

- `latest_full_year(readings)` -> the comparable readings;
- `peer_comparison(readings, district)` -> the district beside every other district that
  reports the same indicator, best result first;
- `peer_table_html(peers, district, lang)` -> that comparison as an escaped HTML table;
- `district_summary(facts, articles)` -> one row per district with facts;
- `overview_html(facts, articles, lang="en", href_for=None)` -> the index page's escaped
  HTML: a table of districts (linked via `href_for(name)`) and the shared indicators.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from markupsafe import Markup

from helpers.brief.conflicts import indicator_rank, resolve
from helpers.brief.labels import (
    district_type_label,
    format_date,
    format_value,
    ui_text,
)
from helpers.brief.tables import NO_VALUE, html_table, indicator_cell, reading_value
from helpers.extract.gazetteer import resolve_district
from helpers.extract.vocabulary import OTHER_INDICATOR

COMPARABLE_KIND = "actual"
COMPARABLE_PERIOD = "FY"
TARGETS_MET = "targets_met"
# Units where a smaller value is the better result (1st of 30 beats 4th of 30).
LOWER_IS_BETTER_UNITS = frozenset({"rank_of_total"})
# Units compared as a share of their total (21/21 beats 20/21).
SHARE_UNITS = frozenset({"count_of_total"})
MIN_DISTRICTS_TO_COMPARE = 2
PEER_COLUMNS = ["indicator", "district", "year", "value", "total", "unit", "conflict", "is_subject"]
SUMMARY_COLUMNS = [
    "district",
    "type",
    "first_year",
    "last_year",
    "n_facts",
    "n_sources",
    "latest_published",
    "targets_met_year",
    "targets_met",
    "targets_met_total",
]


def latest_full_year(readings: pd.DataFrame) -> pd.DataFrame:
    """Full-year actual readings of vocabulary indicators, each district at its latest
    year per indicator."""
    comparable = readings[
        (readings["kind"] == COMPARABLE_KIND)
        & (readings["period"] == COMPARABLE_PERIOD)
        & (readings["indicator"] != OTHER_INDICATOR)
    ]
    latest_year = comparable.groupby(["district", "indicator"])["year"].transform("max")
    return comparable[comparable["year"] == latest_year].reset_index(drop=True)


def _best_first(table: pd.DataFrame) -> pd.DataFrame:
    """Sort within each indicator from the best result to the worst, then by district."""
    score = table["value"].astype("float64")
    shares = score / table["total"].astype("float64")
    score = score.where(~table["unit"].isin(SHARE_UNITS), shares)
    score = score.where(~table["unit"].isin(LOWER_IS_BETTER_UNITS), -score)
    ranked = table.assign(_indicator=indicator_rank(table["indicator"]), _order=-score)
    ranked = ranked.sort_values(["_indicator", "indicator", "_order", "district"], kind="stable")
    return ranked.drop(columns=["_indicator", "_order"])


def peer_ranking(latest: pd.DataFrame) -> pd.DataFrame:
    """Readings sorted best result first within each indicator (then by district)."""
    return _best_first(latest)


def _shared_indicators(latest: pd.DataFrame) -> set[str]:
    reporters = latest.groupby("indicator")["district"].nunique()
    return set(reporters[reporters >= MIN_DISTRICTS_TO_COMPARE].index)


def peer_comparison(readings: pd.DataFrame, district: str) -> pd.DataFrame:
    """Rows (indicator, district, year, value, total, unit, conflict, is_subject) for each
    indicator that `district` and at least one other district report, best result first."""
    latest = latest_full_year(readings)
    own = set(latest.loc[latest["district"] == district, "indicator"])
    peers = latest[latest["indicator"].isin(own & _shared_indicators(latest))]
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
    """`peer_comparison` as a table: one row per indicator, districts best first, the
    brief's district in bold."""
    headers = [(ui_text("col_indicator", lang), False), (ui_text("col_district", lang), False)]
    rows = [
        [indicator_cell(str(indicator), lang), _ranked_cell(group, lang, district)]
        for indicator, group in peers.groupby("indicator", sort=False)
    ]
    return html_table(headers, rows, "brief-comparison")


def district_summary(facts: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per district with facts: type, first/last year, fact and source counts,
    latest publication date, and the targets met (first reading) in the latest year that
    reports them (NA when none)."""
    return _district_summary(facts, articles, resolve(facts, articles).readings)


def _district_summary(
    facts: pd.DataFrame, articles: pd.DataFrame, readings: pd.DataFrame
) -> pd.DataFrame:
    published = dict(zip(articles["doc_id"], articles["published"], strict=True))
    met = readings[(readings["indicator"] == TARGETS_MET) & (readings["kind"] == COMPARABLE_KIND)]
    rows = []
    for name, own in facts.groupby("district", sort=True):
        own_met = met[met["district"] == name]
        last_met = own_met[own_met["year"] == own_met["year"].max()].head(1)
        rows.append(
            {
                "district": name,
                "type": resolve_district(str(name)).type,
                "first_year": int(own["year"].min()),
                "last_year": int(own["year"].max()),
                "n_facts": len(own),
                "n_sources": own["doc_id"].nunique(),
                "latest_published": max(published[doc_id] for doc_id in own["doc_id"]),
                "targets_met_year": last_met["year"].iloc[0] if len(last_met) else pd.NA,
                "targets_met": last_met["value"].iloc[0] if len(last_met) else pd.NA,
                "targets_met_total": last_met["total"].iloc[0] if len(last_met) else pd.NA,
            }
        )
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return summary.astype(
        {
            "first_year": "int64",
            "last_year": "int64",
            "n_facts": "int64",
            "n_sources": "int64",
            "targets_met_year": "Int64",
            "targets_met": "Float64",
            "targets_met_total": "Float64",
        }
    )


def _district_link(name: str, href_for: Callable[[str], str] | None) -> Markup:
    href = href_for(name) if href_for is not None else ""
    if not href:
        return Markup("{}").format(name)
    return Markup('<a href="{}">{}</a>').format(href, name)


def _summary_table(
    summary: pd.DataFrame, lang: str, href_for: Callable[[str], str] | None
) -> Markup:
    headers = [
        (ui_text("col_district", lang), False),
        (ui_text("col_years", lang), False),
        (ui_text("col_n_facts", lang), True),
        (ui_text("col_n_sources", lang), True),
        (ui_text("col_latest_published", lang), False),
        (ui_text("col_targets_met", lang), True),
    ]
    rows = []
    for _, row in summary.iterrows():
        first, last = row["first_year"], row["last_year"]
        met = NO_VALUE
        if not pd.isna(row["targets_met"]):
            count = format_value(
                float(row["targets_met"]), float(row["targets_met_total"]), "count_of_total", lang
            )
            met = f"{count} ({row['targets_met_year']})"
        rows.append(
            [
                Markup("{} <small>({})</small>").format(
                    _district_link(row["district"], href_for),
                    district_type_label(row["type"], lang),
                ),
                str(first) if first == last else f"{first}–{last}",
                str(row["n_facts"]),
                str(row["n_sources"]),
                format_date(row["latest_published"], lang),
                met,
            ]
        )
    return html_table(headers, rows, "overview-districts")


def _indicators_table(readings: pd.DataFrame, lang: str) -> Markup:
    latest = latest_full_year(readings)
    shared = latest[latest["indicator"].isin(_shared_indicators(latest))]
    if shared.empty:
        return Markup("<p>{}</p>\n").format(ui_text("no_overview_indicators", lang))
    headers = [(ui_text("col_indicator", lang), False), (ui_text("col_district", lang), False)]
    rows = [
        [indicator_cell(str(indicator), lang), _ranked_cell(group, lang)]
        for indicator, group in _best_first(shared).groupby("indicator", sort=False)
    ]
    note = Markup("<p>{}</p>\n").format(ui_text("overview_note", lang))
    return note + html_table(headers, rows, "overview-indicators")


def overview_html(
    facts: pd.DataFrame,
    articles: pd.DataFrame,
    lang: str = "en",
    href_for: Callable[[str], str] | None = None,
) -> str:
    """The index page's cross-district overview as escaped HTML (an h2 per table):
    the districts with facts (names linked through `href_for`, e.g.
    `lambda name: slugify(name) + ".html"`), then every indicator reported by more
    than one district with the districts best first."""
    readings = resolve(facts, articles).readings
    parts = [
        Markup("<h2>{}</h2>\n").format(ui_text("overview_districts_title", lang)),
        _summary_table(_district_summary(facts, articles, readings), lang, href_for),
        Markup("<h2>{}</h2>\n").format(ui_text("overview_indicators_title", lang)),
        _indicators_table(readings, lang),
    ]
    return str(Markup("\n").join(parts))
