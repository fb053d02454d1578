"""연습 2 (4강): 모멘텀을 쓰는 SGD 한 걸음.

경사하강법은 어느 방향으로 움직일지 알려 줘요. 기울기를 거슬러 내리막으로요. SGD는 데이터
전체가 아니라 미니배치 하나를 볼 때마다 그 걸음을 내딛고, 모멘텀은 잡음 섞인 걸음이 지그재그로
흔들리는 것을 부드럽게 다듬어요.
"""

import numpy as np


def sgd_step(
    w: np.ndarray,
    dw: np.ndarray,
    lr: float,
    momentum: float = 0.0,
    velocity: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """SGD 한 걸음(모멘텀은 쓸 수도 있고 안 쓸 수도 있어요).

    보통의 SGD는 미니배치 하나의 기울기를 거슬러 가중치를 조금 움직여요. 모멘텀은 지난 기울기를
    쌓아 둔 값(속도)을 기억해서, 같은 쪽을 향하는 걸음은 쌓이고 지그재그는 서로 상쇄되게 해요.
    ``momentum=0``이면 보통의 SGD예요. PyTorch(``torch.optim.SGD``)의 방식을 따르므로 학습률은
    기울기가 아니라 속도에 곱해요.

    수식::

        v_next = momentum * v + dw
        w_next = w - lr * v_next

    Args:
        w: 아무 모양, float64. 지금의 가중치예요.
        dw: ``w``와 같은 모양, float64. ``w``에 대한 손실의 기울기예요.
        lr: 학습률, 예: 0.1.
        momentum: 0과 1 사이, 예: 0.9. 0이면 보통의 SGD예요.
        velocity: ``w``와 같은 모양, float64. 첫 걸음 전에는 None이고, 0으로 채운 배열로 여겨요.

    Returns:
        (w_next, velocity_next): 둘 다 ``w``와 같은 모양의 float64 새 배열이에요. ``w``와
        ``velocity``는 바뀌지 않아요.
    """
    # TODO: 이전 속도(첫 걸음 전에는 0)와 기울기로 새 속도를 구하고, 그 새 속도로 새 가중치를
    #       구하세요. 둘 다 돌려주세요.
    raise NotImplementedError("sgd_step")
