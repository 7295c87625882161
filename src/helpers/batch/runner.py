"""`briefs run`: extract once, render every district's brief in a process pool, index them.

Speed (see `benchmarks/bench_briefs.py`): the facts are extracted once and handed to every
brief as `facts_path`; each pool process keeps one warm kernel (started once, notebook
imports preloaded, state reset between briefs) and one HTML exporter; the pool is forked
from this process after papermill/nbconvert are imported, so workers inherit them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import time
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.atomic import write_changed_atomic
from helpers.batch.brief_pool import BriefPool, brief_pool
from helpers.batch.fingerprints import (
    brief_code_fingerprint,
    content_digest,
    corpus_fingerprint,
    digest,
    file_digests,
    run_fingerprint,
)
from helpers.batch.out_folder import check_out_folder, hold_out_lock
from helpers.batch.rerun import (
    RerunState,
    brief_stem,
    index_inputs,
    nothing_changed,
    read_previous_manifest,
    still_valid,
    unchanged_manifest,
)
from helpers.batch.slow_imports import block_slow_optional_imports
from helpers.batch.transaction import (
    STAGING_DIR,
    clear_staging,
    commit_signals_deferred,
    fresh_staging,
    signals_interrupt,
)
from helpers.errors import EmptyCorpusError, one_line, printable
from helpers.extract.reference.gazetteer import District, resolve_district
from helpers.extract.reference.gazetteer import districts as districts_all
from helpers.extract.text.reading import scan_corpus
from helpers.paths import project_root
from helpers.render.languages import check_language
from helpers.run_manifest import (
    DEFAULT_LANG,
    MANIFEST_NAME,
    STATUS_FAILED,
    STATUS_NO_FACTS,
    STATUS_UNCHANGED,
    DistrictResult,
    DuplicateArticle,
    OutputRecord,
    RejectedFigureRecord,
    RunFingerprints,
    RunManifest,
    StepError,
    UnreadableFile,
    brief_files,
    write_manifest,
)
from helpers.safe_paths import own_folder, remove_own_file
from helpers.tables.correction_report import (
    REPORT_SUFFIX,
    report_bytes,
    report_path_for,
    report_to_stderr,
)

if TYPE_CHECKING:
    from helpers.batch.worker import BriefTask
    from helpers.sources.archives import ArchiveColumns
    from helpers.tables.corpus import CorpusTables

FACTS_NAME = "facts.csv"
GENERATED_ON_FORMAT = "%Y-%m-%d %H:%M UTC"
EXTRACT_CACHE_DIR = ".extract-cache"  # beside facts.csv; see helpers.extract.run.cache
RUN_FACTS_DIR = ".run-facts"  # the facts snapshot the briefs of a run read
SNAPSHOT_HASH_CHARS = 16
CACHE_CLOCK_SLACK_S = 2.0  # a cache entry used this run may carry a time a little earlier
# The names of the snapshot files a run writes: only these are ever removed from RUN_FACTS_DIR.
SNAPSHOT_FILE = re.compile(
    rf"[0-9a-f]{{{SNAPSHOT_HASH_CHARS}}}(_articles\.csv|\.csv|{re.escape(REPORT_SUFFIX)})"
)
STEP_FACTS = "facts"
STEP_BRIEFS = "briefs"
STEP_INDEX = "index"
NOTEBOOK_RELATIVE_PATH = Path("notebooks") / "district_brief.ipynb"
EXIT_OK = 0
EXIT_FAILED = 1


def default_notebook() -> Path:
    """The project's brief notebook, `notebooks/district_brief.ipynb`."""
    return project_root() / NOTEBOOK_RELATIVE_PATH


def resolve_requested(names: list[str]) -> list[District]:
    """The districts named (any spelling `resolve_district` accepts), without repeats;
    an unknown name raises `UnknownDistrictError` listing the valid names."""
    return list(dict.fromkeys(resolve_district(name) for name in names))


