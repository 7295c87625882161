"""The indicator vocabulary's marks: the headline's figures, the whole-year indicators and the
smallest amount a district's figure can be."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.extract.reference import vocabulary


def test_the_headline_figures_come_in_their_numbered_order() -> None:
    assert vocabulary.headline_indicators() == (
        "budget_revenue_pct_plan",
        "production_value_growth_pct",
        "production_value_vnd_bn",
        "budget_revenue_vnd_bn",
        "public_investment_pct_city_plan",
        "public_investment_pct_plan",
        "admin_reform_rank",
        "trade_services_revenue_growth_pct",
        "industrial_output_growth_pct",
        "new_enterprises",
    )


def test_plans_and_targets_set_are_about_a_whole_year() -> None:
    assert vocabulary.whole_year_indicators() == {"public_investment_plan_vnd_bn", "targets_set"}


@pytest.mark.parametrize(
    ("headline", "whole_year"),
    [(["1", "3"], ["", ""]), (["1", "1"], ["", ""]), (["x", ""], ["", ""]), (["", ""], ["no", ""])],
)
def test_a_bad_mark_is_an_error(headline: list[str], whole_year: list[str]) -> None:
    table = pd.DataFrame({"headline": headline, "whole_year": whole_year})
    with pytest.raises(ValueError, match=r"indicators\.csv"):
        vocabulary._check_marks(table)


@pytest.mark.parametrize(
    ("indicator", "value", "below"),
    [
        ("budget_revenue_vnd_bn", 0.15, True),  # 150 triệu đồng: a fine, not a district's revenue
        ("trade_services_output_vnd_bn", 0.000002, True),  # 2.000 đồng: a fee
        ("budget_revenue_vnd_bn", 1.0, False),
        ("budget_revenue_vnd_bn", 8.45, False),
        ("budget_revenue_pct_plan", 0.5, False),  # a share has no amount's scale
        ("new_enterprises", 0, False),
    ],
)
def test_below_district_scale(indicator: str, value: float, below: bool) -> None:
    assert vocabulary.below_district_scale(indicator, value) is below
