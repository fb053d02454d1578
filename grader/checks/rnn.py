"""Checks for exercise6: a vanilla tanh RNN, one step and a whole sequence."""

from __future__ import annotations

import numpy as np

from bigpicture.grader.calls import Call
from bigpicture.grader.checks.common import (
    Check,
    Mistake,
    array_output,
    expect_close,
    random_array,
    unmodified_check,
)
from bigpicture.grader.i18n import Msg

STEP, FORWARD = "rnn_step", "rnn_forward"

RELU = Msg(
    "It looks like ReLU was used instead of tanh. A vanilla RNN squashes its state with "
    "np.tanh, which keeps it between -1 and 1.",
    "tanh 대신 ReLU를 쓴 것 같아요. 기본 RNN은 np.tanh로 상태를 눌러서 -1과 1 사이에 둬요.",
)
NO_ACTIVATION = Msg(
    "It looks like the activation is missing: apply np.tanh to x @ Wx + h_prev @ Wh + b.",
    "활성화 함수가 빠진 것 같아요: x @ Wx + h_prev @ Wh + b에 np.tanh를 적용하세요.",
)
NO_BIAS = Msg(
    "It looks like the bias b was forgotten: tanh(x @ Wx + h_prev @ Wh + b).",
    "편향 b를 빠뜨린 것 같아요: tanh(x @ Wx + h_prev @ Wh + b).",
)
SWAPPED = Msg(
    "It looks like Wx and Wh were swapped: the input goes through Wx (x @ Wx) and the previous "
    "state through Wh (h_prev @ Wh).",
    "Wx와 Wh가 바뀐 것 같아요: 입력은 Wx를 (x @ Wx), 이전 상태는 Wh를 (h_prev @ Wh) 거쳐요.",
)
NO_CARRY = Msg(
    "It looks like every step starts again from h0. Feed each step the hidden state the "
    "previous step just computed: h_prev = rnn_step(x[:, t, :], h_prev, Wx, Wh, b).",
    "매 스텝이 h0에서 다시 시작하는 것 같아요. 각 스텝에는 직전 스텝이 방금 계산한 은닉 상태를 "
    "넘기세요: h_prev = rnn_step(x[:, t, :], h_prev, Wx, Wh, b).",
)
WITH_H0 = Msg(
    "It looks like h0 was put at the front of the output (T + 1 steps). Return only the T "
    "states computed from x: h has shape (N, T, H).",
    "출력 맨 앞에 h0를 넣은 것 같아요 (T + 1 스텝). x로 계산한 T개의 상태만 반환하세요: "
    "h의 shape은 (N, T, H)예요.",
)
TIME_FIRST = Msg(
    "It looks like x was read as (T, N, D): x[t] is sequence t, not time step t. "
    "Take time step t with x[:, t, :].",
    "x를 (T, N, D)로 읽은 것 같아요: x[t]는 시간 스텝 t가 아니라 t번째 시퀀스예요. "
    "시간 스텝 t는 x[:, t, :]로 꺼내세요.",
)


def _unrolled(x, h0, Wx, Wh, b, activation=np.tanh, carry=True) -> np.ndarray:
    """The hidden states of a wrong RNN (other activation, or no carry), for diagnosis only."""
    h, h_prev = np.empty((*x.shape[:2], h0.shape[1])), h0
    for t in range(x.shape[1]):
        h[:, t] = activation(x[:, t] @ Wx + (h_prev if carry else h0) @ Wh + b)
        h_prev = h[:, t]
    return h


