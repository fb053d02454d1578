"""The learner's command line, end to end on a real workspace."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from bigpicture.course.cli import app
from tests.helpers import MISTAKES, REPO

runner = CliRunner()


def bp(*args: str):
    return runner.invoke(app, [*args, "--lang", "en"], env={"COLUMNS": "200"})


def bp_in(locale: str, *args: str):
    """``bigpicture ARGS`` without --lang, under a locale of ``locale`` ("ko" or "en")."""
    return runner.invoke(app, list(args), env={"COLUMNS": "200", "BIGPICTURE_LANG": locale})


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert bp("init", "course").exit_code == 0
    monkeypatch.chdir(tmp_path / "course")
    return tmp_path / "course"


def test_init_writes_every_stub_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = bp("init", "course")
    assert first.exit_code == 0
    assert "Workspace ready" in first.output
    mine = tmp_path / "course" / "exercise3_adam.py"
    mine.write_text("# my work\n")
    second = bp("init", "course")
    assert second.exit_code == 0
    assert "kept your exercise3_adam.py" in second.output
    assert mine.read_text() == "# my work\n"


def test_outside_a_workspace_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = bp("check", "3")
    assert result.exit_code == 2
    assert "not inside a bigpicture workspace" in result.output
    assert "bigpicture init" in result.output


def test_check_on_the_stub_says_not_implemented_and_exits_1(workspace):
    result = bp("check", "exercise3")
    assert result.exit_code == 1
    assert "Not implemented yet: adam_step still raise NotImplementedError" in result.output


def test_correct_solution_passes_and_exits_0(workspace):
    shutil.copy(REPO / "solutions" / "exercise3_adam.py", workspace)
    result = bp("check", "adam")
    assert result.exit_code == 0, result.output
    assert "✗" not in result.output


def test_unknown_exercise_is_a_usage_error(workspace):
    result = bp("check", "adma")
    assert result.exit_code == 2
    assert "There is no exercise 'adma'. Did you mean adam, adamw?" in result.output


def test_check_all_json_reports_every_exercise(workspace):
    shutil.copy(REPO / "solutions" / "exercise1_relu.py", workspace)
    result = runner.invoke(app, ["check", "--json", "--lang", "en"])
    # click's runner mixes stderr into output only when asked; stdout must be pure JSON
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    statuses = {e["id"]: e["status"] for e in report["exercises"]}
    assert statuses["exercise1"] == "passed"
    assert statuses["exercise2"] == "not_implemented"
    assert report["passed"] is False


def test_progress_is_stored_and_listed(workspace):
    shutil.copy(REPO / "solutions" / "exercise1_relu.py", workspace)
    bp("check", "1")
    progress = json.loads((workspace / ".bigpicture" / "progress.json").read_text())
    assert progress["exercises"]["exercise1"]["status"] == "passed"
    listing = bp("list")
    assert "✓ passed" in listing.output
    assert "not checked yet" in listing.output


def test_hints_come_one_at_a_time(workspace):
    first = bp("hint", "relu")
    assert "1/3" in first.output and "2/3" not in first.output
    second = bp("hint", "relu")
    assert "2/3" in second.output
    assert "3/3" in bp("hint", "relu", "--all").output


def test_reset_keeps_a_backup(workspace):
    mine = workspace / "exercise2_sgd.py"
    mine.write_text("# half done\n")
    result = bp("reset", "2")
    assert result.exit_code == 0
    backups = list((workspace / ".bigpicture" / "backups").glob("exercise2_sgd.*.py"))
    assert [b.read_text() for b in backups] == ["# half done\n"]
    assert "raise NotImplementedError" in mine.read_text()


def test_reset_clears_the_pass_the_hints_and_the_solution(workspace):
    shutil.copy(REPO / "solutions" / "exercise3_adam.py", workspace)
    assert bp("check", "3").exit_code == 0
    bp("hint", "3")
    result = bp("reset", "3")
    assert result.exit_code == 0
    assert "exercise3_adam.py is back to the stub, and exercise3 starts over" in result.output
    progress = json.loads((workspace / ".bigpicture" / "progress.json").read_text())
    assert "exercise3" not in progress["exercises"]
    listing = bp("list").output
    assert "✓ passed" not in listing
    assert listing.count("not checked yet") == 15
    assert bp("solution", "3").exit_code == 1
    assert "1/3" in bp("hint", "3").output


def test_solution_opens_only_after_a_pass(workspace):
    locked = bp("solution", "1")
    assert locked.exit_code == 1
    assert "The solution opens once exercise1 passes" in locked.output
    shutil.copy(REPO / "solutions" / "exercise1_relu.py", workspace)
    bp("check", "1")
    (workspace / "exercise1_relu.py").write_text("broken(\n")  # passing once is enough
    opened = bp("solution", "1")
    assert opened.exit_code == 0
    assert "def relu_backward" in opened.output


def test_a_classic_mistake_fails_with_a_pointed_message(workspace):
    shutil.copy(MISTAKES / "exercise1" / "backward_ge_zero.py", workspace / "exercise1_relu.py")
    result = bp("check", "1")
    assert result.exit_code == 1
    assert "ReLU's gradient is 0 for x <= 0" in result.output.replace("\n", " ")


def test_watch_rechecks_the_saved_exercise(workspace, capsys):
    from bigpicture.course import check_command
    from bigpicture.grader.workspace import find_workspace

    target = workspace / "exercise1_relu.py"

    def saves():
        shutil.copy(REPO / "solutions" / "exercise1_relu.py", target)
        yield {("modified", str(target)), ("modified", str(workspace / "notes.txt"))}

    check_command.watch(find_workspace(), "en", 5.0, changes=saves())
    shown = capsys.readouterr().out
    assert "Not implemented yet" in shown  # the first look, before the save
    assert "7/7 · 100%" in shown  # after the save
    progress = json.loads((workspace / ".bigpicture" / "progress.json").read_text())
    assert progress["exercises"]["exercise1"]["status"] == "passed"


def test_watch_moves_on_after_a_pass_and_checks_any_saved_file(workspace, capsys):
    from bigpicture.course import check_command
    from bigpicture.grader.workspace import find_workspace

    def saves():
        shutil.copy(REPO / "solutions" / "exercise1_relu.py", workspace)
        yield {("modified", str(workspace / "exercise1_relu.py"))}
        shutil.copy(REPO / "solutions" / "exercise4_dropout.py", workspace)
        yield {("modified", str(workspace / "exercise4_dropout.py"))}

    check_command.watch(find_workspace(), "en", 5.0, changes=saves())
    shown = " ".join(capsys.readouterr().out.split())  # the console wraps at 80 columns
    said = [  # in the course's order: exercise7 (lesson 1) first, exercise8 after exercise1
        "Not implemented yet: affine_forward, affine_backward",
        "save exercise7_affine.py to check it again",
        "✓ exercise1 passes. On to exercise8, A stable sigmoid and its backward pass:",
        "Not implemented yet: sigmoid, sigmoid_backward",
        "save exercise8_sigmoid.py to check it again",
        "exercise4 · 10/10 · 100%",  # saved out of order, checked all the same
        "✓ exercise4 passes. On to exercise11, AdamW: decoupled weight decay:",
        "Not implemented yet: adamw_step",
        "save exercise11_adamw.py to check it again",
    ]
    where = [shown.find(text) for text in said]
    assert -1 not in where and where == sorted(where), dict(zip(said, where, strict=True))


def test_watch_says_when_the_whole_course_is_done(workspace, capsys):
    from bigpicture.course import check_command
    from bigpicture.grader.workspace import find_workspace

    for solution in (REPO / "solutions").glob("exercise*.py"):
        shutil.copy(solution, workspace)
    check_command.watch(find_workspace(), "ko", 5.0, changes=[])
    shown = " ".join(capsys.readouterr().out.split())
    moved_on = "✓ exercise5 연습을 통과했어요. 다음은 exercise12, 합성곱 역전파 차례예요."
    assert moved_on in shown
    assert "연습 15개를 모두 통과했어요. 과정을 끝까지 마쳤어요. 🎉" in shown


def test_commands_find_the_workspace_from_a_subfolder(workspace, monkeypatch):
    (workspace / "notes" / "deep").mkdir(parents=True)
    monkeypatch.chdir(workspace / "notes" / "deep")
    result = bp("check", "1")
    assert result.exit_code == 1
    assert "Not implemented yet" in result.output


def test_the_console_entry_point_keeps_exit_codes(workspace):
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "bigpicture.course", *args, "--lang", "en"]
        return subprocess.run(command, capture_output=True, text=True, cwd=workspace)

    not_implemented = run("check", "1")
    assert not_implemented.returncode == 1
    assert "Not implemented yet" in not_implemented.stdout
    assert run("check", "nine").returncode == 2
    shutil.copy(REPO / "solutions" / "exercise1_relu.py", workspace)
    assert run("check", "1").returncode == 0


@pytest.fixture
def opened(monkeypatch):
    """The workspace each `bigpicture learn` would open, instead of opening the app."""
    from bigpicture.course.app import BigPictureApp

    roots = []
    monkeypatch.setattr(BigPictureApp, "run", lambda app: roots.append(app.workspace.root))
    return roots


def test_learn_and_the_shell_share_one_workspace(tmp_path, monkeypatch, opened):
    monkeypatch.chdir(tmp_path)
    assert bp("learn").exit_code == 0
    made = (tmp_path / "bigpicture-course").resolve()
    assert opened == [made]
    shutil.copy(REPO / "solutions" / "exercise1_relu.py", made)
    assert bp("check", "1").exit_code == 0  # from the folder learn was started in
    assert "✓ passed" in bp("list").output
    monkeypatch.chdir(made)
    assert "✓ passed" in bp("list").output
    assert bp("learn").exit_code == 0
    assert opened == [made, made]
    assert not (made / "bigpicture-course").exists()


def test_init_lang_switches_the_untouched_stubs_and_every_command_follows(workspace):
    mine = workspace / "exercise3_adam.py"
    mine.write_text("# my work\n")
    switched = bp_in("en", "init", "--lang", "ko")  # inside the workspace: that one
    assert switched.exit_code == 0
    assert "exercise3_adam.py 파일에는 작업한 내용이 있어서 그대로 두었어요" in switched.output
    assert "연습 파일 언어: 한국어" in switched.output
    assert not (workspace / "bigpicture-course").exists()
    assert mine.read_text() == "# my work\n"
    assert '"""ReLU 순전파.' in (workspace / "exercise1_relu.py").read_text()
    # The workspace's language wins over the locale; --lang over both.
    assert "강의" in bp_in("en", "list").output
    assert "첫 번째부터" in bp_in("en", "reset", "1").output
    assert '"""ReLU 순전파.' in (workspace / "exercise1_relu.py").read_text()
    assert "lesson" in bp("list").output
    back = bp_in("ko", "init", "--lang", "en")
    assert "kept your exercise3_adam.py" in back.output
    assert "Formula: ``out = max(0, x)``" in (workspace / "exercise1_relu.py").read_text()


def test_outside_a_workspace_the_locale_picks_the_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = bp_in("ko", "list")
    assert result.exit_code == 2
    assert "bigpicture 작업 공간이 아니고" in result.output
