"""What every exercise's checks share: the check record and the judging helpers.

A judge receives the results of its calls and either returns (the check passed) or raises
:class:`Fail` with a message a teacher would say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call, CallResult, FromCall
from bigpicture.grader.checks.diagnosis import Candidates, Mistake, diagnose, mistakes_for
from bigpicture.grader.i18n import Msg

_T = TypeVar("_T")


class Fail(Exception):
    """A check failed; ``msg`` says why."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.en)
        self.msg = msg


@dataclass
class Check:
    """One named check: the calls it makes and the judge that reads their results.

    A :class:`FromCall` in ``calls`` counts from this check's first call (``FromCall(0)`` is the
    check's own first call); :func:`run_order` turns that into the position in the whole run.
    """

    name: Msg
    calls: list[Call]
    judge: Callable[[list[CallResult]], None]
    points: float = 1.0


def run_order(checks: list[Check]) -> list[Check]:
    """``checks`` with every :class:`FromCall` pointing at its call's index in the whole run,
    where the calls of all checks follow one another."""
    placed, offset = [], 0
    for check in checks:

        def shift(values: Mapping[str, object], by: int = offset) -> dict[str, object]:
            return {
                key: FromCall(value.call + by, value.item) if isinstance(value, FromCall) else value
                for key, value in values.items()
            }

        calls = [replace(c, args=shift(c.args), kwargs=shift(c.kwargs)) for c in check.calls]
        placed.append(replace(check, calls=calls))
        offset += len(check.calls)
    return placed


def _shape(shape: tuple[int, ...]) -> str:
    return str(tuple(int(n) for n in shape))


def outputs(result: CallResult, function: str, count: int) -> list:
    """The values a call returned, after checking there are ``count`` of them."""
    if count == 1:
        if result.container is not None:
            raise Fail(
                Msg(
                    f"{function} returned a {result.container} of {result.count} values; "
                    "it should return one array.",
                    f"{function} 함수가 값 {result.count}개가 든 {result.container} 객체를 "
                    "반환했어요. 배열 하나만 반환해야 해요.",
                )
            )
        return list(result.items)
    if result.container is None or result.count != count:
        # Each Korean noun carries its own object particle, which depends on its last syllable.
        got = (
            Msg("None", "None을")
            if result.items and result.items[0].kind == "none"
            else Msg(f"{result.count} value(s)", f"값 {result.count}개를")
            if result.container
            else Msg("a single value", "값 하나를")
        )
        raise Fail(
            Msg(
                f"{function} should return a tuple of {count} values, but returned {got.en}.",
                f"{function} 함수는 값 {count}개가 든 튜플을 반환해야 하는데 {got.ko} 반환했어요.",
            )
        )
    return list(result.items)


def array_output(
    result: CallResult, function: str, index: int = 0, count: int = 1, label: str = "out"
) -> np.ndarray:
    """Output number ``index`` as a numeric array, or a failure that says what came back."""
    item = outputs(result, function, count)[index]
    if item.kind == "none":
        raise Fail(
            Msg(
                f"{function} returned None for {label}. Did you forget `return`?",
                f"{function} 함수가 {label} 자리에 None을 반환했어요. "
                "`return`을 빠뜨리지 않았나요?",
            )
        )
    if item.kind != "array" or item.array is None:
        what = f"{item.type_name}" + (f" (dtype {item.dtype})" if item.dtype else "")
        raise Fail(
            Msg(
                f"{function} returned {what} for {label}; it must be a numeric numpy array.",
                f"{function} 함수가 {label} 자리에 숫자 배열이 아닌 값({what})을 반환했어요. "
                "숫자로 된 numpy 배열이어야 해요.",
            )
        )
    return item.array


def expect_shape(got: np.ndarray, shape: tuple[int, ...], function: str, label: str) -> None:
    """Fails unless ``got`` has exactly ``shape``."""
    if got.shape != tuple(shape):
        raise Fail(
            Msg(
                f"{function}: {label} has shape {_shape(got.shape)}, expected {_shape(shape)}.",
                f"{function}: {label}의 shape이 틀렸어요. 기대한 shape {_shape(shape)}, "
                f"실제 shape {_shape(got.shape)}.",
            )
        )


