"""`briefs run` end to end on a copy of the seeds: what the HTML briefs show.

One `run_briefs` over the seeds (module fixture) is shared by the assertions; the failure
and rerun tests run it again. All start Jupyter kernels, hence `slow`.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup, Tag
from nbformat.v4 import new_code_cell

from helpers.batch.runner import default_notebook, run_briefs

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
SCRIPT_ARTICLE = "004_01d65c67f1228e68.txt"  # Thanh Xuân
SCRIPT_BEFORE = "Công tác giải ngân đạt"
SLUGS = ("hoan-kiem", "tay-ho", "thanh-xuan")
EXTERNAL_REFERENCE = re.compile(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
SOURCE_LABEL = re.compile(r"\bS\d+\b")


@dataclass(frozen=True)
class BriefRun:
    corpus: Path
    out_dir: Path
    status: int
    snapshot: dict[str, bytes]


GENERATED_ON = re.compile(rb"<p>Generated on [^<]*</p>")


def _snapshot(out_dir: Path) -> dict[str, bytes]:
    """The run's outputs, the index without its footer's generation time."""
    names = ["facts.csv", "index.html", *(f"{slug}.html" for slug in SLUGS)]
    names += [f"{slug}.vi.html" for slug in SLUGS]
    files = {name: (out_dir / name).read_bytes() for name in names}
    files["index.html"] = GENERATED_ON.sub(b"", files["index.html"])
    return files


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> BriefRun:
    base = tmp_path_factory.mktemp("briefs")
    corpus = Path(shutil.copytree(SEEDS, base / "corpus"))
    article = corpus / SCRIPT_ARTICLE
    text = article.read_text(encoding="utf-8")
    assert SCRIPT_BEFORE in text
    lines = text.split("\n")
    lines[0] = f"{lines[0]} {SCRIPT}"  # in the title, shown under Sources
    text = "\n".join(lines).replace(SCRIPT_BEFORE, f"{SCRIPT} {SCRIPT_BEFORE}")
    article.write_text(text, encoding="utf-8")
    out_dir = base / "out"
    status = run_briefs(corpus, out_dir, langs=("en", "vi"))
    return BriefRun(corpus, out_dir, status, _snapshot(out_dir))


def _soup(run: BriefRun, slug: str) -> BeautifulSoup:
    return BeautifulSoup((run.out_dir / f"{slug}.html").read_text(encoding="utf-8"), "html.parser")


def _section(soup: BeautifulSoup, title: str) -> list[Tag | str]:
    """The elements and strings after the h2 whose text starts with `title`, up to the next h2."""
    heading = soup.find(lambda tag: tag.name == "h2" and tag.get_text().startswith(title))
    assert heading is not None, f"no section {title!r}"
    parts: list[Tag | str] = []
    for element in heading.next_elements:
        if isinstance(element, Tag) and element.name == "h2":
            break
        parts.append(element)
    return parts


def _text(parts: list[Tag | str]) -> str:
    return " ".join(str(p) for p in parts if not isinstance(p, Tag))


def test_every_seed_district_gets_a_brief(first_run: BriefRun) -> None:
    assert first_run.status == 0
    manifest = json.loads((first_run.out_dir / "run.json").read_text(encoding="utf-8"))
    assert [(d["slug"], d["lang"], d["status"]) for d in manifest["districts"]] == [
        (slug, lang, "ok") for slug in SLUGS for lang in ("en", "vi")
    ]
    assert manifest["facts_count"] > 0 and manifest["unreadable"] == []
    for slug in SLUGS:
        assert (first_run.out_dir / f"{slug}.ipynb").is_file()
        assert not (first_run.out_dir / f"{slug}.failed.ipynb").exists()


def test_tay_ho_headline_shows_targets_met_and_exceeded(first_run: BriefRun) -> None:
    headline = " ".join(_text(_section(_soup(first_run, "tay-ho"), "Headline")).split())
    assert re.search(r"\b21/21\b.*\b6\b.*exceeded", headline), headline


def test_tay_ho_revenue_conflict_shows_both_values_and_sources(first_run: BriefRun) -> None:
    soup = _soup(first_run, "tay-ho")
    conflicts = _section(soup, "Conflicts")
    groups = [p for p in conflicts if isinstance(p, Tag) and p.name == "h3"]
    assert len(groups) == 1 and "budget revenue" in groups[0].get_text()
    rows = [p for p in conflicts if isinstance(p, Tag) and p.name == "tr"]
    rows_112 = [r.get_text(" ") for r in rows if re.search(r"\b112\s*%", r.get_text(" "))]
    rows_119 = [r.get_text(" ") for r in rows if re.search(r"\b119\s*%", r.get_text(" "))]
    assert rows_112 and rows_119
    source_112 = set(SOURCE_LABEL.findall(rows_112[0]))
    source_119 = set(SOURCE_LABEL.findall(rows_119[0]))
    assert source_112 and source_119 and source_112 != source_119  # both sources named
    sources = _text(_section(soup, "Sources"))
    assert all(label in sources for label in source_112 | source_119)


def test_hoan_kiem_two_target_scopes_are_not_a_conflict(first_run: BriefRun) -> None:
    soup = _soup(first_run, "hoan-kiem")
    key_indicators = _text(_section(soup, "Key indicators"))
    assert "12/12" in key_indicators and "16/16" in key_indicators
    conflicts = _section(soup, "Conflicts")
    assert not [p for p in conflicts if isinstance(p, Tag) and p.name == "h3"]


def test_article_script_stays_text(first_run: BriefRun) -> None:
    thanh_xuan = (first_run.out_dir / "thanh-xuan.html").read_text(encoding="utf-8")
    assert ESCAPED_SCRIPT in thanh_xuan
    for path in first_run.out_dir.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert SCRIPT not in html, path.name
        scripts = html.lower().count("<script")
        assert scripts == (1 if path.name.startswith("index") else 0), path.name


def test_briefs_are_offline_and_titled(first_run: BriefRun) -> None:
    for slug in SLUGS:
        html = (first_run.out_dir / f"{slug}.html").read_text(encoding="utf-8")
        assert EXTERNAL_REFERENCE.search(html) is None, slug
        soup = BeautifulSoup(html, "html.parser")
        title = soup.title.get_text()
        assert soup.h1.get_text().startswith(title)
        assert "def " not in soup.get_text()  # code hidden
    assert "<title>Tây Hồ" in (first_run.out_dir / "tay-ho.html").read_text(encoding="utf-8")


def test_index_links_every_brief(first_run: BriefRun) -> None:
    index = (first_run.out_dir / "index.html").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f'href="{slug}.html"' in index
    assert 'class="status-failed"' not in index
    assert EXTERNAL_REFERENCE.search(index) is None
    vietnamese = (first_run.out_dir / "index.vi.html").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f'href="{slug}.vi.html"' in vietnamese
        assert f'href="{slug}.facts.csv"' in vietnamese
        assert (first_run.out_dir / f"{slug}.facts.csv").is_file()


@pytest.mark.parametrize(("suffix", "lang"), [(".html", "en"), (".vi.html", "vi")])
def test_every_value_links_to_its_sentence_in_both_languages(
    first_run: BriefRun, suffix: str, lang: str
) -> None:
    for slug in SLUGS:
        soup = BeautifulSoup(
            (first_run.out_dir / f"{slug}{suffix}").read_text(encoding="utf-8"), "html.parser"
        )
        assert soup.html is not None and soup.html["lang"] == lang
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        values = soup.select("table.brief-key-indicators td.num a.evidence-link")
        rows = soup.select("table.brief-key-indicators tbody tr")
        assert values and len(values) == len(rows), slug
        for link in soup.select("a.evidence-link, a.back-link"):
            assert link["href"].startswith("#") and link["href"][1:] in ids, (slug, link)
        for link in soup.select("a.evidence-link"):
            target = soup.find(id=link["href"][1:])
            assert target is not None and target.name in ("mark", "span"), (slug, link)


def test_figures_the_guessing_missed_are_highlighted(first_run: BriefRun) -> None:
    tay_ho = _soup(first_run, "tay-ho")
    assert "95%" in [mark.get_text() for mark in tay_ho.select("table.brief-evidence mark")]
    thanh_xuan = _soup(first_run, "thanh-xuan")
    assert "25" in [mark.get_text() for mark in thanh_xuan.select("table.brief-evidence mark")]
    hoan_kiem = _soup(first_run, "hoan-kiem")
    derivations = [tag.get_text() for tag in hoan_kiem.select(".derivation")]
    assert any("11,6%" in text and "111.6 %" in text for text in derivations), derivations
    headline = " ".join(_text(_section(hoan_kiem, "Headline")).split())
    assert "assigned by the city" in headline and "district council" in headline


def _notebook_failing_for(district: str, path: Path) -> Path:
    notebook = nbformat.read(default_notebook(), as_version=4)
    failing = new_code_cell(f"if district == {district!r}:\n    raise RuntimeError('injected')")
    notebook.cells.insert(2, failing)  # after the parameters (and papermill's injected cell)
    nbformat.write(notebook, path)
    return path


def test_one_failing_district_keeps_its_old_brief_and_others_run(
    first_run: BriefRun, tmp_path: Path
) -> None:
    out_dir = Path(shutil.copytree(first_run.out_dir, tmp_path / "out"))
    notebook = _notebook_failing_for("Hoàn Kiếm", tmp_path / "failing.ipynb")
    status = run_briefs(first_run.corpus, out_dir, notebook=notebook)
    assert status == 1
    manifest = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    statuses = {d["slug"]: (d["status"], d["error"]) for d in manifest["districts"]}
    assert statuses["hoan-kiem"][0] == "failed"
    assert statuses["hoan-kiem"][1].startswith("RuntimeError: injected (cell [")
    assert statuses["tay-ho"][0] == statuses["thanh-xuan"][0] == "ok"
    assert (out_dir / "hoan-kiem.html").read_bytes() == first_run.snapshot["hoan-kiem.html"]
    assert (out_dir / "hoan-kiem.failed.ipynb").is_file()
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="hoan-kiem.failed.ipynb"' in index and 'class="status-failed"' in index


def test_rerun_gives_byte_identical_facts_and_briefs(first_run: BriefRun) -> None:
    # One worker this time: all three briefs share one warm kernel, in another order of
    # kernels than the first run, so leaked kernel state would show as a difference.
    status = run_briefs(
        first_run.corpus, first_run.out_dir, workers=1, langs=("en", "vi"), rebuild=True
    )
    assert status == 0
    assert _snapshot(first_run.out_dir) == first_run.snapshot
