"""Which editor `e` opens, found before the TUI hands the terminal over to it."""

from __future__ import annotations

import os
import shlex
import shutil

from bigpicture.grader.i18n import Msg


def editor_command() -> list[str] | Msg:
    """The command line of the learner's editor, or why there is none.

    ``$VISUAL`` or ``$EDITOR`` when set, else nano, vim or vi. A command that does not exist is
    refused here: once the terminal is handed over, a failure would leave a blank screen.
    """
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable)
        if not value:
            continue
        try:
            command = shlex.split(value)
        except ValueError:
            command = []
        if command and shutil.which(command[0]):
            return command
        return Msg(
            f"${variable} is {value!r}, which is not a command here. Set it to an editor this "
            "machine has (e.g. export EDITOR=nano), or open the file in any editor: saving it "
            "checks it again.",
            f"환경 변수 ${variable}에 적힌 {value!r} 명령이 이 컴퓨터에 없어요. 있는 편집기로"
            " 바꾸거나 (예: export EDITOR=nano), 아무 편집기에서나 파일을 여세요. 저장하면 다시"
            " 채점해요.",
        )
    for fallback in ("nano", "vim", "vi"):
        if shutil.which(fallback):
            return [fallback]
    return Msg(
        "No editor found: set $EDITOR (e.g. export EDITOR=nano), or open the file in any "
        "editor: saving it checks it again.",
        "편집기를 찾지 못했어요: $EDITOR를 설정하거나 (예: export EDITOR=nano), 아무 "
        "편집기에서나 파일을 여세요. 저장하면 다시 채점해요.",
    )
