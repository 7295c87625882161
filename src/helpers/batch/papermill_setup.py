"""Papermill set-up for briefs: readable str parameters, a warm-kernel engine, clean output.

Importing this module registers, with papermill:
- the `python` translator `ReadablePythonTranslator`, which writes `district = 'Tây Hồ'`
  instead of papermill's escaped `"T\\xe2y H\\u1ed3"` in the injected-parameters cell;
- the engine `WARM_ENGINE` (`WarmKernelEngine`), which executes a notebook on a kernel the
  caller already started.
Papermill has no entry point for translators, but it imports every `papermill.engine`
entry point when it starts; declaring `WarmKernelEngine` as one makes the `papermill` CLI
import this module, so the CLI writes readable strings too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import nbformat
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.translators import PythonTranslator, papermill_translators

from helpers.batch.warm_kernel import WarmKernel

WARM_ENGINE = "briefs-warm-kernel"
PYTHON_LANGUAGE = "python"
INJECTED_PARAMETERS_TAG = "injected-parameters"
INJECTED_CELL_ID = "injected-parameters"
PAPERMILL_METADATA = "papermill"
EXECUTION_METADATA = "execution"


@dataclass
class ExecutionRecord:
    """What the engine leaves for its caller: the notebook (also when papermill raises for
    a failed cell) and the seconds spent executing cells."""

    notebook: nbformat.NotebookNode | None = None
    cells_s: float = 0.0


class ReadablePythonTranslator(PythonTranslator):
    """Writes str parameters as Python literals with their characters readable."""

    @classmethod
    def translate_str(cls, val: str) -> str:
        """`'Tây Hồ'`, not `"T\\xe2y H\\u1ed3"`."""
        return repr(val)


class TimedNotebookClient(PapermillNotebookClient):
    """Papermill's client, adding up the time spent executing cells."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cells_s = 0.0

    def execute_cell(self, *args, **kwargs):
        """Execute one cell, timing it."""
        started = time.perf_counter()
        try:
            return super().execute_cell(*args, **kwargs)
        finally:
            self.cells_s += time.perf_counter() - started


class WarmKernelEngine(NBClientEngine):
    """Executes on the caller's `WarmKernel` instead of starting a kernel per notebook.

    Call as `execute_notebook(..., engine_name=WARM_ENGINE, warm_kernel=k, record=r)`;
    the executed notebook and cell time land in the `ExecutionRecord` `r`.
    """

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        warm_kernel: WarmKernel,
        record: ExecutionRecord,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        **kwargs,
    ):
        """Run the notebook's cells on the warm kernel, leaving the kernel running."""
        kwargs.pop("input_path", None)
        record.notebook = nb_man.nb
        client = TimedNotebookClient(
            nb_man,
            km=warm_kernel.km,
            kernel_name=kernel_name,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            **kwargs,
        )
        client.kc = warm_kernel.kc
        try:
            return client.execute()
        finally:
            record.cells_s = client.cells_s


def strip_run_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop papermill's and nbclient's per-run metadata so reruns are byte-identical."""
    notebook.metadata.pop(PAPERMILL_METADATA, None)
    for cell in notebook.cells:
        cell.metadata.pop(PAPERMILL_METADATA, None)
        cell.metadata.pop(EXECUTION_METADATA, None)
        if INJECTED_PARAMETERS_TAG in cell.metadata.get("tags", []):
            cell.id = INJECTED_CELL_ID
    return notebook


papermill_translators.register(PYTHON_LANGUAGE, ReadablePythonTranslator)
papermill_engines.register(WARM_ENGINE, WarmKernelEngine)
