"""Checks for exercise11: one AdamW update, as torch.optim.AdamW.

AdamW is Adam taken from decayed weights: ``w * (1 - lr * weight_decay)`` first, then Adam's
step with the gradient unchanged. So the cases are Adam's (exercise3's, every one of them), and
every Adam mistake is recognised as the same mistake made after the decay. On top come the
decay's own mistakes, told apart by two more cases: a zero gradient, where only the decay moves
w (and the coupled L2 of "Adam with weight decay" moves every weight by lr whatever its size),
and every hyperparameter large, where decaying the new weights instead of the old differs by
``lr**2 * weight_decay`` times the step.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from bigpicture.grader.calls import CallResult
from bigpicture.grader.checks.adam import ADAM_MISTAKES, AdamInputs, AdamLike
from bigpicture.grader.checks.adam import DEFAULTS as ADAM_DEFAULTS
from bigpicture.grader.checks.adam import TRACEBACK_HINTS as ADAM_HINTS
from bigpicture.grader.checks.common import Check, random_array, random_shape
from bigpicture.grader.checks.optimizer import StepMistake, expect_step, kept_defaults
from bigpicture.grader.i18n import Msg

FUNCTION = "adamw_step"
DEFAULTS = {**ADAM_DEFAULTS, "weight_decay": 1e-2}

COUPLED_L2 = Msg(
    "It looks like weight decay was added to the gradient (dw + weight_decay * w), as Adam with "
    "L2 does: then the decay is divided by sqrt(v_hat) with the rest, and weights with large "
    "gradients are barely decayed. AdamW decouples it: shrink w first, "
    "w = w * (1 - lr * weight_decay), then take Adam's step with dw unchanged.",
    "가중치 감쇠를 기울기에 더한 것 같아요 (dw + weight_decay * w). L2를 쓰는 Adam의 방식이에요. "
    "그러면 감쇠도 나머지와 함께 sqrt(v_hat)로 나뉘어서, 기울기가 큰 가중치는 거의 감쇠되지 "
    "않아요. AdamW는 둘을 떼어 놓아요: 먼저 w = w * (1 - lr * weight_decay)로 줄이고, dw는 "
    "그대로 둔 채 Adam의 걸음을 옮기세요.",
)
DECAY_AFTER = Msg(
    "It looks like the decay was applied after Adam's step, to the new weights. PyTorch decays "
    "the old ones: w * (1 - lr * weight_decay) first, then the step (the two differ by "
    "lr * weight_decay times the step).",
    "Adam의 걸음을 옮긴 뒤에 새 가중치를 감쇠한 것 같아요. PyTorch는 이전 가중치를 감쇠해요: "
    "먼저 w * (1 - lr * weight_decay), 그다음 걸음이에요 (둘은 걸음의 lr * weight_decay배만큼 "
    "달라요).",
)
DECAY_WITHOUT_LR = Msg(
    "It looks like the decay was not multiplied by lr: w * (1 - weight_decay). AdamW shrinks "
    "each step by lr * weight_decay: w * (1 - lr * weight_decay), 0.99999 per step with the "
    "defaults, not 0.99.",
    "감쇠에 lr을 곱하지 않은 것 같아요: w * (1 - weight_decay). AdamW는 걸음마다 "
    "lr * weight_decay만큼 줄여요: w * (1 - lr * weight_decay). 기본값이면 걸음마다 0.99가 "
    "아니라 0.99999배예요.",
)
DECAY_SIGN = Msg(
    "It looks like the decay's sign is flipped: w * (1 + lr * weight_decay) makes the weights "
    "grow. Decay shrinks them: w * (1 - lr * weight_decay).",
    "감쇠의 부호가 뒤집힌 것 같아요: w * (1 + lr * weight_decay)는 가중치를 키워요. 감쇠는 "
    "줄여요: w * (1 - lr * weight_decay).",
)
NO_DECAY = Msg(
    "It looks like weight_decay was ignored: this is Adam's step alone. Shrink w first: "
    "w * (1 - lr * weight_decay), then take Adam's step.",
    "weight_decay를 무시한 것 같아요: Adam의 걸음뿐이에요. 먼저 w를 줄이세요: "
    "w * (1 - lr * weight_decay), 그다음 Adam의 걸음을 옮기세요.",
)
DECAY_TWICE = Msg(
    "It looks like the decay was applied twice: once to w and once more as weight_decay * w "
    "added to the gradient. AdamW decays w alone and leaves dw unchanged.",
    "감쇠를 두 번 한 것 같아요: w에 한 번, 기울기에 더한 weight_decay * w로 또 한 번. AdamW는 "
    "w만 감쇠하고 dw는 그대로 둬요.",
)
RETURNS_OLD_MOMENTS = Msg(
    "It looks like the old m and v were returned. Return the new raw moments, m_next and "
    "v_next: they are what the next call needs.",
    "이전 m과 v를 반환한 것 같아요. 새로 구한 보정 전 모멘트 m_next와 v_next를 반환하세요. 다음 "
    "호출에는 그 값이 필요해요.",
)

TRACEBACK_HINTS = ADAM_HINTS


def _mistakes(s: AdamInputs, weight_decay: float, passed: dict[str, float]) -> list[StepMistake]:
    """The classic wrong AdamW steps on one call's inputs (``s``: Adam's inputs with the
    undecayed w; ``passed``: the hyperparameters the call passed)."""
    decay = 1 - s.lr * weight_decay
    after = s.returns()
    coupled = replace(s, dw=s.dw + weight_decay * s.w)
    from_decayed = replace(s, w=s.w * decay)

    def decayed_by(factor: float) -> tuple[np.ndarray, ...]:
        """Adam's step from w * factor."""
        return replace(s, w=s.w * factor).returns()

    # Some mistakes divide by zero or take the root of a negative, as the learner's code does.
    with np.errstate(divide="ignore", invalid="ignore"):
        found = [StepMistake(mistake(from_decayed), msg) for mistake, msg in ADAM_MISTAKES]
        found += [
            StepMistake(coupled.returns(), COUPLED_L2),
            StepMistake((after[0] * decay, *after[1:]), DECAY_AFTER),
            StepMistake(decayed_by(1 - weight_decay), DECAY_WITHOUT_LR),
            StepMistake(decayed_by(1 + s.lr * weight_decay), DECAY_SIGN),
            StepMistake(after, NO_DECAY),
            StepMistake(replace(coupled, w=s.w * decay).returns(), DECAY_TWICE),
            StepMistake((from_decayed.returns()[0], s.m, s.v), RETURNS_OLD_MOMENTS),
        ]

        def kept(defaults: dict[str, Any]) -> tuple[np.ndarray, ...]:
            adam = {name: value for name, value in defaults.items() if name != "weight_decay"}
            kept_decay = defaults.get("weight_decay", weight_decay)
            inputs = replace(s, **adam)
            return replace(inputs, w=s.w * (1 - inputs.lr * kept_decay)).returns()

        found += kept_defaults(passed, DEFAULTS, kept)
    return found


