"""Lesson 5: the optimizer family racing down the same narrow valley, three at a time: SGD,
momentum and Adam; the momentum branch (momentum, Nesterov); the adaptive branch (AdaGrad,
RMSProp, Adam)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bigpicture.grader.i18n import Msg

from .base import DemoKey, LegendEntry
from .common import BLUE, CYAN, GRAY, GREEN, ORANGE, RED, YELLOW, ReseedDemo, log_y_axis
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
    color: tuple[int, int, int]
    momentum: float = 0.0

    def label(self, lang: str) -> str:
        """The legend entry, e.g. "Adam, lr 0.3"."""
        momentum = f" {self.momentum:g}" if self.momentum else ""
        return f"{self.name(lang)}{momentum}, lr {self.lr:g}"


SGD = Racer(Msg("SGD", "SGD"), "sgd", 1.0, BLUE)
MOMENTUM = Racer(Msg("momentum", "모멘텀"), "sgd", 0.5, GREEN, momentum=0.9)
# The same learning rate and momentum as plain momentum: only the look-ahead differs.
NESTEROV = Racer(Msg("Nesterov", "네스테로프"), "nesterov", 0.5, ORANGE, momentum=0.9)
# The adaptive branch shares one learning rate: only how each remembers squared gradients differs.
ADAGRAD = Racer(Msg("AdaGrad", "AdaGrad"), "adagrad", 0.3, CYAN)
RMSPROP = Racer(Msg("RMSProp", "RMSProp"), "rmsprop", 0.3, YELLOW)
ADAM = Racer(Msg("Adam", "Adam"), "adam", 0.3, RED)


@dataclass(frozen=True)
class Heat:
    """Three racers shown together, and whether the caption counts the steps where the loss
    rose (an overshoot) rather than the steps to the target (then the target is not drawn)."""

    name: Msg
    racers: tuple[Racer, Racer, Racer]
    counts_rises: bool = False


HEATS = (
    Heat(Msg("SGD, momentum, Adam", "SGD, 모멘텀, Adam"), (SGD, MOMENTUM, ADAM)),
    Heat(Msg("momentum branch", "모멘텀 가지"), (SGD, MOMENTUM, NESTEROV), counts_rises=True),
    Heat(Msg("adaptive branch", "적응형 가지"), (ADAGRAD, RMSPROP, ADAM)),
)


@dataclass(frozen=True)
class Race:
    """The loss of each racer of one heat after every step.

    Attributes:
        seed: seeds the start point.
        heat: the index of the heat in HEATS.
        start: (2,) the common start point.
        losses: (3, STEPS + 1) losses, the start first.
    """

    seed: int
    heat: int
    start: np.ndarray
    losses: np.ndarray


def start_point(seed: int) -> np.ndarray:
    """A start (2,) off the valley floor, far along it: neither direction is trivial."""
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0.15, 0.45) * np.pi
    return PROBLEM.w_best + rng.uniform(2.0, 4.0) * np.array([np.cos(angle), 4 * np.sin(angle)])


class OptimizerRaceDemo(ReseedDemo):
    """Momentum and Adam reach the valley floor long before plain SGD; Nesterov overshoots less
    than momentum; AdaGrad slows down where RMSProp does not."""

    name = "optimizer-race"
    title = Msg("the optimizer race", "옵티마이저 경주")
    keys = (
        DemoKey("r", Msg("new start point", "새 출발점")),
        DemoKey("f", Msg("next branch", "다음 가지")),
    )
    x_label = Msg("step", "스텝")
    y_label = Msg("loss, log scale", "손실, 로그 눈금")

    def __init__(self) -> None:
        super().__init__()
        self.heat = 0

    def press(self, key: str) -> bool:
        if key == "f":
            self.heat = (self.heat + 1) % len(HEATS)
            return True
        return super().press(key)

    def state(self) -> tuple[int, int]:  # type: ignore[override]
        return self.seed, self.heat

    def compute_state(self, state: tuple[int, int]) -> Race:
        seed, heat = state
        start = start_point(seed)
        paths = [
            descend(PROBLEM, start, STEPS, r.lr, optimizer=r.optimizer, momentum=r.momentum)
            for r in HEATS[heat].racers
        ]
        losses = np.stack([PROBLEM.losses(path) for path in paths])
        return Race(seed=seed, heat=heat, start=start, losses=losses)

    def setting(self, data: Race, lang: str) -> str:
        seed = super().setting(data, lang)
        return f"{HEATS[data.heat].name(lang)}, {seed}" if data.heat else seed

    def draw(self, plt, data: Race) -> None:
        steps = np.arange(STEPS + 1)
        # Below 1e-12 is rounding noise, and log10(0) would be -inf.
        logs = np.log10(np.maximum(data.losses, 1e-12))
        if not HEATS[data.heat].counts_rises:
            plt.hline(np.log10(TARGET * data.losses[0, 0]), color=GRAY)
        for line, racer in zip(logs, HEATS[data.heat].racers, strict=True):
            plt.plot(steps, line, color=racer.color)
        log_y_axis(plt, math.floor(logs.min()), math.ceil(logs.max()))
        # Ticks of plotext's own choosing can fall just short of the last step.
        plt.xticks(list(range(0, STEPS + 1, 50)))

    def legend(self, data: Race, lang: str) -> tuple[LegendEntry, ...]:
        racers = tuple(
            LegendEntry(racer.label(lang), racer.color) for racer in HEATS[data.heat].racers
        )
        if HEATS[data.heat].counts_rises:
            return racers
        target = Msg("1/1000 of the start", "처음의 1/1000")
        return (*racers, LegendEntry(target(lang), GRAY))

    def caption(self, data: Race, lang: str) -> str:
        heat = HEATS[data.heat]
        if heat.counts_rises:
            rises = ", ".join(
                f"{racer.name(lang)} {rises_of(losses)}"
                for racer, losses in zip(heat.racers, data.losses, strict=True)
            )
            return Msg(
                f"steps where the loss rose: {rises}",
                f"손실이 오른 스텝 수: {rises}",
            )(lang)
        threshold = TARGET * data.losses[0, 0]
        reached = [first_below(losses, threshold) for losses in data.losses]
        never = Msg(f"> {STEPS}", f"{STEPS} 넘게")(lang)
        times = ", ".join(
            f"{racer.name(lang)} {never if steps is None else steps}"
            for racer, steps in zip(heat.racers, reached, strict=True)
        )
        return Msg(
            f"steps to 1/1000 of the starting loss: {times}",
            f"처음 손실의 1/1000까지 걸린 스텝: {times}",
        )(lang)


def rises_of(losses: np.ndarray) -> int:
    """How many steps raised the loss (S,) above the one before, rounding noise aside."""
    # Near the floor (1e-12 of the start and below) a loss goes up and down by rounding alone.
    floor = 1e-12 * losses[0]
    return int(np.sum((np.diff(losses) > 0) & (losses[1:] > floor)))
