"""Reading article files: encoding detection, NFC, newline and spacing normalisation.

Accepted: UTF-8 with or without BOM, UTF-16 with a BOM (LE or BE), and, when the bytes
are not UTF-8, Windows-1258 (`cp1258`, the legacy Vietnamese code page) if it decodes
cleanly into something that looks like text; that fallback is recorded in
`Article.warnings`. Binary, undecodable, empty and whitespace-only files raise
ArticleReadError.

Files that are not article text are refused before any extraction step sees them, so
extraction time stays in step with the corpus size: a file over `MAX_ARTICLE_BYTES`
(checked from its size, before it is read) or with a line over `MAX_LINE_CHARS` (a dump,
a minified page, a log; the extractor's per-line steps are not linear in a line's length).
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from helpers.extract.text.metadata import GivenMetadata
from helpers.extract.text.textnorm import nfc, plain_spacing

ARTICLE_SUFFIX = ".txt"  # matched in any case: `.TXT`, `.Txt`
# What a corpus folder may hold, by file name ending (any case): one article a file (`text`,
# `page`), or many (`archive`: JSON Lines, CSV, Parquet; `warc`: web-archive files). Longer
# endings first. See helpers.sources for the readers.
CORPUS_KINDS = (
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (ARTICLE_SUFFIX, "text"),
    (".html", "page"),
    (".htm", "page"),
    (".jsonl", "archive"),
    (".ndjson", "archive"),
    (".csv", "archive"),
    (".parquet", "archive"),
)
MANY_ARTICLE_KINDS = ("archive", "warc")  # may be a corpus on their own
# Tables that sit in a corpus folder beside the articles and are not archives.
NOT_ARCHIVES = ("sources.csv", "corrections.csv")
# The longest article in the test corpora is 11 KB and its longest line 1,040 characters;
# a news article on one line (scraped text without breaks) is rarely over 30,000. Up to
# these bounds extraction takes 4-7 s per MB on the 2-core machine however the text is
# split into lines (benchmarks/bench_long_lines.py); past them it grows quadratically.
MAX_ARTICLE_BYTES = 2_000_000
DOC_ID_VARIANT_MARK = "~"  # `art~1a2b3c4d`: a second file whose name gives the doc_id `art`
DOC_ID_HASH_CHARS = 8
MAX_LINE_CHARS = 100_000
UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
UTF16_LE = "utf-16-le"
UTF16_BE = "utf-16-be"
WINDOWS_1258 = "cp1258"
_BOM_ENCODINGS = (
    (codecs.BOM_UTF8, UTF8_BOM),
    (codecs.BOM_UTF16_LE, UTF16_LE),
    (codecs.BOM_UTF16_BE, UTF16_BE),
)
_LINE_BREAKS = re.compile(r"\r\n?")
# Control characters that plain text does not contain (tab, line feed, carriage return,
# form feed and vertical tab are allowed).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Article:
    """One article: `text` is NFC with `\\n` line breaks; `warnings` say what was unusual;
    `given`: what its source states about it (a page's or an archive row's metadata). An
    article inside an archive has the `path` `ARCHIVE#ROW`, so its name is its own."""

    doc_id: str
    path: Path
    text: str
    encoding: str
    warnings: tuple[str, ...]
    given: GivenMetadata | None = None


class ArticleReadError(Exception):
    """An article file that cannot be read as text; `.path` is the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"cannot read article {path}: {problem}")
        self.path = path


def corpus_kind(name: str) -> str | None:
    """The kind of corpus file `name` is (`text`, `page`, `archive`, `warc`), or None."""
    lowered = name.lower()
    if lowered in NOT_ARCHIVES:
        return None
    for suffix, kind in CORPUS_KINDS:
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            return kind
    return None


