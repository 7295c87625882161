"""Where an article was published on the web: its URL, title, date and outlet as a
sidecar table states them, or its URL from its text.

A corpus may carry `sources.csv` (columns `doc_id`, `url`; optional `title`, `date` or
`published`, `outlet`, `author`; others ignored) inside its folder or beside it (in the
folder's parent, as `articles/` + `sources.csv`). What it states wins over what the text
says and yields to what a page's own metadata states (helpers.tables.citations). Otherwise the
first web address written in the article itself (a `Nguồn:` line, a footer) is its URL.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.extract.text.metadata import GivenMetadata, stated_by

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger(__name__)

SIDECAR_NAME = "sources.csv"
SIDECAR_COLUMNS = ("doc_id", "url")
# Optional columns and the metadata field each states (`date` and `published` alike).
SIDECAR_FIELDS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "outlet": "outlet",
    "author": "author",
}
WEB_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+")
TRAILING_PUNCTUATION = ".,;:!?”’"


def url_in_text(text: str) -> str:
    """The first http(s) address in `text` without trailing punctuation, or ''."""
    found = WEB_URL.search(text)
    return found.group().rstrip(TRAILING_PUNCTUATION) if found else ""


def sidecar_path(corpus_dir: Path) -> Path | None:
    """`sources.csv` in the corpus folder, else beside it; None when there is none."""
    for folder in (corpus_dir, corpus_dir.parent):
        candidate = folder / SIDECAR_NAME
        if candidate.is_file():
            return candidate
    return None


def sidecar_metadata(corpus_dir: Path) -> dict[str, GivenMetadata]:
    """doc_id → what the corpus's `sources.csv` states ({} without one), each field from
    `sources.csv`. A table lacking the `doc_id` and `url` columns is an error naming them;
    a URL that is not a web address is ignored with a warning."""
    from helpers.sources.records import iso_date

    table = _sidecar_table(Path(corpus_dir))
    if table is None:
        return {}
    urls = _valid_urls(table, sidecar_path(Path(corpus_dir)))
    stated = {}
    for row in table.to_dict("records"):
        values = {field: row[column] for column, field in SIDECAR_FIELDS.items() if column in row}
        if "published" in values:
            values["published"] = iso_date(values["published"])
        stated[row["doc_id"]] = stated_by(SIDECAR_NAME, url=urls.get(row["doc_id"], ""), **values)
    return stated


def _sidecar_table(corpus_dir: Path) -> pd.DataFrame | None:
    import pandas as pd  # here, not at the top: `sidecar_path` is asked without pandas

    path = sidecar_path(corpus_dir)
    if path is None:
        return None
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{path}: not UTF-8 ({error.reason} at byte {error.start}); save it as CSV UTF-8"
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ValueError(f"{path}: not a CSV table: {' '.join(str(error).split())}") from None
    missing = [column for column in SIDECAR_COLUMNS if column not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}; expected {list(SIDECAR_COLUMNS)}")
    return table


def _valid_urls(table: pd.DataFrame, path: Path | None) -> dict[str, str]:
    urls = {}
    for doc_id, url in zip(table["doc_id"], table["url"], strict=True):
        url = url.strip()
        if url and not WEB_URL.fullmatch(url):
            logger.warning("%s: %s: not a web address, ignored: %r", path, doc_id, url)
            continue
        if url:
            urls[doc_id] = url
    return urls
