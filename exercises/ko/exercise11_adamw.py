"""연습 11 (6강): 가중치 감쇠를 분리한 AdamW 한 걸음.

가중치 감쇠는 걸음마다 모든 가중치를 조금씩 줄여서 과적합과 싸워요. 데이터가 계속 밀어 주는
가중치만 크게 남아요. Adam과 함께 쓸 때는 감쇠를 기울기와 떼어 놓아야 해요. 기울기에 더하면
감쇠도 ``sqrt(v)``로 나뉘어서, 기울기가 큰 가중치는 거의 감쇠되지 않거든요.
"""

import numpy as np


def adamw_step(
    w: np.ndarray,
    dw: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """AdamW 한 걸음, ``torch.optim.AdamW``와 같아요.

    먼저 가중치에 ``1 - lr * weight_decay``를 곱해 줄이고(기본값이면 0.99999배), 줄인 가중치에서
    ``dw``는 그대로 둔 채 Adam과 똑같은 걸음을 옮겨요. 감쇠는 ``m``에도 ``v``에도 들어가지 않아요.
    이게 '분리한다(decoupled)'는 뜻이에요.

    수식::

        w_decayed = w * (1 - lr * weight_decay)
        m_next = beta1 * m + (1 - beta1) * dw
        v_next = beta2 * v + (1 - beta2) * dw**2
        m_hat = m_next / (1 - beta1**t)
        v_hat = v_next / (1 - beta2**t)
        w_next = w_decayed - lr * m_hat / (sqrt(v_hat) + eps)

    Args:
        w: 아무 모양, float64. 지금의 가중치예요.
        dw: ``w``와 같은 모양, float64. ``w``에 대한 손실의 기울기예요(감쇠 항은 없어요).
        m: ``w``와 같은 모양, float64. 지난 걸음의 1차 모멘트예요(처음에는 0).
        v: ``w``와 같은 모양, float64. 지난 걸음의 2차 모멘트예요(처음에는 0).
        t: 이번 갱신이 몇 번째인지, 1부터 세요. 첫 호출에서 1, 두 번째 호출에서 2, ...
            늘리는 건 호출하는 쪽이에요.
        lr: 학습률.
        beta1: 1차 모멘트의 감쇠율.
        beta2: 2차 모멘트의 감쇠율.
        eps: 0으로 나누지 않도록 제곱근을 구한 뒤에 더하는 작은 수.
        weight_decay: 가중치가 얼마나 세게 줄어드는지예요. 걸음마다 자기 크기의
            ``lr * weight_decay``만큼 줄어요.

    Returns:
        (w_next, m_next, v_next): 모두 ``w``와 같은 모양의 float64 새 배열이에요. ``m_next``와
        ``v_next``는 편향을 보정하기 전의 모멘트예요. 다음 호출에 필요한 게 바로 이 값이에요.
    """
    # TODO: 감쇠로 가중치를 줄인 다음, 거기서 Adam의 걸음을 옮기세요. 새 가중치와 함께 보정 전의
    #       모멘트를 돌려주세요. 호출한 쪽의 배열은 바뀌면 안 돼요.
    raise NotImplementedError("adamw_step")
