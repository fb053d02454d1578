"""Lesson 3: sigmoid and ReLU, and their derivatives."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bigpicture.grader import engine
from bigpicture.grader.i18n import Msg

from .base import LegendEntry
from .common import BLUE, CYAN, GRAY, ORANGE, RED, CachedDemo, sci

SIGMOID_GRAD_MAX = 0.25  # at x = 0
NAMES = (
    Msg("sigmoid", "시그모이드"),
    Msg("sigmoid'", "시그모이드의 미분"),
    Msg("ReLU", "ReLU"),
    Msg("ReLU'", "ReLU의 미분"),
)
COLORS = (BLUE, CYAN, RED, ORANGE)


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

    def draw(self, plt, data: ActivationCurves) -> None:
        plt.hline(SIGMOID_GRAD_MAX, color=GRAY)
        for curve, color in zip(
            (data.sigmoid, data.sigmoid_grad, data.relu, data.relu_grad), COLORS, strict=True
        ):
            plt.plot(data.x, curve, color=color)
        # ReLU grows without bound; cut it off where the slopes (at most 1) stay readable.
        plt.ylim(-0.1, 1.5)
        plt.yticks([0.0, SIGMOID_GRAD_MAX, 0.5, 1.0, 1.5])

    def legend(self, data: ActivationCurves, lang: str) -> tuple[LegendEntry, ...]:
        curves = tuple(
            LegendEntry(name(lang), color) for name, color in zip(NAMES, COLORS, strict=True)
        )
        ceiling = Msg("0.25, the top of sigmoid'", "0.25, 시그모이드 미분의 최댓값")
        return (*curves, LegendEntry(ceiling(lang), GRAY))

    def caption(self, data: ActivationCurves, lang: str) -> str:
        peak = int(np.argmax(data.sigmoid_grad))
        top, at = sci(data.sigmoid_grad[peak]), sci(data.x[peak] + 0.0)
        return Msg(
            f"sigmoid'(x) is at most {top} (at x = {at}); relu'(x) = 1 for every x > 0",
            f"sigmoid'(x)는 최대 {top}(x = {at}에서)이고, relu'(x)는 x > 0이면 언제나 1이에요",
        )(lang)
