"""The brief's charts: plan fulfilment, growth rates, and the district beside its peers.

Each chart function returns a `ChartSection` (heading, PNG with its description as alt
text, the charted figures in a collapsible table), or None for a district without facts.
Charts carry a legend; value labels stay off the 100 % line; an outlier far beyond the
other bars is cut at the axis with a `»` marker and labelled with its real value. A
chart with no data carries a sentence instead of an empty axis. Figures are drawn with
matplotlib's object API (no pyplot state), in a fixed size and resolution, under fixed
rcParams, and saved without metadata, so the same readings give the same PNG bytes.
"""

from __future__ import annotations

import base64
import io
import logging
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import pandas as pd
from IPython.display import HTML, display
from markupsafe import Markup
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter
from matplotlib.typing import LineStyleType, RcKeyType

from helpers.brief import guard
from helpers.brief.model import ACTUAL, BriefData
from helpers.brief.overview import (
    SERIES_COLUMNS,
    latest_full_year,
    peer_comparison,
    peer_ranking,
    peer_table_html,
    series_keys,
)
from helpers.brief.pages import SECTION_IDS
from helpers.extract.reference.vocabulary import load_indicators
from helpers.render.html_kit import html_table
from helpers.render.labels import (
    format_number,
    period_label,
    series_label,
    ui_text,
    unit_axis_label,
    when_label,
)
from helpers.render.values import reading_value
from helpers.tables.periods import months_elapsed
from helpers.tables.readings import resolve

logger = logging.getLogger(__name__)

PLAN_BASES = frozenset({"plan", "city_plan"})
GROWTH_BASES = frozenset({"yoy"})
CHARTABLE_PEER_UNITS = frozenset({"pct", "vnd_bn", "count"})
MAX_COMPARISON_PANELS = 4
MAX_PEER_BARS = 6
MAX_OVERVIEW_PANELS = 4
PLAN_LEVEL = 100.0
# A bar is cut when it is more than OUTLIER_RATIO times the next largest (or the
# reference level); the axis then ends at CLIP_HEADROOM times that next value.
OUTLIER_RATIO = 2.0
CLIP_HEADROOM = 1.6
CLIP_MARK = "»"
# A bar short of the plan line holds its label inside when it is this share of the axis.
INSIDE_LABEL_SHARE = 0.3

FIGURE_WIDTH_IN = 8.0
BAR_SLOT_IN = 0.56
LABEL_LINE_IN = 0.16  # one line of a 9 pt category label
LABEL_GAP_IN = 0.12
NOTE_LINE_IN = 0.2  # room for the clipped-bar note under the axis label
FRAME_IN = 1.3
TITLE_IN = 0.95  # the title, and two rows of legend under it
TITLE_LINE_IN = 0.32
FIGURE_LEFT = 0.01
PANEL_TITLE_IN = 0.3
PANEL_GAP_IN = 0.95  # x tick labels, axis label and the next panel's title
SUPTITLE_IN = 0.12
LABELS_IN = 3.1
PANEL_BOTTOM_IN = 0.45
PANEL_LEFT = 0.3
PANEL_RIGHT = 0.97
DPI = 110
LABEL_WRAP_CHARS = 38
LEGEND_COLUMNS = 3
FIT_ROUNDS = 4
FIT_SLACK_PX = 0.5
FIT_GROWTH = 1.15
VALUE_MARGIN = 1.22
RC_PARAMS: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "district-briefs",
    "path.simplify": True,
}
PNG_METADATA = {"Software": None}
# Bars at >= 3:1 against the white page, and >= 4.5:1 under the white labels inside them.
COLOR_MET = "#1f6fb4"
COLOR_SHORT = "#b35900"
COLOR_PARTIAL = "#7a5195"  # a result of part of the year: no verdict against the year's plan
COLOR_PEER = "#6e7781"
COLOR_LINE = "#b42318"
COLOR_ELAPSED = "#1b1f24"
ELAPSED_MARK_HALF = 0.42  # the share-of-the-year mark spans the bar's height
FULL_YEAR_MONTHS = 12


