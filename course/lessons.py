"""The lesson texts shipped with the package: one Markdown file per lesson per language."""

from __future__ import annotations

from functools import cache
from importlib import resources

from bigpicture.grader.manifest import Lesson


@cache
def lesson_text(lesson: Lesson, lang: str) -> str:
    """The Markdown text of ``lesson`` in ``lang`` ("ko" or "en")."""
    folder = resources.files("bigpicture.course").joinpath("lessons", lang)
    name = f"{lesson.number:02d}-{lesson.slug}.md"
    return folder.joinpath(name).read_text("utf-8")
