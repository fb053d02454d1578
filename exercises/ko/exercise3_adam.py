"""연습 3 (5강): Adam 한 걸음.

학습률은 한 걸음을 얼마나 멀리 갈지 정해요. 너무 작으면 학습이 기어가고, 너무 크면 발산해요.
Adam은 가중치마다 걸음 크기를 따로 맞춰 주기 때문에 보통 가장 먼저 고르는 옵티마이저예요.
"""

import numpy as np


def adam_step(
    w: np.ndarray,
    dw: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Adam 한 걸음, ``torch.optim.Adam``과 같아요.

    Adam은 가중치마다 이동 평균을 두 개 기억해요. ``m``은 기울기의 평균(어느 쪽으로 갈지,
    모멘텀과 비슷해요)이고 ``v``는 기울기 제곱의 평균(기울기가 보통 얼마나 큰지)이에요.
    ``sqrt(v)``로 나누면 가중치마다 자기만의 걸음 크기가 생겨요. 두 평균은 0에서 시작해서 처음에는
    너무 작은데, ``1 - beta**t``로 나누어 이 편향을 바로잡아요.

    수식::

        m_next = beta1 * m + (1 - beta1) * dw
        v_next = beta2 * v + (1 - beta2) * dw**2
        m_hat = m_next / (1 - beta1**t)
        v_hat = v_next / (1 - beta2**t)
        w_next = w - lr * m_hat / (sqrt(v_hat) + eps)

    Args:
        w: 아무 모양, float64. 지금의 가중치예요.
        dw: ``w``와 같은 모양, float64. ``w``에 대한 손실의 기울기예요.
        m: ``w``와 같은 모양, float64. 지난 걸음의 1차 모멘트예요(처음에는 0).
        v: ``w``와 같은 모양, float64. 지난 걸음의 2차 모멘트예요(처음에는 0).
        t: 이번 갱신이 몇 번째인지, 1부터 세요. 첫 호출에서 1, 두 번째 호출에서 2, ...
            늘리는 건 호출하는 쪽이에요.
        lr: 학습률.
        beta1: 1차 모멘트의 감쇠율.
        beta2: 2차 모멘트의 감쇠율.
        eps: 0으로 나누지 않도록 제곱근을 구한 뒤에 더하는 작은 수.

    Returns:
        (w_next, m_next, v_next): 모두 ``w``와 같은 모양의 float64 새 배열이에요. ``m_next``와
        ``v_next``는 편향을 보정하기 전의 모멘트예요. 다음 호출에 필요한 게 바로 이 값이에요.
    """
    # TODO: 보정 전의 새 모멘트 두 개, 스텝 t에서 편향을 보정한 값, 새 가중치를 구하세요.
    #       새 가중치와 함께 보정 전의 모멘트를 돌려주세요.
    raise NotImplementedError("adam_step")