@dataclass(frozen=True)
class ChartSection:
    """A chart with its section heading. `png` is None when there is no data to draw;
    `message` then says so. `caption` describes the chart and its figures (the image's
    alt text); `table` is the charted data, shown collapsed under the image (or open when
    there is no image or `collapse_table` is off), headed `table_title`."""

    heading: str
    title: str
    png: bytes | None
    caption: str
    message: str
    table: Markup | None = None
    section_id: str = ""
    table_title: str = ""
    collapse_table: bool = True

    def _ipython_display_(self) -> None:
        heading = Markup("<h2{}>{}</h2>").format(
            Markup(' id="{}"').format(self.section_id) if self.section_id else "", self.heading
        )
        display(HTML(str(heading)))
        if self.png is None:
            if self.message:
                display(HTML(str(Markup("<p>{}</p>").format(self.message))))
        else:
            data = {
                "image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": self.title,
            }
            display(data, raw=True, metadata={"image/png": {"alt": self.caption}})
        if self.table is not None:
            if self.png is None or not self.collapse_table:
                display(HTML(str(self.table)))
            else:
                summary = self.table_title or self.title
                details = Markup('<details class="chart-data"><summary>{}</summary>\n{}</details>')
                display(HTML(str(details.format(summary, self.table))))


def _label(row: pd.Series, lang: str) -> str:
    """A bar's label: the series (indicator and plan basis) and when (`2022 · 6M`)."""
    series = series_label(row["indicator"], row["basis"], lang)
    when = when_label(int(row["year"]), row["period"], lang)
    return textwrap.fill(f"{series} ({when})", LABEL_WRAP_CHARS)


def _items(rows: pd.DataFrame, lang: str) -> str:
    return "; ".join(
        f"{series_label(row['indicator'], row['basis'], lang)} "
        f"{when_label(int(row['year']), row['period'], lang)}: {reading_value(row, lang)}"
        for _, row in rows.iterrows()
    )


def _render(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    return buffer.getvalue()


def _bar_figure(
    n_bars: int, extra_bottom_in: float = 0.0, label_lines: int = 1
) -> tuple[Figure, Axes]:
    """A one-panel bar figure with fixed margins in inches (room for wrapped indicator
    labels on the left, each bar's slot tall enough for `label_lines` lines); a tight
    layout would cost more than the drawing."""
    slot = max(BAR_SLOT_IN, LABEL_LINE_IN * label_lines + LABEL_GAP_IN)
    height = FRAME_IN + slot * n_bars + extra_bottom_in
    figure = Figure(figsize=(FIGURE_WIDTH_IN, height), dpi=DPI)
    figure.subplots_adjust(
        left=LABELS_IN / FIGURE_WIDTH_IN,
        right=PANEL_RIGHT,
        top=1 - TITLE_IN / height,
        bottom=(PANEL_BOTTOM_IN + extra_bottom_in) / height,
    )
    return figure, figure.add_subplot()


def clip_limit(values: list[float], reference: float = 0.0) -> float | None:
    """Where to cut the axis so one outlier does not squash the other bars: None when no
    value is more than OUTLIER_RATIO times the next largest (and the `reference` level)."""
    sizes = sorted((abs(value) for value in values), reverse=True)
    if len(sizes) < 2:
        return None
    runner_up = max(sizes[1], abs(reference))
    if runner_up <= 0 or sizes[0] <= OUTLIER_RATIO * runner_up:
        return None
    return CLIP_HEADROOM * runner_up


def _clipped(values: list[float], limit: float | None) -> list[float]:
    if limit is None:
        return values
    return [max(-limit, min(limit, value)) for value in values]


def _annotate(
    axes: Axes,
    rows: pd.DataFrame,
    drawn: list[float],
    lang: str,
    inside: list[bool] | None = None,
    clear_of: list[float] | None = None,
) -> list[Text]:
    """Each bar's real value at its end (or past `clear_of`, a mark it must not cover); a
    cut bar gets the `»` mark, and a bar flagged `inside` carries its label within it (in
    white), clear of a reference line. Returns the labels (see `_fit_labels`)."""
    labels: list[Text] = []
    for position, (_, row) in enumerate(rows.iterrows()):
        value, real = drawn[position], float(row["value"])
        label = reading_value(row, lang)
        if value != real:
            label = f"{CLIP_MARK} {label}"
        if inside and inside[position]:
            labels.append(
                axes.annotate(
                    f"{label} ",
                    (value, position),
                    va="center",
                    ha="right",
                    color="white",
                    annotation_clip=False,
                )
            )
            continue
        at = max(value, clear_of[position]) if clear_of and value >= 0 else value
        labels.append(
            axes.annotate(
                f" {label} ",
                (at, position),
                va="center",
                ha="left" if value >= 0 else "right",
                annotation_clip=False,
            )
        )
    return labels


def _fit_labels(axes: Axes, labels: list[Text], rounds: int = FIT_ROUNDS) -> None:
    """Widen the x axis until every value label lies inside it: none is cut at the
    figure's edge, none runs over the category labels left of the axis."""
    figure = axes.get_figure(root=True)
    if figure is None or not labels:
        return
    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else None
    canvas = canvas or FigureCanvasAgg(figure)
    for _ in range(rounds):
        renderer = canvas.get_renderer()
        box = axes.get_window_extent(renderer)
        extents = [label.get_window_extent(renderer) for label in labels]
        over_left = max(box.x0 - extent.x0 for extent in extents)
        over_right = max(extent.x1 - box.x1 for extent in extents)
        if over_left <= FIT_SLACK_PX and over_right <= FIT_SLACK_PX:
            return
        low, high = axes.get_xlim()
        per_pixel = (high - low) / box.width
        axes.set_xlim(
            low - max(over_left, 0.0) * per_pixel * FIT_GROWTH,
            high + max(over_right, 0.0) * per_pixel * FIT_GROWTH,
        )


def _number_ticks(axes: Axes, lang: str) -> None:
    """Tick labels in the numbers' own format (`10 000` in English, `10.000` in Vietnamese)."""
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value, lang)))


