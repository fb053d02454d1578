"""One job, inside a fresh fork of the zygote: confine, then run the learner's calls.

The fork (the *guard*) stays trusted: it reads the request from the job folder (never visible to
the learner), makes the job's namespaces and root, forks the *job process* and waits for it,
then tells the zygote the job process's pid, exit status and CPU time over a pipe the job
process has closed. The job process mounts its own ``/proc`` and ``/work``, pivots into the new
root, drops every privilege, sets its limits and Landlock rules, closes every descriptor but
its output and its report pipe, and only then runs :func:`bigpicture.grader.child.main`.

When the job process ends, its PID namespace ends with it: the kernel kills every process it
started, and its IPC objects, sockets and ``/work`` go with the namespaces.

Without namespaces the job folder ``work`` is made inside the job folder, owned by the job's
uid before any learner code runs, and afterwards emptied by a process running as that uid, so
root never acts on a path the learner could have touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import random
import resource
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bigpicture.grader import child, limits, wire
from bigpicture.grader.files import remove_tree
from bigpicture.grader.isolation import landlock, syscalls, view
from bigpicture.grader.isolation.layers import Layers

#: File descriptor the job process writes its report to.
REPORT_FD = 3
#: Exit status of a job process whose sandbox could not be made.
SANDBOX_FAILED = 71
#: The signal that tells a guard to kill its job (the wall clock ran out).
KILL_JOB = signal.SIGUSR1
#: Size of the job's private tmpfs (its HOME, TMPDIR and working folder).
WORK_BYTES = 32 * 1024**2
#: Files and folders the job's tmpfs may hold.
WORK_INODES = 2048
# IPC objects a job may create in its own IPC namespace (sysctl -> value): small.
_IPC_LIMITS = {
    "kernel/shmmax": str(16 * 1024**2),
    "kernel/shmall": str(4096),  # pages
    "kernel/shmmni": "8",
    "kernel/msgmni": "8",
    "kernel/msgmnb": "65536",
    "kernel/sem": "32 256 32 8",
}


@dataclass
class Prepared:
    """What the zygote works out once and every job reuses."""

    layers: Layers
    uid: int | None  # the job's uid when the grader is root
    view: view.View
    landlock_rules: list[tuple[int, int]]  # (O_PATH descriptor, access) of the readable paths


def prepare(layers: Layers, uid: int | None) -> Prepared:
    """Computes the view and opens the Landlock paths, in the zygote."""
    seen = view.learner_view()
    rules = []
    if layers.landlock:
        for path, whole in view.landlock_paths(seen):
            with contextlib.suppress(OSError):
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                rules.append((fd, landlock.READ if whole else landlock.READ_DIR))
    return Prepared(layers, uid, seen, rules)


def enter_namespaces(mode: str) -> None:
    """Moves this process into a job's new namespaces (its next child is the job's PID 1)."""
    if mode == "user":
        uid, gid = os.geteuid(), os.getegid()
        syscalls.unshare(syscalls.JOB_NAMESPACES | syscalls.CLONE_NEWUSER)
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    else:
        syscalls.unshare(syscalls.JOB_NAMESPACES)
    # Nothing mounted from here on reaches the grader's namespace.
    syscalls.mount("none", "/", None, syscalls.MS_REC | syscalls.MS_PRIVATE)


def rehearse(prepared: Prepared, folder: str) -> bool:
    """Whether a job's namespaces and root can be made here: does it all up to the learner's
    code, in forks, with ``folder`` (an empty folder) as the root's mount point."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            enter_namespaces(prepared.layers.namespaces)
            view.build(folder, prepared.view)
            inner = os.fork()
            if inner == 0:
                entered = 1
                try:
                    _enter_root(folder, prepared)
                    entered = 0
                finally:
                    os._exit(entered)
            code = os.waitstatus_to_exitcode(os.waitpid(inner, 0)[1])
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def guard(work: Path, timeout: float, prepared: Prepared, report: int, status: int) -> None:
    """The guard's part (in a fresh fork of the zygote); ends with ``os._exit``.

    Args:
        work: the job folder the grading process wrote the request into.
        timeout: CPU seconds the learner's code may use.
        prepared: the zygote's view, uid and Landlock descriptors.
        report: write end of the report pipe (becomes fd 3 of the job process).
        status: write end of the pipe to the zygote: JSON lines ``{"pid": ...}``, then
            ``{"status": ..., "cpu": ...}``.
    """
    # Far from fd 3, which the report pipe becomes in the job process.
    report, status = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (report, status))
    request = json.loads((work / "request.json").read_text("utf-8"))
    source = (work / "learner.py").read_bytes()
    inputs = wire.unpack(request["inputs"], (work / "inputs.bin").read_bytes())
    layers = prepared.layers
    scratch = work / "work"
    if layers.namespaces:
        enter_namespaces(layers.namespaces)
        root = str(work / "root")
        os.mkdir(root, 0o700)
        view.build(root, prepared.view)
    else:
        _make_scratch(scratch, prepared.uid)
    # So the job (the PID 1 of its namespace) dies with this guard, and this guard with the
    # zygote: nothing is left if a trusted process is killed mid-job.
    syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
    pid = os.fork()
    if pid == 0:
        try:
            if layers.namespaces:
                _enter_root(root, prepared)
            else:
                os.chdir(scratch)
            work_dir = view.WORK if layers.namespaces else str(scratch)
            _confine(prepared, timeout, report, work_dir)
            # The last word from trusted code: learner code runs next. A job that ends without
            # saying it is the sandbox's failure, never a verdict on the learner.
            _tell(status, {"ready": True})
            os.closerange(REPORT_FD + 1, 65536)
        except BaseException as exc:  # the sandbox failed: say so, never run learner code
            os.write(2, f"sandbox setup failed: {exc!r}\n".encode())
            os._exit(SANDBOX_FAILED)
        _run_learner(request, source, inputs)
    os.close(report)
    signal.signal(KILL_JOB, lambda *_: os.kill(pid, signal.SIGKILL))
    _tell(status, {"pid": pid})
    _, wait_status, usage = os.wait4(pid, 0)
    _tell(status, {"status": wait_status, "cpu": usage.ru_utime + usage.ru_stime})
    if not layers.namespaces:
        _empty_as(scratch, prepared.uid)
        if prepared.uid is not None:
            _remove_ipc(prepared.uid)
    os._exit(0)


