"""Facts from whole articles written for each rule of FACTS.md (not the seeds)."""

import unicodedata
from pathlib import Path

import pytest

from helpers.extract.facts import extract_article
from helpers.extract.text.reading import read_article


def _facts(text: str) -> list[tuple]:
    result = extract_article(text, "a")
    return [
        (f.district, f.year, f.period, f.indicator, f.kind, f.value, f.total, f.qualifier)
        for f in result.facts
        if f.indicator != "other"
    ]


SIX_MONTHS = """Huyện Đông Anh: 6 tháng đầu năm thu ngân sách đạt 72% dự toán

Thứ Ba, 09/07/2024 - 10:00

6 tháng đầu năm 2024, tổng giá trị sản xuất trên địa bàn huyện Đông Anh ước đạt 35.120 tỷ đồng, tăng 9,1% so với cùng kỳ. Trong đó, công nghiệp - xây dựng tăng 10,2%; nông nghiệp giảm 0,5%.

Thu ngân sách nhà nước trên địa bàn huyện đạt 5.120 tỷ đồng, bằng 72% dự toán, bằng 95,5% so với cùng kỳ.

Toàn thành phố, thu ngân sách 6 tháng đạt 253,9 nghìn tỷ đồng, bằng 72,3% dự toán.

Năm 2025, huyện phấn đấu tổng giá trị sản xuất tăng 10% trở lên.
"""


def test_partial_period_sectors_city_wide_and_next_year_target():
    facts = _facts(SIX_MONTHS)
    assert (
        "Đông Anh",
        2024,
        "6M",
        "production_value_vnd_bn",
        "actual",
        35120,
        None,
        "estimated",
    ) in facts
    assert (
        "Đông Anh",
        2024,
        "6M",
        "industrial_output_growth_pct",
        "actual",
        10.2,
        None,
        "",
    ) in facts
    assert (
        "Đông Anh",
        2024,
        "6M",
        "agriculture_output_growth_pct",
        "actual",
        -0.5,
        None,
        "",
    ) in facts
    assert ("Đông Anh", 2024, "6M", "budget_revenue_pct_plan", "actual", 72, None, "") in facts
    assert ("Đông Anh", 2024, "6M", "budget_revenue_growth_pct", "actual", -4.5, None, "") in facts
    assert (
        "Đông Anh",
        2025,
        "FY",
        "production_value_growth_pct",
        "target",
        10,
        None,
        "at_least",
    ) in facts
    assert not any(value in (253900, 72.3) for *_, value, _, _ in facts)


QUARTER_NFD = """Huyện Ứng Hoà: quý I/2023 giải ngân đạt 25% kế hoạch

(HNM) - Quý I/2023, huyện Ứng Hoà giải ngân 310 tỷ đồng vốn đầu tư công, đạt 25% kế hoạch vốn Thành phố giao. Thu ngân sách đạt 30,5% dự toán.
"""