def _legend(
    axes: Axes,
    entries: list[tuple[str, str]],
    lines: Sequence[tuple[str, str, LineStyleType]] = (),
) -> None:
    """A legend of (colour, label) patches and (colour, label, line style) lines, across
    the figure under its title, LEGEND_COLUMNS to a row (TITLE_IN leaves room for two)."""
    handles: list[Patch | Line2D] = [Patch(color=color, label=label) for color, label in entries]
    for color, label, style in lines:
        handles.append(Line2D([], [], color=color, linestyle=style, label=label))
    figure = axes.get_figure()
    assert isinstance(figure, Figure)
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(FIGURE_LEFT, 1 - TITLE_LINE_IN / figure.get_figheight()),
        ncol=min(len(handles), LEGEND_COLUMNS),
        frameon=False,
        fontsize=8,
        borderaxespad=0.0,
    )


def _readings_with_basis(brief: BriefData, bases: frozenset[str]) -> pd.DataFrame:
    basis = load_indicators()["basis"]
    readings = brief.readings[brief.readings["kind"] == ACTUAL]
    return readings[readings["indicator"].map(basis).isin(bases)].reset_index(drop=True)


def _data_table(rows: pd.DataFrame, lang: str) -> Markup:
    """The charted readings as a small table (indicator, year, period, value)."""
    headers = [
        (ui_text(key, lang), numeric)
        for key, numeric in (
            ("col_indicator", False), ("col_year", True), ("col_period", False), ("col_value", True)
        )
    ]  # fmt: skip
    cells = [
        [
            series_label(row["indicator"], row["basis"], lang),
            str(row["year"]),
            period_label(row["period"], lang),
            reading_value(row, lang),
        ]
        for _, row in rows.iterrows()
    ]
    return html_table(headers, cells, "chart-data-table", caption=ui_text("chart_data", lang))


