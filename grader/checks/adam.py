"""Checks for exercise3: one Adam update, as torch.optim.Adam.

The cases tell every classic mistake apart: t = 1 from zero moments (the bias correction at its
largest, and t - 1 divides by zero), a later t from given moments, a late t where the correction
has faded, gradients so tiny that where eps goes decides the step, every hyperparameter passed
with a value that is not its default, and steps in a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np

from bigpicture.grader.calls import Call, CallResult, FromCall
from bigpicture.grader.checks.common import Check, random_array, random_shape, unmodified_check
from bigpicture.grader.checks.optimizer import StepMistake, expect_step, fed_back, kept_defaults
from bigpicture.grader.i18n import Msg

FUNCTION = "adam_step"
DEFAULTS = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
STEPS = 3  # calls in a row that feed the learner's own moments back

NO_CORRECTION = Msg(
    "It looks like the bias correction is missing: divide m_next by (1 - beta1**t) and v_next "
    "by (1 - beta2**t) before the step.",
    "편향 보정이 빠진 것 같아요: 걸음을 옮기기 전에 m_next를 (1 - beta1**t)로, v_next를 "
    "(1 - beta2**t)로 나누세요.",
)
T_PLUS_ONE = Msg(
    "It looks like you bias-corrected with t + 1. t already counts from 1 (the caller "
    "increments it): use beta1**t and beta2**t.",
    "편향 보정에 t + 1을 쓴 것 같아요. t는 이미 1부터 세요 (호출한 쪽이 늘려 줘요): "
    "beta1**t와 beta2**t를 쓰세요.",
)
T_MINUS_ONE = Msg(
    "It looks like you bias-corrected with t - 1 (at t = 1 that divides by zero). t already "
    "counts from 1: use beta1**t and beta2**t.",
    "편향 보정에 t - 1을 쓴 것 같아요 (t = 1이면 0으로 나누게 돼요). t는 이미 1부터 세요: "
    "beta1**t와 beta2**t를 쓰세요.",
)
EPS_INSIDE = Msg(
    "It looks like eps went inside the square root. Add it after: np.sqrt(v_hat) + eps. "
    "When v is tiny or eps is large, that placement changes the step.",
    "eps를 제곱근 안에 넣은 것 같아요. 제곱근 다음에 더하세요: np.sqrt(v_hat) + eps. "
    "v가 아주 작거나 eps가 크면 eps의 위치에 따라 걸음 크기가 달라져요.",
)
CORRECTED_MOMENTS = Msg(
    "It looks like you returned the bias-corrected moments. Return the raw m_next and v_next "
    "(before dividing by 1 - beta**t): they are what the next call needs.",
    "편향 보정한 모멘트를 반환한 것 같아요. 보정하기 전의 m_next와 v_next(1 - beta**t로 "
    "나누기 전 값)를 반환하세요. 다음 호출에는 그 값이 필요해요.",
)
BETAS_SWAPPED = Msg(
    "It looks like beta1 and beta2 are swapped: beta1 decays m, the average of the gradient, "
    "and beta2 decays v, the average of its square.",
    "beta1과 beta2가 바뀐 것 같아요: beta1은 기울기의 평균 m을, beta2는 기울기 제곱의 평균 "
    "v를 감쇠해요.",
)
NO_SQRT = Msg(
    "It looks like the square root is missing: divide by np.sqrt(v_hat) + eps. v is an "
    "average of squared gradients, so its square root has the gradient's scale.",
    "제곱근이 빠진 것 같아요: np.sqrt(v_hat) + eps로 나누세요. v는 기울기 제곱의 평균이라서 "
    "제곱근을 씌워야 기울기와 같은 크기가 돼요.",
)
UPHILL = Msg(
    "It looks like the step goes uphill: w_next = w + lr * m_hat / (np.sqrt(v_hat) + eps). "
    "m_hat points up the loss; step against it: w_next = w - lr * ...",
    "걸음이 오르막으로 간 것 같아요: w_next = w + lr * m_hat / (np.sqrt(v_hat) + eps). "
    "m_hat은 손실이 커지는 쪽을 가리켜요. 그 반대로 가세요: w_next = w - lr * ...",
)
STALE_M = Msg(
    "It looks like the step used the old m instead of m_next. Bias-correct the new moment: "
    "m_hat = m_next / (1 - beta1**t).",
    "걸음에 m_next 대신 이전 m을 쓴 것 같아요. 새 모멘트를 보정하세요: "
    "m_hat = m_next / (1 - beta1**t).",
)
STALE_V = Msg(
    "It looks like the step used the old v instead of v_next. Bias-correct the new moment: "
    "v_hat = v_next / (1 - beta2**t).",
    "걸음에 v_next 대신 이전 v를 쓴 것 같아요. 새 모멘트를 보정하세요: "
    "v_hat = v_next / (1 - beta2**t).",
)
NOT_SQUARED = Msg(
    "It looks like v averages dw instead of dw**2: v_next = beta2 * v + (1 - beta2) * dw**2. "
    "(A negative v has no square root: that is where the nan comes from.)",
    "v에 dw**2 대신 dw를 평균한 것 같아요: v_next = beta2 * v + (1 - beta2) * dw**2. "
    "(v가 음수면 제곱근이 없어서 nan이 나와요.)",
)
V_NOT_CORRECTED = Msg(
    "It looks like only m was bias-corrected: divide v_next by (1 - beta2**t) too.",
    "m만 편향 보정한 것 같아요: v_next도 (1 - beta2**t)로 나누세요.",
)
WEIGHTS_FLIPPED = Msg(
    "It looks like the weights of the running averages are flipped: beta1 multiplies the old "
    "m, and (1 - beta1) the new dw: m_next = beta1 * m + (1 - beta1) * dw (v likewise, "
    "with beta2).",
    "이동 평균의 가중치가 뒤바뀐 것 같아요: beta1은 이전 m에, (1 - beta1)은 새 dw에 곱해요: "
    "m_next = beta1 * m + (1 - beta1) * dw (v도 beta2로 똑같이).",
)
MOMENTS_SWAPPED = Msg(
    "It looks like m_next and v_next are swapped: return (w_next, m_next, v_next), in that order.",
    "m_next와 v_next의 순서가 바뀐 것 같아요: (w_next, m_next, v_next) 순서로 반환하세요.",
)

TRACEBACK_HINTS = [
    (
        FUNCTION,
        r"unsupported operand type\(s\) for \^",
        Msg(
            "In Python ^ is bitwise XOR, not a power: write beta1**t.",
            "파이썬에서 ^는 거듭제곱이 아니라 비트 XOR 연산이에요: beta1**t처럼 쓰세요.",
        ),
    ),
    (
        FUNCTION,
        r"can be converted to Python scalars",
        Msg(
            "math.sqrt (like float()) takes one number, not an array: use np.sqrt, which works "
            "on every element.",
            "math.sqrt는 (float()처럼) 배열이 아니라 숫자 하나만 받아요: 모든 원소에 "
            "적용되는 np.sqrt를 쓰세요.",
        ),
    ),
]


@dataclass(frozen=True)
class AdamInputs:
    """One call's inputs, and the pieces of the right Adam step on them."""

    w: np.ndarray
    dw: np.ndarray
    m: np.ndarray
    v: np.ndarray
    t: int
    lr: float
    beta1: float
    beta2: float
    eps: float

    @cached_property
    def m_next(self) -> np.ndarray:
        return self.beta1 * self.m + (1 - self.beta1) * self.dw

    @cached_property
    def v_next(self) -> np.ndarray:
        return self.beta2 * self.v + (1 - self.beta2) * self.dw**2

    @property
    def m_hat(self) -> np.ndarray:
        return self.corrected(self.t)[0]

    @property
    def v_hat(self) -> np.ndarray:
        return self.corrected(self.t)[1]

    def corrected(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """m_next and v_next bias-corrected as for step ``t``."""
        return self.m_next / (1 - self.beta1**t), self.v_next / (1 - self.beta2**t)

    def step(self, m_hat: np.ndarray, v_hat: np.ndarray) -> np.ndarray:
        """w_next from the given corrected moments."""
        return self.w - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def from_moments(self, m_next: np.ndarray, v_next: np.ndarray) -> tuple[np.ndarray, ...]:
        """(w_next, m_next, v_next) when the raw moments are ``m_next`` and ``v_next``."""
        m_hat, v_hat = m_next / (1 - self.beta1**self.t), v_next / (1 - self.beta2**self.t)
        return self.step(m_hat, v_hat), m_next, v_next

    def returns(self) -> tuple[np.ndarray, ...]:
        """(w_next, m_next, v_next), done right."""
        return self.from_moments(self.m_next, self.v_next)


def _moments_right(w_next: Callable[[AdamInputs], np.ndarray]) -> Callable[[AdamInputs], tuple]:
    """A mistake in the step alone: the moments it returns are right."""
    return lambda s: (w_next(s), s.m_next, s.v_next)


#: Each classic mistake: what it returns, (w_next, m_next, v_next), on one call's inputs.
ADAM_MISTAKES: list[tuple[Callable[[AdamInputs], tuple], Msg]] = [
    (_moments_right(lambda s: s.step(s.m_next, s.v_next)), NO_CORRECTION),
    (_moments_right(lambda s: s.step(*s.corrected(s.t + 1))), T_PLUS_ONE),
    (_moments_right(lambda s: s.step(*s.corrected(s.t - 1))), T_MINUS_ONE),
    (_moments_right(lambda s: s.w - s.lr * s.m_hat / np.sqrt(s.v_hat + s.eps)), EPS_INSIDE),
    (_moments_right(lambda s: s.w - s.lr * s.m_hat / (s.v_hat + s.eps)), NO_SQRT),
    (_moments_right(lambda s: s.w + s.lr * s.m_hat / (np.sqrt(s.v_hat) + s.eps)), UPHILL),
    (_moments_right(lambda s: s.step(s.m / (1 - s.beta1**s.t), s.v_hat)), STALE_M),
    (_moments_right(lambda s: s.step(s.m_hat, s.v / (1 - s.beta2**s.t))), STALE_V),
    (_moments_right(lambda s: s.step(s.m_hat, s.v_next)), V_NOT_CORRECTED),
    (lambda s: (s.returns()[0], s.m_hat, s.v_hat), CORRECTED_MOMENTS),
    (lambda s: (s.returns()[0], s.v_next, s.m_next), MOMENTS_SWAPPED),
    (lambda s: replace(s, beta1=s.beta2, beta2=s.beta1).returns(), BETAS_SWAPPED),
    (lambda s: s.from_moments(s.m_next, s.beta2 * s.v + (1 - s.beta2) * s.dw), NOT_SQUARED),
    (
        lambda s: s.from_moments(
            (1 - s.beta1) * s.m + s.beta1 * s.dw, (1 - s.beta2) * s.v + s.beta2 * s.dw**2
        ),
        WEIGHTS_FLIPPED,
    ),
]


def _mistakes(s: AdamInputs, passed: dict[str, float]) -> list[StepMistake]:
    """The classic wrong steps on one call's inputs (``passed``: the hyperparameters the call
    passed, whose defaults a learner may have written as constants)."""
    # Some mistakes divide by zero or take the root of a negative, as the learner's code does.
    with np.errstate(divide="ignore", invalid="ignore"):
        found = [StepMistake(mistake(s), msg) for mistake, msg in ADAM_MISTAKES]
        found += kept_defaults(passed, DEFAULTS, lambda kept: replace(s, **kept).returns())
    return found


def _judge_step(
    result: CallResult,
    w: np.ndarray,
    dw: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    passed: dict[str, float],
) -> None:
    """Judges one call (``passed``: the hyperparameters it passed) against the engine."""
    from bigpicture.grader import engine

    hyper = {**DEFAULTS, **passed}
    expected = engine.adam_step(w, dw, m, v, t, **hyper)
    expect_step(
        result,
        FUNCTION,
        dict(zip(("w_next", "m_next", "v_next"), expected, strict=True)),
        lambda: _mistakes(AdamInputs(w, dw, m, v, t, **hyper), passed),
        w,
    )


#: Judges one call of an Adam-like step: its result, w, dw, m, v, t, and the hyperparameters
#: the call passed.
StepJudge = Callable[
    [CallResult, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int, dict[str, float]], None
]


@dataclass(frozen=True)
class AdamLike:
    """A step called as Adam is, (w, dw, m, v, t, hyperparameters), and its judge: Adam here,
    AdamW in exercise11, which share every case."""

    function: str
    judge: StepJudge

    def step_check(
        self,
        name: Msg,
        w: np.ndarray,
        dw: np.ndarray,
        m: np.ndarray,
        v: np.ndarray,
        t: int,
        **hyper: float,
    ) -> Check:
        """One call; only the hyperparameters given here are passed, by keyword."""
        call = Call(self.function, {"w": w, "dw": dw, "m": m, "v": v, "t": t}, hyper)
        return Check(name, [call], lambda results: self.judge(results[0], w, dw, m, v, t, hyper))

    def chain_check(self, rng: np.random.Generator) -> Check:
        """STEPS calls from zero moments, each fed the w, m, v the call before returned."""
        shape = random_shape(rng)
        w = random_array(rng, shape)
        grads = [random_array(rng, shape) for _ in range(STEPS)]
        hyper = {"lr": float(rng.uniform(0.01, 0.1))}
        first = {"w": w, "dw": grads[0], "m": 0 * w, "v": 0 * w, "t": 1}
        calls = [Call(self.function, first, hyper)]
        for step in range(1, STEPS):
            fed = {name: FromCall(step - 1, item) for item, name in enumerate(("w", "m", "v"))}
            args = {"w": fed["w"], "dw": grads[step], "m": fed["m"], "v": fed["v"], "t": step + 1}
            calls.append(Call(self.function, args, hyper))

        def judge(results: list[CallResult]) -> None:
            w_now, m, v = w, 0 * w, 0 * w
            for t, (dw, result) in enumerate(zip(grads, results, strict=True), start=1):
                if t > 1:
                    w_now, m, v = fed_back(results[t - 2])
                self.judge(result, w_now, dw, m, v, t, hyper)

        return Check(
            Msg(
                f"{STEPS} steps in a row (t = 1, 2, 3), each fed the w, m, v your previous step "
                "returned",
                f"{STEPS}번 연속 호출 (t = 1, 2, 3), 매번 직전 호출이 반환한 w, m, v를 넣음",
            ),
            calls,
            judge,
        )

    def checks(
        self,
        rng: np.random.Generator,
        more: Callable[[np.random.Generator], dict[str, float]] = lambda rng: {},
    ) -> list[Check]:
        """Adam's cases, drawn from ``rng`` (``more``: the hyperparameters beyond Adam's that
        the case passing every one of them draws)."""
        shape = random_shape(rng)

        def moments(scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
            """m and v as a few steps of gradients of about ``scale`` leave them."""
            return random_array(rng, shape, 0.1 * scale), rng.uniform(0.01, 1.0, shape) * scale**2

        later = int(rng.integers(5, 51))
        late = int(rng.integers(10_000, 1_000_000))
        tiny_t = int(rng.integers(1, 4))
        w, dw = random_array(rng, shape), random_array(rng, shape)
        m, v = moments()
        first = (random_array(rng, shape), random_array(rng, shape))
        later_step = (random_array(rng, shape), random_array(rng, shape), *moments(), later)
        later_lr = float(rng.uniform(0.01, 0.1))
        late_step = (random_array(rng, shape), random_array(rng, shape), *moments(), late)
        tiny = (random_array(rng, shape), random_array(rng, shape, 1e-10), *moments(1e-10))
        every_step = (
            random_array(rng, shape),
            random_array(rng, shape),
            *moments(),
            int(rng.integers(2, 10)),
        )
        # Any: mypy cannot match the keys of a dict with the keywords they fill.
        every: dict[str, Any] = {
            "lr": float(rng.uniform(0.01, 0.1)),
            "beta1": float(rng.uniform(0.5, 0.85)),
            "beta2": float(rng.uniform(0.9, 0.99)),
            "eps": float(rng.uniform(1e-3, 1e-1)),
        }
        every |= more(rng)
        names = ", ".join(every)
        return [
            self.step_check(
                Msg(
                    f"first step (t = 1) on shape {shape}, default hyperparameters",
                    f"shape {shape}에서 첫 걸음 (t = 1), 하이퍼파라미터는 기본값",
                ),
                *first,
                np.zeros(shape),
                np.zeros(shape),
                1,
            ),
            self.step_check(
                Msg(
                    f"a later step (t = {later}) from given moments m and v, lr by keyword",
                    f"주어진 모멘트 m, v에서 나중 걸음 (t = {later}), lr은 키워드로",
                ),
                *later_step,
                lr=later_lr,
            ),
            self.step_check(
                Msg(
                    f"a late step (t = {late}): the bias correction has faded",
                    f"아주 나중 걸음 (t = {late}): 편향 보정이 거의 사라짐",
                ),
                *late_step,
            ),
            self.step_check(
                Msg(
                    f"tiny gradients and moments (about 1e-10) at t = {tiny_t}: where eps is "
                    "added matters",
                    f"아주 작은 기울기와 모멘트 (약 1e-10), t = {tiny_t}: eps를 더하는 위치가 "
                    "중요함",
                ),
                *tiny,
                tiny_t,
            ),
            self.step_check(
                Msg(
                    f"every hyperparameter by keyword ({names}), none the default",
                    f"모든 하이퍼파라미터({names})를 기본값이 아닌 값의 키워드로",
                ),
                *every_step,
                **every,
            ),
            self.chain_check(rng),
            unmodified_check(
                [Call(self.function, {"w": w, "dw": dw, "m": m, "v": v, "t": 3})],
                "m_next = beta1 * m + (1 - beta1) * dw, not m *= beta1",
            ),
        ]


ADAM = AdamLike(FUNCTION, _judge_step)


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise3, random cases drawn from ``rng``."""
    return ADAM.checks(rng)
