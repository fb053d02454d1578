"""A lesson's opening drawn without Textual's Markdown widget, for the course's first frame.

Importing the Markdown widget (it brings markdown-it), parsing a lesson and mounting a widget
per block take about 100 ms, half of what the whole first frame may take. A lesson opens with
headings and paragraphs, so its first screenful is drawn here from those alone, with the
styles the Markdown widget gives them, and the Markdown widget takes its place once the frame
is painted. tests/test_tui.py checks, for every lesson, that both draw the same cells.
"""

from __future__ import annotations

import re

from textual.containers import Vertical
from textual.content import Content, Span
from textual.widgets import Static

# `code`, **strong**, *em*: the inline Markdown of the lessons' paragraphs.
_INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*")
# What only the Markdown widget draws: lists, fences, quotes, tables, links, HTML, escapes,
# hard breaks, emphasis with underscores, headings below ##.
_UNSUPPORTED = re.compile(r"^\s*([-+*] |\d+[.)] |```|>|\||###)|[\[<&\\_~]|  $", re.MULTILINE)


class OpeningBlock(Static):
    """A heading or a paragraph, styled as Textual's ``MarkdownBlock``."""

    COMPONENT_CLASSES = {"em", "strong", "code_inline"}
    DEFAULT_CSS = """
    OpeningBlock {
        width: 1fr;
        height: auto;
        &:dark > .code_inline {
            background: $warning 10%;
            color: $text-warning 95%;
        }
        &:light > .code_inline {
            background: $error 5%;
            color: $text-error 95%;
        }
        & > .em {
            text-style: italic;
        }
        & > .strong {
            text-style: bold;
        }
        &.h1, &.h2 {
            margin: 2 0 1 0;
        }
        &.h1 {
            content-align: center middle;
            color: $markdown-h1-color;
            background: $markdown-h1-background;
            text-style: $markdown-h1-text-style;
        }
        &.h2 {
            color: $markdown-h2-color;
            background: $markdown-h2-background;
            text-style: $markdown-h2-text-style;
        }
        &.p {
            margin: 0 0 1 0;
        }
    }
    """


class LessonOpening(Vertical):
    """The opening blocks of a lesson, as the Markdown widget lays them out."""

    DEFAULT_CSS = """
    LessonOpening {
        height: auto;
        padding: 0 2 0 2;
        color: $foreground;
        overflow-y: hidden;
    }
    """

    def __init__(self, source: str, **kwargs) -> None:
        """``source``: Markdown; its blocks are drawn up to the first one that is not a
        heading (``#``, ``##``) or a plain paragraph."""
        super().__init__(*(OpeningBlock(text, classes=kind) for kind, text in blocks(source)))
        self.source = source


def blocks(source: str) -> list[tuple[str, Content]]:
    """(kind, content) of the leading headings ("h1", "h2") and paragraphs ("p") of
    ``source``, up to the first block of another kind."""
    found = []
    for block in re.split(r"\n\s*\n", source.strip()):
        if _UNSUPPORTED.search(block):
            break
        kind = "h1" if block.startswith("# ") else "h2" if block.startswith("## ") else "p"
        text = block.split(" ", 1)[1] if kind != "p" else block
        found.append((kind, _inline(" ".join(text.split()))))
    return found


def _inline(text: str) -> Content:
    plain, spans, at = [], [], 0
    for match in _INLINE.finditer(text):
        plain.append(text[at : match.start()])
        start = sum(map(len, plain))
        code, strong, em = match.groups()
        inner = code or strong or em
        plain.append(inner)
        style = ".code_inline" if code else ".strong" if strong else ".em"
        spans.append(Span(start, start + len(inner), style))
        at = match.end()
    plain.append(text[at:])
    return Content("".join(plain), spans=spans)
