"""Lesson 8's "bptt" plot: how much of the last step's gradient reaches each earlier step of a
tanh RNN and of an LSTM, from the reference engine's backward passes, as the keys move the
recurrent weights' scale from vanishing to exploding."""

from __future__ import annotations

from typing import cast

import numpy as np
import pytest

from bigpicture.course.demos import bptt
from bigpicture.course.demos.common import GRAY
from tests.helpers import Recorder
from tests.helpers import pressed as any_pressed


def pressed(keys: str) -> bptt.BpttDemo:
    return cast(bptt.BpttDemo, any_pressed("bptt", keys))


def test_the_brackets_step_the_scale_and_stop_at_the_ends():
    demo = pressed("")
    assert demo.compute().scale == 0.5
    assert demo.press("]") and demo.compute().scale == 0.75
    assert demo.press("[") and demo.press("[") and demo.compute().scale == 0.25
    assert not demo.press("["), "the smallest scale cannot go lower"
    for _ in range(len(bptt.SCALES) - 1):
        assert demo.press("]")
    assert not demo.press("]") and demo.compute().scale == bptt.SCALES[-1]
    assert not demo.press("r"), "r is the other plot's key in this lesson"


def test_fresh_weights_change_the_curves_and_going_back_is_cached():
    demo = pressed("")
    first = demo.compute()
    assert demo.press("f")
    fresh = demo.compute()
    assert fresh.seed == 1 and fresh.scale == first.scale
    assert not np.array_equal(fresh.rnn, first.rnn)
    demo.press("]")
    demo.press("[")
    assert demo.compute() is fresh


def test_every_curve_is_relative_to_the_last_step():
    data = pressed("").compute()
    assert data.steps.tolist() == list(range(bptt.STEPS))
    assert data.rnn[-1] == data.lstm[-1] == data.bound[-1] == 1.0
    assert data.bound[0] == pytest.approx(0.5**20)


@pytest.mark.parametrize("seed", range(8))
def test_below_1_the_rnn_vanishes_like_the_lesson_says_and_the_lstm_does_not(seed):
    data = pressed("f" * seed).compute()
    # The lesson: 0.5 per step for 20 steps is about 1e-6; the tanh slopes only shrink it.
    assert data.rnn[0] < 3e-6
    assert 0.2 < data.lstm[0] < 0.7, "a quarter to a half reaches step 0"
    assert data.lstm[0] > 1e5 * data.rnn[0]
    assert np.all(np.diff(np.log(data.rnn)) > 0), "the RNN's gradient shrinks at every step back"


@pytest.mark.parametrize("seed", range(3))
def test_at_the_largest_scale_both_explode_going_back(seed):
    data = pressed("]" * len(bptt.SCALES) + "f" * seed).compute()
    assert data.scale == 3.0
    assert data.rnn[0] > 100
    assert data.lstm[0] > 5, "the LSTM can still explode, through h"


def test_the_setting_and_caption_read_the_data_in_both_languages():
    demo = pressed("]f")
    data = demo.compute()
    assert demo.setting(data, "en") == "Wh 0.75, seed 1"
    assert demo.setting(data, "ko") == "Wh 0.75, 시드 1"
    rnn, lstm = bptt.sci(data.rnn[0]), bptt.sci(data.lstm[0])
    assert demo.caption(data, "en") == f"20 steps back: RNN {rnn}, LSTM {lstm}"
    assert demo.caption(data, "ko") == f"20스텝 앞: RNN {rnn}배, LSTM {lstm}배"
    assert [entry.label for entry in demo.legend(data, "en")] == ["tanh RNN", "LSTM", "×0.75/step"]


def test_draw_plots_the_three_series_on_a_log_scale_in_the_legend_colours():
    demo = pressed("")
    data = demo.compute()
    plt = Recorder()
    demo.draw(plt, data)
    colors = [entry.color for entry in demo.legend(data, "en")]
    assert [color for _, _, color in plt.lines] == [GRAY, *colors[:2]]
    assert colors[2] == GRAY
    series_drawn = zip(plt.lines, (data.bound, data.rnn, data.lstm), strict=True)
    for (steps, values, _), series in series_drawn:
        np.testing.assert_array_equal(steps, data.steps)
        np.testing.assert_allclose(values, np.log10(series))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_lesson_names_the_plot_and_its_keys(lang):
    from tests.test_lessons_text import LESSONS_DIR

    text = (LESSONS_DIR / lang / "08-sequences.md").read_text(encoding="utf-8")
    assert '"bptt"' in text
    for key in ("`[`", "`]`", "`f`"):
        assert key in text
