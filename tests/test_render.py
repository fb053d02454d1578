"""A verdict is shown whole: every letter of every message, Korean or English, at any width.

In a column that ends in an ellipsis, rich cut the last letter of a wrapped Korean line for the
"…" (issue 8, defect 4: ``v = momentu… * v + dw``, ``기대 …``). These tests render what the CLI
and the TUI show at every width from 40 to 130 columns and look for every letter.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from rich.console import Console

from bigpicture.course.render import exercise_report, status_text, summary_table
from bigpicture.grader.grading import CheckResult, ExerciseResult
from bigpicture.grader.i18n import Msg
from bigpicture.grader.manifest import load_manifest
from bigpicture.grader.status import ERROR, FAILED, MISSING, NOT_IMPLEMENTED, PASSED
from tests.helpers import MISTAKES, REPO

WIDTHS = range(40, 131)
LANGS = ("ko", "en")
BORDER = set("│╭╮╰╯─")
EXERCISES = load_manifest().exercises

# The messages of the issue, a Korean word and a path wider than any column, and code.
MOMENTUM = Msg(
    "sgd_step: velocity_next is wrong. Max relative error 5.0e-01 at index (0, 0): expected 0.5, "
    "got 0.25.\nIt looks like momentum was ignored: velocity_next is just dw. Add the previous "
    "velocity: v = momentum * v + dw, then w = w - lr * v.",
    "sgd_step: velocity_next 값이 틀렸어요. 최대 상대 오차 5.0e-01 (위치 (0, 0)): 기대값 0.5, "
    "실제값 0.25.\n모멘텀을 무시한 것 같아요: velocity_next가 그냥 dw예요. 이전 속도를 더하세요: "
    "v = momentum * v + dw, 그다음 w = w - lr * v.",
)
UNBROKEN = Msg(
    "/home/learner/" + "a_rather_long_folder_name/" * 4 + "exercise2_sgd.py cannot be read.",
    "가나다라마바사아자차카타파하" * 4 + " 띄어쓰기 없는 긴 낱말도 접혀야 해요.",
)
CHECK_NAME = Msg(
    "momentum step from a given velocity (3-D weights), fed the velocity your last step returned",
    "주어진 velocity에서 시작하는 모멘텀 한 걸음 (3차원 가중치), 매번 직전 호출이 반환한 "
    "velocity를 넣음",
)


def synthetic_results() -> list[ExerciseResult]:
    """Results with long messages in both languages, none of which contains "…"."""
    exercise = load_manifest().find("exercise2")
    output = "한 줄에 아주 긴 출력을 찍어요: " + "loss=0.25 기대값 " * 12
    failed = ExerciseResult(
        exercise,
        FAILED,
        checks=[
            CheckResult(CHECK_NAME, False, 1.0, MOMENTUM),
            CheckResult(CHECK_NAME + Msg(" (again)", " (다시)"), False, 1.0, UNBROKEN),
            CheckResult(
                Msg("sgd_step leaves its inputs unchanged", "입력을 바꾸지 않음"), True, 1.0
            ),
        ],
        output=output,
        output_bytes=len(output.encode()),
    )
    broken = ExerciseResult(exercise, ERROR, problem=UNBROKEN + Msg("\n", "\n") + MOMENTUM)
    broken.checks = [CheckResult(CHECK_NAME, False, 1.0, broken.problem)]
    return [failed, broken]


def squeezed(text: str) -> str:
    """``text`` without the layout's characters: spaces, line breaks and the panel's border."""
    return "".join(c for c in text if not c.isspace() and c not in BORDER)


def shown(renderable, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def readable(result: ExerciseResult, lang: str) -> list[str]:
    """Every text of ``result`` a learner must be able to read in full."""
    texts = [result.exercise.title[lang], result.output.rstrip()]
    if result.problem is not None:
        texts.append(result.problem(lang))
    for check in result.checks:
        texts.append(check.name(lang))
        # When nothing is implemented, the problem line says it once for all the checks.
        if check.message is not None and result.status != NOT_IMPLEMENTED:
            texts.append(check.message(lang))
    return [squeezed(t) for t in texts if t]


def assert_shown_whole(result: ExerciseResult) -> None:
    for lang in LANGS:
        wanted = readable(result, lang)
        for width in WIDTHS:
            text = squeezed(shown(exercise_report(result, lang), width))
            missing = [w for w in wanted if w not in text]
            assert not missing, f"{lang}, {width} columns: {missing}"


@pytest.mark.parametrize("result", synthetic_results(), ids=["failed", "error"])
def test_long_messages_are_folded_not_cut(result):
    assert_shown_whole(result)
    for lang in LANGS:
        for width in WIDTHS:
            assert "…" not in shown(exercise_report(result, lang), width), (lang, width)


GRADED = [
    ("exercise2", MISTAKES / "exercise2" / "ignores_momentum.py"),
    ("exercise2", MISTAKES / "exercise2" / "cs231n_momentum.py"),
    ("exercise3", MISTAKES / "exercise3" / "no_bias_correction.py"),
    ("exercise4", MISTAKES / "exercise4" / "mask_float.py"),
    ("exercise5", MISTAKES / "exercise5" / "ignores_padding.py"),
    ("exercise1", MISTAKES / "hostile" / "raises.py"),
    ("exercise1", MISTAKES / "hostile" / "syntax_error.py"),
    ("exercise1", REPO / "exercises" / "exercise1_relu.py"),
]


@pytest.mark.parametrize(
    ("exercise", "path"), GRADED, ids=[f"{p.parent.name}/{p.stem}" for _, p in GRADED]
)
def test_real_verdicts_are_shown_whole(grade, exercise, path):
    assert_shown_whole(grade(exercise, path))


def test_the_score_is_in_the_title_at_every_width(grade):
    result = grade("exercise1", MISTAKES / "exercise1" / "backward_ge_zero.py")
    score = f"{sum(c.passed for c in result.checks)}/{len(result.checks)} · {result.score:.0%}"
    for lang in LANGS:
        for width in WIDTHS:
            assert score in shown(exercise_report(result, lang), width), (lang, width)


@pytest.mark.parametrize("lang", LANGS)
def test_summary_table_keeps_every_letter(lang):
    # Not NOT_IMPLEMENTED: its mark is "…", which this test must not find.
    statuses = [PASSED, FAILED, ERROR, MISSING, None, FAILED] * 2 + [PASSED, None, ERROR]
    rows = [
        (exercise, status, None if status is None else 0.5, "3/5")
        for exercise, status in zip(EXERCISES, statuses, strict=True)
    ]
    # Cells wrap side by side, so a title is not one run of letters: count the letters instead.
    wanted = Counter(
        squeezed(
            "".join(f"{e.id}{e.title[lang]}" for e in EXERCISES)
            + "".join(status_text(s, lang).plain for s in statuses)
        )
    )
    for width in WIDTHS:
        text = shown(summary_table(rows, lang), width)
        assert not wanted - Counter(squeezed(text)), (width, wanted - Counter(squeezed(text)))
        assert "…" not in text
