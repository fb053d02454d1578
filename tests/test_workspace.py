"""The workspace library: where it is found, its language, switching its stubs, resetting."""

from __future__ import annotations

import json

import pytest

from bigpicture.grader.manifest import load_manifest
from bigpicture.grader.workspace import (
    DEFAULT_DIR,
    Workspace,
    WorkspaceError,
    find_workspace,
    init_workspace,
    stub_source,
)

EXERCISES = load_manifest().exercises
ADAM = load_manifest().find("adam")


def _languages_of(workspace) -> dict[str, str | None]:
    """Which language's stub each exercise file still is (None: the learner's work)."""
    found = {}
    for exercise in EXERCISES:
        text = workspace.path(exercise).read_text("utf-8")
        found[exercise.id] = next(
            (lang for lang in ("en", "ko") if text == stub_source(exercise, lang)), None
        )
    return found


def test_every_stub_exists_in_both_languages():
    for exercise in EXERCISES:
        english, korean = stub_source(exercise, "en"), stub_source(exercise, "ko")
        assert english != korean
        assert "raise NotImplementedError" in english and "raise NotImplementedError" in korean


def test_init_writes_the_stubs_in_the_chosen_language_and_stores_it(tmp_path):
    workspace, written, kept = init_workspace(tmp_path / "ws", "ko")
    assert set(_languages_of(workspace).values()) == {"ko"}
    assert len(written) == len(EXERCISES) + 1 and kept == []  # the stubs and the README
    assert json.loads(workspace.progress_file.read_text())["lang"] == "ko"
    assert find_workspace(tmp_path / "ws").language() == "ko"


def test_a_new_workspace_without_a_language_takes_the_locale(tmp_path, monkeypatch):
    monkeypatch.setenv("BIGPICTURE_LANG", "ko")
    workspace, _, _ = init_workspace(tmp_path / "ws")
    assert workspace.language() == "ko"
    assert set(_languages_of(workspace).values()) == {"ko"}


def test_set_language_keeps_the_progress_and_refuses_unknown_languages(tmp_path):
    workspace, _, _ = init_workspace(tmp_path / "ws", "en")
    workspace.record(ADAM, "failed", 0.5)
    workspace.set_language("ko")
    assert workspace.language() == "ko"
    assert workspace.progress().of(ADAM.id).score == 0.5
    assert set(_languages_of(workspace).values()) == {"en"}  # storing it rewrites nothing
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        workspace.set_language("fr")


def test_init_refuses_an_unknown_language_before_writing_anything(tmp_path):
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        init_workspace(tmp_path / "ws", "fr")
    assert not list((tmp_path / "ws").glob("*.py"))


def test_a_workspace_made_before_languages_were_stored_has_none(tmp_path):
    workspace, _, _ = init_workspace(tmp_path / "ws", "en")
    workspace.progress_file.write_text('{"version": 1, "exercises": {}}')
    assert workspace.language() is None


def test_switching_rewrites_only_stubs_nobody_edited(tmp_path):
    root = tmp_path / "ws"
    workspace, _, _ = init_workspace(root, "en")
    mine = workspace.path(ADAM)
    mine.write_text(stub_source(ADAM, "en") + "# started\n")
    workspace.path(EXERCISES[0]).unlink()

    workspace, written, kept = init_workspace(root, "ko")
    assert kept == [mine]
    assert mine.read_text() == stub_source(ADAM, "en") + "# started\n"
    assert sorted(written) == sorted(workspace.path(e) for e in EXERCISES if e is not ADAM)
    assert _languages_of(workspace) == {e.id: None if e is ADAM else "ko" for e in EXERCISES}

    workspace, written, kept = init_workspace(root)  # no language: keeps the stored one
    assert (written, kept, workspace.language()) == ([], [mine], "ko")


def test_reset_starts_the_exercise_over_in_the_workspace_language(tmp_path):
    workspace, _, _ = init_workspace(tmp_path / "ws", "ko")
    workspace.path(ADAM).write_text("# my attempt\n")
    workspace.record(ADAM, "passed", 1.0)
    workspace.next_hint(ADAM, "ko")
    workspace.record(EXERCISES[0], "failed", 0.25)

    backup = workspace.reset(ADAM)

    assert backup is not None and backup.read_text() == "# my attempt\n"
    assert workspace.path(ADAM).read_text() == stub_source(ADAM, "ko")
    assert ADAM.id not in workspace.progress().exercises  # no status, passed_ever or hints
    assert workspace.progress().of(EXERCISES[0].id).score == 0.25
    assert workspace.language() == "ko"


def test_found_from_the_folder_learn_was_started_in(tmp_path):
    workspace, _, _ = init_workspace(tmp_path / DEFAULT_DIR, "en")
    (workspace.root / "notes").mkdir()
    for start in (tmp_path, workspace.root, workspace.root / "notes"):
        assert find_workspace(start).root == workspace.root


def test_the_enclosing_workspace_wins_over_one_inside_it(tmp_path):
    outer, _, _ = init_workspace(tmp_path, "en")
    init_workspace(tmp_path / DEFAULT_DIR, "en")
    assert find_workspace(tmp_path).root == outer.root


def test_outside_a_workspace_the_error_says_what_to_do_in_both_languages(tmp_path):
    with pytest.raises(WorkspaceError) as caught:
        find_workspace(tmp_path)
    assert str(caught.value) == caught.value.message.en
    assert "is not inside a bigpicture workspace" in caught.value.message.en
    assert "bigpicture 작업 공간이 아니고" in caught.value.message.ko
    assert "`bigpicture init`" in caught.value.message.ko


def test_progress_is_typed_and_a_hand_edited_file_is_read_as_far_as_it_makes_sense(tmp_path):
    workspace, _, _ = init_workspace(tmp_path / "ws", "en")
    workspace.progress_file.write_text(
        '{"lang": 3, "welcomed": "yes", "current_lesson": true, "exercises": {'
        '"exercise1": {"status": "passed", "score": 1, "attempts": "2", "passed_ever": true},'
        '"exercise2": {"status": "great", "score": "0.5", "hints_shown": 2}, "exercise3": []}}'
    )
    progress = workspace.progress()
    assert (progress.lang, progress.welcomed, progress.current_lesson) == (None, False, None)
    first, second = progress.of("exercise1"), progress.of("exercise2")
    assert (first.passed, first.score, first.attempts, first.passed_ever) == (True, 1, 0, True)
    assert (second.status, second.score, second.hints_shown) == (None, None, 2)
    assert progress.of("exercise3") == progress.of("exercise9")  # nothing known of either
    workspace.record(EXERCISES[1], "failed", 0.25)  # written back in the typed form
    assert json.loads(workspace.progress_file.read_text())["exercises"]["exercise2"] == {
        "status": "failed",
        "score": 0.25,
        "checked_at": workspace.progress().of("exercise2").checked_at,
        "attempts": 1,
        "passed_ever": False,
        "hints_shown": 2,
    }


def test_progress_is_read_again_only_when_the_file_changed(tmp_path):
    workspace, _, _ = init_workspace(tmp_path / "ws", "en")
    workspace.record(ADAM, "failed", 0.5)
    assert workspace.progress() is workspace.progress()  # one read for many questions
    other = Workspace(workspace.root, workspace.manifest)  # another process: the CLI
    other.record(ADAM, "passed", 1.0)
    assert workspace.progress().passed(ADAM.id)
