"""Measures and values read from the words around a figure; the cue table is validated."""

import pandas as pd
import pytest

from helpers.extract.indicators import cue_text, load_cue_rules, parse_cue_rules, read_figure
from helpers.extract.numbers import scan_quantities
from helpers.extract.textnorm import fold


def _read(sentence: str, figure: str):
    folded = fold(sentence)
    quantity = next(q for q in scan_quantities(sentence) if q.text == figure)
    left = " " + cue_text(folded[: quantity.start]).strip()
    right = " " + cue_text(folded[quantity.end :]).strip()
    return read_figure(quantity, left, right)


@pytest.mark.parametrize(
    ("sentence", "figure", "measure", "value"),
    [
        ("thu ngân sách vượt 11,6% dự toán năm", "11,6%", "pct_plan", 111.6),
        ("vượt chỉ tiêu thành phố giao ít nhất 5%", "5%", "pct_city_plan", 105),
        ("thu ngân sách đạt 112% kế hoạch năm", "112%", "pct_plan", 112),
        ("bằng 415% kế hoạch Thành phố giao", "415%", "pct_city_plan", 415),
        ("đạt 102,80% kế hoạch vốn thành phố giao", "102,80%", "pct_city_plan", 102.8),
        ("doanh thu tăng 19,2% so với cùng kỳ", "19,2%", "growth", 19.2),
        ("nông nghiệp giảm 0,5%", "0,5%", "growth", -0.5),
        ("bằng 74,5% so với cùng kỳ", "74,5%", "growth", -25.5),
        ("tốc độ tăng giá trị sản xuất từ 10% trở lên", "10%", "growth", 10),
        ("thương mại - dịch vụ chiếm 61,2%", "61,2%", "share", 61.2),
        ("tỷ lệ bao phủ bảo hiểm y tế đạt 92%", "92%", "pct", 92),
        ("đạt 21/21 chỉ tiêu", "21/21", "count_of_total", 21),
        ("đạt 1.050 tỷ đồng", "1.050 tỷ đồng", "amount", 1050),
    ],
)
def test_measures_and_values(sentence, figure, measure, value):
    reading = _read(sentence, figure)
    assert (reading.measure, pytest.approx(reading.value)) == (measure, value)


def test_averages_and_per_year_rates_are_not_growth_facts():
    assert _read("tăng bình quân 10%/năm", "10%") is None


def test_shipped_cue_table_is_valid():
    assert len(load_cue_rules()) > 30


def _table(**row: str) -> pd.DataFrame:
    base = {
        "indicator": "targets_met",
        "measures": "count_of_total",
        "side": "after",
        "pattern": "^ chi tieu",
        "requires": "",
        "kind": "",
        "value_rule": "",
        "note": "",
    }
    return pd.DataFrame([base | row])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"indicator": "no_such"}, "unknown indicator"),
        ({"measures": "pct|bogus"}, "unknown measure"),
        ({"side": "left"}, "unknown side"),
        ({"kind": "maybe"}, "unknown kind"),
        ({"pattern": "(unclosed"}, "bad pattern"),
    ],
)
def test_bad_cue_rows_fail_loudly_with_their_line(row, message):
    with pytest.raises(ValueError, match=f"line 2: .*{message}"):
        parse_cue_rules(_table(**row))