def districts_with_facts(facts_districts: set[str]) -> list[District]:
    """The districts that have facts, in the gazetteer's order."""
    return [district for district in districts_all() if district.name in facts_districts]


def run_briefs(
    corpus_dir: Path,
    out_dir: Path,
    districts: list[str] | None = None,
    workers: int | None = None,
    *,
    notebook: Path | None = None,
    corrections: Path | None = None,
    langs: tuple[str, ...] = ("en",),
    force: bool = False,
    wait: bool = False,
    rebuild: bool = False,
    scheduler: str | None = None,
    columns: ArchiveColumns | None = None,
) -> int:
    """Render the briefs of `districts` (default: every district with facts) into `out_dir`,
    in each language of `langs` (`en`, `vi`).

    The corrections file (`corrections`, default `corrections.csv` beside the corpus) is
    applied to the facts once; its stale corrections go to stderr, `run.json` and the index.
    Writes `facts.csv`, `<slug>.facts.csv`, `<slug>.ipynb`, `<slug>.html` (or
    `<slug>.failed.ipynb`; `<slug>.vi.*` in Vietnamese), `index.html` / `index.vi.html`
    and `run.json`, each atomically, holding the folder's lock (see
    `helpers.batch.out_folder`; `wait` waits for another run instead of failing).
    A brief (and the index) whose inputs are unchanged since the previous run, with its
    files intact, is not rebuilt (status `unchanged`) unless `rebuild`. With `scheduler`
    (a dask scheduler's address) the briefs run on that cluster instead of a local pool.
    Returns the exit status: 0, or 1 when any district failed or had no facts, or a step
    of the run (facts table, index) failed; `run.json` and the index are written whatever
    happened to the briefs. Errors before anything is written (a bad argument, an unsafe
    or busy `out_dir`, a corpus without facts) raise, leaving the previous outputs as
    they were.
    """
    langs = tuple(dict.fromkeys(check_language(lang) for lang in langs))
    if not langs:
        raise ValueError("langs must name at least one language")
    requested = resolve_requested(districts) if districts else None
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    notebook_path = (notebook or default_notebook()).resolve()
    if not notebook_path.is_file():
        raise FileNotFoundError(f"brief notebook not found: {notebook_path}")
    corpus_dir = Path(corpus_dir).resolve()
    if not corpus_dir.exists():
        raise NotADirectoryError(f"corpus folder not found: {corpus_dir}")
    scan = scan_corpus(corpus_dir)
    if not scan.files and not scan.problems:  # an empty (or unmounted) folder: fail fast
        raise EmptyCorpusError(
            f"corpus {corpus_dir} holds no articles (.txt, .html, archives, web archives): "
            "nothing to brief"
        )
    out_dir = check_out_folder(out_dir, force=force)
    out_dir.mkdir(parents=True, exist_ok=True)
    with signals_interrupt(), hold_out_lock(out_dir, wait=wait):
        for own in (RUN_FACTS_DIR, EXTRACT_CACHE_DIR, STAGING_DIR):  # a planted link: refused
            own_folder(out_dir / own)
        code = brief_code_fingerprint(notebook_path)
        asked = [district.slug for district in requested] if requested else None
        corpus = corpus_fingerprint(corpus_dir, corrections, columns)
        run = run_fingerprint(corpus, code, langs, asked)
        rerun = RerunState(run, code, read_previous_manifest(out_dir), rebuild)
        if not rebuild and rerun.previous and nothing_changed(rerun.previous, run, out_dir):
            return _report_unchanged(rerun.previous, out_dir, langs)
        block_slow_optional_imports()
        first_run = rebuild or rerun.previous is None
        with brief_pool(notebook_path, workers, requested, scheduler, first_run) as pool:
            return _run_locked(
                corpus_dir, out_dir, requested, pool, corrections, langs, rerun, columns
            )


