"""Kernel-side half of the warm kernel: preload modules once, then restore a clean state.

A `briefs run` worker keeps one Jupyter kernel and executes many briefs in it. Before the
first brief this module imports the notebook's modules (pandas, matplotlib, ...) and takes
a snapshot; before every brief `restore()` puts back what a fresh kernel would have: an
empty user namespace, execution count 1, no open figures, the snapshot's matplotlib
rcParams, pandas options, warning filters (and "already warned" registries), `sys.path`
and working directory. The project's own package is dropped from `sys.modules` so its
module state (caches, registries) starts fresh too; third-party modules stay imported,
which is where the time goes.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import warnings
from dataclasses import dataclass
from typing import Any, cast

PROJECT_PACKAGE = "helpers"
WARMUP_TEXT = "Tây Hồ 123"


@dataclass(frozen=True)
class _Snapshot:
    cwd: str
    sys_path: list[str]
    warning_filters: list[Any]
    rc_params: dict[str, Any] | None


_snapshot: _Snapshot | None = None


def preload(module_names: list[str]) -> None:
    """Import the given modules (names that are no module, such as `package.function`,
    are skipped) and warm matplotlib's font and renderer caches."""
    for name in module_names:
        if _is_module(name):
            importlib.import_module(name)
    if "matplotlib.pyplot" in sys.modules:
        _draw_warmup_figure()


def _is_module(name: str) -> bool:
    parent, _, _ = name.rpartition(".")
    if parent and not hasattr(importlib.import_module(parent), "__path__"):
        return False  # `package.module.attribute`
    return importlib.util.find_spec(name) is not None


def _draw_warmup_figure() -> None:
    """Render a throwaway figure with Vietnamese text (loads fonts once per kernel)."""
    import matplotlib.pyplot as plt

    figure = plt.figure()
    figure.text(0.5, 0.5, WARMUP_TEXT)
    figure.canvas.draw()
    plt.close(figure)


def take_snapshot() -> None:
    """Record the state `restore()` returns to (call once, after `preload`)."""
    global _snapshot
    rc_params = None
    if "matplotlib" in sys.modules:
        rc_params = dict(sys.modules["matplotlib"].rcParams)
    _snapshot = _Snapshot(
        cwd=os.getcwd(),
        sys_path=list(sys.path),
        warning_filters=list(warnings.filters),
        rc_params=rc_params,
    )


# This module and the packages that hold it stay imported: they hold no project state.
_KEPT_MODULES = frozenset(
    ".".join(__name__.split(".")[:depth]) for depth in range(1, __name__.count(".") + 2)
)


def _is_project_module(name: str) -> bool:
    in_project = name == PROJECT_PACKAGE or name.startswith(PROJECT_PACKAGE + ".")
    return in_project and name not in _KEPT_MODULES


def restore() -> None:
    """Return the kernel to the snapshot state, as if it had just started."""
    if _snapshot is None:
        raise RuntimeError("kernel_state.restore() called before take_snapshot()")
    from IPython import get_ipython

    get_ipython().reset(new_session=True)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if _snapshot.rc_params is not None:
        rc_params = sys.modules["matplotlib"].rcParams
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rc_params.update(_snapshot.rc_params)
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.modules["pandas"].reset_option("all")
    warnings.resetwarnings()  # also forgets which warnings were already shown
    # A list at run time, which typeshed types as a read-only Sequence.
    cast("list[Any]", warnings.filters)[:] = _snapshot.warning_filters
    sys.path[:] = _snapshot.sys_path
    os.chdir(_snapshot.cwd)
    for name in [name for name in sys.modules if _is_project_module(name)]:
        del sys.modules[name]
