"""Dev check, after rustlings: the manifest, the exercise stubs and the solutions agree.

Reads ``course/manifest.toml`` with ``tomllib`` directly, so it does not depend on the grader's
manifest loader; stubs are inspected with ``ast`` and only imported to check that they raise.
Every stub exists in each language (``exercises/`` in English, ``exercises/ko/`` in Korean) with
the same code; only its docstrings and TODO comments are translated.
"""

from __future__ import annotations

import ast
import copy
import importlib
import importlib.util
import io
import re
import tokenize
import tomllib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = tomllib.loads((ROOT / "course" / "manifest.toml").read_text(encoding="utf-8"))
EXERCISES = MANIFEST["exercises"]
LANGUAGES = ("ko", "en")
#: Where each language's stubs live in the repository.
STUB_FOLDERS = {"en": "exercises", "ko": "exercises/ko"}
HANGUL = re.compile("[가-힣]")

Example = tuple[
    Callable[[np.random.Generator], dict[str, Any]], list[tuple[tuple[int, ...] | None, type]]
]


def _arrays(rng: np.random.Generator, **shapes: tuple[int, ...]) -> dict[str, np.ndarray]:
    return {name: rng.standard_normal(shape) for name, shape in shapes.items()}


def _dropout_backward_args(rng: np.random.Generator) -> dict[str, Any]:
    return {"dout": rng.standard_normal((3, 4)), "mask": rng.random((3, 4)) >= 0.5, "p": 0.5}