def _mistakes(x, h0, Wx, Wh, b) -> list[Mistake]:
    """The classic wrong hidden states for a sequence ``x: (N, T, D)``."""
    from bigpicture.grader import engine

    expected = engine.rnn_forward(x, h0, Wx, Wh, b)
    values = [
        (_unrolled(x, h0, Wx, Wh, b, lambda a: np.maximum(a, 0.0)), RELU),
        (_unrolled(x, h0, Wx, Wh, b, lambda a: a), NO_ACTIVATION),
        (engine.rnn_forward(x, h0, Wx, Wh, 0 * b), NO_BIAS),
        (_unrolled(x, h0, Wx, Wh, b, carry=False), NO_CARRY),
        (np.concatenate([h0[:, None], expected], axis=1), WITH_H0),
    ]
    if Wx.shape == Wh.shape:
        values.append((engine.rnn_forward(x, h0, Wh, Wx, b), SWAPPED))
    if x.shape[0] == x.shape[1]:
        values.append((engine.rnn_forward(x.transpose(1, 0, 2), h0, Wx, Wh, b), TIME_FIRST))
    return [Mistake(value, msg) for value, msg in values]


def _step_call(x, h_prev, Wx, Wh, b) -> Call:
    return Call(STEP, {"x": x, "h_prev": h_prev, "Wx": Wx, "Wh": Wh, "b": b})


def _forward_call(x, h0, Wx, Wh, b) -> Call:
    return Call(FORWARD, {"x": x, "h0": h0, "Wx": Wx, "Wh": Wh, "b": b})


def _step_check(name: Msg, x, h_prev, Wx, Wh, b) -> Check:
    def judge(results):
        from bigpicture.grader import engine

        got = array_output(results[0], STEP, label="h_next")
        mistakes = [Mistake(m.value[:, 0], m.msg) for m in _mistakes(x[:, None], h_prev, Wx, Wh, b)]
        expect_close(engine.rnn_step(x, h_prev, Wx, Wh, b), got, STEP, "h_next", mistakes)

    return Check(name, [_step_call(x, h_prev, Wx, Wh, b)], judge)


def _forward_check(name: Msg, x, h0, Wx, Wh, b) -> Check:
    def judge(results):
        from bigpicture.grader import engine

        got = array_output(results[0], FORWARD, label="h")
        expected = engine.rnn_forward(x, h0, Wx, Wh, b)
        expect_close(expected, got, FORWARD, "h", _mistakes(x, h0, Wx, Wh, b))

    return Check(name, [_forward_call(x, h0, Wx, Wh, b)], judge)


def _random_case(rng: np.random.Generator, n: int, t: int, d: int, h: int) -> tuple:
    """x: (n, t, d), h0: (n, h), Wx: (d, h), Wh: (h, h), b: (h,), scaled to keep tanh busy."""
    shapes = ((n, t, d), (n, h), (d, h), (h, h), (h,))
    return tuple(random_array(rng, shape, 0.6) for shape in shapes)


def _fixed_case() -> tuple:
    """N=2, T=3, D=3, H=2: small numbers, pre-activations on both sides of 0 and beyond 1."""
    x = np.array(
        [
            [[1.0, 0.0, -1.0], [0.5, 2.0, 0.0], [0.0, -1.0, 1.5]],
            [[-2.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 1.0, 1.0]],
        ]
    )
    h0 = np.array([[0.5, -0.5], [0.0, 1.0]])
    Wx = np.array([[1.0, -0.5], [0.3, 0.8], [-1.2, 0.4]])
    Wh = np.array([[0.9, -0.2], [0.5, 1.1]])
    b = np.array([0.1, -0.3])
    return x, h0, Wx, Wh, b


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise6, random cases drawn from ``rng``."""
    fixed = _fixed_case()
    n, t = (int(k) for k in rng.integers(2, 6, size=2))
    d, h = 3, int(rng.integers(4, 7))  # D != H, so swapped weights cannot even run
    square = int(rng.integers(3, 6))
    wide = _random_case(rng, n, t, d, h)
    same = _random_case(rng, square, square, square, square)
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
                "rnn_forward on a fixed example (N=2, T=3, D=3, H=2)",
                "정해진 예제에서 rnn_forward (N=2, T=3, D=3, H=2)",
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
            *_random_case(rng, n, 1, d, h),
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
