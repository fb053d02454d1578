"""연습 5 (7강): 합성곱 층의 순전파.

이미지에는 완전 연결 층이 무시하는 구조가 있어요. 가까운 픽셀끼리 한 덩어리이고, 고양이는
어디에 있든 고양이예요. 합성곱은 작은 필터 하나를 이미지 전체에 미끄러뜨리면서 국소 영역을 보고,
모든 위치에서 같은 가중치를 나눠 써요.
"""

import numpy as np


def conv_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0
) -> np.ndarray:
    """합성곱 순전파, ``torch.nn.functional.conv2d``와 같아요.

    필터는 한 번에 ``C``개 입력 채널 전체에 걸친 ``HH x WW`` 창 하나를 보고, 원소끼리 곱한 값을
    모두 더한 뒤 편향을 더해요. 창을 ``stride`` 픽셀씩 옮기면 필터마다 출력 맵이 하나 생겨요.
    모든 가장자리에 ``pad`` 픽셀만큼 0을 덧대면 필터가 테두리까지 닿아요. PyTorch처럼 교차상관이라서
    커널을 뒤집지 않아요.

    수식::

        H_out = 1 + (H + 2 * pad - HH) // stride
        W_out = 1 + (W + 2 * pad - WW) // stride
        out[n, f, i, j] = b[f] + (c, k, l에 대한 합)
            x_padded[n, c, i * stride + k, j * stride + l] * w[f, c, k, l]

    Args:
        x: (N, C, H, W) float64. 채널이 C개인 이미지 N장의 배치예요.
        w: (F, C, HH, WW) float64. 필터 F개로, 각각 C개 채널 전체에 걸친 HH x WW예요.
        b: (F,) float64. 필터마다 편향 하나.
        stride: 창이 한 번에 움직이는 픽셀 수, 1 이상.
        pad: 양쪽에 덧댈 0의 행과 열 수, 0 이상.

    Returns:
        out: (N, F, H_out, W_out) float64.
    """
    # TODO: 출력 크기를 구한 다음, 출력 값을 하나하나 구하세요. 필터의 편향에, 필터의 가중치와
    #       그 아래 놓인 패딩된 입력 창을 곱해 모두 더한 값을 더하면 돼요.
    raise NotImplementedError("conv_forward")
