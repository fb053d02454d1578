"""The checks of a throwaway exercise that no course has: ``square(x)`` returns ``x * x``.

tests/test_new_exercise.py names this module in a manifest entry of its own, to prove that an
exercise needs nothing but that entry, a stub, a solution and this module.
"""

from __future__ import annotations

import numpy as np

from bigpicture.grader.calls import Call
from bigpicture.grader.checks.common import Check, array_output, expect_close
from bigpicture.grader.i18n import Msg


def build(rng: np.random.Generator) -> list[Check]:
    x = rng.standard_normal((2, 3))

    def judge(results) -> None:
        expect_close(x * x, array_output(results[0], "square"), "square")

    name = Msg("square of a random input", "무작위 입력의 제곱")
    return [Check(name, [Call("square", {"x": x})], judge)]
