"""`OUT/index.html`: links to every district's brief, its status, and the overview."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from helpers.atomic import write_text_atomic
from helpers.batch.manifest import RunManifest, brief_files

TEMPLATES_DIR = Path(__file__).parent / "templates"
INDEX_TEMPLATE = "index_page.html.j2"
INDEX_NAME = "index.html"
INDEX_TITLE = "District briefs"


@dataclass(frozen=True)
class _Row:
    district: str
    type: str
    ok: bool
    error: str
    html_href: str
    notebook_href: str
    failed_href: str
    corrections: int


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render_index(
    manifest: RunManifest,
    out_dir: Path,
    district_types: dict[str, str],
    overview_html: str = "",
) -> str:
    """The index page as HTML text: every value escaped, nothing loaded from the network.

    `overview_html` is trusted, already-escaped HTML (the cross-district tables and charts
    of `helpers.brief.overview.overview_html`, images as data: URIs), inserted as it is.

    Each district shows how many corrections were applied to its facts; stale corrections
    (see helpers.tables.corrections) are listed with their line and reason.

    A district links to its brief when `out_dir/<slug>.html` exists (for a failed district
    that is the last good brief); a failed one is marked failed, shows its error and links
    its kept executed notebook.
    """
    rows = []
    for result in manifest.districts:
        files = brief_files(out_dir, result.slug)
        rows.append(
            _Row(
                district=result.district,
                type=district_types.get(result.district, ""),
                ok=result.ok,
                error=result.error,
                html_href=files.html.name if files.html.exists() else "",
                notebook_href=files.notebook.name,
                failed_href=files.failed.name if files.failed.exists() else "",
                corrections=manifest.corrections.by_district.get(result.district, 0),
            )
        )
    n_failed = len(manifest.failed)
    summary = (
        f"{len(manifest.districts)} districts, {n_failed} failed; "
        f"{manifest.facts_count} facts from corpus {Path(manifest.corpus).name}"
    )
    corrections = manifest.corrections
    if corrections.path:
        summary += (
            f"; {corrections.applied} corrections applied from {Path(corrections.path).name}"
            f", {len(corrections.stale)} stale"
        )
    return (
        _environment()
        .get_template(INDEX_TEMPLATE)
        .render(
            title=INDEX_TITLE,
            summary=summary,
            rows=rows,
            overview_html=Markup(overview_html),
            unreadable=manifest.unreadable,
            corrections_file=Path(corrections.path).name,
            stale=corrections.stale,
        )
    )


def write_index(
    manifest: RunManifest,
    out_dir: Path,
    district_types: dict[str, str],
    overview_html: str = "",
) -> Path:
    """Write `out_dir/index.html` atomically; return its path."""
    path = out_dir / INDEX_NAME
    html = render_index(manifest, out_dir, district_types, overview_html)
    write_text_atomic(path, html)
    return path
