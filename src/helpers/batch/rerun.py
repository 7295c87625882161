"""Reruns that do only what changed.

`run.json` records fingerprints (`helpers.run_manifest.RunFingerprints`): of the whole
run's inputs, and per output (each brief, the index pages) of what it read and the
SHA-256 of the files written. A rerun whose whole-run fingerprint equals the previous
run's, after a run that ended without a failure, and whose recorded files are all intact,
has nothing to do (`nothing_changed`): it extracts nothing and starts no kernel. Otherwise
each output is rebuilt only when its own inputs changed or its files are not intact
(`still_valid`); the others keep their files and get the status `unchanged`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from helpers.batch.fingerprints import files_intact
from helpers.errors import one_line
from helpers.run_manifest import (
    MANIFEST_NAME,
    STATUS_UNCHANGED,
    OutputRecord,
    RunManifest,
    brief_files,
    read_manifest,
)


@dataclass(frozen=True)
class RerunState:
    """What a run compares its outputs with: its whole-run fingerprint `run`, the brief
    code's fingerprint `code`, the `previous` run's manifest (None for a first run or an
    unreadable run.json), and `rebuild` (rebuild every output whatever the fingerprints)."""

    run: str = ""
    code: str = ""
    previous: RunManifest | None = None
    rebuild: bool = False

    def record(self, stem: str) -> OutputRecord | None:
        """The previous run's record of brief `stem` (None when there is none)."""
        if self.previous is None:
            return None
        return self.previous.fingerprints.briefs.get(stem)


def read_previous_manifest(out_dir: Path) -> RunManifest | None:
    """The previous run's manifest in `out_dir`, or None when there is none or it cannot
    be read: a corrupt or hand-edited one is said so in one line and treated as absent
    (everything is rebuilt), never trusted."""
    try:
        return read_manifest(out_dir / MANIFEST_NAME)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        print(f"briefs: warning: {one_line(error)}; rebuilding every brief", file=sys.stderr)
        return None


def still_valid(record: OutputRecord | None, inputs: str, out_dir: Path) -> bool:
    """True when `record` was made from `inputs` and its files are intact in `out_dir`."""
    return (
        record is not None
        and record.inputs == inputs
        and bool(record.files)
        and files_intact(out_dir, record.files)
    )


def nothing_changed(previous: RunManifest, run: str, out_dir: Path) -> bool:
    """True when `previous` had the inputs `run`, ended with every brief in place and no
    failed step, and every file it recorded is intact."""
    prints = previous.fingerprints
    if not run or prints.run != run or previous.failed or previous.step_errors:
        return False
    if prints.index is None or not files_intact(out_dir, prints.index.files):
        return False
    stems = {brief_stem(result.slug, result.lang) for result in previous.districts}
    if not stems <= prints.briefs.keys():
        return False
    return files_intact(out_dir, prints.files) and all(
        files_intact(out_dir, prints.briefs[stem].files) for stem in stems
    )


def brief_stem(slug: str, lang: str) -> str:
    """The name a brief's record is kept under: its HTML file's stem (`tay-ho.vi`)."""
    return brief_files(Path(), slug, lang).html.stem


def unchanged_manifest(previous: RunManifest) -> RunManifest:
    """The manifest of a rerun that changed nothing: `previous`, every brief `unchanged`."""
    districts = [
        replace(result, status=STATUS_UNCHANGED, duration_s=0.0, timings={})
        for result in previous.districts
    ]
    return replace(previous, districts=districts, removed=[])


def index_inputs(
    manifest: RunManifest, snapshot: str, code: str, langs: tuple[str, ...]
) -> list[str]:
    """What the index pages are made from: the facts snapshot (named by its content), the
    brief code, the languages, and from the manifest the corpus, each district's
    outcome, the unreadable articles and the corrections."""
    shown = {
        "corpus": manifest.corpus,
        "districts": [(r.district, r.slug, r.lang, r.ok, r.error) for r in manifest.districts],
        "unreadable": [(u.file, u.error) for u in manifest.unreadable],
        "corrections": asdict(manifest.corrections),
    }
    return [snapshot, code, ",".join(langs), json.dumps(shown, ensure_ascii=False, sort_keys=True)]
