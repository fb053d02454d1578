"""Checks for exercise1: ReLU forward and backward."""

from __future__ import annotations

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call
from bigpicture.grader.checks.common import (
    Check,
    Fail,
    Mistake,
    array_output,
    expect_close,
    expect_unmodified,
    numerical_gradient,
    numerical_gradient_calls,
    random_array,
)
from bigpicture.grader.i18n import Msg

FIXED_X = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0], [3.0, -0.0, -1e-9, 1e-9, -7.0]])


def _relu_check(name: Msg, x: np.ndarray) -> Check:
    def judge(results):
        from bigpicture.grader import engine

        got = array_output(results[0], "relu")
        expect_close(engine.relu(x), got, "relu")

    return Check(name, [Call("relu", {"x": x})], judge)


def _backward_check(name: Msg, dout: np.ndarray, x: np.ndarray) -> Check:
    def judge(results):
        from bigpicture.grader import engine

        got = array_output(results[0], "relu_backward", label="dx")
        at_zero = np.where(x >= 0, dout, 0.0)
        expect_close(
            engine.relu_backward(dout, x),
            got,
            "relu_backward",
            "dx",
            mistakes=[
                Mistake(
                    at_zero,
                    Msg(
                        "It looks like you let the gradient through where x == 0. ReLU's "
                        "gradient is 0 for x <= 0 (PyTorch's choice): use x > 0.",
                        "x == 0인 곳에서도 기울기를 흘려보낸 것 같아요. ReLU의 기울기는 "
                        "x <= 0에서 0이에요 (PyTorch와 같아요): x > 0을 쓰세요.",
                    ),
                ),
                Mistake(
                    dout,
                    Msg(
                        "dx equals dout everywhere: the gradient must be blocked (0) where "
                        "x <= 0. Multiply dout by the mask (x > 0).",
                        "dx가 모든 곳에서 dout과 같아요: x <= 0인 곳에서는 기울기를 막아야(0) "
                        "해요. dout에 마스크 (x > 0)를 곱하세요.",
                    ),
                ),
            ],
        )

    return Check(name, [Call("relu_backward", {"dout": dout, "x": x})], judge)


def _numerical_check(rng: np.random.Generator) -> Check:
    # Inputs stay at least 0.1 away from the kink, so central differences are exact enough.
    x = rng.uniform(0.1, 1.0, (3, 4)) * rng.choice([-1.0, 1.0], (3, 4))
    dout = random_array(rng, (3, 4))
    step = limits.NUMERIC_GRAD_STEP
    nudged = numerical_gradient_calls("relu", {"x": x}, "x", step)

    def judge(results):
        analytic = array_output(results[0], "relu_backward", label="dx")
        values = [array_output(r, "relu") for r in results[1:]]
        if any(v.shape != x.shape for v in values):
            raise Fail(
                Msg(
                    "relu must return an array of x's shape.",
                    "relu는 x와 같은 shape의 배열을 반환해야 해요.",
                )
            )
        numeric = numerical_gradient(values, dout, x.shape, step)
        expect_close(numeric, analytic, "relu_backward", "dx", tol=limits.GRAD_REL_TOL)

    return Check(
        Msg(
            "relu_backward agrees with a numerical gradient of your relu",
            "relu_backward가 내 relu의 수치 미분과 일치",
        ),
        [Call("relu_backward", {"dout": dout, "x": x}), *nudged],
        judge,
    )


def _unmodified_check(rng: np.random.Generator) -> Check:
    x = random_array(rng, (4, 6))
    dout = random_array(rng, (4, 6))

    def judge(results):
        expect_unmodified(results[:1], "relu")
        expect_unmodified(results[1:], "relu_backward")

    return Check(
        Msg(
            "relu and relu_backward leave their inputs unchanged",
            "relu와 relu_backward가 입력을 바꾸지 않음",
        ),
        [Call("relu", {"x": x}), Call("relu_backward", {"dout": dout, "x": x})],
        judge,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise1, random cases drawn from ``rng``."""
    shape = tuple(int(n) for n in rng.integers(2, 7, size=2))
    return [
        _relu_check(
            Msg(
                "relu on a fixed example with exact zeros",
                "정해진 예제(정확히 0인 값 포함)에서 relu",
            ),
            FIXED_X,
        ),
        _relu_check(
            Msg(f"relu on random input of shape {shape}", f"shape {shape}인 무작위 입력에서 relu"),
            random_array(rng, shape),
        ),
        _relu_check(
            Msg(
                "relu on a 4-D input (any shape must work)",
                "4차원 입력에서 relu (어떤 shape이든 동작해야 함)",
            ),
            random_array(rng, (2, 3, 2, 2)),
        ),
        _backward_check(
            Msg(
                "relu_backward on a fixed example (gradient 0 at x == 0)",
                "정해진 예제에서 relu_backward (x == 0에서 기울기 0)",
            ),
            np.arange(1.0, 11.0).reshape(2, 5),
            FIXED_X,
        ),
        _backward_check(
            Msg(
                f"relu_backward on random input of shape {shape}",
                f"shape {shape}인 무작위 입력에서 relu_backward",
            ),
            random_array(rng, shape),
            random_array(rng, shape),
        ),
        _numerical_check(rng),
        _unmodified_check(rng),
    ]
