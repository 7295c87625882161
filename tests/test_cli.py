"""The `briefs extract` and `briefs list` commands."""

import pandas as pd

from helpers.cli import main


def test_extract_writes_facts_and_articles(seeds_dir, tmp_path, capsys):
    out = tmp_path / "facts.csv"
    assert main(["extract", str(seeds_dir), "-o", str(out)]) == 0
    facts = pd.read_csv(out)
    assert len(facts) > 40 and (tmp_path / "facts_articles.csv").exists()
    assert "facts from 5 articles" in capsys.readouterr().err


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
