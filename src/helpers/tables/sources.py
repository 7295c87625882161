"""Where an article was published on the web: its URL, from a sidecar table or its text.

A corpus may carry `sources.csv` (columns `doc_id`, `url`, others ignored) inside its
folder or beside it (in the folder's parent, as `articles/` + `sources.csv`); a URL there
wins. Otherwise the first web address written in the article itself (a `Nguồn:` line, a
footer) is taken. Articles with neither get ''.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

logger = logging.getLogger(__name__)

SIDECAR_NAME = "sources.csv"
SIDECAR_COLUMNS = ("doc_id", "url")
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


def sidecar_rows(corpus_dir: Path) -> dict[str, dict[str, str]]:
    """doc_id → the row of the corpus's `sources.csv` (every column, as text; {} without
    one): the citation's `title`, `published` and `outlet` when it has those columns."""
    import pandas as pd

    path = sidecar_path(Path(corpus_dir))
    if path is None:
        return {}
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "doc_id" not in table.columns:
        return {}  # sidecar_urls names the missing column
    return {str(row["doc_id"]): row for row in table.to_dict("records")}


def sidecar_urls(corpus_dir: Path) -> dict[str, str]:
    """doc_id → URL from the corpus's `sources.csv` ({} without one). A table lacking the
    `doc_id` and `url` columns is an error naming them."""
    import pandas as pd  # here, not at the top: `sidecar_path` is asked without pandas

    path = sidecar_path(Path(corpus_dir))
    if path is None:
        return {}
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
    urls = {}
    for doc_id, url in zip(table["doc_id"], table["url"], strict=True):
        url = url.strip()
        if url and not WEB_URL.fullmatch(url):
            logger.warning("%s: %s: not a web address, ignored: %r", path, doc_id, url)
            continue
        if url:
            urls[doc_id] = url
    return urls
