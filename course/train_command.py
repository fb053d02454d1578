"""`bigpicture train`: the training lab from the shell — one run, a scenario of the slides, or
a table comparing the runs saved in the workspace."""

from __future__ import annotations

import time
from dataclasses import replace

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bigpicture.grader.i18n import Msg
from bigpicture.grader.lab import runs, scenarios
from bigpicture.grader.lab.parts import REFERENCE_ONLY
from bigpicture.grader.lab.session import LearnerFile, train_sandboxed
from bigpicture.grader.lab.train import Epoch, Run, Settings, parts_needed
from bigpicture.grader.workspace import Workspace

#: Seconds per epoch beyond which the run says its parts may be looping.
SLOW_EPOCH = 5.0


def learner_files(workspace: Workspace, reference: set[str]) -> list[LearnerFile]:
    """The files of every exercise the learner has passed, minus the functions asked to be the
    reference's."""
    progress, files = workspace.progress(), []
    for exercise in workspace.manifest.exercises:
        if not progress.passed(exercise.id):
            continue
        functions = tuple(f for f in exercise.functions if f not in reference)
        try:
            source = workspace.path(exercise).read_bytes()
        except OSError:
            continue
        if functions:
            files.append(LearnerFile(replace(exercise, functions=functions), exercise.file, source))
    return files


def whose(settings: Settings, files: list[LearnerFile], lang: str) -> Text:
    mine = {f for file in files for f in file.exercise.functions} - REFERENCE_ONLY
    needed = parts_needed(settings)
    text = Text(Msg("parts: ", "부품: ")(lang), style="bold")
    for number, part in enumerate(needed):
        if number:
            text.append(", ")
        yours = part in mine
        text.append(part, style="green" if yours else "dim")
        text.append(
            Msg(" (yours)", " (내 것)")(lang) if yours else Msg(" (reference)", " (모범)")(lang)
        )
    return text


def slow_hint(seconds: float) -> Msg:
    """What a learner reads when an epoch takes ``seconds`` (more than :data:`SLOW_EPOCH`)."""
    return Msg(
        f"This run is slow ({seconds:.0f} s an epoch): a part of yours may loop over every "
        "element. numpy's whole-array operations are usually 50-100x faster.",
        f"이 실행은 느려요 (에포크마다 {seconds:.0f}초): 내 부품 중 하나가 원소마다 반복문을 "
        "도는 것 같아요. numpy의 배열 전체 연산이 보통 50-100배 빨라요.",
    )


def _epoch_line(epoch: Epoch, total: int, lang: str) -> str:
    left = epoch.seconds / epoch.epoch * (total - epoch.epoch)
    return Msg(
        f"epoch {epoch.epoch:>3}/{total}  train loss {epoch.train_loss:.3f} "
        f"acc {epoch.train_acc:6.1%}  val loss {epoch.val_loss:.3f} acc {epoch.val_acc:6.1%}  "
        f"ETA {left:.0f} s",
        f"에포크 {epoch.epoch:>3}/{total}  학습 손실 {epoch.train_loss:.3f} 정확도 "
        f"{epoch.train_acc:6.1%}  검증 손실 {epoch.val_loss:.3f} 정확도 {epoch.val_acc:6.1%}  "
        f"남은 시간 {left:.0f}초",
    )(lang)


def run_one(
    console: Console,
    workspace: Workspace,
    settings: Settings,
    name: str | None,
    reference: set[str],
    lang: str,
) -> Run:
    """Trains one run in the sandbox, printing each epoch, and saves it (as ``name``, or a name
    made of its settings and the time)."""
    name = (
        name
        or f"{settings.model}-{settings.activation}-{settings.optimizer}-{time.strftime('%H%M%S')}"
    )
    files = learner_files(workspace, reference)
    console.print(Text(f"{name}", style="bold"), Text(f" {_describe(settings)}"))
    console.print(whose(settings, files, lang))
    warned = False

    def on_epoch(epoch: Epoch) -> bool:
        nonlocal warned
        console.print(_epoch_line(epoch, settings.epochs, lang), highlight=False)
        if not warned and epoch.seconds / epoch.epoch > SLOW_EPOCH:
            warned = True
            console.print(slow_hint(epoch.seconds / epoch.epoch)(lang), style="yellow")
        return True

    start = time.perf_counter()
    run = train_sandboxed(settings, files, on_epoch)
    for exercise in run.not_loaded:
        console.print(
            Msg(
                f"{exercise}'s file would not load: its parts came from the reference.",
                f"{exercise} 파일을 불러올 수 없어서 그 부품은 모범 구현을 썼어요.",
            )(lang),
            style="yellow",
        )
    if run.failure is not None:
        console.print(run.failure(lang), style="red")
    elif run.test_acc is not None:
        console.print(
            Msg(
                f"test accuracy {run.test_acc:.1%} ({time.perf_counter() - start:.1f} s)",
                f"시험 정확도 {run.test_acc:.1%} ({time.perf_counter() - start:.1f}초)",
            )(lang),
            style="bold green",
        )
    path = runs.save(run, workspace.state_dir / "runs", name)
    console.print(
        Msg(f"saved as {path.stem}", f"{path.stem} 이름으로 저장했어요")(lang), style="dim"
    )
    return run


