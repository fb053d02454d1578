"""Lesson 8: how much of the last step's gradient reaches each earlier step, through a tanh RNN
and through an LSTM, as the recurrent weights grow from vanishing to exploding."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bigpicture.grader import engine
from bigpicture.grader.i18n import Msg

from .base import DemoKey, LegendEntry
from .common import BLUE, GRAY, RED, CachedDemo, log_y_axis, sci

STEPS = 21  # steps 0..20: step 0 is 20 steps before the loss, as in the lesson's numbers
LAST = STEPS - 1
BATCH, INPUTS, HIDDEN = 8, 4, 16
INPUT_SCALE = 0.1  # small inputs: the tanh works near its slope of 1 until Wh grows the states
FORGET_BIAS = 2.0  # a common LSTM initialisation: f = sigmoid(2) = 0.88 at rest
#: The recurrent weights' scale, below 1 vanishing, above 1 exploding; the keys step along it.
SCALES = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
DEFAULT_LEVEL = SCALES.index(0.5)  # the lesson's example
NAMES = (Msg("tanh RNN", "tanh RNN"), Msg("LSTM", "LSTM"))
COLORS = (BLUE, RED)


@dataclass(frozen=True)
class GradientReach:
    """The gradient on each step's input from a loss at the last step, relative to the last
    step's own.

    Attributes:
        seed: seeds the weights and the inputs.
        scale: every recurrent matrix is ``scale`` times an orthogonal one.
        steps: (STEPS,) the time steps 0..STEPS-1.
        rnn: (STEPS,) |dL/dx_t| / |dL/dx_last| through the tanh RNN.
        lstm: (STEPS,) the same through the LSTM.
        bound: (STEPS,) ``scale`` to the power of the distance to the last step: what Wh alone
            would do, if every tanh slope were 1.
    """

    seed: int
    scale: float
    steps: np.ndarray
    rnn: np.ndarray
    lstm: np.ndarray
    bound: np.ndarray


def _orthogonal(rng: np.random.Generator, size: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(size, size)))
    return q * np.sign(np.diag(r))


def _reach(dx: np.ndarray) -> np.ndarray:
    """The size of the gradient on each step's input (N, T, D) -> (T,), the last step's 1."""
    sizes = np.linalg.norm(dx, axis=(0, 2))
    return sizes / sizes[-1]


def gradient_reach(seed: int, scale: float) -> GradientReach:
    """Backpropagates a random gradient on the last hidden state through both nets."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, INPUT_SCALE, size=(BATCH, STEPS, INPUTS))
    h0 = np.zeros((BATCH, HIDDEN))
    dh = np.zeros((BATCH, STEPS, HIDDEN))
    dh[:, -1] = rng.normal(size=(BATCH, HIDDEN))
    wx = rng.normal(0.0, 1.0 / np.sqrt(INPUTS), size=(INPUTS, HIDDEN))
    rnn = engine.rnn_backward(dh, x, h0, wx, scale * _orthogonal(rng, HIDDEN), np.zeros(HIDDEN))
    wx4 = rng.normal(0.0, 1.0 / np.sqrt(INPUTS), size=(INPUTS, 4 * HIDDEN))
    wh4 = np.concatenate([scale * _orthogonal(rng, HIDDEN) for _ in range(4)], axis=1)
    b4 = np.zeros(4 * HIDDEN)
    b4[HIDDEN : 2 * HIDDEN] = FORGET_BIAS  # the gates are i, f, g, o
    lstm = engine.lstm_backward(dh, x, h0, wx4, wh4, b4)
    steps = np.arange(STEPS)
    return GradientReach(
        seed=seed,
        scale=scale,
        steps=steps,
        rnn=_reach(rnn[0]),
        lstm=_reach(lstm[0]),
        bound=scale ** (STEPS - 1.0 - steps),
    )


class BpttDemo(CachedDemo):
    """Below a scale of 1 the RNN's gradient dies within a few steps and the LSTM's does not;
    above it, both grow going back."""

    name = "bptt"
    title = Msg("Gradient reaching each step", "스텝마다 도달하는 기울기")
    keys = (
        DemoKey("[", Msg("Wh down", "Wh 작게")),
        DemoKey("]", Msg("Wh up", "Wh 크게")),
        DemoKey("f", Msg("new weights", "새 가중치")),
    )
    x_label = Msg(f"time step, loss at {LAST}", f"시간 스텝, 손실은 {LAST}")
    y_label = Msg(f"gradient ÷ step {LAST}'s, log", f"{LAST}스텝 대비 기울기, 로그")

    def __init__(self) -> None:
        super().__init__()
        self.level = DEFAULT_LEVEL
        self.seed = 0

    def press(self, key: str) -> bool:
        if key == "f":
            self.seed += 1
            return True
        level = self.level + {"[": -1, "]": 1}.get(key, 0)
        if level == self.level or not 0 <= level < len(SCALES):
            return False
        self.level = level
        return True

    def state(self) -> tuple[int, int]:
        return self.level, self.seed

    def compute_state(self, state: tuple[int, int]) -> GradientReach:
        level, seed = state
        return gradient_reach(seed, SCALES[level])

    def draw(self, plt, data: GradientReach) -> None:
        logs = np.log10(np.stack([data.rnn, data.lstm, data.bound]))
        plt.plot(data.steps, logs[2], color=GRAY)
        for line, color in zip(logs[:2], COLORS, strict=True):
            plt.plot(data.steps, line, color=color)
            plt.scatter(data.steps, line, marker="●", color=color)
        log_y_axis(plt, math.floor(logs.min()), math.ceil(logs.max()))
        plt.xticks(list(range(0, STEPS, 5)))

    def legend(self, data: GradientReach, lang: str) -> tuple[LegendEntry, ...]:
        nets = tuple(
            LegendEntry(name(lang), color, "━●") for name, color in zip(NAMES, COLORS, strict=True)
        )
        return (*nets, LegendEntry(f"×{data.scale:g}/" + Msg("step", "스텝")(lang), GRAY))

    def setting(self, data: GradientReach, lang: str) -> str:
        scale, seed = f"{data.scale:g}", data.seed
        return Msg(f"Wh {scale}, seed {seed}", f"Wh {scale}, 시드 {seed}")(lang)

    def caption(self, data: GradientReach, lang: str) -> str:
        rnn, lstm = sci(data.rnn[0]), sci(data.lstm[0])
        return Msg(
            f"{LAST} steps back: RNN {rnn}, LSTM {lstm}",
            f"{LAST}스텝 앞: RNN {rnn}배, LSTM {lstm}배",
        )(lang)
