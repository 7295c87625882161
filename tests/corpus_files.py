"""Build corpus files of other kinds from article texts: archives and web-archive files."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def write_jsonl(path: Path, rows: Iterable[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return path


def write_warc(
    path: Path, responses: Iterable[tuple[str, str, bytes, str]], date: str = "2023-05-04T10:00:00Z"
) -> Path:
    """A `.warc.gz` (by its name) of HTTP responses: (url, content type, body, status)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=path.name.endswith(".gz"))
    for url, content_type, body, status in responses:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    return path
