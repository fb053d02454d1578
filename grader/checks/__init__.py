"""The checks of every exercise, built fresh (from a new seed) for each grading run."""

from __future__ import annotations

import importlib
import re
from types import ModuleType

import numpy as np

from bigpicture.grader.checks.common import Check, run_order
from bigpicture.grader.i18n import Msg
from bigpicture.grader.manifest import Exercise


def checks_module(exercise: Exercise) -> ModuleType:
    """The module the manifest names for ``exercise``'s checks: it has ``build(rng)`` and may
    have ``TRACEBACK_HINTS``."""
    name = exercise.checks
    return importlib.import_module(name if "." in name else f"bigpicture.grader.checks.{name}")


def build_checks(exercise: Exercise, rng: np.random.Generator) -> list[Check]:
    """The checks for one exercise, with random cases drawn from ``rng``, in run order."""
    return run_order(checks_module(exercise).build(rng))


def build_checks_for_seeds(exercise: Exercise, seeds: list[int]) -> list[list[Check]]:
    """The checks of every seed in ``seeds``, placed one seed after another in one run order,
    so that one job runs them all (the tests sweep many seeds this way)."""
    build = checks_module(exercise).build
    per_seed = [build(np.random.default_rng(seed)) for seed in seeds]
    placed = run_order([check for checks in per_seed for check in checks])
    split, start = [], 0
    for checks in per_seed:
        split.append(placed[start : start + len(checks)])
        start += len(checks)
    return split


def traceback_hint(exercise: Exercise, function: str, error: dict) -> Msg | None:
    """The likely cause of an exception a learner's function raised, when its message or
    traceback shows a classic mistake (each checks module lists ``TRACEBACK_HINTS``: pairs of
    a function name (or "*"), a regular expression searched in "Type: message" and in the
    learner's traceback, and what to say)."""
    text = f"{error.get('type', '')}: {error.get('message', '')}\n{error.get('traceback', '')}"
    for name, pattern, hint in getattr(checks_module(exercise), "TRACEBACK_HINTS", ()):
        if name in ("*", function) and re.search(pattern, text):
            return hint
    return None
