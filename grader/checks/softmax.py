"""Checks for exercise9: softmax cross-entropy, the mean loss and its gradient.

The random cases have N != K, so that a softmax over the wrong axis or a max taken without
``keepdims`` is told by a wrong shape or an error; one case has N == K, where those still run
and are told by their values. The stability case holds rows with logits up to 1e4 (exp
overflows), a row of small logits far below them (a max over the whole array makes it underflow
to 0 / 0) and right classes far below their row's maximum (their probability underflows to 0,
so log(p) is -inf): each way of breaking there leaves its own pattern of inf and nan.
"""

from __future__ import annotations

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
    nudged,
    numerical_gradient,
    random_array,
    unmodified_check,
)
from bigpicture.grader.checks.diagnosis import SAMPLE, Mistake, mistakes_for
from bigpicture.grader.gradcheck import Spec
from bigpicture.grader.i18n import Msg

FUNCTION = "softmax_cross_entropy"
LABELS = ("loss", "dlogits")
CLASS = Msg("class", "클래스")
SHIFT = "shifted = logits - logits.max(axis=1, keepdims=True)"
LOG_P = "log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))"
# Central differences of the loss, a smooth function: at 1e-5 rounding and truncation both stay
# near 1e-11, far below the gradient's smallest entries on these cases.
NUMERIC_STEP = 1e-5
# exp overflows float64 above this; below its negative, a shifted logit's exp is 0.
EXP_LIMIT = 709.0

FIXED_LOGITS = np.array([[2.0, 1.0, 0.1, -1.0], [0.5, 2.5, -0.5, 0.0], [-1.0, 0.0, 3.0, 1.0]])
FIXED_Y = np.array([0, 2, 2])


@dataclass(frozen=True)
class Case:
    """One call: logits (N, K) float64 and y (N,) int64."""

    logits: np.ndarray
    y: np.ndarray

    def call(self) -> Call:
        return Call(FUNCTION, {"logits": self.logits, "y": self.y})

    def sizes(self) -> str:
        n, k = self.logits.shape
        return f"N={n}, K={k}"


def _softmax(logits: np.ndarray, axis: int = 1) -> np.ndarray:
    """Softmax along ``axis``, shifted by the maximum along that axis."""
    e = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _one_hot(case: Case) -> np.ndarray:
    return np.eye(case.logits.shape[1])[case.y]


def _picked(case: Case, p: np.ndarray) -> np.ndarray:
    """Every sample's probability of its right class."""
    return p[np.arange(len(case.y)), case.y]


