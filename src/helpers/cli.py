"""The `briefs` command: extract facts, list a corpus, run the district briefs.

Each command imports what it needs when it runs (pandas, the extractor, Jupyter, dask),
so that `briefs run` with nothing changed starts in a fraction of a second.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from helpers.batch.cluster import SCHEDULER_ENV, cluster_executor, scheduler_address
from helpers.batch.transaction import DEFERRED_SIGNALS, RunInterrupted, signals_interrupt
from helpers.errors import EmptyCorpusError, PrintableFormatter, one_line

if TYPE_CHECKING:
    import pandas as pd

    from helpers.sources.archives import ArchiveColumns
    from helpers.tables.corpus import CorpusTables

# Defaults: the project's own seeds/ and outputs/ (found from any working folder).
DEFAULT_CORPUS = "seeds"
DEFAULT_OUT = "outputs"
CORPUS_HELP = (
    "folder of articles (.txt, .html, archives, .warc.gz), a tree with one such folder "
    "(e.g. articles/ beside sources.csv), or one archive file; default: the project's seeds/"
)
EXIT_USAGE = 2
EXIT_EMPTY_CORPUS = 3  # nothing to brief: a warning for a scheduler (an unmounted folder?)
EXIT_STALE_CORRECTIONS = 4  # every brief written, but a researcher's correction no longer applies
EXIT_INTERRUPTED = 130
# `--lang`: the brief languages written; `both` writes tay-ho.html and tay-ho.vi.html.
LANGUAGE_CHOICES = {"en": ("en",), "vi": ("vi",), "both": ("en", "vi")}


def _extract_on_cluster_or_here(
    corpus_dir: Path,
    cache: Path | None,
    corrections: Path | None,
    workers: int | None,
    scheduler: str | None,
    columns: ArchiveColumns | None = None,
) -> CorpusTables:
    """`extract_corpus`, its batches on the dask cluster at `scheduler` when one is named
    (`--scheduler` or $BRIEFS_SCHEDULER), else in `workers` local processes."""
    from helpers.tables.corpus import extract_corpus

    with ExitStack() as stack:
        address = scheduler_address(scheduler)
        executor = None
        if address:
            executor, workers = stack.enter_context(cluster_executor(address))
        return extract_corpus(corpus_dir, cache, corrections, workers, executor, columns)


def _extract(args: argparse.Namespace) -> int:
    from helpers.extract.run.build import is_compiled
    from helpers.tables.corpus import silent_articles_note, write_tables
    from helpers.tables.correction_report import report_to_stderr

    tables = _extract_on_cluster_or_here(
        args.corpus_dir,
        args.cache,
        args.corrections,
        args.workers,
        args.scheduler,
        archive_columns(args),
    )
    if tables.articles.empty:
        raise ValueError(
            f"corpus {args.corpus_dir} holds no readable article about a district "
            f"({len(tables.errors)} unreadable): {args.output} not written"
        )
    write_tables(tables, args.output)
    report_to_stderr(tables.corrections)
    for row in tables.duplicates.itertuples(index=False):
        print(f"duplicate: {row.file} repeats {row.duplicate_of}", file=sys.stderr)
    if note := silent_articles_note(tables.articles):
        print(note, file=sys.stderr)
    print(
        f"{len(tables.facts)} facts from {len(tables.articles)} articles"
        f" ({len(tables.errors)} skipped, {len(tables.duplicates)} duplicates,"
        f" {len(tables.rejected)} figures rejected,"
        f" {tables.about_no_district} naming no district) -> {args.output}"
        f"{' [compiled extractor]' if is_compiled() else ''}",
        file=sys.stderr,
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from helpers.batch.out_folder import check_export_folder, hold_out_lock
    from helpers.tables.corpus import extract_corpus, load_tables
    from helpers.tables.correction_report import report_to_stderr
    from helpers.tables.export import export_dataset

    out_dir = check_export_folder(args.out_dir, force=args.force)
    out_dir.mkdir(parents=True, exist_ok=True)
    with hold_out_lock(out_dir, wait=args.wait):
        if args.facts:
            tables = load_tables(args.corpus, args.facts)
        else:
            tables = extract_corpus(
                args.corpus,
                args.cache,
                args.corrections,
                args.workers,
                columns=archive_columns(args),
            )
            report_to_stderr(tables.corrections)
        written = export_dataset(tables, out_dir)
    print(f"{len(tables.facts)} facts -> {written}", file=sys.stderr)
    return 0


def _list(args: argparse.Namespace) -> int:
    from helpers.tables.corpus import corpus_summary, extract_corpus

    tables = extract_corpus(
        args.corpus, args.cache, workers=args.workers, columns=archive_columns(args)
    )
    summary = corpus_summary(tables.facts)
    if args.json:
        print(json.dumps(district_listing(summary), ensure_ascii=False))
    elif summary.empty:
        print(f"no district facts in {args.corpus}")
    else:
        print(summary.to_string(index=False))
    return 0


def district_listing(summary: pd.DataFrame) -> list[dict[str, object]]:
    """`corpus_summary`'s rows as JSON-ready dicts, with each district's slug (the name of
    its brief, `<slug>.html`) and its years as numbers: what a scheduler maps tasks over."""
    from helpers.extract.reference.gazetteer import resolve_district

    return [
        {
            "district": row.district,
            "slug": resolve_district(row.district).slug,
            "years": [int(year) for year in str(row.years).split(", ") if year],
            "periods": [period for period in str(row.periods).split(", ") if period],
            "articles": int(row.articles),
            "facts": int(row.facts),
            "other_facts": int(row.other_facts),
        }
        for row in summary.itertuples(index=False)
    ]


def _score(args: argparse.Namespace) -> int:
    import pandas as pd

    from helpers.evaluate.scoring import score_facts
    from helpers.tables.safe_csv import restore

    gold = pd.read_csv(args.gold, dtype=str, keep_default_na=False)
    predicted = restore(pd.read_csv(args.facts, dtype=str, keep_default_na=False))
    disputed = (
        pd.read_csv(args.disputed, dtype=str, keep_default_na=False) if args.disputed else None
    )
    score = score_facts(gold, predicted, disputed)
    if args.show:
        for label, rows in (("MISS", score.misses), ("EXTRA", score.extras)):
            for row in rows.itertuples(index=False):
                print(
                    f"{label} {row.doc_id} {row.district} {row.year} {row.period} "
                    f"{row.indicator} {row.kind} {row.value:g}"
                )
    print(score.summary())
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from helpers.evaluate.coverage import lexicon_coverage

    table = lexicon_coverage(args.corpus_dirs)
    never = table[table["fires"] == 0]
    print(table.to_string(index=False))
    print(
        f"{len(never)} of {len(table)} lexicon rows never fire on "
        f"{', '.join(str(d) for d in args.corpus_dirs)}",
        file=sys.stderr,
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    from helpers.batch.runner import run_briefs

    status = run_briefs(
        args.corpus,
        args.out,
        args.districts,
        args.workers,
        corrections=args.corrections,
        langs=LANGUAGE_CHOICES[args.lang],
        force=args.force,
        wait=args.wait,
        rebuild=args.rebuild,
        scheduler=scheduler_address(args.scheduler),
        columns=archive_columns(args),
    )
    return _stale_status(status, Path(args.out), args.allow_stale)


def _fetch(args: argparse.Namespace) -> int:
    from helpers.sources.fetch import FetchPolicy, fetch_urls

    report = fetch_urls(
        args.urls, args.corpus_dir, FetchPolicy(delay=args.delay, timeout=args.timeout)
    )
    for url, reason in report.failed:
        print(f"failed: {url}: {reason}", file=sys.stderr)
    print(
        f"{len(report.fetched)} fetched, {len(report.skipped)} already there, "
        f"{len(report.failed)} failed -> {args.corpus_dir}",
        file=sys.stderr,
    )
    return 1 if report.failed else 0


# `--text-column` …: an archive's columns, when their names are not the common ones.
ARCHIVE_COLUMN_OPTIONS = {
    "text": "the article text",
    "title": "the title",
    "url": "the web address",
    "date": "the publication date",
    "id": "a stable id (default: FILE-STEM-ROW)",
}


def _add_archive_options(command: argparse.ArgumentParser) -> None:
    for name, what in ARCHIVE_COLUMN_OPTIONS.items():
        command.add_argument(
            f"--{name}-column",
            default=None,
            metavar="NAME",
            help=f"archive corpora (.jsonl, .csv, .parquet): the column of {what} "
            "(default: found by its common names)",
        )


def archive_columns(args: argparse.Namespace) -> ArchiveColumns | None:
    """The archive columns the options name, or None when they name none."""
    from helpers.sources.archives import ArchiveColumns

    named = {name: getattr(args, f"{name}_column", None) for name in ARCHIVE_COLUMN_OPTIONS}
    if not any(named.values()):
        return None
    return ArchiveColumns(
        text=named["text"],
        title=named["title"],
        url=named["url"],
        published=named["date"],
        doc_id=named["id"],
    )


def _stale_status(status: int, out_dir: Path, allow_stale: bool) -> int:
    """EXIT_STALE_CORRECTIONS for a run that wrote everything while corrections went stale
    (a scheduled run must notice that a researcher's fix stopped applying), unless
    `allow_stale`; otherwise `status`."""
    from helpers.run_manifest import MANIFEST_NAME, read_manifest

    if status != 0 or allow_stale or not (out_dir / MANIFEST_NAME).is_file():
        return status
    stale = read_manifest(out_dir / MANIFEST_NAME).corrections.stale
    if not stale:
        return status
    print(
        f"briefs: warning: {len(stale)} stale corrections (listed above and at the top of "
        f"the index and of the briefs they concern); exit {EXIT_STALE_CORRECTIONS} "
        "(--allow-stale to accept)",
        file=sys.stderr,
    )
    return EXIT_STALE_CORRECTIONS


def _add_scheduler_option(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help=f"run {what} on the dask.distributed cluster whose scheduler is at ADDRESS "
        f"(e.g. tcp://10.0.0.5:8786; default: ${SCHEDULER_ENV}, else this machine); "
        "its workers must see the same folders at the same paths",
    )


def _add_corrections_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--corrections",
        type=given_path,
        default=None,
        help="corrections file (default: corrections.csv beside the corpus folder, if any)",
    )


def _add_workers_option(
    command: argparse.ArgumentParser, help_text: str = "processes that extract articles"
) -> None:
    command.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        help=f"{help_text} (default: every core)",
    )


def _add_folder_options(command: argparse.ArgumentParser, folder: str, mark: str) -> None:
    command.add_argument(
        "--force",
        action="store_true",
        help=f"write into a non-empty {folder} folder that holds no {mark}",
    )
    command.add_argument(
        "--wait",
        action="store_true",
        help=f"if another briefs command is writing to {folder}, wait for it instead of failing",
    )


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def given_path(text: str) -> Path:
    """A path argument; an empty one is an error (`Path("")` would be the working folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path; name a file or folder")
    return Path(text)


def project_folder(name: str) -> Path:
    """A default folder of the project (`seeds`, `outputs`): in the working folder when it
    is the project, else in the project the package belongs to."""
    from helpers.paths import project_root

    try:
        return project_root() / name
    except FileNotFoundError:
        return Path(name)


def corpus_argument(text: str) -> Path:
    """A `--corpus` folder or archive file, or the one folder of its tree that holds the
    articles."""
    from helpers.corpus_folder import CorpusTreeError, article_folder

    try:
        return article_folder(given_path(text))
    except CorpusTreeError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_corpus_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--corpus", type=corpus_argument, default=None, help=CORPUS_HELP)


def with_defaults(args: argparse.Namespace) -> argparse.Namespace:
    """`args` with the corpus named one way (`--corpus`; `extract`'s old positional folder
    still works, with a note) and the project's seeds/ and outputs/ as defaults."""
    old = getattr(args, "corpus_dir", None) if args.command == "extract" else None
    if old is not None:
        if args.corpus is not None:
            raise ValueError(
                "name the corpus once: --corpus (the positional folder is the old form)"
            )
        print(
            f"briefs: note: `briefs extract {old}` is deprecated; use --corpus {old}",
            file=sys.stderr,
        )
        args.corpus = old
    if hasattr(args, "corpus") and args.corpus is None:
        args.corpus = project_folder(DEFAULT_CORPUS)
    if args.command == "extract":
        args.corpus_dir = args.corpus
    if hasattr(args, "out") and args.out is None:
        args.out = project_folder(DEFAULT_OUT)
    return args


class _OneLineParser(argparse.ArgumentParser):
    """Reports a usage error as the one line `briefs: error: …` (exit 2), like the others."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"briefs: error: {message} (see briefs --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `briefs`."""
    parser = _OneLineParser(prog="briefs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="write the facts table of a corpus folder")
    extract.add_argument(
        "corpus_dir",
        type=corpus_argument,
        nargs="?",
        default=None,
        help="deprecated: the corpus as a positional argument; use --corpus",
    )
    _add_corpus_option(extract)
    extract.add_argument(
        "-o",
        "--output",
        type=given_path,
        required=True,
        help="facts table to write (.csv or .parquet); the articles table goes beside it",
    )
    extract.add_argument(
        "--cache",
        type=given_path,
        default=None,
        help="folder of cached per-article results: unchanged articles are not re-extracted",
    )
    _add_corrections_option(extract)
    _add_scheduler_option(extract, "the extraction (one task per batch of articles)")
    _add_workers_option(extract)
    _add_archive_options(extract)
    extract.set_defaults(handler=_extract)

    export = commands.add_parser(
        "export", help="the facts as a dataset: CSV, Parquet and a Frictionless datapackage.json"
    )
    export.add_argument("out_dir", type=given_path, help="folder to write the dataset into")
    _add_corpus_option(export)
    export.add_argument(
        "--facts",
        type=given_path,
        default=None,
        help="publish this facts table (written by briefs extract) instead of extracting",
    )
    export.add_argument("--cache", type=given_path, default=None, help="extraction cache folder")
    _add_corrections_option(export)
    _add_workers_option(export)
    _add_archive_options(export)
    _add_folder_options(export, "OUT_DIR", "datapackage.json of a previous export")
    export.set_defaults(handler=_export)

    listing = commands.add_parser("list", help="districts, years, periods and fact counts")
    _add_corpus_option(listing)
    listing.add_argument("--cache", type=given_path, default=None, help="extraction cache folder")
    listing.add_argument(
        "--json",
        action="store_true",
        help="print one line of JSON: a list, one object per district (district, slug, years, "
        "periods, articles, facts, other_facts), e.g. for a scheduler's dynamic tasks",
    )
    _add_workers_option(listing)
    _add_archive_options(listing)
    listing.set_defaults(handler=_list)

    scoring = commands.add_parser("score", help="precision/recall/F1 against a gold table")
    scoring.add_argument("gold", type=given_path, help="hand-labelled facts (.csv)")
    scoring.add_argument("facts", type=given_path, help="extracted facts (.csv)")
    scoring.add_argument("--show", action="store_true", help="list missed and extra facts")
    scoring.add_argument(
        "--disputed",
        type=given_path,
        default=None,
        help="figures the spec does not settle (.csv with why_excluded): left out of the score",
    )
    scoring.set_defaults(handler=_score)

    coverage = commands.add_parser(
        "lexicon-coverage", help="how often each lexicon row fires; rows that never do first"
    )
    coverage.add_argument(
        "corpus_dirs", type=given_path, nargs="+", help="folders of article files"
    )
    coverage.set_defaults(handler=_coverage)

    run = commands.add_parser("run", help="extract once, then one HTML brief per district")
    _add_corpus_option(run)
    run.add_argument(
        "--out",
        type=given_path,
        default=None,
        help="folder of the briefs, index pages and run.json; default: the project's outputs/",
    )
    _add_folder_options(run, "--out", "run.json of a previous run")
    run.add_argument("--districts", nargs="+", default=None, help="names or slugs (default: all)")
    _add_workers_option(run, "processes that extract articles, then render briefs")
    run.add_argument(
        "--lang",
        choices=list(LANGUAGE_CHOICES),
        default="en",
        help="brief language: en (<slug>.html, index.html), vi (<slug>.vi.html, "
        "index.vi.html) or both (default: en)",
    )
    _add_corrections_option(run)
    run.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild every brief and the index, even those whose inputs are unchanged "
        "since the previous run (--force is about the folder, not this)",
    )
    run.add_argument(
        "--allow-stale",
        action="store_true",
        help=f"exit 0 even when corrections are stale (default: exit {EXIT_STALE_CORRECTIONS})",
    )
    _add_scheduler_option(run, "the extraction and the briefs (one task per brief)")
    _add_archive_options(run)
    run.set_defaults(handler=_run)

    fetch = commands.add_parser(
        "fetch", help="download the pages of a list of URLs into a corpus folder, politely"
    )
    fetch.add_argument("urls", type=given_path, help="text file, one URL a line (# comments)")
    fetch.add_argument("corpus_dir", type=given_path, help="folder to save the pages into")
    fetch.add_argument(
        "--delay", type=float, default=2.0, help="seconds between two requests to one host"
    )
    fetch.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a page")
    fetch.set_defaults(handler=_fetch)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `briefs` console script. Exit status: 0 done; 1 a district (or
    a step of `run` after it started writing) failed, see run.json; 2 a user error (before
    anything is written) or a system error that stopped the command (a full disk), as one
    line `briefs: error: …`, no traceback; 3 an empty corpus or one without a district
    figure (`briefs: warning: …`, previous outputs left alone); 4 `run` wrote everything
    but corrections are stale (unless --allow-stale); 130 interrupted (SIGINT), 143
    terminated (SIGTERM): `run` leaves its folder holding one complete run."""
    handler = logging.StreamHandler()
    handler.setFormatter(PrintableFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    args = build_parser().parse_args(argv)
    try:
        with signals_interrupt():  # to the last line: a signal as a run ends is reported too
            return args.handler(with_defaults(args))
    except EmptyCorpusError as error:
        print(f"briefs: warning: {one_line(error)}", file=sys.stderr)
        return EXIT_EMPTY_CORPUS
    except (OSError, ValueError) as error:
        print(f"briefs: error: {one_line(error)}", file=sys.stderr)
        return EXIT_USAGE
    except RunInterrupted as interrupt:
        print(
            f"briefs: error: interrupted by {interrupt}: the folder holds the last complete run",
            file=sys.stderr,
        )
        return interrupt.exit_status
    except KeyboardInterrupt:
        print("briefs: error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def console() -> int:
    """The `briefs` console script: `main`, then, its work done, SIGINT and SIGTERM
    ignored while the interpreter exits (a late signal has nothing left to interrupt, and
    must not turn a finished run's status into a death by signal)."""
    status = main()
    for signum in DEFERRED_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    return status


if __name__ == "__main__":
    sys.exit(console())
