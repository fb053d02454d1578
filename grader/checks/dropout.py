"""Checks for exercise4: inverted dropout, forward and backward.

The mask is random, so the forward pass is judged against the learner's own mask, and the
randomness itself by statistics and by seeds. Every p the checks use is far from 0.5, where
dividing by p and by (1 - p) would look alike.
"""

from __future__ import annotations

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call, CallResult, FromCall, Rng
from bigpicture.grader.checks.common import (
    Check,
    Fail,
    Mistake,
    array_output,
    expect_close,
    expect_shape,
    expect_unmodified,
    nudged,
    numerical_gradient,
    random_array,
)
from bigpicture.grader.checks.diagnosis import same
from bigpicture.grader.gradcheck import Spec
from bigpicture.grader.i18n import Msg

FORWARD, BACKWARD = "dropout_forward", "dropout_backward"
# 20,000 values: the keep rate is known to about 0.3%, and a grading run of many seeds stays
# far below the size of report a job may write.
STATS_SHAPE = (100, 200)
SIGMAS = 5.0  # how far the keep rate may stray by chance; a false alarm is ~1 in 2 million

NO_RESCALE = Msg(
    "It looks like the 1 / (1 - p) scale is missing. Inverted dropout divides what it keeps by "
    "(1 - p), in the forward and in the backward pass, so that the expected output equals the "
    "input.",
    "1 / (1 - p) 배율이 빠진 것 같아요. inverted dropout은 남긴 값을 순전파에서도 역전파에서도 "
    "(1 - p)로 나눠서, 출력의 기댓값이 입력과 같게 해요.",
)
DIVIDED_BY_P = Msg(
    "It looks like you divided by p instead of by (1 - p), the probability of keeping a value.",
    "(1 - p) 대신 p로 나눈 것 같아요. 나눌 값은 값을 남길 확률인 (1 - p)예요.",
)
SCALED_DOWN = Msg(
    "It looks like the kept values were multiplied by (1 - p) instead of divided by it: "
    "inverted dropout scales up what it keeps, by 1 / (1 - p).",
    "남긴 값을 (1 - p)로 나누지 않고 곱한 것 같아요: inverted dropout은 남긴 값을 "
    "1 / (1 - p)배로 키워요.",
)
NO_MASK = Msg(
    "It looks like the mask was left out: the values it drops were scaled by 1 / (1 - p) too, "
    "instead of set to 0. Multiply by the mask as well: ... * mask / (1 - p).",
    "mask를 빠뜨린 것 같아요: mask가 버리는 값까지 1 / (1 - p)배 되고 0이 되지 않았어요. "
    "mask도 곱하세요: ... * mask / (1 - p).",
)
MASK_MARKS_DROPPED = Msg(
    "It looks like your mask marks the dropped values; it must be True where the value is "
    "KEPT: mask = rng.random(x.shape) >= p, and out = x * mask / (1 - p).",
    "mask가 버린 값을 표시하는 것 같아요. mask는 값을 '남긴' 곳에서 True여야 해요: "
    "mask = rng.random(x.shape) >= p, out = x * mask / (1 - p).",
)
DRAWN_TWICE = Msg(
    "It looks like out and mask come from two different draws: out drops other values than "
    "the ones your mask marks. Draw the mask once and use it for out as well.",
    "out과 mask가 서로 다른 추첨에서 나온 것 같아요: out이 버린 값이 mask가 표시한 값과 "
    "달라요. mask를 한 번만 뽑아서 out에도 그 mask를 쓰세요.",
)
KEEP_PROBABILITY = Msg(
    "It looks like p was read as the probability of keeping. Here, as in PyTorch, p is the "
    "probability of DROPPING: keep where rng.random(x.shape) >= p and scale by 1 / (1 - p).",
    "p를 '남길 확률'로 읽은 것 같아요. 여기서 p는 PyTorch처럼 '버릴 확률'이에요: "
    "rng.random(x.shape) >= p인 곳을 남기고 1 / (1 - p)배 하세요.",
)
REVERSED_COMPARISON = Msg(
    "It looks like the comparison is reversed: rng.random(x.shape) < p keeps a fraction p of "
    "the values. p is the probability of DROPPING: keep where rng.random(x.shape) >= p.",
    "비교 방향이 반대인 것 같아요: rng.random(x.shape) < p는 값의 p만큼을 남겨요. p는 "
    "'버릴 확률'이에요: rng.random(x.shape) >= p인 곳을 남기세요.",
)
BACKWARD_INVERTED_MASK = Msg(
    f"It looks like {BACKWARD} read the mask as marking the dropped values: mask is True where "
    "the value was KEPT, so dx = dout * mask / (1 - p).",
    f"{BACKWARD} 함수가 mask를 '버린 값' 표시로 읽은 것 같아요: mask는 값을 남긴 곳에서 "
    "True예요: dx = dout * mask / (1 - p).",
)
EVAL_SCALED = Msg(
    "It looks like eval mode scaled x: with inverted dropout, the training pass already "
    "scaled, so eval mode returns x unchanged (a copy of it).",
    "평가 모드에서 x의 크기를 바꾼 것 같아요: inverted dropout은 학습할 때 이미 배율을 "
    "적용했으니, 평가 모드는 x를 그대로 (복사본으로) 반환해요.",
)
GLOBAL_RANDOM = Msg(
    "Calls with the same rng seed gave different masks (the global np.random seed differed). "
    "Draw the mask from the rng argument, rng.random(x.shape), never from np.random.",
    "같은 rng 시드로 호출했는데 mask가 달랐어요 (전역 np.random 시드는 달랐어요). mask는 "
    "np.random이 아니라 인자로 받은 rng에서 rng.random(x.shape)로 뽑으세요.",
)
FRESH_GENERATOR = Msg(
    "Calls with the same rng seed gave different masks, even with the same global np.random "
    "seed. It looks like a new generator was made inside the function (np.random.default_rng() "
    "without a seed), so every call draws another mask. Use the rng argument: "
    "rng.random(x.shape).",
    "같은 rng 시드로, 전역 np.random 시드까지 같게 호출했는데 mask가 달랐어요. 함수 안에서 "
    "새 생성기를 만든 것 같아요 (시드 없는 np.random.default_rng()): 그러면 호출할 때마다 다른 "
    "mask가 나와요. 인자로 받은 rng를 쓰세요: rng.random(x.shape).",
)

