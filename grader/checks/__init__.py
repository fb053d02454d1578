"""The checks of every exercise, built fresh (from a new seed) for each grading run."""

from __future__ import annotations

import numpy as np

from bigpicture.grader.checks import adam, conv, dropout, relu, rnn, sgd
from bigpicture.grader.checks.common import Check, run_order

_BUILDERS = {
    "exercise1": relu.build,
    "exercise2": sgd.build,
    "exercise3": adam.build,
    "exercise4": dropout.build,
    "exercise5": conv.build,
    "exercise6": rnn.build,
}


def build_checks(exercise_id: str, rng: np.random.Generator) -> list[Check]:
    """The checks for one exercise, with random cases drawn from ``rng``, in run order."""
    return run_order(_BUILDERS[exercise_id](rng))
