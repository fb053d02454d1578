"""The `bigpicture` command: a thin shell over the grading library.

Exit codes: 0 everything asked for passed, 1 something failed, 2 usage error (unknown exercise,
no workspace, bad option).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bigpicture.grader import limits
from bigpicture.grader.i18n import Msg, default_language
from bigpicture.grader.manifest import Exercise, UnknownExerciseError, load_manifest
from bigpicture.grader.workspace import (
    DEFAULT_DIR,
    Workspace,
    WorkspaceError,
    find_workspace,
    init_workspace,
    solution_source,
)

app = typer.Typer(
    name="bigpicture",
    help="The big picture of deep learning (딥러닝 큰 그림 그리기): lessons and graded exercises.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Lang = Annotated[
    str | None,
    typer.Option("--lang", help="ko or en (default: from your locale).", show_default=False),
]
ExerciseArg = Annotated[str, typer.Argument(help="exercise3, 3 or adam.", show_default=False)]


def _lang(value: str | None) -> str:
    if value is None:
        return default_language()
    if value not in ("ko", "en"):
        raise typer.BadParameter("use ko or en", param_hint="--lang")
    return value


def _workspace(lang: str) -> Workspace:
    from bigpicture.course.render import make_console

    try:
        return find_workspace()
    except WorkspaceError as exc:
        make_console(stderr=True).print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _exercise(query: str) -> Exercise:
    try:
        return load_manifest().find(query)
    except UnknownExerciseError as exc:
        raise typer.BadParameter(str(exc), param_hint="EXERCISE") from None


def _prepare_engine(lang: str, stderr: bool) -> None:
    """Loads the reference engine, saying so when numba must compile it (the first run)."""
    from bigpicture.course.render import make_console
    from bigpicture.grader import engine

    if engine.cache_is_warm():
        return
    message = Msg(
        "preparing the reference engine (first run only)…",
        "채점 엔진을 준비하고 있어요 (처음 한 번만)…",
    )
    with make_console(stderr=stderr).status(message(lang)):
        engine.warm_up()


@app.command()
def learn(
    lesson: Annotated[
        int | None,
        typer.Option(min=1, max=8, help="Open this lesson (default: where you left off)."),
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds one exercise may run.")
    ] = limits.DEFAULT_TIMEOUT,
    lang: Lang = None,
) -> None:
    """Open the course in the terminal (makes ./bigpicture-course the first time)."""
    from bigpicture.course.render import make_console

    lang = _lang(lang)
    try:
        workspace = find_workspace()
    except WorkspaceError:
        try:
            workspace, _, _ = init_workspace(Path(DEFAULT_DIR))
        except (WorkspaceError, OSError) as exc:
            make_console(stderr=True).print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        make_console().print(
            Msg(
                f"Your exercise files are in {workspace.root}",
                f"연습 파일은 {workspace.root}에 있어요",
            )(lang)
        )
    from bigpicture.course.app import BigPictureApp

    BigPictureApp(workspace, lang, lesson, timeout).run()


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to create it.")] = Path(DEFAULT_DIR),
    lang: Lang = None,
) -> None:
    """Create a workspace of exercise stubs (never overwrites a file)."""
    from bigpicture.course.render import make_console

    lang = _lang(lang)
    console = make_console()
    try:
        workspace, written, kept = init_workspace(directory)
    except (WorkspaceError, OSError) as exc:
        make_console(stderr=True).print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    for path in kept:
        console.print(
            Msg(f"kept your {path.name}", f"기존 {path.name} 파일은 그대로 두었어요")(lang)
        )
    console.print(
        Msg(
            f"Workspace ready at {workspace.root} ({len(written)} files written).",
            f"{workspace.root}에 작업 공간을 만들었어요 (파일 {len(written)}개).",
        )(lang)
    )
    console.print(
        Msg(
            f"Next: cd {directory} && bigpicture learn   (or: bigpicture check 1)",
            f"다음: cd {directory} && bigpicture learn   (또는: bigpicture check 1)",
        )(lang)
    )
    _prepare_engine(lang, stderr=False)


@app.command()
def check(
    exercise: Annotated[
        str | None, typer.Argument(help="exercise3, 3 or adam; all when left out.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds one exercise may run.")
    ] = limits.DEFAULT_TIMEOUT,
    seed: Annotated[int | None, typer.Option(help="Seed for the random cases.")] = None,
    lang: Lang = None,
) -> None:
    """Grade one exercise, or all of them."""
    from bigpicture.course import check_command

    lang = _lang(lang)
    exercises = [_exercise(exercise)] if exercise else list(load_manifest().exercises)
    workspace = _workspace(lang)
    ok = check_command.run(
        workspace, exercises, lang, as_json, timeout, seed, lambda: _prepare_engine(lang, as_json)
    )
    raise typer.Exit(0 if ok else 1)


@app.command("list")
def list_exercises(lang: Lang = None) -> None:
    """List the exercises and your progress."""
    from bigpicture.course.render import make_console, summary_table

    lang = _lang(lang)
    workspace = _workspace(lang)
    progress = workspace.progress()["exercises"]
    rows = []
    for exercise in workspace.manifest.exercises:
        state = progress.get(exercise.id, {})
        lesson = workspace.manifest.lesson(exercise.lesson).title[lang]
        rows.append((exercise, state.get("status"), state.get("score"), lesson))
    table = summary_table(rows, lang)
    table.columns[-1].header = Msg("lesson", "강의")(lang)
    table.columns[-1].justify = "left"
    make_console().print(table)


@app.command()
def hint(
    exercise: ExerciseArg,
    show_all: Annotated[bool, typer.Option("--all", help="Show every hint.")] = False,
    lang: Lang = None,
) -> None:
    """Show one more hint for an exercise."""
    from bigpicture.course.render import make_console

    lang = _lang(lang)
    found = _exercise(exercise)
    workspace = _workspace(lang)
    hints = list(found.hints[lang])
    shown = len(hints) if show_all else workspace.next_hint(found, lang)[0]
    console = make_console()
    for number, text in enumerate(hints[:shown], start=1):
        console.print(f"[bold]{number}/{len(hints)}[/bold] {text}")
    if shown < len(hints):
        console.print(
            Msg(
                f"[dim]Run it again for the next hint, or --all for all {len(hints)}.[/dim]",
                f"[dim]다시 실행하면 다음 힌트가, --all이면 {len(hints)}개 모두 보여요.[/dim]",
            )(lang)
        )


@app.command()
def reset(exercise: ExerciseArg, lang: Lang = None) -> None:
    """Put an exercise's stub back (your file is kept as a backup first)."""
    from bigpicture.course.render import make_console

    lang = _lang(lang)
    found = _exercise(exercise)
    workspace = _workspace(lang)
    backup = workspace.reset(found)
    console = make_console()
    if backup is not None:
        console.print(
            Msg(f"Your file was saved to {backup}", f"원래 파일은 {backup}에 보관했어요")(lang)
        )
    console.print(
        Msg(f"{found.file} is back to the stub.", f"{found.file}을(를) 처음 상태로 되돌렸어요.")(
            lang
        )
    )


