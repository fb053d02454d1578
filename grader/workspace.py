"""The learner's workspace: their exercise files, the progress store and backups.

A workspace is a folder holding a ``.bigpicture/`` directory. The CLI and the TUI find it from
the current directory, one of its parents, or ``./bigpicture-course`` (where ``bigpicture learn``
makes it), and share the same progress file, which is always written atomically (write a
temporary file, then rename it over the old one). The progress file also keeps the workspace's
language, the one its exercise files are written in.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from bigpicture.grader.files import write_atomically
from bigpicture.grader.i18n import Msg, default_language
from bigpicture.grader.manifest import LANGUAGES, Exercise, Manifest, load_manifest
from bigpicture.grader.progress import Progress
from bigpicture.grader.status import Status

MARKER = ".bigpicture"
DEFAULT_DIR = "bigpicture-course"  # not "bigpicture": that would shadow the installed package

_README = """\
# bigpicture workspace / 작업 공간

Edit the exercise files here, then check them:
여기 있는 연습 파일을 고친 뒤 채점하세요:

    bigpicture learn            # the course, with lessons and checks / 강의와 채점
    bigpicture check 1          # grade one exercise / 연습 하나 채점
    bigpicture watch            # re-check on every save / 저장할 때마다 다시 채점
    bigpicture hint 1           # one more hint / 힌트 하나 더
"""


class WorkspaceError(Exception):
    """No workspace here, or it cannot be used; ``message`` says what to do, in both languages."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.en)
        self.message = message


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stub_source(exercise: Exercise, lang: str) -> str:
    """The stub file the learner starts from, its docstrings and TODOs in ``lang``."""
    folder = resources.files("bigpicture.exercises")
    # The English stubs are the package's own modules (the tests import them); every other
    # language's are package data in a folder named after it.
    if lang != "en":
        folder = folder / lang
    return (folder / exercise.file).read_text("utf-8")


def _stub_language(path: Path, exercise: Exercise) -> str | None:
    """The language whose stub ``path`` still is byte for byte; None once the learner edited it."""
    content = path.read_bytes()
    return next(
        (lang for lang in LANGUAGES if content == stub_source(exercise, lang).encode()), None
    )


