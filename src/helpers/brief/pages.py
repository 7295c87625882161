"""The pages of a run's output folder and the anchors of a brief's sections."""

from __future__ import annotations

from helpers.render.labels import check_language

SECTION_IDS = {
    "key_indicators": "brief-key-indicators",
    "plan": "brief-plan",
    "growth": "brief-growth",
    "comparison": "brief-comparison",
    "years": "brief-years",
    "targets": "brief-targets",
    "conflicts": "brief-conflicts",
    "evidence": "brief-evidence",
    "sources": "brief-sources",
}
# The sections a table of contents lists, in page order (charts and years included).
CONTENTS = (
    ("key_indicators", "key_indicators_title"),
    ("plan", "plan_title"),
    ("growth", "growth_title"),
    ("comparison", "comparison_title"),
    ("years", "years_title"),
    ("targets", "targets_title"),
    ("conflicts", "conflicts_title"),
    ("evidence", "evidence_title"),
    ("sources", "sources_title"),
)
INDEX_PAGES = {"en": "index.html", "vi": "index.vi.html"}
BRIEF_PAGE_SUFFIXES = {"en": ".html", "vi": ".vi.html"}


def brief_page(slug: str, lang: str) -> str:
    """The file name of a district's brief in `lang` (`tay-ho.html`, `tay-ho.vi.html`)."""
    return f"{slug}{BRIEF_PAGE_SUFFIXES[check_language(lang)]}"
