"""Errors as the one line a researcher reads (`briefs: error: …`, `run.json`)."""

from __future__ import annotations


def one_line(error: BaseException) -> str:
    """The OS's words and the file for an OSError (`No space left on device: /out/x.csv`);
    otherwise the message, its whitespace collapsed onto one line."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}: {error.filename}" if error.filename else error.strerror
    return " ".join(str(error).split()) or type(error).__name__


class EmptyCorpusError(ValueError):
    """A corpus without a single district fact: nothing to brief (`briefs` exits 3 with a
    warning and leaves the previous outputs alone)."""
