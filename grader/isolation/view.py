"""What a learner's process may see of the file system: the system's libraries, Python's
standard library and numpy. Nothing of bigpicture (its solutions, engine and checks), no other
installed package, no other submission, no output folder.

The same two lists drive both layers that hide the answers:

- the mount layer (:func:`build`) makes a new root with only the ``read`` paths bound
  read-only, an empty tmpfs laid over every ``hidden`` path that lies inside one of them (a
  ``site-packages`` inside the standard library folder, as pyenv and system installs have it),
  and numpy bound back inside that mask;
- Landlock (:func:`landlock_paths`) gets the ``read`` paths split around the hidden ones, since a
  Landlock rule covers everything beneath its folder.

Both work on real paths. A symbolic link on the way to a path (``/lib -> usr/lib``) is made again
as the same link inside the new root, so every path Python has cached still resolves.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import site
import stat
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from bigpicture.grader.isolation import syscalls

#: System folders with the shared libraries every process needs.
SYSTEM = ("/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin")
#: Device files a learner's process may open.
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
#: The packages whose folders must never be visible.
PRIVATE_PACKAGES = (
    "bigpicture.grader",
    "bigpicture.course",
    "bigpicture.solutions",
    "bigpicture.exercises",
)
#: Where installed packages live beneath a readable folder (a prefix, or the stdlib itself).
_PACKAGE_FOLDERS = (
    "site-packages",
    "dist-packages",
    "lib*/python*/site-packages",
    "lib*/python*/dist-packages",
    "local/lib*/python*/site-packages",
    "local/lib*/python*/dist-packages",
)
#: Where the job's private writable folder appears (its HOME, TMPDIR and working folder).
WORK = "/job"


@dataclass(frozen=True)
class View:
    """What is readable (as Python names the paths: it has cached them) and what must stay
    hidden even beneath a readable folder (real paths)."""

    read: tuple[str, ...]
    hidden: tuple[str, ...]


def _real(path: str) -> str:
    return os.path.realpath(path)


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _package_folders(name: str) -> list[str]:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return []
    folders = list(spec.submodule_search_locations or []) if spec else []
    return [folder for folder in folders if os.path.isdir(folder)]


def learner_view() -> View:
    """The view for this interpreter: computed from where its stdlib and numpy really are."""
    import numpy

    stdlib = os.path.dirname(os.__file__)
    dynload = sysconfig.get_config_var("DESTSHARED") or stdlib
    numpy_dir = os.path.dirname(numpy.__file__)
    read = [p for p in SYSTEM if os.path.isdir(p) and not os.path.islink(p)]
    read += [stdlib, dynload, numpy_dir]
    libs = numpy_dir + ".libs"  # numpy's wheels keep OpenBLAS beside the package
    if os.path.isdir(libs):
        read.append(libs)
    hidden = {_real(p) for p in site.getsitepackages() + [site.getusersitepackages()]}
    hidden |= {_real(sysconfig.get_path(key)) for key in ("purelib", "platlib")}
    # Every package folder inside a readable one, on sys.path or not: a base interpreter's
    # site-packages beside a venv's, Debian's dist-packages, a second copy of bigpicture.
    for root in read:
        for pattern in _PACKAGE_FOLDERS:
            hidden |= {_real(p) for p in glob.glob(os.path.join(root, pattern))}
    # Anything else on sys.path (an editable install's source tree, a .pth entry) is hidden
    # too: only the stdlib is read from sys.path.
    hidden |= {_real(p) for p in sys.path if p and os.path.isdir(p)} - {
        _real(stdlib),
        _real(dynload),
    }
    for name in PRIVATE_PACKAGES:
        hidden |= {_real(p) for p in _package_folders(name)}
    if any(_under(_real(path), WORK) for path in read):
        raise RuntimeError(f"{WORK} holds files the job must read: it cannot be the job's folder")
    return View(read=tuple(dict.fromkeys(read)), hidden=tuple(sorted(hidden)))


def secrets() -> list[str]:
    """The folders a job must never see, as this interpreter names them (for self-checks)."""
    return [p for name in PRIVATE_PACKAGES for p in _package_folders(name)]


def leaks(seen: View, private: list[str]) -> list[str]:
    """What the current root shows that it must not: a ``private`` folder (see
    :func:`secrets`), or anything in a hidden folder but the readable paths bound back into it
    and the folders on the way to them. Run inside the job's root."""
    found = [p for p in private if os.path.exists(p)]
    reals = [_real(p) for p in seen.read]
    for folder in seen.hidden:
        try:
            names = os.listdir(folder)
        except OSError:
            continue  # not there: hidden
        found += [
            path
            for path in (os.path.join(folder, n) for n in names)
            if not any(_under(real, path) for real in reals)
        ]
    return found


def landlock_paths(seen: View, split: bool = True) -> list[tuple[str, bool]]:
    """The readable paths for Landlock, as ``(path, whole)``: ``whole`` grants reading the
    whole subtree; otherwise only listing it.

    Args:
        seen: the view.
        split: grant each readable folder around the hidden ones beneath it, entry by entry
            (Landlock grants whole subtrees, and Python lists the folders it imports from;
            names are no secret). Inside the job's own root the hidden folders are empty
            masks already, so there each readable folder is one rule: fewer rules, same
            effect.
    """
    granted: list[tuple[str, bool]] = []
    for path in seen.read:
        granted += _split(_real(path), seen.hidden) if split else [(_real(path), True)]
    granted += [(device, True) for device in DEVICES if os.path.exists(device)]
    return list(dict.fromkeys(granted))


