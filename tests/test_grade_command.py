"""What `bigpicture grade` prints: names students chose are never read as Rich markup."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from bigpicture.course.grade_command import print_notes, print_summary
from bigpicture.grader.bulk.grade import find_submissions
from tests.bulk_samples import sample_record

# Rich would read each of these as markup or an emoji code; "[/]" has nothing to close and
# raises MarkupError.
MARKUP = ["[link=http://x]a[/link]", "[/]", "[bold red]", ":smile:"]


def console() -> Console:
    return Console(file=io.StringIO(), width=200, color_system=None, highlight=False)


def printed(terminal: Console) -> str:
    assert isinstance(terminal.file, io.StringIO)
    return terminal.file.getvalue()


def test_notes_print_exactly_as_written() -> None:
    terminal = console()
    print_notes([f"ignored {text}: not a folder or a .zip" for text in MARKUP], terminal)
    assert printed(terminal).splitlines() == [
        f"ignored {text}: not a folder or a .zip" for text in MARKUP
    ]


def test_stray_files_and_the_out_folder_print_literally(tmp_path: Path) -> None:
    names = ["[bold red]", "[link=http:x]a", ":smile:"]  # a file name cannot hold a slash
    for name in names:
        (tmp_path / name).write_text("")
    (tmp_path / "alice").mkdir()
    (tmp_path / "[red]out").mkdir()
    terminal = console()

    sources, notes = find_submissions(tmp_path, tmp_path / "[red]out", (1, 1))
    print_notes(notes, terminal)

    assert sources == [tmp_path / "alice"]
    assert printed(terminal).splitlines() == [
        f"ignored {name}: not a folder or a .zip" for name in sorted(names)
    ] + ["ignored [red]out: it is the --out folder"]


def test_the_summary_prints_the_out_folder_literally(tmp_path: Path) -> None:
    terminal = console()
    out = tmp_path / "[bold]grades"
    print_summary([sample_record("ana")], ["exercise1"], terminal, 1.0, out)
    assert f"1 submission(s) in {out} — graded in 1.0 s" in printed(terminal)
