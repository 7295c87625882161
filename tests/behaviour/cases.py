"""Every behavioural case, by family: minimum-function, invariance, directional."""

from __future__ import annotations

from functools import cache

from behaviour import directional, frames, invariance, minimum_function, swaps
from behaviour.harness import Case

MINIMUM_CASES = 1000  # issue 21: at least 1,000 generated cases in all


@cache
def all_cases() -> tuple[Case, ...]:
    """The cases of the three families, in a fixed order."""
    return (
        *minimum_function.all_cases(),
        *frames.all_cases(),
        *invariance.all_cases(),
        *swaps.all_cases(),
        *directional.all_cases(),
    )
