"""연습 8 (3강): 안정적인 시그모이드와 그 역전파.

시그모이드의 기울기는 ``out * (1 - out)``이라서 0.25를 넘지 않아요. 깊은 시그모이드 신경망에서
기울기가 사라지는 까닭이에요. 그대로 계산하면 넘침(overflow)도 생겨요. ``exp(1000)``은 float에
담기에 너무 크거든요. 이 연습에서는 큰 양수의 지수를 한 번도 구하지 않는 형태를 만들어요.
"""

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """시그모이드 순전파. x가 얼마든 안정적이에요.

    시그모이드는 어떤 수든 (0, 1) 사이로 눌러 담아요. ``1 / (1 + exp(-x))``로 쓰면 x가 양수일
    때는 괜찮지만, x = -1000이면 ``exp(1000)``이 inf로 넘쳐요 (numpy가 경고해요). 같은 함수를
    ``exp(x) / (1 + exp(x))``로도 쓸 수 있는데, 이 형태는 x가 음수일 때 안전해요. 지수가 양수가
    아닌 쪽의 형태를 골라 쓰면 exp 값은 언제나 1 이하예요.

    수식: 원소마다 ``out = 1 / (1 + exp(-x))``. x < 0이면 ``exp(x) / (1 + exp(x))``로 계산해요.

    Args:
        x: 아무 모양, float64. 활성화 함수에 들어가기 전의 값이에요. ±1000만큼 클 수도 있어요.

    Returns:
        out: ``x``와 같은 모양, float64, [0, 1] 범위. 새 배열이고, ``x``는 바뀌지 않아요.
        아주 작은 값도 정확해야 해요: ``sigmoid(-720)``은 0이 아니라 ``exp(-720)``, 약
        2.0e-313이에요.
    """
    # TODO: 큰 양수의 exp를 한 번도 구하지 않고 원소마다 시그모이드를 구해 새 float64 배열로
    #       돌려주세요.
    raise NotImplementedError("sigmoid")


def sigmoid_backward(dout: np.ndarray, out: np.ndarray) -> np.ndarray:
    """시그모이드 역전파. 순전파의 '출력'으로 계산해요.

    시그모이드의 미분은 자기 출력으로 쓸 수 있어요. ``out = sigmoid(x)``이면
    ``d out / dx = out * (1 - out)``이에요. 그래서 이 함수는 ``x``가 아니라 :func:`sigmoid`가
    돌려준 ``out``을 받아요. exp는 전혀 필요 없어요. 기울기는 ``out = 0.5``에서 가장 크고, 그
    값이 0.25예요.

    수식: 원소마다 ``dx = dout * out * (1 - out)``.

    Args:
        dout: ``out``과 같은 모양, float64. ``out``에 대한 손실의 기울기예요.
        out: 아무 모양, float64. :func:`sigmoid`가 돌려준 값이에요 ([0, 1] 범위).

    Returns:
        dx: ``out``과 같은 모양, float64. ``x``에 대한 손실의 기울기예요.
    """
    # TODO: 위에서 온 기울기에 out으로 쓴 시그모이드의 기울기를 곱하세요.
    raise NotImplementedError("sigmoid_backward")
