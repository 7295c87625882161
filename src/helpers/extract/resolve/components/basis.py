"""Basis: whose plan a plan-relative figure is measured against (`plan_basis.py`).

Writes the fact's `basis` column, no provenance key.
"""

from __future__ import annotations

from helpers.extract.document import Document, Figure
from helpers.extract.resolve.plan_basis import plan_basis


def basis(document: Document, figure: Figure) -> bool:
    """Figure resolver: the figure's plan basis (`city`, `district`, or "")."""
    assert figure.reading is not None  # (`measure` runs first)
    figure.basis = plan_basis(figure.view.labelled, figure.stop, figure.reading)
    return True
