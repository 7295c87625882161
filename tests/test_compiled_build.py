"""The opt-in compiled build (`make compiled`, setup.py): mypyc compiles the extraction
modules, and the compiled extractor writes the same facts tables as the Python source, in
one process and in a pool of workers (which pickles its results back).

Slow and opt-in: it builds the wheel (about 40 s on 2 cores) from a copy of the sources, so
it runs only with BRIEFS_TEST_COMPILED=1 (`make test-compiled`). Skipped where there is no C
compiler or no Python headers to build with."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD_CORPORA = ["seeds", "tests/data/real/articles", "tests/data/variants", "tests/data/heldout"]
COMPILED_MARK = "[compiled extractor]"


def _build_tools_missing() -> str | None:
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        return "no Python headers (Python.h)"
    return None


MISSING_BUILD_TOOL = _build_tools_missing()
OPT_IN = "BRIEFS_TEST_COMPILED"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get(OPT_IN) != "1", reason=f"opt-in: {OPT_IN}=1 or make test-compiled"
    ),
    pytest.mark.skipif(MISSING_BUILD_TOOL is not None, reason=str(MISSING_BUILD_TOOL)),
]


@pytest.fixture(scope="module")
def compiled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled wheel, built from a copy of the sources and unpacked (a PYTHONPATH)."""
    work = tmp_path_factory.mktemp("compiled")
    project = work / "project"
    project.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = work / "wheels"
    build = "pip wheel --no-build-isolation --no-deps -q --disable-pip-version-check"
    subprocess.run(
        [sys.executable, "-m", *build.split(), "-w", str(wheels), str(project)],
        cwd=project,
        env={**os.environ, "BRIEFS_COMPILE": "1"},
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("district_briefs-*.whl")
    site = work / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


def _extract(corpus: Path, output: Path, site: Path, workers: int) -> str:
    """Run `briefs extract` with `site` first on the path; its summary line."""
    command = ["extract", str(corpus), "-o", str(output), "--workers", str(workers)]
    done = subprocess.run(
        [sys.executable, "-m", "helpers.cli", *command],
        env={**os.environ, "PYTHONPATH": str(site)},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stderr.strip().splitlines()[-1]


def test_the_wheel_compiles_every_module_listed(compiled_site: Path) -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["briefs"]["compiled"]
    listed = {
        path.relative_to(ROOT / "src").with_suffix("").as_posix()
        for pattern in patterns
        for path in ROOT.glob(pattern)
    }
    compiled = {
        path.relative_to(compiled_site).as_posix().split(".")[0]
        for path in compiled_site.glob("helpers/**/*.so")
    }
    assert "helpers/extract/facts" in listed
    assert compiled == listed  # `cache`, `scoring` and the rest of the package stay Python


@pytest.mark.parametrize("corpus", GOLD_CORPORA)
def test_compiled_facts_equal_pure_python_facts(
    compiled_site: Path, corpus: str, tmp_path: Path
) -> None:
    compiled_summary = _extract(ROOT / corpus, tmp_path / "compiled.csv", compiled_site, 1)
    pure_summary = _extract(ROOT / corpus, tmp_path / "pure.csv", ROOT / "src", 1)
    assert compiled_summary.endswith(COMPILED_MARK)
    assert not pure_summary.endswith(COMPILED_MARK)
    assert (tmp_path / "compiled.csv").read_bytes() == (tmp_path / "pure.csv").read_bytes()


def test_compiled_workers_pickle_their_results_back(compiled_site: Path, tmp_path: Path) -> None:
    """A pool sends ArticleFacts, Fact, ArticleMetadata, District and RejectedFigure back by
    pickle: compiled frozen dataclasses must survive it. A mixed archive, so the prefilter
    passes over some articles too."""
    corpus = tmp_path / "corpus"
    make_corpus = [str(ROOT / "benchmarks" / "make_corpus.py"), str(corpus), "-n", "160"]
    subprocess.run(
        [sys.executable, *make_corpus, "--no-district-share", "0.5"],
        check=True,
        capture_output=True,
    )
    compiled_summary = _extract(corpus, tmp_path / "compiled.csv", compiled_site, 2)
    pure_summary = _extract(corpus, tmp_path / "pure.csv", ROOT / "src", 1)
    assert compiled_summary.endswith(COMPILED_MARK)
    assert "naming no district" in pure_summary and " 0 naming no district" not in pure_summary
    assert (tmp_path / "compiled.csv").read_bytes() == (tmp_path / "pure.csv").read_bytes()
