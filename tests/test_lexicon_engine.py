"""The span-labelling lexicon engine: tokens, grammar, rows, matcher, checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.extract.lexicon import (
    Lexicon,
    Row,
    Token,
    coverage,
    load_lexicon,
    load_rows,
    tokenize,
)
from helpers.extract.lexicon.grammar import (
    MAX_EXPANSIONS,
    ClassTest,
    Literal,
    Step,
    parse_pattern,
    parse_tree,
)
from helpers.extract.lexicon.matcher import Matcher
from helpers.extract.lexicon.rows import COLUMNS, Attrs
from helpers.extract.text.textnorm import fold, nfc

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "src" / "helpers" / "extract" / "lexicons" / "README.md"


def toks(text: str) -> list[Token]:
    text = nfc(text)
    return tokenize(text, fold(text))


def row(
    row_id: str,
    pattern: str,
    label: str = "x",
    *,
    family: str = "fam",
    priority: int = 0,
    attrs: dict[str, str] | None = None,
    examples: tuple[str, ...] = (),
    counter_examples: tuple[str, ...] = (),
) -> Row:
    return Row(
        id=row_id,
        family=family,
        pattern=pattern,
        label=label,
        attrs=Attrs(attrs),
        priority=priority,
        examples=examples,
        counter_examples=counter_examples,
        source=f"test:{row_id}",
    )


def matched(pattern: str, text: str) -> list[str]:
    """The texts of every span of a one-row matcher over `text`."""
    tokens = toks(text)
    spans = Matcher([row("r", pattern)]).spans(tokens)
    return [" ".join(t.text for t in tokens[s.start : s.end]) for s in spans]


def write_csv(directory: Path, name: str, lines: list[str]) -> Path:
    path = directory / name
    path.write_text("\n".join([",".join(COLUMNS), *lines]) + "\n", encoding="utf-8")
    return path


# --- tokens ---------------------------------------------------------------------------


def test_tokenize_kinds_offsets_and_capitals() -> None:
    text = nfc("Quý I/2024, Đống Đa tăng 1.050,5 tỷ (9,8%)")
    tokens = tokenize(text, fold(text))
    assert [(t.text, t.kind) for t in tokens] == [
        ("quy", "word"),
        ("i", "word"),
        ("/", "punct"),
        ("2024", "num"),
        (",", "punct"),
        ("dong", "word"),
        ("da", "word"),
        ("tang", "word"),
        ("1.050,5", "num"),
        ("ty", "word"),
        ("(", "punct"),
        ("9,8", "num"),
        ("%", "punct"),
        (")", "punct"),
    ]
    assert [text[t.start : t.end] for t in tokens][:7] == [
        "Quý", "I", "/", "2024", ",", "Đống", "Đa",
    ]  # fmt: skip
    assert [t.capitalised for t in tokens][:8] == [
        True,
        True,
        False,
        False,
        False,
        True,
        True,
        False,
    ]


def test_tokenize_rejects_mismatched_fold() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        tokenize("abc", "ab")


# --- grammar --------------------------------------------------------------------------


def test_literals_are_folded_and_exact() -> None:
    assert parse_pattern("Quý  tăng %") == [(Literal("quy"), Literal("tang"), Literal("%"))]
    assert matched("quý", "QUÝ II") == ["quy"]
    assert matched("quy", "quý") == ["quy"]
    assert matched("quy hoach", "quyết quy hoạch") == ["quy hoach"]
    assert matched("quy", "quyết định") == []


def test_number_and_punct_literals() -> None:
    assert matched("<num>%", "tăng 9,8% và 12 %") == ["9,8 %", "12 %"]
    assert matched("quý <roman> / <year>", "quý I/2024") == ["quy i / 2024"]
    assert matched(r"\( <num> % \)", "tăng (12%)") == ["( 12 % )"]


def test_groups_alternatives_and_nesting() -> None:
    assert parse_pattern("(a b|c) d|e") == [
        (Literal("a"), Literal("b"), Literal("d")),
        (Literal("c"), Literal("d")),
        (Literal("e"),),
    ]
    assert matched("tháng (đầu (năm|quý)|cuối năm)", "6 tháng đầu quý, tháng cuối năm") == [
        "thang dau quy",
        "thang cuoi nam",
    ]


def test_optional_applies_to_previous_item() -> None:
    assert parse_pattern("quy <roman> (nam <year>)?") == [
        (Literal("quy"), ClassTest("roman"), Literal("nam"), ClassTest("year")),
        (Literal("quy"), ClassTest("roman")),
    ]
    assert matched("năm? <year>", "năm 2024") == ["nam 2024", "2024"]


@pytest.mark.parametrize(
    ("cls", "yes", "no"),
    [
        ("num", ["12", "9,8", "1.050,5"], ["ba", "%"]),
        ("year", ["1990", "2024", "2035"], ["1989", "2036", "2.024", "202", "20245"]),
        ("int", ["7", "2024"], ["9,8", "1.000", "bay"]),
        ("month", ["1", "06", "12"], ["0", "13", "1,5"]),
        ("roman", ["I", "iv", "3", "4"], ["v", "5", "x"]),
        ("w", ["quý", "Hà"], ["12", "%"]),
        ("Cap", ["Hà", "Đống"], ["hà", "12"]),
        ("any", ["x", "12", "%"], []),
    ],
)
def test_classes(cls: str, yes: list[str], no: list[str]) -> None:
    for text in yes:
        assert matched(f"<{cls}>", text) == [fold(nfc(text))], text
    for text in no:
        assert matched(f"<{cls}>", text) == [], text


def test_gaps() -> None:
    assert len(parse_pattern("a <w>{0,3} b")) == 4
    assert matched("tăng <w>{0,2} <num>", "tăng khoảng gần 9,8") == ["tang khoang gan 9,8"]
    assert matched("tăng <w>{0,2} <num>", "tăng rất là nhanh 9") == []
    assert matched("a <any>{1,1} b", "a , b a b") == ["a , b"]


@pytest.mark.parametrize(
    "pattern",
    [
        "(a b|c) d|e",
        "quy <roman> (nam <year>)?",
        "a <w>{0,3} b",
        "(a? b|a)? c",
        "<w>{0,2} <w>{1,2} x",
    ],
)
def test_tree_ends_follow_every_sequence(pattern: str) -> None:
    def advance(path: tuple[Step, ...], step: Step) -> tuple[Step, ...]:
        return (*path, step)

    ends = parse_tree(pattern).ends([()], advance)
    assert sorted(set(map(repr, ends))) == sorted(map(repr, parse_pattern(pattern)))


def test_expansion_cap_names_the_row() -> None:
    pattern = " ".join(["(a|b|c|d)"] * 7)  # 4**7 = 16,384 sequences
    with pytest.raises(ValueError, match=r"times\.csv:3 \(t\.x\).*16384 sequences"):
        parse_pattern(pattern, name="times.csv:3 (t.x)")
    assert len(parse_pattern(" ".join(["(a|b|c|d)"] * 6))) == MAX_EXPANSIONS


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(a b", "unclosed"),
        ("a b)", "unmatched"),
        ("a ??", "already optional"),
        ("? a", "must follow"),
        ("<foo>", "unknown class <foo>"),
        ("a{1,2}", "gap is written"),
        ("<w>{2,9}", "<= 8"),
        ("<w>{3,2}", "<= 8"),
        ("(a|)", "empty alternative"),
        ("a?", "no token"),
        ("a < b", "reserved"),
        (r"\a", "only the grammar characters"),
        (r"\%", "only the grammar characters"),
    ],
)
def test_bad_patterns(pattern: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_pattern(pattern, name="f.csv:9 (r)")


# --- matcher --------------------------------------------------------------------------


def test_matcher_finds_overlapping_spans_of_all_rows_in_a_fixed_order() -> None:
    rows = [
        row("t.year", "năm <year>", "year", family="times", priority=1),
        row("t.quarter", "quý <roman> (năm <year>)?", "quarter", family="times", priority=5),
        row("t.q_only", "quý <roman>", "quarter", family="times", priority=2),
        row("v.pct", "<num> %", "pct", family="values"),
    ]
    tokens = toks("Trong quý II năm 2024 tăng 9,8%")
    found = [(s.start, s.end, s.row.id) for s in Matcher(rows).spans(tokens)]
    assert found == [
        (1, 5, "t.quarter"),
        (1, 3, "t.quarter"),
        (1, 3, "t.q_only"),
        (3, 5, "t.year"),
        (6, 8, "v.pct"),
    ]
    assert [(s.start, s.row.id) for s in Matcher(rows[::-1]).spans(tokens)] == [
        (start, row_id) for start, _, row_id in found
    ]


def test_span_convenience_properties() -> None:
    span = Matcher([row("r", "a", "lab", family="f", attrs={"k": "v"})]).spans(toks("a"))[0]
    assert (span.family, span.label, dict(span.attrs), span.row.attr("k")) == (
        "f",
        "lab",
        {"k": "v"},
        "v",
    )
    assert span.row.attr("missing", "d") == "d"


def test_best_precedence() -> None:
    rows = [
        row("long_low", "a b c", priority=1),
        row("short_high", "b c", priority=5),
        row("first", "a", priority=0),
        row("tie_a", "c d", priority=5),
        row("other_family", "a b c d", family="g", priority=0),
    ]
    spans = Matcher(rows).spans(toks("a b c d"))
    chosen = Lexicon.best(spans)
    # b-c (priority 5) beats c-d (same priority, same length, later) and the longer a-b-c;
    # "a" still fits; the other family is chosen independently.
    assert [s.row.id for s in chosen] == ["other_family", "first", "short_high"]
    assert [s.row.id for s in Lexicon.best(spans, family="g")] == ["other_family"]
    longer = Matcher([row("x", "a b", priority=1), row("y", "b c", priority=1)]).spans(
        toks("a b c")
    )
    assert [s.row.id for s in Lexicon.best(longer)] == ["x"]  # same priority & length: earlier
    wins = Matcher([row("x", "a b", priority=1), row("y", "b c d", priority=1)])
    assert [s.row.id for s in Lexicon.best(wins.spans(toks("a b c d")))] == ["y"]  # longer


# --- rows -----------------------------------------------------------------------------


GOOD = "t.q,quý <roman>,quarter,grain=quarter;src=lex,5,quý I|quý 2,quý tộc,a note"


def test_rows_load_from_a_directory(tmp_path: Path) -> None:
    write_csv(tmp_path, "times.csv", [GOOD, "", "t.y,năm <year>,year,,1,năm 2024,,"])
    write_csv(tmp_path, "values.csv", ['v.p,"<num> %",pct,,0,"9,8%",,'])
    rows = load_rows(tmp_path)
    assert [(r.id, r.family, r.source) for r in rows] == [
        ("t.q", "times", "times.csv:2"),
        ("t.y", "times", "times.csv:4"),
        ("v.p", "values", "values.csv:2"),
    ]
    first = rows[0]
    assert first.attrs == {"grain": "quarter", "src": "lex"}
    assert (first.priority, first.examples, first.counter_examples) == (
        5,
        ("quý I", "quý 2"),
        ("quý tộc",),
    )
    lexicon = load_lexicon(tmp_path)
    _, spans = lexicon.spans("Quý I", "quy i")
    assert [s.row.id for s in spans] == ["t.q"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            [GOOD, GOOD.replace("a note", "again")],
            r"times\.csv:3: duplicate id 't\.q' \(first at times\.csv:2\)",
        ),
        (
            [GOOD.replace(",5,", ",high,")],
            r"times\.csv:2 \(t\.q\): priority 'high' is not an integer",
        ),
        (
            [GOOD.replace("quý <roman>", "quý (<roman>")],
            r"times\.csv:2 \(t\.q\): pattern .*unclosed",
        ),
        ([GOOD.replace("quarter,grain", ",grain")], r"times\.csv:2 \(t\.q\): empty label"),
        ([GOOD.replace("grain=quarter", "grain")], r"times\.csv:2 \(t\.q\): attrs part 'grain'"),
        ([GOOD + ",extra"], r"times\.csv:2: 9 fields"),
    ],
)
def test_loader_errors_name_file_and_line(tmp_path: Path, lines: list[str], message: str) -> None:
    write_csv(tmp_path, "times.csv", lines)
    with pytest.raises(ValueError, match=message):
        load_rows(tmp_path)


def test_loader_rejects_missing_column(tmp_path: Path) -> None:
    (tmp_path / "times.csv").write_text("id,pattern,label,attrs,examples,counter_examples,note\n")
    with pytest.raises(ValueError, match=r"times\.csv:1: bad header \(missing \['priority'\]"):
        load_rows(tmp_path)


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    write_csv(tmp_path, "a.csv", [GOOD])
    write_csv(tmp_path, "b.csv", [GOOD])
    with pytest.raises(ValueError, match=r"b\.csv:2: duplicate id 't\.q' \(first at a\.csv:2\)"):
        load_rows(tmp_path)


# --- check and coverage ---------------------------------------------------------------


def test_check_reports_every_failure_at_once() -> None:
    lexicon = Lexicon(
        [
            row("bad_example", "quý <roman>", examples=("quý I năm 2024",)),
            row("counter", "tăng", counter_examples=("giá tăng nhanh",)),
            row("amb_a", "<int> tháng", "months", priority=3, examples=("6 tháng",)),
            row("amb_b", "6 tháng", "half_year", priority=3),
            row("ok_other_priority", "6 tháng", "half_year", priority=4, examples=("6 tháng",)),
        ]
    )
    with pytest.raises(ValueError) as caught:
        lexicon.check()
    message = str(caught.value)
    assert "3 problem(s)" in message
    assert "test:bad_example (bad_example): example 'quý I năm 2024' is not matched" in message
    assert "test:counter (counter): counter-example 'giá tăng nhanh' matches at ['tăng']" in message
    assert "example '6 tháng' is ambiguous: test:amb_b (amb_b)" in message


def test_check_passes_same_label_and_attrs_at_equal_priority() -> None:
    Lexicon(
        [
            row("a", "<int> tháng", "m", priority=3, attrs={"k": "v"}, examples=("6 tháng",)),
            row("b", "6 tháng", "m", priority=3, attrs={"k": "v"}),
            row("c", "6 tháng", "other", family="g", priority=3),
        ]
    ).check()


def test_load_lexicon_runs_check(tmp_path: Path) -> None:
    write_csv(tmp_path, "times.csv", [GOOD.replace("quý I|", "quý V|")])
    with pytest.raises(ValueError, match="example 'quý V' is not matched"):
        load_lexicon(tmp_path)


def test_coverage_counts_surviving_spans() -> None:
    lexicon = Lexicon(
        [
            row("long", "quý <roman> năm <year>", priority=1),
            row("short", "quý <roman>"),
            row("never", "zzz"),
        ]
    )
    texts = [(t, fold(t)) for t in (nfc("quý I năm 2024, quý II"), nfc("quý III"))]
    assert coverage(lexicon, texts) == {"long": 1, "short": 2, "never": 0}


def test_readme_example_rows_load_and_pass_check(tmp_path: Path) -> None:
    block = re.search(r"```csv\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block is not None
    (tmp_path / "times.csv").write_text(block.group(1), encoding="utf-8")
    lexicon = load_lexicon(tmp_path)
    assert [r.id for r in lexicon.rows] == ["time.quarter", "time.year_under_review"]


# --- the shipped lexicons -------------------------------------------------------------


def _shipped_ids() -> list[str]:
    try:
        return [r.id for r in load_rows()]
    except ValueError:  # reported by test_shipped_lexicon_loads
        return []


def test_shipped_lexicon_loads() -> None:
    lexicon = load_lexicon()
    assert len({r.id for r in lexicon.rows}) == len(lexicon.rows)


@pytest.fixture(scope="module")
def shipped() -> Lexicon:
    """The shipped rows compiled without the load-time check, so each row reports alone."""
    return Lexicon(load_rows())


@pytest.mark.parametrize("row_id", _shipped_ids())
def test_shipped_row(shipped: Lexicon, row_id: str) -> None:
    (checked,) = [r for r in shipped.rows if r.id == row_id]
    assert shipped.row_problems(checked) == []


# --- exact literals, phrase rows, partial labelling --------------------------------------


def test_an_exact_literal_keeps_the_diacritics_the_fold_drops():
    lexicon = Lexicon([row("done", "=đã dat"), row("any", "da dat", family="other")])
    for text, expected in (
        ("đã đạt", {"done", "any"}),
        ("đà đạt", {"any"}),
        ("Đã đạt", {"done", "any"}),
    ):
        _, spans = lexicon.spans(text, fold(text))
        assert {s.row.id for s in spans} == expected, text


def test_in_a_sentence_without_diacritics_only_a_folding_exact_literal_reads_its_fold():
    lexicon = Lexicon(
        [
            row("done", "=đã dat", attrs={"unaccented": "fold"}),
            row("with", "=với"),
            row("by", "=theo"),
        ]
    )
    for text, expected in (
        ("huyen da dat", {"done"}),  # written without diacritics: `da` is read as đã
        ("Huyện Đông Anh da dat", {"done"}),  # names may keep theirs
        ("huyện đà đạt", set()),  # with diacritics: `đà` is no `đã`
        ("cung voi theo", {"by"}),  # `=với` does not fold; `=theo` has nothing to fold
        ("cùng với theo", {"with", "by"}),
    ):
        _, spans = lexicon.spans(text, fold(text))
        assert {s.row.id for s in spans} == expected, text


def test_an_exact_literal_matches_nothing_without_the_original_text():
    assert Matcher([row("done", "=đã")]).spans(toks("đã")) == []


def test_quotation_marks_are_invisible_to_patterns():
    found = matched("danh hieu gia dinh van hoa", "danh hiệu “Gia đình văn hóa”")
    assert found == ["danh hieu gia dinh van hoa"]


def test_phrase_rows_spell_their_phrases_and_refuse_classes():
    lexicon = Lexicon(
        [row("h", "(tin|bai) lien quan", "heading"), row("y", "<year>", "heading", family="f2")]
    )
    assert lexicon.phrases("fam", "heading") == ("tin lien quan", "bai lien quan")
    with pytest.raises(ValueError, match="only words"):
        lexicon.phrases("f2", "heading")


def test_families_can_be_matched_alone_over_the_same_tokens():
    lexicon = Lexicon([row("a", "quan", family="subjects"), row("b", "nam <year>", family="times")])
    text = "Quận Tây Hồ năm 2023"
    tokens, everything = lexicon.spans(text, fold(text))
    only_times = lexicon.match(tokens, text, frozenset({"times"}))
    assert {s.row.id for s in everything} == {"a", "b"}
    assert [s.row.id for s in only_times] == ["b"]
