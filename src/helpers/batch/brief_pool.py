"""Where briefs are rendered: a local process pool with a warm kernel per worker, or a dask
cluster; and where the run's articles are extracted (see `BriefPool`).

The local pool is forked from this process after papermill/nbconvert are imported, so
workers inherit them, and each starts its kernel at once (`helpers.batch.worker`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from helpers.batch.worker import BriefTask
    from helpers.extract.reference.gazetteer import District
    from helpers.run_manifest import DistrictResult

POOL_START_METHOD = "fork"  # workers inherit the imported papermill/nbconvert modules


class BriefPool:
    """Where briefs are rendered: `submit(task)` runs `render(task, *args)` on the
    executor that `start()` gives (a local process pool or a dask cluster), started at
    the first task unless `ensure_started` was called; and where articles are extracted:
    `extract_workers` processes here, or on `extract_on` (the cluster) running that many
    tasks at once."""

    def __init__(
        self,
        start: Callable[[], Executor],
        render: Callable[..., DistrictResult],
        args: tuple[str, ...] = (),
        extract_workers: int | None = None,
        extract_on: Executor | None = None,
    ) -> None:
        self._start = start
        self._executor: Executor | None = None
        self.render = render
        self.args = args
        self.extract_workers = extract_workers
        self.extract_on = extract_on
        self.tasks_expected: int | None = None

    def expect(self, n_tasks: int) -> None:
        """Say how many briefs are to render, before the first is submitted: a local pool
        not started yet then starts no more workers (and kernels) than that."""
        self.tasks_expected = n_tasks

    def ensure_started(self) -> Executor:
        """The executor, started now if it was not."""
        if self._executor is None:
            self._executor = self._start()
        return self._executor

    def submit(self, task: BriefTask) -> Future[DistrictResult]:
        """Render `task` in the pool."""
        return self.ensure_started().submit(self.render, task, *self.args)

    def shutdown(self) -> None:
        """Stop the executor if it was started (waiting for its tasks, cancelling the
        queued ones)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def brief_pool(
    notebook_path: Path,
    workers: int | None,
    requested: list[District] | None,
    scheduler: str | None = None,
    start_now: bool = True,
) -> Iterator[BriefPool]:
    """The pool for the block: tasks on the dask cluster at `scheduler`, or `workers`
    local processes (default: one per CPU, no more than the districts asked for, nor than
    the briefs to render), each with a warm kernel. With `start_now` (a first run, where
    every brief is to render) and no more workers than cores, the processes start at
    once, their kernels starting while the facts are extracted; otherwise at the first
    brief to render, if any."""
    if scheduler:
        from helpers.batch.cluster import cluster_executor
        from helpers.batch.worker import render_brief_in_cluster

        with cluster_executor(scheduler) as (executor, slots):
            args = (str(notebook_path),)
            yield BriefPool(lambda: executor, render_brief_in_cluster, args, slots, executor)
        return
    from helpers.batch.worker import render_brief
    from helpers.tables.article_batches import default_workers

    n_workers = workers or default_workers()
    if requested:
        n_workers = min(n_workers, len(requested))
    pool = BriefPool(
        lambda: _start_pool(notebook_path, min(n_workers, pool.tasks_expected or n_workers)),
        render_brief,
        extract_workers=workers,
    )
    try:
        if start_now and n_workers <= default_workers():  # more waits to see the work
            pool.ensure_started()
        yield pool
    finally:
        pool.shutdown()


def _start_pool(notebook_path: Path, n_workers: int) -> ProcessPoolExecutor:
    """A pool whose workers are forked now (inheriting papermill and nbconvert, imported
    here first) and start their warm kernels right away."""
    from helpers.batch.worker import init_worker

    pool = ProcessPoolExecutor(
        max_workers=n_workers,
        mp_context=multiprocessing.get_context(POOL_START_METHOD),
        initializer=init_worker,
        initargs=(str(notebook_path), os.getpid()),
    )
    pool.submit(os.getpid)  # the first task forks every worker
    return pool
