"""Qualifier: whether a figure is estimated, approximate or a lower bound (`qualifiers.py`).

Writes the fact's `qualifier` column, no provenance key.
"""

from __future__ import annotations

from helpers.extract.document import Document, Figure
from helpers.extract.resolve.qualifiers import is_estimated, qualifiers


def qualifier(document: Document, figure: Figure) -> bool:
    """Figure resolver: the figure's qualifiers (`estimated`, `approx`, `at_least`)."""
    labelled, start = figure.view.labelled, figure.quantity.start
    figure.estimated = is_estimated(
        labelled, figure.scope_start, start, figure.topic, figure.carried
    )
    figure.qualifier = qualifiers(labelled, figure.first, figure.stop, figure.estimated)
    return True
