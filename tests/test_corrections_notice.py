"""A brief shows its district's stale corrections and dropped figures; the run keeps the
corrections report beside its facts snapshot so that a brief made from it can."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.brief.corrections_notice import DROPPED_ID, STALE_ID, corrections_notice
from helpers.tables.correction_report import (
    CorrectionsReport,
    DroppedFigure,
    StaleCorrection,
    read_report_beside,
    report_bytes,
    report_path_for,
    stale_reasons,
)

DISTRICT, OTHER = "Tây Hồ", "Ba Đình"


def _report() -> CorrectionsReport:
    return CorrectionsReport(
        path="/work/corrections.csv",
        applied=3,
        by_district={DISTRICT: 2, OTHER: 1},
        stale=[
            StaleCorrection(4, "fix", "th-1", "<b>52%</b>", "no_article", "a note", district=""),
            StaleCorrection(5, "add", "new-doc", "12", "no_article", "", district=DISTRICT),
            StaleCorrection(6, "fix", "bd-1", "7", "no_article", "", district=OTHER),
        ],
        dropped=[
            DroppedFigure(2, "th-1", DISTRICT, "9,8%", "Tăng 9,8% & hơn.", "not the district's"),
            DroppedFigure(3, "bd-1", OTHER, "7", "Ba Đình 7.", "wrong"),
        ],
    )


def _facts() -> pd.DataFrame:
    return pd.DataFrame({"district": [DISTRICT, OTHER, OTHER], "doc_id": ["th-1", "bd-1", "th-1"]})


def test_a_district_gets_the_stale_corrections_naming_it_or_its_articles() -> None:
    own = _report().for_district(DISTRICT, {"th-1"})
    assert [item.line for item in own.stale] == [4, 5]
    assert [item.line for item in own.dropped] == [2]
    assert own.shows_anything and not _report().for_district("Hoàn Kiếm", set()).shows_anything


def test_the_notice_lists_them_escaped_and_marked_vietnamese() -> None:
    html = corrections_notice(_report(), _facts(), DISTRICT, "en").data
    assert html.index(f'id="{STALE_ID}"') < html.index(f'id="{DROPPED_ID}"')
    assert "&lt;b&gt;52%&lt;/b&gt;" in html and "<b>52%" not in html
    assert '<span lang="vi">Tăng 9,8% &amp; hơn.</span>' in html
    assert "not the district&#39;s" in html
    assert "corrections.csv" in html and "/work/" not in html
    assert "Ba Đình 7." not in html and ">6<" not in html


def test_a_district_with_nothing_to_show_gets_no_notice() -> None:
    report = CorrectionsReport(path="c.csv", stale=_report().stale[2:], dropped=[])
    assert corrections_notice(report, _facts(), DISTRICT, "vi") is None
    assert corrections_notice(CorrectionsReport(), _facts(), DISTRICT, "en") is None


def test_the_vietnamese_notice_speaks_vietnamese() -> None:
    html = corrections_notice(_report(), _facts(), DISTRICT, "vi").data
    assert "Sửa chữa lỗi thời" in html and "Stale corrections" not in html
    assert "không còn trong kho" in html and "no longer in the corpus" not in html
    assert 'lang="vi"' not in html


def test_the_report_round_trips_beside_a_facts_file(tmp_path: Path) -> None:
    facts = tmp_path / "0123456789abcdef.csv"
    assert read_report_beside(facts) == CorrectionsReport()
    report_path_for(facts).write_bytes(report_bytes(_report()))
    assert report_path_for(facts).name == "0123456789abcdef.corrections.json"
    assert read_report_beside(facts) == _report()
    assert report_bytes(_report()) == report_bytes(read_report_beside(facts))


@pytest.mark.parametrize("text", ["{not json", '{"stale": 3}', '{"colour": "red"}'])
def test_a_damaged_report_is_an_error_naming_its_file(tmp_path: Path, text: str) -> None:
    facts = tmp_path / "facts.csv"
    report_path_for(facts).write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"facts\.corrections\.json"):
        read_report_beside(facts)


def test_every_stale_reason_has_its_wording_in_both_languages_and_unknown_ones_fail() -> None:
    for key, wording in stale_reasons().items():
        assert all(wording[lang].strip() for lang in ("en", "vi")), key
        assert wording["en"].count("{line}") == wording["vi"].count("{line}"), key
    with pytest.raises(ValueError, match="unknown stale-correction reason 'gone'"):
        StaleCorrection(1, "fix", "a", "9%", "gone")
