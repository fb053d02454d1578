"""What the checks of the sequence exercises share: exercise6's RNN forward pass and
exercise14's backward pass through time read the same example and the same kind of random
cases; exercise14 and exercise15's LSTM step return several values, each judged in turn."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import CallResult
from bigpicture.grader.checks.common import array_output, expect_close, random_array
from bigpicture.grader.checks.diagnosis import Candidates, mistakes_for
from bigpicture.grader.i18n import Msg


def rnn_random_case(rng: np.random.Generator, n: int, t: int, d: int, h: int) -> tuple:
    """x: (n, t, d), h0: (n, h), Wx: (d, h), Wh: (h, h), b: (h,), scaled to keep tanh busy."""
    shapes = ((n, t, d), (n, h), (d, h), (h, h), (h,))
    return tuple(random_array(rng, shape, 0.6) for shape in shapes)


def rnn_fixed_case() -> tuple:
    """N=2, T=4, D=3, H=2: small numbers, pre-activations on both sides of 0 and beyond 1, an
    asymmetric Wh and an h0 far from zero: (x, h0, Wx, Wh, b)."""
    x = np.array(
        [
            [[1.0, 0.0, -1.0], [0.5, 2.0, 0.0], [0.0, -1.0, 1.5], [-0.5, 0.5, 0.5]],
            [[-2.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 1.0, 1.0], [0.5, -1.5, 0.0]],
        ]
    )
    h0 = np.array([[0.5, -0.5], [0.0, 1.0]])
    Wx = np.array([[1.0, -0.5], [0.3, 0.8], [-1.2, 0.4]])
    Wh = np.array([[0.9, -0.2], [0.5, 1.1]])
    b = np.array([0.1, -0.3])
    return x, h0, Wx, Wh, b


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
