"""A corpus as the items extraction reads, in file order, and how each becomes an article.

A one-article file (`.txt`, a saved page) is an item by its path, read in the worker. A
many-article file (an archive, a web-archive file) is opened here and yields one `Record`
per article as the items are consumed: it is never read whole. A file that cannot be
opened as its kind is one `Unreadable` item. What the corpus's `sources.csv` states about
an article (`stated`, by doc_id) travels with its item and fills what the article's own
source does not state (a page's or a record's metadata wins), so the extractor reads it
too: the title and URL that name the district of an excerpt that says only `huyện`, the
date of an undated text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from helpers.extract.text.metadata import GivenMetadata, combined
from helpers.extract.text.reading import (
    Article,
    ArticleReadError,
    corpus_kind,
    doc_id_of,
    read_article,
)
from helpers.sources.archives import ArchiveColumns, read_archive
from helpers.sources.pages import page_article, page_may_hold_facts, read_page, record_page
from helpers.sources.records import Record, text_article
from helpers.sources.warc import read_warc

# Bytes an article takes in a file of each kind, about: how many articles to expect
# (to size a pool before the archive is read).
_BYTES_PER_ARTICLE = {"archive": 4_000, "warc": 40_000}


@dataclass(frozen=True)
class Unreadable:
    """A corpus file that cannot be read as its kind, and why."""

    name: str
    error: str


@dataclass(frozen=True)
class StatedFile:
    """A one-article file and what `sources.csv` states about it."""

    path: Path
    given: GivenMetadata

    @property
    def name(self) -> str:
        return self.path.name


Item = Path | StatedFile | Record | Unreadable
FILE_READERS: dict[str, Callable[[Path], Article]] = {"text": read_article, "page": read_page}


def _many_readers(columns: ArchiveColumns) -> dict[str, Callable[[Path], Iterator[Record]]]:
    return {"archive": lambda path: read_archive(path, columns), "warc": read_warc}


def corpus_items(
    files: Iterable[Path],
    columns: ArchiveColumns | None = None,
    stated: Mapping[str, GivenMetadata] | None = None,
) -> Iterator[Item]:
    """Every article of `files` as an item, in order, with what `stated` (doc_id → a row of
    `sources.csv`) says about it (see the module docstring)."""
    readers = _many_readers(columns or ArchiveColumns())
    stated = stated or {}
    for path in files:
        reader = readers.get(corpus_kind(path.name) or "")
        if reader is None:
            row = stated.get(doc_id_of(path.name))
            yield path if row is None else StatedFile(path, row)
            continue
        try:
            for record in reader(path):
                row = stated.get(record.doc_id)
                yield record if row is None else replace(record, given=combined(record.given, row))
        except (OSError, ValueError) as error:
            message = str(error)
            yield Unreadable(path.name, message if str(path) in message else f"{path}: {message}")


def estimated_articles(files: Iterable[Path]) -> int:
    """About how many articles `files` hold (one a file, archives by their size)."""
    total = 0
    for path in files:
        per_article = _BYTES_PER_ARTICLE.get(corpus_kind(path.name) or "")
        total += 1 if per_article is None else max(1, path.stat().st_size // per_article)
    return total


def read_item(item: Path | StatedFile | Record) -> Article | None:
    """The article of an item; None for a web-archive page that the prefilter passes over
    before its markup is parsed (it names no district); ArticleReadError when it cannot be
    read."""
    if isinstance(item, StatedFile):
        article = read_item(item.path)
        if article is None:
            return None
        own = article.given
        return replace(article, given=item.given if own is None else combined(own, item.given))
    if isinstance(item, Record):
        if item.html:
            markup, encoding = record_page(item)
            if not page_may_hold_facts(markup):
                return None
            return page_article(item.path, item.doc_id, markup, encoding, (), item.given)
        return text_article(item)
    return FILE_READERS[corpus_kind(item.name) or "text"](item)


def read_named(corpus: Path, name: str, columns: ArchiveColumns | None = None) -> Article | None:
    """The article named `name` (a file's name, or `ARCHIVE#KEY` for a record) in `corpus`
    (a folder, or one archive), read again; None when it is not there or not readable. A
    record is found by reading its archive up to it."""
    file_name, _, key = name.partition("#")
    path = (corpus if corpus.is_dir() else corpus.parent) / file_name
    try:
        if not key:
            return read_item(path)
        for item in corpus_items([path], columns):
            if isinstance(item, Record) and str(item.key) == key:
                return read_item(item)
    except ArticleReadError:
        return None
    return None
