"""Checks for exercise3: one Adam update, as torch.optim.Adam."""

from __future__ import annotations

import numpy as np

from bigpicture.grader.calls import Call, FromCall
from bigpicture.grader.checks.common import (
    Check,
    Mistake,
    expect_returns,
    random_array,
    random_shape,
    unmodified_check,
)
from bigpicture.grader.i18n import Msg

FUNCTION = "adam_step"
DEFAULTS = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
STEPS = 3  # calls in a row that feed the learner's own moments back

NO_CORRECTION = Msg(
    "It looks like the bias correction is missing: divide m_next by (1 - beta1**t) and v_next "
    "by (1 - beta2**t) before the step.",
    "편향 보정이 빠진 것 같아요: 걸음을 옮기기 전에 m_next를 (1 - beta1**t)로, v_next를 "
    "(1 - beta2**t)로 나누세요.",
)
T_PLUS_ONE = Msg(
    "It looks like you bias-corrected with t + 1. t already counts from 1 (the caller "
    "increments it): use beta1**t and beta2**t.",
    "편향 보정에 t + 1을 쓴 것 같아요. t는 이미 1부터 세요 (호출한 쪽이 늘려 줘요): "
    "beta1**t와 beta2**t를 쓰세요.",
)
T_MINUS_ONE = Msg(
    "It looks like you bias-corrected with t - 1 (at t = 1 that divides by zero). t already "
    "counts from 1: use beta1**t and beta2**t.",
    "편향 보정에 t - 1을 쓴 것 같아요 (t = 1이면 0으로 나누게 돼요). t는 이미 1부터 세요: "
    "beta1**t와 beta2**t를 쓰세요.",
)
EPS_INSIDE = Msg(
    "It looks like eps went inside the square root. Add it after: np.sqrt(v_hat) + eps. "
    "When v is tiny or eps is large, that placement changes the step.",
    "eps를 제곱근 안에 넣은 것 같아요. 제곱근 다음에 더하세요: np.sqrt(v_hat) + eps. "
    "v가 아주 작거나 eps가 크면 eps의 위치에 따라 걸음 크기가 달라져요.",
)
CORRECTED_MOMENTS = Msg(
    "You returned the bias-corrected moment. Return the raw one (before dividing by "
    "1 - beta**t): it is what the next call needs.",
    "편향 보정한 모멘트를 반환했어요. 보정하기 전 값(1 - beta**t로 나누기 전)을 반환하세요. "
    "다음 호출에는 그 값이 필요해요.",
)


def _step_with(w, dw, m, v, t, lr, beta1, beta2, eps, count, corrected=True, eps_inside=False):
    """The weights of one Adam step done wrong in the given ways, for diagnosis only."""
    m_next = beta1 * m + (1 - beta1) * dw
    v_next = beta2 * v + (1 - beta2) * dw**2
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat = m_next / (1 - beta1**count) if corrected else m_next
        v_hat = v_next / (1 - beta2**count) if corrected else v_next
        scale = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
        return w - lr * m_hat / scale, m_hat, v_hat


def _mistakes(w, dw, m, v, t, hyper: dict) -> dict[str, list[Mistake]]:
    """The classic wrong answers for one step, by output."""
    args = (w, dw, m, v, t, *(hyper[k] for k in DEFAULTS))
    _, m_hat, v_hat = _step_with(*args, count=t)
    return {
        "w_next": [
            Mistake(_step_with(*args, count=t, corrected=False)[0], NO_CORRECTION),
            Mistake(_step_with(*args, count=t + 1)[0], T_PLUS_ONE),
            Mistake(_step_with(*args, count=t - 1)[0], T_MINUS_ONE),
            Mistake(_step_with(*args, count=t, eps_inside=True)[0], EPS_INSIDE),
        ],
        "m_next": [Mistake(m_hat, CORRECTED_MOMENTS)],
        "v_next": [Mistake(v_hat, CORRECTED_MOMENTS)],
    }


def _expect_step(result, w, dw, m, v, t, hyper: dict) -> tuple[np.ndarray, ...]:
    """Judges one call against the engine; returns the engine's (w_next, m_next, v_next)."""
    from bigpicture.grader import engine

    hyper = {**DEFAULTS, **hyper}
    expected = engine.adam_step(w, dw, m, v, t, **hyper)
    expect_returns(
        result,
        FUNCTION,
        dict(zip(("w_next", "m_next", "v_next"), expected, strict=True)),
        _mistakes(w, dw, m, v, t, hyper),
    )
    return expected


