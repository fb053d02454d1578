"""The optimizer race's branches of the family (key f): what each heat races, what lesson 5 says
to look at in it, and the lines drawn for it."""

from __future__ import annotations

import numpy as np
import pytest

from bigpicture.course.demos import make_demo
from bigpicture.course.demos.optimizer_race import (
    HEATS,
    STEPS,
    TARGET,
    OptimizerRaceDemo,
    Race,
    rises_of,
)
from bigpicture.course.demos.problems import first_below
from bigpicture.course.widgets.plot_panel import PlotPanel
from tests.test_plot_panel import SHORT, PanelApp, drawn

SEEDS = range(4)


def race(seed: int, heat: int) -> Race:
    demo = make_demo("optimizer-race")
    for _ in range(seed):
        demo.press("r")
    for _ in range(heat):
        demo.press("f")
    data = demo.compute()
    assert (data.seed, data.heat) == (seed, heat)
    return data


def test_f_walks_the_heats_and_comes_back_to_the_cached_first():
    demo = make_demo("optimizer-race")
    first = demo.compute()
    names = []
    for _ in HEATS:
        names.append(tuple(racer.name.en for racer in HEATS[demo.compute().heat].racers))
        assert demo.press("f")
    assert demo.compute() is first
    assert names == [
        ("SGD", "momentum", "Adam"),
        ("SGD", "momentum", "Nesterov"),
        ("AdaGrad", "RMSProp", "Adam"),
    ]


def test_r_keeps_the_heat_and_f_keeps_the_start():
    demo = make_demo("optimizer-race")
    demo.press("f")
    before = demo.compute()
    demo.press("r")
    after_r = demo.compute()
    assert after_r.heat == before.heat and not np.array_equal(after_r.start, before.start)
    demo.press("f")
    assert np.array_equal(demo.compute().start, after_r.start)


@pytest.mark.parametrize("heat", range(len(HEATS)))
def test_every_heat_races_three_finite_curves_from_one_start(heat):
    data = race(0, heat)
    assert data.losses.shape == (3, STEPS + 1)
    assert np.isfinite(data.losses).all()
    assert np.all(data.losses[:, 0] == data.losses[0, 0])


def test_a_racer_runs_the_same_in_every_heat():
    # Adam races in the first and the last heat: the same curve in both.
    assert np.array_equal(race(1, 0).losses[2], race(1, 2).losses[2])


@pytest.mark.parametrize("seed", SEEDS)
def test_nesterov_overshoots_less_than_momentum(seed):
    sgd, momentum, nesterov = (rises_of(losses) for losses in race(seed, 1).losses)
    assert sgd == 0
    assert nesterov < 0.9 * momentum


@pytest.mark.parametrize("seed", SEEDS)
def test_adagrad_slows_down_where_rmsprop_does_not(seed):
    adagrad, rmsprop, _ = race(seed, 2).losses
    reached = [first_below(losses, TARGET * losses[0]) for losses in (adagrad, rmsprop)]
    assert reached[1] is not None and (reached[0] is None or reached[0] > 3 * reached[1])
    # The same drop takes AdaGrad ever longer: the last 50 steps gain less than the first 50.
    assert adagrad[150] / adagrad[100] > adagrad[50] / adagrad[0]


def test_rises_of_counts_rises_above_rounding_noise():
    losses = np.array([1.0, 2.0, 1.0, 1.5, 1e-14, 2e-14, 1e-14])
    assert rises_of(losses) == 2


def test_setting_names_the_branch_in_both_languages():
    demo = make_demo("optimizer-race")
    assert demo.setting(race(0, 0), "en") == "seed 0"
    assert demo.setting(race(2, 1), "en") == "momentum branch, seed 2"
    assert demo.setting(race(2, 1), "ko") == "모멘텀 가지, 시드 2"
    assert demo.setting(race(0, 2), "ko") == "적응형 가지, 시드 0"


def test_the_momentum_branch_caption_counts_the_overshoots():
    data = race(0, 1)
    counts = [rises_of(losses) for losses in data.losses]
    demo = make_demo("optimizer-race")
    assert demo.caption(data, "en") == (
        f"steps where the loss rose: SGD {counts[0]}, momentum {counts[1]}, Nesterov {counts[2]}"
    )
    assert demo.caption(data, "ko").startswith("손실이 오른 스텝 수")


def test_the_adaptive_branch_caption_says_adagrad_never_got_there():
    caption = make_demo("optimizer-race").caption(race(0, 2), "en")
    assert caption.startswith("steps to 1/1000 of the starting loss: AdaGrad > 150, RMSProp ")


class Recorder:
    """Stands in for plotext: keeps the colour of every line drawn."""

    def __init__(self) -> None:
        self.colors: list[tuple[int, int, int]] = []
        self.hlines = 0

    def hline(self, y, color) -> None:
        self.hlines += 1

    def plot(self, x, y, color) -> None:
        assert len(x) == len(y) == STEPS + 1
        self.colors.append(color)

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


@pytest.mark.parametrize("heat", range(len(HEATS)))
def test_each_racer_is_drawn_in_its_legend_colour(heat):
    data, plt = race(0, heat), Recorder()
    demo = OptimizerRaceDemo()
    demo.draw(plt, data)
    legend = demo.legend(data, "en")
    assert plt.colors == [entry.color for entry in legend[:3]]
    # The target line is drawn, and named, where the caption counts the steps to it.
    assert (len(legend) == 4) == (plt.hlines == 1) == (not HEATS[heat].counts_rises)
    assert len(set(plt.colors)) == 3
    assert [entry.label.split(",")[0].split(" ")[0] for entry in legend[:3]] == [
        racer.name.en for racer in HEATS[heat].racers
    ]


@pytest.mark.anyio
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_every_heat_leaves_the_figure_8_rows_in_the_short_panel(lang):
    # The 80x24 layout's plot column; the other branches' longer setting and caption included.
    app = PanelApp(38, SHORT)
    async with app.run_test(size=(38, SHORT)) as pilot:
        panel = app.query_one(PlotPanel)
        panel.show(("learning-rate", "optimizer-race"), lang)
        await drawn(pilot)
        panel.next_plot()
        for seed_presses in ("", "r" * 10):
            for _ in HEATS:
                panel = await drawn(pilot)
                assert panel.query_one("#plot").size.height >= 8
                panel.press("f")
            for key in seed_presses:
                panel.press(key)
