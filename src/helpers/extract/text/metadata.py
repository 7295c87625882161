"""Article metadata: title, publication date, author, outlet, each with where it came from.

From the raw text, the publication date is read only from a byline in the article's head
(a short line with a date, before the first paragraph of body text), never from
related-news items. What the article's source states about it (a saved page's metadata, an
archive's columns, a web-archive record: `GivenMetadata`) wins over these guesses, and
`ArticleMetadata.provenance` records, field by field, which one was taken.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlsplit

from helpers.extract.run.records import Reduction, reduce_by_fields
from helpers.extract.text.cleaning import (
    date_marker,
    is_furniture_line,
    is_related_heading,
    opens_untitled,
    unwrapped,
    without_related_blocks,
)
from helpers.extract.text.phrases import phrase_table
from helpers.extract.text.textnorm import fold, nfc

_DATA = "helpers.extract.text.data"
# Outlet markers and portal domains (`text/data/outlets.csv`), read on folded text.
_OUTLETS = phrase_table(_DATA, "outlets.csv", folded=True)
_PORTAL_RE = re.compile(rf"\b({_OUTLETS.alternation('portal')})\b")
_PORTAL_SUFFIX = _OUTLETS.family("portal")[0].value  # a text without it needs no regex scan
# Byline words (`text/data/bylines.csv`), read on raw text in any case.
_BYLINES = phrase_table(_DATA, "bylines.csv", flags=re.IGNORECASE)
_PUBLISHED_LABEL_RE = re.compile(
    rf"\b(?:{_BYLINES.alternation('published_label')})\b", re.IGNORECASE
)
_SECTION_LABEL_WORDS = 6  # an upper-case line this short is a section label, not a title
_MIN_TITLE_WORDS = 4  # shorter head lines are labels, datelines or menus, not headlines
_NAVIGATION = "|"  # menus and widgets separate their items with bars; titles never do
_DATE_RE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\b")  # years 1900-2099
_TIME_RE = re.compile(r"\b\d{1,2}[:h]\d{2}(?::\d{2})?\b")
_WEEKDAY_RE = re.compile(rf"\b(?:{_BYLINES.alternation('weekday')})\b,?", re.IGNORECASE)
_BYLINE_TAIL_RE = re.compile(rf"\s*(?:\||{_BYLINES.alternation('byline_tail')})", re.IGNORECASE)
_DOCUMENT_RE = re.compile(rf"\b(?:{_BYLINES.alternation('document_word')})\b", re.IGNORECASE)
_BYLINE_LABEL_RE = re.compile(rf"^(?:{_BYLINES.alternation('byline_label')})\s*:\s*", re.IGNORECASE)
_SIGNATURE_RE = re.compile(r"^[A-ZĐÀ-Ỹ][\w.]*(?:[ .-][A-ZĐÀ-Ỹ][\w.]*){0,3}$")
_MAX_TITLE_SCAN_LINES = 5  # the headline stands among the first lines of a page
_MAX_HEAD_LINES = 8  # a byline stands in the article's head, before the body text
_MAX_BYLINE_WORDS = 14  # a dated line longer than this is a sentence, not a byline
_MAX_DATELINE_WORDS = 8  # an unlabelled dated line longer than this ending in `.` is a sentence
_UNLABELLED = 2  # `_byline_rank` of a dated line with neither a label nor a clock time
_OUTLET_LINES = 12  # outlet markers stand in the first or last lines (lead, copyright)

METADATA_FIELDS = ("title", "published", "author", "outlet")
FROM_TEXT = "text"
_URL_WORD_BREAKS = re.compile(r"[\W_]+")  # a URL path's slashes, hyphens and dots
# Stated fields that the text's own reading wins over: a web-archive record's date is when
# the page was captured, which can be years after it was published.
YIELDS_TO_TEXT = (("published", "warc"),)


@dataclass(frozen=True)
class GivenMetadata:
    """What an article's source states about it (empty where it does not say), and where
    each stated field came from: `provenance` is `field=source` pairs, `;`-joined
    (`title=page;published=warc;url=warc`)."""

    title: str = ""
    published: str = ""
    author: str = ""
    outlet: str = ""
    url: str = ""
    provenance: str = ""

    def __reduce__(self) -> Reduction:
        return reduce_by_fields(self)

    def page_words(self) -> tuple[str, str]:
        """The words its page names beside the text: the stated title, and the words of
        its URL's path (`/dien-mao-huyen-soc-son-...` → `dien mao huyen soc son ...`; not
        the site's name)."""
        return self.title, _URL_WORD_BREAKS.sub(" ", urlsplit(self.url).path).strip()

    def source_of(self, name: str) -> str:
        """Where field `name` came from ('' when it is not stated)."""
        for pair in self.provenance.split(";"):
            field_name, _, source = pair.partition("=")
            if field_name == name:
                return source
        return ""


