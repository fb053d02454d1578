"""Runs a learner's functions in an isolated job process and brings back checked results.

The job process (:mod:`bigpicture.grader.isolation`) gets only the calls, their inputs and the
learner's source. What it sends back is read by :mod:`bigpicture.grader.report` as hostile
input. A crash, ``sys.exit``, ``os._exit``, a hang, a flood of output or a forged report in the
learner's code ends that job, never the grader.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from bigpicture.grader import limits, report, wire
from bigpicture.grader.calls import Call, CallResult, FromCall, Rng


@dataclass
class RunResult:
    """Everything one job produced."""

    results: list[CallResult]
    import_error: dict | None = None
    timeout: str | None = None  # "cpu" (it used its CPU seconds) or "wall" (it waited too long)
    stage: str = ""
    returncode: int | None = None
    output: str = ""
    output_bytes: int = 0
    seconds: float = 0.0
    cpu_seconds: float | None = None
    starved: bool = False  # it timed out on the wall clock while waiting for a CPU
    breach: str | None = None  # why its report broke the protocol, if it did
    # time.monotonic() when the zygote received the job, the job was ready, its import ended
    # (the job's own claim), the job ended and the zygote answered: for the bulk bench only.
    stamps: dict[str, float] = field(default_factory=dict)

    @property
    def timed_out(self) -> bool:
        return self.timeout is not None

    @property
    def died(self) -> bool:
        """The job ended before finishing its calls (exit, crash, signal)."""
        return not self.timed_out and self.stage != "done" and self.import_error is None


#: A job as a launcher takes it: the request (JSON), the learner's source, the inputs' bytes.
Job = tuple[bytes, bytes, bytes]


class Launcher(Protocol):
    """Runs a job in isolation and waits for it."""

    def run_sections(
        self, sections: list[Job], timeout: float, while_waiting: Callable[[], object] | None
    ) -> dict:
        """Runs one job made of ``sections`` (see :data:`Job`), one after the other, each with
        a CPU limit of ``timeout`` seconds. Returns the zygote's answer (see
        :mod:`bigpicture.grader.isolation.zygote`), with the job's report in ``report``."""
        ...


def _arg_specs(
    values: Mapping[str, object], arrays: dict[str, np.ndarray]
) -> list[dict[str, object]]:
    specs: list[dict[str, object]] = []
    for name, value in values.items():
        if isinstance(value, np.ndarray):
            key = f"a{len(arrays)}"
            arrays[key] = value
            specs.append({"name": name, "array": key})
        elif isinstance(value, Rng):
            specs.append({"name": name, "rng": value.seed})
        elif isinstance(value, FromCall):
            specs.append({"name": name, "from_call": value.call, "item": value.item})
        else:
            specs.append({"name": name, "value": value})
    return specs


@dataclass(frozen=True)
class PackedCalls:
    """Calls as every job gets them, packed once: the request (JSON, with the index of the
    input arrays), the input arrays' bytes, and the digest of each array argument as sent
    (call index -> argument name -> :func:`bigpicture.grader.wire.digest`)."""

    request: bytes
    inputs: bytes
    digests: dict[int, dict[str, str]]


def pack_calls(display_path: str, module: str, calls: list[Call]) -> PackedCalls:
    """Packs ``calls`` for the job; bulk grading packs each exercise's once for a class."""
    arrays: dict[str, np.ndarray] = {}
    request = {
        "display_path": display_path,
        "module": module,
        "calls": [
            {
                "id": i,
                "function": call.function,
                "args": _arg_specs(call.args, arrays),
                "kwargs": _arg_specs(call.kwargs, arrays),
                "reseed_global": call.reseed_global,
            }
            for i, call in enumerate(calls)
        ],
    }
    index, blob = wire.pack(arrays)
    request["inputs"] = index
    digests = {
        i: {
            name: wire.digest(value)
            for name, value in {**call.args, **call.kwargs}.items()
            if isinstance(value, np.ndarray)
        }
        for i, call in enumerate(calls)
    }
    return PackedCalls(json.dumps(request).encode(), blob, digests)


def read_sections(
    sections: list[tuple[list[Call], PackedCalls]], answer: dict, seconds: float
) -> list[RunResult]:
    """What the job did in each of its ``sections`` that it reached (see
    :func:`bigpicture.grader.report.read_sections`), from the zygote's ``answer``. How the job
    ended (its exit status, a timeout) belongs to the last section reached; each section
    before it ended normally."""
    checked = report.read_sections(
        answer["report"][: report.REPORT_MAX_BYTES],
        [(calls, packed.digests) for calls, packed in sections],
        answer["report_breach"],
    )
    runs = []
    for number, section in enumerate(checked):
        ended_here = number == len(checked) - 1
        stamps = dict(answer.get("times") or {}) if number == 0 else {}
        if section.imported_at is not None and number == 0:
            stamps["imported"] = section.imported_at
        runs.append(
            RunResult(
                results=section.results,
                import_error=section.import_error,
                timeout=answer["timeout"] if ended_here else None,
                stage=section.stage,
                returncode=answer["returncode"] if ended_here else 0,
                output=answer["outputs"][number].decode("utf-8", errors="replace"),
                output_bytes=int(answer["output_bytes"][number]),
                seconds=seconds / len(checked),
                cpu_seconds=answer["cpu"] if ended_here else None,
                starved=bool(answer["starved"]) and ended_here,
                breach=section.breach,
                stamps=stamps,
            )
        )
    return runs


def run_sections(
    sections: list[tuple[bytes, list[Call], PackedCalls]],
    timeout: float,
    launcher: Launcher | None = None,
    while_waiting: Callable[[], object] | None = None,
) -> list[RunResult]:
    """Runs each section (the learner's source, its calls, the calls packed) in one confined
    job, in order; returns the results of the sections the job reached (see
    :func:`read_sections`). Without ``launcher``, a zygote is started for this job alone;
    ``while_waiting`` is work for this process to do while the job runs."""
    from bigpicture.grader.isolation.launcher import ZygoteLauncher

    jobs = [(packed.request, source, packed.inputs) for source, _, packed in sections]
    start = time.perf_counter()
    if launcher is None:
        with ZygoteLauncher() as own:
            answer = own.run_sections(jobs, timeout, while_waiting)
    else:
        answer = launcher.run_sections(jobs, timeout, while_waiting)
    seconds = time.perf_counter() - start
    return read_sections([(calls, packed) for _, calls, packed in sections], answer, seconds)


def run_calls(
    source: bytes,
    display_path: str,
    module: str,
    calls: list[Call],
    timeout: float = limits.DEFAULT_TIMEOUT,
    while_waiting: Callable[[], object] | None = None,
    launcher: Launcher | None = None,
    packed: PackedCalls | None = None,
) -> RunResult:
    """Runs ``calls`` against the learner's ``source`` in a fresh, confined job.

    Args:
        source: the learner's file, as bytes (a snapshot: later edits do not matter).
        display_path: the path shown in tracebacks and syntax errors.
        module: the module name the file is imported as.
        calls: what to call, in order.
        timeout: CPU seconds the job may use (the wall clock stops it later, see
            :func:`bigpicture.grader.limits.wall_limit`).
        while_waiting: work for this process to do while the job runs.
        launcher: a running zygote; by default one is started for this job alone.
        packed: ``pack_calls(display_path, module, calls)``, made once for many jobs.
    """
    packed = packed or pack_calls(display_path, module, calls)
    return run_sections([(source, calls, packed)], timeout, launcher, while_waiting)[0]
