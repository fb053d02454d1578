"""Linear regression with a loss bowl of chosen shape, and the engine's optimizers walking it.

The descent, learning-rate and optimizer-race demos all train on this problem; what differs
between them is the bowl's shape, the optimizer and its settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from bigpicture.grader import engine


@dataclass(frozen=True)
class Regression:
    """Least squares ``loss(w) = mean((x @ w - y) ** 2) / 2`` on fixed data.

    Attributes:
        x: (N, D) inputs; ``x.T @ x / N`` is exactly ``diag(scales ** 2)``.
        y: (N,) targets.
        w_best: (D,) the minimizer.
        loss_best: the loss at ``w_best`` (0 without noise).
    """

    x: np.ndarray
    y: np.ndarray
    w_best: np.ndarray
    loss_best: float

    def losses(self, ws: np.ndarray) -> np.ndarray:
        """The loss at every row of ``ws`` (S, D); returns (S,)."""
        residuals = self.x @ np.atleast_2d(ws).T - self.y[:, None]
        return 0.5 * np.mean(residuals**2, axis=0)

    def grad(self, w: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Gradient (D,) at ``w`` (D,) on all examples, or on the examples ``rows`` (B,)."""
        x, y = (self.x, self.y) if rows is None else (self.x[rows], self.y[rows])
        return x.T @ (x @ w - y) / len(y)

    def level_set(self, excess: float, points: int = 48) -> np.ndarray:
        """Points (points, 2) on the ellipse where the loss is ``loss_best + excess`` (D = 2)."""
        curvature, axes = np.linalg.eigh(self.x.T @ self.x / len(self.y))
        angle = np.linspace(0.0, 2.0 * np.pi, points, endpoint=False)
        circle = np.stack([np.cos(angle), np.sin(angle)], axis=1)
        return self.w_best + (circle * np.sqrt(2.0 * excess / curvature)) @ axes.T


def make_regression(
    seed: int, n: int, scales: tuple[float, ...], w_true: tuple[float, ...], noise: float
) -> Regression:
    """Data whose loss curvatures are exactly ``scales ** 2`` along the weight axes.

    Args:
        seed: seeds the inputs and the noise.
        n: number of examples.
        scales: (D,) root mean square of each input; unequal scales elongate the bowl.
        w_true: (D,) the weights that generated ``y``.
        noise: standard deviation of the noise added to ``y``.
    """
    rng = np.random.default_rng(seed)
    # Orthonormal columns, so the curvatures are exactly scales**2, not just on average.
    q, _ = np.linalg.qr(rng.normal(size=(n, len(scales))))
    x = q * np.sqrt(n) * np.asarray(scales)
    y = x @ np.asarray(w_true) + noise * rng.normal(size=n)
    w_best = np.linalg.lstsq(x, y, rcond=None)[0]
    residual = x @ w_best - y
    return Regression(x, y, w_best, float(0.5 * np.mean(residual**2)))


Optimizer = Literal["sgd", "nesterov", "adagrad", "rmsprop", "adam"]


def descend(
    problem: Regression,
    w0: np.ndarray,
    steps: int,
    lr: float,
    optimizer: Optimizer = "sgd",
    momentum: float = 0.0,
    batch: int | None = None,
    seed: int = 0,
) -> np.ndarray:
    """Runs an optimizer of the engine from ``w0``; full-batch unless ``batch`` is given.

    Args:
        problem: the loss.
        w0: (D,) starting weights.
        steps: number of updates.
        lr: learning rate.
        optimizer: "sgd" or "nesterov" (with ``momentum``), "adagrad", "rmsprop" or "adam".
        momentum: SGD's (or Nesterov's) momentum factor.
        batch: minibatch size, drawn without replacement within each pass over the data.
        seed: seeds the minibatch order.

    Returns:
        path: (steps + 1, D) the weights before every step and after the last.
    """
    rng = np.random.default_rng(seed)
    n = len(problem.y)
    order = np.empty(0, dtype=np.intp)
    w = np.asarray(w0, dtype=float)
    path = np.empty((steps + 1, len(w)))
    path[0] = w
    slow = np.zeros_like(w)  # the velocity, or Adam's first moment
    fast = np.zeros_like(w)  # the squared gradients: AdaGrad's sum, RMSProp's and Adam's average
    for t in range(1, steps + 1):
        rows = None
        if batch is not None:
            if len(order) < batch:
                order = np.concatenate([order, rng.permutation(n)])
            rows, order = order[:batch], order[batch:]
        dw = problem.grad(w, rows)
        if optimizer == "adam":
            w, slow, fast = engine.adam_step(w, dw, slow, fast, t, lr=lr)
        elif optimizer == "adagrad":
            w, fast = engine.adagrad_step(w, dw, fast, lr=lr)
        elif optimizer == "rmsprop":
            w, fast = engine.rmsprop_step(w, dw, fast, lr=lr)
        elif optimizer == "nesterov":
            w, slow = engine.nesterov_step(w, dw, lr, momentum, velocity=slow)
        else:
            w, slow = engine.sgd_step(w, dw, lr, momentum=momentum, velocity=slow)
        path[t] = w
    return path


def first_below(values: np.ndarray, threshold: float) -> int | None:
    """The first index where ``values`` (S,) is below ``threshold``, or None if never."""
    hits = np.flatnonzero(values < threshold)
    return int(hits[0]) if len(hits) else None