def stated_by(source: str, **values: str) -> GivenMetadata:
    """A `GivenMetadata` of `values` (field names as keys, NFC), each non-empty one from
    `source`."""
    kept = {name: nfc(value.strip()) for name, value in values.items() if value and value.strip()}
    return GivenMetadata(**kept, provenance=";".join(f"{name}={source}" for name in kept))


def combined(first: GivenMetadata, then: GivenMetadata) -> GivenMetadata:
    """Each field from `first` when it states it, else from `then`, with its provenance."""
    values: dict[str, str] = {}
    sources: list[str] = []
    for name in (*METADATA_FIELDS, "url"):
        for given in (first, then):
            value = getattr(given, name)
            if value:
                values[name] = value
                sources.append(f"{name}={given.source_of(name)}")
                break
    return GivenMetadata(**values, provenance=";".join(sources))


@dataclass(frozen=True)
class ArticleMetadata:
    """What an article says about itself. Empty strings where nothing says; `provenance`
    lists where each non-empty field came from (`title=page;published=text`), empty when
    everything came from the text."""

    title: str
    published: str
    author: str
    outlet: str
    provenance: str = ""

    def __reduce__(self) -> Reduction:
        return reduce_by_fields(self)


def find_title(lines: list[str]) -> str:
    """The title: the first of the first non-empty lines with four words or more that is
    not page furniture (an event strip, a navigation bar, a dateline); an archive's
    ` date 2022-11` marker opening the text is no part of it. An article that opens with a
    paragraph (`opens_untitled`) has no title: empty."""
    marker = date_marker(lines)
    if marker:
        at, found = marker
        lines = [*lines[:at], lines[at][found.end() :], *lines[at + 1 :]]
    # A title wrapped as a PDF is read whole; a related-news block is no part of the page.
    non_empty = without_related_blocks(unwrapped(lines))
    first = next(non_empty, "")
    # Furniture lines (a weather strip, an event strip) do not use up the lines scanned.
    page = (ln for ln in itertools.chain([first], non_empty) if not is_furniture_line(fold(ln)))
    for line in itertools.islice(page, _MAX_TITLE_SCAN_LINES):
        if len(line.split()) < _MIN_TITLE_WORDS or _DATE_RE.search(line) or _NAVIGATION in line:
            continue
        if line.isupper() and len(line.split()) <= _SECTION_LABEL_WORDS:
            continue  # `KINH TẾ - ĐÔ THỊ`: the section, not the headline
        return "" if opens_untitled(line) else line
    return first


def _byline(lines: list[str], title: str) -> tuple[str, str, int]:
    """(published ISO date, author, rank) from a short dated line in the article head;
    the rank says how sure the line is a byline (`_byline_rank`)."""
    head = []
    # Lines joined across hard wraps: a wrapped sentence's date is no byline's.
    for line in itertools.islice(unwrapped(lines, title), _MAX_HEAD_LINES):
        if is_related_heading(fold(line)):
            break
        head.append(line)
    # A line that says it gives the publication (`Tin đăng lúc 26-06-2016`) comes first,
    # then a dated line with a clock time (a byline); a bare `Hà Nội, ngày 05-03-2021` is
    # the site's page header (today's date), used only when nothing else is dated.
    dated = [(_byline_rank(line), line, found) for line in head if (found := _DATE_RE.search(line))]
    for rank, line, found in sorted(dated, key=lambda ranked: ranked[0]):
        if line == title or len(line.split()) > _MAX_BYLINE_WORDS or _is_sentence(line, rank):
            continue
        day, month, year = (int(g) for g in found.groups())
        try:
            published = date(year, month, day).isoformat()
        except ValueError:
            continue
        author = _author_from_byline(line[: found.start()] + line[found.end() :])
        return published, author, rank
    return "", "", _UNLABELLED