TRACEBACK_HINTS = [
    (
        FORWARD,
        r"could not be broadcast together",
        Msg(
            "It looks like the mask does not have x's shape (rng.random(x.size) or "
            "rng.random(len(x)) draws a flat one): draw it with rng.random(x.shape).",
            "mask의 shape이 x와 다른 것 같아요 (rng.random(x.size)나 rng.random(len(x))는 "
            "1차원 배열을 뽑아요): rng.random(x.shape)로 뽑으세요.",
        ),
    ),
    (
        "*",
        r"Generator' object has no attribute '(?:rand|randn|randint|random_sample|sample|ranf)'",
        Msg(
            "rng is a numpy Generator: it has no rand, randn or randint (those are the old "
            "np.random functions). Draw uniform numbers with rng.random(x.shape).",
            "rng는 numpy Generator예요: rand, randn, randint는 없어요 (예전 np.random "
            "함수들이에요). 균등 난수는 rng.random(x.shape)로 뽑으세요.",
        ),
    ),
    (
        FORWARD,
        r"(?s)random\([^\n]*\n.*(?:only integer scalar arrays|maximum supported dimension)",
        Msg(
            "It looks like rng.random was given x itself: it takes a shape, rng.random(x.shape).",
            "rng.random에 x 자체를 넘긴 것 같아요: rng.random은 shape을 받아요. "
            "rng.random(x.shape).",
        ),
    ),
]


