"""Lesson 3: how big the gradient is at each layer of a deep sigmoid net and a deep ReLU net."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bigpicture.grader.i18n import Msg

from . import nets
from .base import DemoKey, LegendEntry
from .common import BLUE, RED, ReseedDemo, log_y_axis, sci

DEPTH = 10
WIDTH = 32
BATCH = 64
NAMES = (Msg("sigmoid net", "시그모이드 신경망"), Msg("ReLU net", "ReLU 신경망"))
COLORS = (BLUE, RED)


@dataclass(frozen=True)
class GradientSizes:
    """Mean |dL/dh| of each hidden layer's output h, first layer first.

    Attributes:
        seed: seeds both nets' weights and data.
        layers: (DEPTH,) layer numbers 1..DEPTH.
        sigmoid: (DEPTH,) in the sigmoid net (Xavier init).
        relu: (DEPTH,) in the ReLU net (He init).
    """

    seed: int
    layers: np.ndarray
    sigmoid: np.ndarray
    relu: np.ndarray


def gradient_sizes(seed: int, activation: nets.Activation) -> np.ndarray:
    """One forward and backward pass of a random deep net on random data; returns (DEPTH,)."""
    rng = np.random.default_rng(seed)
    params = nets.init_params(rng, [WIDTH] * (DEPTH + 1) + [1], activation)
    x = rng.normal(size=(BATCH, WIDTH))
    y = rng.normal(size=(BATCH, 1))
    out, tape = nets.forward(params, x, activation)
    _, dhidden = nets.backward(params, tape, (out - y) / BATCH, activation)
    return np.array([np.mean(np.abs(d)) for d in dhidden])


class VanishingDemo(ReseedDemo):
    """Gradient size per layer: it shrinks ~4x per sigmoid layer, and stays put with ReLU."""

    name = "vanishing"
    title = Msg("Gradient size at each layer", "층마다 기울기의 크기")
    keys = (DemoKey("r", Msg("new weights", "새 가중치")),)
    x_label = Msg("layer (1 = nearest the input)", "층 (1 = 입력 쪽)")
    y_label = Msg("mean |gradient|, log scale", "기울기 크기의 평균, 로그 눈금")

    def compute_state(self, state: int) -> GradientSizes:
        return GradientSizes(
            seed=state,
            layers=np.arange(1, DEPTH + 1),
            sigmoid=gradient_sizes(state, "sigmoid"),
            relu=gradient_sizes(state, "relu"),
        )

    def draw(self, plt, data: GradientSizes) -> None:
        logs = np.log10(np.stack([data.sigmoid, data.relu]))
        for line, color in zip(logs, COLORS, strict=True):
            plt.plot(data.layers, line, color=color)
            plt.scatter(data.layers, line, marker="●", color=color)
        log_y_axis(plt, math.floor(logs.min()), math.ceil(logs.max()))
        plt.xticks(data.layers)

    def legend(self, data: GradientSizes, lang: str) -> tuple[LegendEntry, ...]:
        return tuple(
            LegendEntry(name(lang), color, "━●") for name, color in zip(NAMES, COLORS, strict=True)
        )

    def caption(self, data: GradientSizes, lang: str) -> str:
        sig, relu = sci(data.sigmoid[0] / data.sigmoid[-1]), sci(data.relu[0] / data.relu[-1])
        return Msg(
            f"layer 1 gets {sig} of layer {DEPTH}'s gradient with sigmoid, {relu} with ReLU",
            f"1층이 받는 기울기는 {DEPTH}층의 {sig}배(시그모이드), {relu}배(ReLU)예요",
        )(lang)