@dataclass
class Workspace:
    """A learner's workspace rooted at ``root``."""

    root: Path
    manifest: Manifest
    # The progress last read, with the file's (inode, mtime, size) then.
    _read: tuple[tuple[int, int, int], Progress] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def state_dir(self) -> Path:
        return self.root / MARKER

    @property
    def progress_file(self) -> Path:
        return self.state_dir / "progress.json"

    def path(self, exercise: Exercise) -> Path:
        """Where the learner's file for ``exercise`` lives."""
        return self.root / exercise.file

    def path_of(self, query: str) -> Path:
        """Where the file of the exercise named ``query`` (``3``, ``adam``) lives."""
        return self.path(self.manifest.find(query))

    # -- progress -------------------------------------------------------------------------

    def progress(self) -> Progress:
        """The stored progress (empty if none yet), read again only when the file changed:
        the TUI asks on every key. Change it only through :meth:`updating`."""
        try:
            stat = self.progress_file.stat()
        except FileNotFoundError:
            return Progress()
        except OSError as exc:
            raise self._damaged(exc) from exc
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._read is None or self._read[0] != stamp:
            self._read = (stamp, self._load())
        return self._read[1]

    def _load(self) -> Progress:
        try:
            return Progress.from_json(json.loads(self.progress_file.read_text("utf-8")))
        except FileNotFoundError:
            return Progress()
        except (OSError, ValueError) as exc:
            raise self._damaged(exc) from exc

    def _damaged(self, exc: Exception) -> WorkspaceError:
        return WorkspaceError(
            Msg(
                f"The progress file {self.progress_file} is damaged ({exc}). Move it away "
                "and run `bigpicture check` to rebuild it from your files.",
                f"진행 기록 {self.progress_file} 파일이 손상됐어요 ({exc}). 다른 곳으로 "
                "옮긴 뒤 `bigpicture check`를 실행하면 연습 파일로 다시 만들어져요.",
            )
        )

    @contextlib.contextmanager
    def updating(self) -> Iterator[Progress]:
        """Read-modify-write of the progress, locked against the CLI and TUI writing at once."""
        with open(self.state_dir / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self._load()  # fresh from the file, under the lock
            yield data
            text = json.dumps(data.to_json(), indent=2, ensure_ascii=False)
            write_atomically(self.progress_file, text.encode())
            self._read = None

    def record(self, exercise: Exercise, status: Status, score: float) -> None:
        """Stores the outcome of a check."""
        with self.updating() as data:
            state = data.entry(exercise.id)
            state.status, state.score, state.checked_at = status, round(score, 3), _now()
            state.attempts += 1
            if status == Status.PASSED:
                state.passed_ever = True

    def next_hint(self, exercise: Exercise, lang: str) -> tuple[int, list[str]]:
        """Reveals one more hint; returns how many are now shown and those hints."""
        hints = list(exercise.hints[lang])
        with self.updating() as data:
            state = data.entry(exercise.id)
            state.hints_shown = shown = min(len(hints), state.hints_shown + 1)
        return shown, hints[:shown]

    # -- language -------------------------------------------------------------------------

    def language(self) -> str | None:
        """The language the learner chose for this workspace ("ko" or "en"), or None if unset."""
        lang = self.progress().lang
        return lang if lang in LANGUAGES else None

    def set_language(self, lang: str) -> None:
        """Stores ``lang`` ("ko" or "en") as the workspace's language; the files stay as they are.

        Raises:
            ValueError: for any other language.
        """
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
        with self.updating() as data:
            data.lang = lang

    def rewrite_stubs(self, lang: str) -> tuple[list[Path], list[Path]]:
        """Rewrites every exercise file that is still an unedited stub into ``lang``.

        A file is unedited while it is byte for byte the stub in some language; any other file
        holds the learner's work and is never touched. Missing files stay missing.

        Returns:
            The files rewritten, and the edited files that were kept.
        """
        rewritten, kept = [], []
        for exercise in self.manifest.exercises:
            path = self.path(exercise)
            if not path.exists():
                continue
            current = _stub_language(path, exercise)
            if current is None:
                kept.append(path)
            elif current != lang:
                write_atomically(path, stub_source(exercise, lang).encode())
                rewritten.append(path)
        return rewritten, kept

    # -- files ----------------------------------------------------------------------------

    def reset(self, exercise: Exercise) -> Path | None:
        """Starts ``exercise`` over: the stub back, and its progress and hints forgotten.

        The stub is written in the workspace's language. The learner's current file is first
        copied to a backup, the only thing a reset keeps.

        Returns:
            The backup's path, or None if there was no file to back up.
        """
        target = self.path(exercise)
        backup = None
        if target.exists():
            backups = self.state_dir / "backups"
            backups.mkdir(exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            backup = backups / f"{exercise.module}.{stamp}.py"
            shutil.copy2(target, backup)
        # Workspaces made before the language was stored hold the English stubs.
        write_atomically(target, stub_source(exercise, self.language() or "en").encode())
        with self.updating() as data:
            data.exercises.pop(exercise.id, None)
        return backup


def init_workspace(root: Path, lang: str | None = None) -> tuple[Workspace, list[Path], list[Path]]:
    """Creates, completes or switches the language of a workspace at ``root``.

    Missing files are written; exercise files that are still unedited stubs are rewritten into
    ``lang``; a file the learner edited is never overwritten.

    Args:
        root: the workspace folder; made if missing.
        lang: the language of the exercise files, stored in the workspace. None keeps the
            stored language, or takes the locale's for a new workspace.

    Returns:
        The workspace, the files written (new or rewritten), and the edited exercise files kept.
    """
    manifest = load_manifest()
    if root.exists() and not root.is_dir():
        raise WorkspaceError(
            Msg(
                f"{root} exists and is not a folder. Choose another name.",
                f"{root} 경로에 폴더가 아닌 파일이 이미 있어요. 다른 이름을 골라 주세요.",
            )
        )
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).mkdir(exist_ok=True)
    workspace = Workspace(root.resolve(), manifest)
    lang = lang or workspace.language() or default_language()
    workspace.set_language(lang)  # first: it refuses an unknown language before any file is written
    written, kept = workspace.rewrite_stubs(lang)
    files = [(workspace.path(e), stub_source(e, lang)) for e in manifest.exercises]
    files.append((workspace.root / "README.md", _README))
    for path, text in files:
        with contextlib.suppress(FileExistsError), open(path, "x", encoding="utf-8") as fh:
            fh.write(text)
            written.append(path)
    return workspace, written, kept


def find_workspace(start: Path | None = None) -> Workspace:
    """The workspace containing ``start`` (default: the current directory), or the one that
    ``bigpicture learn`` made in it (``start/bigpicture-course``).

    Raises:
        WorkspaceError: outside a workspace, saying how to make one.
    """
    here = (start or Path.cwd()).resolve()
    # The enclosing workspace wins, so that inside one nothing else is ever picked up.
    for folder in (here, *here.parents, here / DEFAULT_DIR):
        if (folder / MARKER).is_dir():
            return Workspace(folder, load_manifest())
    raise WorkspaceError(
        Msg(
            f"{here} is not inside a bigpicture workspace, and holds no {DEFAULT_DIR} folder. "
            f"Create one with `bigpicture init` or `bigpicture learn` (both make ./{DEFAULT_DIR}).",
            f"{here} 폴더는 bigpicture 작업 공간이 아니고, 안에 {DEFAULT_DIR} 폴더도 없어요. "
            f"`bigpicture init`이나 `bigpicture learn`으로 만들 수 있어요 "
            f"(둘 다 ./{DEFAULT_DIR} 폴더를 만들어요).",
        )
    )
