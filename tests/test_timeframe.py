"""Year and period mentions, and what is not one."""

import pytest

from helpers.extract.resolve.timeframe import UNCODED, find_time_mentions
from helpers.extract.text.textnorm import fold, nfc


def _times(text: str) -> list[tuple]:
    mentions = find_time_mentions(fold(nfc(text)))
    return [(m.year, m.period, m.relative, m.horizon) for m in mentions if not m.base]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Năm 2023, quận", [(2023, None, None, False)]),
        ("6 tháng đầu năm 2024, huyện", [(2024, "6M", None, False)]),
        ("9 tháng năm 2019", [(2019, "9M", None, False)]),
        ("11 tháng, thu ngân sách", [(None, "11M", None, False)]),
        ("quý I/2024 đạt", [(2024, "Q1", None, False)]),
        ("Quý III năm 2023", [(2023, "Q3", None, False)]),
        ("quý 2 năm 2022", [(2022, "Q2", None, False)]),
        ("3 tháng đầu năm 2021", [(2021, "Q1", None, False)]),
        ("đến hết tháng 10/2023", [(2023, "10M", None, False)]),
        ("nửa đầu năm 2020", [(2020, "6M", None, False)]),
        ("năm sau phấn đấu", [(None, None, 1, False)]),
        ("phấn đấu đến năm 2025 đạt", [(2025, "FY", None, True)]),
        ("tính đến ngày 31-12-2022", [(2022, "FY", None, False)]),
        ("Tính đến ngày 31/3, quận", [(None, "Q1", None, False)]),
        ("cả năm 2024 phấn đấu", [(2024, "FY", None, False)]),
        ("Từ đầu năm 2022 đến nay, huyện", [(2022, None, None, False)]),
        ("lũy kế từ đầu năm", [(None, None, None, False)]),
    ],
)
def test_mentions(text, expected):
    assert _times(text) == expected


def test_cumulative_to_date_mentions_take_their_months_from_the_framing():
    (mention,) = find_time_mentions(fold("từ đầu năm 2022 đến nay"))
    assert mention.to_date and mention.period is None


@pytest.mark.parametrize(
    "text",
    [
        "tăng 14,37% so với năm 2021",
        "so với cùng kỳ năm 2022",
        "giảm 1,5 điểm % so với mức tăng của năm 2021",
        "nhiệm kỳ 2020-2025",
        "giai đoạn 2021 – 2025",
        "Kế hoạch 5 năm 2021 - 2025",
        "tầm nhìn đến năm 2045",
    ],
)
def test_comparisons_spans_and_horizons_are_not_the_year_of_a_figure(text):
    assert [t for t in _times(text) if t[1] is not None or t[0] is not None] == []


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("6 tháng cuối năm", None),
        ("3 tháng cuối năm 2020", 2020),
        ("sáu tháng cuối năm 2019", 2019),
    ],
)
def test_the_last_months_of_a_year_are_a_time_no_period_code_names(text, year):
    (mention,) = find_time_mentions(fold(text))
    assert (mention.period, mention.year) == (UNCODED, year)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Tám tháng đầu năm 2018", "8M"),
        ("sáu tháng đầu năm", "6M"),
        ("chín tháng năm 2020", "9M"),
        ("mười một tháng năm 2022", "11M"),
        ("ba tháng đầu năm", "Q1"),
    ],
)
def test_months_counted_in_words(text, period):
    (mention,) = find_time_mentions(fold(text))
    assert mention.period == period


def test_a_bare_count_of_months_is_no_period():
    assert find_time_mentions(fold("trong hai tháng qua")) == []


def test_a_comparison_year_is_kept_as_a_base_only():
    (base,) = find_time_mentions(fold("tăng 7,1% so với cùng kỳ năm 2020"))
    assert (base.year, base.base) == (2020, True)
