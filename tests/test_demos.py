"""The live plots without the UI: data, determinism, keys, caching, what each lesson says the
plot shows, the text around each figure in both languages, and the drawn figure itself."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections import defaultdict

import numpy as np
import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual_plotext import PlotextPlot

from bigpicture.course.demos import DEMOS, Demo, descent, dropout, make_demo
from bigpicture.course.demos.problems import first_below
from bigpicture.grader import engine
from bigpicture.grader.manifest import load_manifest
from tests.helpers import pressed

# The figure's size in the TUI's right column at 100x32 (about 37 x 15 cells, the tallest
# header and legend leaving fewer rows) and at 80x24, and in a wider column.
SIZES = {"100x32": (37, 14), "80x24": (37, 8), "wide": (45, 16)}
HANGUL = re.compile("[\uac00-\ud7a3]")


def arrays(data: object) -> dict[str, object]:
    """The dataclass's fields, by name."""
    return {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}


def same(a: object, b: object) -> bool:
    """Equal data: every field equal, arrays elementwise."""
    fa, fb = arrays(a), arrays(b)
    return fa.keys() == fb.keys() and all(np.array_equal(fa[k], fb[k]) for k in fa)


def test_the_plots_of_a_lesson_have_keys_of_their_own():
    for lesson in load_manifest().lessons:
        seen: dict[str, str] = {}
        for name in lesson.plots:
            for key in (k.key for k in make_demo(name).keys):
                assert key not in seen, f"lesson {lesson.number}: {name} and {seen[key]} use {key}"
                seen[key] = name


@pytest.fixture(scope="module")
def defaults() -> dict[str, object]:
    """Each demo's data in its default state, computed once for the module."""
    return {name: make_demo(name).compute() for name in DEMOS}


# -- data ---------------------------------------------------------------------------------


def test_every_manifest_plot_is_a_demo_and_back():
    plots = {plot for lesson in load_manifest().lessons for plot in lesson.plots}
    assert plots == set(DEMOS)


def test_unknown_demo_names_the_known_ones():
    with pytest.raises(KeyError, match="known: activations, vanishing"):
        make_demo("vanishin")


@pytest.mark.parametrize("name", DEMOS)
def test_class_attributes(name):
    demo = make_demo(name)
    assert isinstance(demo, Demo) and demo.name == name
    assert demo.title.en and demo.title.ko and demo.title.en != demo.title.ko
    for key in demo.keys:
        assert len(key.key) == 1 and key.description.en and key.description.ko
        assert key.description.en != key.description.ko
    assert not demo.press("?"), "an unknown key must not ask for a redraw"


EXPECTED_SHAPES = {
    "activations": {"x": (241,), "sigmoid": (241,), "relu_grad": (241,)},
    "vanishing": {"layers": (10,), "sigmoid": (10,), "relu": (10,)},
    "descent": {"contours": (4, 200, 2), "gd": (61, 2), "sgd": (61, 2), "sgd_loss": (61,)},
    "learning-rate": {"rates": (3,), "losses": (3, 51)},
    "optimizer-race": {"start": (2,), "losses": (3, 151)},
    "dropout": {"plain": (2, 800), "dropped": (2, 800)},
    "weight-decay": {"steps": (1500,), "norms": (2, 1500), "train": (2,), "val": (2,)},
    "conv": {"image": (8, 8), "kernel": (3, 3), "out": (6, 6), "products": (3, 3)},
    "rnn": {"x": (20,), "h": (20, 4)},
    "bptt": {"steps": (21,), "rnn": (21,), "lstm": (21,), "bound": (21,)},
}


@pytest.mark.parametrize("name", DEMOS)
def test_default_data_is_finite_with_documented_shapes(name, defaults):
    fields = arrays(defaults[name])
    for field, shape in EXPECTED_SHAPES[name].items():
        assert np.shape(fields[field]) == shape, field
    for field, value in fields.items():
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            assert np.isfinite(value).all(), field


@pytest.mark.parametrize("name", DEMOS)
def test_compute_is_deterministic(name, defaults):
    assert same(make_demo(name).compute(), defaults[name])


@pytest.mark.parametrize("name", [n for n in DEMOS if DEMOS[n].keys])
def test_every_key_changes_the_data_and_the_cache_returns_it(name):
    for key in DEMOS[name].keys:
        demo = make_demo(name)
        first = demo.compute()
        assert demo.press(key.key)
        assert not same(demo.compute(), first), f"{key.key} changed nothing"
        back = pressed(name, key.key)
        assert same(back.compute(), demo.compute()), f"{key.key}: same state, other data"


