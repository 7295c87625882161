"""`briefs run`: extract once, render every district's brief in a process pool, index them.

Speed (see `benchmarks/bench_briefs.py`): the facts are extracted once and handed to every
brief as `facts_path`; each pool process keeps one warm kernel (started once, notebook
imports preloaded, state reset between briefs) and one HTML exporter; the pool is forked
from this process after papermill/nbconvert are imported, so workers inherit them.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.atomic import write_all_atomic
from helpers.batch.manifest import (
    MANIFEST_NAME,
    STATUS_FAILED,
    STATUS_NO_FACTS,
    DistrictResult,
    DuplicateArticle,
    RejectedFigureRecord,
    RunManifest,
    StepError,
    UnreadableFile,
    write_manifest,
)
from helpers.batch.out_folder import check_out_folder, hold_out_lock
from helpers.errors import EmptyCorpusError, one_line
from helpers.extract.gazetteer import District, resolve_district
from helpers.extract.gazetteer import districts as districts_all
from helpers.extract.reading import scan_corpus
from helpers.paths import project_root
from helpers.render.labels import check_language

if TYPE_CHECKING:
    from helpers.batch.worker import BriefTask
    from helpers.tables.corpus import CorpusTables

FACTS_NAME = "facts.csv"
GENERATED_ON_FORMAT = "%Y-%m-%d %H:%M UTC"
EXTRACT_CACHE_DIR = ".extract-cache"  # beside facts.csv; see helpers.extract.cache
RUN_FACTS_DIR = ".run-facts"  # the facts snapshot the briefs of a run read
SNAPSHOT_HASH_CHARS = 16
STEP_FACTS = "facts"
STEP_BRIEFS = "briefs"
STEP_INDEX = "index"
NOTEBOOK_RELATIVE_PATH = Path("notebooks") / "district_brief.ipynb"
POOL_START_METHOD = "fork"  # workers inherit the imported papermill/nbconvert modules
EXIT_OK = 0
EXIT_FAILED = 1
# jupyterlab pulls in rfc3987-syntax, which jsonschema imports to check "iri" string
# formats; it builds a grammar at import (~1.2 s per process). nbformat's schema has no
# such format, so blocking the import changes no validation result.
SLOW_OPTIONAL_IMPORTS = ("rfc3987_syntax",)


def default_notebook() -> Path:
    """The project's brief notebook, `notebooks/district_brief.ipynb`."""
    return project_root() / NOTEBOOK_RELATIVE_PATH


