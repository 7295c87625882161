"""What the brief says in each language: UI strings, indicator labels and value formats.

Everything language-specific lives here as data; the functions only look it up and
fail loudly on an unknown language, key or indicator.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from helpers.extract.vocabulary import OTHER_INDICATOR, load_indicators

LANGUAGES = ("en", "vi")

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "years_covered": "Years covered",
        "sources_count": "Sources",
        "figures_count": "Figures",
        "corpus_date": "Corpus date (latest publication)",
        "no_facts": (
            "The corpus holds no figures about {district}: none of its {n_articles} "
            "articles reports a result or target for this district."
        ),
        "headline_title": "Headline",
        "targets_met": "**{met}** targets met in {year}",
        "of_which_exceeded": ", of which **{exceeded}** exceeded",
        "no_targets_met": "No count of targets met is reported for {year}.",
        "headline_figure": "**{value}** {label} ({year})",
        "see_conflicts": "sources disagree, see Conflicts",
        "key_indicators_title": "Key indicators",
        "plan_title": "Plan fulfilment",
        "plan_chart_title": "{district}: results as % of plan",
        "plan_axis": "% of plan",
        "plan_line": "100 % = plan met",
        "plan_caption": (
            "Bar chart of {n} results of {district} measured against a plan, as a percentage "
            "of the plan; the vertical line marks 100 %, bars to its right exceed the plan. "
            "Figures: {items}."
        ),
        "no_plan_data": "No result measured against a plan is reported for {district}.",
        "growth_title": "Growth",
        "growth_chart_title": "{district}: growth on the previous year",
        "growth_axis": "% change year on year",
        "growth_caption": (
            "Bar chart of {n} year-on-year growth rates of {district}; bars right of zero "
            "are increases, left of zero decreases. Figures: {items}."
        ),
        "no_growth_data": "No year-on-year growth rate is reported for {district}.",
        "comparison_title": "Compared with other districts",
        "comparison_chart_title": "{district} beside districts reporting the same indicator",
        "comparison_caption": (
            "Bar charts, one per indicator that {district} and at least one other district "
            "report as a full-year result, showing each district's latest reported year; "
            "{district} is highlighted. Figures: {items}."
        ),
        "comparison_note": (
            "Full-year results; each district's latest reported year is shown, so years may differ."
        ),
        "no_comparison_data": (
            "No other district in the corpus reports a full-year result for the same "
            "indicators as {district}."
        ),
        "comparison_table_only": (
            "The indicators shared with other districts are counts out of a total or ranks; "
            "the table compares them."
        ),
        "targets_title": "Targets for the next period",
        "no_targets": "No target for a coming period is reported for {district}.",
        "conflicts_title": "Conflicts and caveats",
        "no_conflicts": (
            "No conflicts: where several articles report the same figure for {district}, "
            "they agree."
        ),
        "conflict_uses": "The brief uses {value} ({source}): {reason}.",
        "reason_latest_publication": "the latest publication wins",
        "reason_dated_over_undated": (
            "the other source states no publication date, so the dated one wins"
        ),
        "reason_final_over_estimate": (
            "the sources share a publication date (or state none), and a final figure "
            "wins over an estimate"
        ),
        "reason_first_by_doc_id": (
            "the sources share a publication date (or state none) and both give final "
            "figures, so the brief takes the first by document id; check both"
        ),
        "caveat_other": (
            "{n} further figures in the articles fit no indicator of the vocabulary and "
            "are not shown."
        ),
        "used_mark": "used",
        "not_used_mark": "not used",
        "corrected_mark": "corrected by a researcher",
        "added_mark": "added by a researcher",
        "evidence_title": "Evidence",
        "evidence_intro": "Every figure above, in the sentence it was taken from.",
        "sources_title": "Sources",
        "col_indicator": "Indicator",
        "col_year": "Year",
        "col_period": "Period",
        "col_value": "Value",
        "col_kind": "Kind",
        "col_qualifiers": "Qualifiers",
        "col_sources": "Sources",
        "col_source": "Source",
        "col_published": "Published",
        "col_used": "Brief uses",
        "col_sentence": "Sentence",
        "col_figures": "Figures",
        "col_district": "District",
        "col_title": "Title",
        "col_outlet": "Outlet",
        "col_date": "Date",
        "col_author": "Author",
        "col_file": "File",
        "col_n_facts": "Figures",
        "col_n_sources": "Sources",
        "col_targets_met": "Targets met",
        "col_result": "Result reported",
        "col_ref": "Ref.",
        "col_years": "Years",
        "col_latest_published": "Latest article",
        "caveat_estimates": (
            "Estimates made before the period closed (ước đạt, dự kiến): {n} of the "
            "figures used; later reports may revise them."
        ),
        "breakdown_note": (
            "{label}, {year}: {source} gives several figures ({values}) for different "
            "scopes (e.g. targets assigned by the city and by the district council); "
            "all are shown and none is a conflict."
        ),
        "overview_districts_title": "Districts in the corpus",
        "overview_indicators_title": "Indicators reported by more than one district",
        "overview_charts_heading": "Charts",
        "overview_chart_title": "Districts side by side (full year, latest year of each)",
        "overview_chart_caption": (
            "Bar charts of the indicators most districts report, every district's latest "
            "full-year result, best first. Figures: {items}."
        ),
        "overview_note": (
            "Full-year results, each district at its latest reported year, best result first."
        ),
        "no_overview_indicators": "No indicator is reported by more than one district.",
        "undated": "undated",
        "unknown": "unknown",
    },
    "vi": {
        "years_covered": "Các năm",
        "sources_count": "Số nguồn",
        "figures_count": "Số liệu",
        "corpus_date": "Ngày dữ liệu (bài mới nhất)",
        "no_facts": (
            "Kho bài viết không có số liệu nào về {district}: trong {n_articles} bài, "
            "không bài nào nêu kết quả hay chỉ tiêu của địa phương này."
        ),
        "headline_title": "Điểm nổi bật",
        "targets_met": "Hoàn thành **{met}** chỉ tiêu năm {year}",
        "of_which_exceeded": ", trong đó **{exceeded}** chỉ tiêu vượt kế hoạch",
        "no_targets_met": "Không có số chỉ tiêu hoàn thành cho năm {year}.",
        "headline_figure": "**{value}** {label} (năm {year})",
        "see_conflicts": "các nguồn khác nhau, xem mục Số liệu chênh lệch",
        "key_indicators_title": "Chỉ tiêu chính",
        "plan_title": "Mức hoàn thành kế hoạch",
        "plan_chart_title": "{district}: kết quả so với kế hoạch (%)",
        "plan_axis": "% kế hoạch",
        "plan_line": "100 % = đạt kế hoạch",
        "plan_caption": (
            "Biểu đồ cột ngang gồm {n} kết quả của {district} so với kế hoạch, tính bằng %; "
            "đường dọc đánh dấu 100 %, cột vượt qua đường này là vượt kế hoạch. "
            "Số liệu: {items}."
        ),
        "no_plan_data": "Không có kết quả nào so với kế hoạch được nêu cho {district}.",
        "growth_title": "Tăng trưởng",
        "growth_chart_title": "{district}: tăng trưởng so với năm trước",
        "growth_axis": "% thay đổi so với cùng kỳ",
        "growth_caption": (
            "Biểu đồ cột ngang gồm {n} tốc độ tăng so với cùng kỳ của {district}; cột bên phải "
            "số 0 là tăng, bên trái là giảm. Số liệu: {items}."
        ),
        "no_growth_data": "Không có tốc độ tăng so với cùng kỳ nào được nêu cho {district}.",
        "comparison_title": "So sánh với các quận, huyện khác",
        "comparison_chart_title": "{district} và các địa phương nêu cùng chỉ tiêu",
        "comparison_caption": (
            "Biểu đồ cột, mỗi biểu đồ một chỉ tiêu mà {district} và ít nhất một địa phương "
            "khác nêu kết quả cả năm, lấy năm gần nhất của từng địa phương; {district} được "
            "tô đậm. Số liệu: {items}."
        ),
        "comparison_note": (
            "Kết quả cả năm; mỗi địa phương lấy năm gần nhất được nêu, nên năm có thể khác nhau."
        ),
        "no_comparison_data": (
            "Không địa phương nào khác trong kho bài viết nêu kết quả cả năm cho cùng chỉ "
            "tiêu với {district}."
        ),
        "comparison_table_only": (
            "Các chỉ tiêu chung với địa phương khác là số trên tổng số hoặc thứ hạng; "
            "bảng dưới đây so sánh chúng."
        ),
        "targets_title": "Chỉ tiêu cho giai đoạn tới",
        "no_targets": "Không có chỉ tiêu nào cho giai đoạn tới được nêu cho {district}.",
        "conflicts_title": "Số liệu chênh lệch và lưu ý",
        "no_conflicts": (
            "Không có chênh lệch: khi nhiều bài nêu cùng một số liệu về {district}, "
            "các bài đều khớp nhau."
        ),
        "conflict_uses": "Bản tóm tắt dùng {value} ({source}): {reason}.",
        "reason_latest_publication": "bài đăng mới nhất được ưu tiên",
        "reason_dated_over_undated": (
            "nguồn kia không ghi ngày đăng, nên nguồn có ngày được ưu tiên"
        ),
        "reason_final_over_estimate": (
            "các nguồn cùng ngày đăng (hoặc đều không ghi ngày), và số chính thức được ưu "
            "tiên hơn số ước"
        ),
        "reason_first_by_doc_id": (
            "các nguồn cùng ngày đăng (hoặc đều không ghi ngày) và đều là số chính thức, nên "
            "lấy nguồn đầu tiên theo mã bài; cần đối chiếu cả hai"
        ),
        "caveat_other": (
            "{n} số liệu khác trong các bài không thuộc chỉ tiêu nào trong danh mục và không "
            "được hiển thị."
        ),
        "used_mark": "được dùng",
        "not_used_mark": "không dùng",
        "corrected_mark": "đã được nhà nghiên cứu sửa",
        "added_mark": "do nhà nghiên cứu bổ sung",
        "evidence_title": "Dẫn chứng",
        "evidence_intro": "Mỗi số liệu ở trên, trong câu văn gốc của nó.",
        "sources_title": "Nguồn",
        "col_indicator": "Chỉ tiêu",
        "col_year": "Năm",
        "col_period": "Kỳ",
        "col_value": "Giá trị",
        "col_kind": "Loại",
        "col_qualifiers": "Ghi chú",
        "col_sources": "Nguồn",
        "col_source": "Nguồn",
        "col_published": "Ngày đăng",
        "col_used": "Được dùng",
        "col_sentence": "Câu văn",
        "col_figures": "Số liệu",
        "col_district": "Địa phương",
        "col_title": "Tiêu đề",
        "col_outlet": "Báo",
        "col_date": "Ngày",
        "col_author": "Tác giả",
        "col_file": "Tệp",
        "col_n_facts": "Số liệu",
        "col_n_sources": "Số nguồn",
        "col_targets_met": "Chỉ tiêu hoàn thành",
        "col_result": "Kết quả đã nêu",
        "col_ref": "Mã",
        "col_years": "Các năm",
        "col_latest_published": "Bài mới nhất",
        "caveat_estimates": (
            "{n} số liệu được dùng là số ước tính (ước đạt, dự kiến) trước khi kết thúc kỳ; "
            "các báo cáo sau có thể điều chỉnh."
        ),
        "breakdown_note": (
            "{label}, năm {year}: {source} nêu nhiều số liệu ({values}) cho các phạm vi khác "
            "nhau (ví dụ chỉ tiêu Thành phố giao và chỉ tiêu HĐND quận giao); tất cả đều được "
            "hiển thị và không phải là chênh lệch."
        ),
        "overview_districts_title": "Các địa phương trong kho bài viết",
        "overview_indicators_title": "Chỉ tiêu được nhiều địa phương nêu",
        "overview_charts_heading": "Biểu đồ",
        "overview_chart_title": "So sánh các địa phương (cả năm, năm gần nhất của từng nơi)",
        "overview_chart_caption": (
            "Biểu đồ cột các chỉ tiêu được nhiều địa phương nêu nhất, kết quả cả năm gần "
            "nhất của từng địa phương, tốt nhất trước. Số liệu: {items}."
        ),
        "overview_note": (
            "Kết quả cả năm, mỗi địa phương lấy năm gần nhất được nêu, xếp từ kết quả tốt nhất."
        ),
        "no_overview_indicators": "Không chỉ tiêu nào được hơn một địa phương nêu.",
        "undated": "không rõ ngày",
        "unknown": "không rõ",
    },
}

DISTRICT_TYPE_LABELS: dict[str, dict[str, str]] = {
    "en": {"quận": "urban district", "huyện": "rural district", "thị xã": "district-level town"},
    "vi": {"quận": "quận", "huyện": "huyện", "thị xã": "thị xã"},
}

KIND_LABELS: dict[str, dict[str, str]] = {
    "en": {"actual": "actual", "target": "target"},
    "vi": {"actual": "thực hiện", "target": "chỉ tiêu"},
}

QUALIFIER_LABELS: dict[str, dict[str, str]] = {
    "en": {"estimated": "estimated", "approx": "approx.", "at_least": "at least"},
    "vi": {"estimated": "ước tính", "approx": "khoảng", "at_least": "ít nhất"},
}

OTHER_INDICATOR_LABELS = {"en": "Other figure", "vi": "Số liệu khác"}

FULL_YEAR_PERIOD = "FY"
PERIOD_LABELS: dict[str, dict[str, str]] = {
    "en": {"FY": "full year", "Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "Q4": "Q4"},
    "vi": {"FY": "cả năm", "Q1": "quý I", "Q2": "quý II", "Q3": "quý III", "Q4": "quý IV"},
}
MONTHS_PERIOD_PATTERN = re.compile(r"^(\d{1,2})M$")
MONTHS_PERIOD_LABELS = {"en": "first {n} months", "vi": "{n} tháng"}

# (thousands separator, decimal mark) per language.
NUMBER_MARKS = {"en": (",", "."), "vi": (".", ",")}
MAX_DECIMALS = 2
MINUS_SIGN = "−"
UNIT_FORMATS: dict[str, dict[str, str]] = {
    "en": {
        "pct": "{value} %",
        "vnd_bn": "{value} bn VND",
        "count": "{value}",
        "count_of_total": "{value}/{total}",
        "rank_of_total": "{ordinal} of {total}",
    },
    "vi": {
        "pct": "{value} %",
        "vnd_bn": "{value} tỷ đồng",
        "count": "{value}",
        "count_of_total": "{value}/{total}",
        "rank_of_total": "thứ {value}/{total}",
    },
}
ENGLISH_ORDINAL_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}

UNIT_AXIS_LABELS: dict[str, dict[str, str]] = {
    "en": {"pct": "%", "vnd_bn": "billion VND", "count": "number"},
    "vi": {"pct": "%", "vnd_bn": "tỷ đồng", "count": "số lượng"},
}

MONTH_NAMES_EN = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def check_language(lang: str) -> str:
    """Return `lang` if the brief supports it; raise ValueError naming the supported ones."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; supported: {', '.join(LANGUAGES)}")
    return lang


