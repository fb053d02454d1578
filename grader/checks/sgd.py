"""Checks for exercise2: one SGD step with momentum, PyTorch's convention."""

from __future__ import annotations

import numpy as np

from bigpicture.grader.calls import Call, FromCall
from bigpicture.grader.checks.common import (
    Check,
    Mistake,
    expect_returns,
    random_array,
    random_shape,
    unmodified_check,
)
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


def _mistakes(w, dw, lr, momentum, velocity) -> dict[str, list[Mistake]]:
    """The classic wrong answers for one step, by output."""
    velocity = np.zeros_like(w) if velocity is None else velocity
    cs231n_velocity = momentum * velocity - lr * dw
    return {
        "w_next": [Mistake(w - lr * dw, IGNORED_MOMENTUM), Mistake(w + cs231n_velocity, CS231N)],
        "velocity_next": [Mistake(dw, IGNORED_MOMENTUM), Mistake(cs231n_velocity, CS231N)],
    }


def _step_check(name: Msg, w, dw, lr, momentum=None, velocity=None) -> Check:
    """One call; ``momentum`` and ``velocity`` are passed by keyword only when given."""
    kwargs = {"momentum": momentum, "velocity": velocity}
    kwargs = {key: value for key, value in kwargs.items() if value is not None}

    def judge(results):
        from bigpicture.grader import engine

        w_next, v_next = engine.sgd_step(w, dw, lr, **kwargs)
        expect_returns(
            results[0],
            FUNCTION,
            {"w_next": w_next, "velocity_next": v_next},
            _mistakes(w, dw, lr, momentum or 0.0, velocity),
        )

    return Check(name, [Call(FUNCTION, {"w": w, "dw": dw, "lr": lr}, kwargs)], judge)


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

    def judge(results):
        from bigpicture.grader import engine

        w_now, velocity = w, None
        for dw, result in zip(grads, results, strict=True):
            mistakes = _mistakes(w_now, dw, lr, momentum, velocity)
            w_now, velocity = engine.sgd_step(w_now, dw, lr, momentum, velocity)
            expect_returns(result, FUNCTION, {"w_next": w_now, "velocity_next": velocity}, mistakes)

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
    plain, first, given, untouched = (
        [random_array(rng, shape) for _ in range(3)]
        for shape in (random_shape(rng, 2), random_shape(rng, 1), random_shape(rng, 3), (4, 5))
    )
    return [
        _step_check(
            Msg(
                f"plain SGD step on shape {plain[0].shape}, called with only w, dw, lr",
                f"shape {plain[0].shape}에서 w, dw, lr만 넣어 호출한 기본 SGD 한 걸음",
            ),
            *plain[:2],
            lr,
        ),
        _step_check(
            Msg(
                "first momentum step: velocity=None means zeros",
                "모멘텀의 첫 걸음: velocity=None은 0에서 시작한다는 뜻",
            ),
            *first[:2],
            lr,
            momentum=momentum,
        ),
        _step_check(
            Msg(
                "momentum step from a given velocity (3-D weights)",
                "주어진 velocity에서 시작하는 모멘텀 한 걸음 (3차원 가중치)",
            ),
            *given[:2],
            lr,
            momentum=momentum,
            velocity=given[2],
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
