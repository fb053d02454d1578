"""Checks for exercise14: backpropagation through time for a vanilla tanh RNN.

Every classic mistake is a choice the backward pass makes differently (:func:`_bptt` takes
each one as an argument), so that it returns what that mistake would. The cases keep them
apart: T >= 4 (the gradient carried from later steps is a large part of each step's), an
asymmetric Wh (Wh and Wh.T, dWh and dWh.T differ), an h0 far from zero (the states a forward
from zeros would give, and h[:, -1] taken for h0, are wrong), D != H, and the edge cases T = 1
and H = 1, where some mistakes give the right answer and others still show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call, CallResult
from bigpicture.grader.checks.common import (
    Check,
    computed_once,
    expect_outputs,
    nudged,
    numerical_gradient,
    random_array,
    unmodified_check,
)
from bigpicture.grader.checks.diagnosis import SAMPLE, TIME, UNIT
from bigpicture.grader.checks.sequences import rnn_fixed_case, rnn_random_case
from bigpicture.grader.gradcheck import Spec
from bigpicture.grader.i18n import Msg

FUNCTION = "rnn_backward"
FEATURE = Msg("feature", "특성")
AXES = {"dx": (SAMPLE, TIME, FEATURE), "dh0": (SAMPLE, UNIT)}
STEP_GRADIENT = "da = (dh[:, t] + carry) * (1 - h[:, t] ** 2)"
# The finite-difference step: at 1e-5 the central differences of this smooth forward agree with
# the exact gradient to ~1e-6 relative on every case tried, near-zero entries included (at
# limits.NUMERIC_GRAD_STEP, 1e-6, rounding leaves them ~3e-6 off, too close to the tolerance).
NUMERIC_STEP = 1e-5


class Grads(NamedTuple):
    """What rnn_backward returns, in its order."""

    dx: np.ndarray
    dh0: np.ndarray
    dWx: np.ndarray
    dWh: np.ndarray
    db: np.ndarray


LABELS = Grads._fields


@dataclass(frozen=True)
class Case:
    """The arguments of one call: dh (N, T, H), x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H),
    b (H,)."""

    dh: np.ndarray
    x: np.ndarray
    h0: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray
    b: np.ndarray

    def call(self) -> Call:
        return Call(FUNCTION, vars(self))

    def grads(self) -> Grads:
        """The right answer."""
        from bigpicture.grader import engine

        return Grads(*engine.rnn_backward(self.dh, self.x, self.h0, self.Wx, self.Wh, self.b))


def _states(case: Case, start: np.ndarray) -> np.ndarray:
    """The forward pass's hidden states (N, T, H), starting from ``start``."""
    from bigpicture.grader import engine

    return engine.rnn_forward(case.x, start, case.Wx, case.Wh, case.b)


@dataclass(frozen=True)
class Pass:
    """One backward pass: what it returns, the gradient on every pre-activation (``da``) and on
    every state ``h[:, t]`` (``dstate``, each (N, T, H))."""

    grads: Grads
    da: np.ndarray
    dstate: np.ndarray


