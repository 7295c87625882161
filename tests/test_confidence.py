"""A fact's confidence: `high`, or `review` with the signals its evidence fires."""

from __future__ import annotations

import pytest

from helpers.extract.facts import extract_article
from helpers.extract.resolve.confidence import REVIEW_SIGNALS, review_signals, usual_ranges

PLAIN = {"district_named": True, "several_districts": False, "conflicting": False}


def _signals(
    rule: str = "time=time.year",
    indicator: str = "budget_revenue_vnd_bn",
    kind: str = "actual",
    value: float = 1000.0,
    total: float | None = None,
    **evidence: bool,
) -> tuple[str, ...]:
    return review_signals(rule, indicator, kind, value, total, **(PLAIN | evidence))


def test_a_figure_dated_by_its_own_sentence_is_high() -> None:
    assert _signals() == ()


@pytest.mark.parametrize(
    ("rule", "signal"),
    [
        ("time=publication_year", "weak_year"),
        ("time=year_after_comparison_base", "weak_year"),
        ("time=time.year_under_review+publication_year", "weak_year"),
        ("indicator=topic.x", "weak_year"),  # no time at all
        ("time=time.to_date;period=time.first_months", "moved_period"),
        ("time=time.year;period=article_frame", "moved_period"),
    ],
)
def test_time_signals(rule: str, signal: str) -> None:
    assert signal in _signals(rule=rule)


@pytest.mark.parametrize(
    ("indicator", "value", "total", "unusual"),
    [
        ("budget_revenue_pct_plan", 112.0, None, False),
        ("budget_revenue_pct_plan", 3.0, None, True),
        ("budget_revenue_pct_plan", 1200.0, None, True),
        ("production_value_growth_pct", -18.9, None, False),
        ("production_value_growth_pct", 409.0, None, True),
        ("services_share_pct", 105.0, None, True),
        ("targets_met", 21.0, 21.0, False),
        ("targets_met", 22.0, 21.0, True),
        ("budget_revenue_vnd_bn", 1e5, None, False),  # amounts have no usual range
    ],
)
def test_unusual_values(indicator: str, value: float, total: float | None, unusual: bool) -> None:
    assert ("unusual_value" in _signals(indicator=indicator, value=value, total=total)) is unusual


def test_targets_attribution_and_conflicts_are_signals() -> None:
    assert _signals(kind="target") == ("target",)
    assert _signals(district_named=False, several_districts=True) == ("district_by_context",)
    assert _signals(district_named=False) == ()  # one district: the article's subject
    assert _signals(conflicting=True) == ("conflicting_values",)


def test_a_topic_that_does_not_say_its_measure_is_a_signal() -> None:
    rule = "indicator=topic.trade_tourism_growth;measure=measure.growth_verb;time=time.year"
    assert _signals(rule=rule, indicator="trade_services_revenue_growth_pct", value=9.0) == (
        "unnamed_measure",
    )
    assert _signals(rule="indicator=topic.trade_revenue;time=time.year") == ()


def test_signals_come_in_their_declared_order() -> None:
    fired = _signals(rule="time=publication_year;period=x", kind="target", conflicting=True)
    assert fired == tuple(s for s in REVIEW_SIGNALS if s in fired) and len(fired) == 4


def test_usual_ranges_cover_every_basis_with_a_range() -> None:
    assert {"plan", "city_plan", "yoy", "share"} <= set(usual_ranges())
    assert all(low < high for low, high in usual_ranges().values())


def _facts(text: str) -> list:
    return [f for f in extract_article(text, "a").facts if f.indicator != "other"]


TWO_SOURCES = """Huyện Đông Anh: kết quả năm 2023

Năm 2023, thu ngân sách nhà nước trên địa bàn huyện Đông Anh đạt 27.147 tỷ đồng.

Tại hội nghị, huyện cho biết năm 2023 thu ngân sách nhà nước đạt 25.081 tỷ đồng.
"""

TWO_BASES = """Huyện Thanh Trì: kết quả 9 tháng năm 2021

Tổng thu ngân sách nhà nước 9 tháng năm 2021 ước thực hiện 1.387,8 tỷ đồng, đạt 80% dự toán thành phố giao, đạt 80,4% dự toán HĐND huyện giao.
"""


