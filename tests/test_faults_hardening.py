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
from helpers.batch.out_folder import LOCK_NAME
from helpers.cli import main
from helpers.run_manifest import MANIFEST_NAME, STATUS_OK, DistrictResult, brief_files

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


# --- 6. export: the folder guard, the lock, all files or none -----------------------------


def test_export_refuses_someone_elses_folder_and_a_run_folder(
    tmp_path: Path, fast_runs: None, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path, TAY_HO_SEED)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "facts.csv").write_text("my own table\n")
    assert main(["export", str(mine), "--corpus", str(corpus)]) == 2
    assert "already holds files (facts.csv)" in _error_line(capsys)
    assert (mine / "facts.csv").read_text() == "my own table\n"
    run_out = tmp_path / "out"
    assert _run(corpus, run_out) == 0
    before = (run_out / "facts.csv").read_bytes()
    capsys.readouterr()
    assert main(["export", str(run_out), "--corpus", str(SEEDS)]) == 2
    assert "output folder of briefs run" in _error_line(capsys)
    assert (run_out / "facts.csv").read_bytes() == before
    package = tmp_path / "package"
    assert main(["export", str(package), "--corpus", str(corpus)]) == 0
    assert main(["export", str(package), "--corpus", str(SEEDS)]) == 0  # a previous export


def test_an_export_waits_for_or_refuses_a_folder_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpers.batch.out_folder import hold_out_lock

    package = tmp_path / "package"
    package.mkdir()
    with hold_out_lock(package):
        assert main(["export", str(package), "--corpus", str(SEEDS)]) == 2
    assert "is in use by briefs run" in _error_line(capsys)
    assert not (package / "facts.csv").exists()


def test_two_exports_at_once_give_one_consistent_package(tmp_path: Path) -> None:
    import subprocess
    import sys

    import pandas as pd

    package = tmp_path / "package"
    small = _corpus(tmp_path, TAY_HO_SEED)
    commands = [
        [sys.executable, "-m", "helpers.cli", "export", str(package), "--wait", "--corpus", c]
        for c in (str(small), str(SEEDS))
    ]
    exports = [subprocess.Popen(command, stderr=subprocess.PIPE) for command in commands]
    assert [export.wait(timeout=300) for export in exports] == [0, 0]
    csv_rows = pd.read_csv(package / "facts.csv", dtype=str, keep_default_na=False)
    parquet = pd.read_parquet(package / "facts.parquet")
    assert list(csv_rows["fact_id"]) == list(parquet["fact_id"])


def test_an_export_that_fails_part_way_leaves_the_previous_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpers import atomic

    package = tmp_path / "package"
    assert main(["export", str(package), "--corpus", str(_corpus(tmp_path, TAY_HO_SEED))]) == 0
    before = {p.name: p.read_bytes() for p in package.iterdir() if p.name != LOCK_NAME}
    real_write, written = atomic._write_temp, []

    def disk_full_on_the_fourth(target: Path, data: bytes) -> str:
        if len(written) == 3:
            raise OSError(28, "No space left on device", str(target))
        written.append(target)
        return real_write(target, data)

    monkeypatch.setattr(atomic, "_write_temp", disk_full_on_the_fourth)
    assert main(["export", str(package), "--corpus", str(SEEDS)]) == 2
    assert "No space left on device" in _error_line(capsys)
    after = {p.name: p.read_bytes() for p in package.iterdir() if p.name != LOCK_NAME}
    assert after == before


# --- 7. doc_ids unique by construction ----------------------------------------------------


