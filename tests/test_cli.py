"""The `briefs extract` and `briefs list` commands."""

import json

import pandas as pd
import pytest

from helpers import cli
from helpers.batch.cluster import SCHEDULER_ENV, scheduler_address
from helpers.cli import main


def test_extract_writes_facts_and_articles(seeds_dir, tmp_path, capsys):
    out = tmp_path / "facts.csv"
    assert main(["extract", str(seeds_dir), "-o", str(out)]) == 0
    facts = pd.read_csv(out)
    assert len(facts) > 40 and (tmp_path / "facts_articles.csv").exists()
    assert "facts from 5 articles" in capsys.readouterr().err


def test_extract_names_the_articles_that_gave_no_fact(seeds_dir, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Quận Tây Hồ tổ chức hội nghị\n\n"
        "Ngày 12/3/2024, quận Tây Hồ tổ chức hội nghị tổng kết công tác.\n",
        encoding="utf-8",
    )
    seed = next(seeds_dir.glob("*.txt"))
    (corpus / seed.name).write_bytes(seed.read_bytes())
    assert main(["extract", "--corpus", str(corpus), "-o", str(tmp_path / "facts.csv")]) == 0
    err = capsys.readouterr().err
    assert "1 articles name a district but gave no fact: a (n_facts = 0" in err
    assert err.index("gave no fact") < err.index("facts from 2 articles")  # the summary is last


def test_list_prints_districts_years_and_counts(seeds_dir, capsys):
    assert main(["list", "--corpus", str(seeds_dir)]) == 0
    printed = capsys.readouterr().out
    assert "Tây Hồ" in printed and "2023, 2024" in printed and "Hoàn Kiếm" in printed


