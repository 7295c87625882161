"""The index page's district × indicator grid, sortable and filterable in the browser.

One row per district of the run: its brief (or its failure), type, years, figure and
source counts (the same counts its brief shows), targets met, and for each indicator
reported by two or more districts the latest full-year result. A cell whose year is not
the column's most common year shows that year; a dagger marks a value the sources
disagree on. Every cell carries a `data-sort` key (numbers, or the Vietnamese collation
key for names), read by the page's small inline script.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from helpers.brief.model import READING_ID
from helpers.brief.overview import (
    MIN_DISTRICTS_TO_COMPARE,
    SERIES_COLUMNS,
    latest_full_year,
    series_keys,
)
from helpers.extract.reference.vocabulary import OTHER_INDICATOR
from helpers.extract.text.textnorm import fold
from helpers.render.collation import collation_key, collation_string
from helpers.render.html_kit import NO_VALUE
from helpers.render.labels import district_type_label, format_date, series_label, ui_text
from helpers.render.values import reading_value
from helpers.tables.readings import KEY_COLUMNS, indicator_rank

TARGETS_MET = "targets_met"
TARGETS_BASIS_PREFERENCE = ("city", "district", "")
MAX_INDICATOR_COLUMNS = 12
GRID_ID = "grid"


@dataclass(frozen=True)
class DistrictLinks:
    """What the index links for one district (hrefs relative to the index; '' = none)."""

    district: str
    type: str
    ok: bool
    error: str
    brief_href: str
    notebook_href: str
    csv_href: str
    corrections: int = 0


@dataclass(frozen=True)
class _Cell:
    html: Markup
    sort: str
    numeric: bool


def _header(text: str, numeric: bool, note: str = "") -> Markup:
    kind = "number" if numeric else "text"
    css = Markup(' class="num"') if numeric else Markup("")
    extra = Markup("<br><small>{}</small>").format(note) if note else Markup("")
    return Markup(
        '<th scope="col"{} data-kind="{}"><button type="button" class="sort">{}</button>{}</th>'
    ).format(css, kind, text, extra)


def _td(cell: _Cell, label: str, row_header: bool = False) -> Markup:
    """A cell with its sort key and its column's name (shown on a narrow screen); the
    district's cell is the row's header."""
    css = Markup(' class="num"') if cell.numeric else Markup("")
    tag, scope = ("th", Markup(' scope="row"')) if row_header else ("td", Markup(""))
    return Markup('<{}{}{} data-label="{}" data-sort="{}">{}</{}>').format(
        tag, scope, css, label, cell.sort, cell.html, tag
    )


def _row(cells: list[_Cell], labels: list[str]) -> Markup:
    return Markup("").join(
        _td(cell, label, row_header=index == 0)
        for index, (cell, label) in enumerate(zip(cells, labels, strict=True))
    )


def _number(value: float) -> str:
    return repr(float(value))


Series = tuple[str, str]  # (indicator, plan basis): one column never mixes two bases


def grid_indicators(latest: pd.DataFrame) -> list[Series]:
    """The (indicator, basis) series reported by two or more districts (most reported
    first, at most MAX_INDICATOR_COLUMNS), in vocabulary order; targets met have their own
    column."""
    reported = latest[latest["indicator"] != TARGETS_MET]
    reporters = reported.groupby(SERIES_COLUMNS)["district"].nunique()
    shared = reporters[reporters >= MIN_DISTRICTS_TO_COMPARE]
    chosen = shared.sort_values(ascending=False, kind="stable").index[:MAX_INDICATOR_COLUMNS]
    keys = [(str(indicator), str(basis)) for indicator, basis in chosen]
    ranks = indicator_rank(pd.Series([indicator for indicator, _ in keys], dtype="object"))
    return [key for _, key in sorted(zip(ranks, keys, strict=True))]


def _main_years(latest: pd.DataFrame, columns: list[Series]) -> dict[Series, int]:
    """Each column's most common year (the latest among equally common ones)."""
    years = {}
    keys = series_keys(latest)
    for key in columns:
        counts = latest.loc[keys.isin([key]), "year"].value_counts()
        top = counts[counts == counts.max()]
        years[key] = int(max(top.index))
    return years


