"""Time the extractor (`helpers.tables.corpus.load_tables`) on a large variant corpus.

Builds an N-article corpus with make_corpus.py in a temporary folder (or uses --corpus),
then runs `load_tables(corpus_dir)` --repeat times, each in a fresh Python process pinned
to one CPU core where the OS allows it, and prints articles/second, facts found and the
process's peak memory. It measures; it asserts nothing.

Usage: python benchmarks/bench_extract.py [-n 10000] [--repeat 3] [--seed 0] [--corpus DIR]
       [--workers N] [--no-district-share 0.9]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_corpus import make_variant_corpus

RESULT_PREFIX = "BENCH_RESULT "
# ru_maxrss is in KiB on Linux and in bytes on macOS.
MAXRSS_BYTES = 1 if sys.platform == "darwin" else 1024
MIB = 1024 * 1024


def pin_to_cores(count: int) -> str:
    """Restrict this process to `count` CPU cores (the highest numbered) if the OS supports
    it; say which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS)"
    available = sorted(os.sched_getaffinity(0))
    if count > len(available):
        return f"not pinned ({count} workers, {len(available)} cores)"
    cores = set(available[-count:])
    os.sched_setaffinity(0, cores)
    return f"pinned to core{'s' if count > 1 else ''} {','.join(map(str, sorted(cores)))}"


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * MAXRSS_BYTES / MIB


def run_worker(corpus_dir: Path, workers: int) -> None:
    """In the child process: time one `load_tables` call (extracting in `workers`
    processes, pinned to as many cores) and print the result as JSON."""
    pinning = pin_to_cores(workers)
    import_start = time.perf_counter()
    from helpers.extract.run.build import is_compiled
    from helpers.tables.corpus import load_tables

    import_seconds = time.perf_counter() - import_start
    rss_before = peak_rss_mib()
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    tables = load_tables(corpus_dir, workers=workers)
    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    result = {
        "pinning": pinning,
        "extractor": "compiled" if is_compiled() else "pure Python",
        "import_seconds": import_seconds,
        "seconds": wall,
        "cpu_seconds": cpu,
        "articles": len(tables.articles),
        "facts": len(tables.facts),
        "errors": len(tables.errors),
        "about_no_district": tables.about_no_district,
        "peak_rss_mib_before": rss_before,
        "peak_rss_mib": peak_rss_mib(),
        "peak_rss_mib_workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        * MAXRSS_BYTES
        / MIB,
    }
    print(RESULT_PREFIX + json.dumps(result))


def time_in_fresh_process(corpus_dir: Path, workers: int) -> dict[str, float | int | str]:
    """Run `run_worker` in a new interpreter and return its result; fail loudly on error."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        str(corpus_dir),
        "--workers",
        str(workers),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if completed.returncode != 0 or not lines:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"extraction run failed (exit status {completed.returncode})")
    return json.loads(lines[-1].removeprefix(RESULT_PREFIX))


def report(n_files: int, runs: list[dict[str, float | int | str]]) -> None:
    """Print one line per run, then the summary."""
    for number, run in enumerate(runs, start=1):
        print(
            f"run {number}: {run['seconds']:.2f} s wall, {run['cpu_seconds']:.2f} s CPU, "
            f"{n_files / run['seconds']:,.0f} articles/s, {run['facts']} facts, "
            f"{run['articles']} articles, {run['errors']} errors, "
            f"{run['about_no_district']} naming no district, "
            f"peak RSS {run['peak_rss_mib']:.0f} MiB "
            f"(largest worker {run['peak_rss_mib_workers']:.0f}) "
            f"(after imports {run['peak_rss_mib_before']:.0f}), "
            f"import {run['import_seconds']:.2f} s, {run['pinning']}, {run['extractor']}"
        )
    seconds = [run["seconds"] for run in runs]
    best, median = min(seconds), statistics.median(seconds)
    print(
        f"extract: {n_files} articles, best {best:.2f} s ({n_files / best:,.0f} articles/s), "
        f"median {median:.2f} s ({n_files / median:,.0f} articles/s), "
        f"facts {runs[-1]['facts']}, errors {runs[-1]['errors']}, "
        f"peak RSS {max(run['peak_rss_mib'] for run in runs):.0f} MiB"
    )


def benchmark(corpus_dir: Path, repeat: int, workers: int) -> None:
    """Time `repeat` fresh-process extractions of `corpus_dir` and print them."""
    n_files = sum(1 for _ in corpus_dir.glob("*.txt"))
    if n_files == 0:
        raise SystemExit(f"no articles (*.txt) in {corpus_dir}")
    report(n_files, [time_in_fresh_process(corpus_dir, workers) for _ in range(repeat)])


def main(argv: list[str] | None = None) -> int:
    """Command line: build the corpus (unless --corpus) and time the extractor on it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--n-articles", type=int, default=10_000, help="default 10000")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="corpus random seed (default 0)")
    parser.add_argument("--corpus", type=Path, help="time this folder instead of building one")
    parser.add_argument(
        "--workers", type=int, default=1, help="extraction processes, one core each (default 1)"
    )
    parser.add_argument(
        "--no-district-share",
        type=float,
        default=0.0,
        help="build a mixed archive: this share of articles names no district (default 0)",
    )
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        run_worker(args.worker, args.workers)
        return 0
    if args.repeat < 1 or args.workers < 1:
        parser.error("--repeat and --workers must be at least 1")
    if args.corpus is not None:
        benchmark(args.corpus, args.repeat, args.workers)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench_extract_") as temp_dir:
        start = time.perf_counter()
        paths = make_variant_corpus(
            Path(temp_dir),
            args.n_articles,
            seed=args.seed,
            no_district_share=args.no_district_share,
        )
        print(f"corpus: {len(paths)} articles built in {time.perf_counter() - start:.1f} s")
        benchmark(Path(temp_dir), args.repeat, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
