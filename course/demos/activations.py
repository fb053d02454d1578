"""Lesson 3: sigmoid and ReLU, and their derivatives."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bigpicture.grader import engine
from bigpicture.grader.i18n import Msg

from .common import CachedDemo, sci


@dataclass(frozen=True)
class ActivationCurves:
    """The four curves over ``x`` (P,); every other field is (P,) too."""

    x: np.ndarray
    sigmoid: np.ndarray
    sigmoid_grad: np.ndarray
    relu: np.ndarray
    relu_grad: np.ndarray


class ActivationsDemo(CachedDemo):
    """sigmoid, ReLU and their derivatives over [-6, 6]: sigmoid' never exceeds 0.25."""

    name = "activations"
    title = Msg("Activations and their slopes", "활성화 함수와 기울기")

    def compute_state(self, state: tuple[()]) -> ActivationCurves:
        x = np.linspace(-6.0, 6.0, 241)
        ones = np.ones_like(x)
        s = engine.sigmoid(x)
        return ActivationCurves(
            x=x,
            sigmoid=s,
            sigmoid_grad=engine.sigmoid_backward(ones, s),
            relu=engine.relu(x),
            relu_grad=engine.relu_backward(ones, x),
        )

    def draw(self, plt, data: ActivationCurves, lang: str) -> None:
        plt.title(self.title(lang))
        plt.plot(data.x, data.sigmoid, label="sigmoid", color="blue")
        plt.plot(data.x, data.sigmoid_grad, label="sigmoid'", color="cyan")
        plt.plot(data.x, data.relu, label="relu", color="red")
        plt.plot(data.x, data.relu_grad, label="relu'", color="orange")
        # ReLU grows without bound; cut it off where the slopes (at most 1) stay readable.
        plt.ylim(-0.1, 1.5)
        plt.xlabel("x")

    def caption(self, data: ActivationCurves, lang: str) -> str:
        peak = int(np.argmax(data.sigmoid_grad))
        top, at = sci(data.sigmoid_grad[peak]), sci(data.x[peak] + 0.0)
        return Msg(
            f"sigmoid'(x) is at most {top} (at x = {at}); relu'(x) = 1 for every x > 0",
            f"sigmoid'(x)는 최대 {top}(x = {at}에서)이고, relu'(x)는 x > 0이면 언제나 1이에요",
        )(lang)
