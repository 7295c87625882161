"""Atomic writes: the target holds the old content or the new, never a partial file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import atomic
from helpers.atomic import write_bytes_atomic, write_text_atomic


def _leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


def test_write_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    write_text_atomic(target, "Tây Hồ v1")
    write_text_atomic(target, "Tây Hồ v2")
    assert target.read_text(encoding="utf-8") == "Tây Hồ v2"
    assert _leftovers(tmp_path, target.name) == []


def test_failed_rename_keeps_old_file_and_removes_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "facts.csv"
    target.write_bytes(b"old")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_bytes_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path, target.name) == []


def test_failure_while_writing_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "index.html"
    target.write_bytes(b"old")

    def failing_fsync(fd: int) -> None:
        raise KeyboardInterrupt  # a killed run: even BaseException cleans up

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomic(target, b"half")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path, target.name) == []


def test_target_untouched_until_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "run.json"
    target.write_bytes(b"old")
    seen: list[tuple[bytes, bytes, str]] = []
    real_replace = os.replace

    def spying_replace(src: str, dst: str) -> None:
        seen.append((Path(dst).read_bytes(), Path(src).read_bytes(), str(Path(src).parent)))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spying_replace)
    write_bytes_atomic(target, b"new")
    assert seen == [(b"old", b"new", str(tmp_path))]  # temp file in the same folder
    assert target.read_bytes() == b"new"


def test_new_file_mode_follows_umask(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_text_atomic(target, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_text_atomic(tmp_path / "absent" / "a.txt", "x")
