"""One article inside a many-article file (an archive row, a web-archive response), as sent
to an extraction worker, and how it becomes an `Article`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from helpers.extract.text.metadata import GivenMetadata
from helpers.extract.text.reading import (
    MAX_ARTICLE_BYTES,
    UTF8,
    Article,
    ArticleReadError,
    normalise_text,
)
from helpers.extract.text.textnorm import nfc

_ISO_DATE = re.compile(r"^((?:19|20)\d{2})-(\d{2})-(\d{2})")
_DAY_FIRST_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\b")
# A month or a year alone (`2022-04`, `2022`): a date at the precision its source gives.
_ISO_MONTH_OR_YEAR = re.compile(r"((?:19|20)\d{2})(?:-(0[1-9]|1[0-2]))?")


@dataclass(frozen=True)
class Record:
    """An article at `key` (its row or record number) in the file `archive`: its `text`
    (an archive row) or its page's `html` and its HTTP `content_type` (a web-archive
    response), what the file states about it (`given`), or why it cannot be read (`error`)."""

    archive: Path
    key: int
    doc_id: str
    given: GivenMetadata
    text: str = ""
    html: bytes = b""
    content_type: str = ""
    error: str = ""

    @property
    def path(self) -> Path:
        """The article's name as a path, `ARCHIVE#KEY` (the `file` of its facts)."""
        return self.archive.with_name(f"{self.archive.name}#{self.key}")

    @property
    def name(self) -> str:
        return self.path.name


def text_article(record: Record) -> Article:
    """The article of an archive row; ArticleReadError when its text is missing or not
    article text (the bounds of helpers.extract.text.reading)."""
    if record.error:
        raise ArticleReadError(record.path, record.error)
    if len(record.text) > MAX_ARTICLE_BYTES:
        raise ArticleReadError(
            record.path, f"{len(record.text):,} characters, over the limit of an article"
        )
    text = normalise_text(record.path, nfc(record.text))
    return Article(record.doc_id, record.path, text, UTF8, (), record.given)


def iso_date(value: object) -> str:
    """A stated publication date as `YYYY-MM-DD` (from a date, an ISO string or a
    day-first `29/12/2016`), or as `YYYY-MM` or `YYYY` when it is only a month or a year;
    '' when it is none of these."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value or "").strip()
    if _ISO_MONTH_OR_YEAR.fullmatch(text):
        return text
    if found := _ISO_DATE.match(text):
        return _valid(*(int(part) for part in found.groups()))
    if found := _DAY_FIRST_DATE.match(text):
        day, month, year = (int(part) for part in found.groups())
        return _valid(year, month, day)
    return ""


def _valid(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""
