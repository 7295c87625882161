"""`--scheduler`: extraction and briefs on a dask.distributed cluster give the same bytes
as the local pool. Slow: a LocalCluster of two worker processes, each with a kernel."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.batch.runner import run_briefs
from helpers.cli import main

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SLUGS = ("hoan-kiem", "tay-ho", "thanh-xuan")


def _tasks_seen(scheduler: str) -> dict[str, int]:
    """By task name (function), how many state changes the scheduler has counted."""
    from distributed import Client

    def count(dask_scheduler) -> dict[str, int]:
        return {
            name: sum(prefix.state_counts.values())
            for name, prefix in dask_scheduler.task_prefixes.items()
        }

    with Client(scheduler, set_as_default=False) as client:
        return client.run_on_scheduler(count)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_briefs_on_a_cluster_are_byte_identical_to_the_local_ones(
    tmp_path: Path, scheduler: str
) -> None:
    corpus = Path(shutil.copytree(SEEDS, tmp_path / "corpus"))
    local, remote = tmp_path / "local", tmp_path / "cluster"
    assert run_briefs(corpus, local, workers=2) == 0
    assert run_briefs(corpus, remote, scheduler=scheduler) == 0
    manifest = json.loads((remote / "run.json").read_text(encoding="utf-8"))
    assert [(d["slug"], d["status"]) for d in manifest["districts"]] == [
        (slug, "ok") for slug in SLUGS
    ]
    names = ["facts.csv", "facts_articles.csv"]
    names += [f"{slug}{suffix}" for slug in SLUGS for suffix in (".html", ".facts.csv")]
    for name in names:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    assert {"read_batch", "render_brief_in_cluster"} <= _tasks_seen(scheduler).keys()


def test_extraction_on_a_cluster_gives_the_same_tables(tmp_path: Path, scheduler: str) -> None:
    local, remote = tmp_path / "local.csv", tmp_path / "cluster.csv"
    assert main(["extract", str(SEEDS), "-o", str(local), "--workers", "1"]) == 0
    before = _tasks_seen(scheduler).get("read_batch", 0)
    assert main(["extract", str(SEEDS), "-o", str(remote), "--scheduler", scheduler]) == 0
    assert _tasks_seen(scheduler)["read_batch"] > before
    assert remote.read_bytes() == local.read_bytes()
    articles = "{}_articles.csv"
    assert (tmp_path / articles.format("cluster")).read_bytes() == (
        tmp_path / articles.format("local")
    ).read_bytes()


def test_pages_archives_and_warc_on_a_cluster_give_the_same_tables(
    tmp_path: Path, scheduler: str
) -> None:
    from corpus_files import write_jsonl, write_warc

    pages = Path(__file__).resolve().parent / "data" / "pages"
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[0], corpus)
    shutil.copy(pages / "g1_03.html", corpus)
    write_jsonl(
        corpus / "a.jsonl", [{"id": p.stem, "text": p.read_text("utf-8")} for p in seeds[1:]]
    )
    page = (pages / "g1_09.html").read_bytes()
    write_warc(corpus / "c.warc.gz", [("https://x.vn/1", "text/html", page, "200 OK")])
    local, remote = tmp_path / "local.csv", tmp_path / "cluster.csv"
    assert main(["extract", str(corpus), "-o", str(local), "--workers", "1"]) == 0
    assert main(["extract", str(corpus), "-o", str(remote), "--scheduler", scheduler]) == 0
    assert remote.read_bytes() == local.read_bytes()
    assert (tmp_path / "cluster_articles.csv").read_bytes() == (
        tmp_path / "local_articles.csv"
    ).read_bytes()
