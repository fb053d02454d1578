"""Checks for exercise13: max pooling, forward and backward (NCHW, as F.max_pool2d).

Each backward mistake is a choice of where a window's gradient goes and how it lands
(:func:`_backward` takes each one as an argument), so that it returns what that mistake would.
The cases keep them apart: windows that do not tile the image (5x7 with size 2), overlapping
windows (stride 1, size 3 with stride 2), C > 1 (a maximum over the channels too), random
values (no ties, so only the routing mistakes that do not depend on ties show) and a case of
small integers where windows hold tied maxima (the first one, in row-major order, gets it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

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
from bigpicture.grader.checks.diagnosis import CHANNEL, COLUMN, ROW, SAMPLE, mistakes_for
from bigpicture.grader.gradcheck import Spec
from bigpicture.grader.i18n import Msg

FORWARD, BACKWARD = "max_pool_forward", "max_pool_backward"
AXES = (SAMPLE, CHANNEL, ROW, COLUMN)
OUT_SIZE = "H_out = (H - size) // stride + 1"
ADD_BACK = "dx[:, :, i*stride : i*stride + size, j*stride : j*stride + size] += ..."

# Distinct values, the maximum of each 2x2 window in a different corner.
FIXED_X = np.array(
    [
        [1.0, 5.0, -2.0, 0.5],
        [3.0, 2.0, 4.0, -1.0],
        [0.0, -3.0, 2.5, 1.5],
        [6.0, 1.0, 0.2, 3.5],
        [-1.0, -4.0, 7.0, 2.0],
        [-2.0, -0.5, 1.0, 3.0],
        [2.0, 8.0, 0.0, 0.1],
        [1.0, 3.0, 4.5, -2.0],
    ]
).reshape(1, 2, 4, 4)
FIXED_DOUT = np.array([[[[1.0, -2.0], [0.5, 3.0]], [[-1.5, 2.0], [4.0, -0.5]]]])


@dataclass(frozen=True)
class Pool:
    """The arguments of one call: x (N, C, H, W), the window's size and the stride."""

    x: np.ndarray
    size: int
    stride: int

    def out(self) -> np.ndarray:
        """The right forward output."""
        from bigpicture.grader import engine

        return engine.max_pool_forward(self.x, self.size, self.stride)

    def dx(self, dout: np.ndarray) -> np.ndarray:
        """The right backward output."""
        from bigpicture.grader import engine

        return engine.max_pool_backward(dout, self.x, self.size, self.stride)

    def out_size(self, round_up: bool = False) -> tuple[int, int]:
        """(H_out, W_out); ``round_up`` for the mistake of a ceil."""

        def size(length: int) -> int:
            span = length - self.size
            return 1 + (-(-span // self.stride) if round_up else span // self.stride)

        return size(self.x.shape[2]), size(self.x.shape[3])

    def windows(self, step: int, x: np.ndarray | None = None) -> np.ndarray:
        """(N, C, H_out, W_out, size * size): the windows ``step`` apart, in row-major order,
        as many as the output has."""
        x = self.x if x is None else x
        views = sliding_window_view(x, (self.size, self.size), axis=(2, 3))[:, :, ::step, ::step]
        rows, cols = self.out_size()
        return views[:, :, :rows, :cols].reshape(*views.shape[:2], rows, cols, -1)


# -- forward ---------------------------------------------------------------------------------


def _average(pool: Pool) -> np.ndarray:
    return pool.windows(pool.stride).mean(axis=-1)


def _rounded_up(pool: Pool) -> np.ndarray | None:
    """A rounded-up output size: the last windows run past the border and see only part of it."""
    rows, cols = pool.out_size(round_up=True)
    if (rows, cols) == pool.out_size():
        return None
    extra = [
        (n - 1) * pool.stride + pool.size - m
        for n, m in zip((rows, cols), pool.x.shape[2:], strict=True)
    ]
    grown = np.pad(pool.x, ((0, 0), (0, 0), (0, extra[0]), (0, extra[1])), constant_values=-np.inf)
    return Pool(grown, pool.size, pool.stride).out()


def _channels_mixed(pool: Pool) -> np.ndarray | None:
    if pool.x.shape[1] < 2:
        return None
    out = pool.out()
    return np.broadcast_to(out.max(axis=1, keepdims=True), out.shape)


def _window_one_pixel(pool: Pool) -> np.ndarray | None:
    return pool.windows(1).max(axis=-1)


def _step_is_size(pool: Pool) -> np.ndarray | None:
    return Pool(pool.x, pool.size, pool.size).out()


AVERAGE = Msg(
    "It looks like each window was averaged (np.mean): max pooling keeps the largest value of "
    "each window, np.max over its rows and columns.",
    "창마다 평균(np.mean)을 낸 것 같아요: 최대 풀링은 창에서 가장 큰 값을 남겨요. 창의 행과 "
    "열에 대해 np.max를 쓰세요.",
)
ROUNDED_UP = Msg(
    "Your output has a window too many at the bottom or the right: the output size was "
    f"rounded up. It rounds down, {OUT_SIZE}, so that every window fits inside the image.",
    "아래쪽이나 오른쪽에 창이 하나 더 있어요: 출력 크기를 올림했어요. 모든 창이 이미지 "
    f"안에 들어가도록 내림해야 해요: {OUT_SIZE}.",
)
CHANNELS_MIXED = Msg(
    "It looks like the maximum was taken over the channels too, so every channel shows the "
    "same value. Pooling keeps the channels apart: take the maximum over the window's rows and "
    "columns only, e.g. window.max(axis=(2, 3)) for a window of shape (N, C, size, size).",
    "채널까지 합쳐서 최댓값을 구해서 모든 채널에 같은 값이 나온 것 같아요. 풀링은 채널을 "
    "따로 다뤄요: 창의 행과 열에 대해서만 최댓값을 구하세요. 예를 들어 (N, C, size, size) "
    "창이면 window.max(axis=(2, 3))이에요.",
)
WINDOW_ONE_PIXEL = Msg(
    "It looks like the window moves one pixel at a time whatever the stride: start window "
    "(i, j) at row i * stride and column j * stride.",
    "stride와 상관없이 창이 한 칸씩 움직이는 것 같아요: (i, j)번째 창은 i * stride행, "
    "j * stride열에서 시작해야 해요.",
)
STEP_IS_SIZE = Msg(
    "It looks like the windows moved size pixels apart, whatever stride says. They are stride "
    f"apart, so they overlap when stride < size: window (i, j) starts at (i * stride, j * "
    f"stride), and {OUT_SIZE}.",
    "stride와 상관없이 창이 size 픽셀씩 움직인 것 같아요. 창 사이 간격은 stride라서 stride < "
    "size이면 창이 겹쳐요: (i, j)번째 창은 (i * stride, j * stride)에서 시작하고, "
    f"{OUT_SIZE}예요.",
)

FORWARD_MISTAKES: list[tuple[Callable[[Pool], np.ndarray | None], Msg]] = [
    (_average, AVERAGE),
    (_rounded_up, ROUNDED_UP),
    (_channels_mixed, CHANNELS_MIXED),
    (_window_one_pixel, WINDOW_ONE_PIXEL),
    (_step_is_size, STEP_IS_SIZE),
]


# -- backward --------------------------------------------------------------------------------


def _first(flat: np.ndarray) -> np.ndarray:
    """One-hot on each window's first maximum, row-major."""
    return np.eye(flat.shape[-1])[flat.argmax(axis=-1)]


def _last(flat: np.ndarray) -> np.ndarray:
    size = flat.shape[-1]
    return np.eye(size)[size - 1 - flat[..., ::-1].argmax(axis=-1)]


def _every_tie(flat: np.ndarray) -> np.ndarray:
    return (flat == flat.max(axis=-1, keepdims=True)).astype(float)


def _row_col_swapped(flat: np.ndarray) -> np.ndarray:
    """The first maximum's row and column swapped within its window."""
    side = int(round(np.sqrt(flat.shape[-1])))
    hot = _first(flat).reshape(*flat.shape[:-1], side, side)
    return np.swapaxes(hot, -1, -2).reshape(flat.shape)


def _backward(
    pool: Pool,
    dout: np.ndarray,
    *,
    route: Callable[[np.ndarray], np.ndarray] = _first,
    step: int | None = None,
    use_dout: bool = True,
    assign: str = "",
) -> np.ndarray:
    """dx, each of the backward pass's choices replaceable by a mistake's.

    Args:
        pool: the call's arguments.
        dout: (N, C, H_out, W_out) the gradient on the output.
        route: each window's share of its gradient, by position, from its flattened values.
        step: how far apart the windows are (None: the stride).
        use_dout: False to send each window's weights (the mask) instead of weights * dout.
        assign: "" adds every window's share; "point" assigns (=) it at the positions it
            sends something to, "window" assigns the whole window, zeros included.
    """
    step = pool.stride if step is None else step
    weights = route(pool.windows(step))
    shares = weights * dout[..., None] if use_dout else weights
    dx = np.zeros_like(pool.x)
    size = pool.size
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            region = dx[:, :, i * step : i * step + size, j * step : j * step + size]
            share = shares[:, :, i, j].reshape(region.shape)
            if assign == "window":
                region[...] = share
            elif assign == "point":
                sent = weights[:, :, i, j].reshape(region.shape) != 0
                region[sent] = share[sent]
            else:
                region += share
    return dx


EVERY_TIE = Msg(
    "It looks like the gradient went to every position equal to the window's maximum (a mask "
    "window == window.max()): with ties, the same gradient is counted several times. Send it "
    "to the first maximum only, in row-major order, as PyTorch does: "
    "np.unravel_index(np.argmax(window), window.shape).",
    "창의 최댓값과 같은 모든 위치로 기울기를 보낸 것 같아요 (마스크 window == window.max()): "
    "최댓값이 여러 개면 같은 기울기가 여러 번 더해져요. PyTorch처럼 행 우선 순서에서 첫 번째 "
    "최댓값에만 보내세요: np.unravel_index(np.argmax(window), window.shape).",
)
LAST_MAX = Msg(
    "It looks like the gradient went to the last maximum of a window with ties. PyTorch, and "
    "this exercise, send it to the first in row-major order: np.argmax returns that one.",
    "최댓값이 여러 개인 창에서 기울기를 마지막 최댓값에 보낸 것 같아요. PyTorch와 이 연습은 "
    "행 우선 순서에서 첫 번째 최댓값에 보내요: np.argmax가 바로 그 위치를 돌려줘요.",
)
OVERWRITTEN = Msg(
    "It looks like overlapping windows lost gradient: `=` replaces what an earlier window gave "
    "to a pixel they share. Where windows overlap, a pixel can be the maximum of several of "
    f"them, and it gets the sum of their gradients: {ADD_BACK}.",
    "겹치는 창에서 기울기가 사라진 것 같아요: `=`가 앞선 창이 같은 픽셀에 준 값을 덮어써요. "
    "창이 겹치면 한 픽셀이 여러 창의 최댓값일 수 있고, 그 픽셀은 그 창들의 기울기를 모두 "
    f"더해 받아요: {ADD_BACK}.",
)
NO_DOUT = Msg(
    "It looks like dx is the mask of the maxima alone: dout was never used. Each window sends "
    "its own dout[n, c, i, j] to its maximum: dx = mask * dout[n, c, i, j], added.",
    "dx가 최댓값 마스크뿐인 것 같아요: dout을 쓰지 않았어요. 창마다 자기 dout[n, c, i, j]를 "
    "최댓값 자리에 보내요: dx = mask * dout[n, c, i, j]를 더하세요.",
)
AVERAGE_BACK = Msg(
    "It looks like the gradient was spread evenly over each window (dout / size**2), the "
    "backward pass of average pooling. The maximum alone produced the output: its gradient "
    "goes to the first maximum, the rest get 0.",
    "기울기를 창 전체에 고르게 (dout / size**2) 나눈 것 같아요. 평균 풀링의 역전파예요. "
    "출력을 만든 건 최댓값뿐이라 기울기는 첫 번째 최댓값으로만 가고, 나머지는 0이에요.",
)
EVERY_POSITION = Msg(
    "It looks like every pixel of a window got its dout. Only the maximum reached the output: "
    "send dout to the first maximum and 0 to the others.",
    "창의 모든 픽셀이 dout을 받은 것 같아요. 출력에 닿은 건 최댓값뿐이에요: dout은 첫 번째 "
    "최댓값에만 보내고 나머지에는 0을 주세요.",
)
ROW_COL_SWAPPED = Msg(
    "It looks like the row and the column of each window's maximum were swapped. "
    "np.argmax of a flattened size x size window k gives row k // size and column k % size "
    "(or use np.unravel_index(k, (size, size))).",
    "창마다 최댓값의 행과 열이 바뀐 것 같아요. size x size 창을 펼친 뒤의 np.argmax 값 k는 "
    "행 k // size, 열 k % size예요 (또는 np.unravel_index(k, (size, size))를 쓰세요).",
)
BACK_ONE_PIXEL = Msg(
    "It looks like the gradient went back to windows one pixel apart whatever the stride: "
    "output (i, j) came from the window at (i * stride, j * stride).",
    "stride와 상관없이 한 칸씩 떨어진 창으로 기울기를 돌려보낸 것 같아요: 출력 (i, j)는 "
    "(i * stride, j * stride)에 있는 창에서 나왔어요.",
)


def _backward_candidates(pool: Pool, dout: np.ndarray) -> Iterator[tuple[np.ndarray, Msg]]:
    """What each classic mistake of the backward pass returns, with what to tell the learner."""
    yield _backward(pool, dout, route=_every_tie), EVERY_TIE
    yield _backward(pool, dout, route=_last), LAST_MAX
    yield _backward(pool, dout, assign="point"), OVERWRITTEN
    yield _backward(pool, dout, assign="window"), OVERWRITTEN
    yield _backward(pool, dout, use_dout=False), NO_DOUT
    yield (
        _backward(pool, dout, route=lambda flat: np.full_like(flat, 1 / flat.shape[-1])),
        (AVERAGE_BACK),
    )
    yield _backward(pool, dout, route=np.ones_like), EVERY_POSITION
    yield _backward(pool, dout, route=_row_col_swapped), ROW_COL_SWAPPED
    if pool.stride > 1:
        yield _backward(pool, dout, step=1), BACK_ONE_PIXEL


# -- checks ----------------------------------------------------------------------------------


def _kwargs(pool: Pool, defaults: bool) -> dict[str, int]:
    return {} if defaults else {"size": pool.size, "stride": pool.stride}


def _forward_check(name: Msg, pool: Pool, defaults: bool = False) -> Check:
    def judge(results: list[CallResult]) -> None:
        got = array_output(results[0], FORWARD)
        expected = pool.out()
        mistakes = mistakes_for(
            expected, got, lambda: ((wrong(pool), msg) for wrong, msg in FORWARD_MISTAKES)
        )
        expect_close(expected, got, FORWARD, mistakes=mistakes, axes=AXES)

    return Check(name, [Call(FORWARD, {"x": pool.x}, _kwargs(pool, defaults))], judge)


def _backward_call(pool: Pool, dout: np.ndarray, defaults: bool = False) -> Call:
    return Call(BACKWARD, {"dout": dout, "x": pool.x}, _kwargs(pool, defaults))


def _judge_backward(
    pool: Pool, dout: np.ndarray, expected: np.ndarray, results: list[CallResult], tol: float
) -> None:
    got = array_output(results[0], BACKWARD, label="dx")
    mistakes = mistakes_for(expected, got, lambda: _backward_candidates(pool, dout))
    expect_close(expected, got, BACKWARD, "dx", mistakes, tol=tol, axes=AXES)


def _backward_check(name: Msg, pool: Pool, dout: np.ndarray, defaults: bool = False) -> Check:
    return Check(
        name,
        [_backward_call(pool, dout, defaults)],
        lambda results: _judge_backward(pool, dout, pool.dx(dout), results, limits.REL_TOL),
    )


def _numerical(pool: Pool, dout: np.ndarray) -> np.ndarray:
    """Central differences of ``sum(max_pool_forward(x) * dout)``: exact away from ties."""
    step = limits.NUMERIC_GRAD_STEP
    outputs = [Pool(moved, pool.size, pool.stride).out() for moved in nudged(pool.x, step)]
    return numerical_gradient(outputs, dout, pool.x.shape, step)


def _numerical_check(pool: Pool, dout: np.ndarray) -> Check:
    numerical = computed_once(lambda: _numerical(pool, dout))
    return Check(
        Msg(
            "max_pool_backward agrees with a numerical gradient of max_pool_forward",
            "max_pool_backward 함수가 max_pool_forward의 수치 미분과 일치",
        ),
        [_backward_call(pool, dout)],
        lambda results: _judge_backward(pool, dout, numerical(), results, limits.GRAD_REL_TOL),
    )


def _pool(rng: np.random.Generator, shape: tuple[int, ...], size: int, stride: int) -> Pool:
    return Pool(random_array(rng, shape), size, stride)


def _dout(rng: np.random.Generator, pool: Pool) -> np.ndarray:
    return random_array(rng, pool.out().shape)


def _tied(rng: np.random.Generator, shape: tuple[int, ...]) -> Pool:
    """Small integers, so that many 2x2 windows hold their maximum twice or more; window
    (0, 0) of every channel surely does, at its first and last positions."""
    x = rng.integers(0, 3, size=shape).astype(float)
    x[:, :, 0, :2] = [[3.0, 1.0]]
    x[:, :, 1, :2] = [[0.0, 3.0]]
    return Pool(x, 2, 2)


TRACEBACK_HINTS = [
    (
        "*",
        r"cannot reshape array of size \d+ into shape",
        Msg(
            "The reshape trick, x.reshape(N, C, H // size, size, W // size, size), works only "
            "when the windows tile the image: stride == size and size divides H and W. Here "
            f"they do not (a 5-pixel side with size 2, or stride < size). Loop over the output "
            f"positions instead, {OUT_SIZE}, window (i, j) starting at (i * stride, j * stride).",
            "reshape 요령 x.reshape(N, C, H // size, size, W // size, size)는 창이 이미지를 "
            "빈틈없이 나눌 때만 돼요: stride == size이고 size가 H와 W를 나누어떨어져야 해요. "
            "여기서는 아니에요 (변이 5픽셀인데 size가 2이거나, stride < size). 대신 출력 위치마다 "
            f"반복하세요: {OUT_SIZE}, (i, j)번째 창은 (i * stride, j * stride)에서 시작해요.",
        ),
    ),
    (
        BACKWARD,
        r"index \d+ is out of bounds for axis [23]",
        Msg(
            "An output index runs past dout: the output size was rounded up. It rounds down, "
            f"{OUT_SIZE}: read it from dout.shape.",
            "출력 인덱스가 dout 밖으로 넘어가요: 출력 크기를 올림했어요. 출력 크기는 내림해야 "
            f"해요: {OUT_SIZE}. dout.shape에서 읽어도 돼요.",
        ),
    ),
]


def gradcheck(rng: np.random.Generator) -> Spec:
    """`bigpicture gradcheck 13`: max_pool_backward against the learner's max_pool_forward, on
    overlapping windows (size 3, stride 2) of values at least 0.1 apart, so that no nudge of
    1e-5 moves a maximum."""
    x = rng.permutation(2 * 2 * 5 * 5).reshape(2, 2, 5, 5) * 0.1 - 5.0
    pool = Pool(x, 3, 2)
    dout = _dout(rng, pool)
    return Spec(
        forward=FORWARD,
        inputs={"x": x, "size": 3, "stride": 2},
        params=("x",),
        backward=[_backward_call(pool, dout)],
        returns=1,
        grads=(0,),
        dout=dout,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise13, random cases drawn from ``rng``."""
    n, c = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    height, width = 2 * int(rng.integers(2, 5)), 2 * int(rng.integers(2, 5))
    fixed = Pool(FIXED_X, 2, 2)
    non_tiling = _pool(rng, (n, c, 5, 7), 2, 2)
    stride_one = _pool(rng, (n, c, 5, 6), 2, 1)
    size_three = _pool(rng, (n, c, 7, 8), 3, 2)
    size_three_stride_one = _pool(rng, (1, c, 5, 5), 3, 1)
    tied = _tied(rng, (n, c, 6, 6))
    defaults = _pool(rng, (n, c, height, width), 2, 2)
    gradient = _pool(rng, (2, 2, 7, 7), 3, 2)
    untouched = _pool(rng, (2, 2, 6, 6), 3, 1)
    return [
        _forward_check(
            Msg("forward, fixed example: 2 channels of 4x4", "순전파, 정해진 예제: 4x4 채널 2개"),
            fixed,
        ),
        _forward_check(
            Msg(
                "forward on a 5x7 image: 2x2 windows do not tile it",
                "5x7 이미지에서 순전파 (2x2 창이 빈틈없이 나누지 못함)",
            ),
            non_tiling,
        ),
        _forward_check(
            Msg("forward with stride 1: overlapping windows", "stride 1인 순전파 (창이 겹침)"),
            stride_one,
        ),
        _forward_check(
            Msg(
                "forward with size 3 and stride 2 on a 7x8 image",
                "7x8 이미지에서 size 3, stride 2인 순전파",
            ),
            size_three,
        ),
        _forward_check(
            Msg("forward with size 3 and stride 1", "size 3, stride 1인 순전파"),
            size_three_stride_one,
        ),
        _forward_check(
            Msg(
                f"forward with the defaults (only x) on a {height}x{width} image",
                f"{height}x{width} 이미지에서 기본값으로 순전파 (x만 넣음)",
            ),
            defaults,
            defaults=True,
        ),
        _backward_check(Msg("backward, fixed example", "역전파, 정해진 예제"), fixed, FIXED_DOUT),
        _backward_check(
            Msg(
                "backward on a 5x7 image: 2x2 windows do not tile it",
                "5x7 이미지에서 역전파 (2x2 창이 빈틈없이 나누지 못함)",
            ),
            non_tiling,
            _dout(rng, non_tiling),
        ),
        _backward_check(
            Msg(
                "backward with stride 1: overlapping windows share pixels",
                "stride 1인 역전파 (겹치는 창이 픽셀을 나눠 가짐)",
            ),
            stride_one,
            _dout(rng, stride_one),
        ),
        _backward_check(
            Msg(
                "backward with size 3 and stride 2 on a 7x8 image",
                "7x8 이미지에서 size 3, stride 2인 역전파",
            ),
            size_three,
            _dout(rng, size_three),
        ),
        _backward_check(
            Msg(
                "backward with ties: windows of small integers hold their maximum twice",
                "최댓값이 같은 역전파: 작은 정수로 된 창에 최댓값이 두 번 들어 있음",
            ),
            tied,
            _dout(rng, tied),
        ),
        _backward_check(
            Msg(
                f"backward with the defaults (only dout and x) on a {height}x{width} image",
                f"{height}x{width} 이미지에서 기본값으로 역전파 (dout과 x만 넣음)",
            ),
            defaults,
            _dout(rng, defaults),
            defaults=True,
        ),
        _numerical_check(gradient, _dout(rng, gradient)),
        unmodified_check(
            [
                Call(FORWARD, {"x": untouched.x}, _kwargs(untouched, False)),
                _backward_call(untouched, _dout(rng, untouched)),
            ],
            "dx = np.zeros_like(x), and window.copy() before changing a window",
        ),
    ]
