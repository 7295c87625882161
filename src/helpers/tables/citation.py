"""The best title, date, author, outlet and URL of an article, and where each came from.

In order: what the article's own source states (a page's metadata, an archive's columns, a
web-archive record: `page`, `archive`, `warc`), then `sources.csv` (helpers.tables.sources),
then what the text says (`text`). A title read from the text that runs longer than a
headline (`MAX_TITLE_WORDS`) is a paragraph, not a title, and is not cited. The outlet,
when nothing names it, is the URL's domain (`url`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from helpers.extract.metadata import FROM_TEXT, METADATA_FIELDS, ArticleMetadata, GivenMetadata
from helpers.tables.sources import SIDECAR_NAME as SIDECAR_SOURCE

MAX_TITLE_WORDS = 40  # the longest headline in the published test articles has 27
FROM_URL = "url"
CITED_FIELDS = (*METADATA_FIELDS, "url")


def cited_metadata(
    metadata: ArticleMetadata, url: str, url_source: str, sidecar: GivenMetadata | None
) -> dict[str, str]:
    """title, published, author, outlet, url and provenance of one article (see the module
    docstring); `url_source` says where `url` came from."""
    sources = dict(pair.split("=", 1) for pair in metadata.provenance.split(";") if pair)
    found = {
        name: (getattr(metadata, name), sources.get(name, FROM_TEXT)) for name in METADATA_FIELDS
    }
    found["url"] = (url, url_source or FROM_TEXT)
    title, source = found["title"]
    if source == FROM_TEXT and len(title.split()) > MAX_TITLE_WORDS:
        found["title"] = ("", FROM_TEXT)
    for name in ("url", *METADATA_FIELDS):  # the URL first: it may name the outlet
        value, source = found[name]
        stated = getattr(sidecar, name) if sidecar is not None else ""
        if stated and (not value or source == FROM_TEXT):
            value, source = stated, SIDECAR_SOURCE
        if name == "outlet" and not value and (domain := url_domain(found["url"][0])):
            value, source = domain, FROM_URL
        found[name] = (value, source)
    row = {name: found[name][0] for name in CITED_FIELDS}
    row["provenance"] = ";".join(
        f"{name}={found[name][1]}" for name in CITED_FIELDS if found[name][0]
    )
    return row


def url_domain(url: str) -> str:
    """The host of a web address without `www.` ('' for none)."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")
