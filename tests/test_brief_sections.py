"""The brief's text and table sections, on small hand-made facts and articles tables."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import factories
import pandas as pd
import pytest

from helpers.brief import model, pages, sections
from helpers.extract.reference.gazetteer import resolve_district
from helpers.render import html_kit, labels

TAY_HO = resolve_district("Tây Hồ")
HOAN_KIEM = resolve_district("Hoàn Kiếm")
BA_VI = resolve_district("Ba Vì")
SENTENCE_START = 200

S_TARGETS = "Quận hoàn thành 21/21 chỉ tiêu năm 2023 (trong đó, có 6 chỉ tiêu vượt kế hoạch)."
S_ESTIMATE = "Thu ngân sách ước đạt 112% kế hoạch năm, chi đầu tư đạt 92% kế hoạch."
S_FINAL = "Thu ngân sách đạt 119% kế hoạch năm <script>alert(1)</script>."
S_GROWTH = "Doanh thu thương mại, dịch vụ, du lịch tăng 19,2% so với cùng kỳ năm 2022."
S_GOAL = "Phấn đấu năm 2024 đầu tư công đạt 95%."
S_HK = "Quận đã hoàn thành 12/12 chỉ tiêu Thành phố giao, hoàn thành 16/16 chỉ tiêu HĐND quận giao."
S_HK_BUDGET = "Thu ngân sách vượt 11,6% dự toán năm."
S_OTHER = "Quận trao thưởng cho 9 tập thể."


def fact(
    doc_id: str, sentence: str, figure: str, indicator: str, value: float, **fields: object
) -> dict:
    """A Tây Hồ fact whose offsets point at `figure` in `sentence`, at SENTENCE_START."""
    district = str(fields.pop("district", "Tây Hồ"))
    return factories.fact(
        doc_id,
        district,
        indicator,
        value,
        sentence=sentence,
        figure=figure,
        sentence_start=SENTENCE_START,
        **fields,
    )


def facts_table(rows: list[dict]) -> pd.DataFrame:
    return factories.facts_frame(rows)


FACT_ROWS = [
    fact("d1", S_TARGETS, "21/21", "targets_met", 21.0, total=21.0),
    fact("d1", S_TARGETS, "6", "targets_exceeded", 6.0),
    fact("d1", S_ESTIMATE, "112%", "budget_revenue_pct_plan", 112.0, qualifier="estimated"),
    fact("d1", S_ESTIMATE, "92%", "public_investment_pct_plan", 92.0, qualifier="estimated"),
    fact("d1", S_GROWTH, "19,2%", "trade_services_revenue_growth_pct", 19.2),
    fact("d2", S_TARGETS, "21/21", "targets_met", 21.0, total=21.0),
    fact("d2", S_FINAL, "119%", "budget_revenue_pct_plan", 119.0),
    fact("d2", S_GOAL, "95%", "public_investment_pct_plan", 95.0, year=2024, kind="target"),
    fact("d2", S_OTHER, "9", "other", 9.0),
    fact("d3", S_HK, "12/12", "targets_met", 12.0, total=12.0, district="Hoàn Kiếm", year=2022),
    fact("d3", S_HK, "16/16", "targets_met", 16.0, total=16.0, district="Hoàn Kiếm", year=2022),
    fact(
        "d3",
        S_HK_BUDGET,
        "11,6%",
        "budget_revenue_pct_plan",
        111.6,
        district="Hoàn Kiếm",
        year=2022,
    ),
]
ARTICLES = pd.DataFrame(
    {
        "doc_id": ["d1", "d2", "d3", "d4"],
        "file": ["d1.txt", "d2.txt", "d3.txt", "d4.txt"],
        "title": ["Hội nghị <script>x()</script>", "Thi đua năm 2023", "Hoàn Kiếm", "Khác"],
        "published": ["2023-12-15", "2024-01-20", "", "2001-05-06"],
        "author": ["N.Hoa", "", "T.Vũ", ""],
        "outlet": ["Hànộimới <img src=x onerror=alert(1)>", "Kinh tế & Đô thị", "", "X"],
        "url": ["https://hanoimoi.vn/d1?a=1&b=2", "javascript:alert(1)", "", ""],
        "districts": ["Tây Hồ", "Tây Hồ", "Hoàn Kiếm", ""],
        "n_facts": [5, 4, 3, 0],
    }
)


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return facts_table(FACT_ROWS)


@pytest.fixture(scope="module")
def tay_ho(facts: pd.DataFrame) -> model.BriefData:
    return model.build_brief_data(facts, ARTICLES, TAY_HO)


@pytest.fixture(scope="module")
def hoan_kiem(facts: pd.DataFrame) -> model.BriefData:
    return model.build_brief_data(facts, ARTICLES, HOAN_KIEM)


@pytest.fixture(scope="module")
def ba_vi(facts: pd.DataFrame) -> model.BriefData:
    return model.build_brief_data(facts, ARTICLES, BA_VI)


def all_sections(brief: model.BriefData, lang: str) -> list[str]:
    """The text of every section that renders for `brief`."""
    rendered = [
        sections.header,
        sections.headline,
        sections.key_indicators,
        sections.targets,
        sections.conflicts_and_caveats,
        sections.evidence,
        sections.sources,
    ]
    return [shown.data for section in rendered if (shown := section(brief, lang)) is not None]


# ---- gathering -----------------------------------------------------------------------


def test_brief_data_holds_only_the_districts_figures(tay_ho: model.BriefData) -> None:
    assert set(tay_ho.facts["district"]) == {"Tây Hồ"}
    assert "other" not in set(tay_ho.facts["indicator"])
    assert tay_ho.n_other == 1
    assert set(tay_ho.readings["district"]) == {"Tây Hồ"}
    assert set(tay_ho.all_readings["district"]) == {"Tây Hồ", "Hoàn Kiếm"}


def test_sources_are_numbered_in_publication_order(tay_ho: model.BriefData) -> None:
    assert tay_ho.sources[["ref", "doc_id"]].values.tolist() == [["S1", "d1"], ["S2", "d2"]]


def test_undated_sources_come_last(facts: pd.DataFrame) -> None:
    moved = facts.assign(district="Tây Hồ")
    brief = model.build_brief_data(moved, ARTICLES, TAY_HO)
    assert brief.sources["doc_id"].tolist() == ["d1", "d2", "d3"]


def test_corpus_date_is_the_latest_publication_of_the_whole_corpus(
    tay_ho: model.BriefData, hoan_kiem: model.BriefData
) -> None:
    assert tay_ho.corpus_date == "2024-01-20"
    assert hoan_kiem.corpus_date == "2024-01-20"
    assert tay_ho.n_articles == len(ARTICLES)


# ---- header and headline -------------------------------------------------------------


def test_header_names_district_type_years_sources_and_corpus_date(tay_ho: model.BriefData) -> None:
    text = sections.header(tay_ho, "en").data
    assert text.startswith("# Tây Hồ — quận (urban district)")
    assert "2023–2024" in text
    assert "**Sources:** 2" in text
    assert "**Figures:** 8" in text
    assert "20 Jan 2024" in text


def test_header_in_vietnamese(tay_ho: model.BriefData) -> None:
    text = sections.header(tay_ho, "vi").data
    assert text.startswith("# Quận Tây Hồ")
    assert "20/01/2024" in text


def test_headline_counts_targets_met_and_exceeded_for_the_latest_year(
    tay_ho: model.BriefData,
) -> None:
    text = sections.headline(tay_ho, "en").data
    assert "**21/21** targets met in 2023, of which **6** exceeded." in text
    assert "**119 %** State budget revenue" in text
    assert "sources disagree" in text
    assert "2024" not in text.split("\n\n")[1]


def test_headline_lists_every_reading_of_a_breakdown(hoan_kiem: model.BriefData) -> None:
    text = sections.headline(hoan_kiem, "vi").data
    assert (
        "Hoàn thành **12/12** (Thành phố giao) · **16/16** (HĐND giao) chỉ tiêu năm 2022." in text
    )
    assert "111,6 %" in text
    english = sections.headline(hoan_kiem, "en").data
    assert "**12/12** (assigned by the city) · **16/16** (set by the district council)" in english


def test_headline_without_a_count_of_targets(facts: pd.DataFrame) -> None:
    no_count = facts[~facts["indicator"].isin(["targets_met", "targets_exceeded"])]
    brief = model.build_brief_data(no_count, ARTICLES, TAY_HO)
    assert "No count of targets met is reported for 2023." in sections.headline(brief, "en").data


# ---- tables --------------------------------------------------------------------------


def test_key_indicators_show_labels_values_kinds_and_sources(tay_ho: model.BriefData) -> None:
    html = sections.key_indicators(tay_ho, "en").data
    assert "Targets met (X of Y)" in html
    assert '<span lang="vi" class="vi-term">Chỉ tiêu hoàn thành</span>' in html
    assert re.search(
        r'<td data-label="Value" class="num"><a class="evidence-link" href="#f\d+"[^>]*>21/21</a>'
        r"</td>",
        html,
    )
    assert re.search(r'<td data-label="Value" class="num"><a [^>]*>\+19\.2 %</a></td>', html)
    assert '<td data-label="Kind">target</td>' in html
    assert 'href="#source-S1"' in html
    assert 'href="#source-S2"' in html
    assert html.count("<tr") == 1 + len(tay_ho.readings)


def test_key_indicators_mark_conflicting_values(tay_ho: model.BriefData) -> None:
    html = sections.key_indicators(tay_ho, "en").data
    row = next(line for line in html.splitlines() if "119 %" in line)
    assert 'href="#brief-conflicts"' in row
    assert "112 %" not in html


def test_vietnamese_tables_use_vietnamese_labels_only(tay_ho: model.BriefData) -> None:
    html = sections.key_indicators(tay_ho, "vi").data
    assert "Chỉ tiêu hoàn thành" in html
    assert "Targets met" not in html
    assert "thực hiện" in html
    assert "+19,2 %" in html


def test_targets_show_the_result_when_one_is_reported(facts: pd.DataFrame) -> None:
    result = fact("d2", S_GOAL, "95%", "public_investment_pct_plan", 97.0, year=2024)
    brief = model.build_brief_data(facts_table([*FACT_ROWS, result]), ARTICLES, TAY_HO)
    html = sections.targets(brief, "en").data
    assert "95 %" in html
    assert '<td data-label="Result reported" class="num">97 %</td>' in html


def test_targets_section_says_when_there_are_none(hoan_kiem: model.BriefData) -> None:
    html = sections.targets(hoan_kiem, "en").data
    assert "No target for a coming period is reported for Hoàn Kiếm." in html
    assert "<table" not in html


def test_conflicts_show_both_values_with_source_date_and_the_choice(
    tay_ho: model.BriefData,
) -> None:
    html = sections.conflicts_and_caveats(tay_ho, "en").data
    assert "State budget revenue as % of plan/estimate · 2023 · full year · actual" in html
    assert "119 %" in html and "112 %" in html
    assert "20 Jan 2024" in html and "15 Dec 2023" in html
    assert '<td data-label="Brief uses">used</td>' in html and ">not used</td>" in html
    assert "The brief uses 119 % (S2, Kinh tế &amp; Đô thị, 20 Jan 2024)" in html
    assert "the latest publication wins" in html
    assert "Estimates made before the period closed (ước đạt, dự kiến): 1 of" in html
    assert "1 further figures" in html


def test_a_breakdown_in_one_article_is_a_caveat_not_a_conflict(hoan_kiem: model.BriefData) -> None:
    html = sections.conflicts_and_caveats(hoan_kiem, "en").data
    assert "No conflicts" in html
    assert "12/12 · 16/16" in html
    assert "<h3>" not in html


def test_evidence_highlights_each_figure_in_its_sentence(tay_ho: model.BriefData) -> None:
    html = sections.evidence(tay_ho, "en").data
    assert re.search(r'hoàn thành <mark id="f\d+">21/21</mark> chỉ tiêu', html)
    assert re.search(r'có <mark id="f\d+">6</mark> chỉ tiêu', html)
    assert re.search(r'ước đạt <mark id="f\d+">112%</mark> kế hoạch', html)
    assert re.search(r'tăng <mark id="f\d+">19,2%</mark> so với', html)
    assert html.count("<tr>") == 1 + 6


def test_sources_list_title_outlet_date_author_file(tay_ho: model.BriefData) -> None:
    html = sections.sources(tay_ho, "en").data
    assert '<tr id="source-S1">' in html
    assert '<a href="https://hanoimoi.vn/d1?a=1&amp;b=2" rel="noopener noreferrer">' in html
    assert "javascript:" not in html  # only web addresses become links
    assert '<td data-label="File">d1.txt</td>' in html
    assert '<td data-label="Date">15 Dec 2023</td>' in html
    assert '<td data-label="Author">N.Hoa</td>' in html
    assert '<td data-label="Author">unknown</td>' in html


# ---- safety and stability --------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_article_text_is_escaped_everywhere(tay_ho: model.BriefData, lang: str) -> None:
    text = "\n".join(all_sections(tay_ho, lang))
    assert "<script" not in text
    assert "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;script&gt;x()&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_a_district_without_facts_gets_a_short_brief(ba_vi: model.BriefData) -> None:
    assert ba_vi.empty
    text = sections.header(ba_vi, "en").data
    assert text.startswith("# Ba Vì — huyện (rural district)")
    assert "no figures about Ba Vì" in text
    assert "4 articles" in text
    assert all_sections(ba_vi, "en") == [text]


def test_sections_are_identical_for_shuffled_facts(facts: pd.DataFrame) -> None:
    shuffled = facts.sample(frac=1.0, random_state=7).reset_index(drop=True)
    first = all_sections(model.build_brief_data(facts, ARTICLES, TAY_HO), "en")
    second = all_sections(model.build_brief_data(shuffled, ARTICLES, TAY_HO), "en")
    assert first == second


def test_outputs_hold_no_clock_time(tay_ho: model.BriefData) -> None:
    text = "\n".join(all_sections(tay_ho, "en"))
    years = {int(year) for year in re.findall(r"\b(20\d\d)\b", text)}
    assert years <= {2022, 2023, 2024}


# ---- figures in sentences ---------------------------------------------------------------


def test_mark_figures_escapes_inside_and_outside_the_marks() -> None:
    marked = html_kit.mark_figures("a <b> 5% & c", [(6, 8, "")])
    assert str(marked) == "a &lt;b&gt; <mark>5%</mark> &amp; c"
    assert str(html_kit.mark_figures("x <y>", [(2, 5, "")])) == "x <mark>&lt;y&gt;</mark>"


def test_mark_figures_anchors_each_figure_once() -> None:
    marked = str(
        html_kit.mark_figures("đạt 6/21 và 5%", [(4, 8, "f1"), (4, 8, "f2"), (12, 14, "f3")])
    )
    assert marked == 'đạt <span id="f2"></span><mark id="f1">6/21</mark> và <mark id="f3">5%</mark>'
    assert str(html_kit.mark_figures("abc", [(2, 9, "f1")])) == "abc"  # outside: left unmarked


def test_markdown_text_escapes_html_and_markdown() -> None:
    assert html_kit.markdown_text("<b>*x*</b> [a](b)") == r"&lt;b&gt;\*x\*&lt;/b&gt; \[a\](b)"


# ---- links between values and evidence ------------------------------------------------


class _Anchors(HTMLParser):
    """Collects element ids, and the hrefs of links by class."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.setdefault(found.get("class") or "", []).append(str(found["href"]))


