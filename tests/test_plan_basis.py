"""Whose plan a figure is measured against (`basis`), read from the text after it."""

from __future__ import annotations

from helpers.extract.facts import extract_article

ARTICLE = """Huyện Phú Xuyên: thu ngân sách 6 tháng đầu năm 2022 vượt dự toán

Thứ Hai, 11/07/2022 - 09:00

6 tháng đầu năm 2022, thu ngân sách nhà nước trên địa bàn huyện Phú Xuyên đạt hơn 388 tỷ đồng, đạt 119% so với dự toán TP giao, đạt 91% HĐND huyện giao.

Chi ngân sách huyện Phú Xuyên đạt 47,76% dự toán huyện giao.

Giải ngân vốn đầu tư công của huyện Phú Xuyên đạt 27% so với kế hoạch TP giao và bằng 26% kế hoạch huyện giao.

Huyện Phú Xuyên đã hoàn thành 16/16 chỉ tiêu phát triển kinh tế – xã hội thành phố giao và 19/19 chỉ tiêu HĐND huyện giao.

Thu ngân sách của huyện Phú Xuyên tăng 12% so với cùng kỳ, đạt 55% dự toán.
"""


def _bases() -> dict[float, str]:
    return {f.value: f.basis for f in extract_article(ARTICLE, "a").facts}


def test_city_and_council_plans_are_told_apart() -> None:
    bases = _bases()
    assert bases[119.0] == "city"
    assert bases[91.0] == "district"  # no plan word: `HĐND huyện giao`
    assert bases[47.76] == "district"
    assert (bases[27.0], bases[26.0]) == ("city", "district")


def test_counts_of_targets_name_whose_targets() -> None:
    bases = _bases()
    assert (bases[16.0], bases[19.0]) == ("city", "district")


def test_a_plan_of_no_named_owner_and_a_growth_rate_have_no_basis() -> None:
    bases = _bases()
    assert bases[55.0] == ""
    assert bases[12.0] == ""
    assert bases[388.0] == ""
