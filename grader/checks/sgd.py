"""Checks for exercise2: one SGD step with momentum, PyTorch's convention.

The cases tell every classic mistake apart: momentum 0 and velocity None (plain SGD), momentum
without a velocity (the first step), a given velocity, a velocity with momentum left at its
default, and steps in a row; weights with two sides of different sizes, so a velocity of the
wrong shape cannot broadcast into the right one.
"""

from __future__ import annotations

import numpy as np

from bigpicture.grader.calls import Call, CallResult, FromCall
from bigpicture.grader.checks.common import (
    Check,
    Fail,
    outputs,
    random_array,
    random_shape,
    unmodified_check,
)
from bigpicture.grader.checks.optimizer import StepMistake, expect_step, fed_back, velocity_hints
from bigpicture.grader.i18n import Msg

FUNCTION = "sgd_step"
STEPS = 3  # calls in a row that feed the learner's own results back

IGNORED_MOMENTUM = Msg(
    "It looks like momentum was ignored: velocity_next is just dw. Add the old velocity: "
    "velocity_next = momentum * velocity + dw.",
    "모멘텀을 무시한 것 같아요: velocity_next가 그냥 dw예요. 이전 속도를 더하세요: "
    "velocity_next = momentum * velocity + dw.",
)
CS231N = Msg(
    "This is the CS231n convention (v = momentum * v - lr * dw; w = w + v), a different "
    "convention from this course's. Use PyTorch's: v = momentum * v + dw, then w = w - lr * v "
    "(the learning rate multiplies the velocity, not the gradient inside it).",
    "이건 CS231n 방식(v = momentum * v - lr * dw; w = w + v)이에요. 이 과정의 방식과 달라요. "
    "PyTorch 방식을 쓰세요: v = momentum * v + dw, 그다음 w = w - lr * v "
    "(학습률은 속도 안의 기울기가 아니라 속도에 곱해요).",
)
UPHILL = Msg(
    "It looks like the step goes uphill: w_next = w + lr * velocity_next. The velocity points "
    "up the loss; step against it: w_next = w - lr * velocity_next.",
    "걸음이 오르막으로 간 것 같아요: w_next = w + lr * velocity_next. 속도는 손실이 커지는 "
    "쪽을 가리켜요. 그 반대로 가세요: w_next = w - lr * velocity_next.",
)
DAMPENED = Msg(
    "It looks like the gradient was dampened: velocity_next = momentum * velocity + (1 - "
    "momentum) * dw, an average (PyTorch's dampening). Here the velocity is a plain sum: "
    "velocity_next = momentum * velocity + dw.",
    "기울기를 감쇠한 것 같아요: velocity_next = momentum * velocity + (1 - momentum) * dw는 "
    "평균이에요 (PyTorch의 dampening). 여기서 속도는 그냥 합이에요: "
    "velocity_next = momentum * velocity + dw.",
)
NESTEROV = Msg(
    "It looks like this is Nesterov momentum: w_next = w - lr * (dw + momentum * "
    "velocity_next). This exercise is plain momentum: w_next = w - lr * velocity_next.",
    "네스테로프 모멘텀인 것 같아요: w_next = w - lr * (dw + momentum * velocity_next). "
    "이 연습은 기본 모멘텀이에요: w_next = w - lr * velocity_next.",
)
LR_INSIDE = Msg(
    "It looks like lr went inside the velocity: velocity_next = momentum * velocity + lr * dw, "
    "then w_next = w - velocity_next. In PyTorch's convention the velocity holds gradients "
    "only: velocity_next = momentum * velocity + dw, then w_next = w - lr * velocity_next.",
    "학습률을 속도 안에 넣은 것 같아요: velocity_next = momentum * velocity + lr * dw, "
    "그다음 w_next = w - velocity_next. PyTorch 방식에서 속도에는 기울기만 쌓여요: "
    "velocity_next = momentum * velocity + dw, 그다음 w_next = w - lr * velocity_next.",
)
SWAPPED = Msg(
    "It looks like the two results are swapped: return (w_next, velocity_next), in that order.",
    "두 결과의 순서가 바뀐 것 같아요: (w_next, velocity_next) 순서로 반환하세요.",
)
OLD_VELOCITY = Msg(
    "It looks like w stepped with the old velocity. Compute velocity_next first, then "
    "w_next = w - lr * velocity_next.",
    "w가 이전 속도로 걸음을 옮긴 것 같아요. velocity_next를 먼저 계산하고, 그다음 "
    "w_next = w - lr * velocity_next로 옮기세요.",
)
STEP_IGNORES_VELOCITY = Msg(
    "It looks like the step ignores the velocity: velocity_next is right, but w_next = w - lr "
    "* dw. Step with the new velocity: w_next = w - lr * velocity_next.",
    "걸음이 속도를 무시한 것 같아요: velocity_next는 맞지만 w_next = w - lr * dw예요. "
    "새 속도로 옮기세요: w_next = w - lr * velocity_next.",
)
NO_VELOCITY = Msg(
    f"{FUNCTION} returned None for velocity_next: always return an array, even when momentum "
    "is 0 (velocity_next is then just dw). The next call gets it back as velocity.",
    f"{FUNCTION} 함수가 velocity_next 자리에 None을 반환했어요: momentum이 0이어도 항상 배열을 "
    "반환하세요 (그때 velocity_next는 그냥 dw예요). 다음 호출이 그 값을 velocity로 받아요.",
)


