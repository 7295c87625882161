"""Fingerprints of what a run's outputs are made from, so that a rerun does only what changed.

A fingerprint is a SHA-256 over length-prefixed parts (`digest`), so no two different
lists of parts give the same bytes to hash. Nothing here imports pandas or Jupyter: the
rerun that finds nothing changed (see `helpers.batch.rerun`) runs on these alone.

- `brief_code_fingerprint(notebook)`: the brief notebook, the code that renders and
  writes briefs and index pages, and the versions of the libraries that shape their
  bytes. The extraction code is left out: it reaches a brief only through the facts,
  which are fingerprinted themselves (`helpers.brief.inputs`).
- `corpus_fingerprint(corpus_dir, corrections)`: what extraction reads, the articles by
  name, size, modification and change times (cheap for thousands of files; an edit that
  restores the modification time still changes the ctime, which no user can set), the
  `sources.csv` and corrections files by content, and the code that turns them into the
  facts tables (`EXTRACTION_CODE_GLOBS`).
- `file_digest`, `file_digests`, `files_intact`: the outputs a run vouches for.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

from helpers.extract.text.reading import scan_corpus
from helpers.paths import PACKAGE_DIR
from helpers.safe_paths import UnsafePathError, open_regular
from helpers.sources.sidecar import sidecar_path
from helpers.tables.corrections_file import corrections_path_for

# The code a brief or an index page runs, as globs under src/helpers/ (the extraction
# modules the rendering imports, and the vocabulary's data, are named one by one).
BRIEF_CODE_GLOBS = (
    "brief/**/*.py",
    "render/**/*.py",
    "render/data/*",
    "publish/**/*.py",
    "publish/templates/*",
    "tables/*.py",
    "batch/worker.py",
    "batch/warm_kernel.py",
    "batch/kernel_state.py",
    "batch/papermill_setup.py",
    "run_manifest.py",
    "atomic.py",
    "paths.py",
    "years.py",
    "extract/reference/gazetteer.py",
    "extract/reference/vocabulary.py",
    "extract/text/textnorm.py",
    "extract/figures/numbers.py",
    "extract/text/phrases.py",
    "extract/data/*.csv",
    "extract/*/data/*.csv",
)
# The code that makes the facts and articles tables from a corpus: the extractor with its
# data and lexicons, and the tables' assembly, corrections and schema.
EXTRACTION_CODE_GLOBS = (
    "extract/**/*.py",
    "extract/data/*",
    "extract/*/data/*",
    "extract/lexicons/*",
    "tables/*.py",
    "years.py",
    "sources/*",
)
# Libraries whose version can change the bytes of a brief (charts, HTML, notebook JSON).
BRIEF_LIBRARIES = (
    "pandas",
    "numpy",
    "matplotlib",
    "jinja2",
    "markupsafe",
    "nbconvert",
    "nbformat",
    "nbclient",
    "papermill",
    "ipykernel",
)
ABSENT = "absent"
READ_CHUNK_BYTES = 1 << 20


def digest(*parts: str | bytes) -> str:
    """The SHA-256 (hex) of `parts`, each length-prefixed (text as UTF-8)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def content_digest(data: bytes) -> str:
    """The SHA-256 (hex) of `data`, as `file_digest` gives for a file holding it."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 (hex) of a file's bytes."""
    hasher = hashlib.sha256()
    with open_regular(path) as handle:
        while chunk := handle.read(READ_CHUNK_BYTES):
            hasher.update(chunk)
    return hasher.hexdigest()


def file_digests(folder: Path, names: Iterable[str]) -> dict[str, str]:
    """name -> SHA-256 of each named file of `folder` that exists."""
    return {name: file_digest(folder / name) for name in names if (folder / name).is_file()}


def files_intact(folder: Path, expected: dict[str, str]) -> bool:
    """True when every file of `expected` (name -> SHA-256) is in `folder` with those bytes."""
    try:
        return all(file_digest(folder / name) == sha for name, sha in expected.items())
    except (OSError, UnsafePathError):
        return False


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ABSENT


@cache
def _package_files(globs: tuple[str, ...]) -> tuple[Path, ...]:
    files = {path for pattern in globs for path in PACKAGE_DIR.glob(pattern)}
    return tuple(sorted(path for path in files if path.is_file()))


def _code_parts(globs: tuple[str, ...]) -> list[str | bytes]:
    parts: list[str | bytes] = []
    for path in _package_files(globs):
        parts += [path.relative_to(PACKAGE_DIR).as_posix(), path.read_bytes()]
    return parts


def brief_code_fingerprint(notebook: Path) -> str:
    """The fingerprint of the brief notebook, the rendering code (`BRIEF_CODE_GLOBS`),
    the Python version and the versions of `BRIEF_LIBRARIES`."""
    parts: list[str | bytes] = [sys.version, notebook.read_bytes(), *_code_parts(BRIEF_CODE_GLOBS)]
    parts += [f"{name}=={_library_version(name)}" for name in BRIEF_LIBRARIES]
    return digest(*parts)


def _stat_part(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError as error:
        return f"{path.name}: {type(error).__name__}"
    return f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


def _content_part(path: Path | None) -> bytes:
    return path.read_bytes() if path is not None else b""


def corpus_fingerprint(
    corpus_dir: Path, corrections: Path | None = None, columns: object | None = None
) -> str:
    """The fingerprint of what extracting `corpus_dir` reads: each article file's name,
    size, modification and change times and inode (symlinks followed), the entries that cannot be
    read, the sidecar `sources.csv` and the corrections file that applies (by content),
    and the code that extracts and assembles the tables (with the Python and pandas
    versions)."""
    scan = scan_corpus(corpus_dir)
    parts: list[str | bytes] = [sys.version, f"pandas=={_library_version('pandas')}"]
    parts += [*_code_parts(EXTRACTION_CODE_GLOBS), str(corpus_dir)]
    parts += [_stat_part(path) for path in scan.files]
    parts += [f"{path.name}: {problem}" for path, problem in scan.problems]
    parts.append(_content_part(sidecar_path(corpus_dir)))
    corrections_file = corrections_path_for(corpus_dir, corrections)
    parts += [str(corrections_file or ""), _content_part(corrections_file)]
    if columns is not None:  # an archive's columns named by options
        parts.append(repr(columns))
    return digest(*parts)


def run_fingerprint(
    corpus_fp: str, code_fp: str, langs: tuple[str, ...], requested: list[str] | None
) -> str:
    """The fingerprint of a whole run: the corpus, the brief code, the languages and the
    districts asked for (`None`: every district with facts)."""
    asked = "\n".join(requested) if requested is not None else "*all*"
    return digest(corpus_fp, code_fp, ",".join(langs), asked)