def expect_close(
    expected: np.ndarray,
    got: np.ndarray,
    function: str,
    label: str = "out",
    mistakes: Sequence[Mistake] = (),
    tol: float = limits.REL_TOL,
    dtype: type = np.float64,
    origin: np.ndarray | None = None,
    axes: Sequence[Msg] | None = None,
) -> None:
    """Fails unless ``got`` matches ``expected`` in shape, dtype and value.

    When it does not, :func:`~bigpicture.grader.checks.diagnosis.diagnose` adds what the
    learner most likely did (``origin`` and ``axes`` are passed on to it).
    """
    expected = np.asarray(expected)
    diagnosis = diagnose(expected, got, mistakes, origin, axes)
    try:
        expect_shape(got, expected.shape, function, label)
        if got.dtype != dtype:
            raise Fail(
                Msg(
                    f"{function}: {label} has dtype {got.dtype}, expected {np.dtype(dtype)}.",
                    f"{function}: {label}의 dtype이 {got.dtype}인데, {np.dtype(dtype)} 배열이어야 "
                    "해요.",
                )
            )
        if got.dtype.kind == "f" and not np.all(np.isfinite(got)):
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(got))[0])
            raise Fail(
                Msg(
                    f"{function}: {label} contains {got[bad]} at index {bad} "
                    "(expected finite numbers everywhere).",
                    f"{function}: {label}의 {bad} 위치에 유한하지 않은 값({got[bad]})이 있어요 "
                    "(모든 값이 유한한 숫자여야 해요).",
                )
            )
        err = limits.rel_error(expected, got)
        worst = float(err.max()) if err.size else 0.0
        if worst > tol:
            at = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))
            raise Fail(
                Msg(
                    f"{function}: {label} is wrong. Max relative error {worst:.1e} at index {at}: "
                    f"expected {expected[at]:.6g}, got {got[at]:.6g}.",
                    f"{function}: {label} 값이 틀렸어요. 최대 상대 오차 {worst:.1e} "
                    f"(위치 {at}): 기대값 {expected[at]:.6g}, 실제값 {got[at]:.6g}.",
                )
            )
    except Fail as fail:
        if diagnosis is None:
            raise
        raise Fail(fail.msg + Msg("\n", "\n") + diagnosis) from None


def expect_unmodified(
    results: list[CallResult], function: str, example: str = "np.maximum(x, 0)"
) -> None:
    """Fails if any call changed one of its array arguments in place.

    ``example`` is code that builds a new array, shown as the way to do it.
    """
    for result in results:
        if result.mutated:
            names = ", ".join(result.mutated)
            raise Fail(
                Msg(
                    f"{function} modified its input in place ({names}). The caller still needs "
                    f"those values: work on a copy or build a new array (e.g. {example}).",
                    f"{function} 함수가 입력({names})을 그 자리에서 바꿨어요. 호출한 쪽은 원래 "
                    f"값이 계속 필요해요. 복사본을 쓰거나 새 배열을 만드세요 (예: {example}).",
                )
            )


def unmodified_check(calls: list[Call], example: str) -> Check:
    """A check that every call in ``calls`` leaves its array arguments unchanged.

    Args:
        calls: the calls to make, each of a learner's function with arrays it must not change.
        example: code that builds a new array, shown if one was changed in place.
    """
    names = list(dict.fromkeys(call.function for call in calls))
    en = " and ".join(names) + (" leaves its" if len(names) == 1 else " leave their")
    ko = ", ".join(names)

    def judge(results: list[CallResult]) -> None:
        for call, result in zip(calls, results, strict=True):
            expect_unmodified([result], call.function, example)

    return Check(
        Msg(f"{en} inputs unchanged", f"{ko} 함수가 입력을 바꾸지 않음"),
        calls,
        judge,
    )


