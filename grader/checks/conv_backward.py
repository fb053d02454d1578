"""Checks for exercise12: the convolution backward pass (exercise5's cross-correlation).

Every classic mistake is a choice the backward pass makes differently (:func:`_backward` takes
each one as an argument), so that it returns what that mistake would. The cases keep them
apart: exercise5's fixed layer (an asymmetric 2x3 kernel, overlapping windows), strides that
divide neither side, pad 2 and 3 (a crop by one ring, or from one side, shows), a 1x1 kernel,
C = 1, F = 1, and C == F (a kernel transposed in F and C still runs there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call, CallResult
from bigpicture.grader.checks.common import (
    Check,
    computed_once,
    expect_outputs,
    nudged,
    numerical_gradient,
    random_array,
    unmodified_check,
)
from bigpicture.grader.checks.conv import FIXED_B, FIXED_W, FIXED_X, PAD_ARG, Layer, random_layer
from bigpicture.grader.checks.diagnosis import CHANNEL, COLUMN, FILTER, ROW, SAMPLE
from bigpicture.grader.gradcheck import Spec
from bigpicture.grader.i18n import Msg

FUNCTION = "conv_backward"
AXES = {"dx": (SAMPLE, CHANNEL, ROW, COLUMN), "dw": (FILTER, CHANNEL, ROW, COLUMN)}
CROP = "dx = dx_padded[:, :, pad : pad + H, pad : pad + W]"
SPREAD = "dx_padded[:, :, i*stride : i*stride + HH, j*stride : j*stride + WW] += ..."
# A gradient of both signs on each of the fixed layer's 3 x 3 x 3 outputs.
FIXED_DOUT = (np.arange(27.0).reshape(1, 3, 3, 3) % 5 - 2) * 0.5 + np.eye(3)[None, :, :, None]


class Grads(NamedTuple):
    """What conv_backward returns, in its order."""

    dx: np.ndarray
    dw: np.ndarray
    db: np.ndarray


LABELS = Grads._fields


@dataclass(frozen=True)
class Case:
    """The arguments of one call: dout (N, F, H_out, W_out) and the forward layer's."""

    dout: np.ndarray
    layer: Layer

    def call(self, defaults: bool = False) -> Call:
        """The call; with ``defaults``, stride and pad are left out (1 and 0)."""
        layer = self.layer
        args = {"dout": self.dout, "x": layer.x, "w": layer.w, "b": layer.b}
        kwargs = {} if defaults else {"stride": layer.stride, "pad": layer.pad}
        return Call(FUNCTION, args, kwargs)

    def grads(self) -> Grads:
        """The right answer."""
        from bigpicture.grader import engine

        layer = self.layer
        dout, x, w, b = self.dout, layer.x, layer.w, layer.b
        return Grads(*engine.conv_backward(dout, x, w, b, layer.stride, layer.pad))


def _keep(w: np.ndarray) -> np.ndarray:
    return w


