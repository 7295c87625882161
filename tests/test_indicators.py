"""Measures read from the spans around a figure; topics and the topic table; precedence."""

import pandas as pd
import pytest

from helpers.extract.figures.numbers import scan_quantities
from helpers.extract.lexicon.spans import LabelledSentence
from helpers.extract.resolve.indicators import (
    load_topic_table,
    match_indicator,
    nearest_topic,
    parse_topic_table,
)
from helpers.extract.resolve.measures import read_figure
from helpers.extract.text.textnorm import fold


def _figure(sentence: str, figure: str):
    labelled = LabelledSentence.read(sentence, fold(sentence))
    quantity = next(q for q in scan_quantities(sentence) if q.text == figure)
    first, stop = labelled.token_at(quantity.start), labelled.token_at(quantity.end)
    return labelled, quantity, first, stop


def _read(sentence: str, figure: str):
    labelled, quantity, first, stop = _figure(sentence, figure)
    return read_figure(labelled, first, stop, quantity)


def _indicator(sentence: str, figure: str):
    labelled, quantity, first, stop = _figure(sentence, figure)
    reading = read_figure(labelled, first, stop, quantity)
    topic = nearest_topic(labelled, 0, quantity.start)
    match = match_indicator(reading, quantity.value, labelled, first, stop, topic)
    return None if match is None else (match.indicator, match.kind, match.value)


@pytest.mark.parametrize(
    ("sentence", "figure", "measure", "value"),
    [
        ("thu ngân sách vượt 11,6% dự toán năm", "11,6%", "pct_plan", 111.6),
        ("vượt chỉ tiêu thành phố giao ít nhất 5%", "5%", "pct_city_plan", 105),
        ("thu ngân sách đạt 112% kế hoạch năm", "112%", "pct_plan", 112),
        ("thu ngân sách đạt 112% KH năm", "112%", "pct_plan", 112),
        ("bằng 415% kế hoạch Thành phố giao", "415%", "pct_city_plan", 415),
        ("đạt 102,80% kế hoạch vốn thành phố giao", "102,80%", "pct_city_plan", 102.8),
        ("doanh thu tăng 19,2% so với cùng kỳ", "19,2%", "growth", 19.2),
        ("nông nghiệp giảm 0,5%", "0,5%", "growth", -0.5),
        ("công nghiệp giảm 22,5% và 9,1%", "9,1%", "growth", -9.1),
        ("bằng 74,5% so với cùng kỳ", "74,5%", "growth", -25.5),
        ("tốc độ tăng giá trị sản xuất từ 10% trở lên", "10%", "growth", 10),
        ("thương mại - dịch vụ chiếm 61,2%", "61,2%", "share", 61.2),
        ("tỷ lệ bao phủ bảo hiểm y tế đạt 92%", "92%", "pct", 92),
        ("đạt và vượt 100% kế hoạch", "100%", "pct_plan", 100),
        ("đạt 21/21 chỉ tiêu", "21/21", "count_of_total", 21),
        ("đạt 1.050 tỷ đồng", "1.050 tỷ đồng", "amount", 1050),
    ],
)
def test_measures_and_values(sentence, figure, measure, value):
    reading = _read(sentence, figure)
    assert (reading.measure, pytest.approx(reading.value)) == (measure, value)


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("tăng bình quân 10%/năm", "10%"),
        ("tăng 10%/năm", "10%"),
        ("vượt mốc 6.000 tỷ đồng", "6.000 tỷ đồng"),
    ],
)
def test_averages_and_milestones_are_not_facts(sentence, figure):
    assert _read(sentence, figure) is None


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        ("thu ngân sách ước đạt 112% kế hoạch", "112%", ("budget_revenue_pct_plan", "", 112)),
        (
            "tổng thu ngân sách đạt 5.400 tỷ đồng",
            "5.400 tỷ đồng",
            ("budget_revenue_vnd_bn", "", 5400),
        ),
        (
            "chi đầu tư đạt 415% kế hoạch Thành phố giao",
            "415%",
            ("public_investment_pct_city_plan", "", 415),
        ),
        ("giảm 40% hộ cận nghèo", "40%", ("near_poor_reduction_pct", "", 40)),
        ("đề ra 25 chỉ tiêu", "25", ("targets_set", "target", 25)),
        # A topic with no indicator claims its figures: land-use fees are not budget revenue.
        ("thu tiền sử dụng đất đạt 900 tỷ đồng", "900 tỷ đồng", None),
    ],
)
def test_topics_give_indicators(sentence, figure, expected):
    assert _indicator(sentence, figure) == expected


def test_a_verb_right_before_the_count_beats_the_noun_after_it():
    # The explicit precedence: "vượt kế hoạch 6 chỉ tiêu" is 6 targets exceeded, not 6 set.
    sentence = "Quận hoàn thành 21/21 chỉ tiêu, trong đó vượt kế hoạch 6 chỉ tiêu"
    assert _indicator(sentence, "21/21") == ("targets_met", "", 21)
    assert _indicator(sentence, "6") == ("targets_exceeded", "", 6)


def test_shipped_topic_table_is_valid():
    table = load_topic_table()
    assert table["budget_revenue", "amount"].indicator == "budget_revenue_vnd_bn"


def _table(**row: str) -> pd.DataFrame:
    base = {
        "topic": "budget_revenue",
        "measures": "amount",
        "indicator": "budget_revenue_vnd_bn",
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
        ({"kind": "maybe"}, "unknown kind"),
        ({"value_rule": "square"}, "unknown value_rule"),
        ({"topic": "no_such_topic"}, "no lexicon row has topic"),
    ],
)
def test_bad_topic_rows_fail_loudly_with_their_line(row, message):
    with pytest.raises(ValueError, match=f"line 2: .*{message}"):
        parse_topic_table(_table(**row))


def test_a_topic_and_measure_given_twice_fail():
    with pytest.raises(ValueError, match="given twice"):
        parse_topic_table(pd.concat([_table(), _table()]))


def test_a_topic_that_requires_an_unknown_context_row_fails_loudly(monkeypatch):
    from helpers.extract.lexicon import Lexicon, Row
    from helpers.extract.lexicon.rows import Attrs
    from helpers.extract.resolve import indicators

    bad = Row(
        id="topic.x",
        family="topics_after",
        pattern="x",
        label="topic_after",
        attrs=Attrs({"topic": "budget_revenue", "requires": "context.nowhere"}),
        priority=10,
        examples=(),
        counter_examples=(),
        source="topics_after.csv:2",
    )
    monkeypatch.setattr(indicators, "load_lexicon", lambda: Lexicon([bad]))
    with pytest.raises(ValueError, match=r"requires=context\.nowhere names no row"):
        parse_topic_table(_table())
