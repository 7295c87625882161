"""The index page: the district × indicator grid, links, status, escaping, offline
sorting and filtering (an HTML-parser test always; a Chromium test when one is installed)."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import factories
import pandas as pd
import pytest

from helpers.brief.model import build_brief_data
from helpers.extract.reference.gazetteer import resolve_district
from helpers.publish.index_page import (
    INDEX_NAME,
    IndexContext,
    district_csv_name,
    grid_script,
    render_index,
    write_index,
)
from helpers.run_manifest import (
    STATUS_FAILED,
    STATUS_NO_FACTS,
    STATUS_OK,
    DistrictResult,
    RunManifest,
    UnreadableFile,
)

EXTERNAL_REFERENCE = re.compile(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
SCRIPT = "<script>alert(1)</script>"
CONTEXT = IndexContext(generated_on="2026-01-02 03:04 UTC", corpus="/data/corpus", n_articles=4)

FACTS = factories.facts_frame(
    [
        factories.fact("a", "Tây Hồ", "budget_revenue_pct_plan", 119.0),
        factories.fact("b", "Tây Hồ", "budget_revenue_pct_plan", 112.0),  # disagrees
        factories.fact("a", "Tây Hồ", "targets_met", 21.0, total=21.0),
        factories.fact("a", "Tây Hồ", "other", 9.0),
        factories.fact("c", "Đống Đa", "budget_revenue_pct_plan", 130.0),
        factories.fact("c", "Đống Đa", "targets_met", 20.0, total=21.0),
        factories.fact("d", "Ứng Hòa", "budget_revenue_pct_plan", 95.0, year=2021),
        factories.fact("d", "Ba Vì", "budget_revenue_pct_plan", 101.0),
    ]
)
ARTICLES = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c", "d"],
        "file": ["a.txt", "b.txt", "c.txt", "d.txt"],
        "title": ["A", "B", "C", "D"],
        "published": ["2024-01-20", "2023-12-01", "2024-02-02", ""],
        "author": ["", "", "", ""],
        "outlet": ["", "", "", ""],
        "url": ["", "", "", ""],
        "districts": ["Tây Hồ", "Tây Hồ", "Đống Đa", "Ứng Hòa;Ba Vì"],
        "n_facts": [3, 1, 2, 2],
    }
)


def _manifest() -> RunManifest:
    return RunManifest(
        corpus="/data/corpus",
        facts_count=len(FACTS),
        unreadable=[UnreadableFile(file=f"bad{SCRIPT}.txt", error="not UTF-8")],
        districts=[
            DistrictResult("Tây Hồ", "tay-ho", STATUS_OK, 1.0),
            DistrictResult("Đống Đa", "dong-da", STATUS_FAILED, 2.0, error=f"ValueError: {SCRIPT}"),
            DistrictResult("Ứng Hòa", "ung-hoa", STATUS_OK, 1.0),
            DistrictResult("Ba Vì", "ba-vi", STATUS_OK, 1.0),
            DistrictResult("Tây Hồ", "tay-ho", STATUS_OK, 1.0, lang="vi"),
        ],
    )


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    for name in ("tay-ho.html", "tay-ho.vi.html", "dong-da.html", "ung-hoa.html", "ba-vi.html"):
        (tmp_path / name).write_text("brief", encoding="utf-8")
    (tmp_path / district_csv_name("tay-ho")).write_text("csv", encoding="utf-8")
    (tmp_path / "dong-da.failed.ipynb").write_text("{}", encoding="utf-8")
    return tmp_path


def _render(out_dir: Path, lang: str = "en", languages: tuple[str, ...] = ("en",)) -> str:
    return render_index(_manifest(), out_dir, FACTS, ARTICLES, CONTEXT, lang, languages)


class _Grid(HTMLParser):
    """The grid's header kinds and, per body row, its attributes and cells' sort keys
    and text."""

    def __init__(self) -> None:
        super().__init__()
        self.kinds: list[str] = []
        self.rows: list[dict] = []
        self._in_grid = self._in_body = False
        self._cell: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "table" and found.get("id") == "grid":
            self._in_grid = True
        elif self._in_grid and not self._in_body and tag == "th":
            self.kinds.append(found["data-kind"])
        elif self._in_grid and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append({"attrs": found, "cells": []})
        elif self._in_body and tag in ("td", "th"):
            self._cell = {"sort": found["data-sort"], "text": ""}
            self.rows[-1]["cells"].append(self._cell)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "table":
            self._in_grid = self._in_body = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data


def _grid(html: str) -> _Grid:
    parser = _Grid()
    parser.feed(html)
    return parser


def test_rows_in_vietnamese_order_with_sort_keys(out_dir: Path) -> None:
    grid = _grid(_render(out_dir))
    names = [row["cells"][0]["text"].split()[0:2] for row in grid.rows]
    assert [" ".join(name) for name in names] == ["Ba Vì", "Đống Đa", "Tây Hồ", "Ứng Hòa"]
    assert all(len(row["cells"]) == len(grid.kinds) for row in grid.rows)
    for row in grid.rows:
        for kind, cell in zip(grid.kinds, row["cells"], strict=True):
            if kind == "number" and cell["sort"]:
                float(cell["sort"])  # every numeric key parses
    assert [row["attrs"]["data-type"] for row in grid.rows] == ["huyện", "quận", "quận", "huyện"]
    assert grid.rows[3]["attrs"]["data-filter"].startswith("ung hoa")  # diacritics folded


def test_figure_counts_match_the_briefs(out_dir: Path) -> None:
    grid = _grid(_render(out_dir))
    for row in grid.rows:
        name = " ".join(row["cells"][0]["text"].split()[:2])
        brief = build_brief_data(FACTS, ARTICLES, resolve_district(name))
        assert int(row["cells"][3]["text"]) == len(brief.facts)  # `other` left out
        assert int(row["cells"][4]["text"]) == len(brief.sources)


def test_conflicts_and_other_years_are_marked(out_dir: Path) -> None:
    html = _render(out_dir)
    grid = _grid(html)
    by_name = {" ".join(row["cells"][0]["text"].split()[:2]): row for row in grid.rows}
    assert "†" in by_name["Tây Hồ"]["cells"][7]["text"]
    assert "†" not in by_name["Ba Vì"]["cells"][7]["text"]
    assert "(2021)" in by_name["Ứng Hòa"]["cells"][7]["text"]  # the column is mostly 2023
    assert "mostly 2023" in html


def test_links_brief_csv_and_notebook_download(out_dir: Path) -> None:
    html = _render(out_dir)
    assert '<a href="tay-ho.html">Tây Hồ</a>' in html
    assert '<a href="tay-ho.facts.csv" download>CSV</a>' in html
    assert '<a href="tay-ho.ipynb" download' in html  # downloads, not raw JSON in the tab
    assert '<a href="dong-da.failed.ipynb" download' in html
    assert 'class="status-failed"' in html
    assert '<a href="facts.csv" download>' in html


def test_each_language_links_its_own_briefs_and_the_other_index(out_dir: Path) -> None:
    vietnamese = _render(out_dir, "vi", ("en", "vi"))
    assert vietnamese.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert '<a href="tay-ho.vi.html">Tây Hồ</a>' in vietnamese
    assert '<a href="index.html" lang="en" hreflang="en">English</a>' in vietnamese
    assert 'href="ba-vi.html"' not in vietnamese  # the run wrote no Vietnamese brief of it
    english = _render(out_dir)
    assert 'href="index.vi.html"' not in english  # only one language written


def test_a_district_without_a_kept_notebook_has_no_dead_link(out_dir: Path) -> None:
    manifest = RunManifest(
        corpus="/data/corpus",
        facts_count=len(FACTS),
        districts=[
            DistrictResult("Tây Hồ", "tay-ho", STATUS_OK, 1.0),
            DistrictResult("Hoàn Kiếm", "hoan-kiem", STATUS_NO_FACTS, 0.0, error="no facts"),
        ],
    )
    html = render_index(manifest, out_dir, FACTS, ARTICLES, CONTEXT, "en", ("en",))
    assert "hoan-kiem" not in html
    assert 'class="status-failed"' in html and "no facts" in html


def test_footer_names_generation_time_and_corpus(out_dir: Path) -> None:
    html = _render(out_dir)
    assert "Generated on 2026-01-02 03:04 UTC from the corpus /data/corpus (4 articles)." in html


def test_text_is_escaped_and_only_the_hashed_script_may_run(out_dir: Path) -> None:
    html = _render(out_dir)
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script") == 1
    assert EXTERNAL_REFERENCE.search(html) is None
    script, source = grid_script()
    inline = re.search(r"<script>(.*)</script>", html, re.DOTALL)
    assert inline is not None and inline.group(1) == script
    digest = base64.b64encode(hashlib.sha256(inline.group(1).encode()).digest()).decode()
    assert source == f"'sha256-{digest}'"
    assert f"script-src {source}" in html
    assert "eval(" not in script and "innerHTML" not in script


def test_write_index_is_deterministic(out_dir: Path) -> None:
    path = write_index(out_dir / INDEX_NAME, _render(out_dir))
    first = path.read_bytes()
    write_index(out_dir / INDEX_NAME, _render(out_dir))
    assert path.read_bytes() == first


# ---- in a browser ----------------------------------------------------------------------

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)


def _dom_after_script(page: Path, fragment: str, profile: Path) -> str:
    url = page.as_uri() + "#" + fragment
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed")
def test_chromium_sorts_and_filters_offline(out_dir: Path, tmp_path: Path) -> None:
    page = out_dir / INDEX_NAME
    write_index(page, _render(out_dir))
    query = urllib.parse.urlencode({"q": "dong da"})
    filtered = _grid(_dom_after_script(page, query, tmp_path / "p1"))
    shown = [row for row in filtered.rows if "hidden" not in row["attrs"]]
    assert [" ".join(row["cells"][0]["text"].split()[:2]) for row in shown] == ["Đống Đa"]

    by_revenue = _grid(_dom_after_script(page, "sort=7&desc=1", tmp_path / "p2"))
    order = [" ".join(row["cells"][0]["text"].split()[:2]) for row in by_revenue.rows]
    assert order == ["Đống Đa", "Tây Hồ", "Ba Vì", "Ứng Hòa"]  # 130, 119, 101, 95

    by_type = _grid(_dom_after_script(page, "type=huyện", tmp_path / "p3"))
    assert sum("hidden" not in row["attrs"] for row in by_type.rows) == 2


def test_corrections_are_counted_per_district_and_stale_ones_listed(out_dir: Path) -> None:
    from dataclasses import replace

    from helpers.tables.correction_report import CorrectionsReport, StaleCorrection

    stale = StaleCorrection(3, "drop", "gone_article", f"9%{SCRIPT}", "no_article", "n")
    manifest = replace(
        _manifest(),
        corrections=CorrectionsReport(
            path="/data/corrections.csv", applied=3, by_district={"Tây Hồ": 3}, stale=[stale]
        ),
    )
    html = render_index(manifest, out_dir, FACTS, ARTICLES, CONTEXT)
    grid = _grid(html)
    by_name = {" ".join(row["cells"][0]["text"].split()[:2]): row for row in grid.rows}
    assert by_name["Tây Hồ"]["cells"][7]["text"] == "3"
    assert by_name["Ba Vì"]["cells"][7]["text"] == "0"
    assert "3 corrections applied from corrections.csv, 1 stale" in html
    section = html.split('id="stale-corrections"')[1]
    assert "gone_article" in section and "no longer in the corpus" in section
    assert "9%&lt;script&gt;" in section and SCRIPT not in html


def test_no_corrections_column_or_stale_section_without_a_corrections_file(
    out_dir: Path,
) -> None:
    html = _render(out_dir)
    assert "stale-corrections" not in html and "corrections applied" not in html
    assert "Corrections" not in html


def test_dates_at_month_and_year_precision_are_shown(out_dir: Path) -> None:
    """An archive gives only the month (` date 2022-04`); the index shows it as such."""
    articles = ARTICLES.assign(published=["2024-01", "2023", "2024-02-02", ""])
    html = render_index(_manifest(), out_dir, FACTS, articles, CONTEXT)
    cells = {" ".join(row["cells"][0]["text"].split()[:2]): row for row in _grid(html).rows}
    assert cells["Tây Hồ"]["cells"][5]["text"] == "Jan 2024"
    assert cells["Đống Đa"]["cells"][5]["text"] == "2 Feb 2024"


def test_a_grid_that_cannot_be_built_leaves_a_note_and_every_brief_link(
    out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise ValueError("bad metadata")

    monkeypatch.setattr("helpers.publish.index_page.grid_html", broken)
    html = _render(out_dir)
    assert "ValueError: bad metadata" in html
    grid = _grid(html)
    assert len(grid.rows) == 4
    assert 'href="tay-ho.html"' in html and 'href="ba-vi.html"' in html


def test_a_column_holds_one_plan_basis(out_dir: Path) -> None:
    """The city's estimate and the district's own are two columns, never one cell."""
    facts = factories.facts_frame(
        [
            factories.fact("a", "Tây Hồ", "budget_revenue_pct_plan", 119.0, basis="city"),
            factories.fact("a", "Tây Hồ", "budget_revenue_pct_plan", 91.0, basis="district"),
            factories.fact("c", "Đống Đa", "budget_revenue_pct_plan", 130.0, basis="city"),
            factories.fact("d", "Ba Vì", "budget_revenue_pct_plan", 101.0, basis="district"),
        ]
    )
    html = render_index(_manifest(), out_dir, facts, ARTICLES, CONTEXT)
    assert "(against the city&#39;s plan)" in html
    assert "(against the district&#39;s own plan)" in html
    cells = [cell["text"] for row in _grid(html).rows for cell in row["cells"]]
    assert not any("·" in text and "%" in text for text in cells)  # one value per cell
    assert "119 %" in cells and "91 %" in cells


def test_each_value_links_to_its_row_in_the_brief(out_dir: Path) -> None:
    html = _render(out_dir)
    brief = build_brief_data(FACTS, ARTICLES, resolve_district("Tây Hồ"))
    anchors = {brief.reading_id(row) for _, row in brief.readings.iterrows()}
    linked = set(re.findall(r'href="tay-ho\.html#(r\d+)"', html))
    assert linked and linked <= anchors
