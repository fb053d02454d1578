"""연습 9: 소프트맥스 교차 엔트로피 — Exercise 9 (lesson 2): softmax cross-entropy, the loss
and its gradient.

A classifier's last layer gives K scores per sample. Softmax turns them into probabilities, and
cross-entropy charges -log of the probability the net gave the right class: near 0 for a
confident right answer, large for a confident wrong one. Its gradient is strikingly simple.
"""

import numpy as np


def softmax_cross_entropy(logits: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """소프트맥스 교차 엔트로피 — the mean softmax cross-entropy loss and its gradient.

    Softmax over each row: ``p[i, j] = exp(logits[i, j]) / sum_k exp(logits[i, k])``. The loss
    of sample i is ``-log p[i, y[i]]``, and ``loss`` is their mean over the N samples (as
    PyTorch's ``F.cross_entropy``). The gradient is ``(p - one_hot(y)) / N``.

    It must work for logits as large as 1e4, where ``exp`` overflows to inf: subtract each
    row's maximum first (softmax does not change when a row is shifted), and take the log of
    the probabilities from the shifted logits, ``shifted - log(sum(exp(shifted)))``, rather
    than ``log(p)``, which is ``log(0)`` when ``p`` underflows.

    Args:
        logits: (N, K) float64. K scores for each of N samples.
        y: (N,) int. The right class of each sample, in ``[0, K)``.

    Returns:
        loss: float. The mean loss. A Python float, a numpy float64 and a 0-d float64 array
            (like PyTorch's 0-d tensor) are all accepted; an array of shape (1,) or (N,) is not.
        dlogits: (N, K) float64. The gradient of ``loss`` with respect to ``logits``.
    """
    # TODO: Shift each row by its maximum, take the log-probabilities from the shifted
    #       logits, average -log p of the right classes, then build the gradient.
    raise NotImplementedError("softmax_cross_entropy")
