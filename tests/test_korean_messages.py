"""Korean verdicts read as a teacher writes them: no template particles such as ``이(가)``.

A Korean particle depends on the last syllable of the word before it (``함수가``, ``파일을``); a
name or a number put into a sentence cannot choose, so the sentences put a fixed noun after it
("relu 함수가", "exercise1_relu.py 파일을") or no particle at all, instead of
``relu_backward이(가)`` (issue 8, defect 4).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bigpicture.grader.grading import ExerciseResult
from tests.helpers import MISTAKES, REPO

TEMPLATE_PARTICLES = ("(가)", "(를)", "(는)", "(과)", "(으)", "(이)", "(을)", "(은)", "(와)")
STUBS = sorted((REPO / "exercises").glob("exercise*.py"))
LEARNER_FILES = [*sorted(MISTAKES.glob("*/*.py")), *STUBS, REPO / "no-such-folder" / "mine.py"]
MESSAGE_SOURCES = [
    REPO / "grader" / "grading.py",
    *sorted((REPO / "grader" / "checks").glob("*.py")),
]


def exercise_of(path: Path) -> str:
    """The exercise a learner file is for: its folder's name, or its own name for a stub."""
    if path.parent.name.startswith("exercise") and path.parent.name != "exercises":
        return path.parent.name
    if path.parent.name == "exercises":
        return path.stem.split("_")[0]
    return "exercise1"  # tests/mistakes/hostile and the missing file


def korean_texts(result: ExerciseResult) -> list[str]:
    """Every Korean text a learner may read in ``result``."""
    texts = [result.problem.ko] if result.problem else []
    for check in result.checks:
        texts.append(check.name.ko)
        if check.message is not None:
            texts.append(check.message.ko)
    return texts


@pytest.mark.parametrize("path", LEARNER_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_template_particles_in_verdicts(grade, path):
    result = grade(exercise_of(path), path)
    found = [(p, t) for t in korean_texts(result) for p in TEMPLATE_PARTICLES if p in t]
    assert not found


@pytest.mark.parametrize("source", MESSAGE_SOURCES, ids=lambda p: p.name)
def test_no_template_particles_in_message_sources(source):
    # Also the messages no learner file above reaches (a tuple of the wrong length, a signal).
    text = source.read_text(encoding="utf-8")
    assert not [p for p in TEMPLATE_PARTICLES if p in text]


def test_not_implemented_names_the_functions_and_the_file(grade):
    path = REPO / "exercises" / "exercise1_relu.py"
    result = grade("exercise1", path)
    assert result.problem.ko == (
        "아직 구현하지 않았어요: relu, relu_backward 함수가 아직 NotImplementedError를 "
        f"일으켜요. {path} 파일을 열고 TODO 부분을 채우세요."
    )
    assert result.checks[0].message.ko == (
        "아직 구현하지 않았어요: relu 함수가 여전히 NotImplementedError를 일으켜요. "
        "exercise1_relu.py 파일의 TODO 부분을 직접 작성하세요."
    )


def test_changed_input_and_unchanged_check(grade):
    result = grade("exercise2", MISTAKES / "exercise2" / "w_in_place.py")
    (check,) = [c for c in result.checks if not c.passed and "입력" in c.name.ko]
    assert check.name.ko == "sgd_step 함수가 입력을 바꾸지 않음"
    assert check.message.ko == (
        "sgd_step 함수가 입력(w)을 그 자리에서 바꿨어요. 호출한 쪽은 원래 값이 계속 필요해요. "
        "복사본을 쓰거나 새 배열을 만드세요 (예: w_next = w - lr * velocity_next, not w -= ...)."
    )


def test_wrong_shape_and_dtype(grade):
    padding = grade("exercise5", MISTAKES / "exercise5" / "ignores_padding.py")
    assert "conv_forward: out의 shape이 틀렸어요. 기대한 shape (2, 3, 5, 6), 실제 shape " in (
        "\n".join(korean_texts(padding))
    )
    float32 = grade("exercise1", MISTAKES / "exercise1" / "returns_float32.py")
    assert "relu: out의 dtype이 float32인데, float64 배열이어야 해요." in korean_texts(float32)


DROPOUT_RETURNS = {
    "return out": "값 하나를",
    "return None": "None을",
    "return out, mask, p": "값 3개를",
}


@pytest.mark.parametrize("returned", DROPOUT_RETURNS)
def test_wrong_number_of_returned_values(grade, tmp_path, returned):
    source = (REPO / "solutions" / "exercise4_dropout.py").read_text(encoding="utf-8")
    wrong = source.replace("    return out, mask\n", f"    {returned}\n", 1)
    assert wrong != source
    path = tmp_path / "exercise4_dropout.py"
    path.write_text(wrong, encoding="utf-8")
    expected = (
        "dropout_forward 함수는 값 2개가 든 튜플을 반환해야 하는데 "
        f"{DROPOUT_RETURNS[returned]} 반환했어요."
    )
    assert expected in korean_texts(grade("exercise4", path))


def test_a_tuple_where_one_array_is_expected(grade, tmp_path):
    source = (REPO / "solutions" / "exercise1_relu.py").read_text(encoding="utf-8")
    wrong = source.replace("return np.maximum(x, 0.0)", "return np.maximum(x, 0.0), x", 1)
    assert wrong != source
    path = tmp_path / "exercise1_relu.py"
    path.write_text(wrong, encoding="utf-8")
    expected = "relu 함수가 값 2개가 든 tuple 객체를 반환했어요. 배열 하나만 반환해야 해요."
    assert expected in korean_texts(grade("exercise1", path))
