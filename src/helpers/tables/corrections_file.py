"""Which corrections file applies to a corpus (no pandas: cheap to ask before extracting)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_CORRECTIONS_NAME = "corrections.csv"


def default_corrections_path(corpus_dir: str | Path) -> Path:
    """`corrections.csv` beside the corpus folder (in its parent folder)."""
    return Path(corpus_dir).resolve().parent / DEFAULT_CORRECTIONS_NAME


def corrections_path_for(
    corpus_dir: str | Path, corrections_path: str | Path | None
) -> Path | None:
    """The corrections file to apply: `corrections_path` when given (it must exist),
    else the default beside the corpus when that exists, else None."""
    if corrections_path:
        path = Path(corrections_path)
        if not path.is_file():
            raise FileNotFoundError(f"corrections file not found: {path}")
        return path
    default = default_corrections_path(corpus_dir)
    return default if default.is_file() else None
