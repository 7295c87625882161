"""Saved pages, archives and web-archive files as corpora: the same articles give the same
facts whatever file holds them, and each article's metadata says where it came from."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from corpus_files import write_jsonl, write_warc

from helpers.extract.text.metadata import find_title
from helpers.extract.text.reading import read_article
from helpers.sources.archives import ArchiveColumns
from helpers.sources.pages import decode_page, read_page
from helpers.tables.article_batches import read_articles
from helpers.tables.corpus import extract_corpus

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "data" / "pages"
REAL = ROOT / "tests" / "data" / "real" / "articles"
SEEDS = ROOT / "seeds"
FACT_KEY = [
    "doc_id",
    "district",
    "year",
    "period",
    "indicator",
    "kind",
    "value",
    "total",
    "unit",
    "qualifier",
    "figure",
]
UNRELATED = "Thời tiết Hà Nội hôm nay nắng nhẹ, nhiệt độ 30 độ C. Người dân đi dạo ven hồ."


def facts_of(tables, indicators_only: bool = False) -> set[tuple[str, ...]]:
    facts = tables.facts
    if indicators_only:
        facts = facts[facts["indicator"] != "other"]
    return set(map(tuple, facts[FACT_KEY].astype(str).to_numpy()))


def texts_of(doc_ids, folder: Path, into: Path) -> Path:
    into.mkdir(exist_ok=True)
    for doc_id in doc_ids:
        shutil.copy(folder / f"{doc_id}.txt", into)
    return into


def test_saved_pages_give_the_facts_of_their_text(tmp_path: Path) -> None:
    pages = extract_corpus(PAGES)
    assert pages.errors.empty
    doc_ids = sorted(pages.articles["doc_id"])
    assert doc_ids == ["g1_03", "g1_09", "g1_10", "g3_05"]
    texts = extract_corpus(texts_of(doc_ids, REAL, tmp_path / "txt"))
    assert facts_of(pages, True) == facts_of(texts, True)
    assert facts_of(pages) == facts_of(texts)  # `other` figures too
    assert len(pages.facts) >= 30


def test_a_page_states_its_metadata_and_the_text_fills_the_rest() -> None:
    articles = extract_corpus(PAGES).articles.set_index("doc_id")
    g1_03 = articles.loc["g1_03"]
    assert g1_03["title"] == "Quận Đống Đa thu ngân sách đạt hơn 7.000 tỷ đồng"
    assert g1_03["published"] == "2016-12-29"  # not the header's `Thứ Hai, 05/03/2021`
    assert g1_03["outlet"] == "Kinh tế & Đô thị"
    assert g1_03["url"].startswith("https://kinhtedothi.vn/quan-dong-da")
    assert g1_03["provenance"] == "title=page;published=page;outlet=page;url=page"
    # JSON-LD NewsArticle, and a byline author the page's markup names
    g1_09 = articles.loc["g1_09"]
    assert (g1_09["published"], g1_09["outlet"], g1_09["author"]) == (
        "2022-11-28",
        "Markettimes",
        "Xuân Phương",
    )
    # a byline's date or view counter is not an author
    assert "author=page" not in articles.loc["g3_05", "provenance"]


@pytest.mark.parametrize(
    ("name", "encoding"), [("g1_03", "utf-8"), ("g1_09", "utf-8"), ("g1_10", "cp1258")]
)
def test_page_encodings_declared_bom_and_windows_1258(name: str, encoding: str) -> None:
    path = PAGES / f"{name}.html"
    _, found, _ = decode_page(path, path.read_bytes())
    assert found.replace("-sig", "") == encoding
    article = read_page(path)
    text = read_article(REAL / f"{name}.txt").text
    assert article.text.split("\n")[0] == find_title(text.split("\n"))
    last_paragraph = next(line for line in reversed(article.text.split("\n")) if len(line) > 80)
    assert last_paragraph in text
    assert "\ufeff" not in article.text


def test_a_page_with_no_article_text_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body><div></div></body></html>", "utf-8")
    (tmp_path / "menu.html").write_text("<html><body><nav>Trang chủ</nav></body></html>", "utf-8")
    (tmp_path / "binary.htm").write_bytes(b"\x00\x01\x02" * 50)
    tables = extract_corpus(tmp_path)
    errors = dict(zip(tables.errors["file"], tables.errors["error"], strict=True))
    assert set(errors) == {"empty.html", "binary.htm"}
    assert "no article text" in errors["empty.html"]
    assert tables.about_no_district == 1  # the menu: text, but about no district


def _seed_rows() -> list[dict[str, str]]:
    return [
        {
            "id": path.stem,
            "content": path.read_text(encoding="utf-8"),
            "link": f"https://x.vn/{path.stem}",
        }
        for path in sorted(SEEDS.glob("*.txt"))
    ]


def test_archives_in_every_format_give_the_facts_of_the_folder(tmp_path: Path) -> None:
    folder = extract_corpus(SEEDS)
    rows = _seed_rows()
    jsonl = write_jsonl(tmp_path / "news.jsonl", rows)
    pd.DataFrame(rows).to_csv(tmp_path / "news.csv", index=False)
    pd.DataFrame(rows).to_parquet(tmp_path / "news.parquet", index=False)
    for archive in (jsonl, tmp_path / "news.csv", tmp_path / "news.parquet"):
        tables = extract_corpus(archive)
        assert facts_of(tables) == facts_of(folder), archive.name
        first = tables.articles.iloc[0]
        assert first["file"] == f"{archive.name}#1"
        assert first["url"] == f"https://x.vn/{first['doc_id']}"
        assert "url=archive" in first["provenance"]


def test_archive_columns_by_option_ids_by_row_and_bad_rows_listed(tmp_path: Path) -> None:
    rows = [
        {"noi_dung": r["content"], "tieu_de": "Một tiêu đề", "ngay": "2024-03-05"}
        for r in _seed_rows()
    ]
    rows.insert(1, {"noi_dung": "", "tieu_de": "x"})
    archive = write_jsonl(tmp_path / "kho.jsonl", rows)
    with archive.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    unnamed = extract_corpus(archive)
    assert list(unnamed.errors["file"]) == ["kho.jsonl"]
    assert "no text column" in unnamed.errors["error"].iloc[0]
    columns = ArchiveColumns(text="noi_dung", title="tieu_de", published="ngay")
    tables = extract_corpus(archive, columns=columns)
    assert list(tables.errors["file"]) == ["kho.jsonl#2", "kho.jsonl#7"]
    assert tables.articles["doc_id"].iloc[0] == "kho-1"
    assert set(tables.articles["published"]) == {"2024-03-05"}
    assert set(tables.articles["title"]) == {"Một tiêu đề"}


def _page_bytes(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


def test_warc_html_responses_are_articles_with_the_records_url(tmp_path: Path) -> None:
    unrelated = f"<html><head><title>Thời tiết</title></head><body><p>{UNRELATED}</p></body></html>"
    warc = write_warc(
        tmp_path / "crawl.warc.gz",
        [
            (
                "https://kinhtedothi.vn/a.html",
                "text/html; charset=utf-8",
                _page_bytes("g1_03"),
                "200 OK",
            ),
            ("https://x.vn/weather", "text/html", unrelated.encode(), "200 OK"),
            ("https://x.vn/logo.png", "image/png", b"\x89PNG" + b"\x00" * 20, "200 OK"),
            ("https://x.vn/gone", "text/html", b"<html>Not found</html>", "404 Not Found"),
            (
                "https://nhipsonghanoi.hanoimoi.com.vn/b",
                "text/html",
                _page_bytes("g1_10"),
                "200 OK",
            ),
        ],
    )
    tables = extract_corpus(warc)
    assert list(tables.articles["doc_id"]) == ["crawl-1", "crawl-5"]
    assert tables.about_no_district == 1
    assert tables.errors.empty
    pages = extract_corpus(PAGES)
    key = [k for k in FACT_KEY if k != "doc_id"]
    from_pages = pages.facts[pages.facts["doc_id"].isin(["g1_03", "g1_10"])]
    assert sorted(map(tuple, tables.facts[key].astype(str).to_numpy())) == sorted(
        map(tuple, from_pages[key].astype(str).to_numpy())
    )
    # the page's canonical URL and date win over the record's; the record's fill what it lacks
    assert tables.articles["provenance"].iloc[0] == "title=page;published=page;outlet=page;url=page"


def _bare_page(seed: str) -> bytes:
    text = read_article(SEEDS / f"{seed}.txt").text
    body = "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
    return f"<html><body><article>{body}</article></body></html>".encode()


def test_a_warc_page_without_metadata_takes_the_records_url_and_date(tmp_path: Path) -> None:
    warc = write_warc(
        tmp_path / "c.warc",
        [
            ("https://a.vn/x", "text/html", _bare_page("000_97d56c37aaf6bf3e"), "200 OK"),
            ("https://a.vn/y", "text/html", _bare_page("004_01d65c67f1228e68"), "200 OK"),
        ],
    )
    undated, dated = extract_corpus(warc).articles.to_dict("records")
    assert (undated["url"], undated["outlet"]) == ("https://a.vn/x", "a.vn")
    assert undated["published"] == "2023-05-04"
    assert undated["provenance"] == "title=text;published=warc;author=text;outlet=url;url=warc"
    # the record's date is when the page was captured: a date in the text wins over it
    assert dated["published"] == "2023-02-18"
    assert "published=text" in dated["provenance"]


def test_a_folder_mixing_every_kind_gives_one_facts_table(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[:2]:
        shutil.copy(path, mixed)
    for name in ("g1_03", "g1_09"):
        shutil.copy(PAGES / f"{name}.html", mixed)
    write_jsonl(mixed / "archive.jsonl", _seed_rows()[2:])
    write_warc(
        mixed / "crawl.warc.gz",
        [("https://x.vn/g1_10", "text/html", _page_bytes("g1_10"), "200 OK")],
    )
    tables = extract_corpus(mixed)
    assert tables.errors.empty
    assert len(tables.articles) == 2 + 2 + (len(seeds) - 2) + 1
    seeds_facts = {f[1:] for f in facts_of(extract_corpus(SEEDS))}
    assert seeds_facts <= {f[1:] for f in facts_of(tables)}
    with ThreadPoolExecutor(max_workers=2) as executor:
        pooled = extract_corpus(mixed, workers=2, executor=executor)
    pd.testing.assert_frame_equal(pooled.facts, tables.facts)
    pd.testing.assert_frame_equal(pooled.articles, tables.articles)


def test_items_are_taken_as_batches_are_sent_not_all_at_once() -> None:
    taken = []

    def items():
        for number in range(10_000):
            taken.append(number)
            yield Path(f"/nonexistent/{number}.txt")

    with ThreadPoolExecutor(max_workers=2) as executor:
        outcomes = read_articles(items(), None, executor, workers=2, n_articles=10_000)
        for _ in zip(range(10), outcomes, strict=False):
            pass
    assert len(taken) < 1_000


def test_an_added_figure_is_looked_for_in_a_page_and_an_archive_row(tmp_path: Path) -> None:
    from test_corrections import write_corrections

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAGES / "g1_03.html", corpus)
    write_jsonl(corpus / "a.jsonl", _seed_rows())
    facts = extract_corpus(corpus).facts
    rows = []
    for doc_id in ("g1_03", "003_0f7c43e8bdea2af6"):
        fact = facts[facts["doc_id"] == doc_id].iloc[0]
        rows.append(
            {
                "action": "add",
                "doc_id": doc_id,
                "figure": fact["figure"],
                "sentence": fact["sentence"],
                "district": fact["district"],
                "year": str(fact["year"]),
                "period": fact["period"],
                "indicator": "other",
                "kind": "actual",
                "value": str(fact["value"]),
                "note": "checked against the text",
            }
        )
    write_corrections(tmp_path / "corrections.csv", rows)
    tables = extract_corpus(corpus)
    # Both rows are found in their article's text again (re-read from the page and from the
    # archive's row), so the only complaint is that the extractor reports them already.
    reasons = [stale.why() for stale in tables.corrections.stale]
    assert len(reasons) == 2
    assert all(reason.startswith("the extractor now reports this figure") for reason in reasons)


def test_every_kind_of_article_gets_its_own_doc_id(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(PAGES / "g1_03.html", tmp_path)
    shutil.copy(seeds[0], tmp_path / "g1_03.txt")
    rows = [
        {"id": own, "content": path.read_text(encoding="utf-8")}
        for own, path in zip(("g1_03", "X", "x"), seeds[1:4], strict=True)
    ]
    write_jsonl(tmp_path / "kho.jsonl", rows)
    tables = extract_corpus(tmp_path)
    assert tables.errors.empty
    ids = dict(zip(tables.articles["file"], tables.articles["doc_id"], strict=True))
    assert ids["g1_03.txt"] == "g1_03"  # the canonical `.txt` keeps the plain id
    assert ids["g1_03.html"].startswith("g1_03~")
    assert ids["kho.jsonl#1"].startswith("g1_03~") and ids["kho.jsonl#2"] == "X"
    assert ids["kho.jsonl#3"].startswith("x~")  # `X` is an earlier row's, up to case
    assert len(set(ids.values())) == len(ids) == 5
    assert set(tables.facts["doc_id"]) == set(ids.values())
    assert "g1_03.html: doc_id g1_03~" in caplog.text
    assert "kho.jsonl#3: doc_id x~" in caplog.text
    assert list(extract_corpus(tmp_path).articles["doc_id"]) == list(tables.articles["doc_id"])


def test_a_file_that_is_not_what_its_name_says_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "bad.warc.gz").write_bytes(b"not gzip, not WARC")
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 but not really")
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    tables = extract_corpus(tmp_path)
    errors = dict(zip(tables.errors["file"], tables.errors["error"], strict=True))
    assert set(errors) == {"bad.warc.gz", "bad.parquet", "bad.csv"}
    assert "not a web-archive (WARC) file" in errors["bad.warc.gz"]
    assert "not a Parquet file" in errors["bad.parquet"]
    assert "no text column" in errors["bad.csv"]


def test_briefs_extract_an_archive_with_its_columns_named(tmp_path: Path) -> None:
    from helpers.cli import main

    rows = [{"ma": r["id"], "noi_dung": r["content"], "lien_ket": r["link"]} for r in _seed_rows()]
    archive = write_jsonl(tmp_path / "kho.jsonl", rows)
    out = tmp_path / "facts.csv"
    assert main(["extract", str(archive), "-o", str(out), "--workers", "1"]) == 2  # no text column
    named = ["--text-column", "noi_dung", "--url-column", "lien_ket", "--id-column", "ma"]
    assert main(["extract", str(archive), "-o", str(out), "--workers", "1", *named]) == 0
    articles = pd.read_csv(tmp_path / "facts_articles.csv", dtype=str, keep_default_na=False)
    assert list(articles["doc_id"]) == [r["ma"] for r in rows]
    assert list(articles["url"]) == [r["lien_ket"] for r in rows]
    facts = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(facts) == len(extract_corpus(SEEDS).facts)
