"""Remove page furniture from an article by its structure, keeping the article text.

Furniture is recognised by what it is, not by strings copied from any one outlet:
related-news blocks (a heading such as "Tin liên quan" followed by short headline
lines and their timestamps), comment counters, copyright and reproduction notices,
image file names, share/tag lines, bylines with a timestamp, and photo captions that
repeat the title. The cleaned text keeps the remaining lines in order, so offsets into
it are stable for a given input.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from helpers.extract.lexicon import load_lexicon
from helpers.extract.text.layout import HEADING_WORDS
from helpers.extract.text.phrases import phrase_table
from helpers.extract.text.textnorm import fold

LEXICON_FAMILY = "furniture"  # `lexicons/furniture.csv`: headings of related-news blocks


@cache
def _related_heading_re() -> re.Pattern[str]:
    """A whole line that is a related-news heading (`Tin liên quan`, `Có thể bạn quan tâm`)."""
    phrases = load_lexicon().phrases(LEXICON_FAMILY, "related_heading")
    return re.compile(r"^\W*(?:" + "|".join(map(re.escape, phrases)) + r")\b\W*$")


@cache
def _strip_heading_re() -> re.Pattern[str]:
    """A line opening with the heading of a strip of event tags (`DÒNG SỰ KIỆN. * ...`)."""
    phrases = load_lexicon().phrases(LEXICON_FAMILY, "strip_heading")
    return re.compile(r"^\W*(?:" + "|".join(map(re.escape, phrases)) + r")\b")


@cache
def _related_inline_re() -> re.Pattern[str]:
    """A line opening with a related-news heading and a colon or `>` (`Xem thêm: ...`)."""
    phrases = load_lexicon().phrases(LEXICON_FAMILY, "related_heading", attr="inline")
    return re.compile(r"^\W*(?:" + "|".join(map(re.escape, phrases)) + r")\s*[:>»]")


# The words of furniture lines (`text/data/furniture_lines.csv`), read on folded lines.
_WORDS = phrase_table("helpers.extract.text.data", "furniture_lines.csv", folded=True)
_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}"  # a day/month/year date of 1900-2099
_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?"  # a clock time: `13:22`, `9h30`, `13:22:05`
# A line that ends in a timestamp: related-news metadata or a byline.
_ENDS_WITH_TIMESTAMP_RE = re.compile(
    rf"(?:{_DATE}\W{{0,3}}(?:{_TIME})?|{_TIME}\W{{0,3}}{_DATE})\W*"
    rf"(?:\((?:{_WORDS.alternation('clock_zone')})[+-]\d+\))?"
    r"(?:\s*\|\s*\d+)?\s*$"  # a comment counter may follow: `02/10/2020 13:22 | 0`
)
_BYLINE_WORDS = 14  # a dated line longer than this is a sentence, not a byline
_COMMENT_COUNTER_RE = re.compile(rf"^\W*(?:{_WORDS.alternation('comment_counter')})\W*$")
_COPYRIGHT_RE = re.compile(_WORDS.alternation("copyright"))
_IMAGE_FILE_RE = re.compile(rf"^\S+\.(?:{_WORDS.alternation('image_extension')})(?:\?\S*)?$")
# A weather reading in a page header (`Hà Nội: 12°C Hà Nội`, `TP HCM 27 - 35 ℃`): a short
# line holding a temperature is the site's weather strip, never article text.
_WEATHER_RE = re.compile(r"\d\s*(?:[°º˚]\s*c\b|℃)")
_WEATHER_LINE_WORDS = 12  # the longest weather strip seen; article lines with a °C are longer
# A view or comment count closing a short line (`Ngày đăng 21/01/2020 | 10:57 | Lượt xem: 630`).
_ENDS_WITH_COUNTER_RE = re.compile(
    rf"(?:^|\|)[^\w|]*(?:{_WORDS.alternation('counter_label')})\W{{0,3}}[\d.,]+\W*$"
)
_COUNTER_LINE_WORDS = 14  # a byline with a counter is short; a longer line is text
_URL_LINE_RE = re.compile(rf"^(?:{_WORDS.alternation('url_start')})\S+$")
_SHARE_TAG_RE = re.compile(rf"^\W*(?:{_WORDS.alternation('share_tag')})\b")
_SHARE_ONLY_RE = re.compile(rf"^\W*(?:{_WORDS.alternation('share_only')}|\d+)\W*$")
_SENTENCE_END_RE = re.compile(r"[.!?…:;”\"»)]\s*$")
_SENTENCE_BREAK_RE = re.compile(r"[.!?…]\s+\S")  # a sentence ends and another begins
_STRIP_SEPARATOR = " * "
_BLANK_RUNS_RE = re.compile(r"\n{3,}")
_BLANK_RUN = "\n\n\n"  # what every match of _BLANK_RUNS_RE holds
# An archive's ` date YYYY-MM` marker opening the text: the month it was published.
DATE_MARKER_RE = re.compile(
    rf"^\s*(?:{_WORDS.alternation('date_marker')}) "
    r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})\b\s*"
)
_KICKER_RE = re.compile(rf"\b(?:{_WORDS.alternation('kicker')}) [\w ]{{2,30}}?:")
_STRIP_ITEMS = 2  # two kickers or two separators make a strip; one is a headline's own
_LONG_LINE_WORDS = 30  # longer lines read as sentences, never as a list of links
_BODY_LINE_CHARS = 400  # a line this long is a paragraph of body text: no furniture check
_TITLE_SLACK_CHARS = 4  # a repeated title may differ from it by a quarter of its length + 4
# A hard wrap inside a sentence (PDF, thesis and flipbook text): a line left open (no closing
# punctuation) and a next line that goes on with a lower-case word, a figure or a `(`.
_OPEN_LINE_END_RE = re.compile(r"[^\s.!?…:;”\"»)\]]$")
# A next line that goes on: a letter (checked for lower case), a `(`, or a figure that is no
# list or section number (`2.`, `2.1.`, `a)`) and no date or clock time (a dateline).
_WRAPPED_ON_RE = re.compile(
    rf"[^\W\d_]|\(|(?!{_DATE}|{_TIME})\d(?!\d?(?:\.\d{{1,2}})*[.)](?:\s|$))"
)


@dataclass(frozen=True)
class CleanedArticle:
    """The article text without page furniture, and the furniture lines removed."""

    text: str
    removed: tuple[str, ...]
    folded: str  # `text` folded (textnorm.fold), offsets 1:1


def _key(line: str) -> str:
    """A comparison key for a line: folded, with runs of non-letters collapsed to a space."""
    return " ".join(re.findall(r"\w+", fold(line)))


def _could_repeat(line: str, title: str) -> bool:
    """A cheap pre-check that a line is about as long as the title it might repeat."""
    return abs(len(line) - len(title)) <= len(title) // 4 + _TITLE_SLACK_CHARS


def _is_headline_like(folded: str) -> bool:
    """A short line with no sentence-final punctuation, as in lists of links."""
    return len(folded.split()) <= _LONG_LINE_WORDS and not _SENTENCE_END_RE.search(folded)


def is_related_heading(folded: str) -> bool:
    """Whether a folded, stripped line opens a block of links to other articles."""
    return bool(_related_heading_re().match(folded) or _related_inline_re().match(folded))


def is_furniture_line(folded: str) -> bool:
    """Whether one folded, stripped line is furniture by itself (outside any block)."""
    if _COMMENT_COUNTER_RE.match(folded) or _COPYRIGHT_RE.search(folded):
        return True
    if _IMAGE_FILE_RE.match(folded) or _URL_LINE_RE.match(folded):
        return True
    if _SHARE_TAG_RE.match(folded) or _SHARE_ONLY_RE.match(folded):
        return True
    if len(folded.split()) <= _WEATHER_LINE_WORDS and _WEATHER_RE.search(folded):
        return True  # the weather strip of a page header: `Hà Nội: 12°C Hà Nội`
    if len(folded.split()) <= _COUNTER_LINE_WORDS and _ENDS_WITH_COUNTER_RE.search(folded):
        return True  # a byline closed by a view counter: `… | Lượt xem: 630`
    # Each kicker ends with its own colon: a line with fewer colons needs no regex scan.
    if folded.count(":") >= _STRIP_ITEMS and len(_KICKER_RE.findall(folded)) >= _STRIP_ITEMS:
        return True  # headlines run together: `| Quận X: Thu ngân sách ... Quận X: Nhiều ... |`
    if _strip_heading_re().match(folded) or folded.count(_STRIP_SEPARATOR) >= _STRIP_ITEMS:
        return True  # a strip of event tags: `DÒNG SỰ KIỆN. * KỲ HỌP ... * EURO 2021 * ...`
    # Bylines and related-item metadata: short lines that end with a timestamp.
    return (
        len(folded.split()) <= _BYLINE_WORDS and _ENDS_WITH_TIMESTAMP_RE.search(folded) is not None
    )


def date_marker(lines: list[str]) -> tuple[int, re.Match[str]] | None:
    """An archive's ` date YYYY-MM` marker opening the text, and the index of its line: the
    first line that is neither blank nor page furniture (a weather or event strip may stand
    above it). None when that line opens with no marker."""
    for index, line in enumerate(lines):
        found = DATE_MARKER_RE.match(line)
        if found:  # (a marker line cut short by a hard wrap may look like a byline)
            return index, found
        if line.strip() and not is_furniture_line(fold(line.strip())):
            return None
    return None


def _single_blank_lines(text: str) -> str:
    """`text` with runs of blank lines made one and no blank lines around it (the regex
    only where a run stands: a substring test costs a small part of its scan)."""
    if _BLANK_RUN in text:
        text = _BLANK_RUNS_RE.sub("\n\n", text)
    return text.strip("\n")


def _is_wrap(line: str, next_line: str) -> bool:
    """Whether the break between two stripped lines is a hard wrap inside a sentence: `line`
    is left open and `next_line` goes on in lower case, with a figure (not a list or section
    number such as `2.` or `2.1.`) or with a `(`; a blank line is always a paragraph break."""
    if not line or not _OPEN_LINE_END_RE.search(line):
        return False
    first = _WRAPPED_ON_RE.match(next_line)
    return first is not None and (not first.group().isalpha() or first.group().islower())


def goes_on(line: str, next_line: str, title: bool = False) -> bool:
    """Whether stripped `next_line` goes on from `line` across a hard wrap (`_is_wrap`); a
    title goes on only with a lower-case word (a `(` or a figure under it opens the lead)."""
    return _is_wrap(line, next_line) and not (title and not next_line[0].isalpha())


def _headline_length(text: str) -> bool:
    """Whether `text` is short enough for a headline: a longer title line is the first
    paragraph of an article printed with no title, and goes on as body text does."""
    return len(text.split()) <= HEADING_WORDS


def opens_untitled(line: str) -> bool:
    """Whether a first line is the opening paragraph of an article printed with no title:
    it runs longer than a headline and holds two sentences (one long sentence may still be
    a title: `HNP - Qua 5 năm ...` under a dated headline)."""
    return not _headline_length(line) and _SENTENCE_BREAK_RE.search(line) is not None


def unwrapped(lines: list[str], title: str | None = None) -> Iterator[str]:
    """The non-blank `lines`, stripped, each hard wrap joined with a space (`goes_on`);
    nothing goes on from a furniture line (a byline's timestamp), as in `clean_article`.
    The lines of `title` go on only as a title does; with no title given, any line may be
    the title and so goes on only as one does, and only while it holds one sentence (a
    line holding two is body text: an article opening with no title)."""
    last, open_ = "", False  # the logical line so far; whether a line may go on from it
    for line in lines:
        stripped = line.strip()
        as_title = (title is None or title.startswith(last)) and _headline_length(last)
        if open_ and stripped and goes_on(last, stripped, as_title):
            last = f"{last} {stripped}"
        else:
            if last:
                yield last
            last, open_ = stripped, bool(stripped) and not is_furniture_line(fold(stripped))
        if title is None and _SENTENCE_BREAK_RE.search(last):
            open_ = False
    if last:
        yield last


def without_related_blocks(lines: Iterable[str]) -> Iterator[str]:
    """Logical `lines` (see `unwrapped`) less each related-news heading and the headline-
    like lines right after it (as `clean_article` drops them; a line holding a sentence's
    end and the next one's start is the article's text)."""
    in_block = False
    for line in lines:
        if len(line) > _BODY_LINE_CHARS:  # a paragraph of body text ends any block
            in_block = False
            yield line
            continue
        folded = fold(line)
        if is_related_heading(folded):
            in_block = True
            continue
        headline = _is_headline_like(folded) and not _SENTENCE_BREAK_RE.search(line)
        if in_block and (headline or is_furniture_line(folded)):
            continue
        in_block = False
        yield line


def _goes_on_in_sentence(line: str, next_line: str) -> bool:
    """`goes_on`, unless a figure ends `line` and another opens `next_line`."""
    return goes_on(line, next_line) and not (line[-1].isdigit() and next_line[0].isdigit())


def _wrapped_on(lines: list[str], folded_lines: list[str], at: int) -> str:
    """Folded line `at`, stripped, with the lines it goes on into across hard wraps. Two
    figures never stand side by side in a sentence: a line ending in one over a line
    opening with one is a headline over a paragraph (`... năm 2019` / `9 tháng năm 2020`)."""
    last, parts = lines[at].strip(), [folded_lines[at].strip()]
    while at + 1 < len(lines) and _goes_on_in_sentence(last, lines[at + 1].strip()):
        at += 1
        last = lines[at].strip()
        parts.append(folded_lines[at].strip())
    return " ".join(parts)


def _opens_wrapped_title(lines: list[str], at: int, title: str) -> bool:
    """Whether line `at` is the first line of `title` hard-wrapped onto the next line."""
    line = lines[at].strip()
    if not line or at + 1 >= len(lines):
        return False
    next_line = lines[at + 1].strip()
    return goes_on(line, next_line, title=True) and title.startswith(f"{line} {next_line}")


def _joined(lines: list[str], breaks: list[str]) -> str:
    """`lines` as one text, each after its break (the first one's left out)."""
    return "".join(itertools.chain.from_iterable(zip(breaks, lines, strict=True)))[1:]


def clean_article(text: str, title: str | None = None, folded: str | None = None) -> CleanedArticle:
    """Drop furniture lines from NFC `text`; `title` (default: the first line) is kept once.
    (`folded`: `text` folded, when the caller has it.)

    A line hard-wrapped inside a sentence (`_is_wrap`) goes on on the next kept line, unless
    it is the title or furniture stood between them. Lines repeating the title after the
    first are photo captions and are dropped.
    A related-news heading drops itself and the headline-like lines that follow it,
    until a full paragraph or a long sentence-like line, or a blank line when the
    headlines stood together (a block spaced by blank lines goes on over them).
    """
    lines = text.split("\n")
    folded_lines = (fold(text) if folded is None else folded).split("\n")  # offsets stay 1:1
    marker = date_marker(lines)
    if marker:  # an archive's ` date 2022-11` marker opens the text: not article text
        at, found = marker
        removed_marker = lines[at][: found.end()]
        lines[at] = lines[at][found.end() :]
        folded_lines[at] = folded_lines[at][found.end() :]
    title = title if title is not None else next((ln for ln in lines if ln.strip()), "")
    title_key = _key(title)
    kept: list[str] = []
    kept_folded: list[str] = []
    breaks: list[str] = []  # before each kept line: a line break, or a space joining a wrap
    open_line = ""  # the last kept line, while the next line may go on from it
    title_open = False  # that line is the title: it goes on only with a lower-case word
    removed: list[str] = []
    in_related_block = False
    block_items, block_spaced = 0, False  # lines of the block so far; blank lines between them
    title_seen = False
    for at, (line, folded_line) in enumerate(zip(lines, folded_lines, strict=True)):
        stripped = line.strip()
        folded = folded_line.strip()
        wrapped = goes_on(open_line, stripped, title_open)
        # Each line of a wrapped title goes on only as a title does, up to its last line.
        title_goes_on = wrapped and title_open and stripped in title
        open_line, title_open = "", False
        if not stripped:
            # A block whose headlines stand together ends at a blank line: what follows is
            # the article's text, even a paragraph the source cut short (no final stop).
            # A blank line before its first headline spaces them all: the block goes on.
            block_spaced = block_spaced or block_items == 0
            in_related_block = in_related_block and block_spaced
            kept.append("")
            kept_folded.append("")
            breaks.append("\n")
            continue
        if len(stripped) > _BODY_LINE_CHARS or wrapped:
            # A paragraph of body text, or a sentence going on across a hard wrap (a wrapped
            # `2019.` or `tính đến ngày 31/5/2023,` is no furniture line by itself).
            in_related_block = False
        else:
            if is_related_heading(folded):
                in_related_block, block_items, block_spaced = True, 0, False
                removed.append(line)
                continue
            if in_related_block:
                # A headline is one line: a line a hard wrap goes on from is read whole.
                if _is_headline_like(_wrapped_on(lines, folded_lines, at)) or is_furniture_line(
                    folded
                ):
                    removed.append(line)
                    block_items += 1
                    continue
                in_related_block = False
            if title_key and _could_repeat(stripped, title) and _key(stripped) == title_key:
                if title_seen:
                    removed.append(line)
                    continue
                title_seen, title_open = True, _headline_length(title)
            elif not title_seen and _opens_wrapped_title(lines, at, title):
                title_seen, title_open = True, _headline_length(title)
            elif is_furniture_line(folded):
                removed.append(line)
                continue
        kept.append(line.rstrip())
        kept_folded.append(folded_line.rstrip())
        breaks.append(" " if wrapped else "\n")
        open_line, title_open = stripped, title_open or title_goes_on
    cleaned = _single_blank_lines(_joined(kept, breaks))
    folded = _single_blank_lines(_joined(kept_folded, breaks))
    if marker:
        removed.insert(0, removed_marker)
    return CleanedArticle(text=cleaned, removed=tuple(removed), folded=folded)
