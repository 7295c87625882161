"""Tests for helpers.extract.figures.numbers: Vietnamese number parsing and figure scanning."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.extract.figures.numbers import Quantity, parse_vn_number, scan_quantities
from helpers.extract.text.textnorm import fold

# --- parse_vn_number ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.050", 1050),
        ("9,8", 9.8),
        ("5.330,9", 5330.9),
        ("102,80", 102.8),
        ("1.234.567", 1234567),
        ("2.039", 2039),
        ("9.8", 9.8),
        ("0.500", 0.5),
        ("12.3456", 12.3456),
        ("0,5", 0.5),
        ("21", 21),
        (" 1.050 ", 1050),
    ],
)
def test_parse_vn_number(text: str, expected: float) -> None:
    assert parse_vn_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text", ["", " ", "abc", "1.2.3", "1,234.5", "12.34.567", "1234.567", ",5", "5,", "-5", "1 050"]
)
def test_parse_vn_number_rejects_malformed_text_naming_it(text: str) -> None:
    with pytest.raises(ValueError, match="not a Vietnamese number") as error:
        parse_vn_number(text)
    assert repr(text) in str(error.value)


def _vn_format(integer_part: int, decimals: str) -> str:
    grouped = f"{integer_part:,}".replace(",", ".")
    return f"{grouped},{decimals}" if decimals else grouped


@given(
    integer_part=st.integers(min_value=0, max_value=10**12),
    decimals=st.text(alphabet="0123456789", max_size=4),
)
def test_vietnamese_formatted_numbers_round_trip(integer_part: int, decimals: str) -> None:
    written = _vn_format(integer_part, decimals)
    expected = float(f"{integer_part}.{decimals or '0'}")
    assert parse_vn_number(written) == expected


# --- scan_quantities: what is a figure -------------------------------------------


Found = tuple[str, float, float | None, str]


def _found(text: str) -> list[Found]:
    return [(q.text, q.value, q.total, q.unit) for q in scan_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tăng 9,8% so với cùng kỳ", [("9,8%", 9.8, None, "pct")]),
        ("tăng 9,8 % so với cùng kỳ", [("9,8 %", 9.8, None, "pct")]),
        ("đạt 102,80% kế hoạch", [("102,80%", 102.8, None, "pct")]),
        ("là 8,3% trở lên.", [("8,3%", 8.3, None, "pct")]),
        ("giảm 5 phần trăm", [("5 phần trăm", 5, None, "pct")]),
        ("đạt 1.050 tỷ đồng", [("1.050 tỷ đồng", 1050, None, "vnd_bn")]),
        ("đạt 966 tỷ đồng.", [("966 tỷ đồng", 966, None, "vnd_bn")]),
        ("gần 98 nghìn tỷ đồng", [("98 nghìn tỷ đồng", 98000, None, "vnd_bn")]),
        ("gần 98 ngàn tỷ,", [("98 ngàn tỷ", 98000, None, "vnd_bn")]),
        ("1,2 nghìn tỷ", [("1,2 nghìn tỷ", 1200, None, "vnd_bn")]),
        ("5 tỷ 300 triệu đồng", [("5 tỷ 300 triệu đồng", 5.3, None, "vnd_bn")]),
        ("450 triệu đồng", [("450 triệu đồng", 0.45, None, "vnd_bn")]),
        ("thu 5.400 tỷ, tăng", [("5.400 tỷ", 5400, None, "vnd_bn")]),
        ("5,5 tỉ đồng", [("5,5 tỉ đồng", 5.5, None, "vnd_bn")]),
        ("500.000 đồng/người", [("500.000 đồng/người", 0.0005, None, "other")]),  # a rate
        ("750 triệu đồng/ha", [("750 triệu đồng/ha", 0.75, None, "other")]),
        (
            "966 tỷ đồng bằng 415%",
            [("966 tỷ đồng", 966, None, "vnd_bn"), ("415%", 415, None, "pct")],
        ),
        ("2 tỷ VNĐ", [("2 tỷ VNĐ", 2, None, "vnd_bn")]),
        ("2 triệu USD", [("2 triệu USD", 2e6, None, "other")]),
        ("1,5 tỷ đô la Mỹ", [("1,5 tỷ đô la Mỹ", 1.5e9, None, "other")]),
        ("300 USD", [("300 USD", 300, None, "other")]),
        ("21/21 chỉ tiêu", [("21/21", 21, 21, "count_of_total")]),
        ("12/12 chỉ tiêu", [("12/12", 12, 12, "count_of_total")]),
        ("6/21 chỉ tiêu", [("6/21", 6, 21, "count_of_total")]),
        ("150/2.000 hộ", [("150/2.000", 150, 2000, "count_of_total")]),
        ("đứng thứ 4/30 quận", [("thứ 4/30", 4, 30, "rank_of_total")]),
        ("xếp hạng 2/30", [("hạng 2/30", 2, 30, "rank_of_total")]),
        ("2.039 doanh nghiệp", [("2.039", 2039, None, "count")]),
        ("có 6 chỉ tiêu", [("6", 6, None, "count")]),
        ("05 chỉ tiêu", [("05", 5, None, "count")]),
        ("tổng số 150 suất quà", [("150", 150, None, "count")]),
        ("1,2 triệu lượt khách", [("1,2 triệu", 1.2e6, None, "count")]),
        ("3 vạn lượt người", [("3 vạn", 3e4, None, "count")]),
        ("hơn 24 vạn người", [("24 vạn", 2.4e5, None, "count")]),
        ("4,5 vạn lượt khách", [("4,5 vạn", 4.5e4, None, "count")]),
        ("5 đồng chí", [("5", 5, None, "count")]),
        ("Huy hiệu 75 tuổi Đảng", [("75 tuổi", 75, None, "other")]),
        ("6 tháng đầu năm", [("6 tháng", 6, None, "other")]),
        ("tăng gấp 3 lần", [("3 lần", 3, None, "other")]),
        ("giảm 3 điểm %", [("3 điểm", 3, None, "other")]),
        ("15 ha đất", [("15 ha", 15, None, "other")]),
        ("đạt 2000%", [("2000%", 2000, None, "pct")]),
        ("2020 tỷ đồng", [("2020 tỷ đồng", 2020, None, "vnd_bn")]),
        ("Quận Tây Hồ:21/21 chỉ tiêu", [("21/21", 21, 21, "count_of_total")]),
        ("năm 2022.Tổng thu 9,8%", [("9,8%", 9.8, None, "pct")]),
    ],
)
def test_scan_finds_figures(
    text: str, expected: list[tuple[str, float, float | None, str]]
) -> None:
    found = _found(text)
    assert [(t, unit, total) for t, _, total, unit in found] == [
        (t, unit, total) for t, _, total, unit in expected
    ]
    assert [v for _, v, _, _ in found] == pytest.approx([v for _, v, _, _ in expected])


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 14/12, quận tổ chức hội nghị",
        "ngày 5/6",
        "sáng 5/6",
        "Chiều 12/12 hội nghị",
        "23/01/2025 20:53",
        "đến ngày 31-12-2022",
        "ngày 5-5-2022 của",
        "tháng 6/2023",
        "6/2023",
        "năm 2023",
        "nhiệm kỳ 2020 – 2025",
        "giai đoạn 2021-2025",
        "2020-2025",
        "từ 5-7 người",
        "Chỉ thị số 24-CT/TU",
        "Nghị quyết số 15-CT/TƯ",
        "Nghị định 168",
        "Quyết định số 123/QĐ-UBND",
        "Luật số 47/2019",
        "Thông tư số 12",
        "dịch Covid-19",
        "COVID 19",
        "khóa VI",
        "khoá 26",
        "Nghị quyết Trung ương 4",
        "tayho.hanoi.gov.vn-medias-1-35-2024-1-6-_8f5b75e1-b743-43d0-ad4a-\n57b942e6b512.jpg",
        "https://hanoi.gov.vn/tin-tuc/2024/12/bai-15.html",
        "ảnh IMG_2023.jpg",
        "A1 và 5G",
        "10:05 (GMT+7)",
        "đường Vành đai 4",
        "30km",
        "giá 500.000đ",
        "năm thứ 4 thực hiện",
        "lần thứ 4",
        "công nghiệp 4.0",
        "ĐT: 0243 825 3565",
        "(024) 3825 3565",
        "hotline 0912345678",
        "+84 912 345 678",
        "14/12/2023",
        "5.6.2023",
        "lúc 20:53",
        "tỷ lệ 1:500",
        "ngày 14 tháng 12 năm 2023",
        "quý 3",
        "1.2.3",
        "thứ 5/4",
        "0/0",
        "21/0",
    ],
)
def test_scan_skips_non_figures(text: str) -> None:
    assert scan_quantities(text) == []


def test_scan_offsets_cover_the_figure_and_units() -> None:
    text = "Thu ngân sách đạt 1.050 tỷ đồng, tăng 9,8% và hoàn thành 21/21 chỉ tiêu."
    quantities = scan_quantities(text)
    assert [text[q.start : q.end] for q in quantities] == ["1.050 tỷ đồng", "9,8%", "21/21"]
    assert all(q.text == text[q.start : q.end] for q in quantities)


def test_scan_keeps_order_and_never_overlaps() -> None:
    text = "5 tỷ 300 triệu đồng, 8,3% trở lên, đứng thứ 4/30, 6 chỉ tiêu, 2 triệu USD"
    quantities = scan_quantities(text)
    assert [q.unit for q in quantities] == [
        "vnd_bn",
        "pct",
        "rank_of_total",
        "count",
        "other",
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(quantities))


def test_scan_seed_like_paragraph() -> None:
    text = (
        "Ngày 14/12, quận Tây Hồ tổ chức hội nghị, nhiệm kỳ 2020 – 2025. Năm 2023, quận "
        "hoàn thành 21/21 chỉ tiêu (trong đó, có 6 chỉ tiêu vượt kế hoạch). Giá trị sản xuất "
        "tăng 9,8% so với cùng kỳ; chi đầu tư xây dựng đạt 966 tỷ đồng bằng 415% kế hoạch. "
        "Tây Hồ đứng thứ 4/30 quận, huyện, thị xã theo Chỉ thị số 24-CT/TU."
    )
    assert _found(text) == [
        ("21/21", 21.0, 21.0, "count_of_total"),
        ("6", 6.0, None, "count"),
        ("9,8%", 9.8, None, "pct"),
        ("966 tỷ đồng", 966.0, None, "vnd_bn"),
        ("415%", 415.0, None, "pct"),
        ("thứ 4/30", 4.0, 30.0, "rank_of_total"),
    ]


def test_line_break_ends_a_figure() -> None:
    assert _found("đạt 98\ntỷ đồng") == [("98", 98.0, None, "count")]


def test_quantity_is_frozen() -> None:
    quantity = scan_quantities("9,8%")[0]
    assert isinstance(quantity, Quantity)
    with pytest.raises(AttributeError):
        quantity.value = 1.0  # type: ignore[misc]


# --- property: a random figure in a sentence is found ---------------------------

_PREFIXES = ["Năm 2023, quận ghi nhận", "Kết quả:", "Theo báo cáo, thu ngân sách đạt", ""]
_SUFFIXES = [" so với cùng kỳ.", ", vượt kế hoạch.", " (ước đạt).", ""]


@st.composite
def _figure(draw: st.DrawFn) -> tuple[str, float, float | None, str]:
    integer_part = draw(st.integers(min_value=1, max_value=10**9))
    decimals = draw(st.text(alphabet="0123456789", min_size=1, max_size=2) | st.just(""))
    number = _vn_format(integer_part, decimals)
    value = float(f"{integer_part}.{decimals or '0'}")
    kind = draw(st.sampled_from(["pct", "bn", "thousand_bn", "ratio", "count"]))
    if kind == "pct":
        return f"{number}%", value, None, "pct"
    if kind == "bn":
        return f"{number} tỷ đồng", value, None, "vnd_bn"
    if kind == "thousand_bn":
        return f"{number} nghìn tỷ đồng", value * 1000, None, "vnd_bn"
    if kind == "ratio":
        whole = draw(st.integers(min_value=1, max_value=500))
        part = draw(st.integers(min_value=1, max_value=whole))
        return f"{part}/{whole}", float(part), float(whole), "count_of_total"
    if decimals == "" and 1900 <= integer_part <= 2100:
        number, value = f"{number},5", integer_part + 0.5
    return f"{number} doanh nghiệp", value, None, "count"


@given(figure=_figure(), prefix=st.sampled_from(_PREFIXES), suffix=st.sampled_from(_SUFFIXES))
def test_random_figure_in_a_sentence_is_found(
    figure: tuple[str, float, float | None, str], prefix: str, suffix: str
) -> None:
    written, value, total, unit = figure
    text = f"{prefix} {written}{suffix}"
    start = len(prefix) + 1
    expected_end = start + (len(written.split(" ")[0]) if unit == "count" else len(written))
    quantities = [q for q in scan_quantities(text) if q.start >= start]
    assert len(quantities) == 1
    found = quantities[0]
    assert (found.start, found.end, found.unit, found.total) == (start, expected_end, unit, total)
    assert found.value == pytest.approx(value, rel=1e-12)


_PIECES = [
    "1",
    "0",
    "9",
    "2023",
    "1.050",
    "5,3",
    ".",
    ",",
    "/",
    "-",
    ":",
    "%",
    " ",
    "\n",
    "(",
    ")",
    "tỷ",
    "nghìn",
    "triệu",
    "đồng",
    "USD",
    "thứ",
    "ngày",
    "năm",
    "tháng",
    "số",
    "chỉ tiêu",
    "Covid",
    "A",
    "đ",
    "+",
    "_",
    "jpg",
]


@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=30))
def test_scan_of_any_text_is_ordered_disjoint_and_exact(pieces: list[str]) -> None:
    text = "".join(pieces)
    quantities = scan_quantities(text)
    assert all(0 <= q.start < q.end <= len(text) for q in quantities)
    assert all(q.text == text[q.start : q.end] for q in quantities)
    assert all(a.end <= b.start for a, b in itertools.pairwise(quantities))
    assert all(q.value >= 0 for q in quantities)
    assert all((q.total is not None) == q.unit.endswith("_of_total") for q in quantities)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("đạt 2.165 tỷ 622 trđ, tăng", 2165.622),
        ("ước thực hiện 696 tỷ 135 trđ", 696.135),
        ("thu 2.046 ty dong, tang 9,8%", 2046.0),
        ("dat 1,2 nghin ty dong", 1200.0),
        ("350 trieu dong", 0.35),
        ("chi 45 trđ", 0.045),
    ],
)
def test_money_abbreviated_or_without_diacritics(text, value):
    (amount,) = [q for q in scan_quantities(text) if q.unit == "vnd_bn"]
    assert amount.value == pytest.approx(value)


@pytest.mark.parametrize(
    "amounts",
    [
        "4.307 tỷ/8.386 tỷ đồng",
        "4.307 tỉ/8.386 tỉ đồng",
        "4.307 tỷ/ 8.386 tỷ",
        "1.205 tỷ/980 tỷ đồng",
    ],
)
@pytest.mark.parametrize("fold_text", [False, True], ids=["diacritics", "none"])
def test_amount_over_the_plan_amount_is_money_with_or_without_diacritics(amounts, fold_text):
    """`ước thu 4.307 tỷ/8.386 tỷ đồng`: the amount reached over the plan's; an outlet that
    drops diacritics (`4.307 ty/8.386 ty dong`) gives the same money figure first."""
    text = f"Ước thu ngân sách đạt {amounts}, đạt 51,4% dự toán"
    if fold_text:
        text = fold(text)
    money = [q for q in scan_quantities(text) if q.unit == "vnd_bn"]
    assert money and money[0].text.startswith(amounts.split("/")[0].split()[0])
    assert money[0].value == pytest.approx(float(amounts.split()[0].replace(".", "")))


@pytest.mark.parametrize("text", ["5 công ty", "thành lập 12 cong ty", "28 trđ/người/năm"])
def test_no_money_where_none_is_written(text):
    assert [q for q in scan_quantities(text) if q.unit == "vnd_bn"] == []
