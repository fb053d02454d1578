"""Checks for exercise1: ReLU forward and backward.

Every classic mistake is a small function of the check's inputs (what that mistake would
return); the random cases hold every pair of signs of ``x`` and ``dout``, so that no two
mistakes return the same thing.
"""

from __future__ import annotations

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call, CallResult
from bigpicture.grader.checks.common import (
    Check,
    Fail,
    Mistake,
    array_output,
    expect_close,
    expect_unmodified,
    nudged,
    numerical_gradient,
    random_array,
)
from bigpicture.grader.gradcheck import Spec
from bigpicture.grader.i18n import Msg

FIXED_X = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0], [3.0, -0.0, -1e-9, 1e-9, -7.0]])
# Both signs, so that a mask taken from dout differs from dout itself and from the answer.
FIXED_DOUT = np.array([[1.0, -2.0, 3.0, -4.0, 5.0], [-6.0, 7.0, -8.0, 9.0, -10.0]])

# A learner's exception, explained (see traceback_hint). The error line follows the learner's
# line of code, with or without the carets under it.
_AMBIGUOUS = r"[^\n]*\n(?:\s*[\^~]+\s*\n)?ValueError: The truth value of an array"
TRACEBACK_HINTS = [
    (
        "*",
        r"\w\[\w+(?:, *|\]\[)\w+\]" + _AMBIGUOUS,
        Msg(
            "It looks like your loops cover only the first two axes: when x has more, x[i, j] "
            "is still an array. The functions must work on any shape: loop over "
            "np.ndindex(x.shape), or use numpy's elementwise operations.",
            "반복문이 앞의 두 축만 도는 것 같아요: x의 축이 더 많으면 x[i, j]도 여전히 "
            "배열이에요. 함수는 어떤 shape에서도 동작해야 해요: np.ndindex(x.shape)로 모든 "
            "위치를 돌거나 numpy의 원소별 연산을 쓰세요.",
        ),
    ),
    (
        "*",
        r"(?<![\w.])max\(" + _AMBIGUOUS,
        Msg(
            "It looks like Python's max was given an array: it compares whole arrays and "
            "cannot decide. numpy's np.maximum(x, 0.0) compares value by value.",
            "파이썬 내장 max에 배열을 넘긴 것 같아요: max는 배열 전체를 한꺼번에 비교하려다 "
            "판단하지 못해요. numpy의 np.maximum(x, 0.0)은 값마다 따로 비교해요.",
        ),
    ),
    (
        "*",
        r"\b(?:if|elif|while)\b" + _AMBIGUOUS,
        Msg(
            "It looks like `if` was given a whole array: x > 0 holds one True/False per value, "
            "and `if` needs a single one. Choose value by value with np.where(x > 0, ..., 0.0), "
            "or multiply by the mask (x > 0).",
            "`if`에 배열 전체를 넘긴 것 같아요: x > 0은 값마다 True/False를 하나씩 담은 "
            "배열인데, `if`에는 하나만 필요해요. np.where(x > 0, ..., 0.0)로 값마다 고르거나 "
            "마스크 (x > 0)를 곱하세요.",
        ),
    ),
]

LEAKY = Msg(
    "It looks like a leaky ReLU: values below 0 were multiplied by {alpha} instead of set to 0. "
    "ReLU returns exactly 0 there: np.maximum(x, 0.0).",
    "leaky ReLU를 만든 것 같아요: 0보다 작은 값을 0으로 바꾸지 않고 {alpha}배 했어요. ReLU는 "
    "그 자리에서 정확히 0을 반환해요: np.maximum(x, 0.0).",
)
FLOAT32 = Msg(
    "It looks like relu computed in float32: its values are right to only about 7 digits. "
    "Compute on the float64 x itself, with no np.float32 or .astype(np.float32).",
    "relu 함수를 float32로 계산한 것 같아요: 값이 7자리 정도까지만 맞아요. np.float32나 "
    ".astype(np.float32) 없이 float64인 x에서 바로 계산하세요.",
)


