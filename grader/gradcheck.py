"""`bigpicture gradcheck`: a learner's backward pass against centred finite differences of the
learner's OWN forward pass (CS231n's gradient check), in the same sandbox as `check`.

An exercise with a backward pass has a ``gradcheck(rng) -> Spec`` in its checks module. The
objective is ``L = sum(forward(inputs) * dout)`` (or the forward's own scalar loss), so the
numerical gradient of every input named in ``Spec.params`` is
``(L(p + h) - L(p - h)) / 2h``, element by element, and the analytic one is what the learner's
backward returns for ``dout``. Nothing here uses the reference engine: a forward and a backward
that agree pass, even if both are wrong (that is what `check` is for).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call, CallResult
from bigpicture.grader.checks import checks_module
from bigpicture.grader.checks.common import (
    Check,
    Fail,
    array_output,
    nudged,
    numerical_gradient,
)
from bigpicture.grader.grading import grade_source
from bigpicture.grader.i18n import Msg
from bigpicture.grader.manifest import Exercise, Manifest

#: The finite-difference step (CS231n's): float64 central differences are then exact to ~1e-10.
STEP = 1e-5


@dataclass(frozen=True)
class Spec:
    """How to gradient-check one exercise on one small random case.

    Attributes:
        forward: the forward function's name.
        inputs: its arguments, by name (arrays, :class:`~bigpicture.grader.calls.Rng`, scalars).
        params: the array inputs that get a gradient, in the order ``grads`` lists them.
        backward: the calls in the exercise's own file; the last returns the gradients. A
            ``FromCall(i)`` in them is backward call ``i`` (e.g. a forward run for its cache).
        returns: how many values the last backward call returns.
        grads: for each of ``params``, the index of its gradient among those values.
        dout: the weights of the forward's output in the objective; None when the forward's
            output is itself the scalar loss.
        forward_returns: how many values the forward returns, and ``output`` which one is
            the output.
        forward_exercise: the exercise whose file holds the forward (conv_backward's forward
            is exercise5's conv_forward); None for this exercise's own file.
    """

    forward: str
    inputs: dict[str, object]
    params: tuple[str, ...]
    backward: list[Call]
    returns: int
    grads: tuple[int, ...]
    dout: np.ndarray | None
    forward_returns: int = 1
    output: int = 0
    forward_exercise: str | None = None


class Verdict(StrEnum):
    """CS231n's reading of a relative error."""

    CORRECT = "correct"  # <= 1e-7
    LIKELY = "likely correct"  # <= 1e-4: fine where the function has kinks (ReLU, max)
    SUSPICIOUS = "suspicious"  # <= 1e-2
    WRONG = "wrong"

    @classmethod
    def of(cls, error: float) -> Verdict:
        if error <= 1e-7:
            return cls.CORRECT
        if error <= 1e-4:
            return cls.LIKELY
        if error <= 1e-2:
            return cls.SUSPICIOUS
        return cls.WRONG

    @property
    def ok(self) -> bool:
        return self in (Verdict.CORRECT, Verdict.LIKELY)

    def words(self, lang: str) -> str:
        return _VERDICT_WORDS[self](lang)


_VERDICT_WORDS = {
    Verdict.CORRECT: Msg("✓ correct", "✓ 정확해요"),
    Verdict.LIKELY: Msg("✓ likely correct", "✓ 아마 정확해요"),
    Verdict.SUSPICIOUS: Msg("? suspicious", "? 의심스러워요"),
    Verdict.WRONG: Msg("✗ wrong", "✗ 틀렸어요"),
}


@dataclass
class Row:
    """One parameter's comparison."""

    param: str
    shape: tuple[int, ...]
    error: float | None  # None: no comparison was possible (see ``note``)
    verdict: Verdict
    note: Msg | None = None


@dataclass
class Report:
    """What `bigpicture gradcheck` found for one exercise."""

    exercise: Exercise
    backward: str
    forward: str
    forward_file: str
    rows: list[Row] = field(default_factory=list)
    problem: Msg | None = None  # why nothing could be compared

    @property
    def passed(self) -> bool:
        return self.problem is None and all(row.verdict.ok for row in self.rows)


def has_gradcheck(exercise: Exercise) -> bool:
    """Whether ``exercise`` has a backward pass to check."""
    return hasattr(checks_module(exercise), "gradcheck")


def checkable(manifest: Manifest) -> list[Exercise]:
    """The exercises `gradcheck` works on, by number."""
    return [e for e in manifest.exercises if has_gradcheck(e)]


def gradcheck(
    exercise: Exercise,
    manifest: Manifest,
    path_of: Callable[[Exercise], Path],
    *,
    seed: int | None = None,
    timeout: float = limits.DEFAULT_TIMEOUT,
) -> Report:
    """Compares the analytic gradients of ``exercise``'s file with central differences of the
    forward pass in the learner's file that holds it (this one, or ``Spec.forward_exercise``'s);
    ``path_of`` gives the learner's file of an exercise."""
    seed = secrets.randbits(32) if seed is None else seed
    spec: Spec = checks_module(exercise).gradcheck(np.random.default_rng(seed))
    owner = manifest.find(spec.forward_exercise) if spec.forward_exercise else exercise
    report = Report(exercise, spec.backward[-1].function, spec.forward, owner.file)
    forward_calls = [
        Call(spec.forward, {**spec.inputs, param: value})
        for param in spec.params
        for value in nudged(np.asarray(spec.inputs[param]), STEP)
    ]
    got: dict[str, list[CallResult]] = {}

    def keep(key: str, calls: list[Call]) -> Check:
        def judge(results: list[CallResult]) -> None:
            got[key] = results

        return Check(Msg("gradient check", "기울기 검사"), calls, judge)

    if owner == exercise:
        jobs = [(exercise, keep("backward", spec.backward + forward_calls))]
    else:
        jobs = [
            (exercise, keep("backward", spec.backward)),
            (owner, keep("forward", forward_calls)),
        ]
    for job_exercise, check in jobs:
        path = path_of(job_exercise)
        try:
            source = path.read_bytes()
        except OSError as exc:
            report.problem = Msg(
                f"Cannot read {path}: {exc.strerror or exc}.",
                f"{path} 파일을 읽을 수 없어요: {exc.strerror or exc}.",
            )
            return report
        result = grade_source(job_exercise, source, str(path), [check], seed=seed, timeout=timeout)
        verdict = result.checks[0] if result.checks else None
        if result.problem is not None or verdict is None or not verdict.passed:
            report.problem = result.problem or (verdict.message if verdict else None)
            return report
    forward_results = got.get("forward", got["backward"])[-len(forward_calls) :]
    try:
        report.rows = _compare(spec, got["backward"][len(spec.backward) - 1], forward_results)
    except Fail as fail:
        report.problem = fail.msg
    return report


def _compare(spec: Spec, analytic: CallResult, forward: list[CallResult]) -> list[Row]:
    backward = spec.backward[-1].function
    values = [array_output(r, spec.forward, spec.output, spec.forward_returns) for r in forward]
    objective = [_objective(v, spec) for v in values]
    rows, start = [], 0
    for param, item in zip(spec.params, spec.grads, strict=True):
        shape = np.asarray(spec.inputs[param]).shape
        size = int(np.prod(shape))
        losses = objective[start : start + 2 * size]
        start += 2 * size
        numeric = numerical_gradient([np.array(x) for x in losses], np.array(1.0), shape, STEP)
        label = f"d{param}"
        grad = array_output(analytic, backward, item, spec.returns, label=label)
        if grad.shape != shape:
            note = Msg(
                f"{backward} returned {label} of shape {grad.shape}, but {param} has shape "
                f"{shape}.",
                f"{backward} 함수가 반환한 {label} 값의 shape은 {grad.shape}인데, {param}의 "
                f"shape은 {shape}이에요.",
            )
            rows.append(Row(param, shape, None, Verdict.WRONG, note))
            continue
        error = relative_error(grad.astype(np.float64), numeric)
        rows.append(Row(param, shape, error, Verdict.of(error)))
    return rows


def _objective(value: np.ndarray, spec: Spec) -> float:
    """``sum(value * dout)``, or the forward's scalar loss itself."""
    if spec.dout is not None:
        if value.shape != spec.dout.shape:
            raise Fail(
                Msg(
                    f"{spec.forward} returned shape {value.shape}, expected {spec.dout.shape}: "
                    "fix the forward pass first (bigpicture check tells you how).",
                    f"{spec.forward} 함수가 shape {value.shape}을 반환했어요. {spec.dout.shape}"
                    "이어야 해요: 순전파부터 고치세요 (bigpicture check가 방법을 알려 줘요).",
                )
            )
        return float(np.sum(value.astype(np.float64) * spec.dout))
    if value.size != 1:
        raise Fail(
            Msg(
                f"{spec.forward} should return the loss as one number, but returned an array of "
                f"shape {value.shape}.",
                f"{spec.forward} 함수는 손실을 숫자 하나로 반환해야 하는데 shape {value.shape}인 "
                "배열을 반환했어요.",
            )
        )
    return float(value.reshape(()))


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """CS231n's ``max |a - n| / max(1e-8, |a| + |n|)``; infinite when either is not finite."""
    if not (np.all(np.isfinite(analytic)) and np.all(np.isfinite(numeric))):
        return float("inf")
    if analytic.size == 0:
        return 0.0
    return float(
        np.max(np.abs(analytic - numeric) / np.maximum(1e-8, np.abs(analytic) + np.abs(numeric)))
    )
