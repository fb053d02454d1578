"""The grading process's side of the zygote: start it, send it jobs, read its answers.

`bigpicture check` and the TUI start a zygote for one job (numpy's import overlaps the
engine's); bulk grading keeps one per worker for the whole run.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import IO

from bigpicture.grader.files import remove_tree
from bigpicture.grader.isolation import job
from bigpicture.grader.isolation.layers import OFF_VARIABLE, Layers
from bigpicture.grader.limits import longest_wait
from bigpicture.grader.report import REPORT_MAX_BYTES
from bigpicture.grader.sandbox import Job

#: Extra seconds the grader waits for the zygote's answer beyond the job's longest run.
REPLY_MARGIN = 10.0
#: Seconds a new zygote may take to import numpy and say it is ready.
START_TIMEOUT = 60.0
#: Distinct calls (a request and its inputs) a zygote keeps, so that they travel once.
KEPT_CALLS = 16


class ZygoteError(RuntimeError):
    """The zygote died or stopped answering, and a fresh one failed the job too."""


class SandboxError(RuntimeError):
    """The job's sandbox could not be made: the grader's problem, never the learner's."""


class _ZygoteLost(Exception):
    pass


def _environment() -> dict[str, str]:
    """What the zygote starts with: nothing of the grader's environment but the search path
    (and the test switch that turns layers off, which "auto" must see)."""
    env = {**job.child_environment("/"), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    if OFF_VARIABLE in os.environ:
        env[OFF_VARIABLE] = os.environ[OFF_VARIABLE]
    return env


class ZygoteLauncher:
    """Runs each job as a fork of one pre-warmed zygote.

    Args:
        layers: the run's isolation layers (see :func:`.layers.probe`); None lets the zygote
            take whatever this machine gives (the learner's own checks).
        slot: the grading slot, which picks the job uid when the grader is root.

    Use as a context manager, or call :meth:`close`, to end the zygote.
    """

    def __init__(self, layers: Layers | None = None, slot: int = 0) -> None:
        self._argument = layers.to_arg() if layers else "auto"
        self._slot = slot
        # The jobs' root is mounted here, in the zygote's own mount namespace: the rest of the
        # machine sees an empty folder, removed with the zygote.
        self._root = tempfile.mkdtemp(prefix="bigpicture-root-")
        # Where jobs that run without namespaces get their folders (private to the zygote).
        self._jobs = tempfile.mkdtemp(prefix="bigpicture-jobs-")
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = bytearray()
        self.ready: dict | None = None
        self._start()

    def __enter__(self) -> ZygoteLauncher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The zygote's process id (None once closed)."""
        return self._proc.pid if self._proc else None

    def close(self) -> None:
        """Ends the zygote and everything it still runs."""
        if self._proc is None:
            return
        self._end()
        with contextlib.suppress(OSError):
            os.rmdir(self._root)
        remove_tree(self._jobs)

    def abort(self) -> None:
        """Ends the zygote now, and with it the job it runs (a job dies with its zygote)."""
        if self._proc is not None:
            self._proc.kill()
        self.close()

    def _end(self) -> None:
        proc, stdin, stdout = self._pipes()
        with contextlib.suppress(OSError):
            stdin.close()  # end of input: the zygote leaves its loop
        try:
            proc.wait(timeout=5.0)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stdout.close()
        self._proc = None

    def _pipes(self) -> tuple[subprocess.Popen[bytes], IO[bytes], IO[bytes]]:
        """The zygote process, its stdin and its stdout."""
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdout is None:
            raise _ZygoteLost("the launcher is closed")
        return proc, proc.stdin, proc.stdout

    def run_sections(
        self,
        sections: list[Job],
        timeout: float,
        while_waiting: Callable[[], object] | None = None,
        on_report: Callable[[bytes], None] | None = None,
    ) -> dict:
        """Runs one job made of ``sections`` (each a request, the learner's source and the
        input arrays' bytes), in order, each with ``timeout`` CPU seconds of its own (see
        :func:`bigpicture.grader.child.main`). Returns the zygote's answer: the job's report in
        ``report`` (or, given ``on_report``, each piece of it passed to it as it comes, and
        ``report`` empty), and each section's printed output in ``outputs`` and
        ``output_bytes``. An exception ``on_report`` raises ends the wait; :meth:`abort` then
        ends the job.

        Raises:
            ZygoteError: the zygote was lost twice on this job.
            SandboxError: the job's sandbox could not be made.
        """
        streamed = []  # pieces already handed over: a stream cannot start again from its top

        def passed_on(piece: bytes) -> None:
            streamed.append(len(piece))
            if on_report is not None:
                on_report(piece)

        try:
            answer = self._attempt(
                sections, timeout, while_waiting, passed_on if on_report else None
            )
        except _ZygoteLost as lost:
            if streamed:
                raise ZygoteError(
                    f"the zygote was lost while it streamed a report: {lost}"
                ) from None
            if self.ready is None and self._argument == "auto":
                # Namespaces were refused half way (a kernel that lets user namespaces be made
                # but not used): the same machine, without them.
                self._argument = "auto-without-namespaces"
            self._restart()
            try:
                answer = self._attempt(sections, timeout, None, on_report)  # the engine is loaded
            except _ZygoteLost as exc:
                raise ZygoteError(f"the grading zygote was lost twice on a job: {exc}") from None
        answer["outputs"] = [base64.b64decode(output) for output in answer["outputs"]]
        if answer["sandbox_failed"]:
            text = answer["outputs"][0].decode("utf-8", "replace").strip()
            raise SandboxError(f"the sandbox for a job could not be made: {text[-2000:]}")
        return answer

    def _start(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "bigpicture.grader.isolation.zygote"]
            + [self._argument, str(self._slot), str(os.getpid()), self._root, self._jobs],
            cwd="/",
            env=_environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,  # our own group: closing kills it alone, not the grader
        )
        self._buffer = bytearray()
        self.ready = None
        # The calls this zygote keeps: (request, inputs), the very objects sent, by number.
        self._kept: list[tuple[bytes, bytes]] = []

    def _restart(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._end()
        self._start()

    def wait_ready(self) -> dict:
        """The zygote's first line: its pid, layers and job uid."""
        if self.ready is None:
            try:
                self.ready = self._receive(time.monotonic() + START_TIMEOUT)
            except _ZygoteLost as exc:
                raise ZygoteError(f"the grading zygote did not start: {exc}") from None
        return self.ready

    def _attempt(
        self,
        sections: list[Job],
        timeout: float,
        while_waiting: Callable[[], object] | None,
        on_report: Callable[[bytes], None] | None = None,
    ) -> dict:
        named = [self._name_kept_calls(job) for job in sections]
        parts = [part for _, job in named for part in job]
        header = {
            "timeout": timeout,
            "stream": on_report is not None,
            "sections": [section for section, _ in named],
            "sizes": [len(part) for part in parts],
        }
        _, stdin, _ = self._pipes()
        try:
            stdin.write(json.dumps(header).encode() + b"\n")
            for part in parts:
                stdin.write(part)
            stdin.flush()
        except OSError as exc:
            raise _ZygoteLost(f"cannot send the job: {exc}") from None
        if while_waiting is not None:
            while_waiting()
        if self.ready is None:
            self.ready = self._receive(time.monotonic() + START_TIMEOUT)
        # Each section may take its longest, one after the other.
        deadline = time.monotonic() + len(sections) * longest_wait(timeout) + REPLY_MARGIN
        answer = self._receive(deadline)
        while on_report is not None and "chunk" in answer:
            on_report(self._receive_bytes(min(int(answer["chunk"]), 65536), deadline))
            answer = self._receive(deadline)
        # The zygote is the grader's own code; its size is bounded all the same.
        size = min(int(answer.pop("report_size")), REPORT_MAX_BYTES)
        answer["report"] = self._receive_bytes(size, deadline)
        return answer

    def _name_kept_calls(self, job: Job) -> tuple[dict, Job]:
        """The header that names the job's calls if the zygote keeps them (the job then goes
        without them), or asks it to keep them; and the job as it is to be sent.

        Calls are the same when they are the same objects: bulk grading packs each exercise's
        once (:func:`bigpicture.grader.sandbox.pack_calls`), and holding them here keeps
        their ids from naming others."""
        request, source, inputs = job
        for number, (kept_request, kept_inputs) in enumerate(self._kept):
            if kept_request is request and kept_inputs is inputs:
                return {"calls": number}, (b"", source, b"")
        if len(self._kept) >= KEPT_CALLS:
            return {}, job
        self._kept.append((request, inputs))
        return {"keep": len(self._kept) - 1}, job

    def _receive(self, deadline: float) -> dict:
        """The zygote's next JSON line; never waits past ``deadline`` (``time.monotonic``)."""
        while b"\n" not in self._buffer:
            self._fill(deadline)
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def _receive_bytes(self, size: int, deadline: float) -> bytes:
        """The zygote's next ``size`` bytes; never waits past ``deadline``."""
        while len(self._buffer) < size:
            self._fill(deadline)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return bytes(data)

    def _fill(self, deadline: float) -> None:
        proc, _, stdout = self._pipes()
        fd = stdout.fileno()
        remaining = max(0.0, deadline - time.monotonic())
        readable, _, _ = select.select([fd], [], [], remaining)
        if not readable:
            proc.kill()
            raise _ZygoteLost("no answer in time")
        chunk = os.read(fd, 65536)
        if not chunk:
            raise _ZygoteLost(f"it ended (exit status {proc.wait()})")
        self._buffer += chunk
