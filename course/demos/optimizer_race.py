"""Lesson 5: SGD, SGD with momentum and Adam racing down the same narrow valley."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bigpicture.grader.i18n import Msg

from .base import DemoKey, LegendEntry
from .common import BLUE, GRAY, GREEN, RED, ReseedDemo, log_y_axis
from .problems import Optimizer, descend, first_below, make_regression

STEPS = 150
TARGET = 1e-3  # of the starting loss
# Curvatures 1 and 0.01: a valley 10x longer than wide, where one learning rate fits badly.
PROBLEM = make_regression(seed=0, n=200, scales=(1.0, 0.1), w_true=(1.0, 2.0), noise=0.0)


@dataclass(frozen=True)
class Racer:
    """An optimizer with a learning rate that suits it on this problem."""

    name: Msg
    optimizer: Optimizer
    lr: float
    momentum: float = 0.0

    def label(self, lang: str) -> str:
        """The legend entry, e.g. "Adam, lr 0.3"."""
        momentum = f" {self.momentum:g}" if self.momentum else ""
        return f"{self.name(lang)}{momentum}, lr {self.lr:g}"


RACERS = (
    Racer(Msg("SGD", "SGD"), "sgd", 1.0),
    Racer(Msg("momentum", "모멘텀"), "sgd", 0.5, momentum=0.9),
    Racer(Msg("Adam", "Adam"), "adam", 0.3),
)
COLORS = (BLUE, GREEN, RED)


@dataclass(frozen=True)
class Race:
    """The loss of each racer after every step.

    Attributes:
        seed: seeds the start point.
        start: (2,) the common start point.
        losses: (len(RACERS), STEPS + 1) losses, the start first.
    """

    seed: int
    start: np.ndarray
    losses: np.ndarray


def start_point(seed: int) -> np.ndarray:
    """A start (2,) off the valley floor, far along it: neither direction is trivial."""
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0.15, 0.45) * np.pi
    return PROBLEM.w_best + rng.uniform(2.0, 4.0) * np.array([np.cos(angle), 4 * np.sin(angle)])


class OptimizerRaceDemo(ReseedDemo):
    """Momentum and Adam reach the valley floor long before plain SGD."""

    name = "optimizer-race"
    title = Msg("SGD vs momentum vs Adam", "SGD, 모멘텀, Adam 경주")
    keys = (DemoKey("r", Msg("new start point", "새 출발점")),)
    x_label = Msg("step", "스텝")
    y_label = Msg("loss, log scale", "손실, 로그 눈금")

    def compute_state(self, state: int) -> Race:
        start = start_point(state)
        paths = [
            descend(PROBLEM, start, STEPS, r.lr, optimizer=r.optimizer, momentum=r.momentum)
            for r in RACERS
        ]
        return Race(
            seed=state, start=start, losses=np.stack([PROBLEM.losses(path) for path in paths])
        )

    def draw(self, plt, data: Race) -> None:
        steps = np.arange(STEPS + 1)
        # Below 1e-12 is rounding noise, and log10(0) would be -inf.
        logs = np.log10(np.maximum(data.losses, 1e-12))
        plt.hline(np.log10(TARGET * data.losses[0, 0]), color=GRAY)
        for line, color in zip(logs, COLORS, strict=True):
            plt.plot(steps, line, color=color)
        log_y_axis(plt, math.floor(logs.min()), math.ceil(logs.max()))
        # Ticks of plotext's own choosing can fall just short of the last step.
        plt.xticks(list(range(0, STEPS + 1, 50)))

    def legend(self, data: Race, lang: str) -> tuple[LegendEntry, ...]:
        racers = tuple(
            LegendEntry(racer.label(lang), color)
            for racer, color in zip(RACERS, COLORS, strict=True)
        )
        target = Msg("1/1000 of the start", "처음의 1/1000")
        return (*racers, LegendEntry(target(lang), GRAY))

    def caption(self, data: Race, lang: str) -> str:
        threshold = TARGET * data.losses[0, 0]
        reached = [first_below(losses, threshold) for losses in data.losses]
        never = Msg(f"> {STEPS}", f"{STEPS} 넘게")(lang)
        times = ", ".join(
            f"{racer.name(lang)} {never if steps is None else steps}"
            for racer, steps in zip(RACERS, reached, strict=True)
        )
        return Msg(
            f"steps to 1/1000 of the starting loss: {times}",
            f"처음 손실의 1/1000까지 걸린 스텝: {times}",
        )(lang)