def _report_unchanged(previous: RunManifest, out_dir: Path, langs: tuple[str, ...]) -> int:
    """Say that nothing changed and record it in run.json (every brief `unchanged`); the
    outputs stay as they are."""
    manifest = unchanged_manifest(previous)
    report_to_stderr(manifest.corrections)
    print(format_status_table(manifest.districts, show_lang=len(langs) > 1))
    print(format_run_notes(manifest), file=sys.stderr, end="")
    write_manifest(manifest, out_dir / MANIFEST_NAME)
    index = manifest.fingerprints.index
    opened = f" (open {out_dir / next(iter(index.files))})" if index and index.files else ""
    _say(
        f"nothing changed since the last run: {len(manifest.districts)} briefs unchanged "
        f"in {out_dir}{opened}"
    )
    return EXIT_OK


def _run_locked(
    corpus_dir: Path,
    out_dir: Path,
    requested: list[District] | None,
    pool: BriefPool,
    corrections: Path | None,
    langs: tuple[str, ...],
    rerun: RerunState,
    columns: ArchiveColumns | None = None,
) -> int:
    _say(f"extracting facts from {corpus_dir} ...")
    tables = _extract(
        corpus_dir, out_dir, corrections, pool.extract_workers, pool.extract_on, columns
    )
    passed_over = tables.about_no_district
    _say(
        f"{len(tables.facts)} facts from {len(tables.articles)} articles"
        + (f" ({passed_over} naming no district passed over)" if passed_over else "")
    )
    from helpers.tables.corpus import silent_articles_note

    if note := silent_articles_note(tables.articles):
        _say(note)
    require_facts(tables, corpus_dir)  # nothing written yet: the old outputs stay
    return _publish(pool, tables, requested, corpus_dir, out_dir, langs, rerun)


def require_facts(tables: CorpusTables, corpus_dir: Path) -> None:
    """EmptyCorpusError, saying what the folder held, unless `tables` has facts."""
    if not tables.facts.empty:
        return
    if tables.articles.empty and tables.errors.empty:
        held = "no articles"
    else:
        held = (
            f"{len(tables.articles)} readable article(s), {len(tables.errors)} unreadable, "
            "and no district figure"
        )
    raise EmptyCorpusError(
        f"corpus {corpus_dir} holds {held}: nothing to brief; the previous outputs are kept"
    )


def _publish(
    pool: BriefPool | None,
    tables: CorpusTables,
    requested: list[District] | None,
    corpus_dir: Path,
    out_dir: Path,
    langs: tuple[str, ...] = ("en",),
    rerun: RerunState | None = None,
) -> int:
    """Stage the run's outputs, then commit them: the facts snapshot is written, the
    briefs whose inputs changed (all of them with `rerun.rebuild` or without a previous
    run) are rendered into the staging folder, and only then, with SIGINT and SIGTERM
    held back (see `commit_signals_deferred`), are the facts tables and briefs put in
    place, the briefs of districts that left the corpus removed, the index pages written
    (when what they show changed) and run.json last. An interruption before the commit
    leaves the previous run's files as they were; the exit status otherwise."""
    rerun = rerun or RerunState()
    with_facts = set(tables.facts["district"])
    targets = requested or districts_with_facts(with_facts)
    to_render = [d for d in targets if d.name in with_facts]
    results = {
        (d.slug, lang): _unrendered_result(d, lang, STATUS_NO_FACTS, NO_FACTS_ERROR)
        for d in targets
        if d.name not in with_facts
        for lang in langs
    }
    stage = _Stage(out_dir, fresh_staging(out_dir))
    step_errors: list[StepError] = []
    step = STEP_FACTS
    inputs: dict[str, str] = {}
    try:
        stage.snapshot, stage.public = _write_facts(tables, out_dir)
        stage.public |= _district_csvs(tables, to_render, out_dir)
        step = STEP_BRIEFS
        inputs = _brief_fingerprints(tables, to_render, langs, rerun.code)
        tasks = []
        for district in to_render:
            for lang in langs:
                stem = brief_stem(district.slug, lang)
                if not rerun.rebuild and still_valid(rerun.record(stem), inputs[stem], out_dir):
                    results[(district.slug, lang)] = _unrendered_result(
                        district, lang, STATUS_UNCHANGED
                    )
                else:
                    tasks.append(_task(district, lang, corpus_dir, stage.snapshot, stage.folder))
        n_unchanged = len(to_render) * len(langs) - len(tasks)
        if n_unchanged:
            _say(f"{n_unchanged} briefs unchanged, {len(tasks)} to render")
        _render_all(pool, tasks, results)
    except Exception as error:
        step_errors.append(StepError(step, describe_error(error)))
    ordered = [
        results.get((d.slug, lang)) or _unrendered_result(d, lang, STATUS_FAILED, NOT_RUN_ERROR)
        for d in targets
        for lang in langs
    ]
    with commit_signals_deferred():
        return _commit(stage, tables, corpus_dir, ordered, inputs, step_errors, langs, rerun)


