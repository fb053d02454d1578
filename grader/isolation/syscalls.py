"""The Linux calls the sandbox needs that Python 3.11's ``os`` lacks, through ctypes.

Every wrapper raises ``OSError`` with the kernel's errno on failure, so a caller can tell
"not allowed here" (EPERM, EINVAL) from a bug.
"""

from __future__ import annotations

import ctypes
import os
import platform

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
#: The namespaces each job gets of its own: its mounts, process ids and IPC objects.
JOB_NAMESPACES = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC
#: The namespaces a zygote makes once and its jobs share: the network (empty: no interface up,
#: and no job may bring one up) and the host name. Nothing in them outlives a job's processes,
#: and making a network namespace per job cost ~1.5 ms.
ZYGOTE_NAMESPACES = JOB_NAMESPACES | CLONE_NEWNET | CLONE_NEWUTS

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 0x400, 0x800, 0x200000
MNT_DETACH = 0x2

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
PR_SET_DUMPABLE = 4

# Syscalls glibc has no wrapper for, by machine: (pivot_root, capset).
_NUMBERS = {"x86_64": (155, 126), "aarch64": (41, 91)}

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _check(result: int, what: str) -> int:
    if result < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")
    return result


def supported() -> bool:
    """Whether this machine's syscall numbers are known (x86_64 and aarch64)."""
    return platform.machine() in _NUMBERS


def unshare(flags: int) -> None:
    """Moves this process into new namespaces (``CLONE_NEWPID``: its next children)."""
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def setns(fd: int, kind: int) -> None:
    """setns(2): joins the namespace open at ``fd`` (for ``CLONE_NEWPID``: as the namespace of
    this process's next children)."""
    _check(_libc.setns(ctypes.c_int(fd), ctypes.c_int(kind)), "setns")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    """mount(2); ``fstype`` None for binds and remounts."""
    _check(
        _libc.mount(
            source.encode(),
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def umount(target: str, flags: int = 0) -> None:
    """umount2(2)."""
    _check(_libc.umount2(target.encode(), ctypes.c_int(flags)), f"umount {target}")


def pivot_root(new_root: str, put_old: str) -> None:
    """pivot_root(2): ``new_root`` becomes ``/`` for this mount namespace."""
    number = _NUMBERS[platform.machine()][0]
    _check(_libc.syscall(number, new_root.encode(), put_old.encode()), "pivot_root")


def sethostname(name: str) -> None:
    """sethostname(2), in this process's UTS namespace."""
    data = name.encode()
    _check(_libc.sethostname(data, ctypes.c_size_t(len(data))), "sethostname")


def prctl(option: int, value: int) -> None:
    """prctl(2) with one argument."""
    _check(_libc.prctl(ctypes.c_int(option), ctypes.c_ulong(value), 0, 0, 0), f"prctl({option})")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def drop_capabilities() -> None:
    """Clears every capability of this process (effective, permitted, inheritable).

    In a user namespace its creator holds every capability; without execve nothing drops them,
    so a job that stays "root" of its namespace would keep them for the learner's code.
    """
    header = _CapHeader(version=0x20080522, pid=0)  # _LINUX_CAPABILITY_VERSION_3: two words
    data = (_CapData * 2)()
    number = _NUMBERS[platform.machine()][1]
    _check(_libc.syscall(number, ctypes.byref(header), ctypes.byref(data)), "capset")


_IPC_RMID = 0


def remove_shm(ident: int) -> None:
    """shmctl(IPC_RMID): the segment goes once nothing has it attached."""
    _check(_libc.shmctl(ctypes.c_int(ident), _IPC_RMID, None), "shmctl")


def remove_sem(ident: int) -> None:
    """semctl(IPC_RMID)."""
    _check(_libc.semctl(ctypes.c_int(ident), 0, _IPC_RMID), "semctl")


def remove_msg(ident: int) -> None:
    """msgctl(IPC_RMID)."""
    _check(_libc.msgctl(ctypes.c_int(ident), _IPC_RMID, None), "msgctl")