def test_missing_corpus_is_a_clear_error(tmp_path, capsys):
    assert main(["list", "--corpus", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_score_compares_with_a_gold_table(seeds_dir, tmp_path, capsys):
    gold = seeds_dir.parent / "tests" / "data" / "seeds_gold.csv"
    out = tmp_path / "facts.csv"
    main(["extract", str(seeds_dir), "-o", str(out)])
    assert main(["score", str(gold), str(out)]) == 0
    assert "f1=1.000 gold=40" in capsys.readouterr().out
    damaged = pd.read_csv(out).drop(index=0)
    damaged.to_csv(out, index=False)
    main(["score", str(gold), str(out), "--show"])
    printed = capsys.readouterr().out
    assert printed.startswith("MISS 000_97d56c37aaf6bf3e Tây Hồ 2023 FY targets_met")
    assert "matched=39" in printed


def test_an_unreadable_article_is_reported_and_skipped(seeds_dir, tmp_path, capsys, caplog):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(next(seeds_dir.glob("*.txt")).read_text(encoding="utf-8"))
    (corpus / "b.txt").write_bytes(b"\x00\x01binary")
    assert main(["extract", str(corpus), "-o", str(tmp_path / "facts.csv")]) == 0
    assert "from 1 articles (1 skipped, 0 duplicates" in capsys.readouterr().err
    assert "skipped: cannot read article" in caplog.text and "b.txt" in caplog.text


def test_extract_applies_corrections_and_reports_stale_ones(seeds_dir, tmp_path, capsys):
    facts_path = tmp_path / "facts.csv"
    assert main(["extract", str(seeds_dir), "-o", str(facts_path)]) == 0
    facts = pd.read_csv(facts_path, dtype=str, keep_default_na=False)
    first = facts.iloc[0]
    corrections = tmp_path / "fixes.csv"
    pd.DataFrame(
        [
            {
                "action": "fix",
                "doc_id": first["doc_id"],
                "figure": first["figure"],
                "sentence": first["sentence"],
                "value": "20",
                "note": "typo",
            },
            {
                "action": "drop",
                "doc_id": "gone",
                "figure": "9%",
                "sentence": "Tăng 9%.",
                "note": "removed",
            },
        ]
    ).to_csv(corrections, index=False)
    argv = ["extract", str(seeds_dir), "-o", str(facts_path), "--corrections", str(corrections)]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "1 corrections applied" in err and "1 stale" in err
    assert f"warning: stale correction {corrections}:3 (drop '9%' in gone)" in err
    corrected = pd.read_csv(facts_path, dtype=str, keep_default_na=False).iloc[0]
    assert (corrected["value"], corrected["origin"], corrected["correction_note"]) == (
        "20.0",
        "corrected",
        "typo",
    )


def test_a_malformed_corrections_file_is_a_clear_error(seeds_dir, tmp_path, capsys):
    corrections = tmp_path / "fixes.csv"
    corrections.write_text("action,doc_id,figure,sentence,note\nfix,d,9%,Tăng 9%.,n\n")
    argv = [
        "extract",
        str(seeds_dir),
        "-o",
        str(tmp_path / "f.csv"),
        "--corrections",
        str(corrections),
    ]
    assert main(argv) == 2
    assert f"{corrections}:2: a fix changes nothing" in capsys.readouterr().err
    assert not (tmp_path / "f.csv").exists()


def test_list_json_gives_each_district_with_its_slug(seeds_dir, capsys):
    assert main(["list", "--corpus", str(seeds_dir), "--json"]) == 0
    listing = {item["slug"]: item for item in json.loads(capsys.readouterr().out)}
    assert set(listing) == {"hoan-kiem", "tay-ho", "thanh-xuan"}
    tay_ho = listing["tay-ho"]
    assert tay_ho["district"] == "Tây Hồ" and 2023 in tay_ho["years"]
    assert tay_ho["facts"] > 0 and "FY" in tay_ho["periods"]


def test_the_scheduler_comes_from_the_option_or_the_environment(monkeypatch):
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://from-env:8786")
    assert scheduler_address(None) == "tcp://from-env:8786"
    assert scheduler_address("tcp://given:8786") == "tcp://given:8786"
    assert scheduler_address("") is None  # --scheduler '' runs here whatever the environment
    monkeypatch.delenv(SCHEDULER_ENV)
    assert scheduler_address(None) is None


def test_an_unreachable_scheduler_is_one_error_line(seeds_dir, tmp_path, capsys):
    out = tmp_path / "facts.csv"
    arguments = ["extract", "--corpus", str(seeds_dir), "-o", str(out)]
    assert main([*arguments, "--scheduler", "tcp://nowhere:1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("briefs: error: cannot reach the dask scheduler at tcp://nowhere:1: ")
    assert not out.exists()


def test_stale_corrections_give_their_own_exit_status(tmp_path, capsys):
    """A scheduled run notices that a researcher's fix stopped applying (exit 4), unless
    --allow-stale; a failed run keeps its own status."""
    from helpers.run_manifest import MANIFEST_NAME, RunManifest, write_manifest
    from helpers.tables.correction_report import CorrectionsReport, StaleCorrection

    stale = StaleCorrection(3, "drop", "gone", "9%", "no_article")
    report = CorrectionsReport("corrections.csv", 0, {}, [stale])
    write_manifest(RunManifest("c", 0, corrections=report), tmp_path / MANIFEST_NAME)
    assert cli._stale_status(0, tmp_path, allow_stale=False) == cli.EXIT_STALE_CORRECTIONS
    assert "1 stale corrections" in capsys.readouterr().err
    assert cli._stale_status(0, tmp_path, allow_stale=True) == 0
    assert cli._stale_status(1, tmp_path, allow_stale=False) == 1
    write_manifest(RunManifest("c", 0), tmp_path / MANIFEST_NAME)
    assert cli._stale_status(0, tmp_path, allow_stale=False) == 0


def test_every_option_of_every_command_has_help_text():
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    missing = [
        f"{name} {action.dest}"
        for name, command in commands.choices.items()
        for action in command._actions
        if action.dest != "help" and not action.help
    ]
    assert missing == []


def test_a_corpus_tree_is_read_from_its_article_folder(seeds_dir, tmp_path, capsys):
    tree = tmp_path / "real-dev"
    (tree / "articles").mkdir(parents=True)
    for article in seeds_dir.glob("*.txt"):
        (tree / "articles" / article.name).write_bytes(article.read_bytes())
    (tree / "sources.csv").write_text("doc_id,url\n", encoding="utf-8")
    assert main(["list", "--corpus", str(tree), "--json"]) == 0
    captured = capsys.readouterr()
    assert "reading the articles in" in captured.err
    assert {item["district"] for item in json.loads(captured.out)} >= {"Tây Hồ"}
    (tree / "more").mkdir()
    (tree / "more" / "x.txt").write_text("Quận Tây Hồ", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:  # a usage error: one line, exit 2
        main(["list", "--corpus", str(tree)])
    assert stopped.value.code == 2
    assert "several folders" in capsys.readouterr().err


def test_extract_names_the_corpus_like_the_other_commands(seeds_dir, tmp_path, capsys):
    out = tmp_path / "facts.csv"
    assert main(["extract", "--corpus", str(seeds_dir), "-o", str(out)]) == 0
    assert main(["extract", str(seeds_dir), "-o", str(out)]) == 0  # the old form still works
    assert "deprecated" in capsys.readouterr().err