def decode_bytes(path: Path, data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Text, encoding name and warnings for the bytes of `path` (see the module docstring);
    ArticleReadError when they are not text."""
    for bom, encoding in _BOM_ENCODINGS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise ArticleReadError(
                    path, f"starts with a {encoding} byte-order mark but is not {encoding}: {error}"
                ) from error
            if "\x00" in text:
                raise ArticleReadError(path, f"NUL characters after decoding as {encoding}")
            return text, encoding, ()
    if b"\x00" in data:
        raise ArticleReadError(
            path, "contains NUL bytes: a binary file, or UTF-16 without a byte-order mark"
        )
    try:
        return data.decode(UTF8), UTF8, ()
    except UnicodeDecodeError as utf8_error:
        return _decode_windows_1258(path, data, utf8_error)


def _decode_windows_1258(
    path: Path, data: bytes, utf8_error: UnicodeDecodeError
) -> tuple[str, str, tuple[str, ...]]:
    """Fallback for bytes that are not UTF-8: Windows-1258 if the result looks like text."""
    not_utf8 = f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start})"
    try:
        text = data.decode(WINDOWS_1258)
    except UnicodeDecodeError as error:
        raise ArticleReadError(
            path, f"{not_utf8} and not Windows-1258 ({error.reason} at byte {error.start})"
        ) from error
    control = _CONTROL_CHARS.search(text)
    if control is not None:
        raise ArticleReadError(
            path,
            f"{not_utf8}, and read as Windows-1258 it has the control character "
            f"{control.group()!r} at offset {control.start()}: not a text file",
        )
    warning = f"{path.name}: {not_utf8}; decoded as Windows-1258 ({WINDOWS_1258})"
    return text, WINDOWS_1258, (warning,)


def read_article(path: Path) -> Article:
    """Read one article file into an Article (see the module docstring for encodings).

    Raises ArticleReadError naming the file and the problem.
    """
    path = Path(path)
    data = read_bounded_bytes(path)
    text, encoding, warnings = decode_bytes(path, data)
    return Article(doc_id_of(path.name), path, normalise_text(path, text), encoding, warnings)


def read_bounded_bytes(
    path: Path, limit: int = MAX_ARTICLE_BYTES, what: str = "an article: not article text"
) -> bytes:
    """The bytes of a one-article file, refused over `limit` bytes (`what` it is the limit
    of) or empty."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise ArticleReadError(
                    path, f"{size:,} bytes, over the {limit:,}-byte limit of {what}"
                )
            data = handle.read()
    except OSError as error:
        raise ArticleReadError(path, f"{error.strerror or error}") from error
    if not data:
        raise ArticleReadError(path, "the file is empty")
    return data


def normalise_text(path: Path, text: str) -> str:
    """`text` with `\\n` line breaks, NFC, plain spaces and no invisible characters
    (`plain_spacing`); ArticleReadError for a line over `MAX_LINE_CHARS` or a text of
    whitespace only."""
    if "\r" in text:
        text = _LINE_BREAKS.sub("\n", text)
    if len(text) > MAX_LINE_CHARS:  # a shorter text has no line over the limit
        _check_line_lengths(path, text)
    text = plain_spacing(nfc(text))
    if not text.strip():
        raise ArticleReadError(path, "the file contains only whitespace")
    return text


def doc_id_of(name: str) -> str:
    """An article's own doc_id: its file name's stem, in NFC."""
    return nfc(Path(name).stem)


def _canonical(name: str) -> bool:
    """True for a name written as the doc_id expects: NFC, with a lower-case `.txt`."""
    return name == nfc(name) and name.endswith(ARTICLE_SUFFIX)


def unique_doc_ids(files: list[Path]) -> dict[str, str]:
    """File name -> doc_id, unique by construction: the NFC stem, unless another file
    gives the same one up to case (`art.txt` and `art.TXT`, an NFC and an NFD spelling).
    Then the name written canonically (NFC, `.txt`; else the first by name) keeps it and
    each other gets `<stem>~<8 hex digits of a hash of its name>`, the same every run."""
    groups: dict[str, list[str]] = {}
    for path in files:
        groups.setdefault(doc_id_of(path.name).casefold(), []).append(path.name)
    ids: dict[str, str] = {}
    for names in groups.values():
        first, *others = sorted(names, key=lambda name: (not _canonical(name), name))
        ids[first] = doc_id_of(first)
        for name in others:
            ids[name] = _variant(doc_id_of(name), name)
    return ids


def _variant(doc_id: str, name: str) -> str:
    """`<doc_id>~<8 hex digits of a hash of the article's name>`: stable across runs."""
    name_hash = hashlib.sha256(name.encode(UTF8, "surrogateescape")).hexdigest()
    return f"{doc_id}{DOC_ID_VARIANT_MARK}{name_hash[:DOC_ID_HASH_CHARS]}"


