"""The years view: indicator × year table and small line charts from two years on."""

from __future__ import annotations

import factories
import pandas as pd

from helpers.brief import years
from helpers.brief.model import build_brief_data
from helpers.extract.reference.gazetteer import resolve_district

TAY_HO = resolve_district("Tây Hồ")
ARTICLES = pd.DataFrame(
    {
        "doc_id": ["a", "b"],
        "file": ["a.txt", "b.txt"],
        "title": ["A", "B"],
        "published": ["2023-01-05", "2024-01-05"],
        "author": ["", ""],
        "outlet": ["", ""],
        "districts": ["Tây Hồ", "Tây Hồ"],
        "n_facts": [3, 3],
    }
)


def facts(with_second_year: bool = True) -> pd.DataFrame:
    rows = [
        factories.fact("a", "Tây Hồ", "budget_revenue_pct_plan", 112.0, year=2022),
        factories.fact("a", "Tây Hồ", "targets_met", 20.0, total=21.0, year=2022),
        factories.fact("a", "Tây Hồ", "new_enterprises", 500.0, year=2022, period="6M"),
    ]
    if with_second_year:
        rows += [
            factories.fact("b", "Tây Hồ", "budget_revenue_pct_plan", 119.0, year=2023),
            factories.fact("b", "Tây Hồ", "targets_met", 21.0, total=21.0, year=2023),
            factories.fact("b", "Tây Hồ", "targets_met", 16.0, total=16.0, year=2023),
        ]
    return factories.facts_frame(rows)


def test_years_side_by_side_with_a_line_chart() -> None:
    brief = build_brief_data(facts(), ARTICLES, TAY_HO)
    section = years.years_view(brief, "vi")
    assert section is not None and section.png is not None
    assert section.table is not None and not section.collapse_table
    table = str(section.table)
    assert '<th scope="col" class="num">2022</th><th scope="col" class="num">2023</th>' in table
    assert (
        '<td data-label="2022" class="num">112 %</td><td data-label="2023" class="num">119 %</td>'
        in table
    )
    assert "16/16 · 21/21" in table  # a breakdown stays in one cell
    assert "500" not in table  # half-year figures are not full-year results
    # one line per indicator with a single value a year; the breakdown is not charted
    assert years.series_indicators(years.full_year_results(brief)) == [
        ("budget_revenue_pct_plan", "")
    ]


def test_one_year_gets_a_sentence_not_a_chart() -> None:
    brief = build_brief_data(facts(with_second_year=False), ARTICLES, TAY_HO)
    section = years.years_view(brief, "en")
    assert section is not None and section.png is None
    assert "for one year only" in section.message
