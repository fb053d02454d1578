"""How the command line and the TUI show grading results, with rich.

Every cell that carries a message, a check's name or a title folds (``overflow="fold"``) and
never ends in an ellipsis. Rich (15.0) lets a wrapped line keep one hanging space past the
width, and its ``Text.rstrip_end`` compares a count of characters with a count of cells, so that
space stays whenever the line holds wide (Korean) letters; ``"ellipsis"`` then cuts the line's
last letter to make room for "…". ``"fold"`` crops only the space, and breaks a word longer
than the column instead of cutting it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bigpicture.grader.i18n import Msg
from bigpicture.grader.status import ERROR, FAILED, MISSING, NOT_IMPLEMENTED, PASSED

if TYPE_CHECKING:
    from bigpicture.grader.gradcheck import Report as GradcheckReport
    from bigpicture.grader.grading import ExerciseResult

STATUS: dict[str, tuple[Msg, str, str]] = {
    PASSED: (Msg("passed", "통과"), "green", "✓"),
    FAILED: (Msg("failed", "실패"), "red", "✗"),
    NOT_IMPLEMENTED: (Msg("not implemented yet", "아직 구현 안 함"), "yellow", "…"),
    ERROR: (Msg("cannot run", "실행 불가"), "red", "!"),
    MISSING: (Msg("file missing", "파일 없음"), "red", "?"),
}
NOT_CHECKED = (Msg("not checked yet", "아직 채점 안 함"), "dim", "·")


def status_text(status: str | None, lang: str) -> Text:
    """A coloured status word with its mark, e.g. "✓ passed"."""
    label, style, mark = STATUS.get(status or "", NOT_CHECKED)
    return Text(f"{mark} {label(lang)}", style=style)


def exercise_report(result: ExerciseResult, lang: str) -> Panel:
    """Every check of one exercise, then what the learner's code printed."""
    exercise = result.exercise
    parts: list = [Text(exercise.title[lang], style="bold", overflow="fold")]
    if result.problem is not None:
        parts.append(Text(result.problem(lang), style="red", overflow="fold"))
    checks = Table.grid(padding=(0, 1))
    checks.add_column(no_wrap=True)
    checks.add_column(overflow="fold")
    said = {result.problem(lang)} if result.problem else set()
    for check in result.checks:
        mark = Text("✓", style="green") if check.passed else Text("✗", style="red")
        cell = Text(check.name(lang))
        message = check.message(lang) if check.message else None
        if check.not_implemented and result.status == NOT_IMPLEMENTED:
            message = None  # the problem line above already says it once
        if message and message not in said:
            cell.append("\n" + message, style="yellow")
            said.add(message)
        checks.add_row(mark, cell)
    parts.append(checks)
    if result.output:
        parts.append(Text(Msg("\nYour code printed:", "\n내 코드가 출력한 내용:")(lang), "bold"))
        parts.append(Text(result.output.rstrip(), style="dim", overflow="fold"))
        if result.output_bytes > len(result.output.encode()):
            parts.append(
                Text(
                    Msg(
                        f"… {result.output_bytes:,} bytes in all; only the start is shown.",
                        f"… 모두 {result.output_bytes:,}바이트 중 앞부분만 보여요.",
                    )(lang),
                    style="dim",
                    overflow="fold",
                )
            )
    passed = sum(c.passed for c in result.checks)
    # A panel's title is cropped, not folded, where it does not fit: it holds only what fits in
    # the narrowest pane (the score), and the exercise's title is the body's first line.
    title = f"{exercise.id} · {passed}/{len(result.checks)} · {result.score:.0%}"
    _, style, _ = STATUS[result.status]
    return Panel(Group(*parts), title=title, title_align="left", border_style=style)


