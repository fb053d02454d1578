"""The course manifest: the ordered lessons and exercises in ``course/manifest.toml``.

One manifest serves the CLI, the TUI and bulk grading (rustlings' ``info.toml`` is the model).
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LANGUAGES = ("ko", "en")


@dataclass(frozen=True, eq=False)  # hashed by identity: the manifest is loaded once
class Lesson:
    """One lesson of the course."""

    number: int
    slug: str
    title: dict[str, str]
    plots: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)  # hashed by identity: the manifest is loaded once
class Exercise:
    """One graded exercise: a file of functions the learner writes."""

    id: str
    file: str
    functions: tuple[str, ...]
    checks: str  # its checks module: a name under bigpicture.grader.checks, or a dotted path
    aliases: tuple[str, ...]
    lesson: int
    points: int
    title: dict[str, str]
    hints: dict[str, tuple[str, ...]]

    @property
    def number(self) -> int:
        """The exercise's position, 1-based (``exercise3`` -> 3)."""
        return int(self.id.removeprefix("exercise"))

    @property
    def module(self) -> str:
        """The module name of the exercise file (``exercise3_adam``)."""
        return self.file.removesuffix(".py")


class UnknownExerciseError(LookupError):
    """The learner named an exercise the manifest does not have."""


@dataclass(frozen=True)
class Manifest:
    """Lessons in course order, and exercises by number (the order of grades.csv's columns)."""

    lessons: tuple[Lesson, ...]
    exercises: tuple[Exercise, ...]

    @property
    def in_course_order(self) -> tuple[Exercise, ...]:
        """The exercises in the order a learner meets them: by lesson, then by number (exercise7,
        the affine layer, comes first, with lesson 1)."""
        return tuple(sorted(self.exercises, key=lambda e: (e.lesson, e.number)))

    def find(self, query: str) -> Exercise:
        """Finds an exercise by id (``exercise3``), number (``3``), alias (``adam``) or file name.

        Raises:
            UnknownExerciseError: with the close matches, if there are any.
        """
        wanted = query.strip().lower().removesuffix(".py")
        for exercise in self.exercises:
            names = {exercise.id, str(exercise.number), exercise.module, *exercise.aliases}
            if wanted in names:
                return exercise
        known = [name for e in self.exercises for name in (e.id, *e.aliases)]
        close = difflib.get_close_matches(wanted, known, n=3)
        suggestion = f" Did you mean {', '.join(close)}?" if close else ""
        raise UnknownExerciseError(
            f"There is no exercise {query!r}.{suggestion} "
            f"Try a number 1-{len(self.exercises)}, an id like exercise3, or a name like adam."
        )

    def lesson(self, number: int) -> Lesson:
        """The lesson with this number."""
        return next(lesson for lesson in self.lessons if lesson.number == number)


#: The course's data (its manifest): read as a file, since the grader never imports course/.
COURSE_DATA = Path(__file__).resolve().parent.parent / "course"


@cache
def load_manifest() -> Manifest:
    """Reads the manifest shipped with the course (``course/manifest.toml``)."""
    text = (COURSE_DATA / "manifest.toml").read_text("utf-8")
    data = tomllib.loads(text)
    lessons = tuple(
        Lesson(
            number=item["number"],
            slug=item["slug"],
            title=dict(item["title"]),
            plots=tuple(item.get("plots", ())),
        )
        for item in data["lessons"]
    )
    exercises = tuple(
        Exercise(
            id=item["id"],
            file=item["file"],
            functions=tuple(item["functions"]),
            checks=item["checks"],
            aliases=tuple(item.get("aliases", ())),
            lesson=item["lesson"],
            points=item["points"],
            title=dict(item["title"]),
            hints={lang: tuple(item["hints"][lang]) for lang in LANGUAGES},
        )
        for item in data["exercises"]
    )
    return Manifest(lessons=lessons, exercises=exercises)
