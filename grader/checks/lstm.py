"""Checks for exercise15: one LSTM step and the LSTM over a sequence, as torch.nn.LSTM (gates
in PyTorch's order i, f, g, o; the cell starting at 0).

Every classic mistake of the step is a choice :func:`_step` takes as an argument, and every
mistake of the loop one :func:`_run` takes, so that each returns what that mistake would. The
cases keep them apart: H >= 2 and random weights (each order of the four gates, and columns
read interleaved, give other values), c_prev and h0 far from zero (a cell started at h0, or
an h taken from c_prev, shows), D != H, and T >= 3 (a reversed sequence or a state that is
not carried changes the later steps).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import numpy as np

from bigpicture.grader.calls import Call, CallResult
from bigpicture.grader.checks.common import (
    Check,
    expect_outputs,
    random_array,
    unmodified_check,
)
from bigpicture.grader.checks.diagnosis import SAMPLE, TIME, UNIT
from bigpicture.grader.checks.sequences import rnn_fixed_case
from bigpicture.grader.i18n import Msg

STEP, FORWARD = "lstm_step", "lstm_forward"
CELL = "c_next = f * c_prev + i * g"
SHOW = "h_next = o * np.tanh(c_next)"
SPLIT = "i, f, g, o = np.split(a, 4, axis=1)"

Array = np.ndarray
Activation = Callable[[Array], Array]


def _sigmoid(a: Array) -> Array:
    return 1.0 / (1.0 + np.exp(-a))


def _blocks(a: Array) -> list[Array]:
    return np.split(a, 4, axis=1)


def _cell(f: Array, c_prev: Array, i: Array, g: Array) -> Array:
    return f * c_prev + i * g


def _show(o: Array, c_next: Array, c_prev: Array) -> Array:
    return o * np.tanh(c_next)


def _step(
    x: Array,
    h_prev: Array,
    c_prev: Array,
    Wx: Array,
    Wh: Array,
    b: Array,
    *,
    order: str = "ifgo",
    split: Callable[[Array], list[Array]] = _blocks,
    gate: Activation = _sigmoid,
    candidate: Activation = np.tanh,
    cell: Callable[[Array, Array, Array, Array], Array] = _cell,
    show: Callable[[Array, Array, Array], Array] = _show,
) -> tuple[Array, Array]:
    """One LSTM step, each of its choices replaceable by a classic mistake's.

    Args:
        x, h_prev, c_prev, Wx, Wh, b: the step's arguments.
        order: which gate each block of H columns of the pre-activations holds, in order.
        split: cuts the pre-activations (N, 4H) into the four blocks.
        gate: the activation of the gates i, f and o.
        candidate: the activation of the candidate values g.
        cell: the new cell from (f, c_prev, i, g).
        show: the new hidden state from (o, c_next, c_prev).

    Returns:
        h_next, c_next: (N, H) each.
    """
    blocks = dict(zip(order, split(x @ Wx + h_prev @ Wh + b), strict=True))
    i, f, o = (gate(blocks[name]) for name in "ifo")
    c_next = cell(f, c_prev, i, candidate(blocks["g"]))
    return show(o, c_next, c_prev), c_next


def _interleaved(a: Array) -> list[Array]:
    return [a[:, k::4] for k in range(4)]


IFOG = Msg(
    "It looks like the gates were read in the order i, f, o, g (CS231n's). This exercise follows "
    f"PyTorch: the four blocks of H columns are i, f, g, o: {SPLIT}.",
    "게이트를 i, f, o, g 순서(CS231n의 순서)로 읽은 것 같아요. 이 연습은 PyTorch를 따라요: 열 "
    f"H개씩 네 덩어리의 순서는 i, f, g, o예요: {SPLIT}.",
)
FIGO = Msg(
    "It looks like the input and forget gates were swapped (f, i, g, o). PyTorch's order is i, "
    f"f, g, o: the input gate comes first. {SPLIT}.",
    "입력 게이트와 망각 게이트가 바뀐 것 같아요 (f, i, g, o). PyTorch의 순서는 i, f, g, o로 "
    f"입력 게이트가 먼저예요. {SPLIT}.",
)
INTERLEAVED = Msg(
    "It looks like the gates were taken from interleaved columns (a[:, 0::4], or a reshape to "
    f"(N, H, 4)). Each gate is a block of H neighbouring columns: {SPLIT}, or a[:, 0:H], "
    "a[:, H:2*H], ...",
    "게이트를 번갈아 놓인 열에서 꺼낸 것 같아요 (a[:, 0::4], 또는 (N, H, 4)로 reshape). 게이트 "
    f"하나는 이웃한 열 H개의 덩어리예요: {SPLIT}, 또는 a[:, 0:H], a[:, H:2*H], ...",
)
G_SIGMOID = Msg(
    "It looks like g went through a sigmoid. The candidate values are written to the cell and "
    "may be negative: g = np.tanh(...); only i, f and o are sigmoids.",
    "g에 시그모이드를 쓴 것 같아요. 후보 값 g는 셀에 쓰이는 값이라 음수일 수도 있어요: "
    "g = np.tanh(...). 시그모이드는 i, f, o에만 써요.",
)
ACTIVATIONS_SWAPPED = Msg(
    "It looks like sigmoid and tanh were swapped: the gates i, f and o are sigmoids (between 0 "
    "and 1, how much to let through) and only g is a tanh.",
    "시그모이드와 tanh가 바뀐 것 같아요: 게이트 i, f, o는 시그모이드(0과 1 사이, 얼마나 "
    "통과시킬지)이고 tanh는 g에만 써요.",
)
NO_G = Msg(
    f"It looks like the cell adds i instead of i * g. The input gate says how much of g to write: "
    f"{CELL}.",
    f"셀에 i * g 대신 i를 더한 것 같아요. 입력 게이트는 g를 얼마나 쓸지 정해요: {CELL}.",
)
NO_TANH = Msg(
    f"It looks like h_next = o * c_next, without the tanh: {SHOW}.",
    f"tanh 없이 h_next = o * c_next로 계산한 것 같아요: {SHOW}.",
)
TANH_OUTSIDE = Msg(
    f"It looks like the tanh went around the product, np.tanh(o * c_next). Squash the cell, then "
    f"gate it: {SHOW}.",
    f"tanh를 곱 전체에 씌운 것 같아요: np.tanh(o * c_next). 셀을 먼저 누른 다음 게이트를 "
    f"곱하세요: {SHOW}.",
)
FROM_C_PREV = Msg(
    f"It looks like h_next was computed from c_prev. Update the cell first, then show it: {CELL}, "
    f"then {SHOW}.",
    f"h_next를 c_prev로 계산한 것 같아요. 셀을 먼저 갱신한 다음 보여 주세요: {CELL}, 그다음 "
    f"{SHOW}.",
)
RETURNS_SWAPPED = Msg(
    "It looks like lstm_step returned (c_next, h_next). Return them in the stub's order: "
    "h_next, c_next.",
    "lstm_step 함수가 (c_next, h_next)를 반환한 것 같아요. 처음 파일의 순서대로 h_next, c_next를 "
    "반환하세요.",
)
C0_IS_H0 = Msg(
    "It looks like the cell started at h0. The cell state starts at zeros, c0 = np.zeros_like(h0), "
    "as in PyTorch; only h starts at h0.",
    "셀 상태가 h0에서 시작한 것 같아요. 셀 상태는 PyTorch처럼 0에서 시작해요: "
    "c0 = np.zeros_like(h0). h0에서 시작하는 건 h뿐이에요.",
)
RETURNS_C = Msg(
    "It looks like lstm_forward returned the cell states. Return the hidden states h, the first "
    "value lstm_step returns; the cell stays inside.",
    "lstm_forward 함수가 셀 상태를 반환한 것 같아요. lstm_step이 첫 번째로 반환하는 은닉 상태 h를 "
    "반환하세요. 셀 상태는 안에만 있어요.",
)
REVERSED = Msg(
    "It looks like the sequence was read backwards, from t = T - 1 down to 0. Step through it in "
    "order: for t in range(T).",
    "시퀀스를 t = T - 1부터 0까지 거꾸로 읽은 것 같아요. 순서대로 진행하세요: for t in range(T).",
)
C_NOT_CARRIED = Msg(
    "It looks like the cell started again from zeros at every step. Carry it: each step gets the "
    "c_next the step before it returned: h_prev, c_prev = lstm_step(x[:, t], h_prev, c_prev, ...).",
    "스텝마다 셀 상태가 0에서 다시 시작한 것 같아요. 셀 상태를 넘기세요: 각 스텝은 앞 스텝이 "
    "반환한 c_next를 받아요: h_prev, c_prev = lstm_step(x[:, t], h_prev, c_prev, ...).",
)
H_NOT_CARRIED = Msg(
    "It looks like every step started again from h0. Carry the hidden state: each step gets the "
    "h_next the step before it returned.",
    "매 스텝이 h0에서 다시 시작한 것 같아요. 은닉 상태를 넘기세요: 각 스텝은 앞 스텝이 반환한 "
    "h_next를 받아요.",
)
STATES_SWAPPED = Msg(
    "It looks like the two states were swapped between steps (c_prev, h_prev = lstm_step(...)). "
    "lstm_step returns h_next first: h_prev, c_prev = lstm_step(x[:, t], h_prev, c_prev, ...).",
    "스텝 사이에서 두 상태가 바뀐 것 같아요 (c_prev, h_prev = lstm_step(...)). lstm_step은 "
    "h_next를 먼저 반환해요: h_prev, c_prev = lstm_step(x[:, t], h_prev, c_prev, ...).",
)
LAST_STATE = Msg(
    "It looks like only the last hidden state was returned. Return the state after every step, "
    "h of shape (N, T, H).",
    "마지막 은닉 상태만 반환한 것 같아요. 모든 스텝 뒤의 상태를 반환하세요: h의 shape은 "
    "(N, T, H)예요.",
)
TIME_FIRST = Msg(
    "It looks like the states were stacked with time first, (T, N, H): use np.stack(hs, axis=1) "
    "to get (N, T, H).",
    "상태를 시간 축이 앞에 오도록 (T, N, H) 쌓은 것 같아요: np.stack(hs, axis=1)로 (N, T, H)를 "
    "만드세요.",
)

#: The classic mistakes of one step: the arguments of :func:`_step` that make it.
STEP_MISTAKES: list[tuple[dict, Msg]] = [
    ({"order": "ifog"}, IFOG),
    ({"order": "figo"}, FIGO),
    ({"split": _interleaved}, INTERLEAVED),
    ({"candidate": _sigmoid}, G_SIGMOID),
    ({"candidate": _sigmoid, "gate": np.tanh}, ACTIVATIONS_SWAPPED),
    ({"cell": lambda f, c_prev, i, g: f * c_prev + i}, NO_G),
    ({"show": lambda o, c_next, c_prev: o * c_next}, NO_TANH),
    ({"show": lambda o, c_next, c_prev: np.tanh(o * c_next)}, TANH_OUTSIDE),
    ({"show": lambda o, c_next, c_prev: o * np.tanh(c_prev)}, FROM_C_PREV),
]

Step = Callable[..., tuple[Array, Array]]


def _step_candidates(*args: Array) -> Iterator[tuple[tuple[Array, Array], Msg]]:
    for choices, msg in STEP_MISTAKES:
        yield _step(*args, **choices), msg
    h_next, c_next = _step(*args)
    yield (c_next, h_next), RETURNS_SWAPPED


def _run(
    x: Array,
    h0: Array,
    Wx: Array,
    Wh: Array,
    b: Array,
    *,
    step: Step = _step,
    c0: Array | None = None,
    carry_h: bool = True,
    carry_c: bool = True,
    swap_states: bool = False,
    backwards: bool = False,
    cells: bool = False,
) -> Array:
    """The hidden states (N, T, H) of a loop around ``step``, each of the loop's choices
    replaceable by a classic mistake's.

    Args:
        x, h0, Wx, Wh, b: the forward's arguments.
        step: the step the loop calls.
        c0: the cell the loop starts from (zeros).
        carry_h: give each step the h the step before it returned (else h0).
        carry_c: give each step the c the step before it returned (else zeros).
        swap_states: give each step the previous step's c as its h and its h as its c.
        backwards: walk from the last step to the first.
        cells: return the cell states instead of the hidden states.
    """
    start_c = np.zeros_like(h0) if c0 is None else c0
    h_prev, c_prev = h0, start_c
    out = np.empty((x.shape[0], x.shape[1], h0.shape[1]))
    for t in reversed(range(x.shape[1])) if backwards else range(x.shape[1]):
        h_next, c_next = step(x[:, t], h_prev, c_prev, Wx, Wh, b)
        out[:, t] = c_next if cells else h_next
        if swap_states:
            h_next, c_next = c_next, h_next
        h_prev = h_next if carry_h else h0
        c_prev = c_next if carry_c else start_c
    return out


def _forward_candidates(*args: Array) -> Iterator[tuple[tuple[Array], Msg]]:
    for choices, msg in STEP_MISTAKES:
        yield (_run(*args, step=partial(_step, **choices)),), msg
    x, h0 = args[:2]
    right = _run(*args)
    yield (_run(*args, c0=h0),), C0_IS_H0
    yield (_run(*args, cells=True),), RETURNS_C
    yield (_run(*args, backwards=True),), REVERSED
    yield (_run(*args, carry_c=False),), C_NOT_CARRIED
    yield (_run(*args, carry_h=False),), H_NOT_CARRIED
    yield (_run(*args, swap_states=True),), STATES_SWAPPED
    yield (right[:, -1],), LAST_STATE
    yield (right.transpose(1, 0, 2),), TIME_FIRST


TRACEBACK_HINTS = [
    (
        "*",
        r"np\.split\(\s*[^,()]+,\s*4\s*\)",
        Msg(
            "np.split(a, 4) cuts along axis 0, the samples. The gates are blocks of columns: "
            f"{SPLIT}.",
            f"np.split(a, 4)는 0번 축, 즉 샘플을 따라 잘라요. 게이트는 열의 덩어리예요: {SPLIT}.",
        ),
    ),
    (
        "*",
        r"matmul: Input operand \d has a mismatch in its core dimension",
        Msg(
            "A matrix product does not fit: x (N, D) goes through Wx (D, 4H) and h_prev (N, H) "
            "through Wh (H, 4H): a = x @ Wx + h_prev @ Wh + b, of shape (N, 4H).",
            "행렬곱의 크기가 맞지 않아요: x (N, D)는 Wx (D, 4H)를, h_prev (N, H)는 Wh (H, 4H)를 "
            "거쳐요: a = x @ Wx + h_prev @ Wh + b, shape은 (N, 4H)예요.",
        ),
    ),
]


def _step_call(*args: Array) -> Call:
    return Call(STEP, dict(zip(("x", "h_prev", "c_prev", "Wx", "Wh", "b"), args, strict=True)))


def _forward_call(*args: Array) -> Call:
    return Call(FORWARD, dict(zip(("x", "h0", "Wx", "Wh", "b"), args, strict=True)))


def _step_check(name: Msg, *args: Array) -> Check:
    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        h_next, c_next = engine.lstm_step(*args)
        expect_outputs(
            results[0],
            STEP,
            {"h_next": h_next, "c_next": c_next},
            lambda: _step_candidates(*args),
            axes={"h_next": (SAMPLE, UNIT), "c_next": (SAMPLE, UNIT)},
        )

    return Check(name, [_step_call(*args)], judge)


def _forward_check(name: Msg, *args: Array) -> Check:
    def judge(results: list[CallResult]) -> None:
        from bigpicture.grader import engine

        expect_outputs(
            results[0],
            FORWARD,
            {"h": engine.lstm_forward(*args)},
            lambda: _forward_candidates(*args),
            axes={"h": (SAMPLE, TIME, UNIT)},
        )

    return Check(name, [_forward_call(*args)], judge)


def _weights(rng: np.random.Generator, d: int, h: int) -> tuple[Array, Array, Array]:
    """Wx (d, 4h), Wh (h, 4h), b (4h,): pre-activations mostly within +-2, where every gate
    is far from both 0 and 1."""
    return (
        random_array(rng, (d, 4 * h), 0.5),
        random_array(rng, (h, 4 * h), 0.5),
        random_array(rng, (4 * h,), 0.3),
    )


def _fixed_weights() -> tuple[Array, Array, Array]:
    """D=3, H=2: small numbers of both signs, every gate's block different."""
    Wx = (np.arange(24.0).reshape(3, 8) * 5 % 11 - 5) / 5
    Wh = (np.arange(16.0).reshape(2, 8) * 3 % 7 - 3) / 4
    return Wx, Wh, np.array([0.1, -0.2, 0.3, 0.0, 0.5, -0.4, -0.1, 0.2])


