"""Finding a class's submissions and reading their exercise files safely.

Every submission is untrusted. Nothing is extracted to disk: the exercise files (found by exact name
at any depth) are read into memory, each capped at ``SUBMISSION_FILE_MAX_BYTES`` however big its zip
header says it is. Symbolic links are never followed, special files never opened, and zip entries
whose path would leave the submission never used. What is skipped, and why, goes into the notes.

An exercise file found more than once is treated by where it was found:

- In a folder, the shallowest copy is read (then the first in alphabetical order) and a note names
  the others: a backup copy in a subfolder is a common layout, and the folder on disk shows the
  instructor exactly which copy was graded.
- In a zip, the exercise is refused: that file is not read at all, ``Submission.refused`` says
  why (the runner makes it the exercise's problem) and a note says it too. Whoever extracts the
  zip may well look at another copy than ours: for one path held twice, ``unzip`` keeps the last
  one, where the shallowest-first rule would read the first.

A submission's ``name`` is its folder name or zip stem as valid Unicode: bytes that are not UTF-8
(which ``os.fsdecode`` turns into lone surrogates) are written as ``\\xNN`` escapes, so the store
and every export can write it. ``discover`` keeps names unique: a second source whose name reads
the same is ignored with a note.

A broken submission (a corrupt zip, far too many entries) is the student's fault: it becomes a
``Submission`` with an ``error``. The instructor's own input being unreadable raises
``SubmissionsError``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import zipfile
import zlib
from collections import defaultdict, deque
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from bigpicture.grader.bulk.records import valid_text
from bigpicture.grader.limits import (
    SUBMISSION_FILE_MAX_BYTES,
    SUBMISSION_MAX_ENTRIES,
    SUBMISSION_MAX_NOTES,
    SUBMISSION_ZIP_MAX_BYTES,
    SUBMISSION_ZIP_MAX_DIRECTORY_BYTES,
)

#: Bytes asked of the operating system per read.
_CHUNK = 64 * 1024
#: Longest path shown in a note; a zip entry's name may be 64 KiB.
_SHOWN_PATH = 120
#: Duplicates named in one note.
_SHOWN_DUPLICATES = 5
#: Compression methods read: zipfile decompresses bzip2 and lzma without an output bound.
_READABLE_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
#: Flags for every open: never through a final symlink, never block on a FIFO, never inherited.
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class SubmissionsError(Exception):
    """The instructor's own input is wrong (missing folder, unreadable zip...).

    The message is one line; the CLI prints it and exits with status 2.
    """


@dataclass
class Submission:
    """The exercise files of one student's submission, read into memory."""

    name: str  # folder name, or the zip's stem ("alice" for alice.zip), as valid Unicode
    source: Path  # the folder or zip it came from
    files: dict[str, bytes]  # exercise file name -> its bytes, only exact exercise file names
    notes: list[str]  # plain English for the instructor: duplicates, entries skipped and why
    error: str | None = None  # why nothing could be read at all; then files is empty
    # exercise file name -> why it was not read though the submission has it (a zip with two
    # copies); that exercise is not graded and this is its problem
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """sha256 hex over the sorted (file name, bytes) pairs, then the refusals.

        A refusal counts because it is part of the record: a zip that later holds no copy of the
        file at all reads the same files, yet must be graded again. With nothing refused, the
        hash is the files' alone; an empty submission has one too.
        """
        digest = hashlib.sha256()
        parts: list[tuple[bytes, ...]] = [
            (name.encode(), self.files[name]) for name in sorted(self.files)
        ]
        parts += [
            (b"refused", name.encode(), self.refused[name].encode())
            for name in sorted(self.refused)
        ]
        for group in parts:
            for part in group:
                # Length prefixes keep ("ab", "c") and ("a", "bc") apart.
                digest.update(len(part).to_bytes(8, "big"))
                digest.update(part)
        return digest.hexdigest()


