"""Checks for exercise8: a stable sigmoid and its backward pass.

The grader cannot see the warnings a learner's numpy prints ("overflow encountered in exp"): a
call reports only what it returned. So stability is judged by the values: no inf or nan for
|x| up to 1000, and the tiny values of the far negative tail right to the last digits, relative
to their own size. That tail is where the naive ``1 / (1 + exp(-x))`` shows: for x below about
-709.78 ``exp(-x)`` overflows and the answer collapses to 0, while ``sigmoid(-720)`` is
``exp(-720)``, about 2.0e-313. A difference from 1 (``0.5 * (1 + tanh(x / 2))``) loses every
digit below 1e-16 the same way, and clipping x changes the function beyond the clip.

The backward cases hold outputs away from 0.5 and gradients of both signs, so that no two
classic mistakes return the same thing.
"""

from __future__ import annotations

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call, CallResult, FromCall
from bigpicture.grader.checks.common import (
    Check,
    Fail,
    Mistake,
    array_output,
    expect_close,
    nudged,
    numerical_gradient,
    random_array,
    random_shape,
    unmodified_check,
)
from bigpicture.grader.gradcheck import Spec
from bigpicture.grader.i18n import Msg

FORWARD, BACKWARD = "sigmoid", "sigmoid_backward"

FIXED_X = np.array([[-5.0, -1.0, 0.0, 1.0, 5.0], [-2.5, 0.5, 10.0, -10.0, 3.0]])
# Far out on both sides: naive forms overflow beyond +-709.78, a difference from 1 loses every
# value below 1e-16 (x < -37), float32 every value below 1e-45 (x < -103). Values below -745
# underflow to exactly 0 in float64 whatever the formula; -2 and 3 tell apart the formulas
# that go wrong everywhere.
TAIL_X = np.array(
    [
        [-1000.0, -725.0, -720.0, -712.0, -700.0, -120.0, -40.0, -2.0],
        [0.0, 3.0, 40.0, 120.0, 700.0, 712.0, 720.0, 1000.0],
    ]
)
FIXED_OUT = np.array([[0.5, 0.2, 0.9, 0.0], [1.0, 0.75, 0.99330714907571527, 0.1]])
FIXED_DOUT = np.array([[1.0, -2.0, 3.0, 4.0], [-5.0, 0.5, 2.0, -1.5]])
# Relative error allowed in the tail, measured against each value itself: exp(-725) is a
# subnormal float held to about 1e-8, so a right formula is far inside it.
TAIL_TOL = 1e-6

