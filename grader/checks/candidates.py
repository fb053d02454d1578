"""From an exercise's table of candidate mistakes to the :class:`Mistake` values to diagnose with.

A candidate is what one classic mistake returns on a check's inputs (None where it does not
apply). Two candidates that return the same output on those inputs cannot be told apart there
(padding only after the image looks like no padding at all when the stride skips the padded
rows): naming either would mislead the learner who made the other, so neither is offered, and
another check, where they differ, names the mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from bigpicture.grader.checks.diagnosis import Mistake, same
from bigpicture.grader.i18n import Msg

Candidates = Iterable[tuple[np.ndarray | None, Msg]]


def mistakes_for(
    expected: np.ndarray, got: np.ndarray, candidates: Callable[[], Candidates]
) -> list[Mistake]:
    """The mistakes to diagnose ``got`` with: none when it is right (building the candidates
    costs more than the check), else every candidate that applies and that no candidate with
    another message imitates.

    Args:
        expected: the right answer.
        got: the learner's answer.
        candidates: builds (value, message) for each classic mistake on the check's inputs.
    """
    if _same_output(expected, got):
        return []
    values = [(value, msg) for value, msg in candidates() if value is not None]
    return [
        Mistake(value, msg)
        for value, msg in values
        if not any(other != msg and _same_output(value, twin) for twin, other in values)
    ]


def _same_output(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and same(a, b)
