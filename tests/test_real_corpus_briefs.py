"""`briefs run --lang both` and `briefs export` on the published articles of
`tests/data/real/`: every district's brief renders in both languages, no section fails,
both index pages are written, every link resolves, and the export validates.

The real text carries what written fixtures miss: month-only publication dates (an
archive's ` date 2022-04`), paragraph-long titles, estimates against two plans. One run
(module fixture) is shared; it starts Jupyter kernels, hence `slow`.
"""

from __future__ import annotations

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
from helpers.tables.corpus import CorpusTables
from helpers.tables.export import export_dataset

pytestmark = pytest.mark.slow

REAL = Path(__file__).resolve().parent / "data" / "real"
ARTICLES = REAL / "articles"
WEB_SCHEMES = ("http", "https")


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    out_dir = tmp_path_factory.mktemp("real") / "out"
    return run_briefs(ARTICLES, out_dir, langs=("en", "vi")), out_dir


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
