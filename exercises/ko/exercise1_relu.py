"""연습 1 (3강): ReLU 순전파와 역전파.

깊은 신경망이 예전에 과소적합했던 까닭은 시그모이드에 있어요. 시그모이드의 기울기는 0.25를
넘지 않아서, 시그모이드 층 열 개를 거슬러 올라온 기울기는 많아야 원래의 0.25**10, 약 1e-6배만
남아요. 이 연습에서는 그 해결책인 ReLU를 만들어요.
"""

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    """ReLU 순전파.

    ReLU는 양수는 그대로 통과시키고 음수는 0으로 바꿔요. 켜진 유닛에서는 기울기가 정확히 1이라서,
    기울기가 여러 층을 거슬러 흘러도 시그모이드를 지날 때처럼 사라지지 않고 크기를 지켜요.

    수식: 원소마다 ``out = max(0, x)``.

    Args:
        x: 아무 모양, float64. 활성화 함수에 들어가기 전의 값이에요.

    Returns:
        out: ``x``와 같은 모양, float64. 새 배열이고, ``x`` 자체는 바뀌지 않아요.
    """
    # TODO: 원소마다 max(0, x)를 구해 새 배열로 돌려주세요. x 자체는 바꾸지 마세요.
    raise NotImplementedError("relu")


def relu_backward(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    """ReLU 역전파.

    유닛이 켜져 있던 곳(``x > 0``)에서는 기울기가 그대로 지나가고, 나머지 곳에서는 막혀요.
    ``x == 0``에서는 ReLU의 미분이 정의되지 않는데, PyTorch처럼 0으로 정해요.

    수식: 원소마다 ``dx = dout * 1[x > 0]``.

    Args:
        dout: ``x``와 같은 모양, float64. ``relu(x)``에 대한 손실의 기울기예요.
        x: 아무 모양, float64. :func:`relu`에 넣었던 입력이에요.

    Returns:
        dx: ``x``와 같은 모양, float64. ``x``에 대한 손실의 기울기예요.
    """
    # TODO: x에 대한 기울기를 구하세요. 유닛이 켜져 있던 곳(x > 0)은 dout, 나머지는 모두 0이에요.
    raise NotImplementedError("relu_backward")
