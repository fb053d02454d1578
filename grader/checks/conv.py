"""Checks for exercise5: the convolution forward pass (cross-correlation, as PyTorch).

The fixed shapes make every classic mistake show on every seed: a stride that does not divide
the image (a rounded-up output size runs off the border), pad 2 and 3 (padding by one ring
only), rectangular images and kernels (height and width mixed up), C > 1 (one channel counted
instead of all of them); the random values keep two mistakes from giving the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from bigpicture.grader.calls import Call, CallResult
from bigpicture.grader.checks.common import (
    Check,
    array_output,
    expect_close,
    random_array,
    unmodified_check,
)
from bigpicture.grader.checks.diagnosis import (
    COLUMN,
    FILTER,
    ROW,
    SAMPLE,
    Candidates,
    mistakes_for,
)
from bigpicture.grader.i18n import Msg

FUNCTION = "conv_forward"
AXES = (SAMPLE, FILTER, ROW, COLUMN)
PAD_ARG = "np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))"

# Distinct values in an asymmetric 2x3 kernel, so a flipped or transposed kernel shows; F equals
# W_out (3) so that a bias added along the width axis still runs and can be recognised.
FIXED_X = np.arange(40.0).reshape(1, 2, 4, 5) % 7 - 3
FIXED_W = np.array(
    [
        [[[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]], [[0.5, 0.0, -2.0], [1.0, 1.0, 0.0]]],
        [[[0.0, 0.0, 1.0], [0.0, 0.0, 0.0]], [[-1.0, 0.0, 0.0], [0.0, 2.0, 0.0]]],
        [[[3.0, -1.0, 0.0], [2.0, 0.0, 1.0]], [[0.0, 1.0, 1.0], [-1.0, 0.0, 0.0]]],
    ]
)
FIXED_B = np.array([0.5, -1.0, 2.0])


@dataclass(frozen=True)
class Layer:
    """The arguments of one call: x (N, C, H, W), w (F, C, HH, WW), b (F,), stride, pad."""

    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    stride: int
    pad: int

    def output(self) -> np.ndarray:
        """The right output."""
        from bigpicture.grader import engine

        return engine.conv_forward(self.x, self.w, self.b, self.stride, self.pad)

    def conv(
        self,
        x: np.ndarray | None = None,
        w: np.ndarray | None = None,
        b: np.ndarray | None = None,
        stride: int | None = None,
        pad: int | None = None,
    ) -> np.ndarray | None:
        """The reference output with some arguments replaced, or None where they do not fit
        (a transposed kernel larger than the image)."""
        changed = Layer(
            self.x if x is None else x,
            self.w if w is None else w,
            self.b if b is None else b,
            self.stride if stride is None else stride,
            self.pad if pad is None else pad,
        )
        try:
            return changed.output()
        except ValueError:
            return None

    def padded_conv(self, rows: tuple[int, int], cols: tuple[int, int]) -> np.ndarray | None:
        """The output of a conv that pads x by ``rows`` (above, below) and ``cols`` (left,
        right) and sizes its output from the padded image."""
        return self.conv(x=np.pad(self.x, ((0, 0), (0, 0), rows, cols)), pad=0)

    def out_size(self, pad: int, round_up: bool = False) -> tuple[int, int]:
        """(H_out, W_out) as if padded by ``pad``; ``round_up`` for the mistake of a ceil."""

        def size(axis: int) -> int:
            span = self.x.shape[axis] + 2 * pad - self.w.shape[axis]
            return 1 + (-(-span // self.stride) if round_up else span // self.stride)

        return size(2), size(3)


def _corner(out: np.ndarray | None, size: tuple[int, int]) -> np.ndarray | None:
    return None if out is None else out[:, :, : size[0], : size[1]]


def _flipped(layer: Layer) -> np.ndarray | None:
    return layer.conv(w=layer.w[:, :, ::-1, ::-1])


def _kernel_transposed(layer: Layer) -> np.ndarray | None:
    return layer.conv(w=layer.w.transpose(0, 1, 3, 2))


def _window_one_pixel(layer: Layer) -> np.ndarray | None:
    return _corner(layer.conv(stride=1), layer.out_size(layer.pad))


def _stride_ignored(layer: Layer) -> np.ndarray | None:
    return layer.conv(stride=1)


def _rounded_up(layer: Layer) -> np.ndarray | None:
    """A rounded-up output size, with the windows that run past the border reading zeros."""
    size = layer.out_size(layer.pad, round_up=True)
    if size == layer.out_size(layer.pad):
        return None
    shapes = zip(size, layer.w.shape[2:], layer.x.shape[2:], strict=True)
    rows, cols = ((layer.pad, (n - 1) * layer.stride + k - m - layer.pad) for n, k, m in shapes)
    return layer.padded_conv(rows, cols)


def _pad_ignored(layer: Layer) -> np.ndarray | None:
    return layer.conv(pad=0)


def _one_ring(layer: Layer) -> np.ndarray | None:
    return layer.conv(pad=1) if layer.pad > 1 else None


def _padded_after(layer: Layer) -> np.ndarray | None:
    return layer.padded_conv((0, layer.pad), (0, layer.pad))


def _padded_before(layer: Layer) -> np.ndarray | None:
    return layer.padded_conv((layer.pad, 0), (layer.pad, 0))


def _padded_twice_after(layer: Layer) -> np.ndarray | None:
    return layer.padded_conv((0, 2 * layer.pad), (0, 2 * layer.pad))


def _size_without_pad(layer: Layer) -> np.ndarray | None:
    return _corner(layer.output(), layer.out_size(0))


def _no_bias(layer: Layer) -> np.ndarray:
    return replace(layer, b=np.zeros_like(layer.b)).output()


def _bias_on_width(layer: Layer) -> np.ndarray | None:
    out = _no_bias(layer)
    return out + layer.b if out.shape[3] == layer.b.size else None


def _bias_per_channel(layer: Layer) -> np.ndarray | None:
    return layer.output() + (layer.x.shape[1] - 1) * layer.b[:, None, None]


def _last_channel(layer: Layer) -> np.ndarray | None:
    return layer.conv(x=layer.x[:, -1:], w=layer.w[:, -1:])


def _first_channel(layer: Layer) -> np.ndarray | None:
    return layer.conv(x=layer.x[:, :1], w=layer.w[:, :1])


def _mean_of_window(layer: Layer) -> np.ndarray | None:
    return _no_bias(layer) / layer.w[0].size + layer.b[:, None, None]


def _mean_per_channel(layer: Layer) -> np.ndarray | None:
    return _no_bias(layer) / layer.w[0, 0].size + layer.b[:, None, None]


FLIPPED = Msg(
    "It looks like the kernel was flipped (true convolution). PyTorch's conv2d, and this "
    "exercise, use cross-correlation: multiply x_padded[..., i*stride + k, j*stride + l] by "
    "w[..., k, l] without flipping w.",
    "커널을 뒤집은 것 같아요 (진짜 합성곱). PyTorch의 conv2d와 이 연습은 교차상관을 써요: w를 "
    "뒤집지 말고 x_padded[..., i*stride + k, j*stride + l]에 w[..., k, l]을 곱하세요.",
)
KERNEL_TRANSPOSED = Msg(
    "It looks like the kernel's height and width were swapped. w has shape (F, C, HH, WW): HH "
    "goes with the rows (H), WW with the columns (W).",
    "커널의 높이와 너비가 바뀐 것 같아요. w의 shape은 (F, C, HH, WW)예요: HH는 행(H)과, WW는 "
    "열(W)과 짝이에요.",
)
WINDOW_ONE_PIXEL = Msg(
    "It looks like the window moves one pixel at a time whatever the stride: start window "
    "(i, j) at row i * stride and column j * stride.",
    "stride와 상관없이 창이 한 칸씩 움직이는 것 같아요: (i, j)번째 창은 i * stride행, "
    "j * stride열에서 시작해야 해요.",
)
ROUNDED_UP = Msg(
    "Your output has a window too many at the bottom or the right: the output size was "
    "rounded up. It rounds down, H_out = 1 + (H + 2 * pad - HH) // stride, so that every "
    "window fits inside the padded image.",
    "아래쪽이나 오른쪽에 창이 하나 더 있어요: 출력 크기를 올림했어요. 출력 크기는 내림해야 "
    "모든 창이 0을 채운 이미지 안에 들어가요: H_out = 1 + (H + 2 * pad - HH) // stride.",
)
STRIDE_IGNORED = Msg(
    "Your output has the shape of stride 1: the stride was ignored. H_out = 1 + (H + 2 * pad - "
    "HH) // stride, and window (i, j) starts at (i * stride, j * stride).",
    "출력이 stride 1일 때의 shape이에요: stride를 무시했어요. H_out = 1 + (H + 2 * pad - HH) "
    "// stride이고, (i, j)번째 창은 (i * stride, j * stride)에서 시작해요.",
)
PAD_IGNORED = Msg(
    "It looks like pad was ignored. Zero-pad x on both sides of H and W: "
    f"{PAD_ARG}, and use it in the output size.",
    f"pad를 무시한 것 같아요. x의 H와 W 양쪽에 0을 채우고 ({PAD_ARG}) 출력 크기에도 반영하세요.",
)
ONE_RING = Msg(
    "It looks like x was padded by 1 pixel whatever pad is. Add pad rows and columns of zeros "
    f"on every side: {PAD_ARG}.",
    "pad 값과 상관없이 x에 0을 1픽셀만 채운 것 같아요. 모든 변에 pad개의 행과 열을 0으로 "
    f"채우세요: {PAD_ARG}.",
)
ONE_SIDED = Msg(
    "It looks like x was padded on one side only. np.pad takes a (before, after) pair for each "
    f"axis: pad both sides of H and W: {PAD_ARG}.",
    "x의 한쪽에만 0을 채운 것 같아요. np.pad는 축마다 (앞, 뒤) 쌍을 받아요. H와 W의 양쪽을 "
    f"모두 채우세요: {PAD_ARG}.",
)
SIZE_WITHOUT_PAD = Msg(
    "It looks like x was padded but the output size leaves pad out, so the windows stop short "
    "of the bottom and right borders: H_out = 1 + (H + 2 * pad - HH) // stride, and the same "
    "for W_out.",
    "x에 0을 채웠지만 출력 크기에서 pad를 빠뜨려서 창이 아래쪽과 오른쪽 끝까지 가지 않는 것 "
    "같아요: H_out = 1 + (H + 2 * pad - HH) // stride이고, W_out도 마찬가지예요.",
)
NO_BIAS = Msg(
    "It looks like the bias was forgotten: add b[f] to every output of filter f.",
    "편향을 빠뜨린 것 같아요: 필터 f의 모든 출력에 b[f]를 더하세요.",
)
BIAS_ON_WIDTH = Msg(
    "It looks like b was added along the last (width) axis: out + b broadcasts b over W_out. "
    "Add it per filter: out + b[None, :, None, None].",
    "b가 마지막 축(너비)을 따라 더해진 것 같아요: out + b는 b를 W_out 방향으로 "
    "브로드캐스트해요. 필터마다 더하세요: out + b[None, :, None, None].",
)
BIAS_PER_CHANNEL = Msg(
    "It looks like the bias was added once per input channel (C times). Add b[f] once, after "
    "the sum over the channels.",
    "편향을 입력 채널마다 한 번씩 (C번) 더한 것 같아요. 채널에 대한 합을 다 구한 뒤 b[f]를 "
    "한 번만 더하세요.",
)
LAST_CHANNEL = Msg(
    "It looks like only the last input channel counts: in a loop over the channels, `=` "
    "replaces what the earlier channels gave. Sum over every channel: out[...] += ..., or one "
    "np.sum over C, HH and WW.",
    "마지막 입력 채널만 반영된 것 같아요: 채널 반복문 안의 `=`가 앞 채널들의 값을 덮어써요. "
    "모든 채널에 대해 더하세요: out[...] += ... 또는 C, HH, WW 축에 대한 np.sum 한 번.",
)
FIRST_CHANNEL = Msg(
    "It looks like only input channel 0 is used. A filter looks at all C channels: sum over the "
    "channels as well as over the kernel's rows and columns.",
    "입력 채널 0만 쓴 것 같아요. 필터는 C개 채널을 모두 봐요: 커널의 행과 열뿐 아니라 채널에 "
    "대해서도 더하세요.",
)
MEAN = Msg(
    "It looks like the window was averaged (np.mean) instead of summed. A filter adds up its "
    "products: np.sum(window * w[f]) + b[f].",
    "창을 더하지 않고 평균(np.mean)을 낸 것 같아요. 필터는 곱을 모두 더해요: "
    "np.sum(window * w[f]) + b[f].",
)

#: The classic mistakes: what each would return on a layer's arguments (None where it does
#: not apply) and what to tell the learner.
MISTAKES: list[tuple[Callable[[Layer], np.ndarray | None], Msg]] = [
    (_flipped, FLIPPED),
    (_kernel_transposed, KERNEL_TRANSPOSED),
    (_window_one_pixel, WINDOW_ONE_PIXEL),
    (_stride_ignored, STRIDE_IGNORED),
    (_rounded_up, ROUNDED_UP),
    (_pad_ignored, PAD_IGNORED),
    (_one_ring, ONE_RING),
    (_padded_after, ONE_SIDED),
    (_padded_before, ONE_SIDED),
    (_padded_twice_after, ONE_SIDED),
    (_size_without_pad, SIZE_WITHOUT_PAD),
    (_no_bias, NO_BIAS),
    (_bias_on_width, BIAS_ON_WIDTH),
    (_bias_per_channel, BIAS_PER_CHANNEL),
    (_last_channel, LAST_CHANNEL),
    (_first_channel, FIRST_CHANNEL),
    (_mean_of_window, MEAN),
    (_mean_per_channel, MEAN),
]


def _candidates(layer: Layer) -> Candidates:
    return ((mistake(layer), msg) for mistake, msg in MISTAKES)


# A learner's exception: "broadcast together with shapes (a,b,c) (d,e,f)" as numpy and einsum
# word it, where two arrays of a window-by-kernel product do not line up.
_SHAPES = r"broadcast together with (?:remapped )?shapes (?:\[original->remapped\]: )?"

TRACEBACK_HINTS = [
    (
        FUNCTION,
        _SHAPES + r"\(\d+(?:,\d+){3}\)\S* \(\d+,\)",
        Msg(
            "b has shape (F,), so out + b lines it up with the last axis (W_out), not with the "
            "filters. Add it per filter: out + b[None, :, None, None].",
            "b의 shape은 (F,)라서 out + b는 b를 필터가 아니라 마지막 축(W_out)에 맞춰요. "
            "필터마다 더하세요: out + b[None, :, None, None].",
        ),
    ),
    (
        FUNCTION,
        r"requested shape \(4, ?2\)",
        Msg(
            "np.pad needs one (before, after) pair for each of the 4 axes of x (N, C, H, W): "
            f"{PAD_ARG}.",
            f"np.pad에는 x의 네 축 (N, C, H, W)마다 (앞, 뒤) 쌍이 하나씩 있어야 해요: {PAD_ARG}.",
        ),
    ),
    (
        FUNCTION,
        r"'float' object cannot be interpreted as an integer|slice indices must be integers",
        Msg(
            "A size or an index is a float: in Python 3, / always gives a float. Compute the "
            "output size with floor division: H_out = 1 + (H + 2 * pad - HH) // stride.",
            "크기나 인덱스가 float이에요: 파이썬 3에서 /는 언제나 float을 돌려줘요. 출력 크기는 "
            "정수 나눗셈(//)으로 구하세요: H_out = 1 + (H + 2 * pad - HH) // stride.",
        ),
    ),
    (  # same height and width, different channels: (C', HH, WW) against (C, HH, WW)
        FUNCTION,
        _SHAPES + r"\((?:\d+,)*(\d+),(\d+),(\d+)\)\S* \((?:\d+,)*(?!\1,)\d+,\2,\3\)",
        Msg(
            "A window and the kernel have different numbers of channels: np.pad(x, pad) pads "
            f"every axis, the images and the channels too. Pad only H and W: {PAD_ARG}.",
            "창과 커널의 채널 수가 달라요: np.pad(x, pad)는 이미지와 채널 축까지 모든 축을 "
            f"채워요. H와 W만 채우세요: {PAD_ARG}.",
        ),
    ),
    (  # a window of HH x HH against a kernel of HH x WW
        FUNCTION,
        _SHAPES + r"\((?:\d+,)*(\d+),\1\)\S* \((?:\d+,)*\1,(?!\1\))\d+\)",
        Msg(
            "The window is HH x HH but the kernel is HH x WW: the kernel's height was used for "
            "its width too. A window spans WW columns: x_padded[:, :, i*stride : i*stride + HH, "
            "j*stride : j*stride + WW], and W_out = 1 + (W + 2 * pad - WW) // stride.",
            "창은 HH x HH인데 커널은 HH x WW예요: 커널의 높이를 너비에도 쓴 것 같아요. 창은 "
            "WW개의 열에 걸쳐요: x_padded[:, :, i*stride : i*stride + HH, j*stride : j*stride "
            "+ WW], W_out = 1 + (W + 2 * pad - WW) // stride.",
        ),
    ),
    (
        FUNCTION,
        _SHAPES + r"\(\d+(?:,\d+)+\)\S* \(\d+(?:,\d+)+\)|shape-mismatch for sum",
        Msg(
            "A window and the kernel differ in height or width: the last window runs past the "
            "padded image and is cut short. The output size rounds down, H_out = 1 + (H + 2 * "
            "pad - HH) // stride (never math.ceil), and x gets pad zeros on every side.",
            "창과 커널의 높이나 너비가 달라요: 마지막 창이 0을 채운 이미지 밖으로 넘어가서 "
            "잘렸어요. 출력 크기는 내림해야 해요: H_out = 1 + (H + 2 * pad - HH) // stride "
            "(math.ceil은 안 돼요). x의 모든 변에는 0을 pad개씩 채우세요.",
        ),
    ),
]


def _conv_check(
    name: Msg,
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray,
    stride: int | None = None,
    pad: int | None = None,
) -> Check:
    """One call; ``stride`` and ``pad`` are passed by keyword only when given."""
    kwargs = {key: value for key, value in (("stride", stride), ("pad", pad)) if value is not None}
    layer = Layer(x, w, b, stride or 1, pad or 0)

    def judge(results: list[CallResult]) -> None:
        got = array_output(results[0], FUNCTION)
        expected = layer.output()
        mistakes = mistakes_for(expected, got, lambda: _candidates(layer))
        expect_close(expected, got, FUNCTION, mistakes=mistakes, axes=AXES)

    return Check(name, [Call(FUNCTION, {"x": x, "w": w, "b": b}, kwargs)], judge)


def random_layer(
    rng: np.random.Generator, x_shape: tuple[int, ...], w_shape: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random x, w and b for these shapes."""
    return random_array(rng, x_shape), random_array(rng, w_shape), random_array(rng, w_shape[:1])


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise5, random cases drawn from ``rng``."""
    height, width = (int(n) for n in rng.integers(6, 10, size=2))
    untouched = random_layer(rng, (2, 2, 6, 6), (3, 2, 3, 3))
    return [
        _conv_check(
            Msg(
                "fixed example: 2 channels, 3 filters with an asymmetric 2x3 kernel",
                "정해진 예제: 채널 2개, 비대칭 2x3 커널의 필터 3개",
            ),
            FIXED_X,
            FIXED_W,
            FIXED_B,
            stride=1,
            pad=0,
        ),
        _conv_check(
            Msg(
                "stride 2 on an 8x7 image: the stride does not divide the height",
                "8x7 이미지에서 stride 2 (stride가 높이를 나누어떨어지지 않음)",
            ),
            *random_layer(rng, (2, 3, 8, 7), (4, 3, 3, 3)),
            stride=2,
            pad=0,
        ),
        _conv_check(
            Msg(
                "stride 3 with a 3x2 kernel on an 8x10 image: the stride divides neither side",
                "8x10 이미지에서 3x2 커널로 stride 3 (stride가 어느 변도 나누어떨어지지 않음)",
            ),
            *random_layer(rng, (2, 3, 8, 10), (4, 3, 3, 2)),
            stride=3,
            pad=0,
        ),
        _conv_check(
            Msg("pad 1 on a 5x6 image", "5x6 이미지에서 pad 1"),
            *random_layer(rng, (2, 2, 5, 6), (3, 2, 3, 3)),
            stride=1,
            pad=1,
        ),
        _conv_check(
            Msg("pad 2 on a 4x5 image", "4x5 이미지에서 pad 2"),
            *random_layer(rng, (2, 2, 4, 5), (3, 2, 3, 3)),
            stride=1,
            pad=2,
        ),
        _conv_check(
            Msg(
                "pad 3 and stride 2 with a 2x3 kernel on a 6x7 image",
                "6x7 이미지에서 2x3 커널로 pad 3, stride 2",
            ),
            *random_layer(rng, (1, 3, 6, 7), (2, 3, 2, 3)),
            stride=2,
            pad=3,
        ),
        _conv_check(
            Msg(
                "stride 2 and pad 1 with a non-square 3x2 kernel on a 7x10 image",
                "7x10 이미지에서 정사각형이 아닌 3x2 커널로 stride 2, pad 1",
            ),
            *random_layer(rng, (2, 3, 7, 10), (4, 3, 3, 2)),
            stride=2,
            pad=1,
        ),
        _conv_check(
            Msg(
                "random batch: N=2, C=3, 8x8 images, F=4 filters of 3x3",
                "무작위 배치: N=2, C=3, 8x8 이미지, 3x3 필터 F=4개",
            ),
            *random_layer(rng, (2, 3, 8, 8), (4, 3, 3, 3)),
            stride=1,
            pad=0,
        ),
        _conv_check(
            Msg(
                f"defaults (only x, w, b) on a {height}x{width} image",
                f"{height}x{width} 이미지에서 기본값 (x, w, b만 넣음)",
            ),
            *random_layer(rng, (1, 2, height, width), (2, 2, 3, 3)),
        ),
        _conv_check(
            Msg(
                "bias per filter: x all zeros, so filter f outputs exactly b[f] everywhere",
                "필터별 편향: x가 모두 0이라 필터 f의 출력은 모든 곳에서 정확히 b[f]",
            ),
            np.zeros((1, 2, 5, 5)),
            random_array(rng, (3, 2, 3, 3)),
            random_array(rng, (3,)) + 2.0,
            stride=1,
            pad=0,
        ),
        unmodified_check(
            [Call(FUNCTION, dict(zip("xwb", untouched, strict=True)), {"stride": 2, "pad": 1})],
            "x_padded = np.pad(x, ...), not x[...] = ...",
        ),
    ]