@dataclass
class _Stage:
    """What a run has made before its commit: the facts `snapshot` (written, hidden), the
    `public` tables' bytes by path (not yet written) and the briefs in `folder`."""

    out_dir: Path
    folder: Path
    snapshot: Path | None = None
    public: dict[Path, bytes] = field(default_factory=dict)


def _commit(
    stage: _Stage,
    tables: CorpusTables,
    corpus_dir: Path,
    ordered: list[DistrictResult],
    inputs: dict[str, str],
    step_errors: list[StepError],
    langs: tuple[str, ...],
    rerun: RerunState,
) -> int:
    """Put a staged run in place (see `_publish`) and write run.json; the exit status."""
    out_dir = stage.out_dir
    previous = rerun.previous.fingerprints if rerun.previous else RunFingerprints()
    records = dict(previous.briefs)  # the briefs on disk that this run does not touch
    for result in ordered:  # a brief that failed is rebuilt next time, whatever changed
        if not result.ok:
            records.pop(brief_stem(result.slug, result.lang), None)
    indexes: list[Path] = []
    index_record = previous.index
    files: dict[str, str] = {}
    removed: list[str] = []
    manifest = _manifest(tables, corpus_dir, ordered, step_errors)
    if stage.snapshot is not None:
        try:
            files = _put_in_place(stage, ordered)
            removed = _remove_stale_briefs(records, previous, tables, langs, out_dir)
            records |= _written_records(ordered, inputs, stage.snapshot, out_dir)
            _remove_unused_snapshots(out_dir, stage.snapshot, records)
            placed = True
        except Exception as error:
            step_errors.append(StepError(STEP_FACTS, describe_error(error)))
            placed = False
        manifest = replace(_manifest(tables, corpus_dir, ordered, step_errors), removed=removed)
        if placed:
            try:
                indexes, index_record = _update_indexes(
                    manifest, out_dir, tables, langs, stage.snapshot, rerun, index_record
                )
                old_pages = previous.index.files if previous.index else {}
                for name in sorted(old_pages.keys() - index_record.files.keys()):
                    if remove_own_file(out_dir / name):  # a language no longer written
                        removed.append(name)
            except Exception as error:
                step_errors.append(StepError(STEP_INDEX, describe_error(error)))
    fingerprints = RunFingerprints(run=rerun.run, briefs=records, index=index_record, files=files)
    manifest = replace(manifest, step_errors=list(step_errors), fingerprints=fingerprints)
    print(format_status_table(manifest.districts, show_lang=len(langs) > 1))
    print(format_run_notes(manifest), file=sys.stderr, end="")
    write_manifest(manifest, out_dir / MANIFEST_NAME)
    clear_staging(stage.folder)
    if indexes:
        n_written = sum(result.written for result in manifest.districts)
        n_unchanged = sum(result.status == STATUS_UNCHANGED for result in manifest.districts)
        unchanged = f" ({n_unchanged} unchanged)" if n_unchanged else ""
        _say(f"wrote {n_written} briefs{unchanged} to {out_dir} (open {indexes[0]})")
    return EXIT_FAILED if manifest.failed or manifest.step_errors else EXIT_OK


