"""`bigpicture check` and `bigpicture watch`: grade, record progress, show the verdicts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from rich.live import Live

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
    prepare_engine: Callable[[], object] | None = None,
) -> ExerciseResult:
    result = grade_file(
        exercise,
        workspace.path(exercise),
        seed=seed,
        timeout=timeout,
        prepare_engine=prepare_engine,
    )
    workspace.record(exercise, result.status, result.score)
    return result


def _missing_hint(result: ExerciseResult, lang: str) -> None:
    if result.status == "missing":
        make_console().print(
            Msg(
                f"Run `bigpicture reset {result.exercise.number}` to get the stub back.",
                f"`bigpicture reset {result.exercise.number}`로 처음 파일을 되살릴 수 있어요.",
            )(lang)
        )


def run(
    workspace: Workspace,
    exercises: list[Exercise],
    lang: str,
    as_json: bool,
    timeout: float,
    seed: int | None,
    prepare_engine: Callable[[], object],
) -> bool:
    """Grades ``exercises`` and prints the verdicts; True when all passed.

    ``prepare_engine`` runs once, while the first exercise's code runs.
    """
    if as_json:
        results = [
            _grade(workspace, e, timeout, seed, prepare_engine if i == 0 else None)
            for i, e in enumerate(exercises)
        ]
        print(results_json(results, lang))
        return all(r.passed for r in results)
    console = make_console()
    if len(exercises) == 1:
        result = _grade(workspace, exercises[0], timeout, seed, prepare_engine)
        console.print(exercise_report(result, lang))
        _missing_hint(result, lang)
        return result.passed
    prepare_engine()  # before the live table: its status line would fight with the table
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


def _first_unpassed(workspace: Workspace) -> Exercise:
    progress = workspace.progress()["exercises"]
    exercises = workspace.manifest.exercises
    return next(
        (e for e in exercises if progress.get(e.id, {}).get("status") != "passed"), exercises[-1]
    )


def watch(
    workspace: Workspace,
    lang: str,
    timeout: float,
    prepare_engine: Callable[[], object],
    changes: Iterable[set[tuple[object, str]]] | None = None,
) -> None:
    """Re-checks an exercise each time its file is saved, as rustlings' watch mode does.

    ``changes`` yields sets of (change, path) as ``watchfiles.watch`` does (its default).
    """
    if changes is None:
        from watchfiles import watch as watch_files

        changes = watch_files(workspace.root, raise_interrupt=False)
    console = make_console()
    by_file = {e.file: e for e in workspace.manifest.exercises}

    def show(exercise: Exercise) -> None:
        console.clear()
        result = _grade(workspace, exercise, timeout, None)
        console.print(exercise_report(result, lang))
        _missing_hint(result, lang)
        console.print(
            Msg(
                f"[dim]Watching {workspace.root} — save {exercise.file} to re-check; "
                "ctrl+c stops.[/dim]",
                f"[dim]{workspace.root}를 지켜보는 중 — {exercise.file}을(를) 저장하면 다시 "
                "채점해요. ctrl+c로 멈춰요.[/dim]",
            )(lang)
        )

    prepare_engine()
    show(_first_unpassed(workspace))
    try:
        for batch in changes:
            names = sorted({Path(p).name for _, p in batch} & by_file.keys())
            for name in names:
                show(by_file[name])
    except KeyboardInterrupt:
        pass