def _is_sentence(line: str, rank: int) -> bool:
    """Whether an unlabelled dated head line is body text: it names a document (the date is
    the document's: `theo Quyết định số 12/QĐ-UBND ngày 5/6/2019`), or it runs over
    `_MAX_DATELINE_WORDS` words and ends in a full stop."""
    if rank < _UNLABELLED:
        return False
    long_sentence = len(line.split()) > _MAX_DATELINE_WORDS and line.endswith(".")
    return long_sentence or _DOCUMENT_RE.search(line) is not None


def _byline_rank(line: str) -> int:
    """How likely a dated head line gives the publication date (lower: likelier)."""
    if _PUBLISHED_LABEL_RE.search(line):
        return 0
    return 1 if _TIME_RE.search(line) else _UNLABELLED


def _author_from_byline(text: str) -> str:
    """The author's name left in a byline once its date, time and labels are removed."""
    text = _TIME_RE.sub(" ", text)
    text = _BYLINE_TAIL_RE.split(text)[0]
    text = _WEEKDAY_RE.sub(" ", text)
    text = _BYLINE_LABEL_RE.sub("", text.strip(" -|,"))
    return re.sub(r"\s+", " ", text).strip(" -|,")


def _signature(body_lines: list[str]) -> str:
    """An author's signature on the last body line (`N.Hoa`, `T.Vũ`, `Minh Anh`)."""
    for line in reversed(body_lines):
        stripped = line.strip()
        if not stripped:
            continue
        if _SIGNATURE_RE.match(stripped) and not any(ch.isdigit() for ch in stripped):
            return stripped
        return ""
    return ""


@cache
def _outlet_markers() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each outlet marker's regex and the outlet it names, in file order (first found wins)."""
    return tuple((re.compile(row.pattern), row.value) for row in _OUTLETS.family("outlet_marker"))


def find_outlet(folded_text: str) -> str:
    """The outlet named by a marker such as `(HNM)`, a copyright line or a portal domain."""
    for marker, outlet in _outlet_markers():
        if marker.search(folded_text):
            return outlet
    portal = _PORTAL_RE.search(folded_text) if _PORTAL_SUFFIX in folded_text else None
    return portal.group(1) if portal else ""


def extract_metadata(
    raw_text: str,
    cleaned_lines: list[str],
    title: str | None = None,
    given: GivenMetadata | None = None,
    folded: str | None = None,
) -> ArticleMetadata:
    """Metadata of one article from its raw NFC text and its cleaned lines (`title`: its
    `find_title`, `folded`: the raw text folded, when the caller has them already); what
    `given` states wins."""
    from_text = _metadata_from_text(
        raw_text, cleaned_lines, title, fold(raw_text) if folded is None else folded
    )
    return from_text if given is None else with_given(from_text, given)


def with_given(from_text: ArticleMetadata, given: GivenMetadata) -> ArticleMetadata:
    """`from_text` with each field `given` states replaced, and the provenance of each."""
    values: dict[str, str] = {}
    sources: list[str] = []
    for name in METADATA_FIELDS:
        stated = getattr(given, name)
        if (name, given.source_of(name)) in YIELDS_TO_TEXT and getattr(from_text, name):
            stated = ""
        values[name] = stated or getattr(from_text, name)
        if values[name]:
            sources.append(f"{name}={given.source_of(name) if stated else FROM_TEXT}")
    return ArticleMetadata(
        values["title"],
        values["published"],
        values["author"],
        values["outlet"],
        ";".join(sources),
    )


def _metadata_from_text(
    raw_text: str, cleaned_lines: list[str], title: str | None, folded: str
) -> ArticleMetadata:
    """What the text itself says (see the module docstring)."""
    lines = raw_text.split("\n")
    title = find_title(lines) if title is None else title
    published, author, rank = _byline(lines, title)
    marker = date_marker(lines)
    if marker:
        found = marker[1]
        month = f"{found['year']}-{found['month']}"  # an archive's ` date 2022-11`
        # The archive's month wins over an unlabelled date of another month (a page
        # header's today, a date in the body).
        if not published or (rank == _UNLABELLED and not published.startswith(month)):
            published = month
    if not author:
        author = _signature(cleaned_lines)
    folded_lines = folded.split("\n")
    edges = "\n".join(folded_lines[:_OUTLET_LINES] + folded_lines[-_OUTLET_LINES:])
    return ArticleMetadata(title, published, author, find_outlet(edges))