def _page(brief: model.BriefData, lang: str) -> _Anchors:
    rendered = [
        sections.key_indicators,
        sections.targets,
        sections.conflicts_and_caveats,
        sections.evidence,
        sections.sources,
    ]
    parser = _Anchors()
    parser.feed("".join(section(brief, lang).data for section in rendered))
    return parser


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_value_links_to_its_evidence_and_back(tay_ho: model.BriefData, lang: str) -> None:
    page = _page(tay_ho, lang)
    to_evidence = page.links["evidence-link"]
    # key indicators, targets and every conflict row link a value to its sentence
    assert len(to_evidence) == len(tay_ho.readings) + (
        tay_ho.readings["kind"] == "target"
    ).sum() + len(tay_ho.conflicts)
    assert all(href.startswith("#f") and href[1:] in page.ids for href in to_evidence)
    back = page.links["back-link"]
    assert len(back) == len(tay_ho.facts)
    assert all(href[1:] in page.ids for href in back)
    assert "#brief-conflicts" in back  # the 112 % estimate the brief does not use


def test_conflict_rows_highlight_only_their_own_figure(tay_ho: model.BriefData) -> None:
    html = sections.conflicts_and_caveats(tay_ho, "en").data
    assert "ước đạt <mark>112%</mark> kế hoạch năm, chi đầu tư đạt 92% kế hoạch" in html


