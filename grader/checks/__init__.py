"""The checks of every exercise, built fresh (from a new seed) for each grading run."""

from __future__ import annotations

import re

import numpy as np

from bigpicture.grader.checks import adam, conv, dropout, relu, rnn, sgd
from bigpicture.grader.checks.common import Check, run_order
from bigpicture.grader.i18n import Msg

_MODULES = {
    "exercise1": relu,
    "exercise2": sgd,
    "exercise3": adam,
    "exercise4": dropout,
    "exercise5": conv,
    "exercise6": rnn,
}
_BUILDERS = {exercise_id: module.build for exercise_id, module in _MODULES.items()}


def build_checks(exercise_id: str, rng: np.random.Generator) -> list[Check]:
    """The checks for one exercise, with random cases drawn from ``rng``, in run order."""
    return run_order(_BUILDERS[exercise_id](rng))


def build_checks_for_seeds(exercise_id: str, seeds: list[int]) -> list[list[Check]]:
    """The checks of every seed in ``seeds``, placed one seed after another in one run order,
    so that one job runs them all (the tests sweep many seeds this way)."""
    per_seed = [_BUILDERS[exercise_id](np.random.default_rng(seed)) for seed in seeds]
    placed = run_order([check for checks in per_seed for check in checks])
    split, start = [], 0
    for checks in per_seed:
        split.append(placed[start : start + len(checks)])
        start += len(checks)
    return split


def traceback_hint(exercise_id: str, function: str, error: dict) -> Msg | None:
    """The likely cause of an exception a learner's function raised, when its message or
    traceback shows a classic mistake (each checks module lists ``TRACEBACK_HINTS``: pairs of
    a function name (or "*"), a regular expression searched in "Type: message" and in the
    learner's traceback, and what to say)."""
    text = f"{error.get('type', '')}: {error.get('message', '')}\n{error.get('traceback', '')}"
    for name, pattern, hint in getattr(_MODULES.get(exercise_id), "TRACEBACK_HINTS", ()):
        if name in ("*", function) and re.search(pattern, text):
            return hint
    return None
