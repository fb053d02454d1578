"""연습 4 (6강): 역 드롭아웃(inverted dropout)의 순전파와 역전파.

훈련 데이터를 외워 버린 신경망은 과적합해요. 본 데이터에서는 잘하지만 새 데이터에서는 못해요.
드롭아웃은 훈련 걸음마다 유닛 일부를 무작위로 꺼서, 어떤 유닛도 다른 유닛에 기대지 못하게
해요.
"""

import numpy as np


def dropout_forward(
    x: np.ndarray, p: float, train: bool, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """역 드롭아웃 순전파.

    훈련 중에는 값마다 확률 ``p``로 버리고(0으로 만들고) 남은 값은 ``1 / (1 - p)``배로 키워서,
    출력의 기댓값이 입력과 같게 해요. 그래서 평가할 때는 바꿀 게 없어요. 평가 모드에서는 입력이
    그대로 지나가요. ``p``는 ``torch.nn.Dropout``처럼 '버릴' 확률이에요.

    수식(훈련)::

        mask = (x와 같은 모양의 [0, 1) 균등 난수) >= p
        out = x * mask / (1 - p)

    Args:
        x: 아무 모양, float64. 활성화 값이에요.
        p: 값마다 버릴 확률, 0 <= p < 1 (예: 0.5).
        train: 훈련 중이면 True, 평가 모드면 False예요. 평가 모드에서 드롭아웃은 아무것도 하지
            않아요.
        rng: 하나뿐인 난수 출처예요. 마스크는 ``rng.random(x.shape)``로 뽑아요. 평가
            모드에서는 전혀 쓰지 않아요.

    Returns:
        (out, mask): ``out``은 ``x``와 같은 모양의 float64 새 배열이에요. ``mask``는 ``x``와
        같은 모양의 bool 배열로, 값을 남긴 곳이 True예요(평가 모드에서는 모두 True).
    """
    # TODO: 평가 모드에서는 x의 복사본이 출력이고 모든 값이 남아요. rng는 쓰지 않아요.
    #       훈련 중에는 값마다 남길지 정한 뒤, 남은 값을 키운 출력을 구하세요. 출력과 마스크를
    #       돌려주세요.
    raise NotImplementedError("dropout_forward")


def dropout_backward(dout: np.ndarray, mask: np.ndarray, p: float) -> np.ndarray:
    """역 드롭아웃 역전파(훈련 모드).

    순전파는 값마다 ``mask / (1 - p)``를 곱했어요. 기울기 입장에서는 상수이니, 역전파도 기울기에
    똑같이 곱해요. 버린 유닛은 기울기를 받지 못하고, 남은 유닛은 ``1 / (1 - p)``배로 커진
    기울기를 받아요.

    수식: ``dx = dout * mask / (1 - p)``.

    Args:
        dout: 아무 모양, float64. 드롭아웃 출력에 대한 손실의 기울기예요.
        mask: ``dout``과 같은 모양, bool. :func:`dropout_forward`가 돌려준 마스크예요.
        p: :func:`dropout_forward`에 넣었던 바로 그 버릴 확률이에요.

    Returns:
        dx: ``dout``과 같은 모양, float64. ``x``에 대한 손실의 기울기예요.
    """
    # TODO: x에 대한 기울기를 구하세요. 순전파가 x를 키운 것과 똑같이 dout을 키우면 돼요.
    raise NotImplementedError("dropout_backward")
