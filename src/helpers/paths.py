"""Find the project's folders from wherever a notebook or script runs.

A notebook may run from the repository root (papermill), from `notebooks/`
(JupyterLab, nbval) or from anywhere else (a batch worker). Relative paths are
tried against the working directory first, then against the project root; the
project root is searched upward from the working directory and from this package.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

SEEDS_DIRNAME = "seeds"
PROJECT_MARKER = "pyproject.toml"
PACKAGE_DIR = Path(__file__).resolve().parent


def _is_project_root(folder: Path) -> bool:
    return (folder / PROJECT_MARKER).is_file() and (folder / SEEDS_DIRNAME).is_dir()


def project_root(start: Path | None = None) -> Path:
    """The nearest folder holding `pyproject.toml` and `seeds/`, searched upward from
    `start` (default: the working directory), then from the package location."""
    origins = [(start or Path.cwd()).resolve(), PACKAGE_DIR]
    for origin in origins:
        for folder in (origin, *origin.parents):
            if _is_project_root(folder):
                return folder
    searched = " and ".join(str(origin) for origin in origins)
    raise FileNotFoundError(
        f"no project root ({PROJECT_MARKER} beside {SEEDS_DIRNAME}/) above {searched}"
    )


def locate(path: str | Path, start: Path | None = None) -> Path:
    """An existing file or folder: absolute as given; relative against `start` (default:
    the working directory) first, then against the project root."""
    candidate = Path(path).expanduser()
    if candidate.is_absolute():
        tried = [candidate]
    else:
        base = (start or Path.cwd()).resolve()
        tried = [base / candidate]
        with contextlib.suppress(FileNotFoundError):
            tried.append(project_root(base) / candidate)
    for option in tried:
        if option.exists():
            return option.resolve()
    raise FileNotFoundError(f"{str(path)!r} not found; tried {', '.join(map(str, tried))}")


def corpus_dir_path(corpus_dir: str | Path = "", start: Path | None = None) -> Path:
    """The corpus folder: `corpus_dir` located as by `locate`, or the project's `seeds/`
    when empty."""
    if str(corpus_dir) == "":
        return project_root(start) / SEEDS_DIRNAME
    folder = locate(corpus_dir, start)
    if not folder.is_dir():
        raise NotADirectoryError(f"corpus_dir {str(corpus_dir)!r} is not a folder: {folder}")
    return folder


def facts_file_path(facts_path: str | Path = "", start: Path | None = None) -> Path | None:
    """The prebuilt facts table located as by `locate`, or None when `facts_path` is empty."""
    if str(facts_path) == "":
        return None
    return locate(facts_path, start)


def corrections_file_path(
    corrections_path: str | Path = "", start: Path | None = None
) -> Path | None:
    """The corrections file located as by `locate`, or None when `corrections_path` is
    empty (then `corrections.csv` beside the corpus applies, if it exists)."""
    if str(corrections_path) == "":
        return None
    return locate(corrections_path, start)