def _describe(settings: Settings) -> str:
    model = {
        "mlp": f"mlp {settings.depth}x{settings.width} {settings.activation}",
        "cnn": "cnn 8 filters",
        "rnn": f"rnn {settings.width}, gap {settings.gap}",
        "lstm": f"lstm {settings.width}, gap {settings.gap}",
    }[settings.model]
    extras = "".join(
        [
            f", dropout {settings.dropout}" if settings.dropout else "",
            f", weight decay {settings.weight_decay}" if settings.weight_decay else "",
        ]
    )
    return (
        f"({model}, {settings.optimizer} lr {settings.lr:g}{extras}, {settings.train_size} "
        f"examples, {settings.epochs} epochs, seed {settings.seed})"
    )


def run_scenario(
    console: Console, workspace: Workspace, name: str, reference: set[str], lang: str
) -> bool:
    """Every run of scenario ``name``, then the table that compares them."""
    scenario = scenarios.find(name)
    console.print(Text(scenario.title(lang), style="bold"))
    console.print(scenario.look_for(lang))
    console.print()
    names = []
    for label, settings in scenario.runs:
        names.append(runs.slug(f"{name}-{label}"))
        run = run_one(console, workspace, settings, names[-1], reference, lang)
        console.print()
        if run.failure is not None or run.test_acc is None:  # it failed, or ctrl+c stopped it
            return False
    compare(console, workspace, lang, only=names)
    return True


def compare(
    console: Console, workspace: Workspace, lang: str, only: list[str] | None = None
) -> None:
    """The table of saved runs (or of the runs named ``only``)."""
    saved = runs.load_runs(workspace.state_dir / "runs")
    if only is not None:
        saved = [(name, run) for name, run in saved if name in only]
    if not saved:
        console.print(
            Msg(
                "No runs saved yet: try `bigpicture train`.",
                "저장된 실행이 아직 없어요: `bigpicture train`을 해 보세요.",
            )(lang)
        )
        return
    table = Table(box=None, pad_edge=False)
    table.add_column(Msg("run", "실행")(lang), overflow="fold")
    table.add_column(Msg("model", "모델")(lang), overflow="fold")
    table.add_column(Msg("optimizer", "옵티마이저")(lang), overflow="fold")
    for header in (
        Msg("train", "학습"),
        Msg("val", "검증"),
        Msg("val loss", "검증 손실"),
        Msg(f"steps→{scenarios.TARGET_LOSS}", f"{scenarios.TARGET_LOSS}까지"),
        Msg("test", "시험"),
    ):
        table.add_column(header(lang), justify="right")
    for name, run in saved:
        settings = run.settings
        model = settings.model
        if model == "mlp":
            model += f" {settings.depth}x{settings.width} {settings.activation}"
        elif model in ("rnn", "lstm"):
            model += f" gap {settings.gap}"
        final = run.epochs[-1] if run.epochs else None
        steps = scenarios.steps_to(run, scenarios.TARGET_LOSS)
        train, val, test = accuracies(run, lang)
        table.add_row(
            name,
            model,
            f"{settings.optimizer} {settings.lr}",
            train,
            val,
            f"{final.val_loss:.3f}" if final else "",
            "—" if steps is None else str(steps),
            test,
        )
    console.print(table)


def accuracies(run: Run, lang: str) -> tuple[str, str, str]:
    """A run's last training and validation accuracies and its test accuracy ("stopped" when
    it has none), as the tables of runs show them."""
    final = run.epochs[-1] if run.epochs else None
    test = Msg("stopped", "멈춤")(lang) if run.test_acc is None else f"{run.test_acc:.1%}"
    if final is None:
        return "", "", test
    return f"{final.train_acc:.1%}", f"{final.val_acc:.1%}", test
