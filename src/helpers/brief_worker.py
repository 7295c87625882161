"""Worker-process side of `briefs run`: execute one district's brief and write its files.

Each pool process holds a `BriefWorker`: the parsed brief notebook, one warm kernel (see
`helpers.warm_kernel`) and one HTML exporter, all made once in `init_worker`. `render_brief`
runs one district through papermill on that kernel and writes `<slug>.ipynb` and
`<slug>.html` atomically; a failed district keeps its previous files and gets
`<slug>.failed.ipynb` (the executed notebook with the error) instead.
"""

from __future__ import annotations

import copy
import multiprocessing.util
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from helpers.atomic import write_text_atomic
from helpers.html_export import BriefHtmlExporter, first_heading
from helpers.manifest import STATUS_FAILED, STATUS_OK, DistrictResult, brief_files
from helpers.papermill_setup import WARM_ENGINE, ExecutionRecord, strip_run_metadata
from helpers.warm_kernel import DEFAULT_KERNEL, WarmKernel, imported_modules

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
        files = brief_files(Path(task.out_dir), task.slug)
        try:
            self.ensure_kernel()
            timings |= self._unreported_start
            self._unreported_start = {}
            step = time.perf_counter()
            self.kernel.reset()
            timings["reset_s"] = time.perf_counter() - step
            step = time.perf_counter()
            notebook = self._execute(task, record)
            timings["execute_s"] = time.perf_counter() - step
            timings["cells_s"] = record.cells_s
            step = time.perf_counter()
            strip_run_metadata(notebook)
            title = first_heading(notebook) or f"{task.district}{TITLE_SUFFIX}"
            html = self.exporter.export(notebook, title)
            timings["export_s"] = time.perf_counter() - step
            step = time.perf_counter()
            write_text_atomic(files.notebook, nbformat.writes(notebook) + "\n")
            write_text_atomic(files.html, html)
            files.failed.unlink(missing_ok=True)
            timings["write_s"] = time.perf_counter() - step
        except Exception as error:  # a district's failure must not stop the batch
            if not isinstance(error, PapermillExecutionError):
                self.kernel.shutdown()  # possibly stuck or dead: the next task restarts it
            if record.notebook is not None:
                strip_run_metadata(record.notebook)
                write_text_atomic(files.failed, nbformat.writes(record.notebook) + "\n")
            return DistrictResult(
                district=task.district,
                slug=task.slug,
                status=STATUS_FAILED,
                duration_s=round(time.perf_counter() - started, 3),
                error=_error_text(error),
                timings=_rounded(timings),
            )
        return DistrictResult(
            district=task.district,
            slug=task.slug,
            status=STATUS_OK,
            duration_s=round(time.perf_counter() - started, 3),
            timings=_rounded(timings),
        )

    def _execute(self, task: BriefTask, record: ExecutionRecord) -> nbformat.NotebookNode:
        return papermill.execute_notebook(
            copy.deepcopy(self.template),
            None,
            parameters={
                "district": task.district,
                "corpus_dir": task.corpus_dir,
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


def _rounded(timings: dict[str, float]) -> dict[str, float]:
    return {name: round(seconds, 3) for name, seconds in timings.items()}


_worker: BriefWorker | None = None


def init_worker(notebook_path: str) -> None:
    """Pool initializer: parse the notebook, build the exporter and start the warm kernel.

    A kernel that fails to start here is retried by the first task, which then reports
    the error as that district's failure.
    """
    global _worker
    _worker = BriefWorker(Path(notebook_path))
    multiprocessing.util.Finalize(
        _worker, _worker.kernel.shutdown, exitpriority=KERNEL_SHUTDOWN_PRIORITY
    )
    try:
        _worker.ensure_kernel()
    except Exception:  # reported by the first task's own attempt
        _worker.kernel.shutdown()


def render_brief(task: BriefTask) -> DistrictResult:
    """Pool task: render one district's brief in this worker process."""
    if _worker is None:
        raise RuntimeError("render_brief called in a process without init_worker")
    return _worker.render(task)
