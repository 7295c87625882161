"""Execute the project's notebooks in place, so the stored outputs are fresh and stable.

    python -m helpers.batch.refresh_notebooks [NOTEBOOK ...]

Without arguments, every `notebooks/*.ipynb` of the project is refreshed. Each notebook
runs with its default parameters, in its own folder (as JupyterLab and nbval run it);
papermill's and nbclient's run metadata are dropped, so an unchanged corpus gives a
byte-identical file. A notebook whose execution fails is left as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import papermill

from helpers.atomic import write_text_atomic
from helpers.batch.papermill_setup import strip_run_metadata
from helpers.paths import project_root

NOTEBOOKS_DIRNAME = "notebooks"
NOTEBOOK_PATTERN = "*.ipynb"
EXECUTION_TIMEOUT_S = 600


def project_notebooks(root: Path | None = None) -> list[Path]:
    """The notebooks stored under the project's `notebooks/` folder, sorted."""
    folder = (root or project_root()) / NOTEBOOKS_DIRNAME
    return sorted(folder.glob(NOTEBOOK_PATTERN))


def executed_notebook(path: Path) -> nbformat.NotebookNode:
    """`path` executed with its default parameters in its folder, without run metadata."""
    notebook = papermill.execute_notebook(
        str(path),
        None,
        cwd=str(path.parent),
        progress_bar=False,
        record_timing=False,
        execution_timeout=EXECUTION_TIMEOUT_S,
    )
    return strip_run_metadata(notebook)


def refresh(path: Path) -> bool:
    """Execute `path` and store it with its outputs; True when the file changed."""
    text = nbformat.writes(executed_notebook(path)) + "\n"
    if path.read_text(encoding="utf-8") == text:
        return False
    write_text_atomic(path, text)
    return True


def main(argv: list[str] | None = None) -> int:
    """Refresh the notebooks named on the command line (default: all of the project's)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to refresh")
    arguments = parser.parse_args(argv)
    paths = arguments.notebooks or project_notebooks()
    if not paths:
        print("no notebooks to refresh", file=sys.stderr)
        return 1
    for path in paths:
        status = "refreshed" if refresh(path.resolve()) else "unchanged"
        print(f"{status}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
