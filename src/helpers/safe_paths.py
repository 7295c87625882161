"""Paths the tool owns: read, locked and deleted without following a planted link.

Everything `briefs` writes, locks or deletes in an output folder (and reads back from
it, such as `run.json` and the extraction cache) goes through these: a symlink, a
directory or a FIFO planted where a file of ours belongs is refused in one line
(`UnsafePathError`), never followed, truncated, emptied or waited on. Writes themselves
are safe already: `os.replace` replaces a planted link, it does not write through it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

NO_FOLLOW_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class UnsafePathError(ValueError):
    """A path where a file or folder of ours belongs holds something else (a symlink, a
    directory, a FIFO): refused, one line naming it."""


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symlink"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "not a regular file"


def describe_planted(path: Path) -> str:
    """What stands at `path` (`a symlink to /x`, `a directory`, …), for an error."""
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        return f"a symlink to {os.readlink(path)}"
    return _kind(mode)


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading if it is a regular file (not through a symlink; a FIFO
    is not waited on); UnsafePathError otherwise, FileNotFoundError when missing."""
    try:
        fd = os.open(path, NO_FOLLOW_READ)
    except OSError:
        if os.path.islink(path):
            raise UnsafePathError(f"{path} is {describe_planted(path)}: refused") from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise UnsafePathError(f"{path} is {_kind(mode)}, not a file of ours: refused")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_regular_file(path: Path) -> bytes:
    """The bytes of `path` when it is a regular file (see `open_regular`)."""
    with open_regular(path) as handle:
        return handle.read()


def own_folder(path: Path) -> Path:
    """`path` as a folder of ours: made when missing; UnsafePathError when a symlink, a
    file or anything but a real directory stands there."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        path.mkdir()
        return path
    if not stat.S_ISDIR(mode):
        raise UnsafePathError(
            f"{path} is {describe_planted(path)}, not the folder briefs made: refused "
            "(remove it and run again)"
        )
    return path


def remove_own_file(path: Path) -> bool:
    """Remove `path` if it is a regular file (never a link's target, a folder or a FIFO);
    True when removed."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        path.unlink()
    except FileNotFoundError:
        return False
    return True
