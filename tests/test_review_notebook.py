"""The review notebook under papermill: a seed district's figures worth a look."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.review.candidates import review_candidates
from helpers.tables.corpus import extract_corpus
from helpers.tables.corrections import CORRECTION_COLUMNS

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
REVIEW = PROJECT / "notebooks" / "review_facts.ipynb"
PAPERMILL = Path(sys.executable).with_name("papermill")


def outputs(path: Path) -> str:
    notebook = nbformat.read(path, as_version=4)
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
            data = output.get("data", {})
            texts.append(data.get("text/html") or data.get("text/markdown") or "")
    return "\n".join(texts)


def test_papermill_reviews_a_seed_district_without_its_corrected_figures(
    tmp_path: Path, seeds_dir: Path
) -> None:
    tables = extract_corpus(seeds_dir)
    fact = review_candidates(tables.facts, tables.articles, "Thanh Xuân").iloc[0]
    corrections = tmp_path / "corrections.csv"
    with corrections.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CORRECTION_COLUMNS)
        writer.writeheader()
        writer.writerow(
            {
                "action": "fix",
                "doc_id": fact["doc_id"],
                "figure": fact["figure"],
                "sentence": fact["sentence"],
                "qualifier": "approx",
                "note": "final figure",
            }
        )
    arguments = [str(PAPERMILL), str(REVIEW), str(tmp_path / "out.ipynb"), "--no-progress-bar"]
    base = [*arguments, "-p", "district", "thanh-xuan", "-p", "corpus_dir", str(seeds_dir)]
    completed = subprocess.run(
        base, cwd=tmp_path, capture_output=True, text=True, env=os.environ.copy()
    )
    assert completed.returncode == 0, completed.stderr
    before = outputs(tmp_path / "out.ipynb")
    assert "Thanh Xuân: " in before and f"<mark>{fact['figure']}</mark>" in before
    assert "the most doubtful first" in before
    completed = subprocess.run(
        [*base, "-p", "corrections_path", str(corrections)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    assert completed.returncode == 0, completed.stderr
    after = outputs(tmp_path / "out.ipynb")
    assert f"<mark>{fact['figure']}</mark>" not in after
