"""The live plots: data shapes, determinism, keys, caching, the physics shown, and drawing."""

from __future__ import annotations

import asyncio
import dataclasses

import numpy as np
import pytest
from textual.app import App, ComposeResult
from textual_plotext import PlotextPlot

from bigpicture.course.demos import DEMOS, Demo, make_demo
from bigpicture.course.demos.problems import first_below
from bigpicture.grader import engine
from bigpicture.grader.manifest import load_manifest

# The TUI draws each demo in a pane of about this size; 100x32 is the bench's size.
SIZES = [(100, 32), (45, 18)]


def arrays(data: object) -> dict[str, object]:
    """The dataclass's fields, by name."""
    return {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}


def same(a: object, b: object) -> bool:
    """Equal data: every field equal, arrays elementwise."""
    fa, fb = arrays(a), arrays(b)
    return fa.keys() == fb.keys() and all(np.array_equal(fa[k], fb[k]) for k in fa)


@pytest.fixture(scope="module")
def defaults() -> dict[str, object]:
    """Each demo's data in its default state, computed once for the module."""
    return {name: make_demo(name).compute() for name in DEMOS}


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
    assert not demo.press("?"), "an unknown key must not ask for a redraw"


EXPECTED_SHAPES = {
    "activations": {"x": (241,), "sigmoid": (241,), "relu_grad": (241,)},
    "vanishing": {"layers": (10,), "sigmoid": (10,), "relu": (10,)},
    "descent": {"contours": (4, 48, 2), "gd": (61, 2), "sgd": (61, 2), "sgd_loss": (61,)},
    "learning-rate": {"rates": (3,), "losses": (3, 51)},
    "optimizer-race": {"start": (2,), "losses": (3, 151)},
    "dropout": {"plain": (2, 600), "dropped": (2, 600)},
    "conv": {"image": (8, 8), "kernel": (3, 3), "out": (6, 6), "products": (3, 3)},
    "rnn": {"x": (20,), "h": (20, 4)},
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
        back = make_demo(name)
        back.press(key.key)
        assert same(back.compute(), demo.compute()), f"{key.key}: same state, other data"


# A key and the presses that undo it; "r" only ever moves on to a new seed.
ROUND_TRIPS = [
    ("descent", "m", "m"),
    ("learning-rate", "[", "]"),
    ("learning-rate", "]", "["),
    ("dropout", "]", "["),
    ("conv", "f", "f"),
    ("conv", "n", "n" * 35),
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
    demo = make_demo("descent")
    first = demo.compute()
    demo.press("r")
    second = demo.compute()
    assert np.array_equal(first.gd, second.gd) and not np.array_equal(first.sgd, second.sgd)


def test_activations_peaks(defaults):
    data = defaults["activations"]
    assert data.sigmoid_grad.max() == pytest.approx(0.25)
    assert np.all(data.relu_grad[data.x > 0] == 1) and np.all(data.relu_grad[data.x < 0] == 0)


@pytest.mark.parametrize("presses", [0, 3])
def test_vanishing_sigmoid_loses_the_gradient_relu_keeps_it(presses):
    demo = make_demo("vanishing")
    for _ in range(presses):
        demo.press("r")
    data = demo.compute()
    assert data.sigmoid[0] < 1e-3 * data.sigmoid[-1]
    assert data.relu[0] > 1e-2 * data.relu[-1]


def test_descent_sgd_touches_far_fewer_examples(defaults):
    data = defaults["descent"]
    gd, sgd = first_below(data.gd_loss, 0.25), first_below(data.sgd_loss, 0.25)
    assert gd is not None and sgd is not None
    assert sgd * 16 < gd * 1000 / 10


def test_learning_rate_small_crawls_good_converges_large_diverges(defaults):
    small, good, large = defaults["learning-rate"].losses
    assert large[-1] > large[0]
    assert good[-1] < 1e-2 * good[0]
    assert 1e-2 * small[0] < small[-1] < small[0]


@pytest.mark.parametrize("presses", [0, 1, 2])
def test_optimizer_race_momentum_and_adam_beat_sgd(presses):
    demo = make_demo("optimizer-race")
    for _ in range(presses):
        demo.press("r")
    sgd, momentum, adam = (first_below(run, 1e-3 * run[0]) for run in demo.compute().losses)
    assert momentum is not None and adam is not None
    assert sgd is None or (momentum < sgd and adam < sgd)


def test_dropout_narrows_the_generalization_gap(defaults):
    plain, dropped = defaults["dropout"].gaps()
    assert plain > dropped
    assert defaults["dropout"].p == 0.3


def test_dropout_is_capped_at_0_and_0_9():
    demo = make_demo("dropout")
    for _ in range(3):
        assert demo.press("[")
    assert not demo.press("[")
    for _ in range(9):
        assert demo.press("]")
    assert not demo.press("]") and demo.compute().p == 0.9


@pytest.mark.parametrize("presses", ["", "f", "n" * 13, "f" + "n" * 35])
def test_conv_output_is_the_engines_and_the_window_sums_to_it(presses):
    demo = make_demo("conv")
    for key in presses:
        demo.press(key)
    data = demo.compute()
    expected = engine.conv_forward(data.image[None, None], data.kernel[None, None], np.zeros(1))
    np.testing.assert_array_equal(data.out, expected[0, 0])
    assert data.products.sum() == pytest.approx(data.out[data.position])
    assert data.filled().sum() == data.position[0] * 6 + data.position[1] + 1


def test_conv_edge_filter_is_zero_on_flat_regions(defaults):
    out = defaults["conv"].out
    assert out[0, 0] == 0 and out[0, 1] != 0


@pytest.mark.parametrize("presses", [0, 1, 5])
def test_rnn_hidden_state_stays_inside_tanh_bounds(presses):
    demo = make_demo("rnn")
    for _ in range(presses):
        demo.press("r")
    h = demo.compute().h
    assert np.abs(h).max() < 1 and np.abs(h).max() > 0.1


@pytest.mark.parametrize("name", DEMOS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_caption_reads_out_numbers(name, lang, defaults):
    demo = make_demo(name)
    caption = demo.caption(defaults[name], lang)
    assert caption and any(ch.isdigit() for ch in caption)
    hangul = any("\uac00" <= ch <= "\ud7a3" for ch in caption)
    assert hangul == (lang == "ko")


class PlotApp(App[None]):
    """One plot widget filling the screen, as the TUI's plot pane does."""

    def compose(self) -> ComposeResult:
        yield PlotextPlot()


async def rendered_titles(size: tuple[int, int], data: dict[str, object]) -> list[tuple]:
    """(name, lang, title, rendered text) for every demo drawn in a widget of ``size``."""
    found = []
    app = PlotApp()
    async with app.run_test(size=size) as pilot:
        widget = app.query_one(PlotextPlot)
        for name in DEMOS:
            demo = make_demo(name)
            for lang in ("en", "ko"):
                widget.plt.clear_figure()
                demo.draw(widget.plt, data[name], lang)
                # Twice: the widget builds the figure again on every render, e.g. on resize.
                for _ in range(2):
                    widget.refresh()
                    await pilot.pause()
                    text = widget.plt.uncolorize(str(widget.render()))
                found.append((name, lang, demo.title(lang), text))
    return found


@pytest.mark.parametrize("size", SIZES)
def test_every_demo_draws_its_title_in_both_languages(size, defaults):
    for name, lang, title, text in asyncio.run(rendered_titles(size, defaults)):
        # plotext drops a title wider than the plot: titles must fit the narrow pane.
        assert title in text, (name, lang)
