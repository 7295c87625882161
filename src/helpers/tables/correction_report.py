"""What applying a corrections file did: counts per district and the stale corrections.

Plain data, kept apart from the corrections logic so that `run.json`, the index page and
a brief can carry it without importing the extractor. A run writes the report beside its
facts snapshot (`report_path_for`), so a brief made from that snapshot shows the stale
corrections and dropped figures of its district (`for_district`).
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from helpers.errors import printable
from helpers.typed_json import from_json_value, to_json_value

REPORT_SUFFIX = ".corrections.json"
STALE_REASONS_FILE = "stale_reasons.csv"
REASON_LANGUAGES = ("en", "vi")


@cache
def stale_reasons() -> dict[str, dict[str, str]]:
    """Why a correction went stale: reason key → language → wording (`{line}` is the line
    of the drop that came first, for `dropped_first`)."""
    path = resources.files("helpers.tables.data").joinpath(STALE_REASONS_FILE)
    with path.open(encoding="utf-8") as handle:
        return {
            row["key"]: {lang: row[lang] for lang in REASON_LANGUAGES}
            for row in csv.DictReader(handle)
        }


@dataclass(frozen=True)
class StaleCorrection:
    """A correction that no longer matches the corpus; `line` is its line in the file,
    `reason` a key of `stale_reasons()` (an unknown key is an error), `dropped_by` the line
    of the drop that removed the figure first (`dropped_first`)."""

    line: int
    action: str
    doc_id: str
    figure: str
    reason: str
    note: str = ""
    district: str = ""  # the district a fix or add names, when it names one
    dropped_by: int = 0

    def __post_init__(self) -> None:
        if self.reason not in stale_reasons():
            known = ", ".join(stale_reasons())
            raise ValueError(f"unknown stale-correction reason {self.reason!r} (known: {known})")

    def why(self, lang: str = "en") -> str:
        """Why the correction is stale, in `lang` (`en` or `vi`)."""
        return stale_reasons()[self.reason][lang].format(line=self.dropped_by)

    def describe(self, path: str) -> str:
        """One line for stderr: where the correction is, what it was and why it is stale."""
        return (
            f"stale correction {path}:{self.line} ({self.action} {self.figure!r} in "
            f"{self.doc_id}): {self.why()}"
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

    @property
    def shows_anything(self) -> bool:
        """Whether a brief has something of this report to show."""
        return bool(self.stale or self.dropped)

    def for_district(self, district: str, doc_ids: set[str]) -> CorrectionsReport:
        """The part of the report a district's brief shows: the stale corrections that
        name the district or one of its articles (`doc_ids`), and its dropped figures."""
        return CorrectionsReport(
            path=self.path,
            stale=[s for s in self.stale if s.district == district or s.doc_id in doc_ids],
            dropped=[d for d in self.dropped if d.district == district],
        )


def report_path_for(facts_path: Path) -> Path:
    """Where the corrections report of a facts table is kept: beside it."""
    return facts_path.with_name(facts_path.stem + REPORT_SUFFIX)


def report_bytes(report: CorrectionsReport) -> bytes:
    """The report as JSON, byte-identical for the same report."""
    text = json.dumps(to_json_value(report), ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")


def read_report_beside(facts_path: Path) -> CorrectionsReport:
    """The corrections report kept beside `facts_path`, or an empty one when there is
    none (a table made without a run, or with no corrections file); a report that is not
    valid JSON of the right shape is an error naming the file."""
    path = report_path_for(facts_path)
    if not path.is_file():
        return CorrectionsReport()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        report: CorrectionsReport = from_json_value(data, CorrectionsReport)
    except ValueError as error:
        raise ValueError(f"corrections report {path}: {error}") from error
    return report


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
