"""`run.json`: what a `briefs run` did, per district, written atomically."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from helpers.atomic import write_text_atomic
from helpers.safe_paths import read_regular_file
from helpers.tables.correction_report import CorrectionsReport
from helpers.typed_json import JsonShapeError, from_json_value

STATUS_OK = "ok"
STATUS_FAILED = "failed"
STATUS_NO_FACTS = "no-facts"  # a district named on the command line that has no facts
STATUS_UNCHANGED = "unchanged"  # its inputs are those of the brief on disk: not rebuilt
STATUSES = (STATUS_OK, STATUS_FAILED, STATUS_NO_FACTS, STATUS_UNCHANGED)
HAS_BRIEF = frozenset({STATUS_OK, STATUS_UNCHANGED})
MANIFEST_NAME = "run.json"
NOTEBOOK_SUFFIX = ".ipynb"
HTML_SUFFIX = ".html"
FAILED_SUFFIX = ".failed.ipynb"
DEFAULT_LANG = "en"  # its files carry no language suffix; others get `.<lang>`


@dataclass(frozen=True)
class BriefFiles:
    """Where one district's brief lives in the output folder."""

    notebook: Path
    html: Path
    failed: Path


def brief_files(out_dir: Path, slug: str, lang: str = DEFAULT_LANG) -> BriefFiles:
    """`<slug>.ipynb`, `<slug>.html`, and `<slug>.failed.ipynb` (kept when it fails);
    in another language than English `<slug>.vi.ipynb`, `<slug>.vi.html`, …"""
    stem = slug if lang == DEFAULT_LANG else f"{slug}.{lang}"
    return BriefFiles(
        notebook=out_dir / f"{stem}{NOTEBOOK_SUFFIX}",
        html=out_dir / f"{stem}{HTML_SUFFIX}",
        failed=out_dir / f"{stem}{FAILED_SUFFIX}",
    )


@dataclass(frozen=True)
class DistrictResult:
    """The outcome of one district's brief; `timings` splits `duration_s` into steps
    (kernel start and preload appear on the brief that paid them)."""

    district: str
    slug: str
    status: str
    duration_s: float
    error: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    lang: str = DEFAULT_LANG

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; expected one of {STATUSES}")

    @property
    def ok(self) -> bool:
        """True when the district has its brief: written by this run, or unchanged."""
        return self.status in HAS_BRIEF

    @property
    def written(self) -> bool:
        """True when this run wrote the brief."""
        return self.status == STATUS_OK


@dataclass(frozen=True)
class UnreadableFile:
    """An article the extractor could not read (the batch went on without it)."""

    file: str
    error: str


@dataclass(frozen=True)
class DuplicateArticle:
    """An article skipped because its text repeats an earlier file's (one source)."""

    file: str
    duplicate_of: str


@dataclass(frozen=True)
class RejectedFigureRecord:
    """A figure dropped at extraction as implausible (see `helpers.extract.run.validate`);
    `value` is text so that `inf` stays valid JSON."""

    doc_id: str
    district: str
    indicator: str
    value: str
    unit: str
    reason: str
    sentence: str


@dataclass(frozen=True)
class StepError:
    """A step of the run other than a district's brief that failed: `facts` (writing the
    facts table), `briefs` (the batch itself), `index` (index.html)."""

    step: str
    error: str


@dataclass(frozen=True)
class OutputRecord:
    """What one output (a brief in one language, or the index pages) was made from:
    `inputs`, the fingerprint of everything it read (see `helpers.batch.fingerprints`);
    `files`, the SHA-256 of each file written, by name in the output folder; `facts`,
    the facts snapshot (in `.run-facts/`) its notebook names."""

    inputs: str
    files: dict[str, str] = field(default_factory=dict)
    facts: str = ""


@dataclass(frozen=True)
class RunFingerprints:
    """What a rerun compares with: `run`, the fingerprint of the whole run's inputs (the
    corpus files, corrections, extractor, brief code, languages and districts asked
    for); `briefs`, by brief stem (`tay-ho`, `tay-ho.vi`), the record of every brief on
    disk; `index`, the index pages' record; `files`, the SHA-256 of the other files the
    run keeps (facts tables, the snapshot, `<slug>.facts.csv`)."""

    run: str = ""
    briefs: dict[str, OutputRecord] = field(default_factory=dict)
    index: OutputRecord | None = None
    files: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RunManifest:
    """The whole run: corpus, facts count, unreadable articles, per-district results,
    the corrections applied (with the stale ones), duplicate articles, rejected figures,
    the run's own failed steps, the fingerprints a rerun compares with, and the files of
    briefs that no longer apply (their district left the corpus) that it removed."""

    corpus: str
    facts_count: int
    unreadable: list[UnreadableFile] = field(default_factory=list)
    districts: list[DistrictResult] = field(default_factory=list)
    corrections: CorrectionsReport = field(default_factory=CorrectionsReport)
    duplicates: list[DuplicateArticle] = field(default_factory=list)
    rejected: list[RejectedFigureRecord] = field(default_factory=list)
    step_errors: list[StepError] = field(default_factory=list)
    fingerprints: RunFingerprints = field(default_factory=RunFingerprints)
    removed: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[DistrictResult]:
        """The districts without a brief (failed, or named but without facts)."""
        return [result for result in self.districts if not result.ok]


def write_manifest(manifest: RunManifest, path: str | Path) -> None:
    """Write the manifest as indented UTF-8 JSON (Vietnamese names kept readable)."""
    text = json.dumps(asdict(manifest), ensure_ascii=False, indent=2) + "\n"
    write_text_atomic(path, text)


def read_manifest(path: str | Path) -> RunManifest:
    """Read a manifest written by `write_manifest`; ValueError naming the file when it is
    not one (not JSON, or a field of the wrong type: a hand-edited or planted file)."""
    path = Path(path)
    try:
        raw = json.loads(read_regular_file(path).decode("utf-8"))
        return from_json_value(raw, RunManifest)
    except (UnicodeDecodeError, json.JSONDecodeError, JsonShapeError) as error:
        raise ValueError(f"{path}: not a run.json of briefs run: {error}") from None
