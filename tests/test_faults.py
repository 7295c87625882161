"""The fault suite of issue 7: concurrent runs, disk and process faults, hostile input.

One section per failure the hostile test found; each test fails on the code before the
fix. The README's "What happens when…" table lists the same cases. Tests that start
kernels are `slow`; the batch's bookkeeping (what is written when a step fails) is
tested fast by standing in for the rendering step.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers import atomic
from helpers.batch import runner
from helpers.batch.out_folder import (
    LOCK_NAME,
    OutFolderError,
    OutFolderLocked,
    check_out_folder,
    hold_out_lock,
)
from helpers.cli import main
from helpers.extract.fact import Fact
from helpers.extract.reference.gazetteer import resolve_district
from helpers.extract.run.validate import (
    CITY_BUDGET_CEILING_VND_BN,
    MAX_ABS_PERCENT,
    rejection_reason,
)
from helpers.extract.text.reading import (
    MAX_ARTICLE_BYTES,
    MAX_LINE_CHARS,
    ArticleReadError,
    read_article,
)
from helpers.run_manifest import (
    MANIFEST_NAME,
    STATUS_NO_FACTS,
    STATUS_OK,
    DistrictResult,
    read_manifest,
)
from helpers.tables.corpus import extract_corpus

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PYTHON = sys.executable
TAY_HO_SEED = "000_97d56c37aaf6bf3e.txt"
HUGE = "1" + "0" * 400  # parsed as inf
IMPLAUSIBLE_ARTICLE = f"""Tây Hồ hoàn thành kế hoạch năm 2023