def test_quarter_nfd_text_and_tone_mark_variant(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(unicodedata.normalize("NFD", QUARTER_NFD), encoding="utf-8")
    facts = _facts(read_article(path).text)  # reading the file gives NFC text
    assert ("Ứng Hòa", 2023, "Q1", "public_investment_vnd_bn", "actual", 310, None, "") in facts
    assert (
        "Ứng Hòa",
        2023,
        "Q1",
        "public_investment_pct_city_plan",
        "actual",
        25,
        None,
        "",
    ) in facts
    assert ("Ứng Hòa", 2023, "Q1", "budget_revenue_pct_plan", "actual", 30.5, None, "") in facts


ROUND_UP = """Cầu Giấy, Long Biên: kết quả năm 2019

Năm 2019, quận Cầu Giấy hoàn thành 20/20 chỉ tiêu, thu ngân sách đạt 118% dự toán. Trong khi đó, quận Long Biên thu ngân sách đạt 105% dự toán và xếp thứ 3/30 quận, huyện, thị xã về cải cách hành chính.
Mức tăng của Cầu Giấy cao hơn quận Đống Đa (tăng 9,1%).
"""


def test_each_figure_goes_to_the_district_named_before_it():
    facts = _facts(ROUND_UP)
    assert ("Cầu Giấy", 2019, "FY", "targets_met", "actual", 20, 20, "") in facts
    assert ("Cầu Giấy", 2019, "FY", "budget_revenue_pct_plan", "actual", 118, None, "") in facts
    assert ("Long Biên", 2019, "FY", "budget_revenue_pct_plan", "actual", 105, None, "") in facts
    assert ("Long Biên", 2019, "FY", "admin_reform_rank", "actual", 3, 30, "") in facts
    assert not any(f[0] == "Đống Đa" for f in facts)


REPEATED = """Thị xã Sơn Tây hoàn thành 17/18 chỉ tiêu năm 2022

Năm 2022, thị xã Sơn Tây hoàn thành 17/18 chỉ tiêu kinh tế - xã hội, trong đó 7 chỉ tiêu vượt kế hoạch.
Thị xã Sơn Tây hoàn thành 17/18 chỉ tiêu năm 2022
Toàn cảnh hội nghị.
Năm 2022, thị xã Sơn Tây hoàn thành 17/18 chỉ tiêu kinh tế - xã hội, trong đó 7 chỉ tiêu vượt kế hoạch.
"""


def test_one_fact_per_figure_per_article():
    facts = _facts(REPEATED)
    assert facts == [
        ("Sơn Tây", 2022, "FY", "targets_met", "actual", 17, 18, ""),
        ("Sơn Tây", 2022, "FY", "targets_exceeded", "actual", 7, None, ""),
    ]


UNDATED_TARGET = """Quận Hoàn Kiếm tổng kết năm 2022

Năm 2022, quận Hoàn Kiếm thu ngân sách vượt 11,6% dự toán năm. Quận đảm bảo thu ngân sách năm 2023 vượt chỉ tiêu thành phố giao ít nhất 5%.
"""


def test_a_later_year_than_the_results_is_a_target():
    facts = _facts(UNDATED_TARGET)
    assert facts == [
        ("Hoàn Kiếm", 2022, "FY", "budget_revenue_pct_plan", "actual", 111.6, None, ""),
        ("Hoàn Kiếm", 2023, "FY", "budget_revenue_pct_plan", "target", 105, None, "at_least"),
    ]


@pytest.mark.parametrize("spelling", ["Ứng Hòa", "Ứng Hoà", "ứng hoà", "Ung Hoa"])
def test_district_spellings(spelling):
    text = f"Huyện {spelling} năm 2021\n\nNăm 2021, huyện {spelling} hoàn thành 18/18 chỉ tiêu."
    assert _facts(text)[0][:1] == ("Ứng Hòa",)


def test_figures_not_facts_are_left_out():
    text = (
        "Quận Ba Đình năm 2024\n\nNgày 14/12, quận Ba Đình tổ chức hội nghị lần thứ 18 khóa VI, "
        "nhiệm kỳ 2020 – 2025, theo Chỉ thị số 24-CT/TU, sau dịch Covid-19. Năm 2024, tổng giá "
        "trị sản xuất tăng bình quân 8%/năm; tăng gấp 3 lần.\n(0) Bình luận\n"
    )
    assert _facts(text) == []


LISTS_AND_ELLIPSIS = """Thạch Thất, Quốc Oai: kết quả 9 tháng năm 2023

Huyện Thạch Thất và huyện Quốc Oai lần lượt thu ngân sách đạt 81% và 77% dự toán.

Giá trị sản xuất trên địa bàn (giá so sánh 2010) 9 tháng ước đạt 12.480 tỷ đồng, tăng 7,4% so với cùng kỳ; riêng quý III ước tăng 8,2%.

Chi đầu tư xây dựng cơ bản 9 tháng của huyện:
+ Vốn ngân sách huyện: 512 tỷ đồng;
- Tổng thu ngân sách lần đầu vượt mốc 2.000 tỷ đồng.
"""


def test_respectively_lists_ellipsis_base_year_and_milestones():
    facts = _facts(LISTS_AND_ELLIPSIS)
    assert ("Thạch Thất", 2023, "9M", "budget_revenue_pct_plan", "actual", 81, None, "") in facts
    assert ("Quốc Oai", 2023, "9M", "budget_revenue_pct_plan", "actual", 77, None, "") in facts
    assert (
        "Thạch Thất",
        2023,
        "9M",
        "production_value_vnd_bn",
        "actual",
        12480,
        None,
        "estimated",
    ) in facts
    assert (
        "Thạch Thất",
        2023,
        "Q3",
        "production_value_growth_pct",
        "actual",
        8.2,
        None,
        "estimated",
    ) in facts
    assert ("Thạch Thất", 2023, "9M", "public_investment_vnd_bn", "actual", 512, None, "") in facts
    assert not any(f[1] == 2010 or f[5] == 2000 for f in facts)


PLANS = """Quận Long Biên: thu ngân sách quý I đạt 26% dự toán

Tính đến ngày 31/3/2024, quận đã giải ngân 118,5 tỷ đồng, đạt 15,2% kế hoạch vốn năm 2024. Thu ngân sách đạt 26,4% dự toán. Quận phấn đấu cả năm 2024 thu ngân sách đạt và vượt 100% dự toán.
"""


def test_through_dates_plan_years_rounded_titles_and_reach_or_exceed():
    facts = _facts(PLANS)
    assert (
        "Long Biên",
        2024,
        "Q1",
        "public_investment_pct_plan",
        "actual",
        15.2,
        None,
        "",
    ) in facts
    assert [f for f in facts if f[3] == "budget_revenue_pct_plan" and f[4] == "actual"] == [
        ("Long Biên", 2024, "Q1", "budget_revenue_pct_plan", "actual", 26.4, None, "")
    ]
    assert ("Long Biên", 2024, "FY", "budget_revenue_pct_plan", "target", 100, None, "") in facts


CLAIMED_SUBJECTS = """Quận Đống Đa tổng kết năm 2023

Năm 2023, thu ngân sách của quận đạt 12.500 tỷ đồng, trong đó thu tiền sử dụng đất đạt 2.100 tỷ đồng. Chi ngân sách đạt 95% dự toán, trong đó chi thường xuyên đạt 97%. Tỷ lệ bao phủ bảo hiểm y tế đạt 93%, tỷ lệ hộ nghèo giảm còn 0,2%. Doanh thu thương mại, dịch vụ tăng 12%, doanh thu du lịch tăng 30%. Giải ngân vốn đầu tư công đạt 88% kế hoạch; 100% trường học đạt chuẩn xanh.
"""


def test_subjects_outside_the_vocabulary_do_not_borrow_an_indicator():
    facts = _facts(CLAIMED_SUBJECTS)
    assert [(f[3], f[5]) for f in facts] == [
        ("budget_revenue_vnd_bn", 12500),
        ("budget_spending_pct_plan", 95),
        ("health_insurance_coverage_pct", 93),
        ("trade_services_revenue_growth_pct", 12),
        ("public_investment_pct_plan", 88),
    ]


def test_a_verb_governs_every_figure_of_a_coordinated_list():
    text = "Huyện Mê Linh năm 2022\n\nNăm 2022, doanh thu thương mại, dịch vụ của huyện Mê Linh tăng 12,5% và thu ngân sách giảm 3% và 4%."
    facts = _facts(text)
    assert (
        "Mê Linh",
        2022,
        "FY",
        "trade_services_revenue_growth_pct",
        "actual",
        12.5,
        None,
        "",
    ) in facts
    assert [f[5] for f in facts if f[3] == "budget_revenue_growth_pct"] == [-3, -4]


def test_ward_figures_and_project_budgets_are_not_the_districts():
    text = (
        "Quận Tây Hồ năm 2023\n\nNăm 2023, thu ngân sách quận Tây Hồ đạt 118% dự toán. "
        "Phường Nhật Tân thu ngân sách đạt 130% dự toán. Dự án cầu Tứ Liên có tổng vốn "
        "đầu tư hơn 19.000 tỷ đồng. Quận giải ngân vốn đầu tư công đạt 92% kế hoạch."
    )
    facts = _facts(text)
    assert [(f[3], f[5]) for f in facts] == [
        ("budget_revenue_pct_plan", 118),
        ("public_investment_pct_plan", 92),
    ]


SECOND_HALF = """Huyện Thường Tín: kết quả năm 2019

Năm 2019, thu ngân sách nhà nước trên địa bàn huyện Thường Tín đạt 1.200 tỷ đồng, tăng 9% so với cùng kỳ.

Trong 6 tháng cuối năm 2019, giá trị sản xuất công nghiệp của huyện ước đạt 6.899 tỷ đồng và tăng 20% so với cùng kỳ năm trước. Thương mại - dịch vụ đạt 4.850 tỷ đồng, tăng 16%.

Huyện đề ra nhiệm vụ 3 tháng cuối năm, trong đó tổng chi ngân sách năm 2019 đạt 900 tỷ đồng.
"""


def test_figures_about_the_last_months_of_a_year_are_no_facts():
    facts = _facts(SECOND_HALF)
    values = {f[5] for f in facts}
    assert {1200.0, 9.0} <= values  # the year's own figures stay
    assert not values & {6899.0, 20.0, 4850.0, 16.0}  # the second half has no period code
    assert 900.0 in values  # `nhiệm vụ 3 tháng cuối năm` mid-sentence frames nothing after it


SECTOR_LEAD_IN = """Huyện Đông Anh: kinh tế 6 tháng đầu năm 2021

Cụ thể, về sản xuất nông nghiệp, giá trị sản xuất 6 tháng đầu năm 2021 ước đạt 1.151 tỷ đồng, tăng 1,6%. Về công nghiệp - xây dựng, giá trị sản xuất ước đạt 68.520 tỷ đồng, tăng 9,3%.

Tổng thu ngân sách nhà nước trong 5 năm đạt 921 tỷ đồng. Năm 2020 là năm thu ngân sách đạt mức cao nhất trong 5 năm trở lại đây với 250 tỷ đồng.
"""


def test_a_sector_lead_in_and_sums_over_several_years():
    facts = {(f[3], f[5]) for f in _facts(SECTOR_LEAD_IN)}
    assert ("agriculture_output_vnd_bn", 1151.0) in facts
    assert ("industrial_output_vnd_bn", 68520.0) in facts
    assert not {f for f in facts if f[0] == "production_value_vnd_bn"}
    assert ("budget_revenue_vnd_bn", 921.0) not in facts  # a five-year sum
    assert ("budget_revenue_vnd_bn", 250.0) in facts  # the best of five years is one year's


TARGETS_REACHED = """Quận Hà Đông: kết quả năm 2023

Báo cáo tại kỳ họp cho thấy, năm 2023, toàn quận có 21 chỉ tiêu phát triển kinh tế - xã hội đạt kế hoạch. Quận đã hoàn thành 18/18 chỉ tiêu thành phố giao, đạt kế hoạch.
"""


def test_a_count_of_targets_reached_without_its_total_is_no_indicator():
    facts = _facts(TARGETS_REACHED)
    assert [(f[3], f[4], f[5], f[6]) for f in facts] == [("targets_met", "actual", 18.0, 18.0)]


YEAR_ESTIMATE = """Quận Long Biên: nỗ lực hoàn thành các chỉ tiêu

18/09/2019 10:20

9 tháng năm 2019, quận đã hoàn thành sớm 10/16 chỉ tiêu. Dự kiến cả năm 2019, Long Biên sẽ đạt và vượt 16/16 chỉ tiêu.

Năm 2020, quận phấn đấu thu ngân sách đạt 9.000 tỷ đồng.
"""


def test_the_years_own_estimate_is_a_result_and_next_years_goal_a_target():
    kinds = {(f[1], f[2], f[3]): f[4] for f in _facts(YEAR_ESTIMATE)}
    assert kinds[(2019, "FY", "targets_met")] == "actual"
    assert kinds[(2020, "FY", "budget_revenue_vnd_bn")] == "target"


@pytest.mark.parametrize(
    "sentence",
    [
        "Tốc độ tăng trưởng kinh tế quý I năm 2017 ước đạt 10% so với cùng kỳ.",
        "Tốc độ tăng trưởng kinh tế của huyện 6 tháng đầu năm 2017 đạt 10% so với cùng kỳ năm trước.",
        "Tốc độ tăng trưởng kinh tế đạt 10%.",
    ],
)
def test_a_growth_rate_subject_gives_the_rate_itself(sentence):
    text = (
        f"Huyện Thạch Thất: kinh tế năm 2017\n\nNăm 2017, huyện Thạch Thất phát triển. {sentence}\n"
    )
    rates = [f[5] for f in _facts(text) if f[3] == "production_value_growth_pct"]
    assert rates == [10.0]


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        (
            "Huyện nỗ lực hoàn thành và vượt 25/27 chỉ tiêu pháp lệnh do Thành phố giao.",
            "targets_met",
        ),
        (
            "Thu ngân sách nhà nước bảo đảm tiến độ đề ra, đạt 100,4% dự toán.",
            "budget_revenue_pct_plan",
        ),
    ],
)
def test_effort_and_a_plan_that_was_set_are_no_goal_cues(sentence, indicator):
    text = f"Huyện Hoài Đức: kết quả năm 2022\n\nNăm 2022, huyện Hoài Đức phát triển. {sentence}\n"
    kinds = [f[4] for f in _facts(text) if f[3] == indicator]
    assert kinds == ["actual"]