def _fixed_case() -> tuple[Array, Array, Array]:
    """exercise6's example sequence cut to T=3 and its h0 (N=2, D=3, H=2), and a c_prev."""
    x, h0 = rnn_fixed_case()[:2]
    return x[:, :3], h0, np.array([[1.5, -1.0], [-0.5, 2.0]])


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise15, random cases drawn from ``rng``."""
    n, t = int(rng.integers(2, 5)), int(rng.integers(3, 6))
    h = int(rng.integers(2, 5))
    d = h + int(rng.integers(1, 3))  # D != H
    weights = _weights(rng, d, h)
    x = random_array(rng, (n, t, d))
    h0, c_prev = random_array(rng, (n, h)), random_array(rng, (n, h), 1.5)
    fixed_x, fixed_h0, fixed_c = _fixed_case()
    fixed_weights = _fixed_weights()
    return [
        _step_check(
            Msg(
                "lstm_step on a fixed example (N=2, D=3, H=2)",
                "정해진 예제에서 lstm_step (N=2, D=3, H=2)",
            ),
            fixed_x[:, 0],
            fixed_h0,
            fixed_c,
            *fixed_weights,
        ),
        _step_check(
            Msg(
                f"lstm_step on random input (N={n}, D={d}, H={h})",
                f"무작위 입력에서 lstm_step (N={n}, D={d}, H={h})",
            ),
            x[:, 0],
            h0,
            c_prev,
            *weights,
        ),
        _forward_check(
            Msg(
                "lstm_forward on a fixed example (N=2, T=3, D=3, H=2)",
                "정해진 예제에서 lstm_forward (N=2, T=3, D=3, H=2)",
            ),
            fixed_x,
            fixed_h0,
            *fixed_weights,
        ),
        _forward_check(
            Msg(
                f"lstm_forward on random input (N={n}, T={t}, D={d}, H={h})",
                f"무작위 입력에서 lstm_forward (N={n}, T={t}, D={d}, H={h})",
            ),
            x,
            h0,
            *weights,
        ),
        _forward_check(
            Msg(
                "lstm_forward with a single time step (T=1)",
                "시간 스텝이 하나인 lstm_forward (T=1)",
            ),
            random_array(rng, (n, 1, d)),
            random_array(rng, (n, h)),
            *weights,
        ),
        unmodified_check(
            [_step_call(x[:, 0], h0, c_prev, *weights), _forward_call(x, h0, *weights)],
            f"{CELL}, not c_prev *= f",
        ),
    ]