def _indicator_bars(
    brief: BriefData,
    lang: str,
    bases: frozenset[str],
    section: str,
    draw: Callable[[Axes, pd.DataFrame, list[float], float | None], list[bool]],
) -> ChartSection | None:
    """A one-panel chart of the district's actual readings whose indicators have one of
    `bases`, with the texts of `section` (plan/growth) and `draw` adding what is special
    to it (colours, reference line, legend, limits); `draw` gets the values cut at the
    clip limit (None: uncut) and returns which labels go inside their bars."""
    if brief.empty:
        return None
    heading = ui_text(f"{section}_title", lang)
    title = ui_text(f"{section}_chart_title", lang).format(district=brief.district)
    section_id = SECTION_IDS[section]
    rows = _readings_with_basis(brief, bases)
    if rows.empty:
        message = ui_text(f"no_{section}_data", lang).format(district=brief.district)
        return ChartSection(heading, title, None, "", message, section_id=section_id)
    values = [float(v) for v in rows["value"]]
    limit = clip_limit(values, PLAN_LEVEL if section == "plan" else 0.0)
    drawn = _clipped(values, limit)
    with mpl.rc_context(RC_PARAMS):
        labels = [_label(row, lang) for _, row in rows.iterrows()]
        lines = max(label.count("\n") + 1 for label in labels)
        figure, axes = _bar_figure(len(rows), 0.0 if limit is None else NOTE_LINE_IN, lines)
        inside = draw(axes, rows, drawn, limit)
        axes.set_yticks(range(len(rows)), labels)
        axes.invert_yaxis()
        xlabel = ui_text(f"{section}_axis", lang)
        if limit is not None:
            xlabel += "\n" + ui_text("clipped_note", lang)
        axes.set_xlabel(xlabel)
        figure.suptitle(
            title,
            x=FIGURE_LEFT,
            y=1 - SUPTITLE_IN / figure.get_figheight(),
            ha="left",
            va="top",
            fontsize=RC_PARAMS["axes.titlesize"],
        )
        _number_ticks(axes, lang)
        clear_of = (
            [elapsed_level(period) for period in rows["period"]] if section == "plan" else None
        )
        _fit_labels(axes, _annotate(axes, rows, drawn, lang, inside, clear_of))
        png = _render(figure)
    caption = ui_text(f"{section}_caption", lang).format(
        n=len(rows), district=brief.district, items=_items(rows, lang)
    )
    return ChartSection(
        heading,
        title,
        png,
        caption,
        "",
        _data_table(rows, lang),
        section_id=section_id,
        table_title=ui_text("chart_data", lang),
    )


def plan_bar_colour(value: float, period: str) -> str:
    """A full year's result met (blue) or short of (orange) its plan; a part of the year's
    its own colour, whatever its value: 43.5 % after six months is no shortfall."""
    if months_elapsed(period) != FULL_YEAR_MONTHS:
        return COLOR_PARTIAL
    return COLOR_MET if value >= PLAN_LEVEL else COLOR_SHORT


def elapsed_level(period: str) -> float:
    """The share of the year a period of the first n months covers, as % of a year's plan
    (6M → 50.0); 0 for a full year or a quarter (no mark)."""
    months = months_elapsed(period)
    if months is None or months == FULL_YEAR_MONTHS:
        return 0.0
    return PLAN_LEVEL * months / FULL_YEAR_MONTHS


def _elapsed_marks(axes: Axes, periods: list[str]) -> int:
    """At each bar of the first n months, a mark at the share of the year elapsed (n/12 of
    the plan); the number of marks drawn."""
    drawn = 0
    for position, period in enumerate(periods):
        level = elapsed_level(period)
        if not level:
            continue
        span = (position - ELAPSED_MARK_HALF, position + ELAPSED_MARK_HALF)
        axes.plot([level, level], span, color=COLOR_ELAPSED, linewidth=2)
        drawn += 1
    return drawn


@guard.section
def plan_fulfilment_chart(brief: BriefData, lang: str) -> ChartSection | None:
    """Results measured against a plan, as % of plan, with the 100 % line; a bar short of
    the line holds its label inside, so no label crosses the line. A result of part of the
    year (`6M`: 43.5 % of the year's plan) is no shortfall: it has its own colour and a
    mark at the share of the year elapsed (6/12 = 50 %), and is judged against nothing."""

    def draw(
        axes: Axes, rows: pd.DataFrame, values: list[float], limit: float | None
    ) -> list[bool]:
        full = [months_elapsed(period) == FULL_YEAR_MONTHS for period in rows["period"]]
        colors = [
            plan_bar_colour(value, period)
            for value, period in zip(values, rows["period"], strict=True)
        ]
        axes.barh(range(len(values)), values, color=colors)
        axes.axvline(PLAN_LEVEL, color=COLOR_LINE, linewidth=1.2, linestyle="--")
        marks = _elapsed_marks(axes, list(rows["period"]))
        right_limit = max([*values, PLAN_LEVEL]) * VALUE_MARGIN
        axes.set_xlim(0, right_limit)
        legend = [
            (COLOR_MET, ui_text("legend_met", lang)),
            (COLOR_SHORT, ui_text("legend_short", lang)),
            (COLOR_PARTIAL, ui_text("legend_partial", lang)),
        ]
        lines: list[tuple[str, str, LineStyleType]] = [
            (COLOR_LINE, ui_text("plan_line", lang), "--")
        ]
        if marks:
            lines.append((COLOR_ELAPSED, ui_text("legend_elapsed", lang), "-"))
        _legend(axes, [entry for entry in legend if entry[0] in colors], lines)
        return [
            value < PLAN_LEVEL and value >= INSIDE_LABEL_SHARE * right_limit and whole
            for value, whole in zip(values, full, strict=True)
        ]

    return _indicator_bars(brief, lang, PLAN_BASES, "plan", draw)


