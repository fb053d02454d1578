"""The lesson texts in ``course/lessons/{en,ko}/NN-<slug>.md`` agree with the manifest.

The TUI shows each file in a Markdown pane beside the lesson's plot and exercise panel, so a missing
file, a title that differs from the manifest or a lesson that never names its exercise is a bug.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS_DIR = ROOT / "course" / "lessons"
MANIFEST = tomllib.loads((ROOT / "course" / "manifest.toml").read_text(encoding="utf-8"))
LANGUAGES = ("ko", "en")
#: Far wider than the pane; a longer line is almost surely a pasted blob, not prose.
MAX_LINE = 200

CASES = [(lesson, lang) for lesson in MANIFEST["lessons"] for lang in LANGUAGES]


def _case_id(case: tuple[dict, str]) -> str:
    lesson, lang = case
    return f"{lang}-{lesson['number']:02d}"


def _path(lesson: dict, lang: str) -> Path:
    return LESSONS_DIR / lang / f"{lesson['number']:02d}-{lesson['slug']}.md"


@pytest.fixture(params=CASES, ids=[_case_id(case) for case in CASES])
def lesson_text(request: pytest.FixtureRequest) -> tuple[dict, str, str]:
    lesson, lang = request.param
    path = _path(lesson, lang)
    assert path.is_file(), f"missing lesson text {path.relative_to(ROOT)}"
    return lesson, lang, path.read_text(encoding="utf-8")


def test_starts_with_the_manifest_title(lesson_text: tuple[dict, str, str]) -> None:
    lesson, lang, text = lesson_text
    assert text.strip(), "lesson text is empty"
    assert text.splitlines()[0] == f"# {lesson['title'][lang]}"


def test_mentions_its_exercises(lesson_text: tuple[dict, str, str]) -> None:
    lesson, _, text = lesson_text
    ids = [ex["id"] for ex in MANIFEST["exercises"] if ex["lesson"] == lesson["number"]]
    assert [exercise_id for exercise_id in ids if exercise_id not in text] == []


def test_no_long_lines_or_todos(lesson_text: tuple[dict, str, str]) -> None:
    _, _, text = lesson_text
    long_lines = [n for n, line in enumerate(text.splitlines(), 1) if len(line) > MAX_LINE]
    assert long_lines == [], f"lines longer than {MAX_LINE} characters"
    assert "TODO" not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_lesson_texts_outside_the_manifest(lang: str) -> None:
    expected = {_path(lesson, lang).name for lesson in MANIFEST["lessons"]}
    found = {path.name for path in (LESSONS_DIR / lang).glob("*.md")}
    assert sorted(found - expected) == []