def _backward(
    case: Case,
    *,
    kernel: Callable[[np.ndarray], np.ndarray] = _keep,
    dx_stride: bool = True,
    dw_stride: bool = True,
    overwrite: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """dx_padded and dw, each of the backward pass's choices replaceable by a mistake's.

    Args:
        case: the call's arguments.
        kernel: the filters dx is spread through, from ``w``.
        dx_stride: window (i, j) of dx starts at (i * stride, j * stride) (False: at (i, j)).
        dw_stride: the same for the windows of x that dw reads.
        overwrite: each window's share of dx replaces what the windows before it gave.
    """
    layer, dout = case.layer, case.dout
    x_padded = np.pad(layer.x, ((0, 0), (0, 0), (layer.pad,) * 2, (layer.pad,) * 2))
    dx_padded = np.zeros_like(x_padded)
    dw = np.zeros_like(layer.w)
    spread = kernel(layer.w)
    hh, ww = layer.w.shape[2:]
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            top, left = (i * layer.stride, j * layer.stride) if dx_stride else (i, j)
            share = np.einsum("nf,fchw->nchw", dout[:, :, i, j], spread)
            if overwrite:
                dx_padded[:, :, top : top + hh, left : left + ww] = share
            else:
                dx_padded[:, :, top : top + hh, left : left + ww] += share
            top, left = (i * layer.stride, j * layer.stride) if dw_stride else (i, j)
            window = x_padded[:, :, top : top + hh, left : left + ww]
            dw += np.einsum("nf,nchw->fchw", dout[:, :, i, j], window)
    return dx_padded, dw


def _cropped(case: Case, dx_padded: np.ndarray, top: int) -> np.ndarray:
    """``dx_padded`` cropped to x's shape from row and column ``top``."""
    height, width = case.layer.x.shape[2:]
    return dx_padded[:, :, top : top + height, top : top + width]


def _dx(case: Case, **choices: Any) -> np.ndarray:
    """dx as :func:`_backward` with ``choices`` gives it, cropped."""
    dx_padded, _ = _backward(case, **choices)
    return _cropped(case, dx_padded, case.layer.pad)


def _last_filter(case: Case) -> np.ndarray:
    layer = case.layer
    only = Layer(layer.x, layer.w[-1:], layer.b[-1:], layer.stride, layer.pad)
    return Case(case.dout[:, -1:], only).grads().dx


def _transposed_in_f_and_c(case: Case) -> np.ndarray | None:
    w = case.layer.w
    if w.shape[0] != w.shape[1]:
        return None  # the einsum of such a learner does not run
    return _dx(case, kernel=lambda w: w.transpose(1, 0, 2, 3))


NOT_CROPPED = Msg(
    "It looks like dx was returned with the padded shape: x_padded's gradient includes the "
    f"pad zeros' rows and columns, which are not inputs. Crop them off: {CROP}.",
    "dx를 패딩된 shape 그대로 반환한 것 같아요: x_padded의 기울기에는 입력이 아닌 0을 채운 "
    f"행과 열이 들어 있어요. 잘라 내세요: {CROP}.",
)
CROPPED_WRONG_SIDE = Msg(
    "It looks like dx_padded was cropped from one side: the pad rows and columns are on both "
    f"sides of the image. Take the middle: {CROP}.",
    "dx_padded를 한쪽에서만 잘라 낸 것 같아요: 0을 채운 행과 열은 이미지의 양쪽에 있어요. "
    f"가운데를 가져오세요: {CROP}.",
)
DB_AXES = Msg(
    "It looks like db was summed over the wrong axes of dout (N, F, H_out, W_out). b[f] is "
    "added at every position of every image of filter f's map: db = dout.sum(axis=(0, 2, 3)).",
    "db를 dout (N, F, H_out, W_out)의 엉뚱한 축으로 더한 것 같아요. b[f]는 필터 f의 맵에서 "
    "모든 이미지의 모든 위치에 더해져요: db = dout.sum(axis=(0, 2, 3)).",
)
DW_STRIDE = Msg(
    "It looks like dw read the windows of x one pixel apart whatever the stride. Output (i, j) "
    "saw the window at row i * stride and column j * stride: dw += dout[:, :, i, j] times "
    "x_padded[:, :, i*stride : i*stride + HH, j*stride : j*stride + WW], summed over the images.",
    "dw가 stride와 상관없이 한 칸씩 떨어진 x의 창을 읽은 것 같아요. 출력 (i, j)가 본 창은 "
    "i * stride행, j * stride열에서 시작해요: dw += dout[:, :, i, j] 곱하기 "
    "x_padded[:, :, i*stride : i*stride + HH, j*stride : j*stride + WW], 이미지에 대해 합해요.",
)
DX_STRIDE = Msg(
    "It looks like dx was spread one pixel apart whatever the stride. Output (i, j) came from "
    f"the window at (i * stride, j * stride), so its gradient goes back there: {SPREAD}.",
    "dx를 stride와 상관없이 한 칸씩 떨어뜨려 퍼뜨린 것 같아요. 출력 (i, j)는 (i * stride, "
    f"j * stride)의 창에서 나왔으니 기울기도 그 자리로 돌아가요: {SPREAD}.",
)
DX_FLIPPED = Msg(
    "It looks like dx used the flipped kernel in a loop over the windows. Spreading each "
    "dout[n, f, i, j] back over its window with w[f] as it is already is the full convolution "
    "with the flipped kernel: flip only if you convolve dout as a whole, not in this loop.",
    "창마다 도는 반복문에서 dx에 뒤집힌 커널을 쓴 것 같아요. dout[n, f, i, j]를 w[f] 그대로 "
    "곱해 그 창에 퍼뜨리는 것이 이미 뒤집힌 커널과의 완전 합성곱이에요: 뒤집기는 dout 전체를 "
    "합성곱할 때만 하고, 이 반복문에서는 하지 마세요.",
)
DW_FLIPPED = Msg(
    "It looks like dw is flipped in height and width. dw[f, c, k, l] is the sum of dout[n, f, "
    "i, j] times x_padded[n, c, i*stride + k, j*stride + l]: a correlation of x with dout, "
    "nothing flipped.",
    "dw가 높이와 너비 방향으로 뒤집힌 것 같아요. dw[f, c, k, l]은 dout[n, f, i, j] 곱하기 "
    "x_padded[n, c, i*stride + k, j*stride + l]의 합이에요: x와 dout의 교차상관이고, 뒤집는 "
    "것은 없어요.",
)
OVERWRITTEN = Msg(
    "It looks like overlapping windows lost their shares of dx: `=` in the loop over the "
    "windows replaces what the windows before gave to the pixels they share. Every window a "
    f"pixel is in adds to its gradient: {SPREAD}.",
    "겹치는 창들의 dx 몫이 사라진 것 같아요: 창을 도는 반복문의 `=`가 앞선 창들이 같은 "
    "픽셀에 준 값을 덮어써요. 픽셀이 속한 모든 창이 기울기에 더해져야 해요: "
    f"{SPREAD}.",
)
LAST_FILTER = Msg(
    "It looks like only the last filter reached dx: in a loop over the filters, `=` replaces "
    "what the earlier filters gave. Every filter saw the same input: add them all, "
    "dx_padded[...] += dout[n, f, i, j] * w[f].",
    "마지막 필터만 dx에 반영된 것 같아요: 필터를 도는 반복문의 `=`가 앞 필터들의 값을 "
    "덮어써요. 모든 필터가 같은 입력을 봤으니 모두 더하세요: dx_padded[...] += "
    "dout[n, f, i, j] * w[f].",
)
TRANSPOSED_F_C = Msg(
    "It looks like dx went back through w with F and C swapped (w.transpose(1, 0, 2, 3)). w is "
    "(F, C, HH, WW): the sum runs over the filters f, and each gives back to all C channels, "
    "np.einsum('nf,fchw->nchw', dout[:, :, i, j], w).",
    "dx를 F와 C가 바뀐 w (w.transpose(1, 0, 2, 3))로 돌려보낸 것 같아요. w의 shape은 "
    "(F, C, HH, WW)예요: 필터 f에 대해 더하고, 각 필터는 C개 채널 모두에 돌려줘요, "
    "np.einsum('nf,fchw->nchw', dout[:, :, i, j], w).",
)
DIVIDED_BY_N = Msg(
    "It looks like the gradient was divided by N, the number of images. dout already holds "
    "the loss's gradient (any mean was taken in the loss): dw and db are plain sums over the "
    "images.",
    "기울기를 이미지 수 N으로 나눈 것 같아요. dout에는 이미 손실의 기울기가 들어 있어요 (평균은 "
    "손실에서 이미 냈어요): dw와 db는 이미지에 대한 그냥 합이에요.",
)


def _candidates(case: Case) -> Iterator[tuple[Grads, Msg]]:
    """What each classic mistake returns on ``case``, with what to tell the learner."""
    right = case.grads()
    dout, n, pad = case.dout, case.dout.shape[0], case.layer.pad
    dx_padded, _ = _backward(case)
    yield right._replace(dx=dx_padded), NOT_CROPPED
    yield right._replace(dx=_cropped(case, dx_padded, 0)), CROPPED_WRONG_SIDE
    yield right._replace(dx=_cropped(case, dx_padded, 2 * pad)), CROPPED_WRONG_SIDE
    for axes in ((1, 2, 3), (0,), (2, 3), (0, 2), (0, 3), (1,)):
        yield right._replace(db=dout.sum(axis=axes)), DB_AXES
    yield right._replace(dw=_backward(case, dw_stride=False)[1]), DW_STRIDE
    yield right._replace(dx=_dx(case, dx_stride=False)), DX_STRIDE
    yield right._replace(dx=_dx(case, kernel=lambda w: w[:, :, ::-1, ::-1])), DX_FLIPPED
    yield right._replace(dw=right.dw[:, :, ::-1, ::-1]), DW_FLIPPED
    yield right._replace(dx=_dx(case, overwrite=True)), OVERWRITTEN
    yield right._replace(dx=_last_filter(case)), LAST_FILTER
    transposed = _transposed_in_f_and_c(case)
    if transposed is not None:
        yield right._replace(dx=transposed), TRANSPOSED_F_C
    yield right._replace(dw=right.dw / n, db=right.db / n), DIVIDED_BY_N


def _judge(case: Case, expected: Grads, results: list[CallResult], tol: float) -> None:
    expect_outputs(
        results[0],
        FUNCTION,
        dict(zip(LABELS, expected, strict=True)),
        lambda: _candidates(case),
        tol,
        AXES,
    )


def _check(name: Msg, case: Case, defaults: bool = False) -> Check:
    return Check(
        name,
        [case.call(defaults)],
        lambda results: _judge(case, case.grads(), results, limits.REL_TOL),
    )


def _numerical(case: Case) -> Grads:
    """Central differences of ``sum(conv_forward(x, w, b) * dout)``, one argument at a time."""
    from bigpicture.grader import engine

    step = limits.NUMERIC_GRAD_STEP
    layer = case.layer
    args = {"x": layer.x, "w": layer.w, "b": layer.b}
    grads = []
    for name, value in args.items():
        outputs = [
            engine.conv_forward(**{**args, name: moved}, stride=layer.stride, pad=layer.pad)
            for moved in nudged(value, step)
        ]
        grads.append(numerical_gradient(outputs, case.dout, value.shape, step))
    return Grads(*grads)


def _numerical_check(case: Case) -> Check:
    numerical = computed_once(lambda: _numerical(case))
    return Check(
        Msg(
            "conv_backward agrees with a numerical gradient of conv_forward",
            "conv_backward 함수가 conv_forward의 수치 미분과 일치",
        ),
        [case.call()],
        lambda results: _judge(case, numerical(), results, limits.GRAD_REL_TOL),
    )


def _case(
    rng: np.random.Generator,
    x_shape: tuple[int, int, int, int],
    w_shape: tuple[int, int, int, int],
    stride: int = 1,
    pad: int = 0,
) -> Case:
    """A random layer of these shapes and a random gradient on its output."""
    layer = Layer(*random_layer(rng, x_shape, w_shape), stride, pad)
    return Case(random_array(rng, layer.output().shape), layer)


SHARE = "np.einsum('nf,fchw->nchw', dout[:, :, i, j], w)"

TRACEBACK_HINTS = [
    (  # the same first axis, a window cut short: (F, C, HH, WW) against (F, C, 2, WW)
        FUNCTION,
        r"together with shapes \((\d+)(?:,\d+)+\) \(\1(?:,\d+)+\)"
        r"|output operand with shape \((\d+),(\d+),\d+,\d+\) doesn't match the broadcast "
        r"shape \(\2,\3,",
        Msg(
            "A window and the kernel differ in shape: near the bottom or right border a window "
            "of the unpadded x is cut short. Read dw's windows from the padded input, as the "
            f"forward pass did: x_padded = {PAD_ARG}, then x_padded[:, :, i*stride : i*stride "
            "+ HH, j*stride : j*stride + WW]; spread dx into a dx_padded of the same shape.",
            "창과 커널의 shape이 달라요: 아래쪽이나 오른쪽 끝에서 패딩하지 않은 x의 창이 잘렸어요. "
            "순전파처럼 dw의 창은 패딩한 입력에서 읽으세요: x_padded = "
            f"{PAD_ARG}, 그다음 x_padded[:, :, i*stride : i*stride + HH, j*stride : j*stride "
            "+ WW]. dx도 같은 shape의 dx_padded에 퍼뜨리세요.",
        ),
    ),
    (  # an einsum or a product where the filters and the channels do not line up
        FUNCTION,
        r"remapped shapes|non-broadcastable output operand",
        Msg(
            "The filters and the channels do not line up. dout[:, :, i, j] is (N, F) and w is "
            "(F, C, HH, WW): a window's share of dx sums over the filters, "
            f"{SHARE}, (N, C, HH, WW). w is not transposed: the sum over f does what W.T does "
            "in a dense layer.",
            "필터와 채널이 맞지 않아요. dout[:, :, i, j]는 (N, F)이고 w는 (F, C, HH, WW)예요: "
            f"창 하나가 받는 dx의 몫은 필터에 대해 더한 {SHARE}, 즉 (N, C, HH, WW)예요. w는 "
            "전치하지 않아요: 완전 연결 층에서 W.T가 하는 일을 f에 대한 합이 해요.",
        ),
    ),
]


def gradcheck(rng: np.random.Generator) -> Spec:
    """`bigpicture gradcheck 12`: conv_backward against the learner's own conv_forward, which
    lives in exercise5's file (stride 2 and pad 1, so both are exercised)."""
    case = _case(rng, (2, 2, 5, 5), (3, 2, 3, 3), stride=2, pad=1)
    layer = case.layer
    return Spec(
        forward="conv_forward",
        inputs={"x": layer.x, "w": layer.w, "b": layer.b, "stride": 2, "pad": 1},
        params=("x", "w", "b"),
        backward=[case.call()],
        returns=3,
        grads=(0, 1, 2),
        dout=case.dout,
        forward_exercise="exercise5",
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise12, random cases drawn from ``rng``."""
    n, square = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    height, width = (int(v) for v in rng.integers(5, 9, size=2))
    untouched = _case(rng, (2, 2, 6, 6), (3, 2, 3, 3), stride=2, pad=1)
    return [
        _check(
            Msg(
                "fixed example: exercise5's layer (2 channels, 3 filters of 2x3)",
                "정해진 예제: 연습 5의 층 (채널 2개, 2x3 필터 3개)",
            ),
            Case(FIXED_DOUT, Layer(FIXED_X, FIXED_W, FIXED_B, 1, 0)),
        ),
        _check(
            Msg(
                "stride 2 and pad 1 on an 8x7 image: overlapping windows, the stride does not "
                "divide the width",
                "8x7 이미지에서 stride 2, pad 1 (창이 겹치고, stride가 너비를 나누어떨어지지 않음)",
            ),
            _case(rng, (2, 3, 8, 7), (4, 3, 3, 3), stride=2, pad=1),
        ),
        _check(
            Msg(
                "stride 3 with a 3x2 kernel on an 8x10 image: the stride divides neither side",
                "8x10 이미지에서 3x2 커널로 stride 3 (stride가 어느 변도 나누어떨어지지 않음)",
            ),
            _case(rng, (2, 3, 8, 10), (4, 3, 3, 2), stride=3),
        ),
        _check(
            Msg("pad 2 on a 4x5 image", "4x5 이미지에서 pad 2"),
            _case(rng, (2, 2, 4, 5), (3, 2, 3, 3), pad=2),
        ),
        _check(
            Msg(
                "pad 3 and stride 2 with a 2x3 kernel on a 6x7 image",
                "6x7 이미지에서 2x3 커널로 pad 3, stride 2",
            ),
            _case(rng, (1, 3, 6, 7), (2, 3, 2, 3), stride=2, pad=3),
        ),
        _check(
            Msg(
                "a 1x1 kernel with stride 2 and pad 1 on a 5x6 image",
                "5x6 이미지에서 1x1 커널로 stride 2, pad 1",
            ),
            _case(rng, (2, 3, 5, 6), (4, 3, 1, 1), stride=2, pad=1),
        ),
        _check(
            Msg("one input channel (C=1), 3 filters", "입력 채널 하나 (C=1), 필터 3개"),
            _case(rng, (2, 1, 6, 6), (3, 1, 3, 3), pad=1),
        ),
        _check(
            Msg("one filter (F=1) over 3 channels", "채널 3개에 필터 하나 (F=1)"),
            _case(rng, (2, 3, 6, 5), (1, 3, 2, 2), stride=2),
        ),
        _check(
            Msg(
                f"N == C == F == {square}, where F and C mixed up still runs",
                f"N == C == F == {square} (F와 C를 헷갈려도 실행됨)",
            ),
            _case(rng, (square, square, 6, 6), (square, square, 3, 3), pad=1),
        ),
        _check(
            Msg(
                f"defaults (only dout, x, w, b) on a {height}x{width} image, N={n}",
                f"{height}x{width} 이미지에서 기본값 (dout, x, w, b만 넣음), N={n}",
            ),
            _case(rng, (n, 2, height, width), (3, 2, 3, 3)),
            defaults=True,
        ),
        _numerical_check(_case(rng, (2, 2, 5, 5), (2, 2, 3, 3), stride=2, pad=1)),
        unmodified_check(
            [untouched.call()], "dx_padded = np.zeros(...) with +=, not x[...] = ... or dout *= ..."
        ),
    ]