def ui_text(key: str, lang: str) -> str:
    """The UI string `key` in `lang`; KeyError for an unknown key."""
    strings = UI_TEXT[check_language(lang)]
    if key not in strings:
        raise KeyError(f"no UI text {key!r}; known keys: {', '.join(sorted(strings))}")
    return strings[key]


def _lookup(table: dict[str, dict[str, str]], what: str, key: str, lang: str) -> str:
    labels = table[check_language(lang)]
    if key not in labels:
        raise KeyError(f"unknown {what} {key!r}; known: {', '.join(labels)}")
    return labels[key]


def district_type_label(district_type: str, lang: str) -> str:
    """The district type (quận, huyện, thị xã) in `lang`."""
    return _lookup(DISTRICT_TYPE_LABELS, "district type", district_type, lang)


def kind_label(kind: str, lang: str) -> str:
    """`actual`/`target` in `lang`."""
    return _lookup(KIND_LABELS, "kind", kind, lang)


def qualifier_label(qualifier: str, lang: str) -> str:
    """A ';'-joined qualifier string (e.g. 'estimated;approx') in `lang`, ', '-joined."""
    parts = [part for part in qualifier.split(";") if part]
    return ", ".join(_lookup(QUALIFIER_LABELS, "qualifier", part, lang) for part in parts)


