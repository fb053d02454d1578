"""Lesson 6: training and validation loss of a small net, with and without dropout."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bigpicture.grader import engine
from bigpicture.grader.i18n import Msg

from . import nets
from .base import DemoKey, LegendEntry
from .common import BLUE, CYAN, ORANGE, RED, CachedDemo, log_y_axis, sci

SIZES = [1, 64, 64, 1]
# So few points for so many weights that the net without dropout memorises their noise.
N_TRAIN, N_VAL = 30, 200
NOISE = 0.3
EPOCHS = 800
LR = 0.005
DATA_SEED = 0
DRAW_STRIDE = 4
# Training then validation loss without dropout, then the same with it: a colour family per run.
COLORS = (BLUE, CYAN, RED, ORANGE)


@dataclass(frozen=True)
class Dataset:
    """Noisy samples of sin(x): x_train (N_TRAIN, 1), y_train (N_TRAIN, 1), and (N_VAL, 1)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray


def make_dataset(seed: int) -> Dataset:
    """Few training points, many validation points, both from the same noisy sine."""
    rng = np.random.default_rng(seed)

    def sample(n: int) -> tuple[np.ndarray, np.ndarray]:
        x = rng.uniform(-3.0, 3.0, size=(n, 1))
        return x, np.sin(x) + NOISE * rng.normal(size=(n, 1))

    return Dataset(*sample(N_TRAIN), *sample(N_VAL))


def mse(params: nets.Params, x: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error of the net in eval mode (no dropout) on x (N, 1), y (N, 1)."""
    out, _ = nets.forward(params, x, "relu")
    return float(np.mean((out - y) ** 2))


def train(data: Dataset, p: float, seed: int) -> np.ndarray:
    """Full-batch Adam on the training set; returns (2, EPOCHS) train and validation MSE."""
    rng = np.random.default_rng(seed)
    params = nets.init_params(rng, SIZES, "relu")
    moments = [[np.zeros_like(a) for a in layer for _ in (0, 1)] for layer in params]
    history = np.empty((2, EPOCHS))
    for epoch in range(EPOCHS):
        out, tape = nets.forward(params, data.x_train, "relu", p, rng)
        dout = 2.0 * (out - data.y_train) / N_TRAIN
        grads, _ = nets.backward(params, tape, dout, "relu", p)
        for i, ((W, b), (dW, db), (mW, vW, mb, vb)) in enumerate(
            zip(params, grads, moments, strict=True)
        ):
            W, mW, vW = engine.adam_step(W, dW, mW, vW, epoch + 1, lr=LR)
            b, mb, vb = engine.adam_step(b, db, mb, vb, epoch + 1, lr=LR)
            params[i], moments[i] = (W, b), [mW, vW, mb, vb]
        history[:, epoch] = (
            mse(params, data.x_train, data.y_train),
            mse(params, data.x_val, data.y_val),
        )
    return history


@dataclass(frozen=True)
class DropoutCurves:
    """Loss curves (EPOCHS,) each: mean squared error in eval mode after every epoch.

    Attributes:
        p: the drop probability of the "with dropout" run.
        plain: (2, EPOCHS) train and validation loss without dropout.
        dropped: (2, EPOCHS) train and validation loss with dropout ``p``.
    """

    p: float
    plain: np.ndarray
    dropped: np.ndarray

    def gaps(self) -> tuple[float, float]:
        """Final validation minus training loss, without and with dropout."""
        plain, dropped = (float(run[1, -1] - run[0, -1]) for run in (self.plain, self.dropped))
        return plain, dropped


class DropoutDemo(CachedDemo):
    """Without dropout the net memorises 30 noisy points; with it, validation loss stays lower."""

    name = "dropout"
    title = Msg("Training vs validation", "학습 손실과 검증 손실")
    keys = (
        DemoKey("[", Msg("less dropout", "드롭아웃 줄이기")),
        DemoKey("]", Msg("more dropout", "드롭아웃 늘리기")),
    )
    x_label = Msg("epoch", "에폭")
    y_label = Msg("loss (MSE), log scale", "손실(MSE), 로그 눈금")

    def __init__(self) -> None:
        super().__init__()
        # p = tenths / 10, an int so that going back hits the cache; 0.2 is the lesson's example
        self.tenths = 2
        self._runs: dict[int, np.ndarray] = {}

    def press(self, key: str) -> bool:
        step = {"[": -1, "]": 1}.get(key)
        if step is None or not 0 <= self.tenths + step <= 9:
            return False
        self.tenths += step
        return True

    def state(self) -> int:
        return self.tenths

    def _run(self, tenths: int) -> np.ndarray:
        # The no-dropout run is the same for every p: train it once.
        if tenths not in self._runs:
            self._runs[tenths] = train(make_dataset(DATA_SEED), tenths / 10, seed=1)
        return self._runs[tenths]

    def compute_state(self, state: int) -> DropoutCurves:
        return DropoutCurves(p=state / 10, plain=self._run(0), dropped=self._run(state))

    def draw(self, plt, data: DropoutCurves) -> None:
        # Every 4th epoch: a quarter of the points to draw, and the curves read the same.
        shown = slice(DRAW_STRIDE - 1, None, DRAW_STRIDE)
        epochs = np.arange(1, EPOCHS + 1)[shown]
        logs = np.log10(np.concatenate([data.plain, data.dropped])[:, shown])
        for line, color in zip(logs, COLORS, strict=True):
            plt.plot(epochs, line, color=color)
        # On a log scale a gap is a ratio: the memorising net's 30x reads as far apart as it
        # is, and the dropout pair's smaller one still as two curves. The first epochs' losses
        # are far above the rest, and the story is in the rest: they leave at the top.
        rest = logs[:, len(epochs) // 10 :]
        margin = 0.05
        log_y_axis(plt, rest.min() - margin, rest.max() + margin)
        plt.xticks(list(range(0, EPOCHS + 1, 200)))

    def legend(self, data: DropoutCurves, lang: str) -> tuple[LegendEntry, ...]:
        sets = (Msg("train", "학습")(lang), Msg("val", "검증")(lang))
        labels = [f"{name}, p {p:g}" for p in (0, data.p) for name in sets]
        return tuple(LegendEntry(label, color) for label, color in zip(labels, COLORS, strict=True))

    def setting(self, data: DropoutCurves, lang: str) -> str:
        return f"p {data.p:g}"

    def caption(self, data: DropoutCurves, lang: str) -> str:
        plain, dropped = data.gaps()
        (tp, vp), (td, vd) = data.plain[:, -1], data.dropped[:, -1]
        return Msg(
            f"train/val: p 0 {sci(tp)}/{sci(vp)} (gap {sci(plain)}); "
            f"p {data.p:g} {sci(td)}/{sci(vd)} (gap {sci(dropped)})",
            f"학습/검증: p 0 {sci(tp)}/{sci(vp)} (차이 {sci(plain)}), "
            f"p {data.p:g} {sci(td)}/{sci(vd)} (차이 {sci(dropped)})",
        )(lang)