def _judge_step(
    result: CallResult,
    w: np.ndarray,
    dw: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    passed: dict[str, float],
) -> None:
    """Judges one call (``passed``: the hyperparameters it passed) against the engine."""
    from bigpicture.grader import engine

    hyper = {**DEFAULTS, **passed}
    expected = engine.adamw_step(w, dw, m, v, t, **hyper)
    adam = {name: value for name, value in hyper.items() if name != "weight_decay"}
    expect_step(
        result,
        FUNCTION,
        dict(zip(("w_next", "m_next", "v_next"), expected, strict=True)),
        lambda: _mistakes(AdamInputs(w, dw, m, v, t, **adam), hyper["weight_decay"], passed),
        w,
    )


ADAMW = AdamLike(FUNCTION, _judge_step)


def _zero_gradient_check(rng: np.random.Generator) -> Check:
    shape = random_shape(rng)
    weight_decay = float(rng.uniform(0.1, 0.5))
    lr = float(rng.uniform(0.01, 0.1))
    return ADAMW.step_check(
        Msg(
            f"a zero gradient at t = 1 (lr = {lr:.3g}, weight_decay = {weight_decay:.3g}): only "
            "the decay moves w, to w * (1 - lr * weight_decay)",
            f"t = 1에서 기울기가 0 (lr = {lr:.3g}, weight_decay = {weight_decay:.3g}): w를 "
            "움직이는 건 감쇠뿐이라 w * (1 - lr * weight_decay)가 됨",
        ),
        random_array(rng, shape, 3.0),
        np.zeros(shape),
        np.zeros(shape),
        np.zeros(shape),
        1,
        lr=lr,
        weight_decay=weight_decay,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise11, random cases drawn from ``rng``."""

    def strong_decay(rng: np.random.Generator) -> dict[str, float]:
        return {"weight_decay": float(rng.uniform(0.1, 0.5))}

    return [*ADAMW.checks(rng, strong_decay), _zero_gradient_check(rng)]