def test_one_article_disagreeing_with_itself_is_reviewed() -> None:
    facts = _facts(TWO_SOURCES)
    assert [f.value for f in facts] == [27147.0, 25081.0]
    assert {f.confidence for f in facts} == {"review"}
    assert all("review=conflicting_values" in f.rule for f in facts)


def test_two_plan_bases_in_one_sentence_are_no_conflict() -> None:
    facts = _facts(TWO_BASES)
    percents = [f for f in facts if f.indicator == "budget_revenue_pct_plan"]
    assert [f.value for f in percents] == [80.0, 80.4]
    assert {f.confidence for f in facts} == {"high"}


def test_a_goal_is_reviewed_and_a_result_is_not() -> None:
    text = TWO_BASES + "\nNăm 2022, huyện phấn đấu thu ngân sách đạt 1.900 tỷ đồng.\n"
    by_kind = {f.kind: f.confidence for f in _facts(text)}
    assert by_kind == {"actual": "high", "target": "review"}


def test_a_topic_far_before_its_figure_is_a_signal() -> None:
    assert "distant_topic" in _signals(rule="indicator=topic.x;time=time.year;topic_reach=far")
    near = (
        "Huyện Ba Vì: kinh tế tăng trưởng khá\n\n"
        "Năm 2023, thu ngân sách nhà nước trên địa bàn huyện Ba Vì đạt 1.250 tỷ đồng.\n"
    )
    far = (
        "Huyện Ba Vì: kinh tế tăng trưởng khá\n\n"
        "Năm 2023, thu ngân sách nhà nước trên địa bàn huyện Ba Vì, nhờ sự chỉ đạo quyết liệt "
        "của cấp ủy, chính quyền và sự đồng thuận của người dân, doanh nghiệp trên địa bàn, "
        "cùng nhiều giải pháp đồng bộ được triển khai suốt cả năm, đạt 1.250 tỷ đồng.\n"
    )
    (near_fact,) = [f for f in extract_article(near, "a").facts if f.indicator != "other"]
    (far_fact,) = [f for f in extract_article(far, "b").facts if f.indicator != "other"]
    assert near_fact.confidence == "high" and "topic_reach" not in near_fact.rule
    assert far_fact.indicator == near_fact.indicator == "budget_revenue_vnd_bn"
    assert far_fact.confidence == "review" and "distant_topic" in far_fact.rule


PASSING_LEAD = (
    "Ngân hàng tăng vốn cho vay mua nhà\n\n"
    "Nhiều ngân hàng thương mại vừa công bố gói vay mới cho người mua nhà ở xã hội.\n\n"
    "Lãi suất cho vay dao động từ 6% đến 8% mỗi năm, tuỳ kỳ hạn.\n\n"
    "Các chuyên gia cho rằng nhu cầu mua nhà vẫn còn lớn.\n\n"
)
PASSING_FIGURE = (
    "Năm 2023, thu ngân sách nhà nước trên địa bàn huyện Gia Lâm đạt 3.250 tỷ đồng, "
    "theo báo cáo của UBND huyện Gia Lâm.\n"
)


@pytest.mark.parametrize(
    ("lead", "in_passing"),
    [
        (PASSING_LEAD, True),  # the title and lead are about something else
        (PASSING_LEAD.replace("Nhiều ngân hàng", "Tại huyện Gia Lâm, nhiều ngân hàng"), False),
        ("Huyện Gia Lâm: kinh tế tăng trưởng khá\n\n", False),  # the title names it
        (
            PASSING_LEAD.replace("Các chuyên gia", "Kinh tế huyện tăng trưởng khá; các chuyên gia"),
            False,
        ),
    ],
)
def test_a_district_named_only_after_the_lead_is_named_in_passing(
    lead: str, in_passing: bool
) -> None:
    (fact,) = [
        f for f in extract_article(lead + PASSING_FIGURE, "a").facts if f.indicator != "other"
    ]
    assert (fact.indicator, fact.value) == ("budget_revenue_vnd_bn", 3250.0)
    assert ("district_in_passing" in fact.rule) is in_passing