def block_slow_optional_imports() -> None:
    """Make optional imports that only cost start-up time fail fast (before nbformat)."""
    for name in SLOW_OPTIONAL_IMPORTS:
        sys.modules.setdefault(name, None)


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
) -> int:
    """Render the briefs of `districts` (default: every district with facts) into `out_dir`,
    in each language of `langs` (`en`, `vi`).

    The corrections file (`corrections`, default `corrections.csv` beside the corpus) is
    applied to the facts once; its stale corrections go to stderr, `run.json` and the index.
    Writes `facts.csv`, `<slug>.facts.csv`, `<slug>.ipynb`, `<slug>.html` (or
    `<slug>.failed.ipynb`; `<slug>.vi.*` in Vietnamese), `index.html` / `index.vi.html`
    and `run.json`, each atomically, holding the folder's lock (see
    `helpers.batch.out_folder`; `wait` waits for another run instead of failing).
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
    if not corpus_dir.is_dir():
        raise NotADirectoryError(f"corpus folder not found: {corpus_dir}")
    scan = scan_corpus(corpus_dir)
    if not scan.files and not scan.problems:  # an empty (or unmounted) folder: fail fast
        raise EmptyCorpusError(f"corpus {corpus_dir} holds no .txt articles: nothing to brief")
    out_dir = check_out_folder(out_dir, force=force)
    out_dir.mkdir(parents=True, exist_ok=True)
    with hold_out_lock(out_dir, wait=wait):
        return _run_locked(
            corpus_dir, out_dir, requested, workers, notebook_path, corrections, langs
        )


def _run_locked(
    corpus_dir: Path,
    out_dir: Path,
    requested: list[District] | None,
    workers: int | None,
    notebook_path: Path,
    corrections: Path | None,
    langs: tuple[str, ...],
) -> int:
    block_slow_optional_imports()
    n_workers = workers or os.cpu_count() or 1
    if requested:
        n_workers = min(n_workers, len(requested))
    pool = _start_pool(notebook_path, n_workers)  # kernels start while we extract
    try:
        _say(f"extracting facts from {corpus_dir} ...")
        tables = _extract(corpus_dir, out_dir, corrections, workers)
        _say(f"{len(tables.facts)} facts from {len(tables.articles)} articles")
        require_facts(tables, corpus_dir)  # nothing written yet: the old outputs stay
        return _publish(pool, tables, requested, corpus_dir, out_dir, langs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def require_facts(tables: CorpusTables, corpus_dir: Path) -> None:
    """EmptyCorpusError, saying what the folder held, unless `tables` has facts."""
    if not tables.facts.empty:
        return
    if tables.articles.empty and tables.errors.empty:
        held = "no .txt articles"
    else:
        held = (
            f"{len(tables.articles)} readable article(s), {len(tables.errors)} unreadable, "
            "and no district figure"
        )
    raise EmptyCorpusError(
        f"corpus {corpus_dir} holds {held}: nothing to brief; the previous outputs are kept"
    )


def _publish(
    pool: ProcessPoolExecutor,
    tables: CorpusTables,
    requested: list[District] | None,
    corpus_dir: Path,
    out_dir: Path,
    langs: tuple[str, ...] = ("en",),
) -> int:
    """Write the facts, render the briefs, and, whatever happened to them, the index pages
    and run.json; the exit status."""
    with_facts = set(tables.facts["district"])
    targets = requested or districts_with_facts(with_facts)
    to_render = [d for d in targets if d.name in with_facts]
    results = {
        (d.slug, lang): _no_facts_result(d, lang)
        for d in targets
        if d.name not in with_facts
        for lang in langs
    }
    step_errors: list[StepError] = []
    step = STEP_FACTS
    indexes: list[Path] = []
    try:
        facts_path = _write_facts(tables, out_dir)
        _write_district_csvs(tables, to_render, out_dir)
        step = STEP_BRIEFS
        _render_all(pool, to_render, corpus_dir, facts_path, out_dir, langs, results)
    except Exception as error:
        step_errors.append(StepError(step, describe_error(error)))
    finally:
        ordered = [
            results.get((d.slug, lang)) or _not_run_result(d, lang)
            for d in targets
            for lang in langs
        ]
        manifest = _manifest(tables, corpus_dir, ordered, step_errors)
        if step != STEP_FACTS:  # briefs were attempted (if not, the previous index stays)
            try:
                indexes = _write_indexes(manifest, out_dir, tables, langs)
            except Exception as error:
                step_errors.append(StepError(STEP_INDEX, describe_error(error)))
                manifest = replace(manifest, step_errors=list(step_errors))
        print(format_status_table(manifest.districts, show_lang=len(langs) > 1))
        print(format_run_notes(manifest), file=sys.stderr, end="")
        write_manifest(manifest, out_dir / MANIFEST_NAME)
    if indexes:
        n_written = sum(result.ok for result in manifest.districts)
        _say(f"wrote {n_written} briefs to {out_dir} (open {indexes[0]})")
    return EXIT_FAILED if manifest.failed or manifest.step_errors else EXIT_OK


def describe_error(error: BaseException) -> str:
    """One line for a failed step: `one_line` for an OSError, else `Type: message`."""
    if isinstance(error, OSError) and error.strerror:
        return one_line(error)
    return f"{type(error).__name__}: {one_line(error)}"


def _no_facts_result(district: District, lang: str) -> DistrictResult:
    return DistrictResult(
        district=district.name,
        slug=district.slug,
        status=STATUS_NO_FACTS,
        duration_s=0.0,
        error="no facts about this district in the corpus: no brief written",
        lang=lang,
    )


def _not_run_result(district: District, lang: str) -> DistrictResult:
    return DistrictResult(
        district=district.name,
        slug=district.slug,
        status=STATUS_FAILED,
        duration_s=0.0,
        error="not run: the batch stopped before this district",
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
    lines += [f"briefs: error: {e.step} failed: {e.error}" for e in manifest.step_errors]
    return "".join(f"{line}\n" for line in lines)


def _say(message: str) -> None:
    """A progress line on stderr (one line each, fit for a log file)."""
    print(message, file=sys.stderr, flush=True)


def _write_district_csvs(tables: CorpusTables, targets: list[District], out_dir: Path) -> None:
    """`<slug>.facts.csv`: each target district's rows of the facts table."""
    from helpers.atomic import write_text_atomic
    from helpers.publish.index_page import district_csv_name

    for district in targets:
        own = tables.facts[tables.facts["district"] == district.name]
        text = own.to_csv(index=False, lineterminator="\n")
        write_text_atomic(out_dir / district_csv_name(district.slug), text)


