"""Every chart of the real corpus, drawn in both languages, checked by its text boxes: no
label outside the figure, no two labels on top of each other."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from helpers.brief import charts, years
from helpers.brief.model import build_brief_data
from helpers.extract.reference.gazetteer import resolve_district
from helpers.tables.corpus import CorpusTables

pytestmark = pytest.mark.slow  # draws some 110 charts (about a minute)

REAL = Path(__file__).resolve().parent / "data" / "real" / "articles"
SLACK_PX = 1.0


@pytest.fixture(scope="module")
def figures(
    extracted: Callable[[Path], CorpusTables],
) -> list[tuple[str, Bbox, list[tuple[str, Bbox]]]]:
    """(name, figure box, [(text, box)]) of every chart of every district of the real
    corpus, en and vi, measured as saved."""
    tables = extracted(REAL)
    drawn: list[tuple[str, Bbox, list[tuple[str, Bbox]]]] = []
    original = charts._render
    patch = pytest.MonkeyPatch()
    current = ""

    def capture(figure: Figure) -> bytes:
        png = original(figure)
        drawn.append((current, figure.bbox.frozen(), _texts(figure)))
        return png

    patch.setattr(charts, "_render", capture)
    patch.setattr(years, "_render", capture)
    try:
        for district in sorted(set(tables.facts["district"])):
            brief = build_brief_data(tables.facts, tables.articles, resolve_district(district))
            for lang in ("en", "vi"):
                for chart in (
                    charts.plan_fulfilment_chart,
                    charts.growth_chart,
                    charts.comparison_chart,
                    years.years_view,
                ):
                    current = f"{district} {lang} {chart.__name__}"
                    chart(brief, lang)
    finally:
        patch.undo()
    return drawn


def _drawn_texts(figure: Figure) -> list[Text]:
    """The texts a reader sees: titles, legends, axis labels, value labels, and the tick
    labels of ticks inside the axes' view (matplotlib keeps others, undrawn)."""
    texts: list[Text] = list(figure.texts)
    for legend in figure.legends:
        texts.extend(legend.get_texts())
    for axes in figure.axes:
        texts.extend([axes.title, axes._left_title, axes._right_title])
        texts.extend([axes.xaxis.label, axes.yaxis.label, *axes.texts])
        if axes.get_legend() is not None:
            texts.extend(axes.get_legend().get_texts())
        for axis in (axes.xaxis, axes.yaxis):
            low, high = sorted(axis.get_view_interval())
            texts.extend(
                tick.label1
                for tick in axis.get_major_ticks()
                if low - 1e-9 <= tick.get_loc() <= high + 1e-9
            )
    return [text for text in texts if text.get_visible() and text.get_text().strip()]


def _texts(figure: Figure) -> list[tuple[str, Bbox]]:
    renderer = figure.canvas.get_renderer()  # as savefig left it
    return [(text.get_text(), text.get_window_extent(renderer)) for text in _drawn_texts(figure)]


def test_every_chart_of_the_real_corpus_is_drawn(figures: list) -> None:
    kinds = {name.rsplit(" ", 1)[1] for name, _, _ in figures}
    assert kinds == {"plan_fulfilment_chart", "growth_chart", "comparison_chart", "years_view"}


def test_no_label_lies_outside_its_figure(figures: list) -> None:
    outside = []
    for name, frame, texts in figures:
        for text, box in texts:
            if (
                box.x0 < frame.x0 - SLACK_PX
                or box.x1 > frame.x1 + SLACK_PX
                or box.y0 < frame.y0 - SLACK_PX
                or box.y1 > frame.y1 + SLACK_PX
            ):
                outside.append((name, text))
    assert outside == []


def test_no_two_labels_overlap(figures: list) -> None:
    overlapping = []
    for name, _, texts in figures:
        for (a, box_a), (b, box_b) in combinations(texts, 2):
            inner_a = box_a.padded(-SLACK_PX)
            if inner_a.width > 0 and inner_a.overlaps(box_b.padded(-SLACK_PX)):
                overlapping.append((name, a, b))
    assert overlapping == []
