"""`briefs run` plumbing: district resolution, manifest, papermill set-up, warm kernels.

The slow tests run `run_briefs` over the seed corpus with small synthetic notebooks that
check the kernel state and fail on purpose; the real brief is covered by
test_integration_briefs.py.
"""

from __future__ import annotations

import json
import shutil
from concurrent.futures import Future
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from papermill.parameterize import parameterize_notebook

from helpers.batch.papermill_setup import ReadablePythonTranslator, strip_run_metadata
from helpers.batch.runner import format_status_table, resolve_requested, run_briefs
from helpers.batch.warm_kernel import imported_modules
from helpers.batch.worker import BriefTask
from helpers.extract.reference.gazetteer import UnknownDistrictError
from helpers.run_manifest import (
    MANIFEST_NAME,
    STATUS_FAILED,
    STATUS_OK,
    DistrictResult,
    RunManifest,
    UnreadableFile,
    brief_files,
    read_manifest,
    write_manifest,
)
from helpers.tables.correction_report import CorrectionsReport, StaleCorrection

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PARAMETERS_SOURCE = 'district = "Tây Hồ"\ncorpus_dir = ""\nfacts_path = ""\nlang = "en"'


# --- district resolution -------------------------------------------------------------


def test_requested_districts_resolve_any_spelling_without_repeats() -> None:
    resolved = resolve_requested(["tay ho", "Tây Hồ", "hoan-kiem", "Quận Thanh Xuân"])
    assert [d.name for d in resolved] == ["Tây Hồ", "Hoàn Kiếm", "Thanh Xuân"]
    assert [d.slug for d in resolved] == ["tay-ho", "hoan-kiem", "thanh-xuan"]


def test_unknown_district_fails_before_any_work(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    with pytest.raises(UnknownDistrictError) as caught:
        run_briefs(SEEDS, out_dir, districts=["Tây Hồ", "Ba Dinhh"])
    assert caught.value.suggestion == "Ba Đình"
    assert "Hoàn Kiếm" in str(caught.value)  # the valid choices are listed
    assert not out_dir.exists()


def test_missing_notebook_fails_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"absent\.ipynb"):
        run_briefs(SEEDS, tmp_path / "out", notebook=tmp_path / "absent.ipynb")
    assert not (tmp_path / "out").exists()


def test_bad_corpus_or_workers_fail_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError, match="corpus folder not found"):
        run_briefs(tmp_path / "no-corpus", tmp_path / "out")
    with pytest.raises(ValueError, match="workers must be at least 1, got 0"):
        run_briefs(SEEDS, tmp_path / "out", workers=0)
    assert not (tmp_path / "out").exists()


# --- manifest and status table -------------------------------------------------------


def _results() -> list[DistrictResult]:
    return [
        DistrictResult("Tây Hồ", "tay-ho", STATUS_OK, 1.234, timings={"cells_s": 0.5}),
        DistrictResult("Hoàn Kiếm", "hoan-kiem", STATUS_FAILED, 0.5, error="ValueError: boom"),
    ]


def test_manifest_round_trip_keeps_vietnamese_readable(tmp_path: Path) -> None:
    manifest = RunManifest(
        corpus="/c",
        facts_count=3,
        unreadable=[UnreadableFile("x.txt", "bad")],
        districts=_results(),
        corrections=CorrectionsReport(
            path="/c/corrections.csv",
            applied=2,
            by_district={"Tây Hồ": 2},
            stale=[StaleCorrection(4, "drop", "d1", "9%", "no_article", "note")],
        ),
    )
    path = tmp_path / MANIFEST_NAME
    write_manifest(manifest, path)
    assert "Tây Hồ" in path.read_text(encoding="utf-8")
    assert read_manifest(path) == manifest
    assert [r.district for r in read_manifest(path).failed] == ["Hoàn Kiếm"]


def test_unknown_status_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown status 'done'"):
        DistrictResult("Tây Hồ", "tay-ho", "done", 1.0)


def test_brief_files_are_named_by_slug(tmp_path: Path) -> None:
    files = brief_files(tmp_path, "tay-ho")
    assert (files.notebook.name, files.html.name, files.failed.name) == (
        "tay-ho.ipynb",
        "tay-ho.html",
        "tay-ho.failed.ipynb",
    )
    vietnamese = brief_files(tmp_path, "tay-ho", "vi")
    assert (vietnamese.notebook.name, vietnamese.html.name, vietnamese.failed.name) == (
        "tay-ho.vi.ipynb",
        "tay-ho.vi.html",
        "tay-ho.vi.failed.ipynb",
    )