def summary_table(rows: list[tuple], lang: str) -> Table:
    """The table of all exercises: (exercise, status, score or None, detail)."""
    table = Table(box=None, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column(Msg("exercise", "연습")(lang), overflow="fold")
    table.add_column(Msg("status", "상태")(lang), overflow="fold")
    table.add_column(Msg("score", "점수")(lang), justify="right")
    table.add_column(Msg("checks", "검사")(lang), justify="right")
    for exercise, status, score, detail in rows:
        table.add_row(
            str(exercise.number),
            f"{exercise.id} {exercise.title[lang]}",
            status_text(status, lang),
            "" if score is None else f"{score:.0%}",
            detail,
        )
    return table


def gradcheck_report(report: GradcheckReport, lang: str) -> Panel:
    """`bigpicture gradcheck`'s verdict: one row per parameter, or why nothing was compared."""
    title = f"gradcheck · {report.backward}"
    intro = Text(
        Msg(
            f"Your {report.backward} against central differences (h = 1e-5) of your "
            f"{report.forward}, in {report.forward_file}.",
            f"내 {report.backward}를 {report.forward_file}에 있는 내 {report.forward}의 중앙 "
            "차분(h = 1e-5)과 비교해요.",
        )(lang)
    )
    if report.problem is not None:
        body = Group(
            intro,
            Text(""),
            Text(Msg("Nothing to compare yet:", "아직 비교할 수 없어요:")(lang), style="bold"),
            Text(report.problem(lang)),
        )
        return Panel(body, title=title, title_align="left", border_style="red")
    table = Table(box=None, pad_edge=False)
    table.add_column(Msg("grad", "기울기")(lang), no_wrap=True)
    table.add_column(Msg("rel. error", "상대 오차")(lang), justify="right", no_wrap=True)
    table.add_column(Msg("verdict", "판정")(lang), no_wrap=True)
    for row in report.rows:
        error = "—" if row.error is None else f"{row.error:.1e}"
        style = "green" if row.verdict.ok else "red"
        table.add_row(f"d{row.param}", error, Text(row.verdict.words(lang), style))
    notes = [Text(row.note(lang)) for row in report.rows if row.note is not None]
    legend = Msg(
        "Relative error max |a − n| / (|a| + |n|), as CS231n: ≤ 1e-7 correct; ≤ 1e-4 fine where "
        "the function has kinks (ReLU, max); ≤ 1e-2 suspicious; above, wrong. A large error means "
        "your backward and your forward disagree: `bigpicture check` tells which one is wrong.",
        "상대 오차는 CS231n처럼 max |a − n| / (|a| + |n|)이에요: 1e-7 이하면 정확, 1e-4 이하면 "
        "꺾이는 점이 있는 함수(ReLU, max)에서는 괜찮아요. 1e-2 이하면 의심스럽고, 그보다 크면 "
        "틀렸어요. 오차가 크면 역전파와 순전파가 서로 맞지 않는다는 뜻이에요: 어느 쪽이 틀렸는지는 "
        "`bigpicture check`가 알려 줘요.",
    )(lang)
    style = "green" if report.passed else "red"
    return Panel(
        Group(intro, Text(""), table, *notes, Text(""), Text(legend, style="dim")),
        title=title,
        title_align="left",
        border_style=style,
    )


def results_json(results: list[ExerciseResult], lang: str) -> str:
    """The machine-readable form of ``bigpicture check --json``."""
    return json.dumps(
        {
            "passed": all(r.passed for r in results),
            "exercises": [
                {
                    "id": r.exercise.id,
                    "status": r.status,
                    "score": round(r.score, 3),
                    "seed": r.seed,
                    "seconds": round(r.seconds, 3),
                    "problem": r.problem(lang) if r.problem else None,
                    "checks": [
                        {
                            "name": c.name(lang),
                            "passed": c.passed,
                            "points": c.points,
                            "message": c.message(lang) if c.message else None,
                        }
                        for c in r.checks
                    ],
                }
                for r in results
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def make_console(stderr: bool = False) -> Console:
    """The console every command prints with."""
    return Console(stderr=stderr, highlight=False)
