"""Runs a learner's functions in a child process and brings back plain arrays.

The child (:mod:`bigpicture.grader.child`) gets only the inputs; everything it sends back is
read with ``allow_pickle=False`` and only numeric dtypes are accepted. A crash, ``sys.exit``,
``os._exit``, a hang or a flood of output in the learner's code ends the child, never the
grader: the whole process group is killed after every run.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from bigpicture.grader import limits, wire


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
    args: dict[str, object]
    kwargs: dict[str, object] = field(default_factory=dict)
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

    ``status`` is "ok", "not_implemented", "raised", "exit", "missing_function", or "not_run"
    (the child ended or timed out before or during it).
    """

    status: str
    items: list[Returned] = field(default_factory=list)
    container: str | None = None
    count: int = 0
    mutated: list[str] = field(default_factory=list)
    rng_used: list[str] = field(default_factory=list)  # Rng arguments the call drew from
    error: dict | None = None
    exit_code: str | None = None
    seconds: float = 0.0


@dataclass
class RunResult:
    """Everything one child run produced."""

    results: list[CallResult]
    import_error: dict | None = None
    timed_out: bool = False
    stage: str = ""
    returncode: int | None = None
    output: str = ""
    output_bytes: int = 0
    seconds: float = 0.0

    @property
    def died(self) -> bool:
        """The child ended before finishing its calls (exit, crash, signal)."""
        return not self.timed_out and self.stage != "done" and self.import_error is None


def _arg_specs(values: dict[str, object], arrays: dict[str, np.ndarray]) -> list[dict]:
    specs = []
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


def child_env(home: str) -> dict[str, str]:
    """A scrubbed environment: nothing of the grader's leaks into the learner's process."""
    keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(
        HOME=home,
        TMPDIR=home,
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONHASHSEED="0",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
    )
    return env


class OutputTally:
    """The first ``CHILD_OUTPUT_KEPT`` bytes a child printed, and how many it printed in all."""

    def __init__(self) -> None:
        self.kept = bytearray()
        self.total = 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        self.kept += chunk[: max(0, limits.CHILD_OUTPUT_KEPT - len(self.kept))]


class _OutputReader(threading.Thread):
    """Drains the child's output in a thread, into an :class:`OutputTally`."""

    def __init__(self, stream) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.tally = OutputTally()

    def run(self) -> None:
        while chunk := self.stream.read1(65536) if hasattr(self.stream, "read1") else b"":
            self.tally.add(chunk)


