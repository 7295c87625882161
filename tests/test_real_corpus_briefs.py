"""`briefs run --lang both` and `briefs export` on the published articles of
`tests/data/real/`: every district's brief renders in both languages, no section fails,
both index pages are written, every link resolves, and the export validates.

The real text carries what written fixtures miss: month-only publication dates (an
archive's ` date 2022-04`), paragraph-long titles, estimates against two plans. One run
(module fixture) is shared; it starts Jupyter kernels, hence `slow`.
"""

from __future__ import annotations

import csv
import json
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import axe_check
import frictionless
import pytest
from bs4 import BeautifulSoup

from helpers.batch.runner import run_briefs
from helpers.brief.guard import SECTION_ERROR_CLASS
from helpers.tables.corpus import CorpusTables, extract_corpus
from helpers.tables.corrections import CORRECTION_COLUMNS
from helpers.tables.export import export_dataset

pytestmark = pytest.mark.slow

REAL = Path(__file__).resolve().parent / "data" / "real"
ARTICLES = REAL / "articles"
WEB_SCHEMES = ("http", "https")


# A drop in Thường Tín and a stale fix in an article of Đông Anh: the corrections notice
# at the top of those briefs is checked like every other section (links, axe).
DROPPED_IN, STALE_IN = "Thường Tín", "Đông Anh"


def _corrections_file(folder: Path) -> Path:
    facts = extract_corpus(ARTICLES).facts
    dropped = facts[facts["district"] == DROPPED_IN].iloc[0]
    stale_doc = facts.loc[facts["district"] == STALE_IN, "doc_id"].iloc[0]
    path = folder / "corrections.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CORRECTION_COLUMNS)
        writer.writeheader()
        key = {name: dropped[name] for name in ("doc_id", "figure", "sentence")}
        writer.writerow({"action": "drop", **key, "note": "not the district's figure"})
        sentence = "Năm nay quận đạt 12,5% kế hoạch (câu đã bị sửa)."
        stale = {"doc_id": stale_doc, "figure": "12,5%", "sentence": sentence}
        writer.writerow({"action": "fix", **stale, "value": "13", "note": "old fix"})
    return path


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    folder = tmp_path_factory.mktemp("real")
    corrections = _corrections_file(folder)
    out_dir = folder / "out"
    return run_briefs(ARTICLES, out_dir, langs=("en", "vi"), corrections=corrections), out_dir


def _pages(out_dir: Path) -> dict[str, BeautifulSoup]:
    return {
        path.name: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(out_dir.glob("*.html"))
    }


def test_every_brief_renders_in_both_languages(real_run: tuple[int, Path]) -> None:
    status, out_dir = real_run
    manifest = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    failed = [
        (d["district"], d["lang"], d["error"]) for d in manifest["districts"] if d["status"] != "ok"
    ]
    assert failed == []
    assert manifest["step_errors"] == []
    assert status == 0
    assert {d["lang"] for d in manifest["districts"]} == {"en", "vi"}
    assert (out_dir / "index.html").is_file() and (out_dir / "index.vi.html").is_file()


def test_the_corrections_show_in_the_briefs_they_concern(real_run: tuple[int, Path]) -> None:
    _, out_dir = real_run
    pages = _pages(out_dir)
    with_notice = {
        name
        for name, page in pages.items()
        if page.find(id="stale-corrections") or page.find(id="dropped-figures")
    }
    assert with_notice == {
        "thuong-tin.html",
        "thuong-tin.vi.html",
        "dong-anh.html",
        "dong-anh.vi.html",
        "index.html",
        "index.vi.html",
    }
    assert pages["dong-anh.vi.html"].find(id="stale-corrections").find_next("table")
    assert "not the district's figure" in pages["thuong-tin.html"].get_text()


def test_no_section_of_any_page_failed(real_run: tuple[int, Path]) -> None:
    _, out_dir = real_run
    failed = {
        name: [note.get_text(" ", strip=True) for note in page.select(f".{SECTION_ERROR_CLASS}")]
        for name, page in _pages(out_dir).items()
    }
    assert {name: notes for name, notes in failed.items() if notes} == {}


def test_every_link_resolves(real_run: tuple[int, Path]) -> None:
    """Every local href names a file of the run, and its fragment an id on that page."""
    _, out_dir = real_run
    pages = _pages(out_dir)
    ids = {name: {tag["id"] for tag in page.find_all(id=True)} for name, page in pages.items()}
    dead = []
    for name, page in pages.items():
        for link in page.find_all("a", href=True):
            href = urllib.parse.urlsplit(link["href"])
            if href.scheme in WEB_SCHEMES:
                continue
            target = urllib.parse.unquote(href.path) or name
            exists = (out_dir / target).is_file()
            if not exists or (href.fragment and href.fragment not in ids.get(target, set())):
                dead.append((name, link["href"]))
    assert dead == []


def test_the_export_validates_with_frictionless(
    tmp_path: Path, extracted: Callable[[Path], CorpusTables]
) -> None:
    tables = extracted(ARTICLES)
    assert (tables.articles["published"].str.len() == 7).any()  # month-only dates are here
    descriptor = export_dataset(tables, tmp_path / "dataset")
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


AXE_PAGES = (
    "index.html",
    "index.vi.html",
    "thuong-tin.html",
    "dong-anh.vi.html",
    "phuc-tho.html",  # its years table scrolls at 375 px
)


@pytest.mark.skipif(
    axe_check.axe_script() is None or axe_check.CHROMIUM is None,
    reason="needs axe-core (npm install axe-core, or AXE_CORE_JS) and Chromium",
)
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_wcag_a_or_aa_violation(
    real_run: tuple[int, Path], width: int, tmp_path: Path
) -> None:
    """Both index pages and three briefs with every section (both languages)."""
    _, out_dir = real_run
    found = {
        name: axe_check.violations(out_dir / name, width, tmp_path / "profile")
        for name in AXE_PAGES
    }
    assert {name: v for name, v in found.items() if v} == {}
