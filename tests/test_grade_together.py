"""Bulk grading runs a submission's exercises in one job (grading.grade_together): every
verdict must be the one the file gets in a job of its own, whatever the files before it did."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import numpy as np
import pytest

from bigpicture.grader import child
from bigpicture.grader.checks import build_checks
from bigpicture.grader.grading import ExerciseResult, Submitted, grade_source, grade_together
from bigpicture.grader.isolation.launcher import ZygoteLauncher
from bigpicture.grader.manifest import load_manifest
from bigpicture.grader.sandbox import pack_calls
from bigpicture.grader.status import PASSED
from tests.helpers import MISTAKES, REPO, TESTS

EXERCISES = load_manifest().in_course_order
SEED = 20261130


class Counting:
    """A launcher that counts the jobs it runs and how many sections each had."""

    def __init__(self, launcher: ZygoteLauncher) -> None:
        self.launcher = launcher
        self.jobs: list[int] = []
        self.answers: list[dict] = []

    def run_sections(self, sections, timeout, while_waiting=None):
        self.jobs.append(len(sections))
        self.answers.append(self.launcher.run_sections(sections, timeout, while_waiting))
        return self.answers[-1]


@pytest.fixture(scope="module")
def launcher():
    with ZygoteLauncher() as zygote:
        yield zygote


@functools.cache
def _shared(exercise_id: str) -> tuple:
    """An exercise's checks and packed calls, built once and judging every submission, as a
    bulk grading worker's do."""
    return _built(next(e for e in EXERCISES if e.id == exercise_id))


def _built(exercise) -> tuple:
    checks = build_checks(exercise, np.random.default_rng(SEED))
    calls = [call for check in checks for call in check.calls]
    return checks, pack_calls(exercise.file, exercise.module, calls)


def _files(sources: dict[str, bytes]) -> list[Submitted]:
    files = []
    for exercise in EXERCISES:
        if exercise.id in sources:
            checks, packed = _shared(exercise.id)
            files.append(Submitted(exercise, sources[exercise.id], exercise.file, checks, packed))
    return files


def _seen(result: ExerciseResult) -> tuple:
    """Everything of a verdict a learner or an instructor reads."""
    checks = [(c.name, c.passed, c.points, c.message, c.not_implemented) for c in result.checks]
    return (result.status, result.problem, result.output, result.output_bytes, checks)


def _alone(files: list[Submitted], launcher, timeout: float = 10.0) -> list[tuple]:
    """Each file graded in a job of its own with checks built for it alone, as `bigpicture
    check` grades it."""
    verdicts = []
    for f in files:
        checks, packed = _built(f.exercise)
        result = grade_source(
            f.exercise,
            f.source,
            f.display_path,
            checks,
            seed=SEED,
            timeout=timeout,
            launcher=launcher,
            packed=packed,
        )
        verdicts.append(_seen(result))
    return verdicts


def _pool(exercise) -> list[Path]:
    """Every file the tests hold for ``exercise``: the solution, the stub, the correct styles
    and the classic mistakes."""
    number = exercise.id.removeprefix("exercise")
    return [
        REPO / "solutions" / exercise.file,
        REPO / "exercises" / exercise.file,
        *sorted((TESTS / "correct" / f"exercise{number}").glob("*.py")),
        *sorted((MISTAKES / f"exercise{number}").glob("*.py")),
    ]


def test_every_file_of_the_corpus_gets_the_verdict_it_gets_alone(launcher):
    """Submissions made of every solution, stub, correct style and mistake of the course (the
    n-th file of each exercise's pool in the n-th submission): one job per submission, with
    checks that judge the whole class, gives each file the verdict of its own job with checks
    of its own."""
    pools = [_pool(exercise) for exercise in EXERCISES]
    counting = Counting(launcher)
    for picked in itertools.zip_longest(*pools):
        sources = {e.id: p.read_bytes() for e, p in zip(EXERCISES, picked, strict=True) if p}
        files = _files(sources)
        together = [
            _seen(r) for r in grade_together(files, seed=SEED, timeout=10.0, launcher=counting)
        ]
        assert together == _alone(files, launcher), [p.name for p in picked if p]
    # The first submission (every solution) ran in one job.
    assert counting.jobs[0] == len(EXERCISES)


