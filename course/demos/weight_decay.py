"""Lesson 6: weights shrinking under weight decay, while AdamW fits a polynomial to few noisy
points, with no decay and with the decay the keys choose."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bigpicture.grader import engine
from bigpicture.grader.i18n import Msg

from .base import DemoKey, LegendEntry
from .common import BLUE, GRAY, CachedDemo, sci

# A degree-12 polynomial through 15 noisy points of sin(3x): enough freedom to chase the noise.
DEGREE = 12
N_TRAIN, N_VAL = 15, 200
NOISE = 0.3
STEPS = 1500
LR = 0.05
DRAW_STRIDE = 10
#: The decays the keys step through; 0.1 is the start, 0.3 fits best, 1 and 3 underfit.
DECAYS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
DEFAULT_LEVEL = DECAYS.index(0.1)
COLORS = (GRAY, BLUE)  # no decay, then the chosen decay


@dataclass(frozen=True)
class DecayRuns:
    """Two AdamW runs on the same data and start, without and with weight decay.

    Attributes:
        seed: seeds the training points' positions and noise.
        decay: the weight_decay of the second run (the first has 0).
        steps: (STEPS,) the step numbers 1..STEPS.
        norms: (2, STEPS) the length of the weight vector after every step, per run.
        train: (2,) each run's final training loss (mean squared error).
        val: (2,) each run's final validation loss, on the noiseless curve.
    """

    seed: int
    decay: float
    steps: np.ndarray
    norms: np.ndarray
    train: np.ndarray
    val: np.ndarray


def _features(x: np.ndarray) -> np.ndarray:
    """(N,) -> (N, DEGREE + 1): the powers x**0 .. x**DEGREE."""
    return x[:, None] ** np.arange(DEGREE + 1)


def _fit(x: np.ndarray, y: np.ndarray, decay: float) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch AdamW from zero weights on the mean squared error: the weight norm after
    every step, and the final weights."""
    w = np.zeros(DEGREE + 1)
    m, v = np.zeros_like(w), np.zeros_like(w)
    norms = np.empty(STEPS)
    for t in range(1, STEPS + 1):
        dw = 2.0 * x.T @ (x @ w - y) / len(y)
        w, m, v = engine.adamw_step(w, dw, m, v, t, lr=LR, weight_decay=decay)
        norms[t - 1] = np.linalg.norm(w)
    return norms, w


def decay_runs(seed: int, decay: float) -> DecayRuns:
    """Trains without decay and with ``decay`` on the points ``seed`` draws."""
    rng = np.random.default_rng(seed)
    x_train = rng.uniform(-1.0, 1.0, N_TRAIN)
    y_train = np.sin(3.0 * x_train) + NOISE * rng.normal(size=N_TRAIN)
    x_val = np.linspace(-1.0, 1.0, N_VAL)
    features, val_features = _features(x_train), _features(x_val)
    norms, train, val = [], [], []
    for run_decay in (0.0, decay):
        run_norms, w = _fit(features, y_train, run_decay)
        norms.append(run_norms)
        train.append(np.mean((features @ w - y_train) ** 2))
        val.append(np.mean((val_features @ w - np.sin(3.0 * x_val)) ** 2))
    return DecayRuns(
        seed=seed,
        decay=decay,
        steps=np.arange(1, STEPS + 1),
        norms=np.stack(norms),
        train=np.array(train),
        val=np.array(val),
    )


class WeightDecayDemo(CachedDemo):
    """Without decay the weights keep growing to fit the noise; decay holds them down, and too
    much decay holds them below what the curve needs."""

    name = "weight-decay"
    title = Msg("Weights under weight decay", "가중치 감쇠 아래의 가중치")
    keys = (
        DemoKey("f", Msg("less decay", "감쇠 줄이기")),
        DemoKey("m", Msg("more decay", "감쇠 늘리기")),
        DemoKey("r", Msg("new data", "새 데이터")),
    )
    x_label = Msg("AdamW step", "AdamW 스텝")
    y_label = Msg("length of w", "w의 길이")

    def __init__(self) -> None:
        super().__init__()
        self.level = DEFAULT_LEVEL
        self.seed = 0

    def press(self, key: str) -> bool:
        if key == "r":
            self.seed += 1
            return True
        level = self.level + {"f": -1, "m": 1}.get(key, 0)
        if level == self.level or not 0 <= level < len(DECAYS):
            return False
        self.level = level
        return True

    def state(self) -> tuple[int, int]:
        return self.level, self.seed

    def compute_state(self, state: tuple[int, int]) -> DecayRuns:
        level, seed = state
        return decay_runs(seed, DECAYS[level])

    def draw(self, plt, data: DecayRuns) -> None:
        shown = slice(DRAW_STRIDE - 1, None, DRAW_STRIDE)
        for line, color in zip(data.norms, COLORS, strict=True):
            plt.plot(data.steps[shown], line[shown], color=color)
        plt.ylim(0.0, 1.05 * float(data.norms.max()))
        plt.xticks(list(range(0, STEPS + 1, 500)))

    def legend(self, data: DecayRuns, lang: str) -> tuple[LegendEntry, ...]:
        word = Msg("decay", "감쇠")(lang)
        labels = (f"{word} 0", f"{word} {data.decay:g}")
        return tuple(LegendEntry(label, color) for label, color in zip(labels, COLORS, strict=True))

    def setting(self, data: DecayRuns, lang: str) -> str:
        decay, seed = f"{data.decay:g}", data.seed
        return Msg(f"decay {decay}, seed {seed}", f"감쇠 {decay}, 시드 {seed}")(lang)

    def caption(self, data: DecayRuns, lang: str) -> str:
        (plain, decayed), (val_plain, val_decayed) = data.norms[:, -1], data.val
        return Msg(
            f"|w| {sci(plain)} vs {sci(decayed)}; val loss {sci(val_plain)} vs {sci(val_decayed)}",
            f"|w| {sci(plain)} 대 {sci(decayed)}, 검증 손실 {sci(val_plain)} 대 {sci(val_decayed)}",
        )(lang)
