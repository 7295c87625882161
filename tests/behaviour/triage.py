"""Run every behavioural case and rewrite `known_failures.csv` from what fails today.

    cd tests && ../.venv/bin/python -m behaviour.triage          # rewrite the list, print rates
    cd tests && ../.venv/bin/python -m behaviour.triage --check  # print rates only

Each failing case gets the reason `<family>: expected …, got …` (its first 300 characters).
Rewrite the list after an extractor change has made cases pass (pytest then reports them as
XPASS(strict) failures) or fail; review the diff before committing it.
"""

from __future__ import annotations

import argparse
import csv
import io
from collections import Counter

from behaviour.cases import all_cases
from behaviour.harness import KNOWN_FAILURES, problems
from helpers.atomic import write_text_atomic

REASON_CHARS = 300


def main() -> None:
    """Run the cases, print each family's pass rate, rewrite the known failures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print rates, write nothing")
    arguments = parser.parse_args()
    totals: Counter[str] = Counter()
    failures: dict[str, str] = {}
    families: dict[str, str] = {}
    for case in all_cases():
        totals[case.family] += 1
        difference = problems(case)
        if difference:
            failures[case.id] = f"{case.family}: {difference}"[:REASON_CHARS]
            families[case.id] = case.family
    failed = Counter(families.values())
    print(f"{'family':28} {'pass':>5} {'cases':>5}  rate")
    for family, total in totals.items():
        passed = total - failed[family]
        print(f"{family:28} {passed:5d} {total:5d}  {passed / total:.3f}")
    passed = sum(totals.values()) - len(failures)
    print(f"{'all':28} {passed:5d} {sum(totals.values()):5d}  {passed / sum(totals.values()):.3f}")
    if not arguments.check:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("case_id", "reason"))
        writer.writerows(sorted(failures.items()))
        write_text_atomic(KNOWN_FAILURES, out.getvalue())


if __name__ == "__main__":
    main()
