"""How the articles table cites an article: a researcher's `sources.csv` before guesses.

The sidecar `sources.csv` (see `helpers.tables.sources`) may give, beside each article's
`url`, its `title`, its publication date (`published`) and its `outlet`; a value there
wins over what the extractor read from the text. Without one:

- the title is the text's, without an archive's ` date 2022-04` marker before it, and
  shortened to TITLE_MAX_CHARS at a word boundary (a headline is a line, not a paragraph);
- the outlet is named from the URL's domain (`kinhtedothi.vn` → Kinh tế & Đô thị, or the
  domain itself), then from the text;
- the date is the text's;
- an author is kept only when it reads as a name (`N.Hoa`, `Minh Anh`): not one bare word
  (`Cô`, `Kế`: the cut last word of a text), not a piece of the title, nothing in
  brackets.
"""

from __future__ import annotations

import re
import textwrap
import urllib.parse

from helpers.extract.metadata import DATE_MARKER_RE, ArticleMetadata, find_outlet
from helpers.extract.textnorm import fold
from helpers.tables.schema import PUBLISHED_PATTERN

TITLE_MAX_CHARS = 160
SIDECAR_FIELDS = ("title", "published", "outlet")
WWW_PREFIX = "www."
NAME_RE = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)+|[^\W\d_]+(?: [^\W\d_]+){1,4}")


def outlet_of_url(url: str) -> str:
    """The outlet a web address names: a known outlet by its domain, else the domain."""
    host = urllib.parse.urlsplit(url).hostname or ""
    host = host.removeprefix(WWW_PREFIX)
    return find_outlet(fold(host)) or host if host else ""


def clean_title(title: str) -> str:
    """The text's title without an archive's date marker, at most TITLE_MAX_CHARS long."""
    title = DATE_MARKER_RE.sub("", title).strip()
    return textwrap.shorten(title, TITLE_MAX_CHARS, placeholder=" …") if title else ""


def plausible_author(author: str, title: str) -> str:
    """`author` when it reads as a person's name or initials, else ''."""
    author = author.strip()
    if not NAME_RE.fullmatch(author) or author in title:
        return ""
    return author


def citation(metadata: ArticleMetadata, url: str, sidecar: dict[str, str]) -> dict[str, str]:
    """`title`, `published`, `author` and `outlet` of one article: the sidecar's values
    first, then the URL's domain for the outlet, then the text's."""
    given = {field: sidecar.get(field, "").strip() for field in SIDECAR_FIELDS}
    published = given["published"]
    if published and not re.fullmatch(PUBLISHED_PATTERN, published):
        published = ""  # a sidecar date not in ISO form is ignored, the text's used
    return {
        "title": given["title"] or clean_title(metadata.title),
        "published": published or metadata.published,
        "author": plausible_author(metadata.author, metadata.title),
        "outlet": given["outlet"] or (outlet_of_url(url) if url else "") or metadata.outlet,
    }