@app.command()
def solution(exercise: ExerciseArg, lang: Lang = None) -> None:
    """Show the reference solution of an exercise you have passed."""
    from rich.syntax import Syntax

    from bigpicture.course.render import make_console

    lang = _lang(lang)
    found = _exercise(exercise)
    workspace = _workspace(lang)
    if not workspace.exercise_state(found).get("passed_ever"):
        make_console(stderr=True).print(
            Msg(
                f"The solution opens once {found.id} passes. Try `bigpicture hint {found.number}`.",
                f"{found.id}을(를) 통과하면 모범 답안이 열려요. "
                f"`bigpicture hint {found.number}`를 먼저 보세요.",
            )(lang)
        )
        raise typer.Exit(1)
    make_console().print(Syntax(solution_source(found), "python", line_numbers=True))


@app.command()
def watch(
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds one exercise may run.")
    ] = limits.DEFAULT_TIMEOUT,
    lang: Lang = None,
) -> None:
    """Re-check an exercise every time you save its file (ctrl+c to stop)."""
    from bigpicture.course import check_command

    lang = _lang(lang)
    workspace = _workspace(lang)
    check_command.watch(workspace, lang, timeout, lambda: _prepare_engine(lang, False))


def main() -> None:
    """Console-script entry point."""
    app()