def _step_check(name: Msg, w, dw, m, v, t: int, **hyper) -> Check:
    """One call; only the hyperparameters given here are passed, by keyword."""
    call = Call(FUNCTION, {"w": w, "dw": dw, "m": m, "v": v, "t": t}, hyper)
    return Check(name, [call], lambda results: _expect_step(results[0], w, dw, m, v, t, hyper))


def _chain_check(rng: np.random.Generator) -> Check:
    shape = random_shape(rng)
    w = random_array(rng, shape)
    grads = [random_array(rng, shape) for _ in range(STEPS)]
    hyper = {"lr": float(rng.uniform(0.01, 0.1))}
    calls = [Call(FUNCTION, {"w": w, "dw": grads[0], "m": 0 * w, "v": 0 * w, "t": 1}, hyper)]
    for step in range(1, STEPS):
        fed = {name: FromCall(step - 1, item) for item, name in enumerate(("w", "m", "v"))}
        args = {"w": fed["w"], "dw": grads[step], "m": fed["m"], "v": fed["v"], "t": step + 1}
        calls.append(Call(FUNCTION, args, hyper))

    def judge(results):
        w_now, m, v = w, 0 * w, 0 * w
        for t, (dw, result) in enumerate(zip(grads, results, strict=True), start=1):
            w_now, m, v = _expect_step(result, w_now, dw, m, v, t, hyper)

    return Check(
        Msg(
            f"{STEPS} steps in a row (t = 1, 2, 3), each fed the w, m, v your previous step "
            "returned",
            f"{STEPS}번 연속 호출 (t = 1, 2, 3), 매번 직전 호출이 반환한 w, m, v를 넣음",
        ),
        calls,
        judge,
    )


def build(rng: np.random.Generator) -> list[Check]:
    """The checks for exercise3, random cases drawn from ``rng``."""
    shape = random_shape(rng)

    def moments():
        return random_array(rng, shape, 0.1), rng.uniform(0.01, 1.0, shape)

    def fresh(scale=1.0):
        return random_array(rng, shape), random_array(rng, shape, scale), *np.zeros((2, *shape))

    later = int(rng.integers(5, 51))
    tiny_t = int(rng.integers(1, 4))
    w, dw = random_array(rng, shape), random_array(rng, shape)
    m, v = moments()
    return [
        _step_check(
            Msg(
                f"first step (t = 1) on shape {shape}, default hyperparameters",
                f"shape {shape}에서 첫 걸음 (t = 1), 하이퍼파라미터는 기본값",
            ),
            *fresh(),
            1,
        ),
        _step_check(
            Msg(
                f"a later step (t = {later}) from given moments m and v, lr by keyword",
                f"주어진 모멘트 m, v에서 나중 걸음 (t = {later}), lr은 키워드로",
            ),
            random_array(rng, shape),
            random_array(rng, shape),
            *moments(),
            later,
            lr=float(rng.uniform(0.01, 0.1)),
        ),
        _step_check(
            Msg(
                f"tiny gradients (about 1e-10) at t = {tiny_t}: where eps is added matters",
                f"아주 작은 기울기 (약 1e-10), t = {tiny_t}: eps를 더하는 위치가 중요함",
            ),
            *fresh(1e-10),
            tiny_t,
        ),
        _step_check(
            Msg(
                "every hyperparameter by keyword (lr, beta1, beta2, eps), none the default",
                "모든 하이퍼파라미터(lr, beta1, beta2, eps)를 기본값이 아닌 값의 키워드로",
            ),
            random_array(rng, shape),
            random_array(rng, shape),
            *moments(),
            int(rng.integers(2, 10)),
            lr=float(rng.uniform(0.01, 0.1)),
            beta1=float(rng.uniform(0.5, 0.85)),
            beta2=float(rng.uniform(0.9, 0.99)),
            eps=float(rng.uniform(1e-3, 1e-1)),
        ),
        _chain_check(rng),
        unmodified_check(
            [Call(FUNCTION, {"w": w, "dw": dw, "m": m, "v": v, "t": 3})],
            "m_next = beta1 * m + (1 - beta1) * dw, not m *= beta1",
        ),
    ]
