"""연습 12 (7강): 합성곱 층의 역전파.

필터의 가중치는 모든 이미지의 모든 위치에서 쓰였으니, 그 기울기는 위치마다 몫을 하나씩 모아요.
픽셀은 자기를 덮은 모든 창이 읽었으니, 그 기울기는 그 창들에서 몫을 하나씩 모아요.
"""

import numpy as np


def conv_backward(
    dout: np.ndarray, x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """합성곱 역전파, 연습 5의 ``conv_forward``의 기울기예요.

    필터 ``f``의 출력 ``(i, j)``는 ``b[f]``에, ``(i * stride, j * stride)``에 있는 ``x_padded``의
    창과 ``w[f]``를 곱해 모두 더한 값을 더한 것이었어요. 거꾸로 가면 그 창의 픽셀에는
    ``dout[n, f, i, j] * w[f]``가 더해지고, ``w[f]``에는 ``dout[n, f, i, j]`` 곱하기 그 창이,
    ``b[f]``에는 ``dout[n, f, i, j]``가 더해져요.

    수식::

        dw[f, c, k, l] = (n, i, j에 대한 합)
            dout[n, f, i, j] * x_padded[n, c, i * stride + k, j * stride + l]
        dx_padded[n, c, i * stride + k, j * stride + l] += dout[n, f, i, j] * w[f, c, k, l]
        dx = dx_padded에서 pad 행과 열을 잘라 낸 것
        db[f] = (n, i, j에 대한 합) dout[n, f, i, j]

    Args:
        dout: (N, F, H_out, W_out) float64. 순전파 출력에 대한 손실의 기울기예요.
        x: (N, C, H, W) float64. 순전파의 입력이에요.
        w: (F, C, HH, WW) float64. 필터예요.
        b: (F,) float64. 편향이에요 (기울기는 그 값에 따라 달라지지 않아요).
        stride: 순전파의 stride, 1 이상.
        pad: 순전파의 pad, 0 이상.

    Returns:
        dx: (N, C, H, W) float64. x에 대한 기울기.
        dw: (F, C, HH, WW) float64. w에 대한 기울기.
        db: (F,) float64. b에 대한 기울기.
    """
    # TODO: 순전파처럼 x를 패딩한 다음, 출력 위치 (i, j)마다 그 dout을 dw에 (본 창과 곱해서),
    #       dx_padded에 (필터와 곱해서) 더하세요. 마지막에 dx에서 패딩을 잘라 내고, db는 dout을
    #       더해서 구하세요.
    raise NotImplementedError("conv_backward")
