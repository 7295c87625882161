"""What applying a corrections file did: counts per district and the stale corrections.

Plain data, kept apart from the corrections logic so that `run.json` and the index page
can carry it without importing the extractor.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from helpers.errors import printable


@dataclass(frozen=True)
class StaleCorrection:
    """A correction that no longer matches the corpus; `line` is its line in the file."""

    line: int
    action: str
    doc_id: str
    figure: str
    reason: str
    note: str = ""

    def describe(self, path: str) -> str:
        """One line for stderr: where the correction is, what it was and why it is stale."""
        return (
            f"stale correction {path}:{self.line} ({self.action} {self.figure!r} in "
            f"{self.doc_id}): {self.reason}"
        )


@dataclass(frozen=True)
class DroppedFigure:
    """A figure a `drop` correction removed: listed, never silently gone."""

    line: int
    doc_id: str
    district: str
    figure: str
    sentence: str
    note: str


@dataclass(frozen=True)
class CorrectionsReport:
    """The corrections file used (`path`, '' for none), how many corrections were applied
    per district (a correction touching two districts counts for each), the stale ones,
    and the figures dropped."""

    path: str = ""
    applied: int = 0
    by_district: dict[str, int] = field(default_factory=dict)
    stale: list[StaleCorrection] = field(default_factory=list)
    dropped: list[DroppedFigure] = field(default_factory=list)

    def stale_lines(self) -> list[str]:
        """The stale corrections, one line each (see `StaleCorrection.describe`)."""
        return [item.describe(self.path) for item in self.stale]


def report_to_stderr(report: CorrectionsReport) -> None:
    """Say on stderr which corrections file was applied and list its stale corrections."""
    if not report.path:
        return
    print(
        f"{report.applied} corrections applied from {report.path}, {len(report.stale)} stale",
        file=sys.stderr,
    )
    for line in report.stale_lines():
        print(f"warning: {printable(line)}", file=sys.stderr)
