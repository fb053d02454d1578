"""The parts a lab net is built from, each either the learner's own function or the reference
engine's, called through a guard that names the part and the step when it fails.

A part is one of the course's functions (``affine_forward``, ``adam_step``, …): the learner's
version takes exactly the reference's arguments (the exercises' contracts are the engine's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

import numpy as np

from bigpicture.grader import engine

#: Functions no exercise asks for: always the reference's.
REFERENCE_ONLY = frozenset({"lstm_backward"})


class PartError(RuntimeError):
    """A part raised, or returned something that is not finite numbers.

    Attributes:
        part: the function's name.
        yours: whether it was the learner's function.
        step: the training step (1-based) it happened at.
        problem: what went wrong, in words (English; the lab's messages wrap it).
    """

    def __init__(self, part: str, yours: bool, step: int, problem: str) -> None:
        super().__init__(f"{part} ({'yours' if yours else 'reference'}) at step {step}: {problem}")
        self.part, self.yours, self.step, self.problem = part, yours, step, problem


class Parts:
    """Calls parts by name (``parts.affine_forward(x, w, b)``), the learner's where given.

    Args:
        learner: the learner's functions by name (from the exercises they have passed).
    """

    def __init__(self, learner: Mapping[str, Callable[..., Any]] | None = None) -> None:
        self._learner = dict(learner or {})
        self.step = 0
        self.used: set[str] = set()

    @classmethod
    def from_modules(
        cls, modules: Mapping[str, ModuleType], functions: Mapping[str, tuple[str, ...]]
    ) -> Parts:
        """The learner's functions ``functions[exercise]`` from ``modules[exercise]``."""
        learner = {}
        for exercise, module in modules.items():
            for name in functions.get(exercise, ()):
                function = getattr(module, name, None)
                if callable(function) and name not in REFERENCE_ONLY:
                    learner[name] = function
        return cls(learner)

    def is_yours(self, name: str) -> bool:
        return name in self._learner

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        yours = name in self._learner
        function = self._learner[name] if yours else getattr(engine, name)
        self.used.add(name)

        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                out = function(*args, **kwargs)
            except SystemExit as exc:
                raise PartError(name, yours, self.step, f"it called sys.exit({exc.code})") from None
            except Exception as exc:  # the learner's code may raise anything
                raise PartError(name, yours, self.step, f"{type(exc).__name__}: {exc}") from exc
            return _checked(out, name, yours, self.step)

        return guarded


def _checked(out: Any, name: str, yours: bool, step: int) -> Any:
    """``out`` with every array as float64 (bool masks kept), or a PartError."""
    values = out if isinstance(out, tuple) else (out,)
    checked = []
    for value in values:
        array = np.asarray(value)
        if array.dtype == np.bool_:
            checked.append(array)
            continue
        if array.dtype.kind not in "biuf":
            raise PartError(name, yours, step, f"returned {type(value).__name__}, not numbers")
        array = array.astype(np.float64, copy=False)
        if not np.all(np.isfinite(array)):
            raise PartError(name, yours, step, "returned NaN or infinity")
        checked.append(array)
    return tuple(checked) if isinstance(out, tuple) else checked[0]
