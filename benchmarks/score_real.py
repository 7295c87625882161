"""Score `briefs extract` on the real corpora, split into tuned, open and set-aside groups.

usage: python benchmarks/score_real.py [--shared ../shared] [--set-aside] [--out DIR]

Extracts `real-dev` and `real-raw` once each, then scores every group with the shared scorer
(`score_facts.py --disputed`): real-dev's first release (`g1`–`g4`), the open halves of `g6`/`g7`
and of `real-raw`, and — only with `--set-aside` — the held-back articles listed in
`tests/data/set_aside.csv` (drawn once with `random.Random(20261207)`; score them once, at the end).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SET_ASIDE = ROOT / "tests" / "data" / "set_aside.csv"


def set_aside_ids() -> set[str]:
    """The doc_ids held back from tuning."""
    with SET_ASIDE.open(encoding="utf-8") as handle:
        return {row["doc_id"] for row in csv.DictReader(handle)}


def _filtered(source: Path, keep, target: Path, high_only: bool = False) -> Path:
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [
            row
            for row in reader
            if keep(row["doc_id"]) and (not high_only or row["confidence"] == "high")
        ]
        fields = reader.fieldnames or []
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return target


def _counts(line: str) -> dict[str, float]:
    return {k: float(v) for k, v in (item.split("=") for item in line.split())}


def score(
    scorer: Path, gold: Path, disputed: Path, predicted: Path, keep, name: str, work: Path
) -> str:
    """The scorer's last line for the documents `keep` accepts, then the precision of the
    `confidence=high` facts and their share of the scored predictions."""
    gold, disputed = (
        _filtered(table, keep, work / f"{name}-{table.name}") for table in (gold, disputed)
    )
    pred = _filtered(predicted, keep, work / f"{name}-pred.csv")
    high = _filtered(predicted, keep, work / f"{name}-pred-high.csv", high_only=True)
    lines = [
        subprocess.run(
            [sys.executable, str(scorer), str(gold), str(table), "--disputed", str(disputed)],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        for table in (pred, high)
    ]
    every, confident = _counts(lines[0]), _counts(lines[1])
    share = confident["predicted"] / every["predicted"] if every["predicted"] else 0.0
    return f"{lines[0]}  high: precision={confident['precision']:.3f} share={share:.2f}"


def _concatenated(sources: list[Path], target: Path) -> Path:
    rows: list[dict[str, str]] = []
    fields: list[str] = []
    for source in sources:
        with source.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields += [f for f in reader.fieldnames or [] if f not in fields]
            rows += list(reader)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--set-aside", action="store_true", help="also score the held-back articles"
    )
    parser.add_argument("--out", type=Path, help="keep the extracted tables here")
    args = parser.parse_args()
    held = set_aside_ids()
    work = args.out or Path(tempfile.mkdtemp(prefix="score-real-"))
    work.mkdir(parents=True, exist_ok=True)
    briefs = Path(sys.executable).with_name("briefs")
    tables = {}
    for corpus in ("real-dev", "real-raw"):
        tables[corpus] = work / f"{corpus}.csv"
        subprocess.run(
            [
                str(briefs),
                "extract",
                "--corpus",
                str(args.shared / "corpus" / corpus / "articles"),
                "-o",
                str(tables[corpus]),
            ],
            check=True,
            capture_output=True,
        )
    groups = [
        ("real-dev g1-g4 (tuned)", "real-dev", lambda d: d[:2] in {"g1", "g2", "g3", "g4"}),
        ("real-dev g6+g7 open", "real-dev", lambda d: d[:2] in {"g6", "g7"} and d not in held),
        ("real-dev all open", "real-dev", lambda d: d not in held),
        ("real-raw open", "real-raw", lambda d: d not in held),
    ]
    if args.set_aside:
        groups += [
            ("real-dev set-aside (16)", "real-dev", lambda d: d in held),
            ("real-raw set-aside (30)", "real-raw", lambda d: d in held),
            ("set-aside 46", None, lambda d: d in held),
        ]
    scorer = args.shared / "tools" / "score_facts.py"
    for name, corpus, keep in groups:
        slug = name.split(" (")[0].replace(" ", "_")
        corpora = list(tables) if corpus is None else [corpus]  # None: both together
        gold, disputed = (
            _concatenated(
                [args.shared / "corpus" / c / f"{table}.csv" for c in corpora],
                work / f"{slug}-all-{table}.csv",
            )
            for table in ("gold_facts", "disputed_facts")
        )
        predicted = _concatenated([tables[c] for c in corpora], work / f"{slug}-all-pred.csv")
        print(f"{name:28} {score(scorer, gold, disputed, predicted, keep, slug, work)}")


if __name__ == "__main__":
    main()
