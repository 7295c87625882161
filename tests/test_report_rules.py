"""Rules for the phrase families of published reports (spec FACTS.md rules 1-5), each on a
short article written for it: framing, budget scopes, goals in lists, parts of a whole."""

import pytest

from helpers.extract.facts import extract_article


def _facts(text: str) -> list[tuple]:
    result = extract_article(text, "a")
    return [
        (f.year, f.period, f.indicator, f.kind, f.value)
        for f in result.facts
        if f.indicator != "other"
    ]


def test_a_partial_year_article_states_no_full_year_result_unless_it_says_so():
    text = (
        "Báo cáo tại kỳ họp, huyện Phú Xuyên cho biết tổng giá trị sản xuất 6 tháng đầu năm "
        "2022 đạt 6.290 tỷ đồng.\n"
        "Trong năm 2022, huyện giải ngân vốn đầu tư công đạt 27% kế hoạch.\n"
        "Từ đầu năm 2022 đến nay huyện giải ngân được 397 tỷ đồng vốn đầu tư công.\n"
        "Dự kiến cả năm 2022, thu ngân sách đạt 105% dự toán.\n"
    )
    facts = _facts(text)
    assert (2022, "6M", "public_investment_pct_plan", "actual", 27.0) in facts
    assert (2022, "6M", "public_investment_vnd_bn", "actual", 397.0) in facts
    assert (2022, "FY", "budget_revenue_pct_plan", "actual", 105.0) in facts


def test_a_year_in_a_phrase_takes_the_period_of_its_framing():
    text = (
        "Quận Ba Đình: kết quả 9 tháng\n\n"
        "9 tháng năm 2020, quận Ba Đình đã hoàn thành 8/28 chỉ tiêu phát triển kinh tế - xã hội "
        "năm 2020 đề ra.\n"
    )
    assert (2020, "9M", "targets_met", "actual", 8.0) in _facts(text)


def test_the_district_budget_beside_the_state_revenue_is_another_measure():
    text = (
        "Huyện Đông Anh: thu ngân sách 6 tháng\n\n"
        "6 tháng đầu năm 2022, tổng thu ngân sách nhà nước trên địa bàn huyện Đông Anh đạt "
        "3.099 tỷ đồng. Tổng thu ngân sách huyện 6 tháng ước đạt 2.183 tỷ đồng.\n"
        "Loại trừ tiền sử dụng đất, tổng thu ngân sách nhà nước đạt 332 tỷ đồng.\n"
    )
    budget = [f for f in _facts(text) if f[2].startswith("budget_revenue")]
    assert budget == [(2022, "6M", "budget_revenue_vnd_bn", "actual", 3099.0)]


def test_a_goal_runs_through_the_list_it_introduces():
    text = (
        "Huyện Chương Mỹ: định hướng năm 2023\n\n"
        "20 chỉ tiêu chủ yếu được UBND huyện Chương Mỹ đề ra trong năm 2023 là:\n\n"
        "1. Tốc độ tăng trưởng giá trị sản xuất cả năm đạt: 11,5%. Trong đó:\n\n"
        "- Thương mại - dịch vụ: Tăng 15,7%.\n\n"
        "2. Thu ngân sách trên địa bàn huyện dự kiến: 797,15 tỷ đồng.\n"
    )
    facts = _facts(text)
    assert (2023, "FY", "trade_services_output_growth_pct", "target", 15.7) in facts
    assert (2023, "FY", "budget_revenue_vnd_bn", "target", 797.15) in facts


def test_a_goal_runs_into_the_sentence_that_breaks_it_down():
    text = (
        "Huyện Thanh Oai đặt mục tiêu năm 2021\n\n"
        "Năm 2021, huyện Thanh Oai phấn đấu tổng giá trị sản xuất đạt 21.858 tỷ đồng. Trong đó, "
        "giá trị sản xuất công nghiệp, xây dựng 12.823 tỷ đồng; nông, lâm nghiệp, thủy sản "
        "1.677 tỷ đồng.\n"
    )
    facts = _facts(text)
    assert (2021, "FY", "industrial_output_vnd_bn", "target", 12823.0) in facts
    assert (2021, "FY", "agriculture_output_vnd_bn", "target", 1677.0) in facts


def test_parts_of_a_whole_are_not_more_of_the_whole():
    text = (
        "Quận Bắc Từ Liêm đề ra chỉ tiêu năm 2023\n\n"
        "Năm 2023, quận Bắc Từ Liêm phấn đấu thực hiện 25 chỉ tiêu, trong đó 5 chỉ tiêu kinh tế, "
        "17 chỉ tiêu xã hội.\n"
    )
    facts = _facts(text)
    assert [f for f in facts if f[2] == "targets_set"] == [
        (2023, "FY", "targets_set", "target", 25.0)
    ]


def test_a_whole_is_wider_than_its_named_sector_only_when_its_parts_add_up():
    lead = "Quận Ba Đình: kinh tế 6 tháng\n\n6 tháng đầu năm 2019, kinh tế quận Ba Đình ổn định, "
    parts = (
        "Trong đó, ngành dịch vụ đạt 22.049 tỷ đồng; ngành công nghiệp đạt {industry} tỷ đồng.\n"
    )
    whole = "lĩnh vực dịch vụ, thương mại có tăng trưởng, ước thực hiện đạt 30.183 tỷ đồng. "
    adds_up = _facts(lead + whole + parts.format(industry="8.122"))
    assert (2019, "6M", "trade_services_output_vnd_bn", "actual", 30183.0) not in adds_up
    assert (2019, "6M", "trade_services_output_vnd_bn", "actual", 22049.0) in adds_up
    # Parts that do not add up leave the text as it reads: two values of the sector.
    apart = _facts(lead + whole + parts.format(industry="18.122"))
    assert (2019, "6M", "trade_services_output_vnd_bn", "actual", 30183.0) in apart
    assert (2019, "6M", "trade_services_output_vnd_bn", "actual", 22049.0) in apart


