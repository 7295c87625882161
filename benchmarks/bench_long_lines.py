"""Time extraction of pathological single-line files: 1, 10 and 50 MB on one line.

Measures (asserts nothing) `helpers.tables.corpus.extract_corpus` over a folder holding
one such file, three ways:
- `shipped`: the bounds as shipped (`MAX_ARTICLE_BYTES` refuses the larger files from
  their size, before reading; `MAX_LINE_CHARS` refuses the others after one linear scan);
- `line bound only`: the size bound lifted, so every file is read, decoded and scanned
  for its longest line: this is the part whose time must grow in step with the size;
- `longest lines`: files that pass the bounds but are as hard as they can be, lines of
  just under `MAX_LINE_CHARS` up to `--accepted-mb` in total, fully extracted;
- `no bounds` (only with `--unbounded-mb`): both bounds lifted, the extractor itself on
  the line, for comparison with what the bounds prevent (keep it small: it is not linear).

    .venv/bin/python benchmarks/bench_long_lines.py [--sizes-mb 1 10 50] [--accepted-mb 0.5 1 2]
        [--unbounded-mb 0.25 0.5 1]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers.extract.text import reading
from helpers.tables.corpus import extract_corpus

SENTENCE = "Năm 2023, thu ngân sách quận Tây Hồ đạt 1.050 tỷ đồng, bằng 105% kế hoạch. "
MB = 1_000_000
NO_LIMIT = 10**12


def write_single_line(path: Path, size_bytes: int) -> Path:
    """A UTF-8 file of about `size_bytes` bytes: the sentence repeated with no line break."""
    unit = SENTENCE.encode("utf-8")
    path.write_bytes(unit * max(1, size_bytes // len(unit)))
    return path


def write_longest_lines(path: Path, size_bytes: int) -> Path:
    """A UTF-8 file of about `size_bytes` bytes in lines of just under MAX_LINE_CHARS."""
    line = SENTENCE * ((reading.MAX_LINE_CHARS - 1) // len(SENTENCE))
    unit = (line + "\n").encode("utf-8")
    path.write_bytes(unit * max(1, size_bytes // len(unit)))
    return path


@contextmanager
def bounds(size_bytes: int, line_chars: int) -> Iterator[None]:
    """Run the block with the reading bounds set to these values."""
    saved = reading.MAX_ARTICLE_BYTES, reading.MAX_LINE_CHARS
    reading.MAX_ARTICLE_BYTES, reading.MAX_LINE_CHARS = size_bytes, line_chars
    try:
        yield
    finally:
        reading.MAX_ARTICLE_BYTES, reading.MAX_LINE_CHARS = saved


def time_extraction(corpus: Path) -> tuple[float, str]:
    """Seconds to extract the corpus, and what happened to its one file."""
    started = time.perf_counter()
    tables = extract_corpus(corpus)
    seconds = time.perf_counter() - started
    if not tables.errors.empty:
        outcome = "refused: " + str(tables.errors["error"].iloc[0]).split(": ", 1)[1]
    else:
        outcome = f"extracted, {len(tables.facts)} facts"
    return seconds, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes-mb", type=float, nargs="+", default=[1, 10, 50])
    parser.add_argument("--accepted-mb", type=float, nargs="*", default=[0.5, 1, 2])
    parser.add_argument("--unbounded-mb", type=float, nargs="*", default=[])
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the refusals are printed below, once
    shipped = (reading.MAX_ARTICLE_BYTES, reading.MAX_LINE_CHARS)
    cases = [("shipped", shipped), ("line bound only", (NO_LIMIT, shipped[1]))]
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        runs = [(mode, limits, mb) for mode, limits in cases for mb in args.sizes_mb]
        runs += [("longest lines", shipped, mb) for mb in args.accepted_mb]
        runs += [("no bounds", (NO_LIMIT, NO_LIMIT), mb) for mb in args.unbounded_mb]
        for mode, limits, size_mb in runs:
            write = write_longest_lines if mode == "longest lines" else write_single_line
            path = write(corpus / "article.txt", int(size_mb * MB))
            with bounds(*limits):
                seconds, outcome = time_extraction(corpus)
            size = path.stat().st_size / MB
            print(
                f"{mode:16} {size:6.1f} MB  {seconds:8.3f} s  {seconds / size:7.4f} s/MB  {outcome}"
            )
            path.unlink()


if __name__ == "__main__":
    main()
