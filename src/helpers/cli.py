"""The `briefs` command: extract facts, list a corpus, run the district briefs."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import NoReturn

import pandas as pd

from helpers.errors import one_line
from helpers.extract.scoring import score_facts
from helpers.tables.corpus import corpus_summary, extract_corpus, write_tables

DEFAULT_CORPUS = Path("seeds")
DEFAULT_OUT = Path("outputs")
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _extract(args: argparse.Namespace) -> int:
    tables = extract_corpus(args.corpus_dir, args.cache)
    if tables.articles.empty:
        raise ValueError(
            f"corpus {args.corpus_dir} holds no readable .txt article "
            f"({len(tables.errors)} unreadable): {args.output} not written"
        )
    write_tables(tables, args.output)
    for row in tables.duplicates.itertuples(index=False):
        print(f"duplicate: {row.file} repeats {row.duplicate_of}", file=sys.stderr)
    print(
        f"{len(tables.facts)} facts from {len(tables.articles)} articles"
        f" ({len(tables.errors)} skipped, {len(tables.duplicates)} duplicates,"
        f" {len(tables.rejected)} figures rejected) -> {args.output}",
        file=sys.stderr,
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    tables = extract_corpus(args.corpus)
    summary = corpus_summary(tables.facts)
    if summary.empty:
        print(f"no district facts in {args.corpus}")
    else:
        print(summary.to_string(index=False))
    return 0


def _score(args: argparse.Namespace) -> int:
    gold = pd.read_csv(args.gold, dtype=str, keep_default_na=False)
    predicted = pd.read_csv(args.facts, dtype=str, keep_default_na=False)
    score = score_facts(gold, predicted)
    if args.show:
        for label, rows in (("MISS", score.misses), ("EXTRA", score.extras)):
            for row in rows.itertuples(index=False):
                print(
                    f"{label} {row.doc_id} {row.district} {row.year} {row.period} "
                    f"{row.indicator} {row.kind} {row.value:g}"
                )
    print(score.summary())
    return 0


def _run(args: argparse.Namespace) -> int:
    from helpers.batch.runner import run_briefs

    return run_briefs(
        args.corpus, args.out, args.districts, args.workers, force=args.force, wait=args.wait
    )


def given_path(text: str) -> Path:
    """A path argument; an empty one is an error (`Path("")` would be the working folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path; name a file or folder")
    return Path(text)


class _OneLineParser(argparse.ArgumentParser):
    """Reports a usage error as the one line `briefs: error: …` (exit 2), like the others."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"briefs: error: {message} (see briefs --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `briefs`."""
    parser = _OneLineParser(prog="briefs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="write the facts table of a corpus folder")
    extract.add_argument("corpus_dir", type=given_path, help="folder of article .txt files")
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
    extract.set_defaults(handler=_extract)

    listing = commands.add_parser("list", help="districts, years, periods and fact counts")
    listing.add_argument("--corpus", type=given_path, default=DEFAULT_CORPUS)
    listing.set_defaults(handler=_list)

    scoring = commands.add_parser("score", help="precision/recall/F1 against a gold table")
    scoring.add_argument("gold", type=given_path, help="hand-labelled facts (.csv)")
    scoring.add_argument("facts", type=given_path, help="extracted facts (.csv)")
    scoring.add_argument("--show", action="store_true", help="list missed and extra facts")
    scoring.set_defaults(handler=_score)

    run = commands.add_parser("run", help="extract once, then one HTML brief per district")
    run.add_argument("--corpus", type=given_path, default=DEFAULT_CORPUS)
    run.add_argument("--out", type=given_path, default=DEFAULT_OUT)
    run.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty --out folder that holds no run.json of a previous run",
    )
    run.add_argument(
        "--wait",
        action="store_true",
        help="if another run is writing to --out, wait for it instead of failing",
    )
    run.add_argument("--districts", nargs="+", default=None, help="names or slugs (default: all)")
    run.add_argument("--workers", type=int, default=None, help="processes (default: CPU count)")
    run.set_defaults(handler=_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `briefs` console script. Exit status: 0 done; 1 a district (or
    a step of `run` after it started writing) failed, see run.json; 2 a user error (before
    anything is written) or a system error that stopped the command (a full disk), as one
    line `briefs: error: …`, no traceback; 130 interrupted."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (OSError, ValueError) as error:
        print(f"briefs: error: {one_line(error)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("briefs: error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
