"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"
NEW_FILE_MODE = 0o666


def _read_umask() -> int:
    """The process umask (read by setting and restoring it, once at import)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _write_temp(target: Path, data: bytes) -> str:
    """`data` in a new, synced temp file beside `target` (with the mode a new file gets);
    its name. The temp file is removed if the write fails."""
    try:
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX
        )
    except OSError as error:
        raise _naming(error, target) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, NEW_FILE_MODE & ~_UMASK)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise _naming(error, target) from error
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return temp_name


def _naming(error: OSError, target: Path) -> OSError:
    """`error` naming the file being written (a write to a full disk names none)."""
    if error.filename or error.errno is None:
        return error
    return type(error)(error.errno, error.strerror, str(target))


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` via a temp file in the same directory and `os.replace`.

    The temp file is removed if anything fails before the rename, so a failed or killed
    write leaves the previous file (or no file) in place.
    """
    write_all_atomic({Path(path): data})


def write_all_atomic(contents: dict[Path, bytes]) -> None:
    """Write several files so that all are replaced or none: every new file is written to
    a temp file first (where a full disk or a permission error shows), and only then are
    they renamed into place."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in contents.items():
            target = Path(path)
            temps.append((_write_temp(target, data), target))
        for temp_name, target in temps:
            os.replace(temp_name, target)
    except BaseException:
        for temp_name, _ in temps:
            Path(temp_name).unlink(missing_ok=True)
        raise


def write_texts_atomic(texts: dict[Path, str], encoding: str = "utf-8") -> None:
    """`write_all_atomic` for texts."""
    write_all_atomic({path: text.encode(encoding) for path, text in texts.items()})


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `path` atomically (see `write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode(encoding))


def _holds(path: Path, data: bytes) -> bool:
    """True when `path` is a file holding exactly `data`."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_changed_atomic(contents: dict[Path, bytes]) -> list[Path]:
    """`write_all_atomic` for the files whose bytes differ from `contents` (a file that
    already holds its bytes keeps its modification time); the paths written."""
    changed = {Path(path): data for path, data in contents.items() if not _holds(Path(path), data)}
    write_all_atomic(changed)
    return list(changed)
