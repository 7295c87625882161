"""Worker-process side of `briefs run`: execute one district's brief and write its files.

Each pool process holds a `BriefWorker`: the parsed brief notebook, one warm kernel (see
`helpers.batch.warm_kernel`) and one HTML exporter, all made once in `init_worker`. `render_brief`
runs one district through papermill on that kernel and writes `<slug>.ipynb` and
`<slug>.html` atomically; a failed district keeps its previous files and gets
`<slug>.failed.ipynb` (the executed notebook with the error) instead.
"""

from __future__ import annotations

import atexit
import copy
import multiprocessing.util
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from helpers.atomic import write_text_atomic, write_texts_atomic
from helpers.batch.out_folder import close_inherited_locks
from helpers.batch.papermill_setup import WARM_ENGINE, ExecutionRecord, strip_run_metadata
from helpers.batch.slow_imports import block_slow_optional_imports
from helpers.batch.warm_kernel import DEFAULT_KERNEL, WarmKernel, imported_modules
from helpers.lifeline import die_with_parent
from helpers.publish.html_export import BriefHtmlExporter, first_heading
from helpers.run_manifest import (
    STATUS_FAILED,
    STATUS_OK,
    BriefFiles,
    DistrictResult,
    brief_files,
)

CELL_TIMEOUT_S = 600
TITLE_SUFFIX = " — district brief"
KERNEL_SHUTDOWN_PRIORITY = 10


@dataclass(frozen=True)
class BriefTask:
    """One district to render; paths are absolute strings (workers share no cwd)."""

    district: str
    slug: str
    corpus_dir: str
    facts_path: str
    out_dir: str
    lang: str = "en"


def _error_text(error: BaseException) -> str:
    if isinstance(error, PapermillExecutionError):
        return f"{error.ename}: {error.evalue} (cell [{error.exec_count}])"
    return f"{type(error).__name__}: {error}"


