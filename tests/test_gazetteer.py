"""Tests for helpers.extract.reference.gazetteer: the district list, name resolution and mentions in text."""

from __future__ import annotations

import csv
import unicodedata
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.extract.reference.gazetteer import (
    District,
    UnknownDistrictError,
    districts,
    find_mentions,
    names_a_district_in_context,
    resolve_district,
    slugify,
)

DISTRICT_COUNT = 30


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_districts_are_the_package_data_in_file_order() -> None:
    data = resources.files("helpers.extract.data").joinpath("hanoi_districts.csv")
    with data.open(encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert [d.name for d in districts()] == names
    assert len(districts()) == DISTRICT_COUNT
    assert {d.type for d in districts()} == {"quận", "huyện", "thị xã"}
    assert {d.province for d in districts()} == {"Hà Nội"}


def test_every_slug_is_the_slugified_name() -> None:
    assert all(d.slug == slugify(d.name) for d in districts())
    assert len({d.slug for d in districts()}) == DISTRICT_COUNT


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Đống Đa", "dong-da"),
        ("Ứng Hòa", "ung-hoa"),
        ("Hai Bà Trưng", "hai-ba-trung"),
        (_nfd("Đống Đa"), "dong-da"),
        ("  Thị xã  Sơn Tây ", "thi-xa-son-tay"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    "text",
    [
        "Tây Hồ",
        "tây hồ",
        "TÂY HỒ",
        _nfd("Tây Hồ"),
        "Tay Ho",
        "tay ho",
        "tay-ho",
        "Tây Ho",
        "quận Tây Hồ",
        "Quận Tây Hồ",
        "quan tay ho",
        "quận-tây-hồ",
        "  Tây   Hồ  ",
    ],
)
def test_resolve_district_spellings_of_tay_ho(text: str) -> None:
    assert resolve_district(text).name == "Tây Hồ"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ứng Hoà", "Ứng Hòa"),
        ("huyen Ung Hoa", "Ứng Hòa"),
        (_nfd("Ứng Hoà"), "Ứng Hòa"),
        ("thị xã Sơn Tây", "Sơn Tây"),
        ("thi-xa-son-tay", "Sơn Tây"),
        ("Đông Anh", "Đông Anh"),
        ("dong-da", "Đống Đa"),
        ("Bắc Từ Liêm", "Bắc Từ Liêm"),
    ],
)
def test_resolve_district_other_names(text: str, name: str) -> None:
    district = resolve_district(text)
    assert isinstance(district, District)
    assert district.name == name


def test_resolve_every_district_by_name_and_slug() -> None:
    for district in districts():
        assert resolve_district(district.name) is district
        assert resolve_district(district.slug) is district
        assert resolve_district(f"{district.type} {district.name}") is district


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Tây Hô", "Tây Hồ"),
        ("Đồng Anh", "Đông Anh"),
        ("Hoan Kiem Lake", "Hoàn Kiếm"),
        ("Paris", None),
        ("Cau Giayy", "Cầu Giấy"),
        ("quận", None),
        ("", None),
    ],
)
def test_unknown_district_names_input_suggestion_and_valid_names(
    text: str, suggestion: str | None
) -> None:
    with pytest.raises(UnknownDistrictError) as raised:
        resolve_district(text)
    error = raised.value
    assert isinstance(error, ValueError)
    assert error.suggestion == suggestion
    message = str(error)
    assert repr(text) in message
    assert all(d.name in message for d in districts())
    if suggestion:
        assert f"Did you mean {suggestion!r}" in message


# --- find_mentions -------------------------------------------------------------


