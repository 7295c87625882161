"""Language data and value formatting of the brief."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.extract.reference.vocabulary import load_indicators
from helpers.render import labels
from helpers.tables.periods import period_sort_key


def test_every_language_has_the_same_ui_keys() -> None:
    keys = {lang: set(strings) for lang, strings in labels._ui_strings().items()}
    assert set(keys) == set(labels.LANGUAGES)
    assert keys["en"] == keys["vi"]
    assert labels.ui_text("latest_source", "vi") == "Nguồn mới nhất"


def test_english_numbers_cannot_be_misread_as_vietnamese_decimals() -> None:
    english = labels.format_value(1050.0, None, "vnd_bn", "en")
    assert english == "VND 1\u202f050 bn"
    assert "," not in english and "." not in english
    assert labels.format_number(1234567.5, "en") == "1\u202f234\u202f567.5"
    assert labels.format_number(1234567.5, "vi") == "1.234.567,5"


@pytest.mark.parametrize(
    "table",
    [
        labels.DISTRICT_TYPE_LABELS,
        labels.KIND_LABELS,
        labels.QUALIFIER_LABELS,
        labels.PERIOD_LABELS,
        labels.UNIT_FORMATS,
        labels.UNIT_AXIS_LABELS,
    ],
)
def test_label_tables_cover_both_languages_alike(table: dict[str, dict[str, str]]) -> None:
    assert set(table) == set(labels.LANGUAGES)
    assert set(table["en"]) == set(table["vi"])


def test_unknown_language_fails_naming_the_supported_ones() -> None:
    with pytest.raises(ValueError, match=r"'fr'.*en, vi"):
        labels.check_language("fr")
    with pytest.raises(ValueError):
        labels.ui_text("key_indicators_title", "fr")
    with pytest.raises(ValueError):
        labels.format_value(1.0, None, "pct", "de")


def test_unknown_keys_fail_loudly() -> None:
    with pytest.raises(KeyError, match="no UI text"):
        labels.ui_text("no_such_key", "en")
    with pytest.raises(KeyError, match="unknown indicator 'gdp'"):
        labels.indicator_label("gdp", "en")
    with pytest.raises(KeyError, match="unknown qualifier"):
        labels.qualifier_label("roughly", "en")
    with pytest.raises(KeyError, match="unknown unit"):
        labels.format_value(1.0, None, "usd", "en")
    with pytest.raises(KeyError, match="unknown period"):
        labels.period_label("H1", "en")


def test_indicator_labels_come_from_the_vocabulary() -> None:
    vocabulary = load_indicators()
    for indicator, row in vocabulary.iterrows():
        assert labels.indicator_label(str(indicator), "en") == row["label_en"]
        assert labels.indicator_label(str(indicator), "vi") == row["label_vi"]
    assert labels.indicator_label("other", "en") != labels.indicator_label("other", "vi")


@pytest.mark.parametrize(
    ("value", "total", "unit", "lang", "expected"),
    [
        (112.0, None, "pct", "en", "112 %"),
        (111.6, None, "pct", "vi", "111,6 %"),
        (14.37, None, "pct", "en", "14.37 %"),
        (102.8, None, "pct", "en", "102.8 %"),
        (1050.0, None, "vnd_bn", "en", "VND 1\u202f050 bn"),
        (1050.0, None, "vnd_bn", "vi", "1.050 tỷ đồng"),
        (98000.0, None, "vnd_bn", "vi", "98.000 tỷ đồng"),
        (5330.9, None, "vnd_bn", "vi", "5.330,9 tỷ đồng"),
        (2039.0, None, "count", "en", "2\u202f039"),
        (21.0, 21.0, "count_of_total", "en", "21/21"),
        (4.0, 30.0, "rank_of_total", "en", "4th of 30"),
        (1.0, 30.0, "rank_of_total", "en", "1st of 30"),
        (4.0, 30.0, "rank_of_total", "vi", "thứ 4/30"),
    ],
)
def test_format_value(
    value: float, total: float | None, unit: str, lang: str, expected: str
) -> None:
    assert labels.format_value(value, total, unit, lang) == expected


def test_signed_values_show_their_sign() -> None:
    assert labels.format_value(19.2, None, "pct", "en", signed=True) == "+19.2 %"
    assert labels.format_value(-25.5, None, "pct", "vi", signed=True) == "−25,5 %"
    assert labels.format_value(0.0, None, "pct", "en", signed=True) == "0 %"


def test_a_missing_total_is_an_error_for_units_that_need_one() -> None:
    with pytest.raises(ValueError, match="needs a total"):
        labels.format_value(21.0, None, "count_of_total", "en")
    with pytest.raises(ValueError, match="needs a total"):
        labels.format_value(4.0, pd.NA, "rank_of_total", "en")


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th")],
)  # fmt: skip
def test_english_ordinal(number: int, expected: str) -> None:
    assert labels.english_ordinal(number) == expected


def test_format_number_rounds_to_two_decimals_and_rejects_nan() -> None:
    assert labels.format_number(1234567.891, "en") == "1\u202f234\u202f567.89"
    assert labels.format_number(1234567.891, "vi") == "1.234.567,89"
    assert labels.format_number(-0.001, "en") == "0"
    with pytest.raises(ValueError, match="non-finite"):
        labels.format_number(float("nan"), "en")


def test_format_date() -> None:
    assert labels.format_date("2023-12-14", "en") == "14 Dec 2023"
    assert labels.format_date("2024-02-01", "vi") == "01/02/2024"
    assert labels.format_date("", "en") == "undated"
    assert labels.format_date("", "vi") == "không rõ ngày"
    with pytest.raises(ValueError, match="not YYYY-MM-DD"):
        labels.format_date("14/12/2023", "en")
    with pytest.raises(ValueError, match="not YYYY-MM-DD"):
        labels.format_date("2022-4", "en")


def test_format_date_keeps_the_precision_of_the_source() -> None:
    """An archive gives only the month (` date 2022-04`), some sources only the year."""
    assert labels.format_date("2022-04", "en") == "Apr 2022"
    assert labels.format_date("2022-04", "vi") == "04/2022"
    assert labels.format_date("2019", "en") == "2019"
    assert labels.format_date("2019", "vi") == "2019"


def test_periods_have_labels_and_an_order() -> None:
    assert labels.period_label("FY", "en") == "full year"
    assert labels.period_label("9M", "en") == "first 9 months"
    assert labels.period_label("Q3", "vi") == "quý III"
    ordered = sorted(["FY", "9M", "Q1", "6M", "Q4"], key=period_sort_key)
    assert ordered == ["Q1", "6M", "9M", "Q4", "FY"]


def test_qualifiers_keep_their_order() -> None:
    assert labels.qualifier_label("estimated;approx", "en") == "estimated, approx."
    assert labels.qualifier_label("", "vi") == ""
