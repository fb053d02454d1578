"""A learner's progress, typed: what `.bigpicture/progress.json` holds.

:meth:`bigpicture.grader.workspace.Workspace.progress` reads it (again only when the file
changed) and :meth:`~bigpicture.grader.workspace.Workspace.updating` is the one way to change
it. A file edited by hand into other types is read as far as it makes sense: a value of the
wrong type counts as missing, never as a crash.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bigpicture.grader.status import Status

PROGRESS_VERSION = 1
_STATUSES = {status.value for status in Status}


@dataclass
class ExerciseProgress:
    """What the store knows about one exercise."""

    status: Status | None = None  # the last check's verdict; None: never checked
    score: float | None = None  # the last check's score, 0..1
    checked_at: str | None = None  # when, ISO 8601 in UTC
    attempts: int = 0
    passed_ever: bool = False  # the solution may be shown
    hints_shown: int = 0

    @property
    def passed(self) -> bool:
        return self.status == Status.PASSED


@dataclass
class Progress:
    """The whole store: every exercise's progress and the workspace's settings."""

    exercises: dict[str, ExerciseProgress] = field(default_factory=dict)
    lang: str | None = None  # the language of the workspace's exercise files
    current_lesson: int | None = None  # where the TUI reopens
    welcomed: bool = False  # the TUI's first-run page was shown
    version: int = PROGRESS_VERSION

    def of(self, exercise_id: str) -> ExerciseProgress:
        """An exercise's progress (a fresh one, not stored, if it has none)."""
        return self.exercises.get(exercise_id) or ExerciseProgress()

    def entry(self, exercise_id: str) -> ExerciseProgress:
        """An exercise's stored progress, made if missing: for :meth:`Workspace.updating`."""
        return self.exercises.setdefault(exercise_id, ExerciseProgress())

    def passed(self, exercise_id: str) -> bool:
        return self.of(exercise_id).passed

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["exercises"] = {
            key: {k: v for k, v in value.items() if v is not None}
            for key, value in data["exercises"].items()
        }
        return {key: value for key, value in data.items() if value is not None}

    @classmethod
    def from_json(cls, data: object) -> Progress:
        if not isinstance(data, dict):
            return cls()
        exercises = data.get("exercises")
        return cls(
            exercises={
                str(key): _exercise(value)
                for key, value in (exercises.items() if isinstance(exercises, dict) else ())
            },
            lang=_typed(data.get("lang"), str),
            current_lesson=_typed(data.get("current_lesson"), int),
            welcomed=_typed(data.get("welcomed"), bool) or False,
            version=_typed(data.get("version"), int) or PROGRESS_VERSION,
        )


def _exercise(data: object) -> ExerciseProgress:
    if not isinstance(data, dict):
        return ExerciseProgress()
    status = data.get("status")
    score = data.get("score")
    return ExerciseProgress(
        status=Status(status) if status in _STATUSES else None,
        score=float(score)
        if isinstance(score, int | float) and not isinstance(score, bool)
        else None,
        checked_at=_typed(data.get("checked_at"), str),
        attempts=_typed(data.get("attempts"), int) or 0,
        passed_ever=_typed(data.get("passed_ever"), bool) or False,
        hints_shown=_typed(data.get("hints_shown"), int) or 0,
    )


def _typed(value: object, kind: type) -> Any:
    """``value`` if it is a ``kind`` (an int is not a bool here, nor a bool an int), else None."""
    if kind is int and isinstance(value, bool):
        return None
    return value if isinstance(value, kind) else None