def _from_probabilities(case: Case, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The loss and gradient a learner gets who computes ``p`` and then does the rest right."""
    n = len(case.y)
    return np.asarray(-np.log(_picked(case, p)).mean()), (p - _one_hot(case)) / n


NO_MAX = Msg(
    "It looks like exp was taken of the raw logits: exp(1e4) overflows to inf, and inf / inf is "
    f"nan. Subtract each row's maximum first, {SHIFT}: the softmax does not change, and the "
    "largest exponent becomes exp(0) = 1.",
    "날것의 logits에 exp를 씌운 것 같아요: exp(1e4)는 inf로 넘치고, inf / inf는 nan이에요. "
    f"먼저 행마다 최댓값을 빼세요, {SHIFT}: 소프트맥스는 그대로이고, 가장 큰 지수가 "
    "exp(0) = 1이 돼요.",
)
GLOBAL_MAX = Msg(
    "It looks like the maximum was taken over the whole array (logits.max()), not per row: a "
    "row far below the largest logit underflows to exp(-1e4) = 0 everywhere, and 0 / 0 is nan. "
    f"Shift each row by its own maximum: {SHIFT}.",
    "최댓값을 행마다가 아니라 배열 전체에서 구한 것 같아요 (logits.max()): 가장 큰 logit보다 "
    "훨씬 작은 행은 모든 값이 exp(-1e4) = 0으로 사라지고, 0 / 0은 nan이에요. 행마다 자기 "
    f"최댓값을 빼세요: {SHIFT}.",
)
LOSS_OVERFLOW = Msg(
    "It looks like the loss took log(p) of a probability that underflowed to 0 (log(0) = -inf), "
    "or log(sum(exp(logits))) without the shift, which overflows: the gradient is right, the "
    f"loss is not finite. Take the log-probabilities from the shifted logits: {LOG_P}.",
    "0으로 사라진 확률에 log(p)를 씌웠거나 (log(0) = -inf), 최댓값을 빼지 않고 "
    "log(sum(exp(logits)))를 구해서 넘친 것 같아요: 기울기는 맞는데 손실이 유한하지 않아요. "
    f"로그 확률은 최댓값을 뺀 logits에서 구하세요: {LOG_P}.",
)
EPS_LOG = Msg(
    "It looks like the loss took log(p + eps), or clipped p at eps: where p underflows to 0 the "
    "loss is capped at -log(eps) instead of its true value, thousands at logits of 1e4. Take the "
    f"log-probabilities from the shifted logits, with no eps: {LOG_P}.",
    "손실을 log(p + eps)로 구했거나 p를 eps에서 잘라낸 것 같아요: p가 0으로 사라지는 곳에서 "
    "손실이 참값(logits가 1e4면 수천) 대신 -log(eps)에서 멈춰요. 로그 확률은 eps 없이 최댓값을 "
    f"뺀 logits에서 구하세요: {LOG_P}.",
)
SUM_LOSS = Msg(
    "It looks like the loss is the sum over the samples, not the mean: it is N times too large. "
    "Average: loss = -log_p[np.arange(N), y].mean().",
    "손실이 샘플에 대한 평균이 아니라 합인 것 같아요: N배 커요. 평균을 내세요: "
    "loss = -log_p[np.arange(N), y].mean().",
)
GRAD_NOT_OVER_N = Msg(
    "It looks like dlogits was not divided by N. The loss is a mean over the N samples, so each "
    "sample's gradient carries 1/N: dlogits = (p - one_hot) / N.",
    "dlogits를 N으로 나누지 않은 것 같아요. 손실이 샘플 N개의 평균이라 샘플마다 기울기에 "
    "1/N이 붙어요: dlogits = (p - one_hot) / N.",
)
AXIS0 = Msg(
    "It looks like the softmax ran down the columns (axis=0), over the samples. Each sample's "
    "K scores become its probabilities, so normalise every row: max and sum with axis=1, "
    "keepdims=True.",
    "소프트맥스를 열 방향(axis=0), 즉 샘플들에 걸쳐 계산한 것 같아요. 샘플마다 점수 K개가 그 "
    "샘플의 확률이 되니 행마다 정규화하세요: max와 sum에 axis=1, keepdims=True.",
)
MAX_AXIS0 = Msg(
    "It looks like each column's maximum was subtracted (max over axis=0). A softmax is "
    f"unchanged only when a whole row moves by the same amount: {SHIFT}.",
    "열마다 최댓값을 뺀 것 같아요 (axis=0으로 max). 소프트맥스는 한 행 전체를 같은 값만큼 "
    f"옮길 때만 그대로예요: {SHIFT}.",
)
NO_KEEPDIMS = Msg(
    "It looks like a row's max or sum was taken without keepdims=True: its shape (N,) lines up "
    "with the LAST axis of (N, K), so row j's value went to column j. Keep the axis: "
    "logits.max(axis=1, keepdims=True), e.sum(axis=1, keepdims=True).",
    "행의 max나 sum을 keepdims=True 없이 구한 것 같아요: shape (N,)은 (N, K)의 '마지막' 축에 "
    "맞춰져서, j번째 행의 값이 j번째 열로 갔어요. 축을 남기세요: "
    "logits.max(axis=1, keepdims=True), e.sum(axis=1, keepdims=True).",
)
WHOLE_SUM = Msg(
    "It looks like the exponentials were divided by their sum over the whole array: each row "
    "must sum to 1 on its own. Divide by e.sum(axis=1, keepdims=True).",
    "지수들을 배열 전체의 합으로 나눈 것 같아요: 각 행이 따로 합이 1이 돼야 해요. "
    "e.sum(axis=1, keepdims=True)로 나누세요.",
)
NO_ONE_HOT = Msg(
    "It looks like the one-hot was not subtracted: dlogits is p / N. The right class also pulls "
    "its score up: dlogits = (p - one_hot) / N, that is p[np.arange(N), y] -= 1 before "
    "dividing by N.",
    "one-hot을 빼지 않은 것 같아요: dlogits가 p / N이에요. 정답 클래스는 자기 점수를 끌어올려야 "
    "해요: dlogits = (p - one_hot) / N, 즉 N으로 나누기 전에 p[np.arange(N), y] -= 1.",
)
PROBABILITIES = Msg(
    "It looks like dlogits is the softmax probabilities p themselves. The gradient is "
    "(p - one_hot) / N: subtract 1 at each right class, then divide by N.",
    "dlogits가 소프트맥스 확률 p 그대로인 것 같아요. 기울기는 (p - one_hot) / N이에요: 정답 "
    "클래스마다 1을 빼고 N으로 나누세요.",
)
GRAD_SIGN = Msg(
    "It looks like the gradient's sign is flipped: (one_hot - p) / N. The loss falls when the "
    "right class's score rises, so its gradient there is negative: dlogits = (p - one_hot) / N.",
    "기울기의 부호가 뒤집힌 것 같아요: (one_hot - p) / N. 정답 클래스의 점수가 오르면 손실이 "
    "줄어드니 그 자리의 기울기는 음수예요: dlogits = (p - one_hot) / N.",
)
NO_MINUS = Msg(
    "It looks like the minus sign is missing: the loss is log p, which is negative. "
    "Cross-entropy is -log p of the right class: a loss is never below 0.",
    "마이너스 부호가 빠진 것 같아요: 손실이 log p라서 음수예요. 교차 엔트로피는 정답 클래스의 "
    "-log p예요: 손실은 0보다 작을 수 없어요.",
)
ALL_CLASSES = Msg(
    "It looks like -log p was averaged over every class, not only the right one. Pick each "
    "row's right class first: -log_p[np.arange(N), y].mean().",
    "정답 클래스만이 아니라 모든 클래스의 -log p를 평균 낸 것 같아요. 먼저 행마다 정답 "
    "클래스를 고르세요: -log_p[np.arange(N), y].mean().",
)
COLUMNS_Y = Msg(
    "It looks like the right classes were picked with log_p[:, y]: that takes whole columns, an "
    "(N, N) block, not one value per row. Pair every row with its class: "
    "log_p[np.arange(N), y].",
    "정답 클래스를 log_p[:, y]로 고른 것 같아요: 그러면 행마다 값 하나가 아니라 열 전체, 즉 "
    "(N, N) 블록을 가져와요. 행마다 자기 클래스와 짝지으세요: log_p[np.arange(N), y].",
)
ROWS_Y = Msg(
    "It looks like the right classes were picked with log_p[y]: that takes rows y[i], not row i's "
    "class y[i]. Pair every row with its class: log_p[np.arange(N), y].",
    "정답 클래스를 log_p[y]로 고른 것 같아요: 그러면 i번째 행의 클래스 y[i]가 아니라 y[i]번째 "
    "행을 가져와요. 행마다 자기 클래스와 짝지으세요: log_p[np.arange(N), y].",
)
Y_AS_ONE_HOT = Msg(
    "It looks like y was used as if it were one-hot rows (y * log_p): y holds class numbers, "
    "so that multiplies by the numbers themselves. Pick each row's class: "
    "log_p[np.arange(N), y], or build one_hot = np.eye(K)[y].",
    "y를 one-hot 행처럼 쓴 것 같아요 (y * log_p): y에는 클래스 번호가 들어 있어서 번호 자체를 "
    "곱하게 돼요. 행마다 클래스를 고르세요: log_p[np.arange(N), y], 또는 "
    "one_hot = np.eye(K)[y]를 만드세요.",
)
PER_SAMPLE = Msg(
    "It looks like the loss is one value per sample. Return their mean, a single number: "
    "-log_p[np.arange(N), y].mean().",
    "손실이 샘플마다 값 하나씩인 것 같아요. 그 평균, 즉 숫자 하나를 돌려주세요: "
    "-log_p[np.arange(N), y].mean().",
)
ONE_ELEMENT = Msg(
    "It looks like the loss is an array of shape (1,). Return a single number: a float, or a "
    "0-d array, e.g. loss.item() or float(loss) (a mean with no axis already is one).",
    "손실이 shape (1,)인 배열인 것 같아요. 숫자 하나를 돌려주세요: float이나 0차원 배열이요. "
    "예를 들어 loss.item()이나 float(loss) (축 없이 구한 평균은 이미 숫자 하나예요).",
)
EPSILONS = (1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15, 1e-16)


def _candidates(case: Case) -> Iterator[tuple[tuple[np.ndarray | None, ...], Msg]]:
    """What each classic mistake returns on ``case`` (loss, dlogits), with what to tell the
    learner; a value a mistake does not touch, or cannot compute on these shapes, is None."""
    logits = case.logits
    n, k = logits.shape
    p = _softmax(logits)
    log_p = np.log(p)
    loss, dlogits = _from_probabilities(case, p)
    picked = _picked(case, log_p)
    yield (loss * n, None), SUM_LOSS
    yield (None, dlogits * n), GRAD_NOT_OVER_N
    yield _from_probabilities(case, _softmax(logits, axis=0)), AXIS0
    yield _from_probabilities(case, _softmax(logits - logits.max(axis=0))), MAX_AXIS0
    e = np.exp(logits - logits.max())
    yield _from_probabilities(case, e / e.sum()), WHOLE_SUM
    if n == k or n == 1:
        yield (np.asarray(-np.sum(case.y * log_p) / n), None), Y_AS_ONE_HOT
    if n == k:
        shifted = np.exp(logits - logits.max(axis=1))
        yield _from_probabilities(case, shifted / shifted.sum(axis=1, keepdims=True)), NO_KEEPDIMS
        yield _from_probabilities(case, e / e.sum(axis=1)), NO_KEEPDIMS
    yield (None, p / n), NO_ONE_HOT
    yield (None, p), PROBABILITIES
    yield (None, -dlogits), GRAD_SIGN
    yield (-loss, None), NO_MINUS
    yield (np.asarray(-log_p.mean()), None), ALL_CLASSES
    yield (np.asarray(-log_p.sum() / n), None), ALL_CLASSES
    yield (np.asarray(-log_p[:, case.y].mean()), None), COLUMNS_Y
    if case.y.max() < n:
        yield (np.asarray(-log_p[case.y].mean()), None), ROWS_Y
    yield (-picked, None), PER_SAMPLE
    yield (loss.reshape(1), None), ONE_ELEMENT
    with np.errstate(divide="ignore"):
        for eps in EPSILONS:
            yield (np.asarray(-np.log(_picked(case, p) + eps).mean()), None), EPS_LOG
            yield (np.asarray(-np.log(np.maximum(_picked(case, p), eps)).mean()), None), EPS_LOG


def _broken(case: Case, loss: np.ndarray, dlogits: np.ndarray) -> Msg | None:
    """Which way the learner's answer breaks at huge logits, told by where its inf and nan are:
    in the rows whose exp overflows (no shift), in the rows far below the largest logit (one
    shift for the whole array), or only in the loss (log of an underflowed probability)."""
    logits = case.logits
    if dlogits.shape != logits.shape or loss.shape != ():
        return None
    bad_rows = ~np.all(np.isfinite(dlogits), axis=1)
    overflow = logits.max(axis=1) > EXP_LIMIT
    vanish = logits.max(axis=1) < logits.max() - EXP_LIMIT
    if bad_rows.any():
        if not np.any(bad_rows & ~overflow):
            return NO_MAX
        if not np.any(bad_rows & ~vanish):
            return GLOBAL_MAX
        return None
    return None if np.isfinite(loss) else LOSS_OVERFLOW


def _judge(
    case: Case, expected: tuple[np.ndarray, np.ndarray], results: list[CallResult], tol: float
) -> None:
    loss = array_output(results[0], FUNCTION, 0, 2, "loss")
    dlogits = array_output(results[0], FUNCTION, 1, 2, "dlogits")
    broken = _broken(case, loss, dlogits)
    axes = {"dlogits": (SAMPLE, CLASS)}
    got = (loss, dlogits)
    for index, label in enumerate(LABELS):
        want, have = expected[index], got[index]

        def candidates(index: int = index) -> Iterator[tuple[np.ndarray | None, Msg]]:
            with np.errstate(all="ignore"):
                yield from ((values[index], msg) for values, msg in list(_candidates(case)))

        mistakes = mistakes_for(want, have, candidates)
        if broken is not None:
            mistakes.append(Mistake(have, broken, specificity=1))
        expect_close(want, have, FUNCTION, label, mistakes, tol=tol, axes=axes.get(label))


def _expected(case: Case) -> tuple[np.ndarray, np.ndarray]:
    from bigpicture.grader import engine

    loss, dlogits = engine.softmax_cross_entropy(case.logits, case.y)
    return np.asarray(loss), dlogits


def _numerical(case: Case) -> tuple[np.ndarray, np.ndarray]:
    """The reference loss, and central differences of it for the gradient."""
    from bigpicture.grader import engine

    losses = [
        np.asarray(engine.softmax_cross_entropy(moved, case.y)[0])
        for moved in nudged(case.logits, NUMERIC_STEP)
    ]
    grad = numerical_gradient(losses, np.ones(()), case.logits.shape, NUMERIC_STEP)
    return _expected(case)[0], grad


def _check(name: Msg, case: Case) -> Check:
    return Check(
        name,
        [case.call()],
        lambda results: _judge(case, _expected(case), results, limits.REL_TOL),
    )


def _numerical_check(case: Case) -> Check:
    numerical = computed_once(lambda: _numerical(case))
    return Check(
        Msg(
            "softmax_cross_entropy's gradient agrees with a numerical gradient of the loss",
            "softmax_cross_entropy 함수의 기울기가 손실의 수치 미분과 일치",
        ),
        [case.call()],
        lambda results: _judge(case, numerical(), results, limits.GRAD_REL_TOL),
    )


def _case(rng: np.random.Generator, n: int, k: int, scale: float = 2.0) -> Case:
    return Case(random_array(rng, (n, k), scale), _classes(rng, n, k))


def _classes(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """Random classes for n samples, at least two different ones (for n > 1) and not every
    class equally often: a constant y * log_p looks like a sum over every class, and
    log_p[:, y] over equally frequent classes like their mean."""
    while True:
        y = rng.integers(0, k, size=n)
        counts = np.bincount(y, minlength=k)
        if n == 1 or (len(set(y.tolist())) > 1 and counts.min() != counts.max()):
            return y


def _huge_case(rng: np.random.Generator) -> Case:
    """N=4, K=5: a row of small logits, then three rows up to 1e4 whose right class is their
    smallest logit (its probability underflows to 0)."""
    n, k = 4, 5
    logits = rng.uniform(-1e4, 1e4, size=(n, k))
    logits[0] = random_array(rng, (k,), 2.0)
    for row in range(1, n):
        logits[row, rng.integers(k)] = 1e4
    y = np.argmin(logits, axis=1)
    y[0] = rng.integers(k)
    return Case(logits, y)


TRACEBACK_HINTS = [
    (
        FUNCTION,
        r"broadcast together with (?:remapped )?shapes "
        r"(?:\(\d+,\d+\) \(\d+,\)|\(\d+,\) \(\d+,\d+\))",
        Msg(
            "An (N,) array met an (N, K) one: numpy lines up the LAST axes, so it is taken as one "
            "value per class, not per row. For a row's max or sum, keep the axis "
            "(axis=1, keepdims=True); for the right classes, pick log_p[np.arange(N), y] (y "
            "holds class numbers, not one-hot rows).",
            "(N,) 배열이 (N, K) 배열을 만났어요: numpy는 '마지막' 축끼리 맞추기 때문에 그 배열을 "
            "행마다가 아니라 클래스마다 값 하나로 읽어요. 행의 max나 sum은 축을 남기고 "
            "(axis=1, keepdims=True), 정답 클래스는 log_p[np.arange(N), y]로 고르세요 (y에는 "
            "one-hot 행이 아니라 클래스 번호가 들어 있어요).",
        ),
    ),
    (
        FUNCTION,
        r"arrays used as indices must be of integer|only integers, slices",
        Msg(
            "An index is a float: y holds integer classes, and it stays an integer array only "
            "if it is not turned into floats (y / 1, y.astype(float), np.float64(y)). Index with "
            "y as it comes: log_p[np.arange(N), y].",
            "인덱스가 float이에요: y에는 정수 클래스가 들어 있고, float으로 바꾸지 않아야 "
            "(y / 1, y.astype(float), np.float64(y)) 정수 배열로 남아요. 받은 y 그대로 "
            "인덱싱하세요: log_p[np.arange(N), y].",
        ),
    ),
    (
        FUNCTION,
        r"IndexError: index \d+ is out of bounds for axis 0",
        Msg(
            "A class number was used as a row number: log_p[y] takes rows y[i], and y can be "
            "larger than N - 1. Pair every row with its class: log_p[np.arange(N), y].",
            "클래스 번호를 행 번호로 쓴 것 같아요: log_p[y]는 y[i]번째 행을 가져오는데, y는 "
            "N - 1보다 클 수 있어요. 행마다 자기 클래스와 짝지으세요: "
            "log_p[np.arange(N), y].",
        ),
    ),
]


def gradcheck(rng: np.random.Generator) -> Spec:
    """`bigpicture gradcheck 9`: dlogits against central differences of the learner's own loss,
    the first value the same function returns."""
    case = _case(rng, 3, 4, 1.0)
    return Spec(
        forward=FUNCTION,
        inputs={"logits": case.logits, "y": case.y},
        params=("logits",),
        backward=[case.call()],
        returns=2,
        grads=(1,),
        dout=None,
        forward_returns=2,
        output=0,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise9, random cases drawn from ``rng``."""
    n, k = (int(size) for size in rng.choice(np.arange(2, 8), size=2, replace=False))
    square = int(rng.integers(3, 6))
    wide = _case(rng, n, k)
    chance = Case(np.zeros((n, 10)), rng.integers(0, 10, size=n))
    return [
        _check(
            Msg(
                "softmax_cross_entropy on a fixed example (N=3, K=4)",
                "정해진 예제에서 softmax_cross_entropy (N=3, K=4)",
            ),
            Case(FIXED_LOGITS, FIXED_Y),
        ),
        _check(
            Msg(
                f"softmax_cross_entropy on random input ({wide.sizes()})",
                f"무작위 입력에서 softmax_cross_entropy ({wide.sizes()})",
            ),
            wide,
        ),
        _check(
            Msg(
                f"softmax_cross_entropy with N == K == {square}, where mix-ups still run",
                f"N == K == {square}인 softmax_cross_entropy (축을 헷갈려도 실행됨)",
            ),
            _case(rng, square, square),
        ),
        _check(
            Msg(
                f"softmax_cross_entropy with all scores equal (N={n}, K=10): loss log 10 = 2.303",
                f"점수가 모두 같은 softmax_cross_entropy (N={n}, K=10): 손실 log 10 = 2.303",
            ),
            chance,
        ),
        _check(
            Msg(
                "softmax_cross_entropy with a single sample and two classes (N=1, K=2)",
                "샘플 하나, 클래스 둘인 softmax_cross_entropy (N=1, K=2)",
            ),
            _case(rng, 1, 2),
        ),
        _check(
            Msg(
                "softmax_cross_entropy with logits up to 1e4, where exp overflows (N=4, K=5)",
                "logits가 1e4까지 커서 exp가 넘치는 softmax_cross_entropy (N=4, K=5)",
            ),
            _huge_case(rng),
        ),
        _numerical_check(_case(rng, 3, 4, 1.0)),
        unmodified_check(
            [wide.call()], "shifted = logits - logits.max(axis=1, keepdims=True), not logits -= ..."
        ),
    ]