def kill_group(pid: int) -> None:
    """SIGKILLs the process group ``pid`` leads, if it is still there."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _records(data: bytes) -> Iterator[tuple[dict, dict[str, np.ndarray]]]:
    """The records of a child's stream, stopping at the first one that is cut or malformed.

    Arrays come through :func:`bigpicture.grader.wire.unpack`: plain numeric arrays only.
    """
    pos = 0
    while pos < len(data):
        end = data.find(b"\n", pos)
        if end < 0:
            return
        try:
            header = json.loads(data[pos:end])
            index = header.get("arrays", [])
            size = sum(int(entry[3]) for entry in index)
        except (ValueError, TypeError, AttributeError, IndexError, KeyError):
            return
        blob = data[end + 1 : end + 1 + size]
        if size < 0 or len(blob) < size:
            return
        pos = end + 1 + size
        yield header, wire.unpack(index, blob)


def _call_result(payload: dict, arrays: dict[str, np.ndarray]) -> CallResult:
    status = str(payload.get("status", "not_run"))
    result = CallResult(
        status=status,
        mutated=[str(m) for m in payload.get("mutated", [])],
        rng_used=[str(m) for m in payload.get("rng_used", [])],
        error=payload.get("error"),
        exit_code=payload.get("code"),
        seconds=float(payload.get("seconds", 0.0)),
    )
    if status != "ok":
        return result
    result.container = payload.get("container")
    result.count = int(payload.get("count", 0))
    for index, item in enumerate(payload.get("items", [])):
        array = arrays.get(f"o{index}")
        kind = item.get("kind", "other")
        if kind == "array" and array is None:
            kind = "other"  # claimed an array but sent none we accept
        result.items.append(
            Returned(
                kind=kind, type_name=str(item.get("type")), array=array, dtype=item.get("dtype")
            )
        )
    return result


@dataclass
class Finished:
    """How a child run ended, as a launcher reports it."""

    returncode: int | None
    timed_out: bool
    output: bytes  # the first CHILD_OUTPUT_KEPT bytes the child printed
    output_bytes: int  # how many it printed in all


class Launcher(Protocol):
    """Runs ``python -m bigpicture.grader.child WORK`` in isolation and waits for it."""

    def run(
        self, work: Path, timeout: float, while_waiting: Callable[[], object] | None
    ) -> Finished:
        """Runs the child on the request in ``work``; kills it after ``timeout`` seconds."""
        ...


class SpawnLauncher:
    """A fresh interpreter per run (`python -I`): simple, ~0.1 s to start with numpy."""

    def run(
        self, work: Path, timeout: float, while_waiting: Callable[[], object] | None
    ) -> Finished:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "bigpicture.grader.child", str(work)],
            cwd=work,
            env=child_env(str(work)),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        reader = _OutputReader(proc.stdout)
        reader.start()
        timed_out = False
        try:
            if while_waiting is not None:
                while_waiting()
            proc.wait(timeout=max(0.0, timeout - (time.perf_counter() - start)))
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            kill_group(proc.pid)  # also ends anything the learner's code started
            proc.wait()
        reader.join(timeout=1.0)
        proc.stdout.close()
        return Finished(proc.returncode, timed_out, bytes(reader.tally.kept), reader.tally.total)


def write_request(
    work: Path, source: bytes, display_path: str, module: str, calls: list[Call], timeout: float
) -> None:
    """Writes what the child needs into ``work``: the calls, their inputs and the source."""
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
        "limits": {
            "cpu": math.ceil(timeout) + 2,
            "as": limits.CHILD_ADDRESS_SPACE,
            "fsize": limits.CHILD_FILE_SIZE,
            "nofile": limits.CHILD_OPEN_FILES,
        },
    }
    index, blob = wire.pack(arrays)
    request["inputs"] = index
    (work / "request.json").write_text(json.dumps(request), "utf-8")
    (work / "learner.py").write_bytes(source)
    (work / "inputs.bin").write_bytes(blob)
    (work / "out").mkdir()


def _read_plain_file(path: Path, limit: int) -> bytes:
    """The first ``limit`` bytes of ``path`` if it is a regular file; b"" for a symlink, a FIFO
    or anything else the learner's code may have put there (never follow, never block)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return b""
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return fh.read(limit)


def read_run(work: Path, count: int, finished: Finished, seconds: float) -> RunResult:
    """Reads back what the child wrote in ``work`` for ``count`` calls."""
    data = _read_plain_file(work / "out" / "stream", limits.CHILD_FILE_SIZE)
    results = [CallResult(status="not_run") for _ in range(count)]
    stage, import_error = "", None
    try:
        for header, arrays in _records(data):
            event = header.get("event")
            if event == "stage":
                stage = str(header.get("stage", ""))
            elif event == "import" and not header.get("ok"):
                import_error = header.get("error") or {"kind": "raised", "error": None}
            elif event in ("start", "result") and 0 <= int(header.get("id", -1)) < count:
                call = int(header["id"])
                if event == "start":
                    stage = f"call {call}"
                else:
                    results[call] = _call_result(header, arrays)
    except (TypeError, ValueError, AttributeError):
        pass  # a mangled record: what was read before it stands
    return RunResult(
        results=results,
        import_error=import_error,
        timed_out=finished.timed_out,
        stage=stage,
        returncode=finished.returncode,
        output=finished.output.decode("utf-8", errors="replace"),
        output_bytes=finished.output_bytes,
        seconds=seconds,
    )


def run_calls(
    source: bytes,
    display_path: str,
    module: str,
    calls: list[Call],
    timeout: float = limits.DEFAULT_TIMEOUT,
    while_waiting: Callable[[], object] | None = None,
    launcher: Launcher | None = None,
) -> RunResult:
    """Runs ``calls`` against the learner's ``source`` in a fresh, limited child process.

    Args:
        source: the learner's file, as bytes (a snapshot: later edits do not matter).
        display_path: the path shown in tracebacks and syntax errors.
        module: the module name the file is imported as.
        calls: what to call, in order.
        timeout: wall-clock limit for the whole run, in seconds.
        while_waiting: work for this process to do while the child runs.
        launcher: how the child is started; a fresh interpreter (SpawnLauncher) by default.
    """
    with tempfile.TemporaryDirectory(prefix="bigpicture-") as tmp:
        work = Path(tmp)
        write_request(work, source, display_path, module, calls, timeout)
        start = time.perf_counter()
        finished = (launcher or SpawnLauncher()).run(work, timeout, while_waiting)
        return read_run(work, len(calls), finished, time.perf_counter() - start)
