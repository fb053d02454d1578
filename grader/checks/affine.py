"""Checks for exercise7: the affine layer, forward and backward.

The random cases draw three different sizes for N, D and M, so that a transpose in the wrong
place returns the wrong shape (or does not run) and is told by its shape; one case has
N == D == M, where every mix-up still runs and is told by its values. The lesson's 10 → 16 → 1
net gives a layer with one output (M = 1), and one case has a single sample (N = 1), where a
mean and a sum over the batch agree and neither is blamed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call, CallResult
from bigpicture.grader.checks.common import (
    Check,
    array_output,
    computed_once,
    expect_close,
    expect_outputs,
    nudged,
    numerical_gradient,
    random_array,
    unmodified_check,
)
from bigpicture.grader.checks.diagnosis import COLUMN, SAMPLE, Candidates, mistakes_for
from bigpicture.grader.gradcheck import Spec
from bigpicture.grader.i18n import Msg

FORWARD, BACKWARD = "affine_forward", "affine_backward"
FEATURE = Msg("feature", "특성")
AXES = {"dx": (SAMPLE, FEATURE)}
# affine_forward is linear in each argument, so central differences have no truncation error:
# a large step only shrinks the rounding error.
NUMERIC_STEP = 1e-3

FIXED_X = np.array([[1.0, 2.0, -1.0], [0.0, -3.0, 0.5]])
FIXED_W = np.array([[1.0, 0.0, -1.0, 2.0], [0.5, -2.0, 0.0, 1.0], [3.0, 1.0, 1.5, 0.0]])
FIXED_B = np.array([0.5, -1.0, 2.0, 0.0])
FIXED_DOUT = np.array([[1.0, -2.0, 0.5, 3.0], [-1.0, 0.0, 2.0, 1.0]])


#: What affine_backward returns, in its order.
LABELS = ("dx", "dw", "db")
Grads = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Case:
    """One layer: x (N, D), w (D, M), b (M,), and dout (N, M) for the backward pass."""

    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    dout: np.ndarray

    def forward_call(self) -> Call:
        return Call(FORWARD, {"x": self.x, "w": self.w, "b": self.b})

    def backward_call(self) -> Call:
        return Call(BACKWARD, {"dout": self.dout, "x": self.x, "w": self.w})

    def sizes(self) -> str:
        (n, d), m = self.x.shape, self.w.shape[1]
        return f"N={n}, D={d}, M={m}"


NO_BIAS = Msg(
    "It looks like the bias was left out: out = x @ w. Every output adds its own bias: "
    "out = x @ w + b.",
    "편향을 빠뜨린 것 같아요: out = x @ w. 출력마다 자기 편향을 더해야 해요: out = x @ w + b.",
)
BIAS_PER_ROW = Msg(
    "It looks like b was added along the rows (b[:, None], one bias per sample). b holds one "
    "bias per output, a column of out: out = x @ w + b, which adds b to every row.",
    "b를 행 방향으로 더한 것 같아요 (b[:, None], 샘플마다 편향 하나). b는 출력마다, 즉 out의 "
    "열마다 편향이 하나예요: out = x @ w + b로 쓰면 b가 모든 행에 더해져요.",
)
W_TRANSPOSED = Msg(
    "It looks like w was transposed (x @ w.T, nn.Linear's layout). Here w is (D, M), one "
    "column per output: out = x @ w + b.",
    "w를 전치한 것 같아요 (x @ w.T, nn.Linear의 배치). 여기서 w는 (D, M)으로, 출력마다 열이 "
    "하나예요: out = x @ w + b.",
)
ACTIVATION = Msg(
    "It looks like an activation (ReLU) was applied: the negative outputs are 0. The affine "
    "layer is only the linear part, out = x @ w + b; the activation is a layer of its own.",
    "활성화 함수(ReLU)를 적용한 것 같아요: 음수 출력이 0이 됐어요. affine 층은 선형 부분인 "
    "out = x @ w + b뿐이에요. 활성화 함수는 따로 있는 층이에요.",
)
DX_NO_TRANSPOSE = Msg(
    "It looks like dx = dout @ w, without the transpose. dx must have x's shape (N, D): "
    "dout (N, M) times w.T (M, D), dx = dout @ w.T.",
    "dx = dout @ w처럼 전치 없이 구한 것 같아요. dx는 x와 shape이 같은 (N, D)여야 해요: "
    "dout (N, M) 곱하기 w.T (M, D), dx = dout @ w.T.",
)
DX_TRANSPOSED = Msg(
    "It looks like dx is transposed (w @ dout.T, shape (D, N)). dx has x's shape (N, D): "
    "dx = dout @ w.T.",
    "dx가 전치된 것 같아요 (w @ dout.T, shape (D, N)). dx는 x와 shape이 같은 (N, D)예요: "
    "dx = dout @ w.T.",
)
DW_TRANSPOSED = Msg(
    "It looks like dw = dout.T @ x, which is (M, D): the transpose of the right answer. dw has "
    "w's shape (D, M): x.T (D, N) times dout (N, M), dw = x.T @ dout.",
    "dw = dout.T @ x로 구한 것 같아요. 그건 (M, D)로 정답의 전치예요. dw는 w와 shape이 같은 "
    "(D, M)이에요: x.T (D, N) 곱하기 dout (N, M), dw = x.T @ dout.",
)
DW_NO_TRANSPOSE = Msg(
    "It looks like dw = x @ dout, without the transpose of x. The sum runs over the samples, "
    "the axis x and dout share: dw = x.T @ dout.",
    "x를 전치하지 않고 dw = x @ dout로 구한 것 같아요. 합은 x와 dout이 함께 가진 샘플 축을 "
    "따라 돌아요: dw = x.T @ dout.",
)
DB_WRONG_AXIS = Msg(
    "It looks like db was summed over the outputs (axis=1), one value per sample. b has one "
    "value per output, and it was added to every sample: db = dout.sum(axis=0).",
    "db를 출력 축(axis=1)으로 더해서 샘플마다 값이 하나인 것 같아요. b는 출력마다 값이 하나고 "
    "모든 샘플에 더해졌어요: db = dout.sum(axis=0).",
)
DB_KEEPDIMS = Msg(
    "It looks like db kept the summed axis (keepdims=True), shape (1, M). db has b's shape "
    "(M,): db = dout.sum(axis=0).",
    "db가 더한 축을 남겨 둔 것 같아요 (keepdims=True), shape (1, M). db는 b와 shape이 같은 "
    "(M,)이에요: db = dout.sum(axis=0).",
)
DB_TOTAL = Msg(
    "It looks like db is one number, the sum of all of dout. Each output has its own bias, so "
    "sum over the samples only: db = dout.sum(axis=0).",
    "db가 dout 전체를 더한 숫자 하나인 것 같아요. 출력마다 편향이 따로 있으니 샘플 축으로만 "
    "더하세요: db = dout.sum(axis=0).",
)
DB_NOT_SUMMED = Msg(
    "It looks like db is dout itself, (N, M). b was added to every sample, so its gradient "
    "adds up every sample's: db = dout.sum(axis=0), shape (M,).",
    "db가 dout 그대로인 (N, M) 것 같아요. b는 모든 샘플에 더해졌으니 기울기도 모든 샘플의 "
    "몫을 더해요: db = dout.sum(axis=0), shape (M,).",
)
OVER_N = Msg(
    "It looks like {label} was divided by N, a mean over the batch. The layer passes the "
    "gradient on as it is: any 1/N of a mean loss is already in dout. Sum, do not average: "
    "{formula}.",
    "{label}을 N으로 나눠 배치 평균을 낸 것 같아요. 층은 기울기를 그대로 전달해요: 평균 손실의 "
    "1/N은 이미 dout에 들어 있어요. 평균 말고 합을 쓰세요: {formula}.",
)
WRONG_ORDER = Msg(
    "It looks like the gradients were returned in another order. affine_backward returns "
    "(dx, dw, db), in that order.",
    "기울기를 다른 순서로 돌려준 것 같아요. affine_backward 함수는 (dx, dw, db) 순서로 돌려줘야 "
    "해요.",
)
FORMULAS = {"dx": "dx = dout @ w.T", "dw": "dw = x.T @ dout", "db": "db = dout.sum(axis=0)"}


def _over_n(label: str) -> Msg:
    formula = FORMULAS[label]
    return Msg(
        OVER_N.en.format(label=label, formula=formula),
        OVER_N.ko.format(label=label, formula=formula),
    )


def _forward_candidates(case: Case) -> Candidates:
    """What each classic mistake of affine_forward returns on ``case`` (None where it cannot
    run on these shapes)."""
    x, w, b = case.x, case.w, case.b
    n, d = x.shape
    m = w.shape[1]
    yield x @ w, NO_BIAS
    yield (x @ w + b[:, None] if n == m else None), BIAS_PER_ROW
    yield (x @ w.T + b if d == m else None), W_TRANSPOSED
    yield np.maximum(x @ w + b, 0.0), ACTIVATION


def _only(label: str, value: np.ndarray | None) -> list[np.ndarray | None]:
    """A mistake in one of the three gradients: the others are not compared with it."""
    return [value if name == label else None for name in LABELS]


def _backward_candidates(case: Case) -> Iterator[tuple[list[np.ndarray | None], Msg]]:
    """What each classic mistake of affine_backward returns on ``case``, with what to tell the
    learner; a value a mistake cannot compute on these shapes, or does not touch, is None."""
    dout, x, w = case.dout, case.x, case.w
    n, d = x.shape
    m = w.shape[1]
    right = [dout @ w.T, x.T @ dout, dout.sum(axis=0)]
    yield _only("dx", dout @ w if d == m else None), DX_NO_TRANSPOSE
    yield _only("dx", w @ dout.T), DX_TRANSPOSED
    yield _only("dw", dout.T @ x), DW_TRANSPOSED
    yield _only("dw", x @ dout if n == d else None), DW_NO_TRANSPOSE
    yield _only("db", dout.sum(axis=1)), DB_WRONG_AXIS
    yield _only("db", dout.sum(axis=0, keepdims=True)), DB_KEEPDIMS
    yield _only("db", np.asarray(dout.sum())), DB_TOTAL
    yield _only("db", dout), DB_NOT_SUMMED
    for label, value in zip(LABELS, right, strict=True):
        yield _only(label, value / n), _over_n(label)
    for order in itertools.permutations(range(3)):
        if order != (0, 1, 2):
            yield [right[i] for i in order], WRONG_ORDER


def _gradients(case: Case) -> Grads:
    from bigpicture.grader import engine

    return engine.affine_backward(case.dout, case.x, case.w)


def _numerical(case: Case) -> Grads:
    """Central differences of ``sum(affine_forward(x, w, b) * dout)``, one argument at a
    time."""
    from bigpicture.grader import engine

    args = {"x": case.x, "w": case.w, "b": case.b}
    grads = []
    for name, value in args.items():
        outs = [
            engine.affine_forward(**{**args, name: moved}) for moved in nudged(value, NUMERIC_STEP)
        ]
        grads.append(numerical_gradient(outs, case.dout, value.shape, NUMERIC_STEP))
    dx, dw, db = grads
    return dx, dw, db


def _forward_check(name: Msg, case: Case) -> Check:
    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        got = array_output(results[0], FORWARD)
        expected = engine.affine_forward(case.x, case.w, case.b)
        mistakes = mistakes_for(expected, got, lambda: _forward_candidates(case))
        expect_close(expected, got, FORWARD, mistakes=mistakes, axes=(SAMPLE, COLUMN))

    return Check(name, [case.forward_call()], judge)


def _judge_backward(case: Case, expected: Grads, results: list[CallResult], tol: float) -> None:
    expect_outputs(
        results[0],
        BACKWARD,
        dict(zip(LABELS, expected, strict=True)),
        lambda: _backward_candidates(case),
        tol,
        AXES,
    )


def _backward_check(name: Msg, case: Case) -> Check:
    return Check(
        name,
        [case.backward_call()],
        lambda results: _judge_backward(case, _gradients(case), results, limits.REL_TOL),
    )


def _numerical_check(case: Case) -> Check:
    numerical = computed_once(lambda: _numerical(case))
    return Check(
        Msg(
            "affine_backward agrees with a numerical gradient of affine_forward",
            "affine_backward 함수가 affine_forward의 수치 미분과 일치",
        ),
        [case.backward_call()],
        lambda results: _judge_backward(case, numerical(), results, limits.GRAD_REL_TOL),
    )


def _case(rng: np.random.Generator, n: int, d: int, m: int) -> Case:
    return Case(
        random_array(rng, (n, d)),
        random_array(rng, (d, m)),
        random_array(rng, (m,)),
        random_array(rng, (n, m)),
    )


_MATMUL = (
    r"matmul: Input operand \d has a mismatch in its core dimension"
    r"|shapes \(.*\) and \(.*\) not aligned"
)
TRACEBACK_HINTS = [
    (
        FORWARD,
        r"broadcast together with (?:remapped )?shapes .*\(\d+,1\)",
        Msg(
            "b was turned into a column (b[:, None] or b.reshape(-1, 1)), one bias per sample. "
            "b holds one bias per output: out = x @ w + b adds it to every row as it is.",
            "b를 열 모양으로 바꾼 것 같아요 (b[:, None]이나 b.reshape(-1, 1)), 샘플마다 편향 "
            "하나로요. b는 출력마다 편향이 하나예요: out = x @ w + b로 쓰면 그대로 모든 행에 "
            "더해져요.",
        ),
    ),
    (
        FORWARD,
        _MATMUL,
        Msg(
            "A matrix product does not fit. x is (N, D) and w is (D, M): x @ w is (N, M). "
            "Here w is not transposed (it is not nn.Linear's (M, D)).",
            "행렬곱의 크기가 맞지 않아요. x는 (N, D), w는 (D, M)이라 x @ w가 (N, M)이에요. "
            "여기서 w는 전치하지 않아요 (nn.Linear의 (M, D)가 아니에요).",
        ),
    ),
    (
        BACKWARD,
        _MATMUL,
        Msg(
            "A matrix product does not fit. Each gradient has the shape of its variable, and "
            "that places the transposes: dx = dout @ w.T is (N, M)(M, D) = (N, D), and "
            "dw = x.T @ dout is (D, N)(N, M) = (D, M).",
            "행렬곱의 크기가 맞지 않아요. 기울기는 언제나 그 변수와 shape이 같고, 그게 전치의 "
            "자리를 정해요: dx = dout @ w.T는 (N, M)(M, D) = (N, D)이고, dw = x.T @ dout은 "
            "(D, N)(N, M) = (D, M)이에요.",
        ),
    ),
]


def gradcheck(rng: np.random.Generator) -> Spec:
    """`bigpicture gradcheck 7`: affine_backward against the learner's affine_forward."""
    case = _case(rng, 3, 4, 2)
    return Spec(
        forward=FORWARD,
        inputs={"x": case.x, "w": case.w, "b": case.b},
        params=("x", "w", "b"),
        backward=[case.backward_call()],
        returns=3,
        grads=(0, 1, 2),
        dout=case.dout,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise7, random cases drawn from ``rng``."""
    n, d, m = (int(size) for size in rng.choice(np.arange(2, 8), size=3, replace=False))
    square = int(rng.integers(3, 6))
    batch = int(rng.integers(2, 6))
    fixed = Case(FIXED_X, FIXED_W, FIXED_B, FIXED_DOUT)
    wide, even = _case(rng, n, d, m), _case(rng, square, square, square)
    hidden, output = _case(rng, batch, 10, 16), _case(rng, batch, 16, 1)
    single = _case(rng, 1, d, m)
    return [
        _forward_check(
            Msg(
                "affine_forward on a fixed example (N=2, D=3, M=4)",
                "정해진 예제에서 affine_forward (N=2, D=3, M=4)",
            ),
            fixed,
        ),
        _forward_check(
            Msg(
                f"affine_forward on random input ({wide.sizes()})",
                f"무작위 입력에서 affine_forward ({wide.sizes()})",
            ),
            wide,
        ),
        _forward_check(
            Msg(
                f"affine_forward with N == D == M == {square}, where mix-ups still run",
                f"N == D == M == {square}인 affine_forward (축을 헷갈려도 실행됨)",
            ),
            even,
        ),
        _forward_check(
            Msg(
                f"affine_forward on the lesson's hidden layer, 10 → 16 (N={batch})",
                f"강의의 은닉층 10 → 16에서 affine_forward (N={batch})",
            ),
            hidden,
        ),
        _backward_check(
            Msg(
                "affine_backward on a fixed example (N=2, D=3, M=4)",
                "정해진 예제에서 affine_backward (N=2, D=3, M=4)",
            ),
            fixed,
        ),
        _backward_check(
            Msg(
                f"affine_backward on random input ({wide.sizes()})",
                f"무작위 입력에서 affine_backward ({wide.sizes()})",
            ),
            wide,
        ),
        _backward_check(
            Msg(
                f"affine_backward with N == D == M == {square}, where mix-ups still run",
                f"N == D == M == {square}인 affine_backward (축을 헷갈려도 실행됨)",
            ),
            even,
        ),
        _backward_check(
            Msg(
                f"affine_backward on the lesson's output layer, 16 → 1 (N={batch})",
                f"강의의 출력층 16 → 1에서 affine_backward (N={batch})",
            ),
            output,
        ),
        _backward_check(
            Msg(
                f"affine_backward with a single sample ({single.sizes()})",
                f"샘플이 하나인 affine_backward ({single.sizes()})",
            ),
            single,
        ),
        _numerical_check(_case(rng, 3, 4, 2)),
        unmodified_check(
            [wide.forward_call(), wide.backward_call()],
            "db = dout.sum(axis=0), not db = dout[0] followed by db += dout[i]",
        ),
    ]