def _start_pool(notebook_path: Path, n_workers: int) -> ProcessPoolExecutor:
    """A pool whose workers are forked now (inheriting papermill and nbconvert, imported
    here first) and start their warm kernels right away."""
    from helpers.batch.worker import init_worker

    pool = ProcessPoolExecutor(
        max_workers=n_workers,
        mp_context=multiprocessing.get_context(POOL_START_METHOD),
        initializer=init_worker,
        initargs=(str(notebook_path), os.getpid()),
    )
    pool.submit(os.getpid)  # the first task forks every worker
    return pool


def _extract(
    corpus_dir: Path, out_dir: Path, corrections: Path | None, workers: int | None
) -> CorpusTables:
    """Extract the corpus once, in `workers` processes (None: every core), and apply the
    corrections (nothing written but the cache). Per-article results are cached in the
    output folder, so a scheduled rerun extracts only new or edited articles."""
    from helpers.tables.corpus import load_tables
    from helpers.tables.correction_report import report_to_stderr

    tables = load_tables(
        corpus_dir,
        cache_dir=out_dir / EXTRACT_CACHE_DIR,
        corrections_path=corrections,
        workers=workers,
    )
    report_to_stderr(tables.corrections)
    return tables


def _write_facts(tables: CorpusTables, out_dir: Path) -> Path:
    """Write `facts.csv` (and its articles table) for the reader, and the same tables as
    this run's own snapshot `RUN_FACTS_DIR/<hash>.csv`, named by their content; the
    snapshot's path, which the briefs read. A brief thus reads the facts its run wrote,
    even if `facts.csv` is replaced meanwhile; the same facts give the same path, so
    reruns stay byte-identical. Older snapshots are removed."""
    from helpers.tables.corpus import articles_path_for, conformed_tables, table_bytes

    facts, articles = conformed_tables(tables)
    facts_csv = table_bytes(facts, FACTS_NAME)
    articles_csv = table_bytes(articles, FACTS_NAME)
    digest = hashlib.sha256(facts_csv + b"\0" + articles_csv).hexdigest()[:SNAPSHOT_HASH_CHARS]
    snapshot_dir = out_dir / RUN_FACTS_DIR
    snapshot_dir.mkdir(exist_ok=True)
    snapshot = snapshot_dir / f"{digest}.csv"
    public = out_dir / FACTS_NAME
    write_all_atomic(
        {
            snapshot: facts_csv,
            articles_path_for(snapshot): articles_csv,
            public: facts_csv,
            articles_path_for(public): articles_csv,
        }
    )
    keep = {snapshot.name, articles_path_for(snapshot).name}
    for old in snapshot_dir.iterdir():
        if old.name not in keep:
            old.unlink(missing_ok=True)
    return snapshot


def _render_all(
    pool: ProcessPoolExecutor,
    targets: list[District],
    corpus_dir: Path,
    facts_path: Path,
    out_dir: Path,
    langs: tuple[str, ...],
    results: dict[tuple[str, str], DistrictResult],
) -> None:
    """Render every target in each language in the pool, showing progress (a bar on a
    terminal, one line per brief otherwise), into `results` by (slug, lang) as each
    finishes (so the caller has the finished ones if the batch stops)."""
    from tqdm import tqdm

    from helpers.batch.worker import BriefTask, render_brief

    tasks = [
        BriefTask(
            district=district.name,
            slug=district.slug,
            corpus_dir=str(corpus_dir),
            facts_path=str(facts_path),
            out_dir=str(out_dir),
            lang=lang,
        )
        for district in targets
        for lang in langs
    ]
    futures: dict[Future[DistrictResult], BriefTask] = {
        pool.submit(render_brief, task): task for task in tasks
    }
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
    from helpers.brief.tables import INDEX_PAGES
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