def _default_momentum(value: float) -> Msg:
    return Msg(
        f"It looks like momentum defaults to {value:.4g} instead of 0: a call without momentum "
        "is plain SGD (velocity_next = dw). Write momentum=0.0 in the signature.",
        f"momentum 기본값이 0이 아니라 {value:.4g}인 것 같아요: momentum 없이 호출하면 기본 "
        "SGD예요 (velocity_next = dw). 함수 정의에 momentum=0.0이라고 쓰세요.",
    )


TRACEBACK_HINTS = velocity_hints(FUNCTION)


def _mistakes(
    w: np.ndarray, dw: np.ndarray, lr: float, momentum: float, velocity: np.ndarray | None
) -> list[StepMistake]:
    """The classic wrong steps on one call's inputs, each as (w_next, velocity_next)."""
    velocity = np.zeros_like(w) if velocity is None else velocity
    right = momentum * velocity + dw
    cs231n = momentum * velocity - lr * dw
    dampened = momentum * velocity + (1 - momentum) * dw
    lr_inside = momentum * velocity + lr * dw
    return [
        StepMistake((w - lr * dw, dw), IGNORED_MOMENTUM),
        StepMistake((w + cs231n, cs231n), CS231N),
        StepMistake((w + lr * right, right), UPHILL),
        StepMistake((w - lr * dampened, dampened), DAMPENED),
        StepMistake((w - lr * (dw + momentum * right), right), NESTEROV),
        StepMistake((w - lr_inside, lr_inside), LR_INSIDE),
        StepMistake((right, w - lr * right), SWAPPED),
        StepMistake((w - lr * velocity, right), OLD_VELOCITY),
        StepMistake((w - lr * dw, right), STEP_IGNORES_VELOCITY),
    ]


def _wrong_default(
    result: CallResult, w: np.ndarray, dw: np.ndarray, lr: float, velocity: np.ndarray
) -> list[StepMistake]:
    """For a call that passes a velocity but no momentum: the step of the one momentum the
    learner's velocity_next implies, when it is not 0 (the default they wrote)."""
    items = result.items
    returned = items[1].array if result.count == 2 and items[1].kind == "array" else None
    if returned is None or returned.shape != w.shape:
        return []
    implied = float(np.vdot(returned - dw, velocity) / np.vdot(velocity, velocity))
    if not np.isfinite(implied) or abs(implied) < 1e-9:
        return []
    velocity_next = implied * velocity + dw
    return [StepMistake((w - lr * velocity_next, velocity_next), _default_momentum(implied))]


def _judge_step(
    result: CallResult,
    w: np.ndarray,
    dw: np.ndarray,
    lr: float,
    momentum: float | None = None,
    velocity: np.ndarray | None = None,
) -> None:
    """Judges one call (``momentum`` and ``velocity`` as passed, None when left out) against
    the engine."""
    from bigpicture.grader import engine

    if outputs(result, FUNCTION, 2)[1].kind == "none":
        raise Fail(NO_VELOCITY)
    w_next, v_next = engine.sgd_step(w, dw, lr, momentum or 0.0, velocity)

    def mistakes() -> list[StepMistake]:
        found = _mistakes(w, dw, lr, momentum or 0.0, velocity)
        if momentum is None and velocity is not None:
            found += _wrong_default(result, w, dw, lr, velocity)
        return found

    expect_step(result, FUNCTION, {"w_next": w_next, "velocity_next": v_next}, mistakes, w)


