"""Checks for exercise10: the optimizer family tree, one step each of Nesterov momentum, AdaGrad
and RMSProp, as torch.optim.

The cases tell every classic mistake apart: a first step (no velocity, a state of zeros, where
forgetting to accumulate looks right and updating the state after the step divides by eps alone),
a step from a given state (random, positive, far from this gradient's square), tiny gradients and
states where where eps goes decides the step, every hyperparameter passed with a value that is
not its default, and steps in a row that feed the learner's own results back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np

from bigpicture.grader.calls import Call, CallResult, FromCall
from bigpicture.grader.checks.common import Check, random_array, random_shape, unmodified_check
from bigpicture.grader.checks.optimizer import (
    StepMistake,
    expect_step,
    fed_back,
    kept_defaults,
    math_sqrt_hint,
    velocity_hints,
)
from bigpicture.grader.i18n import Msg

NESTEROV, ADAGRAD, RMSPROP = "nesterov_step", "adagrad_step", "rmsprop_step"
STEPS = 3  # calls in a row that feed the learner's own results back
ADAGRAD_DEFAULTS = {"lr": 1e-2, "eps": 1e-10}
RMSPROP_DEFAULTS = {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8}

# -- Nesterov ---------------------------------------------------------------------------------

PLAIN_MOMENTUM = Msg(
    "It looks like this is plain momentum: w_next = w - lr * velocity_next. Nesterov looks "
    "ahead along the new velocity: w_next = w - lr * (dw + momentum * velocity_next).",
    "기본 모멘텀인 것 같아요: w_next = w - lr * velocity_next. 네스테로프는 새 속도 방향으로 "
    "미리 내다봐요: w_next = w - lr * (dw + momentum * velocity_next).",
)
CS231N_NESTEROV = Msg(
    "This is CS231n's form of Nesterov (v = momentum * v - lr * dw; w += -momentum * v_prev + "
    "(1 + momentum) * v), a different convention from this course's. Use PyTorch's: "
    "v = momentum * v + dw, then w = w - lr * (dw + momentum * v).",
    "이건 CS231n 방식의 네스테로프(v = momentum * v - lr * dw; w += -momentum * v_prev + "
    "(1 + momentum) * v)예요. 이 과정의 방식과 달라요. PyTorch 방식을 쓰세요: "
    "v = momentum * v + dw, 그다음 w = w - lr * (dw + momentum * v).",
)
SUTSKEVER = Msg(
    "This is Sutskever's form of Nesterov (v = momentum * v - lr * dw with the gradient taken at "
    "the look-ahead point; w = w + v), a different convention from this course's. Here dw is "
    "taken at w: v = momentum * v + dw, then w = w - lr * (dw + momentum * v).",
    "이건 Sutskever 방식의 네스테로프(내다본 지점의 기울기로 v = momentum * v - lr * dw; "
    "w = w + v)예요. 이 과정의 방식과 달라요. 여기서 dw는 w에서 구한 기울기예요: "
    "v = momentum * v + dw, 그다음 w = w - lr * (dw + momentum * v).",
)
NESTEROV_LR_INSIDE = Msg(
    "It looks like lr went inside the velocity: velocity_next = momentum * velocity + lr * dw. "
    "In PyTorch's convention the velocity holds gradients only: velocity_next = momentum * "
    "velocity + dw, and lr scales the whole step: w_next = w - lr * (dw + momentum * "
    "velocity_next).",
    "학습률을 속도 안에 넣은 것 같아요: velocity_next = momentum * velocity + lr * dw. "
    "PyTorch 방식에서 속도에는 기울기만 쌓여요: velocity_next = momentum * velocity + dw, "
    "그리고 학습률은 걸음 전체에 곱해요: w_next = w - lr * (dw + momentum * velocity_next).",
)
NO_MOMENTUM_AHEAD = Msg(
    "It looks like the look-ahead lost its momentum factor: w_next = w - lr * (dw + "
    "velocity_next). Look ahead by momentum times the new velocity: w_next = w - lr * (dw + "
    "momentum * velocity_next).",
    "내다보는 항에서 momentum을 빠뜨린 것 같아요: w_next = w - lr * (dw + velocity_next). "
    "새 속도에 momentum을 곱한 만큼 내다보세요: w_next = w - lr * (dw + momentum * "
    "velocity_next).",
)
NESTEROV_UPHILL = Msg(
    "It looks like the step goes uphill: w_next = w + lr * (dw + momentum * velocity_next). "
    "Step against the gradient: w_next = w - lr * (...).",
    "걸음이 오르막으로 간 것 같아요: w_next = w + lr * (dw + momentum * velocity_next). "
    "기울기 반대쪽으로 가세요: w_next = w - lr * (...).",
)
NESTEROV_SWAPPED = Msg(
    "It looks like the two results are swapped: return (w_next, velocity_next), in that order.",
    "두 결과의 순서가 바뀐 것 같아요: (w_next, velocity_next) 순서로 반환하세요.",
)

# -- AdaGrad ----------------------------------------------------------------------------------

NOT_ACCUMULATED = Msg(
    "It looks like state_sum does not accumulate: state_sum_next is just dw**2 (RMSProp with "
    "alpha 0). AdaGrad adds every square to the sum: state_sum_next = state_sum + dw**2.",
    "state_sum이 쌓이지 않는 것 같아요: state_sum_next가 그냥 dw**2예요 (alpha가 0인 "
    "RMSProp). AdaGrad는 제곱을 모두 합에 더해요: state_sum_next = state_sum + dw**2.",
)
ABS_SUM = Msg(
    "It looks like state_sum adds abs(dw) instead of dw**2. AdaGrad sums squares: "
    "state_sum_next = state_sum + dw**2 (its square root then has the gradient's scale).",
    "state_sum에 dw**2 대신 abs(dw)를 더한 것 같아요. AdaGrad는 제곱을 더해요: "
    "state_sum_next = state_sum + dw**2 (그래야 제곱근이 기울기와 같은 크기가 돼요).",
)
ADAGRAD_RETURNS_OLD = Msg(
    "It looks like the old state_sum was returned. Return the new sum, state_sum + dw**2: "
    "it is what the next call needs.",
    "이전 state_sum을 반환한 것 같아요. 새 합 state_sum + dw**2를 반환하세요. 다음 호출에는 "
    "그 값이 필요해요.",
)
ADAGRAD_STALE = Msg(
    "It looks like the step divided by the old state_sum: add dw**2 to the sum first, then "
    "step with the new one (on the first step the old sum is 0, and the step is lr * dw / eps).",
    "걸음이 이전 state_sum으로 나눈 것 같아요: 먼저 dw**2를 합에 더하고, 새 합으로 걸음을 "
    "옮기세요 (첫 걸음에서 이전 합은 0이라 걸음이 lr * dw / eps가 돼요).",
)
ADAGRAD_SWAPPED = Msg(
    "It looks like the two results are swapped: return (w_next, state_sum_next), in that order.",
    "두 결과의 순서가 바뀐 것 같아요: (w_next, state_sum_next) 순서로 반환하세요.",
)

# -- RMSProp ----------------------------------------------------------------------------------

ALPHA_SWAPPED = Msg(
    "It looks like alpha and 1 - alpha are swapped: alpha keeps the old average and (1 - alpha) "
    "weighs the new square: square_avg_next = alpha * square_avg + (1 - alpha) * dw**2.",
    "alpha와 1 - alpha가 바뀐 것 같아요: alpha는 이전 평균에, (1 - alpha)는 새 제곱에 곱해요: "
    "square_avg_next = alpha * square_avg + (1 - alpha) * dw**2.",
)
RMSPROP_RETURNS_OLD = Msg(
    "It looks like the old square_avg was returned. Return the new average: it is what the "
    "next call needs.",
    "이전 square_avg를 반환한 것 같아요. 새 평균을 반환하세요. 다음 호출에는 그 값이 필요해요.",
)
BIAS_CORRECTED = Msg(
    "It looks like square_avg was bias-corrected, as Adam does (divided by 1 - alpha). "
    "RMSProp has no bias correction: divide dw by np.sqrt(square_avg_next) + eps.",
    "Adam처럼 square_avg의 편향을 보정한 것 같아요 (1 - alpha로 나눔). RMSProp에는 편향 "
    "보정이 없어요: dw를 np.sqrt(square_avg_next) + eps로 나누세요.",
)
NO_ONE_MINUS = Msg(
    "It looks like the new square is added whole: square_avg_next = alpha * square_avg + dw**2. "
    "A moving average weighs it by (1 - alpha): alpha * square_avg + (1 - alpha) * dw**2.",
    "새 제곱을 통째로 더한 것 같아요: square_avg_next = alpha * square_avg + dw**2. 이동 "
    "평균에서는 (1 - alpha)를 곱해요: alpha * square_avg + (1 - alpha) * dw**2.",
)
ADAGRAD_IN_RMSPROP = Msg(
    "It looks like this is AdaGrad's sum: square_avg_next = square_avg + dw**2. RMSProp keeps "
    "a moving average that forgets: alpha * square_avg + (1 - alpha) * dw**2.",
    "AdaGrad의 합인 것 같아요: square_avg_next = square_avg + dw**2. RMSProp은 옛 값을 잊는 "
    "이동 평균을 써요: alpha * square_avg + (1 - alpha) * dw**2.",
)
RMSPROP_NOT_SQUARED = Msg(
    "It looks like square_avg averages dw instead of dw**2: square_avg_next = alpha * "
    "square_avg + (1 - alpha) * dw**2. (A negative average has no square root: that is where "
    "the nan comes from.)",
    "square_avg에 dw**2 대신 dw를 평균한 것 같아요: square_avg_next = alpha * square_avg + "
    "(1 - alpha) * dw**2. (평균이 음수면 제곱근이 없어서 nan이 나와요.)",
)
RMSPROP_STALE = Msg(
    "It looks like the step divided by the old square_avg: update the average first, then step "
    "with the new one (on the first step the old average is 0, and the step is lr * dw / eps).",
    "걸음이 이전 square_avg로 나눈 것 같아요: 먼저 평균을 갱신하고, 새 평균으로 걸음을 "
    "옮기세요 (첫 걸음에서 이전 평균은 0이라 걸음이 lr * dw / eps가 돼요).",
)
RMSPROP_SWAPPED = Msg(
    "It looks like the two results are swapped: return (w_next, square_avg_next), in that order.",
    "두 결과의 순서가 바뀐 것 같아요: (w_next, square_avg_next) 순서로 반환하세요.",
)

# -- both adaptive steps ----------------------------------------------------------------------


def _eps_inside(state: str) -> Msg:
    return Msg(
        f"It looks like eps went inside the square root. Add it after: np.sqrt({state}_next) + "
        "eps. When the state is tiny or eps is large, that placement changes the step.",
        f"eps를 제곱근 안에 넣은 것 같아요. 제곱근 다음에 더하세요: np.sqrt({state}_next) + eps. "
        "상태 값이 아주 작거나 eps가 크면 eps의 위치에 따라 걸음 크기가 달라져요.",
    )


def _no_sqrt(state: str) -> Msg:
    return Msg(
        f"It looks like the square root is missing: divide by np.sqrt({state}_next) + eps. The "
        "state holds squared gradients, so its square root has the gradient's scale.",
        f"제곱근이 빠진 것 같아요: np.sqrt({state}_next) + eps로 나누세요. 상태에는 기울기의 "
        "제곱이 쌓여서, 제곱근을 씌워야 기울기와 같은 크기가 돼요.",
    )


def _uphill(state: str) -> Msg:
    return Msg(
        f"It looks like the step goes uphill: w_next = w + lr * dw / (np.sqrt({state}_next) + "
        "eps). Step against the gradient: w_next = w - lr * ...",
        f"걸음이 오르막으로 간 것 같아요: w_next = w + lr * dw / (np.sqrt({state}_next) + eps). "
        "기울기 반대쪽으로 가세요: w_next = w - lr * ...",
    )


TRACEBACK_HINTS = [
    *velocity_hints(NESTEROV),
    math_sqrt_hint("*"),
]


@dataclass(frozen=True)
class _Adaptive:
    """One call's inputs of AdaGrad or RMSProp (``alpha`` None for AdaGrad), and its step."""

    w: np.ndarray
    dw: np.ndarray
    state: np.ndarray
    lr: float
    eps: float
    alpha: float | None = None

    def average(self, old: np.ndarray, new: np.ndarray) -> np.ndarray:
        """The state after adding ``new`` (a square) to ``old``: AdaGrad's sum or RMSProp's
        moving average."""
        return old + new if self.alpha is None else self.alpha * old + (1 - self.alpha) * new

    @property
    def state_next(self) -> np.ndarray:
        return self.average(self.state, self.dw**2)

    def step(self, state: np.ndarray) -> np.ndarray:
        """w_next when the step divides by the root of ``state``."""
        return self.w - self.lr * self.dw / (np.sqrt(state) + self.eps)

    def with_state(self, state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(w_next, state_next) when the new state is ``state``."""
        return self.step(state), state

    def returns(self) -> tuple[np.ndarray, np.ndarray]:
        """(w_next, state_next), done right."""
        return self.with_state(self.state_next)


def _state_right(w_next: Callable[[_Adaptive], np.ndarray]) -> Callable[[_Adaptive], tuple]:
    """A mistake in the step alone: the state it returns is right."""
    return lambda s: (w_next(s), s.state_next)


#: The mistakes AdaGrad and RMSProp share, each: what it returns on one call's inputs.
_SHARED: list[tuple[Callable[[_Adaptive], tuple], Callable[[str], Msg]]] = [
    (_state_right(lambda s: s.w - s.lr * s.dw / np.sqrt(s.state_next + s.eps)), _eps_inside),
    (_state_right(lambda s: s.w - s.lr * s.dw / (s.state_next + s.eps)), _no_sqrt),
    (_state_right(lambda s: 2 * s.w - s.step(s.state_next)), _uphill),
]

_ADAGRAD: list[tuple[Callable[[_Adaptive], tuple], Msg]] = [
    (lambda s: s.with_state(s.dw**2), NOT_ACCUMULATED),
    (lambda s: s.with_state(s.state + np.abs(s.dw)), ABS_SUM),
    (lambda s: (s.step(s.state_next), s.state), ADAGRAD_RETURNS_OLD),
    (_state_right(lambda s: s.step(s.state)), ADAGRAD_STALE),
    (lambda s: s.returns()[::-1], ADAGRAD_SWAPPED),
]

_RMSPROP: list[tuple[Callable[[_Adaptive], tuple], Msg]] = [
    (lambda s: replace(s, alpha=1 - (s.alpha or 0.0)).returns(), ALPHA_SWAPPED),
    (lambda s: (s.step(s.state_next), s.state), RMSPROP_RETURNS_OLD),
    (_state_right(lambda s: s.step(s.state_next / (1 - (s.alpha or 0.0)))), BIAS_CORRECTED),
    (lambda s: s.with_state((s.alpha or 0.0) * s.state + s.dw**2), NO_ONE_MINUS),
    (lambda s: s.with_state(s.state + s.dw**2), ADAGRAD_IN_RMSPROP),
    (lambda s: s.with_state(s.average(s.state, s.dw)), RMSPROP_NOT_SQUARED),
    (_state_right(lambda s: s.step(s.state)), RMSPROP_STALE),
    (lambda s: s.returns()[::-1], RMSPROP_SWAPPED),
]


def _adaptive_mistakes(s: _Adaptive, passed: dict[str, float]) -> list[StepMistake]:
    """The classic wrong AdaGrad (``s.alpha`` None) or RMSProp steps on one call's inputs
    (``passed``: the hyperparameters the call passed, whose defaults a learner may have written
    as constants)."""
    rmsprop = s.alpha is not None
    state = "square_avg" if rmsprop else "state_sum"
    own = _RMSPROP if rmsprop else _ADAGRAD
    defaults = RMSPROP_DEFAULTS if rmsprop else ADAGRAD_DEFAULTS
    # Some mistakes divide by zero or take the root of a negative, as the learner's code does.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        found = [StepMistake(mistake(s), msg(state)) for mistake, msg in _SHARED]
        found += [StepMistake(mistake(s), msg) for mistake, msg in own]
        found += kept_defaults(passed, defaults, lambda kept: replace(s, **kept).returns())
    return found


# -- judging ----------------------------------------------------------------------------------


def _nesterov_mistakes(
    w: np.ndarray, dw: np.ndarray, lr: float, momentum: float, velocity: np.ndarray | None
) -> list[StepMistake]:
    """The classic wrong Nesterov steps on one call's inputs, each as (w_next, velocity_next)."""
    velocity = np.zeros_like(w) if velocity is None else velocity
    right = momentum * velocity + dw
    w_right = w - lr * (dw + momentum * right)
    cs231n = momentum * velocity - lr * dw
    lr_inside = momentum * velocity + lr * dw
    return [
        StepMistake((w - lr * right, right), PLAIN_MOMENTUM),
        StepMistake((w - momentum * velocity + (1 + momentum) * cs231n, cs231n), CS231N_NESTEROV),
        StepMistake((w + cs231n, cs231n), SUTSKEVER),
        StepMistake((w - (lr * dw + momentum * lr_inside), lr_inside), NESTEROV_LR_INSIDE),
        StepMistake((w - lr * (dw + right), right), NO_MOMENTUM_AHEAD),
        StepMistake((2 * w - w_right, right), NESTEROV_UPHILL),
        StepMistake((right, w_right), NESTEROV_SWAPPED),
    ]


#: Each function's judge: (its call's result, w, dw, state, hyperparameters as passed).
Judge = Callable[[CallResult, np.ndarray, np.ndarray, Any, dict[str, float]], None]


def _judge_nesterov(
    result: CallResult,
    w: np.ndarray,
    dw: np.ndarray,
    velocity: np.ndarray | None,
    hyper: dict[str, float],
) -> None:
    from bigpicture.grader import engine

    lr, momentum = hyper["lr"], hyper["momentum"]
    w_next, v_next = engine.nesterov_step(w, dw, lr, momentum, velocity)
    expect_step(
        result,
        NESTEROV,
        {"w_next": w_next, "velocity_next": v_next},
        lambda: _nesterov_mistakes(w, dw, lr, momentum, velocity),
        w,
    )


def _judge_adaptive(
    function: str,
    result: CallResult,
    w: np.ndarray,
    dw: np.ndarray,
    state: np.ndarray,
    hyper: dict[str, float],
) -> None:
    """Judges one call of AdaGrad or RMSProp (``hyper``: the hyperparameters it passed)."""
    from bigpicture.grader import engine

    rmsprop = function == RMSPROP
    full = {**(RMSPROP_DEFAULTS if rmsprop else ADAGRAD_DEFAULTS), **hyper}
    step = engine.rmsprop_step if rmsprop else engine.adagrad_step
    w_next, state_next = step(w, dw, state, **full)
    expect_step(
        result,
        function,
        {"w_next": w_next, f"{FUNCTIONS[function].state}_next": state_next},
        lambda: _adaptive_mistakes(_Adaptive(w, dw, state, **full), hyper),
        w,
    )


@dataclass(frozen=True)
class _Function:
    """One of the exercise's functions: how it is called and judged."""

    name: str
    state: str  # the name of its state argument
    positional: tuple[str, ...]  # hyperparameters passed by position (lr, momentum for NAG)
    judge: Judge

    def call(self, w: object, dw: object, state: object, hyper: dict[str, float]) -> Call:
        """A call with ``hyper`` (the positional ones first); a None state is left out."""
        args = {"w": w, "dw": dw}
        kwargs: dict[str, object] = {}
        if self.positional:
            args |= {name: hyper[name] for name in self.positional}
            if state is not None:
                kwargs[self.state] = state
        else:
            args[self.state] = state
        kwargs |= {name: value for name, value in hyper.items() if name not in self.positional}
        return Call(self.name, args, kwargs)


FUNCTIONS = {
    NESTEROV: _Function(NESTEROV, "velocity", ("lr", "momentum"), _judge_nesterov),
    ADAGRAD: _Function(ADAGRAD, "state_sum", (), partial(_judge_adaptive, ADAGRAD)),
    RMSPROP: _Function(RMSPROP, "square_avg", (), partial(_judge_adaptive, RMSPROP)),
}


def _step_check(
    name: Msg,
    function: str,
    w: np.ndarray,
    dw: np.ndarray,
    state: np.ndarray | None,
    /,
    **hyper: float,
) -> Check:
    """One call of ``function``, the hyperparameters ``hyper`` by keyword (lr and momentum by
    position for Nesterov)."""
    spec = FUNCTIONS[function]
    return Check(
        name,
        [spec.call(w, dw, state, hyper)],
        lambda results: spec.judge(results[0], w, dw, state, hyper),
    )


def _chain_check(
    function: str, w: np.ndarray, grads: list[np.ndarray], start: np.ndarray | None, **hyper: float
) -> Check:
    """``function`` called len(grads) times, each fed the w and state the previous call
    returned."""
    spec = FUNCTIONS[function]
    calls = [spec.call(w, grads[0], start, hyper)]
    calls += [
        spec.call(FromCall(step - 1, 0), dw, FromCall(step - 1, 1), hyper)
        for step, dw in enumerate(grads[1:], start=1)
    ]

    def judge(results: list[CallResult]) -> None:
        w_now, state = w, start
        for step, (dw, result) in enumerate(zip(grads, results, strict=True)):
            if step:
                w_now, state = fed_back(results[step - 1])
            spec.judge(result, w_now, dw, state, hyper)

    return Check(
        Msg(
            f"{function}: {len(grads)} steps in a row, each fed the w and {spec.state} your "
            "previous step returned",
            f"{function}: {len(grads)}번 연속 호출, 매번 직전 호출이 반환한 w와 {spec.state}를 "
            "넣음",
        ),
        calls,
        judge,
    )


def _nesterov_checks(rng: np.random.Generator) -> list[Check]:
    lr, momentum = float(rng.uniform(0.05, 0.5)), float(rng.uniform(0.5, 0.95))
    # Two different sides: np.zeros(len(w)) cannot broadcast into these weights.
    rectangle = tuple(int(n) for n in rng.choice(np.arange(2, 8), size=2, replace=False))
    given = random_shape(rng, 3)
    return [
        _step_check(
            Msg(
                f"{NESTEROV}: first step (velocity left out) on shape {rectangle}",
                f"{NESTEROV}: shape {rectangle}에서 첫 걸음 (velocity 없이)",
            ),
            NESTEROV,
            random_array(rng, rectangle),
            random_array(rng, rectangle),
            None,
            lr=lr,
            momentum=momentum,
        ),
        _step_check(
            Msg(
                f"{NESTEROV}: a step from a given velocity (3-D weights)",
                f"{NESTEROV}: 주어진 velocity에서 시작하는 한 걸음 (3차원 가중치)",
            ),
            NESTEROV,
            *(random_array(rng, given) for _ in range(3)),
            lr=lr,
            momentum=momentum,
        ),
        _chain_check(
            NESTEROV,
            random_array(rng, rectangle),
            [random_array(rng, rectangle) for _ in range(STEPS)],
            None,
            lr=lr,
            momentum=momentum,
        ),
    ]


def _adaptive_checks(rng: np.random.Generator, function: str) -> list[Check]:
    """AdaGrad's or RMSProp's checks: their calls differ only in the name of the state and in
    RMSProp's alpha."""
    rmsprop = function == RMSPROP
    state = FUNCTIONS[function].state
    shape = random_shape(rng)

    def arrays(scale: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """w, dw and a state as a few steps of gradients of about ``scale`` leave it."""
        steps = int(rng.integers(2, 20))
        accumulated = rng.uniform(0.1, 1.0, shape) * scale**2 * (1 if rmsprop else steps)
        return random_array(rng, shape), random_array(rng, shape, scale), accumulated

    every = {"lr": float(rng.uniform(0.05, 0.5)), "eps": float(rng.uniform(1e-3, 1e-1))}
    if rmsprop:
        every["alpha"] = float(rng.uniform(0.8, 0.95))
    return [
        _step_check(
            Msg(
                f"{function}: first step ({state} of zeros) on shape {shape}, default "
                "hyperparameters",
                f"{function}: shape {shape}에서 첫 걸음 ({state}는 0), 하이퍼파라미터는 기본값",
            ),
            function,
            random_array(rng, shape),
            random_array(rng, shape),
            np.zeros(shape),
        ),
        _step_check(
            Msg(
                f"{function}: a step from a given {state}, lr by keyword",
                f"{function}: 주어진 {state}에서 시작하는 한 걸음, lr은 키워드로",
            ),
            function,
            *arrays(),
            lr=float(rng.uniform(0.05, 0.5)),
        ),
        _step_check(
            Msg(
                f"{function}: tiny gradients and {state} (about 1e-10): where eps is added matters",
                f"{function}: 아주 작은 기울기와 {state} (약 1e-10): eps를 더하는 위치가 중요함",
            ),
            function,
            *arrays(1e-10),
        ),
        _step_check(
            Msg(
                f"{function}: every hyperparameter by keyword ({', '.join(every)}), none the "
                "default",
                f"{function}: 모든 하이퍼파라미터({', '.join(every)})를 기본값이 아닌 값의 "
                "키워드로",
            ),
            function,
            *arrays(),
            **every,
        ),
        _chain_check(
            function,
            random_array(rng, shape),
            [random_array(rng, shape) for _ in range(STEPS)],
            np.zeros(shape),
            lr=float(rng.uniform(0.05, 0.5)),
        ),
    ]


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise10, random cases drawn from ``rng``."""
    shape = (4, 5)
    untouched = [random_array(rng, shape) for _ in range(3)]
    w, dw, state = untouched[0], untouched[1], np.abs(untouched[2])
    return [
        *_nesterov_checks(rng),
        *_adaptive_checks(rng, ADAGRAD),
        *_adaptive_checks(rng, RMSPROP),
        unmodified_check(
            [
                FUNCTIONS[NESTEROV].call(w, dw, untouched[2], {"lr": 0.1, "momentum": 0.9}),
                FUNCTIONS[ADAGRAD].call(w, dw, state, {}),
                FUNCTIONS[RMSPROP].call(w, dw, state, {}),
            ],
            "state_next = state + dw**2, not state += dw**2",
        ),
    ]
