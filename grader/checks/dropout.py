"""Checks for exercise4: inverted dropout, forward and backward.

The mask is random, so the forward pass is judged against the learner's own mask, and the
randomness itself by statistics and by seeds.
"""

from __future__ import annotations

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call, FromCall, Rng
from bigpicture.grader.checks.common import (
    Check,
    Fail,
    Mistake,
    array_output,
    expect_close,
    expect_shape,
    numerical_gradient,
    numerical_gradient_calls,
    random_array,
    unmodified_check,
)
from bigpicture.grader.i18n import Msg

FORWARD, BACKWARD = "dropout_forward", "dropout_backward"
STATS_SHAPE = (250, 400)  # 100,000 values: the keep rate is known to about 0.15%
SIGMAS = 5.0  # how far the keep rate may stray by chance; a false alarm is ~1 in 2 million

NO_RESCALE = Msg(
    "It looks like the kept values were not scaled up: divide by (1 - p), so that the "
    "expected value of the output equals the input (inverted dropout).",
    "남긴 값을 키우지 않은 것 같아요: (1 - p)로 나눠서 출력의 기댓값이 입력과 같게 하세요 "
    "(inverted dropout).",
)
KEEP_PROBABILITY = Msg(
    "It looks like p was read as the probability of keeping. Here, as in PyTorch, p is the "
    "probability of DROPPING: keep where rng.random(x.shape) >= p and scale by 1 / (1 - p).",
    "p를 '남길 확률'로 읽은 것 같아요. 여기서 p는 PyTorch처럼 '버릴 확률'이에요: "
    "rng.random(x.shape) >= p인 곳을 남기고 1 / (1 - p)배 하세요.",
)

GLOBAL_RANDOM = Msg(
    "Calls with the same rng seed gave different masks (the global np.random seed differed). "
    "Draw the mask from the rng argument, rng.random(x.shape), never from np.random.",
    "같은 rng 시드로 호출했는데 mask가 달랐어요 (전역 np.random 시드는 달랐어요). mask는 "
    "np.random이 아니라 인자로 받은 rng에서 rng.random(x.shape)로 뽑으세요.",
)


def _forward_outputs(result, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The learner's (out, mask), after checking that mask is a bool array of x's shape."""
    out = array_output(result, FORWARD, 0, 2, "out")
    mask = array_output(result, FORWARD, 1, 2, "mask")
    expect_shape(mask, shape, FORWARD, "mask")
    if mask.dtype != np.bool_:
        raise Fail(
            Msg(
                f"{FORWARD}: mask has dtype {mask.dtype}; it must be a bool array (True = kept). "
                "rng.random(x.shape) >= p is already bool (do not .astype() it); an all-True "
                "mask is np.ones(x.shape, dtype=bool).",
                f"{FORWARD}: mask의 dtype이 {mask.dtype}인데, bool 배열(True = 남김)이어야 "
                "해요. rng.random(x.shape) >= p는 이미 bool이에요 (.astype()으로 바꾸지 마세요). "
                "전부 True인 mask는 np.ones(x.shape, dtype=bool)이에요.",
            )
        )
    return out, mask


def _expect_scaled(values, mask, p: float, got, function: str, label: str) -> None:
    """Fails unless ``got == values * mask / (1 - p)``: the backward pass with ``values`` as dout,
    and equally the forward pass with the learner's own mask."""
    from bigpicture.grader import engine

    mistakes = [Mistake(values * mask, NO_RESCALE), Mistake(values * mask / p, KEEP_PROBABILITY)]
    expect_close(engine.dropout_backward(values, mask, p), got, function, label, mistakes)


def _forward_call(
    x: np.ndarray, p: float, train: bool, seed: int, reseed_global: int | None = None
) -> Call:
    args = {"x": x, "p": p, "train": train, "rng": Rng(seed)}
    return Call(FORWARD, args, reseed_global=reseed_global)


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(2**31))