def _step_check(
    name: Msg,
    w: np.ndarray,
    dw: np.ndarray,
    lr: float,
    momentum: float | None = None,
    velocity: np.ndarray | None = None,
) -> Check:
    """One call; ``momentum`` and ``velocity`` are passed by keyword only when given."""
    given: dict[str, object] = {"momentum": momentum, "velocity": velocity}
    kwargs = {key: value for key, value in given.items() if value is not None}
    return Check(
        name,
        [Call(FUNCTION, {"w": w, "dw": dw, "lr": lr}, kwargs)],
        lambda results: _judge_step(results[0], w, dw, lr, momentum, velocity),
    )


def _chain_check(rng: np.random.Generator) -> Check:
    shape = random_shape(rng, ndim=2)
    w = random_array(rng, shape)
    grads = [random_array(rng, shape) for _ in range(STEPS)]
    lr, momentum = float(rng.uniform(0.05, 0.5)), float(rng.uniform(0.5, 0.95))
    calls = [Call(FUNCTION, {"w": w, "dw": grads[0], "lr": lr}, {"momentum": momentum})]
    for step in range(1, STEPS):
        previous = FromCall(step - 1, 0)
        calls.append(
            Call(
                FUNCTION,
                {"w": previous, "dw": grads[step], "lr": lr},
                {"momentum": momentum, "velocity": FromCall(step - 1, 1)},
            )
        )

    def judge(results: list[CallResult]) -> None:
        w_now, velocity = w, None
        for step, (dw, result) in enumerate(zip(grads, results, strict=True)):
            if step:
                w_now, velocity = fed_back(results[step - 1])
            _judge_step(result, w_now, dw, lr, momentum, velocity)

    return Check(
        Msg(
            f"{STEPS} steps in a row, each fed the w and velocity your previous step returned",
            f"{STEPS}번 연속 호출, 매번 직전 호출이 반환한 w와 velocity를 넣음",
        ),
        calls,
        judge,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise2, random cases drawn from ``rng``."""
    lr, momentum = float(rng.uniform(0.01, 0.5)), float(rng.uniform(0.5, 0.95))
    # Two different sides: np.zeros(len(w)) cannot broadcast into these weights.
    rectangle = tuple(int(n) for n in rng.choice(np.arange(2, 8), size=2, replace=False))
    plain, first, given, default, untouched = (
        [random_array(rng, shape) for _ in range(3)]
        for shape in (rectangle, random_shape(rng, 1), random_shape(rng, 3), rectangle, (4, 5))
    )
    return [
        _step_check(
            Msg(
                f"plain SGD step on shape {rectangle}, called with only w, dw, lr",
                f"shape {rectangle}에서 w, dw, lr만 넣어 호출한 기본 SGD 한 걸음",
            ),
            plain[0],
            plain[1],
            lr,
        ),
        _step_check(
            Msg(
                "first momentum step: velocity=None means zeros",
                "모멘텀의 첫 걸음: velocity=None은 0에서 시작한다는 뜻",
            ),
            first[0],
            first[1],
            lr,
            momentum=momentum,
        ),
        _step_check(
            Msg(
                "momentum step from a given velocity (3-D weights)",
                "주어진 velocity에서 시작하는 모멘텀 한 걸음 (3차원 가중치)",
            ),
            given[0],
            given[1],
            lr,
            momentum=momentum,
            velocity=given[2],
        ),
        _step_check(
            Msg(
                "a velocity given, momentum left at its default: momentum 0 is plain SGD",
                "velocity는 주고 momentum은 기본값으로: momentum 0은 기본 SGD",
            ),
            default[0],
            default[1],
            lr,
            velocity=default[2],
        ),
        _chain_check(rng),
        unmodified_check(
            [
                Call(
                    FUNCTION,
                    {"w": untouched[0], "dw": untouched[1], "lr": lr},
                    {"momentum": momentum, "velocity": untouched[2]},
                )
            ],
            "w_next = w - lr * velocity_next, not w -= ...",
        ),
    ]