def discover(root: Path) -> tuple[list[Path], list[str]]:
    """Finds the submissions beside each other in ``root``.

    Args:
        root: the instructor's folder of submissions.

    Returns:
        The submission sources (each immediate child that is a folder or a .zip), sorted by name,
        and a note on everything else there ("ignored notes.txt: not a folder or a .zip").
        Symbolic links, hidden entries and ``__MACOSX`` are ignored with a note; when two sources
        have the same submission name (a folder and a zip, or names that differ only in bytes
        that are not UTF-8 and their escapes), the first in name order is kept: a folder before
        its zip.

    Raises:
        SubmissionsError: root is missing, not a folder or unreadable.
    """
    try:
        with os.scandir(root) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except FileNotFoundError as err:
        raise SubmissionsError(f"{root} does not exist") from err
    except NotADirectoryError as err:
        raise SubmissionsError(f"{root} is not a folder") from err
    except OSError as err:
        raise SubmissionsError(f"cannot read {root}: {err.strerror}") from err
    sources: dict[str, Path] = {}
    notes: list[str] = []
    for entry in entries:
        reason = _not_a_source(entry)
        name = _submission_name(
            entry.name if entry.is_dir(follow_symlinks=False) else Path(entry.name).stem
        )
        if reason is None and name in sources:
            reason = f"{_show(sources[name].name)} has the same name"
        if reason is None:
            sources[name] = Path(root, entry.name)
        else:
            notes.append(f"ignored {_show(entry.name)}: {reason}")
    return [sources[name] for name in sorted(sources)], notes


def load(source: Path, exercise_files: Collection[str]) -> Submission:
    """Reads the exercise files (found by exact file name anywhere inside) from a folder or a zip.

    Args:
        source: a folder or a .zip, as ``discover`` returns them.
        exercise_files: the exact file names wanted (``exercise1_relu.py``...).

    Returns:
        The submission; its ``error`` says why nothing could be read, if so.

    Raises:
        SubmissionsError: source is missing, unreadable, a symbolic link or neither kind.
    """
    try:
        seen = os.lstat(source)
    except OSError as err:
        raise SubmissionsError(f"cannot read {source}: {err.strerror}") from err
    wanted = frozenset(exercise_files)
    if stat.S_ISDIR(seen.st_mode):
        return _load_folder(Submission(_submission_name(source.name), source, {}, []), seen, wanted)
    if stat.S_ISREG(seen.st_mode) and source.suffix.lower() == ".zip":
        return _load_zip(Submission(_submission_name(source.stem), source, {}, []), seen, wanted)
    raise SubmissionsError(f"{source} is not a folder or a .zip")


class _Skip(Exception):
    """One entry is not used; the message says why, for a note."""


class _Unreadable(Exception):
    """Nothing of the submission is used; the message is its ``error``."""


#: What locates an entry's bytes: its lstat in a folder, its ZipInfo in a zip.
Handle = TypeVar("Handle", zipfile.ZipInfo, os.stat_result)


@dataclass(frozen=True, order=True)
class _Entry(Generic[Handle]):
    """A candidate exercise file, ordered shallowest first, then alphabetically."""

    depth: int
    path: str  # inside the submission, "/"-separated
    index: int  # the last tie-break: a zip may hold one path twice
    handle: Handle = field(compare=False)


def _submission_name(file_name: str) -> str:
    """The name of the submission in folder or zip ``file_name``: undecodable bytes as ``\\xNN``."""
    return valid_text(file_name)


def _not_a_source(entry: os.DirEntry) -> str | None:
    """Why a child of the submissions folder is not a submission, or None if it is one."""
    if entry.name.startswith("."):
        return "hidden"
    if entry.is_symlink():
        return "symbolic link"
    if entry.is_dir(follow_symlinks=False):
        return "macOS metadata" if entry.name == "__MACOSX" else None
    if entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(".zip"):
        return None
    return "not a folder or a .zip"


def _finish(
    submission: Submission,
    found: dict[str, list[_Entry[Handle]]],
    read: Callable[[_Entry[Handle]], bytes],
    refuse_copies: bool,
) -> Submission:
    """Reads one copy of each exercise file found.

    Args:
        submission: the submission so far; its files, notes and refusals are filled in.
        found: exercise file name -> every usable entry with that name.
        read: reads an entry's bytes, or raises ``_Skip``.
        refuse_copies: a file found more than once is refused (a zip) rather than read from
            its shallowest copy with a note on the others (a folder).
    """
    for file_name in sorted(found):
        chosen, *others = sorted(found[file_name])
        if others and refuse_copies:
            refusal = _refusal(file_name, [chosen, *others])
            submission.refused[file_name] = refusal
            submission.notes.append(refusal)
            continue
        if others:
            submission.notes.append(_duplicates_note(file_name, chosen, others))
        try:
            submission.files[file_name] = read(chosen)
        except _Skip as skip:
            submission.notes.append(f"skipped {_show(chosen.path)}: {skip}")
    submission.notes = _capped(submission.notes)
    return submission


