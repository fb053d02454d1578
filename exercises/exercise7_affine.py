"""연습 7: 완전연결(affine) 층 — Exercise 7 (lesson 1): the affine layer, forward and backward.

Every layer of a net starts with the same step: weighted sums of its inputs plus a bias, for a
whole batch at once, as one matrix product. Its backward pass is the chain rule on that product,
and the shapes alone tell you where every transpose goes.
"""

import numpy as np


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """완전연결 층의 순전파 — the forward pass of a fully connected (affine) layer.

    Each of the M outputs is a weighted sum of the D inputs plus its own bias, for each of the
    N samples. No activation here: the layer is only the linear part.

    Formula: ``out = x @ w + b``; ``b`` is added to every row.

    Args:
        x: (N, D) float64. N samples, D features each.
        w: (D, M) float64. Weights: column j holds output j's weights.
        b: (M,) float64. Biases, one per output.

    Returns:
        out: (N, M) float64.
    """
    # TODO: One matrix product and the bias, for the whole batch at once.
    raise NotImplementedError("affine_forward")


def affine_backward(
    dout: np.ndarray, x: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """완전연결 층의 역전파 — the gradients of :func:`affine_forward`.

    ``dout`` is the loss's gradient on ``out``. Each gradient has the shape of what it is the
    gradient of, and that alone says where the transposes go: ``dx`` is (N, D), so it is
    ``dout`` (N, M) times ``w.T`` (M, D); ``dw`` is (D, M), so it is ``x.T`` (D, N) times
    ``dout`` (N, M); ``b`` was added to every row, so ``db`` sums ``dout`` over the rows.

    Args:
        dout: (N, M) float64. The upstream gradient.
        x: (N, D) float64. The forward pass's inputs.
        w: (D, M) float64. The weights.

    Returns:
        dx: (N, D) float64. The gradient on ``x``.
        dw: (D, M) float64. The gradient on ``w``.
        db: (M,) float64. The gradient on ``b``.
    """
    # TODO: Three gradients, each of the shape of what it is the gradient of. Return them in
    #       the order dx, dw, db.
    raise NotImplementedError("affine_backward")
