"""연습 6 (8강): 기본 RNN의 한 스텝과 시퀀스 전체.

시퀀스(글, 소리, 가격)에는 순서가 있고 길이가 제각각이에요. 순환 신경망은 같은 가중치로 한
스텝씩 읽으면서, 지금까지 본 것을 요약한 은닉 상태를 들고 다녀요.
"""

import numpy as np


def rnn_step(
    x: np.ndarray, h_prev: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """기본 RNN의 타임 스텝 하나.

    새 은닉 상태는 지금의 입력과 이전 은닉 상태를 섞어서 만들어요. 두 가중치 행렬은 모든 타임
    스텝에서 같아요. ``tanh``는 상태를 -1과 1 사이에 묶어 두는데, ``Wh``를 거듭 곱하는 이 구조
    때문에 긴 시퀀스에서는 기울기가 사라지거나 폭발해요. LSTM은 바로 이 문제를 풀려고 나왔어요.

    수식: ``h_next = tanh(x @ Wx + h_prev @ Wh + b)``.

    Args:
        x: (N, D) float64. 이번 타임 스텝의 입력으로, 시퀀스마다 한 행이에요.
        h_prev: (N, H) float64. 이전 스텝의 은닉 상태예요.
        Wx: (D, H) float64. 입력에서 은닉 상태로 가는 가중치예요.
        Wh: (H, H) float64. 은닉 상태에서 은닉 상태로 가는 가중치예요.
        b: (H,) float64. 편향.

    Returns:
        h_next: (N, H) float64. 새 은닉 상태예요.
    """
    # TODO: 이번 스텝의 입력과 이전 상태로 새 은닉 상태를 구하세요.
    raise NotImplementedError("rnn_step")


def rnn_forward(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """시퀀스 전체에 기본 RNN 돌리기.

    처음 상태 ``h0``에서 시작해 타임 스텝마다 :func:`rnn_step`을 한 번씩 부르고, 각 스텝에는
    바로 앞 스텝이 만든 은닉 상태를 넘겨요. 모든 스텝이 같은 ``Wx``, ``Wh``, ``b``를 써요. 이렇게
    가중치를 나눠 쓰기 때문에 RNN 하나로 어떤 길이의 시퀀스든 읽을 수 있어요.

    수식: ``h[:, t] = rnn_step(x[:, t], h_prev, Wx, Wh, b)``. 여기서 ``h_prev``는 ``t = 0``일 때
    처음 상태 ``h0``, 그 뒤로는 ``h[:, t - 1]``이에요.

    Args:
        x: (N, T, D) float64. 스텝이 T개인 시퀀스 N개로, 스텝마다 특성이 D개예요.
        h0: (N, H) float64. 처음 은닉 상태예요.
        Wx: (D, H) float64. 입력에서 은닉 상태로 가는 가중치예요.
        Wh: (H, H) float64. 은닉 상태에서 은닉 상태로 가는 가중치예요.
        b: (H,) float64. 편향.

    Returns:
        h: (N, T, H) float64. 스텝마다의 은닉 상태예요. 처음 상태 ``h0`` 자체는 들어가지 않아요.
    """
    # TODO: 스텝마다 은닉 상태를 구하세요. 각 스텝은 바로 앞 스텝이 만든 상태에서 이어 가요.
    #       처음 상태 h0 없이 모두 돌려주세요.
    raise NotImplementedError("rnn_forward")
