"""The years view of a brief: each indicator's full-year results side by side by year,
and small line charts for the indicators reported in two or more years."""

from __future__ import annotations

import math
import textwrap

import matplotlib as mpl
import pandas as pd
from markupsafe import Markup
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from helpers.brief import guard
from helpers.brief.charts import (
    CHARTABLE_PEER_UNITS,
    COLOR_MET,
    DPI,
    FIGURE_WIDTH_IN,
    RC_PARAMS,
    ChartSection,
    _render,
)
from helpers.brief.model import ACTUAL, BriefData
from helpers.brief.overview import SERIES_COLUMNS
from helpers.brief.pages import SECTION_IDS
from helpers.extract.reference.vocabulary import OTHER_INDICATOR
from helpers.render.html_kit import NO_VALUE, html_table
from helpers.render.labels import format_number, series_label, ui_text, unit_axis_label
from helpers.render.values import indicator_cell, reading_value

FULL_YEAR = "FY"
MIN_YEARS = 2
MAX_SERIES_PANELS = 9  # the table lists every indicator; the charts the first nine
SMALL_COLUMNS = 2
SMALL_HEIGHT_IN = 2.1
SMALL_TOP_IN = 0.5  # a two-line panel title
SMALL_BOTTOM_IN = 0.3
SMALL_TITLE_CHARS = 34


def full_year_results(brief: BriefData) -> pd.DataFrame:
    """The district's full-year actual readings of vocabulary indicators."""
    readings = brief.readings
    keep = (
        (readings["kind"] == ACTUAL)
        & (readings["period"] == FULL_YEAR)
        & (readings["indicator"] != OTHER_INDICATOR)
    )
    return readings[keep].reset_index(drop=True)


def series_indicators(results: pd.DataFrame) -> list[tuple[str, str]]:
    """(indicator, basis) series with one chartable value in each of two or more years,
    in table order."""
    chartable = results[results["unit"].isin(CHARTABLE_PEER_UNITS)]
    per_year = chartable.groupby([*SERIES_COLUMNS, "year"], sort=False).size()
    single = per_year[per_year == 1].reset_index()
    years = single.groupby(SERIES_COLUMNS, sort=False)["year"].nunique()
    return [(str(i), str(b)) for i, b in years[years >= MIN_YEARS].index]


def years_table(results: pd.DataFrame, lang: str) -> Markup:
    """Indicator × year: each cell the year's value(s) (' · ' between a breakdown's)."""
    years = sorted(int(year) for year in results["year"].unique())
    headers = [(ui_text("col_indicator", lang), False), *[(str(year), True) for year in years]]
    rows = []
    for (indicator, basis), own in results.groupby(SERIES_COLUMNS, sort=False):
        cells = []
        for year in years:
            of_year = own[own["year"] == year]
            values = " · ".join(reading_value(row, lang) for _, row in of_year.iterrows())
            cells.append(values or NO_VALUE)
        rows.append([indicator_cell(str(indicator), lang, str(basis)), *cells])
    return html_table(headers, rows, "brief-years", caption=ui_text("years_title", lang))


def _small_multiples(results: pd.DataFrame, indicators: list[tuple[str, str]], lang: str) -> bytes:
    n_rows = math.ceil(len(indicators) / SMALL_COLUMNS)
    with mpl.rc_context(RC_PARAMS):
        figure = Figure(figsize=(FIGURE_WIDTH_IN, SMALL_HEIGHT_IN * n_rows), dpi=DPI)
        top = 1 - SMALL_TOP_IN / (SMALL_HEIGHT_IN * n_rows)
        bottom = SMALL_BOTTOM_IN / (SMALL_HEIGHT_IN * n_rows)
        figure.subplots_adjust(left=0.08, right=0.98, top=top, bottom=bottom, wspace=0.4)
        figure.subplots_adjust(hspace=0.95)
        for index, (indicator, basis) in enumerate(indicators):
            own = (results["indicator"] == indicator) & (results["basis"] == basis)
            series = results[own].sort_values("year")
            axes = figure.add_subplot(n_rows, SMALL_COLUMNS, index + 1)
            years = [int(year) for year in series["year"]]
            values = [float(value) for value in series["value"]]
            axes.plot(years, values, marker="o", color=COLOR_MET, linewidth=1.5)
            for (_, row), year, value in zip(series.iterrows(), years, values, strict=True):
                axes.annotate(
                    reading_value(row, lang),
                    (year, value),
                    xytext=(0, 5),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                )
            axes.set_xticks(years, [str(year) for year in years])
            axes.margins(x=0.2, y=0.35)
            title = textwrap.shorten(series_label(indicator, basis, lang), SMALL_TITLE_CHARS * 2)
            axes.set_title(textwrap.fill(title, SMALL_TITLE_CHARS), loc="left", fontsize=8)
            axes.yaxis.set_major_formatter(
                FuncFormatter(lambda value, _position: format_number(value, lang))
            )
            axes.set_ylabel(unit_axis_label(str(series["unit"].iloc[0]), lang), fontsize=7)
            axes.yaxis.set_major_locator(
                MaxNLocator(nbins=4, integer=series["unit"].iloc[0] == "count", min_n_ticks=1)
            )
            axes.tick_params(labelsize=7)
        return _render(figure)


@guard.section
def years_view(brief: BriefData, lang: str) -> ChartSection | None:
    """The indicator × year table, and a small line chart per indicator reported in two
    or more years (the first MAX_SERIES_PANELS in vocabulary order); a sentence when the
    district's results cover one year only."""
    if brief.empty:
        return None
    heading = ui_text("years_title", lang)
    title = ui_text("years_chart_title", lang).format(district=brief.district)
    section_id = SECTION_IDS["years"]
    results = full_year_results(brief)
    if results["year"].nunique() < MIN_YEARS:
        message = ui_text("no_years", lang).format(district=brief.district)
        return ChartSection(heading, title, None, "", message, section_id=section_id)
    intro = Markup("<p>{}</p>\n").format(ui_text("years_intro", lang))
    table = intro + years_table(results, lang)
    indicators = series_indicators(results)[:MAX_SERIES_PANELS]
    png = _small_multiples(results, indicators, lang) if indicators else None
    alt = ui_text("years_chart_alt", lang).format(district=brief.district)
    return ChartSection(
        heading,
        title,
        png,
        alt,
        "",
        table,
        section_id=section_id,
        collapse_table=False,
    )
