"""연습 7 (1강): 완전연결(affine) 층의 순전파와 역전파.

신경망의 층은 모두 같은 단계로 시작해요. 입력의 가중합에 편향을 더하는 일을 배치 전체에 대해
행렬곱 하나로 해요. 역전파는 그 곱에 연쇄 법칙을 쓰는 일이고, 전치를 어디에 붙일지는 shape만
봐도 알 수 있어요.
"""

import numpy as np


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """완전연결(affine) 층의 순전파.

    샘플 N개 각각에 대해, 출력 M개는 저마다 입력 D개의 가중합에 자기 편향을 더한 값이에요.
    활성화 함수는 여기 없어요. 이 층은 선형 부분만이에요.

    수식: ``out = x @ w + b``. ``b``는 모든 행에 더해요.

    Args:
        x: (N, D) float64. 샘플 N개로, 샘플마다 특성이 D개예요.
        w: (D, M) float64. 가중치예요. j번째 열이 출력 j의 가중치예요.
        b: (M,) float64. 출력마다 하나씩 있는 편향이에요.

    Returns:
        out: (N, M) float64.
    """
    # TODO: 배치 전체에 대해 한 번에, 행렬곱 하나와 편향으로 구하세요.
    raise NotImplementedError("affine_forward")


def affine_backward(
    dout: np.ndarray, x: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`affine_forward`의 기울기.

    ``dout``은 ``out``에 대한 손실의 기울기예요. 기울기는 언제나 그 대상과 shape이 같고, 전치를
    어디에 붙일지도 그것만 보면 알 수 있어요. ``dx``는 (N, D)이니 ``dout`` (N, M) 곱하기
    ``w.T`` (M, D)이고, ``dw``는 (D, M)이니 ``x.T`` (D, N) 곱하기 ``dout`` (N, M)이에요.
    ``b``는 모든 행에 더해졌으니 ``db``는 ``dout``을 행 방향으로 모두 더한 값이에요.

    Args:
        dout: (N, M) float64. 위에서 내려온 기울기예요.
        x: (N, D) float64. 순전파의 입력이에요.
        w: (D, M) float64. 가중치예요.

    Returns:
        dx: (N, D) float64. ``x``에 대한 기울기예요.
        dw: (D, M) float64. ``w``에 대한 기울기예요.
        db: (M,) float64. ``b``에 대한 기울기예요.
    """
    # TODO: 기울기 세 개를 구하세요. 각각 그 대상과 shape이 같아요. dx, dw, db 순서로
    #       돌려주세요.
    raise NotImplementedError("affine_backward")
