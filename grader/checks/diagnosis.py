"""What the learner most likely did, told from a wrong answer: the diagnosis engine.

Each exercise lists its classic mistakes as :class:`Mistake` values: what that mistake would
return on the very inputs of the check. A mistake is named only when the learner's output
matches it **and the right answer does not** (on inputs where the two agree, naming it would
mislead); when several match, the most specific wins. When none matches, the shape of the
error is described instead: a flipped sign, a constant factor or offset, all zeros, or the one
channel, time step or row that is wrong, which points at the mistake without guessing it.

Optimizer steps are diagnosed on the step (``w_next - w``), not on ``w_next``: the step is
often a millionth of the weights, and on the weights every mistake looks the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.i18n import Msg

#: How closely a value must be matched (relative error) to count as "the same".
SAME = 1e-6

#: Names of the axes the exercises' arrays have, for :func:`diagnose`'s ``axes``.
SAMPLE = Msg("sample", "샘플")
CHANNEL = Msg("channel", "채널")
FILTER = Msg("filter", "필터")
ROW = Msg("row", "행")
COLUMN = Msg("column", "열")
TIME = Msg("time step", "시간 스텝")
UNIT = Msg("unit", "유닛")


@dataclass(frozen=True, eq=False)  # arrays have no single truth value: equal means identical
class Mistake:
    """A known wrong answer: ``value`` is what the mistake returns on the check's inputs."""

    value: np.ndarray
    msg: Msg
    specificity: int = 0  # when several mistakes match, the highest wins


Candidates = Iterable[tuple[np.ndarray | None, Msg]]


def diagnose(
    expected: np.ndarray,
    got: np.ndarray,
    mistakes: Sequence[Mistake] = (),
    origin: np.ndarray | None = None,
    axes: Sequence[Msg] | None = None,
) -> Msg | None:
    """What to tell a learner whose ``got`` differs from ``expected``, or None.

    Args:
        expected: the right answer.
        got: the learner's answer, of the same shape.
        mistakes: the exercise's known mistakes on these inputs.
        origin: for an update (``w_next``), the point it starts from (``w``): everything is
            compared as a step from it.
        axes: a name for each axis of ``expected`` (sample, channel, time step...), or None
            to leave the axes unnamed.
    """
    expected = np.asarray(expected, dtype=np.float64)
    if got.dtype.kind not in "biuf":
        return None
    got = got.astype(np.float64)
    if got.shape != expected.shape:  # a mistake of the wrong shape is told by its shape
        return _most_specific([m for m in mistakes if same(m.value, got)])
    base = 0.0 if origin is None else np.asarray(origin, dtype=np.float64)
    want, have = expected - base, got - base
    if same(want, have):
        return None  # the values are right (a dtype is wrong): no mistake to name
    matches = []
    for mistake in mistakes:
        value = np.asarray(mistake.value, dtype=np.float64)
        if value.shape == got.shape and same(value - base, have) and not same(value - base, want):
            matches.append(mistake)
    return _most_specific(matches) or describe(want, have, axes)


def _most_specific(matches: list[Mistake]) -> Msg | None:
    """The message of the most specific match, or None when the most specific are different
    mistakes: on these inputs they look alike (padding only after the image looks like no
    padding when the stride skips the padded rows), and naming either would mislead the learner
    who made the other. Another check, where they differ, names the mistake."""
    top = max((m.specificity for m in matches), default=0)
    messages = {m.msg for m in matches if m.specificity == top}
    return messages.pop() if len(messages) == 1 else None


def mistakes_for(
    expected: np.ndarray, got: np.ndarray, candidates: Callable[[], Candidates]
) -> list[Mistake]:
    """The mistakes to diagnose ``got`` with: none when it is right (building them costs more
    than the check), else every candidate that applies (``candidates`` gives, for each classic
    mistake, its output on the check's inputs, or None where it does not apply)."""
    if expected.shape == got.shape and same(expected, got):
        return []
    return [Mistake(value, msg) for value, msg in candidates() if value is not None]