def _put_in_place(stage: _Stage, results: list[DistrictResult]) -> dict[str, str]:
    """Write the public facts tables and move the staged briefs into the output folder (a
    written brief replaces its failed notebook; a failed one brings its own); the SHA-256
    of each table file by its name in the folder."""
    from helpers.tables.corpus import articles_path_for

    write_changed_atomic(stage.public)
    for result in results:
        staged = brief_files(stage.folder, result.slug, result.lang)
        final = brief_files(stage.out_dir, result.slug, result.lang)
        if result.written and staged.notebook.is_file() and staged.html.is_file():
            os.replace(staged.notebook, final.notebook)
            os.replace(staged.html, final.html)
            remove_own_file(final.failed)
        elif staged.failed.is_file():
            os.replace(staged.failed, final.failed)
    assert stage.snapshot is not None
    tables = {
        path.relative_to(stage.out_dir).as_posix(): data for path, data in stage.public.items()
    }
    snapshot = stage.snapshot
    tables |= {
        name: path.read_bytes()
        for name, path in (
            (f"{RUN_FACTS_DIR}/{snapshot.name}", snapshot),
            (f"{RUN_FACTS_DIR}/{articles_path_for(snapshot).name}", articles_path_for(snapshot)),
        )
    }
    return {name: content_digest(data) for name, data in tables.items()}


def _remove_stale_briefs(
    records: dict[str, OutputRecord],
    previous: RunFingerprints,
    tables: CorpusTables,
    langs: tuple[str, ...],
    out_dir: Path,
) -> list[str]:
    """Remove the briefs (and district tables) a previous run wrote whose district has no
    facts now or whose language this run does not write, and drop their records; the
    names removed. Only files named as a brief of a known district are touched."""
    from helpers.publish.index_page import DISTRICT_CSV_SUFFIX

    with_facts = set(tables.facts["district"])
    removed = []
    for stem in sorted(records):
        slug, _, lang = stem.partition(".")
        district = _known_district(slug)
        if district is None or (district.name in with_facts and (lang or DEFAULT_LANG) in langs):
            continue
        files = brief_files(out_dir, slug, lang or DEFAULT_LANG)
        removed += [
            path.name
            for path in (files.html, files.notebook, files.failed)
            if remove_own_file(path)
        ]
        del records[stem]
    for name in sorted(previous.files):
        district = _known_district(name.removesuffix(DISTRICT_CSV_SUFFIX))
        stale = district is not None and district.name not in with_facts
        if name.endswith(DISTRICT_CSV_SUFFIX) and stale and remove_own_file(out_dir / name):
            removed.append(name)
    return removed


def _known_district(slug: str) -> District | None:
    """The district whose slug is `slug` exactly, or None (a name from a run.json is data)."""
    return next((district for district in districts_all() if district.slug == slug), None)


def _update_indexes(
    manifest: RunManifest,
    out_dir: Path,
    tables: CorpusTables,
    langs: tuple[str, ...],
    snapshot: Path,
    rerun: RerunState,
    previous: OutputRecord | None,
) -> tuple[list[Path], OutputRecord]:
    """The index pages, written when what they show changed since `previous` (or with
    `rerun.rebuild`), and their record."""
    inputs = digest(*index_inputs(manifest, snapshot.name, rerun.code, langs))
    if previous is not None and not rerun.rebuild and still_valid(previous, inputs, out_dir):
        return [out_dir / name for name in previous.files], previous
    indexes = _write_indexes(manifest, out_dir, tables, langs)
    return indexes, OutputRecord(inputs, file_digests(out_dir, [path.name for path in indexes]))


