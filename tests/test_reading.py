"""Tests for helpers.extract.text.reading: article files in every encoding we accept or reject."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from helpers.extract.text.reading import Article, ArticleReadError, corpus_files, read_article

SAMPLE = "Quận Tây Hồ: 21/21 chỉ tiêu hoàn thành.\nThu ngân sách ước đạt 112% kế hoạch năm."
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _write(tmp_path: Path, data: bytes, name: str = "001_abc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _windows_1258_bytes(text: str) -> bytes:
    """Text as Windows saves Vietnamese in cp1258: a character that cp1258 lacks is written
    as its base letter (â, ơ, ư, ... are in cp1258) followed by a combining tone mark."""
    encoded = []
    for char in text:
        try:
            encoded.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
            tones = "".join(c for c in parts if c in _TONE_MARKS)
            encoded.append((base + tones).encode("cp1258"))
    return b"".join(encoded)


def test_windows_1258_helper_really_separates_tone_marks() -> None:
    assert _windows_1258_bytes("Hồ") == b"H\xf4\xcc"  # ô, then combining grave (0xCC)


def _read(path: Path) -> Article:
    article = read_article(path)
    assert article.doc_id == path.stem
    assert article.path == path
    return article


def test_utf8_without_bom(tmp_path: Path) -> None:
    article = _read(_write(tmp_path, SAMPLE.encode("utf-8")))
    assert (article.text, article.encoding, article.warnings) == (SAMPLE, "utf-8", ())


def test_utf8_with_bom(tmp_path: Path) -> None:
    article = _read(_write(tmp_path, codecs.BOM_UTF8 + SAMPLE.encode("utf-8")))
    assert (article.text, article.encoding, article.warnings) == (SAMPLE, "utf-8-sig", ())


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_utf16_with_bom(tmp_path: Path, bom: bytes, codec: str) -> None:
    article = _read(_write(tmp_path, bom + SAMPLE.encode(codec)))
    assert (article.text, article.encoding, article.warnings) == (SAMPLE, codec, ())


def test_nfd_utf8_becomes_nfc(tmp_path: Path) -> None:
    article = _read(_write(tmp_path, unicodedata.normalize("NFD", SAMPLE).encode("utf-8")))
    assert article.text == SAMPLE
    assert unicodedata.is_normalized("NFC", article.text)


@pytest.mark.parametrize("line_break", ["\r\n", "\r"])
def test_line_breaks_become_newlines(tmp_path: Path, line_break: str) -> None:
    article = _read(_write(tmp_path, SAMPLE.replace("\n", line_break).encode("utf-8")))
    assert article.text == SAMPLE


def test_windows_1258_fallback_with_warning(tmp_path: Path) -> None:
    data = _windows_1258_bytes(SAMPLE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    article = _read(_write(tmp_path, data))
    assert article.text == SAMPLE
    assert article.encoding == "cp1258"
    assert len(article.warnings) == 1
    assert "Windows-1258" in article.warnings[0]
    assert "001_abc.txt" in article.warnings[0]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n ", "only whitespace"),
        (codecs.BOM_UTF8 + b" \n", "only whitespace"),
        ("\u200b\u00a0\n\u2060".encode(), "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes"),
        (SAMPLE.encode("utf-16-le"), "NUL bytes"),
        (b"Qu\xe1\xba\xadn \x81\x8d\x8f\x90 T\xc3", "not UTF-8"),
        (b"text \x01\x02\x03 \xff\xfe more", "control character"),
        (codecs.BOM_UTF8 + b"Qu\xe1\xba n", "byte-order mark"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "byte-order mark"),
        (codecs.BOM_UTF16_LE + "A".encode("utf-32-le"), "NUL"),
    ],
)
def test_unreadable_files_raise_with_path_and_problem(
    tmp_path: Path, data: bytes, problem: str
) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(ArticleReadError, match=problem) as raised:
        read_article(path)
    assert raised.value.path == path
    assert str(path) in str(raised.value)


def test_missing_file_raises_article_read_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    with pytest.raises(ArticleReadError, match="No such file") as raised:
        read_article(path)
    assert raised.value.path == path
    assert str(path) in str(raised.value)


def test_corpus_files_sorted_txt_only(tmp_path: Path) -> None:
    for name in ["010_b.txt", "002_a.txt", "notes.md", "001_c.TXT.bak"]:
        _write(tmp_path, b"x", name)
    (tmp_path / "folder.txt").mkdir()
    assert [p.name for p in corpus_files(tmp_path)] == ["002_a.txt", "010_b.txt"]


def test_corpus_files_of_empty_folder(tmp_path: Path) -> None:
    assert corpus_files(tmp_path) == []


def test_corpus_files_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(FileNotFoundError, match="does not exist") as raised:
        corpus_files(missing)
    assert str(missing) in str(raised.value)


def test_corpus_files_not_a_folder(tmp_path: Path) -> None:
    path = _write(tmp_path, b"x")
    with pytest.raises(NotADirectoryError, match="not a directory"):
        corpus_files(path)
