"""`bigpicture check` and `bigpicture watch`: grade, record progress, show the verdicts."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.live import Live
from rich.markup import escape

from bigpicture.course.render import exercise_report, make_console, results_json, summary_table
from bigpicture.grader.grading import ExerciseResult, grade_file
from bigpicture.grader.i18n import Msg
from bigpicture.grader.manifest import Exercise
from bigpicture.grader.workspace import Workspace


def _grade(
    workspace: Workspace,
    exercise: Exercise,
    timeout: float,
    seed: int | None,
) -> ExerciseResult:
    result = grade_file(exercise, workspace.path(exercise), seed=seed, timeout=timeout)
    workspace.record(exercise, result.status, result.score)
    return result


def _missing_hint(result: ExerciseResult, lang: str) -> None:
    if result.status == "missing":
        make_console().print(
            Msg(
                f"Run `bigpicture reset {result.exercise.number}` to get the stub back.",
                f"`bigpicture reset {result.exercise.number}` 명령으로 처음 파일을 되살릴 수 "
                "있어요.",
            )(lang)
        )


def run(
    workspace: Workspace,
    exercises: list[Exercise],
    lang: str,
    as_json: bool,
    timeout: float,
    seed: int | None,
) -> bool:
    """Grades ``exercises`` and prints the verdicts; True when all passed."""
    if as_json:
        results = [_grade(workspace, e, timeout, seed) for e in exercises]
        print(results_json(results, lang))
        return all(r.passed for r in results)
    console = make_console()
    if len(exercises) == 1:
        result = _grade(workspace, exercises[0], timeout, seed)
        console.print(exercise_report(result, lang))
        _missing_hint(result, lang)
        return result.passed
    rows: list[tuple] = [(e, None, None, "…") for e in exercises]
    results = []
    with Live(summary_table(rows, lang), console=console, transient=False) as live:
        for index, exercise in enumerate(exercises):
            result = _grade(workspace, exercise, timeout, seed)
            results.append(result)
            passed = sum(c.passed for c in result.checks)
            rows[index] = (exercise, result.status, result.score, f"{passed}/{len(result.checks)}")
            live.update(summary_table(rows, lang))
    first_failure = next((r for r in results if not r.passed), None)
    if first_failure is None:
        console.print(Msg("\nAll exercises pass. 🎉", "\n모든 연습을 통과했어요. 🎉")(lang))
        return True
    console.print(
        Msg(
            f"\nNext up: {first_failure.exercise.id}. "
            f"`bigpicture check {first_failure.exercise.number}` shows every check.",
            f"\n다음 차례: {first_failure.exercise.id}. "
            f"`bigpicture check {first_failure.exercise.number}`로 검사 내용을 모두 볼 수 있어요.",
        )(lang)
    )
    return False


def _unfinished(workspace: Workspace, start: int) -> Exercise | None:
    """The first exercise not passed yet, looking from position ``start`` to the end and then
    from the top; None when every exercise has passed."""
    progress = workspace.progress()
    exercises = workspace.manifest.in_course_order
    return next(
        (e for e in exercises[start:] + exercises[:start] if not progress.passed(e.id)), None
    )


def watch(
    workspace: Workspace,
    lang: str,
    timeout: float,
    changes: Iterable[set[tuple[Any, str]]] | None = None,
) -> None:
    """Follows the learner through the course, as rustlings' watch mode does.

    It starts at the first exercise not passed yet. A save of any exercise file checks that
    file; a pass moves on to the next exercise not passed yet and checks it, until the course
    is done. ``changes`` yields sets of (change, path) as ``watchfiles.watch`` does (its
    default).
    """
    if changes is None:
        from watchfiles import watch as watch_files

        batches: Iterable[set[tuple[Any, str]]] = watch_files(workspace.root, raise_interrupt=False)
    else:
        batches = changes
    console = make_console()
    exercises = workspace.manifest.in_course_order
    by_file = {e.file: e for e in exercises}
    root = escape(str(workspace.root))

    def check(exercise: Exercise) -> bool:
        result = _grade(workspace, exercise, timeout, None)
        console.print(exercise_report(result, lang))
        _missing_hint(result, lang)
        return result.passed

    def follow(exercise: Exercise | None) -> Exercise | None:
        """Checks ``exercise`` and moves on while it passes; returns the one to work on next."""
        while exercise is not None and check(exercise):
            passed, exercise = exercise, _unfinished(workspace, exercises.index(exercise) + 1)
            if exercise is not None:
                console.print(
                    Msg(
                        f"\n[green]✓ {passed.id} passes.[/green] On to {exercise.id}, "
                        f"{escape(exercise.title['en'])}:\n",
                        f"\n[green]✓ {passed.id} 연습을 통과했어요.[/green] 다음은 {exercise.id}, "
                        f"{escape(exercise.title['ko'])} 차례예요.\n",
                    )(lang)
                )
        return exercise

    def footer(current: Exercise | None) -> None:
        if current is None:
            message = Msg(
                f"\nAll {len(exercises)} exercises pass: you have done the whole course. 🎉\n"
                f"[dim]Still watching {root}: saving an exercise file checks it again; "
                "ctrl+c stops.[/dim]",
                f"\n연습 {len(exercises)}개를 모두 통과했어요. 과정을 끝까지 마쳤어요. 🎉\n"
                f"[dim]{root} 폴더를 계속 지켜봐요. 연습 파일을 저장하면 다시 채점해요. "
                "ctrl+c로 멈춰요.[/dim]",
            )
        else:
            message = Msg(
                f"[dim]Watching {root}: save {current.file} to check it again (any exercise "
                "file is checked when saved); ctrl+c stops.[/dim]",
                f"[dim]{root} 폴더를 지켜보고 있어요. {current.file} 파일을 저장하면 다시 "
                "채점해요(어느 연습 파일이든 저장하면 채점해요). ctrl+c로 멈춰요.[/dim]",
            )
        console.print(message(lang))

    console.clear()
    footer(follow(_unfinished(workspace, 0)))
    try:
        for batch in batches:
            names = sorted({Path(p).name for _, p in batch} & by_file.keys())
            if not names:
                continue
            console.clear()
            current = None
            for name in names:
                current = follow(by_file[name])
            footer(current)
    except KeyboardInterrupt:
        pass