def reading_anchors(readings: pd.DataFrame) -> dict[tuple, str]:
    """Each reading's row id in its district's brief (`r1`, `r2` …: the key indicators
    table numbers a district's readings in this order, see helpers.brief.sections)."""
    anchors = {}
    for _, own in readings.groupby("district", sort=False):
        for n, (_, row) in enumerate(own.reset_index(drop=True).iterrows(), start=1):
            anchors[_reading_key(row)] = READING_ID.format(n=n)
    return anchors


def _reading_key(row: pd.Series) -> tuple:
    total = None if pd.isna(row["total"]) else float(row["total"])
    return (*(row[c] for c in KEY_COLUMNS), round(float(row["value"]), 6), total)


def _value_cell(
    rows: pd.DataFrame,
    main_year: int,
    lang: str,
    brief_href: str = "",
    anchors: dict[tuple, str] | None = None,
) -> _Cell:
    """The values of one district and series, each linked to its row in the brief."""
    if rows.empty:
        return _Cell(Markup(NO_VALUE), "", True)
    first = rows.iloc[0]
    values = []
    for _, row in rows.iterrows():
        anchor = (anchors or {}).get(_reading_key(row), "")
        text = reading_value(row, lang)
        values.append(
            Markup('<a href="{}#{}">{}</a>').format(brief_href, anchor, text)
            if brief_href and anchor
            else Markup("{}").format(text)
        )
    parts = [Markup(" · ").join(values)]
    if bool(rows["conflict"].any()):
        parts.append(
            Markup(' <span class="conflict-mark" title="{}">†</span>').format(
                ui_text("see_conflicts", lang)
            )
        )
    if int(first["year"]) != main_year:
        parts.append(Markup(' <span class="other-year">({})</span>').format(int(first["year"])))
    score = float(first["value"])
    if not pd.isna(first["total"]) and first["unit"] == "count_of_total":
        score = score / float(first["total"])
    return _Cell(Markup("").join(parts), _number(score), True)


def _targets_cell(readings: pd.DataFrame, district: str, lang: str) -> _Cell:
    met = readings[
        (readings["district"] == district)
        & (readings["indicator"] == TARGETS_MET)
        & (readings["kind"] == "actual")
        & (readings["period"] == "FY")
    ]
    if met.empty:
        return _Cell(Markup(NO_VALUE), "", True)
    year = int(met["year"].max())
    of_year = met[met["year"] == year]
    basis = min(of_year["basis"], key=TARGETS_BASIS_PREFERENCE.index)
    of_year = of_year[of_year["basis"] == basis]  # one cell, one basis: the city's first
    text = " · ".join(reading_value(row, lang) for _, row in of_year.iterrows())
    first = of_year.iloc[0]
    share = float(first["value"]) / float(first["total"]) if not pd.isna(first["total"]) else 0
    html = Markup('{} <span class="other-year">({})</span>').format(text, year)
    if basis:
        html += Markup(" <small>{}</small>").format(ui_text("basis_" + basis, lang))
    return _Cell(html, _number(share), True)


def _district_cell(links: DistrictLinks, lang: str) -> _Cell:
    name = (
        Markup('<a href="{}">{}</a>').format(links.brief_href, links.district)
        if links.brief_href
        else Markup("{}").format(links.district)
    )
    files = []
    if links.csv_href:
        files.append(Markup('<a href="{}" download>CSV</a>').format(links.csv_href))
    if links.notebook_href:
        files.append(
            Markup('<a href="{}" download title="{}">.ipynb</a>').format(
                links.notebook_href, ui_text("notebook_link_title", lang)
            )
        )
    status = Markup("")
    if not links.ok:
        status = Markup('<br><span class="status-failed" title="{}">{}</span> <small>{}</small>')
        status = status.format(links.error, ui_text("status_failed", lang), links.error)
    small = Markup(" <small>{}</small>").format(Markup(" · ").join(files)) if files else ""
    return _Cell(name + small + status, collation_string(links.district), False)