def _tell(fd: int, message: dict) -> None:
    os.write(fd, json.dumps(message).encode() + b"\n")


def _make_scratch(scratch: Path, uid: int | None) -> None:
    """The job's writable folder on disk, created owned by the job's uid before it runs."""
    os.mkdir(scratch, 0o700)
    if uid is not None:
        fd = os.open(scratch, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            os.fchown(fd, uid, uid)
        finally:
            os.close(fd)
        os.chmod(scratch.parent, 0o711)  # the job uid may reach its folder, not list the rest


def _empty_as(scratch: Path, uid: int | None) -> None:
    """Empties the job's folder as the job's uid, never as root."""
    pid = os.fork()
    if pid == 0:
        try:
            if uid is not None:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
            remove_tree(scratch)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _remove_ipc(uid: int) -> None:
    """Removes the System V IPC objects the job's uid made: without an IPC namespace they
    would outlive the job. The uid is this slot's alone, so nothing else is touched."""
    removers = {"shm": syscalls.remove_shm, "sem": syscalls.remove_sem, "msg": syscalls.remove_msg}
    for kind, remove in removers.items():
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        header = lines[0].split()
        for line in lines[1:]:
            fields = dict(zip(header, line.split(), strict=False))
            if uid in (int(fields.get("uid", -1)), int(fields.get("cuid", -1))):
                with contextlib.suppress(OSError):
                    remove(int(fields[header[1]]))


def _enter_root(root: str, prepared: Prepared) -> None:
    """Mounts /proc and /work in the new root and makes it ``/`` (in the job process)."""
    uid = prepared.uid if prepared.uid is not None else os.geteuid()
    options = f"size={WORK_BYTES},nr_inodes={WORK_INODES},mode=700,uid={uid},gid={uid}"
    flags = syscalls.MS_NOSUID | syscalls.MS_NODEV
    syscalls.mount("tmpfs", root + view.WORK, "tmpfs", flags, options)
    with contextlib.suppress(OSError):  # some containers forbid a new /proc: go without
        syscalls.mount("proc", root + "/proc", "proc", flags | syscalls.MS_NOEXEC)
        _limit_ipc(root + "/proc/sys/")
    os.chdir(root)
    syscalls.pivot_root(".", ".")
    syscalls.umount(".", syscalls.MNT_DETACH)  # the grader's file system is gone
    os.chdir("/")
    os.chdir(view.WORK)
    syscalls.sethostname("bigpicture")
    leaked = view.leaks(prepared.view)
    if leaked:
        raise RuntimeError(f"the job's root shows what it must hide: {leaked[:3]}")


def _limit_ipc(sysctl: str) -> None:
    for name, value in _IPC_LIMITS.items():
        with contextlib.suppress(OSError), open(sysctl + name, "w") as fh:
            fh.write(value)


def _confine(prepared: Prepared, timeout: float, report: int, work: str) -> None:
    """Drops privileges, sets the limits and Landlock rules, and puts the report on fd 3."""
    if prepared.uid is not None:
        os.setgroups([])
        os.setgid(prepared.uid)
        os.setuid(prepared.uid)
    elif prepared.layers.namespaces == "user":
        syscalls.drop_capabilities()
    syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)  # the uid change cleared it
    syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)
    if prepared.layers.landlock:
        _restrict(prepared, work)
    _set_limits(timeout)  # after the rules: the zygote's descriptors already pass NOFILE
    os.dup2(report, REPORT_FD)
    os.environ.clear()
    os.environ.update(child_environment(work))


