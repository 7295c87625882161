"""Time `briefs run` at scale: a cold run, a rerun with nothing changed, a rerun after one
more article; locally, then on a dask LocalCluster (`--scheduler`).

Builds a variant corpus with make_corpus.py (default 3,000 articles: 10 about each of the
30 districts in each year of 2015–2024, `years_in_turn`; see benchmarks/README.md), then for each
way of running (local pool, cluster):
  1. cold: `briefs run` into an empty folder (extraction, every brief, the index);
  2. nothing changed: `briefs run` again, `--repeat` times (the median is reported);
  3. one article added: one more variant article (about the first district), then
     `briefs run`: that district, the peers whose comparison changed, and the index.
Each step is a fresh `briefs` process, timed whole (start-up included); peak memory is
the largest sum of the resident memory of the process and all its descendants (workers,
kernels), sampled every `SAMPLE_S`, or the largest process's own peak (`wait4`) when
that is more (a run shorter than one interval). The seeds are timed the same way first. It measures;
it asserts nothing.

Usage: python benchmarks/bench_scale.py [--articles 3000] [--repeat 3] [--workers N]
       [--no-cluster] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from make_corpus import make_variant_corpus

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REPORT_YEARS = (2015, 2024)  # the years the corpus reports on, taken in turn
BRIEFS = Path(sys.executable).parent / "briefs"
SEEDS = PROJECT_ROOT / "seeds"
DEFAULT_ARTICLES = 3000
DEFAULT_REPEAT = 3
SAMPLE_S = 0.05
CLUSTER_WORKERS = 2
MIB = 1024 * 1024


@dataclass(frozen=True)
class Step:
    """One `briefs run`: what it was, wall seconds, peak memory of its process tree, and
    how run.json's statuses ended."""

    name: str
    wall_s: float
    peak_mib: float
    statuses: dict[str, int]
    exit_status: int


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # ended between listing and reading
            continue
    return total


def run_measured(name: str, command: list[str], out_dir: Path, with_cluster: bool) -> Step:
    """Run `command`, sampling the memory of its process tree (with `with_cluster`, of
    this process's whole tree: the command's and the LocalCluster's); the step's figures."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    process = psutil.Process() if with_cluster else psutil.Process(child.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _tree_rss(process))
            except psutil.Error:
                return
            done.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = child.stderr.read() if child.stderr else b""
    _, wait_status, usage = os.wait4(child.pid, 0)  # the child's own rusage
    wall_s = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(wait_status)
    done.set()
    sampler.join()
    # a run shorter than a sampling interval: its largest process's own peak
    peak = max(peak, usage.ru_maxrss * 1024)
    if child.returncode not in (0, 1):
        sys.exit(f"{name}: briefs run exited {child.returncode}:\n{stderr.decode()[-3000:]}")
    manifest = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    statuses: dict[str, int] = {}
    for entry in manifest["districts"]:
        statuses[entry["status"]] = statuses.get(entry["status"], 0) + 1
    return Step(name, wall_s, peak / MIB, statuses, child.returncode)


def scenario(
    label: str,
    corpus: Path,
    out_dir: Path,
    extra: list[str],
    repeat: int,
    new_article: Path | None,
    with_cluster: bool = False,
) -> list[Step]:
    """Cold run, `repeat` reruns with nothing changed, and (with `new_article`) a rerun
    after adding it to the corpus; each step printed as it ends."""
    command = [str(BRIEFS), "run", "--corpus", str(corpus), "--out", str(out_dir), *extra]

    def measured(name: str) -> Step:
        return run_measured(f"{label}: {name}", command, out_dir, with_cluster)

    steps = [measured("cold")]
    print(_line(steps[-1]), flush=True)
    reruns = [measured("nothing changed") for _ in range(repeat)]
    median = statistics.median(step.wall_s for step in reruns)
    steps.append(
        Step(
            f"{label}: nothing changed (median of {repeat})",
            median,
            max(step.peak_mib for step in reruns),
            reruns[-1].statuses,
            max(step.exit_status for step in reruns),
        )
    )
    print(_line(steps[-1]) + f"  runs: {', '.join(f'{s.wall_s:.2f}' for s in reruns)}")
    if new_article is not None:
        shutil.copy2(new_article, corpus / new_article.name)
        steps.append(measured("one article added"))
        print(_line(steps[-1]), flush=True)
        (corpus / new_article.name).unlink()  # the next scenario starts from the same corpus
    return steps


def _line(step: Step) -> str:
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(step.statuses.items()))
    return f"{step.name:<48} {step.wall_s:8.2f} s  peak {step.peak_mib:7.0f} MiB  ({statuses})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    parser.add_argument("--workers", type=int, default=None, help="briefs run --workers")
    parser.add_argument("--no-cluster", action="store_true", help="skip the LocalCluster runs")
    parser.add_argument("--keep", type=Path, default=None, help="keep corpus and outputs here")
    args = parser.parse_args()
    local_extra = ["--workers", str(args.workers)] if args.workers else []

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        base = args.keep or Path(scratch)
        seeds = Path(shutil.copytree(SEEDS, base / "seeds"))
        corpus = base / "corpus"
        started = time.perf_counter()
        make_variant_corpus(corpus, args.articles, years_in_turn=REPORT_YEARS)
        one_more = make_variant_corpus(base / "more", args.articles + 1, years_in_turn=REPORT_YEARS)
        more = one_more[-1]  # the next article
        print(
            f"corpus: {args.articles} articles in {time.perf_counter() - started:.1f} s; "
            f"added later: {more.name}; {os.cpu_count()} cores, load average "
            + " ".join(f"{load:.1f}" for load in os.getloadavg()),
            flush=True,
        )
        steps = scenario("seeds", seeds, base / "out-seeds", local_extra, args.repeat, None)
        steps += scenario("local", corpus, base / "out-local", local_extra, args.repeat, more)
        if not args.no_cluster:
            from distributed import LocalCluster

            with LocalCluster(
                n_workers=CLUSTER_WORKERS,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            ) as cluster:
                extra = ["--scheduler", cluster.scheduler_address]
                steps += scenario(
                    f"LocalCluster ({CLUSTER_WORKERS} workers)",
                    corpus,
                    base / "out-cluster",
                    extra,
                    args.repeat,
                    more,
                    with_cluster=True,
                )
        print("\nsummary (wall s of the whole `briefs run` process; peak MiB of its tree):")
        for step in steps:
            print(_line(step))
        if not args.no_cluster:
            print("(the cluster steps' peak includes the LocalCluster's scheduler and workers)")


if __name__ == "__main__":
    main()
