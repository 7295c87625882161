"""`briefs export`: the facts as a Frictionless Data Package that validates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from helpers.cli import main
from helpers.tables.corpus import extract_corpus, read_facts
from helpers.tables.export import export_dataset
from helpers.tables.schema import FACT_COLUMNS, SchemaError

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    return export_dataset(extract_corpus(seeds_dir), tmp_path_factory.mktemp("dataset"))


def test_the_package_validates_with_frictionless(dataset: Path) -> None:
    report = frictionless.validate(str(dataset))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    completed = subprocess.run(
        [str(FRICTIONLESS), "validate", dataset.name],
        cwd=dataset.parent,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_package_describes_types_enums_keys_license_and_sources(dataset: Path) -> None:
    package = json.loads(dataset.read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"]
    assert len(package["sources"]) == 5
    facts = next(r for r in package["resources"] if r["name"] == "facts")
    fields = {field["name"]: field for field in facts["schema"]["fields"]}
    assert list(fields) == list(FACT_COLUMNS)
    assert fields["year"]["type"] == "integer" and fields["value"]["type"] == "number"
    for name in ("indicator", "period", "kind", "unit", "qualifier"):
        assert fields[name]["constraints"]["enum"], name
    assert "State budget revenue as % of plan" in fields["indicator"]["description"]
    assert "billion Vietnamese đồng" in fields["unit"]["description"]
    assert facts["schema"]["primaryKey"] == ["fact_id"]
    references = {key["reference"]["resource"] for key in facts["schema"]["foreignKeys"]}
    assert references == {"articles", "indicators", "districts"}


def test_parquet_and_csv_hold_the_same_facts(dataset: Path) -> None:
    from_csv = read_facts(dataset.parent / "facts.csv")
    assert from_csv.equals(read_facts(dataset.parent / "facts.parquet"))
    assert len(from_csv) == 52  # the seeds' facts, other rows included


@pytest.mark.parametrize(
    ("column", "value", "field"),
    [("period", "H1", "period"), ("year", "twenty", "year"), ("kind", "plan", "kind")],
)
def test_a_bad_value_is_caught_by_frictionless_and_by_the_reader(
    tmp_path: Path, seeds_dir: Path, column: str, value: str, field: str
) -> None:
    path = export_dataset(extract_corpus(seeds_dir), tmp_path)
    facts = pd.read_csv(tmp_path / "facts.csv", dtype=str, keep_default_na=False)
    facts.loc[6, column] = value
    facts.to_csv(tmp_path / "facts.csv", index=False)
    report = frictionless.validate(str(path))
    assert not report.valid
    errors = report.flatten(["rowNumber", "fieldName"])
    assert [8, field] in errors  # row 7 of the data, below the header line
    with pytest.raises(SchemaError, match=f"row 7 .*{column}"):
        read_facts(tmp_path / "facts.csv")


def test_export_is_deterministic_and_applies_corrections(tmp_path: Path, seeds_dir: Path) -> None:
    facts = extract_corpus(seeds_dir).facts
    fact = facts[facts["indicator"] == "admin_reform_rank"].iloc[0]
    corrections = tmp_path / "c.csv"
    pd.DataFrame(
        [
            {
                "action": "drop",
                "doc_id": fact["doc_id"],
                "figure": fact["figure"],
                "sentence": fact["sentence"],
                "note": "check",
            }
        ]
    ).to_csv(corrections, index=False)
    for out in ("a", "b"):
        argv = ["export", str(tmp_path / out), "--corpus", str(seeds_dir)]
        assert main([*argv, "--corrections", str(corrections)]) == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    exported = read_facts(tmp_path / "a" / "facts.csv")
    assert len(exported) == len(facts) - 1
    assert fact["fact_id"] not in set(exported["fact_id"])