@guard.section
def growth_chart(brief: BriefData, lang: str) -> ChartSection | None:
    """Year-on-year growth rates, increases and decreases either side of zero."""

    def draw(
        axes: Axes, rows: pd.DataFrame, values: list[float], limit: float | None
    ) -> list[bool]:
        colors = [COLOR_MET if value >= 0 else COLOR_SHORT for value in values]
        axes.barh(range(len(values)), values, color=colors)
        axes.axvline(0, color="#57606a", linewidth=0.8)
        low, high = min([*values, 0.0]), max([*values, 0.0])
        axes.set_xlim(low * VALUE_MARGIN, high * VALUE_MARGIN)
        _legend(
            axes,
            [
                (COLOR_MET, ui_text("legend_increase", lang)),
                (COLOR_SHORT, ui_text("legend_decrease", lang)),
            ],
        )
        return [False] * len(values)

    return _indicator_bars(brief, lang, GROWTH_BASES, "growth", draw)


def _draw_panel(axes: Axes, panel: pd.DataFrame, lang: str) -> None:
    limit = clip_limit(list(panel["value"]))
    values = _clipped([float(v) for v in panel["value"]], limit)
    colors = [COLOR_MET if subject else COLOR_PEER for subject in panel["is_subject"]]
    axes.barh(range(len(panel)), values, color=colors)
    labels = [
        f"{row['district']} ({when_label(int(row['year']), row['period'], lang)})"
        for _, row in panel.iterrows()
    ]
    axes.set_yticks(range(len(panel)), labels)
    for tick, subject in zip(axes.get_yticklabels(), panel["is_subject"], strict=True):
        tick.set_fontweight("bold" if subject else "normal")
    axes.invert_yaxis()
    low, high = min([*values, 0.0]), max([*values, 0.0])
    axes.set_xlim(low * VALUE_MARGIN, high * VALUE_MARGIN)
    first = panel.iloc[0]
    axes.set_title(
        textwrap.fill(series_label(first["indicator"], first["basis"], lang), 80), loc="left"
    )
    xlabel = unit_axis_label(panel["unit"].iloc[0], lang)
    if limit is not None:
        xlabel += f" · {ui_text('clipped_note', lang)}"
    axes.set_xlabel(xlabel)
    _number_ticks(axes, lang)
    _fit_labels(axes, _annotate(axes, panel, values, lang))


def _shortlist(panel: pd.DataFrame) -> pd.DataFrame:
    """The best `MAX_PEER_BARS` districts of a panel (rows come best first), plus the
    highlighted district when it ranks lower; the table under the chart lists them all."""
    top = panel.head(MAX_PEER_BARS)
    if panel["is_subject"].any() and not top["is_subject"].any():
        top = pd.concat([top.head(MAX_PEER_BARS - 1), panel[panel["is_subject"]]])
    return top


def _panels_png(panels: list[pd.DataFrame], title: str, lang: str) -> bytes:
    """One horizontal bar panel per indicator, stacked, with fixed margins (computing a
    tight layout costs more than drawing); a legend when one district is highlighted."""
    heights = [BAR_SLOT_IN * (len(panel) + 1) for panel in panels]
    margins = TITLE_IN + PANEL_TITLE_IN + PANEL_BOTTOM_IN + PANEL_GAP_IN * (len(panels) - 1)
    total = sum(heights) + margins
    with mpl.rc_context(RC_PARAMS):
        figure = Figure(figsize=(FIGURE_WIDTH_IN, total), dpi=DPI)
        grid = figure.add_gridspec(
            len(panels),
            1,
            height_ratios=heights,
            left=PANEL_LEFT,
            right=PANEL_RIGHT,
            top=1 - (TITLE_IN + PANEL_TITLE_IN) / total,
            bottom=PANEL_BOTTOM_IN / total,
            # the gap between panels, in units of the mean panel height
            hspace=PANEL_GAP_IN / (sum(heights) / len(panels)),
        )
        for index, panel in enumerate(panels):
            _draw_panel(figure.add_subplot(grid[index]), panel, lang)
        if any(panel["is_subject"].any() for panel in panels):
            figure.legend(
                handles=[
                    Patch(color=COLOR_MET, label=ui_text("legend_subject", lang)),
                    Patch(color=COLOR_PEER, label=ui_text("legend_peer", lang)),
                ],
                loc="upper right",
                ncol=2,
                frameon=False,
                fontsize=8,
            )
        figure.suptitle(
            title,
            x=0.01,
            y=1 - SUPTITLE_IN / total,
            ha="left",
            va="top",
            fontsize=RC_PARAMS["axes.titlesize"],
            fontweight="bold",
        )
        return _render(figure)


