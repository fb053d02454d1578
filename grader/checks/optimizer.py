"""What the optimizer exercises (SGD, Adam, the family) share: a mistake explains every value a
step returns.

An optimizer step returns the new weights and its new state (a velocity, moments). A classic
mistake is another way of computing all of them, so it is named on one output only when the
learner's other outputs agree with it too: "momentum was ignored, velocity_next is just dw"
is said only when velocity_next is dw, and a right velocity with a wrong step is a different
mistake. When two different mistakes explain the learner's outputs equally well (tiny gradients
can make two of Adam's look alike), neither is named.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bigpicture.grader.calls import CallResult
from bigpicture.grader.checks.common import Fail, Mistake, array_output, expect_returns
from bigpicture.grader.checks.diagnosis import same
from bigpicture.grader.i18n import Msg


@dataclass(frozen=True, eq=False)  # arrays have no single truth value: equal means identical
class StepMistake:
    """A known wrong step: ``returns`` is what it returns, in the function's order."""

    returns: tuple[np.ndarray, ...]
    msg: Msg
    specificity: int = 0


def expect_step(
    result: CallResult,
    function: str,
    expected: dict[str, np.ndarray],
    mistakes: Callable[[], Sequence[StepMistake]],
    w: np.ndarray,
) -> list[np.ndarray]:
    """Compares a step's returned values with ``expected`` (the new weights first).

    Args:
        result: the learner's call.
        function: the learner's function, for messages.
        expected: label -> the right value, in the order returned; the first is the new weights.
        mistakes: computes the classic wrong steps on this call's inputs (only for a wrong
            answer: Adam has dozens, and a right answer needs none).
        w: the weights the step starts from: the new weights are told apart on the step
            (the step is a small change of w, on which every mistake looks the same).

    Returns:
        The learner's values, in order.
    """
    try:
        return expect_returns(result, function, expected)
    except Fail:
        pass
    labels = list(expected)
    got = [array_output(result, function, i, len(labels), label) for i, label in enumerate(labels)]
    # Rounded to float32 at the scale of w, a step is noise: such a w_next is told on its values.
    start = w if got[0].dtype == np.float64 else None
    origins = [start, *[None] * (len(labels) - 1)]

    def agrees(mistake: StepMistake, judged: int | None = None) -> bool:
        return all(
            _same_step(value, mine, origin)
            for i, (value, mine, origin) in enumerate(
                zip(mistake.returns, got, origins, strict=True)
            )
            if i != judged
        )

    known = mistakes()
    per_label = {
        label: [Mistake(m.returns[i], m.msg, m.specificity) for m in known if agrees(m, i)]
        for i, label in enumerate(labels)
    }
    return expect_returns(result, function, expected, per_label, origins={labels[0]: start})


def _same_step(value: np.ndarray, got: np.ndarray, origin: np.ndarray | None) -> bool:
    """Whether the learner's ``got`` is ``value``, compared from ``origin`` when given."""
    if got.shape != np.shape(value) or got.dtype.kind not in "biuf":
        return False
    base = 0.0 if origin is None else origin
    return same(np.asarray(value) - base, got.astype(np.float64) - base)


def fed_back(result: CallResult) -> list[np.ndarray]:
    """The arrays an accepted call returned: what the next call of a chain received, and so
    what that call is judged from (the engine's own values may differ within the tolerance).
    Judged first, an accepted call returned arrays only."""
    return [item.array for item in result.items if item.array is not None]


def kept_default(names: tuple[str, ...], passed: Mapping[str, float]) -> Msg:
    """A learner who wrote the default of ``names`` as constants instead of the arguments."""
    values = ", ".join(f"{name} = {passed[name]:g}" for name in names)
    listed = " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + f" and {names[-1]}"
    en = (
        f"It looks like {listed} kept its default value although the call passed another "
        f"({values}): use the argument, not a constant."
        if len(names) == 1
        else f"It looks like {listed} kept their default values although the call passed "
        f"others ({values}): use the arguments, not constants."
    )
    return Msg(
        en,
        f"{', '.join(names)} 인자를 읽지 않고 기본값을 쓴 것 같아요 (이번 호출: {values}). "
        "상수 대신 인자를 쓰세요.",
    )


def kept_defaults(
    passed: Mapping[str, float],
    defaults: Mapping[str, float],
    returns: Callable[[dict[str, Any]], tuple[np.ndarray, ...]],
) -> list[StepMistake]:
    """The steps of learners who wrote some defaults as constants, for every set of the
    hyperparameters the call passed with another value (``returns``: the step with the given
    hyperparameters at their defaults). The fewest ignored is likeliest when one of them (eps)
    makes no visible difference."""
    changed = [name for name, value in passed.items() if value != defaults[name]]
    return [
        StepMistake(
            returns({name: defaults[name] for name in names}), kept_default(names, passed), -count
        )
        for count in range(1, len(changed) + 1)
        for names in itertools.combinations(changed, count)
    ]


def velocity_hints(function: str) -> list[tuple[str, str, Msg]]:
    """The TRACEBACK_HINTS of a step whose ``velocity`` is None before the first step."""
    return [
        (
            function,
            r"(?s)'NoneType'.*velocity",
            Msg(
                "velocity is None before the first step: start from zeros with "
                "`if velocity is None: velocity = np.zeros_like(w)`.",
                "첫 걸음 전에는 velocity가 None이에요: "
                "`if velocity is None: velocity = np.zeros_like(w)`처럼 0에서 시작하세요.",
            ),
        ),
        (
            function,
            r"truth value of an array",
            Msg(
                "An array has no single truth value, so `if not velocity:` and `velocity or ...` "
                "fail once a velocity is passed. Test for None itself: `if velocity is None:`.",
                "배열에는 참/거짓 값이 하나로 정해지지 않아서, velocity 배열이 들어오면 "
                "`if not velocity:`나 `velocity or ...`에서 오류가 나요. None인지 직접 확인하세요: "
                "`if velocity is None:`.",
            ),
        ),
        (
            function,
            r"broadcast together with shapes (\(\d+,\) \(\d+,\d|\(\d+,\d[\d,]*\) \(\d+,\))",
            Msg(
                "velocity must have the shape of w: start from np.zeros_like(w) (np.zeros(len(w)) "
                "keeps only the first axis of w).",
                "velocity는 w와 shape이 같아야 해요: np.zeros_like(w)에서 시작하세요 "
                "(np.zeros(len(w))에는 w의 첫 번째 축만 있어요).",
            ),
        ),
    ]


def math_sqrt_hint(function: str) -> tuple[str, str, Msg]:
    """The TRACEBACK_HINTS entry of a step (``function``, or "*" for any) that took math.sqrt
    of an array."""
    return (
        function,
        r"can be converted to Python scalars",
        Msg(
            "math.sqrt (like float()) takes one number, not an array: use np.sqrt, which works "
            "on every element.",
            "math.sqrt는 (float()처럼) 배열이 아니라 숫자 하나만 받아요: 모든 원소에 "
            "적용되는 np.sqrt를 쓰세요.",
        ),
    )
