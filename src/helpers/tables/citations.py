"""How the articles table cites an article: the best title, date, author, outlet and URL,
and where each came from (`provenance`).

One precedence for every field: what the article's own source states (a saved page's
metadata, an archive's columns, a web-archive record: `page`, `archive`, `warc`; see
helpers.extract.text.metadata), then the researcher's `sources.csv` (helpers.sources.sidecar:
`url`, `title`, `date`/`published`, `outlet`, `author`), then what the text says (`text`).
What is read from the text is checked before it is cited:

- the title loses an archive's ` date 2022-04` marker; one longer than a headline
  (MAX_TITLE_WORDS) is a paragraph, not a title, and is not cited; else it is shortened to
  TITLE_MAX_CHARS at a word boundary;
- the outlet is named from the URL's domain (`kinhtedothi.vn` → Kinh tế & Đô thị, or the
  domain itself: source `url`) before the text's markers;
- an author is kept only when it reads as a name (`N.Hoa`, `Minh Anh`): not one bare word
  (`Cô`, `Kế`: the cut last word of a text), not a piece of the title, nothing in
  brackets.
"""

from __future__ import annotations

import re
import textwrap
import urllib.parse

from helpers.extract.text.cleaning import DATE_MARKER_RE
from helpers.extract.text.metadata import (
    FROM_TEXT,
    METADATA_FIELDS,
    ArticleMetadata,
    GivenMetadata,
    find_outlet,
)
from helpers.extract.text.textnorm import fold
from helpers.sources.sidecar import SIDECAR_NAME as SIDECAR_SOURCE

TITLE_MAX_CHARS = 160
MAX_TITLE_WORDS = 40  # the longest headline in the published test articles has 27
FROM_URL = "url"
CITED_FIELDS = (*METADATA_FIELDS, "url")
WWW_PREFIX = "www."
NAME_RE = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)+|[^\W\d_]+(?: [^\W\d_]+){1,4}")


def outlet_of_url(url: str) -> str:
    """The outlet a web address names: a known outlet by its domain, else the domain."""
    host = urllib.parse.urlsplit(url).hostname or ""
    host = host.removeprefix(WWW_PREFIX)
    return find_outlet(fold(host)) or host if host else ""


def clean_title(title: str) -> str:
    """The text's title without an archive's date marker, at most TITLE_MAX_CHARS long;
    '' for a paragraph (over MAX_TITLE_WORDS words)."""
    title = DATE_MARKER_RE.sub("", title).strip()
    if len(title.split()) > MAX_TITLE_WORDS:
        return ""
    return textwrap.shorten(title, TITLE_MAX_CHARS, placeholder=" …") if title else ""


def plausible_author(author: str, title: str) -> str:
    """`author` when it reads as a person's name or initials, else ''."""
    author = author.strip()
    if not NAME_RE.fullmatch(author) or author in title:
        return ""
    return author


def citation(
    metadata: ArticleMetadata, url: str, url_source: str, sidecar: GivenMetadata | None
) -> dict[str, str]:
    """title, published, author, outlet, url and provenance of one article (see the module
    docstring); `url_source` says where `url` came from, `sidecar` is the article's row
    of `sources.csv`."""
    sources = dict(pair.split("=", 1) for pair in metadata.provenance.split(";") if pair)
    found = {
        name: (getattr(metadata, name), sources.get(name, FROM_TEXT)) for name in METADATA_FIELDS
    }
    found["url"] = (url, url_source or FROM_TEXT)
    for name in ("url", *METADATA_FIELDS):  # the URL first: it may name the outlet
        value, source = found[name]
        stated = getattr(sidecar, name) if sidecar is not None else ""
        if stated and (not value or source == FROM_TEXT):
            found[name] = (stated, SIDECAR_SOURCE)
        elif source == FROM_TEXT:
            found[name] = _checked_text_field(name, value, metadata.title, found["url"][0])
    row = {name: found[name][0] for name in CITED_FIELDS}
    row["provenance"] = ";".join(
        f"{name}={found[name][1]}" for name in CITED_FIELDS if found[name][0]
    )
    return row


def _checked_text_field(name: str, value: str, title: str, url: str) -> tuple[str, str]:
    """A field read from the text, as cited, and its source (see the module docstring)."""
    if name == "title":
        return clean_title(value), FROM_TEXT
    if name == "author":
        return plausible_author(value, title), FROM_TEXT
    if name == "outlet" and (named := outlet_of_url(url)):
        return named, FROM_URL
    return value, FROM_TEXT
