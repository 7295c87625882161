"""Web-archive files (`.warc`, `.warc.gz`, e.g. Common Crawl segments) as corpora.

Read with FastWARC (about 60 µs a record on the 2-core machine; warcio took 420). Each HTML
response (status 200) is one article: the record's target URI and its date are what the
archive states (`warc`), and the page's own metadata wins over them when it has its own
(helpers.sources.pages). Requests, metadata records, redirects and responses that are not
HTML are passed over. A response's `doc_id` is `STEM-N`, N its number among the file's
responses (from 1). Records are read one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from helpers.extract.text.metadata import stated_by
from helpers.sources.records import Record, iso_date

WARC = "warc"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_OK = 200


def read_warc(path: Path) -> Iterator[Record]:
    """The HTML responses of a web-archive file, in order; ValueError when it is not one."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    stem = path.name[: -len(".gz")] if path.name.lower().endswith(".gz") else path.name
    stem = stem[: -len(".warc")]
    with open(path, "rb") as handle:
        try:
            responses = ArchiveIterator(
                handle, record_types=WarcRecordType.response, parse_http=True
            )
            for number, record in enumerate(responses, start=1):
                if record.http_headers is None:
                    continue
                content_type = record.http_headers.get("Content-Type") or ""
                status = record.http_headers.status_code
                if status != _OK or not content_type.lower().startswith(_HTML_TYPES):
                    continue
                stated = stated_by(
                    WARC,
                    url=record.headers.get("WARC-Target-URI") or "",
                    published=iso_date(record.headers.get("WARC-Date")),
                )
                yield Record(
                    path,
                    number,
                    f"{stem}-{number}",
                    stated,
                    html=record.reader.read(),
                    content_type=content_type,
                )
        except OSError as error:  # FastWARC's word for a file that is not WARC
            raise ValueError(f"{path}: not a web-archive (WARC) file: {error}") from error
