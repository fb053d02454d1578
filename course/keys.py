"""The TUI's key bindings, bilingual: the footer shows them in the learner's language."""

from __future__ import annotations

from textual.binding import Binding, BindingsMap

from bigpicture.grader.i18n import Msg

# key, action, footer text, what the key looks like in the footer
COURSE_KEYS: tuple[tuple[str, str, Msg, str | None], ...] = (
    ("comma", "previous_lesson", Msg("previous", "이전"), ","),
    ("full_stop", "next_lesson", Msg("next", "다음"), "."),
    ("p", "next_plot", Msg("other plot", "다른 그림"), None),
    ("x", "next_exercise", Msg("other exercise", "다른 연습"), None),
    ("c", "check", Msg("check", "채점"), None),
    ("e", "edit", Msg("edit", "편집"), None),
    ("h", "hint", Msg("hint", "힌트"), None),
    ("s", "solution", Msg("solution", "모범 답안"), None),
    ("t", "toggle_sidebar", Msg("contents", "목차"), None),
    ("l", "toggle_language", Msg("한국어", "English"), None),
    ("f1,question_mark", "help", Msg("help", "도움말"), "f1"),
    ("ctrl+q", "app.quit", Msg("quit", "종료"), None),
)

# Characters the demos use, and the key names Textual gives them.
KEY_NAMES = {"[": "left_square_bracket", "]": "right_square_bracket"}


def course_bindings(lang: str, demo_keys: tuple = ()) -> BindingsMap:
    """The course screen's bindings in ``lang``, with the keys of the demo on screen right
    after ``p`` (the footer cuts from the right, and these are what a learner looks for)."""
    bindings = [
        Binding(key, action, text(lang), key_display=display)
        for key, action, text, display in COURSE_KEYS
    ]
    demo = [
        Binding(
            KEY_NAMES.get(k.key, k.key),
            f"demo({k.key!r})",
            k.description(lang),
            key_display=k.key,
        )
        for k in demo_keys
    ]
    after_plot = next(i for i, b in enumerate(bindings) if b.action == "next_plot") + 1
    return BindingsMap(bindings[:after_plot] + demo + bindings[after_plot:])
