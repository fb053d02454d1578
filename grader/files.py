"""Files the grader writes and removes: atomically, and never through a learner's links."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Writes ``data`` to a temporary file beside ``path`` and renames it over ``path``.

    Args:
        path: the file to replace (or create). The new file is private (mode 0600).
        data: its whole content.
        durable: fsync before the rename, so a power cut leaves the old or the new file; skip
            it for files that can be made again (bulk grading's exports).
    """
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_tree(path: Path | str) -> None:
    """Removes the folder ``path`` and everything in it, whatever a learner's process left there.

    Iterative (a tree nested thousands of levels deep cannot exhaust the recursion limit) and
    never through a symbolic link: every folder is opened with ``O_NOFOLLOW`` relative to its
    parent's descriptor, so a folder swapped for a link removes the link, not its target.
    Entries that cannot be removed are left; nothing raises.
    """
    try:
        top = os.open(path, _DIRECTORY_FLAGS)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(path)  # a link or a file where the folder was: remove only that
        return
    # One level per item: its descriptor, its name in its parent, the entries left to remove.
    stack: list[tuple[int, str, list[str]]] = [(top, "", _names(top))]
    try:
        while stack:
            fd, name, pending = stack[-1]
            if not pending:
                stack.pop()
                os.close(fd)
                if stack:
                    with contextlib.suppress(OSError):
                        os.rmdir(name, dir_fd=stack[-1][0])
                continue
            child = pending.pop()
            try:
                os.unlink(child, dir_fd=fd)
            except IsADirectoryError:
                sub = os.open(child, _DIRECTORY_FLAGS, dir_fd=fd)
                stack.append((sub, child, _names(sub)))
    except OSError:
        pass  # something could not be removed: leave the rest
    finally:
        for fd, _, _ in stack:
            os.close(fd)
    with contextlib.suppress(OSError):
        os.rmdir(path)


_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _names(fd: int) -> list[str]:
    with os.scandir(fd) as entries:
        return [entry.name for entry in entries]
