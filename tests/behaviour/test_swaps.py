"""Swap cases: an equivalent phrasing of one slot, inside a published article, leaves the
facts as they were."""

import pytest

from behaviour import swaps
from behaviour.harness import check, params


@pytest.mark.parametrize("case", params(swaps.all_cases()))
def test_swap(case):
    check(case)


def test_a_swap_replaces_whole_phrases_only():
    base = next(s for s in swaps.SWAPS if s.name == "swap_base")
    text = "tăng 9,8% so với cùng kỳ năm 2019, tăng 5% so với cùng kỳ."
    out = swaps.swapped(text, base, 0)
    assert out.startswith("tăng 9,8% so với cùng kỳ năm 2019,")  # a named year: not whole
    assert out != text and out.endswith(".") and "so với cùng kỳ." not in out
