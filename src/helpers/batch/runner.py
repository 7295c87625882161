"""`briefs run`: extract once, render every district's brief in a process pool, index them.

Speed (see `benchmarks/bench_briefs.py`): the facts are extracted once and handed to every
brief as `facts_path`; each pool process keeps one warm kernel (started once, notebook
imports preloaded, state reset between briefs) and one HTML exporter; the pool is forked
from this process after papermill/nbconvert are imported, so workers inherit them.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.batch.manifest import (
    MANIFEST_NAME,
    STATUS_FAILED,
    DistrictResult,
    RunManifest,
    UnreadableFile,
    write_manifest,
)
from helpers.brief.labels import check_language
from helpers.extract.gazetteer import District, resolve_district
from helpers.extract.gazetteer import districts as districts_all
from helpers.paths import project_root

if TYPE_CHECKING:
    from helpers.batch.worker import BriefTask
    from helpers.tables.corpus import CorpusTables

FACTS_NAME = "facts.csv"
GENERATED_ON_FORMAT = "%Y-%m-%d %H:%M UTC"
EXTRACT_CACHE_DIR = ".extract-cache"  # beside facts.csv; see helpers.extract.cache
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
) -> int:
    """Render the briefs of `districts` (default: every district with facts) into `out_dir`,
    in each language of `langs` (`en`, `vi`).

    The corrections file (`corrections`, default `corrections.csv` beside the corpus) is
    applied to the facts once; its stale corrections go to stderr, `run.json` and the index.
    Writes `facts.csv`, `<slug>.facts.csv`, `<slug>.ipynb`, `<slug>.html` (or
    `<slug>.failed.ipynb`; `<slug>.vi.*` in Vietnamese), `index.html` / `index.vi.html`
    and `run.json`, each atomically. Returns the exit status: 0, or 1 when any district
    failed (after all the others finished).
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
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)

    block_slow_optional_imports()
    n_workers = workers or os.cpu_count() or 1
    if requested:
        n_workers = min(n_workers, len(requested))
    pool = _start_pool(notebook_path, n_workers)  # kernels start while we extract
    try:
        _say(f"extracting facts from {corpus_dir} ...")
        tables = _extract(corpus_dir, out_dir / FACTS_NAME, corrections)
        _say(f"{len(tables.facts)} facts from {len(tables.articles)} articles")
        targets = requested or districts_with_facts(set(tables.facts["district"]))
        _write_district_csvs(tables, targets, out_dir)
        results = _render_all(pool, targets, corpus_dir, out_dir / FACTS_NAME, out_dir, langs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    manifest = RunManifest(
        corpus=str(corpus_dir),
        facts_count=len(tables.facts),
        unreadable=[
            UnreadableFile(file=str(row.file), error=str(row.error))
            for row in tables.errors.itertuples(index=False)
        ],
        districts=results,
        corrections=tables.corrections,
    )
    indexes = _write_indexes(manifest, out_dir, tables, langs)
    write_manifest(manifest, out_dir / MANIFEST_NAME)
    print(format_status_table(results, show_lang=len(langs) > 1))
    n_written = sum(result.ok for result in results)
    _say(f"wrote {n_written} briefs to {out_dir} (open {indexes[0]})")
    return EXIT_FAILED if manifest.failed else EXIT_OK


def _say(message: str) -> None:
    """A progress line on stderr (one line each, fit for a log file)."""
    print(message, file=sys.stderr, flush=True)


def _write_district_csvs(tables: CorpusTables, targets: list[District], out_dir: Path) -> None:
    """`<slug>.facts.csv`: each target district's rows of the facts table."""
    from helpers.atomic import write_text_atomic
    from helpers.brief.index_page import district_csv_name

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
        initargs=(str(notebook_path),),
    )
    pool.submit(os.getpid)  # the first task forks every worker
    return pool


def _extract(corpus_dir: Path, facts_path: Path, corrections: Path | None) -> CorpusTables:
    """Extract the corpus once, apply the corrections, and write the facts (and articles)
    tables for the workers. Per-article results are cached beside them, so a scheduled
    rerun extracts only new or edited articles."""
    from helpers.tables.corpus import load_tables, write_tables
    from helpers.tables.correction_report import report_to_stderr

    tables = load_tables(
        corpus_dir,
        cache_dir=facts_path.parent / EXTRACT_CACHE_DIR,
        corrections_path=corrections,
    )
    write_tables(tables, facts_path)
    report_to_stderr(tables.corrections)
    return tables


def _render_all(
    pool: ProcessPoolExecutor,
    targets: list[District],
    corpus_dir: Path,
    facts_path: Path,
    out_dir: Path,
    langs: tuple[str, ...] = ("en",),
) -> list[DistrictResult]:
    """Render every target in each language in the pool, showing progress (a bar on a
    terminal, one line per brief otherwise); results in `targets` order."""
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
    done: dict[tuple[str, str], DistrictResult] = {}
    on_terminal = sys.stderr.isatty()
    with tqdm(
        total=len(tasks), desc="briefs", unit="brief", file=sys.stderr, disable=not on_terminal
    ) as bar:
        for future in as_completed(futures):
            result = _result_of(future, futures[future])
            done[(result.slug, result.lang)] = result
            if on_terminal:
                bar.set_postfix_str(f"{result.district}: {result.status}")
                bar.update()
            else:
                _say(
                    f"[{len(done)}/{len(tasks)}] {result.district} ({result.lang}): "
                    f"{result.status} {result.duration_s:.1f} s"
                    + (f" {result.error}" if result.error else "")
                )
    return [done[(task.slug, task.lang)] for task in tasks]


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
    from helpers.brief.index_page import IndexContext, render_index, write_index
    from helpers.brief.tables import INDEX_PAGES

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
