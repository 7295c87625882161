"""Where a sentence stands on the page: its line, list bullets, headings, parentheses."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from helpers.extract.text.sentences import LIST_NUMBER_RE, Sentence

BULLET_MARKERS = frozenset({"-", "+", "•", "*", "–", "—"})
HEADING_WORDS = 25  # a longer line without final punctuation is body text, not a heading
HEADING_SLACK_CHARS = 4  # a heading sentence may leave this much of its line (markers, spaces)
_HEADING_END = (".", "!", "?", "…", ";")
_FIRST_WORD_RE = re.compile(r"\s*([^ ]*)")  # a line's first word, up to a space


@dataclass(frozen=True)
class Lines:
    """Where the lines of a text start, to find a sentence's line in log time."""

    text: str
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> Lines:
        starts = [0]
        found = text.find("\n")
        while found >= 0:
            starts.append(found + 1)
            found = text.find("\n", found + 1)
        return cls(text, starts)

    def line_of(self, position: int) -> tuple[int, int]:
        """The (start, end) offsets of the line holding `position`."""
        index = bisect.bisect_right(self.starts, position) - 1
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return start, end


def is_bullet(sentence: Sentence, lines: Lines) -> bool:
    """Whether a sentence stands on a line that opens with a list marker (`-`, `+`, `•`,
    `1.`, `a)`): a list item, which may hold several sentences."""
    line_start, line_end = lines.line_of(sentence.start)
    first_word = _FIRST_WORD_RE.match(lines.text, line_start, line_end)  # (no copy of the line)
    assert first_word is not None  # (the pattern matches any text)
    marker = first_word.group(1)
    return marker in BULLET_MARKERS or bool(LIST_NUMBER_RE.fullmatch(marker))


def is_heading(sentence: Sentence, lines: Lines) -> bool:
    """Whether a sentence is a whole short line without final punctuation: a title,
    subheading or caption heading."""
    line_start, line_end = lines.line_of(sentence.start)
    if sentence.end - sentence.start < line_end - line_start - HEADING_SLACK_CHARS:
        return False  # the line holds more than this sentence
    line = lines.text[line_start:line_end].strip()
    return (
        line == sentence.text
        and len(line.split()) <= HEADING_WORDS
        and not line.endswith(_HEADING_END)
    )


def parenthesised(text: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) char ranges of the outermost parenthesised groups of a sentence; a
    group left open runs to the end of the sentence."""
    groups, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, index + 1))
    if depth:
        groups.append((start, len(text)))
    return tuple(groups)


def enclosing_group(groups: tuple[tuple[int, int], ...], position: int) -> tuple[int, int] | None:
    """The parenthesised group holding char `position`, or None."""
    return next((g for g in groups if g[0] <= position < g[1]), None)
