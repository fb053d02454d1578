"""Hostile and broken learner files: each gets a plain verdict, and the grader survives."""

from __future__ import annotations

import secrets
import subprocess

import numpy as np
import pytest

from bigpicture.grader.calls import Call, Rng
from bigpicture.grader.sandbox import run_calls
from tests.helpers import FIXTURES, MISTAKES, messages

HOSTILE = MISTAKES / "hostile"


def test_infinite_loop_in_a_call_times_out_and_names_the_function(grade):
    result = grade("1", HOSTILE / "infinite_loop_in_call.py", timeout=1.5)
    assert result.status == "failed"
    assert messages(result)[0] == (
        "timed out while running relu: it used all of its 2 s of CPU time — look for an "
        "infinite loop (a `while` whose condition never changes)."
    )


def test_infinite_loop_at_import_times_out_while_loading(grade):
    path = HOSTILE / "infinite_loop_at_import.py"
    result = grade("1", path, timeout=1.5)
    assert result.status == "error"
    assert result.problem.en == (
        f"timed out while loading {path}: it used all of its 2 s of CPU time — look for an "
        "infinite loop (a `while` whose condition never changes). Code at the top level of "
        "the file runs when it is loaded."
    )
    assert result.score == 0


def test_sys_exit_after_printing_passed_gains_nothing(grade):
    result = grade("1", HOSTILE / "sys_exit.py")
    assert not result.passed
    assert "relu tried to end the program (sys.exit(0))." in messages(result)[0]
    assert "ALL TESTS PASSED" in result.output


def test_os_exit_is_reported_as_the_process_ending(grade):
    result = grade("1", HOSTILE / "os_exit.py")
    assert result.score == 0
    assert messages(result)[0] == (
        "the process running relu exited with code 0 — does your code call os._exit, "
        "or use too much memory or CPU?"
    )


def test_syntax_error_shows_file_line_and_caret(grade):
    path = HOSTILE / "syntax_error.py"
    result = grade("1", path)
    assert result.status == "error"
    assert result.problem.en == (
        f"SyntaxError in {path}, line 9: expected ':'\n"
        "    def relu(x)\n"
        "               ^\n"
        "Python could not read the file; fix this line first."
    )


def test_file_that_is_not_utf8(grade):
    path = HOSTILE / "not_utf8.py"
    result = grade("1", path)
    assert result.status == "error"
    assert result.problem.en.startswith(f"{path} is not UTF-8 text (byte 0x")
    assert result.problem.en.endswith("Save the file as UTF-8 in your editor.")


def test_print_flood_is_truncated_and_counted(grade):
    result = grade("1", HOSTILE / "print_flood.py", timeout=20)
    assert result.output_bytes > 50 * 1024 * 1024
    assert len(result.output) <= 8 * 1024
    assert result.passed  # flooding is reported, but correct answers still count


def test_exception_shows_only_the_learners_frames(grade):
    path = HOSTILE / "raises.py"
    result = grade("1", path)
    text = next(m for m in messages(result) if "raised ValueError" in m)
    assert f'File "{path}", line' in text
    assert "in _active" in text
    assert "ValueError: cannot decide which units are active" in text
    assert "bigpicture" not in text.replace(str(path), "")  # no grader frames


def test_memory_hog_hits_the_limit(grade):
    result = grade("1", HOSTILE / "memory_hog.py")
    assert not result.passed
    assert messages(result)[0].startswith(
        "relu ran out of memory: it asked for more than the 2 GB an exercise may use."
    )


def test_returns_none(grade):
    result = grade("1", HOSTILE / "returns_none.py")
    assert messages(result)[0] == "relu returned None for out. Did you forget `return`?"


def test_object_array_is_rejected(grade):
    result = grade("1", HOSTILE / "object_array.py")
    assert messages(result)[0] == (
        "relu returned ndarray (dtype object) for out; it must be a numeric numpy array."
    )


def test_nan_is_named_with_its_index(grade):
    result = grade("1", HOSTILE / "nan.py")
    assert messages(result)[0] == (
        "relu: out contains nan at index (0, 0) (expected finite numbers everywhere)."
    )


def test_wrong_shape_says_expected_and_got(grade):
    result = grade("1", HOSTILE / "wrong_shape.py")
    assert messages(result)[0] == "relu: out has shape (10,), expected (2, 5)."


def test_lying_ndarray_subclass_is_judged_by_its_values(grade):
    result = grade("1", HOSTILE / "lying_subclass.py")
    assert not result.passed
    assert messages(result)[0].startswith("relu: out is wrong. Max relative error 1.0e+00")


def test_no_process_is_left_behind(grade, tmp_path):
    # A number of its own for the sleep: other test runs on the machine do not matter.
    marker = str(700000 + secrets.randbelow(99999))
    source = (FIXTURES / "leaves_process.py").read_bytes().replace(b"987654", marker.encode())
    (tmp_path / "exercise1_relu.py").write_bytes(source)
    grade("1", tmp_path / "exercise1_relu.py")
    survivors = subprocess.run(["pgrep", "-f", f"sleep {marker}"], capture_output=True, text=True)
    assert survivors.stdout == ""


def test_child_gets_only_inputs_and_arrays_come_back_plain(tmp_path):
    source = b"import numpy as np\ndef f(x, rng):\n    return x * 2, rng.random(3), 'text'\n"
    run = run_calls(source, "f.py", "f", [Call("f", {"x": np.arange(3.0), "rng": Rng(7)})])
    items = run.results[0].items
    np.testing.assert_array_equal(items[0].array, [0.0, 2.0, 4.0])
    np.testing.assert_array_equal(items[1].array, np.random.default_rng(7).random(3))
    assert (items[2].kind, items[2].type_name) == ("other", "str")


RETURNS = {
    "an object array": ("np.array([object(), 1], dtype=object)", "returned ndarray (dtype object)"),
    "a ragged list": ("[[1.0, 2.0], [3.0]]", "returned a list of 2 values"),
    "a huge array": ("np.ones(3_000_000)", "ndarray too large to send back (3,000,000 values)"),
    "a 0-d array": ("np.float64(1.5)", "out has shape (), expected (2, 5)"),
    "a Python number": ("1.5", "out has shape (), expected (2, 5)"),
    "a generator": ("(v for v in x)", "returned generator"),
    "a set": ("{1, 2}", "returned set"),
}


@pytest.mark.parametrize("returned", sorted(RETURNS))
def test_any_return_value_becomes_a_verdict_that_names_it(grade, tmp_path, returned):
    expression, said = RETURNS[returned]
    path = tmp_path / "exercise1_relu.py"
    path.write_text(
        "import numpy as np\n"
        f"def relu(x):\n    return {expression}\n"
        "def relu_backward(dout, x):\n    return np.where(x > 0, dout, 0.0)\n"
    )
    result = grade("1", path)
    assert result.status == "failed", messages(result)
    assert any(said in m for m in messages(result)), messages(result)


def test_an_earlier_result_that_cannot_be_passed_back_is_named(grade, tmp_path):
    path = tmp_path / "exercise2_sgd.py"
    path.write_text(
        "import numpy as np\n"
        "class Stuck:\n    def __deepcopy__(self, memo):\n        raise TypeError('no copies')\n"
        "def sgd_step(w, dw, lr, momentum=0.0, velocity=None):\n    return Stuck(), Stuck()\n"
    )
    result = grade("2", path)
    assert result.status == "failed"
    assert any("could not be passed back to it (TypeError)" in m for m in messages(result))
