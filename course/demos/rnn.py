"""Lesson 7: an RNN's hidden state over 20 steps of a sine-wave input."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bigpicture.grader import engine
from bigpicture.grader.i18n import Msg

from .base import DemoKey, LegendEntry
from .common import BLUE, CYAN, GRAY, GREEN, ORANGE, RED, ReseedDemo

STEPS = 20
HIDDEN = 4
PERIOD = 10  # steps per sine period
INPUT_COLOR = CYAN
UNIT_COLORS = (BLUE, RED, GREEN, ORANGE)  # one per hidden unit


@dataclass(frozen=True)
class HiddenStates:
    """The input and the hidden state at every step.

    Attributes:
        seed: seeds the weights.
        x: (STEPS,) the sine-wave input.
        h: (STEPS, HIDDEN) the hidden state after each step, from the engine's rnn_forward.
    """

    seed: int
    x: np.ndarray
    h: np.ndarray


class RnnDemo(ReseedDemo):
    """The hidden state follows the input but stays in (-1, 1): tanh squashes every step."""

    name = "rnn"
    title = Msg("RNN hidden state over time", "시간에 따른 RNN 은닉 상태")
    keys = (DemoKey("r", Msg("new weights", "새 가중치")),)
    x_label = Msg("time step", "시간 스텝")
    y_label = Msg("value", "값")

    def compute_state(self, state: int) -> HiddenStates:
        rng = np.random.default_rng(state)
        x = np.sin(2.0 * np.pi * np.arange(STEPS) / PERIOD)
        # Large enough weights that some units saturate near +-1 and show tanh's bound.
        wx = rng.normal(0.0, 1.5, size=(1, HIDDEN))
        wh = rng.normal(0.0, 1.0 / np.sqrt(HIDDEN), size=(HIDDEN, HIDDEN))
        b = rng.normal(0.0, 0.3, size=HIDDEN)
        h = engine.rnn_forward(x[None, :, None], np.zeros((1, HIDDEN)), wx, wh, b)[0]
        return HiddenStates(seed=state, x=x, h=h)

    def draw(self, plt, data: HiddenStates) -> None:
        steps = np.arange(1, STEPS + 1)
        for bound in (-1.0, 1.0):
            plt.hline(bound, color=GRAY)
        plt.plot(steps, data.x, color=INPUT_COLOR, marker="dot")
        for unit, color in zip(data.h.T, UNIT_COLORS, strict=True):
            plt.plot(steps, unit, color=color, marker="braille")
        plt.ylim(-1.1, 1.1)
        plt.xticks([1, *range(5, STEPS + 1, 5)])

    def legend(self, data: HiddenStates, lang: str) -> tuple[LegendEntry, ...]:
        units = tuple(LegendEntry(f"h{unit + 1}", color) for unit, color in enumerate(UNIT_COLORS))
        return (
            LegendEntry(Msg("input x", "입력 x")(lang), INPUT_COLOR, "••"),
            *units,
            LegendEntry(Msg("±1, the bounds of tanh", "±1, tanh의 한계")(lang), GRAY),
        )

    def caption(self, data: HiddenStates, lang: str) -> str:
        top = np.abs(data.h).max()
        return Msg(
            f"tanh keeps every h in (-1, 1): the largest |h| is {top:.3f}",
            f"tanh 때문에 h는 모두 (-1, 1) 안에 있어요. 가장 큰 |h|: {top:.3f}",
        )(lang)
