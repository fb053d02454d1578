"""Lesson 4: full-batch gradient descent and minibatch SGD down the same narrow valley."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bigpicture.grader.i18n import Msg

from .base import DemoKey, LegendEntry
from .common import BLUE, GRAY, GREEN, RED, CachedDemo, count
from .problems import descend, first_below, make_regression

N_EXAMPLES = 1000
BATCH = 8
STEPS = 60
LR = 0.5
MOMENTUM = 0.9
# With momentum a steady gradient builds a velocity 1 / (1 - momentum) = 10 times its size.
# Dividing the learning rate by as much keeps the top speed: momentum then smooths the path
# instead of swinging it round in loops.
MOMENTUM_LR = LR * (1 - MOMENTUM)
# Curvature 1/16 along w1 and 1 along w2: a valley 4x longer than wide, lying along the x axis.
# Noisy targets, so that minibatches disagree enough for SGD's zig-zag to show in a terminal.
PROBLEM = make_regression(seed=0, n=N_EXAMPLES, scales=(0.25, 1.0), w_true=(1.0, 2.0), noise=1.5)
START_OFFSET = np.array([-5.0, 1.5])  # from the minimum: far along the valley, up its side
START = PROBLEM.w_best + START_OFFSET
# The caption's finish line: 7% of the way from the minimum's loss up to the start's.
TARGET_LOSS = round(PROBLEM.loss_best + 0.07 * (PROBLEM.losses(START)[0] - PROBLEM.loss_best), 1)
# The window: from just behind the start to just past the minimum, and across the valley from
# above the start to below the floor, where a path with momentum swings once.
X_WINDOW = PROBLEM.w_best[0] + np.array([-5.4, 0.9])
Y_WINDOW = PROBLEM.w_best[1] + np.array([-1.6, 1.8])
# Contours at these fractions of the start's loss above the minimum; the last passes the start.
LEVELS = (0.03, 0.15, 0.4, 1.0)
CONTOUR_POINTS = 200  # enough dots that each ring reads as a line in the window


@dataclass(frozen=True)
class DescentPaths:
    """Both optimizers' paths over the loss contours.

    Attributes:
        contours: (len(LEVELS), CONTOUR_POINTS, 2) points on each level set of the loss.
        gd: (STEPS + 1, 2) full-batch gradient descent's weights.
        sgd: (STEPS + 1, 2) minibatch SGD's weights.
        gd_loss: (STEPS + 1,) the full loss along ``gd``.
        sgd_loss: (STEPS + 1,) the full loss along ``sgd``.
        momentum: the momentum both used.
        lr: the learning rate both used.
    """

    contours: np.ndarray
    gd: np.ndarray
    sgd: np.ndarray
    gd_loss: np.ndarray
    sgd_loss: np.ndarray
    momentum: float
    lr: float


class DescentDemo(CachedDemo):
    """GD touches all 1,000 examples per step, SGD 8; both reach the bottom in similar steps."""

    name = "descent"
    title = Msg("Gradient descent vs SGD", "경사하강법과 SGD")
    keys = (
        DemoKey("m", Msg("momentum 0/0.9", "모멘텀 0/0.9")),
        DemoKey("r", Msg("new batches", "새 배치")),
    )
    x_label = Msg("w1", "w1")
    y_label = Msg("w2", "w2")

    def __init__(self) -> None:
        super().__init__()
        # The first batches show SGD's path apart from GD's even at 80x24 with momentum.
        self.seed = 1
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
        momentum, lr = (MOMENTUM, MOMENTUM_LR) if use_momentum else (0.0, LR)
        excess = PROBLEM.losses(START)[0] - PROBLEM.loss_best
        gd = descend(PROBLEM, START, STEPS, lr, momentum=momentum)
        sgd = descend(PROBLEM, START, STEPS, lr, momentum=momentum, batch=BATCH, seed=seed)
        return DescentPaths(
            contours=np.stack(
                [PROBLEM.level_set(level * excess, CONTOUR_POINTS) for level in LEVELS]
            ),
            gd=gd,
            sgd=sgd,
            gd_loss=PROBLEM.losses(gd),
            sgd_loss=PROBLEM.losses(sgd),
            momentum=momentum,
            lr=lr,
        )

    def draw(self, plt, data: DescentPaths) -> None:
        for ring in data.contours:
            plt.scatter(ring[:, 0], ring[:, 1], marker="dot", color=GRAY)
        # SGD first: where the two paths meet, the smooth one stays on top and readable.
        plt.plot(data.sgd[:, 0], data.sgd[:, 1], marker="braille", color=RED)
        plt.plot(data.gd[:, 0], data.gd[:, 1], marker="braille", color=BLUE)
        best = PROBLEM.w_best
        plt.scatter([best[0]], [best[1]], marker="x", color=GREEN)
        plt.xlim(*X_WINDOW)
        plt.ylim(*Y_WINDOW)

    def legend(self, data: DescentPaths, lang: str) -> tuple[LegendEntry, ...]:
        return (
            LegendEntry(Msg("GD, all 1,000", "GD, 1,000개 전부")(lang), BLUE),
            LegendEntry(Msg(f"SGD, batch {BATCH}", f"SGD, 배치 {BATCH}")(lang), RED),
            LegendEntry(Msg("minimum", "최솟값")(lang), GREEN, "x"),
            LegendEntry(Msg("loss contours", "손실 등고선")(lang), GRAY, "••"),
        )

    def setting(self, data: DescentPaths, lang: str) -> str:
        return Msg("momentum", "모멘텀")(lang) + f" {data.momentum:g}, lr {data.lr:g}"

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
                        f"{name} {steps} steps = {seen} examples",
                        f"{name}는 {steps}걸음(예제 {seen}개)",
                    )
                )
        gd, sgd = parts
        return Msg(
            f"to loss < {TARGET_LOSS}: {gd.en}, {sgd.en}",
            f"손실 < {TARGET_LOSS}까지 {gd.ko}, {sgd.ko}",
        )(lang)
