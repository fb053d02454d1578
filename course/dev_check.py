"""`bigpicture dev check`: the course's parts agree, for course authors (as `rustlings dev
check`). CI runs it.

For every exercise of the manifest: its checks module builds checks; its stub (in every
language) and its solution define the manifest's functions with the same signatures; every
stub grades "not implemented"; the solution passes every check on many seeds. For the course:
every title and hint exists in every language, every lesson an exercise names exists, and every
lesson has its text in every language.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from importlib import resources

from bigpicture.grader.i18n import Msg
from bigpicture.grader.manifest import LANGUAGES, Exercise, Manifest
from bigpicture.grader.status import Status
from bigpicture.grader.workspace import stub_source

#: Seeds every solution is graded on.
SEEDS = list(range(1, 21))


def problems(
    manifest: Manifest,
    solution_of: Callable[[Exercise], str] | None = None,
    stub_of: Callable[[Exercise, str], str] = stub_source,
    lesson_exists: Callable[[int, str], bool] | None = None,
    seeds: list[int] = SEEDS,
) -> Iterator[str]:
    """Every disagreement between the course's parts, one line each (none: all agree).

    Args:
        manifest: the course.
        solution_of: an exercise's reference solution, as text (default: the course's).
        stub_of: an exercise's stub in a language, as text.
        lesson_exists: whether a lesson's text exists in a language (default: the course's).
        seeds: the seeds each solution is graded on.
    """
    from bigpicture.course.reference import solution_source

    solution_of = solution_of or solution_source
    lesson_exists = lesson_exists or _lesson_text_exists
    numbers = {lesson.number for lesson in manifest.lessons}
    for lesson in manifest.lessons:
        yield from _missing_languages(f"lesson {lesson.number}'s title", lesson.title)
        for lang in LANGUAGES:
            if not lesson_exists(lesson.number, lang):
                yield f"lesson {lesson.number} has no text in {lang}"
    for exercise in manifest.exercises:
        if exercise.lesson not in numbers:
            yield f"{exercise.id}: its lesson {exercise.lesson} does not exist"
        yield from _missing_languages(f"{exercise.id}'s title", exercise.title)
        yield from _hints(exercise)
        yield from _exercise(exercise, solution_of, stub_of, seeds)


def _missing_languages(what: str, texts: dict[str, str]) -> Iterator[str]:
    for lang in LANGUAGES:
        if not str(texts.get(lang, "")).strip():
            yield f"{what} is missing in {lang}"


def _hints(exercise: Exercise) -> Iterator[str]:
    counts = {lang: len(exercise.hints.get(lang, ())) for lang in LANGUAGES}
    if len(set(counts.values())) > 1:
        yield f"{exercise.id}: its hints differ in number between languages ({counts})"
    for lang in LANGUAGES:
        if any(not hint.strip() for hint in exercise.hints.get(lang, ())):
            yield f"{exercise.id}: an empty hint in {lang}"


def _exercise(
    exercise: Exercise,
    solution_of: Callable[[Exercise], str],
    stub_of: Callable[[Exercise, str], str],
    seeds: list[int],
) -> Iterator[str]:
    import numpy as np

    from bigpicture.grader.checks import build_checks, checks_module
    from bigpicture.grader.grading import grade_seeds, grade_source

    try:
        build = getattr(checks_module(exercise), "build", None)
    except ImportError as exc:
        build = exc
    if not callable(build):
        yield f"{exercise.id}: its checks module {exercise.checks!r} cannot build checks ({build})"
        return
    solution = solution_of(exercise)
    wanted = _signatures(solution, exercise, "solution")
    if isinstance(wanted, str):
        yield wanted
        return
    for lang in LANGUAGES:
        stub = stub_of(exercise, lang)
        found = _signatures(stub, exercise, f"{lang} stub")
        if isinstance(found, str):
            yield found
            continue
        for name in exercise.functions:
            if found[name] != wanted[name]:
                yield (
                    f"{exercise.id}: {name} is def {name}({found[name]}) in the {lang} stub "
                    f"but def {name}({wanted[name]}) in the solution"
                )
        checks = build_checks(exercise, np.random.default_rng(seeds[0]))
        graded = grade_source(exercise, stub.encode(), exercise.file, checks, seed=seeds[0])
        if graded.status != Status.NOT_IMPLEMENTED:
            yield f"{exercise.id}: the {lang} stub grades {graded.status}, not not_implemented"
    verdicts = grade_seeds(exercise, solution.encode(), exercise.file, seeds)
    for seed, results in zip(seeds, verdicts, strict=True):
        for check in results:
            if not check.passed:
                message = check.message or Msg("", "")
                yield (
                    f"{exercise.id}: the solution fails {check.name.en!r} on seed {seed}: "
                    + (" ".join(message.en.split())[:200])
                )


def _signatures(source: str, exercise: Exercise, what: str) -> dict[str, str] | str:
    """Each of the exercise's functions' parameters as written in ``source``, or a problem."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return f"{exercise.id}: the {what} is not valid Python ({exc.msg}, line {exc.lineno})"
    defined = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    missing = [name for name in exercise.functions if name not in defined]
    if missing:
        return f"{exercise.id}: the {what} does not define {', '.join(missing)}"
    return {name: ast.unparse(defined[name].args) for name in exercise.functions}


def _lesson_text_exists(number: int, lang: str) -> bool:
    folder = resources.files("bigpicture.course").joinpath("lessons", lang)
    return any(f.name.startswith(f"{number:02d}-") for f in folder.iterdir())
