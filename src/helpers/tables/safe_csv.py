"""CSV a spreadsheet opens safely: no cell of ours starts a formula.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a live
formula in Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)` in a quoted sentence, a
file name or a correction note). Every CSV the tool writes prefixes such a cell with an
apostrophe (`'=…`), which a spreadsheet shows as text; a cell that already begins with an
apostrophe gets one more, so the escape is undone exactly when the tool reads its CSV
back (`restore`). Numeric columns are left alone (`-3.2` stays a number), and Parquet
holds the exact values.
"""

from __future__ import annotations

import pandas as pd

ESCAPE = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", ESCAPE)
_STARTS_PATTERN = "^[" + "".join(FORMULA_STARTS).replace("-", r"\-") + "]"


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return list(frame.select_dtypes(include=["object", "string"]).columns)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text cell that would start a formula (or an escape) prefixed."""
    changed = {}
    for name in _text_columns(frame):
        column = frame[name]
        starts = column.astype("str").str.contains(_STARTS_PATTERN, regex=True) & column.notna()
        if starts.any():
            changed[name] = column.where(~starts, ESCAPE + column.astype("str"))
    return frame.assign(**changed) if changed else frame


def restore(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` as it was before `neutralise` (read with `dtype=str`)."""
    changed = {}
    for name in _text_columns(frame):
        column = frame[name]
        escaped = column.astype("str").str.startswith(ESCAPE) & column.notna()
        if escaped.any():
            changed[name] = column.where(~escaped, column.astype("str").str[1:])
    return frame.assign(**changed) if changed else frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """`frame` as UTF-8 CSV with `\\n` line ends, neutralised for spreadsheets."""
    return neutralise(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")
