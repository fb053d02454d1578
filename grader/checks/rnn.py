"""Checks for exercise6: a vanilla tanh RNN, one step and a whole sequence.

The cases make every classic mistake show on every seed: T >= 4 with an asymmetric Wh (a
reversed sequence, a skipped step or Wh.T changes the states), an h0 far from zero, D != H
(the states cannot be mistaken for inputs), and N == T == D == H, where swapped weights and
mixed-up axes still run and can be recognised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from bigpicture.grader.calls import Call, CallResult
from bigpicture.grader.checks.common import (
    Check,
    array_output,
    expect_close,
    unmodified_check,
)
from bigpicture.grader.checks.diagnosis import SAMPLE, TIME, UNIT, mistakes_for
from bigpicture.grader.checks.sequences import rnn_fixed_case, rnn_random_case
from bigpicture.grader.i18n import Msg

STEP, FORWARD = "rnn_step", "rnn_forward"
FORMULA = "tanh(x @ Wx + h_prev @ Wh + b)"

RELU = Msg(
    "It looks like ReLU was used instead of tanh. A vanilla RNN squashes its state with "
    "np.tanh, which keeps it between -1 and 1.",
    "tanh 대신 ReLU를 쓴 것 같아요. 기본 RNN은 np.tanh로 상태를 눌러서 -1과 1 사이에 둬요.",
)
SIGMOID = Msg(
    "It looks like a sigmoid was used instead of tanh. A vanilla RNN squashes its state with "
    "np.tanh, between -1 and 1; a sigmoid's 0 to 1 can never go negative.",
    "tanh 대신 시그모이드를 쓴 것 같아요. 기본 RNN은 np.tanh로 상태를 -1과 1 사이로 눌러요. "
    "0과 1 사이인 시그모이드는 음수가 될 수 없어요.",
)
NO_ACTIVATION = Msg(
    "It looks like the activation is missing: apply np.tanh to x @ Wx + h_prev @ Wh + b.",
    "활성화 함수가 빠진 것 같아요: x @ Wx + h_prev @ Wh + b에 np.tanh를 적용하세요.",
)
NO_BIAS = Msg(
    f"It looks like the bias b was forgotten: {FORMULA}.",
    f"편향 b를 빠뜨린 것 같아요: {FORMULA}.",
)
BIAS_OUTSIDE = Msg(
    f"It looks like b was added after the tanh. It belongs inside: {FORMULA}.",
    f"b를 tanh 뒤에 더한 것 같아요. b는 tanh 안에 들어가요: {FORMULA}.",
)
SWAPPED = Msg(
    "It looks like Wx and Wh were swapped: the input goes through Wx (x @ Wx) and the previous "
    "state through Wh (h_prev @ Wh).",
    "Wx와 Wh가 바뀐 것 같아요: 입력은 Wx를 (x @ Wx), 이전 상태는 Wh를 (h_prev @ Wh) 거쳐요.",
)
WH_TRANSPOSED = Msg(
    "It looks like the previous state went through Wh.T. Use h_prev @ Wh: Wh[i, j] carries unit "
    "i of h_prev to unit j of h_next.",
    "이전 상태에 Wh.T를 곱한 것 같아요. h_prev @ Wh를 쓰세요: Wh[i, j]는 h_prev의 유닛 i를 "
    "h_next의 유닛 j로 보내요.",
)
NO_H_PREV = Msg(
    f"It looks like h_prev was left out. The new state depends on the previous one: {FORMULA}.",
    f"h_prev를 빠뜨린 것 같아요. 새 상태는 이전 상태에 따라 달라져요: {FORMULA}.",
)
NO_CARRY = Msg(
    "It looks like every step starts again from h0. Feed each step the hidden state the "
    "previous step just computed: h_prev = rnn_step(x[:, t, :], h_prev, Wx, Wh, b).",
    "매 스텝이 h0에서 다시 시작하는 것 같아요. 각 스텝에는 직전 스텝이 방금 계산한 은닉 상태를 "
    "넘기세요: h_prev = rnn_step(x[:, t, :], h_prev, Wx, Wh, b).",
)
IGNORES_H0 = Msg(
    "It looks like h0 was ignored and the first step started from zeros. The first step's "
    "h_prev is the h0 you are given.",
    "h0를 무시하고 첫 스텝을 0에서 시작한 것 같아요. 첫 스텝의 h_prev는 인자로 받은 h0예요.",
)
CARRIES_PREACTIVATION = Msg(
    "It looks like the sum inside the tanh was carried to the next step. The next step's h_prev "
    "is the state itself, h[:, t] = tanh(...).",
    "tanh 안의 합을 다음 스텝으로 넘긴 것 같아요. 다음 스텝의 h_prev는 tanh를 거친 상태 "
    "h[:, t] = tanh(...)예요.",
)
REVERSED = Msg(
    "It looks like the sequence was read backwards, from t = T - 1 down to 0. Step through it "
    "in order: for t in range(T).",
    "시퀀스를 t = T - 1부터 0까지 거꾸로 읽은 것 같아요. 순서대로 진행하세요: for t in range(T).",
)
SKIPS_LAST = Msg(
    "It looks like the last time step was never computed. The loop must visit all T steps: "
    "for t in range(T).",
    "마지막 시간 스텝을 계산하지 않은 것 같아요. 반복문이 T개 스텝을 모두 돌아야 해요: "
    "for t in range(T).",
)
SKIPS_FIRST = Msg(
    "It looks like time step 0 was skipped. The loop starts at t = 0, with h_prev = h0: "
    "for t in range(T).",
    "시간 스텝 0을 건너뛴 것 같아요. 반복문은 t = 0에서 h_prev = h0로 시작해요: for t in range(T).",
)
WITH_H0 = Msg(
    "It looks like h0 was put at the front of the output (T + 1 steps). Return only the T "
    "states computed from x: h has shape (N, T, H).",
    "출력 맨 앞에 h0를 넣은 것 같아요 (T + 1 스텝). x로 계산한 T개의 상태만 반환하세요: "
    "h의 shape은 (N, T, H)예요.",
)
LAST_STATE = Msg(
    "It looks like only the last hidden state was returned. Return the state after every "
    "step, h of shape (N, T, H); h[:, -1] is the last one.",
    "마지막 은닉 상태만 반환한 것 같아요. 모든 스텝 뒤의 상태를 반환하세요: h의 shape은 "
    "(N, T, H)이고, 마지막 상태는 h[:, -1]이에요.",
)
TIME_FIRST_OUTPUT = Msg(
    "It looks like the states were stacked with time first, (T, N, H): np.stack(hs) adds the "
    "new axis in front. Use np.stack(hs, axis=1) to get (N, T, H).",
    "상태를 시간 축이 앞에 오도록 (T, N, H) 쌓은 것 같아요: np.stack(hs)는 새 축을 맨 앞에 "
    "만들어요. np.stack(hs, axis=1)로 (N, T, H)를 만드세요.",
)
TIME_FIRST = Msg(
    "It looks like x was read as (T, N, D): x[t] is sequence t, not time step t. "
    "Take time step t with x[:, t, :].",
    "x를 (T, N, D)로 읽은 것 같아요: x[t]는 시간 스텝 t가 아니라 t번째 시퀀스예요. "
    "시간 스텝 t는 x[:, t, :]로 꺼내세요.",
)


def _relu(a: np.ndarray) -> np.ndarray:
    return np.maximum(a, 0.0)


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-a))


#: One step of each classic mistake, computed on (x, h_prev, Wx, Wh, b); a ValueError means it
#: cannot run on these shapes (swapped weights when D != H).
STEP_MISTAKES: list[tuple[Callable[..., np.ndarray], Msg]] = [
    (lambda x, h, Wx, Wh, b: _relu(x @ Wx + h @ Wh + b), RELU),
    (lambda x, h, Wx, Wh, b: _sigmoid(x @ Wx + h @ Wh + b), SIGMOID),
    (lambda x, h, Wx, Wh, b: x @ Wx + h @ Wh + b, NO_ACTIVATION),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx + h @ Wh), NO_BIAS),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx + h @ Wh) + b, BIAS_OUTSIDE),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wh + h @ Wx + b), SWAPPED),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx + h @ Wh.T + b), WH_TRANSPOSED),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx + b), NO_H_PREV),
]


def _run(
    step: Callable[..., np.ndarray],
    x: np.ndarray,
    h0: np.ndarray,
    Wx: np.ndarray,
    Wh: np.ndarray,
    b: np.ndarray,
    take: Callable[[np.ndarray, int], np.ndarray] | None = None,
) -> np.ndarray | None:
    """The states of an RNN built on ``step``, with ``take(x, t)`` as the input of step t
    (``x[:, t]`` unless given), or None when that cannot run on these shapes."""
    h, h_prev = [], h0
    try:
        for t in range(x.shape[1]):
            h_prev = step(x[:, t] if take is None else take(x, t), h_prev, Wx, Wh, b)
            h.append(h_prev)
    except (ValueError, IndexError):
        return None
    return np.stack(h, axis=1)


def _tanh_step(
    x: np.ndarray, h_prev: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    return np.tanh(x @ Wx + h_prev @ Wh + b)


def _carried_preactivation(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    h, carried = [], h0
    for t in range(x.shape[1]):
        carried = x[:, t] @ Wx + carried @ Wh + b
        h.append(np.tanh(carried))
    return np.stack(h, axis=1)


def _step_candidates(
    x: np.ndarray, h_prev: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> Iterator[tuple[np.ndarray, Msg]]:
    for mistake, msg in STEP_MISTAKES:
        try:
            yield mistake(x, h_prev, Wx, Wh, b), msg
        except ValueError:
            continue


def _forward_candidates(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> Iterator[tuple[np.ndarray | None, Msg]]:
    """The classic wrong hidden states for a sequence ``x: (N, T, D)``: every wrong step run
    over the sequence, then the mistakes of the loop around the steps."""
    from bigpicture.grader import engine

    for mistake, msg in STEP_MISTAKES:
        yield _run(mistake, x, h0, Wx, Wh, b), msg
    expected = engine.rnn_forward(x, h0, Wx, Wh, b)
    zeros = np.zeros_like(expected[:, :1])
    yield _run(lambda x_t, _, *w: _tanh_step(x_t, h0, *w), x, h0, Wx, Wh, b), NO_CARRY
    yield engine.rnn_forward(x, np.zeros_like(h0), Wx, Wh, b), IGNORES_H0
    yield _carried_preactivation(x, h0, Wx, Wh, b), CARRIES_PREACTIVATION
    yield engine.rnn_forward(x[:, ::-1], h0, Wx, Wh, b)[:, ::-1], REVERSED
    yield np.concatenate([expected[:, :-1], zeros], axis=1), SKIPS_LAST
    later = engine.rnn_forward(x[:, 1:], h0, Wx, Wh, b) if x.shape[1] > 1 else zeros[:, :0]
    yield np.concatenate([zeros, later], axis=1), SKIPS_FIRST
    yield np.concatenate([h0[:, None], expected], axis=1), WITH_H0
    yield expected[:, -1], LAST_STATE
    yield expected.transpose(1, 0, 2), TIME_FIRST_OUTPUT
    # x[t] is sequence t, (T, D): it runs where T == N, or T == 1 (broadcast over the samples)
    yield _run(_tanh_step, x, h0, Wx, Wh, b, take=lambda x, t: x[t]), TIME_FIRST


# A learner's exception in rnn_forward whose traceback indexes x with a single name (x[t]).
_X_INDEXED_BY_T = (
    r"\A(?:IndexError|ValueError: operands could not be broadcast)(?s:.*)\bx\[\s*\w+\s*\]"
)

TRACEBACK_HINTS = [
    (
        FORWARD,
        _X_INDEXED_BY_T,
        Msg(
            "x is (N, T, D): x[t] takes sequence t, not time step t. Take time step t with "
            "x[:, t, :].",
            "x의 shape은 (N, T, D)예요: x[t]는 시간 스텝 t가 아니라 t번째 시퀀스예요. 시간 스텝 "
            "t는 x[:, t, :]로 꺼내세요.",
        ),
    ),
    (  # a state (N, H) stored into a slot of (N, D)
        FORWARD,
        r"could not broadcast input array from shape \((\d+),(\d+)\) into shape \(\1,(?!\2\))\d+\)",
        Msg(
            "h was made with the wrong last axis: it holds states of H units, so it is (N, T, H) "
            "with H = h0.shape[1]. np.empty_like(x) would be (N, T, D).",
            "h의 마지막 축이 틀렸어요: h에는 유닛 H개짜리 상태가 들어가니 shape은 (N, T, H)이고 "
            "H = h0.shape[1]이에요. np.empty_like(x)는 (N, T, D)예요.",
        ),
    ),
    (
        "*",
        r"matmul: Input operand \d has a mismatch in its core dimension",
        Msg(
            "A matrix product does not fit: x is (N, D) and goes through Wx (D, H), h_prev is "
            "(N, H) and goes through Wh (H, H): x @ Wx + h_prev @ Wh.",
            "행렬곱의 크기가 맞지 않아요: x (N, D)는 Wx (D, H)를, h_prev (N, H)는 Wh (H, H)를 "
            "거쳐요: x @ Wx + h_prev @ Wh.",
        ),
    ),
]


def _step_call(
    x: np.ndarray, h_prev: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> Call:
    return Call(STEP, {"x": x, "h_prev": h_prev, "Wx": Wx, "Wh": Wh, "b": b})


def _forward_call(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> Call:
    return Call(FORWARD, {"x": x, "h0": h0, "Wx": Wx, "Wh": Wh, "b": b})


def _step_check(
    name: Msg, x: np.ndarray, h_prev: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> Check:
    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        got = array_output(results[0], STEP, label="h_next")
        expected = engine.rnn_step(x, h_prev, Wx, Wh, b)
        mistakes = mistakes_for(expected, got, lambda: _step_candidates(x, h_prev, Wx, Wh, b))
        expect_close(expected, got, STEP, "h_next", mistakes, axes=(SAMPLE, UNIT))

    return Check(name, [_step_call(x, h_prev, Wx, Wh, b)], judge)


def _forward_check(
    name: Msg, x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> Check:
    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        got = array_output(results[0], FORWARD, label="h")
        expected = engine.rnn_forward(x, h0, Wx, Wh, b)
        mistakes = mistakes_for(expected, got, lambda: _forward_candidates(x, h0, Wx, Wh, b))
        expect_close(expected, got, FORWARD, "h", mistakes, axes=(SAMPLE, TIME, UNIT))

    return Check(name, [_forward_call(x, h0, Wx, Wh, b)], judge)


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise6, random cases drawn from ``rng``."""
    fixed = rnn_fixed_case()
    n, t = int(rng.integers(2, 6)), int(rng.integers(4, 7))
    d, h = 3, int(rng.integers(4, 7))  # D != H, so swapped weights cannot even run
    square = int(rng.integers(3, 6))
    wide = rnn_random_case(rng, n, t, d, h)
    same = rnn_random_case(rng, square, square, square, square)
    return [
        _step_check(
            Msg(
                "rnn_step on a fixed example (N=2, D=3, H=2)",
                "정해진 예제에서 rnn_step (N=2, D=3, H=2)",
            ),
            fixed[0][:, 0],
            *fixed[1:],
        ),
        _step_check(
            Msg(
                f"rnn_step on random input (N={n}, D={d}, H={h})",
                f"무작위 입력에서 rnn_step (N={n}, D={d}, H={h})",
            ),
            wide[0][:, 0],
            *wide[1:],
        ),
        _step_check(
            Msg(
                f"rnn_step with D == H == {square}, where Wx and Wh have the same shape",
                f"D == H == {square}인 rnn_step (Wx와 Wh의 shape이 같음)",
            ),
            same[0][:, 0],
            *same[1:],
        ),
        _forward_check(
            Msg(
                "rnn_forward on a fixed example (N=2, T=4, D=3, H=2)",
                "정해진 예제에서 rnn_forward (N=2, T=4, D=3, H=2)",
            ),
            *fixed,
        ),
        _forward_check(
            Msg(
                f"rnn_forward on random input (N={n}, T={t}, D={d}, H={h})",
                f"무작위 입력에서 rnn_forward (N={n}, T={t}, D={d}, H={h})",
            ),
            *wide,
        ),
        _forward_check(
            Msg(
                "rnn_forward with a single time step (T=1)", "시간 스텝이 하나인 rnn_forward (T=1)"
            ),
            *rnn_random_case(rng, n, 1, d, h),
        ),
        _forward_check(
            Msg(
                f"rnn_forward with N == T == D == H == {square}, where mix-ups still run",
                f"N == T == D == H == {square}인 rnn_forward (축이나 가중치를 헷갈려도 실행됨)",
            ),
            *same,
        ),
        unmodified_check(
            [_step_call(wide[0][:, 0], *wide[1:]), _forward_call(*wide)],
            "h_next = np.tanh(...), not h_prev[...] = ...",
        ),
    ]