NAIVE = Msg(
    "It looks like the naive formula 1 / (1 + np.exp(-x)): for x below about -709.78, "
    "np.exp(-x) overflows to inf (numpy warns 'overflow encountered in exp') and out becomes 0, "
    "while sigmoid(-720) is exp(-720), about 2.0e-313. Never take exp of a large positive "
    "number: for x < 0 compute exp(x) / (1 + exp(x)), and 1 / (1 + exp(-x)) only for x >= 0.",
    "단순한 공식 1 / (1 + np.exp(-x))를 쓴 것 같아요: x가 약 -709.78보다 작으면 np.exp(-x)가 "
    "inf로 넘치고 (numpy가 'overflow encountered in exp' 경고를 내요) out이 0이 돼요. 그런데 "
    "sigmoid(-720)은 exp(-720), 약 2.0e-313이에요. 큰 양수의 exp는 구하지 마세요: x < 0이면 "
    "exp(x) / (1 + exp(x))로, x >= 0일 때만 1 / (1 + exp(-x))로 계산하세요.",
)
EXP_RATIO = Msg(
    "It looks like exp(x) / (1 + exp(x)) was used for every x: for x above about 709.78, "
    "np.exp(x) overflows to inf and inf / inf is nan. Use that form only for x < 0, and "
    "1 / (1 + exp(-x)) for x >= 0.",
    "모든 x에 exp(x) / (1 + exp(x))를 쓴 것 같아요: x가 약 709.78보다 크면 np.exp(x)가 inf로 "
    "넘치고 inf / inf는 nan이에요. 그 형태는 x < 0일 때만 쓰고, x >= 0이면 "
    "1 / (1 + exp(-x))를 쓰세요.",
)
PRECEDENCE = Msg(
    "It looks like the parentheses are missing: 1 / 1 + np.exp(-x) is 1 + exp(-x), because / "
    "binds tighter than +. Write 1 / (1 + np.exp(-x)).",
    "괄호가 빠진 것 같아요: /가 +보다 먼저 계산돼서 1 / 1 + np.exp(-x)는 1 + exp(-x)예요. "
    "1 / (1 + np.exp(-x))로 쓰세요.",
)
MIRRORED = Msg(
    "It looks like this is sigmoid(-x): 1 / (1 + exp(x)) falls where the sigmoid rises. The "
    "sigmoid of a large positive x is close to 1: out = 1 / (1 + exp(-x)).",
    "sigmoid(-x)를 계산한 것 같아요: 1 / (1 + exp(x))는 시그모이드가 올라가는 곳에서 내려가요. "
    "큰 양수 x의 시그모이드는 1에 가까워요: out = 1 / (1 + exp(-x)).",
)
TANH_FULL_X = Msg(
    "It looks like 0.5 * (1 + tanh(x)) was used: the identity needs x / 2 inside, "
    "sigmoid(x) = 0.5 * (1 + tanh(x / 2)); without it you get sigmoid(2x).",
    "0.5 * (1 + tanh(x))를 쓴 것 같아요: 이 항등식에는 x / 2가 들어가요. "
    "sigmoid(x) = 0.5 * (1 + tanh(x / 2)). 빠뜨리면 sigmoid(2x)가 나와요.",
)
TANH_NO_HALF = Msg(
    "It looks like the 0.5 in front is missing: 1 + tanh(x / 2) runs from 0 to 2, twice the "
    "sigmoid. sigmoid(x) = 0.5 * (1 + tanh(x / 2)).",
    "앞의 0.5가 빠진 것 같아요: 1 + tanh(x / 2)는 0에서 2까지라서 시그모이드의 두 배예요. "
    "sigmoid(x) = 0.5 * (1 + tanh(x / 2)).",
)
TANH = Msg(
    "It looks like np.tanh(x) was returned: tanh runs from -1 to 1 and the sigmoid from 0 to 1. "
    "out = 1 / (1 + exp(-x)), computed stably.",
    "np.tanh(x)를 반환한 것 같아요: tanh는 -1에서 1까지, 시그모이드는 0에서 1까지예요. "
    "out = 1 / (1 + exp(-x))를 안정적으로 계산하세요.",
)
CANCELLED = Msg(
    "It looks like the sigmoid was computed as a difference from 1 (0.5 * (1 + tanh(x / 2)) or "
    "1 - 1 / (1 + exp(x))): for x = -40 the answer, 4.2e-18, is smaller than the rounding of 1 "
    "(1.1e-16), so 1 + (-1) cancels to 0. For x < 0 compute exp(x) / (1 + exp(x)), which keeps "
    "every digit.",
    "시그모이드를 1과의 차이로 계산한 것 같아요 (0.5 * (1 + tanh(x / 2))나 "
    "1 - 1 / (1 + exp(x))): x = -40이면 답 4.2e-18이 1의 반올림 단위(1.1e-16)보다 작아서 "
    "1 + (-1)이 0으로 지워져요. x < 0이면 exp(x) / (1 + exp(x))로 계산하세요. 자릿수가 모두 "
    "남아요.",
)
CLIPPED = Msg(
    "It looks like x was clipped to ±{c} before the exp: that avoids the overflow but changes "
    "the function beyond the clip (sigmoid(-1000) is 0, and sigmoid(-720) is 2.0e-313, not "
    "sigmoid(-{c})). No clipping is needed: for x < 0 compute exp(x) / (1 + exp(x)), and "
    "1 / (1 + exp(-x)) for x >= 0.",
    "exp를 구하기 전에 x를 [-{c}, {c}] 범위로 잘라 낸 것 같아요: 넘침은 피하지만 그 범위 "
    "밖에서 함수가 달라져요 (sigmoid(-1000)은 0이고, sigmoid(-720)은 2.0e-313이지 "
    "sigmoid(-{c}) 값이 아니에요). "
    "자를 필요가 없어요: x < 0이면 exp(x) / (1 + exp(x))로, x >= 0이면 1 / (1 + exp(-x))로 "
    "계산하세요.",
)
FLOAT32 = Msg(
    "It looks like the sigmoid was computed in float32: below about 1e-45 (x < -103) float32 "
    "has nothing but 0, and its values are right to only about 7 digits. Compute on the "
    "float64 x itself, with no np.float32 or .astype(np.float32).",
    "시그모이드를 float32로 계산한 것 같아요: float32는 약 1e-45보다 작은 값(x < -103)을 0으로 "
    "밖에 나타내지 못하고, 값도 7자리 정도까지만 맞아요. np.float32나 .astype(np.float32) 없이 "
    "float64인 x에서 바로 계산하세요.",
)

