"""What the grader asks of a learner's functions, and what one call did: plain data shared by
the checks, the sandbox and the report reader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from bigpicture.grader.protocol import CallStatus


@dataclass(frozen=True)
class Rng:
    """Stands for ``numpy.random.default_rng(seed)``, built fresh inside the child."""

    seed: int


@dataclass(frozen=True)
class FromCall:
    """Stands for value number ``item`` that an earlier call (by index) returned."""

    call: int
    item: int = 0


@dataclass
class Call:
    """One call of a learner's function: positional ``args`` then keyword ``kwargs``.

    Values are numpy arrays, :class:`Rng`, :class:`FromCall`, or JSON scalars (numbers, bools,
    None).
    """

    function: str
    args: Mapping[str, object]
    kwargs: Mapping[str, object] = field(default_factory=dict)
    reseed_global: int | None = None


@dataclass
class Returned:
    """One value a learner's function returned."""

    kind: str  # "array", "none" or "other"
    type_name: str
    array: np.ndarray | None = None
    dtype: str | None = None


@dataclass
class CallResult:
    """What one call did.

    ``status`` says how it ended; ``CallStatus.NOT_RUN`` when the job ended or timed out
    before or during it.
    """

    status: CallStatus
    items: list[Returned] = field(default_factory=list)
    container: str | None = None
    count: int = 0
    mutated: list[str] = field(default_factory=list)
    rng_used: list[str] = field(default_factory=list)  # Rng arguments the call drew from
    error: dict | None = None
    exit_code: str | None = None
    seconds: float = 0.0