def same(a: np.ndarray, b: np.ndarray, tol: float = SAME) -> bool:
    """Equal within ``tol``, where a NaN or inf counts as equal to the same NaN or inf: some
    mistakes (a division by zero) are recognised by exactly where they break."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    same_broken = ~np.isfinite(a) & ((a == b) | (np.isnan(a) & np.isnan(b)))
    return bool(np.all((limits.rel_error(a, b) <= tol) | same_broken))


def describe(expected: np.ndarray, got: np.ndarray, axes: Sequence[Msg] | None) -> Msg | None:
    """The shape of the error, when it has one worth saying."""
    if not (np.all(np.isfinite(expected)) and np.all(np.isfinite(got))) or not expected.size:
        return None
    if not np.any(got) and np.any(expected):
        return Msg(
            "Every value is 0: is the result computed, and returned, at all?",
            "모든 값이 0이에요: 결과를 계산해서 반환하고 있나요?",
        )
    if same(-expected, got):
        return Msg(
            "Every value has the opposite sign of the right one: a sign is flipped somewhere "
            "(a + where the formula has a −, or the reverse).",
            "모든 값의 부호가 정답과 반대예요: 어딘가 부호가 뒤집혔어요 (공식의 − 자리에 +를 "
            "쓰거나 그 반대).",
        )
    factor = _constant_ratio(expected, got)
    if factor is not None:
        return Msg(
            f"Every value is {factor:.4g} times the right one: a constant factor is off (a "
            "scale that is missing, extra or inverted).",
            f"모든 값이 정답의 {factor:.4g}배예요: 상수 배율 하나가 틀렸어요 (빠졌거나, 더 "
            "들어갔거나, 뒤집힌 배율).",
        )
    offset = got - expected
    if np.ptp(offset) <= SAME * float(np.max(np.abs(offset))):
        return Msg(
            f"Every value is off by the same {float(offset.flat[0]):.4g}: a constant is added "
            "or missing.",
            f"모든 값이 똑같이 {float(offset.flat[0]):.4g}만큼 어긋나 있어요: 상수 하나가 "
            "더해졌거나 빠졌어요.",
        )
    return _where(expected, got, axes)


def _constant_ratio(expected: np.ndarray, got: np.ndarray) -> float | None:
    nonzero = np.abs(expected) > 1e-12
    if not np.any(nonzero) or np.any(np.abs(got[~nonzero]) > 1e-12):
        return None
    ratios = got[nonzero] / expected[nonzero]
    factor = float(np.median(ratios))
    if abs(factor - 1) < 1e-3 or not np.allclose(ratios, factor, rtol=1e-6, atol=0):
        return None
    return factor


def _where(expected: np.ndarray, got: np.ndarray, axes: Sequence[Msg] | None) -> Msg | None:
    """The one slice along an axis that holds every wrong value, or the first wrong one along
    the last named axis (a time step from which everything is wrong)."""
    if axes is None or len(axes) != expected.ndim:
        return None
    wrong = limits.rel_error(expected, got) > SAME
    for axis, name in enumerate(axes):
        if expected.shape[axis] < 2:
            continue
        rows = np.any(np.moveaxis(wrong, axis, 0).reshape(expected.shape[axis], -1), axis=1)
        if rows.sum() == 1:
            k = int(np.argmax(rows))
            return Msg(
                f"Only {name.en} {k} is wrong; every other {name.en} is right.",
                f"{name.ko} {k}만 틀렸어요. 나머지는 모두 맞아요.",
            )
        if rows.any() and not rows[0] and np.all(rows[np.argmax(rows) :]):
            k = int(np.argmax(rows))
            return Msg(
                f"Everything before {name.en} {k} is right; from {name.en} {k} on, it is wrong.",
                f"{name.ko} {k} 전까지는 맞고, {name.ko} {k}부터 틀려요.",
            )
    return None
