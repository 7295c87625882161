"""The brief's HTML: offline (nothing external), code hidden, titled, escaped."""

from __future__ import annotations

import copy
import re

import pytest
from nbformat.v4 import (
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
)

from helpers.publish.html_export import BriefHtmlExporter, first_heading

PNG_1X1 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5Er"
    "kJggg=="
)
SOURCE_MARKER = "SECRET_SOURCE_MARKER"
EXTERNAL_REFERENCE = re.compile(
    r"<(?:script|link|img|iframe|source|embed)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _brief_notebook():
    notebook = new_notebook()
    notebook.cells = [
        new_code_cell(f"district = 'Tây Hồ'  # {SOURCE_MARKER}", metadata={"tags": ["parameters"]}),
        new_markdown_cell("Narrative with **Hoàn Kiếm**."),
        new_code_cell(
            f"show()  # {SOURCE_MARKER}",
            execution_count=3,
            outputs=[
                new_output("display_data", data={"text/markdown": "# Quận Tây Hồ — brief"}),
                new_output(
                    "display_data",
                    data={"text/html": f"<table><tr><td>{ESCAPED_SCRIPT}</td></tr></table>"},
                ),
                new_output("display_data", data={"image/png": PNG_1X1, "text/plain": "<Figure>"}),
                new_output("stream", name="stderr", text="UserWarning: noise for developers\n"),
                new_output("stream", name="stdout", text="printed for readers\n"),
                new_output("execute_result", data={"text/plain": "42"}, execution_count=3),
            ],
        ),
        new_code_cell(
            "hidden()",
            metadata={"tags": ["remove-cell"]},
            outputs=[new_output("stream", name="stdout", text="REMOVED CELL OUTPUT\n")],
        ),
    ]
    return notebook


@pytest.fixture(scope="module")
def html() -> str:
    return BriefHtmlExporter().export(_brief_notebook(), "Quận Tây Hồ <brief>")


def test_nothing_is_loaded_from_the_network(html: str) -> None:
    assert EXTERNAL_REFERENCE.search(html) is None
    assert "<script" not in html.lower()
    assert "require.js" not in html and "mathjax" not in html.lower()


def test_detector_would_catch_a_cdn_script() -> None:
    assert EXTERNAL_REFERENCE.search('<script src="https://cdn.example/require.js"></script>')
    assert EXTERNAL_REFERENCE.search("<link rel=stylesheet href=//fonts.example/css>")


def test_code_and_prompts_are_hidden(html: str) -> None:
    assert SOURCE_MARKER not in html
    assert "In&nbsp;[" not in html and "Out[" not in html


def test_title_is_the_given_one_escaped(html: str) -> None:
    assert "<title>Quận Tây Hồ &lt;brief&gt;</title>" in html


def test_outputs_are_shown_and_images_embedded(html: str) -> None:
    assert "Quận Tây Hồ — brief" in html
    assert "Hoàn Kiếm" in html
    assert f'src="data:image/png;base64,{PNG_1X1}"' in html
    assert 'alt="chart"' in html
    assert "printed for readers" in html


def test_escaped_article_text_stays_escaped(html: str) -> None:
    assert ESCAPED_SCRIPT in html
    assert "<script>alert(1)" not in html


def test_stderr_and_removed_cells_are_not_shown(html: str) -> None:
    assert "noise for developers" not in html
    assert "REMOVED CELL OUTPUT" not in html


def test_export_is_deterministic_and_small() -> None:
    exporter = BriefHtmlExporter()
    notebook = _brief_notebook()
    before = copy.deepcopy(notebook)
    first = exporter.export(notebook, "t")
    assert first == exporter.export(notebook, "t")
    assert notebook == before  # the executed notebook is written as it was
    assert len(first.encode()) < 20_000  # no 260 KB lab stylesheet


def test_first_heading_from_markdown_output() -> None:
    assert first_heading(_brief_notebook()) == "Quận Tây Hồ — brief"


def test_first_heading_from_html_output_and_markdown_cell() -> None:
    from_html = new_notebook(
        cells=[
            new_code_cell(
                "x",
                outputs=[
                    new_output(
                        "display_data", data={"text/html": "<h1 id=a>Ba <b>Đình</b> &amp; co</h1>"}
                    )
                ],
            )
        ]
    )
    assert first_heading(from_html) == "Ba Đình & co"
    from_cell = new_notebook(cells=[new_markdown_cell("intro\n\n# Cầu Giấy ##\n\n## sub")])
    assert first_heading(from_cell) == "Cầu Giấy"
    assert first_heading(new_notebook(cells=[new_markdown_cell("## only a subheading")])) is None