_SLEEPS = b"import time\n\ndef sgd_step(*args, **kwargs):\n    time.sleep(600)\n"
_LOOPS = b"def adam_step(*args, **kwargs):\n    while True:\n        pass\n"
_EXITS = b"import os\n\ndef dropout_forward(*args, **kwargs):\n    os._exit(3)\n"
_FLOODS = b"import sys\n\ndef conv_forward(*args, **kwargs):\n    sys.stdout.write('x' * 10**6)\n"


def test_a_file_that_hangs_loops_exits_or_floods_costs_no_other_file_its_verdict(launcher):
    """Between correct files, one sleeps, one loops, one exits and one floods its output: each
    gets the verdict it gets alone (from a job in which it ran first), and so do the others."""
    sources = {e.id: (REPO / "solutions" / e.file).read_bytes() for e in EXERCISES[:10]}
    by_function = {"sgd_step": _SLEEPS, "adam_step": _LOOPS, "dropout_forward": _EXITS}
    by_function["conv_forward"] = _FLOODS
    for exercise in EXERCISES[:10]:
        for function, source in by_function.items():
            if function in exercise.functions:
                sources[exercise.id] = source
    assert sum(s in by_function.values() for s in sources.values()) == 4
    files = _files(sources)
    counting = Counting(launcher)
    together = grade_together(files, seed=SEED, timeout=1.0, launcher=counting)
    assert [_seen(r) for r in together] == _alone(files, launcher, timeout=1.0)
    statuses = {r.exercise.id: r.status for r in together}
    assert sum(status == PASSED for status in statuses.values()) == 6
    # The flood was cut (as alone) and the others kept their own, empty, output.
    printed = {r.exercise.id: r.output_bytes for r in together if r.output_bytes}
    assert list(printed) == ["exercise5"] and printed["exercise5"] >= 10**6
    assert counting.jobs[0] == 10 and len(counting.jobs) > 1
    # The loop ran first in a job of several sections: it was stopped a second past its own
    # CPU limit (1 s), as a job of its own is, not at the limit of all the sections together.
    jobs = zip(counting.jobs, counting.answers, strict=True)
    looped = [answer for n, answer in jobs if answer["timeout"] == "cpu" and n > 1]
    assert looped and all(answer["cpu"] < 4.0 for answer in looped)


_CHANGES_THE_PROCESS = b"""
import builtins, sys, warnings
import numpy as np

builtins.answer_from_exercise_one = 42
np.seterr(all="raise")
warnings.simplefilter("error")
sys.setrecursionlimit(200)
np.random.seed(0)
"""

_CHECKS_THE_PROCESS = b"""
import builtins, sys, warnings
import numpy as np

assert not hasattr(builtins, "answer_from_exercise_one"), "builtins"
assert np.geterr() == {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}
assert not any(f[0] == "error" and f[2] is Warning for f in warnings.filters), "filters"
assert sys.getrecursionlimit() == RECURSION_LIMIT, sys.getrecursionlimit()
assert "FIRST_MODULE" not in sys.modules, "an earlier file can be imported"
try:
    import FIRST_MODULE
except ImportError:
    pass
else:
    raise AssertionError("an earlier file can be imported")
"""


def test_each_file_finds_the_process_as_a_fresh_job_would(launcher):
    """The first file changes builtins, numpy's error handling, the warning filters, the
    recursion limit and the global random state; every later file (a solution that first
    checks all of that at import) passes in the same job: nothing was left for it."""
    import sys

    first = EXERCISES[0]
    check = _CHECKS_THE_PROCESS.replace(
        b"RECURSION_LIMIT", str(sys.getrecursionlimit()).encode()
    ).replace(b"FIRST_MODULE", first.module.encode())
    sources = {e.id: check + (REPO / "solutions" / e.file).read_bytes() for e in EXERCISES[:6]}
    sources[first.id] = (REPO / "solutions" / first.file).read_bytes() + _CHANGES_THE_PROCESS
    counting = Counting(launcher)
    results = grade_together(_files(sources), seed=SEED, timeout=10.0, launcher=counting)
    assert [r.status for r in results] == [PASSED] * 6, [r.problem for r in results]
    assert counting.jobs == [6]


def test_the_reset_state_is_what_the_job_started_with():
    import builtins
    import warnings

    fresh = child._State()
    filters = list(warnings.filters)
    try:
        builtins.leftover = 1  # type: ignore[attr-defined]
        np.seterr(all="raise")
        warnings.simplefilter("error")
        fresh.restore()
        assert not hasattr(builtins, "leftover")
        assert np.geterr()["divide"] == "warn"
        assert warnings.filters == filters
    finally:
        np.seterr(all="warn", under="ignore")
        warnings.filters[:] = filters
