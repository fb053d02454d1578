"""The learner's workspace: their exercise files, the progress store and backups.

A workspace is a folder holding a ``.bigpicture/`` directory. The CLI and the TUI find it from
the current directory or one of its parents and share the same progress file, which is always
written atomically (write a temporary file, then rename it over the old one).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from bigpicture.grader.files import write_atomically
from bigpicture.grader.manifest import Exercise, Manifest, load_manifest

MARKER = ".bigpicture"
DEFAULT_DIR = "bigpicture-course"  # not "bigpicture": that would shadow the installed package
PROGRESS_VERSION = 1

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
    """No workspace here, or it cannot be used; the message says what to do."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stub_source(exercise: Exercise) -> str:
    """The stub file the learner starts from."""
    return resources.files("bigpicture.exercises").joinpath(exercise.file).read_text("utf-8")


def solution_source(exercise: Exercise) -> str:
    """The reference solution."""
    return resources.files("bigpicture.solutions").joinpath(exercise.file).read_text("utf-8")


@dataclass
class Workspace:
    """A learner's workspace rooted at ``root``."""

    root: Path
    manifest: Manifest

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

    def progress(self) -> dict:
        """The stored progress: ``{"exercises": {id: {...}}, ...}``; empty if none yet."""
        try:
            data = json.loads(self.progress_file.read_text("utf-8"))
        except FileNotFoundError:
            return {"version": PROGRESS_VERSION, "exercises": {}}
        except (OSError, ValueError) as exc:
            raise WorkspaceError(
                f"The progress file {self.progress_file} is damaged ({exc}). Move it away and "
                "run `bigpicture check` to rebuild it from your files."
            ) from exc
        data.setdefault("exercises", {})
        return data

    @contextlib.contextmanager
    def updating(self) -> Iterator[dict]:
        """Read-modify-write of the progress, locked against the CLI and TUI writing at once."""
        with open(self.state_dir / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self.progress()
            yield data
            write_atomically(
                self.progress_file, json.dumps(data, indent=2, ensure_ascii=False).encode()
            )

    def exercise_state(self, exercise: Exercise) -> dict:
        """What the progress store knows about one exercise."""
        return self.progress()["exercises"].get(exercise.id, {})

    def record(self, exercise: Exercise, status: str, score: float) -> None:
        """Stores the outcome of a check."""
        with self.updating() as data:
            state = data["exercises"].setdefault(exercise.id, {})
            state.update(status=status, score=round(score, 3), checked_at=_now())
            state["attempts"] = state.get("attempts", 0) + 1
            if status == "passed":
                state["passed_ever"] = True

    def next_hint(self, exercise: Exercise, lang: str) -> tuple[int, list[str]]:
        """Reveals one more hint; returns how many are now shown and those hints."""
        hints = list(exercise.hints[lang])
        with self.updating() as data:
            state = data["exercises"].setdefault(exercise.id, {})
            shown = min(len(hints), state.get("hints_shown", 0) + 1)
            state["hints_shown"] = shown
        return shown, hints[:shown]

    # -- files ----------------------------------------------------------------------------

    def reset(self, exercise: Exercise) -> Path | None:
        """Puts the stub back; the learner's current file is first copied to a backup.

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
        write_atomically(target, stub_source(exercise).encode())
        return backup


def init_workspace(root: Path) -> tuple[Workspace, list[Path], list[Path]]:
    """Creates (or completes) a workspace at ``root``; never overwrites a file.

    Returns:
        The workspace, the files written and the files that existed and were kept.
    """
    manifest = load_manifest()
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root} exists and is not a folder. Choose another name.")
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).mkdir(exist_ok=True)
    workspace = Workspace(root.resolve(), manifest)
    written, kept = [], []
    files = [(workspace.path(e), stub_source(e)) for e in manifest.exercises]
    files.append((root / "README.md", _README))
    for path, text in files:
        try:
            with open(path, "x", encoding="utf-8") as fh:
                fh.write(text)
            written.append(path)
        except FileExistsError:
            kept.append(path)
    return workspace, written, kept


def find_workspace(start: Path | None = None) -> Workspace:
    """The workspace containing ``start`` (default: the current directory).

    Raises:
        WorkspaceError: outside a workspace, saying how to make one.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_dir():
            return Workspace(folder, load_manifest())
    raise WorkspaceError(
        f"{here} is not inside a bigpicture workspace. Create one with "
        f"`bigpicture init` (it makes ./{DEFAULT_DIR}), then `cd {DEFAULT_DIR}`."
    )