def period_label(period: str, lang: str) -> str:
    """A period code (FY, Q1..Q4, nM) in `lang`."""
    labels = PERIOD_LABELS[check_language(lang)]
    if period in labels:
        return labels[period]
    months = MONTHS_PERIOD_PATTERN.match(period)
    if months is None:
        raise KeyError(f"unknown period {period!r}; expected FY, Q1..Q4 or nM")
    return MONTHS_PERIOD_LABELS[lang].format(n=int(months.group(1)))


def period_sort_key(period: str) -> float:
    """Order periods within a year: Q1, 3M, 6M, Q3 ..., FY last."""
    if period == FULL_YEAR_PERIOD:
        return 13.0
    if period.startswith("Q") and period[1:].isdigit():
        return 3.0 * int(period[1:]) - 0.5
    months = MONTHS_PERIOD_PATTERN.match(period)
    if months is None:
        raise KeyError(f"unknown period {period!r}; expected FY, Q1..Q4 or nM")
    return float(months.group(1))


def indicator_label(indicator: str, lang: str) -> str:
    """The indicator's label in `lang` (from the vocabulary); KeyError for an unknown id."""
    check_language(lang)
    if indicator == OTHER_INDICATOR:
        return OTHER_INDICATOR_LABELS[lang]
    table = load_indicators()
    if indicator not in table.index:
        raise KeyError(f"unknown indicator {indicator!r}; known: {', '.join(table.index)}")
    return table.at[indicator, f"label_{lang}"]


