"""A brief section that fails leaves a note naming it and the error; the brief goes on."""

from __future__ import annotations

import pytest
from IPython.display import HTML

from helpers.brief import guard


@guard.section
def _broken_section(brief: object, lang: str) -> HTML:
    raise ValueError("publication date 'x' is not YYYY-MM-DD")


@guard.section
def _working_section(brief: object, lang: str) -> str:
    return f"fine in {lang}"


def test_a_failing_section_renders_a_note_in_its_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    note = _broken_section(None, "vi")
    assert isinstance(note, HTML)
    assert "Không hiển thị được mục này (broken section)" in note.data
    assert "ValueError: publication date &#39;x&#39; is not YYYY-MM-DD" in note.data
    assert "Traceback" in capsys.readouterr().err  # the traceback stays in the notebook


def test_a_working_section_is_untouched() -> None:
    assert _working_section(None, lang="en") == "fine in en"
    assert _working_section.__name__ == "_working_section"