Năm 2023, thu ngân sách trên địa bàn quận Tây Hồ đạt {HUGE}% kế hoạch.
Tổng vốn đầu tư của quận Tây Hồ năm 2023 đạt 5.000.000 tỷ đồng.
Tăng trưởng kinh tế của quận Tây Hồ năm 2023 đạt 25.000%.
Năm 2023, thu ngân sách trên địa bàn quận Tây Hồ đạt 1.050 tỷ đồng, bằng 105% dự toán.
"""


def _corpus(tmp_path: Path, *names: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in names or tuple(p.name for p in SEEDS.glob("*.txt")):
        shutil.copy(SEEDS / name, corpus / name)
    return corpus


def _one_error_line(stderr: str) -> str:
    """The one `briefs: error: …` line, which ends stderr (warnings may come before)."""
    lines = stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("briefs: error: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], stderr
    assert "Traceback" not in stderr
    return errors[0]


def _briefs(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`briefs ARGS` in a process of its own: for what the process boundary decides."""
    return subprocess.run(
        [PYTHON, "-m", "helpers.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def _status_and_stderr(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`briefs ARGS` in this process: its exit status (a usage error exits) and stderr."""
    capsys.readouterr()
    try:
        status = main(list(args))
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    return status, capsys.readouterr().err


# --- 1. concurrent runs: the output folder's lock ---------------------------------------

HOLD_LOCK = """
import sys, time
from pathlib import Path
from helpers.batch.out_folder import hold_out_lock
with hold_out_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _lock_holder(out_dir: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [PYTHON, "-c", HOLD_LOCK, str(out_dir), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_run_fails_fast_naming_the_holder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    holder = _lock_holder(out_dir, 60)
    (out_dir / "facts.csv").write_text("the first run's facts\n")  # no run.json yet
    (out_dir / "tay-ho.html").write_text("the first run's brief\n")
    try:
        started = time.monotonic()
        with pytest.raises(OutFolderLocked, match=rf"pid {holder.pid} on .*--wait"):
            runner.run_briefs(SEEDS, out_dir)
        assert time.monotonic() - started < 10
        assert (out_dir / "facts.csv").read_text() == "the first run's facts\n"  # no work
        status, stderr = _status_and_stderr(
            capsys, "run", "--corpus", str(SEEDS), "--out", str(out_dir)
        )
        assert status == 2
        assert f"in use by briefs run pid {holder.pid}" in _one_error_line(stderr)
    finally:
        holder.kill()
        holder.wait()


def test_wait_waits_for_the_holder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    holder = _lock_holder(tmp_path, 1.5)
    try:
        started = time.monotonic()
        with hold_out_lock(tmp_path, wait=True):
            waited = time.monotonic() - started
        assert waited >= 0.5
        assert (
            f"waiting for the run holding {tmp_path}: pid {holder.pid}" in capsys.readouterr().err
        )
    finally:
        holder.wait()


def test_a_lock_left_by_a_killed_run_is_taken_over(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    holder = _lock_holder(tmp_path, 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert str(holder.pid) in (tmp_path / LOCK_NAME).read_text()  # the dead run's record
    with hold_out_lock(tmp_path):
        assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == os.getpid()
    assert f"took over the lock of a run that ended: pid {holder.pid}" in caplog.text


SPY_NOTEBOOK_CELL = """
from pathlib import Path
from helpers.tables.corpus import load_tables
facts = load_tables("", facts_path).facts
assert (facts["district"] == district).any(), f"{district}: no facts in {facts_path}"
# Another run replaces facts.csv in the same folder while this run's briefs render:
Path(PUBLIC_FACTS).write_text("doc_id,district\\n", encoding="utf-8")
"""


def _notebook(path: Path, *sources: str) -> Path:
    parameters = 'district = "Tây Hồ"\ncorpus_dir = ""\nfacts_path = ""\nlang = "en"'
    notebook = new_notebook(
        cells=[new_code_cell(parameters, metadata={"tags": ["parameters"]})]
        + [new_code_cell(source) for source in sources]
    )
    notebook.metadata.kernelspec = {"name": "python3", "language": "python", "display_name": "P"}
    nbformat.write(notebook, path)
    return path


@pytest.mark.slow
def test_each_run_reads_only_the_facts_it_wrote(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    out_dir = tmp_path / "out"
    public = out_dir / "facts.csv"
    notebook = _notebook(
        tmp_path / "spy.ipynb", SPY_NOTEBOOK_CELL.replace("PUBLIC_FACTS", repr(str(public)))
    )
    assert runner.run_briefs(corpus, out_dir, workers=1, notebook=notebook) == 0
    manifest = read_manifest(out_dir / MANIFEST_NAME)
    assert [r.status for r in manifest.districts] == [STATUS_OK] * 3
    snapshots = list((out_dir / runner.RUN_FACTS_DIR).glob("*[0-9a-f].csv"))
    assert len(snapshots) == 1
    assert len(pd.read_csv(snapshots[0])) == manifest.facts_count > 40


# --- 2. implausible figures; index and run.json whatever happens -------------------------


def _fact(value: float, unit: str, total: float | None = None) -> Fact:
    return Fact(
        doc_id="a",
        district="Tây Hồ",
        year=2023,
        period="FY",
        indicator="other",
        kind="actual",
        value=value,
        total=total,
        unit=unit,
        qualifier="",
        sentence="s",
        sentence_start=0,
        start=0,
        end=1,
        rule="",
    )


@pytest.mark.parametrize(
    ("value", "unit", "total", "reason"),
    [
        (float("inf"), "pct", None, "not a finite number"),
        (float("nan"), "count", None, "not a finite number"),
        (3.0, "count_of_total", float("inf"), "total is not a finite"),
        (MAX_ABS_PERCENT + 1, "pct", None, "percentage"),
        (-(MAX_ABS_PERCENT + 1), "pct", None, "percentage"),
        (CITY_BUDGET_CEILING_VND_BN * 2, "vnd_bn", None, "city's whole budget"),
        (31.0, "rank_of_total", 30.0, "rank 31 of only 30"),
        (28.0, "count_of_total", None, "count_of_total figure without its total"),
        (4.0, "rank_of_total", None, "rank_of_total figure without its total"),
    ],
)
def test_implausible_figures_are_rejected(
    value: float, unit: str, total: float | None, reason: str
) -> None:
    assert reason in (rejection_reason(_fact(value, unit, total)) or "")


@pytest.mark.parametrize(
    ("value", "unit", "total"),
    [
        (MAX_ABS_PERCENT, "pct", None),
        (-12.5, "pct", None),
        (420_000.0, "vnd_bn", None),
        (3.0, "rank_of_total", 30.0),
        (10_000_000.0, "count", None),
    ],
)
def test_plausible_figures_pass(value: float, unit: str, total: float | None) -> None:
    assert rejection_reason(_fact(value, unit, total)) is None


def test_rejected_figures_are_dropped_and_logged_with_their_sentence(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "huge.txt").write_text(IMPLAUSIBLE_ARTICLE, encoding="utf-8")
    tables = extract_corpus(corpus)
    assert {1050.0, 105.0} <= set(tables.facts["value"])  # the plausible figures stay
    assert tables.facts["value"].map(lambda v: abs(v) <= 1050).all()
    assert sorted(tables.rejected["unit"]) == ["pct", "pct", "vnd_bn"]
    assert "not a finite number" in caplog.text and f"đạt {HUGE}% kế hoạch" in caplog.text


def _stand_in_renderer(outcomes: dict[str, str | Exception]):
    """A `_render_all` that records `ok` results, or raises the given error, in order."""

    def render_all(pool, tasks, results) -> None:
        for task in tasks:
            assert Path(task.facts_path).is_file()
            outcome = outcomes.get(task.slug, STATUS_OK)
            if isinstance(outcome, Exception):
                raise outcome
            results[(task.slug, task.lang)] = DistrictResult(
                task.district, task.slug, outcome, 0.1, lang=task.lang
            )

    return render_all


def _publish(tmp_path: Path, corpus: Path, requested: list[str] | None = None) -> int:
    out_dir = tmp_path / "out"
    out_dir.mkdir(exist_ok=True)
    tables = extract_corpus(corpus)
    districts = [resolve_district(name) for name in requested] if requested else None
    return runner._publish(None, tables, districts, corpus, out_dir)


def test_a_batch_that_stops_still_writes_the_index_and_run_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path)
    boom = RuntimeError("the pool broke")
    monkeypatch.setattr(runner, "_render_all", _stand_in_renderer({"tay-ho": boom}))
    assert _publish(tmp_path, corpus) == 1
    manifest = read_manifest(tmp_path / "out" / MANIFEST_NAME)
    assert [(r.slug, r.status) for r in manifest.districts] == [
        ("hoan-kiem", "ok"),
        ("tay-ho", "failed"),
        ("thanh-xuan", "failed"),
    ]
    assert manifest.districts[1].error.startswith("not run")
    assert [(e.step, e.error) for e in manifest.step_errors] == [
        ("briefs", "RuntimeError: the pool broke")
    ]
    assert (tmp_path / "out" / "index.html").is_file()


def test_an_index_that_cannot_be_written_is_reported_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path)
    monkeypatch.setattr(runner, "_render_all", _stand_in_renderer({}))

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "index.html")

    monkeypatch.setattr(runner, "_write_indexes", disk_full)
    assert _publish(tmp_path, corpus) == 1
    manifest = read_manifest(tmp_path / "out" / MANIFEST_NAME)
    assert [r.status for r in manifest.districts] == [STATUS_OK] * 3
    assert [(e.step, e.error) for e in manifest.step_errors] == [
        ("index", "No space left on device: index.html")
    ]
    assert "briefs: error: index failed: No space left on device" in capsys.readouterr().err


@pytest.mark.slow
def test_a_non_finite_figure_does_not_break_the_batch(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "huge.txt").write_text(IMPLAUSIBLE_ARTICLE, encoding="utf-8")
    out_dir = tmp_path / "out"
    result = _briefs("run", "--corpus", str(corpus), "--out", str(out_dir))
    assert result.returncode == 0, result.stderr
    manifest = read_manifest(out_dir / MANIFEST_NAME)
    assert all(r.ok for r in manifest.districts)
    assert "inf" in [r.value for r in manifest.rejected]
    assert (out_dir / "index.html").is_file() and (out_dir / "tay-ho.html").is_file()
    assert "rejected figure in huge: value is not a finite number" in result.stderr


# --- 3 and 4. path safety: make clean, --out, one-line user errors ----------------------


@pytest.mark.parametrize("out", ["", "/", "//", ".", "..", "a b"])
def test_make_clean_refuses_an_unsafe_out(out: str) -> None:
    """`make -n` expands the recipe (where the check is) without running it."""
    result = subprocess.run(
        ["make", "-n", "clean", f"OUT={out}"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "make clean: refusing OUT=" in result.stderr
    assert "rm -rf" not in result.stdout


def test_make_clean_empties_a_safe_out_and_leaves_the_rest(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "keep.txt").write_text("kept")
    (tmp_path / "outputs").mkdir()
    (tmp_path / "outputs" / ".gitkeep").write_text("")
    (tmp_path / "outputs" / "old.html").write_text("old")
    refused = subprocess.run(
        ["make", "clean", "OUT="], cwd=tmp_path, capture_output=True, check=False
    )
    assert refused.returncode == 2 and (tmp_path / "outputs" / "old.html").exists()
    done = subprocess.run(["make", "clean"], cwd=tmp_path, capture_output=True, check=False)
    assert done.returncode == 0
    assert sorted(p.name for p in (tmp_path / "outputs").iterdir()) == [".gitkeep"]
    assert (tmp_path / "keep.txt").read_text() == "kept"


def test_unsafe_out_folders_are_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "file.html"
    a_file.write_text("x")
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("x")
    cases = {
        "": "--out is empty",
        "/": "the root, the project's checkout",
        str(ROOT): "the root, the project's checkout",
        str(ROOT.parent): "a folder above it",
        str(a_file): "is a file",
        str(foreign): "no run.json of a previous run",
    }
    for out, message in cases.items():
        with pytest.raises(OutFolderError, match=message):
            check_out_folder(out)
    assert check_out_folder(foreign, force=True) == foreign
    previous = tmp_path / "previous"
    previous.mkdir()
    (previous / MANIFEST_NAME).write_text("{}")
    (previous / "tay-ho.html").write_text("x")
    assert check_out_folder(previous) == previous
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / LOCK_NAME).write_text("")  # left by a run that stopped before run.json
    assert check_out_folder(ours) == ours


@pytest.mark.parametrize(
    ("out", "cwd"),
    [
        ("", "EMPTY"),
        (" ", "EMPTY"),
        ("/", "EMPTY"),
        (".", "ROOT"),
        ("FILE", "EMPTY"),
        ("FOREIGN", "EMPTY"),
    ],
)
def test_briefs_run_refuses_unsafe_out_in_one_line(
    tmp_path: Path,
    out: str,
    cwd: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Run from an empty folder, `--out ""` would have written the briefs there."""
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "notes.md").write_text("x")
    (tmp_path / "empty").mkdir()
    out = {"FILE": str(tmp_path / "file.txt"), "FOREIGN": str(tmp_path / "foreign")}.get(out, out)
    monkeypatch.chdir({"ROOT": ROOT, "EMPTY": tmp_path / "empty"}[cwd])
    status, stderr = _status_and_stderr(capsys, "run", "--corpus", str(SEEDS), "--out", out)
    assert status == 2
    _one_error_line(stderr)
    assert sorted(p.name for p in (tmp_path / "foreign").iterdir()) == ["notes.md"]
    assert list((tmp_path / "empty").iterdir()) == []


def test_user_errors_are_one_line_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        ("run", "--corpus", str(tmp_path / "missing"), "--out", str(tmp_path / "o")),
        ("run", "--corpus", str(SEEDS), "--out", str(tmp_path / "o"), "--districts", "Nowhere"),
        ("run", "--corpus", str(SEEDS), "--out", str(tmp_path / "o"), "--workers", "0"),
        ("extract", str(tmp_path / "missing"), "-o", str(tmp_path / "f.csv")),
        ("extract", str(SEEDS), "-o", str(tmp_path / "f.txt")),
        ("list", "--corpus", str(tmp_path / "missing")),
        ("extract", "", "-o", str(tmp_path / "f.csv")),
        ("run", "--workers", "many"),
        ("run", "--no-such-option"),
    ]
    for args in cases:
        status, stderr = _status_and_stderr(capsys, *args)
        assert status == 2, args
        _one_error_line(stderr)