def test_status_table_lists_each_district_and_error() -> None:
    lines = format_status_table(_results()).splitlines()
    assert lines[0].split() == ["district", "status", "seconds", "error"]
    assert lines[1].split() == ["Tây", "Hồ", "ok", "1.2"]
    assert lines[2].endswith("failed  0.5      ValueError: boom")
    with_lang = format_status_table(_results(), show_lang=True).splitlines()
    assert with_lang[0].split() == ["district", "lang", "status", "seconds", "error"]
    assert with_lang[1].split() == ["Tây", "Hồ", "en", "ok", "1.2"]


def test_a_dead_worker_process_is_a_failed_district() -> None:
    from helpers.batch.runner import _result_of

    future: Future[DistrictResult] = Future()
    future.set_exception(RuntimeError("worker died"))
    task = BriefTask("Tây Hồ", "tay-ho", "/c", "/c/facts.csv", "/out")
    result = _result_of(future, task)
    assert (result.status, result.error) == (STATUS_FAILED, "RuntimeError: worker died")


# --- papermill set-up ----------------------------------------------------------------


def test_translator_writes_vietnamese_readably() -> None:
    assert ReadablePythonTranslator.translate_str("Tây Hồ") == "'Tây Hồ'"
    assert ReadablePythonTranslator.translate_str("it's") == '"it\'s"'


def test_injected_parameters_are_readable_and_metadata_stripped() -> None:
    notebook = new_notebook(
        cells=[new_code_cell(PARAMETERS_SOURCE, metadata={"tags": ["parameters"]})]
    )
    notebook.metadata.kernelspec = {"name": "python3", "language": "python", "display_name": "P"}
    notebook.metadata["papermill"] = {}  # as papermill's loader leaves it
    injected = parameterize_notebook(notebook, {"district": "Hoàn Kiếm"})
    assert "district = 'Hoàn Kiếm'" in injected.cells[1].source
    injected.metadata["papermill"]["duration"] = 1.5
    injected.cells[1].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    injected.cells[1].metadata["papermill"] = {"duration": 1.5}
    stripped = strip_run_metadata(injected)
    assert "papermill" not in stripped.metadata
    assert stripped.cells[1].id == "injected-parameters"
    assert "execution" not in stripped.cells[1].metadata
    assert "papermill" not in stripped.cells[1].metadata


def test_imported_modules_are_found_for_preloading() -> None:
    notebook = new_notebook(
        cells=[
            new_code_cell(
                "import pandas as pd, numpy\nfrom helpers.tables.corpus import load_tables"
            ),
            new_code_cell("%matplotlib inline\nimport os"),  # magic: not Python, skipped
            new_code_cell("from . import x\nimport pandas\ndef f():\n    import json"),
        ]
    )
    assert imported_modules(notebook) == [
        "pandas",
        "numpy",
        "helpers.tables.corpus",
        "helpers.tables.corpus.load_tables",  # maybe a submodule: the kernel checks
    ]


# --- slow: run_briefs with synthetic notebooks ---------------------------------------

FRESH_STATE_CHECK = """
import os, sys, warnings
import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display
from helpers.extract.reference.vocabulary import load_indicators
assert "polluted" not in globals(), "user namespace leaked"
assert plt.get_fignums() == [], "open figures leaked"
assert matplotlib.rcParams["lines.linewidth"] != 7.0, "rcParams leaked"
assert pd.get_option("display.max_rows") != 3, "pandas option leaked"
assert "/polluted" not in sys.path, "sys.path leaked"
assert not os.getcwd().endswith("polluted"), "cwd leaked"
assert "polluted" not in load_indicators().columns, "project module state leaked"
warnings.warn("shown in every brief")
display(Markdown(f"# {district} test brief"))
"""
POLLUTE_STATE = """
polluted = True
plt.figure()
matplotlib.rcParams["lines.linewidth"] = 7.0
pd.set_option("display.max_rows", 3)
sys.path.append("/polluted")
os.makedirs("/tmp/briefs-test-polluted", exist_ok=True)
os.chdir("/tmp/briefs-test-polluted")
load_indicators()["polluted"] = 1
warnings.simplefilter("ignore")
"""
FAILURES = """
import os
if district == "Hoàn Kiếm":
    os._exit(1)  # the kernel dies
if district == "Tây Hồ":
    raise ValueError("boom <b>")
"""


def _notebook(path: Path, *sources: str) -> Path:
    notebook = new_notebook(
        cells=[new_code_cell(PARAMETERS_SOURCE, metadata={"tags": ["parameters"]})]
        + [new_code_cell(source) for source in sources]
    )
    notebook.metadata.kernelspec = {"name": "python3", "language": "python", "display_name": "P"}
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEEDS, tmp_path / "corpus"))


