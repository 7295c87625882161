"""Running `briefs` on an existing dask.distributed cluster (`--scheduler ADDRESS`).

The scheduler and its workers are started beforehand (README: *Running on several
machines*). Every worker has the project installed, at the same version as the
client, and sees the corpus and output folders at the same paths (a shared folder).
A brief is one task (`helpers.batch.worker.render_brief_in_cluster`), written by the
worker through the same atomic writes as a local run; the client gathers the results
and writes `run.json` and the index. dask is imported only when a scheduler is named.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

SCHEDULER_ENV = "BRIEFS_SCHEDULER"
CONNECT_TIMEOUT_S = 20
WORKERS_TIMEOUT_S = 60  # a scheduler without a worker would hold the run (and its lock) forever
# The protocols briefs connects with: `tls://` needs certificates it takes no option for,
# `ucx://` a library it does not install.
SUPPORTED_PROTOCOLS = ("tcp", "inproc")
DEFAULT_PORT = 8786


class SchedulerError(OSError):
    """The dask scheduler cannot be reached (or dask is not installed)."""


def scheduler_address(given: str | None) -> str | None:
    """The scheduler to run on: `given` (`--scheduler`), else `$BRIEFS_SCHEDULER`, else
    None (run locally). An empty value means none."""
    address = given if given is not None else os.environ.get(SCHEDULER_ENV, "")
    return address.strip() or None


@contextmanager
def cluster_executor(address: str) -> Iterator[tuple[Executor, int]]:
    """A `concurrent.futures.Executor` whose tasks run on the cluster at `address`
    (every task is new: none is skipped as a repeat of an earlier one), and how many
    tasks the cluster runs at once (its worker threads); the connection is closed after
    the block. SchedulerError when it cannot be reached."""
    try:
        from distributed import Client
    except ImportError as error:  # a dependency of the project: a broken install
        raise SchedulerError(f"--scheduler needs dask.distributed: {error}") from error
    _check_reachable(address)
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise SchedulerError(f"cannot reach the dask scheduler at {address}: {error}") from error
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
        except TimeoutError:
            raise SchedulerError(
                f"the dask scheduler at {address} has no worker (waited {WORKERS_TIMEOUT_S} s): "
                "start one with: dask worker ADDRESS --nthreads 1"
            ) from None
        slots = sum(client.nthreads().values()) or 1
        yield client.get_executor(pure=False), slots
    finally:
        client.close()


def _check_reachable(address: str) -> None:
    """SchedulerError, in one line and within `CONNECT_TIMEOUT_S`, for an address with a
    protocol briefs does not speak or a host and port nothing listens on (checked with a
    plain socket: dask's own failed connection leaves a traceback behind at exit)."""
    from distributed.comm import parse_address, parse_host_port

    protocol, location = parse_address(address)
    if protocol not in SUPPORTED_PROTOCOLS:
        raise SchedulerError(
            f"--scheduler {address}: the {protocol}:// protocol is not supported; "
            f"use {' or '.join(f'{name}://' for name in SUPPORTED_PROTOCOLS)}"
        )
    if protocol != "tcp":
        return
    try:
        host, port = parse_host_port(location, DEFAULT_PORT)
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S).close()
    except (OSError, ValueError) as error:
        raise SchedulerError(f"cannot reach the dask scheduler at {address}: {error}") from None