def test_the_console_script_exits_2_with_one_line(tmp_path: Path) -> None:
    """The status and the one line reach the shell through the installed `briefs`."""
    briefs = Path(PYTHON).with_name("briefs")
    for args in (("list", "--corpus", str(tmp_path / "missing")), ("run", "--workers", "many")):
        result = subprocess.run(
            [str(briefs), *args], capture_output=True, text=True, timeout=300, check=False
        )
        assert result.returncode == 2, args
        _one_error_line(result.stderr)


# --- 5. workers and kernels end with the main process -----------------------------------

SLEEPY_CELL = "import time\ntime.sleep(120)"
RUN_SCRIPT = """
import sys
from pathlib import Path
from helpers.batch.runner import run_briefs
run_briefs(Path(sys.argv[1]), Path(sys.argv[2]), workers=2, notebook=Path(sys.argv[3]))
"""


def _children() -> dict[int, int]:
    """pid -> parent pid of every process."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    return parents


def _descendants(pid: int) -> set[int]:
    parents = _children()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    living = set(_children())
    return pids & living


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_kill_9_of_the_main_process_ends_workers_and_kernels(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    out_dir = tmp_path / "out"
    notebook = _notebook(tmp_path / "sleepy.ipynb", SLEEPY_CELL)
    main_process = subprocess.Popen(
        [PYTHON, "-c", RUN_SCRIPT, str(corpus), str(out_dir), str(notebook)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        family: set[int] = set()
        while time.monotonic() < deadline and len(family) < 4:  # 2 workers + 2 kernels
            time.sleep(0.5)
            family = _descendants(main_process.pid)
        assert len(family) >= 4, f"workers and kernels did not start: {family}"
        time.sleep(2)  # the kernels are executing the sleepy cell
        main_process.send_signal(signal.SIGKILL)
        main_process.wait()
        deadline = time.monotonic() + 20
        while _alive(family) and time.monotonic() < deadline:
            time.sleep(0.25)
        assert not _alive(family), f"still running after the main process died: {_alive(family)}"
        with hold_out_lock(out_dir):  # nothing holds the dead run's lock
            pass
    finally:
        main_process.kill()
        for pid in _alive(_descendants(main_process.pid)):
            os.kill(pid, signal.SIGKILL)


# --- 6. disk full and permission errors -------------------------------------------------


def _failing_write(code: int):
    def write(contents, *args, **kwargs):
        target = next(iter(contents))
        raise OSError(code, os.strerror(code), str(target))

    return write


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_extract_on_a_full_or_read_only_disk_is_one_line_and_keeps_the_old_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int
) -> None:
    facts = tmp_path / "facts.csv"
    facts.write_text("previous\n")
    monkeypatch.setattr(atomic, "write_all_atomic", _failing_write(code))
    assert main(["extract", str(SEEDS), "-o", str(facts)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert os.strerror(code) in line and str(facts) in line
    assert facts.read_text() == "previous\n"


def test_a_facts_table_that_cannot_be_written_leaves_the_old_outputs_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    old = {"facts.csv": "old facts\n", "index.html": "old index\n"}
    for name, text in old.items():
        (out_dir / name).write_text(text)
    monkeypatch.setattr(runner, "write_changed_atomic", _failing_write(errno.ENOSPC))
    monkeypatch.setattr(runner, "_render_all", _stand_in_renderer({}))
    assert _publish(tmp_path, corpus) == 1
    for name, text in old.items():
        assert (out_dir / name).read_text() == text
    manifest = read_manifest(out_dir / MANIFEST_NAME)
    assert manifest.step_errors[0].step == "facts"
    assert manifest.step_errors[0].error.startswith("No space left on device")


def test_several_files_are_replaced_all_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A brief's notebook and HTML: a full disk while writing the second leaves both old."""
    notebook, html = tmp_path / "a.ipynb", tmp_path / "a.html"
    notebook.write_text("old nb")
    html.write_text("old html")
    real_write_temp = atomic._write_temp

    def full_on_html(target: Path, data: bytes) -> str:
        if target.suffix == ".html":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return real_write_temp(target, data)

    monkeypatch.setattr(atomic, "_write_temp", full_on_html)
    with pytest.raises(OSError, match="No space left"):
        atomic.write_texts_atomic({notebook: "new nb", html: "new html"})
    assert (notebook.read_text(), html.read_text()) == ("old nb", "old html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "a.ipynb"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_out_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out_dir.chmod(0o555)
    try:
        status, stderr = _status_and_stderr(
            capsys, "run", "--corpus", str(SEEDS), "--out", str(out_dir)
        )
        assert status == 2
        assert "Permission denied" in _one_error_line(stderr)
    finally:
        out_dir.chmod(0o755)


# --- 7. pathological files: line and size bounds ----------------------------------------


def test_a_file_with_an_overlong_line_is_not_article_text(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("Quận Tây Hồ đạt 9,8%. " * (3 * MAX_LINE_CHARS // 20), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ArticleReadError, match=r"line 1 is [\d,]+ characters long.*not article"):
        read_article(path)
    assert time.monotonic() - started < 5  # refused before any quadratic step


def test_a_file_over_the_size_bound_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: no real bytes on disk
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a huge file"))
    with pytest.raises(ArticleReadError, match=r"[\d,]+ bytes, over the [\d,]+-byte limit"):
        read_article(path)


def test_long_articles_with_normal_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    line = "Quận Tây Hồ đạt 9,8%. " * (MAX_LINE_CHARS // 30)
    path.write_text("Tiêu đề\n" + (line + "\n") * 20, encoding="utf-8")
    assert read_article(path).text.startswith("Tiêu đề")


# --- 8. duplicate articles --------------------------------------------------------------


def test_copies_of_one_article_are_one_source_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path, TAY_HO_SEED)
    text = (SEEDS / TAY_HO_SEED).read_text(encoding="utf-8")
    (corpus / "copy-crlf.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    (corpus / "copy-utf16.txt").write_bytes(text.encode("utf-16"))
    (corpus / "copy-spaces.txt").write_text(text.replace(" ", "  ") + "\n\n", encoding="utf-8")
    single = extract_corpus(corpus)
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(SEEDS / TAY_HO_SEED, alone / TAY_HO_SEED)
    assert single.facts.equals(extract_corpus(alone).facts)
    assert list(single.articles["file"]) == [TAY_HO_SEED]
    assert sorted(single.duplicates["file"]) == [
        "copy-crlf.txt",
        "copy-spaces.txt",
        "copy-utf16.txt",
    ]
    assert set(single.duplicates["duplicate_of"]) == {TAY_HO_SEED}
    assert main(["extract", str(corpus), "-o", str(tmp_path / "f.csv")]) == 0
    err = capsys.readouterr().err
    assert f"duplicate: copy-utf16.txt repeats {TAY_HO_SEED}" in err and "3 duplicates" in err


def test_duplicates_are_recorded_in_run_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path)
    shutil.copy(SEEDS / TAY_HO_SEED, corpus / "zz-copy.txt")
    monkeypatch.setattr(runner, "_render_all", _stand_in_renderer({}))
    assert _publish(tmp_path, corpus) == 0
    raw = json.loads((tmp_path / "out" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert raw["duplicates"] == [{"file": "zz-copy.txt", "duplicate_of": TAY_HO_SEED}]


# --- 9. empty corpus, districts without facts -------------------------------------------


@pytest.mark.parametrize("content", ["nothing", "unreadable", "no-figures"])
def test_an_empty_corpus_exits_3_with_a_warning_and_keeps_the_previous_outputs(
    tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    if content == "unreadable":
        (corpus / "a.txt").write_bytes(b"\x00\x01")
    elif content == "no-figures":
        (corpus / "a.txt").write_text("Một bài báo không có số liệu nào.\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    previous = {MANIFEST_NAME: '{"ok": true}\n', "facts.csv": "old\n", "index.html": "old\n"}
    for name, text in previous.items():
        (out_dir / name).write_text(text)
    run = ("run", "--corpus", str(corpus), "--out", str(out_dir), "--workers", "1")
    status, stderr = _status_and_stderr(capsys, *run)
    assert status == 3
    warning = stderr.strip().splitlines()[-1]
    assert warning.startswith("briefs: warning: ") and "nothing to brief" in warning
    assert "Traceback" not in stderr
    assert {name: (out_dir / name).read_text() for name in previous} == previous


def test_a_named_district_without_facts_is_reported_not_ok(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path)
    monkeypatch.setattr(runner, "_render_all", _stand_in_renderer({}))
    assert _publish(tmp_path, corpus, ["Tây Hồ", "Ba Vì"]) == 1
    manifest = read_manifest(tmp_path / "out" / MANIFEST_NAME)
    assert [(r.district, r.status) for r in manifest.districts] == [
        ("Tây Hồ", STATUS_OK),
        ("Ba Vì", STATUS_NO_FACTS),
    ]
    assert "no facts about this district" in manifest.districts[1].error
    assert re.search(r"^Ba Vì +no-facts ", capsys.readouterr().out, re.MULTILINE)
    assert not (tmp_path / "out" / "ba-vi.html").exists()


def test_a_missing_corpus_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError, match="corpus folder not found"):
        runner.run_briefs(tmp_path / "unmounted", tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- 10. symlinks and upper-case suffixes -----------------------------------------------


def test_broken_symlinks_and_loops_are_reported_and_txt_in_any_case_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / TAY_HO_SEED, corpus / "UPPER.TXT")
    (corpus / "linked.Txt").symlink_to(SEEDS / "003_0f7c43e8bdea2af6.txt")
    (corpus / "broken.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "loop-a.txt").symlink_to(corpus / "loop-b.txt")
    (corpus / "loop-b.txt").symlink_to(corpus / "loop-a.txt")
    tables = extract_corpus(corpus)
    assert sorted(tables.articles["doc_id"]) == ["UPPER", "linked"]
    errors = dict(zip(tables.errors["file"], tables.errors["error"], strict=True))
    assert errors["broken.txt"].startswith("broken symlink: broken.txt ->")
    assert errors["loop-a.txt"] == "symlink loop at loop-a.txt"
    assert "symlink loop at loop-b.txt" in caplog.text


# --- 11. the extraction cache cannot run code (see also test_extract_cache.py) ----------


class _Exploit:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_briefs_extract_cache_ignores_a_planted_pickle(tmp_path: Path) -> None:
    import pickle

    cache = tmp_path / "cache"
    assert main(["extract", str(SEEDS), "-o", str(tmp_path / "f.csv"), "--cache", str(cache)]) == 0
    marker = tmp_path / "pwned"
    for entry in list(cache.iterdir()):
        for suffix in (".json", ".pickle"):
            entry.with_suffix(suffix).write_bytes(pickle.dumps(_Exploit(str(marker))))
    assert main(["extract", str(SEEDS), "-o", str(tmp_path / "g.csv"), "--cache", str(cache)]) == 0
    assert not marker.exists()
    assert (tmp_path / "f.csv").read_bytes() == (tmp_path / "g.csv").read_bytes()


# --- 6b. a real full disk and a real read-only folder (a small tmpfs in a private mount
# namespace: root can write into a chmod-ed folder, but not into a full or read-only mount)

IN_NAMESPACE = """
import hashlib, json, os, shutil, subprocess, sys
from pathlib import Path
out, size, previous = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[4])
mode, _, free_kb = sys.argv[3].partition(":")
argv = sys.argv[5:]
out.mkdir(parents=True, exist_ok=True)
subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "none", str(out)], check=True)
for name, text in previous.items():
    (out / name).write_text(text)

def briefs():
    return subprocess.run([sys.executable, "-m", "helpers.cli", *argv], capture_output=True, text=True)

def digests():
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir() if p.is_file()}

before = {}
if mode == "rerun-full":  # a complete run first; then a new article, and a full disk
    assert briefs().returncode == 0
    before = digests()
    corpus = Path(argv[argv.index("--corpus") + 1])
    seed = sorted(corpus.glob("*.txt"))[0]
    (corpus / "new.txt").write_text(seed.read_text().replace("2023", "2022"))
if mode in ("full", "rerun-full"):  # leave free_kb KB free
    stat = os.statvfs(out)
    (out / "filler").write_bytes(b"x" * (stat.f_bavail * stat.f_frsize - int(free_kb) * 1024))
if mode == "read-only":
    subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
run = briefs()
after = digests()
after.pop("filler", None)
files = {p.name: p.read_text(errors="replace") for p in out.iterdir() if p.suffix in (".json", ".csv", ".txt")}
print(json.dumps({"status": run.returncode, "stderr": run.stderr, "files": files, "before": before, "after": after}))
"""


def _can_mount() -> bool:
    try:
        return (
            subprocess.run(
                ["unshare", "-m", "true"], capture_output=True, timeout=10, check=False
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_mount = pytest.mark.skipif(
    not _can_mount(), reason="needs `unshare -m` (a private mount namespace)"
)


def _in_namespace(out: Path, size: str, mode: str, previous: dict[str, str], *argv: str) -> dict:
    result = subprocess.run(
        [
            "unshare",
            "-m",
            PYTHON,
            "-c",
            IN_NAMESPACE,
            str(out),
            size,
            mode,
            json.dumps(previous),
            *argv,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(result.stdout)


@needs_mount
def test_extract_onto_a_really_full_disk(tmp_path: Path) -> None:
    out = tmp_path / "full"
    previous = {"facts.csv": "previous facts\n"}  # the table is larger than the free space
    seen = _in_namespace(
        out, "1m", "full:16", previous, "extract", str(SEEDS), "-o", str(out / "facts.csv")
    )
    assert seen["status"] == 2
    assert "No space left on device" in _one_error_line(seen["stderr"])
    assert seen["files"] == previous  # the old table, and no temp file left behind


@needs_mount
@pytest.mark.slow
def test_run_onto_a_really_full_disk_keeps_the_old_outputs(tmp_path: Path) -> None:
    """A complete run, then a rerun with a new article on a disk with 16 KB left."""
    corpus = _corpus(tmp_path)
    out = tmp_path / "full"
    argv = ("run", "--corpus", str(corpus), "--out", str(out), "--workers", "1")
    # 40 KB: room for the new article's cache entry and run.json, not for the facts tables
    seen = _in_namespace(out, "8m", "rerun-full:40", {}, *argv)
    assert seen["status"] == 1, seen["stderr"]
    assert "Traceback" not in seen["stderr"]
    assert "briefs: error: facts failed: No space left on device" in seen["stderr"]
    changed = {name for name, digest in seen["after"].items() if seen["before"].get(name) != digest}
    assert changed == {MANIFEST_NAME}  # briefs, index, facts as the first run left them
    manifest = json.loads(seen["files"][MANIFEST_NAME])
    assert manifest["step_errors"][0]["step"] == "facts"
    assert {d["status"] for d in manifest["districts"]} == {"failed"}
    assert all(d["error"].startswith("not run") for d in manifest["districts"])


@needs_mount
def test_run_into_a_read_only_folder_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "read-only"
    previous = {MANIFEST_NAME: "{}\n", "tay-ho.html": "old brief\n"}
    seen = _in_namespace(
        out, "1m", "read-only", previous, "run", "--corpus", str(SEEDS), "--out", str(out)
    )
    assert seen["status"] == 2
    assert "Read-only file system" in _one_error_line(seen["stderr"])
    assert sorted(seen["after"]) == sorted(previous)
    assert seen["files"][MANIFEST_NAME] == previous[MANIFEST_NAME]