#: For every function: valid keyword arguments, built fresh from an rng, and the (shape, dtype)
#: of each returned array in order. Conv: H_out = 1 + (5 + 2 - 3) // 2 = 3, W_out = 1 + (6 + 2 - 2)
#: // 2 = 4, a non-square kernel with stride and padding.
EXAMPLES: dict[str, Example] = {
    "relu": (lambda rng: _arrays(rng, x=(2, 3)), [((2, 3), np.float64)]),
    "relu_backward": (lambda rng: _arrays(rng, dout=(2, 3), x=(2, 3)), [((2, 3), np.float64)]),
    "sgd_step": (
        lambda rng: {
            **_arrays(rng, w=(3, 4), dw=(3, 4), velocity=(3, 4)),
            "lr": 0.1,
            "momentum": 0.9,
        },
        [((3, 4), np.float64)] * 2,
    ),
    "adam_step": (
        lambda rng: {
            **_arrays(rng, w=(3, 4), dw=(3, 4), m=(3, 4)),
            "v": rng.random((3, 4)),
            "t": 2,
        },
        [((3, 4), np.float64)] * 3,
    ),
    "dropout_forward": (
        lambda rng: {**_arrays(rng, x=(3, 4)), "p": 0.5, "train": True, "rng": rng},
        [((3, 4), np.float64), ((3, 4), np.bool_)],
    ),
    "dropout_backward": (_dropout_backward_args, [((3, 4), np.float64)]),
    "conv_forward": (
        lambda rng: {**_arrays(rng, x=(2, 3, 5, 6), w=(4, 3, 3, 2), b=(4,)), "stride": 2, "pad": 1},
        [((2, 4, 3, 4), np.float64)],
    ),
    "rnn_step": (
        lambda rng: _arrays(rng, x=(2, 3), h_prev=(2, 4), Wx=(3, 4), Wh=(4, 4), b=(4,)),
        [((2, 4), np.float64)],
    ),
    "rnn_forward": (
        lambda rng: _arrays(rng, x=(2, 5, 3), h0=(2, 4), Wx=(3, 4), Wh=(4, 4), b=(4,)),
        [((2, 5, 4), np.float64)],
    ),
    "affine_forward": (
        lambda rng: _arrays(rng, x=(2, 3), w=(3, 4), b=(4,)),
        [((2, 4), np.float64)],
    ),
    "affine_backward": (
        lambda rng: _arrays(rng, dout=(2, 4), x=(2, 3), w=(3, 4)),
        [((2, 3), np.float64), ((3, 4), np.float64), ((4,), np.float64)],
    ),
    "sigmoid": (lambda rng: _arrays(rng, x=(2, 3)), [((2, 3), np.float64)]),
    "sigmoid_backward": (
        lambda rng: {**_arrays(rng, dout=(2, 3)), "out": rng.random((2, 3))},
        [((2, 3), np.float64)],
    ),
    "softmax_cross_entropy": (
        lambda rng: {**_arrays(rng, logits=(4, 5)), "y": rng.integers(0, 5, size=4)},
        [(None, float), ((4, 5), np.float64)],
    ),
    "nesterov_step": (
        lambda rng: {
            **_arrays(rng, w=(3, 4), dw=(3, 4), velocity=(3, 4)),
            "lr": 0.1,
            "momentum": 0.9,
        },
        [((3, 4), np.float64)] * 2,
    ),
    "adagrad_step": (
        lambda rng: {**_arrays(rng, w=(3, 4), dw=(3, 4)), "state_sum": rng.random((3, 4))},
        [((3, 4), np.float64)] * 2,
    ),
    "rmsprop_step": (
        lambda rng: {**_arrays(rng, w=(3, 4), dw=(3, 4)), "square_avg": rng.random((3, 4))},
        [((3, 4), np.float64)] * 2,
    ),
    "adamw_step": (
        lambda rng: {
            **_arrays(rng, w=(3, 4), dw=(3, 4), m=(3, 4)),
            "v": rng.random((3, 4)),
            "t": 2,
        },
        [((3, 4), np.float64)] * 3,
    ),
    "conv_backward": (
        lambda rng: {
            **_arrays(rng, dout=(2, 4, 3, 4), x=(2, 3, 5, 6), w=(4, 3, 3, 2), b=(4,)),
            "stride": 2,
            "pad": 1,
        },
        [((2, 3, 5, 6), np.float64), ((4, 3, 3, 2), np.float64), ((4,), np.float64)],
    ),
    "max_pool_forward": (
        lambda rng: {**_arrays(rng, x=(2, 3, 5, 6)), "size": 2, "stride": 2},
        [((2, 3, 2, 3), np.float64)],
    ),
    "max_pool_backward": (
        lambda rng: {**_arrays(rng, dout=(2, 3, 2, 3), x=(2, 3, 5, 6)), "size": 2, "stride": 2},
        [((2, 3, 5, 6), np.float64)],
    ),
    "rnn_backward": (
        lambda rng: _arrays(
            rng, dh=(2, 5, 4), x=(2, 5, 3), h0=(2, 4), Wx=(3, 4), Wh=(4, 4), b=(4,)
        ),
        [((2, 5, 3), np.float64), ((2, 4), np.float64), ((3, 4), np.float64)]
        + [((4, 4), np.float64), ((4,), np.float64)],
    ),
    "lstm_step": (
        lambda rng: _arrays(
            rng, x=(2, 3), h_prev=(2, 4), c_prev=(2, 4), Wx=(3, 16), Wh=(4, 16), b=(16,)
        ),
        [((2, 4), np.float64)] * 2,
    ),
    "lstm_forward": (
        lambda rng: _arrays(rng, x=(2, 5, 3), h0=(2, 4), Wx=(3, 16), Wh=(4, 16), b=(16,)),
        [((2, 5, 4), np.float64)],
    ),
}

FUNCTIONS = [
    pytest.param(ex["file"], name, id=f"{ex['id']}.{name}")
    for ex in EXERCISES
    for name in ex["functions"]
]


def _by_id(items: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(item, id=item["id"]) for item in items]


def _parse(folder: str, file: str) -> ast.Module:
    return ast.parse((ROOT / folder / file).read_text(encoding="utf-8"))


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _signature(fn: ast.FunctionDef) -> str:
    """Parameters (names, kinds, annotations, defaults) and return annotation, as source."""
    returns = ast.unparse(fn.returns) if fn.returns is not None else ""
    return f"({ast.unparse(fn.args)}) -> {returns}"


def _without_docstrings(tree: ast.Module) -> str:
    """The module's code with the docstrings of the module and its functions left out."""
    tree = copy.deepcopy(tree)
    for node in (tree, *_functions(tree).values()):
        if ast.get_docstring(node) is not None:
            node.body = node.body[1:]
    return ast.dump(tree)


