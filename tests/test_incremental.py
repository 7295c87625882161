"""Reruns that do only what changed: fingerprints, what a brief reads, which outputs a
rerun rebuilds. Fast: briefs are rendered by a stand-in that writes small files (the
real notebook's reruns are in test_incremental_briefs.py, slow)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from helpers.atomic import write_changed_atomic, write_texts_atomic
from helpers.batch import runner
from helpers.batch.fingerprints import (
    brief_code_fingerprint,
    corpus_fingerprint,
    digest,
    file_digests,
    files_intact,
)
from helpers.batch.rerun import RerunState, read_previous_manifest
from helpers.batch.worker import BriefTask
from helpers.brief.inputs import brief_inputs
from helpers.run_manifest import (
    MANIFEST_NAME,
    STATUS_OK,
    STATUS_UNCHANGED,
    DistrictResult,
    brief_files,
    read_manifest,
)
from helpers.tables.corpus import extract_corpus
from helpers.tables.correction_report import CorrectionsReport, StaleCorrection

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
HOAN_KIEM_SEED = "003_0f7c43e8bdea2af6.txt"
# Hoàn Kiếm's report moved a year on: its full-year results become 2023's, which Tây Hồ's
# comparison shows (they share indicators); Thanh Xuân shares none with Hoàn Kiếm.
ADDED_ARTICLE = "005_hoan_kiem_2023.txt"
SLUGS = ("hoan-kiem", "tay-ho", "thanh-xuan")
HEAVY_MODULES = ("pandas", "papermill", "nbconvert", "jupyter_client", "distributed")


def _add_hoan_kiem_2023(corpus: Path) -> None:
    text = (SEEDS / HOAN_KIEM_SEED).read_text(encoding="utf-8").replace("2022", "2023")
    (corpus / ADDED_ARTICLE).write_text(text, encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "corpus"))


# --- fingerprints -----------------------------------------------------------------------


def test_digest_keeps_its_parts_apart() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a", b"b") == digest(b"a", "b")


def test_files_intact_notices_a_changed_or_missing_file(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("brief")
    recorded = file_digests(tmp_path, ["a.html", "missing.html"])
    assert list(recorded) == ["a.html"]
    assert files_intact(tmp_path, recorded)
    (tmp_path / "a.html").write_text("brief, edited")
    assert not files_intact(tmp_path, recorded)
    (tmp_path / "a.html").unlink()
    assert not files_intact(tmp_path, recorded)


def test_write_changed_leaves_a_file_with_its_bytes_alone(tmp_path: Path) -> None:
    same, other = tmp_path / "same.csv", tmp_path / "other.csv"
    same.write_bytes(b"a\n")
    other.write_bytes(b"b\n")
    os.utime(same, ns=(1, 1))
    written = write_changed_atomic({same: b"a\n", other: b"c\n", tmp_path / "new.csv": b"d\n"})
    assert sorted(p.name for p in written) == ["new.csv", "other.csv"]
    assert same.stat().st_mtime_ns == 1
    assert other.read_bytes() == b"c\n"


def test_corpus_fingerprint_follows_what_extraction_reads(corpus: Path) -> None:
    first = corpus_fingerprint(corpus)
    assert corpus_fingerprint(corpus) == first
    (corpus / "notes.md").write_text("not an article")
    assert corpus_fingerprint(corpus) == first
    article = corpus / HOAN_KIEM_SEED
    stat = article.stat()
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    touched = corpus_fingerprint(corpus)
    assert touched != first
    (corpus.parent / "corrections.csv").write_text("action,doc_id,figure,sentence,note\n")
    corrected = corpus_fingerprint(corpus)
    assert corrected != touched
    (corpus / "sources.csv").write_text("doc_id,url\n")
    assert corpus_fingerprint(corpus) != corrected


def test_brief_code_fingerprint_follows_the_notebook(tmp_path: Path) -> None:
    notebook = tmp_path / "brief.ipynb"
    shutil.copy(runner.default_notebook(), notebook)
    first = brief_code_fingerprint(notebook)
    assert brief_code_fingerprint(notebook) == first
    notebook.write_text(notebook.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert brief_code_fingerprint(notebook) != first


def test_a_brief_reads_its_facts_and_the_peers_it_is_compared_with(corpus: Path) -> None:
    names = ["Hoàn Kiếm", "Tây Hồ", "Thanh Xuân"]
    before = extract_corpus(corpus)
    _add_hoan_kiem_2023(corpus)
    after = extract_corpus(corpus)
    new_rows = after.facts[after.facts["doc_id"] == Path(ADDED_ARTICLE).stem]
    assert set(new_rows["district"]) == {"Hoàn Kiếm"}  # the case this test is about
    old, new = (brief_inputs(t.facts, t.articles, names) for t in (before, after))
    changed = {name for name in names if old[name] != new[name]}
    assert changed == {"Hoàn Kiếm", "Tây Hồ"}


def test_a_figure_no_comparison_shows_changes_only_its_own_brief(corpus: Path) -> None:
    tables = extract_corpus(corpus)
    names = ["Hoàn Kiếm", "Tây Hồ", "Thanh Xuân"]
    row = tables.facts[tables.facts["district"] == "Tây Hồ"].iloc[[0]]
    quarter = row.assign(period="Q1", kind="actual", value=1.0, start=row["start"] + 100_000)
    more = pd.concat([tables.facts, quarter], ignore_index=True)
    old = brief_inputs(tables.facts, tables.articles, names)
    new = brief_inputs(more, tables.articles, names)
    assert {name for name in names if old[name] != new[name]} == {"Tây Hồ"}


def test_a_stale_correction_changes_only_the_brief_it_concerns(corpus: Path) -> None:
    tables = extract_corpus(corpus)
    names = ["Hoàn Kiếm", "Tây Hồ", "Thanh Xuân"]
    stale = StaleCorrection(3, "add", "gone", "12", "no_article", district="Tây Hồ")
    report = CorrectionsReport(path="corrections.csv", stale=[stale])
    old = brief_inputs(tables.facts, tables.articles, names, CorrectionsReport())
    new = brief_inputs(tables.facts, tables.articles, names, report)
    assert {name for name in names if old[name] != new[name]} == {"Tây Hồ"}


# --- which outputs a run rebuilds -------------------------------------------------------


def _stand_in_render(task: BriefTask) -> DistrictResult:
    """Writes a small notebook and HTML naming the facts snapshot the brief read."""
    files = brief_files(Path(task.out_dir), task.slug, task.lang)
    text = f"{task.district} {task.lang} {Path(task.facts_path).name}\n"
    write_texts_atomic({files.notebook: text, files.html: text})
    return DistrictResult(task.district, task.slug, STATUS_OK, 0.1, lang=task.lang)


@contextmanager
def _stand_in_pool(*args, **kwargs) -> Iterator[runner.BriefPool]:
    pool = runner.BriefPool(lambda: ThreadPoolExecutor(1), _stand_in_render, extract_workers=1)
    try:
        yield pool
    finally:
        pool.shutdown()


def _publish(corpus: Path, out_dir: Path, rerun: RerunState) -> tuple[int, list[str]]:
    """`_publish` with the stand-in renderer: the exit status and the briefs rendered."""
    rendered: list[str] = []

    def render(task: BriefTask) -> DistrictResult:
        rendered.append(task.slug)
        return _stand_in_render(task)

    pool = runner.BriefPool(lambda: ThreadPoolExecutor(1), render)
    try:
        status = runner._publish(
            pool, extract_corpus(corpus), None, corpus, out_dir, ("en",), rerun
        )
    finally:
        pool.shutdown()
    return status, sorted(rendered)


def _mtimes(out_dir: Path) -> dict[str, int]:
    return {
        path.relative_to(out_dir).as_posix(): path.stat().st_mtime_ns
        for path in out_dir.rglob("*")
        if path.is_file()
    }


def test_a_rerun_rebuilds_the_changed_briefs_and_the_index_only(
    corpus: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    assert _publish(corpus, out_dir, RerunState("run-1", "code")) == (0, list(SLUGS))

    before = _mtimes(out_dir)
    status, rendered = _publish(
        corpus, out_dir, RerunState("run-2", "code", read_previous_manifest(out_dir))
    )
    assert (status, rendered) == (0, [])
    manifest = read_manifest(out_dir / MANIFEST_NAME)
    assert {r.status for r in manifest.districts} == {STATUS_UNCHANGED}
    assert manifest.fingerprints.run == "run-2"
    changed = {name for name, mtime in _mtimes(out_dir).items() if before.get(name) != mtime}
    assert changed == {MANIFEST_NAME}

    _add_hoan_kiem_2023(corpus)
    before = _mtimes(out_dir)
    status, rendered = _publish(
        corpus, out_dir, RerunState("run-3", "code", read_previous_manifest(out_dir))
    )
    assert (status, rendered) == (0, ["hoan-kiem", "tay-ho"])
    after = _mtimes(out_dir)
    changed = {name for name, mtime in after.items() if before.get(name) != mtime}
    snapshot = Path(read_manifest(out_dir / MANIFEST_NAME).fingerprints.briefs["tay-ho"].facts)
    assert changed == {
        "hoan-kiem.html",
        "hoan-kiem.ipynb",
        "hoan-kiem.facts.csv",
        "tay-ho.html",
        "tay-ho.ipynb",
        "index.html",
        "facts.csv",
        "facts_articles.csv",
        MANIFEST_NAME,
        snapshot.as_posix(),
        snapshot.with_name(f"{snapshot.stem}_articles.csv").as_posix(),
        snapshot.with_name(f"{snapshot.stem}.corrections.json").as_posix(),
    }
    # Thanh Xuân's notebook names the snapshot it was made from: that one is kept
    thanh_xuan = read_manifest(out_dir / MANIFEST_NAME).fingerprints.briefs["thanh-xuan"]
    assert thanh_xuan.facts != snapshot.as_posix() and (out_dir / thanh_xuan.facts).is_file()


def test_a_brief_whose_file_was_removed_or_that_failed_is_rebuilt(
    corpus: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    _publish(corpus, out_dir, RerunState("run-1", "code"))
    (out_dir / "tay-ho.html").unlink()
    previous = read_previous_manifest(out_dir)
    assert _publish(corpus, out_dir, RerunState("run-2", "code", previous)) == (0, ["tay-ho"])
    assert _publish(corpus, out_dir, RerunState("run-3", "new code", previous))[1] == list(SLUGS)
    rebuilt = RerunState("run-4", "new code", read_previous_manifest(out_dir), rebuild=True)
    assert _publish(corpus, out_dir, rebuilt)[1] == list(SLUGS)


def test_nothing_changed_reads_no_article_and_starts_no_pool(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out_dir = tmp_path / "out"
    monkeypatch.setattr(runner, "brief_pool", _stand_in_pool)
    assert runner.run_briefs(corpus, out_dir) == 0
    first = read_manifest(out_dir / MANIFEST_NAME)
    before = _mtimes(out_dir)

    def must_not_run(*args, **kwargs):
        raise AssertionError("a rerun with nothing changed extracted or started a pool")

    monkeypatch.setattr(runner, "brief_pool", must_not_run)
    monkeypatch.setattr(runner, "_extract", must_not_run)
    capsys.readouterr()
    assert runner.run_briefs(corpus, out_dir) == 0
    err = capsys.readouterr().err
    assert "nothing changed since the last run: 3 briefs unchanged" in err
    manifest = read_manifest(out_dir / MANIFEST_NAME)
    assert [r.status for r in manifest.districts] == [STATUS_UNCHANGED] * 3
    assert manifest.fingerprints == first.fingerprints
    changed = {name for name, mtime in _mtimes(out_dir).items() if before.get(name) != mtime}
    assert changed <= {MANIFEST_NAME, ".briefs.lock"}

    (out_dir / "hoan-kiem.facts.csv").write_text("edited by hand\n")  # not intact: a real run
    monkeypatch.undo()
    monkeypatch.setattr(runner, "brief_pool", _stand_in_pool)
    assert runner.run_briefs(corpus, out_dir) == 0
    assert (out_dir / "hoan-kiem.facts.csv").read_text() != "edited by hand\n"
    manifest = read_manifest(out_dir / MANIFEST_NAME)
    assert [r.status for r in manifest.districts] == [STATUS_UNCHANGED] * 3


def test_a_failed_run_is_not_taken_for_an_unchanged_one(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir = tmp_path / "out"
    monkeypatch.setattr(runner, "brief_pool", _stand_in_pool)
    assert runner.run_briefs(corpus, out_dir, districts=["Tây Hồ", "Ba Vì"]) == 1  # no facts
    assert runner.run_briefs(corpus, out_dir, districts=["Tây Hồ", "Ba Vì"]) == 1
    statuses = [r.status for r in read_manifest(out_dir / MANIFEST_NAME).districts]
    assert statuses == [STATUS_UNCHANGED, "no-facts"]


# --- start-up cost ----------------------------------------------------------------------


def test_the_command_imports_no_heavy_library_before_it_needs_one() -> None:
    code = (
        "import sys, helpers.cli\n"
        f"print(','.join(m for m in {HEAVY_MODULES!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
