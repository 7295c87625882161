"""The fault suite of issue 19: never touch what is not ours, consistent interrupted runs,
every input path validated.

One section per item of the issue; each test failed on the code before the fix. Runs are
made fast by standing in for the kernels (`_fast_runs`): the stand-in writes a brief's
two files where a worker would, so the folder's bookkeeping is the real one.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers.batch import cluster, runner
from helpers.batch.brief_pool import BriefPool
from helpers.batch.manifest import MANIFEST_NAME, STATUS_OK, DistrictResult, brief_files
from helpers.batch.out_folder import LOCK_NAME
from helpers.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
TAY_HO_SEED = "000_97d56c37aaf6bf3e.txt"


def _corpus(tmp_path: Path, *names: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in names or tuple(p.name for p in SEEDS.glob("*.txt")):
        shutil.copy(SEEDS / name, corpus / name)
    return corpus


def _write_brief(task) -> DistrictResult:
    """What a worker writes for a brief, without a kernel: its notebook and HTML."""
    files = brief_files(Path(task.out_dir), task.slug, task.lang)
    files.notebook.write_text(json.dumps({"facts": Path(task.facts_path).name}) + "\n")
    files.html.write_text(f"<h1>{task.district} ({task.lang})</h1>\n")
    return DistrictResult(task.district, task.slug, STATUS_OK, 0.01, lang=task.lang)


@pytest.fixture
def fast_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """`briefs run` in this process with briefs written by `_write_brief`."""

    @contextmanager
    def no_kernels(*args, **kwargs) -> Iterator[BriefPool]:
        yield BriefPool(lambda: None, _write_brief, extract_workers=1)  # type: ignore[arg-type]

    def render_all(pool, tasks, results) -> None:
        for task in tasks:
            result = _write_brief(task)
            results[(result.slug, result.lang)] = result

    monkeypatch.setattr(runner, "brief_pool", no_kernels)
    monkeypatch.setattr(runner, "_render_all", render_all)


def _run(corpus: Path, out: Path, *args: str) -> int:
    return main(["run", "--corpus", str(corpus), "--out", str(out), *args])


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("briefs: error: ")]
    assert len(errors) == 1, err
    return errors[0]


# --- 1. a symlinked .run-facts: its target is never emptied -------------------------------


def test_a_symlinked_snapshot_folder_is_refused_and_its_target_kept(
    tmp_path: Path, fast_runs: None, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert _run(corpus, out) == 0
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    shutil.rmtree(out / runner.RUN_FACTS_DIR)
    (out / runner.RUN_FACTS_DIR).symlink_to(precious)
    os.utime(corpus / TAY_HO_SEED, (1, 1))  # a changed corpus: the snapshot is rewritten
    capsys.readouterr()
    assert _run(corpus, out) == 2
    assert "is a symlink to" in _error_line(capsys)
    assert [p.name for p in precious.iterdir()] == ["thesis.tex"]


def test_only_snapshot_files_are_removed_from_the_snapshot_folder(
    tmp_path: Path, fast_runs: None
) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert _run(corpus, out) == 0
    snapshots = out / runner.RUN_FACTS_DIR
    (snapshots / "notes.txt").write_text("mine")
    (snapshots / "0123456789abcdef.csv").mkdir()  # a folder with a snapshot's name
    os.utime(corpus / TAY_HO_SEED, (1, 1))
    (corpus / TAY_HO_SEED).write_text((corpus / TAY_HO_SEED).read_text() + "\nThêm.\n")
    assert _run(corpus, out) == 0
    assert (snapshots / "notes.txt").read_text() == "mine"
    assert (snapshots / "0123456789abcdef.csv").is_dir()


# --- 2. a symlinked lock file is not truncated --------------------------------------------


@pytest.mark.parametrize("planted", ["symlink", "fifo", "directory"])
def test_a_planted_lock_file_is_refused_in_one_line(
    tmp_path: Path, fast_runs: None, capsys: pytest.CaptureFixture[str], planted: str
) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    lock = out / LOCK_NAME
    {"symlink": lambda: lock.symlink_to(victim), "fifo": lambda: os.mkfifo(lock)}.get(
        planted, lock.mkdir
    )()
    assert _run(corpus, out) == 2
    assert LOCK_NAME in _error_line(capsys)
    assert victim.read_text() == "keep me"
    assert not (out / MANIFEST_NAME).exists()


# --- 3. a scheduler without workers, or with a protocol we do not speak ------------------


@pytest.mark.parametrize("address", ["ucx://127.0.0.1:8786", "tls://127.0.0.1:8786"])
def test_an_unsupported_scheduler_protocol_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], address: str
) -> None:
    corpus, out = _corpus(tmp_path, TAY_HO_SEED), tmp_path / "out"
    assert _run(corpus, out, "--scheduler", address) == 2
    assert "protocol is not supported" in _error_line(capsys)


def test_a_closed_port_is_one_line_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    out = tmp_path / "facts.csv"
    assert main(["extract", str(SEEDS), "-o", str(out), "--scheduler", f"127.0.0.1:{port}"]) == 2
    assert time.monotonic() - started < 15
    assert "cannot reach the dask scheduler" in _error_line(capsys)


def test_a_scheduler_without_workers_times_out_and_frees_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from distributed import LocalCluster

    monkeypatch.setattr(cluster, "WORKERS_TIMEOUT_S", 2)
    corpus, out = _corpus(tmp_path, TAY_HO_SEED), tmp_path / "out"
    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as empty:
        assert _run(corpus, out, "--scheduler", empty.scheduler_address) == 2
    assert "has no worker" in _error_line(capsys)
    assert (out / LOCK_NAME).read_text() == ""  # released (the holder's text is cleared)


# --- 4. a run.json with fields of the wrong type -----------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        {"fingerprints": []},
        {"corrections": []},
        {"districts": {}},
        {"fingerprints": {"briefs": []}},
        {"fingerprints": {"briefs": {"tay-ho": {"inputs": "x", "files": []}}}},
        {"facts_count": "many"},
    ],
)
def test_a_run_json_of_the_wrong_shape_is_a_full_rebuild(
    tmp_path: Path, fast_runs: None, capsys: pytest.CaptureFixture[str], damage: dict
) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert _run(corpus, out) == 0
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    (out / MANIFEST_NAME).write_text(json.dumps({**manifest, **damage}))
    capsys.readouterr()
    assert _run(corpus, out) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{out / MANIFEST_NAME}: not a run.json" in err
    assert json.loads((out / MANIFEST_NAME).read_text())["facts_count"] > 0
    assert _run(corpus, out, "--rebuild") == 0


# --- 5. non-finite and absurd values through corrections and facts_path -------------------

FIX_HEADER = ["action", "doc_id", "figure", "sentence", "value", "note"]


def _write_corrections(path: Path, *rows: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([FIX_HEADER, *rows])


def _tay_ho_fact(corpus: Path) -> tuple[str, str, str]:
    from helpers.tables.corpus import extract_corpus

    facts = extract_corpus(corpus).facts
    row = facts[facts["unit"] == "pct"].iloc[0]
    return str(row["doc_id"]), str(row["figure"]), str(row["sentence"])


@pytest.mark.parametrize("value", ["inf", "1e309", "nan", "1e300", "-1e300"])
def test_a_correction_to_a_non_finite_or_absurd_value_is_refused_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    corpus = _corpus(tmp_path, TAY_HO_SEED)
    doc_id, figure, sentence = _tay_ho_fact(corpus)
    corrections = tmp_path / "corrections.csv"
    _write_corrections(corrections, ["fix", doc_id, figure, sentence, value, "typo"])
    out = tmp_path / "facts.csv"
    assert main(["extract", str(corpus), "-o", str(out)]) == 2
    assert f"{corrections}:2" in _error_line(capsys)
    assert not out.exists()


@pytest.mark.parametrize("value", ["inf", "1e309", "1e300"])
def test_a_facts_table_with_a_non_finite_or_absurd_value_is_not_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    import pandas as pd

    facts_path = tmp_path / "facts.csv"
    assert main(["extract", str(_corpus(tmp_path, TAY_HO_SEED)), "-o", str(facts_path)]) == 0
    facts = pd.read_csv(facts_path, dtype=str, keep_default_na=False)
    row = facts.index[facts["unit"] == "pct"][0]
    facts.loc[row, "value"] = value
    facts.to_csv(facts_path, index=False)
    capsys.readouterr()
    assert main(["export", str(tmp_path / "package"), "--facts", str(facts_path)]) == 2
    assert f"{facts_path}: row {row + 1}" in _error_line(capsys)
    assert not (tmp_path / "package" / "facts.csv").exists()