def test_names_that_differ_in_case_or_unicode_form_get_distinct_stable_doc_ids(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import unicodedata

    from helpers.tables.corpus import extract_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (SEEDS / TAY_HO_SEED).read_text()
    other = next(p for p in sorted(SEEDS.glob("*.txt")) if p.name != TAY_HO_SEED).read_text()
    (corpus / "art.txt").write_text(text)
    (corpus / "art.TXT").write_text(other)
    nfc_name, nfd_name = (unicodedata.normalize(form, "bài Tây Hồ") for form in ("NFC", "NFD"))
    third = sorted(SEEDS.glob("*.txt"))[-1].read_text()
    (corpus / f"{nfd_name}.txt").write_text(third + "\nBản NFD.\n")
    (corpus / f"{nfc_name}.txt").write_text(third)
    tables = extract_corpus(corpus)
    ids = dict(zip(tables.articles["file"], tables.articles["doc_id"], strict=True))
    assert len(set(ids.values())) == len(ids) == 4
    assert ids["art.txt"] == "art" and ids["art.TXT"].startswith("art~")
    assert ids[f"{nfc_name}.txt"] == nfc_name  # the NFC name keeps the plain id
    assert ids[f"{nfd_name}.txt"].startswith(f"{nfc_name}~")
    assert "art.TXT: doc_id art~" in caplog.text
    assert (
        dict(
            zip(
                extract_corpus(corpus).articles["file"],
                extract_corpus(corpus).articles["doc_id"],
                strict=True,
            )
        )
        == ids
    )
    assert tables.facts.groupby("doc_id")["doc_id"].size().to_dict().keys() <= set(ids.values())


# --- 10. no cell of a CSV starts a formula ------------------------------------------------

FORMULA = '=HYPERLINK("https://example.com","click")'


def _cells(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def _live_formulas(path: Path) -> list[str]:
    """Cells a spreadsheet would run: text starting with = + - @ (numbers aside)."""

    def number(cell: str) -> bool:
        try:
            float(cell)
        except ValueError:
            return False
        return True

    return [c for c in _cells(path) if c[:1] in ("=", "+", "-", "@") and not number(c)]


def test_csv_cells_that_would_be_formulas_are_neutralised_and_read_back_exactly(
    tmp_path: Path, fast_runs: None
) -> None:
    import pandas as pd

    from helpers.tables.corpus import load_tables, read_facts

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / TAY_HO_SEED, corpus / "-1+2.txt")
    doc_id, figure, sentence = _tay_ho_fact(corpus)
    _write_corrections(
        tmp_path / "corrections.csv", ["fix", doc_id, figure, sentence, "95", FORMULA]
    )
    out = tmp_path / "out"
    assert _run(corpus, out) == 0
    package = tmp_path / "package"
    assert main(["export", str(package), "--corpus", str(corpus)]) == 0
    written = [out / "facts.csv", out / "tay-ho.facts.csv", package / "facts.csv"]
    written += [package / "articles.csv", out / "facts_articles.csv"]
    for path in written:
        assert _live_formulas(path) == [], path
    assert "'=HYPERLINK" in (out / "facts.csv").read_text()
    read_back = [load_tables("", out / "facts.csv").facts, read_facts(package / "facts.csv")]
    for facts in read_back:
        assert set(facts["doc_id"]) == {"-1+2"}
        assert FORMULA in set(facts["correction_note"])
    exact = pd.read_parquet(package / "facts.parquet")
    assert set(exact["doc_id"]) == {"-1+2"} and FORMULA in set(exact["correction_note"])


# --- 11. one line naming the file, never a traceback -------------------------------------


def test_a_corrections_cell_over_the_csv_limit_is_one_line_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path, TAY_HO_SEED)
    corrections = tmp_path / "corrections.csv"
    corrections.write_text(
        ",".join(FIX_HEADER) + "\ndrop,x,1,1,,ok\n" + f'drop,x,1,"{"1" * 140_000}",,long\n'
    )
    assert main(["extract", str(corpus), "-o", str(tmp_path / "f.csv")]) == 2
    assert f"{corrections}:3" in _error_line(capsys)


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258"])
def test_a_corrections_file_not_in_utf8_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    corpus = _corpus(tmp_path, TAY_HO_SEED)
    corrections = tmp_path / "corrections.csv"
    corrections.write_bytes(
        (",".join(FIX_HEADER) + "\ndrop,x,Hà 1,Hà 1,,ghi chú Tây\n").encode(encoding)
    )
    assert main(["extract", str(corpus), "-o", str(tmp_path / "f.csv")]) == 2
    line = _error_line(capsys)
    assert str(corrections) in line and "not UTF-8" in line


@pytest.mark.parametrize(
    "content", [b"doc_id,url\na,https://x.vn\nb,https://y.vn,extra\n", "doc_id,url\nà,h\n"]
)
def test_a_malformed_sources_file_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | str
) -> None:
    corpus = _corpus(tmp_path, TAY_HO_SEED)
    sources = corpus / "sources.csv"
    if isinstance(content, str):
        sources.write_bytes(content.encode("utf-16"))
    else:
        sources.write_bytes(content)
    assert main(["extract", str(corpus), "-o", str(tmp_path / "f.csv")]) == 2
    assert str(sources) in _error_line(capsys)


