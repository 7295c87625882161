"""Errors as the one line a researcher reads (`briefs: error: …`, `run.json`)."""

from __future__ import annotations

import logging
import re

# Control characters (C0, DEL, C1): in a file name they would drive the terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with each control character shown as its escape (`\\x1b`), so a file
    name cannot recolour, move or clear the terminal that shows it."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def one_line(error: BaseException) -> str:
    """The OS's words and the file for an OSError (`No space left on device: /out/x.csv`);
    otherwise the message, its whitespace collapsed onto one line; control characters
    escaped (see `printable`)."""
    if isinstance(error, OSError) and error.strerror:
        text = f"{error.strerror}: {error.filename}" if error.filename else error.strerror
        return printable(text)
    return printable(" ".join(str(error).split())) or type(error).__name__


class PrintableFormatter(logging.Formatter):
    """A log formatter whose lines show control characters escaped (see `printable`)."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


class EmptyCorpusError(ValueError):
    """A corpus without a single district fact: nothing to brief (`briefs` exits 3 with a
    warning and leaves the previous outputs alone)."""
