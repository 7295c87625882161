"""How extraction time and memory grow with the corpus: 100, 1,000, 10,000, 100,000 articles.

Builds the largest corpus once with make_corpus.py (a larger corpus starts with the smaller
one, so each size is a prefix of it, linked into a folder of its own), then times
`load_tables` once per size in a fresh process (see bench_extract.py), with `--workers`
processes pinned to as many cores. It prints one row per size: seconds, articles per
second, wall and CPU seconds per 1,000 articles (flat when the cost is linear; the CPU
figure is the main process's, so it reads true with one worker on a busy machine) and peak
memory of the main process and of the largest worker. It measures; it asserts nothing.

Usage: python benchmarks/bench_extract_scaling.py [--sizes 100 1000 10000 100000] [--workers 1]
       [--corpus DIR] [--no-district-share 0.0]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench_extract import time_in_fresh_process
from make_corpus import make_variant_corpus

DEFAULT_SIZES = (100, 1_000, 10_000, 100_000)


def prefix_folder(paths: list[Path], size: int, parent: Path) -> Path:
    """A folder of symlinks to the first `size` articles."""
    folder = parent / f"first_{size}"
    folder.mkdir()
    for path in paths[:size]:
        (folder / path.name).symlink_to(path)
    return folder


def measure(paths: list[Path], sizes: list[int], workers: int, scratch: Path) -> None:
    """Time each prefix of `paths` and print the table."""
    print(
        f"{'articles':>9} {'seconds':>9} {'articles/s':>11} {'s/1k':>7} {'CPU s/1k':>9} "
        f"{'facts':>9} {'peak RSS MiB':>13} {'worker MiB':>11}"
    )
    for size in sizes:
        run = time_in_fresh_process(prefix_folder(paths, size, scratch), workers)
        seconds = float(run["seconds"])
        print(
            f"{size:>9,} {seconds:>9.2f} {size / seconds:>11,.0f} {1000 * seconds / size:>7.2f} "
            f"{1000 * float(run['cpu_seconds']) / size:>9.2f} "
            f"{run['facts']:>9,} {run['peak_rss_mib']:>13,.0f} "
            f"{run['peak_rss_mib_workers']:>11,.0f}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    """Command line: build (or take) the corpus, then time each size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--workers", type=int, default=1, help="extraction processes")
    parser.add_argument("--corpus", type=Path, help="articles to take prefixes of (sorted)")
    parser.add_argument("--no-district-share", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)
    with tempfile.TemporaryDirectory(prefix="bench_scaling_") as temp_dir:
        scratch = Path(temp_dir)
        if args.corpus is not None:
            paths = sorted(args.corpus.glob("*.txt"))
        else:
            start = time.perf_counter()
            paths = make_variant_corpus(
                scratch / "corpus", sizes[-1], args.seed, no_district_share=args.no_district_share
            )
            print(f"corpus: {len(paths)} articles built in {time.perf_counter() - start:.1f} s")
        if len(paths) < sizes[-1]:
            raise SystemExit(f"the corpus has {len(paths)} articles, fewer than {sizes[-1]}")
        measure(paths, sizes, args.workers, scratch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