def _forward_mistakes(x: np.ndarray, got: np.ndarray) -> list[Mistake]:
    """What each classic mistake of relu returns on ``x`` (``got`` gives a leaky slope)."""
    right = np.maximum(x, 0.0)
    mistakes = [
        Mistake(
            np.max(x, axis=0),
            Msg(
                "It looks like np.max(x, 0) was used: that is the largest value along axis 0, "
                "not an elementwise maximum. Use np.maximum(x, 0.0).",
                "np.max(x, 0)을 쓴 것 같아요: 그건 0번 축을 따라 가장 큰 값(축소 연산)이지 "
                "원소별 최댓값이 아니에요. np.maximum(x, 0.0)을 쓰세요.",
            ),
        ),
        Mistake(
            x[x > 0],
            Msg(
                "It looks like relu returned x[x > 0]: boolean indexing keeps only the positive "
                "values, as a flat 1-D array. Keep x's shape, with 0 elsewhere: "
                "np.maximum(x, 0.0).",
                "relu 함수가 x[x > 0]을 반환한 것 같아요: 불리언 인덱싱은 양수 값만 골라 1차원 "
                "배열로 펼쳐요. x의 shape을 유지하고 나머지 자리는 0으로 두세요: "
                "np.maximum(x, 0.0).",
            ),
        ),
        Mistake(
            (x > 0).astype(np.float64),
            Msg(
                "It looks like relu returned the mask x > 0 (1 where x is positive) instead of "
                "x itself. The mask is ReLU's slope, for relu_backward; relu keeps the values: "
                "np.maximum(x, 0.0).",
                "relu 함수가 x 값 대신 마스크 x > 0 (양수인 곳에서 1)을 반환한 것 같아요. 마스크는 "
                "ReLU의 기울기라서 relu_backward에서 써요. relu는 값을 그대로 남겨요: "
                "np.maximum(x, 0.0).",
            ),
        ),
        Mistake(
            np.trunc(right),
            Msg(
                "It looks like the values were cast to integers, which cuts off every fraction. "
                "Return float64: np.maximum(x, 0.0), with no int or .astype(int).",
                "값을 정수로 바꾼 것 같아요: 그러면 소수 부분이 모두 잘려요. float64로 "
                "반환하세요: int나 .astype(int) 없이 np.maximum(x, 0.0).",
            ),
        ),
    ]
    leaky = _leaky_slope(x, got)
    if leaky is not None:
        alpha = f"{leaky:.3g}"
        mistakes.append(
            Mistake(
                np.where(x > 0, x, leaky * x),
                Msg(LEAKY.en.format(alpha=alpha), LEAKY.ko.format(alpha=alpha)),
            )
        )
    return mistakes


def _leaky_slope(x: np.ndarray, got: np.ndarray) -> float | None:
    """The slope ``got`` has below 0, when it has one other than 0."""
    below = x < 0
    if got.shape != x.shape or not below.any():
        return None
    with np.errstate(all="ignore"):
        slope = float(np.median(got[below].astype(np.float64) / x[below]))
    return slope if np.isfinite(slope) and slope != 0.0 else None


