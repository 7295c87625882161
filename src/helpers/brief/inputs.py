"""What a district's brief reads from the corpus, as bytes to fingerprint.

A brief (`helpers.brief.model.build_brief_data`) shows the district's own facts, the
articles they come from, and, in its comparison section, the readings of the other
districts that `peer_comparison` picks. A district whose facts are all `other` states
the corpus's article count instead, and the part of the corrections report that names
the district or its articles (`CorrectionsReport.for_district`). Nothing else of the
corpus reaches its bytes, so a rerun rebuilds a brief only when one of these changed
(see `helpers.batch.runner`). A section that starts reading more of the corpus must add it here.
"""

from __future__ import annotations

import pandas as pd

from helpers.brief.overview import peer_comparison
from helpers.extract.reference.vocabulary import OTHER_INDICATOR
from helpers.tables.correction_report import CorrectionsReport, report_bytes
from helpers.tables.readings import resolve, with_correction_columns


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def brief_inputs(
    facts: pd.DataFrame,
    articles: pd.DataFrame,
    districts: list[str],
    corrections: CorrectionsReport | None = None,
) -> dict[str, tuple[bytes, ...]]:
    """For each district of `districts`: its facts rows, the rows of the articles they
    cite, its comparison rows, (only when it has no fact of a vocabulary indicator) the
    number of articles, and its part of the `corrections` report, each as bytes."""
    report = corrections or CorrectionsReport()
    facts = with_correction_columns(facts)
    readings = resolve(facts, articles).readings
    inputs: dict[str, tuple[bytes, ...]] = {}
    for district in districts:
        own = facts[facts["district"] == district]
        cited = articles[articles["doc_id"].isin(set(own["doc_id"]))]
        has_indicator = bool((own["indicator"] != OTHER_INDICATOR).any())
        n_articles = b"" if has_indicator else str(len(articles)).encode()
        peers = peer_comparison(readings, district)
        shown = report.for_district(district, set(own["doc_id"]))
        own_report = report_bytes(shown) if shown.shows_anything else b""
        inputs[district] = (
            _csv_bytes(own),
            _csv_bytes(cited),
            _csv_bytes(peers),
            n_articles,
            own_report,
        )
    return inputs
