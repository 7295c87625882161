"""The index page: links, status marking, escaping, and nothing external."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.batch.manifest import (
    STATUS_FAILED,
    STATUS_NO_FACTS,
    STATUS_OK,
    DistrictResult,
    RunManifest,
    UnreadableFile,
)
from helpers.brief.index_page import INDEX_NAME, render_index, write_index

EXTERNAL_REFERENCE = re.compile(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
SCRIPT = "<script>alert(1)</script>"


def _manifest() -> RunManifest:
    return RunManifest(
        corpus="/data/corpus",
        facts_count=40,
        unreadable=[UnreadableFile(file=f"bad{SCRIPT}.txt", error="not UTF-8")],
        districts=[
            DistrictResult("Tây Hồ", "tay-ho", STATUS_OK, 1.0),
            DistrictResult(
                "Hoàn Kiếm", "hoan-kiem", STATUS_FAILED, 2.0, error=f"ValueError: {SCRIPT}"
            ),
            DistrictResult("Thanh Xuân", "thanh-xuan", STATUS_FAILED, 2.0, error="KeyError: 'x'"),
        ],
    )


TYPES = {"Tây Hồ": "quận", "Hoàn Kiếm": "quận", "Thanh Xuân": "quận"}


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    (tmp_path / "tay-ho.html").write_text("brief", encoding="utf-8")
    (tmp_path / "hoan-kiem.html").write_text("last good brief", encoding="utf-8")
    for slug in ("hoan-kiem", "thanh-xuan"):
        (tmp_path / f"{slug}.failed.ipynb").write_text("{}", encoding="utf-8")
    return tmp_path


def _row(html: str, slug: str) -> str:
    rows = re.findall(r"<tr>.*?</tr>", html, re.DOTALL)
    matching = [row for row in rows if f"{slug}." in row]
    assert len(matching) == 1, matching
    return matching[0]


def test_ok_district_links_brief_and_notebook(out_dir: Path) -> None:
    row = _row(render_index(_manifest(), out_dir, TYPES), "tay-ho")
    assert '<a href="tay-ho.html">Tây Hồ</a>' in row
    assert 'href="tay-ho.ipynb"' in row
    assert 'class="status-ok"' in row
    assert "failed" not in row


def test_failed_district_is_marked_and_links_its_kept_notebook(out_dir: Path) -> None:
    html = render_index(_manifest(), out_dir, TYPES)
    with_old_brief = _row(html, "hoan-kiem")
    assert 'class="status-failed"' in with_old_brief
    assert 'href="hoan-kiem.failed.ipynb"' in with_old_brief
    assert '<a href="hoan-kiem.html">Hoàn Kiếm</a>' in with_old_brief  # last good brief
    without_brief = _row(html, "thanh-xuan")
    assert 'class="status-failed"' in without_brief
    assert "thanh-xuan.html" not in without_brief
    assert "KeyError: &#39;x&#39;" in without_brief


def test_a_district_without_a_kept_notebook_has_no_dead_link(tmp_path: Path) -> None:
    manifest = RunManifest(
        corpus="/data/corpus",
        facts_count=40,
        districts=[DistrictResult("Ba Vì", "ba-vi", STATUS_NO_FACTS, 0.0, error="no facts")],
    )
    html = render_index(manifest, tmp_path, {"Ba Vì": "huyện"})
    assert "ba-vi" not in html
    assert 'class="status-failed"' in html and "no facts" in html


def test_text_is_escaped(out_dir: Path) -> None:
    html = render_index(_manifest(), out_dir, TYPES)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html


def test_overview_html_is_inserted_as_given(out_dir: Path) -> None:
    overview = "<h2>Districts</h2><table class='ov'><tr><td>&lt;b&gt;</td></tr></table>"
    html = render_index(_manifest(), out_dir, TYPES, overview_html=overview)
    assert overview in html


def test_nothing_external_and_summary(out_dir: Path) -> None:
    html = render_index(_manifest(), out_dir, TYPES)
    assert EXTERNAL_REFERENCE.search(html) is None
    assert "3 districts, 2 failed; 40 facts" in html


def test_write_index_is_deterministic(out_dir: Path) -> None:
    path = write_index(_manifest(), out_dir, TYPES)
    assert path == out_dir / INDEX_NAME
    first = path.read_bytes()
    write_index(_manifest(), out_dir, TYPES)
    assert path.read_bytes() == first


def test_corrections_are_counted_per_district_and_stale_ones_listed(out_dir: Path) -> None:
    from dataclasses import replace

    from helpers.tables.correction_report import CorrectionsReport, StaleCorrection

    stale = StaleCorrection(3, "drop", "gone_article", f"9%{SCRIPT}", "the article is gone", "n")
    manifest = replace(
        _manifest(),
        corrections=CorrectionsReport(
            path="/data/corrections.csv", applied=3, by_district={"Tây Hồ": 3}, stale=[stale]
        ),
    )
    html = render_index(manifest, out_dir, TYPES)
    assert '<td class="num">3</td>' in _row(html, "tay-ho")
    assert '<td class="num">0</td>' in _row(html, "thanh-xuan")
    assert "3 corrections applied from corrections.csv, 1 stale" in html
    section = html.split('id="stale-corrections"')[1]
    assert "gone_article" in section and "the article is gone" in section
    assert "9%&lt;script&gt;" in section and SCRIPT not in html


def test_no_stale_section_without_stale_corrections(out_dir: Path) -> None:
    html = render_index(_manifest(), out_dir, TYPES)
    assert "stale-corrections" not in html and "corrections applied" not in html
