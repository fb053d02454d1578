"""Which isolation layers this machine can give a learner's process, found by trying them.

- **namespaces**: a mount namespace whose root holds only what :mod:`.view` exposes, with a
  private size-capped tmpfs as the job's folder; PID, IPC, network and UTS namespaces. As
  root the job then runs as a uid of its own per grading slot; otherwise an unprivileged user
  namespace is used where the kernel allows it, and every capability is dropped.
- **landlock**: the kernel's file-access, TCP and signal confinement (ABI 1+), a second layer
  beneath the namespaces, and the only one where namespaces cannot be made.
- **rlimits**: CPU time, address space, file size, open files and process count, always.

cgroups are not used: per-job memory is bounded by allowing one process per job (no fork, no
threads) under ``RLIMIT_AS``, and every process of a job dies with its PID namespace.

``BIGPICTURE_SANDBOX_OFF=namespaces,landlock`` switches layers off, for tests that prove each
layer holds alone; the run's report line always says what was on.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import asdict, dataclass

from bigpicture.grader.isolation import landlock, syscalls

#: Environment variable naming layers to switch off (comma-separated).
OFF_VARIABLE = "BIGPICTURE_SANDBOX_OFF"
#: The job uid of grading slot 0 when the grader is root; slot k gets SLOT_UID_BASE + k.
SLOT_UID_BASE = 0x7B000000


class SandboxUnavailable(RuntimeError):
    """No layer that hides the answers can be made here, and running unconfined was not asked."""


@dataclass(frozen=True)
class Layers:
    """The layers a run uses; the same for every job of the run."""

    namespaces: str | None  # "root", "user" or None
    landlock: int | None  # the Landlock ABI version, or None
    unconfined: bool = False  # no layer hides the answers and the instructor said go on

    @property
    def hides_answers(self) -> bool:
        """Whether the learner's process cannot read bigpicture's files."""
        return self.namespaces is not None or self.landlock is not None

    def describe(self) -> str:
        """One line for the start of a run."""
        parts = []
        if self.namespaces == "root":
            parts.append("namespaces (mount, pid, ipc, net, uts) with a uid per slot")
        elif self.namespaces == "user":
            parts.append("user namespace (mount, pid, ipc, net, uts), no capabilities")
        else:
            parts.append("no namespaces (UDP, Unix sockets and, without root, IPC not confined)")
        parts.append(f"Landlock ABI {self.landlock}" if self.landlock else "no Landlock")
        parts.append("rlimits (CPU, memory, files, one process)")
        line = "sandbox: " + " + ".join(parts)
        if not self.hides_answers:
            line += " — UNCONFINED: learner code can read the solutions and the grader"
        return line

    def to_dict(self) -> dict:
        return {**asdict(self), "hides_answers": self.hides_answers}

    def to_arg(self) -> str:
        """For a zygote's command line (:func:`from_arg` reads it back)."""
        return f"{self.namespaces or '-'},{self.landlock or 0},{int(self.unconfined)}"

    @classmethod
    def from_arg(cls, text: str) -> Layers:
        namespaces, abi, unconfined = text.split(",")
        return cls(None if namespaces == "-" else namespaces, int(abi) or None, unconfined == "1")


def switched_off() -> set[str]:
    """The layers ``BIGPICTURE_SANDBOX_OFF`` names."""
    return {p.strip() for p in os.environ.get(OFF_VARIABLE, "").split(",") if p.strip()}


def probe(unconfined: bool = False, rehearse: bool = True) -> Layers:
    """Finds the layers this process can give its jobs.

    Args:
        unconfined: when no layer hides the answers, go on (``Layers.unconfined``).
        rehearse: make a job's namespaces and root once, in forks, to be sure they can be
            made; otherwise only ask whether the machine could (the zygote of a learner's own
            check, which falls back by itself).

    Raises:
        SandboxUnavailable: none hides the answers and ``unconfined`` is False.
    """
    off = switched_off()
    namespaces = None
    if "namespaces" not in off and syscalls.supported():
        namespaces = _namespace_mode() if rehearse else _own_mode()
    abi = None
    if "landlock" not in off:
        with contextlib.suppress(landlock.Unavailable):
            abi = landlock.abi_version()
    layers = Layers(namespaces, abi)
    if not layers.hides_answers:
        if not unconfined:
            raise SandboxUnavailable(
                "no isolation layer that hides the answers works here (no Linux namespaces, "
                "no Landlock): learner code could read the solutions. Grade as root, on a "
                "kernel with Landlock (5.13+) or with user namespaces enabled, or pass "
                "--unconfined to grade anyway."
            )
        layers = Layers(None, None, unconfined=True)
    return layers


def _own_mode() -> str:
    return "root" if os.geteuid() == 0 else "user"


def _namespace_mode() -> str | None:
    """ "root" or "user" if a job's namespaces and root can be made here, else None."""
    mode = _own_mode()
    from bigpicture.grader.isolation import job  # imports numpy: only when probing

    with tempfile.TemporaryDirectory(prefix="bigpicture-probe-") as folder:
        return mode if job.rehearse(Layers(mode, None), folder) else None