NO_DOUT = Msg(
    "It looks like sigmoid_backward returned the local slope out * (1 - out) without dout. "
    "Multiply it by the upstream gradient: dx = dout * out * (1 - out).",
    "sigmoid_backward 함수가 dout 없이 국소 기울기 out * (1 - out)만 반환한 것 같아요. 위에서 "
    "온 기울기를 곱하세요: dx = dout * out * (1 - out).",
)
TWICE = Msg(
    "It looks like the sigmoid was applied to out again (sigmoid(out) * (1 - sigmoid(out)), as "
    "if out were x). out already is sigmoid(x): the slope is out * (1 - out), so "
    "dx = dout * out * (1 - out).",
    "out에 시그모이드를 한 번 더 적용한 것 같아요 (out이 x인 것처럼 sigmoid(out) * "
    "(1 - sigmoid(out))). out은 이미 sigmoid(x)예요: 기울기는 out * (1 - out)이라서 "
    "dx = dout * out * (1 - out)이에요.",
)
ONE_MINUS_ONLY = Msg(
    "It looks like the factor out is missing: dx = dout * (1 - out). The sigmoid's slope is "
    "out * (1 - out): dx = dout * out * (1 - out).",
    "out 인수가 빠진 것 같아요: dx = dout * (1 - out). 시그모이드의 기울기는 "
    "out * (1 - out)이에요: dx = dout * out * (1 - out).",
)
OUT_ONLY = Msg(
    "It looks like the factor (1 - out) is missing: dx = dout * out. The sigmoid's slope is "
    "out * (1 - out): dx = dout * out * (1 - out).",
    "(1 - out) 인수가 빠진 것 같아요: dx = dout * out. 시그모이드의 기울기는 "
    "out * (1 - out)이에요: dx = dout * out * (1 - out).",
)
TANH_SLOPE = Msg(
    "It looks like tanh's slope, 1 - out**2, was used. The sigmoid's is out * (1 - out): "
    "dx = dout * out * (1 - out).",
    "tanh의 기울기 1 - out**2를 쓴 것 같아요. 시그모이드의 기울기는 out * (1 - out)이에요: "
    "dx = dout * out * (1 - out).",
)
SLOPE_SIGN = Msg(
    "It looks like the slope's sign is flipped: out * (out - 1) is negative, and the sigmoid "
    "only rises. dx = dout * out * (1 - out).",
    "기울기의 부호가 뒤집힌 것 같아요: out * (out - 1)은 음수인데, 시그모이드는 올라가기만 "
    "해요. dx = dout * out * (1 - out).",
)
SWAPPED = Msg(
    "It looks like the arguments were read in the wrong order: sigmoid_backward is called as "
    "sigmoid_backward(dout, out). Keep the stub's order of parameters.",
    "인자 순서를 바꿔 읽은 것 같아요: sigmoid_backward 함수는 sigmoid_backward(dout, out) "
    "순서로 호출돼요. 처음 파일의 매개변수 순서를 그대로 두세요.",
)