def grid_html(
    readings: pd.DataFrame,
    facts: pd.DataFrame,
    articles: pd.DataFrame,
    districts: list[DistrictLinks],
    lang: str,
    show_corrections: bool = False,
) -> Markup:
    """The grid table (id `grid`), rows in Vietnamese alphabetical order; with
    `show_corrections` (a corrections file was applied), a column counting each
    district's corrected and added facts."""
    latest = latest_full_year(readings)
    anchors = reading_anchors(readings)
    indicators = grid_indicators(latest)
    main_years = _main_years(latest, indicators)
    own_facts = facts[facts["indicator"] != OTHER_INDICATOR]
    published = dict(zip(articles["doc_id"], articles["published"], strict=True))
    headers = [
        _header(ui_text("col_district", lang), False),
        _header(ui_text("col_type", lang), False),
        _header(ui_text("col_years", lang), True),
        _header(ui_text("col_n_facts", lang), True),
        _header(ui_text("col_n_sources", lang), True),
        _header(ui_text("col_latest_source", lang), False),
        _header(ui_text("col_targets_met", lang), True),
        *([_header(ui_text("col_corrections", lang), True)] if show_corrections else []),
        *[
            _header(
                series_label(indicator, basis, lang),
                True,
                ui_text("column_year", lang).format(year=main_years[(indicator, basis)]),
            )
            for indicator, basis in indicators
        ],
    ]
    labels = [Markup(str(header).replace("<br>", " — ")).striptags() for header in headers]
    rows = []
    for links in sorted(districts, key=lambda item: collation_key(item.district)):
        own = own_facts[own_facts["district"] == links.district]
        doc_ids = set(own["doc_id"])
        dates = sorted(date for doc_id in doc_ids if (date := published.get(doc_id, "")))
        latest_date = dates[-1] if dates else ""
        first_year = int(own["year"].min()) if len(own) else 0
        last_year = int(own["year"].max()) if len(own) else 0
        years_text = (
            NO_VALUE
            if not len(own)
            else str(first_year)
            if first_year == last_year
            else f"{first_year}–{last_year}"
        )
        type_label = district_type_label(links.type, lang)
        cells = [
            _district_cell(links, lang),
            _Cell(Markup("{}").format(type_label), collation_string(type_label), False),
            _Cell(Markup("{}").format(years_text), str(last_year) if len(own) else "", True),
            _Cell(Markup("{}").format(len(own)), str(len(own)), True),
            _Cell(Markup("{}").format(len(doc_ids)), str(len(doc_ids)), True),
            _Cell(Markup("{}").format(format_date(latest_date, lang)), latest_date, False),
            _targets_cell(readings, links.district, lang),
        ]
        if show_corrections:
            count = links.corrections
            cells.append(_Cell(Markup("{}").format(count), str(count), True))
        own_latest = latest[latest["district"] == links.district]
        own_keys = series_keys(own_latest)
        for key in indicators:
            found = own_latest[own_keys.isin([key])]
            cells.append(_value_cell(found, main_years[key], lang, links.brief_href, anchors))
        rows.append(_grid_row(links, type_label, cells, labels))
    return _grid_table(headers, rows)


def district_list_html(districts: list[DistrictLinks], lang: str) -> Markup:
    """The grid reduced to its district and type columns: what the index shows when the
    full grid cannot be built, so every brief stays one click away."""
    headers = [
        _header(ui_text("col_district", lang), False),
        _header(ui_text("col_type", lang), False),
    ]
    labels = [header.striptags() for header in headers]
    rows = []
    for links in sorted(districts, key=lambda item: collation_key(item.district)):
        type_label = district_type_label(links.type, lang)
        cells = [
            _district_cell(links, lang),
            _Cell(Markup("{}").format(type_label), collation_string(type_label), False),
        ]
        rows.append(_grid_row(links, type_label, cells, labels))
    return _grid_table(headers, rows)


def _grid_row(
    links: DistrictLinks, type_label: str, cells: list[_Cell], labels: list[str]
) -> Markup:
    """One district's row, with the text the filter searches and its type."""
    search_text = fold(f"{links.district} {links.type} {type_label}").lower()
    return Markup('<tr data-filter="{}" data-type="{}">{}</tr>').format(
        search_text, links.type, _row(cells, labels)
    )


def _grid_table(headers: list[Markup], rows: list[Markup]) -> Markup:
    """The grid table the index script sorts and filters."""
    return Markup(
        '<table id="{}" class="grid">\n<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody>\n</table>'
    ).format(GRID_ID, Markup("").join(headers), Markup("\n").join(rows))
