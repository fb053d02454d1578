"""Where a bulk run's time goes: timings for ``bench/bulk_bench.py``, never for grading.

With ``BIGPICTURE_BULK_PROFILE=FILE`` in the environment of ``bigpicture grade``, the grading
workers and the main process append JSON lines to ``FILE``: one per job (how long its request,
start, first import, calls, clean-up and verdicts took; a job runs a submission's exercises one
after the other, see ``grading.grade_together``), one per submission loaded,
one per commit to the store and one for the exports. Each line is one ``write`` to a file
opened with ``O_APPEND``, so lines from several processes never interleave.

The start, import and calls phases come from clocks in the zygote and in the job: the zygote's
are the grader's own, the job's "import done" time is the learner's process talking, so it is
only used clamped between the job's start and end, and only here. Nothing read from this
file, or from the job's clock, ever decides a point.
"""

from __future__ import annotations

import json
import math
import os

VARIABLE = "BIGPICTURE_BULK_PROFILE"


def enabled() -> bool:
    """Whether this run is profiled (the variable names a file)."""
    return bool(os.environ.get(VARIABLE))


def write(kind: str, **fields: object) -> None:
    """Appends one line ``{"kind": kind, **fields}`` to the profile, if this run has one."""
    path = os.environ.get(VARIABLE)
    if not path:
        return
    line = json.dumps({"kind": kind, **fields}, separators=(",", ":")).encode() + b"\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


#: A job's phases, in order.
PHASES = ("request", "start", "import", "calls", "reap", "verdicts")
# The stamps the grader's own processes take, in order.
_TRUSTED = ("begin", "received", "ready", "ended", "answered", "judged")


def job_phases(stamps: dict[str, float]) -> dict[str, float]:
    """One job's phases, in seconds, from ``ExerciseResult.stamps`` (``time.monotonic``).

    request: the grading process writes the job and the zygote reads it; start: fork,
    namespaces, root and confinement, until the job says it is ready; import: the learner's
    file runs; calls: the learner's functions, until the job has ended; reap: the zygote
    cleans up and answers; verdicts: the grading process reads the report and judges it.

    A stamp that is missing (a job that never started) makes its phase zero. The job's own
    claim (``imported``) only splits the time between its trusted neighbours, ``ready`` and
    ``ended``: the phases add up to the job's whole time and none is negative, whatever the
    learner's process wrote.
    """
    chain: list[float] = []
    for name in _TRUSTED:
        previous = chain[-1] if chain else 0.0
        chain.append(max(_finite(stamps.get(name), previous), previous))
    begin, received, ready, ended, answered, judged = chain
    imported = min(max(_finite(stamps.get("imported"), ready), ready), ended)
    return {
        "request": received - begin,
        "start": ready - received,
        "import": imported - ready,
        "calls": ended - imported,
        "reap": answered - ended,
        "verdicts": judged - answered,
    }


def _finite(value: object, default: float) -> float:
    if type(value) is not float or not math.isfinite(value):
        return default
    return value