def _scaling_check(rng: np.random.Generator) -> Check:
    x, p = random_array(rng, (20, 30)), float(rng.uniform(0.2, 0.7))

    def judge(results):
        out, mask = _forward_outputs(results[0], x.shape)
        _expect_scaled(x, mask, p, out, FORWARD, "out")

    return Check(
        Msg(
            f"training (p = {p:.2f}): out == x * mask / (1 - p) with your own mask",
            f"학습 모드 (p = {p:.2f}): 내 mask로 out == x * mask / (1 - p)",
        ),
        [_forward_call(x, p, True, _seed(rng))],
        judge,
    )


def _keep_rate_check(rng: np.random.Generator, p: float) -> Check:
    x = random_array(rng, STATS_SHAPE)
    spread = SIGMAS * np.sqrt(p * (1 - p) / x.size)

    def judge(results):
        _, mask = _forward_outputs(results[0], x.shape)
        rate = float(mask.mean())
        if abs(rate - (1 - p)) > spread:
            message = Msg(
                f"{FORWARD} kept {rate:.1%} of {x.size:,} values with p = {p}; expected about "
                f"{1 - p:.0%} (p is the probability of dropping).",
                f"{FORWARD} 함수가 p = {p}일 때 값 {x.size:,}개 중 {rate:.1%}를 남겼어요. "
                f"약 {1 - p:.0%}가 남아야 해요 (p는 버릴 확률이에요).",
            )
            if abs(rate - p) <= spread:
                message += Msg("\n", "\n") + KEEP_PROBABILITY
            raise Fail(message)

    return Check(
        Msg(
            f"keep rate is about {1 - p:.0%} for p = {p} (on {x.size:,} values)",
            f"p = {p}일 때 남는 비율이 약 {1 - p:.0%} (값 {x.size:,}개)",
        ),
        [_forward_call(x, p, True, _seed(rng))],
        judge,
    )


def _identity_check(name: Msg, x: np.ndarray, p: float, train: bool, seed: int) -> Check:
    """Eval mode or p = 0: nothing is dropped and out equals x."""

    def judge(results):
        from bigpicture.grader import engine

        out, mask = _forward_outputs(results[0], x.shape)
        if not mask.all():
            raise Fail(
                Msg(
                    f"{FORWARD} dropped {int(np.sum(~mask))} of {x.size} values with "
                    f"train={train}, p={p}; nothing may be dropped here"
                    + (". Check `if not train` first." if not train else "."),
                    f"{FORWARD} 함수가 train={train}, p={p}일 때 값 {x.size}개 중 "
                    f"{int(np.sum(~mask))}개를 버렸어요. 여기서는 아무것도 버리면 안 돼요"
                    + (". 먼저 `if not train`을 확인하세요." if not train else "."),
                )
            )
        if not train and results[0].rng_used:
            raise Fail(
                Msg(
                    f"{FORWARD} drew random numbers from rng in eval mode (train=False). Eval "
                    "mode must not touch rng: return before drawing the mask.",
                    f"{FORWARD} 함수가 평가 모드(train=False)에서 rng로 난수를 뽑았어요. 평가 "
                    "모드에서는 rng를 건드리면 안 돼요: mask를 뽑기 전에 return 하세요.",
                )
            )
        expected, _ = engine.dropout_forward(x, p, train, np.random.default_rng(seed))
        expect_close(expected, out, FORWARD, "out")

    return Check(name, [_forward_call(x, p, train, seed)], judge)


def _same_seed_check(rng: np.random.Generator) -> Check:
    x, p, seed = random_array(rng, (30, 40)), 0.5, _seed(rng)
    globals_ = [int(n) for n in rng.choice(2**31, size=2, replace=False)]

    def judge(results):
        first, second = (_forward_outputs(r, x.shape)[1] for r in results)
        if not np.array_equal(first, second):
            raise Fail(GLOBAL_RANDOM)

    return Check(
        Msg(
            "same rng seed gives the same mask, whatever the global np.random seed",
            "전역 np.random 시드와 상관없이 같은 rng 시드면 같은 mask",
        ),
        [_forward_call(x, p, True, seed, reseed_global=g) for g in globals_],
        judge,
    )