# A key and the presses that undo it; "r" only ever moves on to a new seed.
ROUND_TRIPS = [
    ("descent", "m", "m"),
    ("learning-rate", "[", "]"),
    ("learning-rate", "]", "["),
    ("dropout", "]", "["),
    ("conv", "f", "f"),
    ("conv", "o", "o" * 35),
]


@pytest.mark.parametrize(("name", "key", "undo"), ROUND_TRIPS)
def test_going_back_returns_the_cached_data(name, key, undo):
    demo = make_demo(name)
    first = demo.compute()
    demo.press(key)
    assert demo.compute() is not first
    for k in undo:
        demo.press(k)
    assert demo.compute() is first


def test_descent_r_keeps_gd_and_changes_sgd():
    first, second = make_demo("descent").compute(), pressed("descent", "r").compute()
    assert np.array_equal(first.gd, second.gd) and not np.array_equal(first.sgd, second.sgd)


def test_activations_peaks(defaults):
    data = defaults["activations"]
    assert data.sigmoid_grad.max() == pytest.approx(0.25)
    assert np.all(data.relu_grad[data.x > 0] == 1) and np.all(data.relu_grad[data.x < 0] == 0)


@pytest.mark.parametrize("presses", ["", "rrr"])
def test_vanishing_sigmoid_loses_the_gradient_relu_keeps_it(presses):
    data = pressed("vanishing", presses).compute()
    assert data.sigmoid[0] < 1e-3 * data.sigmoid[-1]
    assert data.relu[0] > 1e-2 * data.relu[-1]


def test_learning_rate_small_crawls_good_converges_large_diverges(defaults):
    small, good, large = defaults["learning-rate"].losses
    assert large[-1] > large[0]
    assert good[-1] < 1e-2 * good[0]
    assert 1e-2 * small[0] < small[-1] < small[0]


@pytest.mark.parametrize("presses", ["", "r", "rr"])
def test_optimizer_race_momentum_and_adam_beat_sgd(presses):
    losses = pressed("optimizer-race", presses).compute().losses
    sgd, momentum, adam = (first_below(run, 1e-3 * run[0]) for run in losses)
    assert momentum is not None and adam is not None
    assert sgd is None or (momentum < sgd and adam < sgd)


def test_dropout_is_capped_at_0_and_0_9():
    demo = make_demo("dropout")
    for _ in range(2):
        assert demo.press("[")
    assert not demo.press("[")
    for _ in range(9):
        assert demo.press("]")
    assert not demo.press("]") and demo.compute().p == 0.9


@pytest.mark.parametrize("presses", ["", "f", "o" * 13, "f" + "o" * 35])
def test_conv_output_is_the_engines_and_the_window_sums_to_it(presses):
    data = pressed("conv", presses).compute()
    expected = engine.conv_forward(data.image[None, None], data.kernel[None, None], np.zeros(1))
    np.testing.assert_array_equal(data.out, expected[0, 0])
    assert data.products.sum() == pytest.approx(data.out[data.position])
    assert data.filled().sum() == data.position[0] * 6 + data.position[1] + 1


def test_conv_edge_filter_is_zero_on_flat_regions(defaults):
    out = defaults["conv"].out
    assert out[0, 0] == 0 and out[0, 1] != 0


@pytest.mark.parametrize("presses", ["", "r", "rrrrr"])
def test_rnn_hidden_state_stays_inside_tanh_bounds(presses):
    h = pressed("rnn", presses).compute().h
    assert np.abs(h).max() < 1 and np.abs(h).max() > 0.1


# -- what the lesson texts say the plots show -----------------------------------------------


def zigzag(path: np.ndarray) -> float:
    """How much a path (S, 2) turns from step to step: the mean length of its second
    differences, 0 on a straight line walked at a constant speed."""
    return float(np.mean(np.linalg.norm(np.diff(path, n=2, axis=0), axis=1)))


def turns_across(path: np.ndarray) -> int:
    """How often a path (S, 2) turns back across the valley (its w2 step changes sign)."""
    signs = np.sign(np.diff(path[:, 1]))
    signs = signs[signs != 0]
    return int(np.sum(signs[1:] != signs[:-1]))


@pytest.mark.parametrize("presses", ["", "m"])
def test_descent_sgd_touches_far_fewer_examples(presses):
    # Lesson 4: many rough steps beat one exact step.
    data = pressed("descent", presses).compute()
    target = descent.TARGET_LOSS
    gd, sgd = first_below(data.gd_loss, target), first_below(data.sgd_loss, target)
    assert gd is not None and sgd is not None
    assert sgd * descent.BATCH < gd * descent.N_EXAMPLES / 10


