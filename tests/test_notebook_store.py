"""The stored notebooks: executed, stable, parameterised as the contract says, and runnable
with papermill from any working directory."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import paths
from helpers.batch.refresh_notebooks import project_notebooks, refresh
from helpers.tables.corpus import CorpusTables, write_tables

PROJECT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    path
    for path in (PROJECT / "notebooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in path.parts
)
BRIEF = PROJECT / "notebooks" / "district_brief.ipynb"
PAPERMILL = Path(sys.executable).with_name("papermill")
CONTRACT_PARAMETERS = {
    "district": "Tây Hồ",
    "corpus_dir": "",
    "facts_path": "",
    "corrections_path": "",
    "lang": "en",
}
RUN_SPECIFIC = {
    "absolute path": re.compile(r"(?:/work/|/tmp/|/home/|/Users/|[A-Z]:\\)"),
    "memory address": re.compile(r"0x[0-9a-fA-F]{6,}"),
    "clock time": re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"),
}


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def output_texts(notebook: nbformat.NotebookNode) -> list[str]:
    """Every text an output carries (images excluded)."""
    texts = []
    for cell in code_cells(notebook):
        for output in cell.outputs:
            texts.append(output.get("text", ""))
            for mime, data in output.get("data", {}).items():
                if not mime.startswith("image/"):
                    texts.append(data if isinstance(data, str) else json.dumps(data))
    return texts


@pytest.fixture(params=NOTEBOOKS, ids=[path.name for path in NOTEBOOKS], scope="module")
def stored(request: pytest.FixtureRequest) -> nbformat.NotebookNode:
    return nbformat.read(request.param, as_version=4)


def test_the_brief_notebook_is_stored() -> None:
    assert BRIEF in NOTEBOOKS
    assert project_notebooks(PROJECT) == sorted((PROJECT / "notebooks").glob("*.ipynb"))


def test_stored_notebooks_hold_the_outputs_of_one_full_run(
    stored: nbformat.NotebookNode,
) -> None:
    cells = code_cells(stored)
    counts = [cell.execution_count for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), "execute with helpers.batch.refresh_notebooks"
    assert any(cell.outputs for cell in cells), "stored without outputs: nbval would pass"


def test_stored_notebooks_carry_no_run_metadata(stored: nbformat.NotebookNode) -> None:
    assert "papermill" not in stored.metadata
    for cell in stored.cells:
        assert "papermill" not in cell.metadata
        assert "execution" not in cell.metadata
        assert "injected-parameters" not in cell.metadata.get("tags", [])


def test_stored_outputs_hold_no_errors_warnings_or_run_specific_text(
    stored: nbformat.NotebookNode,
) -> None:
    for cell in code_cells(stored):
        for output in cell.outputs:
            assert output.output_type != "error"
            assert output.get("name") != "stderr", output.get("text")
    for text in output_texts(stored):
        for what, pattern in RUN_SPECIFIC.items():
            assert not pattern.search(text), f"{what} in output: {text[:200]}"


def test_the_brief_declares_the_contract_parameters_with_types() -> None:
    notebook = nbformat.read(BRIEF, as_version=4)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert first.metadata.get("tags") == ["parameters"]  # the first code cell
    declared = {}
    for statement in ast.parse(first.source).body:
        assert isinstance(statement, ast.AnnAssign), ast.unparse(statement)
        declared[statement.target.id] = (
            ast.unparse(statement.annotation),
            ast.literal_eval(statement.value),
        )
    assert declared == {name: ("str", default) for name, default in CONTRACT_PARAMETERS.items()}


def test_papermill_sees_every_parameter_with_its_type_and_help() -> None:
    import papermill

    inferred = papermill.inspect_notebook(str(BRIEF))
    assert set(inferred) == set(CONTRACT_PARAMETERS)
    for parameter in inferred.values():
        assert parameter["inferred_type_name"] == "str"
        assert parameter["help"]


# ---- finding the project's folders ---------------------------------------------------------


def test_project_root_is_found_from_notebooks_and_from_elsewhere(tmp_path: Path) -> None:
    assert paths.project_root(PROJECT / "notebooks") == PROJECT
    assert paths.project_root(tmp_path) == PROJECT  # via the package location


def test_default_corpus_is_the_projects_seeds(tmp_path: Path) -> None:
    assert paths.corpus_dir_path("", PROJECT / "notebooks") == PROJECT / "seeds"
    assert paths.corpus_dir_path("", tmp_path) == PROJECT / "seeds"


def test_relative_paths_try_the_working_directory_first(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    assert paths.corpus_dir_path("seeds", tmp_path) == tmp_path / "seeds"
    assert paths.corpus_dir_path("seeds", PROJECT / "notebooks") == PROJECT / "seeds"
    absolute = tmp_path / "seeds"
    assert paths.corpus_dir_path(str(absolute), PROJECT) == absolute


def test_missing_paths_fail_naming_where_they_were_looked_for(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"tried .*no_such_dir"):
        paths.corpus_dir_path("no_such_dir", tmp_path)
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        paths.corpus_dir_path("file.txt", tmp_path)
    assert paths.facts_file_path("", tmp_path) is None
    assert paths.facts_file_path("file.txt", tmp_path) == tmp_path / "file.txt"


# ---- executing the notebook (starts kernels) ------------------------------------------------

SCRIPT_SENTENCE = "Thu ngân sách đạt 119% kế hoạch <script>alert(1)</script>."


def small_tables() -> CorpusTables:
    """One Tây Hồ fact whose sentence and article title carry a script tag."""
    facts = pd.DataFrame(
        [
            {
                "doc_id": "x1",
                "district": "Tây Hồ",
                "year": 2023,
                "period": "FY",
                "indicator": "budget_revenue_pct_plan",
                "kind": "actual",
                "value": 119.0,
                "total": pd.NA,
                "unit": "pct",
                "qualifier": "",
                "sentence": SCRIPT_SENTENCE,
                "sentence_start": 100,
                "start": 118,
                "end": 122,
                "rule": "indicator_cues.csv:30",
            }
        ]
    ).astype({"total": "Float64"})
    articles = pd.DataFrame(
        [
            {
                "doc_id": "x1",
                "file": "x1.txt",
                "title": "Tin <script>bad()</script>",
                "published": "2024-01-20",
                "author": "",
                "outlet": "Hànộimới",
                "districts": "Tây Hồ",
                "n_facts": 1,
            }
        ]
    )
    errors = pd.DataFrame(columns=["file", "error"])
    return CorpusTables(facts, articles, errors)


def run_papermill(workdir: Path, *parameters: str) -> tuple[subprocess.CompletedProcess, Path]:
    """The papermill CLI on the stored brief, run from `workdir`."""
    output = workdir / "out.ipynb"
    arguments = [str(PAPERMILL), str(BRIEF), str(output), "--no-progress-bar"]
    for pair in zip(parameters[::2], parameters[1::2], strict=True):
        arguments += ["-p", *pair]
    completed = subprocess.run(
        arguments, cwd=workdir, capture_output=True, text=True, env=os.environ.copy()
    )
    return completed, output


@pytest.fixture(scope="module")
def facts_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tables") / "facts.csv"
    write_tables(small_tables(), path)
    return path


@pytest.mark.slow
def test_papermill_runs_the_brief_from_elsewhere_and_escapes_article_text(
    tmp_path: Path, facts_csv: Path
) -> None:
    completed, output = run_papermill(tmp_path, "district", "tay ho", "facts_path", str(facts_csv))
    assert completed.returncode == 0, completed.stderr
    texts = "\n".join(output_texts(nbformat.read(output, as_version=4)))
    assert "# Tây Hồ — quận (urban district)" in texts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texts
    assert "&lt;script&gt;bad()&lt;/script&gt;" in texts
    assert "<script" not in texts


@pytest.mark.slow
def test_a_district_without_facts_gets_a_short_brief(tmp_path: Path, facts_csv: Path) -> None:
    completed, output = run_papermill(
        tmp_path, "district", "Ba Vì", "facts_path", str(facts_csv), "lang", "vi"
    )
    assert completed.returncode == 0, completed.stderr
    notebook = nbformat.read(output, as_version=4)
    texts = "\n".join(output_texts(notebook))
    assert "# Huyện Ba Vì" in texts
    assert "không có số liệu nào về Ba Vì" in texts
    assert all(
        "image/png" not in o.get("data", {}) for c in code_cells(notebook) for o in c.outputs
    )


@pytest.mark.slow
def test_an_unknown_district_fails_at_once_with_the_closest_name(tmp_path: Path) -> None:
    completed, output = run_papermill(tmp_path, "district", "Tay Hoo")
    assert completed.returncode != 0
    notebook = nbformat.read(output, as_version=4)
    failed = [c for c in code_cells(notebook) if any(o.output_type == "error" for o in c.outputs)]
    assert len(failed) == 1
    assert "resolve_district(district)" in failed[0].source
    error = next(o for o in failed[0].outputs if o.output_type == "error")
    assert error.ename == "UnknownDistrictError"
    assert "Did you mean 'Tây Hồ'?" in error.evalue


@pytest.mark.slow
def test_refreshing_reproduces_the_stored_notebook_byte_for_byte(tmp_path: Path) -> None:
    copy = tmp_path / BRIEF.name
    cleared = nbformat.read(BRIEF, as_version=4)
    for cell in code_cells(cleared):
        cell.outputs, cell.execution_count = [], None
    nbformat.write(cleared, copy)
    assert refresh(copy) is True
    assert copy.read_bytes() == BRIEF.read_bytes(), "run: python -m helpers.batch.refresh_notebooks"
    assert refresh(copy) is False