def _split(path: str, hidden: tuple[str, ...]) -> list[tuple[str, bool]]:
    inside = [h for h in hidden if _under(h, path)]
    if not inside:
        return [(path, True)]
    if path in inside:
        return []
    parts = [(path, False)]
    try:
        entries = list(os.scandir(path))
    except OSError:
        return parts
    for entry in entries:
        if not entry.is_symlink():  # a link needs no right: its target is granted or not
            parts += _split(entry.path, hidden)
    return parts


# ------------------------------------------------------------------- the mount layer


def _materialize(root: str, path: str) -> str:
    """Makes ``path``'s links again inside ``root`` and returns ``path`` fully resolved."""
    resolved = "/"
    for part in [p for p in path.split("/") if p]:
        candidate = os.path.join(resolved, part)
        if os.path.islink(candidate):
            copy = root + candidate
            if not os.path.lexists(copy):
                os.makedirs(os.path.dirname(copy), exist_ok=True)
                os.symlink(os.readlink(candidate), copy)
            resolved = _real(candidate)
        else:
            resolved = candidate
    return resolved


def _mount_flags(path: str) -> int:
    """The flags a read-only bind of ``path`` must keep: in a user namespace, the source's
    nosuid, nodev, noexec and atime flags are locked and a remount without them fails."""
    info = os.statvfs(path)
    flags = syscalls.MS_RDONLY | syscalls.MS_NOSUID
    for st_flag, ms_flag in (
        (os.ST_NODEV, syscalls.MS_NODEV),
        (os.ST_NOEXEC, syscalls.MS_NOEXEC),
        (os.ST_NOATIME, syscalls.MS_NOATIME),
        (os.ST_NODIRATIME, syscalls.MS_NODIRATIME),
        (os.ST_RELATIME, syscalls.MS_RELATIME),
    ):
        if info.f_flag & st_flag:
            flags |= ms_flag
    return flags


def _bind(source: str, target: str) -> None:
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    elif not os.path.exists(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "wb").close()
    syscalls.mount(source, target, None, syscalls.MS_BIND)
    flags = syscalls.MS_REMOUNT | syscalls.MS_BIND | _mount_flags(source)
    syscalls.mount("none", target, None, flags)


def build(root: str, view: View) -> None:
    """Makes ``root`` (an empty folder) the learner's whole file system, in this process's own
    mount namespace: a tmpfs with the ``read`` paths bound read-only, hidden paths masked,
    the devices, and an empty mount point for the job's own folder. Ends read-only. There is
    no ``/proc``: nothing a job needs is there, and the grader's would be."""
    syscalls.mount("tmpfs", root, "tmpfs", syscalls.MS_NOSUID | syscalls.MS_NODEV, "mode=755")
    for link in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(link):
            os.symlink(os.readlink(link), root + link)
    bound: list[str] = []
    masks: list[str] = []
    steps = [(_real(p), p) for p in view.read] + [(h, None) for h in view.hidden]
    for real, named in sorted(steps, key=lambda step: (step[0].count("/"), step[0])):
        inside_bind = any(_under(real, b) for b in bound)
        inside_mask = any(_under(real, m) for m in masks)
        if named is None:
            if inside_bind and not inside_mask and os.path.isdir(real):
                syscalls.mount("tmpfs", root + real, "tmpfs", syscalls.MS_NOSUID, "mode=755")
                masks.append(real)
        elif not inside_bind or inside_mask:
            _materialize(root, named)
            if os.path.exists(real):
                _bind(real, root + real)
                bound.append(real)
    for device in DEVICES:
        if os.path.exists(device):
            os.makedirs(root + "/dev", exist_ok=True)
            open(root + device, "wb").close()
            syscalls.mount(device, root + device, None, syscalls.MS_BIND)
    os.mkdir(root + WORK)
    if not os.path.lexists(root + "/tmp"):  # a venv under /tmp is bound there already
        os.symlink(WORK, root + "/tmp")
    for mask in masks:
        syscalls.mount("none", root + mask, None, syscalls.MS_REMOUNT | syscalls.MS_RDONLY)
    read_only = syscalls.MS_REMOUNT | syscalls.MS_RDONLY | syscalls.MS_NOSUID | syscalls.MS_NODEV
    syscalls.mount("none", root, None, read_only)


def open_for_others(seen: View) -> None:
    """Makes the readable paths reachable for the job's uid, in this process's own mount
    namespace (used only without job namespaces, as root).

    Python often lives under a private home (pyenv in ``/root``, mode 0700): a job uid could not
    import a stdlib module the zygote has not loaded. A tmpfs laid over the closed folder, with
    only the needed entries bound back, fixes that for this process and its forks alone.

    Raises:
        OSError: no mount namespace can be made here (the job then imports only what the zygote
            loaded from such a folder).
    """
    blocked: dict[str, set[str]] = {}
    for path in seen.read:
        parts = Path(path).parts
        for depth in range(1, len(parts)):
            ancestor = os.path.join(*parts[:depth])
            if not os.stat(ancestor).st_mode & stat.S_IXOTH:
                blocked.setdefault(ancestor, set()).add(parts[depth])
                break
    if not blocked:
        return
    syscalls.unshare(syscalls.CLONE_NEWNS)
    syscalls.mount("none", "/", None, syscalls.MS_REC | syscalls.MS_PRIVATE)
    for ancestor, names in blocked.items():
        keep = {name: os.open(os.path.join(ancestor, name), os.O_PATH) for name in names}
        syscalls.mount("tmpfs", ancestor, "tmpfs", 0, "mode=755")
        for name, fd in keep.items():
            target = os.path.join(ancestor, name)
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                os.mkdir(target)
            else:
                Path(target).touch()
            syscalls.mount(f"/proc/self/fd/{fd}", target, None, syscalls.MS_BIND | syscalls.MS_REC)
            os.close(fd)
