"""One long-lived Jupyter kernel that executes many briefs (worker-process side).

Starting a kernel and importing pandas + matplotlib in it costs ~2 s per brief; a warm
kernel pays it once per worker. Before each brief `reset()` runs `helpers.batch.kernel_state.
restore()` in the kernel (silently, outside the notebook), so each brief sees the state of
a fresh kernel. The manager and client are the asynchronous ones nbclient expects, so the
papermill engine in `helpers.batch.papermill_setup` can hand them to nbclient as they are.
"""

from __future__ import annotations

import ast
import os
import queue
import time
from pathlib import Path

import nbformat
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

DEFAULT_KERNEL = "python3"
STARTUP_TIMEOUT_S = 60.0
SETUP_TIMEOUT_S = 120.0
# Kernel-side settings: an in-memory history, and no debugger file-validation warning.
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]
KERNEL_ENV = {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}
# CurveZMQ keys for kernels that declare support (ipykernel does): the kernel's sockets are
# encrypted, and it does not warn about plain-text TCP at every start.
TRANSPORT_ENCRYPTION = "auto"
PRELOAD_CODE = (
    "import helpers.batch.kernel_state as _briefs_state\n"
    "_briefs_state.preload({modules!r})\n"
    "_briefs_state.take_snapshot()\n"
    "del _briefs_state\n"
)
RESET_CODE = "import helpers.batch.kernel_state as _briefs_state\n_briefs_state.restore()\n"


class KernelSetupError(RuntimeError):
    """Code the warm kernel runs outside the notebook (preload, reset) failed."""


def imported_modules(notebook: nbformat.NotebookNode) -> list[str]:
    """Absolute module names imported at the top level of the notebook's code cells; for
    `from package import name`, also `package.name` (it may be a submodule)."""
    names: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics: nothing to preload from this cell
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.append(node.module)
                names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return list(dict.fromkeys(names))


class WarmKernel:
    """A started kernel with the notebook's modules imported, reset before each brief."""

    def __init__(self, cwd: Path, preload: list[str], kernel_name: str = DEFAULT_KERNEL):
        self.cwd = cwd
        self.preload = preload
        self.kernel_name = kernel_name
        self.km: AsyncKernelManager | None = None
        self.kc: AsyncKernelClient | None = None
        self.start_s = 0.0
        self.preload_s = 0.0

    def start(self) -> None:
        """Start the kernel and import the preload modules (timed in start_s, preload_s)."""
        started = time.perf_counter()
        self.km = AsyncKernelManager(
            kernel_name=self.kernel_name, transport_encryption=TRANSPORT_ENCRYPTION
        )
        run_sync(self.km.start_kernel)(
            extra_arguments=KERNEL_ARGUMENTS, cwd=str(self.cwd), env=os.environ | KERNEL_ENV
        )
        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=STARTUP_TIMEOUT_S)
        self.kc.allow_stdin = False
        loaded = time.perf_counter()
        self._run_silently(PRELOAD_CODE.format(modules=self.preload))
        self.start_s = loaded - started
        self.preload_s = time.perf_counter() - loaded

    def reset(self) -> None:
        """Restore the fresh-kernel state (namespace, counters, figures, options)."""
        self._run_silently(RESET_CODE)

    def is_alive(self) -> bool:
        """True while the kernel process runs."""
        return self.km is not None and run_sync(self.km.is_alive)()

    def restart(self) -> None:
        """Replace the kernel with a new warm one (after a crash or a stuck cell)."""
        self.shutdown()
        self.start()

    def shutdown(self) -> None:
        """Stop the client channels and the kernel process."""
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            if run_sync(self.km.is_alive)():
                run_sync(self.km.shutdown_kernel)(now=False)
            run_sync(self.km.cleanup_resources)()
            self.km = None

    def _run_silently(self, code: str) -> None:
        """Execute setup code outside any notebook; raise KernelSetupError if it fails."""
        if self.kc is None:
            raise RuntimeError("the warm kernel is not started")
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        reply = self._wait_for_message(self.kc.get_shell_msg, msg_id, "execute_reply")
        self._wait_for_message(self.kc.get_iopub_msg, msg_id, "status", state="idle")
        content = reply["content"]
        if content["status"] != "ok":
            raise KernelSetupError(
                f"warm kernel setup failed: {content.get('ename')}: {content.get('evalue')}"
            )

    @staticmethod
    def _wait_for_message(get_message, msg_id: str, msg_type: str, state: str = "") -> dict:
        """The first message of `msg_type` answering `msg_id` (others are discarded)."""
        deadline = time.monotonic() + SETUP_TIMEOUT_S
        while True:
            try:
                message = run_sync(get_message)(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise KernelSetupError(
                    f"no {msg_type} from the warm kernel in {SETUP_TIMEOUT_S} s"
                ) from None
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == msg_type and (
                not state or message["content"].get("execution_state") == state
            ):
                return message
