"""Time `briefs run` against the naive papermill + nbconvert loop on a variant corpus.

Builds a corpus with make_corpus.py (every seed article moved to each of N districts),
then, on the same machine in one go:
  (a) naive: `briefs extract` once, then for each district the `papermill` CLI (with
      `-p facts_path`, so it does not re-extract) followed by `jupyter nbconvert --to html`;
  (b) `briefs run` over the same corpus (all its districts).
Prints per-district times, the ratio (a)/(b), and where the time of one brief goes
(kernel start, imports, cell execution, export) against the floor: the cell execution
time alone divided by the number of cores. It measures; it asserts nothing.

Usage: python benchmarks/bench_briefs.py [--districts 30] [--quick] [--workers N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from make_corpus import load_districts, make_variant_corpus

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = PROJECT_ROOT / "notebooks" / "district_brief.ipynb"
BIN_DIR = Path(sys.executable).parent
SEED_ARTICLES = 5  # make_variant_corpus gives every district every seed article
QUICK_DISTRICTS = 3
DEFAULT_DISTRICTS = 30
GOAL_RATIO = 8.0


@dataclass
class NaiveBrief:
    """One district done the naive way: two CLI processes."""

    district: str
    papermill_s: float
    nbconvert_s: float
    notebook_s: float  # papermill's own measure: kernel start + cells
    cells_s: float

    @property
    def total_s(self) -> float:
        return self.papermill_s + self.nbconvert_s


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def run_naive(
    corpus: Path, out_dir: Path, names: list[str], slugs: list[str]
) -> tuple[float, list[NaiveBrief]]:
    """Extract once, then papermill CLI + nbconvert CLI per district; (extract_s, briefs)."""
    out_dir.mkdir(parents=True)
    facts = out_dir / "facts.csv"
    extract_s = _timed([str(BIN_DIR / "briefs"), "extract", str(corpus), "-o", str(facts)])
    briefs = []
    for name, slug in zip(names, slugs, strict=True):
        executed = out_dir / f"{slug}.ipynb"
        papermill_s = _timed(
            [
                str(BIN_DIR / "papermill"),
                str(NOTEBOOK),
                str(executed),
                "-p", "district", name,
                "-p", "corpus_dir", str(corpus),
                "-p", "facts_path", str(facts),
            ]
        )  # fmt: skip
        nbconvert_s = _timed(
            [str(BIN_DIR / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)]
        )
        notebook = json.loads(executed.read_text(encoding="utf-8"))
        cells_s = sum(
            cell["metadata"].get("papermill", {}).get("duration") or 0.0
            for cell in notebook["cells"]
        )
        notebook_s = notebook["metadata"]["papermill"]["duration"]
        briefs.append(NaiveBrief(name, papermill_s, nbconvert_s, notebook_s, cells_s))
        print(f"  naive {name}: {papermill_s + nbconvert_s:.1f} s", flush=True)
    return extract_s, briefs


def run_briefs_cli(
    corpus: Path, out_dir: Path, slugs: list[str], workers: int | None
) -> tuple[float, dict]:
    """`briefs run` as a user runs it, over the same districts; (wall seconds, run.json)."""
    command = [str(BIN_DIR / "briefs"), "run", "--corpus", str(corpus), "--out", str(out_dir)]
    command += ["--districts", *slugs]
    if workers:
        command += ["--workers", str(workers)]
    wall_s = _timed(command)
    return wall_s, json.loads((out_dir / "run.json").read_text(encoding="utf-8"))


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.rjust(width) if i else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    )


def report(
    naive_extract_s: float, naive: list[NaiveBrief], wall_s: float, manifest: dict, cores: int
) -> None:
    """Print per-district times, the ratio and the per-brief breakdown."""
    by_name = {entry["district"]: entry for entry in manifest["districts"]}
    rows = []
    for brief in naive:
        entry = by_name[brief.district]
        rows.append(
            [
                brief.district,
                f"{brief.papermill_s:.2f}",
                f"{brief.nbconvert_s:.2f}",
                f"{brief.total_s:.2f}",
                f"{entry['duration_s']:.2f}",
                f"{entry['timings'].get('cells_s', 0.0):.2f}",
                entry["status"],
            ]
        )
    print()
    print(
        _table(["district", "papermill", "nbconvert", "naive", "briefs*", "cells", "status"], rows)
    )
    print("  (* worker time of one brief in `briefs run`, excluding its kernel's start-up)")

    n = len(naive)
    naive_total = naive_extract_s + sum(b.total_s for b in naive)
    timings = [entry["timings"] for entry in manifest["districts"]]

    def total(key: str) -> float:
        return sum(t.get(key, 0.0) for t in timings)

    cells = total("cells_s")
    floor = cells / cores
    print()
    print(
        f"districts: {n}; cores: {cores}; failed in briefs run: "
        f"{sum(e['status'] != 'ok' for e in manifest['districts'])}"
    )
    print(
        f"(a) naive loop:  {naive_total:7.1f} s  ({naive_total / n:.2f} s per district; "
        f"extract once {naive_extract_s:.1f} s)"
    )
    print(f"(b) briefs run:  {wall_s:7.1f} s  ({wall_s / n:.2f} s per district)")
    print(f"ratio (a)/(b):   {naive_total / wall_s:7.1f}x   (goal >= {GOAL_RATIO:.0f}x)")
    print(f"floor (cell execution / cores): {floor:.1f} s;  (b) is {wall_s / floor:.1f}x the floor")

    print("\nwhere one brief's time goes (mean seconds per district):")
    naive_rows = [
        ["papermill CLI process (imports, nbformat, kernel start...)",
         f"{sum(b.papermill_s - b.notebook_s for b in naive) / n:.2f}"],
        ["kernel start + notebook imports (papermill duration - cells)",
         f"{sum(b.notebook_s - b.cells_s for b in naive) / n:.2f}"],
        ["cell execution", f"{sum(b.cells_s for b in naive) / n:.2f}"],
        ["nbconvert CLI (HTML export)", f"{sum(b.nbconvert_s for b in naive) / n:.2f}"],
    ]  # fmt: skip
    print(" (a) naive")
    print("    " + _table(["step", "s"], naive_rows).replace("\n", "\n    "))
    warm_rows = [
        ["kernel start (once per worker)", f"{total('kernel_start_s') / n:.3f}"],
        ["notebook imports preloaded (once per worker)", f"{total('preload_s') / n:.3f}"],
        ["kernel state reset", f"{total('reset_s') / n:.3f}"],
        ["papermill/nbclient overhead", f"{(total('execute_s') - cells) / n:.3f}"],
        ["cell execution", f"{cells / n:.3f}"],
        ["HTML export (in process)", f"{total('export_s') / n:.3f}"],
        ["atomic writes", f"{total('write_s') / n:.3f}"],
    ]
    print(" (b) briefs run (worker time; workers run in parallel)")
    print("    " + _table(["step", "s"], warm_rows).replace("\n", "\n    "))
    worker_total = (
        sum(e["duration_s"] for e in manifest["districts"])
        + total("kernel_start_s")
        + total("preload_s")
    )
    print(
        f"    wall {wall_s:.1f} s = extraction, pool start, {worker_total:.1f} s of worker time "
        f"over {cores} cores, index page"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--districts", type=int, default=DEFAULT_DISTRICTS, help="number of districts (max 30)"
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"smoke run: {QUICK_DISTRICTS} districts"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="briefs run --workers (default: cores)"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep corpus and outputs in this folder"
    )
    args = parser.parse_args()
    n = QUICK_DISTRICTS if args.quick else args.districts
    known = load_districts()
    if not 1 <= n <= len(known):
        parser.error(f"--districts must be 1..{len(known)}")
    chosen = known[:n]
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )

    with tempfile.TemporaryDirectory(prefix="bench-briefs-") as scratch:
        base = args.keep or Path(scratch)
        corpus = base / "corpus"
        make_variant_corpus(corpus, SEED_ARTICLES * n, districts=[d.name for d in chosen])
        print(f"corpus: {SEED_ARTICLES * n} articles about {n} districts in {corpus}", flush=True)
        print("(a) naive loop ...", flush=True)
        naive_extract_s, naive = run_naive(
            corpus, base / "naive", [d.name for d in chosen], [d.slug for d in chosen]
        )
        print("(b) briefs run ...", flush=True)
        wall_s, manifest = run_briefs_cli(
            corpus, base / "briefs", [d.slug for d in chosen], args.workers
        )
        report(naive_extract_s, naive, wall_s, manifest, cores)


if __name__ == "__main__":
    main()