def _brief_fingerprints(
    tables: CorpusTables, districts: list[District], langs: tuple[str, ...], code: str
) -> dict[str, str]:
    """By brief stem, the fingerprint of what the brief reads: its inputs from the
    corpus (see `helpers.brief.inputs`), the brief code, its district and language."""
    from helpers.brief.inputs import brief_inputs

    from_corpus = brief_inputs(
        tables.facts, tables.articles, [d.name for d in districts], tables.corrections
    )
    return {
        brief_stem(district.slug, lang): digest(
            code, lang, district.name, *from_corpus[district.name]
        )
        for district in districts
        for lang in langs
    }


def _written_records(
    results: list[DistrictResult], inputs: dict[str, str], snapshot: Path, out_dir: Path
) -> dict[str, OutputRecord]:
    """The records of the briefs this run wrote: their inputs, files and snapshot."""
    records = {}
    for result in results:
        stem = brief_stem(result.slug, result.lang)
        if not result.written or stem not in inputs:
            continue
        files = brief_files(out_dir, result.slug, result.lang)
        names = [files.html.name, files.notebook.name]
        records[stem] = OutputRecord(
            inputs[stem], file_digests(out_dir, names), f"{RUN_FACTS_DIR}/{snapshot.name}"
        )
    return records


def _remove_unused_snapshots(
    out_dir: Path, snapshot: Path, records: dict[str, OutputRecord]
) -> None:
    """Remove the facts snapshots that neither this run nor a brief kept on disk names
    (an unchanged brief's notebook names the snapshot it was made from)."""
    from helpers.tables.corpus import articles_path_for

    named = {Path(record.facts).name for record in records.values() if record.facts}
    named.add(snapshot.name)
    keep = named | {
        beside(Path(name)).name for name in named for beside in (articles_path_for, report_path_for)
    }
    for old in own_folder(out_dir / RUN_FACTS_DIR).iterdir():
        if old.name not in keep and SNAPSHOT_FILE.fullmatch(old.name):
            with contextlib.suppress(OSError):  # a leftover costs space, not correctness
                remove_own_file(old)


def _task(district: District, lang: str, corpus_dir: Path, facts: Path, out_dir: Path) -> BriefTask:
    from helpers.batch.worker import BriefTask

    return BriefTask(
        district=district.name,
        slug=district.slug,
        corpus_dir=str(corpus_dir),
        facts_path=str(facts),
        out_dir=str(out_dir),
        lang=lang,
    )


def describe_error(error: BaseException) -> str:
    """One line for a failed step: `one_line` for an OSError, else `Type: message`."""
    if isinstance(error, OSError) and error.strerror:
        return one_line(error)
    return f"{type(error).__name__}: {one_line(error)}"


NO_FACTS_ERROR = "no facts about this district in the corpus: no brief written"
NOT_RUN_ERROR = "not run: the batch stopped before this district"


def _unrendered_result(
    district: District, lang: str, status: str, error: str = ""
) -> DistrictResult:
    """The result of a brief that was not rendered this run (no facts, unchanged, not run)."""
    return DistrictResult(
        district=district.name,
        slug=district.slug,
        status=status,
        duration_s=0.0,
        error=error,
        lang=lang,
    )


def _manifest(
    tables: CorpusTables,
    corpus_dir: Path,
    results: list[DistrictResult],
    step_errors: list[StepError],
) -> RunManifest:
    return RunManifest(
        corpus=str(corpus_dir),
        facts_count=len(tables.facts),
        unreadable=[
            UnreadableFile(file=str(row.file), error=str(row.error))
            for row in tables.errors.itertuples(index=False)
        ],
        districts=results,
        corrections=tables.corrections,
        duplicates=[
            DuplicateArticle(file=str(row.file), duplicate_of=str(row.duplicate_of))
            for row in tables.duplicates.itertuples(index=False)
        ],
        rejected=[
            RejectedFigureRecord(
                doc_id=str(row.doc_id),
                district=str(row.district),
                indicator=str(row.indicator),
                value=f"{row.value:g}",
                unit=str(row.unit),
                reason=str(row.reason),
                sentence=str(row.sentence),
            )
            for row in tables.rejected.itertuples(index=False)
        ],
        step_errors=list(step_errors),
    )


