"""Lesson 5: the loss f(w) = w² under a too-small, a middle and a too-large learning rate."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bigpicture.grader.i18n import Msg

from .base import DemoKey, LegendEntry
from .common import BLUE, GREEN, RED, CachedDemo, log_y_axis, sci
from .problems import descend, make_regression

STEPS = 50
START = np.array([1.0])
TOO_SMALL, MIDDLE, TOO_LARGE = 0.01, 0.4, 1.1  # the lesson's three examples
NAMES = (Msg("too small", "너무 작음"), Msg("middle", "가운데"), Msg("too large", "너무 큼"))
COLORS = (BLUE, GREEN, RED)
# The loss curves span 100 orders of magnitude; the plot shows this window of them, which
# still holds the too large rate's climb over all the steps (to 8e7).
FLOOR, CEILING = 1e-12, 1e8
# f(w) = w² as least squares: one weight, inputs whose squares average 2, all targets 0.
PROBLEM = make_regression(seed=0, n=8, scales=(np.sqrt(2.0),), w_true=(0.0,), noise=0.0)


@dataclass(frozen=True)
class LossCurves:
    """Loss after every step for each learning rate, unclipped.

    Attributes:
        rates: (3,) too small, middle, too large.
        losses: (3, STEPS + 1) the loss before the first step and after every step.
    """

    rates: np.ndarray
    losses: np.ndarray


class LearningRateDemo(CachedDemo):
    """Too small crawls, too large diverges; ``[`` and ``]`` move the middle rate between them."""

    name = "learning-rate"
    title = Msg("Three learning rates on f(w) = w²", "f(w) = w²에 학습률 세 개")
    keys = (
        DemoKey("[", Msg("halve", "절반")),
        DemoKey("]", Msg("double", "두 배")),
    )
    x_label = Msg("step", "스텝")
    y_label = Msg("loss, log scale", "손실, 로그 눈금")

    def __init__(self) -> None:
        super().__init__()
        self.doublings = 0  # middle = MIDDLE * 2**doublings; an int, so going back is exact

    def press(self, key: str) -> bool:
        step = {"[": -1, "]": 1}.get(key)
        if step is None or not -10 <= self.doublings + step <= 4:
            return False
        self.doublings += step
        return True

    def state(self) -> int:
        return self.doublings

    def compute_state(self, state: int) -> LossCurves:
        rates = np.array([TOO_SMALL, MIDDLE * 2.0**state, TOO_LARGE])
        return LossCurves(
            rates=rates,
            losses=np.stack([PROBLEM.losses(descend(PROBLEM, START, STEPS, lr)) for lr in rates]),
        )

    def draw(self, plt, data: LossCurves) -> None:
        steps = np.arange(STEPS + 1)
        for losses, color in zip(data.losses, COLORS, strict=True):
            plt.plot(steps, np.log10(np.clip(losses, FLOOR, CEILING)), color=color)
        log_y_axis(plt, np.log10(FLOOR), np.log10(CEILING))
        # Ticks of plotext's own choosing can fall just short of the last step.
        plt.xticks(list(range(0, STEPS + 1, 10)))

    def legend(self, data: LossCurves, lang: str) -> tuple[LegendEntry, ...]:
        return tuple(
            LegendEntry(f"{lr:g}, {name(lang)}", color)
            for lr, name, color in zip(data.rates, NAMES, COLORS, strict=True)
        )

    def setting(self, data: LossCurves, lang: str) -> str:
        return Msg("middle lr", "가운데 lr")(lang) + f" {data.rates[1]:g}"

    def caption(self, data: LossCurves, lang: str) -> str:
        finals = ", ".join(
            f"lr {lr:g} → {sci(losses[-1])}"
            for lr, losses in zip(data.rates, data.losses, strict=True)
        )
        start = sci(data.losses[0, 0])
        return Msg(
            f"loss after {STEPS} steps, from {start}: {finals}",
            f"{STEPS}스텝 뒤 손실(처음 {start}): {finals}",
        )(lang)
