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


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` via a temp file in the same directory and `os.replace`.

    The temp file is removed if anything fails before the rename, so a failed or killed
    write leaves the previous file (or no file) in place.
    """
    target = Path(path)
    fd, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, NEW_FILE_MODE & ~_UMASK)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `path` atomically (see `write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode(encoding))
