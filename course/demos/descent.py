"""Lesson 4: full-batch gradient descent and minibatch SGD on the same loss bowl."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bigpicture.grader.i18n import Msg

from .base import DemoKey
from .common import CachedDemo, count
from .problems import descend, first_below, make_regression

N_EXAMPLES = 1000
BATCH = 16
STEPS = 60
LR = 0.3
START_OFFSET = np.array([-5.0, 1.5])  # from the minimum: far along the valley, up its side
TARGET_LOSS = 0.25
# Contours at these fractions of the start's loss above the minimum; the last passes the start.
LEVELS = (0.03, 0.15, 0.4, 1.0)
# Curvature 1/16 along w1 and 1 along w2: a valley 4x longer than wide, lying along the x axis.
PROBLEM = make_regression(seed=0, n=N_EXAMPLES, scales=(0.25, 1.0), w_true=(1.0, 2.0), noise=0.5)
START = PROBLEM.w_best + START_OFFSET


@dataclass(frozen=True)
class DescentPaths:
    """Both optimizers' paths over the loss contours.

    Attributes:
        contours: (len(LEVELS), P, 2) points on each level set of the loss.
        gd: (STEPS + 1, 2) full-batch gradient descent's weights.
        sgd: (STEPS + 1, 2) minibatch SGD's weights.
        gd_loss: (STEPS + 1,) the full loss along ``gd``.
        sgd_loss: (STEPS + 1,) the full loss along ``sgd``.
        momentum: the momentum both used.
    """

    contours: np.ndarray
    gd: np.ndarray
    sgd: np.ndarray
    gd_loss: np.ndarray
    sgd_loss: np.ndarray
    momentum: float


class DescentDemo(CachedDemo):
    """GD touches all 1,000 examples per step, SGD 16; both reach the bottom in similar steps."""

    name = "descent"
    title = Msg("Gradient descent vs SGD", "경사하강법과 SGD")
    keys = (
        DemoKey("r", Msg("new SGD batches", "SGD 배치 새로")),
        DemoKey("m", Msg("momentum 0 / 0.9", "모멘텀 0 / 0.9")),
    )

    def __init__(self) -> None:
        super().__init__()
        self.seed = 0
        self.momentum = False

    def press(self, key: str) -> bool:
        if key == "r":
            self.seed += 1
        elif key == "m":
            self.momentum = not self.momentum
        else:
            return False
        return True

    def state(self) -> tuple[int, bool]:
        return self.seed, self.momentum

    def compute_state(self, state: tuple[int, bool]) -> DescentPaths:
        seed, use_momentum = state
        momentum = 0.9 if use_momentum else 0.0
        excess = PROBLEM.losses(START)[0] - PROBLEM.loss_best
        gd = descend(PROBLEM, START, STEPS, LR, momentum=momentum)
        sgd = descend(PROBLEM, START, STEPS, LR, momentum=momentum, batch=BATCH, seed=seed)
        return DescentPaths(
            contours=np.stack([PROBLEM.level_set(level * excess) for level in LEVELS]),
            gd=gd,
            sgd=sgd,
            gd_loss=PROBLEM.losses(gd),
            sgd_loss=PROBLEM.losses(sgd),
            momentum=momentum,
        )

    def draw(self, plt, data: DescentPaths, lang: str) -> None:
        plt.title(self.title(lang) + Msg(" (momentum ", " (모멘텀 ")(lang) + f"{data.momentum:g})")
        for ring in data.contours:
            plt.scatter(ring[:, 0], ring[:, 1], marker="dot", color="gray")
        label = Msg("GD (all 1,000)", "GD (1,000개 전부)")(lang)
        plt.plot(data.gd[:, 0], data.gd[:, 1], marker="braille", color="blue", label=label)
        label = Msg(f"SGD (batch {BATCH})", f"SGD (배치 {BATCH})")(lang)
        plt.plot(data.sgd[:, 0], data.sgd[:, 1], marker="braille", color="red", label=label)
        best = PROBLEM.w_best
        plt.scatter([best[0]], [best[1]], marker="x", color="green")
        plt.xlabel("w1")
        plt.ylabel("w2")

    def caption(self, data: DescentPaths, lang: str) -> str:
        parts = []
        for name, losses, batch in (
            ("GD", data.gd_loss, N_EXAMPLES),
            ("SGD", data.sgd_loss, BATCH),
        ):
            steps = first_below(losses, TARGET_LOSS)
            if steps is None:
                parts.append(Msg(f"{name} > {STEPS} steps", f"{name}는 {STEPS}걸음 넘게"))
            else:
                seen = count(steps * batch)
                parts.append(
                    Msg(
                        f"{name} {steps} steps ({seen} examples)",
                        f"{name}는 {steps}걸음(예제 {seen}개)",
                    )
                )
        gd, sgd = parts
        return Msg(
            f"to reach loss < {TARGET_LOSS}: {gd.en}, {sgd.en}",
            f"손실 < {TARGET_LOSS}까지 {gd.ko}, {sgd.ko}",
        )(lang)
