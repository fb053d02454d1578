"""The `bigpicture` command: a thin shell over the grading library.

Exit codes: 0 everything asked for passed, 1 something failed, 2 usage error (unknown exercise,
no workspace, bad option). Every command speaks the language given with --lang, else the
workspace's (chosen at `init`), else the locale's. Built on click, which starts in ~20 ms (typer
took ~100 ms, and `bigpicture check` must stay within 2x of `import numpy, numba`).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from bigpicture.course.reference import solution_source
from bigpicture.grader import limits
from bigpicture.grader.i18n import Msg, default_language
from bigpicture.grader.lab.choices import MAX_TRAIN, MODELS, OPTIMIZERS, SCENARIO_NAMES
from bigpicture.grader.manifest import Exercise, UnknownExerciseError, load_manifest
from bigpicture.grader.workspace import (
    DEFAULT_DIR,
    Workspace,
    WorkspaceError,
    find_workspace,
    init_workspace,
)

if TYPE_CHECKING:
    from rich.text import Text

lang_option = click.option(
    "--lang",
    type=click.Choice(["ko", "en"]),
    default=None,
    help="ko or en (default: the workspace's language, else your locale's).",
)
timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=limits.DEFAULT_TIMEOUT,
    show_default=True,
    help="CPU seconds one exercise may use (counted in whole seconds).",
)
exercise_argument = click.argument("exercise", metavar="EXERCISE")
LANGUAGE_NAMES = {"en": Msg("English", "영어"), "ko": Msg("Korean", "한국어")}


def _print(message: str | Text, err: bool = False) -> None:
    from bigpicture.course.render import make_console

    # soft_wrap: a message stays one line for the terminal (or a log) to wrap, not rich
    make_console(stderr=err).print(message, soft_wrap=True)


def _print_plain(text: str, style: str = "", err: bool = False) -> None:
    """Prints ``text`` exactly as it is (paths and names hold brackets, never markup)."""
    from rich.text import Text  # here: the learner's commands start without it

    _print(Text(text, style=style), err=err)


def _fail(exc: WorkspaceError | OSError, lang: str) -> NoReturn:
    """Says why the workspace cannot be used, and exits with 2."""
    _print_plain(exc.message(lang) if isinstance(exc, WorkspaceError) else str(exc), "red", True)
    sys.exit(2)


def _workspace(lang: str | None) -> tuple[Workspace, str]:
    """The workspace here, and the language to speak: ``lang``, the workspace's or the locale's."""
    try:
        workspace = find_workspace()
        return workspace, lang or workspace.language() or default_language()
    except WorkspaceError as exc:
        _fail(exc, lang or default_language())


def _exercise(query: str) -> Exercise:
    try:
        return load_manifest().find(query)
    except UnknownExerciseError as exc:
        raise click.BadParameter(str(exc), param_hint="EXERCISE") from None


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    help="The big picture of deep learning (딥러닝 큰 그림 그리기): lessons and graded exercises.",
)
def app() -> None:
    """The `bigpicture` command group."""


@app.command()
@click.option(
    "--lesson",
    type=click.IntRange(min=1),
    default=None,
    help="Open this lesson (default: where you left off).",
)
@timeout_option
@lang_option
def learn(lesson: int | None, timeout: float, lang: str | None) -> None:
    """Open the course in the terminal (makes ./bigpicture-course the first time)."""
    lessons = len(load_manifest().lessons)
    if lesson is not None and lesson > lessons:
        raise click.BadParameter(
            f"{lesson} is not in the range 1<=x<={lessons}.", param_hint="'--lesson'"
        )
    try:
        find_workspace()
        created = False
    except WorkspaceError:
        try:
            init_workspace(Path(DEFAULT_DIR), lang)
        except (WorkspaceError, OSError) as exc:
            _fail(exc, lang or default_language())
        created = True
    workspace, lang = _workspace(lang)
    if created:
        _print_plain(
            Msg(
                f"Your exercise files are in {workspace.root}",
                f"연습 파일은 {workspace.root}에 있어요",
            )(lang)
        )
    from bigpicture.course.app import BigPictureApp

    BigPictureApp(workspace, lang, lesson, timeout).run()


@app.command()
@click.argument("directory", type=click.Path(path_type=Path), required=False)
@lang_option
def init(directory: Path | None, lang: str | None) -> None:
    """Create a workspace of exercise stubs, or switch its files to --lang.

    DIRECTORY defaults to the workspace you are in, else ./bigpicture-course. Stubs you have
    not edited are rewritten in the workspace's language; a file you edited is never touched.
    """
    if directory is None:
        try:
            directory = find_workspace().root
        except WorkspaceError:
            directory = Path(DEFAULT_DIR)
    try:
        workspace, written, kept = init_workspace(directory, lang)
        lang = workspace.language() or default_language()
    except (WorkspaceError, OSError) as exc:
        _fail(exc, lang or default_language())
    for path in kept:
        _print_plain(
            Msg(
                f"kept your {path.name}, which holds your work",
                f"{path.name} 파일에는 작업한 내용이 있어서 그대로 두었어요",
            )(lang)
        )
    language = LANGUAGE_NAMES[lang]
    _print_plain(
        Msg(
            f"Workspace ready at {workspace.root} (exercises in {language.en}, "
            f"{len(written)} files written).",
            f"{workspace.root}에 작업 공간이 준비됐어요 (연습 파일 언어: {language.ko}, "
            f"새로 쓴 파일 {len(written)}개).",
        )(lang)
    )
    try:
        reachable = find_workspace().root == workspace.root
    except WorkspaceError:
        reachable = False
    go = "" if reachable else f"cd {directory} && "
    _print_plain(
        Msg(
            f"Next: {go}bigpicture learn   (or: bigpicture check 1)",
            f"다음: {go}bigpicture learn   (또는: bigpicture check 1)",
        )(lang)
    )


@app.command()
@click.argument("exercise", required=False, metavar="[EXERCISE]")
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@timeout_option
@click.option("--seed", type=int, default=None, help="Seed for the random cases.")
@lang_option
def check(
    exercise: str | None, as_json: bool, timeout: float, seed: int | None, lang: str | None
) -> None:
    """Grade one exercise (exercise3, 3 or adam), or all of them."""
    from bigpicture.course import check_command

    exercises = [_exercise(exercise)] if exercise else list(load_manifest().exercises)
    workspace, lang = _workspace(lang)
    ok = check_command.run(workspace, exercises, lang, as_json, timeout, seed)
    sys.exit(0 if ok else 1)


@app.command()
@exercise_argument
@timeout_option
@click.option("--seed", type=int, default=None, help="Seed for the random case.")
@lang_option
def gradcheck(exercise: str, timeout: float, seed: int | None, lang: str | None) -> None:
    """Compare your backward pass with numerical gradients of your forward pass."""
    from bigpicture.course.render import gradcheck_report, make_console
    from bigpicture.grader import gradcheck as gc

    chosen = _exercise(exercise)
    workspace, lang = _workspace(lang)
    if not gc.has_gradcheck(chosen):
        numbers = ", ".join(str(e.number) for e in gc.checkable(workspace.manifest))
        _print_plain(
            Msg(
                f"{chosen.id} has no backward pass to check. gradcheck works on exercises "
                f"{numbers}.",
                f"{chosen.id}에는 검사할 역전파가 없어요. gradcheck는 연습 {numbers}에서 쓸 수 "
                "있어요.",
            )(lang),
            err=True,
        )
        sys.exit(2)
    report = gc.gradcheck(chosen, workspace.manifest, workspace.path, seed=seed, timeout=timeout)
    make_console().print(gradcheck_report(report, lang))
    sys.exit(0 if report.passed else 1)


@app.command()
@click.option("--model", type=click.Choice(MODELS), default="mlp", show_default=True)
@click.option(
    "--depth", type=click.IntRange(1, 20), default=2, show_default=True, help="MLP hidden layers."
)
@click.option(
    "--width",
    type=click.IntRange(1, 1024),
    default=64,
    show_default=True,
    help="Units per layer (hidden size for RNN/LSTM).",
)
@click.option(
    "--activation", type=click.Choice(["relu", "sigmoid"]), default="relu", show_default=True
)
@click.option("--optimizer", type=click.Choice(OPTIMIZERS), default="adam", show_default=True)
@click.option("--lr", type=click.FloatRange(min=0, min_open=True), default=1e-3, show_default=True)
@click.option(
    "--dropout", type=click.FloatRange(0, 1, max_open=True), default=0.0, show_default=True
)
@click.option("--weight-decay", type=click.FloatRange(min=0), default=0.0, show_default=True)
@click.option("--train-size", type=click.IntRange(1, MAX_TRAIN), default=1000, show_default=True)
@click.option("--epochs", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--batch-size", type=click.IntRange(1, 4096), default=64, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--gap",
    type=click.IntRange(1, 200),
    default=10,
    show_default=True,
    help="RNN/LSTM: steps to remember.",
)
@click.option("--name", default=None, help="Save the run under this name.")
@click.option(
    "--reference",
    multiple=True,
    metavar="PART",
    help="Use the reference's PART (e.g. sigmoid) instead of yours.",
)
@click.option(
    "--scenario",
    type=click.Choice(SCENARIO_NAMES),
    default=None,
    help="Run one of the slides' five scenarios.",
)
@click.option("--compare", "show_compare", is_flag=True, help="Print a table of the saved runs.")
@lang_option
def train(
    name: str | None,
    reference: tuple[str, ...],
    scenario: str | None,
    show_compare: bool,
    lang: str | None,
    **choices: object,
) -> None:
    """Train a net built from your own parts (the training lab)."""
    from bigpicture.course import train_command
    from bigpicture.course.render import make_console
    from bigpicture.grader.lab.data import DataError
    from bigpicture.grader.lab.train import Settings

    workspace, lang = _workspace(lang)
    parts = {name for exercise in workspace.manifest.exercises for name in exercise.functions}
    unknown = sorted(set(reference) - parts)
    if unknown:
        raise click.BadParameter(
            f"{', '.join(unknown)} is not a part; parts are the exercises' functions, e.g. "
            "sigmoid or adam_step.",
            param_hint="'--reference'",
        )
    console = make_console()
    if show_compare:
        train_command.compare(console, workspace, lang)
        return
    try:
        if scenario is not None:
            ok = train_command.run_scenario(console, workspace, scenario, set(reference), lang)
        else:
            settings = Settings(**choices)  # type: ignore[arg-type]
            run = train_command.run_one(console, workspace, settings, name, set(reference), lang)
            ok = run.failure is None
    except DataError as exc:
        _print_plain(str(exc), err=True)
        sys.exit(2)
    sys.exit(0 if ok else 1)


@app.command("list")
@lang_option
def list_exercises(lang: str | None) -> None:
    """List the exercises and your progress."""
    from bigpicture.course.render import make_console, summary_table

    workspace, lang = _workspace(lang)
    progress = workspace.progress()
    rows = []
    for exercise in workspace.manifest.in_course_order:
        state = progress.of(exercise.id)
        lesson = workspace.manifest.lesson(exercise.lesson).title[lang]
        rows.append((exercise, state.status, state.score, lesson))
    table = summary_table(rows, lang)
    table.columns[-1].header = Msg("lesson", "강의")(lang)
    table.columns[-1].justify = "left"
    make_console().print(table)


@app.command()
@exercise_argument
@click.option("--all", "show_all", is_flag=True, help="Show every hint.")
@lang_option
def hint(exercise: str, show_all: bool, lang: str | None) -> None:
    """Show one more hint for an exercise."""
    from rich.text import Text

    found = _exercise(exercise)
    workspace, lang = _workspace(lang)
    hints = list(found.hints[lang])
    shown = len(hints) if show_all else workspace.next_hint(found, lang)[0]
    for number, text in enumerate(hints[:shown], start=1):
        # Text, not markup: a hint's formulas hold brackets, such as b[f].
        _print(Text.assemble((f"{number}/{len(hints)}", "bold"), " ", text))
    if shown < len(hints):
        _print(
            Msg(
                f"[dim]Run it again for the next hint, or --all for all {len(hints)}.[/dim]",
                f"[dim]다시 실행하면 다음 힌트가, --all이면 {len(hints)}개 모두 보여요.[/dim]",
            )(lang)
        )


@app.command()
@exercise_argument
@lang_option
def reset(exercise: str, lang: str | None) -> None:
    """Start an exercise over: its stub back, its progress and hints cleared (your file is
    kept as a backup first)."""
    found = _exercise(exercise)
    workspace, lang = _workspace(lang)
    backup = workspace.reset(found)
    if backup is not None:
        _print_plain(
            Msg(f"Your file was saved to {backup}", f"원래 파일은 {backup}에 보관했어요")(lang)
        )
    _print_plain(
        Msg(
            f"{found.file} is back to the stub, and {found.id} starts over: not checked yet, "
            "hints from the first, and the solution locked until it passes again.",
            f"{found.file} 파일을 처음 상태로 되돌리고 {found.id} 연습을 처음부터 다시 시작해요. "
            "채점 기록은 지우고, 힌트는 첫 번째부터 다시 보여 주고, 모범 답안은 다시 통과할 "
            "때까지 잠가 둬요.",
        )(lang)
    )


@app.command()
@exercise_argument
@lang_option
def solution(exercise: str, lang: str | None) -> None:
    """Show the reference solution of an exercise you have passed."""
    from rich.syntax import Syntax

    from bigpicture.course.render import make_console

    found = _exercise(exercise)
    workspace, lang = _workspace(lang)
    if not workspace.progress().of(found.id).passed_ever:
        _print(
            Msg(
                f"The solution opens once {found.id} passes. Try `bigpicture hint {found.number}`.",
                f"{found.id} 연습을 통과하면 모범 답안이 열려요. "
                f"먼저 `bigpicture hint {found.number}` 명령으로 힌트를 보세요.",
            )(lang),
            err=True,
        )
        sys.exit(1)
    make_console().print(Syntax(solution_source(found), "python", line_numbers=True))


@app.command()
@timeout_option
@lang_option
def watch(timeout: float, lang: str | None) -> None:
    """Re-check an exercise every time you save its file (ctrl+c to stop)."""
    from bigpicture.course import check_command

    workspace, lang = _workspace(lang)
    check_command.watch(workspace, lang, timeout)


@app.group()
def dev() -> None:
    """For course authors: check that the course's parts agree."""


