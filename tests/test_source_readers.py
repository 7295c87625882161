"""The small parts of the readers: dates as sources state them, column names, file kinds,
stable ids for fetched pages."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from helpers.extract.text.reading import corpus_kind
from helpers.sources.archives import ArchiveColumns, ArchiveError, resolve_columns
from helpers.sources.fetch import doc_id_for, read_url_list
from helpers.sources.pages import declared_charset
from helpers.sources.records import iso_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-12-29T15:18:00+07:00", "2016-12-29"),
        ("29/12/2016 15:18", "2016-12-29"),
        ("5-3-2021", "2021-03-05"),
        (datetime(2020, 1, 21, 10, 57), "2020-01-21"),
        (date(2019, 2, 1), "2019-02-01"),
        ("2019-02-30", ""),
        ("2022-04", "2022-04"),
        ("2022", "2022"),
        ("2022-13", ""),
        ("hôm qua", ""),
        (None, ""),
    ],
)
def test_iso_date(value: object, expected: str) -> None:
    assert iso_date(value) == expected


def test_columns_by_common_name_in_any_case_or_by_option() -> None:
    found = resolve_columns(
        Path("a.csv"), ["Headline", "Content", "Published", "Link"], ArchiveColumns()
    )
    assert found == {
        "text": "Content",
        "title": "Headline",
        "url": "Link",
        "published": "Published",
    }
    chosen = resolve_columns(Path("a.csv"), ["body", "noi_dung"], ArchiveColumns(text="noi_dung"))
    assert chosen["text"] == "noi_dung"
    with pytest.raises(ArchiveError, match="no column 'x'"):
        resolve_columns(Path("a.csv"), ["body"], ArchiveColumns(text="x"))


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.TXT", "text"),
        ("a.Html", "page"),
        ("crawl.warc.gz", "warc"),
        ("news.jsonl", "archive"),
        ("sources.csv", None),
        ("corrections.csv", None),
        ("notes.md", None),
        (".txt", None),
        ("data.gz", None),
    ],
)
def test_corpus_kind(name: str, kind: str | None) -> None:
    assert corpus_kind(name) == kind


def test_declared_charset() -> None:
    assert declared_charset(b'<meta charset="windows-1258">') == "cp1258"
    assert declared_charset(b"<html>", "text/html; charset=UTF-8") == "utf-8"
    assert declared_charset(b'<meta charset="no-such-code">') == ""


def test_url_list_and_fetched_ids(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "\ufeff# list\nhttps://a.vn/x/quan-tay-ho.html\n\nhttps://a.vn/x/quan-tay-ho.html\n",
        "utf-8",
    )
    assert read_url_list(urls) == ["https://a.vn/x/quan-tay-ho.html"]
    first = doc_id_for("https://a.vn/x/quan-tay-ho.html")
    assert first.startswith("a-vn-x-quan-tay-ho-html-")
    assert first == doc_id_for("https://a.vn/x/quan-tay-ho.html")
    assert first != doc_id_for("https://a.vn/x/quan-tay-ho.html?page=2")