def test_evidence_explains_a_value_the_text_does_not_state(hoan_kiem: model.BriefData) -> None:
    html = sections.evidence(hoan_kiem, "en").data
    assert "“11,6%” above the plan: 100 % + 11.6 % = 111.6 % of plan" in html
    assert html.count('class="derivation"') == 1


def test_header_dates_the_district_by_its_own_latest_source(hoan_kiem: model.BriefData) -> None:
    text = sections.header(hoan_kiem, "en").data
    assert hoan_kiem.latest_source_date != hoan_kiem.corpus_date
    assert labels.format_date(hoan_kiem.latest_source_date, "en") in text


def test_contents_link_every_section_the_index_and_the_other_language(
    tay_ho: model.BriefData,
) -> None:
    html = sections.contents(tay_ho, "vi").data
    assert '<a href="index.vi.html">' in html
    assert 'href="tay-ho.html"' in html
    for section_id in pages.SECTION_IDS.values():
        assert f'href="#{section_id}"' in html


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_corrected_and_added_figures_are_marked_with_their_note(lang: str) -> None:
    rows = [{**row, "origin": "extracted", "correction_note": ""} for row in FACT_ROWS]
    rows[6] |= {"origin": "corrected", "correction_note": "report says <b>119</b>"}
    rows[4] |= {"origin": "added", "correction_note": "missed growth"}
    brief = model.build_brief_data(facts_table(rows), ARTICLES, TAY_HO)
    corrected = "corrected by a researcher" if lang == "en" else "đã được nhà nghiên cứu sửa"
    added = "added by a researcher" if lang == "en" else "do nhà nghiên cứu bổ sung"
    for section in (sections.key_indicators(brief, lang).data, sections.evidence(brief, lang).data):
        marks = re.findall(r'<small class="correction">(.*?)</small>', section)
        assert sorted(marks) == sorted(
            [f"✎ {corrected}: report says &lt;b&gt;119&lt;/b&gt;", f"✎ {added}: missed growth"]
        )