def _different_seeds_check(rng: np.random.Generator) -> Check:
    x, p = random_array(rng, (30, 40)), 0.5
    seeds = [int(n) for n in rng.choice(2**31, size=2, replace=False)]

    def judge(results):
        first, second = (_forward_outputs(r, x.shape)[1] for r in results)
        if np.array_equal(first, second):
            raise Fail(
                Msg(
                    "Two calls with different rng seeds gave the same mask. Draw the mask from "
                    "the rng argument, not from a generator with a fixed seed.",
                    "서로 다른 rng 시드로 두 번 호출했는데 mask가 같았어요. 고정된 시드의 "
                    "생성기가 아니라 인자로 받은 rng에서 mask를 뽑으세요.",
                )
            )

    return Check(
        Msg("different rng seeds give different masks", "rng 시드가 다르면 mask도 다름"),
        [_forward_call(x, p, True, seed) for seed in seeds],
        judge,
    )


def _backward_check(rng: np.random.Generator) -> Check:
    dout, p = random_array(rng, (6, 7)), float(rng.uniform(0.2, 0.7))
    mask = rng.random(dout.shape) >= p

    def judge(results):
        got = array_output(results[0], BACKWARD, label="dx")
        _expect_scaled(dout, mask, p, got, BACKWARD, "dx")

    return Check(
        Msg(
            f"{BACKWARD} with a given mask (p = {p:.2f})",
            f"주어진 mask로 {BACKWARD} (p = {p:.2f})",
        ),
        [Call(BACKWARD, {"dout": dout, "mask": mask, "p": p})],
        judge,
    )


def _numerical_check(rng: np.random.Generator) -> Check:
    # Every forward call gets the same Rng(seed), so the mask stays fixed while x is nudged.
    x, dout, p = random_array(rng, (3, 4)), random_array(rng, (3, 4)), 0.4
    forward = {"x": x, "p": p, "train": True, "rng": Rng(_seed(rng))}
    step = limits.NUMERIC_GRAD_STEP

    def judge(results):
        analytic = array_output(results[1], BACKWARD, label="dx")
        values = [array_output(r, FORWARD, 0, 2, "out") for r in results[2:]]
        masks = [array_output(r, FORWARD, 1, 2, "mask") for r in results[2:]]
        if any(m.shape != masks[0].shape or np.any(m != masks[0]) for m in masks):
            raise Fail(GLOBAL_RANDOM)
        for value in values:
            expect_shape(value, x.shape, FORWARD, "out")
        numeric = numerical_gradient(values, dout, x.shape, step)
        expect_close(numeric, analytic, BACKWARD, "dx", tol=limits.GRAD_REL_TOL)

    return Check(
        Msg(
            f"{BACKWARD} (fed your own mask) agrees with a numerical gradient of your {FORWARD}",
            f"내 mask를 넣은 {BACKWARD} 함수가 내 {FORWARD} 함수의 수치 미분과 일치",
        ),
        [
            Call(FORWARD, forward),
            Call(BACKWARD, {"dout": dout, "mask": FromCall(0, 1), "p": p}),
            *numerical_gradient_calls(FORWARD, forward, "x", step),
        ],
        judge,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise4, random cases drawn from ``rng``."""
    x = random_array(rng, (5, 8))
    return [
        _identity_check(
            Msg(
                "eval mode (train=False) returns x unchanged",
                "평가 모드(train=False)는 x를 그대로 반환",
            ),
            x,
            0.5,
            False,
            _seed(rng),
        ),
        _scaling_check(rng),
        _keep_rate_check(rng, 0.3),
        _keep_rate_check(rng, 0.8),
        _identity_check(
            Msg("p = 0 keeps every value", "p = 0이면 모든 값을 남김"), x, 0.0, True, _seed(rng)
        ),
        _same_seed_check(rng),
        _different_seeds_check(rng),
        _backward_check(rng),
        _numerical_check(rng),
        unmodified_check(
            [
                _forward_call(x, 0.5, True, _seed(rng)),
                _forward_call(x, 0.5, False, _seed(rng)),
                Call(BACKWARD, {"dout": x, "mask": rng.random(x.shape) >= 0.5, "p": 0.5}),
            ],
            "out = x * mask / (1 - p), not x *= mask",
        ),
    ]