@pytest.mark.parametrize("planted", ["directory", "fifo", "symlink"])
def test_a_directory_fifo_or_link_planted_in_the_cache_is_rebuilt_over(
    tmp_path: Path, planted: str
) -> None:
    from helpers.extract.run.cache import ENTRY_SUFFIX, cache_key
    from helpers.extract.text.reading import read_article
    from helpers.tables.corpus import extract_corpus

    corpus, cache = _corpus(tmp_path, TAY_HO_SEED), tmp_path / "cache"
    cache.mkdir()
    entry = cache / f"{cache_key(read_article(corpus / TAY_HO_SEED))}{ENTRY_SUFFIX}"
    victim = tmp_path / "victim.json"
    victim.write_text("{}")
    {"directory": entry.mkdir, "fifo": lambda: os.mkfifo(entry)}.get(
        planted, lambda: entry.symlink_to(victim)
    )()
    tables = extract_corpus(corpus, cache_dir=cache)  # neither aborts nor hangs
    assert len(tables.facts) > 0
    assert victim.read_text() == "{}"


# --- 12. smaller items --------------------------------------------------------------------


def test_nested_article_folders_are_named_in_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from helpers.tables.corpus import extract_corpus

    corpus = _corpus(tmp_path, TAY_HO_SEED)
    (corpus / "2024").mkdir()
    shutil.copy(SEEDS / TAY_HO_SEED, corpus / "2024" / "copy.txt")
    (corpus / "pages").mkdir()
    (corpus / "pages" / "saved.html").write_text("<html></html>", encoding="utf-8")
    (corpus / "notes").mkdir()
    (corpus / "notes" / "todo.md").write_text("-", encoding="utf-8")
    extract_corpus(corpus)
    assert "not read: 2024/ holds article files" in caplog.text
    assert "not read: pages/ holds article files" in caplog.text
    assert "notes/" not in caplog.text


def test_file_names_with_terminal_escapes_reach_stderr_escaped(tmp_path: Path) -> None:
    import subprocess
    import sys

    corpus = _corpus(tmp_path, TAY_HO_SEED)
    (corpus / "\x1b[2Jred.txt").write_bytes(b"")  # unreadable: its name is reported
    extract = [sys.executable, "-m", "helpers.cli", "extract", str(corpus), "-o"]
    done = subprocess.run(
        [*extract, str(tmp_path / "f.csv")], capture_output=True, text=True, check=True
    )
    assert "\\x1b[2Jred.txt" in done.stderr and "\x1b" not in done.stderr


def test_an_nfc_doc_id_in_a_correction_matches_an_nfd_named_article(tmp_path: Path) -> None:
    import unicodedata

    from helpers.tables.corpus import extract_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = unicodedata.normalize("NFD", "Tây Hồ")
    shutil.copy(SEEDS / TAY_HO_SEED, corpus / f"{name}.txt")
    _, figure, sentence = _tay_ho_fact(corpus)
    doc_id = unicodedata.normalize("NFC", name)
    _write_corrections(tmp_path / "corrections.csv", ["drop", doc_id, figure, sentence, "", "x"])
    tables = extract_corpus(corpus)
    assert tables.corrections.applied == 1 and not tables.corrections.stale


# --- 8. an interrupted run leaves one complete run -----------------------------------------


def visible_files(out: Path) -> dict[str, bytes]:
    """What a reader sees in an output folder: its files, the hidden ones aside."""
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name[0] != "."}


def one_complete_run(out: Path) -> bool:
    """True when the folder is exactly the run its run.json records: every file recorded
    (tables, briefs, index pages) holds the bytes recorded, and every brief file in the
    folder is one a record names (a failed notebook aside)."""
    from helpers.batch.fingerprints import files_intact
    from helpers.run_manifest import read_manifest

    prints = read_manifest(out / MANIFEST_NAME).fingerprints
    recorded = [prints.files, *(record.files for record in prints.briefs.values())]
    recorded += [prints.index.files] if prints.index else []
    named = {name for files in recorded for name in files}
    briefs = {
        name
        for name in visible_files(out)
        if name.endswith((".html", ".ipynb", ".csv")) and not name.endswith(".failed.ipynb")
    }
    return all(files_intact(out, files) for files in recorded) and briefs <= named