def test_extracted_figures_carry_no_correction_mark(tay_ho: model.BriefData) -> None:
    assert 'class="correction"' not in sections.key_indicators(tay_ho, "en").data
    assert 'class="correction"' not in sections.evidence(tay_ho, "en").data


def test_figures_the_extractor_doubts_are_marked_to_review(facts: pd.DataFrame) -> None:
    doubted = facts.copy()
    doubted.loc[doubted["indicator"] == "targets_met", "confidence"] = "review"
    brief = model.build_brief_data(doubted, ARTICLES, TAY_HO)
    marked = [
        line
        for line in sections.key_indicators(brief, "en").data.splitlines()
        if "to review" in line
    ]
    assert len(marked) == 1 and "21/21" in marked[0]
    assert (
        "to review"
        not in sections.key_indicators(model.build_brief_data(facts, ARTICLES, TAY_HO), "en").data
    )
    assert "cần xem lại" in sections.key_indicators(brief, "vi").data


def test_the_headline_marks_a_doubted_figure_to_review(facts: pd.DataFrame) -> None:
    doubted = facts.copy()
    doubted.loc[doubted["indicator"] == "budget_revenue_pct_plan", "confidence"] = "review"
    headline = sections.headline(model.build_brief_data(doubted, ARTICLES, TAY_HO), "en").data
    (line,) = [ln for ln in headline.splitlines() if "State budget revenue" in ln]
    assert line.endswith("*to review (the extractor doubts it)*")
    plain = sections.headline(model.build_brief_data(facts, ARTICLES, TAY_HO), "en").data
    assert "to review" not in plain
