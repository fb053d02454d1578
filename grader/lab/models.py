"""The lab's nets, built from :class:`~bigpicture.grader.lab.parts.Parts`: a dense net (MLP), a
small CNN and a recurrent classifier (RNN or LSTM). Each keeps its weights in ``params`` and
gives the loss and every weight's gradient for a batch."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from bigpicture.grader.lab.parts import Parts

Grads = dict[str, np.ndarray]


class Model(Protocol):
    params: dict[str, np.ndarray]

    def loss(
        self, x: np.ndarray, y: np.ndarray, parts: Parts, rng: np.random.Generator | None
    ) -> tuple[float, Grads]:
        """The mean loss on a batch and its gradients; dropout on when ``rng`` is given."""
        ...

    def logits(self, x: np.ndarray, parts: Parts) -> np.ndarray:
        """(N, classes) scores, in eval mode."""
        ...


def _he(rng: np.random.Generator, fan_in: int, shape: tuple[int, ...]) -> np.ndarray:
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), shape)


class MLP:
    """``depth`` hidden layers of ``width`` units: affine → activation (→ dropout), then an
    affine layer to the class scores. He-initialised whatever the activation, so that a sigmoid
    net and a ReLU net differ only in their activation.

    Args:
        inputs, classes: the sizes at both ends.
        depth, width: hidden layers and their size.
        activation: "relu" or "sigmoid".
        dropout: probability of dropping each hidden unit while training.
        rng: draws the initial weights.
    """

    def __init__(
        self,
        inputs: int,
        classes: int,
        depth: int,
        width: int,
        activation: str,
        dropout: float,
        rng: np.random.Generator,
    ) -> None:
        if activation not in ("relu", "sigmoid"):
            raise ValueError(f"activation must be relu or sigmoid, not {activation!r}")
        sizes = [inputs, *[width] * depth, classes]
        self.activation, self.dropout, self.layers = activation, dropout, len(sizes) - 1
        self.params = {}
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
            self.params[f"W{i}"] = _he(rng, a, (a, b))
            self.params[f"b{i}"] = np.zeros(b)

    def _hidden(
        self, x: np.ndarray, parts: Parts, rng: np.random.Generator | None
    ) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]]]:
        caches, h = [], x
        for i in range(self.layers - 1):
            z = parts.affine_forward(h, self.params[f"W{i}"], self.params[f"b{i}"])
            act = parts.relu(z) if self.activation == "relu" else parts.sigmoid(z)
            out, mask = act, None
            if rng is not None and self.dropout > 0:
                out, mask = parts.dropout_forward(act, self.dropout, True, rng)
            caches.append((h, z, act, mask))
            h = out
        return h, caches

    def logits(self, x: np.ndarray, parts: Parts) -> np.ndarray:
        h, _ = self._hidden(x, parts, None)
        last = self.layers - 1
        return parts.affine_forward(h, self.params[f"W{last}"], self.params[f"b{last}"])

    def loss(
        self, x: np.ndarray, y: np.ndarray, parts: Parts, rng: np.random.Generator | None
    ) -> tuple[float, Grads]:
        h, caches = self._hidden(x, parts, rng)
        last = self.layers - 1
        scores = parts.affine_forward(h, self.params[f"W{last}"], self.params[f"b{last}"])
        loss, dscores = parts.softmax_cross_entropy(scores, y)
        grads: Grads = {}
        dh, grads[f"W{last}"], grads[f"b{last}"] = parts.affine_backward(
            dscores, h, self.params[f"W{last}"]
        )
        for i in reversed(range(last)):
            h_in, z, act, mask = caches[i]
            if mask is not None:
                dh = parts.dropout_backward(dh, mask, self.dropout)
            if self.activation == "relu":
                dz = parts.relu_backward(dh, z)
            else:
                dz = parts.sigmoid_backward(dh, act)
            dh, grads[f"W{i}"], grads[f"b{i}"] = parts.affine_backward(
                dz, h_in, self.params[f"W{i}"]
            )
        return float(loss), grads


class CNN:
    """conv 3x3 (``filters`` maps, pad 1) → ReLU → 2x2 max pool → affine to the class scores,
    on (N, 1, 8, 8) images: 8 filters make 1,370 weights, as many as a 64-20-10 MLP's 1,510.

    Args:
        classes: outputs.
        filters: feature maps of the convolution.
        rng: draws the initial weights.
    """

    def __init__(self, classes: int, filters: int, rng: np.random.Generator) -> None:
        self.params = {
            "Wc": _he(rng, 9, (filters, 1, 3, 3)),
            "bc": np.zeros(filters),
            "W": _he(rng, filters * 16, (filters * 16, classes)),
            "b": np.zeros(classes),
        }

    def _features(self, x: np.ndarray, parts: Parts) -> tuple[np.ndarray, ...]:
        z = parts.conv_forward(x, self.params["Wc"], self.params["bc"], 1, 1)
        a = parts.relu(z)
        pooled = parts.max_pool_forward(a, 2, 2)
        return z, a, pooled, pooled.reshape(len(x), -1)

    def logits(self, x: np.ndarray, parts: Parts) -> np.ndarray:
        flat = self._features(x, parts)[-1]
        return parts.affine_forward(flat, self.params["W"], self.params["b"])

    def loss(
        self, x: np.ndarray, y: np.ndarray, parts: Parts, rng: np.random.Generator | None
    ) -> tuple[float, Grads]:
        z, a, pooled, flat = self._features(x, parts)
        scores = parts.affine_forward(flat, self.params["W"], self.params["b"])
        loss, dscores = parts.softmax_cross_entropy(scores, y)
        grads: Grads = {}
        dflat, grads["W"], grads["b"] = parts.affine_backward(dscores, flat, self.params["W"])
        da = parts.max_pool_backward(dflat.reshape(pooled.shape), a, 2, 2)
        dz = parts.relu_backward(da, z)
        _, grads["Wc"], grads["bc"] = parts.conv_backward(
            dz, x, self.params["Wc"], self.params["bc"], 1, 1
        )
        return float(loss), grads


class Recurrent:
    """An RNN or LSTM over the sequence, then an affine layer on its last hidden state.

    Args:
        inputs, classes: features per step, and outputs.
        hidden: size of the hidden state.
        cell: "rnn" (tanh) or "lstm" (its forget gate's bias starts at 1, as is usual).
        rng: draws the initial weights.
    """

    def __init__(
        self, inputs: int, classes: int, hidden: int, cell: str, rng: np.random.Generator
    ) -> None:
        if cell not in ("rnn", "lstm"):
            raise ValueError(f"cell must be rnn or lstm, not {cell!r}")
        gates = 4 if cell == "lstm" else 1
        self.cell = cell
        self.params = {
            "Wx": rng.normal(0.0, np.sqrt(1.0 / inputs), (inputs, gates * hidden)),
            "Wh": rng.normal(0.0, np.sqrt(1.0 / hidden), (hidden, gates * hidden)),
            "b": np.zeros(gates * hidden),
            "W": rng.normal(0.0, np.sqrt(1.0 / hidden), (hidden, classes)),
            "bo": np.zeros(classes),
        }
        if cell == "lstm":
            self.params["b"][hidden : 2 * hidden] = 1.0
        self.hidden = hidden

    def _states(self, x: np.ndarray, parts: Parts) -> tuple[np.ndarray, np.ndarray]:
        h0 = np.zeros((len(x), self.hidden))
        forward = parts.lstm_forward if self.cell == "lstm" else parts.rnn_forward
        return h0, forward(x, h0, self.params["Wx"], self.params["Wh"], self.params["b"])

    def logits(self, x: np.ndarray, parts: Parts) -> np.ndarray:
        h = self._states(x, parts)[1]
        return parts.affine_forward(h[:, -1], self.params["W"], self.params["bo"])

    def loss(
        self, x: np.ndarray, y: np.ndarray, parts: Parts, rng: np.random.Generator | None
    ) -> tuple[float, Grads]:
        h0, h = self._states(x, parts)
        scores = parts.affine_forward(h[:, -1], self.params["W"], self.params["bo"])
        loss, dscores = parts.softmax_cross_entropy(scores, y)
        grads: Grads = {}
        dlast, grads["W"], grads["bo"] = parts.affine_backward(dscores, h[:, -1], self.params["W"])
        dh = np.zeros_like(h)
        dh[:, -1] = dlast
        backward = parts.lstm_backward if self.cell == "lstm" else parts.rnn_backward
        _, _, grads["Wx"], grads["Wh"], grads["b"] = backward(
            dh, x, h0, self.params["Wx"], self.params["Wh"], self.params["b"]
        )
        return float(loss), grads
