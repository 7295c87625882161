"""The behavioural suite itself: its size, its ids, its wording lists and its slot arithmetic."""

from collections import Counter

import pytest

from behaviour.cases import MINIMUM_CASES, all_cases
from behaviour.harness import known_failures
from behaviour.minimum_function import Spec, build
from behaviour.templates import amount, district, districts, fill, phrase, vn_number, wording


def test_at_least_a_thousand_cases_with_unique_ids():
    ids = [case.id for case in all_cases()]
    assert len(ids) >= MINIMUM_CASES
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_every_known_failure_is_a_case():
    ids = {case.id for case in all_cases()}
    assert sorted(set(known_failures()) - ids) == []


@pytest.mark.parametrize("name", ["period", "amount", "base", "plan_base", "estimate", "figure"])
def test_every_row_of_a_swept_list_makes_a_case(name):
    ids = " ".join(case.id for case in all_cases() if case.family.startswith("mft"))
    assert [row.key for row in wording(name) if f".{row.key}." not in ids + "."] == []


def test_every_district_makes_a_case():
    ids = {case.id.split(".")[2] for case in all_cases() if case.family == "mft.district"}
    assert ids == {d.slug for d in districts()}


def test_keys_are_unique_within_each_list():
    for name in {"period", "name", "amount", "growth", "base", "plan_base", "figure"}:
        keys = [row.key for row in wording(name)]
        assert len(keys) == len(set(keys)), name


def test_fill_refuses_a_missing_slot():
    with pytest.raises(KeyError, match="district"):
        fill("{district}: {period}", {"period": "năm 2023"})


@pytest.mark.parametrize(
    ("value", "written"), [(1234.5, "1.234,5"), (2046.0, "2.046"), (9.8, "9,8"), (0.8, "0,8")]
)
def test_numbers_are_written_the_vietnamese_way(value, written):
    assert vn_number(value) == written


@pytest.mark.parametrize(
    ("key", "written", "value"),
    [
        ("dot_comma", "1.234,5 tỷ đồng", 1234.5),
        ("nghin_ty", "1,2 nghìn tỷ đồng", 1200.0),
        ("trieu", "582.900 triệu đồng", 582.9),
        ("ty_trieu", "696 tỷ 135 triệu đồng", 696.135),
    ],
)
def test_an_amount_states_its_value(key, written, value):
    assert amount(phrase("amount", key)) == (written, value)


def test_bang_below_a_hundred_is_a_fall_and_vuot_adds_a_hundred():
    spec = Spec(
        district("Tây Hồ"), 2023, figure="budget_all", growth="equal", pct="exceed", number=1
    )
    text, expected = build(spec)
    values = {key.indicator: key.value for key in expected}
    assert "bằng 87,7% so với cùng kỳ" in text
    assert values["budget_revenue_growth_pct"] == pytest.approx(-12.3)
    assert "vượt 12% dự toán" in text
    assert values["budget_revenue_pct_plan"] == pytest.approx(112.0)


def test_a_base_year_names_the_year_before_and_never_the_facts_year():
    spec = Spec(district("Sóc Sơn"), 2021, period="m9", figure="production", base="old_year")
    text, expected = build(spec)
    assert "so với cùng kỳ năm 2018" in text
    assert {(key.year, key.period) for key in expected} == {(2021, "9M")}