def test_sigterm_while_briefs_render_leaves_the_previous_run(
    tmp_path: Path, fast_runs: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert _run(corpus, out) == 0
    before = visible_files(out)
    (corpus / TAY_HO_SEED).write_text((corpus / TAY_HO_SEED).read_text() + "\nThêm một câu.\n")

    def render_then_terminated(pool, tasks, results) -> None:
        results[(tasks[0].slug, tasks[0].lang)] = _write_brief(tasks[0])
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the signal is handled before this ends

    monkeypatch.setattr(runner, "_render_all", render_then_terminated)
    assert _run(corpus, out, "--rebuild") == 143
    assert visible_files(out) == before
    assert one_complete_run(out)


def test_sigint_during_the_commit_is_acted_on_after_it(
    tmp_path: Path, fast_runs: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    from helpers.run_manifest import read_manifest

    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert _run(corpus, out) == 0
    before = read_manifest(out / MANIFEST_NAME).fingerprints.run
    (corpus / TAY_HO_SEED).write_text((corpus / TAY_HO_SEED).read_text() + "\nThêm một câu.\n")
    put_in_place = runner._put_in_place

    def interrupted_while_placing(*args):
        os.kill(os.getpid(), signal.SIGINT)
        return put_in_place(*args)

    monkeypatch.setattr(runner, "_put_in_place", interrupted_while_placing)
    assert _run(corpus, out, "--rebuild") == 130
    assert one_complete_run(out)
    assert read_manifest(out / MANIFEST_NAME).fingerprints.run != before  # the new run


# --- 9. briefs that no longer apply are removed ---------------------------------------------


def test_a_brief_whose_district_left_the_corpus_is_removed_and_listed(
    tmp_path: Path, fast_runs: None
) -> None:
    from helpers.run_manifest import read_manifest
    from helpers.tables.corpus import extract_corpus

    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert _run(corpus, out) == 0
    articles = extract_corpus(corpus).facts.groupby("doc_id")["district"].agg(set)
    only_thanh_xuan = [doc for doc, names in articles.items() if names == {"Thanh Xuân"}]
    for doc_id in only_thanh_xuan:
        (corpus / f"{doc_id}.txt").unlink()
    assert {"thanh-xuan.html", "thanh-xuan.ipynb", "thanh-xuan.facts.csv"} <= set(
        visible_files(out)
    )
    assert _run(corpus, out, "--rebuild") == 0
    left = set(visible_files(out))
    assert not {"thanh-xuan.html", "thanh-xuan.ipynb", "thanh-xuan.facts.csv"} & left
    removed = read_manifest(out / MANIFEST_NAME).removed
    assert sorted(removed) == ["thanh-xuan.facts.csv", "thanh-xuan.html", "thanh-xuan.ipynb"]
    assert one_complete_run(out)


def test_briefs_in_a_language_no_longer_written_are_removed(
    tmp_path: Path, fast_runs: None
) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert _run(corpus, out) == 0
    assert _run(corpus, out, "--lang", "vi") == 0
    names = set(visible_files(out))
    assert "tay-ho.vi.html" in names and "tay-ho.html" not in names
    assert "index.vi.html" in names and "index.html" not in names
    assert one_complete_run(out)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no Chromium installed")
@pytest.mark.parametrize("fragment", ["sort=99&q=tay", "sort=-1&q=tay", "sort=x&q=tay"])
def test_a_sort_column_the_index_lacks_still_filters(
    tmp_path: Path, fast_runs: None, fragment: str
) -> None:
    import subprocess

    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert _run(corpus, out) == 0
    url = (out / "index.html").as_uri() + "#" + fragment
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    rows = dom.split("<tbody")[1].split("</tbody>")[0].split("<tr")[1:]
    assert len(rows) == 3 and sum("hidden" in row.split(">")[0] for row in rows) == 2


def test_a_district_parameter_that_is_not_text_is_one_error() -> None:
    from helpers.extract.reference.gazetteer import resolve_district

    with pytest.raises(TypeError, match="one name as text, got a list"):
        resolve_district(["Tây Hồ", "Ba Vì"])  # type: ignore[arg-type]


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path: Path) -> None:
    from helpers.batch.fingerprints import corpus_fingerprint

    corpus = _corpus(tmp_path, TAY_HO_SEED)
    article = corpus / TAY_HO_SEED
    before, stat = corpus_fingerprint(corpus), article.stat()
    data = article.read_bytes()
    article.write_bytes(data.replace(b"112%", b"113%"))  # same size
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same modification time
    assert article.stat().st_size == stat.st_size
    assert corpus_fingerprint(corpus) != before


def test_a_fix_after_a_drop_names_the_drop(tmp_path: Path) -> None:
    from helpers.tables.corpus import extract_corpus

    corpus = _corpus(tmp_path, TAY_HO_SEED)
    doc_id, figure, sentence = _tay_ho_fact(corpus)
    _write_corrections(
        tmp_path / "corrections.csv",
        ["drop", doc_id, figure, sentence, "", "not a fact"],
        ["fix", doc_id, figure, sentence, "95", "typo"],
    )
    stale = extract_corpus(corpus).corrections.stale
    assert [(item.line, item.why()) for item in stale] == [
        (3, "the drop on line 2 removed this figure first (nothing left to change)")
    ]


def test_the_notebook_refuses_a_corpus_dir_without_articles(tmp_path: Path) -> None:
    from helpers.errors import EmptyCorpusError
    from helpers.tables.corpus import load_notebook_tables

    with pytest.raises(EmptyCorpusError, match=r"holds no articles"):
        load_notebook_tables(str(tmp_path))


def test_no_more_brief_workers_than_briefs_to_render(monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers.batch import brief_pool

    started: list[int] = []
    monkeypatch.setattr(brief_pool, "_start_pool", lambda path, n: started.append(n))
    with brief_pool.brief_pool(Path("nb.ipynb"), 32, None, start_now=True) as pool:
        pool.expect(3)
        pool.ensure_started()
    assert started == [3]


def test_the_extraction_cache_keeps_only_what_the_run_used(tmp_path: Path, fast_runs: None) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    assert _run(corpus, out) == 0
    cache = out / runner.EXTRACT_CACHE_DIR
    before = {p.name for p in cache.glob("*.json")}
    for entry in cache.glob("*.json"):  # written an hour ago, not a second
        os.utime(entry, (time.time() - 3600, time.time() - 3600))
    (corpus / TAY_HO_SEED).unlink()
    assert _run(corpus, out) in (0, 1)
    after = {p.name for p in cache.glob("*.json")}
    assert after < before and len(after) == len(before) - 1


@pytest.mark.slow
def test_a_real_run_signalled_at_several_moments_leaves_one_complete_run(tmp_path: Path) -> None:
    """`briefs run` with its kernels, signalled during extraction, rendering and near its
    end (benchmarks/interrupt_runs.py does 20 random moments of a 30-district run)."""
    import signal
    import subprocess
    import sys

    from helpers.run_manifest import read_manifest

    corpus, out = _corpus(tmp_path), tmp_path / "out"
    command = [sys.executable, "-m", "helpers.cli", "run", "--corpus", str(corpus)]
    command += ["--out", str(out), "--rebuild", "--workers", "1"]
    started = time.monotonic()
    subprocess.run(command, capture_output=True, check=True, timeout=600)
    full_run = time.monotonic() - started
    article = corpus / TAY_HO_SEED
    for moment, (fraction, sent) in enumerate(
        ((0.1, "SIGTERM"), (0.5, "SIGINT"), (0.9, "SIGTERM"))
    ):
        before, before_run = visible_files(out), read_manifest(out / MANIFEST_NAME).fingerprints.run
        article.write_text(article.read_text() + f"\nLần {moment}: 1.0{moment}0 tỷ đồng.\n")
        run = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        # From its first line on (`extracting facts …`) the run handles signals; before,
        # the interpreter is still starting, and on a loaded machine that takes a while.
        assert run.stderr is not None
        first_line = run.stderr.readline()
        time.sleep(fraction * full_run)
        run.send_signal(getattr(signal, sent))
        _, rest = run.communicate(timeout=600)
        stderr = first_line + rest
        assert run.returncode in (0, 128 + getattr(signal, sent)), stderr
        assert "Traceback" not in stderr
        if run.returncode:
            assert (
                stderr.strip().splitlines()[-1].startswith(f"briefs: error: interrupted by {sent}")
            )
        assert one_complete_run(out)
        now_run = read_manifest(out / MANIFEST_NAME).fingerprints.run
        assert visible_files(out) == before or now_run != before_run