TRACEBACK_HINTS = [
    (
        FORWARD,
        r"OverflowError: math range error",
        Msg(
            "math.exp raises OverflowError above about 709.78: exp(1000) is too large for a "
            "float. Never take exp of a large positive number: for x < 0 compute "
            "exp(x) / (1 + exp(x)), and 1 / (1 + exp(-x)) for x >= 0.",
            "math.exp는 약 709.78보다 큰 수에서 OverflowError를 내요: exp(1000)은 float에 "
            "담기에 너무 커요. 큰 양수의 exp는 구하지 마세요: x < 0이면 exp(x) / (1 + exp(x))로, "
            "x >= 0이면 1 / (1 + exp(-x))로 계산하세요.",
        ),
    ),
    (
        "*",
        r"can be converted to Python scalars",
        Msg(
            "math.exp (like float()) takes one number, not an array: use np.exp, which works on "
            "every element.",
            "math.exp는 (float()처럼) 배열이 아니라 숫자 하나만 받아요: 모든 원소에 적용되는 "
            "np.exp를 쓰세요.",
        ),
    ),
    (
        "*",
        r"truth value of an array",
        Msg(
            "It looks like `if` was given a whole array: x >= 0 holds one True/False per value. "
            "Choose the formula value by value with np.where(x >= 0, ..., ...), or compute each "
            "side on x[x >= 0] and x[x < 0].",
            "`if`에 배열 전체를 넘긴 것 같아요: x >= 0은 값마다 True/False를 하나씩 담은 "
            "배열이에요. np.where(x >= 0, ..., ...)로 값마다 공식을 고르거나, x[x >= 0]과 "
            "x[x < 0]에서 따로 계산하세요.",
        ),
    ),
]