@dev.command("check")
def dev_check() -> None:
    """Stubs, solutions, checks, manifest and lessons agree (exit 1 with a list if not)."""
    from bigpicture.course.dev_check import SEEDS, problems

    found = list(problems(load_manifest()))
    for problem in found:
        _print_plain(problem, "red")
    if found:
        sys.exit(1)
    count = len(load_manifest().exercises)
    _print_plain(
        f"the course agrees: {count} exercises, their stubs, solutions (passing on "
        f"{len(SEEDS)} seeds each), checks and lessons"
    )


class _GradeGroup(click.Group):
    """`bigpicture grade SUBMISSIONS ...` grades; `bigpicture grade merge ...` merges shards."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Only "merge" is a subcommand: anything else (a folder may be called "class") grades.
        if not args or args[0] != "merge":
            args = ["class", *args]
        return super().parse_args(ctx, args)


@app.group(cls=_GradeGroup)
def grade() -> None:
    """Grade a whole class: bigpicture grade SUBMISSIONS --out DIR (instructors)."""


@grade.command("class", hidden=True)
@click.argument("submissions", type=click.Path(path_type=Path), required=False)
@click.option("--out", type=click.Path(path_type=Path), help="Folder for the results.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Submissions graded at once (default: the CPU count).",
)
@timeout_option
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Seed of the random cases (default: a fresh one, or the one being resumed).",
)
@click.option(
    "--exercises",
    multiple=True,
    help="Only these exercises: --exercises 1,3,adam (or repeat the option).",
)
@click.option("--shard", default=None, metavar="K/N", help="Grade only shard K of N.")
@click.option(
    "--gradescope",
    is_flag=True,
    help="Act as Gradescope's run_autograder (reads /autograder/submission).",
)
@click.option(
    "--autograder-root", type=click.Path(path_type=Path), default=Path("/autograder"), hidden=True
)
@click.option(
    "--unconfined",
    is_flag=True,
    help="Grade even where no sandbox layer hides the answers (learner code could read them).",
)
@lang_option
def grade_class(
    submissions: Path | None,
    out: Path | None,
    jobs: int | None,
    timeout: float,
    seed: int | None,
    exercises: tuple[str, ...],
    shard: str | None,
    gradescope: bool,
    autograder_root: Path,
    unconfined: bool,
    lang: str | None,
) -> None:
    """Grade every submission (a folder or a .zip) in SUBMISSIONS into --out.

    Writes grades.csv, results.json, junit.xml and gradescope/ in --out; re-running the same
    command resumes. `bigpicture grade merge SHARD_DIR... --out DIR` combines shards.
    """
    import os

    from bigpicture.course import grade_command as gc
    from bigpicture.course.render import make_console

    console = make_console()
    lang = lang or "en"
    try:
        if gradescope:
            gc.run_gradescope(autograder_root, timeout, seed, lang, console, unconfined)
            return
        if submissions is None or out is None:
            raise gc.InputError("give the submissions folder and --out DIR")
        names = [name for group in exercises for name in group.split(",") if name.strip()]
        chosen = [_exercise(e).id for e in names] or [e.id for e in load_manifest().exercises]
        parts = gc.parse_shard(shard)
        start = time.perf_counter()
        jobs = jobs or os.cpu_count() or 1
        records = gc.run(
            submissions, out, jobs, timeout, seed, chosen, parts, lang, console, unconfined
        )
        seconds = time.perf_counter() - start
        gc.print_summary(records, chosen, console, seconds, out)
    except gc.InputError as exc:
        _print_plain(f"error: {exc}", "red", err=True)
        sys.exit(2)


@grade.command("merge")
@click.argument("shards", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out", type=click.Path(path_type=Path), required=True, help="Folder for the merged results."
)
def grade_merge(shards: tuple[Path, ...], out: Path) -> None:
    """Merge the --out folders of several shards into one."""
    from bigpicture.grader.bulk.exports import write_exports
    from bigpicture.grader.bulk.store import Store, merge_stores

    try:
        notes = merge_stores(list(shards), out)
    except ValueError as exc:
        _print_plain(f"error: {exc}", "red", err=True)
        sys.exit(2)
    from bigpicture.course.grade_command import print_notes
    from bigpicture.course.render import make_console

    print_notes(notes, make_console())
    with Store(out) as store:
        records = store.records()
        write_exports(records, store.meta(), out)
    _print_plain(f"merged {len(shards)} shard(s): {len(records)} submission(s) in {out}")


def main() -> None:
    """Console-script entry point.

    Once a command is done and its output flushed, the process ends at once: the
    interpreter's teardown is not the learner's time. Unexpected errors still take Python's
    normal way out, with their traceback.
    """
    code = 0
    try:
        app()
    except SystemExit as exit_:
        if isinstance(exit_.code, int):
            code = exit_.code
        elif exit_.code is not None:
            print(exit_.code, file=sys.stderr)
            code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