def _failed(submission: Submission, error: str) -> Submission:
    """The submission with nothing read, and why."""
    submission.files = {}
    submission.refused = {}
    submission.notes = _capped(submission.notes)
    submission.error = error
    return submission


def _duplicates_note(file_name: str, chosen: _Entry, others: list[_Entry]) -> str:
    return (
        f"{file_name} found {len(others) + 1} times: used {_show(chosen.path)}, "
        f"ignored {_listed(others)}"
    )


def _refusal(file_name: str, copies: list[_Entry]) -> str:
    return (
        f"{file_name} appears {len(copies)} times in the zip ({_listed(copies)}): "
        "submit exactly one; this exercise was not graded"
    )


def _listed(entries: list[_Entry]) -> str:
    shown = ", ".join(_show(entry.path) for entry in entries[:_SHOWN_DUPLICATES])
    if len(entries) > _SHOWN_DUPLICATES:
        shown += f" and {len(entries) - _SHOWN_DUPLICATES} more"
    return shown


def _capped(notes: list[str]) -> list[str]:
    if len(notes) <= SUBMISSION_MAX_NOTES:
        return notes
    extra = len(notes) - SUBMISSION_MAX_NOTES
    return [*notes[:SUBMISSION_MAX_NOTES], f"and {extra} more notes like these"]


def _show(path: str) -> str:
    """A path safe to print: undecodable bytes and control characters escaped, long ones cut."""
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return text if len(text) <= _SHOWN_PATH else text[: _SHOWN_PATH - 1] + "…"


def _mib(size: int) -> str:
    return f"{size / 1024**2:g} MiB"


