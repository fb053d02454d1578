"""연습 9 (2강): 소프트맥스 교차 엔트로피의 손실과 기울기.

분류기의 마지막 층은 샘플마다 점수 K개를 내놓아요. 소프트맥스는 그 점수를 확률로 바꾸고, 교차
엔트로피는 신경망이 정답 클래스에 준 확률의 -log를 벌점으로 매겨요. 자신 있게 맞히면 0에 가깝고,
자신 있게 틀리면 커요. 기울기는 놀랄 만큼 간단해요.
"""

import numpy as np


def softmax_cross_entropy(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """소프트맥스 교차 엔트로피 손실의 평균과 그 기울기.

    소프트맥스는 행마다 계산해요: ``p[i, j] = exp(logits[i, j]) / sum_k exp(logits[i, k])``.
    샘플 i의 손실은 ``-log p[i, y[i]]``이고, ``loss``는 샘플 N개에 대한 평균이에요 (PyTorch의
    ``F.cross_entropy``와 같아요). 기울기는 ``(p - one_hot(y)) / N``이에요.

    logits가 1e4만큼 커도 동작해야 해요. 그러면 ``exp``가 inf로 넘쳐요. 먼저 행마다 최댓값을
    빼고 (한 행 전체를 같은 값만큼 옮겨도 소프트맥스는 그대로예요), 확률의 로그는 ``log(p)``
    대신 옮긴 logits에서 ``shifted - log(sum(exp(shifted)))``로 구하세요. ``p``가 0으로
    사라지면 ``log(p)``는 ``log(0)``이 되거든요.

    Args:
        logits: (N, K) float64. 샘플 N개 각각의 점수 K개예요.
        y: (N,) int. 샘플마다 정답 클래스로, ``[0, K)`` 안의 정수예요.

    Returns:
        loss: float. 손실의 평균이에요. 파이썬 float, numpy float64, 0차원 float64 배열
            (PyTorch의 0차원 텐서처럼) 모두 받아요. shape이 (1,)이나 (N,)인 배열은 안 돼요.
        dlogits: (N, K) float64. ``logits``에 대한 ``loss``의 기울기예요.
    """
    # TODO: 행마다 최댓값을 빼고, 옮긴 logits에서 로그 확률을 구하고, 정답 클래스의 -log p를
    #       평균 낸 다음 기울기를 만드세요.
    raise NotImplementedError("softmax_cross_entropy")