def unit_axis_label(unit: str, lang: str) -> str:
    """An axis label for a chartable unit (pct, vnd_bn, count)."""
    return _lookup(UNIT_AXIS_LABELS, "chartable unit", unit, lang)


def format_number(value: float, lang: str) -> str:
    """`value` with the language's thousands separator and decimal mark, at most 2 decimals."""
    thousands, decimal = NUMBER_MARKS[check_language(lang)]
    if not math.isfinite(value):
        raise ValueError(f"cannot format non-finite number {value!r}")
    text = f"{abs(value):,.{MAX_DECIMALS}f}".rstrip("0").rstrip(".")
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    return (MINUS_SIGN + text) if value < 0 and text != "0" else text


def english_ordinal(number: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= number % 100 <= 20 else ENGLISH_ORDINAL_SUFFIXES.get(number % 10, "th")
    return f"{number}{suffix}"


def format_value(
    value: float, total: float | None, unit: str, lang: str, signed: bool = False
) -> str:
    """A figure with its unit: `112 %`, `1,050 bn VND`/`1.050 tỷ đồng`, `21/21`, `4th of 30`.

    `signed` puts an explicit + on positive values (growth rates).
    """
    formats = UNIT_FORMATS[check_language(lang)]
    if unit not in formats:
        raise KeyError(f"unknown unit {unit!r}; known: {', '.join(formats)}")
    number = format_number(value, lang)
    if signed and value > 0:
        number = "+" + number
    needs_total = "{total}" in formats[unit]
    if needs_total and (total is None or pd.isna(total)):
        raise ValueError(f"unit {unit!r} needs a total, got {total!r}")
    return formats[unit].format(
        value=number,
        total=format_number(total, lang) if needs_total else "",
        ordinal=english_ordinal(int(value)) if unit == "rank_of_total" else "",
    )


def format_date(published: str, lang: str) -> str:
    """'2023-12-14' -> '14 Dec 2023' (en) / '14/12/2023' (vi); '' -> 'undated'."""
    if published == "":
        return ui_text("undated", lang)
    match = DATE_PATTERN.match(published)
    if match is None:
        raise ValueError(f"publication date {published!r} is not YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    if lang == "vi":
        return f"{day:02d}/{month:02d}/{year}"
    return f"{day} {MONTH_NAMES_EN[month - 1]} {year}"
