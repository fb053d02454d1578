"""연습 14 (8강): 기본 RNN의 시간을 거스르는 역전파(BPTT).

손실은 은닉 상태마다 두 길로 닿아요. ``dh[:, t]``를 거쳐 바로 오는 길과, 스텝 t가 만들어 낸 뒤쪽
상태들을 거쳐 오는 길이에요. 마지막 스텝부터 거꾸로 가면서, 스텝마다 뒤 스텝이 ``Wh``와 tanh의
기울기를 거쳐 돌려보낸 몫을 더하고, 자기 몫은 더 앞으로 넘겨요.
"""

import numpy as np


def rnn_backward(
    dh: np.ndarray, x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """시퀀스 전체에 대한 기본 RNN의 기울기 (BPTT).

    순전파는 연습 6의 ``h[:, t] = tanh(x[:, t] @ Wx + h_prev @ Wh + b)``이고, ``t = 0``에서
    ``h_prev = h0``예요. 캐시는 없어요. 먼저 이 순전파를 다시 돌려서, 기울기 계산에 필요한 상태
    ``h[:, t]``를 모두 구하세요.

    ``t = T - 1``부터 ``0``까지 거꾸로 가면서, ``h[:, t]``의 기울기는 ``dh[:, t]``에 스텝
    ``t + 1``이 돌려보낸 몫을 더한 값이에요. tanh를 거치면 ``da = (dh[:, t] + carry) *
    (1 - h[:, t] ** 2)``가 되고, 스텝 ``t``는 ``da @ Wh.T``를 스텝 ``t - 1``로 넘겨요.

    Args:
        dh: (N, T, H) float64. 은닉 상태 ``h[:, t]`` 각각에 대한 손실의 기울기예요.
        x: (N, T, D) float64. 입력이에요.
        h0: (N, H) float64. 처음 은닉 상태예요.
        Wx: (D, H) float64. 입력에서 은닉 상태로 가는 가중치예요.
        Wh: (H, H) float64. 은닉 상태에서 은닉 상태로 가는 가중치예요.
        b: (H,) float64. 편향.

    Returns:
        dx: (N, T, D) float64. 입력에 대한 기울기예요.
        dh0: (N, H) float64. 처음 상태에 대한 기울기로, 스텝 0이 돌려보내는 몫이에요.
        dWx: (D, H) float64. ``Wx``에 대한 기울기로, 모든 스텝에 걸쳐 더해요.
        dWh: (H, H) float64. ``Wh``에 대한 기울기로, 모든 스텝에 걸쳐 더해요.
        db: (H,) float64. ``b``에 대한 기울기로, 모든 스텝과 샘플에 걸쳐 더해요.
    """
    # TODO: 순전파를 다시 돌려 h[:, t]를 모두 구한 다음, 마지막 스텝부터 처음 스텝까지 거꾸로
    #       가면서 스텝마다 dh에 뒤 스텝이 돌려보낸 몫을 더하세요.
    raise NotImplementedError("rnn_backward")
