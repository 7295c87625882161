"""Every real article as collected (`tests/data/real-raw`, copied from the shared corpus)
goes through `briefs run` without failing it: one article, figure or date never fails a
corpus. (`briefs extract` over them, and their gold, is checked in test_gold.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RAW = Path(__file__).parent / "data" / "real-raw" / "articles"
BRIEFS = Path(sys.executable).with_name("briefs")


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