def _read_capped(read: Callable[[int], bytes]) -> bytes:
    """Reads to the end through ``read(n)``, but never more than one byte past the cap.

    Raises:
        _Skip: the content is bigger than the cap.
    """
    chunks: list[bytes] = []
    size = 0
    while size <= SUBMISSION_FILE_MAX_BYTES:
        chunk = read(min(_CHUNK, SUBMISSION_FILE_MAX_BYTES + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise _Skip(f"larger than {_mib(SUBMISSION_FILE_MAX_BYTES)}")


# Folders ------------------------------------------------------------------------------------------


def _load_folder(
    submission: Submission, seen: os.stat_result, wanted: frozenset[str]
) -> Submission:
    source = submission.source
    try:
        found = _walk(source, seen, wanted, submission.notes)
    except _Unreadable as err:
        return _failed(submission, str(err))
    return _finish(submission, found, lambda entry: _read_file(source, entry), refuse_copies=False)


def _walk(
    source: Path, seen: os.stat_result, wanted: frozenset[str], notes: list[str]
) -> dict[str, list[_Entry[os.stat_result]]]:
    """Finds the exercise files in a folder, breadth first, never through a symbolic link.

    Iterative, so a deeply nested folder cannot exhaust the recursion limit.
    """
    try:
        listing = _list_dir(source, seen, SUBMISSION_MAX_ENTRIES)
    except _Skip as skip:
        raise SubmissionsError(f"cannot read {source}: {skip}") from None
    found: dict[str, list[_Entry[os.stat_result]]] = defaultdict(list)
    pending = deque([("", listing)])
    budget = SUBMISSION_MAX_ENTRIES - len(listing)
    index = 0
    while pending:
        folder, listing = pending.popleft()
        for name, info in listing:
            path = f"{folder}{name}"
            index += 1
            if stat.S_ISLNK(info.st_mode):
                notes.append(f"skipped {_show(path)}: symbolic link")
            elif stat.S_ISDIR(info.st_mode):
                try:
                    children = _list_dir(source / path, info, budget)
                except _Skip as skip:
                    notes.append(f"skipped {_show(path)}/: {skip}")
                    continue
                budget -= len(children)
                pending.append((f"{path}/", children))
            elif name in wanted and not stat.S_ISREG(info.st_mode):
                notes.append(f"skipped {_show(path)}: not a regular file")
            elif name in wanted:
                found[name].append(_Entry(path.count("/"), path, index, info))
    return found


def _list_dir(path: Path, seen: os.stat_result, budget: int) -> list[tuple[str, os.stat_result]]:
    """The entries of a folder with their lstat, sorted by name.

    The folder is opened without following a final link and checked to be the very folder its
    parent listed, so swapping a folder for a link after it was listed leads nowhere.

    Raises:
        _Skip: the folder cannot be read or has changed.
        _Unreadable: the submission holds more than ``SUBMISSION_MAX_ENTRIES`` entries.
    """
    fd = _open_same(path, seen, os.O_DIRECTORY)
    try:
        entries: list[tuple[str, os.stat_result]] = []
        # scandir(fd) answers lstat relative to fd, so every stat happens before the close.
        with os.scandir(fd) as listing:
            for entry in listing:
                if len(entries) >= budget:
                    raise _Unreadable(f"folder has more than {SUBMISSION_MAX_ENTRIES} entries")
                entries.append((entry.name, entry.stat(follow_symlinks=False)))
    except OSError as err:
        raise _Skip(_os_reason(err)) from None
    finally:
        os.close(fd)
    return sorted(entries, key=lambda item: item[0])


def _read_file(source: Path, entry: _Entry[os.stat_result]) -> bytes:
    """The bytes of a regular file that the walk listed, read with the cap.

    The walk saw a regular file (lstat), and ``_open_same`` checks by fstat that this is that
    file, so a FIFO or device swapped in since is refused before any read.
    """
    fd = _open_same(source / entry.path, entry.handle)
    try:
        return _read_capped(lambda size: os.read(fd, size))
    except OSError as err:
        raise _Skip(_os_reason(err)) from None
    finally:
        os.close(fd)


def _open_same(path: Path, seen: os.stat_result, flags: int = 0) -> int:
    """Opens ``path`` without following a final link, as the same file ``seen`` described.

    Raises:
        _Skip: it cannot be opened, or it is another file than the one listed.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS | flags)
    except OSError as err:
        raise _Skip(_os_reason(err)) from None
    try:
        opened = os.fstat(fd)
    except OSError as err:
        os.close(fd)
        raise _Skip(_os_reason(err)) from None
    if (opened.st_dev, opened.st_ino, stat.S_IFMT(opened.st_mode)) != (
        seen.st_dev,
        seen.st_ino,
        stat.S_IFMT(seen.st_mode),
    ):
        os.close(fd)
        raise _Skip("changed while being read")
    return fd


def _os_reason(err: OSError) -> str:
    if err.errno in (errno.ELOOP, errno.EMLINK):  # what O_NOFOLLOW gives on a link
        return "symbolic link"
    return f"cannot be read ({err.strerror})"


# Zips ---------------------------------------------------------------------------------------------


def _load_zip(submission: Submission, seen: os.stat_result, wanted: frozenset[str]) -> Submission:
    source = submission.source
    try:
        fd = _open_same(source, seen)
    except _Skip as skip:
        raise SubmissionsError(f"cannot read {source}: {skip}") from None
    try:
        with os.fdopen(fd, "rb") as stream:
            _check_directory(stream)
            with zipfile.ZipFile(stream) as archive:
                found = _zip_entries(archive, wanted, submission.notes)
                return _finish(
                    submission,
                    found,
                    lambda entry: _read_member(archive, entry),
                    refuse_copies=True,
                )
    except _Unreadable as err:
        return _failed(submission, str(err))
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        # NotImplementedError: a directory entry claims a zip version zipfile does not know.
        return _failed(submission, "not a valid zip file")
    except OSError as err:
        if err.errno == errno.EINVAL:  # a seek to a negative offset the zip claims
            return _failed(submission, "not a valid zip file")
        raise SubmissionsError(f"cannot read {source}: {err.strerror or err}") from err


def _check_directory(stream) -> None:
    """Refuses a zip whose central directory is too big, before zipfile parses all of it.

    zipfile reads the whole directory into memory whatever entry count the zip claims, so the
    directory's size is checked first (from the end record, which zipfile's private
    ``_EndRecData`` finds exactly as ``ZipFile`` will).

    Raises:
        zipfile.BadZipFile: there is no end record.
        _Unreadable: too many entries, or too big a directory.
    """
    # zipfile's private names have no stubs in typeshed: hence the ignores.
    end = zipfile._EndRecData(stream)  # type: ignore[attr-defined]
    if not end:
        raise zipfile.BadZipFile
    if end[zipfile._ECD_ENTRIES_TOTAL] > SUBMISSION_MAX_ENTRIES:  # type: ignore[attr-defined]
        raise _Unreadable(f"zip has more than {SUBMISSION_MAX_ENTRIES} entries")
    if end[zipfile._ECD_SIZE] > SUBMISSION_ZIP_MAX_DIRECTORY_BYTES:  # type: ignore[attr-defined]
        raise _Unreadable(
            f"zip's table of contents is larger than {_mib(SUBMISSION_ZIP_MAX_DIRECTORY_BYTES)}"
        )


def _zip_entries(
    archive: zipfile.ZipFile, wanted: frozenset[str], notes: list[str]
) -> dict[str, list[_Entry[zipfile.ZipInfo]]]:
    """The usable entries named like an exercise file; notes on unsafe ones.

    Raises:
        _Unreadable: too many entries, or they declare too many bytes.
    """
    members = archive.infolist()
    if len(members) > SUBMISSION_MAX_ENTRIES:
        raise _Unreadable(f"zip has more than {SUBMISSION_MAX_ENTRIES} entries")
    if sum(member.file_size for member in members) > SUBMISSION_ZIP_MAX_BYTES:
        raise _Unreadable(f"zip expands beyond {_mib(SUBMISSION_ZIP_MAX_BYTES)}")
    found: dict[str, list[_Entry[zipfile.ZipInfo]]] = defaultdict(list)
    for index, member in enumerate(members):
        parts = _safe_parts(member.filename)
        kind = stat.S_IFMT(member.external_attr >> 16)
        reason = _member_problem(member, parts, kind, wanted)
        if reason is not None:
            notes.append(f"skipped {_show(member.filename)}: {reason}")
        elif parts and parts[-1] in wanted and not _is_zip_dir(member, kind):
            found[parts[-1]].append(_Entry(len(parts) - 1, "/".join(parts), index, member))
    return found


def _member_problem(
    member: zipfile.ZipInfo, parts: list[str] | None, kind: int, wanted: frozenset[str]
) -> str | None:
    """Why an entry is never used, worth a note; None for entries that are fine or irrelevant."""
    if parts is None:
        return "path leaves the submission"
    if kind == stat.S_IFLNK:
        return "symbolic link"
    if not parts or parts[-1] not in wanted or _is_zip_dir(member, kind):
        return None
    if kind not in (0, stat.S_IFREG):
        return "not a regular file"
    if member.flag_bits & 0x1:
        return "encrypted"
    if member.compress_type not in _READABLE_COMPRESSION:
        return f"compression method {member.compress_type} is not supported (only deflate)"
    return None


def _is_zip_dir(member: zipfile.ZipInfo, kind: int) -> bool:
    return member.is_dir() or kind == stat.S_IFDIR


def _safe_parts(name: str) -> list[str] | None:
    """The components of a zip entry's path, or None if the path could leave the submission.

    Backslashes count as separators (old Windows tools wrote them), so ``..\\x`` is caught too.
    Absolute paths, drive letters and ``..`` anywhere are refused; ``.`` and empty parts dropped.
    """
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) >= 2 and unified[1] == ":"):
        return None
    parts = [part for part in unified.split("/") if part not in ("", ".")]
    return None if ".." in parts else parts


def _read_member(archive: zipfile.ZipFile, entry: _Entry[zipfile.ZipInfo]) -> bytes:
    """The bytes of a zip entry, read through the decompressor with the cap."""
    try:
        with archive.open(entry.handle) as member:
            return _read_capped(member.read)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as err:
        raise _Skip(f"damaged entry ({err})") from None
    except OSError as err:
        if err.errno != errno.EINVAL:  # a seek to a negative offset the entry claims
            raise
        raise _Skip("damaged entry (bad offset)") from None
