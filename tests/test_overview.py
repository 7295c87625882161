"""Cross-district comparison, for the brief's peer chart and the index page."""

from __future__ import annotations

import pandas as pd
import pytest
from factories import fact, facts_frame

from helpers.brief import overview
from helpers.tables.readings import resolve


def facts_table(*rows: dict) -> pd.DataFrame:
    return facts_frame(list(rows))


FACTS = facts_table(
    fact("a", "Tây Hồ", "budget_revenue_pct_plan", 119.0),
    fact("a", "Tây Hồ", "budget_revenue_pct_plan", 100.0, year=2022),
    fact("a", "Tây Hồ", "admin_reform_rank", 4.0, total=30.0),
    fact("a", "Tây Hồ", "targets_met", 21.0, total=21.0),
    fact("a", "Tây Hồ", "new_enterprises", 50.0),
    fact("a", "Tây Hồ", "budget_revenue_pct_plan", 125.0, kind="target", year=2024),
    fact("b", "Hoàn Kiếm", "budget_revenue_pct_plan", 111.6, year=2022),
    fact("b", "Hoàn Kiếm", "targets_met", 12.0, total=12.0, year=2022),
    fact("b", "Hoàn Kiếm", "targets_met", 16.0, total=16.0, year=2022),
    fact("c", "Thanh Xuân", "admin_reform_rank", 2.0, total=30.0),
    fact("c", "Thanh Xuân", "budget_revenue_pct_plan", 130.0, period="6M"),
    fact("c", "Thanh Xuân", "targets_met", 20.0, total=21.0),
    fact("c", "Thanh Xuân", "other", 9.0),
)
ARTICLES = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c"],
        "published": ["2024-01-20", "2023-01-10", ""],
        "title": ["A", "B", "C"],
        "outlet": ["X", "Y", "Z"],
    }
)


@pytest.fixture(scope="module")
def readings() -> pd.DataFrame:
    return resolve(FACTS, ARTICLES).readings


def test_latest_full_year_keeps_each_districts_latest_full_year_result(
    readings: pd.DataFrame,
) -> None:
    latest = overview.latest_full_year(readings)
    budget = latest[latest["indicator"] == "budget_revenue_pct_plan"]
    assert sorted(zip(budget["district"], budget["year"], budget["value"], strict=True)) == [
        ("Hoàn Kiếm", 2022, 111.6),
        ("Tây Hồ", 2023, 119.0),
    ]
    assert set(latest["kind"]) == {"actual"}
    assert set(latest["period"]) == {"FY"}
    assert "other" not in set(latest["indicator"])


def test_peers_are_the_indicators_shared_with_another_district_best_first(
    readings: pd.DataFrame,
) -> None:
    peers = overview.peer_comparison(readings, "Tây Hồ")
    assert list(peers.columns) == overview.PEER_COLUMNS
    assert peers["indicator"].drop_duplicates().tolist() == [
        "targets_met",
        "budget_revenue_pct_plan",
        "admin_reform_rank",
    ]
    rank = peers[peers["indicator"] == "admin_reform_rank"]
    assert rank["district"].tolist() == ["Thanh Xuân", "Tây Hồ"]
    budget = peers[peers["indicator"] == "budget_revenue_pct_plan"]
    assert budget["district"].tolist() == ["Tây Hồ", "Hoàn Kiếm"]
    met = peers[peers["indicator"] == "targets_met"]
    assert met["district"].tolist()[-1] == "Thanh Xuân"
    assert peers.loc[peers["is_subject"], "district"].unique().tolist() == ["Tây Hồ"]


def test_a_district_with_nothing_shared_has_no_peers(readings: pd.DataFrame) -> None:
    assert overview.peer_comparison(readings, "Ba Vì").empty
    alone = resolve(FACTS[FACTS["district"] == "Tây Hồ"], ARTICLES).readings
    assert overview.peer_comparison(alone, "Tây Hồ").empty


def test_peer_table_bolds_the_subject(readings: pd.DataFrame) -> None:
    peers = overview.peer_comparison(readings, "Tây Hồ")
    html = str(overview.peer_table_html(peers, "Tây Hồ", "en"))
    assert "<strong>Tây Hồ 119 % (2023)</strong>" in html
    assert "Hoàn Kiếm 111.6 % (2022)" in html
    assert "Thanh Xuân 2nd of 30 (2023)" in html