def _tanh_slope(h: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
    return 1.0 - h * h


def _previous_state(h: np.ndarray, h0: np.ndarray, t: int) -> np.ndarray:
    return h0 if t == 0 else h[:, t - 1]


def _bptt(
    case: Case,
    *,
    from_zeros: bool = False,
    slope: Callable[[np.ndarray, np.ndarray], np.ndarray] = _tanh_slope,
    carry: bool = True,
    backwards: bool = True,
    back: Callable[[np.ndarray], np.ndarray] = np.transpose,
    previous: Callable[[np.ndarray, np.ndarray, int], np.ndarray] = _previous_state,
) -> Pass:
    """The backward pass, each of its choices replaceable by a classic mistake's.

    Args:
        case: the call's arguments.
        from_zeros: recompute the states from zeros instead of from h0.
        slope: tanh's slope at step t from ``h[:, t]`` and ``h_prev``.
        carry: add the gradient step t + 1 sends back to step t's own ``dh[:, t]``.
        backwards: walk from the last step to the first (False: the first to the last).
        back: the matrix the gradient goes back through, from ``Wh``.
        previous: the state step t's ``Wh`` multiplied, from ``h``, ``h0`` and ``t``.
    """
    start = np.zeros_like(case.h0) if from_zeros else case.h0
    h = _states(case, start)
    steps = h.shape[1]
    da, dstate = np.empty_like(h), np.empty_like(h)
    sent = np.zeros_like(case.h0)
    for t in reversed(range(steps)) if backwards else range(steps):
        dstate[:, t] = case.dh[:, t] + sent if carry else case.dh[:, t]
        da[:, t] = dstate[:, t] * slope(h[:, t], _previous_state(h, start, t))
        sent = da[:, t] @ back(case.Wh)
    before = np.stack([previous(h, start, t) for t in range(steps)], axis=1)
    grads = Grads(
        dx=da @ case.Wx.T,
        dh0=sent,
        dWx=np.einsum("ntd,nth->dh", case.x, da),
        dWh=np.einsum("nti,ntj->ij", before, da),
        db=da.sum(axis=(0, 1)),
    )
    return Pass(grads, da, dstate)


NO_CARRY = Msg(
    "It looks like each step used only its own dh[:, t]: the gradient that step t + 1 sends "
    "back never reached step t. h[:, t] also fed every later step, so its gradient is dh[:, t] "
    f"plus what comes back: {STEP_GRADIENT}, then carry = da @ Wh.T.",
    "스텝마다 자기 dh[:, t]만 쓴 것 같아요: 스텝 t + 1이 돌려보낸 기울기가 스텝 t에 닿지 "
    "않았어요. h[:, t]는 뒤의 모든 스텝에도 쓰였으니, 기울기는 dh[:, t]에 돌아온 몫을 더한 "
    f"값이에요: {STEP_GRADIENT}, 그다음 carry = da @ Wh.T.",
)
FORWARD_IN_TIME = Msg(
    "It looks like the backward pass walked forward in time, from t = 0 to T - 1. The gradient "
    "flows from the last step to the first: for t in reversed(range(T)).",
    "역전파가 t = 0부터 T - 1까지 시간 순서대로 진행한 것 같아요. 기울기는 마지막 스텝에서 첫 "
    "스텝으로 흘러요: for t in reversed(range(T)).",
)
SLOPE_OF_PREVIOUS = Msg(
    "It looks like the tanh slope was taken at the previous state, 1 - h[:, t-1]**2. Step t's "
    "tanh produced h[:, t], so its slope is 1 - h[:, t]**2.",
    "tanh의 기울기를 이전 상태에서 1 - h[:, t-1]**2로 구한 것 같아요. 스텝 t의 tanh가 만든 "
    "값은 h[:, t]이니 기울기는 1 - h[:, t]**2예요.",
)
TANH_TWICE = Msg(
    "It looks like the tanh slope was computed as 1 - tanh(h)**2, with h the state: h is "
    "already tanh(a), so the slope is 1 - h**2, with no second tanh.",
    "tanh의 기울기를 상태 h로 1 - tanh(h)**2처럼 구한 것 같아요: h는 이미 tanh(a)라서 "
    "기울기는 tanh를 한 번 더 씌우지 않은 1 - h**2예요.",
)
SLOPE_NOT_SQUARED = Msg(
    "It looks like the tanh slope is 1 - h: the derivative of tanh is 1 - tanh**2, so use "
    "1 - h**2.",
    "tanh의 기울기를 1 - h로 쓴 것 같아요: tanh의 도함수는 1 - tanh**2이니 1 - h**2를 쓰세요.",
)
NO_SLOPE = Msg(
    "It looks like the tanh slope is missing: the gradient went back as if there were no tanh. "
    f"Multiply by 1 - h[:, t]**2: {STEP_GRADIENT}.",
    "tanh의 기울기가 빠진 것 같아요: tanh가 없는 것처럼 기울기가 돌아갔어요. 1 - h[:, t]**2를 "
    f"곱하세요: {STEP_GRADIENT}.",
)
WH_NOT_TRANSPOSED = Msg(
    "It looks like the gradient went back through Wh instead of Wh.T. Forward, h_prev @ Wh; "
    "backward, da @ Wh.T.",
    "기울기를 Wh.T 대신 Wh로 돌려보낸 것 같아요. 순전파가 h_prev @ Wh이면 역전파는 da @ Wh.T예요.",
)
FROM_ZEROS = Msg(
    "It looks like the forward pass was recomputed from zeros instead of from h0, so every "
    "state, and every tanh slope, is wrong. Start the recomputed forward at h_prev = h0.",
    "순전파를 h0가 아니라 0에서 다시 계산한 것 같아요. 그래서 모든 상태와 tanh 기울기가 "
    "틀렸어요. 다시 계산하는 순전파는 h_prev = h0에서 시작하세요.",
)
DWH_CURRENT = Msg(
    "It looks like dWh used h[:, t], the state step t produced. Wh multiplied the state step t "
    "read, h_prev = h[:, t-1] (h0 at t = 0): dWh += h_prev.T @ da.",
    "dWh에 스텝 t가 만든 상태 h[:, t]를 쓴 것 같아요. Wh가 곱해진 건 스텝 t가 읽은 상태 "
    "h_prev = h[:, t-1]이에요 (t = 0이면 h0): dWh += h_prev.T @ da.",
)
FIRST_PREVIOUS = Msg(
    "It looks like step 0's dWh term did not use h0: h[:, t - 1] at t = 0 is h[:, -1], the "
    "LAST state, in Python. Step 0 read h_prev = h0: take h0 there, e.g. from "
    "np.concatenate([h0[:, None], h[:, :-1]], axis=1).",
    "스텝 0의 dWh 항에 h0를 쓰지 않은 것 같아요: 파이썬에서 t = 0일 때 h[:, t - 1]은 "
    "h[:, -1], 즉 '마지막' 상태예요. 스텝 0이 읽은 건 h_prev = h0예요: 예를 들어 "
    "np.concatenate([h0[:, None], h[:, :-1]], axis=1)로 그 자리에 h0를 넣으세요.",
)
DWH_TRANSPOSED = Msg(
    "It looks like dWh is transposed (da.T @ h_prev). Wh is (H_in, H_out), so dWh = "
    "h_prev.T @ da, summed over the steps.",
    "dWh가 전치된 것 같아요 (da.T @ h_prev). Wh의 shape이 (H_in, H_out)이니 dWh = "
    "h_prev.T @ da를 스텝마다 더하세요.",
)
DB_AXIS = Msg(
    "It looks like db was summed over only one axis of da (N, T, H). b is added at every step "
    "of every sample: db = da.sum(axis=(0, 1)).",
    "db를 da (N, T, H)의 한 축에 대해서만 더한 것 같아요. b는 모든 샘플의 모든 스텝에 "
    "더해지니 db = da.sum(axis=(0, 1))이에요.",
)
DH0_ZEROS = Msg(
    "It looks like dh0 is all zeros. h0 fed step 0, so it gets what step 0 sends back: "
    "dh0 = da @ Wh.T at t = 0, the carry left after the loop.",
    "dh0가 모두 0인 것 같아요. h0는 스텝 0에 쓰였으니 스텝 0이 돌려보내는 몫을 받아요: "
    "dh0는 t = 0에서의 da @ Wh.T, 즉 반복문이 끝난 뒤 남은 carry예요.",
)
DH0_IS_DH = Msg(
    "It looks like dh0 was returned as dh[:, 0], the gradient on the first computed state. h0 "
    "comes before it: dh0 = da @ Wh.T at t = 0, the carry left after the loop.",
    "dh0로 dh[:, 0], 즉 처음 계산한 상태의 기울기를 돌려준 것 같아요. h0는 그보다 앞에 "
    "있어요: dh0는 t = 0에서의 da @ Wh.T, 즉 반복문이 끝난 뒤 남은 carry예요.",
)
DH0_ONE_SHORT = Msg(
    "It looks like dh0 is the gradient on h[:, 0] (dh[:, 0] + carry), one step short of h0. "
    "Take it back through step 0 as well: da = (dh[:, 0] + carry) * (1 - h[:, 0]**2), "
    "dh0 = da @ Wh.T.",
    "dh0가 h[:, 0]의 기울기 (dh[:, 0] + carry)인 것 같아요. h0까지 한 스텝이 모자라요. 스텝 "
    "0도 거꾸로 지나가세요: da = (dh[:, 0] + carry) * (1 - h[:, 0]**2), dh0 = da @ Wh.T.",
)


def _slope_of_previous(h: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
    return 1.0 - h_prev * h_prev


def _wrapped_previous(h: np.ndarray, h0: np.ndarray, t: int) -> np.ndarray:
    return h[:, t - 1]


def _zero_first_previous(h: np.ndarray, h0: np.ndarray, t: int) -> np.ndarray:
    return np.zeros_like(h0) if t == 0 else h[:, t - 1]


def _candidates(case: Case) -> Iterator[tuple[Grads, Msg]]:
    """What each classic mistake returns on ``case``, with what to tell the learner."""
    right = _bptt(case)
    yield _bptt(case, carry=False).grads, NO_CARRY
    yield _bptt(case, backwards=False).grads, FORWARD_IN_TIME
    yield _bptt(case, slope=_slope_of_previous).grads, SLOPE_OF_PREVIOUS
    yield _bptt(case, slope=lambda h, _: 1.0 - np.tanh(h) ** 2).grads, TANH_TWICE
    yield _bptt(case, slope=lambda h, _: 1.0 - h).grads, SLOPE_NOT_SQUARED
    yield _bptt(case, slope=lambda h, _: np.ones_like(h)).grads, NO_SLOPE
    yield _bptt(case, back=lambda w: w).grads, WH_NOT_TRANSPOSED
    yield _bptt(case, from_zeros=True).grads, FROM_ZEROS
    yield _bptt(case, previous=lambda h, _, t: h[:, t]).grads, DWH_CURRENT
    yield _bptt(case, previous=_wrapped_previous).grads, FIRST_PREVIOUS
    yield _bptt(case, previous=_zero_first_previous).grads, FIRST_PREVIOUS
    yield right.grads._replace(dWh=right.grads.dWh.T), DWH_TRANSPOSED
    yield right.grads._replace(db=right.da.sum(axis=0)), DB_AXIS
    yield right.grads._replace(db=right.da.sum(axis=1)), DB_AXIS
    yield right.grads._replace(dh0=np.zeros_like(case.h0)), DH0_ZEROS
    yield right.grads._replace(dh0=case.dh[:, 0]), DH0_IS_DH
    yield right.grads._replace(dh0=right.dstate[:, 0]), DH0_ONE_SHORT


def _judge(case: Case, expected: Grads, results: list[CallResult], tol: float) -> None:
    expect_outputs(
        results[0],
        FUNCTION,
        dict(zip(LABELS, expected, strict=True)),
        lambda: _candidates(case),
        tol,
        AXES,
    )


def _check(name: Msg, case: Case) -> Check:
    return Check(
        name, [case.call()], lambda results: _judge(case, case.grads(), results, limits.REL_TOL)
    )


def _numerical(case: Case) -> Grads:
    """Central differences of ``sum(rnn_forward(...) * dh)``, one argument at a time."""
    from bigpicture.grader import engine

    step = NUMERIC_STEP
    args = {"x": case.x, "h0": case.h0, "Wx": case.Wx, "Wh": case.Wh, "b": case.b}
    grads = []
    for name, value in args.items():
        outputs = [engine.rnn_forward(**{**args, name: moved}) for moved in nudged(value, step)]
        grads.append(numerical_gradient(outputs, case.dh, value.shape, step))
    dx, dh0, dWx, dWh, db = grads
    return Grads(dx, dh0, dWx, dWh, db)


def _numerical_check(case: Case) -> Check:
    numerical = computed_once(lambda: _numerical(case))
    return Check(
        Msg(
            "rnn_backward agrees with a numerical gradient of the forward pass",
            "rnn_backward 함수가 순전파의 수치 미분과 일치",
        ),
        [case.call()],
        lambda results: _judge(case, numerical(), results, limits.GRAD_REL_TOL),
    )


def _case(rng: np.random.Generator, n: int, t: int, d: int, h: int) -> Case:
    """A random case: the RNN of exercise6's checks and a gradient on every state."""
    x, h0, Wx, Wh, b = rnn_random_case(rng, n, t, d, h)
    return Case(random_array(rng, (n, t, h)), x, h0, Wx, Wh, b)


def _fixed_case() -> Case:
    """exercise6's fixed example, with a gradient of both signs on every state."""
    x, h0, Wx, Wh, b = rnn_fixed_case()
    dh = np.array(
        [
            [[1.0, -0.5], [0.0, 2.0], [-1.0, 0.5], [0.5, 1.0]],
            [[0.5, 0.0], [-2.0, 1.0], [1.5, -0.5], [-1.0, 2.0]],
        ]
    )
    return Case(dh, x, h0, Wx, Wh, b)


TRACEBACK_HINTS = [
    (
        FUNCTION,
        r"matmul: Input operand \d has a mismatch in its core dimension",
        Msg(
            "A matrix product does not fit. At step t, da is (N, H): dx[:, t] = da @ Wx.T "
            "(N, D), dWx += x[:, t].T @ da (D, H), dWh += h_prev.T @ da (H, H), and the carry "
            "to step t - 1 is da @ Wh.T (N, H).",
            "행렬곱의 크기가 맞지 않아요. 스텝 t에서 da의 shape은 (N, H)예요: dx[:, t] = "
            "da @ Wx.T (N, D), dWx += x[:, t].T @ da (D, H), dWh += h_prev.T @ da (H, H), "
            "스텝 t - 1로 넘길 carry는 da @ Wh.T (N, H)예요.",
        ),
    ),
]


def gradcheck(rng: np.random.Generator) -> Spec:
    """`bigpicture gradcheck 14`: rnn_backward against the learner's own rnn_forward, which
    lives in exercise6's file."""
    case = _case(rng, 2, 3, 4, 3)
    return Spec(
        forward="rnn_forward",
        inputs={"x": case.x, "h0": case.h0, "Wx": case.Wx, "Wh": case.Wh, "b": case.b},
        params=("x", "h0", "Wx", "Wh", "b"),
        backward=[case.call()],
        returns=5,
        grads=(0, 1, 2, 3, 4),
        dout=case.dh,
        forward_exercise="exercise6",
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise14, random cases drawn from ``rng``."""
    n, t = int(rng.integers(2, 5)), int(rng.integers(4, 7))
    d, h = 3, int(rng.integers(4, 7))  # D != H
    square = int(rng.integers(3, 6))
    wide = _case(rng, n, t, d, h)
    return [
        _check(
            Msg(
                "rnn_backward on a fixed example (N=2, T=4, D=3, H=2)",
                "정해진 예제에서 rnn_backward (N=2, T=4, D=3, H=2)",
            ),
            _fixed_case(),
        ),
        _check(
            Msg(
                f"rnn_backward on random input (N={n}, T={t}, D={d}, H={h})",
                f"무작위 입력에서 rnn_backward (N={n}, T={t}, D={d}, H={h})",
            ),
            wide,
        ),
        _check(
            Msg(
                "rnn_backward with a single time step (T=1)",
                "시간 스텝이 하나인 rnn_backward (T=1)",
            ),
            _case(rng, n, 1, d, h),
        ),
        _check(
            Msg(
                f"rnn_backward with a single hidden unit (H=1, T={t})",
                f"은닉 유닛이 하나인 rnn_backward (H=1, T={t})",
            ),
            _case(rng, n, t, d, 1),
        ),
        _check(
            Msg(
                f"rnn_backward with N == T == D == H == {square}, where mix-ups still run",
                f"N == T == D == H == {square}인 rnn_backward (축이나 가중치를 헷갈려도 실행됨)",
            ),
            _case(rng, square, square, square, square),
        ),
        _numerical_check(_case(rng, 2, 3, 3, 2)),
        unmodified_check([wide.call()], "dstate = dh[:, t] + carry, not dh[:, t] += carry"),
    ]
