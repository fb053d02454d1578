"""Linux Landlock, through ctypes: confines a process's file access, TCP and signals.

Landlock needs no privileges and stacks with the uid drop: even a process running as the same
user as the grader cannot write outside its work dir, read other submissions or the course's
solutions, connect over TCP, or signal (kill) any process outside its own sandbox.
Kernels without Landlock (before 5.13, or with it disabled) get :class:`Unavailable`.
"""

from __future__ import annotations

import ctypes
import os
import stat

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same on every architecture
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
#: Reading and running files: what the stdlib, numpy and ``/usr`` are opened for.
READ = EXECUTE | READ_FILE | READ_DIR
# Bits each ABI version added: v1 has bits 0-12, v2 REFER, v3 TRUNCATE, v5 IOCTL_DEV.
_FS_BITS_BY_ABI = {1: 13, 2: 14, 3: 15, 4: 15, 5: 16}
# The only rights a rule on a file (not a directory) may grant.
_FILE_ACCESS = EXECUTE | WRITE_FILE | READ_FILE | 1 << 14 | 1 << 15
_NET_BIND_AND_CONNECT_TCP = 0b11  # ABI 4
_SCOPE_ABSTRACT_UNIX_AND_SIGNAL = 0b11  # ABI 6


class Unavailable(OSError):
    """The kernel has no (enabled) Landlock."""


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # the kernel's struct is packed: 12 bytes
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _syscall(number: int, *args: object) -> int:
    result = _libc.syscall(number, *args)
    if result < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))
    return result


def abi_version() -> int:
    """The Landlock ABI version the kernel speaks.

    Raises:
        Unavailable: the kernel has no Landlock or it is disabled.
    """
    try:
        return _syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), _CREATE_RULESET_VERSION)
    except OSError as exc:
        raise Unavailable(exc.errno, f"Landlock is not available: {exc.strerror}") from None


def all_fs_access(abi: int) -> int:
    """Every filesystem right this ABI knows: handling them all makes unlisted paths off limits."""
    return (1 << _FS_BITS_BY_ABI.get(abi, 16)) - 1


def restrict_self(rules: list[tuple[int, int]], abi: int) -> None:
    """Confines this process (and everything it starts) to ``rules``, for good.

    Args:
        rules: ``(fd, access)`` pairs: ``fd`` is an ``O_PATH`` descriptor of a file or
            directory, ``access`` the rights granted on it and everything beneath it.
        abi: from :func:`abi_version`; newer kernels also get TCP and signal confinement.
    """
    attr = _RulesetAttr(
        handled_access_fs=all_fs_access(abi),
        handled_access_net=_NET_BIND_AND_CONNECT_TCP if abi >= 4 else 0,
        scoped=_SCOPE_ABSTRACT_UNIX_AND_SIGNAL if abi >= 6 else 0,
    )
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = _syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    try:
        for fd, access in rules:
            if not stat.S_ISDIR(os.fstat(fd).st_mode):
                access &= _FILE_ACCESS
            rule = _PathBeneathAttr(allowed_access=access & attr.handled_access_fs, parent_fd=fd)
            _syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0)
        # Required to restrict oneself without CAP_SYS_ADMIN; also stops setuid programs.
        if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        _syscall(_RESTRICT_SELF, ruleset, 0)
    finally:
        os.close(ruleset)