def _panel_items(shown: pd.DataFrame, lang: str) -> str:
    return "; ".join(
        f"{series_label(row['indicator'], row['basis'], lang)}: {row['district']} "
        f"{when_label(int(row['year']), row['period'], lang)} "
        f"{reading_value(row, lang)}"
        for _, row in shown.iterrows()
    )


@guard.section
def comparison_chart(brief: BriefData, lang: str) -> ChartSection | None:
    """This district beside the other districts reporting the same indicators (one panel
    per indicator, at most four, each with the best districts and this one), followed by
    the full comparison table."""
    if brief.empty:
        return None
    heading = ui_text("comparison_title", lang)
    title = ui_text("comparison_chart_title", lang).format(district=brief.district)
    section_id = SECTION_IDS["comparison"]
    peers = peer_comparison(brief.all_readings, brief.district)
    if peers.empty:
        message = ui_text("no_comparison_data", lang).format(district=brief.district)
        return ChartSection(heading, title, None, "", message, section_id=section_id)
    note = Markup("<p>{}</p>\n").format(ui_text("comparison_note", lang))
    table = note + peer_table_html(peers, brief.district, lang)
    chartable = peers[peers["unit"].isin(CHARTABLE_PEER_UNITS)]
    panels = [_shortlist(group) for _, group in chartable.groupby(SERIES_COLUMNS, sort=False)]
    panels = panels[:MAX_COMPARISON_PANELS]
    if not panels:
        message = ui_text("comparison_table_only", lang)
        return ChartSection(heading, title, None, "", message, table, section_id=section_id)
    png = _panels_png(panels, title, lang)
    caption = ui_text("comparison_caption", lang).format(
        district=brief.district, items=_panel_items(pd.concat(panels), lang)
    )
    return ChartSection(
        heading,
        title,
        png,
        caption,
        "",
        table,
        section_id=section_id,
        table_title=ui_text("chart_data", lang),
    )


def overview_charts_html(facts: pd.DataFrame, articles: pd.DataFrame, lang: str) -> Markup:
    """The index page's charts (see `_overview_charts`), or a note saying they failed: the
    index is written whatever the data holds."""
    try:
        return _overview_charts(facts, articles, lang)
    except Exception as error:  # shown on the page; the rest of the index is written
        logger.exception("the index's overview charts failed")
        return guard.failure_note(ui_text("overview_charts_heading", lang), error, lang)


def _overview_charts(facts: pd.DataFrame, articles: pd.DataFrame, lang: str) -> Markup:
    """The index page's charts: for the indicators most districts report (full year,
    each district's latest year), every district's value, best first; a data: URI image
    whose alt text lists the figures (the grid shows them too), or nothing when no
    indicator is shared."""
    readings = resolve(facts, articles).readings
    latest = latest_full_year(readings)
    latest = latest[latest["unit"].isin(CHARTABLE_PEER_UNITS)]
    reporters = latest.groupby(SERIES_COLUMNS)["district"].nunique()
    shared = reporters[reporters >= 2].sort_values(ascending=False, kind="stable")
    chosen = [(str(i), str(b)) for i, b in shared.index[:MAX_OVERVIEW_PANELS]]
    if not chosen:
        return Markup("")
    keys = series_keys(latest)
    ranked = peer_ranking(latest[keys.isin(chosen)]).assign(is_subject=False)
    ranked_keys = series_keys(ranked)
    panels = [ranked[ranked_keys.isin([key])] for key in chosen]
    title = ui_text("overview_chart_title", lang)
    png = _panels_png(panels, title, lang)
    caption = ui_text("overview_chart_caption", lang).format(
        items=_panel_items(pd.concat(panels), lang)
    )
    return Markup(
        '<h2>{}</h2>\n<figure tabindex="0" aria-label="{}">'
        '<img src="data:image/png;base64,{}" alt="{}"></figure>\n'
    ).format(
        ui_text("overview_charts_heading", lang),
        ui_text("overview_charts_heading", lang),
        base64.b64encode(png).decode("ascii"),
        caption,
    )