class CorpusDocIds:
    """The doc_id of every article of a corpus, unique by construction up to case and
    Unicode form. A one-article file's (`.txt`, a page) is known from its name before
    anything is read (see `unique_doc_ids`: `a.txt` keeps `a` beside `a.TXT` or `a.html`).
    An article inside a many-article file (an archive's row, a web-archive response) comes
    with its own (an id column, `STEM-N`), read as the corpus is: it keeps it unless a
    file or an earlier article has it, else it gets `<id>~<8 hex digits of a hash of its
    name>` (`kho.jsonl#3`), as a file does."""

    def __init__(self, files: list[Path]) -> None:
        one_article = [p for p in files if corpus_kind(p.name) not in MANY_ARTICLE_KINDS]
        self._of_file = unique_doc_ids(one_article)
        self._taken = {doc_id.casefold() for doc_id in self._of_file.values()}

    def doc_id(self, name: str, own: str) -> str:
        """The doc_id of the article named `name` (a file's name, or `ARCHIVE#KEY`) whose
        source gives it the doc_id `own`."""
        if name in self._of_file:
            return self._of_file[name]
        doc_id = nfc(own)
        if doc_id.casefold() in self._taken:
            doc_id = _variant(doc_id, name)
        self._taken.add(doc_id.casefold())
        return doc_id


def _check_line_lengths(path: Path, text: str) -> None:
    """Raise ArticleReadError for the first line longer than `MAX_LINE_CHARS` (linear)."""
    start = 0
    number = 1
    while True:
        end = text.find("\n", start)
        length = (len(text) if end < 0 else end) - start
        if length > MAX_LINE_CHARS:
            raise ArticleReadError(
                path,
                f"line {number} is {length:,} characters long, over the limit of "
                f"{MAX_LINE_CHARS:,} for one line of an article: not article text",
            )
        if end < 0:
            return
        start = end + 1
        number += 1


@dataclass(frozen=True)
class CorpusScan:
    """The article files of a corpus folder, and the entries that look like articles but
    cannot be opened (a broken symlink, a symlink loop), each with the reason."""

    files: list[Path]
    problems: list[tuple[Path, str]]


def _link_problem(path: Path) -> str | None:
    """Why a `.txt` entry cannot be opened as a file, or None when it can (or is a folder)."""
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 raises this for a loop
        return f"symlink loop at {path.name}"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"symlink loop at {path.name}"
        if path.is_symlink():
            return f"broken symlink: {path.name} -> {os.readlink(path)} (target does not exist)"
        return f"{error.strerror or error}"
    return None


def scan_corpus(corpus_dir: Path) -> CorpusScan:
    """The corpus files (see `CORPUS_KINDS`, any case) directly in `corpus_dir`, sorted by
    name, symlinks followed; broken symlinks and loops are returned as problems, not
    skipped silently. A corpus may also be one archive or web-archive file."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.exists():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist")
    if not corpus_dir.is_dir():
        if corpus_dir.is_file() and corpus_kind(corpus_dir.name) in MANY_ARTICLE_KINDS:
            return CorpusScan([corpus_dir], [])
        raise NotADirectoryError(
            f"corpus folder {corpus_dir} is not a directory (nor an archive: "
            f"{', '.join(s for s, kind in CORPUS_KINDS if kind in MANY_ARTICLE_KINDS)})"
        )
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    with os.scandir(corpus_dir) as entries:  # the file types come with the listing
        articles = sorted(
            (e for e in entries if corpus_kind(e.name) is not None),
            key=lambda entry: entry.name,
        )
    for entry in articles:
        path = corpus_dir / entry.name
        problem = _link_problem(path) if entry.is_symlink() else None
        if problem is not None:
            problems.append((path, problem))
        elif entry.is_file():
            files.append(path)
    return CorpusScan(files, problems)


def nested_article_folders(corpus_dir: Path) -> list[str]:
    """The subfolders of `corpus_dir` with corpus files of their own (see `CORPUS_KINDS`):
    articles a run does not read (only the folder's own files are), to be named in a
    warning. A corpus that is one archive file has none."""
    if not Path(corpus_dir).is_dir():
        return []
    nested = []
    for sub in sorted(p for p in Path(corpus_dir).iterdir() if p.is_dir() and not p.is_symlink()):
        try:
            if any(corpus_kind(entry.name) is not None for entry in sub.iterdir()):
                nested.append(sub.name)
        except OSError:  # a folder we may not list holds nothing we could read
            continue
    return nested


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The readable `*.txt` files (any case) directly in `corpus_dir`, sorted by name
    (see `scan_corpus` for the entries that cannot be opened)."""
    return [path for path in scan_corpus(corpus_dir).files if corpus_kind(path.name) == "text"]