def _forward_outputs(result: CallResult, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The learner's (out, mask), after checking that mask is a bool array of x's shape."""
    out = array_output(result, FORWARD, 0, 2, "out")
    mask = array_output(result, FORWARD, 1, 2, "mask")
    if mask.shape != shape and mask.ndim <= len(shape) and _broadcasts(mask.shape, shape):
        raise Fail(
            Msg(
                f"{FORWARD}: mask has shape {mask.shape}, expected {shape}. It looks like the "
                "mask was drawn smaller than x and numpy broadcast it, so whole rows or columns "
                "share one draw. Draw one number per value: rng.random(x.shape).",
                f"{FORWARD}: mask의 shape이 {mask.shape}인데, {shape}이어야 해요. mask를 x보다 "
                "작게 뽑아서 numpy가 브로드캐스트한 것 같아요: 그러면 행이나 열 전체가 한 번의 "
                "추첨을 같이 써요. 값마다 하나씩 뽑으세요: rng.random(x.shape).",
            )
        )
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


def _broadcasts(small: tuple[int, ...], shape: tuple[int, ...]) -> bool:
    return all(a in (1, b) for a, b in zip(reversed(small), reversed(shape), strict=False))


def _scaling_mistakes(values: np.ndarray, mask: np.ndarray, p: float) -> list[Mistake]:
    """What the classic mistakes of the scale return, forward (``values`` = x) and backward
    (``values`` = dout), for a given mask."""
    with np.errstate(divide="ignore", invalid="ignore"):  # p = 0: the learner's inf, too
        divided_by_p = values * mask / np.float64(p)
    return [
        Mistake(values * mask, NO_RESCALE),
        Mistake(values * mask * (1 - p), SCALED_DOWN),
        Mistake(values / (1 - p), NO_MASK),
        Mistake(divided_by_p, DIVIDED_BY_P),
    ]


def _expect_some_dropped(mask: np.ndarray, p: float) -> None:
    """Fails if nothing was dropped in training: with p > 0 on this many values that is
    (practically) impossible by chance, and every other message would mislead."""
    if mask.all():
        raise Fail(
            Msg(
                f"{FORWARD} dropped nothing with train=True, p = {p:.2f} ({mask.size:,} values): "
                "in training, each value must be dropped with probability p.",
                f"{FORWARD} 함수가 train=True, p = {p:.2f}일 때 아무것도 버리지 않았어요 "
                f"(값 {mask.size:,}개): 학습 중에는 값마다 확률 p로 버려야 해요.",
            )
        )


def _forward_call(
    x: np.ndarray, p: float, train: bool, seed: int, reseed_global: int | None = None
) -> Call:
    args = {"x": x, "p": p, "train": train, "rng": Rng(seed)}
    return Call(FORWARD, args, reseed_global=reseed_global)


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(2**31))


def _drop_probability(rng: np.random.Generator) -> float:
    """A p in [0.2, 0.4) or [0.6, 0.8): never near 0.5, where p and 1 - p coincide."""
    return float(rng.uniform(0.2, 0.4) + 0.4 * rng.integers(2))


def _scaling_check(rng: np.random.Generator) -> Check:
    x, p = random_array(rng, (20, 30)), _drop_probability(rng)

    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        out, mask = _forward_outputs(results[0], x.shape)
        _expect_some_dropped(mask, p)
        mistakes = [
            *_scaling_mistakes(x, mask, p),
            Mistake(x * ~mask / (1 - p), MASK_MARKS_DROPPED),
        ]
        if out.shape == x.shape:
            # Any other drop pattern, scaled right: a catch-all, below every named mistake.
            mistakes.append(Mistake(x * (out != 0) / (1 - p), DRAWN_TWICE, specificity=-1))
        expect_close(engine.dropout_backward(x, mask, p), out, FORWARD, "out", mistakes)

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

    def judge(results: list[CallResult]) -> None:
        out, mask = _forward_outputs(results[0], x.shape)
        _expect_some_dropped(mask, p)
        rate = float(mask.mean())
        if abs(rate - (1 - p)) > spread:
            message = Msg(
                f"{FORWARD} kept {rate:.1%} of {x.size:,} values with p = {p}; expected about "
                f"{1 - p:.0%} (p is the probability of dropping).",
                f"{FORWARD} 함수가 p = {p}일 때 값 {x.size:,}개 중 {rate:.1%}를 남겼어요. "
                f"약 {1 - p:.0%}가 남아야 해요 (p는 버릴 확률이에요).",
            )
            why = _kept_a_fraction_p(x, out, mask, p) if abs(rate - p) <= spread else None
            raise Fail(message if why is None else message + Msg("\n", "\n") + why)

    return Check(
        Msg(
            f"keep rate is about {1 - p:.0%} for p = {p} (on {x.size:,} values)",
            f"p = {p}일 때 남는 비율이 약 {1 - p:.0%} (값 {x.size:,}개)",
        ),
        [_forward_call(x, p, True, _seed(rng))],
        judge,
    )


def _kept_a_fraction_p(x: np.ndarray, out: np.ndarray, mask: np.ndarray, p: float) -> Msg | None:
    """Why a mask marks a fraction p of the values, told by how out was made from it."""
    if out.shape != x.shape:
        return None
    for made, why in (
        (x * ~mask / (1 - p), MASK_MARKS_DROPPED),
        (x * mask / p, KEEP_PROBABILITY),
        (x * mask / (1 - p), REVERSED_COMPARISON),
    ):
        if same(made, out):
            return why
    return None


def _eval_check(rng: np.random.Generator, x: np.ndarray) -> Check:
    """Eval mode returns x itself and a mask of True, and draws nothing; a training call with
    the same x tells a test of train that is reversed from one that is missing."""
    p = 0.3

    def judge(results: list[CallResult]) -> None:
        if results[0].count == 2 and results[0].items[1].kind == "none":
            raise Fail(
                Msg(
                    "In eval mode, return a mask too: every value is kept, so it is all True, "
                    "np.ones(x.shape, dtype=bool).",
                    "평가 모드에서도 mask를 반환하세요: 모든 값을 남기니까 전부 True인 "
                    "np.ones(x.shape, dtype=bool)이에요.",
                )
            )
        out, mask = _forward_outputs(results[0], x.shape)
        if not mask.all():
            training_mask = _forward_outputs(results[1], x.shape)[1]
            raise Fail(
                Msg(
                    f"{FORWARD} dropped {int(np.sum(~mask))} of {x.size} values with "
                    f"train=False, p={p}; nothing may be dropped here.\n",
                    f"{FORWARD} 함수가 train=False, p={p}일 때 값 {x.size}개 중 "
                    f"{int(np.sum(~mask))}개를 버렸어요. 여기서는 아무것도 버리면 안 돼요.\n",
                )
                + (
                    Msg(
                        "It looks like the test of train is reversed: values were dropped with "
                        "train=False and none with train=True. Drop in training; return x "
                        "unchanged when train is False.",
                        "train 조건이 반대로 된 것 같아요: train=False일 때 값을 버렸고 "
                        "train=True일 때는 하나도 버리지 않았어요. 학습할 때 버리고, train이 "
                        "False이면 x를 그대로 반환하세요.",
                    )
                    if training_mask.all()
                    else Msg(
                        "In eval mode (train=False) dropout does nothing: check `if not train` "
                        "first and return x unchanged.",
                        "평가 모드(train=False)에서 드롭아웃은 아무것도 하지 않아요: 먼저 "
                        "`if not train`을 확인하고 x를 그대로 반환하세요.",
                    )
                )
            )
        if results[0].rng_used:
            raise Fail(
                Msg(
                    f"{FORWARD} drew random numbers from rng in eval mode (train=False). Eval "
                    "mode must not touch rng: return before drawing the mask.",
                    f"{FORWARD} 함수가 평가 모드(train=False)에서 rng로 난수를 뽑았어요. 평가 "
                    "모드에서는 rng를 건드리면 안 돼요: mask를 뽑기 전에 return 하세요.",
                )
            )
        scaled = [Mistake(x * (1 - p), EVAL_SCALED), Mistake(x / (1 - p), EVAL_SCALED)]
        expect_close(x, out, FORWARD, "out", scaled)

    return Check(
        Msg(
            "eval mode (train=False) returns x unchanged",
            "평가 모드(train=False)는 x를 그대로 반환",
        ),
        [_forward_call(x, p, False, _seed(rng)), _forward_call(x, p, True, _seed(rng))],
        judge,
    )


def _keeps_all_check(rng: np.random.Generator, x: np.ndarray) -> Check:
    """Training with p = 0: nothing is dropped and out equals x."""

    def judge(results: list[CallResult]) -> None:
        out, mask = _forward_outputs(results[0], x.shape)
        if not mask.any() and same(out, x):
            raise Fail(
                Msg(
                    f"{FORWARD}: mask is all False with p = 0, yet out equals x.\n",
                    f"{FORWARD}: p = 0인데 mask가 전부 False이고, out은 x와 같아요.\n",
                )
                + MASK_MARKS_DROPPED
            )
        if not mask.all():
            raise Fail(
                Msg(
                    f"{FORWARD} dropped {int(np.sum(~mask))} of {x.size} values with train=True, "
                    "p=0; nothing may be dropped here: rng.random(x.shape) >= 0 is always True.",
                    f"{FORWARD} 함수가 train=True, p=0일 때 값 {x.size}개 중 "
                    f"{int(np.sum(~mask))}개를 버렸어요. 여기서는 아무것도 버리면 안 돼요: "
                    "rng.random(x.shape) >= 0은 언제나 True예요.",
                )
            )
        expect_close(x, out, FORWARD, "out", _scaling_mistakes(x, mask, 0.0))

    return Check(
        Msg("p = 0 keeps every value", "p = 0이면 모든 값을 남김"),
        [_forward_call(x, 0.0, True, _seed(rng))],
        judge,
    )


def _same_seed_check(rng: np.random.Generator) -> Check:
    x, p, seed = random_array(rng, (30, 40)), 0.3, _seed(rng)
    first, second = (int(n) for n in rng.choice(2**31, size=2, replace=False))

    def judge(results: list[CallResult]) -> None:
        masks = [_forward_outputs(r, x.shape)[1] for r in results]
        if not np.array_equal(masks[0], masks[1]):
            # The third call repeats the first one's global seed too.
            raise Fail(GLOBAL_RANDOM if np.array_equal(masks[0], masks[2]) else FRESH_GENERATOR)

    return Check(
        Msg(
            "same rng seed gives the same mask, whatever the global np.random seed",
            "전역 np.random 시드와 상관없이 같은 rng 시드면 같은 mask",
        ),
        [_forward_call(x, p, True, seed, reseed_global=g) for g in (first, second, first)],
        judge,
    )


def _different_seeds_check(rng: np.random.Generator) -> Check:
    x, p = random_array(rng, (30, 40)), 0.3
    seeds = [int(n) for n in rng.choice(2**31, size=2, replace=False)]

    def judge(results: list[CallResult]) -> None:
        first, second = (_forward_outputs(r, x.shape)[1] for r in results)
        _expect_some_dropped(first, p)
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


def _backward_mistakes(dout: np.ndarray, mask: np.ndarray, p: float) -> list[Mistake]:
    return [
        *_scaling_mistakes(dout, mask, p),
        Mistake(dout * ~mask / (1 - p), BACKWARD_INVERTED_MASK),
    ]


def _backward_check(rng: np.random.Generator) -> Check:
    dout, p = random_array(rng, (6, 7)), _drop_probability(rng)
    mask = rng.random(dout.shape) >= p
    # Both kept and dropped values, whatever the draw, so that every mistake shows.
    mask.flat[rng.choice(mask.size, size=2, replace=False)] = [True, False]

    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        got = array_output(results[0], BACKWARD, label="dx")
        expected = engine.dropout_backward(dout, mask, p)
        expect_close(expected, got, BACKWARD, "dx", _backward_mistakes(dout, mask, p))

    return Check(
        Msg(
            f"{BACKWARD} with a given mask (p = {p:.2f})",
            f"주어진 mask로 {BACKWARD} (p = {p:.2f})",
        ),
        [Call(BACKWARD, {"dout": dout, "mask": mask, "p": p})],
        judge,
    )


def _numerical_check(rng: np.random.Generator) -> Check:
    """dropout_backward, fed the learner's mask, against central differences of the reference
    forward pass with that same mask, in float64: a wrong forward pass is judged by its own
    checks, never blamed on the backward pass."""
    x, dout, p = random_array(rng, (3, 4)), random_array(rng, (3, 4)), 0.4
    step = limits.NUMERIC_GRAD_STEP

    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        _, mask = _forward_outputs(results[0], x.shape)
        analytic = array_output(results[1], BACKWARD, label="dx")
        # With its mask fixed, the forward pass is x * mask / (1 - p): the formula of the
        # reference dropout_backward, applied to x.
        values = [engine.dropout_backward(x_nudged, mask, p) for x_nudged in nudged(x, step)]
        numeric = numerical_gradient(values, dout, x.shape, step)
        expect_close(
            numeric,
            analytic,
            BACKWARD,
            "dx",
            _backward_mistakes(dout, mask, p),
            tol=limits.GRAD_REL_TOL,
        )

    return Check(
        Msg(
            f"{BACKWARD} (fed your own mask) agrees with a numerical gradient of "
            "x * mask / (1 - p)",
            f"내 mask를 넣은 {BACKWARD} 함수가 x * mask / (1 - p)의 수치 미분과 일치",
        ),
        [
            _forward_call(x, p, True, _seed(rng)),
            Call(BACKWARD, {"dout": dout, "mask": FromCall(0, 1), "p": p}),
        ],
        judge,
    )


def _unmodified_check(rng: np.random.Generator, x: np.ndarray) -> Check:
    def judge(results: list[CallResult]) -> None:
        expect_unmodified(results[:2], FORWARD, "out = x * mask / (1 - p), not x *= mask")
        expect_unmodified(results[2:], BACKWARD, "dx = dout * mask / (1 - p), not dout *= mask")

    return Check(
        Msg(
            f"{FORWARD} and {BACKWARD} leave their inputs unchanged",
            f"{FORWARD}, {BACKWARD} 함수가 입력을 바꾸지 않음",
        ),
        [
            _forward_call(x, 0.5, True, _seed(rng)),
            _forward_call(x, 0.5, False, _seed(rng)),
            Call(BACKWARD, {"dout": x, "mask": rng.random(x.shape) >= 0.5, "p": 0.5}),
        ],
        judge,
    )


def gradcheck(rng: np.random.Generator) -> Spec:
    """`bigpicture gradcheck 4`: dropout_backward, given the learner's own mask, against the
    learner's dropout_forward on the same rng seed (so every nudged run drops the same values)."""
    x, dout = random_array(rng, (4, 5)), random_array(rng, (4, 5))
    inputs = {"x": x, "p": 0.4, "train": True, "rng": Rng(int(rng.integers(2**31)))}
    return Spec(
        forward=FORWARD,
        inputs=inputs,
        params=("x",),
        backward=[
            Call(FORWARD, inputs),
            Call(BACKWARD, {"dout": dout, "mask": FromCall(0, 1), "p": 0.4}),
        ],
        returns=1,
        grads=(0,),
        dout=dout,
        forward_returns=2,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise4, random cases drawn from ``rng``."""
    x = random_array(rng, (5, 8))
    return [
        _eval_check(rng, x),
        _scaling_check(rng),
        _keep_rate_check(rng, 0.3),
        _keep_rate_check(rng, 0.9),
        _keeps_all_check(rng, x),
        _same_seed_check(rng),
        _different_seeds_check(rng),
        _backward_check(rng),
        _numerical_check(rng),
        _unmodified_check(rng, x),
    ]