class BriefWorker:
    """Renders briefs one after another on one warm kernel."""

    def __init__(self, notebook_path: Path) -> None:
        self.notebook_path = notebook_path
        self.notebook_mtime_ns = notebook_path.stat().st_mtime_ns
        self.template = nbformat.read(notebook_path, as_version=nbformat.NO_CONVERT)
        self.kernel_name = self.template.metadata.get("kernelspec", {}).get("name", DEFAULT_KERNEL)
        self.kernel = WarmKernel(
            cwd=notebook_path.parent,
            preload=imported_modules(self.template),
            kernel_name=self.kernel_name,
        )
        self.exporter = BriefHtmlExporter()
        self._unreported_start: dict[str, float] = {}

    def ensure_kernel(self) -> None:
        """Start (or restart after a crash) the warm kernel, noting its start-up cost."""
        if self.kernel.is_alive():
            return
        self.kernel.restart()
        self._unreported_start = {
            "kernel_start_s": self.kernel.start_s,
            "preload_s": self.kernel.preload_s,
        }

    def render(self, task: BriefTask) -> DistrictResult:
        """Execute and export one district's brief; never raises for a district's failure."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        record = ExecutionRecord()
        files = brief_files(Path(task.out_dir), task.slug, task.lang)
        status, error_text = STATUS_OK, ""
        try:
            self._render(task, files, record, timings)
        except Exception as error:  # a district's failure must not stop the batch
            status, error_text = STATUS_FAILED, _error_text(error)
            if not isinstance(error, PapermillExecutionError):
                self.kernel.shutdown()  # possibly stuck or dead: the next task restarts it
            if record.notebook is not None:
                strip_run_metadata(record.notebook)
                write_text_atomic(files.failed, nbformat.writes(record.notebook) + "\n")
        return DistrictResult(
            district=task.district,
            slug=task.slug,
            status=status,
            duration_s=round(time.perf_counter() - started, 3),
            error=error_text,
            timings={name: round(seconds, 3) for name, seconds in timings.items()},
            lang=task.lang,
        )

    def _render(
        self, task: BriefTask, files: BriefFiles, record: ExecutionRecord, timings: dict[str, float]
    ) -> None:
        """The steps of one brief, each timed into `timings`; raises on failure."""
        self.ensure_kernel()
        timings |= self._unreported_start
        self._unreported_start = {}
        with _timed(timings, "reset_s"):
            self.kernel.reset()
        with _timed(timings, "execute_s"):
            notebook = self._execute(task, record)
        timings["cells_s"] = record.cells_s
        with _timed(timings, "export_s"):
            strip_run_metadata(notebook)
            title = first_heading(notebook) or f"{task.district}{TITLE_SUFFIX}"
            html = self.exporter.export(notebook, title, task.lang)
        with _timed(timings, "write_s"):  # both or neither: no notebook without its HTML
            write_texts_atomic({files.notebook: nbformat.writes(notebook) + "\n", files.html: html})
            files.failed.unlink(missing_ok=True)

    def _execute(self, task: BriefTask, record: ExecutionRecord) -> nbformat.NotebookNode:
        return papermill.execute_notebook(
            copy.deepcopy(self.template),
            None,
            parameters={
                "district": task.district,
                # a prebuilt facts table wins; corpus_dir would only draw a warning
                "corpus_dir": "" if task.facts_path else task.corpus_dir,
                "facts_path": task.facts_path,
                "lang": task.lang,
            },
            engine_name=WARM_ENGINE,
            kernel_name=self.kernel_name,
            request_save_on_cell_execute=False,
            progress_bar=False,
            record_timing=False,
            execution_timeout=CELL_TIMEOUT_S,
            warm_kernel=self.kernel,
            record=record,
        )


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    """Add the seconds the block takes to `timings[name]`."""
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started


_worker: BriefWorker | None = None


def init_worker(notebook_path: str, parent_pid: int) -> None:
    """Pool initializer: tie this process's life to the main process `parent_pid` (see
    `helpers.lifeline`), drop its copy of the output folder's lock, parse the
    notebook, build the exporter and start the warm kernel.

    A kernel that fails to start here is retried by the first task, which then reports
    the error as that district's failure.
    """
    global _worker
    close_inherited_locks()
    die_with_parent(parent_pid, on_orphaned=_shutdown_kernel)
    _worker = BriefWorker(Path(notebook_path))
    multiprocessing.util.Finalize(
        _worker, _worker.kernel.shutdown, exitpriority=KERNEL_SHUTDOWN_PRIORITY
    )
    try:
        _worker.ensure_kernel()
    except Exception:  # reported by the first task's own attempt
        _worker.kernel.shutdown()


def _shutdown_kernel() -> None:
    """Stop this worker's kernel (when the worker is orphaned)."""
    if _worker is not None:
        _worker.kernel.shutdown()


def render_brief(task: BriefTask) -> DistrictResult:
    """Pool task: render one district's brief in this worker process."""
    if _worker is None:
        raise RuntimeError("render_brief called in a process without init_worker")
    return _worker.render(task)


_cluster_lock = threading.Lock()


def render_brief_in_cluster(task: BriefTask, notebook_path: str) -> DistrictResult:
    """Cluster task (see `helpers.batch.cluster`): render one district's brief in this
    dask worker process. The process's first task makes its `BriefWorker` (a task for
    another notebook, or the notebook edited since, makes a new one); the tasks of one
    process take turns on its one kernel, which ends with the process (the kernel
    watches it)."""
    global _worker
    path = Path(notebook_path)
    with _cluster_lock:
        current = _worker
        if current is None or (
            current.notebook_path != path or current.notebook_mtime_ns != path.stat().st_mtime_ns
        ):
            if current is not None:
                current.kernel.shutdown()
            else:
                block_slow_optional_imports()
                atexit.register(_shutdown_kernel)
            _worker = current = BriefWorker(path)
        return current.render(task)