def _comments(source: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


def _module(package: str, file: str) -> ModuleType:
    return importlib.import_module(f"bigpicture.{package}.{Path(file).stem}")


def _stub(lang: str, file: str) -> ModuleType:
    """The stub module; the non-English ones are package data, so loaded from their path."""
    if lang == "en":
        return _module("exercises", file)
    path = ROOT / STUB_FOLDERS[lang] / file
    spec = importlib.util.spec_from_file_location(f"stub_{lang}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ids_are_exercise1_to_exercise15_in_order() -> None:
    assert [ex["id"] for ex in EXERCISES] == [f"exercise{n}" for n in range(1, 16)]


def test_every_lesson_number_exists() -> None:
    lessons = {lesson["number"] for lesson in MANIFEST["lessons"]}
    assert [ex["lesson"] for ex in EXERCISES if ex["lesson"] not in lessons] == []


def test_aliases_are_unique_and_never_an_id() -> None:
    aliases = [alias for ex in EXERCISES for alias in ex["aliases"]]
    assert len(aliases) == len(set(aliases))
    assert set(aliases).isdisjoint(ex["id"] for ex in EXERCISES)


def test_every_function_has_an_example() -> None:
    assert {name for ex in EXERCISES for name in ex["functions"]} == set(EXAMPLES)


@pytest.mark.parametrize("item", _by_id(EXERCISES))
def test_title_and_hints_exist_in_both_languages(item: dict[str, Any]) -> None:
    for lang in LANGUAGES:
        assert item["title"][lang].strip(), f"empty {lang} title"
        hints = item["hints"][lang]
        assert hints, f"no {lang} hints"
        assert all(isinstance(h, str) and h.strip() for h in hints), f"empty {lang} hint"
    # Three steps, from the idea to the formula; the code itself is `bigpicture solution`'s.
    assert len(item["hints"]["ko"]) == len(item["hints"]["en"]) == 3


@pytest.mark.parametrize("lesson", MANIFEST["lessons"], ids=lambda lesson: lesson["slug"])
def test_lesson_titles_exist_in_both_languages(lesson: dict[str, Any]) -> None:
    assert all(lesson["title"][lang].strip() for lang in LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("exercise", _by_id(EXERCISES))
def test_stub_and_solution_define_the_listed_functions(exercise: dict[str, Any], lang: str) -> None:
    stub = _parse(STUB_FOLDERS[lang], exercise["file"])
    solution = _parse("solutions", exercise["file"])
    stub_functions, solution_functions = _functions(stub), _functions(solution)
    # A solution may have private helpers (exercise15's _sigmoid); the stub has none.
    public = [name for name in solution_functions if not name.startswith("_")]
    assert list(stub_functions) == public
    assert sorted(stub_functions) == sorted(exercise["functions"])
    for name in exercise["functions"]:
        assert _signature(stub_functions[name]) == _signature(solution_functions[name]), name


@pytest.mark.parametrize("exercise", _by_id(EXERCISES))
def test_stubs_in_every_language_share_their_code(exercise: dict[str, Any]) -> None:
    english = _without_docstrings(_parse(STUB_FOLDERS["en"], exercise["file"]))
    for lang in LANGUAGES:
        assert _without_docstrings(_parse(STUB_FOLDERS[lang], exercise["file"])) == english, lang


def test_every_korean_stub_is_an_exercise() -> None:
    found = {path.name for path in (ROOT / STUB_FOLDERS["ko"]).glob("*.py")}
    assert found == {exercise["file"] for exercise in EXERCISES}


@pytest.mark.parametrize("exercise", _by_id(EXERCISES))
def test_stub_and_solution_share_their_docstrings(exercise: dict[str, Any]) -> None:
    stub = _parse("exercises", exercise["file"])
    solution = _parse("solutions", exercise["file"])
    assert ast.get_docstring(stub) and ast.get_docstring(stub) == ast.get_docstring(solution)
    for name, fn in _functions(stub).items():
        docstring = ast.get_docstring(fn)
        assert docstring and docstring == ast.get_docstring(_functions(solution)[name]), name


@pytest.mark.parametrize("exercise", _by_id(EXERCISES))
def test_korean_stubs_are_written_in_korean(exercise: dict[str, Any]) -> None:
    tree = _parse(STUB_FOLDERS["ko"], exercise["file"])
    for node in (tree, *_functions(tree).values()):
        assert HANGUL.search(ast.get_docstring(node) or ""), getattr(node, "name", "module")
    source = (ROOT / STUB_FOLDERS["ko"] / exercise["file"]).read_text(encoding="utf-8")
    english = (ROOT / STUB_FOLDERS["en"] / exercise["file"]).read_text(encoding="utf-8")
    assert all(HANGUL.search(comment) for comment in _comments(source))
    assert not any(HANGUL.search(comment) for comment in _comments(english))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("exercise", _by_id(EXERCISES))
def test_todos_say_what_to_compute_not_how(exercise: dict[str, Any], lang: str) -> None:
    """One TODO per function, in words: no numpy call, no assignment, no return statement."""
    source = (ROOT / STUB_FOLDERS[lang] / exercise["file"]).read_text(encoding="utf-8")
    comments = _comments(source)
    assert sum(comment.startswith("# TODO: ") for comment in comments) == len(exercise["functions"])
    for comment in comments:
        assert not re.search(r"np\.|\breturn\b| = |-=|\+=", comment), comment


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("exercise", _by_id(EXERCISES))
def test_stub_bodies_only_raise_not_implemented(exercise: dict[str, Any], lang: str) -> None:
    for name, fn in _functions(_parse(STUB_FOLDERS[lang], exercise["file"])).items():
        body = fn.body[1:] if ast.get_docstring(fn) else fn.body
        assert [ast.unparse(statement) for statement in body] == [
            f"raise NotImplementedError({name!r})"
        ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("file", "name"), FUNCTIONS)
def test_stub_raises_not_implemented_on_valid_input(file: str, name: str, lang: str) -> None:
    make_args, _ = EXAMPLES[name]
    function = getattr(_stub(lang, file), name)
    with pytest.raises(NotImplementedError, match=f"^{name}$"):
        function(**make_args(np.random.default_rng(0)))


@pytest.mark.parametrize("item", _by_id(EXERCISES))
def test_hints_show_no_code(item: dict[str, Any]) -> None:
    """Only ``bigpicture solution`` shows code: a hint names things and states formulas.

    Anything in backticks must be a plain name or expression, never a call or a statement.
    """
    for lang in LANGUAGES:
        for hint in item["hints"][lang]:
            assert "np." not in hint, hint
            for span in re.findall(r"`([^`]+)`", hint):
                try:
                    tree = ast.parse(span, mode="eval")
                except SyntaxError:
                    pytest.fail(f"{span!r} in a {lang} hint is a statement: {hint}")
                calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
                assert not calls, f"{span!r} in a {lang} hint is a call: {hint}"


@pytest.mark.parametrize(("file", "name"), FUNCTIONS)
def test_solution_returns_documented_shapes_without_touching_inputs(file: str, name: str) -> None:
    make_args, expected = EXAMPLES[name]
    kwargs = make_args(np.random.default_rng(0))
    before = {k: copy.deepcopy(v) for k, v in kwargs.items() if isinstance(v, np.ndarray)}
    result = getattr(_module("solutions", file), name)(**kwargs)
    outputs = result if isinstance(result, tuple) else (result,)
    # A shape of None stands for a Python float (softmax_cross_entropy's loss).
    assert [
        "float" if isinstance(out, float) else (type(out), out.shape, out.dtype) for out in outputs
    ] == [
        "float" if shape is None else (np.ndarray, shape, np.dtype(dtype))
        for shape, dtype in expected
    ]
    for key, original in before.items():
        np.testing.assert_array_equal(kwargs[key], original, err_msg=f"{name} modified {key}")


MISTAKES = sorted((ROOT / "tests" / "mistakes").glob("exercise*/*.py"))


def test_mistake_folders_are_exercise_ids() -> None:
    folders = {path.parent.name for path in MISTAKES}
    assert folders == {ex["id"] for ex in EXERCISES}


@pytest.mark.parametrize("path", MISTAKES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_mistake_names_its_diagnosis_and_defines_every_function(path: Path) -> None:
    """Read with ``ast`` only: these files are wrong on purpose and are never imported here."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree) or ""
    summary, *rest = docstring.splitlines() or [""]
    assert summary.strip(), "the docstring's first line should say the mistake"
    assert any(line.startswith("DIAGNOSIS: ") and line[11:].strip() for line in rest)
    exercise = next(ex for ex in EXERCISES if ex["id"] == path.parent.name)
    assert set(exercise["functions"]) <= set(_functions(tree))  # helpers of its own are fine


def test_every_exercise_names_a_checks_module_that_builds_its_checks() -> None:
    from bigpicture.grader.checks import checks_module
    from bigpicture.grader.manifest import load_manifest

    for exercise in load_manifest().exercises:
        assert callable(checks_module(exercise).build), exercise.id