def expect_returns(
    result: CallResult,
    function: str,
    expected: dict[str, np.ndarray],
    mistakes: Mapping[str, Sequence[Mistake]] | None = None,
    origins: Mapping[str, np.ndarray | None] | None = None,
) -> list[np.ndarray]:
    """Compares every value a call returned with ``expected``, in order, and returns them.

    Args:
        result: the call's result.
        function: the learner's function, for messages.
        expected: label -> expected value, one per returned value, in the order returned.
        mistakes: label -> the known wrong answers for that value.
        origins: label -> where an updated value starts from (``w`` for ``w_next``): its
            mistakes are told apart on the step, not on the value.
    """
    count = len(expected)
    got = [array_output(result, function, i, count, label) for i, label in enumerate(expected)]
    for value, (label, want) in zip(got, expected.items(), strict=True):
        expect_close(
            want,
            value,
            function,
            label,
            (mistakes or {}).get(label, ()),
            origin=(origins or {}).get(label),
        )
    return got


def expect_outputs(
    result: CallResult,
    function: str,
    expected: Mapping[str, np.ndarray],
    candidates: Callable[[], Iterable[tuple[Sequence[np.ndarray | None], Msg]]],
    tol: float = limits.REL_TOL,
    axes: Mapping[str, Sequence[Msg]] | None = None,
) -> None:
    """Compares every value a call returned with ``expected`` (label -> value, in the order
    returned), naming a classic mistake where one matches.

    Args:
        result: the call's result.
        function: the learner's function, for messages.
        expected: the right values, by label, in the order the function returns them.
        candidates: for each classic mistake, everything it returns (None where one value
            does not apply) and what to tell the learner; called only if a value is wrong.
        tol: the relative error allowed.
        axes: label -> the names of that value's axes, for the values that have them.
    """
    count = len(expected)
    got = [array_output(result, function, i, count, label) for i, label in enumerate(expected)]
    for index, ((label, want), have) in enumerate(zip(expected.items(), got, strict=True)):

        def for_label(index: int = index) -> Candidates:
            return ((values[index], msg) for values, msg in candidates())

        mistakes = mistakes_for(want, have, for_label)
        axis_names = (axes or {}).get(label)
        expect_close(want, have, function, label, mistakes, tol=tol, axes=axis_names)


def nudged(value: np.ndarray, step: float) -> list[np.ndarray]:
    """Copies of ``value`` nudged by +step and -step, one element at a time.

    Pair the outputs of a function on them with :func:`numerical_gradient`.
    """
    base = np.asarray(value, dtype=np.float64)
    copies = []
    for flat in range(base.size):
        for sign in (1.0, -1.0):
            copy = base.copy()
            copy.flat[flat] += sign * step
            copies.append(copy)
    return copies


def computed_once(compute: Callable[[], _T]) -> Callable[[], _T]:
    """``compute``, run on the first call only, its arrays made read-only: a reference value
    that does not depend on the learner's answer (a numerical gradient of the engine's forward
    pass), which a check would otherwise recompute for every submission bulk grading judges
    with it."""
    kept: list[_T] = []

    def value() -> _T:
        if not kept:
            computed = compute()
            for array in computed if isinstance(computed, tuple) else (computed,):
                if isinstance(array, np.ndarray):
                    array.setflags(write=False)
            kept.append(computed)
        return kept[0]

    return value


def numerical_gradient(
    values: list[np.ndarray], dout: np.ndarray, shape: tuple[int, ...], step: float
) -> np.ndarray:
    """Central differences of ``sum(f(x) * dout)`` from the outputs of ``f`` on the
    :func:`nudged` copies of ``x``."""
    grad = np.empty(int(np.prod(shape)))
    for flat in range(grad.size):
        plus, minus = values[2 * flat], values[2 * flat + 1]
        grad[flat] = np.sum((plus - minus) * dout) / (2 * step)
    return grad.reshape(shape)


def random_array(
    rng: np.random.Generator, shape: tuple[int, ...], scale: float = 1.0
) -> np.ndarray:
    """Standard-normal float64 array of ``shape`` times ``scale``."""
    return rng.standard_normal(shape) * scale


def random_shape(
    rng: np.random.Generator, ndim: int = 2, low: int = 2, high: int = 7
) -> tuple[int, ...]:
    """A shape of ``ndim`` sizes, each drawn from ``[low, high)``."""
    return tuple(int(n) for n in rng.integers(low, high, size=ndim))
