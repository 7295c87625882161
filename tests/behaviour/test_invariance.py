"""Invariance cases: furniture, layout and encoding changes leave the facts as they were."""

import pytest

from behaviour import invariance
from behaviour.harness import check, params


@pytest.mark.parametrize("case", params(invariance.all_cases()))
def test_invariance(case):
    check(case)
