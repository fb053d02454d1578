"""Lesson 5: the loss f(w) = w² under a too-small, a middle ("yours") and a too-large rate."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bigpicture.grader.i18n import Msg

from .base import DemoKey
from .common import CachedDemo, log_y_ticks, sci
from .problems import descend, make_regression

STEPS = 50
START = np.array([1.0])
TOO_SMALL, YOURS, TOO_LARGE = 0.01, 0.4, 1.1  # the lesson's three examples
# The loss curves span 100 orders of magnitude; the plot shows this window of them.
FLOOR, CEILING = 1e-12, 1e9  # the top decades stay free for the legend
# f(w) = w² as least squares: one weight, inputs whose squares average 2, all targets 0.
PROBLEM = make_regression(seed=0, n=8, scales=(np.sqrt(2.0),), w_true=(0.0,), noise=0.0)


@dataclass(frozen=True)
class LossCurves:
    """Loss after every step for each learning rate, unclipped.

    Attributes:
        rates: (3,) too small, yours, too large.
        losses: (3, STEPS + 1) the loss before the first step and after every step.
    """

    rates: np.ndarray
    losses: np.ndarray


class LearningRateDemo(CachedDemo):
    """Too small crawls, too large diverges; ``[`` and ``]`` move the middle rate between them."""

    name = "learning-rate"
    title = Msg("Three learning rates on f(w) = w²", "f(w) = w²에 학습률 세 개")
    keys = (
        DemoKey("[", Msg("halve your lr", "내 학습률 절반")),
        DemoKey("]", Msg("double your lr", "내 학습률 두 배")),
    )

    def __init__(self) -> None:
        super().__init__()
        self.doublings = 0  # yours = YOURS * 2**doublings; an int, so going back is exact

    def press(self, key: str) -> bool:
        step = {"[": -1, "]": 1}.get(key)
        if step is None or not -10 <= self.doublings + step <= 4:
            return False
        self.doublings += step
        return True

    def state(self) -> int:
        return self.doublings

    def compute_state(self, state: int) -> LossCurves:
        rates = np.array([TOO_SMALL, YOURS * 2.0**state, TOO_LARGE])
        return LossCurves(
            rates=rates,
            losses=np.stack([PROBLEM.losses(descend(PROBLEM, START, STEPS, lr)) for lr in rates]),
        )

    def draw(self, plt, data: LossCurves, lang: str) -> None:
        plt.title(self.title(lang))
        steps = np.arange(STEPS + 1)
        names = (Msg("too small", "너무 작음"), Msg("yours", "내 값"), Msg("too large", "너무 큼"))
        for lr, losses, name, color in zip(
            data.rates, data.losses, names, ("blue", "green", "red"), strict=True
        ):
            shown = np.log10(np.clip(losses, FLOOR, CEILING))
            plt.plot(steps, shown, label=f"lr {lr:g} ({name(lang)})", color=color)
        log_y_ticks(plt, np.log10([FLOOR, CEILING]))
        plt.xlabel(Msg("step", "스텝")(lang))
        plt.ylabel(Msg("loss", "손실")(lang))

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
