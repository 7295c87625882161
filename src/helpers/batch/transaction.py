"""A run as a transaction: its outputs are staged, then committed with signals held back.

The briefs of a run are rendered into `OUT/.staging/`; the facts tables wait in memory.
Only when every brief has ended are they put in place, the index written and `run.json`
written last (`helpers.batch.runner._commit`), with SIGINT and SIGTERM held back for
those few renames and writes (`commit_signals_deferred`). A signal before the commit
ends the run with the previous run's files untouched; one during it is acted on right
after, the new run complete. Either way the exit status says which signal (`interrupted`:
128 + its number, as a shell reports it) and `briefs` prints one line.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

from helpers.safe_paths import own_folder, remove_own_file

STAGING_DIR = ".staging"
DEFERRED_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})
SIGNAL_EXIT_BASE = 128


class RunInterrupted(KeyboardInterrupt):
    """The run was stopped by a signal (SIGINT, SIGTERM); `signum` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        """128 + the signal's number (130 for SIGINT, 143 for SIGTERM)."""
        return SIGNAL_EXIT_BASE + self.signum


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise RunInterrupted(signum)


@contextlib.contextmanager
def signals_interrupt() -> Iterator[None]:
    """For the block, SIGINT and SIGTERM raise RunInterrupted (in the main thread; other
    threads keep the handlers they have)."""
    with _handling_signals(_raise_interrupted):
        yield


@contextlib.contextmanager
def commit_signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for the block (a commit): one that comes meanwhile is
    noted, and raised as RunInterrupted when the block has ended. (A handler that notes,
    not a blocked signal mask: a mask holds back only this thread's signals.)"""
    received: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    with _handling_signals(note):
        yield
    if received:
        raise RunInterrupted(received[0])


@contextlib.contextmanager
def _handling_signals(handler: Callable[[int, FrameType | None], None]) -> Iterator[None]:
    """SIGINT and SIGTERM go to `handler` for the block, then to their handlers before it
    (in the main thread only: other threads cannot set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, handler) for signum in DEFERRED_SIGNALS}
    try:
        yield
    finally:
        for signum, before in previous.items():
            signal.signal(signum, before)


def fresh_staging(out_dir: Path) -> Path:
    """The run's staging folder in `out_dir`, emptied of what an interrupted run left."""
    folder = own_folder(out_dir / STAGING_DIR)
    clear_staging(folder)
    return folder


def clear_staging(folder: Path) -> None:
    """Remove the files left in the staging folder (only regular files)."""
    for path in folder.iterdir():
        remove_own_file(path)
