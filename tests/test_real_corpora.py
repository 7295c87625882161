"""Every real article as collected (`tests/data/real-raw`, copied from the shared corpus)
goes through `briefs extract` and `briefs run` without failing them: one article, figure or
date never fails a corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.tables.corpus import articles_without_facts, extract_corpus

RAW = Path(__file__).parent / "data" / "real-raw" / "articles"
BRIEFS = Path(sys.executable).with_name("briefs")


def test_every_raw_article_is_read_and_a_schema_breaking_figure_is_rejected() -> None:
    tables = extract_corpus(RAW)
    assert tables.errors.empty
    read = len(tables.articles) + tables.about_no_district + len(tables.duplicates)
    assert read == len(list(RAW.glob("*.txt")))
    # `28 xã được công nhận` has no total: rejected with its reason, not a failed corpus.
    assert "without its total" in " ".join(tables.rejected["reason"])
    assert set(tables.facts["confidence"]) <= {"high", "review"}


def test_articles_without_facts_are_named(tmp_path: Path) -> None:
    tables = extract_corpus(RAW)
    silent = articles_without_facts(tables.articles)
    assert silent and set(silent) <= set(tables.articles["doc_id"])
    result = subprocess.run(
        [str(BRIEFS), "extract", "--corpus", str(RAW), "-o", str(tmp_path / "facts.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{len(silent)} articles name a district but gave no fact: {silent[0]}" in result.stderr


@pytest.mark.slow
def test_briefs_run_over_every_raw_article(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [str(BRIEFS), "run", "--corpus", str(RAW), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    statuses = {brief["district"]: brief["status"] for brief in manifest["districts"]}
    assert len(statuses) >= 25 and set(statuses.values()) == {"ok"}, statuses
    assert (out / "index.html").is_file()
