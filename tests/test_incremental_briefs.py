"""Reruns of the real brief notebook (slow: they start kernels): a rerun with nothing
changed touches no output and imports no heavy library; one added article rebuilds its
district, the peers whose comparison changed, and the index; `--rebuild` rebuilds all."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
HOAN_KIEM_SEED = "003_0f7c43e8bdea2af6.txt"
ADDED_ARTICLE = "005_hoan_kiem_2023.txt"
HEAVY_MODULES = ("pandas", "papermill", "nbconvert", "jupyter_client", "distributed")
# Runs `briefs run` in this interpreter, then prints the heavy modules it imported.
RUN_AND_LIST_IMPORTS = """
import json, sys
from helpers.cli import main
status = main(sys.argv[1:])
heavy = [name for name in {heavy!r} if name in sys.modules]
print(json.dumps({{"status": status, "heavy": heavy}}))
"""


def _briefs(*args: str) -> dict:
    code = RUN_AND_LIST_IMPORTS.format(heavy=HEAVY_MODULES)
    result = subprocess.run(
        [sys.executable, "-c", code, "run", *args], capture_output=True, text=True, check=False
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    return outcome | {"stderr": result.stderr}


def _state(out_dir: Path) -> dict[str, tuple[int, str]]:
    """Each output file (not the lock): its modification time and SHA-256."""
    return {
        path.relative_to(out_dir).as_posix(): (
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in out_dir.rglob("*")
        if path.is_file() and path.name != ".briefs.lock"
    }


def _changed(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> set[str]:
    return {name for name, state in after.items() if before.get(name) != state}


def test_reruns_do_only_what_changed(tmp_path: Path) -> None:
    corpus = Path(shutil.copytree(SEEDS, tmp_path / "corpus"))
    out_dir = tmp_path / "out"
    common = ("--corpus", str(corpus), "--out", str(out_dir), "--workers", "2")
    first = _briefs(*common)
    assert first["status"] == 0, first["stderr"]

    before = _state(out_dir)
    rerun = _briefs(*common)
    assert rerun["status"] == 0, rerun["stderr"]
    assert rerun["heavy"] == []  # no pandas, no Jupyter: nothing was extracted or rendered
    assert "nothing changed since the last run: 3 briefs unchanged" in rerun["stderr"]
    assert _changed(before, _state(out_dir)) == {"run.json"}
    manifest = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    assert {d["status"] for d in manifest["districts"]} == {"unchanged"}

    # One more article about Hoàn Kiếm: its 2023 results reach Tây Hồ's comparison (they
    # share indicators), not Thanh Xuân's (which shares none with Hoàn Kiếm).
    text = (SEEDS / HOAN_KIEM_SEED).read_text(encoding="utf-8").replace("2022", "2023")
    (corpus / ADDED_ARTICLE).write_text(text, encoding="utf-8")
    before = _state(out_dir)
    added = _briefs(*common)
    assert added["status"] == 0, added["stderr"]
    after = _state(out_dir)
    manifest = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    statuses = {d["slug"]: d["status"] for d in manifest["districts"]}
    assert statuses == {"hoan-kiem": "ok", "tay-ho": "ok", "thanh-xuan": "unchanged"}
    snapshot = manifest["fingerprints"]["briefs"]["hoan-kiem"]["facts"]
    new_files = {
        snapshot,
        snapshot.replace(".csv", "_articles.csv"),
        snapshot.replace(".csv", ".corrections.json"),
    }
    cache = {name for name in _changed(before, after) if name.startswith(".extract-cache/")}
    assert len(cache - before.keys()) == 1  # the new article's extraction
    used = cache & before.keys()  # read again: touched (so pruning keeps them), not rewritten
    assert all(after[name][1] == before[name][1] for name in used)
    assert _changed(before, after) - cache == {
        "hoan-kiem.html",
        "hoan-kiem.ipynb",
        "hoan-kiem.facts.csv",
        "tay-ho.html",
        "tay-ho.ipynb",
        "index.html",
        "facts.csv",
        "facts_articles.csv",
        "run.json",
        *new_files,
    }
    tay_ho = (out_dir / "tay-ho.html").read_text(encoding="utf-8")
    assert "Hoàn Kiếm" in tay_ho and "(2023)" in tay_ho

    before = _state(out_dir)
    rebuilt = _briefs(*common, "--rebuild")
    assert rebuilt["status"] == 0, rebuilt["stderr"]
    statuses = {d["status"] for d in json.loads((out_dir / "run.json").read_text())["districts"]}
    assert statuses == {"ok"}
    after = _state(out_dir)
    for slug in ("hoan-kiem", "tay-ho", "thanh-xuan"):  # rewritten, with the same bytes
        assert after[f"{slug}.html"][0] != before[f"{slug}.html"][0]
        assert after[f"{slug}.html"][1] == before[f"{slug}.html"][1]
