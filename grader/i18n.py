"""Bilingual text for everything the grader says to a learner.

Every message is written in both languages at the place it is made, so a message can never
exist in one language only. ``Msg`` keeps both; the CLI and the TUI pick one when they show it.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Msg:
    """A message in English and Korean."""

    en: str
    ko: str

    def __call__(self, lang: str) -> str:
        """The message in ``lang`` ("ko" or "en")."""
        return self.ko if lang == "ko" else self.en

    def __add__(self, other: Msg) -> Msg:
        return Msg(self.en + other.en, self.ko + other.ko)


def same(text: str) -> Msg:
    """A message that reads the same in both languages (code, numbers, learner output)."""
    return Msg(text, text)


def join(parts: list[Msg], sep: str = "\n") -> Msg:
    """Joins messages with ``sep`` in each language."""
    return Msg(sep.join(p.en for p in parts), sep.join(p.ko for p in parts))


def default_language() -> str:
    """Korean when the environment's locale is Korean, English otherwise."""
    for var in ("BIGPICTURE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    code = locale.getlocale()[0] or ""
    return "ko" if code.lower().startswith("ko") else "en"
