"""연습 10 (5강): 옵티마이저 가계도 — 네스테로프 모멘텀, AdaGrad, RMSProp을 한 걸음씩.

기본 SGD에서 가지 두 개가 뻗어 나와요. 모멘텀은 가중치가 지금까지 어느 쪽으로 가고 있었는지
기억하고, 네스테로프는 그 기억을 따라 한 걸음 앞을 내다봐요. AdaGrad는 기울기 제곱의 합으로
가중치마다 걸음 크기를 따로 정하고, RMSProp은 그 합을 차츰 잊히는 이동 평균으로 바꿔요. Adam은
두 가지를 합친 거예요.
"""

import numpy as np


def nesterov_step(
    w: np.ndarray,
    dw: np.ndarray,
    lr: float,
    momentum: float,
    velocity: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """네스테로프 모멘텀 한 걸음, ``torch.optim.SGD(nesterov=True)``와 같아요.

    속도는 기본 모멘텀과 똑같이 만들지만, 걸음은 앞을 내다봐요. 기울기에 새 속도의 ``momentum``
    배를 더한 만큼 움직여서, 마치 속도가 가중치를 이미 한 걸음 더 데려간 것처럼 걸어요. 골짜기가
    꺾이는 곳에서 이렇게 내다보면 더 일찍 브레이크를 밟게 돼서, 네스테로프는 기본 모멘텀보다 덜
    지나쳐요.

    수식::

        velocity_next = momentum * velocity + dw
        w_next = w - lr * (dw + momentum * velocity_next)

    Args:
        w: 아무 모양, float64. 지금의 가중치예요.
        dw: ``w``와 같은 모양, float64. ``w``에 대한 손실의 기울기예요.
        lr: 학습률, 예를 들어 0.1.
        momentum: 0과 1 사이, 예를 들어 0.9.
        velocity: ``w``와 같은 모양의 float64 배열, 또는 첫 걸음 전이면 None(0이라는 뜻).

    Returns:
        (w_next, velocity_next): 둘 다 ``w``와 같은 모양의 float64 새 배열이에요. ``w``와
        ``velocity``는 바꾸지 않아요.
    """
    # TODO: 새 속도(첫 걸음 전에는 0에서 시작)를 구하고, 그 속도를 따라 내다본 걸음으로 새
    #       가중치를 구하세요. 둘 다 돌려주세요.
    raise NotImplementedError("nesterov_step")


def adagrad_step(
    w: np.ndarray, dw: np.ndarray, state_sum: np.ndarray, lr: float = 1e-2, eps: float = 1e-10
) -> tuple[np.ndarray, np.ndarray]:
    """AdaGrad 한 걸음, ``torch.optim.Adagrad``와 같아요.

    가중치마다 지금까지의 기울기 제곱을 모두 더해 두고, 걸음을 그 합의 제곱근으로 나눠요. 기울기가
    큰 가중치는 작게, 기울기가 작은 가중치는 크게 걸어요. 합은 늘기만 해서 걸음은 계속 줄어요.
    기울기가 1, 1, 1, 1이면 걸음은 ``lr``의 1, 0.71, 0.58, 0.5배예요.

    수식::

        state_sum_next = state_sum + dw**2
        w_next = w - lr * dw / (sqrt(state_sum_next) + eps)

    Args:
        w: 아무 모양, float64. 지금의 가중치예요.
        dw: ``w``와 같은 모양, float64. ``w``에 대한 손실의 기울기예요.
        state_sum: ``w``와 같은 모양, float64. 지난 걸음들의 기울기 제곱의 합이에요(처음에는
            0).
        lr: 학습률.
        eps: 0으로 나누지 않도록 제곱근을 구한 뒤에 더하는 작은 수.

    Returns:
        (w_next, state_sum_next): 둘 다 ``w``와 같은 모양의 float64 새 배열이에요. ``w``와
        ``state_sum``은 바꾸지 않아요.
    """
    # TODO: 이번 기울기의 제곱을 합에 더하고, 가중치마다 lr * dw를 새 합의 제곱근(더하기 eps)으로
    #       나눈 만큼 움직이세요. 새 가중치와 새 합을 돌려주세요.
    raise NotImplementedError("adagrad_step")


def rmsprop_step(
    w: np.ndarray,
    dw: np.ndarray,
    square_avg: np.ndarray,
    lr: float = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray]:
    """RMSProp 한 걸음, ``torch.optim.RMSprop``과 같아요.

    기억이 차츰 흐려지는 AdaGrad예요. 기울기 제곱을 모두 더하는 대신 가중치마다 그 이동 평균을
    두는데, k걸음 전의 기울기는 가장 새 기울기의 ``alpha**k``배만큼만 쳐요. 걸음을 그 평균의
    제곱근으로 나누니까, 가중치마다 기울기에 맞춰 걸음 크기가 정해지면서도 끝없이 줄지는 않아요.

    수식::

        square_avg_next = alpha * square_avg + (1 - alpha) * dw**2
        w_next = w - lr * dw / (sqrt(square_avg_next) + eps)

    Args:
        w: 아무 모양, float64. 지금의 가중치예요.
        dw: ``w``와 같은 모양, float64. ``w``에 대한 손실의 기울기예요.
        square_avg: ``w``와 같은 모양, float64. 지난 걸음들의 기울기 제곱의 이동 평균이에요
            (처음에는 0).
        lr: 학습률.
        alpha: 걸음마다 이전 평균을 얼마나 남길지, 예를 들어 0.99.
        eps: 0으로 나누지 않도록 제곱근을 구한 뒤에 더하는 작은 수.

    Returns:
        (w_next, square_avg_next): 둘 다 ``w``와 같은 모양의 float64 새 배열이에요. ``w``와
        ``square_avg``는 바꾸지 않아요.
    """
    # TODO: 기울기 제곱의 이동 평균을 갱신하고, 가중치마다 lr * dw를 새 평균의 제곱근(더하기
    #       eps)으로 나눈 만큼 움직이세요. 둘 다 돌려주세요.
    raise NotImplementedError("rmsprop_step")