def _mentions(text: str) -> list[tuple[str, str, str | None]]:
    return [(text[m.start : m.end], m.district.name, m.type_word) for m in find_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quận Tây Hồ tổ chức", [("Quận Tây Hồ", "Tây Hồ", "quận")]),
        ("QUẬN TÂY HỒ", [("QUẬN TÂY HỒ", "Tây Hồ", "quận")]),
        ("trên địa bàn quận Tây Hồ.", [("quận Tây Hồ", "Tây Hồ", "quận")]),
        ("quan Tay Ho", [("quan Tay Ho", "Tây Hồ", "quận")]),
        ("Tây Hồ đứng thứ 4", [("Tây Hồ", "Tây Hồ", None)]),
        ("huyện Ứng Hoà", [("huyện Ứng Hoà", "Ứng Hòa", "huyện")]),
        ("Ứng Hòa và Ứng Hoà", [("Ứng Hòa", "Ứng Hòa", None), ("Ứng Hoà", "Ứng Hòa", None)]),
        ("Thị xã Sơn Tây", [("Thị xã Sơn Tây", "Sơn Tây", "thị xã")]),
        ("THỊ XÃ SƠN TÂY", [("THỊ XÃ SƠN TÂY", "Sơn Tây", "thị xã")]),
        ("huyện Dong Anh", [("huyện Dong Anh", "Đông Anh", "huyện")]),
        ("(Ba Đình)", [("Ba Đình", "Ba Đình", None)]),
        ("Hoàn Kiếm  hoàn thành", [("Hoàn Kiếm", "Hoàn Kiếm", None)]),
        ("Quận  Hoàn\u00a0Kiếm", [("Quận  Hoàn\u00a0Kiếm", "Hoàn Kiếm", "quận")]),
        ("Quán Tây Hồ", [("Tây Hồ", "Tây Hồ", None)]),
        (
            "Nam Từ Liêm, Bắc Từ Liêm",
            [("Nam Từ Liêm", "Nam Từ Liêm", None), ("Bắc Từ Liêm", "Bắc Từ Liêm", None)],
        ),
        ("Hà Đông – Đông Anh", [("Hà Đông", "Hà Đông", None), ("Đông Anh", "Đông Anh", None)]),
    ],
)
def test_find_mentions(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _mentions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "dạo quanh hồ Tây",
        "Hồ Tây",
        "đồng anh",
        "Đồng Anh",
        "Đông Ánh",
        "TâyHồ",
        "Tây Hồng",
        "ĐôngAnh",
        "tuổi thanh xuân",
        "Tây\nHồ",
        "",
    ],
)
def test_find_mentions_ignores_non_mentions(text: str) -> None:
    assert find_mentions(text) == []


def test_every_district_is_found_in_text_with_its_type() -> None:
    text = "; ".join(f"{d.type} {d.name}" for d in districts())
    mentions = find_mentions(text)
    assert [m.district for m in mentions] == list(districts())
    assert [m.type_word for m in mentions] == [d.type for d in districts()]
    assert [text[m.start : m.end] for m in mentions] == [f"{d.type} {d.name}" for d in districts()]


def test_every_district_is_found_without_diacritics() -> None:
    text = ", ".join(slugify(d.name).replace("-", " ").title() for d in districts())
    assert [m.district for m in find_mentions(text)] == list(districts())


def _spelled(word: str, style: str) -> str:
    """One way of writing a name's word: as is, upper case, or without diacritics."""
    if style == "upper":
        return word.upper()
    if style == "bare":
        return slugify(word).title()
    return word


@given(
    district=st.sampled_from(districts()),
    styles=st.lists(st.sampled_from(["as is", "upper", "bare"]), min_size=4, max_size=4),
    with_type=st.booleans(),
    before=st.sampled_from(["", "Năm 2023, ", "Tại (", "UBND "]),
    after=st.sampled_from(["", " đạt 9,8%.", ") và", ", Hà Nội"]),
)
def test_a_spelled_mention_is_found_and_resolved(
    district: District, styles: list[str], with_type: bool, before: str, after: str
) -> None:
    name = " ".join(_spelled(w, s) for w, s in zip(district.name.split(), styles, strict=False))
    written = f"{district.type} {name}" if with_type else name
    text = before + written + after
    mentions = find_mentions(text)
    assert [(m.start, m.end, m.district) for m in mentions] == [
        (len(before), len(before) + len(written), district)
    ]
    assert mentions[0].type_word == (district.type if with_type else None)
    assert resolve_district(written) is district
    assert resolve_district(_nfd(written).lower()) is district


@pytest.mark.parametrize(
    ("text", "in_context"),
    [
        ("Năm 2023, kinh tế quận tiếp tục tăng trưởng.", True),
        ("Toàn huyện có 12 xã đạt chuẩn nông thôn mới.", True),
        ("KINH TẾ HUYỆN TĂNG TRƯỞNG KHÁ", True),
        ("Năm 2023, kinh tế quận Tây Hồ tiếp tục tăng trưởng.", False),  # named
        ("Công ty ở phường Khâm Thiên, quận Đống Đa nợ 3,5 tỷ đồng.", False),
        ("Các cấp chính quyền quan tâm đến người dân.", False),  # `quan`, not `quận`
        ("Huyện Gia Lâm và các huyện lân cận.", True),  # the second is no name
    ],
)
def test_a_type_word_alone_speaks_of_the_district_in_context(text: str, in_context: bool) -> None:
    assert names_a_district_in_context(text) is in_context


def test_a_text_without_diacritics_speaks_of_the_district_in_context() -> None:
    assert names_a_district_in_context("Nam 2023, kinh te quan tiep tuc tang truong.")
