"""Export an executed brief notebook to one self-contained, offline HTML file."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

TEMPLATES_DIR = Path(__file__).parent / "templates"
BRIEF_TEMPLATE = "brief_page.html.j2"
HIDDEN_STREAMS = frozenset({"stderr"})
MARKDOWN_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
HTML_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
HTML_TAG = re.compile(r"<[^>]+>")
# Cell tags a notebook author can use to keep a cell or its output out of the HTML.
REMOVE_CELL_TAG = "remove-cell"
REMOVE_OUTPUT_TAG = "remove-output"
# The lab template makes every output a keyboard stop without a name; a brief's outputs are
# text and tables, not widgets (a chart's scroll box and a wide table are named stops).
UNNAMED_OUTPUT_STOP = re.compile(r'(<div class="jp-RenderedHTMLCommon[^"]*"[^>]*?) tabindex="0"')


class DropStreamsPreprocessor(Preprocessor):
    """Drop stream outputs a reader should not see (warnings on stderr)."""

    def preprocess_cell(self, cell, resources, index):
        """Keep only the outputs a reader should see."""
        if cell.cell_type == "code":
            cell.outputs = [
                output
                for output in cell.outputs
                if not (output.output_type == "stream" and output.name in HIDDEN_STREAMS)
            ]
        return cell, resources


def _heading_in(mime_type: str, text: str) -> str | None:
    if mime_type == "text/markdown":
        found = MARKDOWN_H1.search(text)
        return found.group(1).strip() if found else None
    found = HTML_H1.search(text)
    return html.unescape(HTML_TAG.sub("", found.group(1))).strip() if found else None


def first_heading(notebook: nbformat.NotebookNode) -> str | None:
    """The text of the first level-1 heading the brief shows (markdown cell or output)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            sources = [("text/markdown", cell.source)]
        elif cell.cell_type == "code":
            sources = [
                (mime_type, output.data[mime_type])
                for output in cell.outputs
                if output.output_type in ("display_data", "execute_result")
                for mime_type in ("text/markdown", "text/html")
                if mime_type in output.data
            ]
        else:
            continue
        for mime_type, text in sources:
            heading = _heading_in(mime_type, text)
            if heading:
                return heading
    return None


def _exporter_config() -> Config:
    """Code and prompts hidden; tagged cells removed; no syntax-highlight CSS."""
    config = Config()
    config.TemplateExporter.exclude_input = True
    config.TemplateExporter.exclude_input_prompt = True
    config.TemplateExporter.exclude_output_prompt = True
    config.CSSHTMLHeaderPreprocessor.enabled = False
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {REMOVE_CELL_TAG}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {REMOVE_OUTPUT_TAG}
    return config


class BriefHtmlExporter:
    """A reusable exporter (building one costs template loading; reuse it per process)."""

    def __init__(self) -> None:
        self._exporter = HTMLExporter(
            config=_exporter_config(),
            template_name="lab",
            extra_template_paths=[str(TEMPLATES_DIR)],
            template_file=BRIEF_TEMPLATE,
        )
        self._exporter.register_preprocessor(DropStreamsPreprocessor(), enabled=True)

    def export(self, notebook: nbformat.NotebookNode, title: str, lang: str = "en") -> str:
        """The notebook as one HTML page titled `title`, in language `lang` (the page's
        `lang` attribute), with images embedded."""
        self._exporter.language_code = lang
        html, _resources = self._exporter.from_notebook_node(
            notebook, resources={"metadata": {"name": title}}
        )
        return UNNAMED_OUTPUT_STOP.sub(r"\1", html)