@pytest.mark.parametrize("momentum", ["", "m"])
def test_descent_both_paths_stay_in_the_drawn_window(momentum):
    for seed in range(10):
        data = pressed("descent", momentum + "r" * seed).compute()
        for path in (data.gd, data.sgd):
            assert descent.X_WINDOW[0] < path[:, 0].min() and path[:, 0].max() < descent.X_WINDOW[1]
            assert descent.Y_WINDOW[0] < path[:, 1].min() and path[:, 1].max() < descent.Y_WINDOW[1]


def test_descent_gd_is_smooth_and_sgd_zigzags():
    data = make_demo("descent").compute()
    assert turns_across(data.gd) == 0
    assert turns_across(data.sgd) >= 20
    assert zigzag(data.sgd) > 5 * zigzag(data.gd)


@pytest.mark.parametrize("seed", range(5))
def test_descent_momentum_smooths_the_zigzag_out(seed):
    plain = pressed("descent", "r" * seed).compute()
    smooth = pressed("descent", "m" + "r" * seed).compute()
    assert zigzag(smooth.sgd) < zigzag(plain.sgd) / 4
    assert turns_across(smooth.sgd) < turns_across(plain.sgd) / 2
    # One swing across the floor, then settling: no loops round and round the minimum.
    assert turns_across(smooth.gd) <= 4


def test_descent_shows_the_momentum_and_the_learning_rate_it_used():
    data = pressed("descent", "m").compute()
    assert data.momentum == 0.9 and data.lr == pytest.approx(descent.LR / 10)


def test_dropout_without_it_validation_turns_back_up_while_training_falls(defaults):
    train, val = defaults["dropout"].plain
    turn = int(np.argmin(val))
    assert turn < dropout.EPOCHS // 2 and val[-1] > 3 * val[turn]
    assert train[-1] < 0.5 * train[turn]


def test_dropout_narrows_the_gap_and_too_much_of_it_underfits(defaults):
    data = defaults["dropout"]
    assert data.p == 0.2
    plain, dropped = data.gaps()
    assert plain > 5 * dropped > 0
    assert data.dropped[1, -1] < data.plain[1, -1] / 3
    too_much = pressed("dropout", "]" * 7).compute()
    assert too_much.p == 0.9 and too_much.dropped[0, -1] > 5 * data.plain[0, -1]


# -- the text around the figures, in both languages -----------------------------------------


@pytest.mark.parametrize("name", DEMOS)
def test_legend_and_axes_exist_in_both_languages(name, defaults):
    demo, data = make_demo(name), defaults[name]
    en, ko = demo.legend(data, "en"), demo.legend(data, "ko")
    assert en and len(en) == len(ko)
    assert [e.color for e in en] == [e.color for e in ko]
    assert all(e.label and e.mark for e in en + ko)
    axes = [label for label in (demo.x_label, demo.y_label) if label is not None]
    english = " ".join([demo.title.en] + [e.label for e in en] + [a.en for a in axes])
    korean = " ".join([demo.title.ko] + [e.label for e in ko] + [a.ko for a in axes])
    assert not HANGUL.search(english)
    assert HANGUL.search(korean)
    for label in axes:
        assert label.en and label.ko


@pytest.mark.parametrize("name", DEMOS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_caption_reads_out_numbers(name, lang, defaults):
    caption = make_demo(name).caption(defaults[name], lang)
    assert caption and any(ch.isdigit() for ch in caption)
    assert bool(HANGUL.search(caption)) == (lang == "ko")


SETTINGS = [
    # name, keys, setting before the keys, after them, in English and Korean
    ("descent", "m", "momentum 0, lr 0.5", "momentum 0.9, lr 0.05", "모멘텀 0.9, lr 0.05"),
    ("learning-rate", "]", "middle lr 0.4", "middle lr 0.8", "가운데 lr 0.8"),
    ("dropout", "]", "p 0.2", "p 0.3", "p 0.3"),
    ("conv", "f", "edge filter", "blur filter", "흐림 필터"),
    ("vanishing", "r", "seed 0", "seed 1", "시드 1"),
    ("optimizer-race", "rr", "seed 0", "seed 2", "시드 2"),
    ("rnn", "r", "seed 0", "seed 1", "시드 1"),
]


@pytest.mark.parametrize(("name", "keys", "before", "after_en", "after_ko"), SETTINGS)
def test_setting_says_what_the_keys_changed(name, keys, before, after_en, after_ko):
    assert make_demo(name).setting(make_demo(name).compute(), "en") == before
    demo = pressed(name, keys)
    data = demo.compute()
    assert demo.setting(data, "en") == after_en
    assert demo.setting(data, "ko") == after_ko


# -- the figures as drawn -------------------------------------------------------------------


class PlotApp(App[None]):
    """One plot widget filling the screen, as the TUI's plot pane does."""

    def compose(self) -> ComposeResult:
        yield PlotextPlot()


async def render_all(jobs: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], Text]:
    """The rendered figure of each (name, keys, size) job."""
    rendered = {}
    for size in {size for _, _, size in jobs}:
        app = PlotApp()
        async with app.run_test(size=SIZES[size]) as pilot:
            widget = app.query_one(PlotextPlot)
            for name, keys, job_size in jobs:
                if job_size != size:
                    continue
                demo = pressed(name, keys)
                widget.plt.clear_figure()
                demo.draw(widget.plt, demo.compute())
                # Twice: the widget builds the figure again on every render, e.g. on resize.
                for _ in range(2):
                    widget.refresh()
                    await pilot.pause()
                    text = widget.render()
                rendered[name, keys, size] = text
    return rendered