def format_run_notes(manifest: RunManifest) -> str:
    """Lines for stderr about what the run skipped or could not do (empty when nothing)."""
    lines = [f"duplicate: {d.file} repeats {d.duplicate_of}" for d in manifest.duplicates]
    lines += [f"unreadable: {u.file}: {u.error}" for u in manifest.unreadable]
    lines += [f"rejected figure in {r.doc_id}: {r.reason}" for r in manifest.rejected]
    lines += [f"removed: {name} (no longer part of the run)" for name in manifest.removed]
    lines += [f"briefs: error: {e.step} failed: {e.error}" for e in manifest.step_errors]
    return "".join(f"{printable(line)}\n" for line in lines)


def _say(message: str) -> None:
    """A progress line on stderr (one line each, fit for a log file)."""
    print(message, file=sys.stderr, flush=True)


def _district_csvs(
    tables: CorpusTables, targets: list[District], out_dir: Path
) -> dict[Path, bytes]:
    """`<slug>.facts.csv`: the bytes of each target district's rows of the facts table."""
    from helpers.publish.index_page import district_csv_name
    from helpers.tables.safe_csv import csv_bytes

    return {
        out_dir / district_csv_name(district.slug): csv_bytes(
            tables.facts[tables.facts["district"] == district.name]
        )
        for district in targets
    }


def _extract(
    corpus_dir: Path,
    out_dir: Path,
    corrections: Path | None,
    workers: int | None,
    executor: Executor | None = None,
    columns: ArchiveColumns | None = None,
) -> CorpusTables:
    """Extract the corpus once, in `workers` processes (None: every core) or on
    `executor` (running `workers` tasks at once), and apply the corrections (nothing
    written but the cache). Per-article results are cached in the output folder, so a
    scheduled rerun extracts only new or edited articles; entries this extraction did not
    use (removed or edited articles, an older extractor) are removed."""
    from helpers.extract.run.cache import prune_cache
    from helpers.tables.corpus import extract_corpus

    started = time.time() - CACHE_CLOCK_SLACK_S
    cache_dir = out_dir / EXTRACT_CACHE_DIR  # checked by run_briefs: no planted link
    tables = extract_corpus(
        corpus_dir,
        cache_dir=cache_dir,
        corrections_path=corrections,
        workers=workers,
        executor=executor,
        columns=columns,
    )
    if cache_dir.is_dir():
        prune_cache(cache_dir, started)
    report_to_stderr(tables.corrections)
    return tables


def _write_facts(tables: CorpusTables, out_dir: Path) -> tuple[Path, dict[Path, bytes]]:
    """Write the run's own snapshot of the facts (and articles) tables,
    `RUN_FACTS_DIR/<hash>.csv`, named by their content, with the corrections report
    beside it (a brief shows its district's stale corrections and dropped figures), and
    return its path, which the briefs read, with the bytes of `facts.csv` and its
    articles table for the reader, written at the commit. A brief thus reads the facts
    its run wrote, even if `facts.csv` is replaced meanwhile; the same facts give the
    same path, so reruns stay byte-identical. A snapshot that already holds its bytes
    is left alone."""
    from helpers.tables.corpus import articles_path_for, conformed_tables, table_bytes

    facts, articles = conformed_tables(tables)
    facts_csv = table_bytes(facts, FACTS_NAME)
    articles_csv = table_bytes(articles, FACTS_NAME)
    report_json = report_bytes(tables.corrections)
    tables_hash = hashlib.sha256(facts_csv + b"\0" + articles_csv + b"\0" + report_json).hexdigest()
    snapshot_dir = own_folder(out_dir / RUN_FACTS_DIR)
    snapshot = snapshot_dir / f"{tables_hash[:SNAPSHOT_HASH_CHARS]}.csv"
    public = out_dir / FACTS_NAME
    write_changed_atomic(
        {
            snapshot: facts_csv,
            articles_path_for(snapshot): articles_csv,
            report_path_for(snapshot): report_json,
        }
    )
    return snapshot, {public: facts_csv, articles_path_for(public): articles_csv}


