"""Corrections end to end: `briefs run` on a copy of the seeds with a corrections file
beside it (one drop, one fix, one add, one fix in an article removed later and one fix
of a sentence the district's article does not hold), run three times. Starts Jupyter kernels, hence `slow`."""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from markupsafe import escape

from helpers.batch.runner import run_briefs
from helpers.tables.corpus import extract_corpus
from helpers.tables.corrections import CORRECTION_COLUMNS, REASON_NO_ARTICLE

pytestmark = pytest.mark.slow

DISTRICT = "Tây Hồ"
NUMBER = re.compile(r"(?<![\d.,/])\d+(?:[.,]\d+)*(?![\d.,/%])")


@dataclass(frozen=True)
class Runs:
    out_dir: Path
    corrections: Path
    removed_doc: str
    dropped: pd.Series
    fixed: pd.Series
    added_figure: str
    facts: list[pd.DataFrame]
    manifests: list[dict]


def _key(fact: pd.Series) -> dict[str, str]:
    return {"doc_id": fact["doc_id"], "figure": fact["figure"], "sentence": fact["sentence"]}


def _missed_figure(facts: pd.DataFrame) -> tuple[str, str, str]:
    """A number written once in a sentence of the district that no fact was taken from."""
    own = facts[facts["district"] == DISTRICT]
    for (doc_id, sentence), rows in own.groupby(["doc_id", "sentence"]):
        for match in NUMBER.finditer(sentence):
            number = match.group()
            if sentence.count(number) == 1 and not any(number in f for f in rows["figure"]):
                return doc_id, number, sentence
    raise AssertionError("no missed figure in the corpus")


def _read_facts(out_dir: Path) -> pd.DataFrame:
    return pd.read_csv(out_dir / "facts.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Runs:
    base = tmp_path_factory.mktemp("corrections")
    corpus = Path(shutil.copytree(seeds_dir, base / "corpus"))
    facts = extract_corpus(corpus).facts
    own = facts[(facts["district"] == DISTRICT) & (facts["indicator"] != "other")]
    dropped, fixed = own.iloc[-1], own[own["unit"] == "pct"].iloc[0]
    elsewhere = facts[facts["district"] != DISTRICT].iloc[0]
    doc_id, figure, sentence = _missed_figure(facts)
    rows = [
        {"action": "drop", **_key(dropped), "note": "not the district's figure", "by": "lan"},
        {"action": "fix", **_key(fixed), "value": "77.5", "note": "the report says 77,5%"},
        {
            "action": "add",
            "doc_id": doc_id,
            "figure": figure,
            "sentence": sentence,
            "district": DISTRICT,
            "year": "2023",
            "period": "FY",
            "indicator": "new_enterprises",
            "kind": "actual",
            "value": "1234",
            "note": "missed by the rules",
            "date": "2024-05-02",
        },
        {"action": "fix", **_key(elsewhere), "kind": "target", "note": "article to go"},
        {
            "action": "fix",
            "doc_id": dropped["doc_id"],
            "figure": "999,9",
            "sentence": "Câu này nêu 999,9 tỷ đồng, không có trong bài <viết>.",
            "value": "1",
            "note": "an old fix",
        },
    ]
    corrections = base / "corrections.csv"  # the default place: beside the corpus
    with corrections.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CORRECTION_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    out_dir = base / "out"
    tables, manifests = [], []
    for run in range(3):
        if run == 1:
            (corpus / f"{elsewhere['doc_id']}.txt").unlink()
        assert run_briefs(corpus, out_dir, [DISTRICT], workers=1) == 0
        tables.append(_read_facts(out_dir))
        manifests.append(json.loads((out_dir / "run.json").read_text(encoding="utf-8")))
    return Runs(
        out_dir, corrections, str(elsewhere["doc_id"]), dropped, fixed, figure, tables, manifests
    )


def test_corrections_hold_on_every_run(runs: Runs) -> None:
    for facts in runs.facts:
        assert runs.dropped["fact_id"] not in set(facts["fact_id"])
        fixed = facts[facts["fact_id"] == runs.fixed["fact_id"]].iloc[0]
        assert (fixed["value"], fixed["origin"]) == ("77.5", "corrected")
        added = facts[facts["origin"] == "added"]
        assert list(added["figure"]) == [runs.added_figure]
        assert list(added["indicator"]) == ["new_enterprises"]
    assert runs.facts[1].equals(runs.facts[2])


def test_the_brief_shows_the_corrections(runs: Runs) -> None:
    html = (runs.out_dir / "tay-ho.html").read_text(encoding="utf-8")
    marks = re.findall(r'<small class="correction">(.*?)</small>', html)
    assert "✎ corrected by a researcher: the report says 77,5%" in marks
    assert "✎ added by a researcher: missed by the rules" in marks
    assert "1\u202f234" in html  # English groups thousands with a narrow space
    dropped = html[html.index('id="dropped-figures"') :]
    dropped = dropped[: dropped.index("</table>")]
    assert "not the district's figure" in dropped
    assert html.count(escape(runs.dropped["sentence"])) == 1  # listed there, not as evidence
    assert escape(runs.dropped["sentence"]) in dropped


def test_a_stale_correction_shows_at_the_top_of_its_brief(runs: Runs) -> None:
    html = (runs.out_dir / "tay-ho.html").read_text(encoding="utf-8")
    stale = html[html.index('id="stale-corrections"') : html.index('id="dropped-figures"')]
    assert html.index('id="stale-corrections"') < html.index('id="brief-key-indicators"')
    assert "Câu này" not in stale and "999,9" in stale and "an old fix" in stale
    assert runs.removed_doc not in stale  # the removed article was not the district's


def test_a_correction_for_a_removed_article_is_stale(runs: Runs) -> None:
    first, last = (manifest["corrections"] for manifest in (runs.manifests[0], runs.manifests[2]))
    assert [item["line"] for item in first["stale"]] == [6] and first["applied"] == 4
    assert last["applied"] == 3 and last["by_district"] == {DISTRICT: 3}
    stale, _ = last["stale"]
    assert (stale["line"], stale["doc_id"], stale["reason"]) == (
        5,
        runs.removed_doc,
        REASON_NO_ARTICLE,
    )
    index = (runs.out_dir / "index.html").read_text(encoding="utf-8")
    assert 'id="stale-corrections"' in index and runs.removed_doc in index
    assert "3 corrections applied from corrections.csv, 2 stale" in index
