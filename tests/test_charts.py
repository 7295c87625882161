"""The brief's charts: data selection, empty charts, captions, deterministic PNGs."""

from __future__ import annotations

import warnings

import matplotlib as mpl
import pandas as pd
import pytest
from factories import fact

from helpers.brief import charts
from helpers.brief.model import BriefData, build_brief_data
from helpers.extract.reference.gazetteer import resolve_district

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


FACTS = pd.DataFrame(
    [
        fact("a", "Tây Hồ", "budget_revenue_pct_plan", 119.0),
        fact("a", "Tây Hồ", "public_investment_pct_plan", 92.0),
        fact("a", "Tây Hồ", "public_investment_pct_plan", 95.0, kind="target", year=2024),
        fact("a", "Tây Hồ", "trade_services_revenue_growth_pct", 19.2),
        fact("a", "Tây Hồ", "industrial_output_growth_pct", -25.5),
        fact("a", "Tây Hồ", "admin_reform_rank", 4.0, total=30.0),
        fact("b", "Hoàn Kiếm", "budget_revenue_pct_plan", 111.6, year=2022),
        fact("c", "Thanh Xuân", "admin_reform_rank", 2.0, total=30.0),
        fact("c", "Thanh Xuân", "new_enterprises", 2039.0),
        fact("d", "Đống Đa", "targets_met", 20.0, total=21.0),
    ]
).astype({"year": "int64", "value": "float64", "total": "Float64"})
ARTICLES = pd.DataFrame(
    {"doc_id": list("abcd"), "published": ["2024-01-20", "2023-01-10", "2023-02-18", ""]}
)


def brief_of(name: str, facts: pd.DataFrame = FACTS) -> BriefData:
    return build_brief_data(facts, ARTICLES, resolve_district(name))


@pytest.fixture(scope="module")
def tay_ho() -> BriefData:
    return brief_of("Tây Hồ")


def test_plan_chart_draws_the_results_against_a_plan(tay_ho: BriefData) -> None:
    chart = charts.plan_fulfilment_chart(tay_ho, "en")
    assert chart is not None and chart.png is not None
    assert chart.png.startswith(PNG_SIGNATURE)
    assert chart.title == "Tây Hồ: results as % of plan"
    assert "vertical line marks 100 %" in chart.caption
    assert "State budget revenue as % of plan/estimate 2023 · FY: 119 %" in chart.caption
    assert "92 %" in chart.caption
    assert "95 %" not in chart.caption
    assert "Figures: " in chart.caption and "2 results" in chart.caption


def test_growth_chart_shows_increases_and_decreases(tay_ho: BriefData) -> None:
    chart = charts.growth_chart(tay_ho, "vi")
    assert chart is not None and chart.png is not None
    assert "+19,2 %" in chart.caption
    assert "−25,5 %" in chart.caption
    assert chart.heading == "Tăng trưởng"


def test_comparison_chart_sets_the_district_beside_its_peers(tay_ho: BriefData) -> None:
    chart = charts.comparison_chart(tay_ho, "en")
    assert chart is not None and chart.png is not None
    assert "Tây Hồ 2023 · FY 119 %" in chart.caption
    assert "Hoàn Kiếm 2022 · FY 111.6 %" in chart.caption
    assert chart.table is not None
    assert "<strong>Tây Hồ 4th of 30 (2023)</strong>" in chart.table
    assert "Thanh Xuân 2nd of 30 (2023)" in chart.table


def test_a_comparison_of_ranks_only_is_a_table_without_a_chart() -> None:
    chart = charts.comparison_chart(brief_of("Thanh Xuân"), "en")
    assert chart is not None and chart.png is None
    assert "counts out of a total or ranks" in chart.message
    assert chart.table is not None and "Thanh Xuân" in chart.table


def test_charts_without_data_carry_a_sentence_instead() -> None:
    brief = brief_of("Đống Đa")
    for make in (charts.plan_fulfilment_chart, charts.growth_chart, charts.comparison_chart):
        chart = make(brief, "en")
        assert chart is not None
        assert chart.png is None
        assert "Đống Đa" in chart.message
        assert chart.table is None


def test_a_district_without_facts_has_no_charts() -> None:
    brief = brief_of("Ba Vì")
    assert charts.plan_fulfilment_chart(brief, "en") is None
    assert charts.growth_chart(brief, "en") is None
    assert charts.comparison_chart(brief, "en") is None


