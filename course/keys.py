"""The TUI's keys, bilingual: every action with its key, for the footer, f1 and the palette.

The screen declares them as ordinary Textual BINDINGS (so Textual's own, Tab and Shift+Tab
among them, stay), and the footer shows each description in the learner's language through
:func:`translated`.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding, Binding, BindingType

from bigpicture.grader.i18n import Msg

# key, action, description, what the key looks like in the footer, shown in the footer.
# In the order the footer shows them: it cuts from the right at 80 columns, so help first.
COURSE_KEYS: tuple[tuple[str, str, Msg, str | None, bool], ...] = (
    ("f1,question_mark", "help", Msg("help", "도움말"), "f1", True),
    ("c", "check", Msg("check", "채점"), None, True),
    ("e", "edit", Msg("edit", "편집"), None, True),
    ("h", "hint", Msg("hint", "힌트"), None, True),
    ("g", "gradcheck", Msg("gradcheck", "기울기 검사"), None, True),
    ("a", "lab", Msg("training lab", "학습 실험실"), None, True),
    ("v", "toggle_verdict", Msg("verdict", "결과"), None, True),
    ("n", "next_unfinished", Msg("to do", "할 일"), None, True),
    ("full_stop", "next_lesson", Msg("next lesson", "다음 강의"), ".", True),
    ("comma", "previous_lesson", Msg("previous", "이전"), ",", True),
    ("p", "next_plot", Msg("other plot", "다른 그림"), None, True),
    ("x", "next_exercise", Msg("other exercise", "다른 연습"), None, True),
    ("s", "solution", Msg("solution", "모범 답안"), None, True),
    ("l", "toggle_language", Msg("한국어", "English"), None, True),
    ("t", "toggle_sidebar", Msg("contents", "목차"), None, False),
    ("q", "app.quit", Msg("quit", "종료"), None, True),
)

#: Keys the live plots use, bound once for all of them; only the plot on screen enables its own.
DEMO_KEYS = ("r", "m", "o", "f", "[", "]")
# What Textual calls the keys that are punctuation.
KEY_NAMES = {"[": "left_square_bracket", "]": "right_square_bracket"}

#: The training lab's screen.
LAB_KEYS: tuple[tuple[str, str, Msg, str | None, bool], ...] = (
    ("escape,q", "leave", Msg("back", "돌아가기"), "esc", True),
    ("s", "stop", Msg("stop", "멈추기"), None, True),
    ("r", "rerun", Msg("again with the reference's part", "모범 부품으로 다시"), None, False),
)

_DESCRIPTIONS = {action: text for _, action, text, _, _ in COURSE_KEYS + LAB_KEYS}


def course_bindings() -> list[BindingType]:
    """The course screen's bindings (English descriptions; see :func:`translated`)."""
    bindings: list[BindingType] = [
        Binding(key, action, text.en, key_display=display, show=show)
        for key, action, text, display, show in COURSE_KEYS
    ]
    bindings += [
        Binding(KEY_NAMES.get(key, key), f"demo({key!r})", key, show=False) for key in DEMO_KEYS
    ]
    return bindings


def lab_bindings() -> list[BindingType]:
    """The lab screen's bindings (English descriptions; see :func:`translated`)."""
    return [
        Binding(key, action, text.en, key_display=display, show=show)
        for key, action, text, display, show in LAB_KEYS
    ]


def describe(action: str, lang: str) -> str:
    """The description of one of the course's actions in ``lang``."""
    return _DESCRIPTIONS[action](lang)


def translated(active: dict[str, ActiveBinding], lang: str) -> dict[str, ActiveBinding]:
    """``active`` (``Screen.active_bindings``) with the course's descriptions in ``lang``."""
    return {
        key: item._replace(binding=replace(item.binding, description=describe(action, lang)))
        if (action := item.binding.action) in _DESCRIPTIONS
        else item
        for key, item in active.items()
    }
