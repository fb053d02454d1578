"""The training lab in the TUI: pick one of the slides' five scenarios, watch its runs train on
the learner's own parts (live curves, a progress bar with its ETA), stop at any time, and read
the results side by side.

Training runs in a worker thread, one sandboxed job per run (:mod:`bigpicture.grader.lab.session`);
each epoch comes back to the screen through ``call_from_thread``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from bigpicture.course.demos.common import BLUE, CYAN, GREEN, ORANGE, RED, YELLOW
from bigpicture.course.keys import lab_bindings, translated
from bigpicture.course.train_command import (
    SLOW_EPOCH,
    accuracies,
    learner_files,
    slow_hint,
    whose,
)
from bigpicture.course.widgets.demo_plot import DemoPlot
from bigpicture.course.widgets.run_form import RunForm
from bigpicture.grader.i18n import Msg
from bigpicture.grader.lab import runs, scenarios
from bigpicture.grader.lab.train import Epoch, Run
from bigpicture.grader.workspace import Workspace

COLORS = (BLUE, RED, GREEN, ORANGE, CYAN, YELLOW)
CUSTOM, SAVED = "custom", "saved"
SAVED_HELP = Msg(
    "Enter draws the validation accuracy of the last six runs you saved, from the shell or "
    "from here, one over the other, with their numbers below.",
    "enter를 누르면 셸에서든 여기서든 마지막으로 저장한 실행 여섯 개의 검증 정확도를 겹쳐 "
    "그리고, 그 아래에 숫자를 보여 줘요.",
)
CUSTOM_HELP = Msg(
    "Choose every setting below (Tab moves between them), then press the button: the run is "
    "saved as custom-<model>-<activation>-<optimizer>-<lr>.",
    "아래 설정을 모두 고르고 (Tab으로 옮겨 다녀요) 버튼을 누르세요: 실행은 "
    "custom-<모델>-<활성화>-<옵티마이저>-<학습률> 이름으로 저장돼요.",
)
IDLE = Msg(
    "Choose a scenario and press enter: its nets train on your own parts.",
    "시나리오를 고르고 enter를 누르세요: 내가 만든 부품으로 신경망을 학습시켜요.",
)


@dataclass
class _Curves:
    """The validation accuracy of each run so far, by label."""

    labels: list[str] = field(default_factory=list)
    points: dict[str, list[float]] = field(default_factory=dict)


class LabScreen(Screen[None]):
    """The lab: scenarios on the left, curves and results on the right."""

    CSS_PATH = "lab_screen.tcss"
    BINDINGS = [
        *lab_bindings(),
        *(Binding(str(n), f"scenario({n})", show=False) for n in range(1, 6)),
    ]

    def __init__(self, workspace: Workspace, lang: str) -> None:
        super().__init__(id="lab")
        self.workspace, self.lang = workspace, lang
        self.curves = _Curves()
        self.finished: list[tuple[str, Run]] = []
        self._stop = threading.Event()  # the current scenario's: each start makes a new one
        self.running = False
        self.reference: set[str] = set()  # parts the learner asked to take from the reference
        self._scenario: scenarios.Scenario | None = None

    @property
    def active_bindings(self):
        """Textual's, with the lab's keys described in the learner's language."""
        return translated(super().active_bindings, self.lang)

    def compose(self):
        with Horizontal():
            with VerticalScroll(id="lab-left"):
                yield Static(Msg("Training lab", "학습 실험실")(self.lang), id="lab-title")
                yield Static(
                    Msg(
                        "1-5 or ↑↓ and enter train a scenario on your parts, s stops, escape "
                        "goes back",
                        "1-5나 ↑↓와 enter로 시나리오를 내 부품으로 학습, s 멈추기, escape 돌아가기",
                    )(self.lang),
                    id="lab-keys",
                )
                yield OptionList(
                    *(Option(s.title(self.lang), id=s.name) for s in scenarios.SCENARIOS),
                    Option(Msg("Your own run…", "내 마음대로 실행…")(self.lang), id=CUSTOM),
                    Option(
                        Msg("Saved runs, overlaid", "저장한 실행 겹쳐 보기")(self.lang), id=SAVED
                    ),
                    id="lab-scenarios",
                )
                yield Static(IDLE(self.lang), id="lab-look-for")
                yield RunForm(self.lang, id="lab-form")
            with Vertical(id="lab-right"):
                yield Static("", id="lab-parts")
                yield DemoPlot(id="lab-plot")
                yield ProgressBar(total=1, id="lab-progress", show_eta=True)
                yield Static("", id="lab-status")
                yield Static("", id="lab-results")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lab-scenarios", OptionList).focus()
        self.query_one(RunForm).display = False
        self._draw()

    @on(OptionList.OptionHighlighted, "#lab-scenarios")
    def _describe(self, event: OptionList.OptionHighlighted) -> None:
        custom = event.option.id == CUSTOM
        self.query_one(RunForm).display = custom
        if custom:
            self.query_one("#lab-look-for", Static).update(CUSTOM_HELP(self.lang))
        elif event.option.id == SAVED:
            self.query_one("#lab-look-for", Static).update(SAVED_HELP(self.lang))
        else:
            scenario = scenarios.find(str(event.option.id))
            self.query_one("#lab-look-for", Static).update(scenario.look_for(self.lang))

    @on(OptionList.OptionSelected, "#lab-scenarios")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == CUSTOM:
            self.query_one("#run-model").focus()
            return
        if self.running:
            return
        if event.option.id == SAVED:
            self._show_saved()
            return
        self._start(scenarios.find(str(event.option.id)))

    @on(RunForm.Submitted)
    def _custom(self, event: RunForm.Submitted) -> None:
        if self.running:
            return
        if event.settings is None:
            self._status("; ".join(event.problems), "red")
            return
        s = event.settings
        label = f"{s.model}-{s.activation}-{s.optimizer}-{s.lr:g}"
        title = Msg("Your own run", "내 마음대로 실행")
        self._start(scenarios.Scenario(CUSTOM, title, title, ((label, s),)))

    def _show_saved(self) -> None:
        """The last six runs saved in the workspace, their curves overlaid and their numbers."""
        saved = runs.load_runs(self.workspace.state_dir / "runs", last=len(COLORS))
        self.curves = _Curves(
            [name for name, _ in saved],
            {name: [e.val_acc for e in run.epochs] for name, run in saved},
        )
        self.finished = saved
        self._draw()
        self.query_one("#lab-results", Static).update(self._results())
        self._status(
            Msg(
                f"{len(saved)} saved run(s), the latest last.",
                f"저장한 실행 {len(saved)}개, 가장 최근 것이 마지막이에요.",
            )(self.lang)
            if saved
            else Msg("No run saved yet.", "저장한 실행이 아직 없어요.")(self.lang)
        )

    def _start(self, scenario: scenarios.Scenario, reference: frozenset[str] = frozenset()) -> None:
        """Trains ``scenario``, with the reference's parts named in ``reference``."""
        self._scenario, self.reference = scenario, set(reference)
        self._cancel()
        self._app = self.app  # what the training thread calls back, even once this screen is left
        self.curves, self.finished, self.running = _Curves(), [], True
        total = sum(settings.epochs for _, settings in scenario.runs)
        self.query_one("#lab-progress", ProgressBar).update(total=total, progress=0)
        self.query_one("#lab-results", Static).update("")
        self._train(scenario, self._stop)

    def action_scenario(self, number: int) -> None:
        """Keys 1 to 5: that scenario of the slides, at once."""
        if not self.running:
            options = self.query_one("#lab-scenarios", OptionList)
            options.highlighted = number - 1
            self._start(scenarios.SCENARIOS[number - 1])

    def action_rerun(self) -> None:
        """After one of the learner's parts failed: the same scenario with the reference's."""
        failed = self.finished[-1][1].failed_part if self.finished else None
        if self.running or failed is None or self._scenario is None:
            return
        self._start(self._scenario, frozenset(self.reference | {failed}))

    def action_stop(self) -> None:
        if self.running and not self._stop.is_set():
            self._status(
                Msg("stopping at the end of this epoch…", "이번 에포크가 끝나면 멈춰요…")(self.lang)
            )
        self._stop.set()

    def action_leave(self) -> None:
        self._cancel()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self._cancel()  # the app is quitting: nothing may come back to this screen

    def _cancel(self) -> None:
        """Ends the scenario training, if one is (its thread cannot be cancelled: it stops at
        its next epoch), and shows nothing more of it."""
        self._stop.set()
        self._stop = threading.Event()

    @work(thread=True, exclusive=True, group="lab")
    def _train(self, scenario: scenarios.Scenario, stop: threading.Event) -> None:
        """Trains every run of ``scenario`` until ``stop`` (this scenario's) is set."""
        try:
            self._train_each(scenario, stop)
        except Exception as exc:  # a bug of the lab's own: say so, keep the course running
            note = Msg(f"The lab itself failed: {exc!r}", f"실험실 자체가 실패했어요: {exc!r}")
            self._from_thread(stop, self._status, note(self.lang), "red")
            self._from_thread(stop, self._done)

    def _train_each(self, scenario: scenarios.Scenario, stop: threading.Event) -> None:
        from bigpicture.grader.lab.session import train_sandboxed

        files = learner_files(self.workspace, self.reference)
        for label, settings in scenario.runs:
            if stop.is_set():
                break
            self._from_thread(stop, self._begin, label, whose(settings, files, self.lang))

            def on_epoch(epoch: Epoch, label: str = label) -> bool:
                self._from_thread(stop, self._epoch, label, epoch)
                return not stop.is_set()

            run = train_sandboxed(settings, files, on_epoch)
            runs.save(run, self.workspace.state_dir / "runs", f"{scenario.name}-{label}")
            self._from_thread(stop, self._ended, label, run)
            if run.failure is not None:
                break
        self._from_thread(stop, self._done)

    def _from_thread(self, stop: threading.Event, method, *args) -> None:
        """Runs ``method`` on the UI thread, unless this scenario was left or another started
        since (a screen that was left has no app of its own: the one it had is kept)."""
        if stop is self._stop:
            self._app.call_from_thread(lambda: method(*args) if stop is self._stop else None)

    def _begin(self, label: str, parts: Text) -> None:
        self.curves.labels.append(label)
        self.curves.points[label] = []
        self.query_one("#lab-parts", Static).update(parts)
        self._status(Msg(f"training {label}…", f"{label} 학습 중…")(self.lang))

    def _epoch(self, label: str, epoch: Epoch) -> None:
        self.curves.points[label].append(epoch.val_acc)
        self.query_one("#lab-progress", ProgressBar).advance(1)
        train, val = f"{epoch.train_acc:.1%}", f"{epoch.val_acc:.1%}"
        text = Msg(
            f"{label}: epoch {epoch.epoch}, train {train}, val {val}",
            f"{label}: 에포크 {epoch.epoch}, 학습 {train}, 검증 {val}",
        )(self.lang)
        if epoch.seconds / epoch.epoch > SLOW_EPOCH:
            text += "\n" + slow_hint(epoch.seconds / epoch.epoch)(self.lang)
        self._status(text)
        self._draw()

    def _ended(self, label: str, run: Run) -> None:
        self.finished.append((label, run))
        if run.failure is not None:
            text = run.failure(self.lang)
            if run.failed_part is not None:
                text += Msg(
                    f"\nPress r to run again with the reference's {run.failed_part}.",
                    f"\nr을 누르면 {run.failed_part}만 모범 구현으로 바꿔 다시 실행해요.",
                )(self.lang)
            self._status(text, "red")
        self.query_one("#lab-results", Static).update(self._results())

    def _done(self) -> None:
        self.running = False
        if not self.finished or any(run.failure is not None for _, run in self.finished):
            return
        if any(run.test_acc is None for _, run in self.finished):
            words = Msg(
                "stopped: the epochs so far are saved.", "멈췄어요: 지금까지 에포크는 저장했어요."
            )
        else:
            words = Msg(
                "done: every run is saved (bigpicture train --compare).",
                "끝: 모든 실행을 저장했어요 (bigpicture train --compare).",
            )
        self._status(words(self.lang))

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#lab-status", Static).update(Text(text, style=style))

    def _draw(self) -> None:
        plot = self.query_one("#lab-plot", DemoPlot)
        plt = plot.plt
        plt.clear_figure()
        plt.title(Msg("validation accuracy per epoch", "에포크마다 검증 정확도")(self.lang))
        for label, color in zip(self.curves.labels, COLORS, strict=False):
            points = self.curves.points[label]
            if points:
                plt.plot(list(range(1, len(points) + 1)), points, color=color, label=label)
        plt.ylim(0.0, 1.0)
        longest = max((len(p) for p in self.curves.points.values()), default=0)
        if longest:
            plt.xticks(sorted({1, *range(5, longest + 1, 5), longest}))
        plt.xlabel(Msg("epoch", "에포크")(self.lang))
        plot.refresh()

    def _results(self) -> Table:
        table = Table(box=None, pad_edge=False)
        for header in (
            Msg("run", "실행"),
            Msg("train", "학습"),
            Msg("val", "검증"),
            Msg("test", "시험"),
            Msg("loss gap", "손실 차이"),
        ):
            table.add_column(header(self.lang), justify="left" if header.en == "run" else "right")
        for label, run in self.finished:
            last = run.epochs[-1] if run.epochs else None
            gap = f"{last.val_loss - last.train_loss:.3f}" if last else ""
            table.add_row(label, *accuracies(run, self.lang), gap)
        return table