@pytest.mark.slow
def test_one_warm_kernel_gives_each_brief_a_fresh_state(
    tmp_path: Path, corpus: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    notebook = _notebook(tmp_path / "state.ipynb", FRESH_STATE_CHECK, POLLUTE_STATE)
    out_dir = tmp_path / "out"
    status = run_briefs(corpus, out_dir, workers=1, notebook=notebook)
    # stderr is not a terminal here, as in a log file: no progress bar, one line per brief
    log = capfd.readouterr().err.splitlines()
    assert log[0] == f"extracting facts from {corpus.resolve()} ..."
    assert sum(line.startswith("[") and "(en): ok" in line for line in log) == 3
    assert "\r" not in "".join(log) and "it/s" not in "".join(log)
    assert log[-1] == f"wrote 3 briefs to {out_dir.resolve()} (open {out_dir.resolve()}/index.html)"
    manifest = read_manifest(out_dir / MANIFEST_NAME)
    assert [(r.district, r.status, r.error) for r in manifest.districts] == [
        ("Hoàn Kiếm", "ok", ""),
        ("Tây Hồ", "ok", ""),
        ("Thanh Xuân", "ok", ""),
    ]
    assert status == 0
    assert sum("kernel_start_s" in r.timings for r in manifest.districts) == 1  # one kernel
    for result in manifest.districts:
        executed = nbformat.read(out_dir / f"{result.slug}.ipynb", as_version=4)
        counts = [cell.execution_count for cell in executed.cells]
        assert counts == [1, 2, 3, 4]
        stderr = [o.text for o in executed.cells[2].outputs if o.get("name") == "stderr"]
        assert any("shown in every brief" in text for text in stderr)
        assert "district = '" in executed.cells[1].source  # readable parameter
        html = (out_dir / f"{result.slug}.html").read_text(encoding="utf-8")
        assert f"<title>{result.district} test brief</title>" in html
    assert (out_dir / "facts.csv").is_file()
    assert (out_dir / "index.html").is_file()


@pytest.mark.slow
def test_failing_districts_keep_old_briefs_and_do_not_stop_others(
    tmp_path: Path, corpus: Path
) -> None:
    out_dir = tmp_path / "out"
    good = _notebook(tmp_path / "good.ipynb", FRESH_STATE_CHECK)
    assert run_briefs(corpus, out_dir, workers=1, notebook=good) == 0
    old_html = {slug: (out_dir / f"{slug}.html").read_bytes() for slug in ("hoan-kiem", "tay-ho")}

    failing = _notebook(tmp_path / "failing.ipynb", FRESH_STATE_CHECK, FAILURES)
    assert run_briefs(corpus, out_dir, workers=1, notebook=failing) == 1
    manifest = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    by_slug = {entry["slug"]: entry for entry in manifest["districts"]}
    assert by_slug["thanh-xuan"]["status"] == "ok"  # ran after a dead kernel and an error
    assert by_slug["hoan-kiem"]["status"] == "failed"
    assert "DeadKernelError" in by_slug["hoan-kiem"]["error"]
    assert by_slug["tay-ho"]["status"] == "failed"
    assert by_slug["tay-ho"]["error"].startswith("ValueError: boom <b>")
    for slug, html in old_html.items():
        assert (out_dir / f"{slug}.html").read_bytes() == html  # last good brief kept
    kept = nbformat.read(out_dir / "tay-ho.failed.ipynb", as_version=4)
    errors = [o for cell in kept.cells if cell.cell_type == "code" for o in cell.outputs]
    assert any(o.output_type == "error" and o.ename == "ValueError" for o in errors)
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert index.count('class="status-failed"') == 2
    assert 'href="tay-ho.failed.ipynb"' in index
    assert "boom &lt;b&gt;" in index

    assert run_briefs(corpus, out_dir, workers=1, notebook=good) == 0
    assert not (out_dir / "tay-ho.failed.ipynb").exists()  # fixed: debug copy removed


def test_the_runs_extraction_reports_stale_corrections_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpers.batch.runner import _extract

    corpus = Path(shutil.copytree(Path(__file__).parents[1] / "seeds", tmp_path / "corpus"))
    (tmp_path / "corrections.csv").write_text(
        "action,doc_id,figure,sentence,note\ndrop,gone,9%,Tăng 9%.,old\n", encoding="utf-8"
    )
    tables = _extract(corpus, tmp_path / "out" / "facts.csv", None, workers=1)
    assert len(tables.corrections.stale) == 1
    err = capsys.readouterr().err
    assert "0 corrections applied" in err
    assert f"warning: stale correction {tmp_path / 'corrections.csv'}:2" in err
