"""The output folder of `briefs run`: which folders are safe to write, and one run at a time.

`check_out_folder` refuses a folder a run must not fill or overwrite: an empty path, `/`,
the project's checkout or a folder above it, a file, and a non-empty folder that holds
no `run.json` of a previous run (a folder of someone else's files) unless forced.

`hold_out_lock` takes an exclusive lock on `OUT/.briefs.lock` (`fcntl.flock`) for the
whole run and writes the holder (pid, host, start, command) into the file. A second run
fails at once naming the holder, or waits for it. The operating system drops the lock
when the holder dies, however it dies, so a lock left by a dead process is taken over
(and said so). Forked pool workers share the lock's open file; they close their copy
(`close_inherited_locks`) so that only the main process holds it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import socket
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from helpers.paths import PACKAGE_DIR, project_root
from helpers.run_manifest import MANIFEST_NAME
from helpers.safe_paths import UnsafePathError, describe_planted

logger = logging.getLogger(__name__)

LOCK_NAME = ".briefs.lock"
# What a run (or `make facts`) writes before run.json, and the repository's placeholder:
# a folder holding only these is one of ours even without a run.json, and so is one with
# the lock file (a first run that is still going or was stopped).
OWN_ENTRIES = frozenset(
    {
        LOCK_NAME,
        ".extract-cache",
        ".run-facts",
        ".staging",
        ".gitkeep",
        "facts.csv",
        "facts_articles.csv",
    }
)
EXPORT_MARK = "datapackage.json"  # what `briefs export` writes last (helpers.tables.export)

_held_lock_fds: set[int] = set()


class OutFolderError(ValueError):
    """An output folder that a run refuses to write to (a user error)."""


class OutFolderLocked(OutFolderError):
    """Another run holds the output folder's lock."""


def _protected_folders() -> set[Path]:
    """The project's checkout and every folder above it."""
    protected = {Path("/")}
    for start in (Path.cwd(), PACKAGE_DIR):
        with contextlib.suppress(FileNotFoundError):
            root = project_root(start)
            protected |= {root, *root.parents}
    return protected


def check_out_folder(out_dir: str | Path, force: bool = False) -> Path:
    """The output folder, resolved, if a run may write there; OutFolderError otherwise."""
    if not str(out_dir).strip():
        raise OutFolderError("--out is empty: name the folder to write the briefs to")
    folder = Path(out_dir).expanduser().resolve()
    if folder in _protected_folders():
        raise OutFolderError(
            f"--out {folder} is the root, the project's checkout or a folder above it: "
            "choose a folder of its own, such as outputs/"
        )
    if folder.exists() and not folder.is_dir():
        raise OutFolderError(f"--out {folder} is a file, not a folder")
    return _checked_contents(folder, force, MANIFEST_NAME, "run", OWN_ENTRIES)


def check_export_folder(out_dir: str | Path, force: bool = False) -> Path:
    """The folder `briefs export` may write its package to (the rules of
    `check_out_folder`, with `datapackage.json` as the mark of a previous export); a
    folder of `briefs run` is refused, forced or not (its facts.csv is the run's own)."""
    folder = check_out_folder(out_dir, force=True)
    if (folder / MANIFEST_NAME).exists():
        raise OutFolderError(
            f"{folder} is the output folder of briefs run (it holds {MANIFEST_NAME}): "
            "export into a folder of its own"
        )
    return _checked_contents(folder, force, EXPORT_MARK, "export", frozenset({LOCK_NAME}))


def _checked_contents(
    folder: Path, force: bool, mark: str, what: str, own_entries: frozenset[str]
) -> Path:
    """`folder`, unless it holds files but not `mark` (or the lock) of a previous `what`
    and is not `force`d: OutFolderError then, naming a few of them."""
    ours = (folder / mark).exists() or (folder / LOCK_NAME).exists()
    if folder.is_dir() and not force and not ours:
        foreign = sorted(entry.name for entry in folder.iterdir() if entry.name not in own_entries)
        if foreign:
            shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
            raise OutFolderError(
                f"{'--out' if what == 'run' else 'OUT_DIR'} {folder} already holds files "
                f"({shown}) but no {mark} of a previous "
                f"{what}: choose an empty or new folder, or pass --force to write there"
            )
    return folder


def _holder_text() -> str:
    return json.dumps(
        {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
            "command": " ".join(sys.argv),
        },
        ensure_ascii=False,
    )


def describe_holder(text: str) -> str:
    """`pid N on HOST (since TIME: COMMAND)` from a lock file's text, as far as readable."""
    try:
        holder = json.loads(text)
        return (
            f"pid {holder['pid']} on {holder['host']} "
            f"(since {holder['started']}: {holder['command']})"
        )
    except (ValueError, KeyError, TypeError):
        return "another process (its lock file names no holder)"


def _read_holder(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 64 * 1024).decode("utf-8", errors="replace")


def _pid_alive(text: str) -> bool:
    try:
        pid = int(json.loads(text)["pid"])
    except (ValueError, KeyError, TypeError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _open_lock_file(path: Path) -> int:
    """The lock file, opened (made when missing) without following a symlink; a link, a
    folder or a FIFO planted in its place is UnsafePathError, never truncated."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise UnsafePathError(
                f"{path} is {describe_planted(path)}, not the lock file briefs made: refused "
                "(remove it and run again)"
            ) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnsafePathError(f"{path} is {describe_planted(path)}, not a lock file: refused")
    return fd


@contextlib.contextmanager
def hold_out_lock(out_dir: Path, wait: bool = False) -> Iterator[None]:
    """Hold the output folder's lock for the block. Without `wait`, OutFolderLocked names
    the holder at once; with it, wait until the holder is done."""
    fd = _open_lock_file(Path(out_dir) / LOCK_NAME)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = describe_holder(_read_holder(fd))
            if not wait:
                raise OutFolderLocked(
                    f"output folder {out_dir} is in use by briefs run {holder}; "
                    "run again when it is done, or pass --wait"
                ) from None
            print(f"briefs: waiting for the run holding {out_dir}: {holder}", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        previous = _read_holder(fd)
        if previous.strip() and not _pid_alive(previous):
            logger.warning("took over the lock of a run that ended: %s", describe_holder(previous))
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, _holder_text().encode("utf-8"))
        _held_lock_fds.add(fd)
        try:
            yield
        finally:
            _held_lock_fds.discard(fd)
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def close_inherited_locks() -> None:
    """In a forked child: close the inherited lock files without unlocking them (the lock
    belongs to the parent, which keeps it until it ends)."""
    for fd in list(_held_lock_fds):
        with contextlib.suppress(OSError):
            os.close(fd)
    _held_lock_fds.clear()
