"""`OUT/index.html` (and `index.vi.html`): every district of a run in one sortable,
filterable district × indicator grid, linking its brief, its facts as CSV and its
notebook, with the overview charts, a language switch and a footer naming the corpus.

Nothing is loaded from the network. The only script is `templates/index_grid.js`,
inlined and allowed by a Content-Security-Policy that names its SHA-256 hash (no other
script can run on the page, and every value from the corpus is escaped).
"""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from helpers.atomic import write_text_atomic
from helpers.brief.guard import failure_note
from helpers.brief.pages import INDEX_PAGES
from helpers.extract.reference.gazetteer import resolve_district
from helpers.publish.index_grid import DistrictLinks, district_list_html, grid_html
from helpers.render.labels import check_language, district_type_label, ui_text
from helpers.run_manifest import BriefFiles, RunManifest, brief_files
from helpers.tables.readings import resolve

logger = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).parent / "templates"
INDEX_TEMPLATE = "index_page.html.j2"
SCRIPT_FILE = "index_grid.js"
INDEX_NAME = INDEX_PAGES["en"]
DISTRICT_CSV_SUFFIX = ".facts.csv"
LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt"}
TYPE_ORDER = ("quận", "huyện", "thị xã")


@dataclass(frozen=True)
class IndexContext:
    """What the footer says about the run: when and from what (the clock only ever
    reaches the HTML, never a stored notebook)."""

    generated_on: str
    corpus: str
    n_articles: int


def district_csv_name(slug: str) -> str:
    """The file of one district's facts: `<slug>.facts.csv`."""
    return f"{slug}{DISTRICT_CSV_SUFFIX}"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def grid_script() -> tuple[str, str]:
    """The inline script and its CSP source expression (`'sha256-…'`)."""
    script = (TEMPLATES_DIR / SCRIPT_FILE).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return script, f"'sha256-{digest}'"


def _links(manifest: RunManifest, out_dir: Path, lang: str) -> list[DistrictLinks]:
    links = []
    for result in manifest.districts:
        if getattr(result, "lang", "en") != lang:
            continue
        files = brief_files(out_dir, result.slug, lang)
        csv_name = district_csv_name(result.slug)
        links.append(
            DistrictLinks(
                district=result.district,
                type=resolve_district(result.district).type,
                ok=result.ok,
                error=result.error,
                brief_href=files.html.name if files.html.exists() else "",
                notebook_href=_notebook_href(result.ok, files),
                csv_href=csv_name if (out_dir / csv_name).exists() else "",
                corrections=manifest.corrections.by_district.get(result.district, 0),
            )
        )
    return links


def _notebook_href(ok: bool, files: BriefFiles) -> str:
    """The executed notebook of an ok brief; of a failed one, the kept failed notebook when
    there is one (a district without facts, or not run, has none: no dead link)."""
    if ok:
        return files.notebook.name
    return files.failed.name if files.failed.exists() else ""


def _summary(
    manifest: RunManifest,
    links: list[DistrictLinks],
    facts: pd.DataFrame,
    articles: pd.DataFrame,
    lang: str,
) -> str:
    summary = ui_text("index_summary", lang).format(
        n_districts=len(links),
        n_failed=sum(not item.ok for item in links),
        n_facts=len(facts),
        n_articles=len(articles),
    )
    corrections = manifest.corrections
    if corrections.path:
        summary += " " + ui_text("corrections_summary", lang).format(
            applied=corrections.applied,
            file=Path(corrections.path).name,
            stale=len(corrections.stale),
        )
    return summary


def render_index(
    manifest: RunManifest,
    out_dir: Path,
    facts: pd.DataFrame,
    articles: pd.DataFrame,
    context: IndexContext,
    lang: str = "en",
    languages: tuple[str, ...] = ("en",),
    charts_html: str = "",
) -> str:
    """The index page in `lang` as HTML text; `languages` are the index pages written
    (a switch links the others); `charts_html` is trusted, escaped HTML (the overview
    charts, images as data: URIs). When a corrections file was applied, each district
    shows how many of its facts it corrected, and stale corrections (see
    helpers.tables.corrections) are listed with their line and reason."""
    check_language(lang)
    links = _links(manifest, out_dir, lang)
    script, script_hash = grid_script()
    types = [
        (code, district_type_label(code, lang))
        for code in TYPE_ORDER
        if any(item.type == code for item in links)
    ]
    switch = [
        (INDEX_PAGES[other], other, LANGUAGE_NAMES[other]) for other in languages if other != lang
    ]
    return (
        _environment()
        .get_template(INDEX_TEMPLATE)
        .render(
            lang=lang,
            t=lambda key, **fields: ui_text(key, lang).format(**fields),
            summary=_summary(manifest, links, facts, articles, lang),
            grid=_grid_or_list(manifest, links, facts, articles, lang),
            n_rows=len(links),
            types=types,
            switch=switch,
            charts_html=Markup(charts_html),
            unreadable=manifest.unreadable,
            corrections_file=Path(manifest.corrections.path).name,
            stale=manifest.corrections.stale,
            dropped=manifest.corrections.dropped,
            context=context,
            script=Markup(script),
            script_hash=Markup(script_hash),
        )
    )


def _grid_or_list(
    manifest: RunManifest,
    links: list[DistrictLinks],
    facts: pd.DataFrame,
    articles: pd.DataFrame,
    lang: str,
) -> Markup:
    """The grid; when it cannot be built (one article's bad metadata), a note and the
    plain list of districts, so the index is written whatever the data holds."""
    try:
        readings = resolve(facts, articles).readings
        return grid_html(readings, facts, articles, links, lang, bool(manifest.corrections.path))
    except Exception as error:  # the index must be written; the error is shown on it
        logger.exception("the index grid failed; writing the list of districts")
        return failure_note(ui_text("grid_title", lang), error, lang) + district_list_html(
            links, lang
        )


def write_index(path: Path, html: str) -> Path:
    """Write an index page atomically; return its path."""
    write_text_atomic(path, html)
    return path