# Every demo as it opens, and the descent plot with momentum and with other batches.
JOBS = [(name, "", size) for name in DEMOS for size in SIZES] + [
    ("descent", keys, size) for keys in ("m", "r", "mr", "rr", "mrr") for size in SIZES
]


@pytest.fixture(scope="module")
def figures() -> dict[tuple[str, str, str], Text]:
    return asyncio.run(render_all(JOBS))


def cells_by_color(figure: Text) -> dict[tuple[int, int, int], set[tuple[int, int]]]:
    """Where each colour is drawn: (row, column) of every non-blank cell, by RGB colour."""
    cells: dict[tuple[int, int, int], set[tuple[int, int]]] = defaultdict(set)
    for row, line in enumerate(figure.split("\n")):
        for span in line.spans:
            color = span.style.color if hasattr(span.style, "color") else None
            if color is None or color.triplet is None:
                continue
            for column in range(span.start, span.end):
                if not line.plain[column].isspace():
                    cells[tuple(color.triplet)].add((row, column))
    return cells


@pytest.mark.parametrize("job", JOBS, ids="-".join)
def test_the_figure_holds_no_words(job, figures):
    # plotext counts a Korean glyph as one cell: every word is outside the figure.
    plain = figures[job].plain
    assert not HANGUL.search(plain)
    assert not re.search("[A-Za-z]{2,}", plain), plain


@pytest.mark.parametrize("job", [j for j in JOBS if j[0] != "conv"], ids="-".join)
def test_every_legend_colour_is_drawn(job, figures):
    name, keys, _ = job
    demo = pressed(name, keys)
    drawn = cells_by_color(figures[job])
    for entry in demo.legend(demo.compute(), "en"):
        assert drawn[entry.color], entry.label


@pytest.mark.parametrize("job", [j for j in JOBS if j[0] == "descent"], ids="-".join)
def test_descent_shows_both_paths(job, figures):
    # GD is drawn over SGD: where SGD leaves GD's path, its own cells show it.
    _, keys, size = job
    drawn = cells_by_color(figures[job])
    least = 2 if size == "80x24" and "m" in keys else 8
    assert len(drawn[descent.BLUE]) >= 8 and len(drawn[descent.RED]) >= least


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("name", "last"), [("learning-rate", "50"), ("optimizer-race", "150")])
def test_the_last_step_has_its_tick(name, last, size, figures):
    ticks = figures[name, "", size].plain.rstrip("\n").split("\n")[-1]
    assert ticks.rstrip().endswith(last), ticks


def final_rows(figure: Text, colors: tuple) -> list[float]:
    """The mean row at which each colour's curve ends (its last two drawn columns)."""
    drawn = cells_by_color(figure)
    rows = []
    for color in colors:
        last = max(column for _, column in drawn[color])
        rows.append(float(np.mean([r for r, c in drawn[color] if c >= last - 1])))
    return rows


@pytest.mark.parametrize("size", ["100x32", "wide"])
def test_dropout_pairs_end_as_separate_curves(size, figures):
    train, val, train_dropped, val_dropped = final_rows(
        figures["dropout", "", size], dropout.COLORS
    )
    assert train - val >= 5, "the gap without dropout: validation far above training"
    assert train_dropped - val_dropped >= 1.5, "with dropout: two curves, not one band"
    assert train_dropped - val_dropped < train - val