def test_pngs_are_byte_identical_and_carry_no_metadata(tay_ho: BriefData) -> None:
    first = charts.plan_fulfilment_chart(tay_ho, "vi")
    second = charts.plan_fulfilment_chart(brief_of("Tây Hồ"), "vi")
    assert first is not None and second is not None and first.png is not None
    assert first.png == second.png
    assert b"Software" not in first.png
    assert b"matplotlib" not in first.png.lower()
    assert b"tIME" not in first.png


def test_vietnamese_labels_render_without_missing_glyphs(tay_ho: BriefData) -> None:
    """matplotlib warns of a glyph missing from the font when it draws: an error here."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        made = [
            make(tay_ho, "vi")
            for make in (charts.plan_fulfilment_chart, charts.growth_chart, charts.comparison_chart)
        ]
    pngs = [chart.png for chart in made if chart is not None]
    assert len(pngs) == len(made) and all(png and png.startswith(PNG_SIGNATURE) for png in pngs)
    titles = " ".join(chart.title for chart in made if chart is not None)
    assert set("ăâđêôơưạảấầẩậắằẳặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") & set(titles.lower())


def test_charts_leave_global_matplotlib_settings_alone(tay_ho: BriefData) -> None:
    before = dict(mpl.rcParams)
    charts.comparison_chart(tay_ho, "en")
    assert dict(mpl.rcParams) == before


def test_displaying_a_chart_shows_heading_image_with_alt_text_and_collapsed_table(
    tay_ho: BriefData, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[object, dict]] = []
    monkeypatch.setattr(charts, "display", lambda obj, **kw: shown.append((obj, kw)))
    chart = charts.comparison_chart(tay_ho, "en")
    assert chart is not None
    chart._ipython_display_()
    heading, image, table = shown
    assert '<h2 id="brief-comparison">Compared with other districts</h2>' in heading[0].data
    assert set(image[0]) == {"image/png", "text/plain"}
    assert image[1]["raw"] is True
    assert image[1]["metadata"]["image/png"]["alt"] == chart.caption
    assert "Bar charts, one per indicator that Tây Hồ" in chart.caption
    # the figures are not repeated as a visible caption: they sit in a collapsed table
    assert table[0].data.startswith('<details class="chart-data"><summary>The chart')
    assert "<table" in table[0].data


def test_displaying_an_empty_chart_shows_its_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[object] = []
    monkeypatch.setattr(charts, "display", lambda obj, **kw: shown.append(obj))
    chart = charts.growth_chart(brief_of("Đống Đa"), "en")
    assert chart is not None
    chart._ipython_display_()
    assert len(shown) == 2
    assert "No year-on-year growth rate is reported for Đống Đa." in shown[1].data


def test_captions_are_escaped_when_displayed(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[object] = []
    monkeypatch.setattr(charts, "display", lambda obj, **kw: shown.append(obj))
    section = charts.ChartSection("<h>", "t", None, "", "<script>x</script>")
    section._ipython_display_()
    assert "&lt;h&gt;" in shown[0].data
    assert "&lt;script&gt;" in shown[1].data


def _many_districts(subject_value: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = [
        "Ba Đình",
        "Hoàn Kiếm",
        "Tây Hồ",
        "Long Biên",
        "Cầu Giấy",
        "Đống Đa",
        "Hai Bà Trưng",
        "Hoàng Mai",
        "Thanh Xuân",
        "Hà Đông",
        "Sơn Tây",
        "Ba Vì",
    ]
    rows = [
        fact(f"d{i}", name, "budget_revenue_pct_plan", 150.0 - i)
        for i, name in enumerate(names)
        if name != "Ba Vì"
    ]
    rows.append(fact("z", "Ba Vì", "budget_revenue_pct_plan", subject_value))
    facts = pd.DataFrame(rows).astype({"year": "int64", "value": "float64", "total": "Float64"})
    articles = pd.DataFrame({"doc_id": facts["doc_id"], "published": ""})
    return facts, articles


def test_comparison_panels_show_the_best_districts_and_always_the_subject() -> None:
    facts, articles = _many_districts(subject_value=50.0)
    brief = build_brief_data(facts, articles, resolve_district("Ba Vì"))
    section = charts.comparison_chart(brief, "en")
    shown = section.caption.split("Figures: ")[1].split("; ")
    assert len(shown) == charts.MAX_PEER_BARS
    assert shown[-1].startswith("State budget revenue as % of plan/estimate: Ba Vì")
    assert "Ba Vì 50 %" in str(section.table) and "Sơn Tây" in str(section.table)


def test_overview_charts_embed_an_image_of_the_shared_indicators() -> None:
    facts, articles = _many_districts(subject_value=50.0)
    html = str(charts.overview_charts_html(facts, articles, "vi"))
    assert html.count('<img src="data:image/png;base64,') == 1
    assert 'alt="Biểu đồ cột' in html and "Ba Vì" in html
    assert str(charts.overview_charts_html(FACTS.head(1), ARTICLES, "en")) == ""


def test_an_outlier_is_cut_at_the_axis_and_the_rest_keep_their_scale() -> None:
    assert charts.clip_limit([415.0, 119.0, 93.0], charts.PLAN_LEVEL) == pytest.approx(190.4)
    assert charts.clip_limit([150.0, 119.0, 93.0], charts.PLAN_LEVEL) is None
    assert charts.clip_limit([9.8, 19.2]) is None
    assert charts.clip_limit([5.0]) is None
    assert charts._clipped([415.0, -500.0, 93.0], 190.0) == [190.0, -190.0, 93.0]


def test_plan_chart_has_an_id_and_tables_its_data(tay_ho: BriefData) -> None:
    chart = charts.plan_fulfilment_chart(tay_ho, "en")
    assert chart is not None and chart.table is not None
    assert chart.section_id == "brief-plan"
    assert (
        '<th data-label="Indicator" scope="row">State budget revenue as % of plan/estimate</th>'
        in chart.table
    )


def test_a_part_of_the_year_is_never_coloured_as_a_shortfall() -> None:
    assert charts.plan_bar_colour(43.5, "6M") == charts.COLOR_PARTIAL
    assert charts.plan_bar_colour(120.0, "Q2") == charts.COLOR_PARTIAL
    assert charts.plan_bar_colour(97.0, "FY") == charts.COLOR_SHORT
    assert charts.plan_bar_colour(100.0, "FY") == charts.COLOR_MET


def test_plan_bars_name_their_period_and_basis() -> None:
    facts = pd.DataFrame(
        [
            fact("a", "Tây Hồ", "budget_revenue_pct_plan", 119.0, basis="city"),
            fact("a", "Tây Hồ", "budget_revenue_pct_plan", 91.0, basis="district"),
            fact("a", "Tây Hồ", "budget_revenue_pct_plan", 43.5, year=2022, period="6M"),
        ]
    ).astype({"year": "int64", "value": "float64", "total": "Float64"})
    chart = charts.plan_fulfilment_chart(brief_of("Tây Hồ", facts), "en")
    assert chart is not None
    assert "(against the city's plan) 2023 · FY: 119 %" in chart.caption
    assert "(against the district's own plan) 2023 · FY: 91 %" in chart.caption
    assert "as % of plan/estimate 2022 · 6M: 43.5 %" in chart.caption


def test_the_city_and_a_district_plan_are_never_one_comparison_panel() -> None:
    facts = pd.DataFrame(
        [
            fact("a", "Tây Hồ", "budget_revenue_pct_plan", 119.0, basis="city"),
            fact("a", "Tây Hồ", "budget_revenue_pct_plan", 91.0, basis="district"),
            fact("b", "Hoàn Kiếm", "budget_revenue_pct_plan", 111.6, basis="city"),
            fact("c", "Thanh Xuân", "budget_revenue_pct_plan", 205.0, basis="district"),
        ]
    ).astype({"year": "int64", "value": "float64", "total": "Float64"})
    brief = brief_of("Tây Hồ", facts)
    assert brief.conflicts.empty  # two plans, two readings: no disagreement
    peers = charts.peer_comparison(brief.all_readings, "Tây Hồ")
    for _, panel in peers.groupby(["indicator", "basis"]):
        assert panel["basis"].nunique() == 1 and len(panel) == 2
    assert sorted(peers["basis"]) == ["city", "city", "district", "district"]