def _backward_mistakes(dout: np.ndarray, x: np.ndarray) -> list[Mistake]:
    """What each classic mistake of relu_backward returns on ``dout`` and ``x``."""
    times_relu = Msg(
        "It looks like dout was multiplied by relu(x) instead of by the mask (x > 0): ReLU's "
        "slope is 1 where x > 0, not x. Use dout * (x > 0).",
        "dout에 마스크 (x > 0) 대신 relu(x)를 곱한 것 같아요: x > 0인 곳에서 ReLU의 기울기는 "
        "x가 아니라 1이에요. dout * (x > 0)을 쓰세요.",
    )
    return [
        Mistake(
            np.where(x >= 0, dout, 0.0),
            Msg(
                "It looks like you let the gradient through where x == 0. ReLU's gradient is 0 "
                "for x <= 0 (PyTorch's choice): use x > 0.",
                "x == 0인 곳에서도 기울기를 흘려보낸 것 같아요. ReLU의 기울기는 x <= 0에서 "
                "0이에요 (PyTorch와 같아요): x > 0을 쓰세요.",
            ),
        ),
        Mistake(
            dout,
            Msg(
                "It looks like dx is dout unchanged, as if ReLU were the identity: the gradient "
                "must be blocked (0) where x <= 0. Multiply dout by the mask (x > 0).",
                "dx가 dout 그대로인 것 같아요. ReLU가 항등 함수인 것처럼요: x <= 0인 곳에서는 "
                "기울기를 막아야(0) 해요. dout에 마스크 (x > 0)를 곱하세요.",
            ),
        ),
        Mistake(
            np.where(dout > 0, dout, 0.0),
            Msg(
                "It looks like the mask was taken from dout (dout > 0) instead of from x: the "
                "gradient passes where the INPUT was positive, dout * (x > 0).",
                "마스크를 x가 아니라 dout에서 만든 것 같아요 (dout > 0): 기울기는 '입력'이 "
                "양수였던 곳으로 흘러요. dout * (x > 0).",
            ),
        ),
        Mistake(
            (x > 0).astype(np.float64),
            Msg(
                "It looks like relu_backward returned the mask (x > 0) itself, without dout. "
                "Multiply it by the upstream gradient: dx = dout * (x > 0).",
                "relu_backward 함수가 dout 없이 마스크 (x > 0)만 반환한 것 같아요. 위에서 온 "
                "기울기를 곱하세요: dx = dout * (x > 0).",
            ),
        ),
        Mistake(dout * np.maximum(x, 0.0), times_relu),
        Mistake(dout * x, times_relu),
        Mistake(
            dout * np.sign(x),
            Msg(
                "It looks like dout was multiplied by np.sign(x): that is -1 where x < 0, where "
                "ReLU's slope is 0. Use dout * (x > 0).",
                "dout에 np.sign(x)를 곱한 것 같아요: x < 0인 곳에서 그 값은 -1인데, ReLU의 "
                "기울기는 0이에요. dout * (x > 0)을 쓰세요.",
            ),
        ),
        Mistake(
            np.where(dout > 0, x, 0.0),
            Msg(
                "It looks like the arguments were read in the wrong order: relu_backward is "
                "called as relu_backward(dout, x). Keep the stub's order of parameters.",
                "인자 순서를 바꿔 읽은 것 같아요: relu_backward 함수는 relu_backward(dout, x) "
                "순서로 호출돼요. 처음 파일의 매개변수 순서를 그대로 두세요.",
            ),
        ),
        Mistake(
            dout[x > 0],
            Msg(
                "It looks like relu_backward returned dout[x > 0]: boolean indexing keeps only "
                "the passing values, as a flat 1-D array. Keep dout's shape, with 0 where "
                "x <= 0: dout * (x > 0).",
                "relu_backward 함수가 dout[x > 0]을 반환한 것 같아요: 불리언 인덱싱은 통과한 "
                "값만 골라 1차원 배열로 펼쳐요. dout의 shape을 유지하고 x <= 0인 곳은 0으로 "
                "두세요: dout * (x > 0).",
            ),
        ),
    ]


def _expect_exact(expected: np.ndarray, got: np.ndarray, x: np.ndarray) -> None:
    """Fails unless ``got`` is exactly ``expected``: max(x, 0) rounds nothing, so a value that
    is merely close went through a lower precision."""
    if np.array_equal(got, expected):
        return
    err = limits.rel_error(expected, got)
    at = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))
    msg = Msg(
        f"relu: out is close to max(x, 0) but not exact (relative error {err[at]:.1e} at index "
        f"{at}). max(x, 0) rounds nothing: every value must be x itself or 0.",
        f"relu: out 값이 max(x, 0)에 가깝지만 정확하지 않아요 (위치 {at}에서 상대 오차 "
        f"{err[at]:.1e}). max(x, 0)은 아무것도 반올림하지 않아요: 모든 값이 x 그대로이거나 "
        "0이어야 해요.",
    )
    if np.array_equal(got, np.maximum(x.astype(np.float32), 0.0).astype(np.float64)):
        msg += Msg("\n", "\n") + FLOAT32
    raise Fail(msg)


def _relu_check(name: Msg, x: np.ndarray) -> Check:
    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        got = array_output(results[0], "relu")
        expected = engine.relu(x)
        expect_close(expected, got, "relu", mistakes=_forward_mistakes(x, got))
        _expect_exact(expected, got, x)

    return Check(name, [Call("relu", {"x": x})], judge)


def _backward_check(name: Msg, dout: np.ndarray, x: np.ndarray) -> Check:
    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        got = array_output(results[0], "relu_backward", label="dx")
        expected = engine.relu_backward(dout, x)
        expect_close(expected, got, "relu_backward", "dx", _backward_mistakes(dout, x))

    return Check(name, [Call("relu_backward", {"dout": dout, "x": x})], judge)


