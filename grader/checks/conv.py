"""Checks for exercise5: the convolution forward pass (cross-correlation, as PyTorch)."""

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

FUNCTION = "conv_forward"

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


def _mistakes(x, w, b, stride: int, pad: int) -> list[Mistake]:
    """The classic wrong outputs for these arguments; those whose arguments make no sense (a
    transposed kernel that no longer fits) are left out."""
    from bigpicture.grader import engine

    def conv(w=w, b=b, stride=stride, pad=pad):
        try:
            return engine.conv_forward(x, w, b, stride, pad)
        except ValueError:
            return None

    expected, no_bias, one_step = conv(), conv(b=np.zeros_like(b)), conv(stride=1)
    candidates = [
        (
            conv(w=w[:, :, ::-1, ::-1]),
            Msg(
                "It looks like the kernel was flipped (true convolution). PyTorch's conv2d, and "
                "this exercise, use cross-correlation: multiply x_padded[..., i*stride + k, "
                "j*stride + l] by w[..., k, l] without flipping w.",
                "커널을 뒤집은 것 같아요 (진짜 합성곱). PyTorch의 conv2d와 이 연습은 교차상관을 "
                "써요: w를 뒤집지 말고 x_padded[..., i*stride + k, j*stride + l]에 "
                "w[..., k, l]을 곱하세요.",
            ),
        ),
        (
            None if one_step is None else one_step[:, :, : expected.shape[2], : expected.shape[3]],
            Msg(
                "It looks like the window moves one pixel at a time whatever the stride: start "
                "window (i, j) at row i * stride and column j * stride.",
                "stride와 상관없이 창이 한 칸씩 움직이는 것 같아요: (i, j)번째 창은 "
                "i * stride행, j * stride열에서 시작해야 해요.",
            ),
        ),
        (
            one_step,
            Msg(
                "Your output has the shape of stride 1: the stride was ignored. "
                "H_out = 1 + (H + 2 * pad - HH) // stride, and window (i, j) starts at "
                "(i * stride, j * stride).",
                "출력이 stride 1일 때의 shape이에요: stride를 무시했어요. "
                "H_out = 1 + (H + 2 * pad - HH) // stride이고, (i, j)번째 창은 "
                "(i * stride, j * stride)에서 시작해요.",
            ),
        ),
        (
            conv(pad=0),
            Msg(
                "It looks like pad was ignored. Zero-pad x on both sides of H and W: "
                "np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))), and use it in the "
                "output size.",
                "pad를 무시한 것 같아요. x의 H와 W 양쪽에 0을 채우고 "
                "(np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))) 출력 크기에도 반영하세요.",
            ),
        ),
        (
            no_bias,
            Msg(
                "It looks like the bias was forgotten: add b[f] to every output of filter f.",
                "편향을 빠뜨린 것 같아요: 필터 f의 모든 출력에 b[f]를 더하세요.",
            ),
        ),
        (
            None if no_bias is None or no_bias.shape[3] != b.size else no_bias + b,
            Msg(
                "It looks like b was added along the last (width) axis: out + b broadcasts b "
                "over W_out. Add it per filter: out + b[None, :, None, None].",
                "b가 마지막 축(너비)을 따라 더해진 것 같아요: out + b는 b를 W_out 방향으로 "
                "브로드캐스트해요. 필터마다 더하세요: out + b[None, :, None, None].",
            ),
        ),
        (
            conv(w=w.transpose(0, 1, 3, 2)),
            Msg(
                "It looks like the kernel's height and width were swapped. w has shape "
                "(F, C, HH, WW): HH goes with the rows (H), WW with the columns (W).",
                "커널의 높이와 너비가 바뀐 것 같아요. w의 shape은 (F, C, HH, WW)예요: "
                "HH는 행(H)과, WW는 열(W)과 짝이에요.",
            ),
        ),
    ]
    return [Mistake(value, msg) for value, msg in candidates if value is not None]


def _conv_check(name: Msg, x, w, b, stride: int | None = None, pad: int | None = None) -> Check:
    """One call; ``stride`` and ``pad`` are passed by keyword only when given."""
    kwargs = {key: value for key, value in (("stride", stride), ("pad", pad)) if value is not None}

    def judge(results):
        from bigpicture.grader import engine

        got = array_output(results[0], FUNCTION)
        settings = {"stride": 1, "pad": 0, **kwargs}
        expected = engine.conv_forward(x, w, b, **settings)
        expect_close(expected, got, FUNCTION, mistakes=_mistakes(x, w, b, **settings))

    return Check(name, [Call(FUNCTION, {"x": x, "w": w, "b": b}, kwargs)], judge)


def _layer(rng: np.random.Generator, x_shape: tuple, w_shape: tuple) -> tuple[np.ndarray, ...]:
    """Random x, w and b for these shapes."""
    return random_array(rng, x_shape), random_array(rng, w_shape), random_array(rng, w_shape[:1])


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise5, random cases drawn from ``rng``."""
    height, width = (int(n) for n in rng.integers(6, 10, size=2))
    untouched = _layer(rng, (2, 2, 6, 6), (3, 2, 3, 3))
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
            Msg("stride 2 on a 7x7 image", "7x7 이미지에서 stride 2"),
            *_layer(rng, (2, 3, 7, 7), (4, 3, 3, 3)),
            stride=2,
            pad=0,
        ),
        _conv_check(
            Msg("pad 1 on a 5x6 image", "5x6 이미지에서 pad 1"),
            *_layer(rng, (2, 2, 5, 6), (3, 2, 3, 3)),
            stride=1,
            pad=1,
        ),
        _conv_check(
            Msg(
                "stride 2 and pad 1 with a non-square 3x2 kernel on a 7x10 image",
                "7x10 이미지에서 정사각형이 아닌 3x2 커널로 stride 2, pad 1",
            ),
            *_layer(rng, (2, 3, 7, 10), (4, 3, 3, 2)),
            stride=2,
            pad=1,
        ),
        _conv_check(
            Msg(
                "random batch: N=2, C=3, 8x8 images, F=4 filters of 3x3",
                "무작위 배치: N=2, C=3, 8x8 이미지, 3x3 필터 F=4개",
            ),
            *_layer(rng, (2, 3, 8, 8), (4, 3, 3, 3)),
            stride=1,
            pad=0,
        ),
        _conv_check(
            Msg(
                f"defaults (only x, w, b) on a {height}x{width} image",
                f"{height}x{width} 이미지에서 기본값 (x, w, b만 넣음)",
            ),
            *_layer(rng, (1, 2, height, width), (2, 2, 3, 3)),
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