def _render_all(
    pool: BriefPool | None,
    tasks: list[BriefTask],
    results: dict[tuple[str, str], DistrictResult],
) -> None:
    """Render every task in the pool, showing progress (a bar on a terminal, one line
    per brief otherwise), into `results` by (slug, lang) as each finishes (so the caller
    has the finished ones if the batch stops)."""
    if not tasks:
        return
    if pool is None:
        raise RuntimeError("briefs to render but no pool to render them in")
    from tqdm import tqdm

    pool.expect(len(tasks))
    futures: dict[Future[DistrictResult], BriefTask] = {pool.submit(task): task for task in tasks}
    n_done = 0
    on_terminal = sys.stderr.isatty()
    with tqdm(
        total=len(tasks), desc="briefs", unit="brief", file=sys.stderr, disable=not on_terminal
    ) as bar:
        for future in as_completed(futures):
            result = _result_of(future, futures[future])
            results[(result.slug, result.lang)] = result
            n_done += 1
            if on_terminal:
                bar.set_postfix_str(f"{result.district}: {result.status}")
                bar.update()
            else:
                _say(
                    f"[{n_done}/{len(tasks)}] {result.district} ({result.lang}): "
                    f"{result.status} {result.duration_s:.1f} s"
                    + (f" {result.error}" if result.error else "")
                )


def _result_of(future: Future[DistrictResult], task: BriefTask) -> DistrictResult:
    """The worker's result, or a failed result when the worker process itself died."""
    error = future.exception()
    if error is None:
        return future.result()
    return DistrictResult(
        district=task.district,
        slug=task.slug,
        status=STATUS_FAILED,
        duration_s=0.0,
        error=f"{type(error).__name__}: {error}",
        lang=task.lang,
    )


def _write_indexes(
    manifest: RunManifest, out_dir: Path, tables: CorpusTables, langs: tuple[str, ...]
) -> list[Path]:
    """One index page per language (`index.html`, `index.vi.html`), each with the grid
    and the overview charts; the footer's date is the only clock reading, and it reaches
    only these pages."""
    from helpers.brief.charts import overview_charts_html
    from helpers.brief.pages import INDEX_PAGES
    from helpers.publish.index_page import IndexContext, render_index, write_index

    context = IndexContext(
        generated_on=datetime.now(UTC).strftime(GENERATED_ON_FORMAT),
        corpus=manifest.corpus,
        n_articles=len(tables.articles),
    )
    paths = []
    for lang in langs:
        charts = str(overview_charts_html(tables.facts, tables.articles, lang))
        html = render_index(
            manifest, out_dir, tables.facts, tables.articles, context, lang, langs, charts
        )
        paths.append(write_index(out_dir / INDEX_PAGES[lang], html))
    return paths


def format_status_table(results: list[DistrictResult], show_lang: bool = False) -> str:
    """A plain-text table: district (and language), status, seconds, error."""
    header = ("district", *(("lang",) if show_lang else ()), "status", "seconds", "error")
    rows = [
        (
            r.district,
            *((r.lang,) if show_lang else ()),
            r.status,
            f"{r.duration_s:.1f}",
            r.error,
        )
        for r in results
    ]
    n = len(header) - 1
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(n)]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row[:n], widths, strict=True))
        + ("  " + row[n] if row[n] else "")
        for row in [header, *rows]
    ]
    return "\n".join(line.rstrip() for line in lines)