def _stable(x: np.ndarray) -> np.ndarray:
    """The two-branch sigmoid in ``x``'s own dtype (the engine's, for float32 too)."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _forward_candidates(x: np.ndarray, got: np.ndarray) -> list[tuple[np.ndarray, Msg]]:
    """What each classic mistake of sigmoid returns on ``x`` (``got`` gives a clip bound)."""
    with np.errstate(all="ignore"):  # the mistakes overflow as the learner's code does
        x32 = x.astype(np.float32)
        found = [
            (1 / (1 + np.exp(-x)), NAIVE),
            (np.exp(x) / (1 + np.exp(x)), EXP_RATIO),
            (1 / 1 + np.exp(-x), PRECEDENCE),
            (1 / (1 + np.exp(x)), MIRRORED),
            (0.5 * (1 + np.tanh(x)), TANH_FULL_X),
            (1 + np.tanh(x / 2), TANH_NO_HALF),
            (np.tanh(x), TANH),
            (0.5 * (1 + np.tanh(x / 2)), CANCELLED),
            (1 - 1 / (1 + np.exp(x)), CANCELLED),
            (_stable(x32).astype(np.float64), FLOAT32),
            ((1 / (1 + np.exp(-x32))).astype(np.float64), FLOAT32),
        ]
    bound = _clip_bound(x, got)
    if bound is not None:
        from bigpicture.grader import engine

        shown = f"{bound:.4g}"
        msg = Msg(CLIPPED.en.format(c=shown), CLIPPED.ko.format(c=shown))
        found.append((engine.sigmoid(np.clip(x, -bound, bound)), msg))
    return found


def _clip_bound(x: np.ndarray, got: np.ndarray) -> float | None:
    """The c of a learner who clipped x to [-c, c], read off their sigmoid at the most negative
    x (where the right answer underflows to 0), or None."""
    if got.shape != x.shape or x.min() > -800:
        return None
    low = float(got.flat[int(np.argmin(x))])
    if not 0.0 < low < 0.5:
        return None
    bound = float(np.log1p(-low) - np.log(low))  # the logit of what came back, negated
    return bound if 1.0 <= bound < 745.0 else None


def _backward_candidates(dout: np.ndarray, out: np.ndarray) -> list[tuple[np.ndarray, Msg]]:
    """What each classic mistake of sigmoid_backward returns on ``dout`` and ``out``."""
    from bigpicture.grader import engine

    again = engine.sigmoid(out)
    return [
        (out * (1 - out), NO_DOUT),
        (dout * again * (1 - again), TWICE),
        (dout * (1 - out), ONE_MINUS_ONLY),
        (dout * out, OUT_ONLY),
        (dout * (1 - out**2), TANH_SLOPE),
        (dout * out * (out - 1), SLOPE_SIGN),
        (out * dout * (1 - dout), SWAPPED),
    ]


def _as_mistakes(candidates: list[tuple[np.ndarray, Msg]]) -> list[Mistake]:
    return [Mistake(value, msg) for value, msg in candidates]


def _tail_same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to ``TAIL_TOL`` relative to each value's own size (no floor: 1e-313 and 0 differ),
    NaN matching NaN and inf the same inf."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    with np.errstate(invalid="ignore"):
        close = np.abs(a - b) <= TAIL_TOL * np.maximum(np.abs(a), np.abs(b))
    return bool(np.all(close | (a == b) | (np.isnan(a) & np.isnan(b))))


def _expect_tail(expected: np.ndarray, got: np.ndarray, x: np.ndarray) -> None:
    """Fails unless every value of ``got`` matches ``expected`` relative to its own size, naming
    the mistake whose values it has."""
    if _tail_same(expected, got):
        return
    got64 = got.astype(np.float64)
    with np.errstate(invalid="ignore"):
        wrong = ~(np.abs(expected - got64) <= TAIL_TOL * np.maximum(expected, np.abs(got64)))
    at = tuple(int(i) for i in np.argwhere(wrong)[0])
    msg = Msg(
        f"sigmoid: out is wrong far from 0: at x = {x[at]:g} it should be {expected[at]:.4g}, "
        f"got {got64[at]:.4g}. Tiny values count too: each must be right relative to its own "
        "size.",
        f"sigmoid: 0에서 먼 곳의 out 값이 틀렸어요: x = {x[at]:g}에서 {expected[at]:.4g}이어야 "
        f"하는데 {got64[at]:.4g}이에요. 아주 작은 값도 자기 크기에 비해 정확해야 해요.",
    )
    named = {
        candidate_msg
        for value, candidate_msg in _forward_candidates(x, got)
        if _tail_same(value, got64) and not _tail_same(value, expected)
    }
    if len(named) == 1:
        msg += Msg("\n", "\n") + named.pop()
    raise Fail(msg)


def _forward_check(name: Msg, x: np.ndarray) -> Check:
    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        got = array_output(results[0], FORWARD)
        expected = engine.sigmoid(x)
        expect_close(expected, got, FORWARD, mistakes=_as_mistakes(_forward_candidates(x, got)))
        _expect_tail(expected, got, x)

    return Check(name, [Call(FORWARD, {"x": x})], judge)


def _backward_check(name: Msg, dout: np.ndarray, out: np.ndarray) -> Check:
    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        got = array_output(results[0], BACKWARD, label="dx")
        expected = engine.sigmoid_backward(dout, out)
        mistakes = _as_mistakes(_backward_candidates(dout, out))
        expect_close(expected, got, BACKWARD, "dx", mistakes)

    return Check(name, [Call(BACKWARD, {"dout": dout, "out": out})], judge)


def _numerical_check(rng: np.random.Generator) -> Check:
    """sigmoid_backward, given the reference's out, against central differences of the
    reference sigmoid: the learner's own sigmoid is judged by its own checks."""
    from bigpicture.grader import engine

    x, dout = random_array(rng, (3, 4), 2.0), random_array(rng, (3, 4))
    out = engine.sigmoid(x)
    step = limits.NUMERIC_GRAD_STEP

    def judge(results: list[CallResult]) -> None:
        analytic = array_output(results[0], BACKWARD, label="dx")
        values = [engine.sigmoid(x_nudged) for x_nudged in nudged(x, step)]
        numeric = numerical_gradient(values, dout, x.shape, step)
        expect_close(
            numeric,
            analytic,
            BACKWARD,
            "dx",
            _as_mistakes(_backward_candidates(dout, out)),
            tol=limits.GRAD_REL_TOL,
        )

    return Check(
        Msg(
            "sigmoid_backward agrees with a numerical gradient of sigmoid",
            "sigmoid_backward 함수가 sigmoid의 수치 미분과 일치",
        ),
        [Call(BACKWARD, {"dout": dout, "out": out})],
        judge,
    )