def test_a_part_without_a_subject_of_its_own_is_no_more_of_the_whole():
    text = (
        "Huyện Hoài Đức: kinh tế năm 2014\n\n"
        "Năm 2014, tổng giá trị sản xuất của huyện Hoài Đức đạt 4.622 tỷ đồng; trong đó "
        "công nghiệp đạt 1.825 tỷ đồng, xây dựng đạt 684 tỷ đồng, nông nghiệp đạt 298 tỷ đồng.\n"
    )
    industry = [f for f in _facts(text) if f[2] == "industrial_output_vnd_bn"]
    assert industry == [(2014, "FY", "industrial_output_vnd_bn", "actual", 1825.0)]


@pytest.mark.parametrize(
    ("published", "year"), [("27/12/2019 10:00", 2019), ("15/01/2020 10:00", 2019)]
)
def test_the_year_under_review(published, year):
    text = (
        "Huyện Đông Anh tổng kết công tác\n\n"
        f"{published}\n\n"
        "Trong năm qua, tổng chi ngân sách huyện Đông Anh đạt 3.408 tỷ đồng.\n"
    )
    assert (year, "FY", "budget_spending_vnd_bn", "actual", 3408.0) in _facts(text)


def test_a_year_in_parentheses_dates_only_its_own_figures():
    text = (
        "Quận Ba Đình: kết quả 9 tháng năm 2020\n\n"
        "9 tháng năm 2020, giá trị sản xuất trên địa bàn quận Ba Đình tăng 7,9% (năm 2019 tăng "
        "10,8%); thu ngân sách ước đạt 3.320 tỷ đồng, bằng 47% dự toán.\n"
    )
    facts = _facts(text)
    assert (2020, "9M", "budget_revenue_vnd_bn", "actual", 3320.0) in facts
    assert (2020, "9M", "budget_revenue_pct_plan", "actual", 47.0) in facts


def test_the_year_after_a_comparison_base_when_nothing_else_dates_a_figure():
    text = (
        "Quận Thanh Xuân: kinh tế tăng trưởng\n\n"
        "9 tháng đầu năm, quy mô kinh tế quận Thanh Xuân tăng 7,1% so với cùng kỳ năm 2020.\n"
    )
    assert (2021, "9M", "production_value_growth_pct", "actual", 7.1) in _facts(text)


def test_assigned_amounts_are_plans_and_a_count_is_of_its_noun():
    text = (
        "Huyện Phú Xuyên giải ngân vốn đầu tư công\n\n"
        "Trong năm 2022, TP giao cho huyện Phú Xuyên 1.578.590 triệu đồng nguồn vốn đầu tư công.\n"
        "Năm 2022, huyện có 50/80 trường đạt chuẩn quốc gia, 21 xã có trạm y tế đạt chuẩn quốc gia.\n"
    )
    facts = _facts(text)
    assert (2022, "FY", "public_investment_plan_vnd_bn", "actual", 1578.59) in facts
    assert [f[4] for f in facts if f[2] == "schools_national_standard"] == [50.0]


@pytest.mark.parametrize(
    "sentence",
    [
        "Năm 2019, tăng trưởng kinh tế của huyện Đông Anh tăng 10,3% (kế hoạch năm là 10,2 - 10,5%).",
        "Giai đoạn 2023 - 2025, huyện Đông Anh dự kiến huy động khoảng 2.323 tỷ đồng cho nông nghiệp.",
        "Năm 2019, tốc độ tăng trưởng giá trị sản xuất bình quân hằng năm của huyện Đông Anh đạt 9%/năm.",
    ],
)
def test_ranges_spans_and_averages_state_no_single_year(sentence):
    facts = _facts(f"Huyện Đông Anh phát triển\n\n{sentence}\n")
    assert all(value not in (10.5, 2323.0, 9.0) for *_, value in facts), facts


def test_a_title_strip_and_a_city_kicker_do_not_hide_the_district():
    text = (
        "DÒNG SỰ KIỆN. * KỶ NIỆM 90 NĂM ĐẢNG BỘ THÀNH PHỐ HÀ NỘI * XUÂN 2020\n\n"
        "Hà Nội: Quận có giá trị sản xuất tăng mạnh\n\n"
        "Năm 2021, tổng giá trị sản xuất của quận Cầu Giấy đạt 190.000 tỷ đồng. Quận tiếp tục "
        "phát triển.\n"
    )
    result = extract_article(text, "a")
    assert result.metadata.title.startswith("Hà Nội: Quận")
    assert [f.value for f in result.facts if f.indicator == "production_value_vnd_bn"] == [190000.0]


@pytest.mark.parametrize(
    ("published", "period"), [("12/07/2022 10:00", "6M"), ("30/06/2022 10:00", "6M")]
)
def test_to_date_with_no_framing_takes_its_months_from_the_publication_date(published, period):
    text = (
        "Huyện Phú Xuyên giải ngân vốn đầu tư công\n\n"
        f"{published}\n\n"
        "Từ đầu năm đến nay huyện Phú Xuyên giải ngân được 397 tỷ đồng vốn đầu tư công.\n"
    )
    assert (2022, period, "public_investment_vnd_bn", "actual", 397.0) in _facts(text)
