"""연습 15 (8강): LSTM의 한 스텝과 시퀀스 전체.

LSTM은 상태를 두 개 들고 다녀요. 밖으로 보여 주는 은닉 상태 h와, 덧셈으로 갱신하는 셀 상태
c예요. 입력과 이전 h로 계산한 게이트 네 개가 셀에서 무엇을 지우고, 무엇을 쓰고, h로 얼마나
보여 줄지 정해요.
"""

import numpy as np


def lstm_step(
    x: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    Wx: np.ndarray,
    Wh: np.ndarray,
    b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch의 ``nn.LSTM``과 같은 LSTM의 타임 스텝 하나.

    곱셈 한 번으로 네 게이트의 활성화 전 값 ``a = x @ Wx + h_prev @ Wh + b``를 모두 구해요.
    shape은 (N, 4H)이고, 열 H개씩 네 덩어리가 PyTorch의 순서대로 있어요:

    - ``i = sigmoid(a[:, 0:H])``, 입력 게이트: ``g``를 얼마나 쓸지;
    - ``f = sigmoid(a[:, H:2H])``, 망각 게이트: ``c_prev``를 얼마나 남길지;
    - ``g = tanh(a[:, 2H:3H])``, 셀에 쓸 후보 값으로 -1과 1 사이;
    - ``o = sigmoid(a[:, 3H:4H])``, 출력 게이트: 셀을 h로 얼마나 보여 줄지.

    수식: ``c_next = f * c_prev + i * g``, ``h_next = o * tanh(c_next)``. 여기서
    ``sigmoid(a) = 1 / (1 + np.exp(-a))``예요.

    Args:
        x: (N, D) float64. 이번 타임 스텝의 입력이에요.
        h_prev: (N, H) float64. 이전 은닉 상태예요.
        c_prev: (N, H) float64. 이전 셀 상태예요.
        Wx: (D, 4H) float64. 입력에서 게이트로 가는 가중치로, 게이트 순서는 i, f, g, o예요.
        Wh: (H, 4H) float64. 은닉 상태에서 게이트로 가는 가중치로, 순서는 같아요.
        b: (4H,) float64. 편향으로, 순서는 같아요.

    Returns:
        h_next: (N, H) float64. 새 은닉 상태예요.
        c_next: (N, H) float64. 새 셀 상태예요.
    """
    # TODO: 곱셈 한 번으로 네 게이트를 구한 다음, 새 셀 상태와 은닉 상태를 구하세요.
    raise NotImplementedError("lstm_step")


def lstm_forward(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """시퀀스 전체에 LSTM 돌리기.

    처음 은닉 상태 ``h0``와 0으로 채운 셀 상태(PyTorch의 기본값처럼 ``c0 = 0``)에서 시작해,
    타임 스텝마다 :func:`lstm_step`을 한 번씩 부르고, 각 스텝에는 바로 앞 스텝이 만든 두 상태를
    모두 넘겨요.

    Args:
        x: (N, T, D) float64. 스텝이 T개인 시퀀스 N개로, 스텝마다 특성이 D개예요.
        h0: (N, H) float64. 처음 은닉 상태예요.
        Wx: (D, 4H) float64. 입력에서 게이트로 가는 가중치로, 게이트 순서는 i, f, g, o예요.
        Wh: (H, 4H) float64. 은닉 상태에서 게이트로 가는 가중치예요.
        b: (4H,) float64. 편향.

    Returns:
        h: (N, T, H) float64. 스텝마다의 은닉 상태예요. ``h0``는 들어가지 않고, 셀 상태는
        돌려주지 않아요.
    """
    # TODO: h0와 0인 셀에서 시작해 두 상태를 넘기며 시간 순서대로 진행하고, 은닉 상태를 모두
    #       돌려주세요.
    raise NotImplementedError("lstm_forward")
