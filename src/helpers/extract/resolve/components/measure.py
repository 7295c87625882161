"""Measure: what a figure measures and its normalised value (`measures.read_figure`).

Provenance key `measure`: the measure row that decided (`measure=measure.growth`).
"""

from __future__ import annotations

from helpers.extract.document import Document, Figure
from helpers.extract.reference.vocabulary import UNITS
from helpers.extract.resolve.measures import read_figure


def measure(document: Document, figure: Figure) -> bool:
    """Figure resolver: how the figure reads (False for a unit no indicator has, or a
    number that is no figure)."""
    if figure.quantity.unit not in UNITS:
        return False
    reading = read_figure(figure.view.labelled, figure.first, figure.stop, figure.quantity)
    if reading is None:
        return False
    figure.reading = reading
    figure.rules["measure"] = reading.rule
    return True
