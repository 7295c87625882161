"""Web-archive files (`.warc`, `.warc.gz`, e.g. Common Crawl segments) as corpora.

Each HTML response (status 200) is one article: the record's target URI and its date are
what the archive states (`warc`), and the page's own metadata wins over them when it has
its own (helpers.sources.pages). Requests, metadata records, redirects and responses that
are not HTML are passed over. A response's `doc_id` is `STEM-N`, N its record's number in
the file (from 1). Records are read one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from helpers.extract.metadata import stated_by
from helpers.sources.records import Record, iso_date

WARC = "warc"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_OK = "200"


def read_warc(path: Path) -> Iterator[Record]:
    """The HTML responses of a web-archive file, in order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open(path, "rb") as handle:
        try:
            for number, record in enumerate(ArchiveIterator(handle), start=1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                status = record.http_headers.get_statuscode()
                if status != _OK or not content_type.lower().startswith(_HTML_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                stated = stated_by(
                    WARC,
                    url=url,
                    published=iso_date(record.rec_headers.get_header("WARC-Date")),
                )
                html = record.content_stream().read()
                yield Record(
                    path,
                    number,
                    f"{path.stem.removesuffix('.warc')}-{number}",
                    stated,
                    html=html,
                    content_type=content_type,
                )
        except ArchiveLoadFailed as error:
            raise ValueError(f"{path}: not a web-archive (WARC) file: {error}") from error