def _outputs(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Sigmoid outputs in (0.05, 0.95), none near 0.5, where out and 1 - out look alike."""
    side = rng.choice([-1.0, 1.0], shape)
    return 0.5 + side * rng.uniform(0.05, 0.45, shape)


def gradcheck(rng: np.random.Generator) -> Spec:
    """`bigpicture gradcheck 8`: sigmoid_backward, fed the learner's own sigmoid output, against
    the learner's sigmoid."""
    x, dout = random_array(rng, (3, 4), 2.0), random_array(rng, (3, 4))
    return Spec(
        forward=FORWARD,
        inputs={"x": x},
        params=("x",),
        backward=[
            Call(FORWARD, {"x": x}),
            Call(BACKWARD, {"dout": dout, "out": FromCall(0)}),
        ],
        returns=1,
        grads=(0,),
        dout=dout,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise8, random cases drawn from ``rng``."""
    shape = random_shape(rng, 3, high=5)
    shape2 = random_shape(rng)
    x_kept, dout_kept = random_array(rng, (4, 5), 3.0), random_array(rng, (4, 5))
    return [
        _forward_check(
            Msg("sigmoid on a fixed example", "정해진 예제에서 sigmoid"),
            FIXED_X,
        ),
        _forward_check(
            Msg(
                f"sigmoid on random input of shape {shape}",
                f"shape {shape}인 무작위 입력에서 sigmoid",
            ),
            random_array(rng, shape, 4.0),
        ),
        _forward_check(
            Msg(
                "sigmoid far from 0 (|x| up to 1000): no overflow, and tiny values such as "
                "sigmoid(-720) = 2.0e-313 right to their last digits",
                "0에서 먼 곳의 sigmoid (|x|가 1000까지): 넘침 없이, sigmoid(-720) = 2.0e-313 "
                "같은 아주 작은 값도 끝자리까지 정확하게",
            ),
            TAIL_X,
        ),
        _backward_check(
            Msg(
                "sigmoid_backward on a fixed example (slope 0.25 at out = 0.5, 0 at out = 0 and 1)",
                "정해진 예제에서 sigmoid_backward (out = 0.5에서 기울기 0.25, out = 0과 1에서 0)",
            ),
            FIXED_DOUT,
            FIXED_OUT,
        ),
        _backward_check(
            Msg(
                f"sigmoid_backward on random input of shape {shape2}",
                f"shape {shape2}인 무작위 입력에서 sigmoid_backward",
            ),
            random_array(rng, shape2, 2.0),
            _outputs(rng, shape2),
        ),
        _numerical_check(rng),
        unmodified_check(
            [
                Call(FORWARD, {"x": x_kept}),
                Call(BACKWARD, {"dout": dout_kept, "out": _outputs(rng, (4, 5))}),
            ],
            "np.exp(-np.abs(x)), not x *= -1",
        ),
    ]
