"""Interrupt `briefs run` at random moments and check the folder holds one complete run.

The corpus flips between two states (as given, and with one article changed so that its
district's figures change). Fresh `--rebuild` runs of each state into folders of their
own are the references. Then, `--moments` times: flip the corpus, start `briefs run
--rebuild` into the folder under test, send SIGINT or SIGTERM (in turn) after a random
delay within the length of a full run, and wait. The folder must then equal one of the
two references, file for file (the index pages' footer date aside), and record exactly
the files it holds; the exit status must be 0 (the run ended before the signal), 130
(SIGINT) or 143 (SIGTERM).

    .venv/bin/python benchmarks/interrupt_runs.py CORPUS --moments 20 --seed 1

Prints one line per moment and a summary; exits 1 if any moment left a mixed folder.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_faults_hardening import one_complete_run, visible_files  # noqa: E402

BRIEFS = [sys.executable, "-m", "helpers.cli"]
FOOTER_DATE = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")
CHANGE = "\nNăm 2023, thu ngân sách trên địa bàn quận Tây Hồ đạt 1.234 tỷ đồng.\n"
SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _run(corpus: Path, out: Path) -> tuple[int, float]:
    started = time.monotonic()
    done = subprocess.run(
        [*BRIEFS, "run", "--corpus", str(corpus), "--out", str(out), "--rebuild", "--force"],
        capture_output=True,
        check=False,
    )
    return done.returncode, time.monotonic() - started


def _comparable(out: Path) -> dict[str, bytes]:
    """The folder's visible files, run.json aside (it records durations), the index
    pages' footer date blanked and the folder's own path (which a notebook names in its
    facts snapshot's path) as `OUT`."""
    files = visible_files(out)
    files.pop("run.json", None)
    own_path = str(out).encode("utf-8")
    return {
        name: FOOTER_DATE.sub(b"DATE", data).replace(own_path, b"OUT")
        for name, data in files.items()
    }


def _set_state(corpus: Path, article: Path, original: str, changed: bool) -> None:
    article.write_text(original + CHANGE if changed else original, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus folder (copied, not changed)")
    parser.add_argument("--moments", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="interrupt-runs-"))
    corpus = Path(shutil.copytree(args.corpus, work / "corpus"))
    article = sorted(corpus.glob("*.txt"))[0]
    original = article.read_text(encoding="utf-8")
    references = {}
    durations = []
    for changed in (False, True):
        _set_state(corpus, article, original, changed)
        status, seconds = _run(corpus, work / f"reference-{int(changed)}")
        assert status == 0, f"reference run failed ({status})"
        references[changed] = _comparable(work / f"reference-{int(changed)}")
        durations.append(seconds)
    assert references[False] != references[True], "the change changed no output"
    full_run = max(durations)
    print(f"references: {durations[0]:.1f} s and {durations[1]:.1f} s for a full run")
    out = work / "out"
    _set_state(corpus, article, original, False)
    assert _run(corpus, out)[0] == 0
    rng = random.Random(args.seed)
    state, mixed = False, 0
    for moment in range(args.moments):
        state = not state
        _set_state(corpus, article, original, state)
        delay = rng.uniform(0, full_run)
        sent = SIGNALS[moment % 2]
        run = subprocess.Popen(
            [*BRIEFS, "run", "--corpus", str(corpus), "--out", str(out), "--rebuild"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        run.send_signal(sent)
        _, stderr = run.communicate(timeout=600)
        found = _comparable(out)
        candidates = (("new", references[state]), ("previous", references[not state]))
        which = [name for name, reference in candidates if found == reference]
        whole = one_complete_run(out)
        ok = run.returncode in (0, 128 + sent) and len(which) == 1 and whole
        mixed += not ok
        last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        print(
            f"{moment + 1:2d}. {signal.Signals(sent).name} after {delay:5.1f} s: exit "
            f"{run.returncode}, folder = {which[0] if which else 'MIXED'} run, "
            f"records match: {whole} | {last[0][:90]}"
        )
        if which == ["previous"]:  # the folder is in the other state: the next run flips it
            state = not state
    print(f"{args.moments - mixed} of {args.moments} moments left exactly one complete run")
    shutil.rmtree(work)
    return 1 if mixed else 0


if __name__ == "__main__":
    sys.exit(main())
