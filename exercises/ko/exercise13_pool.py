"""연습 13 (7강): 최대 풀링의 순전파와 역전파.

CNN은 층이 깊어질수록 특성 맵을 줄여요. 최대 풀링은 작은 창마다 가장 큰 값만 남겨서, stride 2인
2x2 창이면 위치가 4분의 1로 줄어요. 가중치가 없고, 특성이 창 안에서 한 픽셀 움직여도 출력은
같아요.
"""

import numpy as np


def max_pool_forward(x: np.ndarray, size: int = 2, stride: int = 2) -> np.ndarray:
    """최대 풀링 순전파, ``F.max_pool2d(x, size, stride)``와 같아요.

    이미지마다 채널마다 따로 풀링해요: ``(i, j)``번째 창은 ``i * stride``행부터
    ``i * stride + size - 1``행까지, 열은 ``j * stride``부터 같은 폭을 덮고, 출력은 그 창의
    최댓값이에요. 출력 크기는 내림이라서 모든 창이 이미지 안에 들어가요. 어느 창도 닿지 않는
    끝쪽 행이나 열은 빠져요.

    수식::

        H_out = (H - size) // stride + 1
        W_out = (W - size) // stride + 1
        out[n, c, i, j] = (k, l < size에 대한 최댓값) x[n, c, i * stride + k, j * stride + l]

    Args:
        x: (N, C, H, W) float64. 채널이 C개인 이미지 N장의 배치예요.
        size: 정사각형 창의 한 변, 1 이상.
        stride: 창이 한 번에 움직이는 픽셀 수, 1 이상.

    Returns:
        out: (N, C, H_out, W_out) float64.
    """
    # TODO: 출력 크기를 구한 다음, 모든 이미지와 채널에 대해 한꺼번에 창마다 최댓값을 구하세요.
    raise NotImplementedError("max_pool_forward")


def max_pool_backward(
    dout: np.ndarray, x: np.ndarray, size: int = 2, stride: int = 2
) -> np.ndarray:
    """최대 풀링 역전파, ``max_pool_forward``의 x에 대한 기울기예요.

    출력에 닿은 건 창의 최댓값뿐이라서 ``dout[n, c, i, j]``는 그 픽셀 하나로 가고, 창의 다른
    픽셀은 그 창에서 아무것도 받지 않아요. 최댓값이 여러 개면 행 우선 순서에서 첫 번째
    최댓값으로 가요 (CPU에서의 PyTorch, 그리고 ``np.argmax``와 같아요). 창이 겹치면
    (``stride < size``) 한 픽셀이 여러 창의 최댓값일 수 있어요: 그 픽셀은 그 창들의 기울기를
    모두 더해 받아요.

    Args:
        dout: (N, C, H_out, W_out) float64. 출력에 대한 손실의 기울기예요.
        x: (N, C, H, W) float64. 순전파의 입력이에요.
        size: 순전파 창의 한 변, 1 이상.
        stride: 순전파의 stride, 1 이상.

    Returns:
        dx: (N, C, H, W) float64.
    """
    # TODO: 창마다 첫 번째 최댓값을 찾아서 dx의 그 픽셀에 그 창의 dout을 더하세요. 창의 다른
    #       픽셀은 그 창에서 아무것도 받지 않아요.
    raise NotImplementedError("max_pool_backward")