def child_environment(home: str) -> dict[str, str]:
    """A scrubbed environment: nothing of the grader's leaks into the learner's process."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def _set_limits(timeout: float) -> None:
    cpu = limits.cpu_limit(timeout)
    wanted = {
        resource.RLIMIT_CPU: (cpu, cpu + 1),  # SIGXCPU, then SIGKILL a second later
        resource.RLIMIT_AS: (limits.CHILD_ADDRESS_SPACE,) * 2,
        resource.RLIMIT_FSIZE: (limits.CHILD_FILE_SIZE,) * 2,
        resource.RLIMIT_NOFILE: (limits.CHILD_OPEN_FILES,) * 2,
        resource.RLIMIT_CORE: (0, 0),
        resource.RLIMIT_MEMLOCK: (0, 0),
        resource.RLIMIT_MSGQUEUE: (0, 0),
    }
    for which, (soft, hard) in wanted.items():
        _, current = resource.getrlimit(which)
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        resource.setrlimit(which, (soft, hard))
    # One process: no fork, no thread (a uid's processes are counted, and it has this one
    # already). Memory is then bounded by RLIMIT_AS for the whole job, and nothing fans out.
    if os.geteuid() != 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (1, 1))


def _restrict(prepared: Prepared, work: str) -> None:
    abi = prepared.layers.landlock
    rules = list(prepared.landlock_rules)
    opened = []
    for path, access in (
        (work, landlock.all_fs_access(abi)),
        ("/dev/null", landlock.READ | landlock.WRITE_FILE),
        ("/proc", landlock.READ),
    ):
        if prepared.layers.namespaces or path != "/proc":  # the host's /proc shows the grader
            with contextlib.suppress(OSError):
                opened.append(os.open(path, os.O_PATH | os.O_CLOEXEC))
                rules.append((opened[-1], access))
    landlock.restrict_self(rules, abi)
    for fd in opened:
        os.close(fd)


def _run_learner(request: dict, source: bytes, inputs: dict[str, np.ndarray]) -> None:
    """Runs the calls and ends the process (never returns)."""
    # A fork shares the zygote's random state: draw fresh seeds, as a new interpreter would.
    random.seed()
    np.random.seed()
    child.main(request, source, inputs, REPORT_FD)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)
