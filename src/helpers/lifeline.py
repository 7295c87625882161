"""Worker processes end when the process that started them ends, however it ends.

A pool worker blocks reading its task queue; if the main process is killed (kill -9, an
out-of-memory kill) nothing else would stop the worker or its kernel. Two mechanisms:
- on Linux, the parent-death signal (`prctl(PR_SET_PDEATHSIG)` through ctypes): the
  kernel sends the worker SIGTERM as soon as its parent ends;
- everywhere, a daemon thread that polls `os.getppid()` and ends the process when the
  parent changed (the worker was re-parented), after `on_orphaned` (kernel shutdown).
The kernels themselves watch their worker: jupyter_client passes the worker's pid to
ipykernel (`JPY_PARENT_PID`), whose parent poller exits when the worker is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_DEATH_SIGNAL = signal.SIGTERM
WATCHDOG_INTERVAL_S = 0.5
ORPHANED_EXIT_STATUS = 70


def set_parent_death_signal(sig: int = PARENT_DEATH_SIGNAL) -> bool:
    """Ask Linux to send `sig` to this process when its parent ends; False elsewhere or
    when prctl is not available."""
    if not sys.platform.startswith("linux"):
        return False
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0


def _exit_orphaned(on_orphaned: Callable[[], None] | None) -> None:
    if on_orphaned is not None:
        with contextlib.suppress(Exception):
            on_orphaned()
    os._exit(ORPHANED_EXIT_STATUS)


def start_parent_watchdog(
    parent_pid: int,
    on_orphaned: Callable[[], None] | None = None,
    interval_s: float = WATCHDOG_INTERVAL_S,
) -> threading.Thread:
    """A daemon thread that ends this process (after `on_orphaned`) once its parent is no
    longer `parent_pid`."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval_s)
        _exit_orphaned(on_orphaned)

    thread = threading.Thread(target=watch, name="parent-watchdog", daemon=True)
    thread.start()
    return thread


def die_with_parent(parent_pid: int, on_orphaned: Callable[[], None] | None = None) -> None:
    """Make this (child) process end when `parent_pid` ends: the parent-death signal where
    the OS has one, and the watchdog thread in any case. Ends at once if the parent is
    already gone. SIGTERM ends it and SIGINT raises KeyboardInterrupt, whatever handlers
    it inherited from the parent (see `helpers.batch.transaction`)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    set_parent_death_signal()
    if os.getppid() != parent_pid:  # the parent died before the signal was set
        _exit_orphaned(on_orphaned)
    start_parent_watchdog(parent_pid, on_orphaned)