def _numerical_check(rng: np.random.Generator) -> Check:
    """relu_backward against central differences of the reference relu in float64: the
    learner's own relu is judged by its own checks, so a relu that rounds (float32) is never
    blamed on relu_backward."""
    # Inputs stay at least 0.1 away from the kink, so central differences are exact enough.
    x, dout = _signed_pair(rng, (3, 4), low=0.1)
    step = limits.NUMERIC_GRAD_STEP

    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        analytic = array_output(results[0], "relu_backward", label="dx")
        values = [engine.relu(x_nudged) for x_nudged in nudged(x, step)]
        numeric = numerical_gradient(values, dout, x.shape, step)
        expect_close(
            numeric,
            analytic,
            "relu_backward",
            "dx",
            _backward_mistakes(dout, x),
            tol=limits.GRAD_REL_TOL,
        )

    return Check(
        Msg(
            "relu_backward agrees with a numerical gradient of relu",
            "relu_backward 함수가 relu의 수치 미분과 일치",
        ),
        [Call("relu_backward", {"dout": dout, "x": x})],
        judge,
    )


def _unmodified_check(rng: np.random.Generator) -> Check:
    x, dout = random_array(rng, (4, 6)), random_array(rng, (4, 6))

    def judge(results: list[CallResult]) -> None:
        expect_unmodified(results[:1], "relu", "np.maximum(x, 0.0)")
        expect_unmodified(results[1:], "relu_backward", "dout * (x > 0), not dout[x <= 0] = 0")

    return Check(
        Msg(
            "relu and relu_backward leave their inputs unchanged",
            "relu와 relu_backward가 입력을 바꾸지 않음",
        ),
        [Call("relu", {"x": x}), Call("relu_backward", {"dout": dout, "x": x})],
        judge,
    )


def _signed_pair(
    rng: np.random.Generator, shape: tuple[int, ...], low: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Random ``x`` and ``dout`` of ``shape`` (at least 4 values), each value at least ``low``
    away from 0, where four random places hold the four pairs of signs: every classic mistake
    then returns something of its own."""
    x, dout = (np.abs(random_array(rng, shape)) + low for _ in range(2))
    x *= rng.choice([-1.0, 1.0], shape)
    dout *= rng.choice([-1.0, 1.0], shape)
    places = rng.choice(x.size, size=4, replace=False)
    signs = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])
    x.flat[places] = np.abs(x.flat[places]) * signs[:, 0]
    dout.flat[places] = np.abs(dout.flat[places]) * signs[:, 1]
    return x, dout


def _relu_input(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """A matrix with both signs whose count of positive values is not its count of columns, so
    that x[x > 0] and np.max(x, 0) never come out alike."""
    x = _signed_pair(rng, shape)[0]
    if np.count_nonzero(x > 0) == shape[1]:
        negative = np.flatnonzero(x < 0)
        x.flat[negative[-1]] *= -1.0  # the places hold two negative values: one stays
    return x


def gradcheck(rng: np.random.Generator) -> Spec:
    """`bigpicture gradcheck 1`: relu_backward against the learner's relu, away from the kink."""
    x, dout = _signed_pair(rng, (3, 4), low=0.1)
    return Spec(
        forward="relu",
        inputs={"x": x},
        params=("x",),
        backward=[Call("relu_backward", {"dout": dout, "x": x})],
        returns=1,
        grads=(0,),
        dout=dout,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise1, random cases drawn from ``rng``."""
    shape = tuple(int(n) for n in rng.integers(2, 7, size=2))
    shape3 = tuple(int(n) for n in rng.integers(2, 5, size=3))
    x = _relu_input(rng, shape)
    dx_x, dx_dout = _signed_pair(rng, shape3)
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
            x,
        ),
        _relu_check(
            Msg(
                "relu on a 4-D input (any shape must work)",
                "4차원 입력에서 relu (어떤 shape이든 동작해야 함)",
            ),
            _signed_pair(rng, (2, 3, 2, 2))[0],
        ),
        _backward_check(
            Msg(
                "relu_backward on a fixed example (gradient 0 at x == 0)",
                "정해진 예제에서 relu_backward (x == 0에서 기울기 0)",
            ),
            FIXED_DOUT,
            FIXED_X,
        ),
        _backward_check(
            Msg(
                f"relu_backward on a random 3-D input of shape {shape3}",
                f"shape {shape3}인 무작위 3차원 입력에서 relu_backward",
            ),
            dx_dout,
            dx_x,
        ),
        _numerical_check(rng),
        _unmodified_check(rng),
    ]
